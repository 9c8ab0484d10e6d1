"""Broken and hostile workbooks: a message with the sheet (and cell or line), exit 2 or 1,
never a traceback, an abort or a grid allocated before its size is known."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
import types
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from raci.excel import layout as L
from raci.excel import safety
from raci.excel.export import build_workbook, export_xlsx
from raci.imports.tabular import TableError, read_table
from raci.runner import CheckOptions, run_check
from tests import hostile as H
from tests.conftest import BUNDLED, ROOT, Cli


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("xlsx") / "raci.xlsx"
    export_xlsx(run_check(CheckOptions(BUNDLED, use_cache=False)), target)
    return target


def _sheet_part(path: Path, name: str) -> str:
    return safety._xlsx_parts(path)[name]


def _damage(path: Path, name: str, change: Callable[[bytes], bytes]) -> Path:
    """The workbook with one sheet's XML changed."""
    member = _sheet_part(path, name)
    return H.replace_part(path, member, change(H.read_part(path, member)))


# -- 5: damaged sheet XML and zip entries ----------------------------------------------

DAMAGE: dict[str, tuple[Callable[[bytes], bytes], str]] = {
    "truncated": (lambda x: x[: len(x) // 2], "is not well-formed at line 1, column"),
    "cut at the end": (lambda x: x[:-12], "is not well-formed at line 1"),
    "bad token": (lambda x: x.replace(b"<row", b"<row <", 1), "not well-formed (invalid token)"),
    "mismatched tag": (lambda x: x.replace(b"</row>", b"</rwo>", 1), "mismatched tag"),
    "a DTD": (
        lambda x: x.replace(b"<worksheet", b'<!DOCTYPE w [<!ENTITY e "x">]><worksheet', 1),
        "declares a DTD or entities",
    ),
    "not XML": (lambda _x: b"\x00\xff garbage", "is not well-formed"),
}


@pytest.mark.parametrize("command", ["matrix", "org"])
@pytest.mark.parametrize("kind", sorted(DAMAGE))
def test_damaged_sheet_xml_is_a_message_with_the_sheet(
    cli: Cli, tmp_path: Path, command: str, kind: str
) -> None:
    change, message = DAMAGE[kind]
    sheet = H.matrix_sheet() if command == "matrix" else H.org_sheet()
    path = _damage(H.xlsx(tmp_path / "x.xlsx", sheet), sheet.name, change)
    result = cli("import", command, str(path), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert f"sheet '{sheet.name}'" in result.stderr
    assert message in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("size", [10, 100, 0])
def test_a_zip_entry_that_lies_about_its_size(cli: Cli, tmp_path: Path, size: int) -> None:
    path = H.lie_about_size(
        H.xlsx(tmp_path / "x.xlsx", H.matrix_sheet()), "xl/worksheets/sheet1.xml", size
    )
    result = cli("import", "matrix", str(path), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "sheet 'RACI' is damaged: xl/worksheets/sheet1.xml cannot be unpacked" in result.stderr


def test_a_damaged_workbook_index(cli: Cli, tmp_path: Path) -> None:
    path = H.replace_part(
        H.xlsx(tmp_path / "x.xlsx", H.matrix_sheet()), "xl/workbook.xml", b"<workbook"
    )
    result = cli("import", "matrix", str(path), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "the workbook's index is damaged" in result.stderr


def _as_sheet(
    content: bytes, names: list[tuple[bytes, bytes]], change: Callable[[bytes], bytes]
) -> bytes:
    """A sheet's damage done to another part: its names swapped for a sheet's and back."""
    for theirs, sheets in names:
        content = content.replace(theirs, sheets)
    content = change(content)
    for theirs, sheets in names:
        content = content.replace(sheets, theirs)
    return content


@pytest.mark.parametrize("kind", ["truncated", "bad token", "a DTD", "mismatched tag"])
def test_damaged_shared_strings(cli: Cli, tmp_path: Path, kind: str) -> None:
    change, message = DAMAGE[kind]
    path = H.shared_strings(tmp_path / "s.xlsx", [["Activity", "CEO"], ["Plan", "A"]])
    assert read_table(path).rows == [["Activity", "CEO"], ["Plan", "A"]]
    names = [(b"<sst", b"<worksheet"), (b"si>", b"row>")]
    shared = _as_sheet(H.read_part(path, "xl/sharedStrings.xml"), names, change)
    H.replace_part(path, "xl/sharedStrings.xml", shared)
    result = cli("import", "matrix", str(path), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert f"{path}: the shared strings" in result.stderr
    assert message in result.stderr


@pytest.mark.parametrize("kind", ["truncated", "bad token", "a DTD"])
def test_import_xlsx_with_a_damaged_matrix(
    cli: Cli, exported: Path, tmp_path: Path, kind: str
) -> None:
    change, message = DAMAGE[kind]
    copy = tmp_path / "x.xlsx"
    copy.write_bytes(exported.read_bytes())
    result = cli("import", "xlsx", str(_damage(copy, L.MATRIX, change)), "org")
    assert result.exit_code == 2
    assert "sheet 'Matrix'" in result.stderr
    assert message in result.stderr


def _with_meta(exported: Path, target: Path, rows: list[list[object]]) -> Path:
    target.write_bytes(exported.read_bytes())
    return H.replace_part(
        target, _sheet_part(target, L.META), H.worksheet(H.grid(rows)).encode("utf-8")
    )


GOOD_META: list[list[object]] = [
    ["layout", 1],
    ["scheme", "RACI"],
    ["sheet", "Matrix"],
    ["id_row", 2],
    ["id_col", 1],
    ["first_row", 6],
    ["first_col", 4],
]


def _meta_with(key: str, value: object) -> list[list[object]]:
    return [[k, value if k == key else v] for k, v in GOOD_META]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (_meta_with("id_row", "two"), "_raci!B4 (id_row) is 'two', not a number from 1"),
        (_meta_with("id_row", 0), "_raci!B4 (id_row) is '0', not a number from 1"),
        (_meta_with("id_col", -3), "_raci!B5 (id_col) is '-3', not a number from 1"),
        (_meta_with("first_row", 1e12), "_raci!B6 (first_row) is '1000000000000'"),
        (_meta_with("first_col", 20000), "_raci!B7 (first_col) is '20000', not a number from 1"),
        (_meta_with("first_col", 2.5), "_raci!B7 (first_col) is '2.5'"),
        (_meta_with("layout", "x"), "_raci!B1 (layout) is 'x'"),
        (_meta_with("layout", 7), "exported with layout 7"),
        (_meta_with("first_row", 2), "not below and right of the ids"),
        ([r for r in GOOD_META if r[0] != "id_col"], "it has no 'id_col'"),
        ([r for r in GOOD_META if r[0] not in ("scheme", "first_row")], "no 'scheme', 'first_row'"),
        ([], "it has no 'layout', 'scheme'"),
    ],
)
def test_a_damaged_hidden_sheet_is_named_with_its_cell(
    cli: Cli, exported: Path, tmp_path: Path, rows: list[list[object]], message: str
) -> None:
    result = cli("import", "xlsx", str(_with_meta(exported, tmp_path / "x.xlsx", rows)), "org")
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
    assert message in result.stderr


@pytest.mark.parametrize(
    ("rows", "code", "message"),
    [
        (
            [*_meta_with("id_row", 900)[:4], ["id_col", 1], ["first_row", 901], ["first_col", 4]],
            2,
            "no role ids in row 900 of 'Matrix', where the hidden",
        ),
        (
            [*_meta_with("id_col", 300)[:5], ["first_row", 6], ["first_col", 301]],
            2,
            "no role ids in row 2 of 'Matrix'",
        ),
        (_meta_with("id_col", 2), 1, "Matrix!B7: activity 'Define the product vision"),
        (_meta_with("first_row", 5000), 2, "no activity ids in column A from row 5000"),
        (_meta_with("first_col", 900), 2, "no role ids in row 2 of 'Matrix'"),
        (_meta_with("id_row", 3), 1, "Matrix!D3: role 'Executive team' is not in the org"),
    ],
)
def test_hidden_numbers_pointing_elsewhere_never_read_nothing_silently(
    cli: Cli, exported: Path, tmp_path: Path, rows: list[list[object]], code: int, message: str
) -> None:
    result = cli("import", "xlsx", str(_with_meta(exported, tmp_path / "x.xlsx", rows)), "org")
    assert result.exit_code == code
    assert message in result.stderr


def test_the_untouched_hidden_sheet_reads(cli: Cli, exported: Path, tmp_path: Path) -> None:
    result = cli("import", "xlsx", str(_with_meta(exported, tmp_path / "x.xlsx", GOOD_META)), "org")
    assert result.exit_code == 0, result.stderr


# -- 6 and 10: size known and refused before the grid is allocated ------------------------


def _far(path: Path, ref: str) -> Path:
    row = int(ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    return H.xlsx(
        path, H.Sheet("RACI", H.worksheet([(1, [("A1", "Activity")]), (row, [(ref, "x")])]))
    )


@pytest.mark.parametrize("ref", ["XFD1048576", "CV1048576", "A1048576", "B250001"])
def test_a_far_cell_is_refused_with_its_reference(cli: Cli, tmp_path: Path, ref: str) -> None:
    path = _far(tmp_path / "far.xlsx", ref)
    assert path.stat().st_size < 2000
    result = cli("import", "matrix", str(path), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert f"sheet 'RACI': has a cell at {ref}, past the 250,000 rows raci reads" in result.stderr


@pytest.mark.parametrize(
    ("cells", "span"),
    [
        ([(1, "A1"), (200_000, "XFD200000")], "A1:XFD200000"),
        ([(1, "A1"), (5000, "ZZ5000")], "A1:ZZ5000"),
        ([(5, "XFD5"), (240_000, "A240000")], "A5:XFD240000"),
    ],
)
def test_a_wide_used_range_is_refused_with_its_span(
    cli: Cli, tmp_path: Path, cells: list[tuple[int, str]], span: str
) -> None:
    sheet = H.worksheet([(row, [(ref, "x")]) for row, ref in cells])
    path = H.xlsx(tmp_path / "wide.xlsx", H.Sheet("RACI", sheet))
    result = cli("import", "org", str(path), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert f"its cells span {span}" in result.stderr
    assert "over the 3,000,000 raci reads from a file of this size" in result.stderr


def test_cells_without_a_reference_are_counted_where_they_fall(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No r= attributes: positions are counted, and a range too wide is still refused."""
    monkeypatch.setattr(safety, "FREE_CELLS", 2000)
    monkeypatch.setattr(safety, "CELLS_PER_BYTE", 0)
    row = "<row>" + "<c><v>1</v></c>" * 300 + "</row>"
    xml = H.worksheet().replace("<sheetData></sheetData>", f"<sheetData>{row * 10}</sheetData>")
    path = H.xlsx(tmp_path / "norefs.xlsx", H.Sheet("RACI", xml))
    result = cli("import", "matrix", str(path), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "its cells span A1:KN7 (2,100 cells), over the 2,000" in result.stderr


def test_a_cell_reference_that_is_not_a_cell(cli: Cli, tmp_path: Path) -> None:
    xml = H.worksheet([(1, [("A1", "Activity"), ("ZZZZ1", "x")])])
    path = H.xlsx(tmp_path / "bad.xlsx", H.Sheet("RACI", xml))
    result = cli("import", "matrix", str(path), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "has a cell at 'ZZZZ1', not a cell of a worksheet" in result.stderr


@pytest.mark.parametrize(
    "merges",
    [
        ["A1:XFD1048576"],
        ["A1:XFD1048576"] * 2000,
        ["B2:XFD1048576", "A3:C1048576"],
    ],
)
def test_huge_merged_ranges_are_clipped_to_the_used_range(
    tmp_path: Path, merges: list[str]
) -> None:
    values: list[list[object]] = [["Activity", "CEO", "CPO"], ["Plan", "A", "R"], ["Ship", "", "A"]]
    path = H.xlsx(tmp_path / "m.xlsx", H.Sheet("RACI", H.worksheet(H.grid(values), merges=merges)))
    assert path.stat().st_size < 50_000
    table = read_table(path)
    assert len(table.rows) == 3
    assert all(len(row) <= 3 for row in table.rows)
    assert all(r2 <= 2 and c2 <= 2 for _, _, r2, c2 in table.merged)


def test_too_many_merged_ranges_are_refused(tmp_path: Path) -> None:
    merges = [f"A{r}:B{r}" for r in range(1, 10_002)]
    path = H.xlsx(tmp_path / "m.xlsx", H.Sheet("RACI", H.worksheet(H.grid([["a"]]), merges=merges)))
    with pytest.raises(TableError, match="has more than 10,000 merged ranges"):
        read_table(path)


def test_merged_ranges_fill_at_most_the_cells_allowed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(safety, "FREE_CELLS", 20)
    monkeypatch.setattr(safety, "CELLS_PER_BYTE", 0)
    values: list[list[object]] = [["a", "b", "c", "d"]] * 4
    path = H.xlsx(
        tmp_path / "m.xlsx",
        H.Sheet("RACI", H.worksheet(H.grid(values), merges=["A1:D4", "A1:D4"])),
    )
    with pytest.raises(TableError, match="merged ranges cover more than the 20 cells"):
        read_table(path)


def test_a_zip_bomb_is_refused_by_its_ratio(tmp_path: Path) -> None:
    xml = H.worksheet(H.grid([["Activity"]])).replace(
        "</worksheet>", " " * 12_000_000 + "</worksheet>"
    )
    path = H.xlsx(tmp_path / "bomb.xlsx", H.Sheet("RACI", xml))
    assert path.stat().st_size < 100_000
    with pytest.raises(TableError, match=r"unpacks to 12 MB, over the \d+ MB limit for a file of"):
        read_table(path)


HOSTILE_SCRIPT = """
import resource, sys, time
from pathlib import Path
resource.setrlimit(resource.RLIMIT_AS, (1500 * 2**20, 1500 * 2**20))
from raci.imports.tabular import TableError, read_table
# What the interpreter, raci and any tracer (coverage) hold before reading anything.
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
for name in sys.argv[1:]:
    start = time.perf_counter()
    try:
        table = read_table(Path(name))
        outcome = f"read {len(table.rows)} rows"
    except TableError as exc:
        outcome = str(exc)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024 - base
    print(f"{Path(name).name}|{time.perf_counter() - start:.2f}|{peak}|{outcome}", flush=True)
"""


def test_hostile_workbooks_under_a_memory_limit(tmp_path: Path) -> None:
    """In a process limited to 1.5 GB: before, XFD1048576 aborted (512 GB) and CV1048576
    took 3.3 GB; a full-sheet merge took 26 s. Now each is refused or read, small: the
    peak grows by less than 300 MB over what the process held before reading."""
    files = [
        _far(tmp_path / "xfd.xlsx", "XFD1048576"),
        _far(tmp_path / "cv.xlsx", "CV1048576"),
        H.xlsx(
            tmp_path / "merge.xlsx",
            H.Sheet("RACI", H.worksheet(H.grid([["a", "b"]]), merges=["A1:XFD1048576"] * 2000)),
        ),
        H.million_rows(tmp_path / "rows.xlsx", rows=260_000),
    ]
    assert all(f.stat().st_size < 3_000_000 for f in files)
    run = subprocess.run(
        [sys.executable, "-c", HOSTILE_SCRIPT, *map(str, files)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    lines = dict((line.split("|")[0], line.split("|")[1:]) for line in run.stdout.splitlines())
    assert "has a cell at XFD1048576" in lines["xfd.xlsx"][2]
    assert "has a cell at CV1048576" in lines["cv.xlsx"][2]
    assert lines["merge.xlsx"][2] == "read 1 rows"
    assert "past the 250,000 rows raci reads" in lines["rows.xlsx"][2]
    for name, (_, peak, _) in lines.items():
        assert int(peak) < 300, (name, peak)


# -- 7: more roles than columns ----------------------------------------------------------


def test_a_matrix_wider_than_excel_continues_on_more_sheets() -> None:
    roles = [f"r{i}" for i in range(40_000)]
    layout = L.Layout([L.Group("One", roles[:10]), L.Group("Two", roles[10:])], [])
    pages = layout.pages()
    assert [p.sheet for p in pages] == ["Matrix", "Matrix 2", "Matrix 3"]
    assert [len(p.roles) for p in pages] == [16_381, 16_381, 7_238]
    assert [g.name for g in pages[1].groups] == ["Two (continued)"]
    places = L.places(pages)
    assert max(col for _, col in places.values()) == 16_384  # XFD, never beyond
    assert sorted(places) == sorted(roles)


def test_export_and_import_of_a_matrix_over_several_sheets(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(L, "MAX_ROLE_COLUMNS", 6)
    target = tmp_path / "wide.xlsx"
    result = cli("export", "xlsx", "org", "-o", str(target))
    assert result.exit_code == 0
    assert "role columns are more than one sheet holds (6); the matrix continues over" in (
        result.stderr
    )
    wb = openpyxl.load_workbook(target)
    matrices = [name for name in wb.sheetnames if name.startswith("Matrix")]
    assert len(matrices) > 1
    ids = [
        value
        for name in matrices
        for value in next(wb[name].iter_rows(min_row=2, max_row=2, min_col=4, values_only=True))
    ]
    assert len(ids) == len(set(ids)) > 6
    assert all(wb[name].max_column <= 3 + 6 for name in matrices)
    about = dict(wb["About"].iter_rows(min_row=2, max_col=2, values_only=True))
    assert "the matrix continues over" in about["Matrix"]
    assert cli("import", "xlsx", str(target), "org").exit_code == 0
    # An edit on a continuation sheet comes back with its sheet's name.
    cell = wb[matrices[1]].cell(row=L.FIRST_ROW + 1, column=L.FIRST_COL)
    cell.value = "C" if cell.value != "C" else "I"
    wb.save(target)
    result = cli("import", "xlsx", str(target), "org", "-f", "json")
    cells = [c["cell"] for c in json.loads(result.stdout)["changes"]]
    assert cells == [f"'{matrices[1]}'!D{L.FIRST_ROW + 1}"]


# -- 16: duplicated hidden ids ---------------------------------------------------------


@pytest.mark.parametrize(
    ("cells", "problem"),
    [
        ({"A8": "=A7"}, "Matrix!A8: the hidden id of activity"),
        ({"A30": "=A7"}, "Matrix!A30: the hidden id of activity"),
        ({"E2": "=D2"}, "Matrix!E2: the hidden id of role"),
        ({"H2": "=D2", "A9": "=A8"}, "Matrix!H2: the hidden id of role"),
    ],
)
def test_a_duplicated_hidden_id_is_reported_and_nothing_written(
    cli: Cli, exported: Path, tmp_path: Path, cells: dict[str, str], problem: str
) -> None:
    wb = openpyxl.load_workbook(exported)
    ws = wb[L.MATRIX]
    for ref, source in cells.items():
        ws[ref] = ws[source[1:]].value
    ws["E7"] = "C"  # an edit that must not be written either
    target = tmp_path / "dup.xlsx"
    wb.save(target)
    org = tmp_path / "org"
    shutil.copytree(BUNDLED, org)
    before = {p: p.read_bytes() for p in org.rglob("*") if p.is_file()}
    result = cli("import", "xlsx", str(target), str(org), "--write")
    assert result.exit_code == 1
    assert problem in result.stderr
    assert "(a copied " in result.stderr
    assert "; nothing written" in result.stderr
    assert {p: p.read_bytes() for p in org.rglob("*") if p.is_file()} == before


# -- 19: byte-identical exports ----------------------------------------------------------


@pytest.mark.parametrize("changes", [None, [("define-product-vision", "cpo", "A/R", "R")]])
def test_two_exports_a_second_apart_are_identical(
    monkeypatch: pytest.MonkeyPatch, changes: list[tuple[str, str, str, str]] | None
) -> None:
    import openpyxl.writer.excel as writer

    ticks = iter(range(60))

    class Clock(dt.datetime):
        @classmethod
        def now(cls, tz: dt.tzinfo | None = None) -> Clock:
            return cls(2031, 5, 6, 7, 8, next(ticks), tzinfo=tz)

    monkeypatch.setattr(
        writer, "datetime", types.SimpleNamespace(datetime=Clock, timezone=dt.timezone)
    )
    report = run_check(CheckOptions(BUNDLED, use_cache=False))
    first, second = build_workbook(report, changes)[0], build_workbook(report, changes)[0]
    assert first == second
    with zipfile.ZipFile(__import__("io").BytesIO(first)) as archive:
        core = archive.read("docProps/core.xml").decode()
    created = core.split("<dcterms:created")[1].split(">")[1].split("<")[0]
    modified = core.split("<dcterms:modified")[1].split(">")[1].split("<")[0]
    assert created == modified
    assert "2031" not in core


# -- 26: hidden sheets -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hidden", "note"),
    [
        (["hidden"], "'Old'"),
        (["veryHidden"], "'Old'"),
        (["hidden", "veryHidden"], "'Old', 'Old2'"),
    ],
)
def test_a_hidden_first_sheet_is_not_imported(
    cli: Cli, tmp_path: Path, hidden: list[str], note: str
) -> None:
    stale = [
        H.matrix_sheet("Old" if i == 0 else f"Old{i + 1}", state, "Stale")
        for i, state in enumerate(hidden)
    ]
    path = H.xlsx(tmp_path / "h.xlsx", *stale, H.matrix_sheet("Current", title="Plan"))
    result = cli("import", "matrix", str(path), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    assert f"read sheet 'Current', the first visible one (skipped before it: {note}" in (
        result.stderr
    )
    written = (tmp_path / "out" / "h.yaml").read_text()
    assert "Plan" in written
    assert "Stale" not in written


def test_a_hidden_sheet_is_read_when_asked_for(cli: Cli, tmp_path: Path) -> None:
    path = H.xlsx(
        tmp_path / "h.xlsx", H.org_sheet("Old", "hidden"), H.org_sheet("People"), H.matrix_sheet()
    )
    assert read_table(path).name == "People"
    assert read_table(path, "Old").name == "Old"
    result = cli("import", "org", str(path), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    assert "read sheet 'People', the first visible one (skipped before it: 'Old'" in result.stderr


def test_a_workbook_with_only_hidden_sheets(tmp_path: Path) -> None:
    path = H.xlsx(tmp_path / "h.xlsx", H.matrix_sheet("Old", "hidden"))
    with pytest.raises(TableError, match="the workbook has no visible sheets"):
        read_table(path)


# -- the same limits for OpenDocument spreadsheets (calamine loads every sheet on opening) --


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([H.ods_row(["a"]), H.ods_row(["b"], repeat=1_048_570)], "has a cell at A1048571, past"),
        (
            [H.ods_row(["a"]), H.ods_row(["b"], repeat=200_000, cell_repeat=95)],
            "its cells span A1:CQ200001 (19,000,095 cells)",
        ),
        ([H.ods_row(["a"] * 3, cell_repeat=5000), H.ods_row(["b"], repeat=400)], "its cells span"),
    ],
)
def test_repeated_ods_cells_are_refused_before_loading(
    cli: Cli, tmp_path: Path, rows: list[str], message: str
) -> None:
    path = H.ods(tmp_path / "x.ods", rows)
    assert path.stat().st_size < 2000
    result = cli("import", "matrix", str(path), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert f"sheet 'S': {message}" in result.stderr


@pytest.mark.parametrize("kind", ["truncated", "bad token", "a DTD", "mismatched tag"])
def test_a_damaged_ods(cli: Cli, tmp_path: Path, kind: str) -> None:
    change, message = DAMAGE[kind]
    path = H.ods(tmp_path / "x.ods", [H.ods_row(["Activity", "CEO"]), H.ods_row(["Plan", "A"])])
    names = [(b"<office:document-content", b"<worksheet"), (b"table:table-row", b"row")]
    H.replace_part(path, "content.xml", _as_sheet(H.read_part(path, "content.xml"), names, change))
    result = cli("import", "matrix", str(path), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "x.ods: the spreadsheet" in result.stderr
    assert message in result.stderr


def test_repeated_empty_ods_rows_as_libreoffice_writes_them_are_read(tmp_path: Path) -> None:
    rows = [
        H.ods_row(["Activity", "CEO", "CPO"]),
        H.ods_row(["Plan", "A", "R"]),
        H.ods_row(["", ""], repeat=1_048_000, cell_repeat=1024),
    ]
    table = read_table(H.ods(tmp_path / "x.ods", rows))
    assert table.rows[:2] == [["Activity", "CEO", "CPO"], ["Plan", "A", "R"]]


def test_a_libreoffice_ods_imports(cli: Cli, tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed here (scripts/test.py installs it in CI)")
    source = H.xlsx(tmp_path / "m.xlsx", H.matrix_sheet())
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "ods",
            "--outdir",
            str(tmp_path / "ods"),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    result = cli("import", "matrix", str(tmp_path / "ods" / "m.ods"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    assert "2 activities" in result.stderr


def test_nothing_outside_excel_work_imports_the_excel_package() -> None:
    """diff and diagrams write letters with raci.notation, not through raci.excel."""
    import ast

    excel_work = {"cli.py", "imports/tabular.py"}
    offenders = []
    for path in sorted((ROOT / "src" / "raci").rglob("*.py")):
        rel = path.relative_to(ROOT / "src" / "raci").as_posix()
        if rel.startswith("excel/") or rel in excel_work:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("raci.excel"):
                offenders.append(f"{rel}: {node.module}")
            if isinstance(node, ast.Import) and any(
                a.name.startswith("raci.excel") for a in node.names
            ):
                offenders.append(rel)
    assert offenders == []


def test_a_diff_workbook_over_several_sheets_links_each_change_to_its_sheet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(L, "MAX_ROLE_COLUMNS", 6)
    report = run_check(CheckOptions(BUNDLED, use_cache=False))
    pages = L.plan(report.org, set(report.config.scope)).pages()
    far = pages[1].roles[0]
    target = tmp_path / "diff.xlsx"
    target.write_bytes(build_workbook(report, [("define-product-vision", far, "", "I")])[0])
    wb = openpyxl.load_workbook(target)
    matrices = [p.sheet for p in pages]
    assert wb.sheetnames[: len(pages) + 1] == [*matrices, "Changes"]
    link = wb["Changes"]["E2"].value
    assert link.startswith("=HYPERLINK(\"#'Matrix 2'!D")
    assert '"Matrix 2!D' in link
