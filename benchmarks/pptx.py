"""Measure `raci export pptx` on synthetic orgs (benchmarks/generate.py's generator).

Cases (roles x activities, extra options):

- 2,000 x 100, the whole org: an overview and a slide per subtree;
- 100,000 x 500 with --depth 3: the top four layers only.

For each it reports the command end to end in a fresh process (median of --runs),
and in one process the check and the deck apart, with the slide count.

Usage: python benchmarks/pptx.py [--runs 1] [--cases 2000x100,100000x500:3]
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent
# This file is named like python-pptx: keep its folder off the import path, so that
# `import pptx` finds the library, and load the sibling helpers by their paths.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]


def _sibling(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, HERE / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


raci = _sibling("common").raci
generate = _sibling("generate").generate


def phases(org: Path, depth: int | None) -> tuple[float, float, int]:
    from raci.deck import DeckOptions
    from raci.deck.build import build_deck
    from raci.runner import CheckOptions, run_check

    start = time.perf_counter()
    report = run_check(CheckOptions(org))
    checked = time.perf_counter()
    _, result = build_deck(report, DeckOptions(depth=depth))
    return checked - start, time.perf_counter() - checked, result.slides


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--cases", default="2000x100,100000x500:3")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="raci-pptx-bench-") as tmp:
        for case in args.cases.split(","):
            size, _, depth_text = case.partition(":")
            roles, activities = (int(x) for x in size.split("x"))
            depth = int(depth_text) if depth_text else None
            org = generate(roles, activities, Path(tmp) / f"org-{roles}")
            extra = ["--depth", str(depth)] if depth is not None else []
            target = str(Path(tmp) / "deck.pptx")
            raci("check", str(org))  # warm the parse cache, as a second run would find it
            times = [
                raci("export", "pptx", str(org), "-o", target, *extra) for _ in range(args.runs)
            ]
            check, deck, slides = phases(org, depth)
            print(
                f"{roles:>7,} roles x {activities:,} activities"
                f"{f' --depth {depth}' if depth is not None else ''}: "
                f"export pptx {statistics.median(times):.2f} s end to end "
                f"(in process: check {check:.2f} s, deck {deck:.2f} s, {slides} slides)"
            )


if __name__ == "__main__":
    main()
