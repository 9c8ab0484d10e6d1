"""Measure the other commands against a warm `raci check` of the same large org.

`raci diff` of two versions (one manager moved, as a re-org would), `raci stats`
and `raci diagram org --depth 3`, each in fresh processes with the parse cache
filled; wall and CPU seconds (user + system, from wait4), medians of several runs,
and each command's ratio to the warm check.

Usage: python benchmarks/commands.py [--roles 1000000] [--activities 10000] [--runs 3]
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import size_options
from generate import generate


def run(*args: str) -> tuple[float, float]:
    """Wall and CPU seconds of one `raci ...`; stops on exit codes above 1."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "raci", *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    err = proc.stderr.read() if proc.stderr else b""
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(err.decode())
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime


def median(runs: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def main() -> None:
    args = size_options(__doc__.splitlines()[0])
    with tempfile.TemporaryDirectory(prefix="raci-commands-") as tmp:
        os.environ["RACI_CACHE_DIR"] = str(Path(tmp) / "cache")
        old = generate(args.roles, args.activities, Path(tmp) / "old")
        new = Path(tmp) / "new"
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
        run("check", str(old))
        run("check", str(new))  # both versions' files in the parse cache
        out = str(Path(tmp) / "org.svg")
        measured = {
            "raci check (warm)": ["check", str(new), "-f", "json"],
            "raci diff OLD NEW": ["diff", str(old), str(new), "-f", "json"],
            "raci stats": ["stats", str(new), "-f", "json"],
            "raci diagram org --depth 3": ["diagram", "org", str(new), "--depth", "3", "-o", out],
        }
        results = {
            name: median([run(*command) for _ in range(args.runs)])
            for name, command in measured.items()
        }
    check_wall, check_cpu = results["raci check (warm)"]
    print(
        f"# {args.roles:,} roles x {args.activities:,} activities, medians of {args.runs} "
        "runs, parse cache filled"
    )
    for name, (wall, cpu) in results.items():
        print(
            f"{name:28} {wall:7.2f} s = {wall / check_wall:4.2f} x check"
            f"   (CPU {cpu:7.2f} s = {cpu / check_cpu:4.2f} x)"
        )


if __name__ == "__main__":
    main()
