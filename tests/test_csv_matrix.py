"""Hand-made RACI matrices saved as CSV (tests/csv/): every non-empty cell is kept in the
written YAML or reported with its cell or row, and a clean file imports with exit 0."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

from tests.conftest import TESTS, Cli

CSV = TESTS / "csv"


def _import(cli: Cli, tmp_path: Path, name: str) -> tuple[int, str, list[dict[str, Any]]]:
    source = tmp_path / name
    shutil.copy(CSV / name, source)
    result = cli("import", "matrix", str(source), "-o", str(tmp_path / "out"))
    written = tmp_path / "out" / f"{source.stem}.yaml"
    data = yaml.safe_load(written.read_text(encoding="utf-8")) if written.exists() else {}
    return result.exit_code, result.stderr, data.get("activities", [])


def test_title_and_note_rows_do_not_make_every_row_ragged(cli: Cli, tmp_path: Path) -> None:
    # Four one-cell rows (two titles, two notes) against three rows of the matrix: the
    # usual width was taken as 1 and every matrix row reported as too long (exit 1).
    code, err, activities = _import(cli, tmp_path, "matrix-title-notes.csv")
    assert code == 0, err
    assert "this row has" not in err
    assert "raci: skipped rows (above the header): 1, 2" in err
    assert [a["title"] for a in activities] == [
        "Plan",
        "Ship",
        "Prepared by J. Smith on 2026-01-01",
        "Open question: who signs off?",
    ]
    assert activities[0]["raci"] == {"A": "ceo", "R": "cfo", "C": "cto"}


def test_cells_under_an_empty_header_are_kept(cli: Cli, tmp_path: Path) -> None:
    # 'ask Bob' under an empty header between two roles was dropped without a word.
    code, err, activities = _import(cli, tmp_path, "matrix-blank-headers.csv")
    assert code == 1, err  # E2 is right of the header's last cell: reported, and kept
    assert "raci: columns kept as activity attributes: 'Column c', 'Column e'" in err
    assert "matrix-blank-headers.csv row 2: 5 cells where the header has 4" in err
    assert activities[0]["attributes"] == {"Column c": "ask Bob", "Column e": "1"}
    assert activities[0]["raci"] == {"A": "ceo", "R": "cfo"}
    assert "attributes" not in activities[1]


def test_a_numbering_column_without_a_header_is_kept(cli: Cli, tmp_path: Path) -> None:
    code, err, activities = _import(cli, tmp_path, "matrix-numbered.csv")
    assert code == 0, err
    assert "raci: columns kept as activity attributes: 'Column a'" in err
    assert [a["attributes"] for a in activities] == [{"Column a": "1.1"}, {"Column a": "1.2"}]


def test_an_error_after_a_sep_line_names_the_file_line(cli: Cli, tmp_path: Path) -> None:
    source = tmp_path / "excel-sep-unclosed.csv"
    shutil.copy(CSV / source.name, source)
    result = cli("import", "matrix", str(source), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert f"{source}: line 4: a quote opens in this row and is never closed" in result.stderr


def test_a_semicolon_matrix_under_a_legend_and_blank_rows(cli: Cli, tmp_path: Path) -> None:
    # Excel's European 'Save as CSV': ';', a project block and a legend above the header on
    # row 20. The sniffer gave up, the file was read with ',' (one cell a row, split at
    # 'A, R') and nothing could be read (exit 2); then the 'Owner:;J. Smith' and legend
    # rows set the width and every matrix row was reported as too long.
    code, err, activities = _import(cli, tmp_path, "matrix-header-row-20.csv")
    assert code == 1, err  # R*, ✓ and x are not letters: kept and reported
    assert "this row has" not in err
    assert "raci: skipped rows (above the header): 1, 2, 3" in err
    assert "raci: skipped rows (legend): 5, 6, 7, 8, 9" in err
    assert "raci: 'matrix-header-row-20.csv'!F22: '✓' is not a RACI letter" in err
    assert "cells read: 8 = 5 kept as letters + 0 none-markers + 3 reported" in err
    assert [(a["title"], a["raci"], a["attributes"]) for a in activities] == [
        (
            "Plan",
            {"R": "cfo", "A": ["ceo", "cfo", "cto"], "C": "ceo"},
            {"ID": "1", "Comments": "check"},
        ),
        ("Ship", {"R*": "ceo", "✓": "cfo", "x": "cto"}, {"ID": "2"}),
        ("Hire", {"A": "cto", "I": "cfo"}, {"ID": "3", "Comments": "note, with comma"}),
    ]


def test_merged_group_cells_saved_as_csv_tag_every_column_they_cover(
    cli: Cli, tmp_path: Path
) -> None:
    # 'Finance' merged over CFO and Controller is 'Finance,,' in CSV: the group row was
    # not seen (no value repeats) and the groups were dropped.
    source = tmp_path / "matrix-merged-groups.csv"
    shutil.copy(CSV / source.name, source)
    result = cli("import", "matrix", str(source), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    assert "skipped rows" not in result.stderr
    roles = yaml.safe_load((tmp_path / "out" / "matrix-merged-groups-roles.yaml").read_text())
    assert [(r["id"], r["tags"]) for r in roles["roles"]] == [
        ("cfo", ["finance"]),
        ("controller", ["finance"]),
        ("cto", ["tech"]),
        ("dev-lead", ["tech"]),
    ]


def test_a_legend_wider_than_the_matrix_is_no_ragged_row(cli: Cli, tmp_path: Path) -> None:
    # 'R = Responsible,A = Accountable,C = Consulted,I = Informed' under a two-role
    # matrix: read as the legend, and also reported as a row too long (exit 1).
    code, err, activities = _import(cli, tmp_path, "matrix-wide-legend.csv")
    assert code == 0, err
    assert "raci: skipped rows (legend): 5" in err
    assert "this row has" not in err
    assert [a["raci"] for a in activities] == [{"A": "ceo", "R": "cfo"}, {"R": "ceo", "A": "cfo"}]


def test_a_legend_wider_than_every_row_does_not_crash(cli: Cli, tmp_path: Path) -> None:
    # No header, and the legend the widest row: IndexError in the layout detection.
    code, err, activities = _import(cli, tmp_path, "matrix-no-header-wide-legend.csv")
    assert code == 0, err
    assert "raci: skipped rows (legend): 3" in err
    assert [(a["title"], a["raci"]) for a in activities] == [
        ("Plan", {"A": "column-b"}),
        ("Ship", {"R": "column-b"}),
    ]


def test_an_empty_notes_column_is_no_role(cli: Cli, tmp_path: Path) -> None:
    # A 'Notes' column nobody filled in yet became role 'notes', in the file's scope.
    code, err, activities = _import(cli, tmp_path, "matrix-empty-notes.csv")
    assert code == 0, err
    assert "column 'Notes'" not in err
    assert "raci: columns kept as activity attributes: 'Notes'" in err
    roles = yaml.safe_load((tmp_path / "out" / "matrix-empty-notes-roles.yaml").read_text())
    assert [r["id"] for r in roles["roles"]] == ["ceo", "cfo"]
    scope = yaml.safe_load((tmp_path / "out" / "matrix-empty-notes.yaml").read_text())["scope"]
    assert scope == ["ceo", "cfo"]
    assert [a["raci"] for a in activities] == [{"A": "ceo", "R": "cfo"}, {"R": "ceo", "A": "cfo"}]


def test_semicolons_under_title_rows_with_commas(cli: Cli, tmp_path: Path) -> None:
    # The sniffer gives up; counting rows alone, ',' split both titles in two and won
    # over the ';' matrix: 'Ship, then review;R;A' was cut at the comma.
    code, err, activities = _import(cli, tmp_path, "matrix-semicolons-comma-titles.csv")
    assert code == 0, err
    assert "raci: skipped rows (above the header): 1, 2" in err
    assert [(a["title"], a["raci"]) for a in activities] == [
        ("Plan the budget", {"A": "ceo", "R": "cfo"}),
        ("Ship, then review", {"R": "ceo", "A": "cfo"}),
    ]
