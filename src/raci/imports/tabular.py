"""Read a CSV or a workbook sheet into rows of text, keeping cell references.

CSV: UTF-8 (with or without a byte-order mark), else Windows-1252; the delimiter
is sniffed (comma, semicolon, tab). Workbooks: values only, through the safety
checks of `raci.excel.safety`; merged cells are filled with their value so that a
merged area name or group header reads on every row and column it covers.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from raci.errors import RaciError
from raci.excel.safety import WorkbookError, open_workbook, sheet_rows

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


def _read_csv(path: Path) -> Table:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TableError(f"{path}: cannot be read ({exc.strerror})") from exc
    if len(data) > MAX_CSV_BYTES:
        raise TableError(f"{path}: over the {MAX_CSV_BYTES // 2**20} MB limit")
    try:
        text, encoding = data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        text, encoding = data.decode("cp1252", errors="replace"), "windows-1252"
    sample = text[:20000]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, ",;\t|")
    except csv.Error:
        dialect = csv.excel
    try:
        reader = csv.reader(io.StringIO(text.replace("\0", ""), newline=""), dialect)
        rows = [[cell.strip() for cell in row] for row in reader]
    except csv.Error as exc:
        raise TableError(
            f"{path}: not a readable CSV file (line {reader.line_num}: {exc})"
        ) from exc
    return Table(path.name, rows, encoding=encoding)


def _read_sheet(path: Path, sheet: str | None) -> Table:
    try:
        workbook = open_workbook(path)
    except WorkbookError as exc:
        raise TableError(str(exc)) from exc
    if "_raci" in workbook.sheet_names:
        raise TableError(
            f"{path}: a workbook exported by raci; `raci import xlsx` reads it "
            "back by its hidden ids"
        )
    names = [n for n in workbook.sheet_names if not n.startswith("_")]
    if sheet is not None:
        if sheet not in workbook.sheet_names:
            raise TableError(f"{path}: no sheet {sheet!r} (sheets: {', '.join(names)})")
        chosen = sheet
    elif not names:
        raise TableError(f"{path}: the workbook has no sheets")
    else:
        chosen = names[0]
    try:
        raw = sheet_rows(workbook, chosen)
        merged = workbook.get_sheet_by_name(chosen).merged_cell_ranges or []
    except WorkbookError as exc:
        raise TableError(str(exc)) from exc
    rows = [[_text(v) for v in row] for row in raw]
    spans = []
    for (r1, c1), (r2, c2) in merged:
        spans.append((r1, c1, r2, c2))
        value = rows[r1][c1] if r1 < len(rows) and c1 < len(rows[r1]) else ""
        for r in range(r1, min(r2 + 1, len(rows))):
            for c in range(c1, c2 + 1):
                while len(rows[r]) <= c:
                    rows[r].append("")
                rows[r][c] = value
    return Table(chosen, rows, spans)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
