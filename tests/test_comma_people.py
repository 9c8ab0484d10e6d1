"""A cell with several people written 'Last, First' ('Smith, Jane, Doe, John') is read
as those people with a note, or kept and reported when its commas could part it more
than one way; never split into single words without a word."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import raci
from raci.imports.names import comma_people
from tests.conftest import Cli

SURNAMES = ["Smith", "Okafor", "Novak", "O'Neil", "Berg", "van Dijk", "Whitfield", "Jean-Baptiste"]
FIRST = ["Jane", "John", "Priya", "Marc", "Zoë", "Łukasz"]


@pytest.mark.parametrize(
    ("cell", "people", "unsure"),
    [
        ("Smith, Jane, Doe, John", ["Smith, Jane", "Doe, John"], False),
        ("Smith, Jane, John", [], True),  # 'Smith, Jane' and 'John', or three people?
        ("Smith, Jane, Jr.", ["Smith, Jane, Jr."], False),  # one person with a suffix
        ("Smith, Jane, PhD, Doe, John", ["Smith, Jane, PhD", "Doe, John"], False),
        ("Jane Smith, John Doe, Ann Lee", [], False),  # 'First Last', three times
        ("van Dijk, Zoë, Smith, Jane Marie", ["van Dijk, Zoë", "Smith, Jane Marie"], False),
        ("CTO, Smith, Jane", [], True),
    ],
)
def test_comma_people(cell: str, people: list[str], unsure: bool) -> None:
    assert comma_people([p.strip() for p in cell.split(",")]) == (people, unsure)


@settings(derandomize=True, max_examples=50)
@given(
    st.lists(st.tuples(st.sampled_from(SURNAMES), st.sampled_from(FIRST)), min_size=2, max_size=4)
)
def test_last_first_pairs_are_each_one_person(pairs: list[tuple[str, str]]) -> None:
    pieces = [piece for pair in pairs for piece in pair]
    assert comma_people(pieces) == ([f"{last}, {first}" for last, first in pairs], False)
    # one piece more or less, and the pairs no longer tell: said, not guessed
    assert comma_people([*pieces, "Jane"]) == ([], True)
    assert comma_people(pieces[1:]) == ([], True)


def _long(tmp_path: Path, rows: list[list[str]]) -> Path:
    path = tmp_path / "long.csv"
    lines = ["Activity,R,A,C,I", *(",".join(f'"{v}"' for v in row) for row in rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_long_matrix_cell_with_two_people_reads_as_both(cli: Cli, tmp_path: Path) -> None:
    path = _long(
        tmp_path,
        [
            ["Plan", "Smith, Jane, Doe, John", "Smith, Jane", "", ""],
            ["Ship", "Doe, John", "", "", ""],
        ],
    )
    result = cli("import", "matrix", str(path), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    assert (
        "raci: 'long.csv'!B2: 'Smith, Jane, Doe, John' read as 2 people written 'Last, First': "
        "'Smith, Jane' and 'Doe, John'"
    ) in result.stderr.splitlines()
    doc = yaml.safe_load((tmp_path / "out" / "long.yaml").read_text())
    assert [a["raci"] for a in doc["activities"]] == [
        {"R": ["smith-jane", "doe-john"], "A": "smith-jane"},
        {"R": "doe-john"},
    ]


def test_a_long_matrix_cell_whose_commas_could_part_it_either_way_is_reported(
    cli: Cli, tmp_path: Path
) -> None:
    path = _long(tmp_path, [["Plan", "Smith, Jane, John", "Ann Lee", "", ""]])
    result = cli("import", "matrix", str(path), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert (
        "raci: 'long.csv'!B2: 'Smith, Jane, John': 3 names, or people written 'Last, First'? "
        "Read as 3 names ('Smith', 'Jane', 'John'), not guessed: separate people with ';' or a "
        "new line"
    ) in result.stderr.splitlines()


def test_an_org_name_or_manager_cell_with_two_people_is_kept_and_reported(
    cli: Cli, tmp_path: Path
) -> None:
    path = tmp_path / "hr.csv"
    path.write_text(
        "Employee ID,Name,Title,Manager\n"
        '1,"Smith, Jane",CEO,\n'
        '2,"Doe, John",CTO,"Smith, Jane"\n'
        '3,"Lee, Ann, Park, Bo",Dev,"Smith, Jane, Doe, John"\n'
        '4,"Ek, Cy",Dev,"Smith, Jane, John"\n',
        encoding="utf-8",
    )
    result = cli("import", "org", str(path), "--dry-run")
    assert result.exit_code == 1
    assert [x for x in result.stderr.splitlines() if x.startswith("raci: hr.csv")] == [
        "raci: hr.csv row 4: column 'Name': 'Lee, Ann, Park, Bo' reads as 2 people written "
        "'Last, First' ('Lee, Ann' and 'Park, Bo'): kept as one person's name; give each "
        "person a row of their own",
        "raci: hr.csv row 4: manager 'Smith, Jane, Doe, John' may name 'Smith, Jane' and "
        "'Doe, John' (written 'Last, First'): not guessed (unknown-reference)",
        "raci: hr.csv row 5: manager 'Smith, Jane, John' may name several people (written "
        "'Last, First'): not guessed (unknown-reference)",
    ]
    assert "row 4: id '3', 'Lee, Ann, Park, Bo', 'Dev'" in result.stdout


def test_raci_check_says_again_whom_a_two_people_manager_cell_may_name(
    cli: Cli, tmp_path: Path
) -> None:
    path = tmp_path / "hr.csv"
    path.write_text(
        'Employee ID,Name,Title,Manager\n1,"Smith, Jane",CEO,\n2,"Doe, John",CTO,"Smith, Jane"\n'
        '3,"Lee, Ann",Dev,"Smith, Jane, Doe, John"\n',
        encoding="utf-8",
    )
    assert cli("import", "org", str(path), "-o", str(tmp_path / "org")).exit_code == 1
    report = raci.check(raci.load(tmp_path / "org"))
    assert [f.message for f in report.findings if f.rule == "unknown-reference"] == [
        "role 'dev' reports to 'smith-jane-doe-john-ambiguous', which is not a known role "
        "(from hr.csv row 4; manager 'Smith, Jane, Doe, John' may name 'Smith, Jane' and "
        "'Doe, John' (written 'Last, First'): not guessed)"
    ]
