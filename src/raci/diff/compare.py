"""The comparison: two checked sides reduced to snapshots, and what changed between them.

Activities and roles are matched by id; letters cell by cell; findings by rule and
entity, with counts, so a second finding of a rule on one entity is still new.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from raci.engine import Report
from raci.findings import Finding, Severity
from raci.notation import cell_text


class RoleState(NamedTuple):
    """What a diff compares of one role (a tuple: a million of them cross from the
    second process, and a tuple is made, pickled and compared in C)."""

    title: str
    reports_to: str | None
    holders: tuple[str, ...]
    interim: str | None


@dataclass
class Snapshot:
    """What a diff compares of one side: small, plain, picklable."""

    label: str
    letters: dict[tuple[str, str], str]
    activities: dict[str, str]
    roles: dict[str, RoleState]
    people: dict[str, str]
    findings: list[Finding]
    files: int = 0


def snapshot(report: Report, label: str) -> Snapshot:
    org = report.org
    held: dict[tuple[str, str], set[str]] = {}
    for x in org.assignments:
        held.setdefault((x.activity, x.role), set()).add(x.letter)
    return Snapshot(
        label=label,
        letters={k: cell_text(v, org.scheme) for k, v in held.items()},
        activities={a.id: a.title for a in org.activities.values()},
        roles={
            r.id: RoleState(r.title, r.reports_to, tuple(r.holders), r.interim)
            for r in org.roles.values()
        },
        people={p.id: p.name for p in org.people.values()},
        findings=report.findings,
        files=len(org.files),
    )


@dataclass
class Diff:
    old: str
    new: str
    letters: list[tuple[str, str, str, str]] = field(default_factory=list)  # act, role, old, new
    activities_added: list[tuple[str, str]] = field(default_factory=list)
    activities_removed: list[tuple[str, str]] = field(default_factory=list)
    activities_renamed: list[tuple[str, str, str]] = field(default_factory=list)
    roles_added: list[tuple[str, str]] = field(default_factory=list)
    roles_removed: list[tuple[str, str]] = field(default_factory=list)
    roles_renamed: list[tuple[str, str, str]] = field(default_factory=list)
    moves: list[tuple[str, str | None, str | None]] = field(default_factory=list)
    holders: list[tuple[str, list[str], list[str]]] = field(default_factory=list)
    new_vacancies: list[str] = field(default_factory=list)
    introduced: list[Finding] = field(default_factory=list)
    resolved: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # said on stderr, e.g. "an empty org"

    def summary(self) -> dict[str, int]:
        return {
            "letters_changed": len(self.letters),
            "activities_added": len(self.activities_added),
            "activities_removed": len(self.activities_removed),
            "activities_renamed": len(self.activities_renamed),
            "roles_added": len(self.roles_added),
            "roles_removed": len(self.roles_removed),
            "roles_renamed": len(self.roles_renamed),
            "reporting_moves": len(self.moves),
            "holder_changes": len(self.holders),
            "new_vacancies": len(self.new_vacancies),
            "findings_introduced": len(self.introduced),
            "findings_resolved": len(self.resolved),
        }

    def introduces(self, level: Severity) -> bool:
        return any(f.severity.rank >= level.rank for f in self.introduced)


def compare(old: Snapshot, new: Snapshot) -> Diff:
    d = Diff(old.label, new.label)
    for key in sorted(old.letters.keys() | new.letters.keys(), key=_cell_order(new, old)):
        before, after = old.letters.get(key, ""), new.letters.get(key, "")
        if before != after:
            d.letters.append((key[0], key[1], before, after))
    for aid in new.activities:
        if aid not in old.activities:
            d.activities_added.append((aid, new.activities[aid]))
        elif old.activities[aid] != new.activities[aid]:
            d.activities_renamed.append((aid, old.activities[aid], new.activities[aid]))
    d.activities_removed = [(a, t) for a, t in old.activities.items() if a not in new.activities]
    for rid, state in new.roles.items():
        was = old.roles.get(rid)
        if was == state:  # most roles: one comparison of two tuples
            continue
        if was is None:
            d.roles_added.append((rid, state.title))
            if not state.holders and not state.interim:
                d.new_vacancies.append(rid)
            continue
        if was.title != state.title:
            d.roles_renamed.append((rid, was.title, state.title))
        if was.reports_to != state.reports_to:
            d.moves.append((rid, was.reports_to, state.reports_to))
        if was.holders != state.holders:
            d.holders.append(
                (
                    rid,
                    [old.people.get(h, h) for h in was.holders],
                    [new.people.get(h, h) for h in state.holders],
                )
            )
        if was.holders and not state.holders:
            d.new_vacancies.append(rid)
    d.roles_removed = [(r, s.title) for r, s in old.roles.items() if r not in new.roles]
    d.introduced = _minus(new.findings, old.findings)
    d.resolved = _minus(old.findings, new.findings)
    return d


def _cell_order(new: Snapshot, old: Snapshot) -> Any:
    acts = {a: i for i, a in enumerate([*new.activities, *old.activities])}
    roles = {r: i for i, r in enumerate([*new.roles, *old.roles])}
    return lambda key: (acts.get(key[0], 0), roles.get(key[1], 0))


def _minus(these: list[Finding], those: list[Finding]) -> list[Finding]:
    """Findings in `these` and not in `those`, matched by rule and entity, with counts."""
    left = Counter(f.key for f in those)
    out = []
    for f in these:
        if left[f.key] > 0:
            left[f.key] -= 1
        else:
            out.append(f)
    return out
