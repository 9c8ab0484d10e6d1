"""Each class of issue 11, as a small export: what the import says, and what `raci check`
of the written folder says again (the "nothing stops the import, check says it again"
contract)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

import raci
from tests.conftest import Cli


def run(cli: Cli, tmp_path: Path, name: str, text: str, *args: str) -> tuple[int, str, dict]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    shutil.rmtree(tmp_path / "org", ignore_errors=True)  # each import into an empty folder
    result = cli("import", "org", str(path), "-o", str(tmp_path / "org"), *args)
    written = tmp_path / "org" / f"{path.stem}.yaml"
    doc = yaml.safe_load(written.read_text(encoding="utf-8")) if written.exists() else {}
    return result.exit_code, result.stderr, doc


def found(tmp_path: Path, rule: str) -> list[str]:
    report = raci.check(raci.load(tmp_path / "org"))
    return [f.message for f in report.findings if f.rule == rule]


@pytest.mark.parametrize(
    ("header", "how"),
    [
        ("parentId", "parent id"),
        ("ParentId", "parent id"),
        ("pid", "parent id"),
        ("ManagerName", "manager"),
        ("Manager Name", "manager"),
        ("Supervisor", "manager"),
        ("Line Manager", "manager"),
        ("Boss", "manager"),
        ("Reports To (Name)", "manager"),
        ("Vorgesetzte:r", "manager"),
        ("Responsable hiérarchique", "manager"),
        ("Jefe directo", "manager"),
    ],
)
def test_manager_columns_under_other_names(cli: Cli, tmp_path: Path, header: str, how: str) -> None:
    by_id = how == "parent id"
    top, boss = ("1", "1") if by_id else ("Dana Whitfield", "Dana Whitfield")
    code, err, doc = run(
        cli,
        tmp_path,
        "org.csv",
        f"id,name,title,{header}\n1,Dana Whitfield,CEO,\n2,Priya Raman,CPO,{boss}\n"
        f"3,Ann Lost,CTO,{'9' if by_id else 'Olivia Gone'}\n",
    )
    assert top
    assert f"raci: manager: column '{header}' (matched as {how})" in err
    assert code == 1
    roles = {r["title"]: r for r in doc["roles"]}
    assert roles["CPO"]["reports_to"] == "ceo"
    missing = "9" if by_id else "olivia-gone"
    assert found(tmp_path, "unknown-reference") == [
        f"role 'cto' reports to '{missing}', which is not a known role (from org.csv row 4)"
    ]
    assert "3 rows, 3 people, 3 roles (0 vacant), 2 reporting lines (1 not resolved)" in err


def test_names_in_other_forms_are_matched(cli: Cli, tmp_path: Path) -> None:
    code, err, doc = run(
        cli,
        tmp_path,
        "names.csv",
        "Name,Title,Manager\n"
        "Dana M. Whitfield,CEO,\n"
        'José María García,CPO,"Whitfield, Dana"\n'
        "Grace Lee,PM,Jose Maria Garcia\n"
        "Omar Haddad,PM 2,  GRACE   lee \n"
        "Ada Novak,Engineer,D. Whitfield\n"
        "Sam Reid,Engineer 2,dana.whitfield\n"
        "Kim Park,Designer,Garcia Jose Maria\n"
        "Leo Hart,Designer 2,Dr. Dana Whitfield Jr.\n"
        "Eve Stone,Designer 3,Grace Lee (Product)\n",
    )
    assert code == 0, err
    reports = {r["title"]: r.get("reports_to") for r in doc["roles"]}
    assert reports == {
        "CEO": None,
        "CPO": "ceo",
        "PM": "cpo",
        "PM 2": "pm",
        "Engineer": "ceo",
        "Engineer 2": "ceo",
        "Designer": "cpo",
        "Designer 2": "ceo",
        "Designer 3": "pm",
    }
    assert found(tmp_path, "unknown-reference") == []


def test_an_ambiguous_name_is_a_finding_not_a_guess(cli: Cli, tmp_path: Path) -> None:
    code, err, doc = run(
        cli,
        tmp_path,
        "twins.csv",
        "Name,Title,Manager\nDana Whitfield,CEO,\nAlex Kim,VP Sales,Dana Whitfield\n"
        "Alex Kim,VP Ops,Dana Whitfield\nMia Ross,Rep,Alex Kim\nLeo Hart,Rep,Alex Kim\n",
    )
    assert code == 1
    assert "raci: twins.csv row 5: manager 'Alex Kim' could be rows 3, 4: not guessed" in err
    roles = {r["id"]: r for r in doc["roles"]}
    # Two people under an ambiguous manager are not known to share one: a role each, under
    # an id no role has and that says what it is; `raci check` names the rows again.
    assert [r["reports_to"] for r in roles.values() if r["title"] == "Rep"] == [
        "alex-kim-ambiguous",
        "alex-kim-ambiguous",
    ]
    could = "manager 'Alex Kim' could be rows 3 (role vp-sales), 4 (role vp-ops): not guessed"
    assert found(tmp_path, "unknown-reference") == [
        "role 'rep' reports to 'alex-kim-ambiguous', which is not a known role (from twins.csv "
        f"row 5; {could})",
        "role 'rep-2' reports to 'alex-kim-ambiguous', which is not a known role (from "
        f"twins.csv row 6; {could})",
    ]


def test_a_manager_id_two_rows_have_is_not_written_as_if_it_were_a_role(
    cli: Cli, tmp_path: Path
) -> None:
    """'3' is the id of rows 4 and 5: the row under it reported '3' as its manager, a
    role id of nothing, and `raci check` asked to define role '3'."""
    code, err, doc = run(
        cli,
        tmp_path,
        "dup.csv",
        "Employee ID,Name,Title,Manager ID\n1,Dana Top,CEO,\n2,Ann Lee,CTO,1\n"
        "3,Bo Park,Dev,2\n3,Cy Ek,Ops,2\n4,Di Fo,QA,3\n",
    )
    assert code == 1
    assert "raci: dup.csv row 6: manager '3' could be rows 4, 5: not guessed" in err
    roles = {r["id"]: r for r in doc["roles"]}
    assert roles["qa"]["reports_to"] == "3-ambiguous"
    assert "3-ambiguous" not in roles
    assert found(tmp_path, "unknown-reference") == [
        "role 'qa' reports to '3-ambiguous', which is not a known role (from dup.csv row 6; "
        "manager '3' could be rows 4 (role dev), 5 (role ops): not guessed)"
    ]


def test_manager_columns_that_name_two_people_are_a_problem_not_a_guess(
    cli: Cli, tmp_path: Path
) -> None:
    """An HR dataset's ManagerID numbers the managers apart from the employee ids: '4' is
    Bo Park's employee id and the number of Ann Lee as a manager. The row's ManagerName
    says which; the import put Cy Ek under Bo Park by id, without a word."""
    code, err, doc = run(
        cli,
        tmp_path,
        "hr.csv",
        "EmpID,Employee_Name,Position,ManagerName,ManagerID\n"
        "1,Dana Top,CEO,,\n"
        "2,Ann Lee,CTO,Dana Top,9\n"
        "4,Bo Park,Dev,Ann Lee,4\n"
        "5,Cy Ek,QA,Ann Lee,4\n"
        "6,Di Fo,Ops,Dana Top,1\n",
    )
    assert code == 1
    assert [x for x in err.splitlines() if x.startswith("raci: hr.csv")] == [
        "raci: hr.csv rows 4-5: the manager columns ('ManagerID', 'ManagerName') name different "
        "people; --map COLUMN=manager reads one of them alone",
        "raci: hr.csv row 4: manager '4' is row 4 ('Bo Park', itself), but 'Ann Lee' (another "
        "manager column) is row 3: not guessed (unknown-reference)",
        "raci: hr.csv row 5: manager '4' is row 4 ('Bo Park'), but 'Ann Lee' (another manager "
        "column) is row 3: not guessed (unknown-reference)",
    ]
    roles = {r["id"]: r for r in doc["roles"]}
    assert roles["cto"]["reports_to"] == "ceo"  # '9' is nobody's id: the name finds Dana
    assert roles["ops"]["reports_to"] == "ceo"  # both columns say Dana Top
    assert roles["qa"]["reports_to"] == "4-ambiguous"  # never 'dev'
    assert found(tmp_path, "unknown-reference") == [
        "role 'dev' reports to '4-ambiguous', which is not a known role (from hr.csv row 4; "
        "manager '4' (or 'Ann Lee') could be rows 4 (role dev), 3 (role cto): not guessed)",
        "role 'qa' reports to '4-ambiguous', which is not a known role (from hr.csv row 5; "
        "manager '4' (or 'Ann Lee') could be rows 4 (role dev), 3 (role cto): not guessed)",
    ]


def test_people_of_missing_managers_are_never_merged_or_reparented(
    cli: Cli, tmp_path: Path
) -> None:
    rows = "".join(f"{n},Person {n},Engineer,{100 + n}\n" for n in range(2, 12))
    code, err, doc = run(
        cli,
        tmp_path,
        "lost.csv",
        "Employee ID,Name,Job Title,Manager ID\n1,Dana Whitfield,CEO,\n"
        + rows
        + "12,Ann Two,Engineer,102\n13,Bo Three,Designer,Engineer\n",
    )
    assert code == 1
    engineers = [r for r in doc["roles"] if r["title"] == "Engineer"]
    # Ten managers not in the file: ten roles; the two rows of manager 102 share one.
    assert len(engineers) == 10
    by_boss = {r["reports_to"]: r["holders"] for r in engineers}
    assert by_boss["102"] == ["p-2", "p-12"]
    assert sorted(by_boss) == sorted(str(100 + n) for n in range(2, 12))
    designer = next(r for r in doc["roles"] if r["title"] == "Designer")
    assert designer["reports_to"] == "engineer-not-found"  # never the role 'engineer'
    messages = found(tmp_path, "unknown-reference")
    assert len(messages) == 11
    assert "(from lost.csv rows 3, 13)" in messages[0]
    assert err.count("is not in the file (unknown-reference)") == 12
    assert "11 reporting lines" not in err
    assert "(12 not resolved)" in err


def test_first_name_and_surname_are_joined(cli: Cli, tmp_path: Path) -> None:
    code, _, doc = run(
        cli,
        tmp_path,
        "uk.csv",
        "Staff ID,Forename,Surname,Role,Line Manager\nS1,Dana,Whitfield,CEO,\n"
        'S2,Priya,Raman,CPO,"Whitfield, Dana"\n',
    )
    assert code == 0
    assert [p["name"] for p in doc["people"]] == ["Dana Whitfield", "Priya Raman"]
    code, err, doc = run(
        cli, tmp_path, "only.csv", "Emp ID,Surname,Role,Boss\n1,Whitfield,CEO,\n2,Raman,CPO,1\n"
    )
    assert code == 0
    assert "last_name: column 'Surname' (matched as last name)" in err
    assert [p["name"] for p in doc["people"]] == ["Whitfield", "Raman"]


@pytest.mark.parametrize(
    "header",
    [
        "EmpID",
        "Emp ID",
        "Staff ID",
        "Personnel Number",
        "Worker ID",
        "Position ID",
        "node",
        "key",
        "Personalnummer",
        "Matricule",
    ],
)
def test_id_columns(cli: Cli, tmp_path: Path, header: str) -> None:
    code, err, doc = run(
        cli, tmp_path, "ids.csv", f"{header},Name,Title,Manager\nX1,Dana,CEO,\nX2,Priya,CPO,X1\n"
    )
    assert code == 0, err
    assert f"id: column '{header}'" in err
    assert doc["roles"][1]["reports_to"] == "ceo"


@pytest.mark.parametrize(
    "vacant", ["VACANT", "Vacant", "Open", "TBH", "TBD", "To be hired", "Open position", ""]
)
def test_vacancies_are_vacant_roles(cli: Cli, tmp_path: Path, vacant: str) -> None:
    code, err, doc = run(
        cli,
        tmp_path,
        "v.csv",
        f"ID,Name,Title,Supervisor ID\n1,Dana Whitfield,CEO,\n2,{vacant},Head of Data,1\n"
        "3,Kim Park,Analyst,2\n",
    )
    assert code == 0, err
    roles = {r["id"]: r for r in doc["roles"]}
    assert roles["head-of-data"] == {
        "id": "head-of-data",
        "title": "Head of Data",
        "reports_to": "ceo",
        "holders": [],
        "origin": "v.csv row 3",
        "attributes": {"employee_id": "2"},  # the row's id, kept: others may report to it
    }
    assert roles["analyst"]["reports_to"] == "head-of-data"
    assert [p["name"] for p in doc["people"]] == ["Dana Whitfield", "Kim Park"]
    assert found(tmp_path, "vacant-role") == [
        "role 'head-of-data' (Head of Data) is vacant; nobody covers it (from v.csv row 3)"
    ]


def test_position_chart_and_edge_lists(cli: Cli, tmp_path: Path) -> None:
    code, err, doc = run(
        cli,
        tmp_path,
        "pos.csv",
        "Position ID,Position Title,Parent Position ID,Incumbent\nP1,CEO,,Dana\n"
        "P2,CTO,P1,\nP3,Engineer,P2,Ada\nP4,Engineer,P9,Sam\nP5,Head of Data,P1,Dana\n",
    )
    assert code == 1
    assert "row 5: manager 'P9' is not in the file (unknown-reference)" in err
    roles = {r["id"]: r for r in doc["roles"]}
    assert roles["cto"]["holders"] == []
    assert roles["engineer"]["reports_to"] == "cto"
    assert doc["people"][0]["attributes"] == {"position_id": "P1; P5"}
    # Dana holds two positions: one person, a holder of both roles.
    assert [p["name"] for p in doc["people"]] == ["Dana", "Ada", "Sam"]
    assert roles["head-of-data"]["holders"] == roles["ceo"]["holders"] == ["dana"]
    assert found(tmp_path, "unknown-reference") == [
        "role 'engineer-2' reports to 'p9', which is not a known role (from pos.csv row 5)"
    ]
    code, err, doc = run(cli, tmp_path, "edges.csv", "child,parent\nB,A\nC,A\nD,B\n")
    assert code == 0, err
    people = {p["id"]: p["name"] for p in doc["people"]}
    reports = {
        people[r["holders"][0]]: r.get("reports_to")
        and people[next(x for x in doc["roles"] if x["id"] == r["reports_to"])["holders"][0]]
        for r in doc["roles"]
    }
    assert reports == {"A": None, "B": "A", "C": "A", "D": "B"}


def test_dry_run_shows_columns_and_rows_and_writes_nothing(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "d3.csv"
    path.write_text("id,parentId,name,positionName\n1,,Dana,CEO\n2,1,Priya,CPO\n3,7,Lost,CTO\n")
    result = cli("import", "org", str(path), "--dry-run")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "row 2: id '1', 'Dana', 'CEO' -> role ceo, reports to the top",
        "row 3: id '2', 'Priya', 'CPO' -> role cpo, reports to '1' = row 2 (by id)",
        "row 4: id '3', 'Lost', 'CTO' -> role cto, reports to '7' (not in the file)",
    ]
    assert result.stderr.splitlines() == [
        "raci: id: column 'id' (matched as id)",
        "raci: manager: column 'parentId' (matched as parent id)",
        "raci: name: column 'name' (matched as name)",
        "raci: title: column 'positionName' (matched as title)",
        "raci: d3.csv row 4: manager '7' is not in the file (unknown-reference)",
        "raci: 3 rows, 3 people, 3 roles (0 vacant), 2 reporting lines (1 not resolved), "
        "1 problem; nothing written (--dry-run)",
    ]
    assert list(tmp_path.iterdir()) == [path]
    assert cli("import", "org", str(path)).exit_code == 2  # no -o and no --dry-run


def test_map_overrides_a_recognised_column(cli: Cli, tmp_path: Path) -> None:
    code, err, doc = run(
        cli,
        tmp_path,
        "m.csv",
        "Name,Title,Manager,Real Boss\nDana,CEO,,\nPriya,CPO,Nobody,Dana\n",
        "--map",
        "Real Boss=manager",
    )
    assert code == 0, err
    assert "manager: column 'Real Boss' (from --map)" in err
    assert doc["roles"][1]["reports_to"] == "ceo"


def test_docs_list_every_column_name() -> None:
    from raci.imports.org_columns import ALIASES
    from tests.conftest import ROOT

    text = (ROOT / "docs" / "import.md").read_text(encoding="utf-8")
    for field, groups in ALIASES.items():
        for label, names in groups:
            row = next(line for line in text.splitlines() if f"| {field} | {label} | " in line)
            assert [n for n in names if f"`{n}`" not in row] == [], label


def test_every_holders_dotted_lines_are_kept(cli: Cli, tmp_path: Path) -> None:
    code, err, doc = run(
        cli,
        tmp_path,
        "dots.csv",
        "ID,Name,Title,Supervisor ID,DottedID\n1,Dana,CEO,,\n2,Priya,CPO,1,\n3,Marc,CTO,1,\n"
        "4,Ada,Engineer,3,2\n5,Sam,Engineer,3,1;8\n",
    )
    assert code == 1
    assert "raci: dots.csv row 6: dotted-line manager '8' is not in the file" in err
    engineer = next(r for r in doc["roles"] if r["title"] == "Engineer")
    assert engineer["holders"] == ["p-4", "p-5"]
    assert engineer["dotted_to"] == ["cpo", "ceo", "8"]
    assert found(tmp_path, "unknown-reference") == [
        "role 'engineer' has a dotted line to '8', which is not a known role "
        "(from dots.csv rows 5, 6)"
    ]


def test_an_empty_manager_cell_falls_back_to_another_manager_column(
    cli: Cli, tmp_path: Path
) -> None:
    code, err, doc = run(
        cli,
        tmp_path,
        "bamboo.csv",
        "Employee #,Name,Job Title,Supervisor EID,Supervisor\n1,Dana Whitfield,CEO,,\n"
        '2,Priya Raman,CPO,1,"Whitfield, Dana"\n3,Marc Chen,CTO,,"Whitfield, Dana"\n',
    )
    assert code == 0, err
    assert (
        "manager: column 'Supervisor EID' (matched as manager id), else column "
        "'Supervisor' when it is empty" in err
    )
    assert [r.get("reports_to") for r in doc["roles"]] == [None, "ceo", "ceo"]


@pytest.mark.parametrize(
    ("column", "hint"),
    [
        ("NoSuchColumn", ""),
        ("Boss Email", ""),
        ("Mangaer", " (did you mean --map 'Manager=id'?)"),
        ("Titles", " (did you mean --map 'Title=id'?)"),
    ],
)
def test_a_map_naming_no_column_is_refused(
    cli: Cli, tmp_path: Path, column: str, hint: str
) -> None:
    source = tmp_path / "hr.csv"
    source.write_text("Name,Title,Manager\nAda Top,CEO,\nBo Low,CTO,Ada Top\n", encoding="utf-8")
    result = cli("import", "org", str(source), "-o", str(tmp_path / "out"), "--map", f"{column}=id")
    assert result.exit_code == 2
    given = column.strip()
    assert result.stderr == (
        f"raci: error: --map '{given}=id': no column '{given}' in the header row (row 1); "
        f"its columns are 'Name', 'Title', 'Manager'{hint}\n"
    )
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("maps", "message"),
    [
        (["Title=manager", "Manager=manager"], "another --map already names the manager column"),
        (["Title=manager", "Title=team"], "column 'Title' is already manager"),
    ],
)
def test_a_field_or_column_mapped_twice_is_refused(
    cli: Cli, tmp_path: Path, maps: list[str], message: str
) -> None:
    source = tmp_path / "hr.csv"
    source.write_text("Name,Title,Manager\nAda Top,CEO,\nBo Low,CTO,Ada Top\n", encoding="utf-8")
    args = [x for m in maps for x in ("--map", m)]
    result = cli("import", "org", str(source), "-o", str(tmp_path / "out"), *args)
    assert result.exit_code == 2
    assert message in result.stderr
