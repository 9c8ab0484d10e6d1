"""Org-chart rules: the shape of the reporting tree."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from raci.findings import Entity, Problem, Severity
from raci.rules.base import Context, Rule


def check_reporting_cycle(ctx: Context, options: Mapping[str, Any]) -> Iterator[Problem]:
    roles = ctx.org.roles
    state: dict[str, int] = {}  # 1 = on the current walk, 2 = done
    for start in roles:
        walk: list[str] = []
        current: str | None = start
        while current is not None and current in roles and current not in state:
            state[current] = 1
            walk.append(current)
            current = roles[current].reports_to
        if current is not None and state.get(current) == 1:
            cycle = walk[walk.index(current) :]
            first = min(cycle)
            turn = cycle.index(first)
            ordered = cycle[turn:] + cycle[:turn]
            path = " -> ".join([*ordered, first])
            yield Problem(
                "reporting-cycle",
                Entity("role", first),
                f"reporting cycle: {path}",
                "Break the cycle: one of these roles must report outside it "
                "(or be the top role, with no reports_to).",
                roles[first].loc("reports_to"),
            )
        for rid in walk:
            state[rid] = 2


def check_multiple_roots(ctx: Context, options: Mapping[str, Any]) -> Iterator[Problem]:
    roots = [r for r in ctx.org.roles.values() if r.reports_to is None]
    if len(roots) < 2:
        return
    sizes = {r.id: _size_below(ctx, r.id) for r in roots}
    top = max(roots, key=lambda r: sizes[r.id])  # the first defined wins a tie
    for r in roots:
        if r.id == top.id:
            continue
        yield Problem(
            "multiple-roots",
            Entity("role", r.id),
            f"role '{r.id}' reports to nobody, but '{top.id}' is already the top of the org "
            f"({sizes[top.id]} roles below it)",
            f"Give '{r.id}' a reports_to (perhaps '{top.id}'), so the org has one top role.",
            r.loc("id"),
        )


def _size_below(ctx: Context, role_id: str) -> int:
    count = 0
    stack = [role_id]
    pred = ctx.graph.pred
    seen = {role_id}
    while stack:
        for src, keys in pred[("role", stack.pop())].items():
            if "reports_to" in keys and src[1] not in seen:
                seen.add(src[1])
                count += 1
                stack.append(src[1])
    return count


REPORTING_CYCLE = Rule(
    code="ORG001",
    slug="reporting-cycle",
    severity=Severity.ERROR,
    summary="Solid reporting lines go round in a circle.",
    why="Nobody in a cycle has a top: chains of authority and escalation never end.",
    fix="Make one role in the cycle report outside it.",
    example="roles:\n  - {id: a, title: A, reports_to: b}\n  - {id: b, title: B, reports_to: a}",
    check=check_reporting_cycle,
)

MULTIPLE_ROOTS = Rule(
    code="ORG002",
    slug="multiple-roots",
    severity=Severity.ERROR,
    summary="More than one role reports to nobody.",
    why="An org chart has one top; a second root is usually a forgotten reports_to.",
    fix="Give every role but the top one a reports_to.",
    example="roles:\n  - {id: ceo, title: CEO}\n  - {id: cfo, title: CFO}   # no reports_to",
    check=check_multiple_roots,
)

RULES = [REPORTING_CYCLE, MULTIPLE_ROOTS]
