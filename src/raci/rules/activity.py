"""Per-activity rules: is each activity's RACI sound on its own?

Rules speak in canonical meanings (decider, doer, input), so they keep working under
another scheme; messages use the scheme's own words.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from raci.findings import Edit, Entity, LetterEdit, Problem, Severity
from raci.model import Activity
from raci.rules.base import Context, Rule
from raci.scheme import Meaning


def _ref(act_id: str) -> Entity:
    return Entity("activity", act_id)


def _make_accountable(ctx: Context, act: Activity, a: str, target: str, reason: str) -> Edit:
    """Give `target` the A alone; it gives up explicit letters that do not go with A."""
    mine = ctx.letters.get(act.id, {}).get(target, set())
    dropped = sorted(
        (x for x in mine if (act.id, target, x) in ctx.explicit and not ctx.scheme.combines(a, x)),
        key=lambda x: ctx.letter_loc[(act.id, target, x)],
    )
    edits = [LetterEdit(act.id, a, (target,))]
    edits += [LetterEdit(act.id, x, (target,), "remove") for x in dropped]
    return Edit(act.loc(), tuple(edits), reason)


def _lcm_reason(ctx: Context, r: str | None, a: str, target: str, doers: list[str]) -> str:
    return (
        f"'{target}' is the lowest common manager of the {ctx.scheme.word(r or a)} "
        f"roles ({', '.join(doers)})"
    )


def check_no_accountable(ctx: Context, options: Mapping[str, Any]) -> Iterator[Problem]:
    a = ctx.letter(Meaning.DECIDER)
    r = ctx.letter(Meaning.DOER)
    if a is None or ctx.scheme.get(a).min < 1:
        return
    for act in ctx.checked_activities:
        if ctx.holders_of(act.id, a):
            continue
        doers = ctx.holders_of(act.id, r)
        lcm = ctx.chart.lowest_common_manager(doers) if doers else None
        fix = f"Add '{a}: <role>' to the activity's raci: exactly one role owns the outcome."
        if lcm:
            fix += f" The lowest common manager of the {ctx.scheme.word(r or a)} roles is '{lcm}'."
        edit = None
        if lcm is not None:
            edit = _make_accountable(ctx, act, a, lcm, _lcm_reason(ctx, r, a, lcm, doers))
        elif not doers and act.owner is not None:
            edit = _make_accountable(ctx, act, a, act.owner, f"'{act.owner}' owns the activity")
        yield Problem(
            "no-accountable",
            _ref(act.id),
            f"activity '{act.id}' has no {ctx.describe(a)} role",
            fix,
            ctx.activity_loc(act),
            edit=edit,
        )


def check_multiple_accountable(ctx: Context, options: Mapping[str, Any]) -> Iterator[Problem]:
    a = ctx.letter(Meaning.DECIDER)
    most = ctx.scheme.get(a).max if a is not None else None
    if a is None or most is None:
        return
    for act in ctx.checked_activities:
        deciders = ctx.holders_of(act.id, a)
        if len(deciders) <= max(most, 1):
            continue
        keep = ctx.chart.highest(deciders)
        names = ", ".join(f"'{x}'" for x in deciders)
        at = ctx.letter_at(act.id, deciders[1], a)
        yield Problem(
            "multiple-accountable",
            _ref(act.id),
            f"activity '{act.id}' has {len(deciders)} {ctx.scheme.word(a)} roles: {names}",
            f"Keep one {a} (the highest-ranking is '{keep}'); make the others "
            f"{ctx.letter(Meaning.DOER) or 'R'} or {ctx.letter(Meaning.INPUT) or 'C'}.",
            at.loc,
            edit=_keep_one_accountable(ctx, act, a, keep, deciders),
            related=at.related,
        )


def _keep_one_accountable(
    ctx: Context, act: Activity, a: str, keep: str, deciders: list[str]
) -> Edit:
    """`keep` stays A; an A that also holds another letter keeps that one, the rest become C."""
    c = ctx.letter(Meaning.INPUT)
    others = [d for d in deciders if d != keep]
    bare = tuple(d for d in others if ctx.letters[act.id][d] == {a})
    edits = [LetterEdit(act.id, a, (keep,))]
    reason = f"keep '{keep}' (the highest-ranking) as {a}"
    if c is not None and bare:
        edits.append(LetterEdit(act.id, c, bare, "add"))
        reason += f"; make {', '.join(bare)} {c}"
    kept = [d for d in others if d not in bare]
    if kept:
        reason += f"; {', '.join(kept)} keep{'s' if len(kept) == 1 else ''} their other letters"
    return Edit(act.loc(), tuple(edits), reason)


def check_no_responsible(ctx: Context, options: Mapping[str, Any]) -> Iterator[Problem]:
    r = ctx.letter(Meaning.DOER)
    if r is None or ctx.scheme.get(r).min < 1:
        return
    for act in ctx.checked_activities:
        if not ctx.holders_of(act.id, r):
            yield Problem(
                "no-responsible",
                _ref(act.id),
                f"activity '{act.id}' has no {ctx.describe(r)} role: nobody does the work",
                f"Add '{r}:' with the roles that do the work (the {ctx.scheme.word(r)} may "
                "also be the accountable role).",
                ctx.activity_loc(act),
            )


def check_conflicting_letters(ctx: Context, options: Mapping[str, Any]) -> Iterator[Problem]:
    scheme = ctx.scheme
    order = {x.letter: i for i, x in enumerate(scheme.letters)}
    for act_id, roles in ctx.letters.items():
        for role_id, letters in roles.items():
            if len(letters) < 2:
                continue
            ordered = sorted(letters, key=lambda x: ctx.letter_loc[(act_id, role_id, x)])
            for i, second in enumerate(ordered):
                for first in ordered[:i]:
                    if scheme.combines(first, second):
                        continue
                    pair = "/".join(sorted((first, second), key=order.__getitem__))
                    at = ctx.letter_at(act_id, role_id, second)
                    yield Problem(
                        "conflicting-letters",
                        _ref(act_id),
                        f"role '{role_id}' is both {scheme.word(first)} and "
                        f"{scheme.word(second)} on activity '{act_id}' ({pair})",
                        f"Give '{role_id}' one letter here; only "
                        + ", ".join(
                            "/".join(sorted(c)) for c in sorted(scheme.combinations, key=sorted)
                        )
                        + " combine."
                        if scheme.combinations
                        else f"Give '{role_id}' one letter here.",
                        at.loc,
                        related=at.related,
                    )


def check_authority_gap(ctx: Context, options: Mapping[str, Any]) -> Iterator[Problem]:
    a = ctx.letter(Meaning.DECIDER)
    r = ctx.letter(Meaning.DOER)
    if a is None or r is None:
        return
    for act in ctx.checked_activities:
        deciders = ctx.holders_of(act.id, a)
        if len(deciders) != 1:
            continue
        owner = deciders[0]
        doers = ctx.holders_of(act.id, r)
        chart = ctx.chart
        # A doer whose line up breaks at a reports_to that names no role may well be
        # under the owner: unknown, and the loader reports the broken line already.
        outside = [
            d for d in doers if not chart.above_or_same(owner, d) and not chart.broken_line(d)
        ]
        if not outside:
            continue
        lcm = chart.lowest_common_manager(doers)
        names = ", ".join(f"'{x}'" for x in outside)
        at = ctx.letter_at(act.id, owner, a)
        broken = next((b for b in map(chart.broken_line, doers) if b), None)
        hint = (
            f"The lowest common manager of the {ctx.scheme.word(r)} roles is '{lcm}': "
            f"make it {a}, or give the work to roles under '{owner}'."
            if lcm
            else f"The lowest common manager of the {ctx.scheme.word(r)} roles is unknown "
            f"while '{broken}' reports to '{chart.cut[broken]}', which is no role: correct "
            f"that reports_to, or give the work to roles under '{owner}'."
            if broken
            else f"The {ctx.scheme.word(r)} roles share no manager: connect the org chart, "
            f"or give the work to roles under '{owner}'."
        )
        yield Problem(
            "authority-gap",
            _ref(act.id),
            f"activity '{act.id}': {ctx.scheme.word(a)} '{owner}' has no reporting line "
            f"over {ctx.scheme.word(r)} {names}",
            hint,
            at.loc,
            tuple(
                f"'{rid}' reports up through: {' -> '.join(ctx.chart.chain(rid)) or 'nobody'}"
                for rid in (owner, *outside)
            ),
            edit=_make_accountable(ctx, act, a, lcm, _lcm_reason(ctx, r, a, lcm, doers))
            if lcm is not None and lcm != owner
            else None,
            related=at.related,
        )


def check_vacant_accountable(ctx: Context, options: Mapping[str, Any]) -> Iterator[Problem]:
    wanted = [x for x in (ctx.letter(Meaning.DECIDER), ctx.letter(Meaning.DOER)) if x]
    roles = ctx.org.roles
    for act in ctx.checked_activities:
        for letter in wanted:
            for rid in ctx.holders_of(act.id, letter):
                role = roles.get(rid)
                if role is None or role.covered:
                    continue
                at = ctx.letter_at(act.id, rid, letter)
                yield Problem(
                    "vacant-accountable",
                    _ref(act.id),
                    f"activity '{act.id}': {ctx.scheme.word(letter)} role '{rid}' is vacant "
                    "with no interim: nobody does this today",
                    f"Name an interim holder for '{rid}', or move the {letter} to a held role.",
                    at.loc,
                    related=at.related,
                )


def check_duplicate_activity(ctx: Context, options: Mapping[str, Any]) -> Iterator[Problem]:
    org_wide = options["within"] == "org"
    children = ctx.org.children()
    seen: dict[tuple[str | None, str], str] = {}
    for act in ctx.org.activities.values():
        if act.id in children:  # areas group; their titles may repeat a child's
            continue
        key = (None if org_wide else act.parent, " ".join(act.title.split()).casefold())
        first = seen.get(key)
        if first is None:
            seen[key] = act.id
            continue
        where = (
            "in the organisation"
            if org_wide
            else (f"under '{act.parent}'" if act.parent else "at the top level")
        )
        yield Problem(
            "duplicate-activity",
            _ref(act.id),
            f"activity '{act.id}' has the same title as '{first}' {where}: '{act.title}'",
            f"Merge '{act.id}' into '{first}', or retitle one so readers can tell them apart.",
            act.loc("title"),
        )


def check_letter_count(ctx: Context, options: Mapping[str, Any]) -> Iterator[Problem]:
    """Every scheme bound the three rules above do not cover (e.g. DACI's one Driver)."""
    scheme = ctx.scheme
    decider, doer = ctx.letter(Meaning.DECIDER), ctx.letter(Meaning.DOER)
    bounded = [x for x in scheme.letters if x.min or x.max is not None]
    for act in ctx.checked_activities:
        for x in bounded:
            found = ctx.holders_of(act.id, x.letter)
            n = len(found)
            if n < x.min and not (n == 0 and x.letter in (decider, doer)):
                want = f"at least {x.min}"
            elif x.max is not None and n > x.max and x.letter != decider:
                want = f"at most {x.max}"
            else:
                continue
            names = ", ".join(f"'{r}'" for r in found) or "none"
            at = (
                ctx.letter_at(act.id, found[x.max], x.letter)
                if found and x.max is not None and n > x.max
                else None
            )
            yield Problem(
                "letter-count",
                _ref(act.id),
                f"activity '{act.id}' has {n} {x.word} ({x.letter}) role"
                f"{'' if n == 1 else 's'} ({names}); {scheme.name} wants {want}",
                f"Give {want} role{'s' if want != 'at most 1' else ''} the {x.letter}.",
                at.loc if at is not None else ctx.activity_loc(act),
                severity=Severity(x.severity) if x.severity else None,
                related=at.related if at is not None else (),
            )


def _too_many(meaning: Meaning, slug: str, advice: str) -> Any:
    """A rule function: more than `max` roles hold the letter with this meaning."""

    def check(ctx: Context, options: Mapping[str, Any]) -> Iterator[Problem]:
        letter = ctx.letter(meaning)
        limit = int(options["max"])
        if letter is None:
            return
        word = ctx.scheme.word(letter)
        for act in ctx.checked_activities:
            found = ctx.holders_of(act.id, letter)
            if len(found) > limit:
                at = ctx.letter_at(act.id, found[limit], letter)
                yield Problem(
                    slug,
                    _ref(act.id),
                    f"activity '{act.id}' has {len(found)} {word} roles (more than {limit})",
                    advice.format(word=word, informed=ctx.letter(Meaning.NOTIFIED) or "I"),
                    at.loc,
                    related=at.related,
                )

    return check


def check_everyone_involved(ctx: Context, options: Mapping[str, Any]) -> Iterator[Problem]:
    scope = ctx.scope
    if len(scope) < int(options["min-scope"]):
        return
    share = float(options["max-share"])
    for act in ctx.checked_activities:
        involved = [rid for rid in ctx.letters.get(act.id, {}) if rid in scope]
        if len(involved) >= share * len(scope):
            yield Problem(
                "everyone-involved",
                _ref(act.id),
                f"activity '{act.id}' involves {len(involved)} of the {len(scope)} roles in "
                "scope: when everybody is involved, nobody is",
                f"Keep the roles that change the outcome; tell the rest through a wider "
                f"update ({ctx.letter(Meaning.NOTIFIED) or 'I'}) or not at all.",
                ctx.activity_loc(act),
            )


def check_accountable_too_high(ctx: Context, options: Mapping[str, Any]) -> Iterator[Problem]:
    a, r = ctx.letter(Meaning.DECIDER), ctx.letter(Meaning.DOER)
    gap = int(options["min-gap"])
    if a is None or r is None:
        return
    depth = ctx.chart.depth
    # A role whose reports_to names no role sits at layer 0 of the chart, but it is no
    # top: it reports to someone the loader could not find.
    tops = set(ctx.chart.tops) - ctx.chart.cut.keys()
    for act in ctx.checked_activities:
        deciders = ctx.holders_of(act.id, a)
        if len(deciders) != 1 or deciders[0] not in tops:
            continue
        doers = ctx.holders_of(act.id, r)
        if doers and all(depth.get(d, 0) >= gap for d in doers):
            nearest = min(doers, key=lambda d: depth.get(d, 0))
            middle = ctx.chart.lowest_common_manager(doers)
            hint = f" such as '{middle}'" if middle and middle != deciders[0] else ""
            at = ctx.letter_at(act.id, deciders[0], a)
            yield Problem(
                "accountable-too-high",
                _ref(act.id),
                f"activity '{act.id}': the top role '{deciders[0]}' is {ctx.scheme.word(a)}, "
                f"but the nearest {ctx.scheme.word(r)} role '{nearest}' is "
                f"{depth.get(nearest, 0)} layers below it",
                f"Push the {a} down to a role closer to the work{hint}; keep the top role "
                f"{ctx.letter(Meaning.NOTIFIED) or 'I'} or {ctx.letter(Meaning.INPUT) or 'C'}.",
                at.loc,
                related=at.related,
            )


check_too_many_responsible = _too_many(
    Meaning.DOER,
    "too-many-responsible",
    "Name the one to three roles that do the work; the others are {word} for "
    "sub-activities, or {informed}.",
)
check_too_many_consulted = _too_many(
    Meaning.INPUT,
    "too-many-consulted",
    "Keep the {word} roles whose input changes the outcome; inform the rest ({informed}).",
)
check_too_many_informed = _too_many(
    Meaning.NOTIFIED,
    "too-many-informed",
    "Inform a group through one channel (a team, a newsletter) instead of role by role.",
)


NO_ACCOUNTABLE = Rule(
    code="ACT001",
    slug="no-accountable",
    severity=Severity.ERROR,
    summary="An activity has no Accountable role.",
    why="Without one owner of the outcome, everybody assumes somebody else decides.",
    fix="Give exactly one role the A, usually the lowest common manager of the R roles.",
    example="- id: roadmap\n  title: Roadmap\n  raci: {R: pm, C: designer, I: ceo}",
    fixed="- id: roadmap\n  title: Roadmap\n  raci: {A: cpo, R: pm, C: designer, I: ceo}",
    check=check_no_accountable,
)
MULTIPLE_ACCOUNTABLE = Rule(
    code="ACT002",
    slug="multiple-accountable",
    severity=Severity.ERROR,
    summary="An activity has more than one Accountable role.",
    why="Two owners of one outcome means no owner: decisions stall or contradict.",
    fix="Keep one A (the highest-ranking one, normally) and make the others R or C.",
    example="- id: set-pricing\n  title: Set pricing\n  raci: {A: [cpo, cfo], R: pm-growth}",
    fixed="- id: set-pricing\n  title: Set pricing\n  raci: {A: cpo, R: pm-growth, C: cfo}",
    check=check_multiple_accountable,
)
NO_RESPONSIBLE = Rule(
    code="ACT003",
    slug="no-responsible",
    severity=Severity.WARNING,
    summary="An activity has no Responsible role.",
    why="An owner with nobody doing the work is a wish, not a plan.",
    fix="Add R for the roles that do the work (A/R on one role is allowed).",
    example="- id: set-pricing\n  title: Set pricing\n  raci: {A: cpo, C: cfo}",
    fixed="- id: set-pricing\n  title: Set pricing\n  raci: {A: cpo, R: pm-growth, C: cfo}",
    check=check_no_responsible,
)
TOO_MANY_RESPONSIBLE = Rule(
    code="ACT004",
    slug="too-many-responsible",
    severity=Severity.WARNING,
    summary="An activity has more Responsible roles than `max` (default 3).",
    why="Work shared by many is owned by none; hand-offs multiply.",
    fix="Split the activity, or keep the few roles that really do the work.",
    example="- id: launch\n  title: Launch\n  raci: {A: cpo, R: [pm-a, pm-b, pm-c, pm-d]}",
    fixed=(
        "- id: launch\n  title: Launch\n  raci: {A: cpo, R: [vp-product], "
        "C: [pm-a, pm-b, pm-c, pm-d]}"
    ),
    check=check_too_many_responsible,
    options={"max": 3},
)
TOO_MANY_CONSULTED = Rule(
    code="ACT005",
    slug="too-many-consulted",
    severity=Severity.WARNING,
    summary="An activity consults more roles than `max` (default 4).",
    why="Every consulted role is a two-way conversation before anything moves.",
    fix="Keep those whose input changes the outcome consulted; inform the others.",
    example=(
        "- id: roadmap\n  title: Roadmap\n"
        "  raci: {A: cpo, R: vp-product, C: [cto, cfo, cmo, coo, cro]}"
    ),
    fixed=(
        "- id: roadmap\n  title: Roadmap\n"
        "  raci: {A: cpo, R: vp-product, C: [cto, cro], I: [cfo, cmo, coo]}"
    ),
    check=check_too_many_consulted,
    options={"max": 4},
)
TOO_MANY_INFORMED = Rule(
    code="ACT006",
    slug="too-many-informed",
    severity=Severity.INFO,
    summary="An activity informs more roles than `max` (default 8).",
    why="A long list of informed roles is a distribution list kept by hand; it goes stale.",
    fix="Inform a team or a channel instead of each role.",
    example="- id: release\n  title: Release\n  raci: {A: cpo, R: pm, I: [r1, r2, r3, r4, r5, "
    "r6, r7, r8, r9]}",
    fixed="- id: release\n  title: Release\n  raci: {A: cpo, R: pm, I: [exec-team-lead]}",
    check=check_too_many_informed,
    options={"max": 8},
)
CONFLICTING_LETTERS = Rule(
    code="ACT007",
    slug="conflicting-letters",
    severity=Severity.ERROR,
    summary="One role holds two letters that do not combine (A with R is allowed).",
    why="A role cannot both do the work and merely be informed of it; one letter is wrong.",
    fix="Give the role the one letter that describes its part.",
    example="- id: roadmap\n  title: Roadmap\n  raci: {A: cpo, R: vp-product, I: vp-product}",
    fixed="- id: roadmap\n  title: Roadmap\n  raci: {A: cpo, R: vp-product}",
    check=check_conflicting_letters,
)
AUTHORITY_GAP = Rule(
    code="ACT008",
    slug="authority-gap",
    severity=Severity.WARNING,
    summary="The Accountable role is neither Responsible nor above every Responsible role.",
    why="Whoever answers for the outcome cannot direct the people doing the work.",
    fix="Make the lowest common manager of the R roles accountable, or move the work.",
    example="- id: tooling\n  title: Roll out tools\n  raci: {A: cpo, R: vp-engineering}",
    fixed="- id: tooling\n  title: Roll out tools\n  raci: {A: cto, R: vp-engineering, C: cpo}",
    check=check_authority_gap,
    notes="A Responsible role whose line up breaks at a `reports_to` that names no role is "
    "left out: whether the Accountable is above it is unknown until the `unknown-reference` "
    "error is fixed.",
)
VACANT_ACCOUNTABLE = Rule(
    code="ACT009",
    slug="vacant-accountable",
    severity=Severity.WARNING,
    summary="An A or R sits on a vacant role with no interim holder.",
    why="The matrix names a position nobody fills: the work is orphaned today.",
    fix="Name an interim holder, or move the letter to a role that is held.",
    example="roles:\n  - {id: vp-design, title: VP Design, reports_to: cpo, holders: []}",
    fixed=(
        "roles:\n  - {id: vp-design, title: VP Design, reports_to: cpo, holders: [], interim: kim}"
    ),
    check=check_vacant_accountable,
)
EVERYONE_INVOLVED = Rule(
    code="ACT010",
    slug="everyone-involved",
    severity=Severity.WARNING,
    summary="An activity gives a letter to (nearly) every role in scope.",
    why="When everybody is involved nobody feels the ownership, and meetings balloon.",
    fix="Keep the roles that change the outcome; reach the others through one update.",
    example="# scope: ceo, cpo, cto, cfo, cmo\n- id: offsite\n  title: Plan the offsite\n"
    "  raci: {A: ceo, R: cpo, C: [cto, cfo], I: cmo}",
    fixed="- id: offsite\n  title: Plan the offsite\n  raci: {A: ceo, R: cpo}",
    check=check_everyone_involved,
    options={"max-share": 1.0, "min-scope": 5},
)
DUPLICATE_ACTIVITY = Rule(
    code="ACT011",
    slug="duplicate-activity",
    severity=Severity.WARNING,
    summary="Two activities have the same title (trimmed, case-folded) under one parent.",
    why="Two entries for one job split its letters; readers cannot tell which is current.",
    fix="Merge them, or retitle one. Set within = 'org' to compare titles org-wide.",
    example="- {id: roadmap, title: Product roadmap}\n- {id: roadmap-2, title: product  ROADMAP}",
    fixed="- {id: roadmap, title: Product roadmap}\n- {id: roadmap-review, title: Roadmap review}",
    check=check_duplicate_activity,
    options={"within": "parent"},
    choices={"within": ("parent", "org")},
)
ACCOUNTABLE_TOO_HIGH = Rule(
    code="ACT012",
    slug="accountable-too-high",
    severity=Severity.INFO,
    summary="The top role is Accountable where every Responsible role is `min-gap` or more "
    "layers below it.",
    why="A CEO who is A for team-level work is a bottleneck and is not close enough to judge it.",
    fix="Push the A down to the manager nearest the work; keep the top role informed.",
    example="- id: sprint-review\n  title: Sprint review\n  raci: {A: ceo, R: pm-checkout}",
    fixed="- id: sprint-review\n  title: Sprint review\n  raci: {A: vp-product, R: pm-checkout}",
    check=check_accountable_too_high,
    notes="A role whose `reports_to` names no role is not the top role.",
    options={"min-gap": 2},
)
EMPTY_SELECTOR = Rule(
    code="ACT013",
    slug="empty-selector",
    severity=Severity.WARNING,
    summary="A selector (e.g. reports:X, team:T) resolves to no role at all.",
    why="A letter meant for somebody silently goes to nobody.",
    fix="Correct the selector, or fill the team or line it points at.",
    example="- id: triage\n  title: Triage\n"
    "  raci: {A: cpo, R: 'reports:pm-checkout'}   # nobody reports to pm-checkout",
    fixed="- id: triage\n  title: Triage\n  raci: {A: cpo, R: pm-checkout}",
    notes="`manager:`, `peers:` and `chain:` of a role whose `reports_to` names no role select "
    "what is unknown, not nothing: the `unknown-reference` error is the finding.",
)

LETTER_COUNT = Rule(
    code="ACT014",
    slug="letter-count",
    severity=Severity.WARNING,
    summary="An activity has fewer or more roles on a letter than the scheme allows "
    "(beyond the A and R rules).",
    why="Schemes bound their letters: DACI has one Driver, RAPID needs a Recommend.",
    fix="Give the letter to as many roles as the scheme asks.",
    example="# scheme = 'daci'\n- id: pricing\n  title: Pricing\n  raci: {A: cpo, D: [pm-a, pm-b]}",
    fixed="# scheme = 'daci'\n- id: pricing\n  title: Pricing\n  raci: {A: cpo, D: pm-a, C: pm-b}",
    check=check_letter_count,
)

RULES = [
    NO_ACCOUNTABLE,
    MULTIPLE_ACCOUNTABLE,
    NO_RESPONSIBLE,
    TOO_MANY_RESPONSIBLE,
    TOO_MANY_CONSULTED,
    TOO_MANY_INFORMED,
    CONFLICTING_LETTERS,
    AUTHORITY_GAP,
    VACANT_ACCOUNTABLE,
    EVERYONE_INVOLVED,
    DUPLICATE_ACTIVITY,
    ACCOUNTABLE_TOO_HIGH,
    EMPTY_SELECTOR,
    LETTER_COUNT,
]
