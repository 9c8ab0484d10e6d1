"""The org chart's queries, asked directly: chains, spans, layers, subtrees, teams."""

from __future__ import annotations

from pathlib import Path

import pytest

import raci
from raci.model import Organisation
from raci.orgchart import OrgChart
from tests.conftest import BUNDLED, write_org


@pytest.fixture(scope="module")
def chart() -> OrgChart:
    return OrgChart.of(raci.load(BUNDLED, use_cache=False))


def small(tmp_path: Path, roles: str, teams: str = "") -> Organisation:
    return raci.load(write_org(tmp_path, {"o.yaml": f"roles:\n{roles}{teams}"}), use_cache=False)


def test_built_once_per_org() -> None:
    org = raci.load(BUNDLED, use_cache=False)
    assert OrgChart.of(org) is OrgChart.of(org) is org.chart


def test_manager_and_chain(chart: OrgChart) -> None:
    assert chart.chain("eng-checkout") == ["em-checkout", "vp-engineering", "cto", "ceo"]
    assert chart.chain("ceo") == []
    assert chart.manager("pm-growth") == "vp-product"
    assert chart.manager("ceo") is None


def test_lowest_common_manager(chart: OrgChart) -> None:
    assert chart.lowest_common_manager(["pm-checkout", "pm-growth"]) == "vp-product"
    assert chart.lowest_common_manager(["pm-checkout", "eng-checkout"]) == "ceo"
    assert chart.lowest_common_manager(["vp-product", "pm-mobile"]) == "vp-product"
    assert chart.lowest_common_manager(["user-researcher", "product-analytics-lead"]) == "cpo"
    assert chart.lowest_common_manager(["pm-growth"]) == "pm-growth"
    assert chart.lowest_common_manager([]) is None


def test_above_or_same_and_highest(chart: OrgChart) -> None:
    assert chart.above_or_same("cto", "eng-mobile")
    assert chart.above_or_same("eng-mobile", "eng-mobile")
    assert not chart.above_or_same("cpo", "eng-mobile")
    assert not chart.above_or_same("eng-mobile", "cto")
    assert chart.highest(["pm-growth", "cpo", "cto"]) == "cpo"  # a tie: the first given
    assert chart.highest(["eng-mobile", "vp-product"]) == "vp-product"


def test_reports_below_and_layers(chart: OrgChart) -> None:
    assert sorted(chart.direct_reports("head-design")) == [
        "designer-apps",
        "designer-commerce",
        "user-researcher",
    ]
    assert chart.direct_reports("eng-mobile") == []
    assert chart.below("vp-engineering") == [
        "em-checkout",
        "em-growth",
        "em-mobile",
        "em-platform",
        "eng-checkout",
        "eng-growth",
        "eng-mobile",
        "eng-platform",
    ]
    assert chart.below("eng-mobile") == []
    assert chart.below("em-mobile", "em-growth") == ["eng-growth", "eng-mobile"]
    assert chart.layer("eng-mobile") == 4
    assert chart.layer("ceo") == 0
    assert chart.tops == ["ceo"]


def test_team_members_and_lead(chart: OrgChart) -> None:
    assert chart.team_members("team-mobile") == [
        "designer-apps",
        "em-mobile",
        "eng-mobile",
        "pm-mobile",
    ]
    assert chart.team_lead("team-mobile") == "pm-mobile"


def test_span_counts_people_and_a_vacancy_as_one(tmp_path: Path) -> None:
    org = small(
        tmp_path,
        "  - {id: boss, title: Boss}\n"
        "  - {id: pair, title: Pair, reports_to: boss, holders: [ann, bob]}\n"
        "  - {id: open, title: Open, reports_to: boss, holders: []}\n"
        "  - {id: one, title: One, reports_to: boss, holders: [cy]}\n",
        "people:\n  - {id: ann, name: Ann}\n  - {id: bob, name: Bob}\n  - {id: cy, name: Cy}\n",
    )
    chart = OrgChart.of(org)
    assert chart.span("boss") == 4
    assert chart.span("one") == 0
    assert chart.managers == {"boss": ["pair", "open", "one"]}


def test_tags_in_file_order(tmp_path: Path) -> None:
    org = small(
        tmp_path,
        "  - {id: b, title: B, tags: [exec]}\n  - {id: a, title: A, reports_to: b, tags: [exec]}\n",
    )
    assert OrgChart.of(org).tags == {"exec": ["b", "a"]}


def test_a_reporting_cycle_ends_every_walk(tmp_path: Path) -> None:
    org = small(
        tmp_path,
        "  - {id: a, title: A, reports_to: b}\n"
        "  - {id: b, title: B, reports_to: a}\n"
        "  - {id: c, title: C, reports_to: a}\n"
        "  - {id: d, title: D, reports_to: d}\n",
    )
    chart = OrgChart.of(org)
    assert chart.chain("a") == ["b"]
    assert chart.chain("c") == ["a", "b"]
    assert chart.lowest_common_manager(["a", "b"]) == "a"
    assert chart.below("a") == ["b", "c"]
    assert chart.manager("d") is None  # a line to itself is no line
    # The walk enters the cycle at a (the first in the file): a counts as its top.
    assert chart.depth == {"a": 0, "b": 1, "c": 1, "d": 0}
    assert chart.tops == ["a", "d"]


def test_unknown_manager_is_no_line(tmp_path: Path) -> None:
    org = small(tmp_path, "  - {id: a, title: A, reports_to: nobody}\n")
    chart = OrgChart.of(org)
    assert (chart.manager("a"), chart.chain("a"), chart.layer("a")) == (None, [], 0)
