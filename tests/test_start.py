"""`raci --version` and `raci --help` answer before click loads, in click's own words."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
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


def test_without_help_txt_click_answers(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from raci import start

    monkeypatch.setattr(sys, "argv", ["raci", "--help"])
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setattr(start.os.path, "dirname", lambda _file: str(tmp_path))  # no help.txt
    with pytest.raises(SystemExit) as done:
        start.entry()
    assert done.value.code == 0
    out = capsys.readouterr().out  # click's, under pytest's program name
    assert out.splitlines()[1:] == top_help().splitlines()[1:]
