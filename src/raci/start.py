"""The `raci` program's entry point: `--version` and `--help` answered before the
command line loads.

Importing click and the command group costs several times Python's own start-up;
a version check (scripts, pre-commit, bug reports) needs neither, and the top-level
help is click's own text, generated into help.txt by `python -m raci.docs` (a test
keeps it equal to what click prints).
"""

from __future__ import annotations

import os
import sys
from typing import NoReturn

from raci import __version__


def _wide() -> bool:
    """True when click would lay help out 78 columns wide, as help.txt is: a terminal
    (or COLUMNS) of 80 columns or more, or no terminal at all."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit():
        return int(columns) >= 80
    try:
        stdout = sys.__stdout__.fileno()  # type: ignore[union-attr]  # None: no terminal
        return os.get_terminal_size(stdout).columns >= 80
    except (AttributeError, ValueError, OSError):
        return True  # shutil's fallback when there is no terminal: 80 columns


def entry() -> None:
    """`raci`: the version or the help at once when asked for alone, else the click group."""
    if sys.argv[1:] in (["--version"], ["-V"]):
        sys.stdout.write(f"raci, version {__version__}\n")  # click's own words
        return
    if sys.argv[1:] in (["--help"], ["-h"]) and _wide():
        try:
            with open(os.path.join(os.path.dirname(__file__), "help.txt"), encoding="utf-8") as f:
                text = f.read()
        except OSError:  # not installed with the package: click says it
            text = ""
        if text:
            sys.stdout.write(text)
            return
    from raci.cli import entry as command_line

    command_line()


def program() -> NoReturn:
    """The `raci` program (the console script, `python -m raci`): `entry`, then an exit
    that does not free what the command built (`raci.speed.exit_now`): freeing a
    large org object by object took a tenth of a warm check. Tests call `entry`."""
    from raci import speed

    speed.skip_teardown()
    try:
        entry()
    except SystemExit as done:
        speed.exit_now(done.code)
    speed.exit_now(0)
