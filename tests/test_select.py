"""Selectors and policies: which roles they name, and how explicit letters combine."""

from __future__ import annotations

from pathlib import Path

import pytest

import raci
from raci.model import Organisation
from tests.conftest import Cli, write_org

ORG = """\
name: Selectors
roles:
  - {id: ceo, title: CEO, holders: [p], tags: [exec]}
  - {id: cpo, title: CPO, reports_to: ceo, holders: [p], tags: [exec]}
  - {id: cto, title: CTO, reports_to: ceo, holders: [p], tags: [exec]}
  - {id: vp, title: VP Product, reports_to: cpo, holders: [p]}
  - {id: designer, title: Designer, reports_to: cpo, holders: [p]}
  - {id: pm1, title: PM 1, reports_to: vp, holders: [p]}
  - {id: pm2, title: PM 2, reports_to: vp, holders: [p]}
  - {id: em, title: EM, reports_to: cto, holders: [p]}
people:
  - {id: p, name: P}
teams:
  - {id: checkout, name: Checkout, lead: pm1, members: [pm1, em]}
  - {id: empty, name: Empty}
policies:
  product:
    A: owner
    R: reports:owner
    C: [peers:owner]
    I: [manager:owner]
"""


def load(tmp_path: Path, activities: str) -> Organisation:
    write_org(tmp_path, {"org.yaml": ORG + "activities:\n" + activities})
    return raci.load(tmp_path)


def letters(org: Organisation, activity: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for x in org.assignments:
        if x.activity == activity:
            out[x.role] = "".join(sorted(out.get(x.role, "") + x.letter))
    return out


@pytest.mark.parametrize(
    ("selector", "roles"),
    [
        ("vp", ["vp"]),
        ("owner", ["vp"]),
        ("manager:owner", ["cpo"]),
        ("manager:pm1", ["vp"]),
        ("reports:owner", ["pm1", "pm2"]),
        ("under:cpo", ["designer", "pm1", "pm2", "vp"]),
        ("peers:owner", ["designer"]),
        ("chain:pm1", ["vp", "cpo", "ceo"]),
        ("team:checkout", ["em", "pm1"]),
        ("lead:checkout", ["pm1"]),
        ("tag:exec", ["ceo", "cpo", "cto"]),
    ],
)
def test_selector_names_roles(tmp_path: Path, selector: str, roles: list[str]) -> None:
    org = load(tmp_path, f"  - {{id: x, title: X, owner: vp, raci: {{I: '{selector}'}}}}\n")
    assert org.problems == []
    assert [a.role for a in org.assignments] == roles


def test_policy_applies_relative_to_the_owner(tmp_path: Path) -> None:
    org = load(tmp_path, "  - {id: x, title: X, owner: vp, policy: product}\n")
    assert letters(org, "x") == {"vp": "A", "pm1": "R", "pm2": "R", "designer": "C", "cpo": "I"}
    a = next(x for x in org.assignments if x.role == "pm1")
    assert (a.source, a.selector, a.path) == (
        "policy product",
        "reports:owner",
        ("owner = vp", "pm1 reports to vp"),
    )
    assert (a.loc.line, a.loc.column) == (19, 8)  # the policy's R line


def test_explicit_letter_replaces_the_policy_letter(tmp_path: Path) -> None:
    org = load(tmp_path, "  - {id: x, title: X, owner: vp, policy: product, raci: {R: pm2}}\n")
    assert letters(org, "x") == {"vp": "A", "pm2": "R", "designer": "C", "cpo": "I"}


def test_plus_adds_to_the_policy_letter(tmp_path: Path) -> None:
    org = load(tmp_path, "  - {id: x, title: X, owner: vp, policy: product, raci: {C: ['+em']}}\n")
    assert letters(org, "x") == {
        "vp": "A",
        "pm1": "R",
        "pm2": "R",
        "designer": "C",
        "em": "C",
        "cpo": "I",
    }
    em = next(x for x in org.assignments if x.role == "em")
    assert em.source == "explicit"
    assert em.loc.line == 23


def test_empty_list_drops_a_policy_letter(tmp_path: Path) -> None:
    org = load(tmp_path, "  - {id: x, title: X, owner: vp, policy: product, raci: {I: []}}\n")
    assert "cpo" not in letters(org, "x")


def test_explicit_letter_for_a_role_overrides_its_policy_letter(tmp_path: Path) -> None:
    # cpo is I by the policy; made C explicitly, it is C only (no conflicting letters).
    org = load(tmp_path, "  - {id: x, title: X, owner: vp, policy: product, raci: {C: ['+cpo']}}\n")
    assert letters(org, "x")["cpo"] == "C"
    report = raci.check(org)
    assert "conflicting-letters" not in {f.rule for f in report.findings}


def test_owner_and_policy_are_inherited_from_the_area(tmp_path: Path) -> None:
    org = load(
        tmp_path,
        (
            "  - id: area\n    title: Area\n    owner: vp\n    policy: product\n"
            "    activities:\n      - {id: a1, title: A1}\n"
            "      - {id: a2, title: A2, owner: pm1}\n"
        ),
    )
    assert letters(org, "a1")["vp"] == "A"
    assert letters(org, "a2") == {"pm1": "A", "pm2": "C", "vp": "I"}
    assert letters(org, "area") == {}  # an area's policy is for its activities


def test_empty_selector_is_a_warning_with_its_line(tmp_path: Path) -> None:
    org = load(
        tmp_path, "  - {id: x, title: X, owner: pm1, raci: {A: owner, R: 'reports:owner'}}\n"
    )
    report = raci.check(org)
    (finding,) = [f for f in report.findings if f.rule == "empty-selector"]
    assert finding.severity.value == "warning"
    assert finding.message == "activity 'x': R: 'reports:owner' selects no role (owner = pm1)"
    assert (finding.loc.line, finding.loc.column) == (23, 55)
    report = raci.check(load(tmp_path, "  - {id: x, title: X, raci: {A: cpo, R: 'team:empty'}}\n"))
    assert "empty-selector" in {f.rule for f in report.findings}


@pytest.mark.parametrize(
    ("selector", "message"),
    [
        ("nobody", "activity 'x': I: 'nobody' is not a known role"),
        (
            "reports:nobody",
            "activity 'x': I: selector 'reports:nobody' names 'nobody', which is not a known role",
        ),
        (
            "team:nope",
            "activity 'x': I: selector 'team:nope' names 'nope', which is not a known team",
        ),
        ("tag:boss", "activity 'x': I: selector 'tag:boss': no role has the tag 'boss'"),
        ("boss:vp", "activity 'x': I: 'boss:vp' is not a selector: unknown kind 'boss'"),
    ],
)
def test_unknown_references_in_selectors(tmp_path: Path, selector: str, message: str) -> None:
    org = load(tmp_path, f"  - {{id: x, title: X, raci: {{A: cpo, R: vp, I: '{selector}'}}}}\n")
    assert [(p.rule, p.message) for p in org.problems] == [("unknown-reference", message)]


def test_owner_selector_without_an_owner(tmp_path: Path) -> None:
    org = load(tmp_path, "  - {id: x, title: X, raci: {A: owner}}\n")
    assert [p.message for p in org.problems] == [
        "activity 'x': A: selector 'owner' needs an owner, and the activity has none"
    ]


def test_unknown_policy_and_bad_policy_letter(tmp_path: Path) -> None:
    text = ORG.replace("    I: [manager:owner]\n", "    I: [manager:owner]\n    X: owner\n")
    write_org(tmp_path, {"org.yaml": text + "activities:\n  - {id: x, title: X, policy: prodct}\n"})
    org = raci.load(tmp_path)
    assert sorted((p.rule, p.message) for p in org.problems) == [
        ("invalid-letter", "policy 'product' uses 'X', which is not a RACI letter"),
        ("unknown-reference", "activity 'x' uses the policy 'prodct', which is not a known policy"),
    ]


def test_mixing_plus_and_plain_selectors_is_refused(tmp_path: Path) -> None:
    org = load(
        tmp_path, "  - {id: x, title: X, owner: vp, policy: product, raci: {C: ['+em', cto]}}\n"
    )
    assert [p.rule for p in org.problems] == ["schema-error"]


@pytest.mark.parametrize(
    ("selector", "fix"),
    [
        ("reports:cpoo", "Use a role id or 'owner' (did you mean 'cpo'?)."),
        ("reprts:cpo", "(did you mean 'reports'?)."),
        ("nobody", "Use a role id or 'owner'."),
    ],
)
def test_close_names_are_suggested_in_one_wording(tmp_path: Path, selector: str, fix: str) -> None:
    org = load(tmp_path, f"  - {{id: x, title: X, raci: {{A: cpo, R: vp, I: '{selector}'}}}}\n")
    (problem,) = org.problems
    assert problem.fix.endswith(fix)


ONE_ROLE = "roles:\n  - {id: ceo, title: CEO, holders: [p]}\npeople:\n  - {id: p, name: P}\n"
BROKEN_POLICIES = {
    "a policy letter outside the scheme": (
        "name: X\n" + ONE_ROLE + "policies:\n  p1: {A: owner, R: owner, Q: owner}\n"
        "activities:\n  - {id: a1, title: One, owner: ceo, policy: p1}\n",
        "o.yaml:7:31: LOAD005 [error] policy 'p1' uses 'Q'",
    ),
    "an unknown owner under a policy": (
        "name: K\n" + ONE_ROLE + "policies:\n  owner-led: {A: owner, R: owner}\n"
        "activities:\n  - {id: a1, title: One, owner: nosuch, policy: owner-led}\n",
        "LOAD003 [error] activity 'a1': A: selector 'owner': the owner 'nosuch'",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN_POLICIES))
@pytest.mark.parametrize(
    "command",
    [
        ["check", "{org}", "-f", "json"],
        ["stats", "{org}"],
        ["diagram", "raci", "{org}", "-f", "dot", "-o", "-"],
        ["export", "xlsx", "{org}", "-o", "-"],
    ],
)
def test_a_broken_policy_is_findings_not_a_crash(
    cli: Cli, tmp_path: Path, case: str, command: list[str]
) -> None:
    text, finding = BROKEN_POLICIES[case]
    org = tmp_path / "o.yaml"
    org.write_text(text, encoding="utf-8")
    result = cli(*(arg.replace("{org}", str(org)) for arg in command))
    assert "Traceback" not in result.stderr
    assert result.exit_code in (0, 1)
    assert finding in cli("check", str(org), "-f", "concise").stdout


def test_the_bundled_org_without_its_org_chart_is_findings_not_a_crash(
    cli: Cli, tmp_path: Path
) -> None:
    import shutil

    from tests.conftest import BUNDLED

    shutil.copytree(BUNDLED, tmp_path / "org")
    (tmp_path / "org" / "org.yaml").unlink()
    result = cli("check", str(tmp_path / "org"), "-f", "json")
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
