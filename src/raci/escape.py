"""Control characters out of everything raci prints for people and CI.

Titles, names, ids, paths and messages come from files other people wrote. Printed
raw, an ESC starts a terminal sequence (clear the screen, set the window title, a
hyperlink), a BEL rings, a CR overwrites the line, and a newline starts a line of
its own, which a CI runner may read as a command (GitHub's `::error ...`). Every
human and CI output passes what it did not write itself through `printable` (one
line) or `printable_lines` (a block that keeps its own line breaks): the characters
are shown as visible escapes (`\\x1b`, `\\n`), so nothing is lost and nothing runs.
JSON outputs keep the text as it is, escaped as JSON: the encoder escapes C0
controls itself, and `json_text` the rest (DEL, C1, the line separators), which
`ensure_ascii=False` would leave raw.
"""

from __future__ import annotations

import re

# C0 controls, DEL, C1 controls (0x9b is a one-byte CSI on some terminals), and the
# line and paragraph separators that some viewers treat as line breaks.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_CONTROL_BUT_LINES = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_JSON_LEFT = re.compile(r"[\x7f-\x9f\u2028\u2029]")
# What XML 1.0 (xlsx, pptx, SVG) cannot hold at all, plus ESC-led terminal sequences.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _show(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def printable(text: str) -> str:
    """`text` on one line, every control character (newlines too) shown as an escape."""
    if text.isprintable():  # the common case, checked in C: no control character
        return text
    return _CONTROL.sub(_show, text)


def json_text(dumped: str) -> str:
    """JSON text (from json.dumps) with no raw control character left, same data.

    Outside strings, JSON is ASCII punctuation, so every such character is inside a
    string, where a \\uXXXX escape means the same character.
    """
    return _JSON_LEFT.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)


def printable_lines(text: str) -> str:
    """`text` with its newlines and tabs kept and every other control character escaped."""
    return _CONTROL_BUT_LINES.sub(_show, text)


def xml_safe(text: str) -> str:
    """`text` for a document (a cell, a slide, a diagram label): line breaks and tabs
    kept, every character XML cannot hold shown as a visible escape instead of lost."""
    if text.isprintable():
        return text
    return _NOT_XML.sub(_show, text)
