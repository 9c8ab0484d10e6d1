"""The repository's habits hold: the check path stays light, the version lives once,
the pre-commit configuration runs the same tools as scripts/test.py."""

from __future__ import annotations

import subprocess
import sys
import tomllib

import yaml

import raci
from tests.conftest import ROOT

HEAVY = ("openpyxl", "graphviz", "ruamel", "python_calamine", "pptx")


def test_raci_check_imports_no_heavy_library() -> None:
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from raci.cli import main\n"
        "result = CliRunner().invoke(main, ['check', 'org'])\n"
        "assert result.exit_code == 0, result.output\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"


def test_the_version_lives_in_one_place() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "version" not in project
    assert project["dynamic"] == ["version"]
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## [{raci.__version__}] - " in changelog


def test_pre_commit_runs_the_test_command_tools_and_raci_on_org() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert {"ruff", "ruff-format", "mypy", "raci-check"} <= set(hooks)
    assert hooks["raci-check"]["entry"] == "raci check org"


def test_python_m_raci_is_the_raci_command() -> None:
    """In its own process: `python -m raci` ends that process (raci.start.program)."""
    version = subprocess.run([sys.executable, "-m", "raci", "--version"], capture_output=True)
    assert (version.returncode, version.stdout) == (
        0,
        f"raci, version {raci.__version__}\n".encode(),
    )
    rule = subprocess.run([sys.executable, "-m", "raci", "rule", "ACT001"], capture_output=True)
    assert rule.returncode == 0
    assert b"ACT001" in rule.stdout
