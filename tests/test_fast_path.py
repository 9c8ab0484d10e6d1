"""The check's fast path (no networkx graph built while loading) gives byte-identical
JSON findings to the careful path (the graph built before the rules run, as it was),
for every fixture under tests/rules/ and the bundled org."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BUNDLED, TESTS

import raci
from raci.report import FORMATS, Style
from raci.runner import load_org

FIXTURES = [*sorted((TESTS / "rules").glob("*/*.yaml")), BUNDLED]


def findings_json(path: Path, careful: bool) -> str:
    org, config = load_org(path, use_cache=False, isolated=path.stem.endswith("-defaults"))
    assert org.graph is None  # loading builds no networkx graph
    if careful:
        graph = raci.build_graph(org)
        assert graph.number_of_nodes() >= len(org.roles)
    return FORMATS["json"](raci.check(org, config), Style())


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fast_and_careful_paths_give_the_same_bytes(path: Path) -> None:
    fast = findings_json(path, careful=False)
    assert fast == findings_json(path, careful=True)
    assert '"findings"' in fast


def test_a_check_imports_no_networkx() -> None:
    probe = (
        "import sys; from raci.runner import check_path; r = check_path('org'); "
        "print(len(r.findings) >= 0, 'networkx' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=TESTS.parent
    )
    assert done.stdout == "True False\n"
