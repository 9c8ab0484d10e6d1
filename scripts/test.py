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
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

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
    # Its report, written when the session ends, proves the run was not cut short by a
    # process exit that skipped pytest's own (a stray os._exit(0) would pass).
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "pytest.xml"
        run(BIN / "coverage", "run", "-m", "pytest", f"--junitxml={report}", *sys.argv[1:])
        if not report.exists():
            sys.exit("pytest ended without its report: the run was cut short")
        suites = ET.parse(report).getroot().iter("testsuite")
        if sum(int(suite.get("tests", "0")) for suite in suites) == 0:
            sys.exit("pytest ran no tests")
    # Worker processes (the two-process parse, diff's sides) write their own data files.
    run(BIN / "coverage", "combine", "--quiet")
    if picks_some_tests(sys.argv[1:]):
        say("coverage (not held to the floor: only part of the suite ran)")
        run(BIN / "coverage", "report", "--fail-under=0")
    else:
        run(BIN / "coverage", "report")


if __name__ == "__main__":
    main()
