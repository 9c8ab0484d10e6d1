"""The parse cache: used when content matches, never stale, safe when damaged."""

from __future__ import annotations

from pathlib import Path

import pytest

import raci
from raci import cache
from raci.parse import parse_text
from tests.conftest import write_org

ORG = "roles:\n  - {id: ceo, title: CEO}\n"


def entries(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.pickle"))


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    where = tmp_path / "cache"
    monkeypatch.setenv("RACI_CACHE_DIR", str(where))
    return where


def test_a_warm_load_uses_the_cache(
    tmp_path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_org(tmp_path / "org", {"org.yaml": ORG})
    cold = raci.load(tmp_path / "org")
    assert len(entries(folder)) == 1

    def no_parsing(_content: bytes) -> None:
        raise AssertionError("parsed although the cache had the file")

    monkeypatch.setattr("raci.loader.parse_bytes", no_parsing)
    warm = raci.load(tmp_path / "org")
    assert list(warm.roles) == list(cold.roles) == ["ceo"]
    assert warm.roles["ceo"].loc() == cold.roles["ceo"].loc()


def test_changed_content_is_parsed_again(tmp_path: Path, folder: Path) -> None:
    write_org(tmp_path / "org", {"org.yaml": ORG})
    raci.load(tmp_path / "org")
    write_org(tmp_path / "org", {"org.yaml": ORG.replace("CEO", "Chief Executive")})
    assert raci.load(tmp_path / "org").roles["ceo"].title == "Chief Executive"
    assert len(entries(folder)) == 2


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x05K\x01."])
def test_a_damaged_entry_is_discarded(tmp_path: Path, folder: Path, damage: bytes) -> None:
    write_org(tmp_path / "org", {"org.yaml": ORG})
    raci.load(tmp_path / "org")
    (entry,) = entries(folder)
    entry.write_bytes(damage)  # b"\x80\x05K\x01." is a valid pickle of the wrong type
    assert raci.load(tmp_path / "org").roles["ceo"].title == "CEO"
    assert cache.get(folder, ORG.encode()) is not None  # rewritten, good again


def test_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RACI_NO_CACHE", "1")
    assert cache.cache_dir() is None
    cache.put(None, b"x", parse_text("a: 1"))  # a no-op, not an error


def test_an_unwritable_cache_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("RACI_CACHE_DIR", str(blocker))
    write_org(tmp_path / "org", {"org.yaml": ORG})
    assert list(raci.load(tmp_path / "org").roles) == ["ceo"]


def test_cli_no_cache_flag_writes_nothing(tmp_path: Path, folder: Path) -> None:
    from click.testing import CliRunner

    from raci.cli import main

    write_org(tmp_path / "org", {"org.yaml": ORG})
    result = CliRunner().invoke(main, ["check", "--no-cache", str(tmp_path / "org")])
    assert result.exit_code == 0
    assert entries(folder) == []


@pytest.mark.usefixtures("folder")
def test_large_orgs_parse_in_two_processes_with_the_same_result(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from raci import loader

    monkeypatch.setenv("RACI_NO_CACHE", "1")
    serial = raci.load("org")
    monkeypatch.setattr(loader, "PARALLEL_BYTES", 0)  # every org is 'large' now
    pools: list[object] = []

    class Spy(loader.ProcessPoolExecutor):  # type: ignore[misc]
        def __init__(self, *args: object, **kwargs: object) -> None:
            pools.append(self)
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(loader, "ProcessPoolExecutor", Spy)
    parallel = raci.load("org")
    assert len(pools) == 1
    assert [a.__dict__ for a in parallel.activities.values()] == [
        a.__dict__ for a in serial.activities.values()
    ]
    assert parallel.assignments == serial.assignments
    assert [p.message for p in parallel.problems] == [p.message for p in serial.problems]
    assert parallel.suppressions == serial.suppressions
