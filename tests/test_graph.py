"""The org graph and its queries, asked directly."""

from __future__ import annotations

import networkx as nx
import pytest

import raci
from raci import graph as q
from tests.conftest import BUNDLED


@pytest.fixture(scope="module")
def g() -> nx.MultiDiGraph:
    return raci.build_graph(raci.load(BUNDLED, use_cache=False))


def test_nodes_are_typed(g: nx.MultiDiGraph) -> None:
    kinds = {data["kind"] for _, data in g.nodes(data=True)}
    assert kinds == {"role", "person", "team", "activity"}
    assert g.nodes[("role", "cpo")]["entity"].title == "Chief Product Officer"


def test_edges_are_typed(g: nx.MultiDiGraph) -> None:
    assert g.has_edge(("role", "cpo"), ("role", "ceo"), key="reports_to")
    assert g.has_edge(("role", "eng-checkout"), ("role", "pm-checkout"), key="dotted_to")
    assert g.has_edge(("person", "priya-raman"), ("role", "cpo"), key="holds")
    assert g.edges[("person", "kim-park"), ("role", "head-design"), "holds"]["interim"] is True
    assert g.has_edge(("role", "em-checkout"), ("team", "team-checkout"), key="member_of")
    assert g.has_edge(("role", "pm-checkout"), ("team", "team-checkout"), key="leads")
    assert g.has_edge(("team", "team-checkout"), ("team", "product"), key="part_of")
    assert g.has_edge(
        ("activity", "define-product-vision"), ("activity", "vision-and-strategy"), key="part_of"
    )
    edge = g.edges[("role", "ceo"), ("activity", "define-product-vision"), "raci:C"]
    assert (edge["kind"], edge["letter"]) == ("raci", "C")
    assert edge["loc"].file == "org/responsibilities/01-vision-and-strategy.yaml"


def test_management_chain(g: nx.MultiDiGraph) -> None:
    assert q.management_chain(g, "eng-checkout") == ["em-checkout", "vp-engineering", "cto", "ceo"]
    assert q.management_chain(g, "ceo") == []
    assert q.manager(g, "pm-growth") == "vp-product"


def test_lowest_common_manager(g: nx.MultiDiGraph) -> None:
    assert q.lowest_common_manager(g, ["pm-checkout", "pm-growth"]) == "vp-product"
    assert q.lowest_common_manager(g, ["pm-checkout", "eng-checkout"]) == "ceo"
    assert q.lowest_common_manager(g, ["vp-product", "pm-mobile"]) == "vp-product"
    assert q.lowest_common_manager(g, ["user-researcher", "product-analytics-lead"]) == "cpo"


def test_subtree_and_reports(g: nx.MultiDiGraph) -> None:
    assert q.direct_reports(g, "head-design") == [
        "designer-apps",
        "designer-commerce",
        "user-researcher",
    ]
    assert q.subtree(g, "vp-engineering") == [
        "em-checkout",
        "em-growth",
        "em-mobile",
        "em-platform",
        "eng-checkout",
        "eng-growth",
        "eng-mobile",
        "eng-platform",
    ]
    assert q.layer(g, "eng-mobile") == 4
    assert q.is_above_or_same(g, "cto", "eng-mobile")
    assert not q.is_above_or_same(g, "cpo", "eng-mobile")


def test_team_members_and_lead(g: nx.MultiDiGraph) -> None:
    assert q.team_members(g, "team-mobile") == [
        "designer-apps",
        "em-mobile",
        "eng-mobile",
        "pm-mobile",
    ]
    assert q.team_lead(g, "team-mobile") == "pm-mobile"


def test_raci_of_and_holders(g: nx.MultiDiGraph) -> None:
    assert q.raci_of(g, "define-product-vision") == {
        "cpo": {"A", "R"},
        "ceo": {"C"},
        "cto": {"C"},
        "cmo": {"C"},
        "vp-product": {"I"},
        "cfo": {"I"},
        "cro": {"I"},
        "coo": {"I"},
        "chro": {"I"},
    }
    assert q.holders(g, "head-design") == ["kim-park"]
    assert q.holders(g, "head-design", interim=False) == []


def test_chain_survives_a_cycle(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "o.yaml").write_text(
        "roles:\n  - {id: a, title: A, reports_to: b}\n  - {id: b, title: B, reports_to: a}\n"
    )
    g = raci.build_graph(raci.load(tmp_path))
    assert q.management_chain(g, "a") == ["b"]
    assert q.lowest_common_manager(g, ["a", "b"]) == "a"


def test_fast_construction_equals_networkx_public_api(g: nx.MultiDiGraph) -> None:
    """build_graph fills networkx's dicts directly; it must equal the public-API build."""
    public = nx.MultiDiGraph(name=g.graph["name"])
    public.add_nodes_from(g.nodes(data=True))
    public.add_edges_from(g.edges(keys=True, data=True))
    assert nx.utils.graphs_equal(g, public)
    assert g.number_of_edges() == public.number_of_edges() > 300
    assert sorted(g.in_edges(("role", "cpo"), keys=True)) == sorted(
        public.in_edges(("role", "cpo"), keys=True)
    )
