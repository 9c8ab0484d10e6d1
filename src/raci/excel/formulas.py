"""Formula cells that hold no computed value.

calamine reads a formula cell's cached value: the value the program that saved the
workbook computed. A program that does not compute formulas (openpyxl, many
scripts) saves none, and calamine reads such a cell as empty, which an import
would take for a deleted letter. This finds those cells, so that each is reported
at its reference instead. Only xlsx/xlsm: LibreOffice and Excel always store the
value in the files they write, and .ods and .xls come only from such programs.
"""

from __future__ import annotations

import re
import zipfile
from typing import Any
from xml.parsers import expat
from xml.sax.saxutils import unescape

from raci.excel.safety import Book, WorkbookError

# A formula element (`<f>`, `<f t="shared" .../>`, `<x:f>`), not `<formula1>` of a
# data validation: most sheets have none, and are not parsed a second time.
_FORMULA_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s/>]")
_REF = re.compile(r"\$?([A-Z]{1,3})\$?([0-9]{1,7})$")


def uncomputed(book: Book, sheet: str) -> dict[tuple[int, int], str]:
    """(row, col) 0-based -> the formula ('=IF(...)') of each cell with no computed value.

    The sheet was checked by `raci.excel.safety.read_sheet` (size, DTDs) before this
    reads it again.
    """
    part = book.info(sheet).part
    if part is None:
        return {}
    try:
        with zipfile.ZipFile(book.path) as archive:
            found = _fast(archive, part)
            return found if found is not None else _scan(archive, part)
    except (zipfile.BadZipFile, OSError, expat.ExpatError) as exc:
        raise WorkbookError(f"{book.path}: sheet {sheet!r} cannot be read ({exc})") from exc


def no_value(formula: str) -> str:
    """What to say about a formula cell saved without its computed value."""
    shown = formula if len(formula) <= 40 else formula[:39] + "\u2026"
    return (
        f"a formula ({shown}) with no computed value (saved by a program that does not "
        "compute formulas); open and save the workbook in Excel or LibreOffice to compute it"
    )


def _fast(archive: zipfile.ZipFile, part: str) -> dict[tuple[int, int], str] | None:
    """The formula cells found by their tags alone, a row at a time; None when one has no
    reference (the element-by-element scan counts positions). Expat in Python costs
    more than calamine's whole read on a large sheet; this costs a tenth of it."""
    found: dict[tuple[int, int], str] = {}
    pending = b""
    with archive.open(part) as stream:
        while True:
            chunk = stream.read(1 << 20)
            text = pending + chunk
            if chunk:
                cut = text.rfind(b"row>") + 4
                if cut < 4:  # no row ends in this chunk: read on
                    pending = text
                    continue
                text, pending = text[:cut], text[cut:]
            for match in _FORMULA_TAG.finditer(text):
                at = match.start()
                start = max(text.rfind(b"<c ", 0, at), text.rfind(b":c ", 0, at))
                end = text.find(b"c>", at)
                # another cell's end between: this cell's tag has no attributes
                if start < 0 or end < 0 or text.find(b"c>", start, at) >= 0:
                    return None
                if not _cell(text[start:end], found):
                    return None
            if not chunk:
                return found


_CELL_REF = re.compile(rb'\sr="\$?([A-Z]{1,3})\$?([0-9]{1,7})"')
_CELL_TYPE = re.compile(rb'\st="(\w+)"')
_FORMULA = re.compile(rb"<(?:[\w.-]+:)?f(?:\s[^>]*)?(?:/>|>(.*?)</(?:[\w.-]+:)?f>)", re.S)
_VALUE = re.compile(rb"<(?:[\w.-]+:)?(?:v|t)(?:\s[^>]*)?>([^<]+)<", re.S)


def _cell(xml: bytes, found: dict[tuple[int, int], str]) -> bool:
    """Record the cell (its XML up to the closing tag) if it has no value; False when it
    has no reference."""
    ref = _CELL_REF.search(xml[: xml.find(b">")])
    if ref is None:
        return False
    kind = _CELL_TYPE.search(xml[: xml.find(b">")])
    if _VALUE.search(xml) or (kind is not None and kind.group(1) == b"str"):
        return True
    col = 0
    for ch in ref.group(1):
        col = col * 26 + ch - 64
    formula = _FORMULA.search(xml)
    text = formula.group(1) if formula is not None and formula.group(1) else b"..."
    found[(int(ref.group(2)) - 1, col - 1)] = "=" + unescape(
        text.decode("utf-8", "replace"), {"&quot;": '"', "&apos;": "'"}
    )
    return True


def _scan(archive: zipfile.ZipFile, part: str) -> dict[tuple[int, int], str]:
    found: dict[tuple[int, int], str] = {}
    at = {"row": 0, "col": 0}
    cell: dict[str, Any] = {}
    text: list[str] = []

    def start(tag: str, attrs: dict[str, str]) -> None:
        local = tag.rsplit("}", 1)[-1]
        if local == "row":
            given = attrs.get("r", "")
            at["row"] = int(given) if given.isdigit() else at["row"] + 1
            at["col"] = 0
        elif local == "c":
            match = _REF.match(attrs.get("r", ""))
            if match:
                col = 0
                for ch in match.group(1):
                    col = col * 26 + ord(ch) - 64
                at["row"], at["col"] = int(match.group(2)), col
            else:
                at["col"] += 1
            cell.clear()
            cell.update(type=attrs.get("t", "n"), formula=None, value="")
        elif local in ("f", "v", "is"):
            text.clear()

    def end(tag: str) -> None:
        local = tag.rsplit("}", 1)[-1]
        if local == "f" and cell:
            cell["formula"] = "".join(text)
        elif local in ("v", "is") and cell:
            cell["value"] = "".join(text)
        elif local == "c" and cell:
            # An empty string is a computed value only where the cell says it is text.
            if cell["formula"] is not None and not cell["value"] and cell["type"] != "str":
                found[(at["row"] - 1, at["col"] - 1)] = "=" + (cell["formula"] or "...")
            cell.clear()

    def no_dtd(*_: Any) -> None:
        raise WorkbookError("its XML declares a DTD or entities, which a worksheet never has")

    parser = expat.ParserCreate(namespace_separator="}")
    parser.StartDoctypeDeclHandler = no_dtd
    parser.EntityDeclHandler = no_dtd
    parser.ExternalEntityRefHandler = no_dtd  # type: ignore[assignment]
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text.append
    parser.buffer_text = True
    with archive.open(part) as stream:
        while chunk := stream.read(1 << 20):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    return found
