"""Set up raci with its test tools and run the whole suite: lint, types, tests.

Usage: python3 scripts/test.py [pytest arguments]
Installs Graphviz, LibreOffice Calc and pdftoppm with the system package manager
where they are missing (diagram tests and the LibreOffice round trip need them).
"""

from __future__ import annotations

import sys

from _venv import BIN, ensure_system_tools, ensure_venv, run, say


def main() -> None:
    ensure_venv("[test]")
    ensure_system_tools()
    say("ruff (lint and format)")
    run(BIN / "ruff", "check", "src", "tests", "benchmarks", "scripts")
    run(BIN / "ruff", "format", "--check", "src", "tests", "benchmarks", "scripts")
    say("mypy (src/ is typed throughout)")
    run(BIN / "mypy")
    say("pytest")
    # pytest exits 5 when no test ran: that is a failure here, like any non-zero code.
    run(BIN / "python", "-m", "pytest", *sys.argv[1:])


if __name__ == "__main__":
    main()
