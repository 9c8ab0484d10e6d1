"""Helpers the benchmark scripts share."""

from __future__ import annotations

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
