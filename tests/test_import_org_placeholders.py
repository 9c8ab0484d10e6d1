"""What an HRIS export writes where nobody's name is ('N/A', '-', '0', '#N/A', 'TBD',
'Vacant, Position', an empty cell) makes the role vacant, and the import says so at the
row and column; a real name that merely looks odd stays a person."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import raci
from raci.imports.org import parse_map, read_org
from raci.imports.org_columns import placeholder
from raci.imports.tabular import Table
from tests.conftest import Cli

HRIS = Path(__file__).parent / "hris"
PLACEHOLDERS = [
    "N/A", "n/a", "-", "--", "#N/A", "0", "TBD", "Vacant", "Vacant, Position",
    "Open position", "", "NA", "#REF!", "none", "\u2014", "?", "VACANT - Engineer",
    "Position, Open",
]  # fmt: skip


def test_placeholders_are_vacant_roles_with_a_message(cli: Cli, tmp_path: Path) -> None:
    result = cli("import", "org", str(HRIS / "placeholders.csv"), "-o", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    said = [x for x in result.stderr.splitlines() if x.startswith("raci: placeholders.csv ")]
    assert said == [
        f"raci: placeholders.csv row {row}, column 'Name': {text} read as vacant (no holder)"
        for row, text in [
            (3, "'N/A' names nobody:"),
            (4, "'n/a' names nobody:"),
            (5, "'-' names nobody:"),
            (6, "'--' names nobody:"),
            (7, "'#N/A' names nobody:"),
            (8, "'0' names nobody:"),
            (9, "'TBD' names nobody:"),
            (10, "'Vacant, Position' names nobody:"),
            (11, "'Open position' names nobody:"),
            (12, "no name:"),
            (13, "'Vacant' names nobody:"),
        ]
    ]
    assert result.stderr.splitlines()[-1].startswith(
        "raci: 15 rows, 4 people, 13 roles (11 vacant), 14 reporting lines (0 not resolved)"
    )
    doc = yaml.safe_load((tmp_path / "placeholders.yaml").read_text(encoding="utf-8"))
    assert [p["name"] for p in doc["people"]] == [
        "Dana Whitfield",
        "Na",
        "O'Neil-Smith Jr.",
        "X \u00c6 A-12",
    ]
    roles = {r["origin"]: r for r in doc["roles"]}
    assert roles["placeholders.csv row 3"]["holders"] == []
    assert roles["placeholders.csv row 3"]["title"] == "Engineer"
    # The people under a vacant role stay under it.
    assert roles["placeholders.csv rows 14, 15, 16"]["reports_to"] == "qa-lead"
    vacant = [
        f.message
        for f in raci.check(raci.load(tmp_path)).findings
        if f.rule == "vacant-role" and "row 3)" in f.message
    ]
    assert vacant == ["role 'engineer' (Engineer) is vacant; nobody covers it (from "
                      "placeholders.csv row 3)"]  # fmt: skip


def test_two_name_columns_of_placeholders(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "fl.csv"
    path.write_text(
        "First Name,Last Name,Title,Manager\nAnn,Top,CEO,\nN/A,N/A,Dev,Ann Top\nBo,Na,QA,Ann Top\n",
        encoding="utf-8",
    )
    result = cli("import", "org", str(path), "--dry-run")
    assert result.exit_code == 0
    assert (
        "raci: fl.csv row 3, columns 'First Name' + 'Last Name': 'N/A N/A' names nobody: "
        "read as vacant (no holder)" in result.stderr
    )
    assert "row 4: 'Bo Na', 'QA'" in result.stdout


LETTERS = "abcdefghijklmnopqrstuvwxyzéöçñ"
words = st.builds(
    lambda first, rest: first.upper() + rest,
    st.sampled_from("BCDFGHJKLMNPRSTVWZ"),
    st.text(LETTERS, min_size=1, max_size=9),
)
names = st.one_of(
    st.builds(" ".join, st.lists(words, min_size=1, max_size=4)),
    st.builds(lambda last, first: f"{last}, {first}", words, words),
    st.builds(lambda a, b: f"{a}-{b} {b}", words, words),
    st.builds(lambda a, b: f"{a} O'{b}", words, words),
)


def _read(cells: list[str]) -> list[str]:
    """The names the import keeps, one row per cell under one manager."""
    rows = [["id", "name", "title", "manager"], ["1", "Dana Top", "CEO", ""]]
    rows += [[str(i + 2), cell, "Engineer", "1"] for i, cell in enumerate(cells)]
    result = read_org(Table("t.csv", rows), parse_map(()), "t")
    return [p.name for p in result.positions[1:]]


@settings(derandomize=True, max_examples=50)
@given(st.lists(names, min_size=1, max_size=8))
def test_real_names_never_become_vacant(cells: list[str]) -> None:
    assert _read(cells) == cells


@settings(derandomize=True, max_examples=50)
@given(st.lists(st.sampled_from(PLACEHOLDERS), min_size=1, max_size=8), st.data())
def test_placeholders_always_do(cells: list[str], data: st.DataObject) -> None:
    padded = [data.draw(st.sampled_from(["", " ", "  "])) + c for c in cells]
    assert all(placeholder(c) for c in padded)
    assert _read([c.strip() for c in padded]) == [""] * len(cells)


def test_placeholders_in_a_workbook(cli: Cli, tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "People"
    for row in [
        ["Employee ID", "Name", "Title", "Manager ID"],
        [1, "Dana Top", "CEO", None],
        [2, 0, "Dev", 1],  # a number zero: an empty formula's result
        [3, "n/a", "Dev", 1],
        [4, "Nil Ortega", "QA", 1],
    ]:
        sheet.append(row)
    book.save(tmp_path / "hr.xlsx")
    result = cli("import", "org", str(tmp_path / "hr.xlsx"), "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert [x for x in result.stderr.splitlines() if x.startswith("raci: hr.xlsx row")] == [
        "raci: hr.xlsx row 3, column 'Name': '0' names nobody: read as vacant (no holder)",
        "raci: hr.xlsx row 4, column 'Name': 'n/a' names nobody: read as vacant (no holder)",
    ]
    assert "row 5: id '4', 'Nil Ortega', 'QA'" in result.stdout
