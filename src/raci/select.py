"""Selectors and policies: RACI letters derived from the org graph.

A selector names roles by their place in the org, so the RACI follows the org when
it changes:

| selector | roles |
| --- | --- |
| `ROLE` | that role |
| `owner` | the activity's owner |
| `manager:X` | X's solid-line manager |
| `reports:X` | X's direct reports |
| `under:X` | everybody below X (the whole subtree) |
| `peers:X` | the other direct reports of X's manager |
| `chain:X` | X's managers, up to the top |
| `team:T` | the member roles of team T (its lead included) |
| `lead:T` | team T's lead |
| `tag:NAME` | every role tagged NAME |

X is a role id or `owner`. A policy maps letters to selectors, relative to the owner.
On an activity, `policy:` applies one; letters under the activity's own `raci:`
replace the policy's selectors for that letter, or add to them when every selector
of that letter starts with `+`. A role given a letter explicitly loses the policy's
letters that do not combine with it. `owner` and `policy` are inherited from the
nearest area that sets them.
"""

from __future__ import annotations

from typing import NamedTuple

from raci import progress
from raci.findings import Entity as Ref
from raci.findings import Problem
from raci.hints import did_you_mean
from raci.model import Activity, Assignment, Location, Organisation, Policy
from raci.orgchart import OrgChart
from raci.scheme import Scheme

# Progress advances once per this many activities (see raci.progress).
STEP = 1000
KINDS = ("manager", "reports", "under", "peers", "chain", "team", "lead", "tag")
ROLE_KINDS = ("manager", "reports", "under", "peers", "chain")


class Hit(NamedTuple):
    """One role a selector found, with the graph path that led there (a tuple, made
    once per distinct selector: tens of thousands on a large org)."""

    role: str
    path: tuple[str, ...]


class SelectorError(Exception):
    """A selector that names something unknown: (rule, message, fix)."""

    def __init__(self, rule: str, message: str, fix: str) -> None:
        super().__init__(message)
        self.rule, self.message, self.fix = rule, message, fix


class Resolver:
    """Resolves selectors against one org chart, memoising what repeats.

    Roles found through reporting lines and teams come sorted by id, so that
    reordering a file does not reorder the letters.
    """

    def __init__(self, org: Organisation) -> None:
        self.org = org
        self.chart = OrgChart.of(org)
        self._memo: dict[tuple[str, str | None], list[Hit]] = {}
        self.policy_wants: PolicyWants = {}
        # A role id names the same role whatever the owner: one entry, not one per owner.
        self._plain: dict[str, list[Hit]] = {}

    def resolve(self, selector: str, owner: str | None) -> list[Hit]:
        """The roles a selector names, in a stable order. Raises SelectorError."""
        found = self._plain.get(selector)
        if found is not None:
            return found
        if selector in self.org.roles and selector != "owner":  # the usual selector
            found = self._plain[selector] = [Hit(selector, ())]
            return found
        key = (selector, owner)
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = self._resolve(selector, owner)
            if ":" not in selector and selector != "owner":
                self._plain[selector] = found
        return found

    def walks_a_broken_line(self, selector: str, owner: str | None) -> bool:
        """True for a selector that walks up from a role whose reports_to names no role:
        what it selects is unknown, not empty (the loader reports the line)."""
        kind, _, arg = selector.partition(":")
        if kind not in ("manager", "peers", "chain"):
            return False
        role = owner if arg == "owner" else arg
        return role is not None and role in self.chart.cut

    def _role(self, name: str, owner: str | None, selector: str) -> str:
        if name == "owner":
            if owner is None:
                raise SelectorError(
                    "unknown-reference",
                    f"selector '{selector}' needs an owner, and the activity has none",
                    "Give the activity (or its area) an 'owner:' role.",
                )
            if owner not in self.org.roles:  # the loader reports the owner itself
                raise SelectorError(
                    "unknown-reference",
                    f"selector '{selector}': the owner '{owner}' is not a known role",
                    "Correct the activity's (or its area's) 'owner:'"
                    + did_you_mean(owner, self.org.roles)
                    + ".",
                )
            return owner
        if name not in self.org.roles:
            what = (
                f"'{name}'" if name == selector else f"selector '{selector}' names '{name}', which"
            )
            raise SelectorError(
                "unknown-reference",
                f"{what} is not a known role",
                "Use a role id or 'owner'" + did_you_mean(name, self.org.roles) + ".",
            )
        return name

    def _resolve(self, selector: str, owner: str | None) -> list[Hit]:
        kind, sep, arg = selector.partition(":")
        if not sep:
            role = self._role(selector, owner, selector)
            why = (f"owner = {role}",) if selector == "owner" else ()
            return [Hit(role, why)]
        if kind not in KINDS:
            raise SelectorError(
                "unknown-reference",
                f"'{selector}' is not a selector: unknown kind '{kind}'",
                "Use one of: "
                + ", ".join(f"{k}:" for k in KINDS)
                + did_you_mean(kind, KINDS)
                + ".",
            )
        chart = self.chart
        if kind in ROLE_KINDS:
            x = self._role(arg, owner, selector)
            base = (f"owner = {x}",) if arg == "owner" else ()
            if kind == "manager":
                boss = chart.manager(x)
                return [Hit(boss, (*base, f"{x} reports to {boss}"))] if boss else []
            if kind == "reports":
                return [
                    Hit(r, (*base, f"{r} reports to {x}")) for r in sorted(chart.direct_reports(x))
                ]
            if kind == "under":
                return [Hit(r, (*base, f"{r} is below {x}")) for r in chart.below(x)]
            if kind == "chain":
                chain = chart.chain(x)
                return [
                    Hit(r, (*base, f"{r} is in {x}'s chain: " + " -> ".join(chain[: i + 1])))
                    for i, r in enumerate(chain)
                ]
            boss = chart.manager(x)
            if boss is None:
                return []
            return [
                Hit(r, (*base, f"{r} and {x} both report to {boss}"))
                for r in sorted(chart.direct_reports(boss))
                if r != x
            ]
        if kind == "tag":
            roles = chart.tags.get(arg)
            if roles is None:
                raise SelectorError(
                    "unknown-reference",
                    f"selector '{selector}': no role has the tag '{arg}'",
                    "Tag the roles, or correct the tag" + did_you_mean(arg, chart.tags) + ".",
                )
            return [Hit(r, (f"{r} is tagged {arg}",)) for r in roles]
        if arg not in self.org.teams:
            raise SelectorError(
                "unknown-reference",
                f"selector '{selector}' names '{arg}', which is not a known team",
                "Use a team id" + did_you_mean(arg, self.org.teams) + ".",
            )
        if kind == "lead":
            lead = chart.team_lead(arg)
            return [Hit(lead, (f"{lead} leads team {arg}",))] if lead else []
        return [Hit(r, (f"{r} is a member of team {arg}",)) for r in chart.team_members(arg)]


class _Wanted(NamedTuple):
    """One selector to resolve for one letter, with where it was written (a tuple:
    made 40,000 times for a large org, a frozen dataclass cost a second call each)."""

    letter: str
    selector: str
    loc: Location
    source: str  # "explicit", or "policy NAME"


def assign(org: Organisation) -> list[Problem]:
    """Resolve every activity's letters into `org.assignments`; return the problems."""
    resolver = Resolver(org)
    problems: list[Problem] = []
    parents = org.children()
    shown = progress.current()
    for done, act in enumerate(org.activities.values(), start=1):
        if not done % STEP:
            shown.advance(STEP)
        _assign_one(org, act, resolver, parents, problems)
    shown.advance(len(org.activities) % STEP)
    return problems


def _assign_one(
    org: Organisation,
    act: Activity,
    resolver: Resolver,
    parents: dict[str, list[str]],
    problems: list[Problem],
) -> None:
    """Resolve one activity's letters into `org.assignments`."""
    wanted = _wanted(org, act, act.id in parents, problems, resolver.policy_wants)
    explicit_roles: dict[str, set[str]] = {}
    resolved: list[tuple[_Wanted, Hit]] = []
    resolve, owner = resolver.resolve, act.owner
    for w in wanted:
        try:
            hits = resolve(w.selector, owner)
        except SelectorError as exc:
            problems.append(
                Problem(
                    exc.rule,
                    Ref("activity", act.id),
                    f"activity '{act.id}': {w.letter}: {exc.message}",
                    exc.fix,
                    w.loc,
                )
            )
            continue
        if not hits and not resolver.walks_a_broken_line(w.selector, owner):
            problems.append(
                Problem(
                    "empty-selector",
                    Ref("activity", act.id),
                    f"activity '{act.id}': {w.letter}: '{w.selector}' selects no role"
                    + (f" (owner = {act.owner})" if "owner" in w.selector else ""),
                    "Correct the selector, or give the letter to a role explicitly.",
                    w.loc,
                )
            )
        for hit in hits:
            resolved.append((w, hit))
            if w.source == "explicit":
                explicit_roles.setdefault(hit.role, set()).add(w.letter)
    seen: set[tuple[str, str]] = set()
    add = org.assignments.append
    if len(explicit_roles) == len(resolved):  # explicit letters, each to another role
        for w, hit in resolved:
            add(Assignment(act.id, hit.role, w.letter, w.loc, w.source, w.selector, hit.path))
        return
    for w, hit in resolved:
        if (hit.role, w.letter) in seen:
            continue
        if (
            w.source != "explicit"
            and hit.role in explicit_roles
            and not all(org.scheme.combines(w.letter, x) for x in explicit_roles[hit.role])
        ):
            continue  # an explicit letter for this role overrides the policy's
        seen.add((hit.role, w.letter))
        add(Assignment(act.id, hit.role, w.letter, w.loc, w.source, w.selector, hit.path))


# Policy id -> (letter, its selectors to resolve), the same for every activity using it.
PolicyWants = dict[str, list[tuple[str, list[_Wanted]]]]


def _policy_wants(
    policy: Policy, scheme: Scheme, memo: PolicyWants
) -> list[tuple[str, list[_Wanted]]]:
    """A policy's selectors by letter, made once per policy (their locations too)."""
    found = memo.get(policy.id)
    if found is None:
        found = memo[policy.id] = []
        source = f"policy {policy.id}"
        for letter, selectors in policy.letters().items():
            if not scheme.has(letter):
                continue  # the loader reports it once, at the policy (invalid-letter)
            single = isinstance(policy.raci[letter], str)
            wants = [
                _Wanted(
                    letter,
                    sel,
                    policy.loc("raci", letter) if single else policy.loc("raci", letter, i),
                    source,
                )
                for i, sel in enumerate(selectors)
            ]
            found.append((letter, wants))
    return found


def _wanted(
    org: Organisation, act: Activity, is_area: bool, problems: list[Problem], memo: PolicyWants
) -> list[_Wanted]:
    """The selectors to resolve for an activity: its policy's, then its own."""
    scheme = org.scheme
    out: list[_Wanted] = []
    policy: Policy | None = org.policies.get(act.policy) if act.policy else None
    if policy is not None and not is_area:
        own = act.raci
        for letter, wants in _policy_wants(policy, scheme, memo):
            mine = own.get(letter)
            if mine is not None:
                mine = [mine] if type(mine) is str else mine
                if not (mine and all(s.startswith("+") for s in mine)):
                    continue  # the activity's own letter replaces the policy's
            out.extend(wants)
    for letter, value in act.raci.items():
        if not scheme.has(letter):
            problems.append(
                Problem(
                    "invalid-letter",
                    Ref("activity", act.id),
                    f"activity '{act.id}' uses '{letter}', which is not a {scheme.name} letter",
                    f"Use one of {scheme.letter_list}"
                    + did_you_mean(letter.upper(), [x.letter for x in scheme.letters])
                    + ".",
                    act.loc("raci", letter),
                )
            )
            continue
        if type(value) is str:  # one selector, the usual case
            sel = value.removeprefix("+").strip()
            out.append(_Wanted(letter, sel, act.loc("raci", letter), "explicit"))
            continue
        plus = [s.startswith("+") for s in value]
        if any(plus) and not all(plus):
            problems.append(
                Problem(
                    "schema-error",
                    Ref("activity", act.id),
                    f"activity '{act.id}': {letter} mixes '+selector' (add to the policy) with "
                    "plain selectors (replace it)",
                    f"Prefix every {letter} selector with '+', or none.",
                    act.loc("raci", letter),
                )
            )
        for i, sel in enumerate(value):
            where = act.loc("raci", letter, i)
            out.append(_Wanted(letter, sel.removeprefix("+").strip(), where, "explicit"))
    return out
