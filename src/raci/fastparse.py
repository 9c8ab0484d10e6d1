"""The fast path for large YAML files: rapidyaml's parse, vouched for, marks on demand.

rapidyaml (C++) parses and emits JSON several times faster than libyaml hands
Python its events, but it resolves scalars by YAML 1.2 rules where PyYAML uses 1.1
(`yes`, `1_000`, `2024-01-01`, `inf` differ), keeps the last of duplicate keys
silently and keeps no lines and columns in its Python API. So a file takes this
path only when it is plain enough that both parsers must agree:

- `vouch` finds, with one regular expression over the text, nothing that either
  parser could read differently: no anchor, alias, tag, directive, document
  marker, block scalar, complex key, merge key, escape, tab, carriage return or
  character PyYAML refuses, and no scalar that could be a number, a date, a boolean
  or null (one starting with a digit, sign, dot or `~`, or one of those words);
- the parse has as many nodes as the data it gives (a duplicate key would lose one).

Anything else returns None and goes through the careful parser (`raci.parse`),
whose messages and locations are the reference. The marks of a fast parse are
`LazyMarks`: the careful parser runs on the file only when a location in it is
needed, for a finding, and the rest of a large org is never parsed twice.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from raci.model import LazyMarks, Marks
from raci.parse import Parsed, suppressions

# Files smaller than this take the careful path: it is fast enough for them, and
# their findings (a small org has some) then need no second parse.
FAST_BYTES = 256 * 1024

# Where a scalar (key or value) starts: after indentation and sequence dashes at the
# start of a line, after a key's colon, or after a flow collection's bracket or comma.
_START = r"(?:^[ ]*(?:-[ ]+)*|:[ ]+|[\[{,][ ]*)"
# What may not start a scalar there: indicators, signs and digits (numbers, dates),
# dots (.inf, ...), ~, and the words either parser resolves to something not text.
_RISKY_START = (
    r"(?:[&*!|>%@`?:=~.+0-9]|(?<![\[{])[,\]}]|-(?=[^ \n])|<<"
    r"|(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF"
    r"|null|Null|NULL|(?i:inf|nan|infinity))(?=[ ]*(?:$|[,\]}:#])))"
)
_RISKY = re.compile(
    _START
    + _RISKY_START
    # Anywhere: tabs, escapes, carriage returns, line breaks PyYAML knows beyond \n,
    # and every character PyYAML refuses to read.
    + r"|[\t\\\r\x85\u2028\u2029]"
    + "|[^\n\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]",
    re.MULTILINE,
)


def vouch(text: str) -> bool:
    """True when nothing in the text could be read differently by the two parsers."""
    return _RISKY.search(text) is None


def _count(data: Any) -> int:
    """Nodes in plain data, as rapidyaml counts them (its root included)."""
    count = 1
    todo = [data]
    while todo:
        node = todo.pop()
        kind = type(node)
        if kind is dict:
            count += len(node)
            todo.extend(v for v in node.values() if type(v) is dict or type(v) is list)
        elif kind is list:
            count += len(node)
            todo.extend(v for v in node if type(v) is dict or type(v) is list)
    return count


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


def parse_fast(content: bytes, careful: Callable[[], Marks]) -> Parsed | None:
    """The fast parse of a file, or None when it must take the careful path.

    `careful` gives the file's marks when a location is first needed (see
    `LazyMarks`).
    """
    if len(content) < FAST_BYTES:
        return None
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    if not vouch(text):
        return None
    try:
        import ryml
    except ImportError:  # pragma: no cover - a platform without a rapidyaml wheel
        return None
    body = content[3:] if content.startswith(b"\xef\xbb\xbf") else content
    try:
        with _quiet_stderr():
            tree = ryml.parse_in_arena(body)
        emitted = ryml.emit_json(tree)
    except Exception:  # rapidyaml's exceptions share no useful base
        return None
    if emitted is None:  # no document: the careful parser says what it is
        return None
    data = json.loads(emitted)
    if type(data) is not dict or _count(data) != tree.size():
        return None
    return Parsed(data, LazyMarks.root(careful), suppressions=suppressions(text))
