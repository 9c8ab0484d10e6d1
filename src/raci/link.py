"""Validated entities -> one linked org: references, cycles, inheritance, letters."""

from __future__ import annotations

from collections.abc import Mapping
from itertools import chain
from operator import attrgetter
from typing import Any

from raci import progress
from raci.findings import Entity as Ref
from raci.findings import Problem
from raci.hints import did_you_mean
from raci.model import Activity, Entity, Location, Organisation, Role, Team
from raci.select import assign


def link(org: Organisation, names: list[tuple[str, Location]]) -> Organisation:
    """Settle the org's name, check references, cut cycles, inherit, resolve selectors."""
    return _Linker(org, names).finish()


class _Linker:
    def __init__(self, org: Organisation, names: list[tuple[str, Location]]) -> None:
        self.org = org
        self.names = names

    def problem(self, rule: str, entity: Ref, message: str, fix: str, loc: Location) -> None:
        self.org.problems.append(Problem(rule, entity, message, fix, loc))

    def finish(self) -> Organisation:
        org = self.org
        if self.names:
            org.name = self.names[0][0]
            for name, loc in self.names[1:]:
                if name != org.name:
                    self.problem(
                        "schema-error",
                        Ref("file", loc.file),
                        f"organisation name '{name}' differs from '{org.name}' "
                        f"given at {self.names[0][1]}",
                        "Give the organisation's name in one file only.",
                        loc,
                    )
        else:
            org.name = org.source.resolve().name if not org.bundled else "bundled org"
        # Steps: the five passes below, then one per activity whose letters resolve.
        shown = progress.current()
        shown.phase("linking the org", total=5 + len(org.activities))
        for step in (
            self._check_references,
            self._check_policies,
            lambda: self._cut_cycles(org.teams),
            lambda: self._cut_cycles(org.activities),
            self._inherit,
        ):
            step()
            shown.advance()
        # The networkx graph (raci.build_graph) is built on first use: the rules and
        # selectors ask raci.orgchart, and a check at 100,000 roles spent 2 s on it.
        org.problems.extend(assign(org))
        return org

    def _inherit(self) -> None:
        """An activity without `source`, `owner` or `policy` takes its nearest ancestor's.

        Ancestors are settled before their children, each once: linear in the number
        of activities however deep the hierarchy (parent cycles are cut before this).
        """
        org = self.org
        acts, roles, policies = org.activities, org.roles, org.policies
        # Activity id -> (owner, the activity it is taken from), and the same for policy.
        owners: dict[str, tuple[str, str] | None] = {}
        chosen: dict[str, tuple[str, str] | None] = {}
        for act in acts.values():
            path: list[Activity] = []
            node: Activity | None = act
            while node is not None and node.id not in owners:
                path.append(node)
                node = acts.get(node.parent) if node.parent else None
            for node in reversed(path):
                parent = acts.get(node.parent) if node.parent else None
                if parent is not None:
                    if node.source is None:
                        node.source = parent.source
                    given = owners[parent.id]
                    if node.owner is None and given is not None:
                        node.owner = given[0]
                        org.inherited[(node.id, "owner")] = given[1]
                    given = chosen[parent.id]
                    if node.policy is None and given is not None:
                        node.policy = given[0]
                        org.inherited[(node.id, "policy")] = given[1]
                owners[node.id] = (
                    (node.owner, node.id)
                    if node.owner in roles and node.owner is not None
                    else (owners[parent.id] if parent is not None else None)
                )
                chosen[node.id] = (
                    (node.policy, node.id)
                    if node.policy in policies and node.policy is not None
                    else (chosen[parent.id] if parent is not None else None)
                )

    def _cut_cycles(self, table: Mapping[str, Activity | Team]) -> None:
        """Report each `parent:` cycle once and cut it, so nothing downstream loops.

        The cycle's first member in file order is read as a top-level entity: the
        others keep their parents and stay checked, as in a chain.
        """
        order = {ident: n for n, ident in enumerate(table)}
        state: dict[str, int] = {}  # 1: on the current walk, 2: settled
        for start in list(table.values()):
            path: list[Activity | Team] = []
            node: Activity | Team | None = start
            while node is not None and node.id not in state:
                state[node.id] = 1
                path.append(node)
                node = table.get(node.parent) if node.parent else None
            if node is not None and state[node.id] == 1:
                at = len(path) - 1 - [e.id for e in reversed(path)].index(node.id)
                ring = path[at:]
                first = min(range(len(ring)), key=lambda i: order[ring[i].id])
                ring = ring[first:] + ring[:first]
                self._report_cycle(ring)
                ring[0].parent = None
            for entity in path:
                state[entity.id] = 2

    def _report_cycle(self, ring: list[Activity | Team]) -> None:
        head = ring[0]
        kind = head.entity_kind
        ids = [e.id for e in ring]
        shown = ids if len(ids) <= 6 else [*ids[:5], f"... ({len(ids)} {head.section})"]
        if len(ring) == 1:
            what = f"{kind} '{head.id}' is its own parent"
        else:
            what = f"{kind} '{head.id}' is its own ancestor through parent: " + " -> ".join(
                [*shown, head.id]
            )
        self.problem(
            "parent-cycle",
            Ref(kind, head.id),
            f"{what}; it is read as a top-level {kind} until the cycle is broken",
            f"Give one {kind} of the cycle another parent, or none.",
            head.loc("parent"),
        )

    def _check_policies(self) -> None:
        org = self.org
        scheme = org.scheme
        for policy in org.policies.values():
            for letter in policy.raci:
                if not scheme.has(letter):
                    self.problem(
                        "invalid-letter",
                        Ref("policy", policy.id),
                        f"policy '{policy.id}' uses '{letter}', which is not a "
                        f"{scheme.name} letter",
                        f"Use one of {scheme.letter_list}.",
                        policy.loc("raci", letter),
                    )
        for act in org.activities.values():
            self._ref(act, "policy", act.policy, org.policies, "policy")

    def _ref(
        self,
        owner: Entity,
        field: str,
        value: str | None,
        table: dict[str, Any],
        what: str,
        path: tuple[Any, ...] | None = None,
    ) -> bool:
        if value is None or value in table:
            return True
        self.problem(
            "unknown-reference",
            Ref(owner.entity_kind, owner.id),
            f"{owner.entity_kind} '{owner.id}' {_VERBS.get(field, field)} '{value}', "
            f"which is not a known {what}",
            f"Define {what} '{value}' or correct the id{did_you_mean(value, table)}.",
            owner.loc(*(path or (field,))),
        )
        return False

    def _check_references(self) -> None:
        org = self.org
        roles, people, teams, acts = org.roles, org.people, org.teams, org.activities
        for role in roles.values() if _dangling_role_refs(roles, people) else ():
            # Tested here before calling: most references are good, and a call per
            # reference cost a tenth of a large org's load.
            boss, interim = role.reports_to, role.interim
            if boss is not None and boss not in roles:
                self._ref(role, "reports_to", boss, roles, "role")
            for i, other in enumerate(role.dotted_to):
                self._ref(role, "dotted_to", other, roles, "role", ("dotted_to", i))
            for i, person in enumerate(role.holders):
                if person not in people:
                    self._ref(role, "holders", person, people, "person", ("holders", i))
            if interim is not None and interim not in people:
                self._ref(role, "interim", interim, people, "person")
        for team in teams.values():
            self._ref(team, "lead", team.lead, roles, "role")
            for i, member in enumerate(team.members):
                self._ref(team, "members", member, roles, "role", ("members", i))
            self._ref(team, "parent", team.parent, teams, "team")
        for act in acts.values():
            if act.parent is not None:
                self._ref(act, "parent", act.parent, acts, "activity")
            if act.owner is not None:
                self._ref(act, "owner", act.owner, roles, "role")
        for role_id, loc in org.scope.items():
            if role_id not in roles:
                self.problem(
                    "unknown-reference",
                    Ref("role", role_id),
                    f"scope lists '{role_id}', which is not a known role",
                    f"Define the role or remove it from scope{did_you_mean(role_id, roles)}.",
                    loc,
                )


def _dangling_role_refs(roles: Mapping[str, Role], people: Mapping[str, Any]) -> bool:
    """Whether some role names a role or person that does not exist.

    Asked in bulk (map and sets run in C) before the role-by-role pass that says
    which: on a large org that pass cost a tenth of a warm check, and usually
    finds nothing.
    """
    every = roles.values()
    named_roles = set(map(attrgetter("reports_to"), every))
    named_roles.update(chain.from_iterable(map(attrgetter("dotted_to"), every)))
    named_people = set(map(attrgetter("interim"), every))
    named_people.update(chain.from_iterable(map(attrgetter("holders"), every)))
    named_roles.discard(None)
    named_people.discard(None)
    return not (named_roles <= roles.keys() and named_people <= people.keys())


_VERBS = {
    "reports_to": "reports to",
    "dotted_to": "has a dotted line to",
    "holders": "is held by",
    "interim": "has the interim holder",
    "lead": "is led by",
    "members": "has the member",
    "parent": "has the parent",
    "owner": "is owned by",
    "policy": "uses the policy",
}
