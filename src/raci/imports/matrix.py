"""`raci import matrix`: a RACI matrix made by hand, however messy, into YAML.

The header row is the first row whose columns below hold mostly letters (title
rows and merged group headers above it are skipped). Rows are activities; a text
column left of the activity column, or a row with a title and no letters, names
the area. Columns become roles: matched to the org's roles by id, title, the
initials of a title (CPO = Chief Product Officer) or a holder's name, ignoring case
and spaces; the others become new roles. Anything unreadable is a problem with its
cell reference; everything readable is written.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from raci.atomic import atomic_write_text
from raci.imports.ids import Ids, slug
from raci.imports.tabular import CellProblem, Table
from raci.letters import LetterError, parse
from raci.model import Organisation
from raci.scheme import RACI, Scheme

HEADER_SEARCH = 40  # rows from the top where the header may be
SAMPLE = 12  # rows below a candidate header that decide whether it is the header


@dataclass
class Column:
    index: int
    header: str
    role: str
    how: str  # "id", "title", "initials", "holder", or "new"


@dataclass
class ImportedActivity:
    id: str
    title: str
    area: str | None
    letters: dict[str, list[str]] = field(default_factory=dict)  # letter -> role ids


@dataclass
class MatrixImport:
    columns: list[Column] = field(default_factory=list)
    areas: dict[str, str] = field(default_factory=dict)  # id -> title
    activities: list[ImportedActivity] = field(default_factory=list)
    problems: list[CellProblem] = field(default_factory=list)
    header_row: int | None = None

    @property
    def new_roles(self) -> list[Column]:
        return [c for c in self.columns if c.how == "new"]


def _norm(text: str) -> str:
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text).casefold())


def _initials(title: str) -> str:
    return "".join(
        w[0]
        for w in re.findall(r"[A-Za-z0-9]+", title)
        if w.lower() not in {"of", "and", "the", "for", "&"}
    )


def _letterish(value: str, scheme: Scheme) -> bool | None:
    """True for letters, False for other text, None for an empty cell."""
    if not value.strip():
        return None
    try:
        return bool(parse(value, scheme))
    except LetterError:
        return False


def find_header(table: Table, scheme: Scheme) -> tuple[int, list[int]] | None:
    """The header row and its role columns, or None when no row looks like one."""
    rows = table.rows
    for r in range(min(HEADER_SEARCH, len(rows))):
        header = rows[r]
        named = [c for c, v in enumerate(header) if v.strip()]
        if len(named) < 2:
            continue
        below = rows[r + 1 : r + 1 + SAMPLE]
        role_cols = []
        for c in named:
            kinds = [_letterish(row[c], scheme) for row in below if c < len(row)]
            filled = [k for k in kinds if k is not None]
            # A role column: the first value under the header is a letter, and most are.
            if (
                filled
                and filled[0]
                and sum(filled) >= 0.6 * len(filled)
                and not _letterish(header[c], scheme)
            ):
                role_cols.append(c)
        # A merged title row repeats one value across its columns: not a header.
        distinct = len({header[c] for c in role_cols}) == len(role_cols)
        if role_cols and distinct and any(c < min(role_cols) for c in named):
            return r, role_cols
    return None


def map_columns(headers: list[tuple[int, str]], org: Organisation | None) -> list[Column]:
    """Match each header to a role; the rest become new roles with ids from the header."""
    by: dict[str, dict[str, str]] = {"id": {}, "title": {}, "initials": {}, "holder": {}}
    if org is not None:
        for role in org.roles.values():
            by["id"].setdefault(_norm(role.id), role.id)
            by["title"].setdefault(_norm(role.title), role.id)
            by["initials"].setdefault(_norm(_initials(role.title)), role.id)
            for h in role.holders:
                person = org.people.get(h)
                by["holder"].setdefault(_norm(person.name if person else h), role.id)
    taken = Ids()
    taken.taken.update(org.roles if org is not None else ())
    out: list[Column] = []
    for index, header in headers:
        key = _norm(header)
        for how in ("id", "title", "initials", "holder"):
            if key in by[how]:
                out.append(Column(index, header, by[how][key], how))
                break
        else:
            out.append(Column(index, header, taken.make(slug(header)), "new"))
    return out


def read_matrix(table: Table, org: Organisation | None, scheme: Scheme = RACI) -> MatrixImport:
    """Everything readable in the table, and a problem for everything else."""
    result = MatrixImport()
    found = find_header(table, scheme)
    if found is None:
        result.problems.append(
            CellProblem(
                table.ref(0, 0),
                "no header row found: no row has role names above columns of "
                f"{scheme.name} letters",
            )
        )
        return result
    header_row, role_cols = found
    result.header_row = header_row
    header = table.rows[header_row]
    first_role = min(role_cols)
    text_cols = [
        c
        for c in range(first_role)
        if any(table.cell(r, c) for r in range(header_row + 1, len(table.rows)))
    ]
    if not text_cols:
        result.problems.append(
            CellProblem(table.ref(header_row, 0), "no activity column left of the role columns")
        )
        return result
    # The activity column is the fullest text column (the rightmost on a tie); an area
    # column left of it repeats its values or leaves cells empty.
    below = range(header_row + 1, len(table.rows))
    filled = {c: sum(1 for r in below if table.cell(r, c)) for c in text_cols}
    activity_col = max(reversed(text_cols), key=lambda c: filled[c])
    area_col = next(
        (
            c
            for c in reversed(text_cols)
            if c < activity_col
            and len({table.cell(r, c) for r in below if table.cell(r, c)}) < filled[activity_col]
        ),
        None,
    )
    result.columns = map_columns([(c, header[c]) for c in role_cols], org)
    for other in range(first_role, len(header)):
        if header[other].strip() and other not in role_cols:
            result.problems.append(
                CellProblem(
                    table.ref(header_row, other),
                    f"column {header[other]!r} holds no {scheme.name} letters; skipped",
                )
            )
    ids = Ids()
    ids.taken.update(org.activities if org is not None else ())
    area: str | None = None
    for r in range(header_row + 1, len(table.rows)):
        title = table.cell(r, activity_col)
        if area_col is not None and table.cell(r, area_col):
            area = _area(result, table.cell(r, area_col), ids)
        cells = [(col, table.cell(r, col.index)) for col in result.columns]
        if not title:
            if any(v for _, v in cells):
                result.problems.append(
                    CellProblem(
                        table.ref(r, activity_col),
                        "letters in a row without an activity title; row skipped",
                    )
                )
            continue
        if (
            area_col is None
            and not any(v for _, v in cells)
            and _followed_by_letters(table, r, activity_col, result.columns)
        ):
            area = _area(result, title, ids)  # a section row: a title and no letters
            continue
        act = ImportedActivity(ids.make(slug(title)), title, area)
        for col, value in cells:
            try:
                letters = parse(value, scheme)
            except LetterError as exc:
                result.problems.append(CellProblem(table.ref(r, col.index), str(exc)))
                continue
            for letter in sorted(letters):
                act.letters.setdefault(letter, []).append(col.role)
        result.activities.append(act)
    if not result.activities:
        result.problems.append(
            CellProblem(
                table.ref(header_row + 1, activity_col), "no activity rows below the header"
            )
        )
    return result


def _followed_by_letters(table: Table, row: int, title_col: int, columns: list[Column]) -> bool:
    """A row with a title and no letters is a section (an area) when the next titled
    row has letters."""
    for r in range(row + 1, len(table.rows)):
        if table.cell(r, title_col):
            return any(table.cell(r, c.index) for c in columns)
    return False


def _area(result: MatrixImport, title: str, ids: Ids) -> str:
    for aid, existing in result.areas.items():
        if existing == title:
            return aid
    aid = ids.make(slug(title))
    result.areas[aid] = title
    return aid


def to_yaml(result: MatrixImport, source: str, scheme: Scheme = RACI) -> tuple[str, str | None]:
    """The responsibilities file, and the new-roles file (None when there are none)."""
    import yaml

    order = {x.letter: i for i, x in enumerate(scheme.letters)}

    def dump(data: Any) -> str:
        text: str = yaml.safe_dump(
            data, sort_keys=False, allow_unicode=True, width=100, default_flow_style=None
        )
        return text

    def activity(a: ImportedActivity) -> dict[str, Any]:
        entry: dict[str, Any] = {"id": a.id, "title": a.title}
        if a.letters:
            ordered = sorted(a.letters.items(), key=lambda kv: order.get(kv[0], 99))
            entry["raci"] = {k: v[0] if len(v) == 1 else v for k, v in ordered}
        return entry

    top: list[dict[str, Any]] = []
    for aid, title in result.areas.items():
        children = [activity(a) for a in result.activities if a.area == aid]
        top.append({"id": aid, "title": title, "activities": children})
    top += [activity(a) for a in result.activities if a.area is None]
    head = f"# Imported by `raci import matrix` from {source}.\n"
    body = dump({"scope": [c.role for c in result.columns], "activities": top})
    roles = None
    if result.new_roles:
        roles = head + "# Roles for columns that matched no role: add reports_to and holders.\n"
        roles += dump({"roles": [{"id": c.role, "title": c.header} for c in result.new_roles]})
    return head + body, roles


def write(result: MatrixImport, out: Path, stem: str, source: str) -> list[Path]:
    """Write the YAML files into `out`; the files written."""
    out.mkdir(parents=True, exist_ok=True)
    responsibilities, roles = to_yaml(result, source)
    written = [out / f"{stem}.yaml"]
    atomic_write_text(written[0], responsibilities)
    if roles is not None:
        written.append(out / f"{stem}-roles.yaml")
        atomic_write_text(written[1], roles)
    return written


def copy_org(org: Organisation, out: Path) -> None:
    """Copy an org's YAML files into `out`, so the folder is a whole org to check."""
    out.mkdir(parents=True, exist_ok=True)
    root = org.source if org.source.is_dir() else org.source.parent
    for path in org.files:
        target = out / path.relative_to(root)
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(target, path.read_text(encoding="utf-8"))
