"""Progress on long work: on a terminal only, on stderr only, never in CI or with -q."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from conftest import BUNDLED, TESTS, Cli

from raci import progress
from raci.imports import org as orgs
from raci.imports.tabular import read_table
from raci.runner import CheckOptions, run_check


class Terminal(io.StringIO):
    """What a person watches: a stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def shown(text: str) -> str:
    """The terminal's text without cursor codes and carriage returns."""
    return re.sub(r"\x1b\[\?25[hl]", "", text).replace("\r", "\n")


def test_a_check_on_a_terminal_shows_its_phases_on_stderr_and_ends_the_line() -> None:
    screen = Terminal()
    with progress.reporting(progress.TerminalProgress(screen, delay=0)):
        run_check(CheckOptions(BUNDLED))
    text = shown(screen.getvalue())
    assert "reading files" in text
    # Every phase advances to its end: linking (five passes and one step per 1,000
    # activities) and the rules, one step each.
    assert re.search(r"linking the org .*\b54/54\n", text)  # 5 passes, 49 activities
    assert re.search(r"checking rules .*\b(\d+)/\1\n", text)
    assert re.search(r"checking rules +\[#{36}\]", text)  # a full bar
    assert screen.getvalue().endswith("\n")  # what follows starts on a line of its own


def test_work_shorter_than_the_delay_prints_nothing() -> None:
    now = [0.0]
    screen = Terminal()
    bar = progress.TerminalProgress(screen, delay=2.0, clock=lambda: now[0])
    bar.phase("parsing files", total=4)
    bar.advance()
    assert screen.getvalue() == ""
    now[0] = 2.5  # a phase that outlives the delay is drawn with what it has done
    bar.advance()
    bar.close()
    assert "parsing files" in shown(screen.getvalue())
    assert "2/4" in shown(screen.getvalue())


def test_a_phase_of_unknown_length_shows_its_count() -> None:
    screen = Terminal()
    bar = progress.TerminalProgress(screen, delay=0)
    bar.phase("rows read")
    bar.advance(10_000)
    bar.close()
    assert "rows read" in shown(screen.getvalue())
    assert "10000" in shown(screen.getvalue())


def test_nothing_without_a_terminal_or_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    assert progress.for_terminal(io.StringIO()) is progress.SILENT  # a pipe or a file
    assert isinstance(progress.for_terminal(Terminal()), progress.TerminalProgress)
    monkeypatch.setenv("CI", "true")
    assert progress.for_terminal(Terminal()) is progress.SILENT


def test_the_library_is_silent_unless_a_reporter_is_installed() -> None:
    assert progress.current() is progress.SILENT
    run_check(CheckOptions(BUNDLED))
    assert progress.current() is progress.SILENT


def test_cli_on_a_pipe_prints_no_progress(cli: Cli) -> None:
    result = cli("check", str(BUNDLED), "-f", "json")
    assert "loading" not in result.stderr
    assert "checking rules" not in result.stderr


def test_cli_on_a_terminal_shows_progress_and_keeps_stdout(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    fixture = str(TESTS / "rules" / "authority-gap" / "fail.yaml")
    plain = cli("check", fixture, "-f", "json")
    monkeypatch.setattr(progress, "DELAY", 0.0)
    monkeypatch.setattr(progress, "on_terminal", lambda _stream: True)
    watched = cli("check", fixture, "-f", "json")
    assert watched.stdout == plain.stdout  # machine formats never change
    assert watched.exit_code == plain.exit_code
    assert "checking rules" in shown(watched.stderr)
    quiet = cli("check", fixture, "-q")
    assert quiet.stderr == ""


def test_an_org_import_reports_rows_read() -> None:
    screen = Terminal()
    table = read_table(TESTS / "hris" / "bamboohr.csv")
    with progress.reporting(progress.TerminalProgress(screen, delay=0)):
        result = orgs.read_org(table, {}, "bamboo")
    assert result.positions
    text = shown(screen.getvalue())
    assert "reading rows" in text
    assert "resolving managers" in text


def test_suggest_write_reports_the_files_it_writes(tmp_path: Path) -> None:
    from raci import suggest

    shutil.copytree(TESTS / "rules" / "no-accountable", tmp_path / "org")
    found = suggest.suggest(
        run_check(CheckOptions(tmp_path / "org" / "fail.yaml", select=suggest.RULES))
    )
    assert found
    screen = Terminal()
    with progress.reporting(progress.TerminalProgress(screen, delay=0)):
        suggest.write(found)
    assert "writing files  [####################################]  1/1" in shown(screen.getvalue())


def test_a_cold_load_reports_each_file_parsed(tmp_path: Path) -> None:
    shutil.copytree(BUNDLED, tmp_path / "org")
    screen = Terminal()
    with progress.reporting(progress.TerminalProgress(screen, delay=0)):
        run_check(CheckOptions(tmp_path / "org", use_cache=False))
    files = len(list((tmp_path / "org").rglob("*.yaml")))
    assert f"reading files  [####################################]  {files}/{files}" in shown(
        screen.getvalue()
    )
