"""Cells whose saved value is not the value a person sees in Excel.

calamine reads a formula cell's cached value: the value the program that saved the
workbook computed. Three kinds of cell would be misread from that alone, and this
finds each, so that an import reports it at its reference instead:

- a formula saved without a value: a program that does not compute formulas
  (openpyxl, many scripts) saves none, and calamine reads the cell as empty, which
  an import would take for a deleted letter or a missing name;
- an error value (`#N/A`, `#REF!`, ...), typed or a formula's result: calamine
  reads it as empty, and refuses the whole sheet for the errors it does not know
  (`#SPILL!`, `#CALC!`, `#GETTING_DATA`);
- a formula saved with the value 0: xlsxwriter (and other writers that do not
  compute) saves 0 for every formula, which reads as the number 0: a none-marker in
  a matrix, a placeholder name in an org chart. Only a reader knows whether a column
  holds text (a 0 there is reported) or numbers (a 0 there may be real).

In xlsx/xlsm files all three. An .ods or .xls file comes from a program that computes
its formulas, so only its error cells are looked for (calamine reads them as empty
too); an .xls file's through its BIFF records (`raci.excel.xls`), which keep an error's
value but not a formula's text.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal
from xml.parsers import expat
from xml.sax.saxutils import unescape

from raci.cell_errors import ERRORS
from raci.excel.safety import Book, WorkbookError

# A formula element (`<f>`, `<f t="shared" .../>`, `<x:f>`), not `<formula1>` of a
# data validation, or a cell typed as an error (`t="e"`, an attribute only cells have):
# most sheets have neither, and are not parsed a second time.
_TAG = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?f[\s/>]|\st="e"')
_REF = re.compile(r"\$?([A-Z]{1,3})\$?([0-9]{1,7})$")


@dataclass(frozen=True)
class Odd:
    """A cell whose saved value misleads: no value, an error value, or a 0 never computed."""

    kind: Literal["uncomputed", "error", "zero"]
    formula: str = ""  # '=IF(...)'; '' for an error value typed as a value
    error: str = ""  # '#REF!'

    def says(self) -> str:
        """What the cell is, in raci's words, for a message at its reference."""
        if self.kind == "uncomputed":
            return no_value(self.formula)
        if self.kind == "zero":
            return zero_value(self.formula)
        return error_value(self.error, self.formula)


def _short(formula: str) -> str:
    return formula if len(formula) <= 40 else formula[:39] + "\u2026"


def no_value(formula: str) -> str:
    """What to say about a formula cell saved without its computed value."""
    return (
        f"a formula ({_short(formula)}) with no computed value (saved by a program that does "
        "not compute formulas); open and save the workbook in Excel or LibreOffice to compute it"
    )


def zero_value(formula: str) -> str:
    """What to say about a formula whose saved value is 0 where text belongs."""
    return (
        f"a formula ({_short(formula)}) saved with the value 0 where text belongs: a value "
        "never computed (xlsxwriter and some scripts save 0 for every formula), or a formula "
        "on an empty cell; open and save the workbook in Excel or LibreOffice to compute it"
    )


def error_value(error: str, formula: str = "") -> str:
    """What to say about a cell that holds one of Excel's error values."""
    if error in ERRORS:
        what = f"the Excel error {error} ({ERRORS[error]})"
    else:  # LibreOffice's 'Err:502', or none saved
        what = f"the error value {error}" if error else "an error value"
    if formula:
        what = f"a formula ({_short(formula)}) whose value is {what}"
    return f"{what}, not a value; correct it in the workbook"


def uncomputed(book: Book, sheet: str) -> dict[tuple[int, int], str]:
    """(row, col) 0-based -> the formula ('=IF(...)') of each cell with no computed value."""
    return {at: odd.formula for at, odd in scan(book, sheet).items() if odd.kind == "uncomputed"}


def scan(book: Book, sheet: str) -> dict[tuple[int, int], Odd]:
    """(row, col) 0-based -> each cell of the sheet whose saved value misleads.

    The sheet was checked by `raci.excel.safety.read_sheet` (size, DTDs) before this
    reads it again.
    """
    part = book.info(sheet).part
    suffix = book.path.suffix.lower()
    if suffix == ".xls":
        from raci.excel.xls import error_cells

        typed = error_cells(book.path, sheet, book.names.index(sheet))
        return {at: Odd("error", "", text) for at, text in typed.items()}
    ods = suffix == ".ods"
    if part is None and not ods:
        return {}
    try:
        with zipfile.ZipFile(book.path) as archive:
            if ods:
                return _ods_errors(archive, sheet)
            assert part is not None
            found = _fast(archive, part)
            return found if found is not None else _scan(archive, part)
    except (zipfile.BadZipFile, OSError, expat.ExpatError) as exc:
        raise WorkbookError(f"{book.path}: sheet {sheet!r} cannot be read ({exc})") from exc


_ODS_ERROR = b'value-type="error"'
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0}"


def _ods_errors(archive: zipfile.ZipFile, sheet: str) -> dict[tuple[int, int], Odd]:
    """The error cells of one table of an OpenDocument spreadsheet. LibreOffice saves
    each formula's value, so errors are all there is to find; calamine reads them as
    empty. Most files have none, and are not parsed a second time."""
    if "content.xml" not in archive.namelist():
        return {}
    with archive.open("content.xml") as stream:
        tail = b""
        while chunk := stream.read(1 << 20):
            if _ODS_ERROR in tail + chunk:
                break
            tail = chunk[-len(_ODS_ERROR) :]
        else:
            return {}
    found: dict[tuple[int, int], Odd] = {}
    at = {"in": 0, "row": 0, "next": 0, "col": 0}
    cell: dict[str, Any] = {}
    text: list[str] = []

    def start(tag: str, attrs: dict[str, str]) -> None:
        if tag == _TABLE + "table":
            at.update({"in": attrs.get(_TABLE + "name") == sheet, "next": 0})
        elif not at["in"]:
            return
        elif tag == _TABLE + "table-row":
            at["row"] = at["next"]
            at["next"] += _count(attrs.get(_TABLE + "number-rows-repeated"))
            at["col"] = 0
        elif tag in (_TABLE + "table-cell", _TABLE + "covered-table-cell"):
            # calcext:value-type says 'error' where office:value-type says 'string'
            if any(k.endswith("}value-type") and v == "error" for k, v in attrs.items()):
                formula = attrs.get(_TABLE + "formula", "")
                cell.update(formula="=" + formula.partition(":=")[2] if formula else "")
                cell["at"] = (at["row"], at["col"])
                text.clear()
            at["col"] += _count(attrs.get(_TABLE + "number-columns-repeated"))

    def end(tag: str) -> None:
        if cell and tag in (_TABLE + "table-cell", _TABLE + "covered-table-cell"):
            found[cell["at"]] = Odd("error", cell["formula"], "".join(text).strip())
            cell.clear()

    _parse(archive, "content.xml", start, end, lambda data: text.append(data) if cell else None)
    return found


def _count(repeated: str | None) -> int:
    return int(repeated) if repeated and repeated.isdigit() else 1


def _odd(kind: str, formula: str | None, value: str) -> Odd | None:
    """What a cell of this type, formula and saved value is, if it misleads."""
    if kind == "e":
        return Odd("error", formula or "", value.strip())
    if formula is None:
        return None
    # An empty string is a computed value only where the cell says it is text.
    if not value and kind != "str":
        return Odd("uncomputed", formula)
    if kind == "n" and _ZERO(value.strip()):
        return Odd("zero", formula)
    return None


_ZERO = re.compile(r"-?0+(?:\.0*)?(?:[eE][-+]?[0-9]+)?").fullmatch


def _formula_text(text: str | None) -> str:
    return "=" + unescape(text or "...", {"&quot;": '"', "&apos;": "'"})


def _fast(archive: zipfile.ZipFile, part: str) -> dict[tuple[int, int], Odd] | None:
    """The cells found by their tags alone, a row at a time; None when one has no
    reference (the element-by-element scan counts positions). Expat in Python costs
    more than calamine's whole read on a large sheet; this costs a tenth of it."""
    found: dict[tuple[int, int], Odd] = {}
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
            for match in _TAG.finditer(text):
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


def _cell(xml: bytes, found: dict[tuple[int, int], Odd]) -> bool:
    """Record the cell (its XML up to the closing tag) if its value misleads; False when
    it has no reference."""
    head = xml[: xml.find(b">")]
    ref = _CELL_REF.search(head)
    if ref is None:
        return False
    kind = _CELL_TYPE.search(head)
    formula = _FORMULA.search(xml)
    value = _VALUE.search(xml)
    odd = _odd(
        kind.group(1).decode() if kind is not None else "n",
        None
        if formula is None
        else _formula_text(
            formula.group(1).decode("utf-8", "replace") if formula.group(1) else None
        ),
        value.group(1).decode("utf-8", "replace") if value is not None else "",
    )
    if odd is not None:
        col = 0
        for ch in ref.group(1):
            col = col * 26 + ch - 64
        found[(int(ref.group(2)) - 1, col - 1)] = odd
    return True


def _scan(archive: zipfile.ZipFile, part: str) -> dict[tuple[int, int], Odd]:
    found: dict[tuple[int, int], Odd] = {}
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
            cell["formula"] = "=" + ("".join(text) or "...")
        elif local in ("v", "is") and cell:
            cell["value"] = "".join(text)
        elif local == "c" and cell:
            odd = _odd(cell["type"], cell["formula"], cell["value"])
            if odd is not None:
                found[(at["row"] - 1, at["col"] - 1)] = odd
            cell.clear()

    _parse(archive, part, start, end, text.append)
    return found


def _parse(
    archive: zipfile.ZipFile,
    member: str,
    start: Callable[[str, dict[str, str]], None],
    end: Callable[[str], None],
    text: Callable[[str], None],
) -> None:
    """Stream a part through expat (namespaces as 'uri}name'), DTDs and entities refused."""

    def no_dtd(*_: Any) -> None:
        raise WorkbookError("its XML declares a DTD or entities, which a spreadsheet never has")

    parser = expat.ParserCreate(namespace_separator="}")
    parser.StartDoctypeDeclHandler = no_dtd
    parser.EntityDeclHandler = no_dtd
    parser.ExternalEntityRefHandler = no_dtd  # type: ignore[assignment]
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.buffer_text = True
    with archive.open(member) as stream:
        while chunk := stream.read(1 << 20):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
