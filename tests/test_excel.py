"""The exported workbook, read back with openpyxl and with python-calamine, and
edits coming back in through `raci import xlsx`."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
import python_calamine

import raci
from raci.excel import layout as L
from raci.excel.export import build_workbook, export_xlsx
from raci.runner import CheckOptions, run_check
from tests.conftest import BUNDLED, Cli, write_org
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


def test_sheets(exported: Path) -> None:
    wb = openpyxl.load_workbook(exported)
    assert wb.sheetnames == [
        "Matrix",
        "Findings",
        "Workload",
        "Org health",
        "Roles",
        "People",
        "Legend",
        "About",
        "_raci",
    ]
    assert wb["_raci"].sheet_state == "hidden"


def test_matrix_layout(exported: Path) -> None:
    ws = openpyxl.load_workbook(exported)["Matrix"]
    assert ws["B1"].value == "RACI matrix: Lumen Software"
    assert ws.freeze_panes == "D6"
    assert ws.column_dimensions["A"].hidden
    assert ws.row_dimensions[2].hidden
    assert [ws.cell(2, c).value for c in range(4, 12)] == [
        "ceo",
        "cpo",
        "cto",
        "cfo",
        "cmo",
        "coo",
        "cro",
        "chro",
    ]
    assert "D3:K3" in {str(r) for r in ws.merged_cells.ranges}  # the exec team's header
    assert ws["D3"].value == "Executive team"
    assert ws["D5"].value == "Chief Executive Officer"
    assert ws["E4"].value == "Priya Raman"
    # Areas as row groups: an area at level 0, its activities at level 1 below it.
    assert (ws["A6"].value, ws["B6"].value) == (
        "vision-and-strategy",
        "Product vision and strategy",
    )
    assert ws["B6"].font.b
    assert ws.row_dimensions[7].outlineLevel == 1
    assert ws.sheet_properties.outlinePr.summaryBelow is False
    assert (ws["A7"].value, ws["E7"].value, ws["D7"].value) == ("define-product-vision", "A/R", "C")
    assert ws.auto_filter.ref.startswith("A5:")  # the hidden ids sort with their rows


def test_matrix_drop_down_colours_and_print_setup(exported: Path) -> None:
    ws = openpyxl.load_workbook(exported)["Matrix"]
    (dv,) = ws.data_validations.dataValidation
    assert dv.type == "list"
    assert dv.formula1 == '"R,A,C,I,A/R"'
    assert str(dv.sqref).startswith("D6:")
    rules = [r for cf in ws.conditional_formatting for r in cf.rules]
    assert [r.formula[0] for r in rules] == ['"R"', '"A"', '"C"', '"I"', '"A/R"']
    assert rules[1].dxf.fill.fgColor.rgb.endswith(L.COLOURS[L.Meaning.DECIDER])
    setup = ws.page_setup
    assert (setup.orientation, setup.fitToWidth, setup.fitToHeight) == ("landscape", 1, 0)
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$1:$5"
    assert "Page &P of &N" in ws.oddFooter.center.text


def test_findings_workload_roles_about(exported: Path) -> None:
    wb = openpyxl.load_workbook(exported)
    findings = wb["Findings"]
    rows = list(findings.iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[1]) for r in rows] == [
        ("info", "vacant-role"),
        ("warning", "authority-gap"),
        ("warning", "authority-gap"),
    ]
    # staff-product-teams' A comes from a policy: its finding points at the activity,
    # which sorts before the other authority gap's file
    assert rows[1][7] == """=HYPERLINK("#'Matrix'!B20","row 20")"""
    assert findings["A3"].fill.fgColor.rgb.endswith("FFD966")
    matrix = wb["Matrix"]
    assert matrix["A20"].value == "staff-product-teams"
    assert matrix["C20"].value == "▲"  # the row is marked on the matrix too
    workload = wb["Workload"]
    assert [c.value for c in workload[1]][:8] == [
        "Role",
        "Title",
        "Held by",
        "R Responsible",
        "A Accountable",
        "C Consulted",
        "I Informed",
        "Total",
    ]
    assert [c.value for c in workload[3]][:8] == [
        "cpo",
        "Chief Product Officer",
        "Priya Raman",
        9,
        15,
        1,
        3,
        28,
    ]
    assert len(workload._charts) == 1
    roles = {r[0]: r for r in wb["Roles"].iter_rows(min_row=2, values_only=True)}
    assert roles["head-design"][5:7] == ("Kim Park", "yes")
    health = {
        r[0]: r[1]
        for r in wb["Org health"].iter_rows(min_row=2, max_col=2, values_only=True)
        if r[0]
    }
    assert (health["Layers"], health["Vacant roles"], health["Managers"]) == (5, 1, 16)
    about = dict(wb["About"].iter_rows(min_row=2, max_col=2, values_only=True))
    assert about["Organisation"] == "Lumen Software"
    assert about["Scheme"] == "RACI"
    assert (about["Activities"], about["Areas"]) == ("39", "10")  # as check and stats say


def test_a_second_reader_agrees(exported: Path) -> None:
    book = python_calamine.CalamineWorkbook.from_path(str(exported))
    rows = book.get_sheet_by_name("Matrix").to_python(skip_empty_area=False)
    wb = openpyxl.load_workbook(exported, read_only=True)
    try:
        for r, row in enumerate(wb["Matrix"].iter_rows(values_only=True)):
            assert [v if v is not None else "" for v in row] == rows[r][: len(row)]
    finally:
        wb.close()


def test_same_input_same_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    report = run_check(CheckOptions(BUNDLED, use_cache=False))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    first, second = build_workbook(report)[0], build_workbook(report)[0]
    assert hashlib.sha256(first).digest() == hashlib.sha256(second).digest()
    target = tmp_path / "x.xlsx"
    target.write_bytes(first)
    wb = openpyxl.load_workbook(target)
    assert str(wb.properties.created) == "2026-01-01 00:00:00"
    assert str(wb.properties.modified) == "2026-01-01 00:00:00"  # not the clock at saving
    assert (
        dict(wb["About"].iter_rows(min_row=2, max_col=2, values_only=True))["Exported"]
        == "2026-01-01 00:00 UTC"
    )


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    roles = Path("tests/rules/no-accountable/pass.yaml").read_text()
    text = (
        roles.replace("title: Roadmap", "title: '=HYPERLINK(\"http://evil\")'")
        .replace("title: Budget", "title: '+1 budget'")
        .replace("name: Dana", "name: '@dana'")
    )
    write_org(tmp_path / "org", {"org.yaml": text})
    target = tmp_path / "out.xlsx"
    export_xlsx(run_check(CheckOptions(tmp_path / "org")), target)
    ws = openpyxl.load_workbook(target)["Matrix"]
    titles = {ws.cell(r, 2).value: ws.cell(r, 2) for r in range(6, 8)}
    cell = titles['=HYPERLINK("http://evil")']
    assert cell.data_type == "s"
    assert cell.quotePrefix
    assert titles["+1 budget"].data_type == "s"
    assert ws["D4"].value == "@dana"
    assert ws["D4"].data_type == "s"


def test_a_failed_write_leaves_the_previous_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "raci.xlsx"
    target.write_bytes(b"the previous workbook")
    report = run_check(CheckOptions(BUNDLED, use_cache=False))

    def broken(*_args: object, **_kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.fsync", broken)
    with pytest.raises(OSError, match=r"(?i)no space left"):
        export_xlsx(report, target)
    assert target.read_bytes() == b"the previous workbook"
    assert [p.name for p in tmp_path.iterdir()] == ["raci.xlsx"]


def test_export_command(cli: Cli, tmp_path: Path) -> None:
    result = cli("export", "xlsx", "org", "-o", str(tmp_path / "board.xlsx"))
    assert result.exit_code == 0
    assert "wrote" in result.stderr
    assert (tmp_path / "board.xlsx").stat().st_size > 10_000


# -- import ------------------------------------------------------------------------


def test_export_then_import_changes_nothing(cli: Cli, exported: Path) -> None:
    result = cli("import", "xlsx", str(exported), "org")
    assert (result.exit_code, result.stdout) == (0, "")
    assert "0 changed cells, 0 problems" in result.stderr


def edit(source: Path, target: Path, cells: dict[str, str | None]) -> Path:
    wb = openpyxl.load_workbook(source)
    for ref, value in cells.items():
        wb["Matrix"][ref] = value
    wb.save(target)
    return target


def test_edited_cells_come_back_as_an_exact_diff(cli: Cli, exported: Path, tmp_path: Path) -> None:
    edited = edit(
        exported,
        tmp_path / "e.xlsx",
        {
            "E7": "r",  # cpo, define-product-vision: A/R -> R
            "G7": "  c ",  # cfo: I -> C
            "D9": None,  # ceo, maintain-product-roadmap: I -> nothing
            "M9": "\u0421",  # head-design (Cyrillic Es): nothing -> C
            "B7": "Define the vision (renamed in Excel)",
        },
    )
    result = cli("import", "xlsx", str(edited), "org", "-f", "json")
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc == {
        "changes": [
            {
                "activity": "define-product-vision",
                "role": "cpo",
                "old": "A/R",
                "new": "R",
                "cell": "Matrix!E7",
            },
            {
                "activity": "define-product-vision",
                "role": "cfo",
                "old": "I",
                "new": "C",
                "cell": "Matrix!G7",
            },
            {
                "activity": "maintain-product-roadmap",
                "role": "ceo",
                "old": "I",
                "new": "",
                "cell": "Matrix!D9",
            },
            {
                "activity": "maintain-product-roadmap",
                "role": "head-design",
                "old": "",
                "new": "C",
                "cell": "Matrix!M9",
            },
        ],
        "problems": [],
    }
    text = cli("import", "xlsx", str(edited), "org").stdout.splitlines()
    assert text[0] == "define-product-vision / cpo: A/R -> R"
    assert text[2] == "maintain-product-roadmap / ceo: I -> -"


def test_bad_letters_are_rejected_with_their_cell(cli: Cli, exported: Path, tmp_path: Path) -> None:
    edited = edit(exported, tmp_path / "bad.xlsx", {"E7": "X", "F7": "C/I", "G7": "A"})
    result = cli("import", "xlsx", str(edited), "org", "--write")
    assert result.exit_code == 1
    assert "raci: Matrix!E7: 'X' is not a RACI letter" in result.stderr
    assert "raci: Matrix!F7: 'C/I': C and I do not go together in RACI" in result.stderr
    assert "nothing written" in result.stderr


def test_write_records_the_edits_in_the_yaml(
    cli: Cli, exported: Path, org_copy: Path, tmp_path: Path
) -> None:
    edited = edit(exported, tmp_path / "e.xlsx", {"E7": "r", "G7": "C", "D9": None, "M9": "C"})
    vision = org_copy / "responsibilities" / "01-vision-and-strategy.yaml"
    before = vision.read_text()
    result = cli("import", "xlsx", str(edited), str(org_copy), "--write")
    assert result.exit_code == 0, result.stderr
    assert "wrote 1 file" in result.stderr
    after = vision.read_text()
    assert after.splitlines()[:9] == before.splitlines()[:9]  # comments and area untouched
    assert "raci: {C: [ceo, cto, cmo, cfo], I: [chro, coo, cro, vp-product], A: []}" in after
    assert (
        "raci: {C: [cto, cro, product-marketing-lead, head-design], I: [cpo, pm-checkout, "
        "pm-growth, pm-mobile, pm-platform]}" in after
    )
    assert len(after.splitlines()) == len(before.splitlines())
    # Imported again, the workbook now matches the org exactly.
    again = cli("import", "xlsx", str(edited), str(org_copy))
    assert (again.exit_code, again.stdout) == (0, "")


def test_libreoffice_resave_imports_without_spurious_changes(
    cli: Cli, exported: Path, tmp_path: Path
) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed here (scripts/test.py installs it in CI)")
    out = tmp_path / "resaved"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            str(exported),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    resaved = out / "raci.xlsx"
    assert resaved.read_bytes() != exported.read_bytes()
    result = cli("import", "xlsx", str(resaved), "org")
    assert (result.exit_code, result.stdout) == (0, "")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not a zip", "not an xlsx workbook"),
        (None, "no such"),
    ],
)
def test_unreadable_workbooks_exit_2(
    cli: Cli, tmp_path: Path, content: bytes | None, message: str
) -> None:
    path = tmp_path / "x.xlsx"
    if content is not None:
        path.write_bytes(content)
    result = cli("import", "xlsx", str(path), "org")
    assert result.exit_code == 2
    assert message in result.stderr.lower()
    assert "Traceback" not in result.stderr


def test_a_workbook_not_made_by_raci(cli: Cli, tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active["A1"] = "hello"
    wb.save(tmp_path / "plain.xlsx")
    result = cli("import", "xlsx", str(tmp_path / "plain.xlsx"), "org")
    assert result.exit_code == 2
    assert "use `raci import matrix`" in result.stderr


def test_size_limits(monkeypatch: pytest.MonkeyPatch, exported: Path) -> None:
    from raci.excel import safety

    monkeypatch.setattr(safety, "MAX_FILE_BYTES", 1000)
    with pytest.raises(safety.WorkbookError, match="over the 0 MB limit"):
        safety.check_file(exported)
    monkeypatch.setattr(safety, "MAX_FILE_BYTES", 10**9)
    monkeypatch.setattr(safety, "MAX_UNPACKED_BYTES", 1000)
    with pytest.raises(safety.WorkbookError, match="unpacks to"):
        safety.check_file(exported)
    monkeypatch.setattr(safety, "MAX_UNPACKED_BYTES", 10**9)
    monkeypatch.setattr(safety, "MAX_CELLS", 10)
    with pytest.raises(safety.WorkbookError, match="over the 10 raci reads"):
        raci.excel.read.read_exported(exported, raci.load(BUNDLED))


def test_a_deleted_activity_row_is_named_not_ignored(
    cli: Cli, exported: Path, tmp_path: Path
) -> None:
    wb = openpyxl.load_workbook(exported)
    ws = wb["Matrix"]
    gone = ws["A8"].value  # the row's hidden activity id
    ws.delete_rows(8)
    wb.save(tmp_path / "del.xlsx")
    result = cli("import", "xlsx", str(tmp_path / "del.xlsx"), "org")
    assert result.exit_code == 0
    assert "raci: note: no row in the workbook for 1 activity (deleted there" in result.stderr
    assert f"'{gone}'; nothing is changed for them" in result.stderr


def test_a_workbook_older_than_the_yaml_never_undoes_a_yaml_change(
    cli: Cli, org_copy: Path, tmp_path: Path
) -> None:
    old = tmp_path / "old.xlsx"
    assert cli("export", "xlsx", str(org_copy), "-o", str(old)).exit_code == 0
    edited = edit(old, tmp_path / "edited.xlsx", {"D9": None})  # an edit on another row
    vision = org_copy / "responsibilities" / "01-vision-and-strategy.yaml"
    before = vision.read_text(encoding="utf-8")
    assert "{C: [ceo, cto, cmo]" in before
    vision.write_text(before.replace("{C: [ceo, cto, cmo]", "{C: [ceo, cto, cmo, cfo]"))
    result = cli("import", "xlsx", str(edited), str(org_copy), "--write")
    assert result.exit_code == 1
    assert (
        "Matrix!G7: activity 'define-product-vision' changed in the YAML after this workbook "
        "was exported, so 'I' here is not applied over 'C'"
    ) in result.stderr
    assert "nothing written" in result.stderr
    assert "{C: [ceo, cto, cmo, cfo]" in vision.read_text(encoding="utf-8")
    # Exported again, the same edit goes through.
    fresh = tmp_path / "fresh.xlsx"
    assert cli("export", "xlsx", str(org_copy), "-o", str(fresh)).exit_code == 0
    again = cli(
        "import", "xlsx", str(edit(fresh, tmp_path / "e2.xlsx", {"D9": None})), str(org_copy)
    )
    assert again.exit_code == 0, again.stderr
    assert "1 changed cell, 0 problems" in again.stderr


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


def test_a_column_added_in_the_spreadsheet_is_reported(
    cli: Cli, exported: Path, tmp_path: Path
) -> None:
    wb = openpyxl.load_workbook(exported)
    ws = wb["Matrix"]
    ws.insert_cols(5)  # before cpo: a column with no hidden role id
    ws["E5"] = "Chief of Staff"
    ws["E7"] = "R"
    wb.save(tmp_path / "added.xlsx")
    result = cli("import", "xlsx", str(tmp_path / "added.xlsx"), "org")
    assert (result.exit_code, result.stdout) == (1, "")
    assert (
        "raci: Matrix!E2: a column without a role id (a column added in the spreadsheet?); "
        "its cells are not read: add the role to the YAML instead"
    ) in result.stderr


def test_cells_merged_over_letters_are_reported_not_read_as_deleted(
    cli: Cli, exported: Path, tmp_path: Path
) -> None:
    wb = openpyxl.load_workbook(exported)
    wb["Matrix"].merge_cells("E7:F7")  # cpo A/R, cto C: the file keeps E7 only
    wb.save(tmp_path / "merged.xlsx")
    result = cli("import", "xlsx", str(tmp_path / "merged.xlsx"), "org", "--write")
    assert (result.exit_code, result.stdout) == (1, "")
    assert (
        "raci: Matrix!E7:F7: cells merged over letters: the file keeps the first cell's value "
        "only, so the others would read as empty; unmerge them and type each letter"
    ) in result.stderr
    assert "raci: 0 changed cells, 1 problem; nothing written" in result.stderr


@pytest.mark.parametrize("kind", ["xlsx", "pptx"])
def test_an_export_of_an_org_that_did_not_all_load_exits_1(
    cli: Cli, tmp_path: Path, kind: str
) -> None:
    """Written without the file that did not load (an executive would get a matrix
    without that area), with a warning, and exit 1 as an import that met problems."""
    org = tmp_path / "org"
    shutil.copytree(BUNDLED, org)
    broken = next((org / "responsibilities").glob("01-*.yaml"))
    broken.write_text(broken.read_text(encoding="utf-8") + "x: [\n", encoding="utf-8")
    out = tmp_path / f"raci.{kind}"
    result = cli("export", kind, str(org), "-o", str(out))
    assert result.exit_code == 1
    assert "raci: warning: 1 load problem in the org" in result.stderr
    assert out.stat().st_size > 0
    assert cli("export", kind, str(BUNDLED), "-o", str(out)).exit_code == 0
