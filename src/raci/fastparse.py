"""The fast path for large YAML files: rapidyaml's parse, vouched for, marks on demand.

rapidyaml (C++) parses and emits JSON several times faster than libyaml hands
Python its events, but it resolves scalars by YAML 1.2 rules where PyYAML uses 1.1
(`yes`, `1_000`, `2024-01-01`, `inf` differ), keeps the last of duplicate keys
silently and keeps no lines and columns in its Python API. So a file takes this
path only when it is plain enough that both parsers must agree:

- `vouch` finds, in a few C-speed passes over the bytes, nothing that either
  parser could read differently: no anchor, alias, tag, directive, document
  marker, block scalar, complex key, merge key, escape, tab, carriage return or
  character PyYAML refuses, and no scalar that could start a number, a date, an
  indicator or `~`; the emitted JSON holds none of the words resolved to
  booleans, null, inf or nan;
- the JSON decoded has as many keys as rapidyaml wrote (a duplicate key would
  lose one), and nests at most 64 deep (rapidyaml writes no deeper JSON).

Anything else returns None and goes through the careful parser (`raci.parse`),
whose messages and locations are the reference. The marks of a fast parse are
computed when a location is first read, for a finding (`FileMarks`): the lines of
the list item it is in are parsed carefully, alone, and the rest of a large org is
never parsed twice.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast

from raci import cache
from raci.model import Marks, mark_at
from raci.parse import Parsed, parse_bytes, parse_text, suppressions

# Files smaller than this take the careful path: it is fast enough for them, and
# their findings (a small org has some) then need no second look.
FAST_BYTES = 64 * 1024

# The check runs as a few passes of bytes.translate, replace and find, all in C: a
# regular expression over the same text costs ten times more than rapidyaml's parse.
#
# 1. Bytes refused anywhere: ASCII control characters (tab and carriage return
#    included: indentation and line ends are where the parsers differ most) and
#    the backslash (escapes). Non-ASCII text is checked for the characters PyYAML
#    refuses, or reads as line breaks, by `_BAD_UTF8`.
_ALLOWED = bytes([10, *range(0x20, 0x7F), *range(0x80, 0x100)]).replace(b"\\", b"")
_BAD_UTF8 = re.compile(rb"\xc2[\x80-\x9f]|\xe2\x80[\xa8\xa9]|\xef\xbb\xbf|\xef\xbf[\xbe\xbf]")


def _class(byte: int) -> str:
    char = chr(byte)
    if char in " :-":
        return char
    if char == "\n":
        return "n"
    if char in "[{,":
        return "["
    if char in "]}":
        return "]"
    if char in "&*!|>%@`?~=<.+0123456789":
        return "!"
    return "a"


# 2. Every byte as its class: space, newline (n), ':' and '-' as themselves, '[' for
#    '[' '{' ',', ']' for ']' '}', '!' for what may not start a scalar (indicators,
#    digits, signs, dots, '~', '=', '<'), 'a' for the rest. A scalar starts after a
#    key's ': ', a dash's '- ', a flow '[' '{' ',' and a line's indentation.
_CLASSES = bytes(ord(_class(b)) for b in range(256))
# With runs of spaces squeezed, each start becomes one marker ...
_STARTS = ((b": ", b"K"), (b"- ", b"D"), (b"[ ", b"F"), (b"[", b"F"), (b"n ", b"L"), (b"n", b"L"))
# ... and a marker followed by one of these starts a scalar that may be read two
# ways (a '-' left after a marker starts '-x'; a key's ': ' right after a start is
# an empty or complex key).
_RISKY_AFTER = re.compile(rb"[KDFL][!\-:K\]]")
# 3. In the emitted JSON, lower-cased: the words PyYAML or rapidyaml resolve to
#    something that is not text (true and false also inside words: rapidyaml's JSON
#    writes booleans bare; it writes a plain inf or nan as .inf or .nan).
_QUOTED_WORDS = frozenset(
    (b"yes", b"no", b"on", b"off", b"null", b"inf", b"nan", b"infinity", b".inf", b".nan")
)
_BARE_WORDS = (b"true", b"false")
_LOWER = bytes.maketrans(bytes(range(65, 91)), bytes(range(97, 123)))


# 4. Where rapidyaml is more lenient than libyaml, or reads it otherwise (a tester
#    found each): a key or value right after a quote (`{"b":1}`, `- 'q' - r`), a
#    colon closing a flow item (`{a:}`), a key over 1,024 characters, a quoted
#    scalar or a flow collection that goes on to the next line, and a comment on a
#    line with a flow collection (rapidyaml kept `b # c` as the value).
_AFTER_QUOTE = re.compile(rb"[\"'](?: *:| +[^ \n#,\]}:])")
_FLOW_COLON = (b":,", b":]", b":}")
_KEEP = bytes(range(256))
_BRACKETS = _KEEP.translate(None, b"[]{}\n\x01")  # every byte but these is deleted
_DOUBLE = _KEEP.translate(None, b'"\n')
_SINGLE = _KEEP.translate(None, b"'\n")
_COMMENT_BESIDE_FLOW = re.compile(rb"[\[\]{}][^\n]*\x01|\x01[^\n]*[\[\]{}]")


def _lines_close(content: bytes) -> bool:
    """Every quote and flow collection closes on its line, and no comment shares a
    line with a flow collection."""
    for quote, others in ((b'"', _DOUBLE), (b"'", _SINGLE)):
        # Each line keeps only its quotes, side by side: pairs taken away, an odd
        # one is left (an apostrophe in a plain title too: the careful way then).
        if quote in content.translate(None, others).replace(quote + quote, b""):
            return False
    flow = content.replace(b" #", b"\x01").translate(None, _BRACKETS)
    if _COMMENT_BESIDE_FLOW.search(flow):
        return False
    flow = flow.replace(b"\x01", b"")
    while True:  # take away the pairs that open and close on one line, inside out
        shorter = flow.replace(b"[]", b"").replace(b"{}", b"")
        if shorter == flow:
            return not shorter.translate(None, b"\n")
        flow = shorter


def vouch(content: bytes) -> bool:
    """True when nothing in the YAML could be read differently by the two parsers
    (words are checked in the emitted JSON, by `_plain_words`)."""
    if content.translate(None, _ALLOWED):
        return False
    if not content.isascii() and _BAD_UTF8.search(content):
        return False
    if content.startswith((b"---", b"...")) or b"\n---" in content or b"\n..." in content:
        return False
    quoted = b'"' in content or b"'" in content  # the regular expression costs more
    if (quoted and _AFTER_QUOTE.search(content)) or any(c in content for c in _FLOW_COLON):
        return False
    if max(map(len, content.split(b"\n"))) > 1000 or not _lines_close(content):
        return False
    shape = (b"\n" + content).translate(_CLASSES)
    while b"  " in shape:
        shape = shape.replace(b"    ", b" ").replace(b"  ", b" ")
    shape = shape.replace(b"[]", b"a")  # an empty list or mapping is a value
    for start, marker in _STARTS:
        shape = shape.replace(start, marker)
    return _RISKY_AFTER.search(shape) is None


def _plain_words(emitted: bytes) -> bool:
    """No word resolved differently, no text starting with a space (no plain scalar
    does: rapidyaml made one of a line indented under a quoted item) and no ' #'
    (a comment rapidyaml kept as text)."""
    if b'" ' in emitted or b" #" in emitted:
        return False
    lower = emitted.translate(_LOWER)
    if any(word in lower for word in _BARE_WORDS):
        return False
    # '"yes"' is in the text exactly when 'yes' lies between two quotes: one split
    # finds every such word at once, where a search per word read the text ten times.
    return _QUOTED_WORDS.isdisjoint(lower.split(b'"'))


class _DuplicateKeyError(Exception):
    """A mapping had a key twice: rapidyaml kept only the last."""


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    mapping = dict(pairs)
    if len(mapping) != len(pairs):
        raise _DuplicateKeyError
    return mapping


@contextmanager
def _quiet_stderr() -> Iterator[None]:
    """rapidyaml prints a parse error on file descriptor 2 before raising it; the
    careful parser reports the error properly, so the print is hidden."""
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError):
        yield
        return
    try:
        quiet = os.open(os.devnull, os.O_WRONLY)
        os.dup2(quiet, 2)
        os.close(quiet)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def parse_fast(content: bytes) -> Parsed | None:
    """The fast parse of a file (`fast`: its marks to be computed by `FileMarks`), or
    None when it must take the careful path."""
    emitted = emit(content)
    return None if emitted is None else from_json(emitted, content)


def emit(content: bytes) -> bytes | None:
    """rapidyaml's JSON of a file it can be trusted with, or None (the careful path).

    The first half of `parse_fast`, which a parsing process runs; `from_json` is
    the second.
    """
    if len(content) < FAST_BYTES:
        return None
    body = content[3:] if content.startswith(b"\xef\xbb\xbf") else content
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if not vouch(body):
        return None
    try:
        import ryml
    except ImportError:  # pragma: no cover - a platform without a rapidyaml wheel
        return None
    try:
        with _quiet_stderr():  # it also refuses to write JSON nested over 64 deep
            tree = ryml.parse_in_arena(body)
            emitted = ryml.emit_json(tree)
    except Exception:  # rapidyaml's exceptions share no useful base
        return None
    if emitted is None:  # no document: the careful parser says what it is
        return None
    encoded: bytes = emitted.encode()
    return encoded if _plain_words(encoded) else None


def from_json(encoded: bytes, content: bytes) -> Parsed | None:
    """The parse of `content` from `emit`'s JSON; None when a key was given twice."""
    checked = _checked(encoded)
    return None if checked is None else _parsed(checked[0], checked[1], content)


def compact(encoded: bytes) -> bytes | None:
    """`emit`'s JSON checked and written compact, as a parsing process sends it back
    (`from_compact` reads it); None when a key was given twice."""
    checked = _checked(encoded)
    if checked is None:
        return None
    data, dumped = checked
    return dumped if dumped is not None else cache.fast_json(data)


def from_compact(dumped: bytes, content: bytes) -> Parsed | None:
    """The parse of `content` from `compact`'s JSON."""
    import orjson

    return _parsed(orjson.loads(dumped), dumped, content)


def _checked(encoded: bytes) -> tuple[Any, bytes | None] | None:
    """The data of `emit`'s JSON and, when made, its compact JSON; None when a key
    was given twice or JSON cannot hold what rapidyaml wrote.

    The compact JSON is orjson's (ten times faster to write than the json
    module's), so orjson must read back exactly what json read: no NaN or
    Infinity (orjson writes null) and no integer over 64 bits (orjson reads a
    float). `vouch` lets no number through; these checks make sure of it.
    """
    if b"NaN" in encoded or b"Infinity" in encoded:
        return None
    if b"\\" in encoded:  # an escaped quote in a string: count keys one mapping at a time
        try:
            return json.loads(encoded, object_pairs_hook=_unique), None
        except (_DuplicateKeyError, ValueError):
            return None
    # Every key, and nothing else, is followed by '":' in both JSON texts: fewer in
    # ours means a duplicate key was dropped. The cache stores the same text.
    try:
        data = json.loads(encoded)
    except ValueError:  # rapidyaml wrote a number JSON has no spelling for (+1)
        return None
    dumped = cache.fast_json(data)
    if dumped is None or dumped.count(b'":') != encoded.count(b'":'):
        return None
    return data, dumped


def _parsed(data: Any, dumped: bytes | None, content: bytes) -> Parsed | None:
    if type(data) is not dict:
        return None
    text = content.decode("utf-8-sig")
    return Parsed(data, suppressions=suppressions(text), fast=True, data_json=dumped)


class FileMarks:
    """Finds marks in a fast-parsed file, parsing as little of it as it can.

    A path into an item of a top-level list (`roles`, 3, ...) is found by parsing
    that item's lines alone with the careful parser: the item starts are the lines
    that open a list item at the section's indentation, used only when there are
    exactly as many as the data has items and the item's lines parse, alone, to
    the item's data. Anything else parses the whole file once (and caches it, so
    the next run reads its marks).
    """

    def __init__(self, content: bytes, data: Any, cache_folder: Path | None) -> None:
        self.content = content
        self.data = data
        self.cache_folder = cache_folder
        self.full: Marks | None = None
        self.text: str | None = None
        # section -> (offset, lines before it) of each item start, and of its end
        self.starts: dict[str, list[tuple[int, int]] | None] = {}
        self.items: dict[tuple[str, int], Marks | None] = {}

    def __call__(self, path: tuple[Any, ...]) -> Marks:
        if self.full is None and len(path) >= 2 and isinstance(path[1], int):
            item = self._item(path[0], path[1])
            if item is not None:
                found: Marks = mark_at(item, path[2:])
                return found
        return mark_at(self._full(), path)  # type: ignore[no-any-return]

    def _full(self) -> Marks:
        if self.full is None:
            parsed = parse_bytes(self.content)
            cache.put(self.cache_folder, self.content, parsed)
            self.full = cast(Marks, parsed.marks)  # a careful parse's marks are a tree
        return self.full

    def _item(self, section: Any, index: int) -> Marks | None:
        if (section, index) not in self.items:
            self.items[section, index] = self._parse_item(section, index)
        return self.items[section, index]

    def _parse_item(self, section: Any, index: int) -> Marks | None:
        items = self.data.get(section) if isinstance(section, str) else None
        if not isinstance(items, list) or not 0 <= index < len(items):
            return None
        if section not in self.starts:
            self.starts[section] = self._item_starts(section, len(items))
        starts = self.starts[section]
        if starts is None:
            return None
        (begin, lines_before), (end, _) = starts[index], starts[index + 1]
        parsed = parse_text(self._text()[begin:end])
        if parsed.problems or parsed.data != [items[index]]:
            return None
        return _shifted(parsed.marks[2][0], lines_before)

    def _text(self) -> str:
        if self.text is None:
            self.text = self.content.decode("utf-8-sig")
        return self.text

    def _item_starts(self, section: str, count: int) -> list[tuple[int, int]] | None:
        """Offsets and line counts of the section's item starts and its end; None if
        unsure."""
        text = self._text()
        header = re.search(rf"^{re.escape(section)}:[ ]*(?:#.*)?$", text, re.MULTILINE)
        if header is None:
            return None
        first = re.compile(r"^([ ]*)-(?: |$)|^[ ]*[^ #\n]", re.MULTILINE).search(text, header.end())
        if first is None or first.group(1) is None:
            return None
        indent = first.group(1)
        # The section ends at the next line that is not blank, a comment, an item
        # start or indented deeper than the items.
        after = re.compile(rf"^(?!{indent}-(?: |$)|{indent}[ ]|[ ]*(?:#|$))", re.MULTILINE)
        stop = after.search(text, first.start() + 1)
        end = stop.start() if stop is not None else len(text)
        starts = [
            m.start()
            for m in re.compile(rf"^{indent}-(?: |$)", re.MULTILINE).finditer(
                text, first.start(), end
            )
        ]
        if len(starts) != count:
            return None
        starts.append(end)
        out, lines, last = [], 0, 0
        for start in starts:
            lines += text.count("\n", last, start)
            out.append((start, lines))
            last = start
        return out


def _shifted(marks: Any, lines: int) -> Marks:
    """Marks moved down by `lines` lines."""
    line, column, children = marks
    if isinstance(children, dict):
        children = {key: _shifted(value, lines) for key, value in children.items()}
    elif isinstance(children, list):
        children = [_shifted(value, lines) for value in children]
    return (line + lines, column, children)
