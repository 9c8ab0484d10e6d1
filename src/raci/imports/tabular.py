"""Read a CSV or a workbook sheet into rows of text, keeping cell references.

CSV: decoded by its byte-order mark (UTF-8, UTF-16, UTF-32), else UTF-8, else
Windows-1252; refused when it holds NULs. The delimiter is sniffed (comma,
semicolon, tab); quotes are strict, so an unclosed one is an error at its line, not
the rest of the file in one cell. Workbooks: values only (a formula's computed value),
through the safety checks of `raci.excel.safety`, from the first visible sheet;
merged cells are filled with their value so that a merged area name or group header
reads on every row and column it covers. An error value reads as its text ('#REF!');
the cells whose saved value misleads (`raci.excel.formulas`) are listed apart, for
each reader to report.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from raci.cell_errors import ERRORS as ERRORS  # for the readers of tables
from raci.errors import RaciError
from raci.excel.comments import comment_notes, comments
from raci.excel.formulas import Odd, scan
from raci.excel.formulas import error_value as error_value
from raci.excel.formulas import no_value as no_value
from raci.excel.formulas import zero_value as zero_value
from raci.excel.safety import WorkbookError, open_workbook, read_sheet

MAX_CSV_BYTES = 50 * 1024 * 1024


class TableError(RaciError):
    """The file cannot be read at all (exit 2)."""


def cell_ref(sheet: str, row: int, col: int) -> str:
    """'Sheet!B12' (1-based, as people see it) for a 0-based row and column."""
    from openpyxl.utils import get_column_letter

    name = sheet if sheet.replace("_", "").isalnum() else f"'{sheet}'"
    return f"{name}!{get_column_letter(col + 1)}{row + 1}"


@dataclass(frozen=True)
class CellProblem:
    """Something unreadable in a cell, with the cell's reference."""

    cell: str
    message: str

    def __str__(self) -> str:
        return f"{self.cell}: {self.message}"


@dataclass
class Table:
    name: str  # shown in cell references: 'matrix.csv' or 'RACI' (a sheet)
    rows: list[list[str]]
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    encoding: str = "utf-8"
    delimited: bool = False  # a CSV: `ragged` rows are reported against its header
    # What the reader decided (which sheet, which encoding) and what it could not
    # read cleanly (a CSV row longer than the others): to be shown with the import.
    notes: list[str] = field(default_factory=list)
    problems: list[CellProblem] = field(default_factory=list)
    # (row, col) -> '=IF(...)': formula cells saved without a computed value, which
    # read as empty in `rows`; each reader decides what to say (`raci.excel.formulas`).
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)
    # Cells holding one of Excel's error values, which read as the error ('#REF!') in
    # `rows`, and formulas saved with the value 0, which read as 0: each reader says
    # what it makes of them where text belongs.
    errors: dict[tuple[int, int], Odd] = field(default_factory=dict)
    zeros: dict[tuple[int, int], Odd] = field(default_factory=dict)
    workbook: bool = False  # a sheet, not a CSV file: messages name cells, not rows

    def ref(self, row: int, col: int) -> str:
        return cell_ref(self.name, row, col)

    def cell(self, row: int, col: int) -> str:
        if row < len(self.rows) and col < len(self.rows[row]):
            return self.rows[row][col]
        return ""


def read_table(path: Path, sheet: str | None = None) -> Table:
    suffix = path.suffix.lower()
    if suffix in (".csv", ".tsv", ".txt"):
        return _read_csv(path)
    if suffix in (".xlsx", ".xlsm", ".xls", ".ods"):
        return _read_sheet(path, sheet)
    raise TableError(f"{path}: unknown file type '{suffix}' (use .csv or .xlsx)")


# Byte-order marks, longest first: UTF-32 LE starts with UTF-16 LE's mark.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    """The text and its encoding: by byte-order mark, else UTF-8, else Windows-1252.

    Text with NUL characters is refused rather than guessed at: it is UTF-16 or
    UTF-32 without a mark, or not text at all.
    """
    for bom, codec, label in BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(codec)
            except UnicodeDecodeError as exc:
                raise TableError(
                    f"{path}: starts with a {label} byte-order mark, but byte "
                    f"{exc.start + len(bom)} is not {label}; save it again as CSV UTF-8"
                ) from exc
            encoding = codec if label != "UTF-8" else "utf-8"
            break
    else:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = data.decode("cp1252", errors="replace"), "windows-1252"
    if "\0" in text:
        line = text.count("\n", 0, text.index("\0")) + 1
        nuls = text.count("\0")
        # UTF-16 text read as UTF-8 has a NUL in every other character; a few NULs in
        # text are damage: said so, with where they are, not called another encoding.
        if nuls * 20 < len(text):
            lines = sorted({text.count("\n", 0, i) + 1 for i in _nul_positions(text)})[1:]
            shown = ", ".join(map(str, lines[:10])) + (", ..." if len(lines) > 10 else "")
            also = f" (and line{'s' if len(lines) > 1 else ''} {shown})" if lines else ""
            raise TableError(
                f"{path}: line {line}{also} holds NUL characters, in text that is otherwise "
                f"{encoding.upper()}: a damaged export? Delete them, or save it again as "
                "CSV UTF-8"
            )
        raise TableError(
            f"{path}: line {line} holds NUL characters: UTF-16 or UTF-32 text without a "
            "byte-order mark, or not a CSV file; save it again as CSV UTF-8"
        )
    return text, encoding


def _nul_positions(text: str) -> list[int]:
    """Where the first thousand NULs are."""
    found: list[int] = []
    at = text.find("\0")
    while at >= 0 and len(found) < 1000:
        found.append(at)
        at = text.find("\0", at + 1)
    return found


def _read_csv(path: Path) -> Table:
    try:
        with path.open("rb") as file:  # no more than the limit is read, however large
            data = file.read(MAX_CSV_BYTES + 1)
    except OSError as exc:
        raise TableError(f"{path}: cannot be read ({exc.strerror})") from exc
    if len(data) > MAX_CSV_BYTES:
        raise TableError(f"{path}: over the {MAX_CSV_BYTES // 2**20} MB limit")
    text, encoding = _decode(path, data)
    # A byte-order mark inside the text: exports joined with `cat`. Left in, the second
    # header's first cell is '\ufeffEmployee ID' and the header is read as a person.
    marks = text.count("\ufeff")
    if marks:
        text = text.replace("\ufeff", "")
    rows: list[list[str]] = []
    # Excel's own 'sep=;' line names the separator: obeyed, and kept as a blank row so
    # that every row keeps its line number.
    given = _SEP(text)
    dialect: type[csv.Dialect] | csv.Dialect
    if given:
        text = text[given.end() :]
        rows.append([])
        dialect, separator = csv.excel, given[1]
    else:
        separator = None
        try:
            dialect = csv.Sniffer().sniff(text[:20000], ",;\t|")
        except csv.Error:
            dialect, separator = csv.excel, _separator(text[:20000])
    # strict, and quotes doubled inside quotes as Excel writes them (the sniffer often
    # guesses otherwise): a quote that is never closed, or text after a closing quote,
    # is an error here instead of the rows below it read as one cell. The quote is always
    # '"': the sniffer takes a column of 'Dee' nicknames for quoting and then splits
    # "Whitfield, Dana" in two, and no spreadsheet quotes with an apostrophe.
    reader = csv.reader(
        io.StringIO(text, newline=""),
        dialect,
        strict=True,
        doublequote=True,
        quotechar='"',
        delimiter=separator or dialect.delimiter,
    )
    limit = csv.field_size_limit()
    csv.field_size_limit(MAX_CSV_BYTES)  # one long cell is data, not an attack
    try:
        while True:
            line = reader.line_num + 1 + (1 if given else 0)
            try:
                row = next(reader)
            except StopIteration:
                break
            rows.append([cell.strip() for cell in row])
    except csv.Error as exc:
        raise TableError(f"{path}: line {line}: {_csv_problem(str(exc))}; no row was read") from exc
    finally:
        csv.field_size_limit(limit)
    table = Table(path.name, rows, encoding=encoding, delimited=True)
    if given:
        table.notes.append(f"{path.name} line 1: {given[0].strip()!r} names the separator")
    if marks:
        table.notes.append(
            f"{path.name}: {marks} byte-order mark{'s' if marks > 1 else ''} inside the text "
            "(files joined together?) removed"
        )
    if encoding == "windows-1252":
        table.notes.append(
            f"{path.name} is not UTF-8: read as Windows-1252 (if letters look wrong, save "
            "it again as CSV UTF-8)"
        )
    elif encoding != "utf-8":
        table.notes.append(f"{path.name}: read as {encoding.upper()} (by its byte-order mark)")
    table.problems.extend(ragged(table))
    return table


def _separator(sample: str) -> str:
    """The separator that splits the most rows into the same number of cells, by the
    separators those rows hold.

    For what the sniffer gives up on: a semicolon file under title rows, blank rows and
    a legend, read with commas, was one cell per row (or split at every decimal comma).
    """
    best, score = ",", 0
    for candidate in ",;\t|":
        rows = csv.reader(io.StringIO(sample, newline=""), delimiter=candidate)
        widths = Counter(len(row) for row in rows if len(row) > 1)
        if widths:
            # the separators the usual rows hold: 'Project Atlas, part 1' titles over a
            # ';' matrix split in two, the matrix rows in three or more
            width, count = widths.most_common(1)[0]
            if count * (width - 1) > score:
                best, score = candidate, count * (width - 1)
    return best


_SEP = re.compile(r'(?i)"?sep=([^\r\n"])"?[ \t]*(?:\r\n|\n|\r|$)').match


def _csv_problem(error: str) -> str:
    if "unexpected end of data" in error or "EOF" in error:
        return "a quote opens in this row and is never closed (it would swallow the rows below)"
    if "expected after" in error:
        return (
            "a quoted cell is closed and followed by more text; a quote inside a quoted "
            'cell is written twice ("")'
        )
    return error


def ragged(
    table: Table, header: int | None = None, skip: frozenset[int] | set[int] = frozenset()
) -> list[CellProblem]:
    """Rows below the header with values to the right of every header: kept (under
    columns without a header, which each reader names), and each reported by its row
    and the numbers of those cells.

    The width is the header's, or the usual one below it when most rows are wider (a
    column of notes without a header). Without the header row (`header` None, before the
    reader has found it), the first row with two values stands for it. Rows in `skip`
    (a legend the reader has read) are not the table's.
    """
    filled = [
        len(r) - next((i for i, v in enumerate(reversed(r)) if v), len(r)) for r in table.rows
    ]
    # Title, note and 'Owner: J. Smith' rows say nothing of the table's width: with more
    # of them than data rows, every row of a small matrix was reported as too long.
    if header is None:
        header = next((i for i, r in enumerate(table.rows) if sum(1 for v in r if v) > 1), 0)
    tabular = [
        filled[i]
        for i in range(header, len(filled))
        if i not in skip and sum(1 for v in table.rows[i] if v) > 1
    ]
    widths = Counter(tabular)
    if not widths or header >= len(filled):
        return []
    usual = max(widths.items(), key=lambda item: (item[1], -item[0]))[0]
    width = max(usual, filled[header])
    than = "the header has" if width == filled[header] else "most rows have"
    out = []
    for i, w in enumerate(filled):
        if i <= header or w <= width or i in skip:
            continue
        over = [c for c in range(width, w) if table.rows[i][c]]
        cells = _runs(over, lambda c: str(c + 1), "cell")
        columns = _runs(over, _letters, "column")
        out.append(
            CellProblem(
                f"{table.name} row {i + 1}",
                f"{w} cells where {than} {width} (a separator inside an unquoted cell?): "
                f"{cells} {'is' if len(over) == 1 else 'are'} kept under {columns}, which "
                f"{'has' if len(over) == 1 else 'have'} no header",
            )
        )
    return out


def _runs(cols: list[int], name: Callable[[int], str], what: str) -> str:
    """'cell 5', 'cells 5-7', 'columns E, G': runs of consecutive columns joined."""
    runs: list[list[int]] = []
    for c in cols:
        if runs and runs[-1][-1] + 1 == c:
            runs[-1].append(c)
        else:
            runs.append([c])
    text = ", ".join(f"{name(r[0])}-{name(r[-1])}" if len(r) > 1 else name(r[0]) for r in runs)
    return f"{what}{'s' if len(cols) > 1 else ''} {text}"


def _letters(col: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(col + 1))


def _read_sheet(path: Path, sheet: str | None) -> Table:
    try:
        book = open_workbook(path)
        if "_raci" in book.names:
            raise TableError(
                f"{path}: a workbook exported by raci; `raci import xlsx` reads it "
                "back by its hidden ids"
            )
        notes = []
        visible = [
            s.name for s in book.sheets if s.visible and s.worksheet and not s.name.startswith("_")
        ]
        if sheet is not None:
            if sheet not in book.names:
                raise TableError(f"{path}: no sheet {sheet!r} (sheets: {', '.join(visible)})")
            chosen = sheet
        elif not visible:
            raise TableError(f"{path}: the workbook has no visible sheets")
        else:
            chosen = visible[0]
            skipped = [s.name for s in book.sheets[: book.names.index(chosen)]]
            if skipped:
                notes.append(
                    f"read sheet {chosen!r}, the first visible one (skipped before it: "
                    f"{', '.join(repr(n) for n in skipped)}; --sheet picks another)"
                )
        grid = read_sheet(book, chosen)
        odd = scan(book, chosen)
        notes += comment_notes(comments(book, chosen), lambda r, c: cell_ref(chosen, r, c))
    except WorkbookError as exc:
        raise TableError(str(exc)) from exc
    rows = [[_text(v) for v in row] for row in grid.rows]
    errors = {at: x for at, x in odd.items() if x.kind == "error"}
    for (r, c), x in errors.items():  # calamine reads them as empty
        if r >= len(rows):
            rows.extend([] for _ in range(r + 1 - len(rows)))
        rows[r].extend([""] * (c + 1 - len(rows[r])))
        rows[r][c] = x.error
    for r1, c1, r2, c2 in grid.merged:
        value = rows[r1][c1] if c1 < len(rows[r1]) else ""
        for r in range(r1, r2 + 1):
            row = rows[r]
            if len(row) <= c2:
                row.extend([""] * (c2 + 1 - len(row)))
            row[c1 : c2 + 1] = [value] * (c2 + 1 - c1)
    return Table(
        chosen,
        rows,
        grid.merged,
        notes=notes,
        formulas={at: x.formula for at, x in odd.items() if x.kind == "uncomputed"},
        errors=errors,
        zeros={at: x for at, x in odd.items() if x.kind == "zero"},
        workbook=True,
    )


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def worksheet_names(path: Path) -> tuple[list[str], list[str]]:
    """A workbook's visible worksheets in order, and its hidden sheets."""
    try:
        book = open_workbook(path)
    except WorkbookError as exc:
        raise TableError(str(exc)) from exc
    visible = [
        s.name for s in book.sheets if s.visible and s.worksheet and not s.name.startswith("_")
    ]
    return visible, [s.name for s in book.sheets if not s.visible]
