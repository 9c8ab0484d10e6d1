"""raci import org: HRIS and org-chart exports in each shape, each with a broken row."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import raci
from tests.conftest import Cli

HRIS = Path(__file__).parent / "hris"

CASES = {
    # file: (expected import problems, findings `raci check` then reports)
    "bamboohr.csv": (
        ["row 11: manager 'Olivia Gone' is not in the file (unknown-reference)"],
        [
            (
                "unknown-reference",
                "role 'designer' reports to 'olivia-gone', which is not a known "
                "role (from bamboohr.csv row 11)",
            )
        ],
    ),
    "workday.csv": (
        [
            "row 9: id 'W400' is also on row 8: both kept (duplicate-id)",
            "row 10: manager 'W400' could be rows 8, 9: not guessed (unknown-reference)",
        ],
        [
            (
                "unknown-reference",
                "role 'product-manager' reports to 'w400-ambiguous', which is not a known role "
                "(from workday.csv row 10; manager 'W400' could be rows 8 (role vp-product), "
                "9 (role vp-product-2): not guessed)",
            ),
            (
                "duplicate-id",
                "person id 'w400' is defined twice (first at {dir}/workday.yaml:53:5, "
                "workday.csv row 8) (from workday.csv row 9)",
            ),
        ],
    ),
    "hibob.csv": (
        ["row 7: 'Leo Varga' reports to nobody, but row 2 is already the top (multiple-roots)"],
        [
            (
                "multiple-roots",
                "role 'engineer' reports to nobody, but 'ceo' is already the top of "
                "the org (4 roles below it) (from hibob.csv row 7)",
            )
        ],
    ),
    "orgchart-now.csv": (
        [
            "row 7: reporting cycle through rows 7, 8 (reporting-cycle)",
            "row 7: dotted-line manager '9' is not in the file (unknown-reference)",
        ],
        [
            (
                "unknown-reference",
                "role 'software-engineer-2' has a dotted line to '9', which is "
                "not a known role (from orgchart-now.csv row 7)",
            ),
            (
                "reporting-cycle",
                "reporting cycle: engineering-manager -> software-engineer-2 -> "
                "engineering-manager (from orgchart-now.csv row 8)",
            ),
        ],
    ),
    "drawio.csv": (
        [
            "row 9, column 'name': 'Open position' names nobody: read as vacant (no holder)",
            "row 10, column 'name': no name: read as vacant (no holder)",
            "row 11: manager '12' is not in the file (unknown-reference)",
        ],
        [
            (
                "unknown-reference",
                "role 'vp-product' reports to '12', which is not a known role "
                "(from drawio.csv row 11)",
            )
        ],
    ),
    "visio.xlsx": (
        [
            "row 7: manager 'Nobody Known' is not in the file (unknown-reference)",
            "row 6: 'Ben Carter' reports to nobody, but row 2 is already the top (multiple-roots)",
        ],
        [
            (
                "multiple-roots",
                "role 'consultant' reports to nobody, but 'chief-executive-officer' "
                "is already the top of the org (3 roles below it) (from visio.xlsx row 6)",
            ),
            (
                "unknown-reference",
                "role 'analyst' reports to 'nobody-known', which is not a known "
                "role (from visio.xlsx row 7)",
            ),
        ],
    ),
}
ORG_RULES = ("unknown-reference", "reporting-cycle", "duplicate-id", "multiple-roots")


@pytest.mark.parametrize("name", sorted(CASES))
def test_export_shape(cli: Cli, tmp_path: Path, name: str) -> None:
    problems, findings = CASES[name]
    result = cli("import", "org", str(HRIS / name), "-o", str(tmp_path))
    assert result.exit_code == 1
    lines = [x for x in result.stderr.splitlines() if x.startswith(f"raci: {name} row ")]
    assert lines == [f"raci: {name} {p}" for p in problems]
    org = raci.load(tmp_path)
    report = raci.check(org)
    got = [(f.rule, f.message) for f in report.findings if f.rule in ORG_RULES]
    assert got == [(r, m.replace("{dir}", tmp_path.as_posix())) for r, m in findings]


def test_bamboohr_roles_people_teams(cli: Cli, tmp_path: Path) -> None:
    cli("import", "org", str(HRIS / "bamboohr.csv"), "-o", str(tmp_path))
    doc = yaml.safe_load((tmp_path / "bamboohr.yaml").read_text())
    roles = {r["id"]: r for r in doc["roles"]}
    # Two product managers under one manager share one role: a position with two holders.
    assert roles["product-manager"]["holders"] == ["p-5", "p-6"]
    assert roles["product-manager"]["origin"] == "bamboohr.csv rows 7, 8"
    assert roles["product-manager"]["reports_to"] == "vp-product"
    assert roles["chief-executive-officer"].get("reports_to") is None
    people = {p["id"]: p for p in doc["people"]}
    assert people["p-2"] == {
        "id": "p-2",
        "name": "Priya Raman",
        "email": "priya@acme.example",
        "origin": "bamboohr.csv row 3",
        "attributes": {"employee_id": "2", "location": "Berlin"},
    }
    teams = {t["id"]: t["members"] for t in doc["teams"]}
    assert teams["engineering"] == ["chief-technology-officer", "software-engineer"]


def test_managers_by_email_and_vacant_rows(cli: Cli, tmp_path: Path) -> None:
    cli("import", "org", str(HRIS / "hibob.csv"), "-o", str(tmp_path / "bob"))
    roles = {
        r["id"]: r for r in yaml.safe_load((tmp_path / "bob" / "hibob.yaml").read_text())["roles"]
    }
    assert roles["vp-product"]["reports_to"] == "cpo"  # "priya@acme.example"
    cli("import", "org", str(HRIS / "drawio.csv"), "-o", str(tmp_path / "draw"))
    roles = {
        r["id"]: r for r in yaml.safe_load((tmp_path / "draw" / "drawio.yaml").read_text())["roles"]
    }
    assert roles["product-manager"]["holders"] == []  # a title and no name: vacant


def test_title_rows_bom_and_windows_1252(cli: Cli, tmp_path: Path) -> None:
    assert cli("import", "org", str(HRIS / "workday.csv"), "-o", str(tmp_path / "w")).exit_code == 1
    doc = yaml.safe_load((tmp_path / "w" / "workday.yaml").read_text())
    assert [r["title"] for r in doc["roles"]][:2] == ["CEO", "CPO"]
    result = cli("import", "org", str(HRIS / "windows1252.csv"), "-o", str(tmp_path / "c"))
    assert result.exit_code == 0
    doc = yaml.safe_load((tmp_path / "c" / "windows1252.yaml").read_text())
    assert [p["name"] for p in doc["people"]] == ["Caf\xe9 Owner", "Jos\xe9 Mar\xeda"]
    assert doc["roles"][1]["reports_to"] == "directeur-general"


def test_map_option(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_text("Person,Boss,Function\nAnn,,Boss\nBob,Ann,Helper\n")
    assert cli("import", "org", str(path), "-o", str(tmp_path / "o")).exit_code == 2
    result = cli(
        "import",
        "org",
        str(path),
        "-o",
        str(tmp_path / "o"),
        "--map",
        "Person=name",
        "--map",
        "Boss=manager",
        "--map",
        "Function=title",
    )
    assert result.exit_code == 0, result.stderr
    assert raci.check(raci.load(tmp_path / "o")).findings[0].rule == "span-of-control"
    bad = cli("import", "org", str(path), "-o", str(tmp_path / "o"), "--map", "Boss=chief")
    assert bad.exit_code == 2
    assert "unknown field 'chief'" in bad.stderr


def test_unreadable_input_exits_2(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "empty.csv").write_text("")
    result = cli("import", "org", str(tmp_path / "empty.csv"), "-o", str(tmp_path / "o"))
    assert result.exit_code == 2
    assert "no header row" in result.stderr
    result = cli("import", "org", str(tmp_path / "missing.csv"), "-o", str(tmp_path / "o"))
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
