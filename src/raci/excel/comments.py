"""The comments (notes) on a sheet's cells, which calamine does not read.

A comment is what a person adds beside a letter ('should be A only'): no import reads
it as data, and each is named with its cell and text so that it is not dropped
without a word. xlsx/xlsm only: the sheet's comments part, found through its
relationships, parsed with defusedxml within the size limit of the other index parts.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Callable

from raci.excel.safety import MAX_PART_BYTES, Book

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_REF = re.compile(r"\$?([A-Z]{1,3})\$?([0-9]{1,7})$")
MOST = 10  # comments named one by one; the rest are counted


def comments(book: Book, sheet: str) -> dict[tuple[int, int], str]:
    """(row, col) 0-based -> the comment's text, whitespace folded; {} when none can be
    read (a damaged comments part loses no value: the cells are read all the same)."""
    from defusedxml import ElementTree
    from defusedxml.common import DefusedXmlException

    part = book.info(sheet).part
    if part is None:
        return {}
    folder, name = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", name + ".rels")
    found: dict[tuple[int, int], str] = {}
    try:
        with zipfile.ZipFile(book.path) as archive:
            names = set(archive.namelist())

            def read(member: str) -> bytes | None:
                if member not in names or archive.getinfo(member).file_size > MAX_PART_BYTES:
                    return None
                return archive.read(member)

            data = read(rels)
            if data is None:
                return {}
            for rel in ElementTree.fromstring(data).iter(f"{_PKG}Relationship"):
                if not rel.get("Type", "").endswith("/comments"):
                    continue
                target = rel.get("Target", "")
                member = target[1:] if target.startswith("/") else posixpath.join(folder, target)
                xml = read(posixpath.normpath(member))
                if xml is None:
                    continue
                for comment in ElementTree.fromstring(xml).iter(f"{_MAIN}comment"):
                    match = _REF.match(comment.get("ref", "").split(":")[0])
                    if match is None:
                        continue
                    col = 0
                    for ch in match.group(1):
                        col = col * 26 + ord(ch) - 64
                    text = " ".join("".join(comment.itertext()).split())
                    found[(int(match.group(2)) - 1, col - 1)] = text
    except (zipfile.BadZipFile, OSError, ValueError, ElementTree.ParseError, DefusedXmlException):
        return found
    return found


def comment_notes(texts: dict[tuple[int, int], str], ref: Callable[[int, int], str]) -> list[str]:
    """ "Matrix!E7: a comment, not imported: '...'", the first MOST of them by cell."""
    out = []
    for r, c in sorted(texts)[:MOST]:
        text = texts[r, c]
        shown = text if len(text) <= 80 else text[:79] + "\u2026"
        out.append(f"{ref(r, c)}: a comment, not imported: {shown!r}")
    if len(texts) > MOST:
        out.append(f"and {len(texts) - MOST} more comments, not imported")
    return out
