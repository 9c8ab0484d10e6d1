"""Formula cells saved without a computed value are found, whoever wrote the sheet."""

from __future__ import annotations

import re
import tempfile
import zipfile
from pathlib import Path

import openpyxl
from hypothesis import given, settings
from hypothesis import strategies as st

from raci.excel.formulas import uncomputed
from raci.excel.safety import open_workbook, read_sheet
from tests.workbooks import cache

SHEET = "xl/worksheets/sheet1.xml"
KINDS = ["", "R", "uncomputed", "computed"]


def strip_refs(path: Path) -> None:
    """Cells without their reference, as some writers save them (positions count)."""
    with zipfile.ZipFile(path) as archive:
        parts = {i.filename: archive.read(i.filename) for i in archive.infolist()}
    parts[SHEET] = re.sub(rb'(<c) r="[A-Z]+[0-9]+"', rb"\1", parts[SHEET])
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


@settings(derandomize=True, max_examples=30, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(KINDS), min_size=1, max_size=5), min_size=1, max_size=5),
    st.booleans(),
)
def test_every_formula_without_a_value_and_no_other_cell(grid: list[list[str]], refs: bool) -> None:
    if not refs:  # without references a cell's place is its count: no gaps
        grid = [[kind or "I" for kind in row] for row in grid]
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    expected, cached = {}, {}
    for r, row in enumerate(grid):
        for c, kind in enumerate(row):
            cell = ws.cell(r + 1, c + 1)
            if kind in ("uncomputed", "computed"):
                cell.value = f'=IF({r}>{c},"A","C&amp;")'
                if kind == "uncomputed":
                    expected[(r, c)] = f'=IF({r}>{c},"A","C&amp;")'
                else:
                    cached[cell.coordinate] = "A"
            elif kind:
                cell.value = kind
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "f.xlsx"
        wb.save(path)
        cache(path, cached)
        if not refs:
            strip_refs(path)
        book = open_workbook(path)
        assert uncomputed(book, "Sheet") == expected
        values = read_sheet(book, "Sheet").rows
        for ref in cached:  # calamine reads the computed value
            col, row = ord(ref[0]) - 65, int(ref[1:]) - 1
            assert values[row][col] == "A"
