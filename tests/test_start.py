"""`raci --version` answers before click loads, in click's own words."""

from __future__ import annotations

import subprocess
import sys

from conftest import Cli

PROBE = """
import sys
sys.argv = ["raci", *sys.argv[1:]]
from raci.start import entry
entry()
print(sorted(m for m in ("click", "networkx", "pydantic", "raci.cli") if m in sys.modules))
"""


def run(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, check=True
    )
    return done.stdout


def test_version_alone_loads_no_click_and_says_what_click_says(cli: Cli) -> None:
    said = cli("--version").stdout
    assert said == "raci, version 0.1.0\n"
    assert run("--version") == said + "[]\n"
    assert run("-V") == said + "[]\n"


def test_anything_else_goes_to_the_command_line() -> None:
    out = run("--help")
    assert "Usage: raci" in out
    # click exits after --help, so the probe's last line never prints
    assert "[]" not in out
