"""The wheel ships the bundled org, and an installed raci runs on it from anywhere."""

from __future__ import annotations

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
