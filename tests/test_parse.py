"""The event-based parser reads what PyYAML reads, with the same line numbers."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from raci.model import Marks, mark_at
from raci.parse import parse_bytes, parse_text

keys = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=8)
scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(10**12), 10**12)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12)
)
documents = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(documents, st.booleans())
def test_round_trip_matches_pyyaml(doc: Any, flow: bool) -> None:
    text = yaml.safe_dump(doc, default_flow_style=flow, allow_unicode=True)
    parsed = parse_text(text)
    assert parsed.problems == []
    assert parsed.data == yaml.safe_load(text)


def _lines(node: yaml.Node, marks: Marks, path: tuple[Any, ...] = ()) -> None:
    got = mark_at(marks, ())
    if isinstance(node, yaml.ScalarNode):
        assert (got[0], got[1]) == (node.start_mark.line + 1, node.start_mark.column + 1), path
    elif isinstance(node, yaml.SequenceNode):
        for i, child in enumerate(node.value):
            _lines(child, mark_at(marks, (i,)), (*path, i))
    elif isinstance(node, yaml.MappingNode):
        for key, child in node.value:
            _lines(child, mark_at(marks, (key.value,)), (*path, key.value))


@settings(max_examples=200, deadline=None)
@given(documents)
def test_scalar_marks_match_pyyaml_nodes(doc: Any) -> None:
    text = yaml.safe_dump(doc, default_flow_style=False, allow_unicode=True)
    _lines(yaml.compose(text, Loader=yaml.CSafeLoader), parse_text(text).marks)


def test_yes_no_on_off_stay_text_and_booleans_are_booleans() -> None:
    data = parse_text("a: [yes, no, on, off, true, False, ~, '', 0x1f, 1_000, 2.5, '1']").data
    assert data == {"a": ["yes", "no", "on", "off", True, False, None, "", "0x1f", 1000, 2.5, "1"]}


def test_anchors_and_aliases() -> None:
    data = parse_text("base: &b [x, y]\ncopy: *b\nname: &n cpo\nagain: *n\n").data
    assert data == {"base": ["x", "y"], "copy": ["x", "y"], "name": "cpo", "again": "cpo"}


def test_explicit_tags() -> None:
    assert parse_text("a: !!str 12\nb: !!int '7'\n").data == {"a": "12", "b": 7}


def test_duplicate_key_keeps_the_first_value_and_reports_the_second() -> None:
    parsed = parse_text("a: 1\nb:\n  c: 2\na: [3]\nd: 4\n")
    assert parsed.data == {"a": 1, "b": {"c": 2}, "d": 4}
    assert [(p.line, p.column, p.message) for p in parsed.problems] == [
        (
            4,
            1,
            "duplicate key 'a' (first at line 1); the later value would silently replace the first",
        )
    ]


def test_collection_keys_are_refused() -> None:
    parsed = parse_text("? [a, b]\n: 1\nc: 2\n")
    assert parsed.data == {"c": 2}
    assert [p.message for p in parsed.problems] == [
        "a mapping key must be a plain name, not a collection"
    ]


def test_second_document_is_refused() -> None:
    parsed = parse_text("a: 1\n---\nb: 2\n")
    assert [(p.line, p.message) for p in parsed.problems] == [
        (2, "a second YAML document ('---') in one file")
    ]


def test_syntax_error_position() -> None:
    (problem,) = parse_text("a: [1, 2\nb: 3\n").problems
    assert (problem.rule, problem.line) == ("syntax-error", 2)


def test_undefined_alias_and_collection_alias_keys() -> None:
    parsed = parse_text("a: *nope\nb: &l [1]\n*l : 2\nc: 3\n")
    assert parsed.data == {"a": None, "b": [1], "c": 3}
    assert [(p.line, p.message) for p in parsed.problems] == [
        (1, "alias '*nope' refers to no anchor before it"),
        (3, "a mapping key must be a plain name"),
    ]


@pytest.mark.parametrize(
    ("content", "where"),
    [
        (b"name: \xff\xfe X\n", (1, 7)),
        (b"roles:\n  - id: caf\xe9\n", (2, 12)),
        (b"name: Zo\xc3\xab \xff\n", (1, 11)),  # a two-byte letter before it is one column
        (b"\xef\xbb\xbfname: \xff\n", (1, 7)),
    ],
)
def test_bytes_that_are_not_utf8_are_located_by_line_and_column(
    content: bytes, where: tuple[int, int]
) -> None:
    (problem,) = parse_bytes(content).problems
    assert (problem.line, problem.column) == where
    assert problem.message.startswith("not UTF-8 text (byte 0x")
