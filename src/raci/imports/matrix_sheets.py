"""Which sheet holds the matrix, and which scheme its letters are in."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from raci.errors import RaciError
from raci.imports.matrix import MatrixImport, MatrixOptionError, Options, read_matrix
from raci.imports.tabular import Table, ragged, read_table, worksheet_names
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
    """The matrix in the file: on the sheet given, else on the visible sheet where most
    cells read."""

    def read(table: Table) -> MatrixImport:
        found = read_matrix(table, org, options=options)
        found.notes[:0] = table.notes
        layout = found.layout
        problems = table.problems
        if table.delimited and layout and not layout.transposed:
            # rows too long for the header found (not a title row's width); a legend
            # row is no row of the matrix
            header = layout.header_rows[0] if layout.header_rows else None
            problems = ragged(table, header, layout.legend_rows)
        found.problems[:0] = problems
        return found

    if path.suffix.lower() in (".csv", ".tsv", ".txt"):
        if sheet is not None:
            # Read anyway, the option would be ignored: the user may think the matrix
            # came from that sheet of a workbook.
            raise MatrixOptionError(
                f"--sheet {sheet!r}: {path.name} is a text file with no sheets; leave "
                "--sheet out (it picks a sheet of an .xlsx, .xlsm, .xls or .ods workbook)"
            )
        return read(_resplit(path, read_table(path)))
    if sheet is not None or path.suffix.lower() not in (".xlsx", ".xlsm", ".xls", ".ods"):
        return read(read_table(path, sheet))
    names, hidden = worksheet_names(path)
    if len(names) <= 1:
        return read(read_table(path, None))
    best: MatrixImport | None = None
    for name in names:
        found = read(read_table(path, name))
        if best is None or _score(found) > _score(best):
            best = found
    assert best is not None
    if best.layout is not None and (best.layout.sheet != names[0] or hidden):
        skipped = f"; hidden sheets not read: {', '.join(map(repr, hidden))}" if hidden else ""
        best.notes.insert(
            0,
            f"the matrix is on sheet {best.layout.sheet!r} (of {', '.join(map(repr, names))}"
            f"{skipped}; --sheet picks another)",
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
    # Decode as the table was read (its byte-order mark, UTF-8 or Windows-1252).
    codec = "utf-8-sig" if table.encoding == "utf-8" else table.encoding
    text = data.decode(codec, "replace").lstrip("\ufeff")
    lines = [line for line in text.splitlines() if line.strip()]
    for delimiter in (";", "\t", "|", ","):
        if sum(delimiter in line for line in lines) >= max(2, len(lines) // 2):
            reader = csv.reader(
                io.StringIO(text.replace("\0", ""), newline=""), delimiter=delimiter
            )
            rows = [[cell.strip() for cell in row] for row in reader]
            return Table(
                table.name,
                rows,
                encoding=table.encoding,
                delimited=True,
                notes=table.notes,
                problems=table.problems,
            )
    return table
