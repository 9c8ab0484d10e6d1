"""`raci stats`: spans and layers, vacancies, RACI coverage and workload.

Spans and layers follow solid reporting lines only. A manager's span counts the
people in the roles reporting to it (a vacant role counts as one position), the
way an org-design consultant counts direct reports.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from raci.escape import printable
from raci.model import Organisation
from raci.rules.base import Context
from raci.scheme import Meaning

BANDS = (
    (1, 1, "1"),
    (2, 3, "2-3"),
    (4, 7, "4-7"),
    (8, 12, "8-12"),
    (13, 16, "13-16"),
    (17, 10**9, "17+"),
)


def band(span: int) -> str:
    for low, high, name in BANDS:
        if low <= span <= high:
            return name
    return "0"


@dataclass
class Stats:
    org: str
    roles: int
    people: int
    filled: int
    vacant: int
    vacant_with_interim: int
    dotted_lines: int
    layers: int
    per_layer: dict[int, int]
    managers: int
    managers_of_one: int
    managers_of_managers: int
    managers_of_ics: int
    spans: dict[str, int]
    spans_by_layer: dict[int, dict[str, int]]
    median_span: float
    activities: int
    covered: int
    workload: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def coverage(self) -> float:
        return self.covered / self.activities if self.activities else 1.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "org": self.org,
            "headcount": {
                "people": self.people,
                "roles": self.roles,
                "filled": self.filled,
                "vacant": self.vacant,
                "vacant_with_interim": self.vacant_with_interim,
                "dotted_lines": self.dotted_lines,
            },
            "layers": {"count": self.layers, "roles_per_layer": self.per_layer},
            "spans": {
                "managers": self.managers,
                "median": self.median_span,
                "bands": self.spans,
                "bands_by_layer": self.spans_by_layer,
                "managers_of_one": self.managers_of_one,
                "managers_of_managers": self.managers_of_managers,
                "managers_of_individual_contributors": self.managers_of_ics,
            },
            "raci": {
                "activities": self.activities,
                "covered": self.covered,
                "coverage": round(self.coverage, 4),
                "workload": self.workload,
            },
        }


def compute(org: Organisation, ctx: Context) -> Stats:
    roles = org.roles
    chart = ctx.chart
    depth = chart.depth
    reports = chart.managers
    per_layer = Counter(depth.values())
    spans: Counter[str] = Counter()
    by_layer: dict[int, Counter[str]] = {}
    sizes: list[int] = []
    of_one = of_managers = 0
    for manager, direct in reports.items():
        span = chart.span(manager)
        sizes.append(span)
        name = band(span)
        spans[name] += 1
        by_layer.setdefault(depth.get(manager, 0), Counter())[name] += 1
        of_one += span == 1
        of_managers += any(r in reports for r in direct)
    sizes.sort()
    median = 0.0
    if sizes:
        mid = len(sizes) // 2
        median = float(sizes[mid]) if len(sizes) % 2 else (sizes[mid - 1] + sizes[mid]) / 2
    a, r = ctx.letter(Meaning.DECIDER), ctx.letter(Meaning.DOER)
    checked = ctx.checked_activities
    covered = sum(
        1 for act in checked if len(ctx.holders_of(act.id, a)) == 1 and ctx.holders_of(act.id, r)
    )
    letters = [x.letter for x in org.scheme.letters]
    workload = {
        rid: {x: ctx.letter_counts.get(rid, Counter()).get(x, 0) for x in letters}
        for rid in ctx.scope
    }
    order = [name for _, _, name in BANDS]
    return Stats(
        org=org.name,
        roles=len(roles),
        people=len(org.people),
        filled=sum(1 for x in roles.values() if x.holders),
        vacant=sum(1 for x in roles.values() if x.vacant),
        vacant_with_interim=sum(1 for x in roles.values() if x.vacant and x.interim),
        dotted_lines=sum(len(x.dotted_to) for x in roles.values()),
        layers=(max(depth.values()) + 1) if depth else 0,
        per_layer=dict(sorted(per_layer.items())),
        managers=len(reports),
        managers_of_one=of_one,
        managers_of_managers=of_managers,
        managers_of_ics=len(reports) - of_managers,
        spans={name: spans.get(name, 0) for name in order},
        spans_by_layer={
            layer: {name: c.get(name, 0) for name in order} for layer, c in sorted(by_layer.items())
        },
        median_span=median,
        activities=len(checked),
        covered=covered,
        workload=workload,
    )


def render_text(stats: Stats) -> str:
    out = [
        f"Org health: {stats.org}",
        "",
        f"People          {stats.people:>8,}",
        f"Roles           {stats.roles:>8,}   ({stats.filled:,} filled, {stats.vacant:,} vacant"
        f", {stats.vacant_with_interim:,} of them with an interim)",
        f"Dotted lines    {stats.dotted_lines:>8,}",
        "",
        f"Layers          {stats.layers:>8}",
    ]
    for layer, count in stats.per_layer.items():
        out.append(f"  layer {layer:<3}     {count:>8,} roles")
    out += [
        "",
        f"Managers        {stats.managers:>8,}   (median span {stats.median_span:g})",
        f"  of managers   {stats.managers_of_managers:>8,}",
        f"  of individual contributors {stats.managers_of_ics:,}",
        f"  of one        {stats.managers_of_one:>8,}",
        "",
        "Span of control (direct reports)   " + "  ".join(f"{b:>5}" for b in stats.spans),
        "  all layers                       " + "  ".join(f"{n:>5,}" for n in stats.spans.values()),
    ]
    for layer, bands in stats.spans_by_layer.items():
        out.append(
            f"  managers in layer {layer:<3}           "
            + "  ".join(f"{n:>5,}" for n in bands.values())
        )
    out += [
        "",
        f"RACI coverage   {stats.coverage:>8.0%}   ({stats.covered:,} of {stats.activities:,} "
        "activities have exactly one A and at least one R)",
    ]
    if stats.workload:
        letters = list(next(iter(stats.workload.values())))
        out += ["", "Workload (roles in scope)    " + "  ".join(f"{x:>4}" for x in letters)]
        for rid, counts in stats.workload.items():
            out.append(f"  {rid:<26} " + "  ".join(f"{counts[x]:>4}" for x in letters))
    return "\n".join(printable(line) for line in out) + "\n"
