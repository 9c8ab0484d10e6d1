"""The org graph, the public model of the org (its queries: tests/test_orgchart.py)."""

from __future__ import annotations

import networkx as nx
import pytest

import raci
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
