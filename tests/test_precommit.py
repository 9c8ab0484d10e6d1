"""The pre-commit hook, run through pre-commit's own `try-repo` on a sample repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

PRE_COMMIT = Path(sys.executable).parent / "pre-commit"


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.mark.skipif(not PRE_COMMIT.exists(), reason="pre-commit is not installed")
def test_hook_runs_through_pre_commit_try_repo(tmp_path: Path) -> None:
    sample = tmp_path / "sample"
    shutil.copytree(ROOT / "tests" / "rules" / "no-accountable", sample / "org")
    (sample / "org" / "fail.yaml").unlink()
    (sample / "org" / "fail.expected").unlink()
    git(sample, "init", "-q")
    git(sample, "add", ".")
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "RACI_CACHE_DIR": str(tmp_path / "raci-cache"),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    env.pop("GITHUB_ACTIONS", None)

    # pre-commit installs hooks from a git repository: a committed copy of this tree.
    source = tmp_path / "raci"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(
            ".git",
            ".venv",
            ".*_cache",
            ".hypothesis",
            "__pycache__",
            "exports",
            "*.egg-info",
            "build",
            "dist",
        ),
    )
    git(source, "init", "-q")
    git(source, "add", ".")
    subprocess.run(["git", "commit", "-qm", "snapshot"], cwd=source, env=env, check=True)

    def try_repo() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(PRE_COMMIT), "try-repo", str(source), "raci-check", "--all-files"],
            cwd=sample,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )

    clean = try_repo()
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "raci check" in clean.stdout
    assert "Passed" in clean.stdout

    broken = sample / "org" / "pass.yaml"
    broken.write_text(broken.read_text().replace("raci: {A: cpo, R: pm,", "raci: {R: pm,"))
    git(sample, "add", ".")
    failed = try_repo()
    assert failed.returncode == 1
    assert "Failed" in failed.stdout
    assert "activity 'roadmap' has no Accountable (A) role" in failed.stdout
