"""Measure the other commands against a warm `raci check` of the same large org.

`raci diff` of two versions (one manager moved, as a re-org would), `raci stats`
and `raci diagram org --depth 3`, each in fresh processes with the parse cache
filled; wall and CPU seconds (user + system, from wait4), medians of several runs,
and each command's ratio to the warm check.

Usage: python benchmarks/commands.py [--roles 1000000] [--activities 10000] [--runs 3]
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import as_users_run, reorg, size_options
from common import raci_timed as run
from generate import generate


def median(runs: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def main() -> None:
    args = size_options(__doc__.splitlines()[0])
    as_users_run()
    with tempfile.TemporaryDirectory(prefix="raci-commands-") as tmp:
        os.environ["RACI_CACHE_DIR"] = str(Path(tmp) / "cache")
        old = generate(args.roles, args.activities, Path(tmp) / "old")
        new = reorg(old, Path(tmp) / "new")
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
