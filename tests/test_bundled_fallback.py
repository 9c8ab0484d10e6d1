"""No PATH and no ./org: raci works on its bundled example org, and says so.

Outside CI a note on stderr names the example and how to check your own org (stdout
stays what it would be for the same org given by path); in CI (`CI` set) the fallback
is refused with exit 2, so a job run in the wrong folder cannot pass on the example.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import raci
from raci.paths import LoadError, bundled_org_path, in_ci
from tests.conftest import BUNDLED, Cli

NOTE = (
    "raci: note: no PATH given and no ./org folder here, so this is raci's bundled example "
    f"org 'Lumen Software' ({BUNDLED.as_posix()}), not yours; pass your org's folder as PATH\n"
)
SUMMARY = (
    f"raci: checked 'Lumen Software' (bundled org at {BUNDLED.as_posix()}: 12 files, 41 roles, "
    "39 activities, 10 areas): 0 errors, 2 warnings, 1 info (4 suppressed)\n"
)


@pytest.fixture
def elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder with no org/ in it."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def refused(where: Path) -> str:
    return (
        f"raci: error: no PATH given and no ./org folder in {where.resolve().as_posix()}; in CI "
        "raci does not fall back to its bundled example org: pass your org's folder as PATH\n"
    )


@pytest.mark.usefixtures("elsewhere")
def test_check_notes_the_bundled_org_on_stderr(cli: Cli) -> None:
    result = cli("check")
    assert result.exit_code == 0
    assert result.stderr == NOTE + SUMMARY


@pytest.mark.usefixtures("elsewhere")
@pytest.mark.parametrize("fmt", ["json", "sarif", "junit", "concise", "text"])
def test_stdout_is_what_the_same_org_by_path_prints(cli: Cli, fmt: str) -> None:
    fallback = cli("check", "-f", fmt)
    explicit = cli("check", str(BUNDLED), "-f", fmt)
    assert fallback.stdout == explicit.stdout
    assert "raci: note" not in fallback.stdout
    assert "raci: note" not in explicit.stderr


@pytest.mark.usefixtures("elsewhere")
def test_quiet_prints_nothing(cli: Cli) -> None:
    result = cli("check", "-q")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


@pytest.mark.usefixtures("elsewhere")
@pytest.mark.parametrize(
    "args",
    [
        ("stats",),
        ("stats", "-f", "json"),
        ("show", "define-product-vision"),
        ("why", "define-product-vision", "cpo"),
        ("suggest",),
        ("diagram", "org", "-f", "dot"),
    ],
)
def test_every_command_notes_the_bundled_org(cli: Cli, args: tuple[str, ...]) -> None:
    result = cli(*args)
    assert result.exit_code in (0, 1)  # suggest exits 1: the example has suggestions
    assert result.stderr.startswith(NOTE)
    assert "raci: note" not in result.stdout


@pytest.mark.usefixtures("elsewhere")
def test_export_notes_the_bundled_org(cli: Cli) -> None:
    result = cli("export", "xlsx", "-o", "raci.xlsx")
    assert result.exit_code == 0
    assert result.stderr == NOTE + "raci: wrote raci.xlsx (39 activities, 3 findings)\n"


def test_a_local_org_or_a_path_gets_no_note(cli: Cli, elsewhere: Path) -> None:
    assert "raci: note" not in cli("check", str(BUNDLED)).stderr
    shutil.copytree(BUNDLED, elsewhere / "org")
    assert "raci: note" not in cli("check").stderr


@pytest.mark.parametrize("value", ["true", "1", "yes", "True"])
def test_in_ci_the_fallback_is_an_error(cli: Cli, elsewhere: Path, value: str) -> None:
    result = cli("check", "-f", "json", env={"CI": value})
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == refused(elsewhere)


@pytest.mark.parametrize("args", [("check", "-q"), ("stats",), ("export", "xlsx")])
def test_in_ci_every_command_refuses_the_fallback(
    cli: Cli, elsewhere: Path, args: tuple[str, ...]
) -> None:
    result = cli(*args, env={"CI": "true"})
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", refused(elsewhere))
    assert not (elsewhere / "exports").exists()


@pytest.mark.usefixtures("elsewhere")
@pytest.mark.parametrize("value", ["", "false", "0", "no"])
def test_ci_set_to_no_is_not_ci(cli: Cli, value: str) -> None:
    result = cli("check", env={"CI": value})
    assert result.exit_code == 0
    assert result.stderr == NOTE + SUMMARY


def test_in_ci_a_path_or_a_local_org_is_checked(cli: Cli, elsewhere: Path) -> None:
    by_path = cli("check", str(BUNDLED), env={"CI": "true"})
    assert by_path.exit_code == 0
    assert "raci: note" not in by_path.stderr
    shutil.copytree(BUNDLED, elsewhere / "org")
    local = cli("check", env={"CI": "true"})
    assert local.exit_code == 0
    assert local.stderr.startswith("raci: checked 'Lumen Software' (org: 12 files")


def test_library_falls_back_outside_ci_and_refuses_in_ci(
    elsewhere: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert not in_ci()
    assert raci.load().bundled
    assert raci.check_path().org.source == bundled_org_path()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(LoadError) as caught:
        raci.check_path()
    assert f"{caught.value}\n" == refused(elsewhere).removeprefix("raci: error: ")
    assert raci.load(bundled_org_path()).name == "Lumen Software"  # by path: no refusal
