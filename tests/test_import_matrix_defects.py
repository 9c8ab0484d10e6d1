"""`raci import matrix` on hand-made files as newcomers make them: nothing in the file
is lost or misread without a message naming its cell."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from raci.imports.matrix import Options, read_matrix
from raci.imports.tabular import Table
from tests.conftest import Cli, write_org
from tests.workbooks import cache

LONG_HEADER = ["Activity", "Responsible", "Accountable", "Consulted", "Informed"]


def csv_text(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def dana_org(path: Path) -> None:
    """An org whose CEO is held by Dana Whitfield."""
    write_org(
        path,
        {
            "org.yaml": "roles:\n  - {id: ceo, title: Chief Executive Officer, holders: [dana]}\n"
            "people:\n  - {id: dana, name: Dana Whitfield}\n"
        },
    )


# -- 3. a comma inside one name of a long matrix ----------------------------------------


def test_last_first_names_in_a_long_matrix_are_one_role_each(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    path.write_text(
        csv_text(
            [
                LONG_HEADER,
                ["Plan", "Smith, Jane", "Doe, John", "CTO, VP Sales", ""],
                ["Ship", "Doe, John; Smith, Jane", "Smith, Jane", "Legal, Finance", "Doe, John"],
                ["Test", "Ann Lee, Bo Park", "Smith, Jane", "", ""],
            ]
        )
    )
    result = cli("import", "matrix", str(path), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "column 'Smith, Jane' -> smith-jane (a new role)",
        "column 'Doe, John' -> doe-john (a new role)",
        "column 'CTO' -> cto (a new role)",
        "column 'VP Sales' -> vp-sales (a new role)",
        "column 'Legal' -> legal (a new role)",
        "column 'Finance' -> finance (a new role)",
        "column 'Ann Lee' -> ann-lee (a new role)",
        "column 'Bo Park' -> bo-park (a new role)",
    ]
    assert (
        "raci: read as one name each (Last, First), not split at the comma: 'Smith, Jane' "
        "('long.csv'!B2), 'Doe, John' ('long.csv'!C2); separate two names with ';' or a "
        "new line"
    ) in result.stderr
    doc = yaml.safe_load((tmp_path / "out" / "long.yaml").read_text())
    assert [a["raci"] for a in doc["activities"]] == [
        {"R": "smith-jane", "A": "doe-john", "C": ["cto", "vp-sales"]},
        {"R": ["doe-john", "smith-jane"], "A": "smith-jane", "C": ["legal", "finance"],
         "I": "doe-john"},
        {"R": ["ann-lee", "bo-park"], "A": "smith-jane"},
    ]  # fmt: skip
    roles = yaml.safe_load((tmp_path / "out" / "long-roles.yaml").read_text())
    assert roles["roles"][0] == {"id": "smith-jane", "title": "Smith, Jane"}


def test_last_first_matches_the_orgs_holder(cli: Cli, tmp_path: Path) -> None:
    dana_org(tmp_path / "org")
    path = tmp_path / "long.csv"
    path.write_text(csv_text([LONG_HEADER, ["Plan", "Whitfield, Dana", "Whitfield, Dana"]]))
    result = cli(
        "import", "matrix", str(path), "-o", str(tmp_path / "out"), "--org", str(tmp_path / "org")
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "column 'Whitfield, Dana' -> ceo (by holder)\n"


def test_two_first_names_that_stand_alone_elsewhere_are_two_people() -> None:
    rows = [LONG_HEADER, ["Plan", "Alice, Bob", "Alice"], ["Ship", "Bob", "Carol"]]
    result = read_matrix(Table("m.csv", rows), None)
    assert [c.header for c in result.columns] == ["Alice", "Bob", "Carol"]
    assert not [n for n in result.notes if "Last, First" in n]


SURNAMES = ["Smith", "Okafor", "Novak", "O'Neil", "Berg", "Tanaka", "Duarte", "Weber",
            "Chen", "Rossi", "Adler", "van Dijk", "Whitfield", "Raman", "Ortiz",
            "Jean-Baptiste"]  # fmt: skip
FIRST = ["Jane", "John", "Priya", "Marc", "Lea", "Sam", "Ines", "Aiko", "Ruth", "Ben", "Mia",
         "Jonas", "Dana", "Tomas", "Zoë", "Łukasz"]  # fmt: skip


@st.composite
def long_matrices(draw: st.DrawFn) -> tuple[list[list[str]], list[dict[str, list[str]]]]:
    people = draw(
        st.lists(
            st.tuples(st.sampled_from(SURNAMES), st.sampled_from(FIRST)),
            min_size=1,
            max_size=8,
            unique=True,
        )
    )
    names = [f"{last}, {first}" for last, first in people]
    listed = draw(st.booleans())  # a row per activity, role and letter
    rows = [["Task", "Role", "RACI"] if listed else LONG_HEADER]
    truth = []
    for i in range(draw(st.integers(1, 6))):
        title = f"Activity number {i} of the plan"
        row = [title]
        letters: dict[str, list[str]] = {}
        for letter in "RACI":
            held = draw(st.lists(st.sampled_from(names), max_size=3, unique=True))
            if letter == "R" and not held:
                held = [names[0]]
            sep = draw(st.sampled_from(["; ", "\n", " and ", " & ", " / "]))
            row.append(sep.join(held))
            rows += [[title, name, letter] for name in held] if listed else []
            if held:
                letters[letter] = held
        rows += [] if listed else [row]
        truth.append(letters)
    return rows, truth


@settings(derandomize=True, max_examples=50, deadline=None)
@given(long_matrices())
def test_names_with_commas_in_a_long_or_list_matrix_come_back_as_the_same_roles(
    drawn: tuple[list[list[str]], list[dict[str, list[str]]]],
) -> None:
    rows, truth = drawn
    result = read_matrix(Table("m.csv", rows), None, options=Options())
    assert result.layout is not None
    assert result.layout.shape == ("list" if rows[0][0] == "Task" else "long")
    header = {c.role: c.header for c in result.columns}
    got = [
        {letter: [header[r] for r in roles] for letter, roles in a.letters.items()}
        for a in result.activities
    ]
    assert got == truth
    assert not result.problems
    assert result.cells_reported == 0


# -- 4. formula cells in a hand-made workbook ------------------------------------------


def workbook(path: Path, rows: list[list[str | None]], sheet: str = "RACI") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_formulas_read_as_their_computed_value_or_are_reported(cli: Cli, tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "m.xlsx",
        [
            ["Activity", "CEO", "CTO"],
            ["Plan", '="A"', "R"],
            ["Ship", '=IF(1=1,"R","C")', '="A"'],
        ],
    )
    cache(path, {"C3": "A"})  # as Excel saves it; B2 and B3 as a script saves them
    result = cli("import", "matrix", str(path), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    advice = (
        "with no computed value (saved by a program that does not compute formulas); "
        "open and save the workbook in Excel or LibreOffice to compute it; written for "
        "`raci check` to report"
    )
    assert f'raci: RACI!B2: a formula (="A") {advice}\n' in result.stderr
    assert f'raci: RACI!B3: a formula (=IF(1=1,"R","C")) {advice}\n' in result.stderr
    assert "is not a RACI letter" not in result.stderr  # one message a cell
    assert "cells read: 4 = 2 kept as letters + 0 none-markers + 2 reported" in result.stderr
    doc = yaml.safe_load((tmp_path / "out" / "m.yaml").read_text())
    assert [a["raci"] for a in doc["activities"]] == [
        {"R": "cto", '="A"': "ceo"},
        {"A": "cto", '=IF(1=1,"R","C")': "ceo"},
    ]


# -- 5. merged titles over the letter columns ---------------------------------------------


def test_a_merged_section_title_is_a_title_not_letters(cli: Cli, tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "RACI"
    for row in [["Activity", "CEO", "CTO"], ["Plan", "A", "R"], ["Ship", "I", "A"]]:
        ws.append(row)
    ws["A4"] = "Phase A"  # a section title over the first role column
    ws.merge_cells("A4:B4")
    ws.append(["Review", "A", "C"])
    ws["A6"] = "C"  # a section named by a letter, over every role column
    ws.merge_cells("A6:C6")
    ws.append(["Close", "R", "A"])
    wb.save(tmp_path / "m.xlsx")
    result = cli("import", "matrix", str(tmp_path / "m.xlsx"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    assert (
        "raci: RACI!A4:B4: 'Phase A' is merged across the activity and role columns: read "
        "once, as a title, not as letters\n"
        "raci: RACI!A6:C6: 'C' is merged across the activity and role columns: read once, "
        "as a title, not as letters\n"
    ) in result.stderr
    assert "cells read: 8 = 8 kept as letters + 0 none-markers + 0 reported" in result.stderr
    doc = yaml.safe_load((tmp_path / "out" / "m.yaml").read_text())
    areas = {a["title"]: [x["title"] for x in a.get("activities", [])] for a in doc["activities"]}
    assert areas == {"Phase A": ["Review"], "C": ["Close"], "Plan": [], "Ship": []}


def test_a_merged_group_header_still_tags_its_roles(cli: Cli, tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    for row in [["", "Leadership", "", "Delivery"], ["Activity", "CEO", "CFO", "Dev"],
                ["Plan", "A", "C", "R"], ["Build", "I", "", "A"]]:  # fmt: skip
        ws.append(row)
    ws.merge_cells("B1:C1")
    wb.save(tmp_path / "g.xlsx")
    result = cli("import", "matrix", str(tmp_path / "g.xlsx"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    assert "merged across" not in result.stderr
    roles = yaml.safe_load((tmp_path / "out" / "g-roles.yaml").read_text())["roles"]
    assert [r.get("tags") for r in roles] == [["leadership"], ["leadership"], ["delivery"]]


# -- 6. overrides that do not fit the sheet ------------------------------------------------

PLAIN = "Activity,CEO,CTO,CFO\nPlan,A,R,C\nShip,I,A,R\nClose,R,,A\n"


def test_an_activity_column_of_letters_is_named(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text(PLAIN)
    out = str(tmp_path / "out")
    result = cli("import", "matrix", str(path), "-o", out, "--activity-column", "C")
    assert result.exit_code == 1
    assert (
        "raci: 'm.csv'!C1: --activity-column C: 2 of its 2 cells are RACI letters, read as "
        "activity titles (is it a role column?)\n"
        "raci: 'm.csv'!B1: column B ('CEO') holds 3 RACI letters but is read as an activity "
        "attribute, left of the activities in column C; --roles names the role columns\n"
    ) in result.stderr


def test_a_transpose_the_sheet_does_not_need_is_named(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text(PLAIN)
    result = cli("import", "matrix", str(path), "-o", str(tmp_path / "out"), "--transpose")
    assert result.exit_code == 0, result.stderr
    assert (
        "raci: --transpose: without it the sheet reads as activities down column A and 3 role "
        "columns across; with it, the roles are 'Plan', 'Ship', 'Close': leave --transpose "
        "out if those are activities\n"
    ) in result.stderr
    plain = cli("import", "matrix", str(path), "-o", str(tmp_path / "out2"))
    assert "--transpose" not in plain.stderr


def test_a_transposed_sheet_with_transpose_gets_no_note(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("Role,Plan the quarter,Ship the release\nCEO,A,I\nCTO,R,A\n")
    result = cli("import", "matrix", str(path), "-o", str(tmp_path / "out"), "--transpose")
    assert result.exit_code == 0, result.stderr
    assert "leave --transpose out" not in result.stderr
    assert result.stdout.splitlines() == [
        "column 'CEO' -> ceo (a new role)",
        "column 'CTO' -> cto (a new role)",
    ]


def test_sheet_for_a_csv_file_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text(PLAIN)
    result = cli("import", "matrix", str(path), "-o", str(tmp_path / "out"), "--sheet", "RACI")
    assert result.exit_code == 2
    assert result.stderr == (
        "raci: error: --sheet 'RACI': m.csv is a text file with no sheets; leave --sheet out "
        "(it picks a sheet of an .xlsx, .xlsm, .xls or .ods workbook)\n"
    )
    assert not (tmp_path / "out").exists()


# -- 7. the scheme note: once, and only when the guess matters ------------------------------

NOTE = "scheme {}, guessed from the letters (--scheme NAME chooses)"


def test_the_scheme_note_is_said_once_when_the_guess_matters(cli: Cli, tmp_path: Path) -> None:
    rasci = tmp_path / "rasci.csv"
    rasci.write_text("Activity,PM,Dev,QA\nPlan,A/R,S,C\nTest,A,S,R\n")
    result = cli("import", "matrix", str(rasci), "-o", str(tmp_path / "o1"))
    assert result.exit_code == 0, result.stderr
    assert result.stderr.count("scheme RASCI, guessed") == 1
    assert f"raci: {NOTE.format('RASCI')}\n" in result.stderr
    dry = cli("import", "matrix", str(rasci), "-o", str(tmp_path / "o2"), "--dry-run")
    assert (dry.stdout + dry.stderr).count("RASCI") == 1  # the layout's 'scheme:' line
    assert "scheme: RASCI (guessed from the letters)\n" in dry.stdout
    odd = tmp_path / "odd.csv"
    odd.write_text("Activity,PM,Dev\nPlan,A/R,yes\n")  # a cell no RACI letter reads
    result = cli("import", "matrix", str(odd), "-o", str(tmp_path / "o3"))
    assert result.exit_code == 1
    assert result.stderr.count(NOTE.format("RACI")) == 1


def test_no_scheme_note_where_it_changes_nothing(cli: Cli, tmp_path: Path) -> None:
    plain = tmp_path / "plain.csv"
    plain.write_text(PLAIN)
    result = cli("import", "matrix", str(plain), "-o", str(tmp_path / "o1"))
    assert result.exit_code == 0, result.stderr
    assert "guessed from" not in result.stderr
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    result = cli("import", "matrix", str(empty), "-o", str(tmp_path / "o2"))
    assert result.exit_code == 2
    assert "guessed from" not in result.stderr
    assert result.stderr.endswith("nothing could be read\n")


# -- the cells' references on a sheet whose first rows are empty ----------------------------


def test_a_matrix_below_empty_rows_is_named_at_its_own_cells(cli: Cli, tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "RACI"
    for r, row in enumerate([["Activity", "CEO", "CTO"], ["Plan", "A", "yes"], ["Ship", "R", "A"]]):
        for c, value in enumerate(row):
            ws.cell(3 + r, 2 + c).value = value  # from B3, as people leave a margin
    wb.save(tmp_path / "m.xlsx")
    result = cli("import", "matrix", str(tmp_path / "m.xlsx"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "raci: RACI!D4: 'yes' is not a RACI letter" in result.stderr
    doc = yaml.safe_load((tmp_path / "out" / "m.yaml").read_text())
    assert [a["origin"] for a in doc["activities"]] == [
        "m.xlsx RACI row 4; unreadable: 'yes' at RACI!D4",
        "m.xlsx RACI row 5",
    ]


# -- a list: one row per activity, role and letter -------------------------------------------


def test_a_list_of_activity_role_letter_rows_is_read_as_such(cli: Cli, tmp_path: Path) -> None:
    dana_org(tmp_path / "org")
    path = tmp_path / "list.csv"
    path.write_text(
        csv_text(
            [
                ["Phase", "Activity", "Person", "RACI"],
                ["Start", "Plan", "Whitfield, Dana", "A"],
                ["", "Plan", "Smith, Jane", "r"],
                ["", "Ship", "Smith, Jane", "A/R"],
                ["", "Ship", "Doe, John", "maybe"],
                ["", "Ship", "", "C"],
                ["", "Ship", "Doe, John", ""],
            ]
        )
    )
    out = tmp_path / "out"
    result = cli("import", "matrix", str(path), "-o", str(out), "--org", str(tmp_path / "org"))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "column 'Whitfield, Dana' -> ceo (by holder)",
        "column 'Smith, Jane' -> smith-jane (a new role)",
        "column 'Doe, John' -> doe-john (a new role)",
    ]
    assert "raci: 'list.csv'!C6: no role named for 'C': not read\n" in result.stderr
    assert "raci: 'list.csv'!D5: 'maybe' is not a RACI letter" in result.stderr
    assert "cells read: 4 = 3 kept as letters + 0 none-markers + 1 reported" in result.stderr
    doc = yaml.safe_load((out / "list.yaml").read_text())
    assert doc["scope"] == ["ceo", "smith-jane", "doe-john"]
    (start,) = doc["activities"]
    assert start["title"] == "Start"
    assert [(a["title"], a["raci"]) for a in start["activities"]] == [
        ("Plan", {"R": "smith-jane", "A": "ceo"}),
        ("Ship", {"R": "smith-jane", "A": "smith-jane", "maybe": "doe-john"}),
    ]


def test_an_activity_column_with_no_titles_below_is_named(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text("Activity,CEO,CTO\n")
    result = cli(
        "import", "matrix", str(path), "-o", str(tmp_path / "out"),
        "--header-row", "1", "--activity-column", "A", "--roles", "B:C",
    )  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr == (
        "raci: 'm.csv'!A2: no activity rows below the header in column A (--activity-column)\n"
        f"raci: error: {path}: nothing could be read\n"
    )
