"""Set up raci with its test tools and run the whole suite: lint, types, tests.

Usage: python3 scripts/test.py [pytest arguments]
The whole suite must keep the branch coverage floor (fail_under in pyproject.toml);
when the arguments pick some tests (paths, -k, -m, --lf, --deselect), the figure is
shown but not enforced.
Installs Graphviz, LibreOffice Calc and Impress and pdftoppm with the system package
manager where they are missing (diagram tests and the LibreOffice renderings need them).
"""

from __future__ import annotations

import sys

from _venv import BIN, ROOT, ensure_system_tools, ensure_venv, run, say

SELECTING = ("-k", "-m", "--lf", "--last-failed", "--deselect", "--sw", "--stepwise")


def picks_some_tests(args: list[str]) -> bool:
    """Whether pytest `args` run part of the suite (options like -q or -x do not)."""
    return any(
        arg.split("=")[0] in SELECTING
        or arg[:2] in ("-k", "-m")
        or (not arg.startswith("-") and (ROOT / arg.split("::")[0]).exists())
        for arg in args
    )


def main() -> None:
    ensure_venv("[test]")
    ensure_system_tools()
    say("ruff (lint and format)")
    run(BIN / "ruff", "check", "src", "tests", "benchmarks", "scripts")
    run(BIN / "ruff", "format", "--check", "src", "tests", "benchmarks", "scripts")
    say("mypy (src/ is typed throughout)")
    run(BIN / "mypy")
    say("pytest, with branch coverage (the floor is fail_under in pyproject.toml)")
    run(BIN / "coverage", "erase")
    # pytest exits 5 when no test ran: that is a failure here, like any non-zero code.
    run(BIN / "coverage", "run", "-m", "pytest", *sys.argv[1:])
    # Worker processes (the two-process parse, diff's sides) write their own data files.
    run(BIN / "coverage", "combine", "--quiet")
    if picks_some_tests(sys.argv[1:]):
        say("coverage (not held to the floor: only part of the suite ran)")
        run(BIN / "coverage", "report", "--fail-under=0")
    else:
        run(BIN / "coverage", "report")


if __name__ == "__main__":
    main()
