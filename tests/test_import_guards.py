"""What a fresh-clone tryout found in the imports: options past the sheet, dry runs that
hid unreadable cells, and an import that replaced a hand-edited file without a word."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import TESTS, Cli

MATRIX = TESTS / "matrices" / "simple.csv"
ODD = TESTS / "matrices" / "odd-cells.csv"
HRIS = TESTS / "hris" / "bamboohr.csv"


@pytest.mark.parametrize(("roles", "past"), [("C:G", "G"), ("Q:Z", "Q"), ("K:B", "K")])
def test_role_columns_past_the_sheet_are_refused(
    cli: Cli, tmp_path: Path, roles: str, past: str
) -> None:
    result = cli("import", "matrix", str(MATRIX), "-o", str(tmp_path / "t"), "--roles", roles)
    assert result.exit_code == 2
    assert f"column {past} is past the sheet's last column (F)" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "t").exists()


def test_a_column_named_twice_is_one_role(cli: Cli, tmp_path: Path) -> None:
    once = cli("import", "matrix", str(MATRIX), "-o", str(tmp_path), "--dry-run", "--roles", "C,D")
    twice = cli(
        "import", "matrix", str(MATRIX), "-o", str(tmp_path), "--dry-run", "--roles", "C,C,D"
    )
    assert twice.stdout == once.stdout
    assert "(2)" not in twice.stdout


def test_a_dry_run_exits_1_when_cells_could_not_be_read(cli: Cli, tmp_path: Path) -> None:
    result = cli("import", "matrix", str(ODD), "-o", str(tmp_path / "m"), "--dry-run")
    assert result.exit_code == 1
    assert "nothing written (--dry-run)" in result.stderr
    assert not (tmp_path / "m").exists()


@pytest.mark.parametrize(
    ("kind", "source", "written"),
    [("org", HRIS, "bamboohr.yaml"), ("matrix", MATRIX, "simple.yaml")],
)
def test_an_import_never_replaces_a_file_without_force(
    cli: Cli, tmp_path: Path, kind: str, source: Path, written: str
) -> None:
    out = tmp_path / "client"
    first = cli("import", kind, str(source), "-o", str(out))
    assert first.exit_code in (0, 1), first.stderr
    target = out / written
    target.write_text(target.read_text(encoding="utf-8") + "# hand edits\n", encoding="utf-8")
    again = cli("import", kind, str(source), "-o", str(out))
    assert again.exit_code == 2
    assert f"{target}: already exists; --force replaces it" in again.stderr
    assert target.read_text(encoding="utf-8").endswith("# hand edits\n")
    forced = cli("import", kind, str(source), "-o", str(out), "--force")
    assert forced.exit_code == first.exit_code
    assert not target.read_text(encoding="utf-8").endswith("# hand edits\n")


def test_letters_under_a_named_header_stay_a_wide_matrix(cli: Cli, tmp_path: Path) -> None:
    """A row of bare letters under 'Activity, CEO, CTO' is data, not a long matrix's
    header: reading it as one lost a row and every real role, exit 0."""
    source = tmp_path / "loss.csv"
    source.write_text('Activity,CEO,CTO\nShip it,A,R\nFund it,"A, R, C, I, X",Q\n')
    result = cli("import", "matrix", str(source), "-o", str(tmp_path / "o"), "--dry-run")
    assert result.exit_code == 1
    assert "2 activities, 2 roles (2 new); cells read: 4 = 2 kept as letters" in result.stderr
    assert "+ 2 reported" in result.stderr
    assert "shape: long" not in result.stdout
