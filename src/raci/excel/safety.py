"""Opening workbooks from outside safely.

A workbook is a zip of XML written by someone else. Before python-calamine reads a
part, raci checks the file's size on disk and unpacked (a zip bomb is refused),
then streams the part's XML once through expat with DTDs and entities refused:
each sheet before it is loaded, the shared strings and an .ods file's content
before the workbook is opened (calamine reads those on opening). The scan learns
where the cells are, how many merged ranges there are, and whether the XML is
whole. A sheet past the limits below is refused before any grid is allocated
(calamine allocates from the first to the last used cell, about 32 bytes a cell).
Cell values only: formulas are never evaluated. Where openpyxl is used, defusedxml
guards its parser. docs/security.md lists the limits and the figures measured.
"""

from __future__ import annotations

import io
import posixpath
import re
import shutil
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn
from xml.parsers import expat

from raci.errors import RaciError

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNPACKED_BYTES = 500 * 1024 * 1024
# Unpacked bytes a packed byte may stand for, past the first FREE_UNPACKED_BYTES:
# real workbooks pack 4-20 to 1; a bomb packs 1,000 to 1.
MAX_RATIO = 50
FREE_UNPACKED_BYTES = 10 * 1024 * 1024
# The grid from the first to the last used cell; any file may have FREE_CELLS, a
# larger file CELLS_PER_BYTE per byte of its size, none more than MAX_CELLS.
MAX_CELLS = 5_000_000
FREE_CELLS = 3_000_000
CELLS_PER_BYTE = 10
MAX_ROWS = 250_000  # twice a 100,000-person HRIS export
MAX_MERGES = 10_000
EXCEL_ROWS, EXCEL_COLS = 1_048_576, 16_384
MAX_PART_BYTES = 20 * 1024 * 1024  # workbook.xml and its relationships


class WorkbookError(RaciError):
    """The workbook cannot be read at all (a usage error, exit 2)."""


@dataclass(frozen=True)
class SheetInfo:
    name: str
    visible: bool
    part: str | None  # the zip member of an xlsx sheet
    worksheet: bool = True  # not a chart or dialog sheet


@dataclass
class Book:
    """An opened workbook: its sheets in order, and calamine's reader."""

    path: Path
    reader: Any
    sheets: list[SheetInfo]

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.sheets]

    def info(self, name: str) -> SheetInfo:
        return next(s for s in self.sheets if s.name == name)


@dataclass
class Grid:
    """A sheet's values from A1 (row 0 is row 1); each row stops at its last value."""

    rows: list[list[Any]]
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # r1, c1, r2, c2


def check_file(path: Path) -> None:
    """Refuse what is missing, too large, not a zip, or unpacks too large."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise WorkbookError(f"{path}: cannot be read ({exc.strerror})") from exc
    if size > MAX_FILE_BYTES:
        raise WorkbookError(
            f"{path}: {size / 1e6:.0f} MB is over the {MAX_FILE_BYTES // 2**20} "
            "MB limit for workbooks"
        )
    if path.suffix.lower() in (".xlsx", ".xlsm", ".ods"):
        try:
            with zipfile.ZipFile(path) as archive:
                unpacked = sum(info.file_size for info in archive.infolist())
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise WorkbookError(f"{path}: not an xlsx workbook ({exc})") from exc
        limit = min(MAX_UNPACKED_BYTES, max(FREE_UNPACKED_BYTES, MAX_RATIO * size))
        if unpacked > limit:
            raise WorkbookError(
                f"{path}: unpacks to {unpacked / 1e6:.0f} MB, over the "
                f"{limit / 1e6:.0f} MB limit for a file of {size / 1e6:.1f} MB"
            )


def open_workbook(path: Path) -> Book:
    """A workbook, after the checks above; its sheets with their visibility."""
    import python_calamine

    check_file(path)
    parts = _xlsx_parts(path) if path.suffix.lower() in (".xlsx", ".xlsm") else {}
    if parts:  # calamine reads the shared strings on opening
        with zipfile.ZipFile(path) as archive:
            shared = "xl/sharedStrings.xml" in archive.namelist()
        if shared:
            _check_part(path, "xl/sharedStrings.xml", f"{path}: the shared strings")
    if path.suffix.lower() == ".ods":
        _scan_ods(path, _allowed_cells(path))  # calamine loads every sheet on opening
    try:
        reader = python_calamine.CalamineWorkbook.from_path(str(path))
        metadata = reader.sheets_metadata
    except Exception as exc:  # calamine raises its own error types
        raise WorkbookError(f"{path}: cannot be read as a workbook ({_short(exc)})") from exc
    hidden = (python_calamine.SheetVisibleEnum.Hidden, python_calamine.SheetVisibleEnum.VeryHidden)
    cells = python_calamine.SheetTypeEnum.WorkSheet
    sheets = [
        SheetInfo(m.name, m.visible not in hidden, parts.get(m.name), m.typ == cells)
        for m in metadata
    ]
    return Book(path, reader, sheets)


def read_sheet(book: Book, name: str) -> Grid:
    """A sheet's values and merged ranges, refused past the limits before it is loaded."""
    info = book.info(name)
    allowed = _allowed_cells(book.path)
    if info.part is not None:
        _scan(book.path, name, info.part, allowed)
    elif book.path.suffix.lower() in (".xlsx", ".xlsm"):
        # calamine would find it where raci did not look: unread, so unchecked
        raise WorkbookError(f"{book.path}: sheet {name!r} has no worksheet part raci can check")
    try:
        try:
            sheet = book.reader.get_sheet_by_name(name)
        except Exception as exc:  # calamine refuses the sheet for an error value it lacks
            if info.part is None or "cell error value" not in str(exc):
                raise
            sheet = known_errors_only(book, info.part).get_sheet_by_name(name)
        start = sheet.start
        height, width = sheet.height, sheet.width
        if start is not None and start[0] + height > MAX_ROWS:  # xls: not scanned ahead
            raise WorkbookError(
                f"{book.path}: sheet {name!r} has rows down to {start[0] + height:,}, past "
                f"the {MAX_ROWS:,} rows raci reads"
            )
        if height * width > allowed:
            raise WorkbookError(
                f"{book.path}: sheet {name!r} spans {height * width:,} cells, over the "
                f"{allowed:,} cells raci reads from a file of this size"
            )
        rows: list[list[Any]] = []
        if start is not None:
            top, left = start
            for values in sheet.iter_rows():
                last = len(values)
                while last and values[last - 1] in ("", None):
                    last -= 1
                rows.append(([""] * left + values[:last]) if last else [])
            # calamine 0.9 yields the rows from row 1 (the columns from the first used
            # one); padding them again put every cell of a sheet with an empty row 1
            # that many rows too low, in every message. Pad only what it left out.
            rows[:0] = [[] for _ in range(max(0, top + height - len(rows)))]
        merged = sheet.merged_cell_ranges or []
    except WorkbookError:
        raise
    except Exception as exc:  # calamine raises its own error types
        raise WorkbookError(f"{book.path}: sheet {name!r} cannot be read ({_short(exc)})") from exc
    return Grid(rows, _clip(book.path, name, merged, rows, allowed))


def _allowed_cells(path: Path) -> int:
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    return min(MAX_CELLS, max(FREE_CELLS, CELLS_PER_BYTE * size))


def _clip(
    path: Path,
    name: str,
    merged: list[tuple[tuple[int, int], tuple[int, int]]],
    rows: list[list[Any]],
    allowed: int,
) -> list[tuple[int, int, int, int]]:
    """Merged ranges cut to the used rows and columns, their total area bounded."""
    if len(merged) > MAX_MERGES:
        raise WorkbookError(
            f"{path}: sheet {name!r} has {len(merged):,} merged ranges, over the "
            f"{MAX_MERGES:,} limit"
        )
    width = max((len(r) for r in rows), default=0)
    out = []
    area = 0
    for (r1, c1), (r2, c2) in merged:
        r2, c2 = min(r2, len(rows) - 1), min(c2, width - 1)
        if r1 > r2 or c1 > c2:
            continue
        area += (r2 - r1 + 1) * (c2 - c1 + 1)
        if area > allowed:
            raise WorkbookError(
                f"{path}: sheet {name!r}: its merged ranges cover more than the "
                f"{allowed:,} cells raci fills from a file of this size"
            )
        out.append((r1, c1, r2, c2))
    return out


def _short(exc: BaseException) -> str:
    """An error's first line, without the library's class name."""
    text = str(exc).strip().splitlines()
    return text[0][:300] if text else type(exc).__name__


# -- the xlsx package --------------------------------------------------------------

_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, RuntimeError)


def _xlsx_parts(path: Path) -> dict[str, str]:
    """Sheet name -> its zip member, from xl/workbook.xml and its relationships."""
    from defusedxml import ElementTree
    from defusedxml.common import DefusedXmlException

    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "xl/workbook.xml" not in names:
                return {}  # not an Excel package: calamine says why, or raci refuses it

            def part(member: str) -> Any:
                if archive.getinfo(member).file_size > MAX_PART_BYTES:
                    raise WorkbookError(f"{path}: {member} is over {MAX_PART_BYTES // 2**20} MB")
                return ElementTree.fromstring(archive.read(member))

            book = part("xl/workbook.xml")
            rels = (
                part("xl/_rels/workbook.xml.rels")
                if "xl/_rels/workbook.xml.rels" in names
                else None
            )
    except WorkbookError:
        raise
    except (*_ZIP_ERRORS, ElementTree.ParseError, DefusedXmlException, KeyError) as exc:
        raise WorkbookError(f"{path}: the workbook's index is damaged ({_short(exc)})") from exc
    targets: dict[str, str] = {}
    for rel in rels if rels is not None else []:
        target = rel.get("Target", "")
        if target.startswith("/"):
            member = target[1:]
        elif target.startswith("xl/"):
            member = target
        else:
            member = posixpath.join("xl", target)
        targets[rel.get("Id", "")] = posixpath.normpath(member)
    out = {}
    for sheet in book.iter(f"{_NS_MAIN}sheet"):
        member = targets.get(sheet.get(f"{_NS_REL}id", ""), "")
        if member in names:
            out[sheet.get("name", "")] = member
    return out


_REF = re.compile(r"([A-Z]{1,3})([0-9]{1,7})$")
# The fast scan: cell references (only a cell's reference is an attribute named r
# with letters), cell tags (to notice cells without a reference), merged ranges.
_CELL_REF = re.compile(rb'\sr="\$?([A-Z]{1,3})\$?([0-9]{1,7})"')
_PREFIXED_CELL = re.compile(rb"<[A-Za-z_][\w.-]*:c[\s/>]")
_COLUMNS: dict[bytes, int] = {}


class _Stop(Exception):
    """Raised from inside expat to stop at the first limit passed."""


class _Limits:
    """The used range and merges seen so far, refused at the first limit passed."""

    def __init__(self, where: str, allowed: int) -> None:
        self.where, self.allowed = where, allowed
        self.top, self.left, self.bottom, self.right = EXCEL_ROWS, EXCEL_COLS, 0, 0
        self.merges = 0

    def refuse(self, message: str) -> NoReturn:
        raise _Stop(f"{self.where}: {message}")

    def cells(self, top: int, left: int, bottom: int, right: int, far: str) -> None:
        """Cells seen within top..bottom, left..right; `far` names the lowest of them."""
        if bottom > MAX_ROWS:
            self.refuse(f"has a cell at {far}, past the {MAX_ROWS:,} rows raci reads")
        self.top, self.left = min(self.top, top), min(self.left, left)
        self.bottom, self.right = max(self.bottom, bottom), max(self.right, right)
        area = (self.bottom - self.top + 1) * (self.right - self.left + 1)
        if area > self.allowed:
            self.refuse(
                f"its cells span {_name(self.top, self.left)}:{_name(self.bottom, self.right)} "
                f"({area:,} cells), over the {self.allowed:,} raci reads from a file of this size"
            )

    def merged(self, count: int) -> None:
        self.merges += count
        if self.merges > MAX_MERGES:
            self.refuse(f"has more than {MAX_MERGES:,} merged ranges")


def _scan(path: Path, name: str, member: str, allowed: int) -> None:
    """Stream a sheet's XML: whole, no DTD, cells and merges within the limits.

    expat checks the XML in C while regular expressions find the cell references;
    only a sheet with cells that do not say where they are (rare: Excel and
    LibreOffice always write them) is read again, element by element.
    """
    where = f"{path}: sheet {name!r}"

    def scan() -> None:
        if not _scan_fast(path, member, _Limits(where, allowed)):
            _scan_exact(path, member, _Limits(where, allowed))

    _guarded(where, member, scan)


def _check_part(path: Path, member: str, where: str) -> None:
    """A part other than a sheet (the shared strings): whole XML, no DTD."""

    def check() -> None:
        parser = _parser(_Limits(where, 0))
        with zipfile.ZipFile(path) as archive, archive.open(member) as stream:
            while chunk := stream.read(1 << 20):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)

    _guarded(where, member, check)


def _guarded(where: str, member: str, scan: Callable[[], None]) -> None:
    """Run a scan of `member`; its findings and any damage become one WorkbookError."""
    try:
        scan()
    except _Stop as exc:
        raise WorkbookError(str(exc)) from None
    except expat.ExpatError as exc:
        raise WorkbookError(
            f"{where} is damaged: its XML ({member}) is not well-formed at line "
            f"{exc.lineno}, column {exc.offset + 1} ({expat.ErrorString(exc.code)})"
        ) from None
    except _ZIP_ERRORS as exc:
        raise WorkbookError(
            f"{where} is damaged: {member} cannot be unpacked ({_short(exc)})"
        ) from None


def _parser(limits: _Limits) -> Any:
    """An expat parser that refuses DTDs and entities, as defusedxml does."""

    def no_dtd(*_: Any) -> None:
        limits.refuse("its XML declares a DTD or entities, which a worksheet never has")

    parser = expat.ParserCreate(namespace_separator="}")
    parser.StartDoctypeDeclHandler = no_dtd
    parser.EntityDeclHandler = no_dtd
    parser.ExternalEntityRefHandler = no_dtd  # type: ignore[assignment]
    return parser


def _scan_fast(path: Path, member: str, limits: _Limits) -> bool:
    """False when some cell has no reference (the exact scan must count positions)."""
    parser = _parser(limits)
    pending = b""
    every_cell_placed = True
    with zipfile.ZipFile(path) as archive, archive.open(member) as stream:
        while chunk := stream.read(1 << 20):
            parser.Parse(chunk, False)
            text = pending + chunk
            cut = text.rfind(b">") + 1  # whole tags only; the rest waits for the next chunk
            text, pending = text[:cut], text[cut:]
            refs = _CELL_REF.findall(text)
            tags = text.count(b"<c ") + text.count(b"<c>") + text.count(b"<c/>")
            if b":c" in text:
                tags += len(_PREFIXED_CELL.findall(text))
            if len(refs) != tags:
                every_cell_placed = False
            limits.merged(text.count(b"mergeCell ") + text.count(b"mergeCell/"))
            if refs:
                rows = list(map(int, [r for _, r in refs]))
                cols = [_column(c) for c in {c for c, _ in refs}]
                top, bottom, left, right = min(rows), max(rows), min(cols), max(cols)
                if top < 1 or right > EXCEL_COLS:  # not a cell: the exact scan says which
                    every_cell_placed = False
                    continue
                far = next(c + r for c, r in refs if int(r) == bottom).decode()
                limits.cells(top, left, bottom, right, far)
        parser.Parse(b"", True)
    return every_cell_placed


def _column(letters: bytes) -> int:
    found = _COLUMNS.get(letters)
    if found is None:
        found = 0
        for ch in letters:
            found = found * 26 + ch - 64
        if len(_COLUMNS) < 20_000:
            _COLUMNS[letters] = found
    return found


def _scan_exact(path: Path, member: str, limits: _Limits) -> None:
    """Element by element, counting the positions of cells without a reference."""
    at = {"row": 0, "col": 0}

    def start(tag: str, attrs: dict[str, str]) -> None:
        local = tag.rsplit("}", 1)[-1]
        if local == "row":
            given = attrs.get("r")
            at["row"] = _number(given, limits.refuse) if given else at["row"] + 1
            at["col"] = 0
        elif local == "c":
            ref = attrs.get("r")
            row, col = _cell(ref, limits.refuse) if ref else (at["row"], at["col"] + 1)
            at["row"], at["col"] = max(row, at["row"]), col
            limits.cells(row, col, row, col, ref or _name(row, col))
        elif local == "mergeCell":
            limits.merged(1)

    parser = _parser(limits)
    parser.StartElementHandler = start
    with zipfile.ZipFile(path) as archive, archive.open(member) as stream:
        while chunk := stream.read(1 << 20):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)


_ODS_TAG = re.compile(rb"<table:(table-row|table-cell|covered-table-cell|table)(?=[\s/>])([^>]*)>")
_ODS_NAME = re.compile(rb'table:name="([^"]*)"')
_ODS_ROWS = re.compile(rb'table:number-rows-repeated="([0-9]{1,9})"')
_ODS_COLS = re.compile(rb'table:number-columns-repeated="([0-9]{1,9})"')


def _scan_ods(path: Path, allowed: int) -> None:
    """Each table of an OpenDocument spreadsheet within the limits, repeats counted.

    LibreOffice writes thousands of repeated empty rows and cells after the data, so
    only cells with a value (or any content) count; a repeated cell with a value is
    as large as its repeats.
    """
    with zipfile.ZipFile(path) as archive:
        if "content.xml" not in archive.namelist():
            return  # calamine says what is wrong
    _guarded(f"{path}: the spreadsheet", "content.xml", lambda: _scan_tables(path, allowed))


def _scan_tables(path: Path, allowed: int) -> None:
    limits = _Limits(f"{path}: the spreadsheet", allowed)
    parser = _parser(limits)
    row, next_row, repeat, col = 0, 1, 1, 0
    pending = b""
    with zipfile.ZipFile(path) as archive, archive.open("content.xml") as stream:
        while chunk := stream.read(1 << 20):
            parser.Parse(chunk, False)
            text = pending + chunk
            cut = text.rfind(b">") + 1
            text, pending = text[:cut], text[cut:]
            for match in _ODS_TAG.finditer(text):
                kind, attrs = match.groups()
                if kind == b"table":
                    found = _ODS_NAME.search(attrs)
                    name = found.group(1).decode("utf-8", "replace") if found else "?"
                    limits = _Limits(f"{path}: sheet {name!r}", allowed)
                    row, next_row, repeat, col = 0, 1, 1, 0
                elif kind == b"table-row":
                    many = _ODS_ROWS.search(attrs)
                    row, repeat, col = next_row, int(many.group(1)) if many else 1, 0
                    next_row = row + repeat
                else:
                    many = _ODS_COLS.search(attrs)
                    width = int(many.group(1)) if many else 1
                    if b"value-type" in attrs or not attrs.rstrip().endswith(b"/"):
                        bottom, right = row + repeat - 1, col + width
                        limits.cells(row, col + 1, bottom, right, _name(bottom, col + 1))
                    col += width
        parser.Parse(b"", True)


def _number(text: str, refuse: Callable[[str], NoReturn]) -> int:
    if not text.isdigit() or not 1 <= int(text) <= EXCEL_ROWS:
        refuse(f"has a row numbered {text[:20]!r}, not a row of a worksheet")
    return int(text)


def _cell(ref: str, refuse: Callable[[str], NoReturn]) -> tuple[int, int]:
    match = _REF.match(ref.replace("$", ""))
    col = 0
    if match:
        for ch in match.group(1):
            col = col * 26 + ord(ch) - 64
    if not match or not 1 <= int(match.group(2)) <= EXCEL_ROWS or not 1 <= col <= EXCEL_COLS:
        refuse(f"has a cell at {ref[:20]!r}, not a cell of a worksheet")
    return int(match.group(2)), col


def _name(row: int, col: int) -> str:
    letters = ""
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row}"


# The ones calamine 0.9 reads (as empty); it refuses a sheet with any other.
_CALAMINE_ERRORS = frozenset(("#N/A", "#REF!", "#DIV/0!", "#VALUE!", "#NAME?", "#NULL!", "#NUM!"))

# An error cell's start tag, and its value element after it.
_ERROR_START = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?c\s[^>]*\st="e"[^>/]*>')
_VALUE_ELEMENT = re.compile(rb"(<(?:[\w.-]+:)?v(?:\s[^>]*)?>)([^<]*)(<)")


def known_errors_only(book: Book, part: str) -> Any:
    """calamine's reader of a copy of the workbook whose sheet `part` has each error
    value calamine refuses (`#SPILL!`) as `#N/A`, which it reads (as empty, like every
    error: `scan` reports each at its cell with its own value)."""
    import python_calamine

    copy = io.BytesIO()
    with (
        zipfile.ZipFile(book.path) as archive,
        zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out,
    ):
        for info in archive.infolist():
            if info.filename == part:
                out.writestr(info.filename, _known_errors(archive.read(info)))
                continue
            with archive.open(info) as source, out.open(info.filename, "w") as target:
                shutil.copyfileobj(source, target, 1 << 20)
    copy.seek(0)
    return python_calamine.CalamineWorkbook.from_filelike(copy)


def _known_errors(xml: bytes) -> bytes:
    out: list[bytes] = []
    done = 0
    for match in _ERROR_START.finditer(xml):
        end = xml.find(b"c>", match.end())
        value = _VALUE_ELEMENT.search(xml, match.end(), end if end >= 0 else len(xml))
        if value is None or value.group(2).strip().decode("utf-8", "replace") in _CALAMINE_ERRORS:
            continue
        out += [xml[done : value.start(2)], b"#N/A"]
        done = value.end(2)
    return b"".join(out) + xml[done:]
