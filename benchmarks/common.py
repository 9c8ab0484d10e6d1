"""Helpers the benchmark scripts share."""

from __future__ import annotations

import argparse
import subprocess
import sys
import time


def raci(*args: str) -> float:
    """Seconds for one `raci ...` in a fresh process; stops on exit codes above 1."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "raci", *args], capture_output=True)
    if done.returncode not in (0, 1):
        raise SystemExit(done.stderr.decode())
    return time.perf_counter() - start


def size_options(description: str) -> argparse.Namespace:
    """--roles, --activities and --runs, as the one-size benchmarks take them."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--roles", type=int, default=100_000)
    parser.add_argument("--activities", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=3)
    return parser.parse_args()
