"""The fast parse (rapidyaml, raci.fastparse) gives what the careful parse gives.

Every fixture, the bundled org and generated orgs give byte-identical JSON findings,
locations included, with the fast path forced on every file and with it off; YAML
it cannot vouch for goes to the careful path; random documents in the shapes people
write parse to the same data both ways whenever the fast path takes them.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import Any

import pytest
from conftest import BUNDLED, TESTS, generate_org
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import raci
from raci import cache, fastparse, reading
from raci.model import LazyMarks, Location
from raci.parse import Parsed, parse_bytes
from raci.report import FORMATS, Style
from raci.runner import load_org

FIXTURES = [*sorted((TESTS / "rules").glob("*/*.yaml")), BUNDLED]


def never(_content: bytes) -> None:
    return None


def findings_json(path: Path, fast: bool, monkeypatch: pytest.MonkeyPatch) -> tuple[str, int]:
    """JSON findings with the fast parse on every file it vouches for (or on none),
    and how many files took it."""
    taken = []
    parse_fast = fastparse.parse_fast

    def spy(content: bytes) -> Any:
        parsed = parse_fast(content)
        taken.append(parsed is not None)
        return parsed

    with monkeypatch.context() as patch:
        patch.setattr(fastparse, "FAST_BYTES", 0)
        patch.setattr(fastparse, "parse_fast", spy if fast else never)
        org, config = load_org(path, use_cache=False, isolated=path.stem.endswith("-defaults"))
        out = FORMATS["json"](raci.check(org, config), Style())
    return out, sum(taken)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fast_and_careful_parses_give_the_same_findings(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast, _ = findings_json(path, True, monkeypatch)
    assert fast == findings_json(path, False, monkeypatch)[0]
    assert '"findings"' in fast


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    out = tmp_path_factory.mktemp("generated")
    return [
        generate_org(400, 60, out / "plain"),
        generate_org(400, 60, out / "policies", policies=True),
    ]


def test_generated_and_bundled_orgs_take_the_fast_path_with_the_same_findings(
    generated: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    for org in [*generated, BUNDLED]:
        fast, taken = findings_json(org, True, monkeypatch)
        assert taken >= 2, org
        assert fast == findings_json(org, False, monkeypatch)[0]
    assert '"line": ' in fast  # the bundled org has findings, so locations were read


def test_two_parsing_processes_take_the_fast_path_with_the_same_findings(
    generated: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    careful, _ = findings_json(generated[0], False, monkeypatch)
    worked = []
    emit = fastparse.emit

    def spy(content: bytes) -> bytes | None:
        worked.append(os.getpid())
        return emit(content)

    monkeypatch.setattr(reading, "PARALLEL_BYTES", 0)  # every org is 'large' now
    monkeypatch.setattr(fastparse, "FAST_BYTES", 0)
    monkeypatch.setattr(fastparse, "emit", spy)  # forked processes inherit the spy
    org, config = load_org(generated[0], use_cache=False)
    assert FORMATS["json"](raci.check(org, config), Style()) == careful
    assert worked == []  # the spy ran in the helper processes, not here
    origin = org.roles["r0"]._origin  # type: ignore[attr-defined]
    assert isinstance(origin[1], LazyMarks)  # and the roles took the fast path there


def test_the_parsing_processes_store_their_parses_in_the_cache(
    generated: list[Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """raci's own process does not hash, sign and write what they parsed: on a
    large org that was a tenth of its work."""
    monkeypatch.setenv("RACI_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("RACI_CACHE_KEY", "test")
    monkeypatch.setattr(reading, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(fastparse, "FAST_BYTES", 0)
    stored: list[int] = []
    put = cache.put_encoded

    def spy(*args: Any) -> None:
        stored.append(os.getpid())
        put(*args)

    monkeypatch.setattr(cache, "put_encoded", spy)  # forked processes inherit the spy
    careful, _ = findings_json(generated[0], False, monkeypatch)
    load_org(generated[0])
    files = list(generated[0].glob("*.yaml"))
    assert len(list((tmp_path / "cache").rglob("*.json"))) == len(files)
    assert stored == []  # written there, not here
    org, config = load_org(generated[0])  # and read back here
    assert FORMATS["json"](raci.check(org, config), Style()) == careful


def test_a_warm_run_reads_fast_parses_from_the_cache(
    generated: list[Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("RACI_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("RACI_CACHE_KEY", "test")
    monkeypatch.setattr(fastparse, "FAST_BYTES", 0)
    org_dir = generated[1]
    careful, _ = findings_json(org_dir, False, monkeypatch)
    runs = []
    for _ in range(3):  # cold (fast parses), warm (cached, lazy marks), warm again
        org, config = load_org(org_dir)
        runs.append(FORMATS["json"](raci.check(org, config), Style()))
    assert runs == [careful] * 3


@pytest.mark.parametrize(
    "text",
    [
        "roles:\n  - id: a\n    id: b\n",  # a duplicate key: rapidyaml keeps the last
        'roles:\n  - id: a\n    title: say "hi"\n    id: b\n',  # ... beside an escaped quote
        "roles:\n  - &x {id: a}\n  - *x\n",
        "roles:\n  - !!str id: a\n",
        "roles:\n  - id: a\n    title: yes\n",
        "roles:\n  - id: a\n    title: 2024-01-01\n",
        "roles:\n  - id: a\n    title: 1_000\n",
        "roles:\n  - id: a\n    title: inf\n",
        "roles:\n  - id: a\n    title: ~\n",
        "roles:\n  - id: a\n    title: Off\n",
        "roles:\n  - id: a\n    title: |\n      text\n",
        'roles:\n  - id: a\n    title: "tab\\there"\n',
        "roles:\n\t- id: a\n",
        "roles:\r\n  - id: a\r\n",
        "---\nroles:\n  - id: a\n",
        "roles:\n  - id: a\n    << : {title: b}\n",
        "roles:\n  - id: a\n    title: \x07bell\n",
        "roles:\n  ? id\n  : a\n",
        "roles:\n  - id: a\n    title: b: c\n",  # a syntax error both parsers see
        "roles: [\n",
        "# only a comment\n",
        "- id: a\n",  # not a mapping at the top
        "roles: " + "[" * 100 + "]" * 100 + "\n",  # rapidyaml writes no JSON this deep
        # What a tester found rapidyaml reads otherwise, or accepts where libyaml refuses:
        "k" * 1025 + ": v\n",  # a key over 1,024 characters
        'a: {"b":~}\n',  # a value right after a quoted key's colon
        "a: {'b':1_000}\n",
        'a: {"b" :1e3}\n',
        'a: ["b":1_0]\n',
        'a: {"b":+1}\n',  # JSON has no +1: json.loads failed
        'a: {"b":00.5}\n',
        "k: {a: b # c\n  , d: e}\n",  # a comment in a flow mapping, kept as text
        "k: {a: b #c,d: e\n  , f: g}\n",
        "k: [{a: b # c\n  , d: e}]\n",
        "k: {a:}\n",  # a colon closing a flow item
        "k: [a b:]\n",
        "k: {a b:,}\n",
        "k: {a\n  b: c}\n",  # flow collections and quoted keys over two lines
        "k: [a\n  b: c]\n",
        'k: {"a\n  b": c}\n',
        'x:\n  "a\n   b": x\n',
        'k: "a\n  b": c\n',
        "x:\n  a:\n  - 'b'\n    c: d\n",  # an item, then a line indented under it
        "x:\n  a:\n  - [b]\n    c: d\n",
        "x:\n  - 'q' - r\n",  # more after a quoted item
        "x:\n  k:\n  - 'q' a: b\n",
        # orjson writes the fast path's JSON: what it would write otherwise than it reads
        "roles:\n  - id: a\n    title: NaN\n",  # a word json reads as a number
        "roles:\n  - id: a\n    title: Infinity\n",
    ],
)
def test_what_cannot_be_vouched_for_goes_the_careful_way(
    text: str, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(fastparse, "FAST_BYTES", 0)
    assert fastparse.parse_fast(text.encode()) is None
    assert capfd.readouterr().err == ""  # rapidyaml's own error print is hidden


def test_a_syntax_error_rapidyaml_meets_prints_nothing(
    monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(fastparse, "FAST_BYTES", 0)
    monkeypatch.setattr(fastparse, "vouch", lambda _content: True)
    assert fastparse.parse_fast(b"a: b: c\n") is None
    assert capfd.readouterr().err == ""


def test_a_fast_parse_goes_through_the_cache_as_it_came(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fastparse, "FAST_BYTES", 0)
    for text in ['roles:\n  - id: a\n    title: say "hi", é\n', "# raci: ignore-file\nroles: []\n"]:
        fast = fastparse.parse_fast(text.encode())
        assert fast is not None
        body = cache.encode(fast)
        assert body is not None
        again = cache.decode(body)
        assert again is not None
        assert (again.data, again.suppressions, again.fast) == (fast.data, fast.suppressions, True)


def test_orjson_writes_only_what_it_reads_back_the_same() -> None:
    """The fast path's JSON is orjson's: data it would not read back exactly (an
    integer over 64 bits comes back a float) is not written that way."""
    assert cache.fast_json({"a": ["b", None, {"c": "é"}]}) == '{"a":["b",null,{"c":"é"}]}'.encode()
    assert cache.fast_json({"n": 2**70}) is None
    body = cache.encode(Parsed({"n": 2**70}, fast=True))
    assert body is None  # such a parse is simply not cached


def test_small_files_take_the_careful_path() -> None:
    assert fastparse.parse_fast(b"roles:\n  - id: a\n") is None


def test_locations_parse_one_item_when_they_can_else_the_whole_file_once() -> None:
    text = (
        b"name: x\nroles:\n  - id: a\n    title: A\n  # between\n  - id: b\n\n"
        b"    holders: [p, q]\npeople:\n- id: p\n  title: P\n- id: q\n"
    )
    careful = parse_bytes(text)
    found = fastparse.FileMarks(text, careful.data, None)
    root = LazyMarks.root(found)
    paths = [("roles", 1, "holders", 1), ("roles", 0), ("people", 1, "id"), ("roles", 1, "x")]
    lazy = [Location.at("f", root, path) for path in paths]
    assert found.items == {}  # nothing parsed until a line is read
    assert lazy == [Location.at("f", careful.marks, path) for path in paths]
    assert (lazy[0].line, lazy[0].column, lazy[2].line) == (8, 18, 12)
    assert found.full is None  # the items alone were parsed
    assert Location.at("f", root, ("name",)) == Location("f", 1, 7)
    assert found.full is not None  # a top-level key: the whole file, once


def test_a_lazy_location_pickles_as_its_line_not_its_files_parse() -> None:
    text = b"roles:\n" + b"".join(b"  - id: r%d\n    title: R\n" % i for i in range(2000))
    careful = parse_bytes(text)
    lazy = Location.at(
        "f",
        LazyMarks.root(fastparse.FileMarks(text, careful.data, None)),
        (
            "roles",
            1999,
            "title",
        ),
    )
    body = pickle.dumps(lazy)
    assert len(body) < 200  # not the file's text and data
    assert pickle.loads(body) == Location("f", 4001, 12)


# Scalars in the shapes people write (mostly), and ones the two parsers read differently.
PLAIN = st.sampled_from(
    [
        "r1", "Role 1", "Head of R&D", "Sales & Marketing", "a #b", "a#b", "x,y",
        "a:b", "http://x.y/z", "it's", "é", "日本", "Last, First", "y", "n", "Y",
        "ceo-office", "Q&A", "P&L owner", "a - b", "a: ", "under:r1", "+r2", "x]",
    ]
)  # fmt: skip
RISKY = st.sampled_from(
    [
        "yes", "No", "on", "OFF", "null", "~", "true", "inf", ".inf", "NaN", "1", "-1",
        "+1", "0x1F", "1_000", "1:20", "2024-01-01", "1e3", "12.5", "a: b", "-x", "- x",
        "[x]", "{x}", "a\\tb", "&a", "*a", "!t", "|", ">", "@x", "%x", "`x", "?x", "<<",
        "=", "", " ",
    ]
)  # fmt: skip
WORDS = st.one_of(*[PLAIN] * 8, RISKY)
SCALAR = st.one_of(
    *[WORDS] * 8,
    WORDS.map(lambda w: "'" + w.replace("'", "''") + "'"),
    WORDS.map(lambda w: '"' + w.replace('"', "") + '"'),
    st.text(st.sampled_from("ab1 -:#,.'\"[]{}&*!|>?%@`~\\é"), max_size=6),
)
FIELD = st.sampled_from(["id", "title", "holders", "tags", "raci", "A"])
KEY = st.one_of(FIELD, FIELD, FIELD, SCALAR)


@st.composite
def documents(draw: st.DrawFn) -> str:
    lines = ["roles:"]
    for _ in range(draw(st.integers(1, 4))):
        keys = draw(st.lists(KEY, min_size=1, max_size=4, unique=True))
        for n, key in enumerate(keys):
            lead = "    " if n else "  - "
            shape = draw(st.integers(0, 3))
            if shape == 0:
                lines.append(f"{lead}{key}: {draw(SCALAR)}")
            elif shape == 1:
                items = draw(st.lists(SCALAR, max_size=3))
                lines.append(f"{lead}{key}: [{', '.join(items)}]")
            elif shape == 2:
                lines.append(f"{lead}{key}:")
                lines.extend(f"      - {item}" for item in draw(st.lists(SCALAR, max_size=3)))
            else:
                lines.append(f"{lead}{key}:  # {draw(SCALAR)}")
    return "\n".join(lines) + "\n"


def test_whatever_the_fast_parse_takes_parses_the_same_carefully(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(fastparse, "FAST_BYTES", 0)
    taken = []

    @settings(
        derandomize=True,
        max_examples=800,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(documents())
    def same(text: str) -> None:
        fast = fastparse.parse_fast(text.encode())
        taken.append(fast is not None)
        if fast is not None:
            careful = parse_bytes(text.encode())
            assert careful.problems == []
            assert fast.data == careful.data

    same()
    assert sum(taken) >= 25  # the test sees the fast path, not only its refusals
