"""Per-role rules: what the RACI asks of each role in scope."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from raci.findings import Entity, Problem, Severity
from raci.model import Location
from raci.rules.base import Context, Rule
from raci.scheme import Meaning


def _where(ctx: Context, rid: str) -> Location:
    """A role finding points at the role's scope entry, else at its definition."""
    return ctx.org.scope.get(rid) or ctx.org.roles[rid].loc("id")


def check_idle_role(ctx: Context, options: Mapping[str, Any]) -> Iterator[Problem]:
    if not ctx.org.activities:
        return
    involved = {rid for roles in ctx.letters.values() for rid in roles}
    for rid, why in ctx.scope.items():
        if rid in involved:
            continue
        role = ctx.org.roles[rid]
        yield Problem(
            "idle-role",
            Entity("role", rid),
            f"role '{rid}' ({role.title}) is in RACI scope ({why}) but has no letter "
            "on any activity",
            f"Give '{rid}' the letters it really has, or take it out of scope.",
            _where(ctx, rid),
        )


def check_no_ownership(ctx: Context, options: Mapping[str, Any]) -> Iterator[Problem]:
    owning = {ctx.letter(Meaning.DECIDER), ctx.letter(Meaning.DOER)} - {None}
    for rid, why in ctx.scope.items():
        counts = ctx.letter_counts.get(rid)
        if not counts or owning & set(counts):
            continue
        held = ", ".join(f"{n} {letter}" for letter, n in sorted(counts.items()))
        role = ctx.org.roles[rid]
        yield Problem(
            "no-ownership",
            Entity("role", rid),
            f"role '{rid}' ({role.title}) is in RACI scope ({why}) but owns and does "
            f"nothing: only {held}",
            f"Give '{rid}' the work it owns, or take it out of scope if it is a stakeholder.",
            _where(ctx, rid),
        )


def _overload(meaning: Meaning, slug: str) -> Any:
    """A rule function: a role holds the letter on too many activities."""

    def check(ctx: Context, options: Mapping[str, Any]) -> Iterator[Problem]:
        letter = ctx.letter(meaning)
        if letter is None:
            return
        total = len(ctx.checked_activities)
        limit = int(options["max"])
        share = options.get("max-share")
        if share is not None:
            limit = min(limit, int(float(share) * total))
        word = ctx.scheme.word(letter)
        for rid, counts in ctx.letter_counts.items():
            n = counts.get(letter, 0)
            if n > limit:
                role = ctx.org.roles[rid]
                yield Problem(
                    slug,
                    Entity("role", rid),
                    f"role '{rid}' ({role.title}) is {word} for {n} of {total} activities "
                    f"(more than {limit})",
                    f"Delegate: move some {letter}s to the roles below '{rid}'.",
                    _where(ctx, rid),
                )

    return check


def check_involved_everywhere(ctx: Context, options: Mapping[str, Any]) -> Iterator[Problem]:
    total = len(ctx.checked_activities)
    if total < int(options["min-activities"]):
        return
    share = float(options["max-share"])
    for rid, n in ctx.involvement.items():
        if n > share * total:
            role = ctx.org.roles[rid]
            yield Problem(
                "involved-everywhere",
                Entity("role", rid),
                f"role '{rid}' ({role.title}) has a letter on {n} of {total} activities "
                f"({n / total:.0%}, more than {share:.0%}): a bottleneck",
                f"Take '{rid}' off the activities where its letter changes nothing.",
                _where(ctx, rid),
            )


IDLE_ROLE = Rule(
    code="ROLE001",
    slug="idle-role",
    severity=Severity.WARNING,
    summary="A role in RACI scope (exec team, team lead, scope list) has no letter anywhere.",
    why="Either the role's work is missing from the matrix, or the role is not needed in it.",
    fix="Add the role's letters, or remove it from scope.",
    example="roles:\n  - {id: coo, title: COO, reports_to: ceo, tags: [exec]}   # in no raci",
    fixed="roles:\n  - {id: coo, title: COO, reports_to: ceo}   # not exec: out of scope",
    check=check_idle_role,
)
NO_OWNERSHIP = Rule(
    code="ROLE002",
    slug="no-ownership",
    severity=Severity.INFO,
    summary="A role in RACI scope is only ever Consulted or Informed, never A or R.",
    why="A role in scope that owns nothing is a stakeholder, or its work is missing.",
    fix="Add the activities the role owns, or take it out of scope.",
    example="scope: [fpa-manager]\nactivities:\n  - {id: budget, title: Budget, "
    "raci: {A: cpo, R: pm, C: fpa-manager}}",
    fixed="scope: []\nactivities:\n  - {id: budget, title: Budget, "
    "raci: {A: cpo, R: pm, C: fpa-manager}}",
    check=check_no_ownership,
)
ACCOUNTABLE_OVERLOAD = Rule(
    code="ROLE003",
    slug="accountable-overload",
    severity=Severity.WARNING,
    summary="A role is Accountable for more than `max` activities (or `max-share` of them).",
    why="One owner of everything becomes the bottleneck for every decision.",
    fix="Delegate accountability to the roles below.",
    example="# raci.toml: [rules.accountable-overload] max = 2\nactivities:\n"
    "  - {id: vision, title: Vision, raci: {A: cpo, R: vp}}\n"
    "  - {id: roadmap, title: Roadmap, raci: {A: cpo, R: vp}}\n"
    "  - {id: pricing, title: Pricing, raci: {A: cpo, R: vp}}",
    fixed="# raci.toml: [rules.accountable-overload] max = 2\nactivities:\n"
    "  - {id: vision, title: Vision, raci: {A: cpo, R: vp}}\n"
    "  - {id: roadmap, title: Roadmap, raci: {A: vp, R: vp}}\n"
    "  - {id: pricing, title: Pricing, raci: {A: cpo, R: vp}}",
    check=_overload(Meaning.DECIDER, "accountable-overload"),
    options={"max": 15, "max-share": None},
)
RESPONSIBLE_OVERLOAD = Rule(
    code="ROLE004",
    slug="responsible-overload",
    severity=Severity.WARNING,
    summary="A role is Responsible for more than `max` activities (or `max-share` of them).",
    why="Nobody does thirty things well; the work queues behind one role.",
    fix="Spread the R over the team, or drop activities nobody needs.",
    example="# raci.toml: [rules.responsible-overload] max = 1\nactivities:\n"
    "  - {id: kpis, title: KPIs, raci: {A: cpo, R: ops}}\n"
    "  - {id: report, title: Monthly report, raci: {A: cpo, R: ops}}",
    fixed="# raci.toml: [rules.responsible-overload] max = 1\nactivities:\n"
    "  - {id: kpis, title: KPIs, raci: {A: cpo, R: ops}}\n"
    "  - {id: report, title: Monthly report, raci: {A: cpo, R: analyst}}",
    check=_overload(Meaning.DOER, "responsible-overload"),
    options={"max": 25, "max-share": None},
)
INVOLVED_EVERYWHERE = Rule(
    code="ROLE005",
    slug="involved-everywhere",
    severity=Severity.WARNING,
    summary="A role has a letter on more than `max-share` of all activities.",
    why="A role in every loop is a bottleneck and a single point of failure.",
    fix="Remove the role from activities where its letter adds nothing.",
    example="# raci.toml: [rules.involved-everywhere] min-activities = 2, max-share = 0.5\n"
    "activities:\n"
    "  - {id: vision, title: Vision, raci: {A: cpo, R: vp, C: ceo}}\n"
    "  - {id: sprint, title: Sprint review, raci: {A: em, R: dev, I: ceo}}",
    fixed="# raci.toml: [rules.involved-everywhere] min-activities = 2, max-share = 0.5\n"
    "activities:\n"
    "  - {id: vision, title: Vision, raci: {A: cpo, R: vp, C: ceo}}\n"
    "  - {id: sprint, title: Sprint review, raci: {A: em, R: dev}}",
    check=check_involved_everywhere,
    options={"max-share": 0.8, "min-activities": 10},
)

RULES = [IDLE_ROLE, NO_OWNERSHIP, ACCOUNTABLE_OVERLOAD, RESPONSIBLE_OVERLOAD, INVOLVED_EVERYWHERE]
