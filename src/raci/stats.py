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


def _rows(rows: list[tuple[str, str, str]], width: int) -> list[str]:
    """Label, figure and note rows, the figures right-aligned in one column."""
    return [f"{label:<{width}}{figure:>8}{note}" if label else "" for label, figure, note in rows]


def _table(
    title: str, heads: list[str], rows: list[tuple[str, list[str]]], cell: int, gap: int
) -> list[str]:
    """Column heads after the title, then a row per label; the labels' column fits them all."""
    width = max(len(title), *(len(label) for label, _ in rows)) + gap
    return [
        f"{label:<{width}}" + "  ".join(f"{v:>{cell}}" for v in values)
        for label, values in [(title, heads), *rows]
    ]


def render_text(stats: Stats) -> str:
    headcount = [
        ("People", f"{stats.people:,}", ""),
        (
            "Roles",
            f"{stats.roles:,}",
            f"   ({stats.filled:,} filled, {stats.vacant:,} vacant, "
            f"{stats.vacant_with_interim:,} of them with an interim)",
        ),
        ("Dotted lines", f"{stats.dotted_lines:,}", ""),
        ("", "", ""),
        ("Layers", f"{stats.layers}", ""),
        *(
            (f"  layer {layer}", f"{count:,}", " role" if count == 1 else " roles")
            for layer, count in stats.per_layer.items()
        ),
        ("", "", ""),
        ("Managers", f"{stats.managers:,}", f"   (median span {stats.median_span:g})"),
        ("  of managers", f"{stats.managers_of_managers:,}", ""),
        ("  of individual contributors", f"{stats.managers_of_ics:,}", ""),
        ("  of one", f"{stats.managers_of_one:,}", ""),
    ]
    coverage = [
        (
            "RACI coverage",
            f"{stats.coverage:.0%}",
            f"   ({stats.covered:,} of {stats.activities:,} activities have exactly one A "
            "and at least one R)",
        )
        if stats.activities
        else ("RACI coverage", "-", "   (the org has no activities)")  # not 100% of none
    ]
    width = max(len(label) + 2 for label, _, _ in headcount + coverage)
    spans = [("  all layers", [f"{n:,}" for n in stats.spans.values()])]
    spans += [
        (f"  managers in layer {layer}", [f"{n:,}" for n in bands.values()])
        for layer, bands in stats.spans_by_layer.items()
    ]
    out = [f"Org health: {stats.org}", "", *_rows(headcount, width), ""]
    out += _table("Span of control (direct reports)", list(stats.spans), spans, 5, 3)
    out += ["", *_rows(coverage, width)]
    if stats.workload:
        letters = list(next(iter(stats.workload.values())))
        rows = [(f"  {rid}", [str(c[x]) for x in letters]) for rid, c in stats.workload.items()]
        out += ["", *_table("Workload (roles in scope)", letters, rows, 4, 4)]
    return "\n".join(printable(line) for line in out) + "\n"
