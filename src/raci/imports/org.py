"""`raci import org`: an HRIS or org-chart export (CSV or xlsx) into the native YAML.

Columns are recognised by name (case, spaces and underscores ignored; SPEC section
5), `--map COLUMN=FIELD` names the rest. Each row is a person in a position: people
with the same title and the same manager share one role (with several holders); a
row with a title and no name is a vacant role. Managers and dotted lines may be
given by id, email or name; the top person has no manager or reports to themself.

Broken data never stops the import: a manager not in the file, a reporting cycle,
duplicate ids, blank rows are problems with their row number, and the data is
written as it is, so `raci check` reports them too; every role and person keeps its
row in `origin`, which findings quote.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from raci import progress
from raci.atomic import atomic_write_text
from raci.errors import RaciError
from raci.imports.ids import Ids, slug
from raci.imports.tabular import Table

FIELDS = ("id", "manager", "name", "first_name", "last_name", "title", "team", "email", "dotted")
ALIASES: dict[str, tuple[str, ...]] = {
    "id": (
        "id",
        "employeeid",
        "personid",
        "employeeidincompany",
        "employeenumber",
        "employee#",
        "employeeno",
        "workerid",
    ),
    "manager": (
        "managerid",
        "reportsto",
        "supervisorid",
        "reportstoidincompany",
        "manager",
        "managername",
        "manageremail",
        "supervisor",
        "parent",
    ),
    "name": ("name", "fullname", "employeename", "worker", "displayname"),
    "first_name": ("firstname", "givenname", "preferredname"),
    "last_name": ("lastname", "surname", "familyname"),
    "title": ("title", "jobtitle", "position", "businesstitle", "role"),
    "team": ("department", "team", "teamname", "division", "supervisoryorganization"),
    "email": ("email", "workemail", "emailwork", "emailaddress"),
    "dotted": ("dottedid", "altreportsto", "dottedlinemanager", "dottedline", "matrixmanager"),
}
HEADER_SEARCH = 40
ROWS_PER_STEP = 10_000  # progress per this many rows, not per row


class OrgImportError(RaciError):
    """Nothing could be read, or a bad --map (exit 2)."""


def _key(header: str) -> str:
    return re.sub(r"[\s_\-]+", "", header.strip().casefold())


@dataclass(frozen=True)
class RowProblem:
    row: int  # 1-based, as a spreadsheet shows it
    message: str

    def where(self, table: Table) -> str:
        return f"{table.name} row {self.row}"


@dataclass
class Position:
    """One row: a person (or nobody) in a position."""

    row: int
    key: str  # the row's id, or its name when there is no id column
    name: str
    title: str
    email: str
    team: str
    manager: str
    dotted: list[str]
    extra: dict[str, str]
    person_id: str = ""
    role_id: str = ""


@dataclass
class OrgImport:
    name: str
    positions: list[Position] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)  # field -> header
    # Written out: role id -> its fields (title, reports_to, dotted_to, holders, team, rows)
    roles: dict[str, dict[str, object]] = field(default_factory=dict)


def parse_map(items: tuple[str, ...]) -> dict[str, str]:
    """`--map "Boss Email=manager"` -> {column key: field}."""
    out: dict[str, str] = {}
    for item in items:
        column, sep, target = item.partition("=")
        target = target.strip().replace("-", "_").lower()
        if not sep or not column.strip():
            raise OrgImportError(f"--map {item!r}: write COLUMN=FIELD")
        if target not in FIELDS:
            raise OrgImportError(
                f"--map {item!r}: unknown field {target!r} (use one of {', '.join(FIELDS)})"
            )
        out[_key(column)] = target
    return out


def find_columns(table: Table, mapping: dict[str, str]) -> tuple[int, dict[str, int]]:
    """The header row and field -> column; raises OrgImportError when there is none."""
    best: tuple[int, dict[str, int]] | None = None
    for r in range(min(HEADER_SEARCH, len(table.rows))):
        found: dict[str, int] = {}
        for c, header in enumerate(table.rows[r]):
            key = _key(header)
            target = mapping.get(key) or next(
                (f for f, names in ALIASES.items() if key in names), None
            )
            if target and target not in found:
                found[target] = c
        named = "name" in found or "first_name" in found or "title" in found
        if named and ("manager" in found or "id" in found) and len(found) >= 2:
            best = (r, found)
            break
    if best is None:
        raise OrgImportError(
            f"{table.name}: no header row with a name (or title) column and a manager or id "
            "column in the first rows; name the columns with --map COLUMN=FIELD"
        )
    return best


def read_org(table: Table, mapping: dict[str, str], name: str) -> OrgImport:
    header_row, cols = find_columns(table, mapping)
    result = OrgImport(name, columns={f: table.rows[header_row][c] for f, c in cols.items()})
    known = set(cols.values())
    extras = [(c, h) for c, h in enumerate(table.rows[header_row]) if c not in known and h]

    def get(row: list[str], f: str) -> str:
        c = cols.get(f)
        return row[c].strip() if c is not None and c < len(row) else ""

    shown = progress.current()
    shown.phase("reading rows", total=len(table.rows) - header_row - 1)
    for r in range(header_row + 1, len(table.rows)):
        if not (r - header_row) % ROWS_PER_STEP:
            shown.advance(ROWS_PER_STEP)
        row = table.rows[r]
        number = r + 1
        if not any(cell.strip() for cell in row):
            continue  # blank rows separate nothing; skipping them loses nothing
        person = get(row, "name") or " ".join(
            x for x in (get(row, "first_name"), get(row, "last_name")) if x
        )
        title = get(row, "title")
        if not person and not title:
            result.problems.append(RowProblem(number, "no name and no title: row skipped"))
            continue
        key = get(row, "id") or person or f"row-{number}"
        dotted = [d.strip() for d in re.split(r"[;|]", get(row, "dotted")) if d.strip()]
        extra = {
            slug(h).replace("-", "_"): row[c].strip()
            for c, h in extras
            if c < len(row) and row[c].strip()
        }
        result.positions.append(
            Position(
                number,
                key,
                person,
                title or "(no title)",
                get(row, "email"),
                get(row, "team"),
                get(row, "manager"),
                dotted,
                extra,
            )
        )
    shown.phase("resolving managers")
    _resolve(result)
    shown.close()
    return result


def _resolve(result: OrgImport) -> None:
    """Ids for people and roles, managers by id/email/name, roles shared by peers."""
    positions = result.positions
    by_key: dict[str, Position] = {}
    by_email: dict[str, Position] = {}
    by_name: dict[str, Position] = {}
    person_ids = Ids()
    for p in positions:
        first = by_key.get(p.key)
        if first is not None:
            result.problems.append(
                RowProblem(
                    p.row, f"id {p.key!r} is also on row {first.row}: both kept (duplicate-id)"
                )
            )
        else:
            by_key[p.key] = p
        if p.email:
            by_email.setdefault(p.email.casefold(), p)
        if p.name:
            by_name.setdefault(" ".join(p.name.casefold().split()), p)
        if p.name:
            base = slug(p.key) if p.key != p.name else slug(p.name)
            if base[0].isdigit():
                base = f"p-{base}"  # employee numbers: '1001' -> 'p-1001'
            pid = person_ids.make(base) if first is None else base
            p.person_id = pid

    def find(value: str) -> Position | None:
        return (
            by_key.get(value)
            or by_email.get(value.casefold())
            or by_name.get(" ".join(value.casefold().split()))
        )

    managers: dict[int, Position | None] = {}
    unresolved: dict[int, str] = {}
    for p in positions:
        boss = find(p.manager) if p.manager else None
        if p.manager and boss is None:
            unresolved[p.row] = p.manager
            result.problems.append(
                RowProblem(p.row, f"manager {p.manager!r} is not in the file (unknown-reference)")
            )
        managers[p.row] = None if boss is p else boss
    _cycles(result, positions, managers)
    tops = [p for p in positions if managers[p.row] is None and p.row not in unresolved]
    for p in tops[1:]:
        result.problems.append(
            RowProblem(
                p.row,
                f"{p.name or p.title!r} reports to nobody, but row {tops[0].row} is already "
                "the top (multiple-roots)",
            )
        )

    # Roles: people with one title under one manager share a role; a duplicate id's
    # row keeps a role of its own.
    first_of = {id(p) for p in by_key.values()}
    role_of: dict[tuple[str, int | None], str] = {}
    role_ids = Ids()
    for p in positions:
        boss = managers[p.row]
        share = (p.title.casefold(), boss.row if boss else None)
        if p.name and id(p) in first_of and share in role_of:
            p.role_id = role_of[share]
            continue
        rid = role_ids.make(slug(p.title))
        p.role_id = rid
        if p.name and id(p) in first_of:
            role_of[share] = rid
    for p in positions:
        entry = result.roles.get(p.role_id)
        if entry is None:
            boss = managers[p.row]
            reports_to = (
                boss.role_id if boss else (slug(unresolved[p.row]) if p.row in unresolved else None)
            )
            dotted: list[str] = []
            for d in p.dotted:
                target = find(d)
                if target is None:
                    result.problems.append(
                        RowProblem(
                            p.row,
                            f"dotted-line manager {d!r} is not in the file (unknown-reference)",
                        )
                    )
                    dotted.append(slug(d))
                elif target.role_id != p.role_id:
                    dotted.append(target.role_id)
            entry = result.roles[p.role_id] = {
                "id": p.role_id,
                "title": p.title,
                "reports_to": reports_to,
                "dotted_to": dotted,
                "holders": [],
                "team": p.team,
                "rows": [p.row],
            }
        else:
            rows = entry["rows"]
            assert isinstance(rows, list)
            rows.append(p.row)
        holders = entry["holders"]
        assert isinstance(holders, list)
        if p.person_id:
            holders.append(p.person_id)


def _cycles(
    result: OrgImport, positions: list[Position], managers: dict[int, Position | None]
) -> None:
    """Report each reporting cycle once, with the rows in it."""
    state: dict[int, int] = {}
    for start in positions:
        walk: list[Position] = []
        current: Position | None = start
        while current is not None and current.row not in state:
            state[current.row] = 1
            walk.append(current)
            current = managers[current.row]
        if current is not None and state.get(current.row) == 1:
            cycle = walk[walk.index(current) :]
            rows = ", ".join(str(p.row) for p in cycle)
            result.problems.append(
                RowProblem(
                    min(p.row for p in cycle),
                    f"reporting cycle through rows {rows} (reporting-cycle)",
                )
            )
        for p in walk:
            state[p.row] = 2


def _q(value: str) -> str:
    """A YAML scalar: plain for ids, JSON-quoted (valid YAML) for any other text."""
    if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.\-]*", value) and not re.fullmatch(
        r"(?i)(y|n|yes|no|on|off|true|false|null|~|[0-9._e+-]+)", value
    ):
        return value
    return json.dumps(value, ensure_ascii=False)


def to_yaml(result: OrgImport, source: str) -> str:
    """The native YAML for everything read (problems and all)."""
    lines = [
        f"# Imported by `raci import org` from {source}.",
        f"# Columns: {json.dumps(result.columns, ensure_ascii=False)}",
        f"name: {_q(result.name)}",
        "roles:",
    ]
    for entry in result.roles.values():
        lines.append(f"  - id: {entry['id']}")
        lines.append(f"    title: {_q(str(entry['title']))}")
        if entry["reports_to"]:
            lines.append(f"    reports_to: {entry['reports_to']}")
        dotted = entry["dotted_to"]
        if isinstance(dotted, list) and dotted:
            lines.append(f"    dotted_to: [{', '.join(str(d) for d in dotted)}]")
        holders = entry["holders"]
        lines.append(
            f"    holders: [{', '.join(str(h) for h in holders)}]"
            if isinstance(holders, list)
            else "    holders: []"
        )
        rows = entry["rows"]
        where = (
            f"row {rows[0]}"
            if isinstance(rows, list) and len(rows) == 1
            else (f"rows {', '.join(str(r) for r in rows)}" if isinstance(rows, list) else "")
        )
        lines.append(f"    origin: {_q(f'{source} {where}')}")
    lines.append("people:")
    seen: set[str] = set()
    for p in result.positions:
        if not p.person_id:
            continue
        duplicate = p.person_id in seen
        seen.add(p.person_id)
        fields = [f"id: {p.person_id}", f"name: {_q(p.name)}"]
        if p.email:
            fields.append(f"email: {_q(p.email)}")
        lines.append("  - " + fields[0])
        lines += [f"    {f}" for f in fields[1:]]
        lines.append(f"    origin: {_q(f'{source} row {p.row}')}")
        attributes = dict(p.extra)
        if p.key != p.name and not duplicate:
            attributes.setdefault("employee_id", p.key)
        if attributes:
            lines.append("    attributes:")
            lines += [f"      {k}: {_q(v)}" for k, v in sorted(attributes.items())]
    teams: dict[str, list[str]] = {}
    for entry in result.roles.values():
        if entry["team"]:
            teams.setdefault(str(entry["team"]), []).append(str(entry["id"]))
    if teams:
        lines.append("teams:")
        for team, members in teams.items():
            lines += [
                f"  - id: {slug(team)}",
                f"    name: {_q(team)}",
                "    kind: department",
                f"    members: [{', '.join(members)}]",
                f"    origin: {_q(source + ' column ' + repr(result.columns.get('team')))}",
            ]
    return "\n".join(lines) + "\n"


def write(result: OrgImport, out: Path, stem: str, source: str) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"{stem}.yaml"
    atomic_write_text(target, to_yaml(result, source))
    return target
