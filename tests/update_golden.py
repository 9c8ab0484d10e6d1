"""Golden files: compare output with the file; `UPDATE_GOLDEN=1` rewrites it and fails.

The failure after writing is deliberate: a regenerated golden file is always looked at
(`git diff`) before the test is run again and passes.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest


def updating() -> bool:
    return bool(os.environ.get("UPDATE_GOLDEN"))


def rewritten(path: Path) -> None:
    """Fail after `path` was rewritten, so that the new version is reviewed."""
    pytest.fail(f"UPDATE_GOLDEN: rewrote {path}; review `git diff`, then run without it")


def assert_golden(got: str, path: Path) -> None:
    """`got` is what `path` holds; with UPDATE_GOLDEN=1, write `got` there and fail."""
    if updating() and (not path.exists() or path.read_text(encoding="utf-8") != got):
        path.write_text(got, encoding="utf-8")
        rewritten(path)
    assert got == path.read_text(encoding="utf-8"), f"{path} differs: UPDATE_GOLDEN=1 rewrites it"
