"""Excel's error values and formulas saved with 0 are reported by cell, never read as
empty or as a name or letter: the scan of the sheet, and each import that reads it."""

from __future__ import annotations

import json
import re
import shutil
import struct
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from raci.cell_errors import ERRORS as MEANINGS
from raci.excel.export import export_xlsx
from raci.excel.formulas import Odd, scan
from raci.excel.safety import open_workbook, read_sheet
from raci.imports.tabular import read_table
from raci.runner import CheckOptions, run_check
from tests.conftest import BUNDLED, TESTS, Cli

SHEET = "xl/worksheets/sheet1.xml"
# The error values Excel writes; calamine 0.9 refuses a sheet with the last one.
ERRORS = ["#N/A", "#REF!", "#DIV/0!", "#VALUE!", "#NAME?", "#NULL!", "#NUM!", "#GETTING_DATA"]


def sheet_xml(path: Path, change: Callable[[str], str]) -> Path:
    """Rewrite the first sheet's XML."""
    with zipfile.ZipFile(path) as archive:
        parts = {i.filename: archive.read(i.filename) for i in archive.infolist()}
    parts[SHEET] = change(parts[SHEET].decode()).encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def cells(path: Path, xml: dict[str, str]) -> Path:
    """Replace cells of the first sheet by their XML, as Excel or xlsxwriter saves them."""

    def change(text: str) -> str:
        for ref, element in xml.items():
            text, n = re.subn(rf'<c r="{ref}"[^>]*?(?:/>|>.*?</c>)', element, text, count=1)
            assert n == 1, ref
        return text

    return sheet_xml(path, change)


def workbook(path: Path, rows: list[list[object]], title: str = "Sheet") -> Path:
    """A sheet of `rows`; a string that is one of Excel's error values is typed as one
    (data_type 'e'), as Excel saves a cell showing it."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = title
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is None:
                continue
            cell = ws.cell(r, c, value)
            if isinstance(value, str) and value in MEANINGS:
                cell.data_type = "e"
    wb.save(path)
    return path


def computed_error(ref: str, formula: str, error: str) -> str:
    return f'<c r="{ref}" t="e"><f>{formula}</f><v>{error}</v></c>'


def saved_zero(ref: str, formula: str) -> str:
    """A formula as xlsxwriter saves it: the value 0, never computed."""
    return f'<c r="{ref}"><f>{formula}</f><v>0</v></c>'


# -- the scan --------------------------------------------------------------------------


def test_the_scan_finds_every_error_value_and_formula_saved_with_0(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "e.xlsx",
        [[e, "x", "x", 0] for e in [*ERRORS, "#SPILL!"]],
    )
    cells(
        path,
        {
            "B1": computed_error("B1", "VLOOKUP(A1,Z:Z,2,0)", "#N/A"),
            "B2": saved_zero("B2", "A2&amp;A3"),
            "B3": '<c r="B3"><f>UPPER("x")</f><v></v></c>',
            "B4": '<c r="B4"><f>1+1</f><v>2</v></c>',  # computed: read as 2
            "B5": '<c r="B5" t="str"><f>"R"</f><v>R</v></c>',
            "C1": computed_error("C1", "1/0", "#DIV/0!"),
        },
    )
    book = open_workbook(path)
    found = scan(book, "Sheet")
    assert found == {
        **{(r, 0): Odd("error", "", e) for r, e in enumerate([*ERRORS, "#SPILL!"])},
        (0, 1): Odd("error", "=VLOOKUP(A1,Z:Z,2,0)", "#N/A"),
        (0, 2): Odd("error", "=1/0", "#DIV/0!"),
        (1, 1): Odd("zero", "=A2&A3"),
        (2, 1): Odd("uncomputed", '=UPPER("x")'),
    }  # the number 0 typed in column D is a value, not a formula's 0
    # calamine refuses a sheet with an error it does not know (#GETTING_DATA, #SPILL!):
    # it is read all the same, every other cell as it is
    rows = read_sheet(book, "Sheet").rows
    assert [row[3] for row in rows] == [0.0] * 9
    assert (rows[3][1], rows[4][1]) == (2.0, "R")
    assert [row[0] for row in rows] == [""] * 9


KINDS = ["", "R", "0", "error", "computed error", "zero", "uncomputed"]


def _grid_xml(grid: list[list[str]]) -> tuple[str, dict[tuple[int, int], Odd]]:
    expected: dict[tuple[int, int], Odd] = {}
    rows = []
    for r, row in enumerate(grid):
        out = []
        for c, kind in enumerate(row):
            ref = f"{chr(65 + c)}{r + 1}"
            error = ERRORS[(r + c) % len(ERRORS)]
            if kind == "R":
                out.append(f'<c r="{ref}" t="inlineStr"><is><t>R</t></is></c>')
            elif kind == "0":
                out.append(f'<c r="{ref}"><v>0</v></c>')
            elif kind == "error":
                out.append(f'<c r="{ref}" t="e"><v>{error}</v></c>')
                expected[(r, c)] = Odd("error", "", error)
            elif kind == "computed error":
                out.append(computed_error(ref, f"X{r}", error))
                expected[(r, c)] = Odd("error", f"=X{r}", error)
            elif kind == "zero":
                out.append(saved_zero(ref, f"Y{c}"))
                expected[(r, c)] = Odd("zero", f"=Y{c}")
            elif kind == "uncomputed":
                out.append(f'<c r="{ref}"><f>Z{r}</f></c>')
                expected[(r, c)] = Odd("uncomputed", f"=Z{r}")
        rows.append(f'<row r="{r + 1}">{"".join(out)}</row>')
    return "".join(rows), expected


@settings(derandomize=True, max_examples=30, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(KINDS), min_size=1, max_size=5), min_size=1, max_size=5),
    st.booleans(),
)
def test_every_misleading_cell_and_no_other(grid: list[list[str]], refs: bool) -> None:
    if not refs:  # without references a cell's place is its count: no gaps
        grid = [[kind or "R" for kind in row] for row in grid]
    body, expected = _grid_xml(grid)
    if not refs:
        body = re.sub(r'(<c) r="[A-Z]+[0-9]+"', r"\1", body)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "f.xlsx"
        sheet_xml(
            workbook(path, [["x"]]),
            lambda text: re.sub(
                r"<sheetData>.*</sheetData>", f"<sheetData>{body}</sheetData>", text, flags=re.S
            ),
        )
        book = open_workbook(path)
        rows = read_sheet(book, "Sheet").rows  # never refused for an error value
        assert scan(book, "Sheet") == expected
        for (r, c), odd in expected.items():  # calamine: nothing, or the 0 saved
            value = rows[r][c] if r < len(rows) and c < len(rows[r]) else ""
            assert value == (0.0 if odd.kind == "zero" else "")


def test_a_table_reads_an_error_as_its_text_and_keeps_what_it_hides(tmp_path: Path) -> None:
    path = workbook(tmp_path / "t.xlsx", [["Name", "Title"], ["#N/A", "Dev"], ["Ann", "x"]])
    cells(path, {"B3": saved_zero("B3", "Z1")})
    table = read_table(path)
    assert table.rows == [["Name", "Title"], ["#N/A", "Dev"], ["Ann", "0"]]
    assert table.errors == {(1, 0): Odd("error", "", "#N/A")}
    assert table.zeros == {(2, 1): Odd("zero", "=Z1")}
    assert table.workbook


# -- raci import xlsx --------------------------------------------------------------------


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("xlsx") / "raci.xlsx"
    export_xlsx(run_check(CheckOptions(BUNDLED, use_cache=False)), target)
    return target


def _matrix_member(path: Path) -> str:
    wb = openpyxl.load_workbook(path)
    return f"xl/worksheets/sheet{wb.sheetnames.index('Matrix') + 1}.xml"


def test_import_xlsx_reports_error_cells_and_keeps_the_orgs_letters(
    cli: Cli, exported: Path, tmp_path: Path
) -> None:
    org = tmp_path / "org"
    shutil.copytree(BUNDLED, org)
    edited = tmp_path / "e.xlsx"
    wb = openpyxl.load_workbook(exported)
    matrix = wb["Matrix"]
    for ref, error in {"E7": "#N/A", "M9": "#GETTING_DATA", "A10": "#REF!"}.items():
        matrix[ref] = error
        matrix[ref].data_type = "e"
    wb.save(edited)
    assert _matrix_member(edited) == SHEET
    cells(
        edited,
        {
            "G7": computed_error("G7", "VLOOKUP(B7,Roles!A:B,2,0)", "#N/A"),
            "D9": saved_zero("D9", "Roles!C4"),
        },
    )
    before = {p: p.read_bytes() for p in org.rglob("*.yaml")}
    result = cli("import", "xlsx", str(edited), str(org), "--write", "-f", "json")
    assert result.exit_code == 1
    problems = json.loads(result.stdout)["problems"]
    fix = "correct it in the workbook"
    compute = "open and save the workbook in Excel or LibreOffice to compute it"
    assert problems == [
        {
            "cell": "Matrix!A10",
            "message": "the Excel error #REF! (a reference to cells that were deleted), not a "
            f"value; {fix}; read as empty",
        },
        {
            "cell": "Matrix!E7",
            "message": "the Excel error #N/A (no value: a lookup that found nothing), not a "
            f"value; {fix}; the org's 'A/R' is kept",
        },
        {
            "cell": "Matrix!G7",
            "message": "a formula (=VLOOKUP(B7,Roles!A:B,2,0)) whose value is the Excel error "
            f"#N/A (no value: a lookup that found nothing), not a value; {fix}; the org's "
            "'I' is kept",
        },
        {
            "cell": "Matrix!D9",
            "message": "a formula (=Roles!C4) saved with the value 0 where text belongs: a value "
            "never computed (xlsxwriter and some scripts save 0 for every formula), or a "
            f"formula on an empty cell; {compute}; the org's 'I' is kept",
        },
        {
            "cell": "Matrix!M9",
            "message": "the Excel error #GETTING_DATA (data still loading when the workbook was "
            f"saved), not a value; {fix}; the org has no letter here",
        },
    ]
    assert "nothing written" in result.stderr
    assert {p: p.read_bytes() for p in org.rglob("*.yaml")} == before


# -- raci import matrix ------------------------------------------------------------------


def test_import_matrix_reports_error_cells_and_formulas_saved_with_0(
    cli: Cli, tmp_path: Path
) -> None:
    path = workbook(
        tmp_path / "m.xlsx",
        [
            ["Activity", "CEO", "CTO", "CFO", "Cost"],
            ["Set pricing", "A", "R", "C", 3],
            ["Hire", "A", "#N/A", "I", 4],
            ["Budget", "#REF!", "x", "A", "x"],
            ["Audit", "R", "#GETTING_DATA", "A", 1],
        ],
        title="RACI",
    )
    # D4 would read as 0, a none-marker; E4 is a number, and its 0 may be real
    cells(path, {"C4": saved_zero("C4", "B2"), "E4": saved_zero("E4", "E2-3")})
    out = tmp_path / "out"
    result = cli("import", "matrix", str(path), "-o", str(out))
    assert result.exit_code == 1
    fix = "correct it in the workbook"
    report = "written for `raci check` to report"
    assert [line for line in result.stderr.splitlines() if "RACI!" in line] == [
        "raci: RACI!C3: the Excel error #N/A (no value: a lookup that found nothing), not a "
        f"value; {fix}; {report}",
        "raci: RACI!B4: the Excel error #REF! (a reference to cells that were deleted), not a "
        f"value; {fix}; {report}",
        "raci: RACI!C4: a formula (=B2) saved with the value 0 where text belongs: a value never "
        "computed (xlsxwriter and some scripts save 0 for every formula), or a formula on an "
        "empty cell; open and save the workbook in Excel or LibreOffice to compute it; "
        f"{report}",
        "raci: RACI!C5: the Excel error #GETTING_DATA (data still loading when the workbook was "
        f"saved), not a value; {fix}; {report}",
    ]
    assert "0 none-markers + 4 reported" in result.stderr
    doc = yaml.safe_load((out / "m.yaml").read_text())
    budget = next(a for a in doc["activities"] if a["title"] == "Budget")
    assert budget["raci"] == {"A": "cfo", "#REF!": "ceo", "=B2": "cto"}
    assert budget["attributes"] == {"Cost": "0"}
    check = cli("check", str(out))  # each kept for `raci check` to report at its cell
    invalid = [x for x in check.stdout.splitlines() if "(LOAD005)" in x]
    for value, cell in [("#N/A", "C3"), ("#REF!", "B4"), ("=B2", "C4"), ("#GETTING_DATA", "C5")]:
        assert any(f"uses '{value}'" in x and f"'{value}' at RACI!{cell}" in x for x in invalid)


def test_import_matrix_reports_error_text_in_a_csv_file(cli: Cli, tmp_path: Path) -> None:
    """Excel writes an error as its text when it saves CSV: said the same way."""
    wide, long = tmp_path / "wide.csv", tmp_path / "long.csv"
    wide.write_text("Activity,CEO,CTO\nPlan,A,#N/A\nShip,R,A\n", encoding="utf-8")
    long.write_text("Activity,R,A,C,I\nPlan,Ann Lee,#REF!,,\n", encoding="utf-8")
    said = "the Excel error #N/A (no value: a lookup that found nothing), not a value"
    result = cli("import", "matrix", str(wide), "-o", str(tmp_path / "w"), "--dry-run")
    assert result.exit_code == 1
    assert (
        f"raci: 'wide.csv'!C2: {said}; correct it in the workbook; written for `raci check` "
        "to report"
    ) in result.stderr.splitlines()
    result = cli("import", "matrix", str(long), "-o", str(tmp_path / "l"), "--dry-run")
    assert result.exit_code == 1
    assert (
        "raci: 'long.csv'!C2: the Excel error #REF! (a reference to cells that were deleted), "
        "not a value; correct it in the workbook; read as its text"
    ) in result.stderr.splitlines()


# -- raci import org ---------------------------------------------------------------------


def test_import_org_reports_error_cells_by_cell(cli: Cli, tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "hr.xlsx",
        [
            ["Employee ID", "Name", "Title", "Manager ID", "Location"],
            [1, "Dana Top", "CEO", None, "HQ"],
            [2, "#N/A", "Engineer", 1, "HQ"],
            [3, "#REF!", "Engineer", 1, "HQ"],
            [4, "Lee Ann", "#VALUE!", 1, "#N/A"],
            [5, "Bo Park", "Dev", "x", "HQ"],
            [6, "Cy Ek", "x", 1, "#N/A"],
            [7, "x", "Dev", 1, "HQ"],
            ["#GETTING_DATA", "Di Fo", "QA", 1, "HQ"],
        ],
        title="People",
    )
    cells(
        path,
        {
            "D6": computed_error("D6", "VLOOKUP(B6,Org!A:B,2,0)", "#N/A"),
            "C7": saved_zero("C7", "Titles!B7"),
            "B8": '<c r="B8"><f>"Eve "&amp;"Ng"</f><v></v></c>',
        },
    )
    result = cli("import", "org", str(path), "--dry-run")
    assert result.exit_code == 1
    fix = "correct it in the workbook"
    kept = "kept as its text, which raci check reports (spreadsheet-error)"
    vacated = "read as vacant, which the role's origin says (raci check's vacant-role quotes it)"
    compute = "open and save the workbook in Excel or LibreOffice to compute it"
    assert [x for x in result.stderr.splitlines() if x.startswith("raci: hr.xlsx")] == [
        "raci: hr.xlsx row 3, column 'Name': '#N/A' names nobody: read as vacant (no holder)",
        "raci: hr.xlsx row 4, column 'Name': '#REF!' names nobody: read as vacant (no holder)",
        "raci: hr.xlsx row 8, column 'Name': no name: read as vacant (no holder)",
        "raci: hr.xlsx column 'Location': 2 cells with an error value (People!E5, "
        "People!E7): kept as its text '#N/A'",
        "raci: hr.xlsx row 4: People!B4 (column 'Name'): the Excel error #REF! (a reference to "
        f"cells that were deleted), not a value; {fix}; {vacated}",
        "raci: hr.xlsx row 5: People!C5 (column 'Title'): the Excel error #VALUE! (a value of "
        f"the wrong type), not a value; {fix}; {kept}",
        "raci: hr.xlsx row 6: People!D6 (column 'Manager ID'): a formula "
        "(=VLOOKUP(B6,Org!A:B,2,0)) whose value is the Excel error #N/A (no value: a lookup "
        f"that found nothing), not a value; {fix}; read as empty",
        "raci: hr.xlsx row 7: People!C7 (column 'Title'): a formula (=Titles!B7) saved with the "
        "value 0 where text belongs: a value never computed (xlsxwriter and some scripts save 0 "
        f"for every formula), or a formula on an empty cell; {compute}; read as empty",
        'raci: hr.xlsx row 8: People!B8 (column \'Name\'): a formula (="Eve "&"Ng") with no '
        "computed value (saved by a program that does not compute formulas); "
        f"{compute}; read as empty",
        "raci: hr.xlsx row 9: People!A9 (column 'Employee ID'): the Excel error #GETTING_DATA "
        f"(data still loading when the workbook was saved), not a value; {fix}; read as empty",
        "raci: hr.xlsx row 6: 'Bo Park' reports to nobody, but row 2 is already the top "
        "(multiple-roots)",
    ]
    assert "row 7: id '6', 'Cy Ek', 'no title'" in result.stdout
    assert "row 9: 'Di Fo', 'QA'" in result.stdout  # no id, not '#GETTING_DATA'


def test_import_org_keeps_a_formulas_0_in_a_manager_column_and_says_so(
    cli: Cli, tmp_path: Path
) -> None:
    """As xlsxwriter saves every formula: 0 in a title is no title; 0 in an id column
    may be a real number, so it is kept, with a note."""
    path = workbook(
        tmp_path / "xw.xlsx",
        [
            ["Employee ID", "Name", "Title", "Manager ID"],
            [1, "Dana Top", "CEO", None],
            [2, "Ann Lee", "x", 1],
            [3, "Bo Park", "Dev", "x"],
        ],
        title="People",
    )
    cells(path, {"C3": saved_zero("C3", "C2"), "D4": saved_zero("D4", "A3-1")})
    result = cli("import", "org", str(path), "--dry-run")
    assert result.exit_code == 1
    assert [x for x in result.stderr.splitlines() if x.startswith("raci: xw.xlsx")] == [
        "raci: xw.xlsx column 'Manager ID': 1 cell with a formula saved with the value 0 "
        "(People!D4): read as 0, which may be real; if a program that does not compute "
        "formulas wrote the workbook (xlsxwriter, a script), open and save it in Excel or "
        "LibreOffice",
        "raci: xw.xlsx row 3: People!C3 (column 'Title'): a formula (=C2) saved with the value "
        "0 where text belongs: a value never computed (xlsxwriter and some scripts save 0 for "
        "every formula), or a formula on an empty cell; open and save the workbook in Excel or "
        "LibreOffice to compute it; read as empty",
        "raci: xw.xlsx row 4: manager '0' is not in the file (unknown-reference)",
    ]


def test_import_org_says_which_attribute_cells_are_formulas_with_no_value(
    cli: Cli, tmp_path: Path
) -> None:
    path = workbook(
        tmp_path / "hr.xlsx",
        [["Name", "Title", "Manager", "Desk"], ["Dana Top", "CEO", None, "x"]],
        title="People",
    )
    cells(path, {"D2": '<c r="D2"><f>"B"&amp;"12"</f></c>'})
    result = cli("import", "org", str(path), "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert (
        "raci: hr.xlsx column 'Desk': 1 cell with a formula with no value (People!D2): "
        "read as empty"
    ) in result.stderr.splitlines()


def test_import_org_reads_error_text_in_a_csv_the_same_way(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "hr.csv"
    path.write_text(
        "Employee ID,Name,Title,Manager ID\n1,Dana Top,CEO,\n2,Ann Lee,Dev,#REF!\n3,#N/A,Dev,1\n",
        encoding="utf-8",
    )
    result = cli("import", "org", str(path), "--dry-run")
    assert result.exit_code == 1
    lines = [x for x in result.stderr.splitlines() if x.startswith("raci: hr.csv")]
    assert lines[:2] == [
        "raci: hr.csv row 4, column 'Name': '#N/A' names nobody: read as vacant (no holder)",
        "raci: hr.csv row 3: column 'Manager ID': the Excel error #REF! (a reference to cells "
        "that were deleted), not a value; correct it in the workbook; read as empty",
    ]


HR_HEADER = ["Employee ID", "Name", "Title", "Manager ID", "Location"]
HR_ROWS = [
    [1, "Dana Top", "CEO", None, "HQ"],
    [2, "Ann Lee", "CTO", 1, "HQ"],
    [3, "Bo Park", "Dev", 2, "Remote"],
    [4, "Cy Ek", "Dev", 2, "HQ"],
    [5, "Di Fo", "QA", 2, "HQ"],
]


@settings(derandomize=True, max_examples=25, deadline=None)
@given(
    st.dictionaries(
        st.tuples(st.integers(0, len(HR_ROWS) - 1), st.integers(0, len(HR_HEADER) - 1)),
        st.sampled_from(ERRORS),
        max_size=6,
    )
)
def test_every_error_cell_of_an_org_sheet_is_reported_or_kept(
    placed: dict[tuple[int, int], str],
) -> None:
    """Count in against out: each error cell is a problem at its cell, the vacancy
    '#N/A' names (said by row), or an attribute's text (said by cell); no id or
    manager is ever an error's text; and `raci check` of the YAML written says each
    again: a title or attribute kept as its text (spreadsheet-error), a name read as
    vacant (vacant-role quotes the origin), a manager read as none (in the origin)."""
    import raci
    from raci.imports.org import read_org, to_yaml

    rows: list[list[object]] = [list(r) for r in HR_ROWS]
    for (r, c), error in placed.items():
        rows[r][c] = error
    with tempfile.TemporaryDirectory() as tmp:
        table = read_table(workbook(Path(tmp) / "hr.xlsx", [HR_HEADER, *rows], title="People"))
        result = read_org(table, {}, "hr")
        (Path(tmp) / "hr.yaml").write_text(to_yaml(result, "hr.xlsx"), encoding="utf-8")
        written = (Path(tmp) / "hr.yaml").read_text(encoding="utf-8")
        said = [f.message for f in raci.check(raci.load(Path(tmp) / "hr.yaml")).findings]
    problems = [p.message for p in result.problems]
    notes = result.notes()
    for (r, c), error in placed.items():
        ref = f"People!{chr(65 + c)}{r + 2}"
        column = HR_HEADER[c]
        if column == "Location":
            assert any(ref in n and f"kept as its text {error!r}" in n for n in notes)
            assert any(f"'location' is the spreadsheet error {error} " in m for m in said)
        elif column == "Name" and error == "#N/A":
            assert r + 2 in result.vacated[("column 'Name'", "#N/A")]
        else:
            assert any(m.startswith(f"{ref} (column '{column}'): ") for m in problems)
        if column == "Title":
            assert any(f"title is the spreadsheet error {error} " in m for m in said)
        elif column == "Name" and error != "#N/A":
            assert any(f"name {error!r}, a spreadsheet error: read as vacant" in m for m in said)
        elif column == "Manager ID":
            assert f"manager {error!r}, a spreadsheet error: read as none" in written
    for p in result.positions:
        assert not {p.key, p.manager} & set(ERRORS)


def ods(path: Path, rows: str) -> Path:
    """An OpenDocument spreadsheet of one table 'RACI', its rows as LibreOffice writes
    them (an error cell: its formula, value type 'error' and the error's text)."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0" '
        'office:version="1.3"><office:body><office:spreadsheet>'
        f'<table:table table:name="RACI">{rows}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.3"><manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr("content.xml", content)
    return path


def _ods_row(*cells: str) -> str:
    return f"<table:table-row>{''.join(cells)}</table:table-row>"


def _text(value: str, repeat: int = 1) -> str:
    many = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    return (
        f'<table:table-cell office:value-type="string"{many}><text:p>{value}</text:p>'
        "</table:table-cell>"
    )


def _error(formula: str, shown: str) -> str:
    return (
        f'<table:table-cell table:formula="of:={formula}" office:value-type="string" '
        f'office:string-value="" calcext:value-type="error"><text:p>{shown}</text:p>'
        "</table:table-cell>"
    )


def test_an_ods_error_cell_is_found_where_it_is(cli: Cli, tmp_path: Path) -> None:
    """LibreOffice computes every formula, so an error is what an .ods file can hide
    (calamine reads it as empty); repeated rows and cells count."""
    path = ods(
        tmp_path / "m.ods",
        _ods_row(_text("Activity"), _text("CEO"), _text("CTO"), _text("CFO"))
        + _ods_row(_text("Plan"), _text("A", 2), _error("[.Z9]", "#REF!"))
        + '<table:table-row table:number-rows-repeated="2">'
        + _text("Same")
        + _text("R", 3)
        + "</table:table-row>"
        + _ods_row(_text("Ship"), _error("1/0", "#DIV/0!"), _text("R"), _error("X()", "Err:508")),
    )
    assert scan(open_workbook(path), "RACI") == {
        (1, 3): Odd("error", "=[.Z9]", "#REF!"),
        (4, 1): Odd("error", "=1/0", "#DIV/0!"),
        (4, 3): Odd("error", "=X()", "Err:508"),
    }
    result = cli("import", "matrix", str(path), "-o", str(tmp_path / "out"), "--dry-run")
    assert result.exit_code == 1
    assert [x for x in result.stderr.splitlines() if "RACI!" in x] == [
        "raci: RACI!D2: a formula (=[.Z9]) whose value is the Excel error #REF! (a reference to "
        "cells that were deleted), not a value; correct it in the workbook; written for "
        "`raci check` to report",
        "raci: RACI!B5: a formula (=1/0) whose value is the Excel error #DIV/0! (a division by "
        "zero), not a value; correct it in the workbook; written for `raci check` to report",
        "raci: RACI!D5: a formula (=X()) whose value is the error value Err:508, not a value; "
        "correct it in the workbook; written for `raci check` to report",
    ]


# -- old-format .xls workbooks -------------------------------------------------------------

# Saved by LibreOffice (`libreoffice --headless --convert-to xls`) from workbooks whose
# error cells are formulas (=NA(), =1/0, ...); hr-errors.xls is small enough for the
# compound file's mini stream, matrix-errors.xls is not.
XLS = TESTS / "xls"


def test_an_xls_error_cell_is_found_where_it_is() -> None:
    """calamine reads an .xls error cell as empty, as it does an .xlsx one."""
    book = open_workbook(XLS / "hr-errors.xls")
    assert read_sheet(book, "People").rows[2] == [2, "", "Engineer", 1, "HQ"]
    assert scan(book, "People") == {
        (2, 1): Odd("error", "", "#N/A"),
        (3, 1): Odd("error", "", "#VALUE!"),
        (4, 2): Odd("error", "", "#DIV/0!"),
        (4, 4): Odd("error", "", "#N/A"),
        (5, 3): Odd("error", "", "#VALUE!"),
        (6, 4): Odd("error", "", "#REF!"),
    }
    assert scan(book, "Notes") == {(0, 0): Odd("error", "", "#DIV/0!")}
    from raci.excel.xls import error_cells

    # a name read otherwise than calamine reads it (an Excel 95 code page): by its place
    assert error_cells(XLS / "hr-errors.xls", "N\u00f6tes", 1) == {(0, 0): "#DIV/0!"}
    big = open_workbook(XLS / "matrix-errors.xls")
    assert scan(big, "RACI") == {
        (149, 2): Odd("error", "", "#DIV/0!"),
        (200, 3): Odd("error", "", "#VALUE!"),
        (201, 2): Odd("error", "", "#REF!"),
    }


def test_import_org_reports_xls_error_cells_by_cell(cli: Cli) -> None:
    result = cli("import", "org", str(XLS / "hr-errors.xls"), "--dry-run")
    assert result.exit_code == 1
    fix = "correct it in the workbook; read as empty"
    vacated = "read as vacant, which the role's origin says (raci check's vacant-role quotes it)"
    kept = (
        "correct it in the workbook; kept as its text, which raci check reports (spreadsheet-error)"
    )
    assert [x for x in result.stderr.splitlines() if x.startswith("raci: hr-errors.xls")] == [
        "raci: hr-errors.xls row 3, column 'Name': '#N/A' names nobody: read as vacant (no holder)",
        "raci: hr-errors.xls row 4, column 'Name': '#VALUE!' names nobody: read as vacant "
        "(no holder)",
        "raci: hr-errors.xls column 'Location': 1 cell with an error value (People!E5): kept "
        "as its text '#N/A'",
        "raci: hr-errors.xls column 'Location': 1 cell with an error value (People!E7): kept "
        "as its text '#REF!'",
        "raci: hr-errors.xls row 4: People!B4 (column 'Name'): the Excel error #VALUE! (a value "
        f"of the wrong type), not a value; correct it in the workbook; {vacated}",
        "raci: hr-errors.xls row 5: People!C5 (column 'Title'): the Excel error #DIV/0! (a "
        f"division by zero), not a value; {kept}",
        "raci: hr-errors.xls row 6: People!D6 (column 'Manager ID'): the Excel error #VALUE! "
        f"(a value of the wrong type), not a value; {fix}",
        "raci: hr-errors.xls row 6: 'Bo Park' reports to nobody, but row 2 is already the top "
        "(multiple-roots)",
    ]


def test_import_matrix_writes_xls_error_cells_for_raci_check(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = cli("import", "matrix", str(XLS / "matrix-errors.xls"), "-o", str(out))
    assert result.exit_code == 1
    report = "not a value; correct it in the workbook; written for `raci check` to report"
    assert [line for line in result.stderr.splitlines() if "RACI!" in line] == [
        f"raci: RACI!C150: the Excel error #DIV/0! (a division by zero), {report}",
        f"raci: RACI!D201: the Excel error #VALUE! (a value of the wrong type), {report}",
        f"raci: RACI!C202: the Excel error #REF! (a reference to cells that were deleted), "
        f"{report}",
        "raci: RACI!B202: 'Ship' is not a RACI letter; written for `raci check` to report",
    ]
    assert "cells read: 603 = 599 kept as letters + 0 none-markers + 4 reported" in result.stderr
    check = cli("check", str(out))
    invalid = [x for x in check.stdout.splitlines() if "(LOAD005)" in x]
    for value, cell in [("#DIV/0!", "C150"), ("#VALUE!", "D201"), ("#REF!", "C202")]:
        assert any(f"'{value}' at RACI!{cell}" in x for x in invalid), value


def _record(kind: int, data: bytes) -> bytes:
    return struct.pack("<HH", kind, len(data)) + data


def test_an_xls_typed_error_and_a_formulas_error_are_both_found() -> None:
    """Excel saves a typed #N/A as a BOOLERR record (LibreOffice as a formula); a boolean
    in the same record, and a formula's number, are not errors."""
    from raci.excel.xls import _errors

    number = struct.pack("<d", 0.0)
    error = bytes([2, 0, 0x17, 0, 0, 0, 0xFF, 0xFF])
    stream = b"".join(
        [
            _record(0x0809, struct.pack("<HH", 0x0600, 0x10) + bytes(12)),
            _record(0x0205, struct.pack("<HHHBB", 1, 2, 15, 0x2A, 1)),  # #N/A
            _record(0x0205, struct.pack("<HHHBB", 1, 3, 15, 1, 0)),  # TRUE
            _record(0x0205, struct.pack("<HHHBB", 2, 0, 15, 0x99, 1)),  # unknown code
            _record(0x0006, struct.pack("<HHH", 3, 4, 15) + error + bytes(6)),
            _record(0x0006, struct.pack("<HHH", 3, 5, 15) + number + bytes(6)),
            _record(0x000A, b""),
            _record(0x0205, struct.pack("<HHHBB", 9, 9, 15, 0x2A, 1)),  # another sheet's
        ]
    )
    assert _errors(stream, 0) == {(1, 2): "#N/A", (2, 0): "error code 0x99", (3, 4): "#REF!"}


def test_a_damaged_xls_structure_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    from raci.excel.safety import WorkbookError
    from raci.excel.xls import error_cells

    data = bytearray((XLS / "hr-errors.xls").read_bytes())
    data[0x4C:0x50] = struct.pack("<I", 0x7FFF)  # the first FAT sector, past the end
    damaged = tmp_path / "d.xls"
    damaged.write_bytes(bytes(data))
    with pytest.raises(WorkbookError, match=r"d\.xls: the \.xls file's structure is damaged"):
        error_cells(damaged, "People", 0)
