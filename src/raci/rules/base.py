"""What a rule is (data plus one function) and the context rules read from."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import networkx as nx

from raci import graph as q
from raci.findings import Problem, Severity
from raci.model import Activity, Location, Organisation
from raci.scheme import Meaning, Scheme


@dataclass(frozen=True)
class Rule:
    """One check. The engine, not the rule, applies severity, selection and output.

    `check` is None for load rules: the loader reports those while reading files.
    """

    code: str
    slug: str
    severity: Severity
    summary: str
    why: str
    fix: str
    example: str
    check: Callable[[Context, Mapping[str, Any]], Iterator[Problem]] | None = None
    options: Mapping[str, Any] = field(default_factory=dict)
    suppressible: bool = True

    @property
    def family(self) -> str:
        return self.code.rstrip("0123456789")


class Context:
    """The loaded org, its graph, and indexes the rules share (built once per check)."""

    def __init__(self, org: Organisation, g: nx.MultiDiGraph) -> None:
        self.org = org
        self.graph = g
        self.scheme: Scheme = org.scheme
        # activity -> role -> letters, and where each letter was given
        self.letters: dict[str, dict[str, set[str]]] = {}
        self.letter_loc: dict[tuple[str, str, str], Location] = {}
        for x in org.assignments:
            self.letters.setdefault(x.activity, {}).setdefault(x.role, set()).add(x.letter)
            self.letter_loc.setdefault((x.activity, x.role, x.letter), x.loc)
        self._chains: dict[str, list[str]] = {}

    def letter(self, meaning: Meaning) -> str | None:
        return self.scheme.letter_for(meaning)

    def holders_of(self, activity_id: str, letter: str | None) -> list[str]:
        """Roles holding `letter` on the activity, in the order they were given."""
        if letter is None:
            return []
        roles = self.letters.get(activity_id, {})
        found = [r for r, letters in roles.items() if letter in letters]
        return sorted(found, key=lambda r: self.letter_loc[(activity_id, r, letter)])

    def chain(self, role_id: str) -> list[str]:
        """Solid-line managers of a role, memoised for the whole check."""
        found = self._chains.get(role_id)
        if found is None:
            found = self._chains[role_id] = q.management_chain(self.graph, role_id)
        return found

    def above_or_same(self, upper: str, lower: str) -> bool:
        return upper == lower or upper in self.chain(lower)

    def lowest_common_manager(self, role_ids: list[str]) -> str | None:
        common: list[str] | None = None
        for rid in role_ids:
            line = [rid, *self.chain(rid)]
            common = line if common is None else [r for r in common if r in set(line)]
        return common[0] if common else None

    @cached_property
    def checked_activities(self) -> list[Activity]:
        """Activities the per-activity rules look at: leaves, and areas given letters."""
        parents = self.org.children()
        return [
            a for a in self.org.activities.values() if a.id not in parents or a.id in self.letters
        ]

    @cached_property
    def scope(self) -> dict[str, str]:
        """Roles in RACI scope -> why: exec team, team leads, and the `scope` list."""
        out: dict[str, str] = {}
        for r in self.org.roles.values():
            if "exec" in r.tags:
                out[r.id] = "exec team"
        for t in self.org.teams.values():
            if t.lead in self.org.roles:
                out.setdefault(t.lead, f"lead of team '{t.id}'")
        for rid in self.org.scope:
            if rid in self.org.roles:
                out.setdefault(rid, "listed in scope")
        return out

    def activity_loc(self, act: Activity) -> Location:
        """Where to point for an activity-wide finding: its `raci:` key, else its id."""
        return act.loc("raci") if act.raci else act.loc("id")

    def describe(self, letter: str) -> str:
        """'Accountable (A)' in the scheme's own words."""
        return f"{self.scheme.word(letter)} ({letter})"
