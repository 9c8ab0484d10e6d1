"""The `raci` program's entry point: `raci --version` answered before the command line loads.

Importing click and the command group costs several times Python's own start-up;
a version check (scripts, pre-commit, bug reports) needs neither.
"""

from __future__ import annotations

import sys

from raci import __version__


def entry() -> None:
    """`raci`: the version at once for `--version`/`-V` alone, else the click group."""
    if sys.argv[1:] in (["--version"], ["-V"]):
        sys.stdout.write(f"raci, version {__version__}\n")  # click's own words
        return
    from raci.cli import entry as command_line

    command_line()
