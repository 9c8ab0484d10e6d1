"""`python -m raci` is the `raci` command."""

from raci.start import program

program()
