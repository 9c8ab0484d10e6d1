"""Measure `raci diff` of two versions of a large org against `raci check` of one.

The new version moves one manager (and so everything below it) to another manager
and changes a few letters, as a re-org would. Both runs in fresh processes, parse
cache filled, medians of several runs.

Usage: python benchmarks/diff.py [--roles 100000] [--activities 5000] [--runs 3]
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import as_users_run, raci, reorg, size_options
from generate import generate


def main() -> None:
    args = size_options(__doc__.splitlines()[0])
    as_users_run()
    with tempfile.TemporaryDirectory(prefix="raci-diff-") as tmp:
        os.environ["RACI_CACHE_DIR"] = str(Path(tmp) / "cache")
        old = generate(args.roles, args.activities, Path(tmp) / "old", policies=True)
        new = reorg(old, Path(tmp) / "new")
        raci("check", str(old))
        raci("check", str(new))  # both sides' files in the parse cache
        check = statistics.median(raci("check", str(new)) for _ in range(args.runs))
        diff = statistics.median(
            raci("diff", str(old), str(new), "-f", "json") for _ in range(args.runs)
        )
        print(
            f"# {args.roles:,} roles x {args.activities:,} activities, medians of "
            f"{args.runs} runs, parse cache filled"
        )
        print(f"raci check (one version)   {check:6.2f} s")
        print(f"raci diff (two versions)   {diff:6.2f} s = {diff / check:.2f} x check")


if __name__ == "__main__":
    main()
