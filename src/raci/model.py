"""The native format as pydantic models, and the loaded organisation.

The models validate one entity at a time (so one bad role does not hide the
others) and generate the JSON Schema that `raci schema` prints. Each validated
entity remembers where it came from: its file and the line/column marks of every
field, so a finding can point at the exact value to fix.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from raci.scheme import RACI, Scheme

if TYPE_CHECKING:
    import networkx as nx

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9_][A-Za-z0-9_.\-]*$", max_length=200),
    Field(description="An identifier: letters, digits, '_', '-' and '.', no spaces."),
]
Selector = Annotated[str, StringConstraints(min_length=1)]
Scalar = str | int | float | bool | None

# A mark tree mirrors the YAML: (line, column, children), where children is a dict
# for a mapping, a list for a sequence and None for a scalar. Lines and columns are
# 1-based. Plain tuples keep it cheap to build; read back from the parse cache's
# JSON they are lists, which every user only indexes.
Marks = tuple[int, int, Any]
NO_MARKS: Marks = (0, 0, None)


@functools.total_ordering
class Location:
    """Where something came from: a file and a 1-based line and column.

    A location in a file that took the fast path (`raci.fastparse`) is looked up
    only when its line or column is first read: the careful parser then runs on
    that file, once. Equality, order and hashing go by (file, line, column).
    """

    __slots__ = ("_column", "_find", "_line", "_path", "file")

    def __init__(self, file: str, line: int = 0, column: int = 0) -> None:
        self.file = file
        self._line = line
        self._column = column
        self._find: Callable[[tuple[Any, ...]], Marks] | None = None
        self._path: tuple[Any, ...] = ()

    @classmethod
    def at(cls, file: str, marks: AnyMarks, path: tuple[Any, ...] = ()) -> Location:
        """The location of the node along `path` (the deepest that exists) in `marks`."""
        if type(marks) is LazyMarks:  # the path kept, to look up when first read
            loc = cls.__new__(cls)
            loc.file, loc._line, loc._column = file, 0, 0
            loc._find, loc._path = marks._find, marks._path + path
            return loc
        line, column, _ = mark_at(marks, path)
        return cls(file, line, column)

    def _resolve(self) -> None:
        find, self._find = self._find, None
        if find is not None:
            self._line, self._column, _ = find(self._path)

    @property
    def line(self) -> int:
        if self._find is not None:
            self._resolve()
        return self._line

    @property
    def column(self) -> int:
        if self._find is not None:
            self._resolve()
        return self._column

    def __reduce__(self) -> tuple[type[Location], tuple[str, int, int]]:
        """Pickled (to a diff's other process) as its file, line and column: a lazy
        location resolves first instead of carrying its file's parse along."""
        return (Location, (self.file, self.line, self.column))

    def moved(self, file: str) -> Location:
        """The same line and column in another file."""
        return Location(file, self.line, self.column)

    def _key(self) -> tuple[str, int, int]:
        return (self.file, self.line, self.column)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Location):
            return NotImplemented
        return self._key() == other._key()

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Location):
            return NotImplemented
        return self._key() < other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"Location({self.file!r}, {self.line}, {self.column})"

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}" if self.line else self.file


class LazyMarks:
    """The marks of one node of a fast-parsed file, computed when first read.

    `root(find)` stands for a whole file; `find(path)` gives the marks of the node
    along `path` (the deepest that exists), computing only what it must (see
    `raci.fastparse.FileMarks`). Indexing resolves; `child` and `mark_at` only
    extend the path.
    """

    __slots__ = ("_find", "_path")

    def __init__(self, find: Callable[[tuple[Any, ...]], Marks], path: tuple[Any, ...]) -> None:
        self._find = find
        self._path = path

    @classmethod
    def root(cls, find: Callable[[tuple[Any, ...]], Marks]) -> LazyMarks:
        return cls(find, ())

    def child(self, *steps: Any) -> LazyMarks:
        return LazyMarks(self._find, self._path + steps)

    def reshaped(self, shape: Callable[[Marks], Marks]) -> LazyMarks:
        """This node's marks as `shape` rewrites them, still computed when first read."""
        return LazyMarks(lambda path: mark_at(shape(self.resolve()), path), ())

    def resolve(self) -> Marks:
        return self._find(self._path)

    def __getitem__(self, index: int) -> Any:
        return self.resolve()[index]


# Marks as a parse gives them: a tree, or (fast path) computed when first read.
AnyMarks = Marks | LazyMarks


def mark_at(marks: AnyMarks, path: tuple[Any, ...]) -> Any:
    """The marks of the deepest node along `path` that exists (lazy marks: lazily)."""
    if isinstance(marks, LazyMarks):
        return marks.child(*path) if path else marks
    for step in path:
        children = marks[2]
        if (isinstance(children, dict) and step in children) or (
            isinstance(children, list) and isinstance(step, int) and 0 <= step < len(children)
        ):
            marks = children[step]
        else:
            break
    return marks


@dataclass(frozen=True, slots=True)
class Suppression:
    """A `# raci: ignore[rule, ...] reason` comment (or `ignore-file[...]`)."""

    line: int
    column: int
    whole_file: bool
    rules: tuple[str, ...]
    reason: str


class Entity(BaseModel):
    """Common behaviour of everything with an id in the native format."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, frozen=False)
    entity_kind: ClassVar[str] = "entity"
    section: ClassVar[str] = "entities"

    # Where the entity was read from: (file, mark tree). A slot, not a pydantic
    # private attribute: those cost a deep copy per instance, seconds on a large org.
    __slots__ = ("_origin",)

    id: Id
    origin: str | None = Field(
        None,
        description="Where the entity came from, e.g. 'hris.csv row 12' for an import; "
        "findings about the entity name it.",
    )

    def located(self, file: str, marks: AnyMarks) -> None:
        """Attach the file and mark tree the entity was read from."""
        object.__setattr__(self, "_origin", (file, marks))

    def loc(self, *path: Any) -> Location:
        """Location of a field (or list item) of this entity; the entity itself if absent."""
        origin: tuple[Any, ...] = getattr(self, "_origin", ("", NO_MARKS))
        if len(origin) == 3:  # (file, a list's lazy marks, the item's index): see `raci.validate`
            return Location.at(origin[0], origin[1], (origin[2], *path))
        return Location.at(origin[0], origin[1], path)


class Role(Entity):
    """A position in the org chart. RACI letters go to roles, not to people."""

    entity_kind: ClassVar[str] = "role"
    section: ClassVar[str] = "roles"

    title: Annotated[str, StringConstraints(min_length=1)]
    reports_to: Id | None = Field(None, description="The one solid-line manager role.")
    dotted_to: list[Id] = Field(default_factory=list, description="Matrix (dotted) managers.")
    holders: list[Id] = Field(default_factory=list, description="People; empty means vacant.")
    interim: Id | None = Field(None, description="A person covering a vacant role.")
    tags: list[str] = Field(default_factory=list, description="Free tags, e.g. 'exec'.")
    description: str | None = None
    attributes: dict[str, Scalar] = Field(default_factory=dict)

    @property
    def vacant(self) -> bool:
        return not self.holders

    @property
    def covered(self) -> bool:
        """Somebody does the job: a holder or an interim."""
        return bool(self.holders) or self.interim is not None


class Person(Entity):
    """Somebody who holds one or more roles."""

    entity_kind: ClassVar[str] = "person"
    section: ClassVar[str] = "people"

    name: Annotated[str, StringConstraints(min_length=1)]
    email: str | None = None
    attributes: dict[str, Scalar] = Field(default_factory=dict)


class Team(Entity):
    """A group of roles: a department, a product team, a committee."""

    entity_kind: ClassVar[str] = "team"
    section: ClassVar[str] = "teams"

    name: Annotated[str, StringConstraints(min_length=1)]
    kind: str = Field("team", description="department, product-team, committee, ...")
    lead: Id | None = None
    members: list[Id] = Field(default_factory=list)
    parent: Id | None = None
    description: str | None = None


class Activity(Entity):
    """A responsibility: an area, or a concrete activity under one."""

    entity_kind: ClassVar[str] = "activity"
    section: ClassVar[str] = "activities"

    title: Annotated[str, StringConstraints(min_length=1)]
    description: str | None = None
    parent: Id | None = None
    owner: Id | None = Field(
        None, description="The role that owns the activity (inherited from the area)."
    )
    policy: Id | None = Field(
        None, description="A policy from `policies:` (inherited from the area)."
    )
    raci: dict[str, Selector | list[Selector]] = Field(
        default_factory=dict,
        description="Letter -> selectors (a role id, owner, reports:X, team:T, ...). "
        "Replaces the policy's selectors for that letter, or adds to them with '+'.",
    )
    source: str | None = Field(None, description="Where the responsibility comes from.")
    attributes: dict[str, Scalar] = Field(default_factory=dict)
    activities: list[Activity] = Field(
        default_factory=list, description="Child activities (their parent is this one)."
    )

    def letters(self) -> dict[str, list[str]]:
        """The `raci` mapping with every value as a list."""
        return {k: [v] if isinstance(v, str) else list(v) for k, v in self.raci.items()}


class Policy(Entity):
    """A reusable letter -> selectors mapping, relative to an activity's owner."""

    entity_kind: ClassVar[str] = "policy"
    section: ClassVar[str] = "policies"

    raci: dict[str, Selector | list[Selector]] = Field(
        description="Letter -> selectors, e.g. {A: owner, R: reports:owner}."
    )

    def letters(self) -> dict[str, list[str]]:
        return {k: [v] if isinstance(v, str) else list(v) for k, v in self.raci.items()}


class OrgFile(BaseModel):
    """One YAML file of the native format. An organisation may span many files."""

    # Only `raci schema` validates against it: its validator is built then, not at import.
    model_config = ConfigDict(extra="forbid", title="raci organisation file", defer_build=True)

    name: str | None = Field(None, description="The organisation's name.")
    description: str | None = None
    scope: list[Id] = Field(
        default_factory=list,
        description="Roles in RACI scope besides the exec team and team leads.",
    )
    roles: list[Role] = Field(default_factory=list)
    people: list[Person] = Field(default_factory=list)
    teams: list[Team] = Field(default_factory=list)
    activities: list[Activity] = Field(default_factory=list)
    policies: dict[Id, dict[str, Selector | list[Selector]]] = Field(
        default_factory=dict,
        description="Named policies: name -> {letter: selectors}, relative to `owner`.",
    )


ENTITY_SECTIONS: dict[str, type[Entity]] = {
    "roles": Role,
    "people": Person,
    "teams": Team,
    "activities": Activity,
    "policies": Policy,
}


class Assignment(NamedTuple):
    """One letter for one role on one activity, and where it came from.

    `loc` is the selector that gave it (in the activity, or in a policy); `source` is
    "explicit" or "policy NAME"; `path` says how the selector reached the role. A
    tuple: a large org makes one per letter (40,000 at 100,000 roles), and a frozen
    dataclass cost a call per field each.
    """

    activity: str
    role: str
    letter: str
    loc: Location
    source: str = "explicit"
    selector: str = ""
    path: tuple[str, ...] = ()


@dataclass
class Organisation:
    """Everything loaded from an org folder, keyed by id, in file order."""

    name: str
    source: Path
    files: list[Path] = field(default_factory=list)
    roles: dict[str, Role] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    teams: dict[str, Team] = field(default_factory=dict)
    activities: dict[str, Activity] = field(default_factory=dict)
    policies: dict[str, Policy] = field(default_factory=dict)
    scope: dict[str, Location] = field(default_factory=dict)
    # (activity id, "owner" | "policy") -> the area it was inherited from.
    inherited: dict[tuple[str, str], str] = field(default_factory=dict)
    assignments: list[Assignment] = field(default_factory=list)
    scheme: Scheme = RACI
    bundled: bool = False
    # Problems met while loading (syntax, schema, references); the engine reports them.
    problems: list[Any] = field(default_factory=list)
    # File (as findings show it) -> its `# raci: ignore[...]` comments.
    suppressions: dict[str, list[Suppression]] = field(default_factory=dict)
    # False when no file holds a spreadsheet error's text (#REF!, ...): the loader
    # says so, and `spreadsheet-error` then looks at no entity.
    cell_errors_possible: bool = True
    # The org graph, built on first use by raci.build_graph and kept.
    graph: nx.MultiDiGraph | None = None
    # Its reporting lines and teams as plain indexes: a raci.orgchart.OrgChart, built
    # once by OrgChart.of (typed loosely here, so the model does not import its queries).
    chart: Any = None

    def children(self) -> dict[str, list[str]]:
        """Activity id -> ids of its child activities."""
        out: dict[str, list[str]] = {}
        for act in self.activities.values():
            if act.parent is not None and act.parent in self.activities:
                out.setdefault(act.parent, []).append(act.id)
        return out
