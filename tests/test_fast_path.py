"""The check's fast paths give byte-identical JSON findings to the careful paths, for
every fixture under tests/rules/, the bundled org and a small generated org: loading
builds no networkx graph (the careful path builds it before the rules run, as it
was), and a plain section is validated in one pydantic call (the careful path
validates entity by entity)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import BUNDLED, TESTS, generate_org

import raci
from raci.report import FORMATS, Style
from raci.runner import load_org
from raci.validate import Reader

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


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    out = tmp_path_factory.mktemp("generated")
    return [
        generate_org(300, 60, out / "plain"),
        generate_org(300, 60, out / "policies", policies=True),
    ]


def findings_bulk(path: Path, bulk: bool, monkeypatch: pytest.MonkeyPatch) -> tuple[str, int]:
    """JSON findings, with or without the one-call validation of plain sections; and
    how many sections took it."""
    taken = []
    plain = Reader._read_plain_section

    def spy(self: Reader, *args: Any) -> bool:
        done = bulk and plain(self, *args)
        taken.append(done)
        return done

    with monkeypatch.context() as patch:
        patch.setattr(Reader, "_read_plain_section", spy)
        findings = findings_json(path, careful=False)
    return findings, sum(taken)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_bulk_and_per_entity_validation_give_the_same_bytes(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert findings_bulk(path, True, monkeypatch)[0] == findings_bulk(path, False, monkeypatch)[0]


def test_bulk_validation_is_taken_and_same_on_generated_orgs(
    generated: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    for org in generated:
        bulk, taken = findings_bulk(org, True, monkeypatch)
        assert taken >= 3  # roles, people, activities
        assert bulk == findings_bulk(org, False, monkeypatch)[0]


def test_bulk_validation_is_taken_on_the_bundled_org(monkeypatch: pytest.MonkeyPatch) -> None:
    assert findings_bulk(BUNDLED, True, monkeypatch)[1] > 0


def test_a_check_imports_no_networkx() -> None:
    probe = (
        "import sys; from raci.runner import check_path; r = check_path('org'); "
        "print(len(r.findings) >= 0, 'networkx' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=TESTS.parent
    )
    assert done.stdout == "True False\n"
