"""The bundled org is what the issue asks for, and `raci check` passes on it."""

from __future__ import annotations

import pytest

import raci
from raci.model import Organisation
from raci.orgchart import OrgChart
from tests.conftest import BUNDLED, SEED


@pytest.fixture(scope="module")
def org() -> Organisation:
    return raci.load(BUNDLED, use_cache=False)


def letters(org: Organisation, activity: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for x in org.assignments:
        if x.activity == activity:
            out.setdefault(x.role, set()).add(x.letter)
    return out


def test_exec_team(org: Organisation) -> None:
    execs = {r.id for r in org.roles.values() if "exec" in r.tags}
    assert {"ceo", "cpo", "cto", "cfo", "cmo", "coo", "cro", "chro"} <= execs
    assert org.roles["ceo"].reports_to is None
    assert all(org.roles[r].reports_to == "ceo" for r in execs - {"ceo"})


def test_product_teams_with_engineers_in_the_cto_line(org: Organisation) -> None:
    chart = OrgChart.of(org)
    product_teams = [t for t in org.teams.values() if t.kind == "product-team"]
    assert len(product_teams) >= 4
    for team in product_teams:
        assert "cpo" in chart.chain(team.lead or "")
        members = chart.team_members(team.id)
        engineers = [m for m in members if "cto" in chart.chain(m)]
        assert engineers, team.id
        for eng in engineers:
            assert team.lead in org.roles[eng].dotted_to or eng.startswith("em-")


def test_a_vacant_role_with_an_interim(org: Organisation) -> None:
    vacant = [r for r in org.roles.values() if r.vacant and r.interim]
    assert [r.id for r in vacant] == ["head-design"]


def test_ten_areas_from_the_seed_with_two_to_five_activities_each(org: Organisation) -> None:
    seed = SEED.read_text(encoding="utf-8")
    children = org.children()
    areas = [a for a in org.activities.values() if a.parent is None]
    assert len(areas) == 10
    leaves = [a for a in org.activities.values() if a.id not in children]
    assert len(leaves) >= 30
    for area in areas:
        assert 2 <= len(children[area.id]) <= 5, area.id
        assert area.source
        assert f"- {area.source}\n" in seed, area.id
    assert all(leaf.source for leaf in leaves)


def test_assigned_the_way_a_competent_cpo_would(org: Organisation) -> None:
    assert "C" in letters(org, "define-product-vision")["ceo"]
    assert "I" in letters(org, "monthly-performance-report")["ceo"]
    assert "C" in letters(org, "prepare-product-budget")["cfo"]
    assert "C" in letters(org, "own-key-customer-relationships")["cro"]
    assert "C" in letters(org, "evaluate-product-tools")["cto"]
    assert "C" in letters(org, "define-development-process")["cto"]


def test_check_passes_with_only_the_two_real_tensions(org: Organisation) -> None:
    report = raci.check(org)
    assert not report.failed
    assert [(f.severity.value, f.rule, f.entity.id) for f in report.findings] == [
        ("info", "vacant-role", "head-design"),
        # staff-product-teams' A comes from a policy: the finding points at the activity
        ("warning", "authority-gap", "staff-product-teams"),
        ("warning", "authority-gap", "roll-out-delivery-tooling"),
    ]
    # Four execs are stakeholders in the CPO's map; their no-ownership is suppressed
    # in org.yaml with a reason.
    assert report.suppressed == 4


def test_the_raci_follows_the_org_when_a_team_lead_moves(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Move the Growth PM (lead of team-growth) from the VP Product to the CRO."""
    import shutil

    shutil.copytree(BUNDLED, tmp_path / "org")
    chart = tmp_path / "org" / "org.yaml"
    text = chart.read_text(encoding="utf-8")
    before_line = (
        "  - id: pm-growth\n    title: Senior Product Manager, Growth\n    reports_to: vp-product\n"
    )
    assert before_line in text
    chart.write_text(text.replace(before_line, before_line.replace("vp-product", "cro")))
    old, new = raci.load(BUNDLED, use_cache=False), raci.load(tmp_path / "org", use_cache=False)
    assert old.problems == new.problems == []

    def matrix(org: Organisation) -> dict[tuple[str, str], str]:
        cells: dict[tuple[str, str], str] = {}
        for x in org.assignments:
            cells[(x.activity, x.role)] = "".join(
                sorted(cells.get((x.activity, x.role), "") + x.letter)
            )
        return cells

    a, b = matrix(old), matrix(new)
    moved = {k: (a.get(k), b.get(k)) for k in a.keys() | b.keys() if a.get(k) != b.get(k)}
    # Only the letter derived from the Growth PM's manager moves with it...
    assert moved == {
        ("scan-opportunities", "vp-product"): ("I", None),
        ("scan-opportunities", "cro"): (None, "I"),
    }
    # ...while the letters tied to the role itself stay where they were.
    assert a[("scan-opportunities", "pm-growth")] == b[("scan-opportunities", "pm-growth")] == "AR"
    assert b[("set-team-objectives", "pm-growth")] == "C"  # lead:team-growth
    assert b[("validate-opportunities", "pm-growth")] == "R"
    # And the check now sees that the VP Product no longer directs the Growth PM.
    gaps = {f.entity.id for f in raci.check(new).findings if f.rule == "authority-gap"}
    assert "validate-opportunities" in gaps
    assert "validate-opportunities" not in {
        f.entity.id for f in raci.check(old).findings if f.rule == "authority-gap"
    }


def test_the_yaml_is_shorter_than_the_matrix_it_produces(org: Organisation) -> None:
    written = sum(len(v) for a in org.activities.values() for v in a.letters().values())
    written += sum(len(v) for p in org.policies.values() for v in p.letters().values())
    leaves = [a for a in org.activities.values() if a.id not in org.children()]
    assert all(a.policy for a in leaves)
    assert len(org.assignments) > 1.4 * written
