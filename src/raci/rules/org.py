"""Org-chart rules: the shape of the reporting tree."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from typing import Any

from raci.findings import Entity, Problem, Severity
from raci.hints import closest
from raci.rules.base import Context, Rule


def check_reporting_cycle(ctx: Context, options: Mapping[str, Any]) -> Iterator[Problem]:
    roles = ctx.org.roles
    # The chart's depth puts one role of each cycle at layer 0 with a manager: when no
    # top role has one, there is no cycle, and the walk below is not needed.
    if all(roles[rid].reports_to not in roles for rid in ctx.chart.tops):
        return
    state: dict[str, int] = {}  # 1 = on the current walk, 2 = done
    for start, role in roles.items():
        boss = role.reports_to
        if start not in state and (boss is None or boss not in roles or state.get(boss) == 2):
            state[start] = 2  # the usual case: a top role, or its manager's line is done
            continue
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
    # Not a root: a role whose reports_to names no role (one unknown-reference error).
    roots = [r for r in ctx.org.roles.values() if r.reports_to is None]
    if len(roots) < 2:
        return
    sizes = {r.id: len(ctx.chart.below(r.id)) for r in roots}
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


def check_vacant_role(ctx: Context, options: Mapping[str, Any]) -> Iterator[Problem]:
    people = ctx.org.people
    for role in [r for r in ctx.org.roles.values() if not r.holders]:  # `vacant`, inlined
        if role.interim is not None:
            who = people[role.interim].name if role.interim in people else role.interim
            cover = f"{who} covers it as interim"
        else:
            cover = "nobody covers it"
        yield Problem(
            "vacant-role",
            Entity("role", role.id),
            f"role '{role.id}' ({role.title}) is vacant; {cover}",
            "Fill the role, or name an interim holder while it is open.",
            role.loc("holders") if "holders" in role.model_fields_set else role.loc("id"),
        )


def _likely_reports(ctx: Context) -> Counter[str]:
    """Manager -> positions whose reports_to names no role but is most like the
    manager's id: the report the unknown-reference error suggests ("did you mean")."""
    likely: Counter[str] = Counter()
    roles = ctx.org.roles
    for rid, boss in ctx.chart.cut.items():
        meant = closest(boss, roles)
        if meant is not None and meant != rid:
            likely[meant] += max(1, len(roles[rid].holders))
    return likely


def check_span_of_control(ctx: Context, options: Mapping[str, Any]) -> Iterator[Problem]:
    most, least = int(options["max"]), int(options["min"])
    roles = ctx.org.roles
    chart = ctx.chart
    likely: Counter[str] | None = None  # asked only for a narrow span in a broken chart
    for manager, reports in chart.managers.items():
        people = chart.span(manager)
        shape = f"{people} direct report{'s' if people != 1 else ''}"
        if people != len(reports):
            shape += f" in {len(reports)} role{'s' if len(reports) != 1 else ''}"
        role = roles[manager]
        if people > most:
            yield Problem(
                "span-of-control",
                Entity("role", manager),
                f"role '{manager}' ({role.title}) has {shape}, more than {most}",
                "Add a layer or split the team: a manager of many cannot coach or decide for "
                "all of them.",
                role.loc("id"),
            )
        elif people < least:
            if chart.cut:
                likely = _likely_reports(ctx) if likely is None else likely
                if people + likely[manager] >= least:
                    continue  # a follow-on of the typo: the error says "did you mean"
            yield Problem(
                "span-of-control",
                Entity("role", manager),
                f"role '{manager}' ({role.title}) has {shape}: a manager of {people}",
                f"Merge the layer into its manager, or widen the span to {least} or more.",
                role.loc("id"),
            )


def check_too_many_layers(ctx: Context, options: Mapping[str, Any]) -> Iterator[Problem]:
    most = int(options["max"])
    roles = ctx.org.roles
    for rid, layers in ctx.chart.depth.items():
        if layers != most + 1:  # one finding where the excess starts, not per deeper role
            continue
        below = len(ctx.chart.below(rid))
        tail = f", with {below} role{'s' if below != 1 else ''} below it" if below else ""
        yield Problem(
            "too-many-layers",
            Entity("role", rid),
            f"role '{rid}' ({roles[rid].title}) sits {layers} layers below the top "
            f"(more than {most}){tail}",
            "Flatten the line above it: every layer slows decisions and dilutes accountability.",
            roles[rid].loc("reports_to"),
        )


REPORTING_CYCLE = Rule(
    code="ORG001",
    slug="reporting-cycle",
    severity=Severity.ERROR,
    summary="Solid reporting lines go round in a circle.",
    why="Nobody in a cycle has a top: chains of authority and escalation never end.",
    fix="Make one role in the cycle report outside it.",
    example="roles:\n  - {id: a, title: A, reports_to: b}\n  - {id: b, title: B, reports_to: a}",
    fixed="roles:\n  - {id: a, title: A}\n  - {id: b, title: B, reports_to: a}",
    check=check_reporting_cycle,
)

MULTIPLE_ROOTS = Rule(
    code="ORG002",
    slug="multiple-roots",
    severity=Severity.ERROR,
    summary="More than one role reports to nobody.",
    why="An org chart has one top; a second root is usually a forgotten reports_to.",
    fix="Give every role but the top one a reports_to.",
    example="roles:\n  - {id: ceo, title: CEO}\n  - {id: cfo, title: CFO}",
    fixed="roles:\n  - {id: ceo, title: CEO}\n  - {id: cfo, title: CFO, reports_to: ceo}",
    check=check_multiple_roots,
    notes="A role whose `reports_to` names no role is not a second top: that is one "
    "`unknown-reference` error.",
)

VACANT_ROLE = Rule(
    code="ORG003",
    slug="vacant-role",
    severity=Severity.INFO,
    summary="A role has no holder (the message says who covers it as interim, if anyone).",
    why="Vacancies are where work slips; an executive wants to see them all.",
    fix="Fill the role or name an interim holder.",
    example="roles:\n  - {id: head-design, title: Head of Design, reports_to: cpo, holders: []}",
    fixed=("roles:\n  - {id: head-design, title: Head of Design, reports_to: cpo, holders: [kim]}"),
    check=check_vacant_role,
)

SPAN_OF_CONTROL = Rule(
    code="ORG004",
    slug="span-of-control",
    severity=Severity.WARNING,
    summary="A manager has more direct reports than `max` (people), or fewer than `min`.",
    why="Too wide a span leaves people unmanaged; a manager of one adds a layer for nothing.",
    fix="Split wide teams under new leads; fold managers of one into the layer above.",
    example=(
        "roles:\n  - {id: cfo, title: CFO, holders: [elena]}\n"
        "  - {id: fpa, title: FP&A Manager, reports_to: cfo, holders: [paul]}"
    ),
    fixed=(
        "roles:\n  - {id: cfo, title: CFO, holders: [elena]}\n"
        "  - {id: fpa, title: FP&A Manager, reports_to: cfo, holders: [paul]}\n"
        "  - {id: controller, title: Controller, reports_to: cfo, holders: [li]}"
    ),
    check=check_span_of_control,
    notes="A span under `min` is not reported while a role whose `reports_to` names no role "
    'most likely meant this manager (the `unknown-reference` error\'s "did you mean") and '
    "would bring the span to `min`.",
    options={"max": 12, "min": 2},
)

TOO_MANY_LAYERS = Rule(
    code="ORG005",
    slug="too-many-layers",
    severity=Severity.WARNING,
    summary="Roles sit more than `max` layers below the top role.",
    why="Every layer between the work and the decision slows both down.",
    fix="Remove a management layer above the reported role.",
    example="roles:\n  - {id: l0, title: CEO}\n"
    + "".join(f"  - {{id: l{i}, title: Layer {i}, reports_to: l{i - 1}}}\n" for i in range(1, 10)),
    fixed="roles:\n  - {id: l0, title: CEO}\n"
    + "".join(f"  - {{id: l{i}, title: Layer {i}, reports_to: l{i - 1}}}\n" for i in range(1, 9))
    + "  - {id: l9, title: Layer 9, reports_to: l7}\n",
    check=check_too_many_layers,
    options={"max": 8},
)

RULES = [REPORTING_CYCLE, MULTIPLE_ROOTS, VACANT_ROLE, SPAN_OF_CONTROL, TOO_MANY_LAYERS]
