"""`python -m raci` is the `raci` command."""

from raci.cli import entry

entry()
