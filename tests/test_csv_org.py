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
