"""What a rule is (data plus one function) and the context rules read from."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple

from raci.findings import Problem, Related, Severity
from raci.model import Activity, Assignment, Location, Organisation
from raci.orgchart import OrgChart
from raci.scheme import Meaning, Scheme


@dataclass(frozen=True)
class Rule:
    """One check. The engine, not the rule, applies severity, selection and output.

    `summary` says what it detects, `why` why that matters, `example` is YAML that
    triggers it and `fixed` the same YAML mended; `fix` is the general remedy.
    `check` is None for rules that others report: the loader reports the load rules
    while reading files, the engine reports unused suppressions. `notes` says what the
    rule leaves to another one (a follow-on of a load error, say).
    """

    code: str
    slug: str
    severity: Severity
    summary: str
    why: str
    fix: str
    example: str
    fixed: str
    check: Callable[[Context, Mapping[str, Any]], Iterator[Problem]] | None = None
    options: Mapping[str, Any] = field(default_factory=dict)
    # Options whose values are words: option -> the allowed words.
    choices: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    suppressible: bool = True
    notes: str = ""

    @property
    def family(self) -> str:
        return self.code.rstrip("0123456789")


class At(NamedTuple):
    """Where a finding about a letter points, and the other places it comes from."""

    loc: Location
    related: tuple[Related, ...] = ()


class Context:
    """The loaded org, its org chart, and the letter indexes the rules share.

    Questions about reporting lines and teams go to `chart` (`raci.orgchart`); the
    letter indexes here are built once per check.
    """

    def __init__(self, org: Organisation, extra_scope: Iterable[str] = ()) -> None:
        self.org = org
        self.chart = OrgChart.of(org)
        self.extra_scope = tuple(extra_scope)
        self.scheme: Scheme = org.scheme
        # activity -> role -> letters, and where each letter was given
        self.letters: dict[str, dict[str, set[str]]] = {}
        self.letter_loc: dict[tuple[str, str, str], Location] = {}
        # (activity, letter) -> roles, in the order the letters were given
        self._holders: dict[tuple[str, str], list[str]] = {}
        # (activity, role, letter) written on the activity itself, not from its policy
        self.explicit: set[tuple[str, str, str]] = set()
        # the same key -> the assignment, for letters a policy gave
        self._derived: dict[tuple[str, str, str], Assignment] = {}
        # Holders from one source (the activity, or one policy) are already in the
        # order they were written; only mixed ones are sorted, by where each was given
        # (which, in a fast-parsed file, costs a parse of the activity's lines).
        sources: dict[tuple[str, str], str] = {}
        mixed: set[tuple[str, str]] = set()
        letters, holders, loc = self.letters, self._holders, self.letter_loc
        explicit, derived = self.explicit, self._derived
        # Unpacked, not read by name: a NamedTuple's fields cost a call each, and a
        # large org has tens of thousands of letters.
        for x in org.assignments:
            act, role, letter, where, source = x[:5]
            key = (act, role, letter)
            if source == "explicit":
                explicit.add(key)
            else:
                derived[key] = x
            roles = letters.get(act)
            if roles is None:
                roles = letters[act] = {}
            given = roles.get(role)
            if given is None:
                given = roles[role] = set()
            if letter not in given:
                given.add(letter)
                pair = (act, letter)
                found = holders.get(pair)
                if found is None:
                    holders[pair] = [role]
                    sources[pair] = source
                else:
                    found.append(role)
                    if sources[pair] != source:
                        mixed.add(pair)
            if key not in loc:
                loc[key] = where
        for act, letter in mixed:
            self._holders[(act, letter)].sort(key=lambda rid: loc[(act, rid, letter)])

    def letter(self, meaning: Meaning) -> str | None:
        return self.scheme.letter_for(meaning)

    def holders_of(self, activity_id: str, letter: str | None) -> list[str]:
        """Roles holding `letter` on the activity, in the order they were given."""
        if letter is None:
            return []
        return self._holders.get((activity_id, letter), [])

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
        for rid in self.extra_scope:
            if rid in self.org.roles:
                out.setdefault(rid, "listed in the configuration's scope")
        return out

    @cached_property
    def letter_counts(self) -> dict[str, dict[str, int]]:
        """Role id -> how many checked activities give it each letter."""
        out: dict[str, dict[str, int]] = {}
        letters = self.letters
        for act in self.checked_activities:
            given = letters.get(act.id)
            if given is None:
                continue
            for rid, held in given.items():
                counts = out.get(rid)
                if counts is None:
                    counts = out[rid] = {}
                for letter in held:  # a plain dict: a Counter costs calls per role
                    counts[letter] = counts.get(letter, 0) + 1
        return out

    @cached_property
    def involvement(self) -> dict[str, int]:
        """Role id -> on how many checked activities it has any letter."""
        out: dict[str, int] = {}
        for act in self.checked_activities:
            for rid in self.letters.get(act.id, {}):
                out[rid] = out.get(rid, 0) + 1
        return out

    def activity_loc(self, act: Activity) -> Location:
        """Where to point for an activity-wide finding: its `raci:` key, else its id."""
        return act.loc("raci") if act.raci else act.loc("id")

    def letter_at(self, activity_id: str, role_id: str, letter: str) -> At:
        """Where a finding about this letter points.

        An explicit letter: where it is written. A letter a policy gave: the activity
        (where an explicit override or a suppression goes), with the policy's selector
        as a related location, so that two activities' findings do not pile up on one
        line of the policy file.
        """
        key = (activity_id, role_id, letter)
        x = self._derived.get(key)
        if x is None:
            return At(self.letter_loc[key])
        note = f"{x.source}: {letter}: '{x.selector}' gives it to '{role_id}'"
        return At(self.activity_loc(self.org.activities[activity_id]), (Related(x.loc, note),))

    def describe(self, letter: str) -> str:
        """'Accountable (A)' in the scheme's own words."""
        return f"{self.scheme.word(letter)} ({letter})"
