"""Values longer than an id may be (`raci.model.Id`: 200 characters) are imported with
their ids shortened, said at their row and column, and the written folder checks as
the import said: no schema-error."""

from __future__ import annotations

from pathlib import Path

import yaml

import raci
from raci.imports.ids import ID_MAX, Ids, shorten
from raci.model import Role
from tests.conftest import Cli

TITLE = "Senior " * 40 + "Engineer"  # 288 characters as an id
KEY = "E" + "9" * 250
BOSS = "X" * 260


def test_the_limit_is_the_models() -> None:
    limits = [m.max_length for m in Role.model_fields["id"].metadata if hasattr(m, "max_length")]
    assert limits == [ID_MAX]


def test_shortened_ids_stay_unique_and_stable() -> None:
    ids = Ids()
    made = [ids.make("a" * 300) for _ in range(3)] + [ids.make("a" * 199) for _ in range(2)]
    assert len(set(made)) == 5
    assert all(len(m) <= ID_MAX for m in made)
    assert made[0] == shorten("a" * 300)  # the same text, the same id: references meet
    assert made[3] == "a" * 199  # fits: untouched
    assert made[4] == shorten("a" * 199 + "-2")  # 'aaa...-2' would be 201
    assert len(made[4]) == ID_MAX


def test_long_values_are_shortened_ids_and_check_agrees(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    path.write_text(
        "Employee ID,Name,Title,Manager ID,Department\n"
        f"1,Ann Top,CEO,,{'Dept' * 60}\n"
        f"{KEY},Dana Long,{TITLE},1,Eng\n"
        f"3,Bob Short,{TITLE},{KEY},Eng\n"
        f"4,Carl Lost,Dev,{BOSS},Eng\n",
        encoding="utf-8",
    )
    out = tmp_path / "org"
    result = cli("import", "org", str(path), "-o", str(out))
    assert result.exit_code == 1  # the manager not in the file, not the lengths
    said = [x for x in result.stderr.splitlines() if x.startswith("raci: long.csv row ")]
    doc = yaml.safe_load((out / "long.yaml").read_text(encoding="utf-8"))
    person = doc["people"][1]["id"]
    roles = [r["id"] for r in doc["roles"]]
    team = doc["teams"][0]["id"]
    over = "characters, over the 200 an id may have: shortened to"
    assert said == [
        f"raci: long.csv row 3, column 'Employee ID': the id made from it is 251 {over} "
        f"'{person[:40]}...{person[-9:]}'; the id is kept whole as employee_id",
        f"raci: long.csv row 3, column 'Title': the id made from it is 288 {over} "
        f"'{roles[1][:40]}...{roles[1][-9:]}'; the title is kept whole",
        f"raci: long.csv row 4, column 'Title': the id made from it is 288 {over} "
        f"'{roles[2][:40]}...{roles[2][-9:]}'; the title is kept whole",
        f"raci: long.csv row 5, column 'Manager ID': the id made from it is 260 {over} "
        f"'{'x' * 40}...{doc['roles'][3]['reports_to'][-9:]}'; the cell is quoted whole in "
        "the problem about it",
        f"raci: long.csv row 2, column 'Department': the id made from it is 240 {over} "
        f"'{team[:40]}...{team[-9:]}'; the team's name is kept whole",
        f"raci: long.csv row 5: manager '{BOSS}' is not in the file (unknown-reference)",
    ]
    # Nothing lost: the long texts are in the YAML whole, and the references meet.
    assert doc["roles"][1]["title"] == TITLE
    assert doc["people"][1]["attributes"]["employee_id"] == KEY
    assert doc["teams"][0]["name"] == "Dept" * 60
    assert doc["roles"][2]["reports_to"] == roles[1]
    assert all(len(i) <= ID_MAX for i in [person, team, *roles])
    # `raci check` of what was written reports what the import reported, and no more.
    errors = [
        (f.rule, f.message) for f in raci.check(raci.load(out)).findings if f.severity == "error"
    ]
    assert [rule for rule, _ in errors] == ["unknown-reference"]
    assert errors[0][1].endswith("(from long.csv row 5)")
