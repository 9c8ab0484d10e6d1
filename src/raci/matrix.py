"""The RACI matrix as the documents draw it: the workbook's sheet and the deck's tables.

Columns are the roles, grouped under the exec team, then each team, then the rest;
rows are the activities, by area. Both documents colour letters by meaning and fill
headers, team groups, areas and severities alike, and take their date from the
sources, so that the same org gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from raci.findings import Severity
from raci.model import Organisation
from raci.scheme import Meaning

# Meaning -> fill colour (light, so black letters stay readable on paper too).
COLOURS = {
    Meaning.DECIDER: "F4B183",
    Meaning.DOER: "A9D08E",
    Meaning.APPROVAL: "F8CBAD",
    Meaning.SUPPORT: "C9C9E8",
    Meaning.INPUT: "FFE699",
    Meaning.NOTIFIED: "BDD7EE",
    Meaning.OMITTED: "D9D9D9",
}
SEVERITY_FILL = {Severity.ERROR: "F8696B", Severity.WARNING: "FFD966", Severity.INFO: "9BC2E6"}
HEADER_FILL = "1F3864"
GROUP_FILLS = ["D9E1F2", "E2EFDA", "FCE4D6", "EDEDED", "FFF2CC", "DDEBF7"]
AREA_FILL = "D9D9D9"


@dataclass
class Group:
    name: str
    roles: list[str] = field(default_factory=list)


@dataclass
class Row:
    activity: str
    depth: int
    is_area: bool


@dataclass
class Matrix:
    groups: list[Group]
    rows: list[Row]

    @property
    def roles(self) -> list[str]:
        return [r for g in self.groups for r in g.roles]


def plan(org: Organisation, scope: set[str]) -> Matrix:
    """Columns: the exec team, then each team's roles, then the rest; rows by area."""
    involved = {x.role for x in org.assignments}
    wanted = [r for r in org.roles if r in involved or r in scope]
    placed: set[str] = set()
    groups: list[Group] = []
    execs = Group("Executive team", [r for r in wanted if "exec" in org.roles[r].tags])
    placed.update(execs.roles)
    if execs.roles:
        groups.append(execs)
    kinds = {"product-team": 0, "department": 1}
    teams = sorted(org.teams.values(), key=lambda t: kinds.get(t.kind, 2))
    home: dict[str, str] = {}
    for team in teams:
        for member in ([team.lead] if team.lead else []) + team.members:
            home.setdefault(member, team.id)
    by_team = {t.id: Group(t.name) for t in org.teams.values()}
    rest = Group("Other roles")
    for rid in wanted:
        if rid in placed:
            continue
        (by_team[home[rid]] if rid in home else rest).roles.append(rid)
    groups += [g for g in by_team.values() if g.roles]
    if rest.roles:
        groups.append(rest)
    return Matrix(groups, _rows(org))


def _rows(org: Organisation) -> list[Row]:
    children = org.children()
    rows: list[Row] = []

    def visit(aid: str, depth: int, seen: set[str]) -> None:
        # A stack, not recursion: a parent: chain may be thousands deep.
        todo = [(aid, depth)]
        while todo:
            aid, depth = todo.pop()
            if aid in seen:
                continue
            seen.add(aid)
            rows.append(Row(aid, depth, aid in children))
            todo.extend((child, depth + 1) for child in reversed(children.get(aid, [])))

    seen: set[str] = set()
    for act in org.activities.values():
        if act.parent is None or act.parent not in org.activities:
            visit(act.id, 0, seen)
    for act in org.activities.values():  # anything left is in a parent cycle
        visit(act.id, 0, seen)
    return rows


def source_date(org_files: list[Path]) -> dt.datetime:
    """SOURCE_DATE_EPOCH, else the newest source file's time: same input, same bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        seconds = int(epoch)
    else:
        times = []
        for path in org_files:
            try:
                times.append(int(path.stat().st_mtime))
            except OSError:  # a file from a git revision, gone with its temp folder
                continue
        seconds = max(times, default=315532800)
    return dt.datetime.fromtimestamp(max(seconds, 315532800), tz=dt.UTC).replace(tzinfo=None)
