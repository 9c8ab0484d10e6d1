"""Per-role rules: what the RACI asks of each role in scope."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from raci.findings import Entity, Problem, Severity
from raci.rules.base import Context, Rule


def check_idle_role(ctx: Context, options: Mapping[str, Any]) -> Iterator[Problem]:
    if not ctx.org.activities:
        return
    involved = {rid for roles in ctx.letters.values() for rid in roles}
    for rid, why in ctx.scope.items():
        if rid in involved:
            continue
        role = ctx.org.roles[rid]
        yield Problem(
            "idle-role",
            Entity("role", rid),
            f"role '{rid}' ({role.title}) is in RACI scope ({why}) but has no letter "
            "on any activity",
            f"Give '{rid}' the letters it really has, or take it out of scope.",
            ctx.org.scope.get(rid) or role.loc("id"),
        )


IDLE_ROLE = Rule(
    code="ROLE001",
    slug="idle-role",
    severity=Severity.WARNING,
    summary="A role in RACI scope (exec team, team lead, scope list) has no letter anywhere.",
    why="Either the role's work is missing from the matrix, or the role is not needed in it.",
    fix="Add the role's letters, or remove it from scope.",
    example="roles:\n  - {id: coo, title: COO, reports_to: ceo, tags: [exec]}   # never in raci",
    check=check_idle_role,
)

RULES = [IDLE_ROLE]
