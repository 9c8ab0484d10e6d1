"""`raci import org`: an HRIS or org-chart export (CSV or xlsx) into the native YAML.

Columns are recognised by name (`raci.imports.org_columns`), `--map COLUMN=FIELD`
names the rest. Each row is a person in a position: people with the same title
under the same manager share one role (with several holders), unless they manage
someone themselves; a row with a title and no name (or `VACANT`, `TBH`, `N/A`, `-`,
`#N/A`, ...: a cell that names nobody) is a vacant role, and the import says so by row
and column. Managers and dotted lines may be given by id, email or name in any
common form (`raci.imports.names`); the top person has no manager or reports to
themself. Position charts (a position id and a parent position id) and edge lists
(`source,target`, `child,parent`) are the same rows seen differently.

Broken data never stops the import: a manager not in the file (or a name that two
people answer to), a reporting cycle, duplicate ids, blank rows are problems with
their row number, and the data is written as it is, so `raci check` reports them
too; every role and person keeps its row in `origin`, which findings quote. A
person whose manager cannot be found reports to that name, never to anyone else.
Nothing is dropped: columns no field takes are attributes (a vacancy's go to its
role), and an id made from a value longer than an id may be is shortened, said, with
the value kept whole.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from raci import progress
from raci.atomic import atomic_write_text
from raci.cell_errors import ERRORS
from raci.hints import counted
from raci.imports.ids import ID_MAX, Ids, abbreviated, shorten, slug
from raci.imports.names import NameIndex, comma_people, split_name
from raci.imports.org_columns import (
    FIELDS,
    Columns,
    OrgImportError,
    Unread,
    find_columns,
    fold,
    is_header,
    is_vacant,
    no_manager,
    parse_map,
    placeholder,
    unread_cells,
)
from raci.imports.tabular import Table, ragged
from raci.paths import discover

__all__ = ["FIELDS", "OrgImport", "OrgImportError", "parse_map", "read_org", "to_yaml", "write"]

NAME_FIELDS = ("name", "first_name", "middle_name", "last_name")
# The fields a row is read by: a CSV row that ends before one of their columns is named
# (a cell left out, or a separator missing); one that ends before an attribute, an email
# or a team is not: hand-made files leave out trailing empty cells.
NEEDED = ("id", "name", "first_name", "last_name", "title", "manager")
NO_TITLE = "no title"  # not "(no title)": messages write "role 'x' (TITLE)"
ROWS_PER_STEP = 10_000  # progress per this many rows, not per row


@dataclass(frozen=True)
class RowProblem:
    row: int  # 1-based, as a spreadsheet shows it
    message: str


@dataclass
class Line:
    """How one row's manager was read: the position found, or why not."""

    boss: Position | None = None
    how: str = ""  # 'id', 'email', 'name', 'self', 'missing', 'ambiguous'
    # An ambiguous line's rows, and the cells as the problem quotes them: written into
    # the role's origin, so that `raci check` says again which rows it could be.
    could_be: tuple[Position, ...] = ()
    shown: str = ""
    said: str = ""  # why, when no rows are in question ('Last, First' names two people)

    def unsure(self, what: str) -> str:
        """'manager 'Alex Kim' could be rows 3 (role vp-sales), 4 (role vp-ops): ...'."""
        if not self.could_be:
            return self.said
        rows = ", ".join(f"{p.row} (role {p.role_id})" for p in self.could_be[:5])
        more = ", ..." if len(self.could_be) > 5 else ""
        return f"{what} {self.shown} could be rows {rows}{more}: not guessed"


@dataclass(eq=False)
class Position:
    """One row: a person (or nobody: a vacancy) in a position."""

    row: int
    key: str  # the row's id ('' when the export has no id column)
    name: str  # '' for a vacancy
    title: str
    email: str
    team: str
    manager: str
    dotted: list[str]
    extra: dict[str, str]
    given: str = ""
    family: str = ""
    others: tuple[str, ...] = ()  # the row's other manager columns, tried when `manager` fails
    person_id: str = ""
    role_id: str = ""
    line: Line = field(default_factory=Line)
    # A name cell read as a vacancy that may be none: a spreadsheet error ('#REF!').
    vacated: str = ""


@dataclass
class OrgImport:
    name: str
    positions: list[Position] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)  # field -> header
    detected: Columns | None = None
    rows: int = 0  # data rows read (blank ones and repeated headers not counted)
    unresolved: int = 0  # reporting and dotted lines that point at nobody found
    # Written out: role id -> its fields (title, reports_to, dotted_to, holders, team, rows)
    roles: dict[str, dict[str, object]] = field(default_factory=dict)
    # (name column(s), the cell as written) -> the rows where it was read as a vacancy
    vacated: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    # (role, its title, its first row, a title written otherwise) -> the rows sharing it
    retitled: dict[tuple[str, str, int, str], list[int]] = field(default_factory=dict)
    shortened: list[RowProblem] = field(default_factory=list)  # ids cut, or made unique
    teams: dict[str, str] = field(default_factory=dict)  # team name -> its id
    kept: list[str] = field(default_factory=list)  # "column 'Location' (as location)"
    # (column, what the cells hold, how they were read) -> the cells, said in a note
    # ('People!F3', or 'row 3' of a CSV file): error values and formulas saved without
    # a value in attribute columns, formulas saved with 0 in id and manager columns
    noted_cells: dict[tuple[str, str, str], list[str]] = field(default_factory=dict)
    # row -> field -> the error value read as empty there (said again in the origin)
    cleared: dict[int, dict[str, str]] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)  # title rows, the header again
    disagree: list[int] = field(default_factory=list)  # rows whose manager columns differ
    # the columns a short CSV row ends before -> the rows
    short: dict[tuple[str, ...], list[int]] = field(default_factory=dict)

    def notes(self) -> list[str]:
        """What was read other than as written, by where: 'rows 3, 4, column 'Name': ...'."""
        out = []
        for (column, text), rows in self.vacated.items():
            where = f"{'row' if len(rows) == 1 else 'rows'} {spans(rows)}, {column}"
            if text:
                out.append(f"{where}: {text!r} names nobody: read as vacant (no holder)")
            else:
                out.append(f"{where}: no name: read as vacant (no holder)")
        for (role, title, first, text), rows in self.retitled.items():
            out.append(
                f"{'row' if len(rows) == 1 else 'rows'} {spans(rows)}, {self.column('title')}: "
                f"{text!r} shares role {role!r} with row {first}, titled {title!r} there"
            )
        out += [f"row {n.row}, {n.message}" for n in self.shortened]
        for (column, what, how), cells in self.noted_cells.items():
            shown = ", ".join(cells[:5]) + (f" and {len(cells) - 5} more" if len(cells) > 5 else "")
            out.append(f"{column}: {counted(len(cells), 'cell')} with {what} ({shown}): {how}")
        out += self.skipped
        for headers, rows in self.short.items():
            names = ", ".join(repr(h) for h in headers)
            out.append(
                f"{'row' if len(rows) == 1 else 'rows'} {spans(rows)}: "
                f"{'ends' if len(rows) == 1 else 'end'} before column"
                f"{'s' if len(headers) > 1 else ''} {names}, which raci reads: read as empty"
            )
        if self.disagree and self.detected is not None:
            columns = self.detected
            named = [columns.at["manager"], *columns.fallback]
            out.append(
                f"{'row' if len(self.disagree) == 1 else 'rows'} {spans(self.disagree)}: the "
                f"manager columns ({', '.join(repr(columns.headers[c]) for c in named)}) name "
                "different people; --map COLUMN=manager reads one of them alone"
            )
        return out

    def other_columns(self) -> str:
        """The columns no field took, named once: they are kept as attributes, not lost."""
        if not self.kept:
            return ""
        return (
            "columns not recognised as a field, kept as attributes (of the person, or of a "
            f"vacant role): {', '.join(self.kept)}"
        )

    def column(self, *fields: str) -> str:
        """ "column 'Title'" (or "columns 'First' + 'Last'"): where a field was read."""
        headers = [repr(self.columns[f]) for f in fields if f in self.columns]
        return ("columns " if len(headers) > 1 else "column ") + " + ".join(headers)

    def check_length(
        self, made: str, base: str, row: int, fields: tuple[str, ...], kept: str
    ) -> None:
        """Say so, at the row and the fields' column, when `made` is `base` shortened."""
        if not made.startswith(base):
            where = self.column(*fields)
            self.shortened.append(
                RowProblem(
                    row,
                    f"{where}: the id made from it is {len(base)} characters, over the "
                    f"{ID_MAX} an id may have: shortened to {abbreviated(made)!r}; {kept}",
                )
            )

    @property
    def people(self) -> int:
        held = [p.person_id for p in self.positions if p.person_id]
        return len(set(held)) if self.detected and self.detected.positions else len(held)

    @property
    def reporting_lines(self) -> int:
        return sum(1 for p in self.positions if p.line.how and p.line.how != "self")

    def summary(self) -> str:
        """'12 rows, 11 people, 9 roles (1 vacant), 11 reporting lines (1 not resolved)'."""
        vacant = sum(1 for r in self.roles.values() if not r["holders"])
        return (
            f"{counted(self.rows, 'row')}, {counted(self.people, 'person', 'people')}, "
            f"{counted(len(self.roles), 'role')} ({vacant} vacant), "
            f"{counted(self.reporting_lines, 'reporting line')} "
            f"({self.unresolved} not resolved), {counted(len(self.problems), 'problem')}"
        )


def read_org(table: Table, mapping: dict[str, str], name: str) -> OrgImport:
    columns = find_columns(table, mapping)
    if table.delimited:  # too long for the header found, not for a title row's width
        table.problems[:] = ragged(table, columns.header_row)
    header = table.rows[columns.header_row]
    result = OrgImport(name, columns={f: header[c] for f, c in columns.at.items()})
    above = [r for r in range(columns.header_row) if any(table.rows[r])]
    if above:
        result.skipped.append(_above(table, above, columns.header_row))
    result.detected = columns
    cols = columns.at
    known = set(cols.values())
    extras = _attribute_columns(table, columns, known)
    result.kept = [_kept(header[c] if c < len(header) else "", c, k) for c, k in extras]
    if columns.positions:
        extras.append((cols["id"], "position_id"))
    # With first and last name columns the one-column name is not the person's name; when
    # it says more ('Whitfield, Dana (Contractor)'), it is kept as an attribute.
    spare: tuple[int, str] | None = None
    if {"name", "first_name", "last_name"} <= cols.keys():
        text = header[cols["name"]]
        base = slug(text).replace("-", "_") if text else "name"
        taken = {k for _, k in extras} | {"employee_id", "position_id"}
        key, n = base, 2
        while key in taken:
            key, n = f"{base}_{n}", n + 1
        spare = (cols["name"], key)
        parts = result.column("first_name", "middle_name", "last_name").removeprefix("columns ")
        result.kept.append(f"column {text!r} (as {key}, where it differs from {parts})")

    width = max(known) + 1
    fallback = columns.fallback
    at = {f: cols.get(f, -1) for f in FIELDS}  # -1: the empty cell added to every row

    def get(row: list[str], f: str) -> str:
        return row[at[f]]

    named = [f for f in NAME_FIELDS if f in cols]
    name_columns = result.column(*NAME_FIELDS)

    # Cells are stripped by the reader; a short row is padded once, not tested per field.
    first_field = min(cols, key=lambda f: cols[f])
    header_first = header[cols[first_field]].casefold()
    header_keys = {f: fold(header[c]) for f, c in cols.items()}
    unread = unread_cells(table, columns)
    fields_at = {c: f for f, c in cols.items()}
    repeated: list[int] = []  # rows that repeat the header (a page break in the export)
    shown = progress.current()
    shown.phase("reading rows", total=len(table.rows) - columns.header_row - 1)
    for r in range(columns.header_row + 1, len(table.rows)):
        if not (r - columns.header_row) % ROWS_PER_STEP:
            shown.advance(ROWS_PER_STEP)
        row = table.rows[r]
        given_cells = len(row)
        row = [*row, *[""] * (width - len(row)), ""]
        number = r + 1
        if r in unread:
            _unread(result, table, r, row, unread[r], fields_at, columns)
        if not any(row):
            continue  # blank rows separate nothing; skipping them loses nothing
        if (
            row[cols[first_field]].casefold() == header_first
            and sum(1 for f in cols if fold(get(row, f)) == header_keys[f]) >= 2
        ):
            repeated.append(number)  # the header again: a second page
            continue
        if r == columns.header_row + 1 and is_header(row, mapping):
            result.skipped.append(f"row {number}: a second header row (labels): skipped")
            continue
        result.rows += 1
        # Two name columns beat a one-column name ('WHITFIELD, DANA' in ADP's Payroll Name).
        given, family = get(row, "first_name"), get(row, "last_name")
        person = " ".join(x for x in (given, get(row, "middle_name"), family) if x)
        if not (given and family) and get(row, "name"):
            person, given, family = get(row, "name"), "", ""
        if "," in person and at["name"] >= 0 and person == row[at["name"]]:
            _two_people(result, table, r, at["name"], person)
        title = get(row, "title")
        vacant = is_vacant(person) if columns.edge_list else _vacant(person, given, family)
        # '#N/A' says nobody; '#REF!' and the others say a formula failed, so the role's
        # origin says why it is vacant, and `raci check`'s vacant-role quotes it.
        vacated = person if vacant and person in ERRORS and person != "#N/A" else ""
        if vacant or (not person and named and title):
            if not columns.edge_list:
                where = (
                    result.column("name")
                    if person == get(row, "name") and "name" in cols
                    else name_columns
                )
                result.vacated.setdefault((where, person), []).append(number)
            person, given, family = "", "", ""
            title = title or NO_TITLE
        if not person and not title:
            cells = _shown([v for v in row if v])
            result.problems.append(
                RowProblem(number, f"no name and no title: row skipped (its cells: {cells})")
            )
            continue
        manager = get(row, "manager")
        others = tuple(row[c] for c in fallback if c < len(row) - 1 and row[c])
        if not manager and others:
            manager, others = others[0], others[1:]
        if manager and no_manager(manager):
            manager = ""
        dotted_cell = get(row, "dotted")
        dotted = (
            [d.strip() for d in re.split(r"[;|]", dotted_cell) if d.strip()] if dotted_cell else []
        )
        if table.delimited and given_cells < width:
            cut = tuple(header[cols[f]] for f in NEEDED if cols.get(f, -1) >= given_cells)
            if cut:
                result.short.setdefault(cut, []).append(number)
        extra = {k: row[c] for c, k in extras if c < len(row) - 1 and row[c]}
        said = row[spare[0]] if spare and given and family else ""
        if spare and said and _words(said) != _words(person):
            extra[spare[1]] = said
        result.positions.append(
            Position(
                number,
                get(row, "id"),
                person,
                title or NO_TITLE,
                get(row, "email"),
                get(row, "team"),
                manager,
                dotted,
                extra,
                given if "first_name" in cols else "",
                family if "first_name" in cols or "last_name" in cols else "",
                others,
                vacated=vacated,
            )
        )
    if repeated:
        where = f"{'row' if len(repeated) == 1 else 'rows'} {spans(repeated)}"
        result.skipped.append(f"{where}: the header row again: skipped")
    if columns.edge_list:
        _edge_nodes(result)
    shown.phase("resolving managers")
    _resolve(result, keyed="id" in cols or columns.edge_list, titled="title" in cols)
    shown.close()
    return result


_ZERO_KEPT = (
    "read as 0, which may be real; if a program that does not compute formulas wrote the "
    "workbook (xlsxwriter, a script), open and save it in Excel or LibreOffice"
)


# Fields whose error value is kept as its text: a person's name and a role's title
# (ids and managers name rows, and an error value names none).
_KEPT_AS_TEXT = ("name", "title")


def _errors_said(result: OrgImport, p: Position) -> list[str]:
    """What the role's origin says of its row's error cells that are not in the YAML:
    a name read as vacant, a manager read as none (`raci check` quotes the origin)."""
    said = [f"name {p.vacated!r}, a spreadsheet error: read as vacant"] if p.vacated else []
    boss = result.cleared.get(p.row, {}).get("manager")
    if boss:
        said.append(f"manager {boss!r}, a spreadsheet error: read as none")
    return said


def _unread(
    result: OrgImport,
    table: Table,
    r: int,
    row: list[str],
    cells: list[Unread],
    fields_at: dict[int, str],
    columns: Columns,
) -> None:
    """Report a row's error values and unread formulas, by cell. '#N/A' in a name column
    stays, for the vacancy it says (and its note); a name, a title or an attribute
    keeps any other error value as its text (`raci check` reports it again); an id or
    manager keeps a formula's 0, said once per column; the rest is read as empty."""
    for cell in cells:
        f = fields_at.get(cell.col)
        column, where = _where(table, columns.headers, r, cell.col)
        if f is None or cell.zero:
            if cell.zero:
                what, how = "a formula saved with the value 0", _ZERO_KEPT
            elif cell.error is not None:
                what, how = "an error value", f"kept as its text {cell.error!r}"
            else:
                what, how = "a formula with no value", "read as empty"
            result.noted_cells.setdefault((column, what, how), []).append(
                table.ref(r, cell.col) if table.workbook else f"row {r + 1}"
            )
            continue
        if cell.error == "#N/A" and f == "name" and not columns.edge_list:
            continue
        if cell.error is not None and f in _KEPT_AS_TEXT and not columns.edge_list:
            # Not lost: `raci check` of what is written says it again, as the rule on
            # the text or, for a name that reads as nobody, as the vacancy's origin.
            how = (
                "read as vacant, which the role's origin says (raci check's vacant-role quotes it)"
                if f == "name" and placeholder(cell.error)
                else "kept as its text, which raci check reports (spreadsheet-error)"
            )
            result.problems.append(RowProblem(r + 1, f"{where}: {cell.says}; {how}"))
            continue
        row[cell.col] = ""
        if cell.error is not None:
            result.cleared.setdefault(r + 1, {})[f] = cell.error
        result.problems.append(RowProblem(r + 1, f"{where}: {cell.says}; read as empty"))


def _where(table: Table, headers: list[str], r: int, c: int) -> tuple[str, str]:
    """("column 'Title'", "People!C5 (column 'Title')"): a cell's column, and the cell
    itself too in a workbook (a CSV file's row is said before the message)."""
    name = headers[c] if c < len(headers) else ""
    column = f"column {name!r}" if name else f"column {_letter(c)}"
    return column, f"{table.ref(r, c)} ({column})" if table.workbook else column


def _two_people(result: OrgImport, table: Table, r: int, c: int, person: str) -> None:
    """A name cell that may hold several people ('Smith, Jane, Doe, John') is kept as
    one person's name (a row is one position: its id and email are one person's), and
    reported."""
    pieces = [p.strip() for p in person.split(",") if p.strip()]
    people, unsure = comma_people(pieces)
    if len(people) < 2 and not unsure:
        return
    _, where = _where(table, result.detected.headers if result.detected else [], r, c)
    what = (
        f"reads as {len(people)} people written 'Last, First' "
        f"({' and '.join(repr(p) for p in people)})"
        if people
        else "has commas that may part several people written 'Last, First'"
    )
    result.problems.append(
        RowProblem(
            r + 1,
            f"{where}: {person!r} {what}: kept as one person's name; give each person a "
            "row of their own",
        )
    )


def _above(table: Table, rows: list[int], header: int) -> str:
    """The title rows over the header, named by their first cells: not dropped unsaid."""
    texts = [" ".join(v for v in table.rows[r] if v) for r in rows]
    shown = _shown(texts)
    where = f"rows {spans([r + 1 for r in rows])}" if len(rows) > 1 else f"row {rows[0] + 1}"
    return f"{where}, above the header (row {header + 1}): not read as people: {shown}"


def _shown(texts: list[str], most: int = 5) -> str:
    """Cells quoted ("'Total', '2,3'"), long ones cut, at most five."""
    shown = ", ".join(repr(t if len(t) <= 60 else t[:40] + "...") for t in texts[:most])
    return shown + (f" and {len(texts) - most} more" if len(texts) > most else "")


def _words(name: str) -> list[str]:
    """A name's words, folded and sorted: 'Whitfield, Dana' and 'Dana Whitfield' agree."""
    return sorted(fold(w) for w in re.split(r"[\s,]+", name) if fold(w))


def _letter(c: int) -> str:
    """'F' for the 0-based column 5."""
    letters = ""
    c += 1
    while c:
        c, r = divmod(c - 1, 26)
        letters = chr(65 + r) + letters
    return letters


def _kept(header: str, c: int, key: str) -> str:
    """ "column 'Location' (as location)", "column F (no header, as column_f)"."""
    if not header:
        return f"column {_letter(c)} (no header, as {key})"
    if len(header) > 60:
        return f"column {header[:40] + '...'!r} ({len(header)} characters, as {key[:40]}...)"
    return f"column {header!r} (as {key})"


def _attribute_columns(table: Table, columns: Columns, known: set[int]) -> list[tuple[int, str]]:
    """(column, attribute key) of every column no field took, keys unique and YAML-safe.

    A column without a header is kept when any row has a value in it ('column_f').
    """
    header = table.rows[columns.header_row]
    body = table.rows[columns.header_row + 1 :]
    width = max((len(r) for r in body), default=0)
    # The row's own id is written as employee_id (a position chart's as position_id): a
    # second column of that name takes `_2` instead of replacing it.
    used = {"position_id"} if columns.positions else {"employee_id"}
    out = []
    for c in range(max(len(header), width)):
        text = header[c] if c < len(header) else ""
        if c in known or (not text and not any(c < len(r) and r[c] for r in body)):
            continue
        base = slug(text).replace("-", "_") if text else f"column_{_letter(c).lower()}"
        key, n = shorten(base), 2
        while key in used:
            key, n = shorten(f"{base}_{n}"), n + 1
        used.add(key)
        out.append((c, key))
    return out


def _vacant(person: str, given: str, family: str) -> bool:
    """A name (or every part of a two-column name) that names nobody: 'N/A', '-', 'TBH'."""
    if not person:
        return False
    if placeholder(person):
        return True
    parts = [x for x in (given, family) if x]
    return len(parts) > 1 and all(placeholder(x) for x in parts)


def spans(rows: list[int]) -> str:
    """'3-5, 9': row numbers, runs written as ranges."""
    out: list[str] = []
    start = prev = rows[0]
    for r in [*rows[1:], 0]:
        if r != prev + 1:
            out.append(str(start) if start == prev else f"{start}-{prev}")
            start = r
        prev = r
    return ", ".join(out)


def _edge_nodes(result: OrgImport) -> None:
    """In an edge list the top (and any manager without a line of their own) is only a source."""
    for p in result.positions:
        p.key = p.key or p.name
    known = {p.key for p in result.positions}
    for p in list(result.positions):
        if p.manager and p.manager not in known:
            known.add(p.manager)
            result.positions.append(
                Position(p.row, p.manager, p.manager, NO_TITLE, "", "", "", [], {})
            )


class _Finder:
    """Managers by id, then email, then name; the name index is built only when needed."""

    def __init__(self, positions: list[Position], keyed: bool) -> None:
        self.positions = positions
        self.by_key: dict[str, list[Position]] = {}
        if keyed:
            for p in positions:
                if p.key:
                    self.by_key.setdefault(p.key, []).append(p)
        self._emails: tuple[dict[str, list[Position]], dict[str, list[Position]]] | None = None
        self._names: NameIndex | None = None
        self._named: dict[str, list[Position]] = {}
        self._numbers: dict[str, list[Position]] | None = None

    def emails(self) -> tuple[dict[str, list[Position]], dict[str, list[Position]]]:
        """People by email, and by the part before the @ (another domain, same person)."""
        if self._emails is None:
            by_email: dict[str, list[Position]] = {}
            by_local: dict[str, list[Position]] = {}
            for p in self.positions:
                if p.email:
                    email = p.email.casefold()
                    by_email.setdefault(email, []).append(p)
                    if p.name:
                        by_local.setdefault(email.partition("@")[0], []).append(p)
            self._emails = (by_email, by_local)
        return self._emails

    def names(self) -> NameIndex:
        if self._names is None:
            self._names = NameIndex()
            for i, p in enumerate(self.positions):
                if p.name:
                    self._names.add(i, *split_name(p.name, p.given, p.family))
        return self._names

    def find(self, value: str) -> tuple[list[Position], str]:
        """Everyone `value` may mean, and how they were found ('' when nobody)."""
        hits = self.by_key.get(value)
        if hits:
            return hits, "id"
        if "@" in value:
            email = value.casefold()
            by_email, by_local = self.emails()
            hits = by_email.get(email) or by_local.get(email.partition("@")[0])
            if hits:
                return hits, "email"
        named = self._named.get(value)
        if named is None:  # a manager's name is on every report's row: look it up once
            found = self.names().find(value)
            named = self._named[value] = [self.positions[i] for i in found if isinstance(i, int)]
        if named:
            return named, "name"
        both = _NAME_AND_ID(value)
        if both:  # 'Dana Whitfield (W100)', as Workday writes a worker: the id, else the name
            for part in (both[2], both[1]):
                hits, how = self.find(part)
                if hits:
                    return hits, how
        return [], ""

    def same_number(self, value: str) -> list[Position]:
        """The rows whose id is `value` as a number written otherwise ('00123', '123.0').

        Not a match (spreadsheets drop leading zeros in one column and not in another,
        so which is right is the user's call): a hint in the problem about `value`.
        """
        number = _number(value)
        if number is None:
            return []
        if self._numbers is None:
            self._numbers = {}
            for key, rows in self.by_key.items():
                n = _number(key)
                if n is not None:
                    self._numbers.setdefault(n, []).extend(rows)
        return self._numbers.get(number, [])


_NUMBER = re.compile(r"0*(\d+?)(?:\.0+)?").fullmatch


def _number(text: str) -> str | None:
    found = _NUMBER(text)
    return found[1] if found else None


_NAME_AND_ID = re.compile(r"(.+?)\s*[(\[]([^()\[\]]+)[)\]]").fullmatch


def _resolve(result: OrgImport, keyed: bool, titled: bool) -> None:
    """Ids for people and roles, managers by id/email/name, roles shared by peers."""
    positions = result.positions
    finder = _Finder(positions, keyed)
    first_of: dict[str, Position] = {}
    duplicates: set[int] = set()
    person_ids = Ids()
    by_position = bool(result.detected and result.detected.positions)
    by_id = keyed and not by_position
    holder_ids: dict[str, Position] = {}  # a position chart: one person may hold two positions
    again: set[int] = set()  # the rows of a holder's second (third...) position
    for p in positions:
        first = first_of.get(p.key) if keyed and p.key else None
        if first is not None:
            duplicates.add(id(p))
            result.problems.append(
                RowProblem(
                    p.row, f"id {p.key!r} is also on row {first.row}: both kept (duplicate-id)"
                )
            )
        elif keyed and p.key:
            first_of[p.key] = p
        if p.name and by_position and fold(p.name) in holder_ids:
            held = holder_ids[fold(p.name)]
            again.add(id(p))
            p.person_id = held.person_id
            if p.key:
                held.extra["position_id"] = f"{held.extra.get('position_id', '')}; {p.key}"
        elif p.name:
            text = p.key if by_id and p.key else p.name
            base = text.lower() if text.isascii() and text.isalnum() else slug(text)
            if base[0].isdigit():
                base = f"p-{base}"  # employee numbers: '1001' -> 'p-1001'
            p.person_id = person_ids.make(base) if first is None else shorten(base)
            if first is None and by_id and p.key:
                kept = "the id is kept whole as employee_id"
                result.check_length(p.person_id, base, p.row, ("id",), kept)
            elif first is None:
                kept = "the name is kept whole"
                result.check_length(p.person_id, base, p.row, NAME_FIELDS, kept)
            if by_position:
                holder_ids[fold(p.name)] = p

    def lookup(p: Position, value: str, what: str, others: tuple[str, ...] = ()) -> Line:
        if value.count(",") > 1:
            people, unsure = comma_people([x.strip() for x in value.split(",") if x.strip()])
            if len(people) > 1 or unsure:
                named = " and ".join(repr(x) for x in people) if people else "several people"
                said = f"{what} {value!r} may name {named} (written 'Last, First'): not guessed"
                result.problems.append(RowProblem(p.row, f"{said} (unknown-reference)"))
                result.unresolved += 1
                return Line(None, "ambiguous", said=said)
        hits, how = finder.find(value)
        shown = repr(value) + "".join(f" (or {other!r})" for other in others)
        if len(hits) == 1:
            # Another manager column of the row that names someone else: an HR dataset's
            # ManagerID that numbers the managers apart from the employee ids finds a
            # person by id, the wrong one; the columns disagree, and neither is guessed.
            for other in others:
                if other in (hits[0].name, hits[0].key, hits[0].email):
                    continue  # agrees as written: no name index built for it
                found, _ = finder.find(other)
                if len(found) == 1 and found[0] is not hits[0]:
                    boss, theirs = hits[0], found[0]
                    who = repr(boss.name or boss.title) + (", itself" if boss is p else "")
                    result.problems.append(
                        RowProblem(
                            p.row,
                            f"{what} {value!r} is row {boss.row} ({who}), but {other!r} "
                            f"(another manager column) is row {theirs.row}: not guessed "
                            "(unknown-reference)",
                        )
                    )
                    result.unresolved += 1
                    result.disagree.append(p.row)
                    return Line(None, "ambiguous", (boss, theirs), shown)
            return Line(hits[0], "self" if hits[0] is p else how)
        for other in others:  # another manager column of the row names one person: theirs
            found, by = finder.find(other)
            if len(found) == 1 and found[0] is not p:
                return Line(found[0], f"{by}, from {other!r}")
        if not hits:
            alike = finder.same_number(value)
            hint = (
                f"; row {alike[0].row} has id {alike[0].key!r}, the same number written "
                "otherwise: not guessed"
                if len(alike) == 1
                else ""
            )
            message = f"{what} {shown} is not in the file{hint} (unknown-reference)"
            how = "missing"
        else:
            rows = ", ".join(str(h.row) for h in hits[:5]) + (", ..." if len(hits) > 5 else "")
            message = f"{what} {shown} could be rows {rows}: not guessed (unknown-reference)"
            how = "ambiguous"
        result.problems.append(RowProblem(p.row, message))
        result.unresolved += 1
        return Line(None, how, tuple(hits), shown)

    for p in positions:
        p.line = lookup(p, p.manager, "manager", p.others) if p.manager else Line()
    bosses = {id(p.line.boss) for p in positions if p.line.how != "self" and p.line.boss}
    _cycles(result, positions)
    tops = [p for p in positions if p.line.how in ("", "self")]
    for p in tops[1:]:
        result.problems.append(
            RowProblem(
                p.row,
                f"{p.name or p.title!r} reports to nobody, but row {tops[0].row} is already "
                "the top (multiple-roots)",
            )
        )

    # Roles: people with one title under one manager share a role. Without a title
    # column, nobody shares (one role per person). A manager, a
    # vacancy, a top person and a duplicate id's row each keep a role of their own,
    # and a manager that could not be found is the same manager only when written
    # the same way (an ambiguous name never is).
    role_of: dict[tuple[str, str], str] = {}
    first_holder: dict[str, Position] = {}
    role_ids = Ids()
    folded: dict[str, str] = {}
    slugs: dict[str, str] = {}
    for p in positions:
        line = p.line
        share: tuple[str, str] | None = None
        if titled and p.name and id(p) not in duplicates and id(p) not in bosses:
            if line.boss is not None and line.how != "self":
                title = folded.get(p.title) or folded.setdefault(p.title, fold(p.title))
                share = (title, f"boss {id(line.boss)}")
            elif line.how == "missing":
                share = (fold(p.title), f"missing {fold(p.manager)}")
        if share is not None and share in role_of:
            p.role_id = role_of[share]
            first = first_holder[p.role_id]
            if p.title != first.title:  # 'ENGINEER' under 'Engineer': said, not silent
                key = (p.role_id, first.title, first.row, p.title)
                result.retitled.setdefault(key, []).append(p.row)
            continue
        if titled or not p.name:
            base = slugs.get(p.title) or slugs.setdefault(p.title, slug(p.title))
        else:
            base = slug(p.name)  # no titles (an edge list): a role per person, named after them
        p.role_id = role_ids.make(base)
        if titled or not p.name:
            result.check_length(p.role_id, base, p.row, ("title",), "the title is kept whole")
        else:
            result.check_length(p.role_id, base, p.row, ("name",), "the name is kept whole")
        if share is not None:
            role_of[share] = p.role_id
            first_holder[p.role_id] = p

    def elsewhere(value: str, p: Position, what: str, line: Line) -> str:
        """An id for a manager not found (or ambiguous) that no role of this import has."""
        ref = slug(value) + ("-ambiguous" if line.how == "ambiguous" else "")
        made = shorten(ref if shorten(ref) not in role_ids.taken else f"{ref}-not-found")
        kept = "the cell is quoted whole in the problem about it"
        result.check_length(made, ref, p.row, (what,), kept)
        return made

    for p in positions:
        entry = result.roles.get(p.role_id)
        if entry is None:
            line = p.line
            if line.boss is not None and line.how != "self":
                reports_to: str | None = line.boss.role_id
            else:
                lost = line.how in ("missing", "ambiguous")
                reports_to = elsewhere(p.manager, p, "manager", line) if lost else None
            entry = result.roles[p.role_id] = {
                "id": p.role_id,
                "title": p.title,
                "reports_to": reports_to,
                "dotted_to": [],
                "holders": [],
                "team": p.team,
                "rows": [p.row],
                "unsure": ([line.unsure("manager")] if line.how == "ambiguous" else [])
                + _errors_said(result, p),
                # A vacancy's other cells have no person to go to: the role keeps them.
                "attributes": {} if p.name else _attributes(p, by_position),
            }
        else:
            rows = entry["rows"]
            assert isinstance(rows, list)
            rows.append(p.row)
        if id(p) in again:
            # The holder is written once, from their first position: this row's other
            # cells (its location, its cost center) stay with its own role.
            cells = entry["attributes"]
            assert isinstance(cells, dict)
            for k, v in p.extra.items():
                cells[k] = v if cells.get(k) in (None, v) else f"{cells[k]}; {v}"
        holders = entry["holders"]
        assert isinstance(holders, list)
        if p.person_id:
            holders.append(p.person_id)
        # Every holder's dotted lines, not only the first's: the role has them all.
        dotted = entry["dotted_to"]
        assert isinstance(dotted, list)
        for d in p.dotted:
            target = lookup(p, d, "dotted-line manager")
            ref = elsewhere(d, p, "dotted", target) if target.boss is None else target.boss.role_id
            if target.how == "ambiguous":
                unsure = entry["unsure"]
                assert isinstance(unsure, list)
                unsure.append(target.unsure("dotted-line manager"))
            if ref != p.role_id and ref not in dotted:
                dotted.append(ref)
    # 'Finance' and 'FINANCE', 'R&D' and 'R+D' make one id: two teams, each with its own
    # id and a note (one id for both was two teams to `raci check`, an error the import
    # did not report).
    team_ids = Ids()
    first_team: dict[str, Position] = {}
    for p in positions:
        if p.team and p.team not in result.teams:
            base = slug(p.team)
            team = result.teams[p.team] = team_ids.make(base)
            kept = "the team's name is kept whole"
            result.check_length(team, base, p.row, ("team",), kept)
            first = first_team.setdefault(shorten(base), p)
            if first is not p:
                result.shortened.append(
                    RowProblem(
                        p.row,
                        f"{result.column('team')}: {p.team!r} makes the same id as "
                        f"{first.team!r} (row {first.row}): team id {team!r}",
                    )
                )


def _cycles(result: OrgImport, positions: list[Position]) -> None:
    """Report each reporting cycle once, with the rows in it."""
    state: dict[int, int] = {}
    for start in positions:
        walk: list[Position] = []
        current: Position | None = start
        while current is not None and id(current) not in state:
            state[id(current)] = 1
            walk.append(current)
            line = current.line
            current = line.boss if line.how != "self" else None
        if current is not None and state.get(id(current)) == 1:
            cycle = walk[walk.index(current) :]
            rows = ", ".join(str(p.row) for p in cycle)
            result.problems.append(
                RowProblem(
                    min(p.row for p in cycle),
                    f"reporting cycle through rows {rows} (reporting-cycle)",
                )
            )
        for p in walk:
            state[id(p)] = 2


def preview(result: OrgImport, rows: int = 10) -> list[str]:
    """The first rows as raci read them, for --dry-run."""
    out = []
    for p in result.positions[:rows]:
        who = repr(p.name) if p.name else "vacant"
        line = p.line
        if not p.manager or line.how == "self":
            boss = "the top"
        elif line.boss is not None:
            boss = f"{p.manager!r} = row {line.boss.row} (by {line.how})"
        else:
            why = "not in the file" if line.how == "missing" else "several people match"
            boss = f"{p.manager!r} ({why})"
        ident = f"id {p.key!r}, " if p.key and p.key != p.name else ""
        out.append(f"row {p.row}: {ident}{who}, {p.title!r} -> role {p.role_id}, reports to {boss}")
    return out


_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]*").fullmatch
_RESERVED = re.compile(r"(?i)(y|n|yes|no|on|off|true|false|null|~|[0-9._e+-]+)").fullmatch
_QUOTABLE = re.compile(r'[^"\\\x00-\x1f\x7f\u2028\u2029]*').fullmatch  # as json.dumps would


def _q(value: str) -> str:
    """A YAML scalar: plain for ids, JSON-quoted (valid YAML) for any other text."""
    if _PLAIN(value) and not _RESERVED(value):
        return value
    if _QUOTABLE(value):
        return f'"{value}"'
    return json.dumps(value, ensure_ascii=False)


def _attributes(p: Position, positions: bool) -> dict[str, str]:
    """A row's other columns, and its id unless that is its name or a position's id."""
    attributes = dict(p.extra)
    if p.key and p.key != p.name and not positions:
        attributes.setdefault("employee_id", p.key)
    return attributes


def _attribute_lines(attributes: dict[str, str]) -> list[str]:
    if not attributes:
        return []
    return [
        "    attributes:",
        *(f"      {_key(k)}: {_q(v)}" for k, v in sorted(attributes.items())),
    ]


@functools.cache
def _key(key: str) -> str:
    """An attribute key as YAML text: `1`, `yes` or `null` quoted, so it stays a string."""
    return _q(key)


def to_yaml(result: OrgImport, source: str) -> str:
    """The native YAML for everything read (problems and all)."""
    lines = [
        f"# Imported by `raci import org` from {source}.",
        f"# Columns: {json.dumps(result.columns, ensure_ascii=False)}",
        f"name: {_q(result.name)}",
        "roles:",
    ]
    for entry in result.roles.values():
        lines.append(f"  - id: {_q(str(entry['id']))}")
        lines.append(f"    title: {_q(str(entry['title']))}")
        if entry["reports_to"]:
            lines.append(f"    reports_to: {_q(str(entry['reports_to']))}")
        dotted = entry["dotted_to"]
        if isinstance(dotted, list) and dotted:
            lines.append(f"    dotted_to: [{', '.join(_q(str(d)) for d in dotted)}]")
        holders = entry["holders"]
        lines.append(
            f"    holders: [{', '.join(_q(str(h)) for h in holders)}]"
            if isinstance(holders, list)
            else "    holders: []"
        )
        rows = entry["rows"]
        where = (
            f"row {rows[0]}"
            if isinstance(rows, list) and len(rows) == 1
            else (f"rows {', '.join(str(r) for r in rows)}" if isinstance(rows, list) else "")
        )
        unsure = entry["unsure"]
        said = "".join(f"; {u}" for u in unsure) if isinstance(unsure, list) else ""
        lines.append(f"    origin: {_q(f'{source} {where}{said}')}")
        attributes = entry["attributes"]
        if isinstance(attributes, dict):
            lines += _attribute_lines(attributes)
    lines.append("people:" if result.people else "people: []")
    seen: set[str] = set()
    for p in result.positions:
        if not p.person_id:
            continue
        duplicate = p.person_id in seen
        if duplicate and result.detected and result.detected.positions:
            continue  # the holder of two positions is one person
        seen.add(p.person_id)
        fields = [f"id: {_q(p.person_id)}", f"name: {_q(p.name)}"]
        if p.email:
            fields.append(f"email: {_q(p.email)}")
        lines.append("  - " + fields[0])
        lines += [f"    {f}" for f in fields[1:]]
        lines.append(f"    origin: {_q(f'{source} row {p.row}')}")
        positions = bool(result.detected and result.detected.positions)
        attributes = _attributes(p, positions) if not duplicate else dict(p.extra)
        lines += _attribute_lines(attributes)
    teams: dict[str, list[str]] = {}
    for entry in result.roles.values():
        if entry["team"]:
            teams.setdefault(str(entry["team"]), []).append(str(entry["id"]))
    if teams:
        lines.append("teams:")
        for team, members in teams.items():
            lines += [
                f"  - id: {_q(result.teams.get(team) or shorten(slug(team)))}",
                f"    name: {_q(team)}",
                "    kind: department",
                f"    members: [{', '.join(map(_q, members))}]",
                f"    origin: {_q(source + ' column ' + repr(result.columns.get('team')))}",
            ]
    return "\n".join(lines) + "\n"


def listed(paths: list[Path], most: int = 12) -> str:
    """'a.yaml, b.yaml and 3 more': a folder's files, without flooding the terminal."""
    shown = ", ".join(str(p) for p in paths[:most])
    return shown + (f" and {len(paths) - most} more" if len(paths) > most else "")


def joined(out: Path, target: Path, force: bool) -> list[Path]:
    """The YAML files in `out` besides `target`: an org the import would be read with.

    Refused (exit 2) unless `force`: two orgs in one folder are one org to `raci check`,
    with the first file's name and the same people twice.
    """
    if not out.is_dir():
        return []
    others = [p for p in discover(out) if p != target]
    if others and not force:
        raise OrgImportError(
            f"{out}: already holds an org ({listed(others)}); {target.name} written there would be "
            "read with it as one org (the first file's name, the same people twice). "
            f"Import into an empty folder, or give --force to write {target} there anyway "
            "(the files above are kept)"
        )
    return others


def write(result: OrgImport, out: Path, stem: str, source: str) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"{stem}.yaml"
    atomic_write_text(target, to_yaml(result, source))
    return target
