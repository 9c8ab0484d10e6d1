"""`raci import xlsx` on workbooks edited the ways people (and their scripts) edit them:
nothing the workbook or the org holds is lost without a message naming the cell."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pytest

from raci.excel.export import export_xlsx
from raci.runner import CheckOptions, run_check
from tests.conftest import BUNDLED, Cli
from tests.workbooks import cache


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("xlsx") / "raci.xlsx"
    export_xlsx(run_check(CheckOptions(BUNDLED, use_cache=False)), target)
    return target


@pytest.fixture
def org_copy(tmp_path: Path) -> Path:
    shutil.copytree(BUNDLED, tmp_path / "org")
    return tmp_path / "org"


def edit(source: Path, target: Path, cells: dict[str, str | None]) -> Path:
    """The workbook saved by openpyxl, which writes formulas without computing them."""
    wb = openpyxl.load_workbook(source)
    for ref, value in cells.items():
        wb["Matrix"][ref] = value
    wb.save(target)
    return target


def test_a_formula_without_a_computed_value_is_reported_and_the_letter_kept(
    cli: Cli, exported: Path, org_copy: Path, tmp_path: Path
) -> None:
    edited = edit(
        exported,
        tmp_path / "f.xlsx",
        {"E7": '="A"', "G7": '=IF(1=1,"C","I")', "D9": None},  # cpo A/R, cfo I, ceo I
    )
    vision = org_copy / "responsibilities" / "01-vision-and-strategy.yaml"
    before = vision.read_text(encoding="utf-8")
    result = cli("import", "xlsx", str(edited), str(org_copy), "--write")
    assert result.exit_code == 1
    advice = (
        "with no computed value (saved by a program that does not compute formulas); "
        "open and save the workbook in Excel or LibreOffice to compute it"
    )
    assert f"raci: Matrix!E7: a formula (=\"A\") {advice}; the org's 'A/R' is kept" in (
        result.stderr
    )
    assert f'raci: Matrix!G7: a formula (=IF(1=1,"C","I")) {advice}; the org\'s \'I\' is kept' in (
        result.stderr
    )
    assert "raci: 1 changed cell, 2 problems; nothing written" in result.stderr
    assert result.stdout == "maintain-product-roadmap / ceo: I -> -\n"
    assert vision.read_text(encoding="utf-8") == before


def test_a_formula_on_an_empty_cell_says_the_org_has_no_letter(
    cli: Cli, exported: Path, tmp_path: Path
) -> None:
    edited = edit(exported, tmp_path / "f.xlsx", {"M9": '="C"'})  # head-design: nothing
    result = cli("import", "xlsx", str(edited), "org", "-f", "json")
    assert result.exit_code == 1
    (problem,) = json.loads(result.stdout)["problems"]
    assert problem["cell"] == "Matrix!M9"
    assert problem["message"].endswith("to compute it; the org has no letter here")


def test_a_formula_with_its_computed_value_reads_as_that_value(
    cli: Cli, exported: Path, org_copy: Path, tmp_path: Path
) -> None:
    edited = edit(exported, tmp_path / "f.xlsx", {"E7": '="R"', "G7": '=IF(1=1,"I","C")'})
    cache(edited, {"E7": "R", "G7": "I"})
    result = cli("import", "xlsx", str(edited), str(org_copy), "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == {
        "changes": [
            {
                "activity": "define-product-vision",
                "role": "cpo",
                "old": "A/R",
                "new": "R",
                "cell": "Matrix!E7",
            }
        ],
        "problems": [],
    }


def test_a_formula_in_the_hidden_ids_is_reported(cli: Cli, exported: Path, tmp_path: Path) -> None:
    edited = edit(exported, tmp_path / "f.xlsx", {"A8": '="maintain-product-roadmap"'})
    result = cli("import", "xlsx", str(edited), "org")
    assert result.exit_code == 1
    assert 'raci: Matrix!A8: a formula (="maintain-product-roadmap") with no computed' in (
        result.stderr
    )
    assert "to compute it; read as empty" in result.stderr


def test_deleted_role_columns_are_named_and_their_letters_kept(
    cli: Cli, exported: Path, org_copy: Path, tmp_path: Path
) -> None:
    wb = openpyxl.load_workbook(exported)
    ws = wb["Matrix"]
    assert [ws["E2"].value, ws["G2"].value] == ["cpo", "cfo"]
    ws.delete_cols(7)  # cfo
    ws.delete_cols(5)  # cpo
    wb.save(tmp_path / "cols.xlsx")
    before = {p: p.read_text(encoding="utf-8") for p in org_copy.rglob("*.yaml")}
    result = cli("import", "xlsx", str(tmp_path / "cols.xlsx"), str(org_copy), "--write")
    assert (result.exit_code, result.stdout) == (0, "")
    assert (
        "raci: note: no column in the workbook for 2 roles with letters in the org "
        "(deleted there?): 'cpo' (Chief Product Officer, column E at export), 'cfo' (Chief "
        "Financial Officer, column G at export); their letters in the YAML are kept: to take "
        "a role off an activity, empty its cell instead"
    ) in result.stderr
    assert "raci: 0 changed cells, 0 problems" in result.stderr
    assert {p: p.read_text(encoding="utf-8") for p in org_copy.rglob("*.yaml")} == before
