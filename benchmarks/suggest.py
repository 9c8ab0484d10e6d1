"""Measure `raci suggest --write` against `raci suggest` on an org with many fixes.

The synthetic org (benchmarks/generate.py) loses every activity's A, so each of its
activities gets a no-accountable finding with an edit (the manager of its R roles
becomes A): 5,000 edits over five files at the default size. Each run starts from a
fresh copy of the org, in a fresh process, with the parse cache filled; wall and CPU
seconds, medians of several runs.

Usage: python benchmarks/suggest.py [--roles 100000] [--activities 5000] [--runs 3]
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import as_users_run, size_options
from common import raci_timed as run
from generate import generate


def main() -> None:
    args = size_options(__doc__.splitlines()[0])
    as_users_run()
    with tempfile.TemporaryDirectory(prefix="raci-suggest-") as tmp:
        os.environ["RACI_CACHE_DIR"] = str(Path(tmp) / "cache")
        org = generate(args.roles, args.activities, Path(tmp) / "org")
        for path in org.glob("activities-*.yaml"):
            text = path.read_text(encoding="utf-8")
            path.write_text(re.sub(r"(?m)^      A: r\d+\n", "", text), encoding="utf-8")
        run("check", str(org))  # the parse cache filled, as for a second command
        plain = [run("suggest", str(org), "-f", "json") for _ in range(args.runs)]
        written = []
        for i in range(args.runs):
            copy = Path(tmp) / f"copy-{i}"
            shutil.copytree(org, copy)
            written.append(run("suggest", str(copy), "-f", "json", "--write"))
        left = subprocess.run(
            [sys.executable, "-m", "raci", "check", str(Path(tmp) / "copy-0"), "-f", "concise"],
            capture_output=True,
            text=True,
        ).stdout.count("no-accountable")
        wall, cpu = (statistics.median(x[k] for x in plain) for k in (0, 1))
        wall_w, cpu_w = (statistics.median(x[k] for x in written) for k in (0, 1))
        print(
            f"# {args.roles:,} roles x {args.activities:,} activities without A, "
            f"medians of {args.runs} runs, parse cache filled"
        )
        print(f"raci suggest           {wall:6.2f} s (CPU {cpu:.2f} s)")
        print(
            f"raci suggest --write   {wall_w:6.2f} s (CPU {cpu_w:.2f} s) = "
            f"{wall_w / wall:.2f} x (CPU {cpu_w / cpu:.2f} x)"
        )
        print(f"no-accountable findings left after --write: {left}")


if __name__ == "__main__":
    main()
