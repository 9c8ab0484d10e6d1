"""Random RACI matrices saved as CSV the ways people save them (delimiters, encodings,
title rows with commas, blank rows and columns before the matrix, a legend block, a notes
column, quoting, line endings): every non-empty cell under a role is written as that
role's letters or reported with its cell, and no row is reported as too long."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from raci.imports.matrix import Options, to_yaml
from raci.imports.matrix_sheets import find_matrix

ROLES = ["CEO", "CFO", "Head of Sales", "Product Owner", "Dev Lead", "Ops"]
CELLS = ["A", "R", "C", "I", "A/R", "A, R", "r", "a", "R/C", "", "", "", "-", "x", "R*", "✓"]
LETTERS = {
    "A": {"A"},
    "R": {"R"},
    "C": {"C"},
    "I": {"I"},
    "A/R": {"A", "R"},
    "A, R": {"A", "R"},
    "r": {"R"},
    "a": {"A"},
    "R/C": {"R", "C"},
}
ACTIVITIES = ["Plan the budget", "Ship, then review", "Hire", 'Say "yes"', "Audit\nyearly", "Pay"]


@st.composite
def matrices(draw: st.DrawFn) -> tuple[list[str], list[tuple[str, list[str], str]]]:
    roles = draw(st.lists(st.sampled_from(ROLES), min_size=2, max_size=5, unique=True))
    titles = draw(st.lists(st.sampled_from(ACTIVITIES), min_size=2, max_size=6, unique=True))
    rows = []
    for title in titles:
        cells = [draw(st.sampled_from(CELLS)) for _ in roles]
        if not any(c in LETTERS for c in cells):
            cells[0] = "A"  # a row of letters, so that the matrix is one
        rows.append((title, cells, draw(st.sampled_from(["", "needs review", "ok, done"]))))
    return roles, rows


@settings(
    derandomize=True,
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    matrix=matrices(),
    delimiter=st.sampled_from([",", ";", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]),
    titles=st.integers(0, 3),
    legend=st.booleans(),
    notes=st.booleans(),
    quote_all=st.booleans(),
    newline=st.sampled_from(["\n", "\r\n"]),
    pad=st.integers(0, 4),
    blank=st.integers(0, 20),
)
def test_every_role_cell_is_written_or_reported(
    tmp_path: Path,
    matrix: tuple[list[str], list[tuple[str, list[str], str]]],
    delimiter: str,
    encoding: str,
    titles: int,
    legend: bool,
    notes: bool,
    quote_all: bool,
    newline: str,
    pad: int,
    blank: int,
) -> None:
    roles, rows = matrix
    buffer = io.StringIO()
    quoting = csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL
    inner = csv.writer(buffer, delimiter=delimiter, quoting=quoting, lineterminator=newline)

    class Padded:  # the matrix starts `pad` columns right
        def writerow(self, row: list[str]) -> None:
            inner.writerow([""] * pad + row if row else row)

    writer = Padded()
    for _ in range(blank):
        writer.writerow([])
    for t in range(titles):
        writer.writerow([f"Project Atlas RACI, part {t + 1}"])
    writer.writerow(["Activity", *roles, *(["Notes"] if notes else [])])
    for title, cells, note in rows:
        writer.writerow([title, *cells, *([note] if notes else [])])
    if legend:
        writer.writerow([])
        writer.writerow(["Legend"])
        for letter, word in [("R", "Responsible"), ("A", "Accountable"), ("C", "Consulted")]:
            writer.writerow([letter, word])
    path = tmp_path / "raci.csv"
    path.write_bytes(buffer.getvalue().encode(encoding))

    found = find_matrix(path, None, None, Options())
    assert not [p for p in found.problems if "this row has" in p.message], found.problems
    text, _ = to_yaml(found, "raci.csv")
    written = yaml.safe_load(text)["activities"]
    assert len(found.columns) == len(roles)
    assert [a["title"] for a in written] == [title for title, _, _ in rows]
    filled = sum(1 for _, cells, _ in rows for c in cells if c)
    assert found.cells_read == filled
    for activity, (_, cells, note) in zip(written, rows, strict=True):
        raci = activity.get("raci", {})
        for column, cell in zip(found.columns, cells, strict=True):
            if cell in LETTERS:
                for letter in LETTERS[cell]:
                    held = raci[letter] if isinstance(raci[letter], list) else [raci[letter]]
                    assert column.role in held, (cell, activity)
            elif cell and cell != "-":
                assert repr(cell) in activity["origin"], (cell, activity)
        if notes and note:
            assert activity["attributes"]["Notes"] == note
