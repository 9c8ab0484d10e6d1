"""Every question asked of the org chart, answered in one place.

Manager chains, the lowest common manager, layers, spans, the roles below a role,
team members and leads, tagged roles: the rules, the selectors, `suggest`, `stats`
and the diagrams all ask an `OrgChart`. It is plain dictionaries built once per
loaded org from the same data as the networkx graph (`raci.build_graph`, the public
model), because the rules and selectors ask these questions millions of times on a
large org.

Reporting queries follow solid lines only (`reports_to`), and every walk stops
safely on a reporting cycle.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cached_property
from operator import attrgetter

from raci.model import Organisation


class OrgChart:
    """The reporting lines, teams and tags of one organisation, indexed."""

    def __init__(self, org: Organisation) -> None:
        roles = org.roles
        self._roles = roles
        self._teams = org.teams
        # A reports_to that names an unknown role, or the role itself, is no line
        # (the loader reports it); the graph leaves out the same edges.
        # (Built with map and a comprehension: this runs once per role of the org.)
        lines = zip(roles, map(attrgetter("reports_to"), roles.values()), strict=True)
        self._manager: dict[str, str] = {
            rid: boss for rid, boss in lines if boss in roles and boss != rid
        }
        self._reports: dict[str, list[str]] = {}
        for rid, boss in self._manager.items():
            below = self._reports.get(boss)
            if below is None:
                self._reports[boss] = [rid]
            else:
                below.append(rid)
        self._chains: dict[str, list[str]] = {}

    @staticmethod
    def of(org: Organisation) -> OrgChart:
        """The org's chart, built on first use and kept on the org."""
        if org.chart is None:
            org.chart = OrgChart(org)
        chart: OrgChart = org.chart
        return chart

    # -- lines --------------------------------------------------------------------------

    def manager(self, role_id: str) -> str | None:
        """The solid-line manager, or None for a top role."""
        return self._manager.get(role_id)

    def direct_reports(self, role_id: str) -> list[str]:
        """Roles whose solid line goes to this one, in file order."""
        return self._reports.get(role_id, [])

    @property
    def managers(self) -> dict[str, list[str]]:
        """Every role with direct reports -> those reports, in file order."""
        return self._reports

    def chain(self, role_id: str) -> list[str]:
        """Managers from the role's own manager up to the top (memoised)."""
        found = self._chains.get(role_id)
        if found is None:
            found = []
            seen = {role_id}
            current = self._manager.get(role_id)
            while current is not None and current not in seen:
                found.append(current)
                seen.add(current)
                current = self._manager.get(current)
            self._chains[role_id] = found
        return found

    @cached_property
    def cut(self) -> dict[str, str]:
        """Role id -> what its reports_to names, for the roles whose reports_to names no
        role: where such a role sits is unknown (the loader reports the line)."""
        roles = self._roles
        # Such a role is a top (layer 0): only the tops are looked at, not every role.
        return {
            rid: boss
            for rid in self.tops
            if (boss := roles[rid].reports_to) is not None and boss not in roles
        }

    def broken_line(self, role_id: str) -> str | None:
        """The role where the line from `role_id` up to the top breaks (the role itself,
        or a manager, whose reports_to names no role); None for an unbroken line."""
        cut = self.cut
        if not cut:
            return None
        chain = self.chain(role_id)
        last = chain[-1] if chain else role_id
        return last if last in cut else None

    def above_or_same(self, upper: str, lower: str) -> bool:
        """True when `upper` is `lower` or one of its managers."""
        return upper == lower or self._manager.get(lower) == upper or upper in self.chain(lower)

    def lowest_common_manager(self, role_ids: Iterable[str]) -> str | None:
        """The lowest role that is each given role or above it; None if there is none."""
        common: list[str] | None = None
        for rid in role_ids:
            line = [rid, *self.chain(rid)]
            if common is None:
                common = line
            else:
                members = set(line)
                common = [r for r in common if r in members]
        return common[0] if common else None

    def highest(self, role_ids: Sequence[str]) -> str:
        """The highest-ranking role (fewest managers above it; the first given on a tie)."""
        return min(role_ids, key=lambda rid: (len(self.chain(rid)), role_ids.index(rid)))

    def below(self, *role_ids: str) -> list[str]:
        """Every role under these in solid lines (not the roles themselves), sorted."""
        seen = set(role_ids)
        found: list[str] = []
        stack = list(role_ids)
        while stack:
            for kid in self._reports.get(stack.pop(), ()):
                if kid not in seen:
                    seen.add(kid)
                    found.append(kid)
                    stack.append(kid)
        return sorted(found)

    @cached_property
    def depth(self) -> dict[str, int]:
        """Role id -> layers below its top role (0 for a top role), for every role.

        In a reporting cycle the role where the walk enters it counts as a top.
        """
        roles = self._roles
        depth: dict[str, int] = {}
        for start, role in roles.items():
            boss = role.reports_to
            if boss is None or boss not in roles:  # a top role, or a line to nowhere
                depth[start] = 0
                continue
            above = depth.get(boss)
            if above is not None:  # the usual case: the manager came first
                depth[start] = above + 1
                continue
            walk: list[str] = []
            seen: set[str] = set()
            current: str | None = start
            while current is not None and current in roles and current not in depth:
                if current in seen:
                    depth[current] = 0
                    break
                seen.add(current)
                walk.append(current)
                current = roles[current].reports_to
            base = depth.get(current, -1) if current is not None else -1
            for rid in reversed(walk):
                if rid not in depth:
                    base += 1
                    depth[rid] = base
                else:
                    base = depth[rid]
        return depth

    def layer(self, role_id: str) -> int:
        """Layers below the top: 0 for a top role."""
        return self.depth.get(role_id, 0)

    @cached_property
    def tops(self) -> list[str]:
        """Roles at layer 0, in file order (several rules ask)."""
        depth = self.depth
        return [rid for rid in self._roles if depth[rid] == 0]

    def span(self, manager: str) -> int:
        """People reporting directly to a manager; a vacant role counts as one position."""
        reports = self._reports.get(manager, ())
        shared = self._shared
        if not shared:  # the usual org: one person (or none) per role
            return len(reports)
        return len(reports) + sum(shared.get(r, 0) for r in reports)

    @cached_property
    def _shared(self) -> dict[str, int]:
        """Role id -> holders beyond the first, for the roles held by several people."""
        return {r.id: len(r.holders) - 1 for r in self._roles.values() if len(r.holders) > 1}

    # -- teams and tags -----------------------------------------------------------------

    def team_lead(self, team_id: str) -> str | None:
        lead = self._teams[team_id].lead
        return lead if lead in self._roles else None

    def team_members(self, team_id: str) -> list[str]:
        """The member roles of a team (its lead included), sorted."""
        team = self._teams[team_id]
        found = {m for m in team.members if m in self._roles}
        lead = self.team_lead(team_id)
        if lead is not None:
            found.add(lead)
        return sorted(found)

    @cached_property
    def tags(self) -> dict[str, list[str]]:
        """Tag -> the roles carrying it, in file order."""
        out: dict[str, list[str]] = {}
        for role in self._roles.values():
            for tag in role.tags:
                out.setdefault(tag, []).append(role.id)
        return out
