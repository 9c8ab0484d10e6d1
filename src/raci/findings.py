"""What rules yield (problems) and what the engine reports (findings)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Literal

from raci.model import Location


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


@dataclass(frozen=True, slots=True)
class Entity:
    """The thing a finding is about: ('activity', 'set-pricing')."""

    kind: str
    id: str


@dataclass(frozen=True, slots=True)
class LetterEdit:
    """On `activity`, give `letter` to exactly `roles` ('set'), also to them ('add'), or
    take it from them ('remove')."""

    activity: str
    letter: str
    roles: tuple[str, ...]
    mode: Literal["set", "add", "remove"] = "set"

    def __str__(self) -> str:
        """How `raci suggest` says it: 'remove C: cpo'."""
        return f"{self.mode} {self.letter}: {', '.join(self.roles)}"


@dataclass(frozen=True, slots=True)
class Edit:
    """The change to the YAML that mends a finding, as the rule that found it decided.

    `loc` is the edited activity's definition: the file the edits go into.
    `raci suggest` lists these, `--write` makes them and SARIF carries them as `fixes`.
    """

    loc: Location
    letters: tuple[LetterEdit, ...]
    reason: str


@dataclass(frozen=True, slots=True)
class Related:
    """A second place a finding comes from: the policy selector behind a derived letter."""

    loc: Location
    note: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.loc.file,
            "line": self.loc.line,
            "column": self.loc.column,
            "message": self.note,
        }


@dataclass(frozen=True, slots=True)
class Problem:
    """A rule's raw output. The engine stamps rule, code and severity onto it."""

    rule: str
    entity: Entity
    message: str
    fix: str
    loc: Location
    # Where the finding comes from, for `raci check -v`: lines such as a reporting chain.
    provenance: tuple[str, ...] = ()
    # A severity the data asks for (a custom scheme's bound); config still overrides it.
    severity: Severity | None = None
    # Where the entity came from ('hris.csv row 12'); None: ask the loaded entity.
    origin: str | None = None
    # The edit that mends it, when the rule knows one.
    edit: Edit | None = None
    # Other places it comes from (`loc` is where an override or a suppression goes).
    related: tuple[Related, ...] = ()


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    rule: str
    severity: Severity
    message: str
    fix: str
    entity: Entity
    loc: Location
    provenance: tuple[str, ...] = ()
    edit: Edit | None = None
    related: tuple[Related, ...] = ()

    @property
    def key(self) -> tuple[str, str, str]:
        """What a baseline remembers: rule and entity, not the line (which moves)."""
        return (self.rule, self.entity.kind, self.entity.id)

    def sort_key(self) -> tuple[Any, ...]:
        return (
            self.loc.file,
            self.loc.line,
            self.loc.column,
            self.code,
            self.entity.kind,
            self.entity.id,
            self.message,
        )

    def as_dict(self) -> dict[str, Any]:
        """The finding in the JSON contract of SPEC section 3, plus `related` when it has
        other locations (a letter given by a policy: the policy's selector)."""
        out: dict[str, Any] = {
            "code": self.code,
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
            "fix": self.fix,
            "entity": {"kind": self.entity.kind, "id": self.entity.id},
            "file": self.loc.file,
            "line": self.loc.line,
            "column": self.loc.column,
        }
        if self.related:
            out["related"] = [r.as_dict() for r in self.related]
        return out
