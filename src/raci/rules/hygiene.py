"""Hygiene rules: about raci's own annotations in the files, and what does not belong
in an org's text."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from itertools import chain
from operator import attrgetter, methodcaller
from typing import Any

from raci.cell_errors import ERRORS
from raci.findings import Entity, Problem, Severity
from raci.model import Entity as Model
from raci.rules.base import Context, Rule

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

# The text each kind of entity has, where a spreadsheet's error value can end up.
_TEXT = {
    "roles": ("title", "description"),
    "people": ("name", "email"),
    "teams": ("name", "description"),
    "activities": ("title", "description", "source"),
}


def check_spreadsheet_error(ctx: Context, options: Mapping[str, Any]) -> Iterator[Problem]:
    if not ctx.org.cell_errors_possible:  # no file holds one: nothing to look at
        return
    for section, fields in _TEXT.items():
        table: dict[str, Model] = getattr(ctx.org, section)
        every = table.values()
        for field in fields:
            # Asked in bulk first (C iterates): a large org has none, and many roles.
            if not ERRORS.keys().isdisjoint(map(attrgetter(field), every)):
                for entity in every:
                    value = getattr(entity, field)
                    if value in ERRORS:
                        yield _found(entity, field, value, (field,))
        attributes = list(map(attrgetter("attributes"), every)) if section != "teams" else []
        values = chain.from_iterable(map(methodcaller("values"), attributes))
        if not ERRORS.keys().isdisjoint(values):
            for entity in every:
                for key, value in getattr(entity, "attributes", {}).items():
                    if value in ERRORS:
                        yield _found(entity, f"attribute '{key}'", value, ("attributes", key))


def _found(entity: Model, field: str, value: str, path: tuple[str, ...]) -> Problem:
    kind = entity.entity_kind
    return Problem(
        "spreadsheet-error",
        Entity(kind, entity.id),
        f"{kind} '{entity.id}': {field} is the spreadsheet error {value} "
        f"({ERRORS[value]}), not a value",
        "Correct the cell in the spreadsheet it came from and import it again, or write "
        "the value here.",
        entity.loc(*path),
    )


SPREADSHEET_ERROR = Rule(
    code="HYG002",
    slug="spreadsheet-error",
    severity=Severity.WARNING,
    summary="A title, name or attribute is a spreadsheet error value (#N/A, #REF!, #DIV/0!, ...).",
    why="An import keeps an error cell as its text rather than lose it: the value it stands "
    "for is still missing, and would reach the matrix and the org chart as '#REF!'.",
    fix="Correct the cell in the spreadsheet and import again, or write the value in the YAML.",
    example="roles:\n  - {id: cfo, title: '#DIV/0!', reports_to: ceo, holders: [elena]}",
    fixed="roles:\n  - {id: cfo, title: CFO, reports_to: ceo, holders: [elena]}",
    check=check_spreadsheet_error,
)

RULES = [UNUSED_SUPPRESSION, SPREADSHEET_ERROR]
