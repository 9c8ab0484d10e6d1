"""`raci --version` and `raci --help` answer before click loads, in click's own words."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import Cli

from raci.docs import HELP, top_help

PROBE = """
import sys
sys.argv = ["raci", *sys.argv[1:]]
from raci.start import entry
entry()
print(sorted(m for m in ("click", "networkx", "pydantic", "raci.cli") if m in sys.modules))
"""


def run(*args: str, columns: str = "") -> str:
    env = {**os.environ, "COLUMNS": columns} if columns else os.environ.copy()
    if not columns:
        env.pop("COLUMNS", None)
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, check=True, env=env
    )
    return done.stdout


def test_version_alone_loads_no_click_and_says_what_click_says(cli: Cli) -> None:
    said = cli("--version").stdout
    assert said == "raci, version 0.1.0\n"
    assert run("--version") == said + "[]\n"
    assert run("-V") == said + "[]\n"


def test_help_alone_loads_no_click_and_is_what_click_prints() -> None:
    said = top_help()
    assert said.startswith("Usage: raci [OPTIONS] COMMAND [ARGS]...")
    assert HELP.read_text(encoding="utf-8") == said, "help.txt is stale: run python -m raci.docs"
    assert run("--help") == said + "[]\n"  # no terminal: click would use 80 columns
    assert run("-h", columns="120") == said + "[]\n"


def test_a_narrow_terminal_gets_clicks_own_layout() -> None:
    out = run("--help", columns="60")
    assert out.startswith("Usage: raci")
    assert out != top_help()
    assert "[]" not in out  # click exits after --help: the probe's last line never prints


def test_anything_else_goes_to_the_command_line() -> None:
    out = run("check", "--help")
    assert "Usage: raci check" in out
    assert "[]" not in out
