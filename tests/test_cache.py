"""The parse cache: used when content matches, never stale, safe when damaged or planted."""

from __future__ import annotations

from pathlib import Path

import pytest

import raci
from raci import cache
from raci.parse import parse_text
from tests.conftest import write_org

ORG = "roles:\n  - {id: ceo, title: CEO}\n"


def entries(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.json"))


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    where = tmp_path / "cache"
    monkeypatch.setenv("RACI_CACHE_DIR", str(where))
    monkeypatch.setattr(cache, "key_path", lambda: tmp_path / "data" / "cache.key")
    monkeypatch.delenv("RACI_CACHE_KEY")
    return where


def test_a_warm_load_uses_the_cache(
    tmp_path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_org(tmp_path / "org", {"org.yaml": ORG})
    cold = raci.load(tmp_path / "org")
    assert len(entries(folder)) == 1

    def no_parsing(_content: bytes) -> None:
        raise AssertionError("parsed although the cache had the file")

    monkeypatch.setattr("raci.reading.parse_bytes", no_parsing)
    warm = raci.load(tmp_path / "org")
    assert list(warm.roles) == list(cold.roles) == ["ceo"]
    assert warm.roles["ceo"].loc() == cold.roles["ceo"].loc()


def test_changed_content_is_parsed_again(tmp_path: Path, folder: Path) -> None:
    write_org(tmp_path / "org", {"org.yaml": ORG})
    raci.load(tmp_path / "org")
    write_org(tmp_path / "org", {"org.yaml": ORG.replace("CEO", "Chief Executive")})
    assert raci.load(tmp_path / "org").roles["ceo"].title == "Chief Executive"
    assert len(entries(folder)) == 2


@pytest.mark.parametrize(
    "damage",
    [b"", b"not json", b"\x80\x05K\x01.", b"0" * 64 + b"\n[null,[1,1,null],[],[]]", b"\n" * 3],
)
def test_a_damaged_entry_is_discarded(tmp_path: Path, folder: Path, damage: bytes) -> None:
    write_org(tmp_path / "org", {"org.yaml": ORG})
    raci.load(tmp_path / "org")
    (entry,) = entries(folder)
    entry.write_bytes(damage)
    assert raci.load(tmp_path / "org").roles["ceo"].title == "CEO"
    assert cache.get(folder, ORG.encode()) is not None  # rewritten, good again


def test_a_planted_pickle_never_runs(tmp_path: Path, folder: Path) -> None:
    """An entry that would run code if unpickled is only ever read as (bad) JSON."""
    import pickle

    marker = tmp_path / "pwned"

    class Payload:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (marker.write_text, ("ran",))

    write_org(tmp_path / "org", {"org.yaml": ORG})
    raci.load(tmp_path / "org")
    (entry,) = entries(folder)
    blob = pickle.dumps(Payload())
    entry.write_bytes(blob)
    entry.with_suffix(".pickle").write_bytes(blob)  # where the old cache looked
    assert list(raci.load(tmp_path / "org").roles) == ["ceo"]
    assert not marker.exists()


def test_a_forged_entry_cannot_change_results(tmp_path: Path, folder: Path) -> None:
    """Valid JSON of another file's parse, under this file's name: refused, parsed again."""
    other = "roles:\n  - {id: mallory, title: Intruder}\n"
    write_org(tmp_path / "org", {"org.yaml": other})
    raci.load(tmp_path / "org")
    (forged,) = entries(folder)
    write_org(tmp_path / "org", {"org.yaml": ORG})
    raci.load(tmp_path / "org")
    (real,) = [e for e in entries(folder) if e != forged]
    real.write_bytes(forged.read_bytes())  # signed, but for other content
    assert list(raci.load(tmp_path / "org").roles) == ["ceo"]
    body = forged.read_bytes().partition(b"\n")[2]
    real.write_bytes(b"f" * 64 + b"\n" + body)  # unsigned
    assert list(raci.load(tmp_path / "org").roles) == ["ceo"]


def test_an_entry_signed_with_another_key_is_not_trusted(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cache restored from another machine or job: every entry is parsed again."""
    monkeypatch.setenv("RACI_CACHE_KEY", "their key")
    assert cache.put(folder, ORG.encode(), parse_text("roles: []")) is None
    assert cache.get(folder, ORG.encode()) is not None
    monkeypatch.setenv("RACI_CACHE_KEY", "our key")
    assert cache.get(folder, ORG.encode()) is None
    assert entries(folder) == []  # and the foreign entry is dropped


def test_the_key_is_kept_outside_the_cache_and_private(tmp_path: Path, folder: Path) -> None:
    write_org(tmp_path / "org", {"org.yaml": ORG})
    raci.load(tmp_path / "org")
    key = tmp_path / "data" / "cache.key"
    assert key.stat().st_mode & 0o777 == 0o600
    assert len(key.read_bytes()) == cache.KEY_BYTES
    assert not any(p.name == "cache.key" for p in folder.rglob("*"))
    key.write_bytes(b"short")  # damaged: a new key is made, entries re-parsed
    cache._keys.clear()
    assert list(raci.load(tmp_path / "org").roles) == ["ceo"]
    assert len(key.read_bytes()) == cache.KEY_BYTES
    assert sorted(p.name for p in key.parent.iterdir()) == ["cache.key"]


def test_a_new_raci_version_does_not_read_old_entries(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache.put(folder, ORG.encode(), parse_text(ORG))
    assert cache.get(folder, ORG.encode()) is not None
    monkeypatch.setattr(cache, "__version__", "99.0")
    assert cache.get(folder, ORG.encode()) is None


@pytest.mark.parametrize(("depth", "cached"), [(200, 1), (900, 0)])
def test_deep_data_loads_and_is_simply_not_cached_when_too_deep(
    tmp_path: Path, folder: Path, depth: int, cached: int
) -> None:
    """Deeper than JSON's encoder goes: parsed every time, never a RecursionError.

    (Past about 1,000 levels libyaml itself refuses: a syntax-error, see test_load.)
    """
    write_org(tmp_path / "org", {"org.yaml": "x: " + "[" * depth + "]" * depth + "\n"})
    for _ in range(2):
        org = raci.load(tmp_path / "org")
        assert [p.message for p in org.problems] == ["unknown top-level key 'x'"]
    assert len(entries(folder)) == cached


def test_cached_and_fresh_parses_agree() -> None:
    text = "a: [1, 2.5, true, null, text]  # raci: ignore[vacant-role] why\nb: {c: d}\n"
    fresh = parse_text(text)
    back = cache.decode(cache.encode(fresh) or b"")
    assert back is not None
    assert back.data == fresh.data
    assert back.suppressions == fresh.suppressions
    assert back.problems == fresh.problems


BIG = "{n: 123456789012345678901234567890}"


def test_large_integers_come_back_from_the_cache_exact(tmp_path: Path, folder: Path) -> None:
    """The careful parse's entries are read with the json module, which keeps an
    integer over 64 bits (orjson, which reads the fast path's, makes it a float)."""
    write_org(
        tmp_path / "org", {"org.yaml": f"roles:\n  - {{id: ceo, title: C, attributes: {BIG}}}\n"}
    )
    for _ in range(2):  # cold, then from the cache
        org = raci.load(tmp_path / "org")
        assert org.roles["ceo"].attributes == {"n": 123456789012345678901234567890}
    assert len(entries(folder)) == 1


def test_entries_are_written_without_waiting_for_the_disk(
    tmp_path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No fsync per entry (a cold check of a large org waited seconds for it): an
    entry lost in a crash fails its signature and the file is parsed again."""
    import os

    synced: list[int] = []
    monkeypatch.setattr(os, "fsync", synced.append)
    write_org(tmp_path / "org", {"org.yaml": ORG})
    raci.load(tmp_path / "org")
    assert len(entries(folder)) == 1
    assert synced == []


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
    from raci import reading

    monkeypatch.setenv("RACI_NO_CACHE", "1")
    serial = raci.load("org")
    monkeypatch.setattr(reading, "PARALLEL_BYTES", 0)  # every org is 'large' now
    pools: list[object] = []

    class Spy(reading.ProcessPoolExecutor):  # type: ignore[misc]
        def __init__(self, *args: object, **kwargs: object) -> None:
            pools.append(self)
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(reading, "ProcessPoolExecutor", Spy)
    parallel = raci.load("org")
    assert len(pools) == 1
    assert [a.__dict__ for a in parallel.activities.values()] == [
        a.__dict__ for a in serial.activities.values()
    ]
    assert parallel.assignments == serial.assignments
    assert [p.message for p in parallel.problems] == [p.message for p in serial.problems]
    assert parallel.suppressions == serial.suppressions
