"""raci import matrix: hand-made matrices in the shapes people make them."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
import yaml

import raci
from raci.imports.matrix import read_matrix
from raci.imports.tabular import read_table
from tests.conftest import Cli, write_org

HERE = Path(__file__).parent / "matrices"

ORG = """\
roles:
  - {id: chief, title: Chief Executive Officer, holders: [dana]}
  - {id: product-head, title: Chief Product Officer, reports_to: chief, holders: [priya]}
  - {id: vpp, title: VP Product, reports_to: product-head, holders: [jonas]}
  - {id: eng, title: Engineering Lead, reports_to: chief, holders: [marc]}
people:
  - {id: dana, name: Dana Whitfield}
  - {id: priya, name: Priya Raman}
  - {id: jonas, name: Jonas Weber}
  - {id: marc, name: Marc Chen}
"""


def messy_workbook(path: Path) -> Path:
    """Title rows, merged group headers, merged area cells, letters in every form."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "RACI"
    ws["A1"] = "Lumen: product responsibilities"
    ws.merge_cells("A1:F1")
    ws["A2"] = "Draft for the exec offsite"
    ws["C3"], ws["E3"] = "Leadership", "Delivery"
    ws.merge_cells("C3:D3")
    ws.merge_cells("E3:F3")
    for col, text in zip(
        "ABCDEF",
        ["Area", "Activity", "CPO", "Dana Whitfield", "vp product", "Design Lead"],
        strict=True,
    ):
        ws[f"{col}4"] = text
    rows = [
        ("Vision", "Define the vision", "a/r", "\u0421", "I", None),
        (None, "Set the strategy", "A", "c", "R", None),
        ("Delivery", "Plan the roadmap", "I", None, "R, A", "c"),
        (None, "Ship releases", None, "i", "AR", "r"),
        (None, "Bad cells", "A", "yes", "C/I", "R"),
    ]
    for i, row in enumerate(rows, start=5):
        for col, value in zip("ABCDEF", row, strict=True):
            if value is not None:
                ws[f"{col}{i}"] = value
    ws.merge_cells("A5:A6")
    ws.merge_cells("A7:A9")
    wb.save(path)
    return path


def test_messy_workbook(tmp_path: Path) -> None:
    write_org(tmp_path / "org", {"org.yaml": ORG})
    org = raci.load(tmp_path / "org")
    result = read_matrix(read_table(messy_workbook(tmp_path / "m.xlsx")), org)
    assert result.header_row == 3
    assert [(c.header, c.role, c.how) for c in result.columns] == [
        ("CPO", "product-head", "initials"),
        ("Dana Whitfield", "chief", "holder"),
        ("vp product", "vpp", "title"),
        ("Design Lead", "design-lead", "new"),
    ]
    assert result.areas == {"vision": "Vision", "delivery": "Delivery"}
    got = {a.id: (a.area, a.letters) for a in result.activities}
    assert got["define-the-vision"] == (
        "vision",
        {"A": ["product-head"], "R": ["product-head"], "C": ["chief"], "I": ["vpp"]},
    )
    assert got["plan-the-roadmap"] == (
        "delivery",
        {"I": ["product-head"], "A": ["vpp"], "R": ["vpp"], "C": ["design-lead"]},
    )
    assert got["ship-releases"][0] == "delivery"
    assert result.problems == []
    # Nothing lost: 'yes' is kept for `raci check`; C/I is kept as both letters.
    assert [(u.value, u.role, u.cell) for u in result.activities[-1].unread] == [
        ("yes", "chief", "RACI!D9")
    ]
    assert got["bad-cells"][1] == {
        "A": ["product-head"],
        "C": ["vpp"],
        "I": ["vpp"],
        "R": ["design-lead"],
    }
    assert result.summary() == ("cells read: 16 = 15 kept as letters + 0 none-markers + 1 reported")


def test_cli_writes_yaml_that_raci_check_reads(cli: Cli, tmp_path: Path) -> None:
    write_org(tmp_path / "org", {"org.yaml": ORG})
    path = messy_workbook(tmp_path / "client.xlsx")
    result = cli("import", "matrix", str(path), "-o", str(tmp_path / "org"))
    assert result.exit_code == 1  # one unreadable cell, written for `raci check` to report
    assert "column 'CPO' -> product-head (by initials)" in result.stdout
    assert "raci: RACI!D9: 'yes' is not a RACI letter" in result.stderr
    assert "cells read: 16 = 15 kept as letters + 0 none-markers + 1 reported" in result.stderr
    doc = yaml.safe_load((tmp_path / "org" / "client.yaml").read_text())
    assert doc["scope"] == ["product-head", "chief", "vpp", "design-lead"]
    assert [a["id"] for a in doc["activities"]] == ["vision", "delivery"]
    roles = yaml.safe_load((tmp_path / "org" / "client-roles.yaml").read_text())
    assert roles == {"roles": [{"id": "design-lead", "title": "Design Lead", "tags": ["delivery"]}]}
    report = raci.check(raci.load(tmp_path / "org"))
    assert not [
        f
        for f in report.findings
        if f.rule in ("syntax-error", "schema-error", "unknown-reference")
    ]
    assert {f.entity.id for f in report.findings if f.rule == "multiple-roots"} == {"design-lead"}
    # What the import could not read, `raci check` reports with the cell it came from.
    check = cli("check", str(tmp_path / "org"), "--format", "concise")
    lines = [x for x in check.stdout.splitlines() if "LOAD005" in x or "ACT007" in x]
    assert [x.split(": ", 1)[1] for x in lines] == [
        "ACT007 [error] role 'vpp' is both Consulted and Informed on activity 'bad-cells' (C/I) "
        "(from client.xlsx RACI row 9; unreadable: 'yes' at RACI!D9)",
        "LOAD005 [error] activity 'bad-cells' uses 'yes', which is not a RACI letter "
        "(from client.xlsx RACI row 9; unreadable: 'yes' at RACI!D9)",
    ]


def test_csv_with_title_rows_and_section_rows(cli: Cli, tmp_path: Path) -> None:
    csv = tmp_path / "m.csv"
    csv.write_text(
        "RACI for Lumen;;;\n;;;\nTask;CEO;CPO;CTO\nStrategy;;;\nVision;C;A/R;I\n"
        "Roadmap;I;A;R\nDelivery;;;\nShip;;A;R\n",
        encoding="cp1252",
    )
    result = cli("import", "matrix", str(csv), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    doc = yaml.safe_load((tmp_path / "out" / "m.yaml").read_text())
    assert [(a["id"], [c["id"] for c in a["activities"]]) for a in doc["activities"]] == [
        ("strategy", ["vision", "roadmap"]),
        ("delivery", ["ship"]),
    ]
    assert doc["activities"][0]["activities"][0]["raci"] == {
        "R": "cpo",
        "A": "cpo",
        "C": "ceo",
        "I": "cto",
    }


def test_windows_1252_and_bom(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_bytes("Activit\xe9,CEO\nPr\xe9parer,A/R\n".encode("latin-1"))
    (tmp_path / "b.csv").write_bytes(b"\xef\xbb\xbfActivity,CEO\nPlan,A/R\n")
    a = read_matrix(read_table(tmp_path / "a.csv"), None)
    b = read_matrix(read_table(tmp_path / "b.csv"), None)
    assert [x.title for x in a.activities] == ["Pr\xe9parer"]
    assert [x.title for x in b.activities] == ["Plan"]


@pytest.mark.parametrize(
    ("content", "message"),
    [("just,words\nno,letters\n", "nothing could be read"), ("", "nothing could be read")],
)
def test_nothing_readable_exits_2(cli: Cli, tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "m.csv"
    path.write_text(content)
    result = cli("import", "matrix", str(path), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert message in result.stderr
    assert "no header row found" in result.stderr or content == ""


def test_simple_csv_fixture(cli: Cli, tmp_path: Path) -> None:
    result = cli(
        "import", "matrix", str(HERE / "simple.csv"), "-o", str(tmp_path / "o"), "--org", "org"
    )
    assert result.exit_code == 1
    assert "raci: 'simple.csv'!D9: 'x?' is not a RACI letter" in result.stderr
    assert (tmp_path / "o" / "org.yaml").exists()  # the org copied in: a whole org to check
    assert [(p.rule, p.message, p.loc.line) for p in raci.load(tmp_path / "o").problems] == [
        ("invalid-letter", "activity 'broken-row' uses 'x?', which is not a RACI letter", 29)
    ]


def test_binary_junk_and_raci_workbooks_are_refused_cleanly(cli: Cli, tmp_path: Path) -> None:
    junk = tmp_path / "junk.csv"
    junk.write_bytes(bytes(range(256)) * 20 + b"\r\n\x00\r")
    for command in ("matrix", "org"):
        result = cli("import", command, str(junk), "-o", str(tmp_path / "o"))
        assert result.exit_code == 2
        assert "Traceback" not in result.stderr
    from raci.excel.export import export_xlsx
    from raci.runner import CheckOptions, run_check

    exported = tmp_path / "raci.xlsx"
    export_xlsx(run_check(CheckOptions(Path("org"))), exported)
    result = cli("import", "matrix", str(exported), "-o", str(tmp_path / "o"))
    assert result.exit_code == 2
    assert "a workbook exported by raci; `raci import xlsx` reads it back" in result.stderr
