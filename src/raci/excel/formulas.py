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
            if not _has_formulas(archive, part):
                return {}
            return _scan(archive, part)
    except (zipfile.BadZipFile, OSError, expat.ExpatError) as exc:
        raise WorkbookError(f"{book.path}: sheet {sheet!r} cannot be read ({exc})") from exc


def no_value(formula: str) -> str:
    """What to say about a formula cell saved without its computed value."""
    shown = formula if len(formula) <= 40 else formula[:39] + "\u2026"
    return (
        f"a formula ({shown}) with no computed value (saved by a program that does not "
        "compute formulas); open and save the workbook in Excel or LibreOffice to compute it"
    )


def _has_formulas(archive: zipfile.ZipFile, part: str) -> bool:
    tail = b""
    with archive.open(part) as stream:
        while chunk := stream.read(1 << 20):
            if _FORMULA_TAG.search(tail + chunk):
                return True
            tail = chunk[-64:]
    return False


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
