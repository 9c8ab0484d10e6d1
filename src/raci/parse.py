"""YAML text -> plain Python data plus a mark tree of lines and columns.

libyaml (through PyYAML's CSafeLoader) parses in C; one pass over its events builds
plain dicts, lists and scalars for pydantic and, beside them, the
(line, column, children) marks every finding needs. Duplicate keys are reported
here instead of being silently overwritten as most loaders do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from raci.model import AnyMarks, Marks
from raci.model import Suppression as Suppression  # re-exported: it was defined here

try:
    _Loader: type[Any] = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

_constructor = yaml.constructor.SafeConstructor()


@dataclass(frozen=True, slots=True)
class RawProblem:
    """A problem found while parsing, before it knows which file it belongs to."""

    rule: str
    message: str
    fix: str
    line: int
    column: int


@dataclass(slots=True)
class Parsed:
    """One file's data, marks, parse problems and suppressions (JSON in the cache)."""

    data: Any = None
    marks: AnyMarks = (1, 1, None)
    problems: list[RawProblem] = field(default_factory=list)
    suppressions: list[Suppression] = field(default_factory=list)
    # An alias shares a collection: written out as JSON it would be copied at every
    # use (a 'billion laughs' file), so such a parse is not cached.
    shared: bool = False
    # A fast parse (raci.fastparse): its marks are computed when first needed.
    fast: bool = False
    # The data as compact JSON, when the fast parse made it (the cache reuses it).
    data_json: bytes | None = field(default=None, repr=False, compare=False)


_SUPPRESSION = re.compile(
    r"#\s*raci\s*:\s*(?P<kind>ignore-file|ignore)\b(?:\[(?P<rules>[^\]]*)\])?(?P<reason>.*)$"
)


def suppressions(text: str) -> list[Suppression]:
    """Every raci suppression comment in the text, in line order."""
    if "raci" not in text:
        return []
    found: list[Suppression] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if "#" not in line:
            continue
        match = _SUPPRESSION.search(line)
        if match is None:
            continue
        rules = tuple(r.strip() for r in (match["rules"] or "").split(",") if r.strip())
        found.append(
            Suppression(
                number,
                match.start() + 1,
                match["kind"] == "ignore-file",
                rules,
                match["reason"].strip(),
            )
        )
    return found


def parse_bytes(content: bytes) -> Parsed:
    """Parse a file's bytes: UTF-8 (a byte-order mark is allowed), else a problem."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        # The offset counts from after a byte-order mark, which the codec strips first.
        body, start = exc.object, exc.start
        line = body[:start].count(b"\n") + 1
        before = body[body.rfind(b"\n", 0, start) + 1 : start]
        column = len(before.decode("utf-8", errors="replace")) + 1
        return Parsed(
            problems=[
                RawProblem(
                    "syntax-error",
                    f"not UTF-8 text (byte 0x{body[start]:02x} at offset "
                    f"{len(content) - len(body) + start})",
                    "Save the file as UTF-8.",
                    line,
                    column,
                )
            ]
        )
    return parse_text(text)


def parse_text(text: str) -> Parsed:
    """Parse one YAML document, keeping marks; syntax errors become problems."""
    parsed = _parse(text)
    parsed.suppressions = suppressions(text)
    return parsed


def _parse(text: str) -> Parsed:
    builder = _Builder()
    parser = _Loader(text)
    try:
        builder.run(parser.get_event)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = exc.problem or str(exc)
        if exc.context:
            started = exc.context_mark
            where = f" (started at {started.line + 1}:{started.column + 1})" if started else ""
            what = f"{what}, {exc.context}{where}"
        return Parsed(
            problems=[
                RawProblem(
                    "syntax-error",
                    f"YAML syntax error: {what}",
                    "Fix the YAML syntax at this position.",
                    line,
                    column,
                )
            ]
        )
    except yaml.reader.ReaderError as exc:  # a control character; libyaml gives a byte offset
        line, column = _line_column(text, exc.position)
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        return Parsed(
            problems=[
                RawProblem(
                    "syntax-error",
                    f"YAML error: character U+{code:04X} is not allowed ({exc.reason})",
                    "Remove the control character, or write it as an escape in a "
                    'double-quoted string ("\\x01").',
                    line,
                    column,
                )
            ]
        )
    except yaml.YAMLError as exc:
        return Parsed(
            problems=[
                RawProblem(
                    "syntax-error", f"YAML error: {exc}", "Fix the YAML at this position.", 1, 1
                )
            ]
        )
    finally:
        parser.dispose()
    return Parsed(builder.data, builder.marks, builder.problems, shared=builder.shared)


def _line_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a UTF-8 byte offset into `text`."""
    before = text.encode("utf-8")[:offset].decode("utf-8", errors="ignore")
    line = before.count("\n") + 1
    return line, len(before) - (before.rfind("\n") + 1) + 1


class _Builder:
    """Builds data and marks straight from libyaml's events.

    Going from events, not from a composed node tree, skips building a Python node
    object and resolving a tag for every scalar: about five times less work than
    `yaml.compose`, which is what makes large orgs load fast.
    """

    def __init__(self) -> None:
        self.problems: list[RawProblem] = []
        self.data: Any = None
        self.marks: Marks = (1, 1, None)
        # Aliases share the anchored value, so a 'billion laughs' file stays linear.
        self.anchors: dict[str, tuple[Any, Marks]] = {}
        self.shared = False

    def run(self, next_event: Any) -> None:
        # A frame is [container, child marks, line, column, anchor, pending key,
        # key line, key column, how many values to drop, first line of each key].
        stack: list[list[Any]] = []
        documents = 0
        scalar_event, mapping_start, mapping_end = (
            yaml.ScalarEvent,
            yaml.MappingStartEvent,
            yaml.MappingEndEvent,
        )
        sequence_start, sequence_end, alias_event = (
            yaml.SequenceStartEvent,
            yaml.SequenceEndEvent,
            yaml.AliasEvent,
        )
        while True:
            event = next_event()
            kind = type(event)
            if kind is scalar_event:
                mark = event.start_mark
                top = stack[-1] if stack else None
                if top is not None and top[5] is None and type(top[0]) is dict:
                    self._key(top, event.value, mark.line + 1, mark.column + 1)
                    continue
                value = _resolve(event) if event.tag is None else self._tagged(event)
                marks: Marks = (mark.line + 1, mark.column + 1, None)
                if event.anchor:
                    self.anchors[event.anchor] = (value, marks)
                self._emit(stack, value, marks)
            elif kind is mapping_start or kind is sequence_start:
                mark = event.start_mark
                top = stack[-1] if stack else None
                if top is not None and top[5] is None and type(top[0]) is dict:
                    self.problems.append(
                        RawProblem(
                            "syntax-error",
                            "a mapping key must be a plain name, not a collection",
                            "Write the key as a plain word.",
                            mark.line + 1,
                            mark.column + 1,
                        )
                    )
                    top[5], top[8] = "", 2  # drop this key and the value that follows
                if event.tag is not None and event.tag not in _COLLECTION_TAGS:
                    self._odd_tag(event.tag, mark, "this collection is read as it is written")
                container: Any = {} if kind is mapping_start else []
                children: Any = {} if kind is mapping_start else []
                stack.append(
                    [
                        container,
                        children,
                        mark.line + 1,
                        mark.column + 1,
                        event.anchor,
                        None,
                        0,
                        0,
                        0,
                        {},
                    ]
                )
            elif kind is mapping_end or kind is sequence_end:
                frame = stack.pop()
                value, marks = frame[0], (frame[2], frame[3], frame[1])
                if frame[4]:
                    self.anchors[frame[4]] = (value, marks)
                self._emit(stack, value, marks)
            elif kind is alias_event:
                mark = event.start_mark
                top = stack[-1] if stack else None
                found = self.anchors.get(event.anchor)
                if found is None:
                    self.problems.append(
                        RawProblem(
                            "syntax-error",
                            f"alias '*{event.anchor}' refers to no anchor before it",
                            f"Define '&{event.anchor}' earlier in the file, or drop the alias.",
                            mark.line + 1,
                            mark.column + 1,
                        )
                    )
                    found = (None, (0, 0, None))
                if top is not None and top[5] is None and type(top[0]) is dict:
                    if isinstance(found[0], str):
                        self._key(top, found[0], mark.line + 1, mark.column + 1)
                    else:
                        self.problems.append(
                            RawProblem(
                                "syntax-error",
                                "a mapping key must be a plain name",
                                "Write the key as a plain word.",
                                mark.line + 1,
                                mark.column + 1,
                            )
                        )
                        top[5], top[8] = "", 1
                    continue
                self.shared = self.shared or found[1][2] is not None
                self._emit(stack, found[0], (mark.line + 1, mark.column + 1, found[1][2]))
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    mark = event.start_mark
                    self.problems.append(
                        RawProblem(
                            "syntax-error",
                            "a second YAML document ('---') in one file",
                            "Keep one document per file: split it into two files.",
                            mark.line + 1,
                            mark.column + 1,
                        )
                    )
                    return
            elif kind is yaml.StreamEndEvent or event is None:
                return

    def _tagged(self, event: Any) -> Any:
        """A scalar with an explicit tag: YAML's core types construct, others are refused.

        A value that does not fit its tag (`!!int abc`) or a tag outside the core
        schema (`!!timestamp`, `!custom`) is a problem at the tag; the text is kept so
        the rest of the entity still loads.
        """
        tag: str = event.tag
        value: str = event.value
        if tag == "!" or tag == _STR:
            return value
        mark = event.start_mark
        if tag not in _SCALAR_TAGS:
            self._odd_tag(tag, mark, "the value is read as text")
            return value
        node = yaml.ScalarNode(tag, value, mark, event.end_mark, event.style)
        try:
            # The type's own constructor: construct_object would also keep every
            # node in the shared constructor's memo for the life of the process.
            built = getattr(_constructor, _BUILDERS[tag])(node)
        except (ValueError, KeyError, TypeError, OverflowError, yaml.YAMLError):
            built = _NOT_BUILT
        if built is _NOT_BUILT or (tag == _NULL and value not in _NULLS):
            name = _SCALAR_TAGS[tag]
            self.problems.append(
                RawProblem(
                    "syntax-error",
                    f"{_show_tag(tag)} {value!r} is not a valid {name}",
                    f"Write a {name} after the tag, or drop the tag to keep the text.",
                    mark.line + 1,
                    mark.column + 1,
                )
            )
            return value
        return built

    def _odd_tag(self, tag: str, mark: Any, kept: str) -> None:
        self.problems.append(
            RawProblem(
                "syntax-error",
                f"the YAML tag {_show_tag(tag)} is not part of raci's format; {kept}",
                "Drop the tag: raci reads text, numbers, true/false, null, lists and mappings.",
                mark.line + 1,
                mark.column + 1,
            )
        )

    def _key(self, frame: list[Any], key: str, line: int, column: int) -> None:
        firsts: dict[str, int] = frame[9]
        if key in frame[0]:
            self.problems.append(
                RawProblem(
                    "syntax-error",
                    f"duplicate key '{key}' (first at line {firsts[key]}); "
                    "the later value would silently replace the first",
                    f"Keep one '{key}' key in this mapping.",
                    line,
                    column,
                )
            )
            frame[8] = 1  # drop the value that follows
        else:
            firsts[key] = line
        frame[5], frame[6], frame[7] = key, line, column

    def _emit(self, stack: list[list[Any]], value: Any, marks: Marks) -> None:
        if not stack:
            self.data, self.marks = value, marks
            return
        top = stack[-1]
        container = top[0]
        if type(container) is list:
            container.append(value)
            top[1].append(marks)
            return
        if top[8]:  # a refused key or its value: read, then dropped
            top[8] -= 1
            top[5] = "" if top[8] else None
            return
        key = top[5]
        if marks[2] is not None:
            # A collection's findings point at its key, not at its first item.
            marks = (top[6], top[7], marks[2])
        container[key] = value
        top[1][key] = marks
        top[5] = None


_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9_]*)$")
_FLOAT = re.compile(r"^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]+(?:[eE][-+]?[0-9]+)?$")
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}


_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_SCALAR_TAGS = {
    "tag:yaml.org,2002:int": "whole number",
    "tag:yaml.org,2002:float": "number",
    "tag:yaml.org,2002:bool": "true/false value",
    _NULL: "null value",
}
_BUILDERS = {
    "tag:yaml.org,2002:int": "construct_yaml_int",
    "tag:yaml.org,2002:float": "construct_yaml_float",
    "tag:yaml.org,2002:bool": "construct_yaml_bool",
    _NULL: "construct_yaml_null",
}
_COLLECTION_TAGS = frozenset(("!", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"))
_NOT_BUILT = object()


def _show_tag(tag: str) -> str:
    """A tag as the user wrote it in the common short form: `!!int`, `!custom`."""
    core = "tag:yaml.org,2002:"
    return "!!" + tag[len(core) :] if tag.startswith(core) else tag


def _resolve(event: Any) -> Any:
    """A plain scalar's value: null, true/false or a number; the rest (and quoted) is text.

    YAML 1.1's 'yes', 'no', 'on' and 'off' stay text, so ids like that survive.
    """
    value: str = event.value
    if not event.implicit[0]:  # quoted or block scalar
        return value
    if value in _NULLS:
        return None
    first = value[0]
    if first in "0123456789-+.":
        try:
            if _INT.match(value):
                return int(value.replace("_", ""))
            if _FLOAT.match(value):
                return float(value.replace("_", ""))
        except ValueError:  # more digits than Python converts: keep the text
            return value
        return value
    return _BOOLS.get(value, value)
