"""Suggested fixes for accountability findings, and writing them into the YAML.

- `no-accountable`: the lowest common manager of the Responsible roles becomes A
  (the owner, when nobody is Responsible);
- `authority-gap`: the lowest common manager of the Responsible roles becomes A;
- `multiple-accountable`: the highest-ranking A is kept; the others keep their other
  letters, or become C when A was their only one.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import Any

from raci.engine import Report
from raci.rules.base import Context
from raci.scheme import Meaning
from raci.yamledit import LetterEdit, write_edits

RULES = ("no-accountable", "authority-gap", "multiple-accountable")


@dataclass(frozen=True)
class Suggestion:
    rule: str
    activity: str
    file: str
    line: int
    edits: tuple[LetterEdit, ...]
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "activity": self.activity,
            "file": self.file,
            "line": self.line,
            "reason": self.reason,
            "edits": [
                {"letter": e.letter, "roles": list(e.roles), "mode": e.mode} for e in self.edits
            ],
        }


def suggest(report: Report) -> list[Suggestion]:
    """One suggestion per fixable finding, in the report's order."""
    org = report.org
    ctx = Context(org)
    a, r, c = (ctx.letter(m) for m in (Meaning.DECIDER, Meaning.DOER, Meaning.INPUT))
    if a is None:
        return []
    out: list[Suggestion] = []
    for f in report.findings:
        if f.rule not in RULES or f.entity.kind != "activity":
            continue
        act = org.activities[f.entity.id]
        where = act.loc()
        doers = ctx.holders_of(act.id, r)
        deciders = ctx.holders_of(act.id, a)
        if f.rule == "multiple-accountable":
            keep = ctx.chart.highest(deciders)
            others = [d for d in deciders if d != keep]
            # An A that also holds another letter keeps that one; the rest become C.
            bare = tuple(d for d in others if ctx.letters[act.id][d] == {a})
            edits = [LetterEdit(act.id, a, (keep,))]
            reason = f"keep '{keep}' (the highest-ranking) as {a}"
            if c is not None and bare:
                edits.append(LetterEdit(act.id, c, bare, "add"))
                reason += f"; make {', '.join(bare)} {c}"
            kept = [d for d in others if d not in bare]
            if kept:
                reason += f"; {', '.join(kept)} keep{'s' if len(kept) == 1 else ''} "
                reason += "their other letters"
        else:
            target = ctx.chart.lowest_common_manager(doers) if doers else act.owner
            if target is None or (f.rule == "authority-gap" and deciders == [target]):
                continue
            edits = [LetterEdit(act.id, a, (target,))]
            edits += [  # the new A gives up explicit letters that do not go with A
                LetterEdit(act.id, x.letter, (target,), "remove")
                for x in org.assignments
                if x.activity == act.id
                and x.role == target
                and x.source == "explicit"
                and not org.scheme.combines(a, x.letter)
            ]
            reason = (
                f"'{target}' is the lowest common manager of the {ctx.scheme.word(r or a)} "
                f"roles ({', '.join(doers)})"
                if doers
                else f"'{target}' owns the activity"
            )
        out.append(Suggestion(f.rule, act.id, where.file, where.line, tuple(edits), reason))
    return out


def write(suggestions: list[Suggestion]) -> list[str]:
    """Apply the suggestions to their files; the files that changed."""
    changed: list[str] = []
    ordered = sorted(suggestions, key=lambda s: s.file)
    for file, group in groupby(ordered, key=lambda s: s.file):
        edits = [e for s in group for e in s.edits]
        if write_edits(Path(file), edits):
            changed.append(file)
    return changed


def render_text(suggestions: list[Suggestion]) -> str:
    lines = []
    for s in suggestions:
        lines.append(f"{s.file}:{s.line}: {s.activity} ({s.rule})")
        for e in s.edits:
            verb = "set" if e.mode == "set" else "add"
            lines.append(f"    {verb} {e.letter}: {', '.join(e.roles)}")
        lines.append(f"    because {s.reason}")
    return "\n".join(lines) + ("\n" if lines else "")
