"""Hygiene rules: about raci's own annotations in the files."""

from __future__ import annotations

from raci.findings import Severity
from raci.rules.base import Rule

UNUSED_SUPPRESSION = Rule(
    code="HYG001",
    slug="unused-suppression",
    severity=Severity.WARNING,
    summary="A `# raci: ignore[...]` comment suppresses nothing, names no rule or an unknown one.",
    why="Stale suppressions hide the next real problem on that line; a bare one hides all.",
    fix="Delete the comment, or name the rule it is meant for: # raci: ignore[rule] reason.",
    example="roles:\n  # raci: ignore[vacant-role] hiring in Q3\n"
    "  - {id: cfo, title: CFO, reports_to: ceo, holders: [elena]}",
    fixed="roles:\n  - {id: cfo, title: CFO, reports_to: ceo, holders: [elena]}",
)

RULES = [UNUSED_SUPPRESSION]
