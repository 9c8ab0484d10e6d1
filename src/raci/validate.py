"""Parsed YAML -> validated entities: the file's shape and each entity's model.

The messages speak the format's words (`raci:`, a selector, a list), not pydantic's.
"""

from __future__ import annotations

from collections import deque
from functools import cache
from itertools import repeat
from operator import attrgetter
from typing import Any

from pydantic import TypeAdapter, ValidationError

from raci.findings import Entity as Ref
from raci.findings import Problem
from raci.hints import did_you_mean
from raci.model import (
    ENTITY_SECTIONS,
    Activity,
    AnyMarks,
    Entity,
    LazyMarks,
    Location,
    Marks,
    Organisation,
    OrgFile,
    Policy,
    mark_at,
)
from raci.parse import Parsed


class Reader:
    """Reads parsed files into an `Organisation`: shapes, entity models, duplicates.

    Every problem is kept in `org.problems` and reading goes on; what is valid of an
    entity is kept (see `_validate`).
    """

    def __init__(self, org: Organisation) -> None:
        self.org = org
        # Each file's `name:` and where it was given; `link` settles on one.
        self.names: list[tuple[str, Location]] = []

    def problem(self, rule: str, entity: Ref, message: str, fix: str, loc: Location) -> None:
        self.org.problems.append(Problem(rule, entity, message, fix, loc))

    def file_problem(self, shown: str, where: AnyMarks | Location, message: str, fix: str) -> None:
        """A schema error about a file's shape, at a node's marks or a location."""
        loc = where if isinstance(where, Location) else Location.at(shown, where)
        self.problem("schema-error", Ref("file", shown), message, fix, loc)

    def read_parsed(self, parsed: Parsed, shown: str) -> None:
        if parsed.suppressions:
            self.org.suppressions[shown] = parsed.suppressions
        for raw in parsed.problems:
            self.problem(
                raw.rule,
                Ref("file", shown),
                raw.message,
                raw.fix,
                Location(shown, raw.line, raw.column),
            )
        data, marks = parsed.data, parsed.marks
        if data is None:
            return
        if not isinstance(data, dict):
            self.file_problem(
                shown,
                marks,
                f"the top level must be a mapping (roles:, people:, ...), not {_a(_kind(data))}",
                "Start the file with keys such as 'roles:' or 'activities:'.",
            )
            return
        allowed = OrgFile.model_fields
        for key, value in data.items():
            key_marks = mark_at(marks, (key,))
            loc = Location.at(shown, key_marks)
            if key not in allowed:
                self.file_problem(
                    shown,
                    loc,
                    f"unknown top-level key '{key}'",
                    "Use one of: " + ", ".join(allowed) + did_you_mean(key, allowed) + ".",
                )
            elif key in ENTITY_SECTIONS:
                self._read_section(key, value, key_marks, shown)
            elif key == "scope":
                self._read_scope(value, key_marks, shown)
            elif value is not None and not isinstance(value, str):
                self.file_problem(
                    shown,
                    loc,
                    f"'{key}' must be text, not {_a(_kind(value))}",
                    f"Write '{key}' as one line of text.",
                )
            elif key == "name" and value:
                self.names.append((value, loc))

    def _read_scope(self, value: Any, marks: AnyMarks, shown: str) -> None:
        if value is None:
            return
        items = value if isinstance(value, list) else [value]
        for i, item in enumerate(items):
            item_marks = mark_at(marks, (i,)) if isinstance(value, list) else marks
            loc = Location.at(shown, item_marks)
            if not isinstance(item, str):
                self.file_problem(
                    shown,
                    loc,
                    f"scope entries are role ids, not {_a(_kind(item))}",
                    "List role ids under 'scope:'.",
                )
            else:
                self.org.scope.setdefault(item, loc)

    def _read_section(self, section: str, value: Any, marks: AnyMarks, shown: str) -> None:
        cls = ENTITY_SECTIONS[section]
        if value is None:
            return
        if cls is Policy:
            self._read_policies(value, marks, shown)
            return
        if not isinstance(value, list):
            self.file_problem(
                shown,
                marks,
                f"'{section}' must be a list of {cls.entity_kind} mappings, not {_a(_kind(value))}",
                f"Write each {cls.entity_kind} as a list item starting with '- id: ...'.",
            )
            return
        children = [] if isinstance(marks, LazyMarks) else _children(marks, len(value))
        if self._read_plain_section(cls, value, marks, children, shown):
            return
        if isinstance(marks, LazyMarks):
            children = _children(marks, len(value))
        for i, item in enumerate(value):
            item_marks = children[i] if i < len(children) else marks
            if cls is Activity:
                self._read_entity(cls, item, item_marks, shown, parent=None)
            else:
                self._read_one(cls, item, item_marks, shown, None)

    def _read_plain_section(
        self, cls: type[Entity], value: list[Any], marks: AnyMarks, children: list[Any], shown: str
    ) -> bool:
        """Validate a plain section in one pydantic call; False if it is not plain.

        Plain: every item a mapping that validates as it stands (no nested
        activities, no selector to drop). The entities are then those the careful
        path (`_read_one`) would make, without its per-entity work; anything else,
        including any validation error, goes through the careful path, whose
        messages and locations stay the only ones.
        """
        # The per-entity steps below run as map() and zip() in C where they can: a
        # large org has a hundred thousand entities in a section.
        if value and set(map(type, value)) != {dict}:
            return False
        if cls is Activity:
            for item in value:
                letters = item.get("raci")
                if "activities" in item or (type(letters) is dict and not _plain_letters(letters)):
                    return False
        try:
            entities = _list_adapter(cls).validate_python(value)
        except ValidationError:
            return False
        table: dict[str, Any] = getattr(self.org, cls.section)
        if isinstance(marks, LazyMarks):  # no marks object per entity: `Entity.loc` adds i
            origin = Entity._origin  # type: ignore[attr-defined]  # the slot's descriptor
            where = zip(repeat(shown), repeat(marks), range(len(entities)))
            deque(map(origin.__set__, entities, where), maxlen=0)
        else:
            count = len(children)
            for i, entity in enumerate(entities):
                entity.located(shown, children[i] if i < count else marks)
        fresh = dict(zip(map(attrgetter("id"), entities), entities, strict=True))
        if len(fresh) == len(entities) and table.keys().isdisjoint(fresh):
            table.update(fresh)
            return True
        for entity in entities:
            if entity.id in table:
                self._register(entity)  # reports the duplicate
            else:
                table[entity.id] = entity
        return True

    def _read_policies(self, value: Any, marks: AnyMarks, shown: str) -> None:
        if not isinstance(value, dict):
            self.file_problem(
                shown,
                marks,
                f"'policies' must be a mapping of name -> letters, not {_a(_kind(value))}",
                "Write 'policies:' with one 'name: {A: owner, R: ...}' entry per policy.",
            )
            return
        for name, letters in value.items():
            node = mark_at(marks, (name,))
            item_marks = (
                node.reshaped(_policy_marks) if isinstance(node, LazyMarks) else _policy_marks(node)
            )
            self._read_entity(Policy, {"id": name, "raci": letters}, item_marks, shown, None)

    def _read_entity(
        self, cls: type[Entity], item: Any, marks: AnyMarks, shown: str, parent: str | None
    ) -> None:
        # A stack, not recursion: activities may nest thousands of levels deep.
        todo: list[tuple[Any, AnyMarks, str | None]] = [(item, marks, parent)]
        while todo:
            item, marks, parent = todo.pop()
            children = self._read_one(cls, item, marks, shown, parent)
            if children is not None:
                todo.extend(reversed(children))
            cls = Activity  # only activities nest

    def _read_one(
        self, cls: type[Entity], item: Any, marks: AnyMarks, shown: str, parent: str | None
    ) -> list[tuple[Any, AnyMarks, str | None]] | None:
        """Validate and register one entity; an activity's children, to read next."""
        where = Location.at(shown, marks)
        if not isinstance(item, dict):
            self.file_problem(
                shown,
                where,
                f"a {cls.entity_kind} must be a mapping with an id, not {_a(_kind(item))}",
                f"Write the {cls.entity_kind} as '- id: ...' with its fields below.",
            )
            return None
        children: Any = None
        if cls is Activity and "activities" in item:
            item = dict(item)
            children = item.pop("activities")
        entity = self._validate(cls, item, marks, shown)
        if entity is None:
            return None
        if isinstance(entity, Activity) and parent is not None:
            if entity.parent is not None and entity.parent != parent:
                self.problem(
                    "schema-error",
                    Ref("activity", entity.id),
                    f"activity '{entity.id}' is nested under '{parent}' "
                    f"but says parent: {entity.parent}",
                    "Drop the 'parent' field of a nested activity, or move the activity.",
                    entity.loc("parent"),
                )
            entity.parent = parent
        self._register(entity)
        if children is None:
            return None
        child_marks = mark_at(marks, ("activities",))
        if not isinstance(children, list):
            self.problem(
                "schema-error",
                Ref("activity", entity.id),
                f"'activities' of '{entity.id}' must be a list, not {_a(_kind(children))}",
                "List child activities as '- id: ...' items.",
                Location.at(shown, child_marks),
            )
            return None
        return [(child, mark_at(child_marks, (i,)), entity.id) for i, child in enumerate(children)]

    def _validate(
        self, cls: type[Entity], item: dict[str, Any], marks: AnyMarks, shown: str
    ) -> Entity | None:
        letters = item.get("raci")
        if type(letters) is dict and not _plain_letters(letters):
            item = {**item, "raci": self._letters(cls, item, letters, marks, shown)}
        try:
            entity = cls.model_validate(item)
        except ValidationError as exc:
            ident = item.get("id")
            label, ref = _label(cls, item), _ref(cls, item)
            # One problem per bad value: a union reports each of its members.
            groups: dict[tuple[Any, ...], list[Any]] = {}
            for error in exc.errors():
                groups.setdefault(_data_path(item, error["loc"]), []).append(error)
            for path, errors in groups.items():
                self._schema_problem(cls, label, ref, errors, path, item, marks, shown)
            # Keep what is valid: retry without the offending optional fields, so
            # one typo does not also turn every reference to this entity into noise.
            # A bad item of a list (holders: [dana, [x]]) costs only that item.
            bad_items: dict[str, set[int]] = {}
            bad_keys: set[str] = set()
            for path in groups:
                value = item.get(path[0]) if path else None
                if len(path) == 2 and isinstance(value, list) and isinstance(path[1], int):
                    bad_items.setdefault(path[0], set()).add(path[1])
                else:
                    bad_keys.add(str(path[0]) if path else "")
            salvage = {k: v for k, v in item.items() if k not in bad_keys}
            for key, drop in bad_items.items():
                if key in salvage:
                    salvage[key] = [v for i, v in enumerate(salvage[key]) if i not in drop]
            for name, spec in cls.model_fields.items():
                if spec.is_required() and name != "id" and name not in salvage:
                    salvage[name] = str(ident)  # e.g. a missing title: show the id
            try:
                entity = cls.model_validate(salvage)
            except ValidationError:
                return None
        entity.located(shown, marks)
        return entity

    def _letters(
        self,
        cls: type[Entity],
        item: dict[str, Any],
        letters: dict[str, Any],
        marks: AnyMarks,
        shown: str,
    ) -> dict[str, Any]:
        """The `raci:` mapping without its bad selectors, each reported where it is.

        Checked here, before the model, so that one bad value does not cost the
        activity all its letters (and bring false no-accountable findings).
        """
        out: dict[str, Any] = {}
        for letter, value in letters.items():
            many = isinstance(value, list)
            kept: list[str] = []
            for i, selector in enumerate(value if many else [value]):
                if isinstance(selector, str) and selector:
                    kept.append(selector)
                elif isinstance(selector, int | float) and not isinstance(selector, bool):
                    kept.append(str(selector))
                else:
                    where = mark_at(marks, ("raci", letter, i) if many else ("raci", letter))
                    what = "empty text" if selector == "" else _a(_kind(selector))
                    self.problem(
                        "schema-error",
                        _ref(cls, item),
                        f"{_label(cls, item)}: {letter}"
                        + (f" item {i + 1}" if many else "")
                        + f" is {what}, not a selector; the other letters are kept",
                        "Write each selector as text: a role id, owner, manager:X, "
                        "reports:X, under:X, team:T, ...; list several as [a, b].",
                        Location.at(shown, where),
                    )
            if many and (kept or not value):
                out[letter] = kept
            elif not many and kept:
                out[letter] = kept[0]
        return out

    def _schema_problem(
        self,
        cls: type[Entity],
        label: str,
        ref: Ref,
        errors: list[Any],
        path: tuple[Any, ...],
        item: dict[str, Any],
        marks: AnyMarks,
        shown: str,
    ) -> None:
        loc = Location.at(shown, marks, path)
        field = ".".join(str(p) for p in path)
        error = errors[0]
        kind = error["type"]
        fields = [name for name in cls.model_fields if name != "activities" or cls is Activity]
        if kind == "missing":
            message = f"{label} has no '{field}'"
            fix = f"Add '{field}:' to the {cls.entity_kind}."
        elif kind == "extra_forbidden":
            message = f"{label} has an unknown field '{field}'"
            fix = "Known fields: " + ", ".join(fields) + did_you_mean(str(path[-1]), fields) + "."
        elif kind == "string_pattern_mismatch":
            message = f"{label}: '{field}' is not a valid id: {error['input']!r}"
            fix = "Ids use letters, digits, '_', '-' and '.', with no spaces."
        elif len(errors) == 1:
            message = f"{label}: '{field}': {error['msg']}"
            fix = f"Fix the value of '{field}' (see `raci schema`)."
        else:
            wanted = dict.fromkeys(_WANTED.get(e["type"], e["msg"]) for e in errors)
            message = (
                f"{label}: '{field}' is {_a(_kind(_value_at(item, path)))}; "
                f"it should be {' or '.join(wanted)}"
            )
            fix = f"Fix the value of '{field}' (see `raci schema`)."
        self.problem("schema-error", ref, message, fix, loc)

    def _register(self, entity: Entity) -> None:
        table: dict[str, Any] = getattr(self.org, entity.section)
        first = table.get(entity.id)
        if first is not None:
            before = f", {first.origin}" if first.origin else ""
            self.org.problems.append(
                Problem(
                    "duplicate-id",
                    Ref(entity.entity_kind, entity.id),
                    f"{entity.entity_kind} id '{entity.id}' is defined twice "
                    f"(first at {first.loc()}{before})",
                    f"Rename one of the two {entity.section} or merge them.",
                    entity.loc("id"),
                    origin=entity.origin,
                )
            )
            return
        table[entity.id] = entity

    # -- the organisation as a whole ---------------------------------------------


@cache
def _list_adapter(cls: type[Entity]) -> TypeAdapter[list[Entity]]:
    """A validator for a whole section of `cls`, built on first use."""
    return TypeAdapter(list[cls])  # type: ignore[valid-type]


def _plain_letters(letters: dict[str, Any]) -> bool:
    """Every selector is non-empty text (the usual case, checked fast)."""
    for value in letters.values():
        if type(value) is str:
            if not value:
                return False
        elif type(value) is list:
            if not all(type(v) is str and v for v in value):
                return False
        else:
            return False
    return True


def _label(cls: type[Entity], item: dict[str, Any]) -> str:
    ident = item.get("id")
    return (
        f"{cls.entity_kind} '{ident}'" if isinstance(ident, str | int) else f"a {cls.entity_kind}"
    )


def _ref(cls: type[Entity], item: dict[str, Any]) -> Ref:
    ident = item.get("id")
    return Ref(cls.entity_kind, str(ident) if ident is not None else "?")


def _data_path(data: Any, loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """A pydantic error location without its internal steps (`list[constrained-str]`).

    The first step is a field (present or missing); later steps are kept only where
    they lead into the data, so the path is one the user can find in the file.
    """
    path: list[Any] = []
    for step in loc:
        if not path:
            path.append(step)
            data = data.get(step) if isinstance(data, dict) else None
        elif (isinstance(data, dict) and step in data) or (
            isinstance(data, list) and isinstance(step, int) and 0 <= step < len(data)
        ):
            path.append(step)
            data = data[step]
    return tuple(path)


def _value_at(data: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        data = data[step] if isinstance(data, dict | list) else None
    return data


_WANTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "bool_type": "true/false",
    "list_type": "a list",
    "dict_type": "a mapping",
}


def _a(kind: str) -> str:
    return ("an " if kind[0] in "aeiou" else "a ") + kind


def _kind(value: Any) -> str:
    return {
        dict: "mapping",
        list: "list",
        str: "text",
        type(None): "empty value",
        int: "number",
        float: "number",
        bool: "true/false value",
    }.get(type(value), type(value).__name__)


def _children(marks: AnyMarks, count: int) -> list[Any]:
    """The marks of a sequence's items (lazy marks: one per item, still lazy)."""
    if isinstance(marks, LazyMarks):
        return [marks.child(i) for i in range(count)]
    return marks[2] if isinstance(marks[2], list) else []


def _policy_marks(marks: Marks) -> Marks:
    """A policy is written as `name: {letters}`; it is validated as {id, raci}."""
    line, column, children = marks
    return (line, column, {"id": (line, column, None), "raci": (line, column, children)})
