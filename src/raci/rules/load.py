"""Load rules: problems in the files themselves. The loader reports them; they are
always errors and cannot be turned off or suppressed, because nothing after them
can be trusted."""

from __future__ import annotations

from raci.findings import Severity
from raci.rules.base import Rule

SYNTAX_ERROR = Rule(
    code="LOAD001",
    slug="syntax-error",
    severity=Severity.ERROR,
    summary="A file is not valid YAML (or has a duplicate key, or is not UTF-8).",
    why="raci cannot read what the file says; a duplicate key would silently lose a value.",
    fix="Fix the YAML at the reported line and column.",
    example="roles:\n  - id: cpo\n    title: Chief Product Officer\n    title: CPO",
    fixed="roles:\n  - id: cpo\n    title: Chief Product Officer",
    suppressible=False,
)

SCHEMA_ERROR = Rule(
    code="LOAD002",
    slug="schema-error",
    severity=Severity.ERROR,
    summary="A file does not follow the native format: unknown key, missing field, wrong type.",
    why="A typo in a key would otherwise be ignored, and the org would silently lack it.",
    fix="Use the fields listed in docs/format.md (or `raci schema`).",
    example="roles:\n  - id: cpo\n    titel: Chief Product Officer",
    fixed="roles:\n  - id: cpo\n    title: Chief Product Officer",
    suppressible=False,
)

UNKNOWN_REFERENCE = Rule(
    code="LOAD003",
    slug="unknown-reference",
    severity=Severity.ERROR,
    summary="An id refers to a role, person, team or activity that does not exist.",
    why="A dangling reference drops a reporting line or a letter without anyone noticing.",
    fix="Define the missing entity, or correct the id (the message suggests a close match).",
    example="roles:\n  - id: vp-product\n    title: VP Product\n    reports_to: cpp",
    fixed="roles:\n  - id: vp-product\n    title: VP Product\n    reports_to: cpo",
    suppressible=False,
)

DUPLICATE_ID = Rule(
    code="LOAD004",
    slug="duplicate-id",
    severity=Severity.ERROR,
    summary="Two roles (or people, teams, activities) share an id.",
    why="Every reference to the id becomes ambiguous; raci keeps the first and reports the second.",
    fix="Rename one of them or merge the two definitions.",
    example="roles:\n  - {id: cto, title: Chief Technology Officer}\n  - {id: cto, title: CTO}",
    fixed="roles:\n  - {id: cto, title: Chief Technology Officer}",
    suppressible=False,
)

INVALID_LETTER = Rule(
    code="LOAD005",
    slug="invalid-letter",
    severity=Severity.ERROR,
    summary="An activity uses a letter that the scheme does not have.",
    why="A letter outside the scheme means nothing to the reader and to every rule.",
    fix="Use the scheme's letters (RACI: R, A, C, I).",
    example="- id: set-pricing\n  title: Set pricing\n  raci: {A: cpo, R: pm, X: cfo}",
    fixed="- id: set-pricing\n  title: Set pricing\n  raci: {A: cpo, R: pm, C: cfo}",
    suppressible=False,
)

PARENT_CYCLE = Rule(
    code="LOAD006",
    slug="parent-cycle",
    severity=Severity.ERROR,
    summary="An activity or team is its own ancestor through `parent:`.",
    why="A cycle has no top: the area's owner and policy cannot be inherited, and the "
    "activities in it would be left out of the per-activity rules. raci reads the "
    "cycle's first member as top-level, so the rest is still checked.",
    fix="Give one member of the cycle another parent, or none.",
    example="- id: roadmap\n  title: Roadmap\n  parent: planning\n"
    "  raci: {A: cpo, R: pm, C: designer, I: ceo}\n"
    "- id: planning\n  title: Planning\n  parent: roadmap\n  raci: {A: cpo, R: pm}",
    fixed="- id: roadmap\n  title: Roadmap\n  raci: {A: cpo, R: pm, C: designer, I: ceo}\n"
    "- id: planning\n  title: Planning\n  parent: roadmap\n  raci: {A: cpo, R: pm}",
    suppressible=False,
)

RULES = [
    SYNTAX_ERROR,
    SCHEMA_ERROR,
    UNKNOWN_REFERENCE,
    DUPLICATE_ID,
    INVALID_LETTER,
    PARENT_CYCLE,
]
