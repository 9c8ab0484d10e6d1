"""Which sheet holds the matrix, and which scheme its letters are in."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from raci.errors import RaciError
from raci.imports.matrix import MatrixImport, Options, read_matrix
from raci.imports.tabular import Table, read_table
from raci.model import Organisation
from raci.scheme import SCHEMES, Scheme


class SchemeError(RaciError):
    """--scheme names no known scheme."""


def resolve_scheme(name: str | None, start: Path) -> tuple[Scheme | None, str]:
    """The scheme --scheme names (built in, or the configuration's custom one), else
    the one the configuration found from `start` selects; (None, "") to guess."""
    from raci.config import resolve_config

    if name is not None and name.lower() in SCHEMES:
        return SCHEMES[name.lower()], "given"
    config = resolve_config(explicit=None, start=start, isolated=False)
    if name is None:
        if config.source is not None and config.scheme.name != "RACI":
            return config.scheme, f"from {config.source}"
        return None, ""
    if config.scheme.name.lower() == name.lower():
        return config.scheme, "given"
    raise SchemeError(
        f"unknown scheme {name!r}: use one of {', '.join(SCHEMES)}, or a custom scheme "
        "that the configuration (raci.toml) selects"
    )


def find_matrix(
    path: Path, sheet: str | None, org: Organisation | None, options: Options
) -> MatrixImport:
    """The matrix in the file: on the sheet given, else on the sheet where most cells read."""
    if path.suffix.lower() in (".csv", ".tsv", ".txt"):
        return read_matrix(_resplit(path, read_table(path)), org, options=options)
    if sheet is not None or path.suffix.lower() not in (".xlsx", ".xlsm", ".xls", ".ods"):
        return read_matrix(read_table(path, sheet), org, options=options)
    from raci.excel.safety import open_workbook

    names = [n for n in open_workbook(path).sheet_names if not n.startswith("_")]
    if len(names) <= 1:
        return read_matrix(read_table(path, None), org, options=options)
    best: MatrixImport | None = None
    for name in names:
        found = read_matrix(read_table(path, name), org, options=options)
        if best is None or _score(found) > _score(best):
            best = found
    assert best is not None
    if best.layout is not None and best.layout.sheet != names[0]:
        best.notes.insert(
            0, f"the matrix is on sheet {best.layout.sheet!r} (of {', '.join(map(repr, names))})"
        )
    return best


def _score(found: MatrixImport) -> tuple[int, int]:
    return (found.cells_letters, len(found.activities))


def _resplit(path: Path, table: Table) -> Table:
    """A CSV read as one column, whose lines are mostly split by `;`, tab or `|`:
    read again with that delimiter (a title or legend line without one misleads
    the sniffer)."""
    if any(len(row) > 1 for row in table.rows):
        return table
    data = path.read_bytes()
    text = (
        data.decode("utf-8-sig") if table.encoding == "utf-8" else data.decode("cp1252", "replace")
    )
    lines = [line for line in text.splitlines() if line.strip()]
    for delimiter in (";", "\t", "|", ","):
        if sum(delimiter in line for line in lines) >= max(2, len(lines) // 2):
            reader = csv.reader(
                io.StringIO(text.replace("\0", ""), newline=""), delimiter=delimiter
            )
            rows = [[cell.strip() for cell in row] for row in reader]
            return Table(table.name, rows, encoding=table.encoding)
    return table
