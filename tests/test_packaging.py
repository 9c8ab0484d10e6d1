"""The wheel ships the bundled org, and an installed raci runs on it from anywhere."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "-w",
            str(out),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    (built,) = out.glob("raci-*.whl")
    return built


def test_wheel_contains_the_bundled_org(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    org_files = sorted(n for n in names if n.startswith("raci/bundled_org/"))
    repo_files = sorted(
        "raci/bundled_org/" + p.relative_to(ROOT / "org").as_posix()
        for p in (ROOT / "org").rglob("*.yaml")
    )
    assert org_files == repo_files
    assert "raci/py.typed" in names
    assert "raci/help.txt" in names  # `raci --help` before click loads


def test_installed_raci_help_is_clicks_help(site: Path, tmp_path: Path) -> None:
    from raci.docs import top_help

    done = run_installed(site, tmp_path, "-m", "raci", "--help")
    assert done.stdout == top_help()


def test_installed_raci_checks_the_bundled_org_outside_a_project(
    wheel: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site), "RACI_NO_CACHE": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "raci", "check"], cwd=work, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert f"bundled org at {(site / 'raci' / 'bundled_org').as_posix()}" in done.stderr
    assert "'Lumen Software'" in done.stderr


@pytest.fixture(scope="module")
def site(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel unpacked where only PYTHONPATH points: raci as a user installs it."""
    out = tmp_path_factory.mktemp("site")
    zipfile.ZipFile(wheel).extractall(out)
    return out


def run_installed(site: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(site), "RACI_NO_CACHE": "1"}
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


HEAVY = ("networkx", "pydantic", "yaml", "click")


def test_import_raci_and_version_import_no_engine(site: Path, tmp_path: Path) -> None:
    probe = (
        "import sys, raci; "
        f"print(raci.__file__, sorted({{m.split('.')[0] for m in sys.modules}} & {set(HEAVY)!r}))"
    )
    done = run_installed(site, tmp_path, "-c", probe)
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"{site / 'raci' / '__init__.py'} []\n"
    done = run_installed(site, tmp_path, "-X", "importtime", "-m", "raci", "--version")
    assert (done.returncode, done.stdout) == (0, "raci, version 0.1.0\n")
    imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()}
    assert "raci.start" in imported
    assert "click" not in imported  # --version is answered before the command line loads
    assert not {m for m in imported if m.split(".")[0] in ("networkx", "pydantic")}


def test_the_library_call_does_what_the_command_does(site: Path, tmp_path: Path) -> None:
    """The folder's raci.toml counts from Python as from the command line."""
    (tmp_path / "org").mkdir()
    (tmp_path / "org" / "org.yaml").write_text(
        (ROOT / "tests" / "rules" / "no-accountable" / "fail.yaml").read_text(encoding="utf-8")
    )
    (tmp_path / "raci.toml").write_text('ignore = ["no-accountable"]\nfail-on = "warning"\n')
    probe = (
        "import json, raci; r = raci.check_path('org'); "
        "print(json.dumps([r.failed, sorted(f.rule for f in r.findings)])); "
        "print(json.dumps(sorted(f.rule for f in raci.check(raci.load('org')).findings)))"
    )
    done = run_installed(site, tmp_path, "-c", probe)
    assert done.returncode == 0, done.stderr
    library, bare = (json.loads(line) for line in done.stdout.splitlines())
    command = run_installed(site, tmp_path, "-m", "raci", "check", "org", "-f", "json")
    rules = sorted(f["rule"] for f in json.loads(command.stdout)["findings"])
    assert library == [command.returncode == 1, rules]
    assert "no-accountable" not in rules
    assert "no-accountable" in bare  # load + check alone read no configuration
