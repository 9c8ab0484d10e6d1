"""CSV files as Excel and people save them: every encoding decoded by its byte-order mark
or refused, quotes that never close, ragged rows and very long cells, each reported with
its line or cell and never silently changed."""

from __future__ import annotations

import codecs
import csv
from pathlib import Path

import pytest
import yaml

from raci.imports.tabular import TableError, read_table
from tests import hostile as H
from tests.conftest import Cli

NAMES = ["Dana Whitfield", "Sam Ortiz", "Łucja Żak"]


# -- 13: encodings -----------------------------------------------------------------------

# name -> (how to write the text, the encoding the import says it read)
ENCODINGS = {
    "utf-16 (Excel's Unicode text)": (lambda t: t.encode("utf-16"), "UTF-16-LE"),
    "utf-16-le with BOM": (lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"), "UTF-16-LE"),
    "utf-16-be with BOM": (lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"), "UTF-16-BE"),
    "utf-32-le with BOM": (lambda t: codecs.BOM_UTF32_LE + t.encode("utf-32-le"), "UTF-32-LE"),
    "utf-32-be with BOM": (lambda t: codecs.BOM_UTF32_BE + t.encode("utf-32-be"), "UTF-32-BE"),
    "utf-8 with BOM": (lambda t: t.encode("utf-8-sig"), None),
    "utf-8": (lambda t: t.encode("utf-8"), None),
}


@pytest.mark.parametrize("encoding", sorted(ENCODINGS))
@pytest.mark.parametrize("separator", [",", "\t", ";"])
def test_every_unicode_encoding_is_decoded_by_its_mark(
    cli: Cli, tmp_path: Path, encoding: str, separator: str
) -> None:
    path = tmp_path / "people.csv"
    write, label = ENCODINGS[encoding]
    path.write_bytes(write(H.ORG_CSV.replace(",", separator)))
    table = read_table(path)
    assert [row[1] for row in table.rows[1:]] == NAMES
    assert not any("\0" in cell for row in table.rows for cell in row)
    result = cli("import", "org", str(path), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    if label:
        assert f"raci: people.csv: read as {label} (by its byte-order mark)" in result.stderr
    else:
        assert "read as" not in result.stderr
    written = (tmp_path / "out" / "people.yaml").read_text(encoding="utf-8")
    assert all(name in written for name in NAMES)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (H.ORG_CSV.encode("utf-16-le"), "line 1 holds NUL characters: UTF-16 or UTF-32"),
        (H.ORG_CSV.encode("utf-16-be"), "line 1 holds NUL characters"),
        (H.ORG_CSV.encode("utf-32-le"), "line 1 holds NUL characters"),
        (b"Activity,CEO\nPlan,A\nShip\x00,R\n", "line 3 holds NUL characters"),
        (codecs.BOM_UTF16_LE + b"A\x00\x00\xd8", "starts with a UTF-16 byte-order mark, but byte"),
        (
            codecs.BOM_UTF8 + b"Activity\xff,CEO\n",
            "starts with a UTF-8 byte-order mark, but byte 11",
        ),
    ],
)
@pytest.mark.parametrize("command", ["matrix", "org"])
def test_text_that_cannot_be_decoded_is_refused(
    cli: Cli, tmp_path: Path, data: bytes, message: str, command: str
) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes(data)
    result = cli("import", command, str(path), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert message in result.stderr
    assert "save it again as CSV UTF-8" in result.stderr
    assert not (tmp_path / "out").exists()


def test_windows_1252_is_still_read(tmp_path: Path) -> None:
    path = tmp_path / "old.csv"
    path.write_bytes("Activity,CEO\nBudget für Büro,A\n".encode("cp1252"))
    table = read_table(path)
    assert (table.encoding, table.rows[1][0]) == ("windows-1252", "Budget für Büro")
    assert table.notes == [
        "old.csv is not UTF-8: read as Windows-1252 (if letters look wrong, save it again as "
        "CSV UTF-8)"
    ]


# -- 14: quotes, ragged rows, long cells -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "what"),
    [
        ('Activity,CEO,CPO\n"Plan the budget,A,R\nShip,I,A\nHire,R,A\n', 2, "never closed"),
        ('Activity,CEO,CPO\nPlan,A,R\n"Ship,I,A\n"Hire",R,A\n', 3, "followed by more text"),
        ('"Activity,CEO,CPO\nPlan,A,R\n', 1, "never closed"),
        ('Activity,CEO,CPO\nPlan,A,R\nShip,I,"A\n', 4 - 1, "never closed"),
        ('Activity,CEO,CPO\n"Plan" the budget,A,R\n', 2, "followed by more text"),
    ],
)
@pytest.mark.parametrize("command", ["matrix", "org"])
def test_an_unclosed_quote_is_reported_where_it_opened(
    cli: Cli, tmp_path: Path, text: str, line: int, what: str, command: str
) -> None:
    path = tmp_path / "q.csv"
    path.write_text(text, encoding="utf-8")
    result = cli("import", command, str(path), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert f"q.csv: line {line}: a quote" in result.stderr
    assert what in result.stderr
    assert not (tmp_path / "out").exists()


def test_quoted_cells_over_several_lines_still_read(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text('Activity,CEO\n"Plan the\nbudget, yearly",A\n"Say ""hi""",R\n')
    assert read_table(path).rows == [
        ["Activity", "CEO"],
        ["Plan the\nbudget, yearly", "A"],
        ['Say "hi"', "R"],
    ]


@pytest.mark.parametrize(
    ("text", "cells"),
    [
        ("Activity,CEO,CPO\nPlan,A,R,X\nShip,I,A\n", ["m.csv row 2"]),
        ("Activity,CEO,CPO\nPlan,A,R\nShip,I,A,,Y,Z\n", ["m.csv row 3"]),
        (
            "Title\nActivity,CEO,CPO\nPlan,A,R,X\nShip,I,A,Y\nHire,R,A\n",
            ["m.csv row 3", "m.csv row 4"],
        ),
    ],
)
def test_ragged_rows_are_kept_and_reported(
    cli: Cli, tmp_path: Path, text: str, cells: list[str]
) -> None:
    path = tmp_path / "m.csv"
    path.write_text(text, encoding="utf-8")
    table = read_table(path)
    assert [p.cell for p in table.problems] == cells
    assert sum(len(r) for r in table.rows) == sum(
        len(line.split(",")) for line in text.splitlines()
    )
    result = cli("import", "matrix", str(path), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    for cell in cells:
        assert f"raci: {cell}: " in result.stderr
    assert (tmp_path / "out" / "m.yaml").exists()


def test_a_ragged_org_chart_row_is_reported(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text(H.ORG_CSV + "4,Kim Lee,Engineer,2,oops\n", encoding="utf-8")
    result = cli("import", "org", str(path), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert (
        "raci: people.csv row 5: 5 cells where the header has 4 (a separator inside an "
        "unquoted cell?): cell 5 is kept under column E, which has no header"
    ) in result.stderr.splitlines()
    assert "4 rows" in result.stderr
    # where the message says it is: the person's attribute from column E
    person = yaml.safe_load((tmp_path / "out" / "people.yaml").read_text())["people"][-1]
    assert person["attributes"]["column_e"] == "oops"


@pytest.mark.parametrize("roles", [[], ["--roles", "B:C"]])
def test_a_long_rows_cells_are_where_the_message_says(
    cli: Cli, tmp_path: Path, roles: list[str]
) -> None:
    """'the cells from here on have no column' was said of cells kept as a role column or
    an attribute; with --roles, the cells (and any column right of the roles) were lost."""
    path = tmp_path / "m.csv"
    path.write_text("Activity,CEO,CTO,Notes\nPlan,A,R,n1\nShip,I,A,n2,,Y,Z\n", encoding="utf-8")
    result = cli("import", "matrix", str(path), "-o", str(tmp_path / "out"), *roles)
    assert result.exit_code == 1
    assert (
        "raci: m.csv row 3: 7 cells where the header has 4 (a separator inside an unquoted "
        "cell?): cells 6-7 are kept under columns F-G, which have no header"
    ) in result.stderr.splitlines()
    doc = yaml.safe_load((tmp_path / "out" / "m.yaml").read_text())
    ship = doc["activities"][1]
    assert ship["attributes"] == {"Notes": "n2", "Column f": "Y", "Column g": "Z"}
    assert doc["activities"][0]["attributes"] == {"Notes": "n1"}


def test_a_row_longer_than_most_says_so_not_the_header(tmp_path: Path) -> None:
    """Most rows have a notes cell under no header: the width is theirs."""
    path = tmp_path / "m.csv"
    path.write_text("Activity,CEO\nPlan,A,n\nShip,R,n\nHire,A,n,x,,y\n", encoding="utf-8")
    assert [str(p) for p in read_table(path).problems] == [
        "m.csv row 4: 6 cells where most rows have 3 (a separator inside an unquoted cell?): "
        "cells 4, 6 are kept under columns D, F, which have no header"
    ]


def _long_cell(path: Path, length: int) -> Path:
    path.write_text(f'Activity,CEO,CPO\n"{"x" * length}",A,R\nShip,I,A\n', encoding="utf-8")
    return path


@pytest.mark.parametrize("length", [131_073, 500_000, 2_000_000])
def test_one_long_cell_does_not_refuse_the_file(tmp_path: Path, length: int) -> None:
    before = csv.field_size_limit()
    table = read_table(_long_cell(tmp_path / "m.csv", length))
    assert csv.field_size_limit() == before
    assert [len(row[0]) for row in table.rows] == [8, length, 4]


def test_a_long_cell_imports(cli: Cli, tmp_path: Path) -> None:
    path = _long_cell(tmp_path / "m.csv", 131_073)
    result = cli("import", "matrix", str(path), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    written = yaml.safe_load((tmp_path / "out" / "m.yaml").read_text())
    assert len(written["activities"]) == 2


def test_a_csv_error_does_not_leave_the_field_limit_raised(tmp_path: Path) -> None:
    path = tmp_path / "q.csv"
    path.write_text('a,b\n"x', encoding="utf-8")
    before = csv.field_size_limit()
    with pytest.raises(TableError):
        read_table(path)
    assert csv.field_size_limit() == before


def test_a_huge_csv_is_refused_after_reading_no_more_than_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 1 GB file (sparse: no disk used) against a 1 MB limit: refused having read
    1 MB, where the whole file was read into memory first."""
    import tracemalloc

    from raci.imports import tabular

    monkeypatch.setattr(tabular, "MAX_CSV_BYTES", 2**20)
    path = tmp_path / "huge.csv"
    with path.open("wb") as f:
        f.truncate(2**30)
    tracemalloc.start()
    try:
        with pytest.raises(TableError, match="over the 1 MB limit"):
            read_table(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16 * 2**20
