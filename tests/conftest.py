"""Shared fixtures: a clean environment per test and a CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from raci.cli import main

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
BUNDLED = ROOT / "org"
SEED = TESTS / "data" / "cpo-role-description.txt"  # a copy of shared/seed


@pytest.fixture(autouse=True)
def _isolated_env(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Run from the repo root, no colour forcing, no cache shared with the user."""
    monkeypatch.chdir(ROOT)
    for var in ("NO_COLOR", "FORCE_COLOR", "RACI_FORMAT", "GITHUB_ACTIONS", "CI"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("RACI_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.setenv("RACI_CACHE_KEY", "tests")  # no signing key written to the home folder


@pytest.fixture
def cli() -> Cli:
    return Cli()


class Cli:
    """Runs `raci ...` in-process, stdout and stderr kept apart."""

    def __call__(self, *args: str, env: dict[str, str] | None = None) -> Result:
        runner = CliRunner()
        return runner.invoke(main, list(args), env=env, catch_exceptions=False, prog_name="raci")


def write_org(folder: Path, files: dict[str, str]) -> Path:
    """Write a small org: {relative path: YAML text}."""
    for name, text in files.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return folder


def generate_org(roles: int, activities: int, out: Path, policies: bool = False) -> Path:
    """A synthetic org from benchmarks/generate.py (loaded by path: benchmarks/ on
    sys.path would shadow packages, its pptx.py among them)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("generate", ROOT / "benchmarks/generate.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    made: Path = module.generate(roles, activities, out, policies=policies)
    return made
