"""The exported workbook edited the way an executive edits it in Excel or LibreOffice:
every edit is read, or said at its cell. Rows sorted without the hidden id column, and
comments, were neither."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from openpyxl.comments import Comment

from raci.excel.export import export_xlsx
from raci.runner import CheckOptions, run_check
from tests.conftest import BUNDLED, Cli


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("edits") / "raci.xlsx"
    export_xlsx(run_check(CheckOptions(BUNDLED, use_cache=False)), target)
    return target


def test_rows_sorted_without_their_hidden_ids_are_reported_not_misread(
    cli: Cli, exported: Path, tmp_path: Path
) -> None:
    """A sort of the visible columns only (a selection from column B; the filter itself
    starts at the hidden column A) moves the titles and letters of rows 7-9, not the
    ids in column A, and each row's letters were read as another activity's edits."""
    org = tmp_path / "org"
    shutil.copytree(BUNDLED, org)
    wb = openpyxl.load_workbook(exported)
    ws = wb["Matrix"]
    width = ws.max_column
    rows = [[ws.cell(r, c).value for c in range(2, width + 1)] for r in range(7, 10)]
    rows.sort(key=lambda row: str(row[0]))  # by title, as the filter's sort does
    for r, row in enumerate(rows, start=7):
        for c, value in enumerate(row, start=2):
            ws.cell(r, c).value = value
    ws["E10"] = "R"  # an edit in a row the sort did not touch: still read
    wb.save(tmp_path / "sorted.xlsx")
    before = {p: p.read_bytes() for p in org.rglob("*.yaml")}
    result = cli("import", "xlsx", str(tmp_path / "sorted.xlsx"), str(org), "-f", "json")
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    said = (
        "(rows sorted or moved without the hidden column A?); its cells are not read: sort "
        "whole rows, or export again"
    )
    # by title: 'Define...' stays in row 7, 'Maintain...' and 'Set...' change places
    assert doc["problems"] == [
        {
            "cell": "Matrix!B8",
            "message": "the title of activity 'maintain-product-roadmap' ('Maintain the "
            "product roadmap') in the row of 'set-product-strategy' " + said,
        },
        {
            "cell": "Matrix!B9",
            "message": "the title of activity 'set-product-strategy' ('Set the multi-year "
            "product strategy and its bets') in the row of 'maintain-product-roadmap' " + said,
        },
    ]
    assert [c["cell"] for c in doc["changes"]] == ["Matrix!E10"]
    written = cli("import", "xlsx", str(tmp_path / "sorted.xlsx"), str(org), "--write")
    assert written.exit_code == 1
    assert "nothing written" in written.stderr
    assert {p: p.read_bytes() for p in org.rglob("*.yaml")} == before


def test_a_renamed_title_is_still_read(cli: Cli, exported: Path, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(exported)
    wb["Matrix"]["B7"] = "Vision (renamed)"
    wb["Matrix"]["E7"] = "A"
    wb.save(tmp_path / "renamed.xlsx")
    result = cli("import", "xlsx", str(tmp_path / "renamed.xlsx"), "org")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "define-product-vision / cpo: A/R -> A\n"


def test_comments_are_named_with_their_cells(cli: Cli, exported: Path, tmp_path: Path) -> None:
    """A comment is not a letter: it is not read, and each is said with its cell and text
    (they were dropped without a word)."""
    wb = openpyxl.load_workbook(exported)
    ws = wb["Matrix"]
    ws["E7"].comment = Comment("Priya: should be A only", "CEO")
    ws["B9"].comment = Comment("drop this one?\nask Tom", "CEO")
    wb.save(tmp_path / "comments.xlsx")
    result = cli("import", "xlsx", str(tmp_path / "comments.xlsx"), "org")
    assert (result.exit_code, result.stdout) == (0, "")
    assert [x for x in result.stderr.splitlines() if "comment" in x] == [
        "raci: note: Matrix!E7: a comment, not imported: 'Priya: should be A only'",
        "raci: note: Matrix!B9: a comment, not imported: 'drop this one? ask Tom'",
    ]


def commented(path: Path, title: str, rows: list[list[str | None]], notes: dict[str, str]) -> Path:
    """A one-sheet workbook of `rows`, with a comment on each cell of `notes`."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = title
    for row in rows:
        ws.append(row)
    for ref, text in notes.items():
        ws[ref].comment = Comment(text, "me")
    wb.save(path)
    return path


def test_import_matrix_and_org_name_a_sheets_comments(cli: Cli, tmp_path: Path) -> None:
    matrix = [["Activity", "CEO", "CTO"], ["Plan", "A", "R"], ["Ship", "R", "A"]]
    path = commented(tmp_path / "m.xlsx", "RACI", matrix, {"C3": "or the VP?"})
    result = cli("import", "matrix", str(path), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    assert "raci: RACI!C3: a comment, not imported: 'or the VP?'" in result.stderr.splitlines()
    people = [
        ["Name", "Title", "Manager"],
        ["Dana Top", "CEO", None],
        ["Ann Lee", "CTO", "Dana Top"],
    ]
    path = commented(tmp_path / "hr.xlsx", "People", people, {"B3": "acting"})
    result = cli("import", "org", str(path), "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert "raci: People!B3: a comment, not imported: 'acting'" in result.stderr.splitlines()


def test_an_export_saved_as_xls_keeps_the_letter_under_an_error_cell(
    cli: Cli, exported: Path, tmp_path: Path
) -> None:
    """Saved as .xls by LibreOffice, an #N/A read as an empty cell deleted the org's A/R."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed here (scripts/test.py installs it in CI)")
    wb = openpyxl.load_workbook(exported)
    wb["Matrix"]["E7"] = "=NA()"
    wb["Matrix"]["F8"] = "r"
    wb.save(tmp_path / "edited.xlsx")
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "xls",
            "--outdir",
            str(tmp_path),
            str(tmp_path / "edited.xlsx"),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    result = cli("import", "xlsx", str(tmp_path / "edited.xls"), "org")
    assert result.exit_code == 1
    assert result.stdout == "set-product-strategy / cto: C -> R\n"
    assert (
        "raci: Matrix!E7: the Excel error #N/A (no value: a lookup that found nothing), not a "
        "value; correct it in the workbook; the org's 'A/R' is kept"
    ) in result.stderr.splitlines()
