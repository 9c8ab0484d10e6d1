"""Load an organisation from YAML files into one `Organisation`, with locations.

Nothing here stops at the first problem: a file that does not parse, an entity that
does not validate or a reference that dangles becomes a problem (reported by the
engine as a finding), and everything else still loads. Only a path that does not
exist or cannot be read raises `LoadError` (exit 2).
"""

from __future__ import annotations

import difflib
import os
import pickle
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from raci import cache
from raci.errors import RaciError
from raci.findings import Entity as Ref
from raci.findings import Problem
from raci.graph import add_assignments, build_structure
from raci.model import (
    ENTITY_SECTIONS,
    Activity,
    Entity,
    Location,
    Marks,
    Organisation,
    OrgFile,
    Policy,
    mark_at,
)
from raci.parse import Parsed, parse_bytes
from raci.scheme import RACI, Scheme
from raci.select import assign
from raci.speed import paused_gc

YAML_SUFFIXES = (".yaml", ".yml")


class LoadError(RaciError):
    """The path cannot be loaded at all (missing, unreadable): a usage error."""


def bundled_org_path() -> Path:
    """The organisation shipped with raci (inside the wheel, or the repo's org/)."""
    here = Path(__file__).resolve().parent
    packaged = here / "bundled_org"
    if packaged.is_dir():
        return packaged
    return here.parent.parent / "org"  # an editable install of the source tree


def resolve_path(path: str | os.PathLike[str] | None) -> tuple[Path, bool]:
    """The org to load and whether it is the bundled one: PATH, ./org, or bundled.

    A folder that holds an `org/` folder means that org: `raci check .` in a
    repository checks its org, not every YAML file of the repository.
    """
    if path is not None:
        given = Path(path)
        inner = given / "org"
        return (inner if given.is_dir() and inner.is_dir() else given), False
    local = Path("org")
    if local.is_dir():
        return local, False
    return bundled_org_path(), True


def display_path(path: Path) -> str:
    """A path as findings show it: relative to the working directory when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.resolve().as_posix()


def discover(path: Path) -> list[Path]:
    """The YAML files of an org: the file itself, or a folder's files in sorted order."""
    if not path.exists():
        raise LoadError(f"{path}: no such file or folder")
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise LoadError(f"{path}: not a file or folder")
    try:
        found = [
            p
            for p in path.rglob("*")
            if p.suffix in YAML_SUFFIXES
            and p.is_file()
            and not any(part.startswith(".") for part in p.relative_to(path).parts)
        ]
    except OSError as exc:
        raise LoadError(f"{path}: cannot be read ({exc.strerror})") from exc
    return sorted(found, key=lambda p: p.relative_to(path).as_posix())


def load(
    path: str | os.PathLike[str] | None = None,
    *,
    use_cache: bool = True,
    scheme: Scheme = RACI,
) -> Organisation:
    """Load an org folder or file. Problems are kept in `Organisation.problems`."""
    root, bundled = resolve_path(path)
    files = discover(root)
    loader = _Loader(root, bundled, cache.cache_dir() if use_cache else None)
    loader.org.scheme = scheme
    if not files:
        loader.problem(
            "schema-error",
            Ref("file", display_path(root)),
            f"no YAML files (*.yaml, *.yml) found in {display_path(root)}",
            "Point raci at a folder with org YAML files, or run it where org/ exists.",
            Location(display_path(root), 0, 0),
        )
    with paused_gc():
        contents = [loader.read_bytes(file) for file in files]
        for file, parsed in zip(files, parse_all(contents, loader.cache_folder), strict=True):
            loader.org.files.append(file)
            loader.read_parsed(parsed, display_path(file))
        return loader.finish()


# Below this much YAML to parse, a second process costs more than it saves.
PARALLEL_BYTES = 4 * 1024 * 1024


def parse_all(contents: list[bytes], cache_folder: Path | None) -> list[Parsed]:
    """Every file's parse: from the cache, else parsed (in two processes when large)."""
    results: list[Parsed | None] = [cache.get(cache_folder, c) for c in contents]
    misses = [i for i, r in enumerate(results) if r is None]
    todo = sum(len(contents[i]) for i in misses)
    if len(misses) > 1 and todo > PARALLEL_BYTES and (os.cpu_count() or 1) > 1:
        try:
            with ProcessPoolExecutor(max_workers=2) as pool:
                blobs = list(pool.map(_parse_pickled, [contents[i] for i in misses]))
        except (OSError, BrokenProcessPool):  # no second process here: parse in this one
            blobs = []
        for i, blob in zip(misses, blobs, strict=False):
            results[i] = pickle.loads(blob)
            cache.put_pickled(cache_folder, contents[i], blob)
    for i in misses:
        if results[i] is None:
            parsed = parse_bytes(contents[i])
            cache.put(cache_folder, contents[i], parsed)
            results[i] = parsed
    return [r for r in results if r is not None]


def _parse_pickled(content: bytes) -> bytes:
    """Parse in a helper process; pickled, as that is how the result travels anyway."""
    return pickle.dumps(parse_bytes(content), protocol=pickle.HIGHEST_PROTOCOL)


def _suggest(word: str, options: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f" Did you mean '{close[0]}'?" if close else ""


class _Loader:
    def __init__(self, root: Path, bundled: bool, cache_folder: Path | None) -> None:
        self.org = Organisation(name="", source=root, bundled=bundled)
        self.cache_folder = cache_folder
        self.names: list[tuple[str, Location]] = []

    # -- problems -------------------------------------------------------------
    def problem(self, rule: str, entity: Ref, message: str, fix: str, loc: Location) -> None:
        self.org.problems.append(Problem(rule, entity, message, fix, loc))

    def file_problem(self, shown: str, where: Marks | Location, message: str, fix: str) -> None:
        """A schema error about a file's shape, at a node's marks or a location."""
        loc = where if isinstance(where, Location) else Location(shown, where[0], where[1])
        self.problem("schema-error", Ref("file", shown), message, fix, loc)

    # -- files ------------------------------------------------------------------
    def read_bytes(self, path: Path) -> bytes:
        try:
            return path.read_bytes()
        except OSError as exc:
            raise LoadError(f"{display_path(path)}: cannot be read ({exc.strerror})") from exc

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
                f"the top level must be a mapping (roles:, people:, ...), not a {_kind(data)}",
                "Start the file with keys such as 'roles:' or 'activities:'.",
            )
            return
        allowed = OrgFile.model_fields
        for key, value in data.items():
            key_marks = mark_at(marks, (key,))
            loc = Location(shown, key_marks[0], key_marks[1])
            if key not in allowed:
                self.file_problem(
                    shown,
                    loc,
                    f"unknown top-level key '{key}'",
                    "Use one of: " + ", ".join(allowed) + "." + _suggest(key, allowed),
                )
            elif key in ENTITY_SECTIONS:
                self._read_section(key, value, key_marks, shown)
            elif key == "scope":
                self._read_scope(value, key_marks, shown)
            elif value is not None and not isinstance(value, str):
                self.file_problem(
                    shown,
                    loc,
                    f"'{key}' must be text, not a {_kind(value)}",
                    f"Write '{key}' as one line of text.",
                )
            elif key == "name" and value:
                self.names.append((value, loc))

    def _read_scope(self, value: Any, marks: Marks, shown: str) -> None:
        if value is None:
            return
        items = value if isinstance(value, list) else [value]
        for i, item in enumerate(items):
            item_marks = mark_at(marks, (i,)) if isinstance(value, list) else marks
            loc = Location(shown, item_marks[0], item_marks[1])
            if not isinstance(item, str):
                self.file_problem(
                    shown,
                    loc,
                    f"scope entries are role ids, not a {_kind(item)}",
                    "List role ids under 'scope:'.",
                )
            else:
                self.org.scope.setdefault(item, loc)

    def _read_section(self, section: str, value: Any, marks: Marks, shown: str) -> None:
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
                f"'{section}' must be a list of {cls.entity_kind} mappings, not a {_kind(value)}",
                f"Write each {cls.entity_kind} as a list item starting with '- id: ...'.",
            )
            return
        for i, item in enumerate(value):
            self._read_entity(cls, item, mark_at(marks, (i,)), shown, parent=None)

    def _read_policies(self, value: Any, marks: Marks, shown: str) -> None:
        if not isinstance(value, dict):
            self.file_problem(
                shown,
                marks,
                f"'policies' must be a mapping of name -> letters, not a {_kind(value)}",
                "Write 'policies:' with one 'name: {A: owner, R: ...}' entry per policy.",
            )
            return
        for name, letters in value.items():
            line, column, children = mark_at(marks, (name,))
            # A policy is written as `name: {letters}`; validate it as {id, raci}.
            item_marks: Marks = (
                line,
                column,
                {"id": (line, column, None), "raci": (line, column, children)},
            )
            self._read_entity(Policy, {"id": name, "raci": letters}, item_marks, shown, None)

    def _read_entity(
        self, cls: type[Entity], item: Any, marks: Marks, shown: str, parent: str | None
    ) -> None:
        where = Location(shown, marks[0], marks[1])
        if not isinstance(item, dict):
            self.file_problem(
                shown,
                where,
                f"a {cls.entity_kind} must be a mapping with an id, not a {_kind(item)}",
                f"Write the {cls.entity_kind} as '- id: ...' with its fields below.",
            )
            return
        children: Any = None
        if cls is Activity and "activities" in item:
            item = dict(item)
            children = item.pop("activities")
        entity = self._validate(cls, item, marks, shown)
        if entity is None:
            return
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
            return
        child_marks = mark_at(marks, ("activities",))
        if not isinstance(children, list):
            self.problem(
                "schema-error",
                Ref("activity", entity.id),
                f"'activities' of '{entity.id}' must be a list, not a {_kind(children)}",
                "List child activities as '- id: ...' items.",
                Location(shown, child_marks[0], child_marks[1]),
            )
            return
        for i, child in enumerate(children):
            self._read_entity(Activity, child, mark_at(child_marks, (i,)), shown, entity.id)

    def _validate(
        self, cls: type[Entity], item: dict[str, Any], marks: Marks, shown: str
    ) -> Entity | None:
        try:
            entity = cls.model_validate(item)
        except ValidationError as exc:
            ident = item.get("id")
            label = (
                f"{cls.entity_kind} '{ident}'"
                if isinstance(ident, str | int)
                else (f"a {cls.entity_kind}")
            )
            ref = Ref(cls.entity_kind, str(ident) if ident is not None else "?")
            bad_keys: set[str] = set()
            for error in exc.errors():
                path = error["loc"]
                bad_keys.add(str(path[0]) if path else "")
                self._schema_problem(cls, label, ref, error, path, marks, shown)
            # Keep what is valid: retry without the offending optional fields, so
            # one typo does not also turn every reference to this entity into noise.
            salvage = {k: v for k, v in item.items() if k not in bad_keys}
            for name, spec in cls.model_fields.items():
                if spec.is_required() and name != "id" and name not in salvage:
                    salvage[name] = str(ident)  # e.g. a missing title: show the id
            try:
                entity = cls.model_validate(salvage)
            except ValidationError:
                return None
        entity.located(shown, marks)
        return entity

    def _schema_problem(
        self,
        cls: type[Entity],
        label: str,
        ref: Ref,
        error: Any,
        path: tuple[Any, ...],
        marks: Marks,
        shown: str,
    ) -> None:
        line, column, _ = mark_at(marks, path)
        loc = Location(shown, line, column)
        field = ".".join(str(p) for p in path)
        kind = error["type"]
        fields = [name for name in cls.model_fields if name != "activities" or cls is Activity]
        if kind == "missing":
            message = f"{label} has no '{field}'"
            fix = f"Add '{field}:' to the {cls.entity_kind}."
        elif kind == "extra_forbidden":
            message = f"{label} has an unknown field '{field}'"
            fix = "Known fields: " + ", ".join(fields) + "." + _suggest(str(path[-1]), fields)
        elif kind == "string_pattern_mismatch":
            message = f"{label}: '{field}' is not a valid id: {error['input']!r}"
            fix = "Ids use letters, digits, '_', '-' and '.', with no spaces."
        else:
            message = f"{label}: '{field}': {error['msg']}"
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
    def finish(self) -> Organisation:
        org = self.org
        if self.names:
            org.name = self.names[0][0]
            for name, loc in self.names[1:]:
                if name != org.name:
                    self.problem(
                        "schema-error",
                        Ref("file", loc.file),
                        f"organisation name '{name}' differs from '{org.name}' "
                        f"given at {self.names[0][1]}",
                        "Give the organisation's name in one file only.",
                        loc,
                    )
        else:
            org.name = org.source.resolve().name if not org.bundled else "bundled org"
        self._check_references()
        self._check_policies()
        self._inherit()
        graph = build_structure(org)
        org.problems.extend(assign(org))
        add_assignments(graph, org.assignments)
        org.graph = graph
        return org

    def _inherit(self) -> None:
        """An activity without `source`, `owner` or `policy` takes its nearest ancestor's."""
        acts = self.org.activities
        for act in acts.values():
            seen = {act.id}
            parent = acts.get(act.parent) if act.parent else None
            while parent is not None and parent.id not in seen:
                if act.source is None:
                    act.source = parent.source
                if act.owner is None and parent.owner in self.org.roles:
                    act.owner = parent.owner
                    self.org.inherited[(act.id, "owner")] = parent.id
                if act.policy is None and parent.policy in self.org.policies:
                    act.policy = parent.policy
                    self.org.inherited[(act.id, "policy")] = parent.id
                seen.add(parent.id)
                parent = acts.get(parent.parent) if parent.parent else None

    def _check_policies(self) -> None:
        org = self.org
        scheme = org.scheme
        for policy in org.policies.values():
            for letter in policy.raci:
                if not scheme.has(letter):
                    self.problem(
                        "invalid-letter",
                        Ref("policy", policy.id),
                        f"policy '{policy.id}' uses '{letter}', which is not a "
                        f"{scheme.name} letter",
                        f"Use one of {scheme.letter_list}.",
                        policy.loc("raci", letter),
                    )
        for act in org.activities.values():
            self._ref(act, "policy", act.policy, org.policies, "policy")

    def _ref(
        self,
        owner: Entity,
        field: str,
        value: str | None,
        table: dict[str, Any],
        what: str,
        path: tuple[Any, ...] | None = None,
    ) -> bool:
        if value is None or value in table:
            return True
        self.problem(
            "unknown-reference",
            Ref(owner.entity_kind, owner.id),
            f"{owner.entity_kind} '{owner.id}' {_VERBS.get(field, field)} '{value}', "
            f"which is not a known {what}",
            f"Define {what} '{value}' or correct the id." + _suggest(value, table),
            owner.loc(*(path or (field,))),
        )
        return False

    def _check_references(self) -> None:
        org = self.org
        roles, people, teams, acts = org.roles, org.people, org.teams, org.activities
        for role in roles.values():
            self._ref(role, "reports_to", role.reports_to, roles, "role")
            for i, other in enumerate(role.dotted_to):
                self._ref(role, "dotted_to", other, roles, "role", ("dotted_to", i))
            for i, person in enumerate(role.holders):
                self._ref(role, "holders", person, people, "person", ("holders", i))
            self._ref(role, "interim", role.interim, people, "person")
        for team in teams.values():
            self._ref(team, "lead", team.lead, roles, "role")
            for i, member in enumerate(team.members):
                self._ref(team, "members", member, roles, "role", ("members", i))
            self._ref(team, "parent", team.parent, teams, "team")
        for act in acts.values():
            self._ref(act, "parent", act.parent, acts, "activity")
            self._ref(act, "owner", act.owner, roles, "role")
        for role_id, loc in org.scope.items():
            if role_id not in roles:
                self.problem(
                    "unknown-reference",
                    Ref("role", role_id),
                    f"scope lists '{role_id}', which is not a known role",
                    "Define the role or remove it from scope." + _suggest(role_id, roles),
                    loc,
                )


_VERBS = {
    "reports_to": "reports to",
    "dotted_to": "has a dotted line to",
    "holders": "is held by",
    "interim": "has the interim holder",
    "lead": "is led by",
    "members": "has the member",
    "parent": "has the parent",
    "owner": "is owned by",
    "policy": "uses the policy",
}


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
