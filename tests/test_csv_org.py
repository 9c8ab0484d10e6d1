"""HRIS exports as clients send them (tests/csv/): every cell, row and reporting line is
kept in the written org or reported with its row, and `raci check` of what the import
wrote agrees."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

from tests.conftest import TESTS, Cli

CSV = TESTS / "csv"


def _import(cli: Cli, tmp_path: Path, name: str) -> tuple[int, str, dict[str, Any]]:
    source = tmp_path / name
    shutil.copy(CSV / name, source)
    result = cli("import", "org", str(source), "-o", str(tmp_path / "out"))
    written = tmp_path / "out" / f"{source.stem}.yaml"
    org = yaml.safe_load(written.read_text(encoding="utf-8")) if written.exists() else {}
    return result.exit_code, result.stderr, org


def _people(org: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {p["name"]: p for p in org["people"]}


def test_an_apostrophe_is_never_taken_for_the_quote(cli: Cli, tmp_path: Path) -> None:
    # The sniffer saw 'Dee' and 'Sammy' and read "Whitfield, Dana" as two cells: the name
    # '"Whitfield', the nickname 'Dana"' and the manager 'Dee', without a ragged row.
    code, err, org = _import(cli, tmp_path, "nicknames.csv")
    assert code == 0, err
    people = _people(org)
    assert sorted(people) == ["Lee Park", "Sam Ortiz", "Whitfield, Dana"]
    assert people["Whitfield, Dana"]["attributes"]["nickname"] == "'Dee'"
    assert people["Sam Ortiz"]["attributes"]["nickname"] == "'Sammy'"
    roles = {r["holders"][0]: r for r in org["roles"]}
    assert roles["p-2"]["reports_to"] == roles["p-1"]["id"]


def test_the_employee_id_is_kept_beside_a_position_id(cli: Cli, tmp_path: Path) -> None:
    # A Workday worker report with a Position ID column: the employee id was written only
    # as the person id 'wd-a100', its case and underscore gone.
    code, err, org = _import(cli, tmp_path, "workday-position-id.csv")
    assert code == 0, err
    people = _people(org)
    assert people["Dana Whitfield"]["attributes"] == {
        "employee_id": "WD_A100",
        "position_id": "P-1",
    }
    assert people["Sam Ortiz"]["attributes"] == {"employee_id": "WD_A101", "position_id": "P-2"}


def test_a_second_id_column_does_not_replace_the_employee_id(cli: Cli, tmp_path: Path) -> None:
    code, err, org = _import(cli, tmp_path, "duplicate-id-header.csv")
    assert code == 0, err
    assert "column 'Employee ID' (as employee_id_2)" in err
    people = _people(org)
    assert people["Dana Whitfield"]["attributes"] == {
        "employee_id": "WD_A100",
        "employee_id_2": "X-9",
    }


def test_rows_above_the_header_and_repeated_headers_are_named(cli: Cli, tmp_path: Path) -> None:
    code, err, org = _import(cli, tmp_path, "title-rows.csv")
    assert code == 0, err
    assert sorted(_people(org)) == ["Dana Whitfield", "Lee Park", "Sam Ortiz"]
    assert (
        "raci: title-rows.csv rows 1-2, above the header (row 3): not read as people: "
        "'Workday Worker Report', 'Run on 2026-11-01'"
    ) in err
    assert "raci: title-rows.csv row 6: the header row again: skipped" in err


def test_excel_sep_line_names_the_separator(cli: Cli, tmp_path: Path) -> None:
    # Excel writes and reads 'sep=;' as the first line; it was read as a title row, the
    # separator sniffed as ',' and the import refused the file (exit 2).
    code, err, org = _import(cli, tmp_path, "excel-sep-line.csv")
    assert code == 0, err
    assert "raci: excel-sep-line.csv line 1: 'sep=;' names the separator" in err
    people = _people(org)
    assert sorted(people) == ["Ortiz, Sam", "Park, Lee", "Whitfield, Dana"]
    assert people["Whitfield, Dana"]["origin"] == "excel-sep-line.csv row 3"
    assert people["Park, Lee"]["attributes"] == {"employee_id": "3", "kostenstelle": "4712"}
    roles = {r["holders"][0]: r for r in org["roles"]}
    assert roles["p-3"]["reports_to"] == roles["p-1"]["id"]


def test_a_second_position_keeps_its_own_cells(cli: Cli, tmp_path: Path) -> None:
    # Dana holds P1 (Berlin, CC1) and P5 (Paris, CC9): she is written once, from P1, and
    # P5's location and cost center were dropped without a word.
    code, err, org = _import(cli, tmp_path, "position-chart-two-posts.csv")
    assert code == 0, err
    dana = _people(org)["Dana Whitfield"]
    assert dana["attributes"] == {
        "cost_center": "CC1",
        "location": "Berlin",
        "position_id": "P1; P5",
    }
    roles = {r["id"]: r for r in org["roles"]}
    assert roles["interim-cfo"]["holders"] == ["dana-whitfield"]
    assert roles["interim-cfo"]["attributes"] == {
        "cost_center": "CC9",
        "location": "Paris",
        "position_id": "P5",
    }
    check = cli("check", str(tmp_path / "out"))
    assert check.exit_code == 0, check.output


def test_departments_that_make_the_same_id_stay_two_teams(cli: Cli, tmp_path: Path) -> None:
    # 'Finance' and 'FINANCE', 'R&D' and 'R+D' were written as two teams with one id each:
    # the import said nothing (exit 0) and `raci check` found two duplicate-id errors.
    code, err, org = _import(cli, tmp_path, "departments-same-id.csv")
    assert code == 0, err
    assert (
        "raci: departments-same-id.csv row 3, column 'Department': 'FINANCE' makes the same "
        "id as 'Finance' (row 2): team id 'finance-2'"
    ) in err
    assert "row 5, column 'Department': 'R+D' makes the same id as 'R&D' (row 4)" in err
    teams = {t["name"]: (t["id"], t["members"]) for t in org["teams"]}
    assert teams == {
        "Finance": ("finance", ["dana"]),
        "FINANCE": ("finance-2", ["sam"]),
        "R&D": ("r-d", ["lee"]),
        "R+D": ("r-d-2", ["kim"]),
        "Forschung & Entwicklung": ("forschung-entwicklung", ["bo"]),
    }
    check = cli("check", str(tmp_path / "out"))
    assert check.exit_code == 0, check.output


def test_a_title_written_otherwise_is_named_when_it_shares_a_role(cli: Cli, tmp_path: Path) -> None:
    # 'ENGINEER' and 'engineer' under the same manager join role 'engineer', titled
    # 'Engineer' from its first row: the way the other rows wrote it went without a word.
    code, err, org = _import(cli, tmp_path, "titles-written-apart.csv")
    assert code == 0, err
    assert (
        "raci: titles-written-apart.csv row 4, column 'Title': 'ENGINEER' shares role "
        "'engineer' with row 3, titled 'Engineer' there"
    ) in err
    assert "row 6, column 'Title': 'engineer' shares role 'engineer' with row 3" in err
    assert "row 5, column 'Title'" not in err  # 'Engineer ' is 'Engineer' once stripped
    engineer = next(r for r in org["roles"] if r["id"] == "engineer")
    assert engineer["holders"] == ["p-2", "p-3", "p-4", "p-5"]


def test_exports_joined_together_keep_their_people(cli: Cli, tmp_path: Path) -> None:
    # Two UTF-8 exports joined with `cat`: the second byte-order mark made the second
    # header a person named 'Name' whose manager 'Manager Employee ID' was not found.
    code, err, org = _import(cli, tmp_path, "joined-exports.csv")
    assert code == 0, err
    assert "raci: joined-exports.csv: 1 byte-order mark inside the text (files joined " in err
    assert "raci: joined-exports.csv row 3: the header row again: skipped" in err
    assert sorted(_people(org)) == ["Dana", "Sam"]


def test_a_european_export_with_a_header_block_and_a_totals_row(cli: Cli, tmp_path: Path) -> None:
    code, err, org = _import(cli, tmp_path, "personio-semicolons.csv")
    assert code == 1, err
    assert (
        "raci: personio-semicolons.csv rows 1-3, above the header (row 5): not read as "
        "people: 'Mitarbeiterliste', 'Stand: 01.11.2026', 'Erstellt von: HR'"
    ) in err
    assert (
        "raci: personio-semicolons.csv row 9: no name and no title: row skipped "
        "(its cells: 'Summe', '2,3')"
    ) in err
    people = _people(org)
    assert people["Whitfield, Dana"]["attributes"] == {
        "employee_id": "00123",
        "fte": "1,0",
        "kostenstelle": "4711",
    }
    roles = {r["holders"][0]: r for r in org["roles"]}
    assert roles["p-00125"]["reports_to"] == roles["p-00123"]["id"]
    check = cli("check", str(tmp_path / "out"))
    assert check.exit_code == 0, check.output


def test_an_id_written_as_another_number_is_named(cli: Cli, tmp_path: Path) -> None:
    # Excel drops leading zeros in one column and writes 126 as 126.0 in another: the
    # manager is not guessed, but the problem names the row that has the same number.
    code, err, org = _import(cli, tmp_path, "ids-as-numbers.csv")
    assert code == 1, err
    assert (
        "raci: ids-as-numbers.csv row 4: manager '123' is not in the file; row 2 has id "
        "'00123', the same number written otherwise: not guessed (unknown-reference)"
    ) in err
    assert "row 6: manager '126' is not in the file; row 5 has id '126.0'" in err
    roles = {r["holders"][0]: r for r in org["roles"]}
    assert roles["p-125"]["reports_to"] == "123"
    assert _people(org)["Dana"]["attributes"] == {"employee_id": "00123"}
    check = cli("check", str(tmp_path / "out"), "--format", "concise")
    assert check.exit_code == 1
    assert (
        "role 'lee' reports to '123', which is not a known role (from ids-as-numbers.csv row 4)"
        in check.output
    )


def test_skipped_header_rows_are_named_once(cli: Cli, tmp_path: Path) -> None:
    code, err, org = _import(cli, tmp_path, "paged-export.csv")
    assert code == 0, err
    assert "raci: paged-export.csv rows 4, 6: the header row again: skipped" in err
    assert sorted(_people(org)) == ["Dana", "Kim", "Lee", "Sam"]
    labels = cli("import", "org", str(TESTS / "hris" / "successfactors.csv"), "--dry-run")
    assert "raci: successfactors.csv row 2: a second header row (labels): skipped" in (
        labels.stderr
    )


def test_a_name_column_beside_first_and_last_is_kept_when_it_says_more(
    cli: Cli, tmp_path: Path
) -> None:
    # First and last name give the person's name; the Name column's
    # 'Whitfield, Dana (Contractor)' and 'Sammy O.' were dropped without a word.
    code, err, org = _import(cli, tmp_path, "name-and-first-last.csv")
    assert code == 0, err
    assert "column 'Name' (as name, where it differs from 'First Name' + 'Last Name')" in err
    people = _people(org)
    assert people["Dana Whitfield"]["attributes"]["name"] == "Whitfield, Dana (Contractor)"
    assert people["Sam Ortiz"]["attributes"]["name"] == "Sammy O."


def test_a_name_column_that_agrees_with_first_and_last_adds_nothing(
    cli: Cli, tmp_path: Path
) -> None:
    code, err, org = _import(cli, tmp_path, "name-and-first-last-same.csv")
    assert code == 0, err
    assert [p["attributes"] for p in org["people"]] == [
        {"employee_id": "1"},
        {"employee_id": "2"},
    ]


def test_a_stray_nul_is_not_called_another_encoding(cli: Cli, tmp_path: Path) -> None:
    # Two NULs in a UTF-8 export were 'UTF-16 or UTF-32 text without a byte-order mark,
    # or not a CSV file': wrong, and no help finding them.
    code, err, _ = _import(cli, tmp_path, "stray-nul.csv")
    assert code == 2
    assert err == (
        f"raci: error: {tmp_path / 'stray-nul.csv'}: line 3 (and line 5) holds NUL "
        "characters, in text that is otherwise UTF-8: a damaged export? Delete them, or "
        "save it again as CSV UTF-8\n"
    )
