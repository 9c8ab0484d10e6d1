"""Measure `raci import org` on a synthetic HRIS export, and `raci stats` and
`raci diagram org --depth 3` on the org it produces.

Usage: python benchmarks/hris.py [--rows 100000] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import raci


def write_csv(rows: int, path: Path, seed: int = 5) -> Path:
    """A BambooHR-shaped export: ids, names, titles, departments, managers by id."""
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
        manager = "" if i == 0 else str(rng.randint(max(0, i // 7 - 3), max(0, i // 7)) + 1)
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="raci-hris-") as tmp:
        work = Path(tmp)
        os.environ["RACI_CACHE_DIR"] = str(work / "cache")
        csv = write_csv(args.rows, work / "hris.csv")
        out = work / "org"
        imports = [raci("import", "org", str(csv), "-o", str(out)) for _ in range(args.runs)]
        raci("check", str(out))  # fills the parse cache, as a first check would
        stats = [raci("stats", str(out)) for _ in range(args.runs)]
        diagram = [
            raci("diagram", "org", str(out), "--depth", "3", "-o", str(work / "o.svg"))
            for _ in range(args.runs)
        ]
        size = csv.stat().st_size / 1e6
        print(f"# {args.rows:,}-row HRIS CSV ({size:.1f} MB), medians of {args.runs} runs")
        print(f"raci import org              {statistics.median(imports):6.2f} s")
        print(f"raci stats                   {statistics.median(stats):6.2f} s")
        print(f"raci diagram org --depth 3   {statistics.median(diagram):6.2f} s")


if __name__ == "__main__":
    main()
