"""Helpers the benchmark scripts share."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path


def raci(*args: str) -> float:
    """Seconds for one `raci ...` in a fresh process; stops on exit codes above 1."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "raci", *args], capture_output=True)
    if done.returncode not in (0, 1):
        raise SystemExit(done.stderr.decode())
    return time.perf_counter() - start


def as_users_run() -> None:
    """Run raci as a user's machine does, with its bytecode cached: an environment
    with PYTHONDONTWRITEBYTECODE set (this one has it) makes every run compile
    raci's sources again, about 0.1 s of each start-up."""
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    import compileall

    compileall.compile_dir(Path(__file__).resolve().parent.parent / "src", quiet=1)


def raci_timed(*args: str) -> tuple[float, float]:
    """Wall and CPU seconds (user + system, from wait4) of one `raci ...` in a fresh
    process; stops on exit codes above 1."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "raci", *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    err = proc.stderr.read() if proc.stderr else b""
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(err.decode())
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime


def reorg(old: Path, new: Path) -> Path:
    """A copy of a generated org in which one manager (and everybody below) moves
    under another, as a re-org would."""
    shutil.copytree(old, new)
    roles = new / "roles-000.yaml"
    text = roles.read_text(encoding="utf-8")
    roles.write_text(
        text.replace(
            "  - id: r9\n    title: Role 9\n    reports_to: r1\n",
            "  - id: r9\n    title: Role 9\n    reports_to: r2\n",
        ),
        encoding="utf-8",
    )
    return new


def size_options(description: str) -> argparse.Namespace:
    """--roles, --activities and --runs, as the one-size benchmarks take them."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--roles", type=int, default=100_000)
    parser.add_argument("--activities", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=3)
    return parser.parse_args()
