"""`raci suggest`: the edits the accountability rules attach to their findings.

The rules decide the fix (see `raci.rules.activity`); this module collects the
edits, makes sure the rules accept what each one leaves, says them and writes them:

- `no-accountable`: the lowest common manager of the Responsible roles becomes A
  (the owner, when nobody is Responsible);
- `authority-gap`: the lowest common manager of the Responsible roles becomes A;
- `multiple-accountable`: the highest-ranking A is kept; the others keep their other
  letters, or become C when A was their only one.

A suggestion must mend its finding and raise no other. The configured check runs
again on the org with every suggestion made (in memory, as `--write` would make
them); one that would raise a finding (a top role made A for work far below it is
`accountable-too-high`, an A on a vacant role `vacant-accountable`) gives way to the
next candidate the same rules would pick: for a new A, the managers above the
rule's choice, then the activity's owner; for two As, the next-ranking one kept.
When no candidate is accepted, the finding is declined, and the reason is said.
A finding on a role that several edits raise only together (more As than its limit)
makes the later half of them give way, and the rest is checked again.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import Any

from raci import progress
from raci.engine import Report, check
from raci.findings import Edit, Finding, LetterEdit
from raci.model import Activity, Assignment, Location, Organisation
from raci.rules.activity import _keep_one_accountable, _make_accountable
from raci.rules.base import Context
from raci.scheme import Meaning
from raci.select import assign
from raci.yamledit import roles_after, write_edits

RULES = ("no-accountable", "authority-gap", "multiple-accountable")


@dataclass(frozen=True)
class Suggestion:
    rule: str
    activity: str
    edit: Edit

    @property
    def file(self) -> str:
        return self.edit.loc.file

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "activity": self.activity,
            "file": self.edit.loc.file,
            "line": self.edit.loc.line,
            "reason": self.edit.reason,
            "edits": [
                {"letter": e.letter, "roles": list(e.roles), "mode": e.mode}
                for e in self.edit.letters
            ],
        }


@dataclass(frozen=True)
class Attempt:
    """A candidate edit the rules refused: the findings it would raise, or that it
    would leave its own finding in place."""

    edit: Edit
    raised: tuple[str, ...]
    mends: bool = True

    def __str__(self) -> str:
        said = "'" + ", ".join(str(e) for e in self.edit.letters) + "'"
        if not self.mends:
            return f"{said} would not mend it"
        return f"{said} would raise {', '.join(self.raised)}"


@dataclass(frozen=True)
class Declined:
    """A finding with an edit for which no candidate was accepted."""

    rule: str
    activity: str
    loc: Location
    tried: tuple[Attempt, ...]

    def __str__(self) -> str:
        return (
            f"{self.loc.file}:{self.loc.line}: {self.activity} ({self.rule}): no suggestion: "
            + "; ".join(str(t) for t in self.tried)
        )


@dataclass(frozen=True)
class Review:
    made: list[Suggestion]
    declined: list[Declined]


def suggest(report: Report) -> list[Suggestion]:
    """The edits the report's findings carry that the rules accept, in the report's order."""
    return review(report).made


def review(report: Report) -> Review:
    """Each finding with an edit: the first candidate the rules accept, or why none.

    `report` is a check of the org with its configuration (`raci.check_path`): what
    the suggestions may not raise is what that configuration reports.
    """
    org, config = report.org, report.config
    ctx = Context(org, config.scope)
    # What is compared is every finding: a baseline's would otherwise come back as new.
    every = check(org, config).findings if report.baselined else report.findings
    base = Counter(f.key for f in every)
    pending: dict[str, Iterator[Suggestion]] = {}
    first: dict[str, Suggestion] = {}
    for f in report.findings:
        if f.edit is not None and f.rule in RULES and f.entity.id not in pending:
            pending[f.entity.id] = _candidates(ctx, f, f.edit)
            first[f.entity.id] = next(pending[f.entity.id])
    current = dict(first)
    tried: dict[str, list[Attempt]] = {act: [] for act in first}
    while current:
        refused = _refused(report, base, current)
        if not refused:
            break
        for act, attempt in refused.items():
            tried[act].append(attempt)
            following = next(pending[act], None)
            if following is None:
                del current[act]
            else:
                current[act] = following
    made = [_explained(s, tried[act]) for act, s in current.items()]
    declined = [
        Declined(s.rule, act, s.edit.loc, tuple(tried[act]))
        for act, s in first.items()
        if act not in current
    ]
    return Review(made, declined)


def _explained(chosen: Suggestion, tried: list[Attempt]) -> Suggestion:
    if not tried:
        return chosen
    reason = "; ".join([chosen.edit.reason, *(str(t) for t in tried)])
    return dataclasses.replace(chosen, edit=dataclasses.replace(chosen.edit, reason=reason))


def _candidates(ctx: Context, finding: Finding, edit: Edit) -> Iterator[Suggestion]:
    """The rule's own edit first, then the others the same rule would accept, each
    made only when the one before it is refused."""
    rule, act = finding.rule, ctx.org.activities[finding.entity.id]
    a = ctx.letter(Meaning.DECIDER)
    yield Suggestion(rule, act.id, _keeping_policy(ctx, act, edit))
    if a is None:
        return
    chart = ctx.chart
    if rule == "multiple-accountable":
        deciders = ctx.holders_of(act.id, a)
        kept = edit.letters[0].roles[0]
        for d in sorted(deciders, key=lambda d: len(chart.chain(d))):
            if d != kept:
                other = _unranked(_keep_one_accountable(ctx, act, a, d, deciders), d, a)
                yield Suggestion(rule, act.id, _keeping_policy(ctx, act, other))
        return
    target = edit.letters[0].roles[0]
    current = ctx.holders_of(act.id, a)
    word = ctx.scheme.word(ctx.letter(Meaning.DOER) or a)
    doers = ", ".join(ctx.holders_of(act.id, ctx.letter(Meaning.DOER)))
    reasons = {m: f"'{m}' is above every {word} role ({doers})" for m in chart.chain(target)}
    if act.owner is not None and act.owner in ctx.org.roles:
        reasons.setdefault(act.owner, f"'{act.owner}' owns the activity")
    for role, reason in reasons.items():
        if role != target and [role] != current:
            yield Suggestion(rule, act.id, _make_accountable(ctx, act, a, role, reason))


def _keeping_policy(ctx: Context, act: Activity, edit: Edit) -> Edit:
    """The edit with each 'add' to a letter only a policy gives made '+role': a plain
    role there would replace the policy's holders instead of joining them."""
    letters = []
    for e in edit.letters:
        given = ctx.holders_of(act.id, e.letter)
        if e.mode == "add" and e.letter not in act.raci and given:
            e = dataclasses.replace(e, roles=tuple(f"+{r}" for r in e.roles))
        letters.append(e)
    return dataclasses.replace(edit, letters=tuple(letters))


def _unranked(edit: Edit, kept: str, a: str) -> Edit:
    """The multiple-accountable edit keeping another than the highest-ranking A."""
    said = f"keep '{kept}' (the highest-ranking) as {a}"
    return dataclasses.replace(edit, reason=edit.reason.replace(said, f"keep '{kept}' as {a}"))


def _refused(
    report: Report, base: Counter[tuple[str, str, str]], trial: dict[str, Suggestion]
) -> dict[str, Attempt]:
    """The suggestions of `trial`, made together, that leave their finding or raise one."""
    org = report.org
    changed = _applied(org, [e for s in trial.values() for e in s.edit.letters])
    after = Counter(f.key for f in check(changed, report.config).findings)
    touched = _touched(org.assignments, changed.assignments, trial)
    raised: dict[str, set[str]] = {}
    stray: set[str] = set()
    for rule, kind, ident in after - base:
        if kind == "activity" and ident in trial:
            raised.setdefault(ident, set()).add(rule)
        elif kind == "role" and ident in touched:
            # Several edits may raise it only together (four new As over a role's
            # limit): the later half gives way, and the rest is checked again.
            acts = touched[ident]
            for act in acts[len(acts) // 2 :]:
                raised.setdefault(act, set()).add(rule)
        else:
            stray.add(rule)
    refused = {act: Attempt(trial[act].edit, tuple(sorted(rules))) for act, rules in raised.items()}
    for act, s in trial.items():
        own = (s.rule, "activity", act)
        if after[own] >= base[own] and act not in refused:
            refused[act] = Attempt(s.edit, (), mends=False)
    if stray:
        # A finding on neither an edited activity nor a role whose letters changed
        # (an unused suppression, say): each suggestion is tried alone to find its cause.
        rest = {act: s for act, s in trial.items() if act not in refused}
        alone = (
            {act: a for act in rest for a in _refused(report, base, {act: rest[act]}).values()}
            if len(rest) > 1
            else {}
        )
        refused.update(
            alone or {act: Attempt(s.edit, tuple(sorted(stray))) for act, s in rest.items()}
        )
    return refused


def _applied(org: Organisation, edits: Iterable[LetterEdit]) -> Organisation:
    """A copy of the org with the edits made to the activities' letters, re-resolved."""
    acts = dict(org.activities)
    for e in edits:
        act = acts[e.activity]
        raci = dict(act.raci)
        roles = roles_after(e, raci.get(e.letter))
        if roles or e.mode != "remove":
            raci[e.letter] = roles
        else:
            raci.pop(e.letter, None)
        acts[e.activity] = _with_letters(act, raci)
    # Only the edited activities are resolved again; their children come along, since
    # an area takes no policy letters.
    edited = {a: acts[a] for a in acts if acts[a] is not org.activities[a]}
    children = org.children()
    part = {kid: acts[kid] for a in edited for kid in children.get(a, ())}
    part.update(edited)
    alone = dataclasses.replace(org, activities=part, assignments=[], graph=None, problems=[])
    problems = assign(alone)
    letters = [x for x in org.assignments if x.activity not in edited]
    letters += [x for x in alone.assignments if x.activity in edited]
    changed = dataclasses.replace(org, activities=acts, assignments=letters, graph=None)
    changed.problems = list(org.problems) + [p for p in problems if p not in org.problems]
    return changed


def _with_letters(act: Activity, raci: dict[str, Any]) -> Activity:
    copy = act.model_copy(update={"raci": raci})
    origin = getattr(act, "_origin", None)
    if origin is not None:  # where it was read from lives in a slot model_copy leaves out
        object.__setattr__(copy, "_origin", origin)
    return copy


def _touched(
    before: list[Assignment], after: list[Assignment], trial: dict[str, Suggestion]
) -> dict[str, list[str]]:
    """Role -> the edited activities on which its letters changed, in the trial's order."""

    def letters(given: list[Assignment]) -> set[tuple[int, str, str]]:
        return {(order[x.activity], x.role, x.letter) for x in given if x.activity in order}

    order = {act: i for i, act in enumerate(trial)}
    acts = list(trial)
    out: dict[str, list[str]] = {}
    for i, role, _ in sorted(letters(before) ^ letters(after)):
        mine = out.setdefault(role, [])
        if not mine or mine[-1] != acts[i]:
            mine.append(acts[i])
    return out


def write(suggestions: list[Suggestion]) -> list[str]:
    """Apply the suggestions to their files; the files that changed."""
    changed: list[str] = []
    ordered = sorted(suggestions, key=lambda s: s.file)
    shown = progress.current()
    shown.phase("writing files", total=len({s.file for s in ordered}))
    for file, group in groupby(ordered, key=lambda s: s.file):
        edits = [e for s in group for e in s.edit.letters]
        if write_edits(Path(file), edits):
            changed.append(file)
        shown.advance()
    shown.close()
    return changed


def render_text(suggestions: list[Suggestion]) -> str:
    lines = []
    for s in suggestions:
        lines.append(f"{s.file}:{s.edit.loc.line}: {s.activity} ({s.rule})")
        lines.extend(f"    {e}" for e in s.edit.letters)
        lines.append(f"    because {s.edit.reason}")
    return "\n".join(lines) + ("\n" if lines else "")
