"""The organisation as one networkx graph, and the queries the rules ask of it.

Nodes are `(kind, id)` tuples: ("role", "cpo"), ("person", "priya"),
("team", "checkout"), ("activity", "set-pricing"); each carries `kind` and the
loaded `entity`. Edges are typed by their key in a MultiDiGraph:

- role -> role: `reports_to` (solid line), `dotted_to`
- person -> role: `holds` (with `interim=True` for an interim holder)
- role -> team: `member_of`, `leads`
- team -> team, activity -> activity: `part_of`
- role -> activity: `raci:<letter>`, with `kind="raci"`, `letter` and `loc`

Every query here follows solid reporting lines only, unless it says otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from raci.model import Assignment, Organisation
from raci.speed import paused_gc

Node = tuple[str, str]


def role(role_id: str) -> Node:
    return ("role", role_id)


def build_graph(org: Organisation) -> nx.MultiDiGraph:
    """One graph of roles, people, teams and activities, with typed edges.

    `raci.load` builds it once (selectors are resolved on it) and keeps it on the
    organisation; this returns that graph, or builds it for an org made by hand.
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


# -- reporting-line queries ---------------------------------------------------------


def manager(g: nx.MultiDiGraph, role_id: str) -> str | None:
    """The solid-line manager of a role, or None for a top role."""
    for target, keys in g.succ[("role", role_id)].items():
        if "reports_to" in keys:
            return str(target[1])
    return None


def direct_reports(g: nx.MultiDiGraph, role_id: str) -> list[str]:
    """Roles whose solid line goes to this role, sorted by id."""
    return sorted(src[1] for src, keys in g.pred[("role", role_id)].items() if "reports_to" in keys)


def management_chain(g: nx.MultiDiGraph, role_id: str) -> list[str]:
    """Managers from the role's own manager up to the top; stops safely on a cycle."""
    chain: list[str] = []
    seen = {role_id}
    current = manager(g, role_id)
    while current is not None and current not in seen:
        chain.append(current)
        seen.add(current)
        current = manager(g, current)
    return chain


def manager_map(g: nx.MultiDiGraph) -> dict[str, str]:
    """Every role's solid-line manager, in one pass: for rules that walk many chains."""
    return {
        u[1]: v[1]
        for u, targets in g.adjacency()
        if u[0] == "role"
        for v, keys in targets.items()
        if "reports_to" in keys
    }


def chain_in(managers: dict[str, str], role_id: str) -> list[str]:
    """`management_chain` over a precomputed `manager_map`."""
    chain: list[str] = []
    seen = {role_id}
    current = managers.get(role_id)
    while current is not None and current not in seen:
        chain.append(current)
        seen.add(current)
        current = managers.get(current)
    return chain


def subtree(g: nx.MultiDiGraph, role_id: str) -> list[str]:
    """Every role below this one in solid lines (not the role itself), sorted."""
    found: set[str] = set()
    stack = [role_id]
    while stack:
        for child in direct_reports(g, stack.pop()):
            if child not in found and child != role_id:
                found.add(child)
                stack.append(child)
    return sorted(found)


def lowest_common_manager(g: nx.MultiDiGraph, role_ids: Iterable[str]) -> str | None:
    """The lowest role that is each given role or above it; None if there is none."""
    common: list[str] | None = None
    for rid in role_ids:
        line = [rid, *management_chain(g, rid)]
        if common is None:
            common = line
        else:
            members = set(line)
            common = [r for r in common if r in members]
    return common[0] if common else None


def is_above_or_same(g: nx.MultiDiGraph, upper: str, lower: str) -> bool:
    """True when `upper` is `lower` or one of its solid-line managers."""
    return upper == lower or upper in management_chain(g, lower)


def layer(g: nx.MultiDiGraph, role_id: str) -> int:
    """Layers below the top: 0 for a top role."""
    return len(management_chain(g, role_id))


# -- teams and activities --------------------------------------------------------------


def team_members(g: nx.MultiDiGraph, team_id: str) -> list[str]:
    """The member roles of a team (its lead included), sorted."""
    out = {
        src[1]
        for src, keys in g.pred[("team", team_id)].items()
        if "member_of" in keys or "leads" in keys
    }
    return sorted(out)


def team_lead(g: nx.MultiDiGraph, team_id: str) -> str | None:
    for src, keys in g.pred[("team", team_id)].items():
        if "leads" in keys:
            return str(src[1])
    return None


def raci_of(g: nx.MultiDiGraph, activity_id: str) -> dict[str, set[str]]:
    """Role id -> letters that role holds on the activity."""
    out: dict[str, set[str]] = {}
    for src, keys in g.pred[("activity", activity_id)].items():
        letters = {k.partition(":")[2] for k in keys if k.startswith("raci:")}
        if letters:
            out[src[1]] = letters
    return out


def holders(g: nx.MultiDiGraph, role_id: str, *, interim: bool = True) -> list[str]:
    """People holding a role (and its interim, unless `interim=False`), sorted."""
    return sorted(
        src[1]
        for src, edges in g.pred[("role", role_id)].items()
        if "holds" in edges and (interim or not edges["holds"].get("interim"))
    )
