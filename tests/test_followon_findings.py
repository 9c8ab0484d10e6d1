"""One reports_to that names no role is one error, not a screenful of follow-ons.

A role whose reports_to dangles has an unknown place in the org chart. Findings that
only restate that broken line are left out: the role is no top (`multiple-roots`,
`accountable-too-high`), whether a role above it has authority over it is unknown
(`authority-gap`), a selector that walks its line up is unknown rather than empty
(`empty-selector`), and a manager of one whose missing report is most likely behind
the typo (its id is the closest match) is not yet a manager of one (`span-of-control`).
Every independent finding stays.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import BUNDLED, TESTS, Cli

FIXTURE = TESTS / "data" / "dangling-reports-to.yaml"


def concise(cli: Cli, path: Path) -> tuple[int, list[str]]:
    result = cli("check", str(path), "-f", "concise", "--isolated", "--no-cache")
    return result.exit_code, result.stdout.splitlines()


def test_a_dangling_reports_to_is_one_error_among_the_independent_findings(
    cli: Cli, tmp_path: Path
) -> None:
    org = tmp_path / "org.yaml"
    shutil.copy(FIXTURE, org)
    code, lines = concise(cli, org)
    at = org.as_posix()
    assert code == 1
    assert lines == [
        f"{at}:10:44: LOAD003 [error] role 'eng' reports to 'ctoo', which is not a known role",
        f"{at}:12:10: ORG002 [error] role 'advisor' reports to nobody, but 'ceo' is already the "
        "top of the org (5 roles below it)",
        f"{at}:24:39: ACT008 [warning] activity 'ship': Accountable 'cpo' has no reporting line "
        "over Responsible 'eng2'",
        f"{at}:25:43: ACT008 [warning] activity 'design': Accountable 'eng' has no reporting "
        "line over Responsible 'pm'",
        f"{at}:27:54: ACT013 [warning] activity 'plan': C: 'reports:pm' selects no role",
    ]


def test_a_manager_of_one_stays_when_the_dangling_name_is_not_like_it(
    cli: Cli, tmp_path: Path
) -> None:
    org = tmp_path / "org.yaml"
    org.write_text(FIXTURE.read_text().replace("ctoo", "head-of-qa"), encoding="utf-8")
    code, lines = concise(cli, org)
    at = org.as_posix()
    assert code == 1
    assert lines[:2] == [
        f"{at}:6:10: ORG004 [warning] role 'cto' (CTO) has 1 direct report: a manager of 1",
        f"{at}:10:44: LOAD003 [error] role 'eng' reports to 'head-of-qa', which is not a "
        "known role",
    ]
    assert len(lines) == 6  # the same follow-ons left out as above


def test_a_typo_in_the_bundled_orgs_reports_to_adds_one_error_and_nothing_else(
    cli: Cli, tmp_path: Path
) -> None:
    org = tmp_path / "org"
    shutil.copytree(BUNDLED, org)
    text = (org / "org.yaml").read_text(encoding="utf-8")
    line = "  - id: vp-product\n    title: VP Product\n    reports_to: cpo\n"
    assert line in text
    (org / "org.yaml").write_text(text.replace(line, line.replace(": cpo", ": cp0")))
    clean = cli("check", str(BUNDLED), "-f", "concise", "--no-cache")
    broken = cli("check", str(org), "-f", "concise", "--no-cache")
    assert broken.exit_code == 1
    error = (
        "org.yaml:57:17: LOAD003 [error] role 'vp-product' reports to 'cp0', which is not a "
        "known role"
    )
    mine = [x.removeprefix(org.as_posix() + "/") for x in broken.stdout.splitlines()]
    theirs = [x.removeprefix("org/") for x in clean.stdout.splitlines()]
    assert mine == [error, *theirs]
    assert broken.stderr.endswith(": 1 error, 2 warnings, 1 info (4 suppressed)\n")


def test_the_chart_says_where_a_line_breaks() -> None:
    import raci
    from raci.orgchart import OrgChart

    chart = OrgChart.of(raci.load(FIXTURE))
    assert chart.cut == {"eng": "ctoo"}
    assert [chart.broken_line(r) for r in ("eng", "eng2", "ceo", "advisor")] == [
        "eng",
        None,
        None,
        None,
    ]


def test_a_line_breaks_for_every_role_below_the_typo(tmp_path: Path) -> None:
    import raci
    from raci.orgchart import OrgChart

    org = tmp_path / "org.yaml"
    org.write_text(
        FIXTURE.read_text().replace(
            "  - {id: advisor,",
            "  - {id: intern, title: Intern, reports_to: eng}\n  - {id: advisor,",
        ),
        encoding="utf-8",
    )
    chart = OrgChart.of(raci.load(org))
    assert (chart.broken_line("intern"), chart.chain("intern")) == ("eng", ["eng"])


def test_a_typo_in_case_only_is_named_and_brings_no_follow_on(cli: Cli, tmp_path: Path) -> None:
    """'CTO' for 'cto' (a tester's tryout): difflib finds no likeness between the two,
    so there was no "did you mean" and the manager left with one report was reported."""
    org = tmp_path / "org.yaml"
    org.write_text(FIXTURE.read_text().replace("ctoo", "CTO"), encoding="utf-8")
    code, lines = concise(cli, org)
    at = org.as_posix()
    assert code == 1
    assert lines[0] == (
        f"{at}:10:44: LOAD003 [error] role 'eng' reports to 'CTO', which is not a known role"
    )
    assert len(lines) == 5  # the same as for 'ctoo'
    result = cli("check", str(org), "-f", "json", "--isolated", "--no-cache")
    assert "Define role 'CTO' or correct the id (did you mean 'cto'?)." in result.stdout
