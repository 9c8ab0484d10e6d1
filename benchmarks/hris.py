"""Measure `raci import org` on a synthetic HRIS export, and `raci stats` and
`raci diagram org --depth 3` on the org it produces.

Usage: python benchmarks/hris.py [--rows 100000] [--runs 3] [--managers id|name]
                                 [--baseline OTHER_CHECKOUT/src] [--import-only]

`--baseline` times the import of another checkout too, in the same run on the same
file, so that two versions are compared on one machine at one moment.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import raci


def write_csv(rows: int, path: Path, seed: int = 5, managers: str = "id") -> Path:
    """A BambooHR-shaped export: ids, names, titles, departments, managers by id or by
    name ('Last, First', as BambooHR's Supervisor column writes it)."""
    rng = random.Random(seed)
    titles = [
        "Engineer",
        "Designer",
        "Analyst",
        "Account Executive",
        "Support Agent",
        "Product Manager",
        "Recruiter",
        "Accountant",
    ]
    lines = ["Employee Number,First Name,Last Name,Job Title,Department,Reports To,Work Email"]
    for i in range(rows):
        boss = 0 if i == 0 else rng.randint(max(0, i // 7 - 3), max(0, i // 7)) + 1
        manager = (
            ""
            if i == 0
            else (str(boss) if managers == "id" else f'"Last{boss - 1}, First{boss - 1}"')
        )
        title = (
            "Chief Executive Officer"
            if i == 0
            else (f"Manager {i}" if i < rows // 7 else rng.choice(titles))
        )
        lines.append(
            f"{i + 1},First{i},Last{i},{title},Dept {i % 40},{manager},person{i}@example.com"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def baseline(src: str, *args: str) -> float:
    """Seconds for one `raci ...` run from another checkout's source tree."""
    env = dict(os.environ, PYTHONPATH=src)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "raci", *args], capture_output=True, env=env)
    if done.returncode not in (0, 1):
        raise SystemExit(done.stderr.decode())
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--managers", choices=("id", "name"), default="id")
    parser.add_argument("--baseline", metavar="SRC", help="another checkout's src/ to compare")
    parser.add_argument("--import-only", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="raci-hris-") as tmp:
        work = Path(tmp)
        os.environ["RACI_CACHE_DIR"] = str(work / "cache")
        csv = write_csv(args.rows, work / "hris.csv", managers=args.managers)
        out = work / "org"
        size = csv.stat().st_size / 1e6
        print(
            f"# {args.rows:,}-row HRIS CSV ({size:.1f} MB, managers by {args.managers}), "
            f"medians of {args.runs} runs"
        )
        imports, before = [], []
        for _ in range(args.runs):  # interleaved, so that both see the same machine load
            imports.append(raci("import", "org", str(csv), "-o", str(out), "--force"))
            if args.baseline:
                before.append(
                    baseline(
                        args.baseline, "import", "org", str(csv), "-o", str(work / "b"), "--force"
                    )
                )
        if before:
            print(f"raci import org (baseline)   {statistics.median(before):6.2f} s")
        print(f"raci import org              {statistics.median(imports):6.2f} s")
        if args.import_only:
            return
        raci("check", str(out))  # fills the parse cache, as a first check would
        stats = [raci("stats", str(out)) for _ in range(args.runs)]
        diagram = [
            raci("diagram", "org", str(out), "--depth", "3", "-o", str(work / "o.svg"))
            for _ in range(args.runs)
        ]
        print(f"raci stats                   {statistics.median(stats):6.2f} s")
        print(f"raci diagram org --depth 3   {statistics.median(diagram):6.2f} s")


if __name__ == "__main__":
    main()
