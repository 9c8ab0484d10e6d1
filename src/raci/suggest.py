"""`raci suggest`: the edits the accountability rules attach to their findings.

The rules decide the fix (see `raci.rules.activity`); this module only collects the
edits, says them and writes them:

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

from raci import progress
from raci.engine import Report
from raci.findings import Edit
from raci.yamledit import write_edits

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


def suggest(report: Report) -> list[Suggestion]:
    """The edits the report's findings carry, in the report's order."""
    return [Suggestion(f.rule, f.entity.id, f.edit) for f in report.findings if f.edit is not None]


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
