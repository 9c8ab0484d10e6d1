"""The one base of every error raci raises for bad input or usage.

The library raises a `RaciError` subclass when a path, a file, an option or the
configuration cannot be used at all; the CLI catches `RaciError` (and `OSError`)
once, in the command group, prints the message and exits with `exit_code`.
Problems *in* the data are not errors: they are findings.
"""

from __future__ import annotations


class RaciError(Exception):
    """Something raci cannot work with: a usage, configuration or unreadable-input error."""

    exit_code: int = 2
