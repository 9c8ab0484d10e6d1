"""Loading: locations survive, bad input becomes findings, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

import raci
from raci.loader import LoadError
from tests.conftest import BUNDLED, write_org

ORG = """\
name: Small
roles:
  - id: ceo
    title: CEO
    holders: [dana]
    tags: [exec]
  - id: cpo
    title: CPO
    reports_to: ceo
    holders: [priya]
    tags: [exec]
people:
  - {id: dana, name: Dana}
  - {id: priya, name: Priya}
"""

ACTIVITIES = """\
activities:
  - id: vision
    title: Vision
    source: Developing and implementing the product vision and strategy.
    activities:
      - id: define-vision
        title: Define the vision
        raci:
          A: cpo
          R: [cpo]
          C: ceo
"""


def test_entities_and_letters_remember_file_line_and_column(tmp_path: Path) -> None:
    write_org(tmp_path, {"org.yaml": ORG, "work/acts.yaml": ACTIVITIES})
    org = raci.load(tmp_path)
    cpo = org.roles["cpo"]
    assert cpo.loc().line == 7
    assert (cpo.loc("reports_to").line, cpo.loc("reports_to").column) == (9, 17)
    assert cpo.loc("holders", 0).column == 15
    act = org.activities["define-vision"]
    assert act.loc().file.endswith("work/acts.yaml")
    assert act.parent == "vision"
    assert act.source == "Developing and implementing the product vision and strategy."
    where = {(a.role, a.letter): (a.loc.line, a.loc.column) for a in org.assignments}
    assert where == {("cpo", "A"): (9, 14), ("cpo", "R"): (10, 15), ("ceo", "C"): (11, 14)}


def test_files_are_read_in_sorted_order_and_hidden_folders_skipped(tmp_path: Path) -> None:
    write_org(tmp_path, {"b.yaml": ORG, "a.yml": ACTIVITIES, ".git/x.yaml": "junk: ["})
    org = raci.load(tmp_path)
    assert [p.name for p in org.files] == ["a.yml", "b.yaml"]
    assert org.problems == []


def test_everything_wrong_at_once_is_reported_and_the_rest_still_checked(
    tmp_path: Path,
) -> None:
    files = {
        "org.yaml": ORG + "  - {id: dana, name: Dana again}\n",
        "broken.yaml": "roles: [\n",
        "typo.yaml": "roles:\n  - id: cfo\n    titel: CFO\n    reports_to: ceo\n",
        "types.yaml": (
            "roles:\n  - id: cmo\n    title: CMO\n    reports_to: [ceo]\n    holders: dana\n"
        ),
        "cycle.yaml": (
            "roles:\n  - {id: a, title: A, reports_to: b}\n  - {id: b, title: B, reports_to: a}\n"
        ),
        "dangling.yaml": "roles:\n  - {id: vp, title: VP, reports_to: cpp}\n",
        "dupkey.yaml": "activities:\n  - id: x\n    title: X\n    title: Y\n    raci: {A: cpo}\n",
        "acts.yaml": "activities:\n  - id: y\n    title: Y\n    raci: {R: cpo}\n",
        "list.yaml": "- not a mapping\n",
        "weird.yaml": "roles:\n  - 42\nunknown: 1\n",
    }
    write_org(tmp_path, files)
    report = raci.check(raci.load(tmp_path))
    got = {(Path(f.loc.file).name, f.loc.line, f.rule) for f in report.findings}
    assert got >= {
        ("broken.yaml", 2, "syntax-error"),
        ("org.yaml", 15, "duplicate-id"),
        ("typo.yaml", 2, "schema-error"),  # no title
        ("typo.yaml", 3, "schema-error"),  # unknown field 'titel'
        ("types.yaml", 4, "schema-error"),
        ("types.yaml", 5, "schema-error"),
        ("cycle.yaml", 2, "reporting-cycle"),
        ("dangling.yaml", 2, "unknown-reference"),
        ("dupkey.yaml", 4, "syntax-error"),
        ("acts.yaml", 4, "no-accountable"),  # rules ran on what loaded
        ("list.yaml", 1, "schema-error"),
        ("weird.yaml", 2, "schema-error"),
        ("weird.yaml", 3, "schema-error"),
    }
    # The typo'd role still loads without the bad field, so nothing dangles on it.
    assert "cfo" in report.org.roles
    assert report.failed


def test_a_salvaged_entity_keeps_its_valid_fields(tmp_path: Path) -> None:
    write_org(tmp_path, {"org.yaml": ORG + "  - {id: sam, name: Sam, mail: x}\n"})
    org = raci.load(tmp_path)
    assert org.people["sam"].name == "Sam"
    assert [p.message for p in org.problems] == ["person 'sam' has an unknown field 'mail'"]


def test_empty_folder_is_a_finding(tmp_path: Path) -> None:
    report = raci.check(raci.load(tmp_path))
    assert [(f.rule, f.message) for f in report.findings] == [
        ("schema-error", f"no YAML files (*.yaml, *.yml) found in {tmp_path.as_posix()}")
    ]


def test_empty_file_is_fine(tmp_path: Path) -> None:
    write_org(tmp_path, {"empty.yaml": "# nothing yet\n", "org.yaml": ORG})
    assert raci.load(tmp_path).problems == []


def test_missing_path_is_a_load_error(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="no such file or folder"):
        raci.load(tmp_path / "nope")


def test_non_utf8_file_is_a_finding(tmp_path: Path) -> None:
    (tmp_path / "latin.yaml").write_bytes(b"name: Caf\xe9\n")
    (report,) = [p for p in raci.load(tmp_path).problems]
    assert report.rule == "syntax-error"
    assert "not UTF-8" in report.message


def test_yaml_booleans_do_not_swallow_ids(tmp_path: Path) -> None:
    write_org(tmp_path, {"org.yaml": ORG.replace("[dana]", "[no]").replace("id: dana", "id: no")})
    org = raci.load(tmp_path)
    assert org.roles["ceo"].holders == ["no"]
    assert org.problems == []


def test_numeric_ids_from_hris_exports_are_text(tmp_path: Path) -> None:
    write_org(tmp_path, {"org.yaml": "roles:\n  - {id: 1001, title: CEO}\n"})
    assert list(raci.load(tmp_path).roles) == ["1001"]


def test_alias_bombs_stay_linear(tmp_path: Path) -> None:
    bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i, name in enumerate("bcdefghij"):
        prev = "abcdefghij"[i]
        bomb.append(f"{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]")
    write_org(tmp_path, {"bomb.yaml": "\n".join(bomb) + "\n"})
    problems = raci.load(tmp_path).problems
    assert {p.rule for p in problems} == {"schema-error"}


def test_nested_activity_with_a_contradicting_parent(tmp_path: Path) -> None:
    text = ACTIVITIES.replace("title: Define the vision", "title: Define\n        parent: other")
    write_org(tmp_path, {"org.yaml": ORG, "acts.yaml": text})
    org = raci.load(tmp_path)
    assert [p.message for p in org.problems] == [
        "activity 'define-vision' is nested under 'vision' but says parent: other"
    ]
    assert org.activities["define-vision"].parent == "vision"


def test_a_yaml_link_to_nothing_is_a_path_that_cannot_be_read(tmp_path: Path) -> None:
    import pytest

    from raci.loader import LoadError

    (tmp_path / "org").mkdir()
    (tmp_path / "org" / "org.yaml").write_text("roles:\n  - {id: ceo, title: CEO}\n")
    (tmp_path / "org" / "gone.yaml").symlink_to(tmp_path / "nowhere.yaml")
    with pytest.raises(LoadError, match=r"gone\.yaml: cannot be read \(not a file, or a link"):
        raci.load(tmp_path / "org")


def test_the_loader_says_whether_a_file_holds_a_spreadsheet_error() -> None:
    """The spreadsheet-error rule looks at no entity when no file holds one: scanning
    every title, name and attribute cost 150 ms of a 100,000-role check."""
    assert raci.load(BUNDLED).cell_errors_possible is False
    failing = Path(__file__).parent / "rules" / "spreadsheet-error" / "fail.yaml"
    assert raci.load(failing).cell_errors_possible is True
