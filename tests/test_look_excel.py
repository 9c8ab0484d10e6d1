"""The exported workbook as a reader prints it: legible pages, headers on each one."""

from __future__ import annotations

import openpyxl
import pytest

from raci.excel.export import export_xlsx
from raci.runner import CheckOptions, run_check
from tests.conftest import BUNDLED, generate_org


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> openpyxl.Workbook:
    target = tmp_path_factory.mktemp("look") / "raci.xlsx"
    export_xlsx(run_check(CheckOptions(BUNDLED, use_cache=False)), target)
    return openpyxl.load_workbook(target)


@pytest.fixture(scope="module")
def wide(tmp_path_factory: pytest.TempPathFactory) -> openpyxl.Workbook:
    """An org of 120 roles, most of them holding letters: a matrix of ~100 columns."""
    folder = tmp_path_factory.mktemp("wide")
    org = generate_org(120, 40, folder / "org")
    target = folder / "raci.xlsx"
    export_xlsx(run_check(CheckOptions(org, use_cache=False)), target)
    return openpyxl.load_workbook(target)


def test_every_printed_sheet_repeats_its_header_row(bundled: openpyxl.Workbook) -> None:
    # A second printed page of Roles or People was a list of ids without column names.
    for ws in bundled.worksheets:
        if ws.sheet_state == "hidden" or ws.title == "Matrix":
            continue
        assert ws.print_title_rows == "$1:$1", ws.title


def test_the_workload_table_is_not_squeezed_onto_one_page(wide: openpyxl.Workbook) -> None:
    # fitToHeight=1 printed 250 roles on one A4 page, at a few points a line.
    setup = wide["Workload"].page_setup
    assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)


def test_the_workload_chart_shows_the_busiest_roles_at_a_readable_width(
    wide: openpyxl.Workbook,
) -> None:
    ws = wide["Workload"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    totals = [r[-1] for r in rows]
    assert totals == sorted(totals, reverse=True)  # busiest first
    [chart] = ws._charts
    # The chart beside the table set the printed width: 0.6 cm a role made it 70 cm wide.
    assert chart.width <= 20
    refs = {s.val.numRef.f for s in chart.series}
    assert all(ref.endswith("$31") for ref in refs), refs  # the 30 busiest, rows 2-31


def test_a_wide_matrix_prints_over_pages_of_about_thirty_roles(
    bundled: openpyxl.Workbook, wide: openpyxl.Workbook
) -> None:
    # All role columns on one page width shrank a 100-role matrix to unreadable type.
    assert bundled["Matrix"].page_setup.fitToWidth == 1  # 28 roles: one page wide
    ws = wide["Matrix"]
    roles = ws.max_column - 3
    assert roles > 60
    assert ws.page_setup.fitToWidth == -(-roles // 30)
    assert ws.print_title_cols == "$B:$C"  # each page names its activities


def test_about_counts_findings_in_words(bundled: openpyxl.Workbook) -> None:
    about = {r[0]: r[1] for r in bundled["About"].iter_rows(min_row=2, values_only=True)}
    assert about["Findings"] == "0 errors, 2 warnings, 1 info"


def test_the_matrix_subtitle_sits_in_the_wide_title_column(wide: openpyxl.Workbook) -> None:
    # In the 5-wide ! column the scheme and date ran over the role columns: fine on the
    # first printed page, cut to 'RACI ·' where the repeated columns met other roles.
    ws = wide["Matrix"]
    assert ws["C1"].value is None
    assert str(ws["B3"].value).startswith("RACI · ")
    assert ws["B3"].alignment.vertical == "top"


def test_a_wide_groups_name_shows_on_each_printed_page(wide: openpyxl.Workbook) -> None:
    # 'Other roles' was one merged cell over 100 columns, its name centred on a page in
    # the middle: the pages before and after showed a coloured band without a name.
    ws = wide["Matrix"]
    spans = sorted(
        (r.min_col, r.max_col) for r in ws.merged_cells.ranges if r.min_row == r.max_row == 3
    )
    assert all(last - first + 1 <= 15 for first, last in spans)
    named = [(first, ws.cell(3, first).value) for first, _ in spans]
    assert named[0][1] == "Executive team"
    assert named[1][1] == "Other roles"
    assert {name for _, name in named[2:]} == {"Other roles (continued)"}
    assert ws.cell(3, named[1][0]).alignment.horizontal == "left"
