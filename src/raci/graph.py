"""The organisation as one networkx graph: the library's public model of the org.

Nodes are `(kind, id)` tuples: ("role", "cpo"), ("person", "priya"),
("team", "checkout"), ("activity", "set-pricing"); each carries `kind` and the
loaded `entity`. Edges are typed by their key in a MultiDiGraph:

- role -> role: `reports_to` (solid line), `dotted_to`
- person -> role: `holds` (with `interim=True` for an interim holder)
- role -> team: `member_of`, `leads`
- team -> team, activity -> activity: `part_of`
- role -> activity: `raci:<letter>`, with `kind="raci"`, `letter` and `loc`

The questions the rules and selectors ask of the org chart (chains, spans, the
roles below) are answered by `raci.orgchart.OrgChart`, plain indexes built from the
same data.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from raci.model import Assignment, Organisation
from raci.speed import paused_gc

Node = tuple[str, str]


def build_graph(org: Organisation) -> nx.MultiDiGraph:
    """One graph of roles, people, teams and activities, with typed edges.

    Built on the first call and kept on the organisation (`org.graph`); the
    checks themselves ask `raci.orgchart`, so `raci check` never builds it.
    """
    if org.graph is None:
        org.graph = build_structure(org)
        add_assignments(org.graph, org.assignments)
    return org.graph


def build_structure(org: Organisation) -> nx.MultiDiGraph:
    """The graph without RACI edges: what selectors are resolved against."""
    with paused_gc():
        return _build(org)


def add_assignments(g: nx.MultiDiGraph, assignments: Iterable[Assignment]) -> None:
    """Add a `raci:<letter>` edge role -> activity for every assignment."""
    succ, pred = g._succ, g._pred
    for x in assignments:
        u, v = ("role", x.role), ("activity", x.activity)
        keydict = succ[u].get(v)
        if keydict is None:
            keydict = succ[u][v] = pred[v][u] = {}
        keydict[f"raci:{x.letter}"] = {
            "kind": "raci",
            "letter": x.letter,
            "loc": x.loc,
            "source": x.source,
            "selector": x.selector,
        }


def _build(org: Organisation) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph(name=org.name)
    roles, people, teams, acts = org.roles, org.people, org.teams, org.activities
    nodes = [
        ((kind, e.id), {"kind": kind, "entity": e})
        for kind, table in (
            ("role", roles),
            ("person", people),
            ("team", teams),
            ("activity", acts),
        )
        for e in table.values()
    ]
    edges: list[tuple[Node, Node, str, dict[str, object]]] = []
    add = edges.append
    for r in roles.values():
        node = ("role", r.id)
        if r.reports_to in roles and r.reports_to != r.id:
            add((node, ("role", r.reports_to), "reports_to", {"kind": "reports_to"}))
        for d in r.dotted_to:
            if d in roles:
                add((node, ("role", d), "dotted_to", {"kind": "dotted_to"}))
        for h in r.holders:
            if h in people:
                add((("person", h), node, "holds", {"kind": "holds", "interim": False}))
        if r.interim in people:
            add((("person", r.interim), node, "holds", {"kind": "holds", "interim": True}))
    for t in teams.values():
        node = ("team", t.id)
        for m in t.members:
            if m in roles:
                add((("role", m), node, "member_of", {"kind": "member_of"}))
        if t.lead in roles:
            add((("role", t.lead), node, "leads", {"kind": "leads"}))
        if t.parent in teams:
            add((node, ("team", t.parent), "part_of", {"kind": "part_of"}))
    for a in acts.values():
        if a.parent in acts:
            add((("activity", a.id), ("activity", a.parent), "part_of", {"kind": "part_of"}))
    # Fill networkx's documented dict-of-dicts structure directly: add_edges_from
    # costs about twice as much per edge, a second on a 100,000-role org.
    node, succ, pred = g._node, g._succ, g._pred
    for n, attrs in nodes:
        node[n] = attrs
        succ[n] = {}
        pred[n] = {}
    for u, v, key, data in edges:
        keydict = succ[u].get(v)
        if keydict is None:
            keydict = succ[u][v] = pred[v][u] = {}
        keydict[key] = data
    return g
