"""`raci import matrix`: a RACI matrix made by hand, however messy, into YAML.

`raci.imports.matrix_layout` finds where things are (header rows, activity, area,
role and attribute columns, legend, scheme, long or transposed shapes). This
module reads the cells: rows are activities; columns become roles, matched to the
org's roles by id, title, the initials of a title (CPO = Chief Product Officer) or
a holder's name, ignoring case and spaces; the others become new roles.

Nothing is lost: every non-empty cell of a role column becomes letters (odd
combinations such as `C/I` too: `conflicting-letters` judges them), a none-marker,
or an unknown letter written as its own key under `raci:`, which `raci check`
reports as `invalid-letter`; the activity's `origin` names its row and the cell.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from raci.atomic import atomic_write_text
from raci.errors import RaciError
from raci.imports.ids import Ids, slug
from raci.imports.matrix_layout import (
    LETTER,
    NONE_MARKERS,
    NONE_WORDS,
    NOTE_STARTS,
    Classifier,
    Grid,
    Layout,
    Skipped,
    detect,
    letter_header,
    norm,
)
from raci.imports.names import NAME_WORD, comma_people
from raci.imports.tabular import (
    ERRORS,
    CellProblem,
    Table,
    error_value,
    no_value,
    zero_value,
)
from raci.letters import LetterError
from raci.model import Organisation
from raci.scheme import RACI, SCHEMES, Scheme

# Between names in a long matrix's cell; a comma is decided apart (`_split_names`).
_NAME_SPLIT = re.compile(r"\s*(?:[;/\n]|\band\b|&)\s*", re.IGNORECASE)
_COMMA = re.compile(r"\s*,\s*")
# Words that name a role or a team, never a person: 'Legal, Finance' is two names.
_FUNCTION_WORDS = re.compile(
    r"\b(lead|leads|manager|head|chief|officer|director|vp|engineer|engineering|owner|team|"
    r"board|committee|analyst|architect|sponsor|admin|specialist|coordinator|president|"
    r"executive|counsel|department|group|office|ops|operations|legal|finance|sales|"
    r"marketing|support|product|security|design|hr|it|qa|pmo|procurement|compliance|risk|"
    r"audit|data|platform|customer|customers|partners|vendor|vendors|users|staff|all|"
    r"everyone|client|steering|council|developer|developers|designer|tester|consultant)\b",
    re.IGNORECASE,
)


class MatrixOptionError(RaciError):
    """An override names a row or column the sheet does not have."""


@dataclass
class Column:
    index: int  # -1 for a role named in a long matrix's cells
    header: str
    role: str
    how: str  # "id", "title", "initials", "holder", or "new"
    holder: str | None = None  # a person's name from a second header row
    tag: str | None = None  # a group row's value above the column
    letters: int = 0  # cells kept as letters
    note: str | None = None


@dataclass
class Unread:
    """A cell that names no letter: written as its own key, reported by `raci check`."""

    value: str
    role: str
    cell: str


@dataclass
class ImportedActivity:
    id: str
    title: str
    area: str | None
    origin: str = ""
    letters: dict[str, list[str]] = field(default_factory=dict)  # letter -> role ids
    unread: list[Unread] = field(default_factory=list)
    attributes: dict[str, str] = field(default_factory=dict)


@dataclass
class MatrixImport:
    layout: Layout | None = None
    columns: list[Column] = field(default_factory=list)
    areas: dict[str, str] = field(default_factory=dict)  # id -> title
    activities: list[ImportedActivity] = field(default_factory=list)
    problems: list[CellProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    attributes: list[str] = field(default_factory=list)  # attribute column headers
    cells_read: int = 0
    cells_letters: int = 0
    cells_none: int = 0
    # The cells of formulas saved without a computed value: reported as problems.
    formula_cells: set[str] = field(default_factory=set)
    scheme_note: str | None = None  # in `notes` too; `describe` shows the scheme apart

    @property
    def header_row(self) -> int | None:
        if self.layout is None or not self.layout.header_rows:
            return None
        return self.layout.header_rows[0]

    @property
    def new_roles(self) -> list[Column]:
        return [c for c in self.columns if c.how == "new"]

    @property
    def cells_reported(self) -> int:
        return sum(len(a.unread) for a in self.activities)

    @property
    def scheme(self) -> Scheme | None:
        return self.layout.scheme if self.layout is not None else None

    def unread(self) -> list[str]:
        """'RACI!D9: 'yes' is not a RACI letter; kept for `raci check`', one per cell."""
        name = self.scheme.name if self.scheme else "RACI"
        return [
            f"{u.cell}: {u.value!r} is not a {name} letter; written for `raci check` to report"
            for a in self.activities
            for u in a.unread
            if u.cell not in self.formula_cells
        ]

    def skipped(self) -> list[str]:
        """'legend rows 9, 10, 11', one line per reason, for the import's summary."""
        if self.layout is None:
            return []
        by: dict[str, list[str]] = {}
        what = "columns" if self.layout.transposed else "rows"
        for s in sorted(self.layout.skipped, key=lambda s: s.row):
            reason = "areas" if s.reason.startswith("area ") else s.reason
            name = _Names(self.layout.transposed).row(s.row).split()[-1]
            by.setdefault(reason, []).append(name)
        return [f"skipped {what} ({reason}): {', '.join(rows)}" for reason, rows in by.items()]

    def summary(self) -> str:
        """'cells read: 40 = 36 kept as letters + 2 none-markers + 2 reported'."""
        return (
            f"cells read: {self.cells_read} = {self.cells_letters} kept as letters + "
            f"{self.cells_none} none-markers + {self.cells_reported} reported"
        )


def _initials(title: str) -> str:
    return "".join(
        w[0]
        for w in re.findall(r"[A-Za-z0-9]+", title)
        if w.lower() not in {"of", "and", "the", "for", "&"}
    )


class RoleMatcher:
    """Role ids for headers or names: the org's by id, title, initials or holder, else new."""

    def __init__(self, org: Organisation | None) -> None:
        self.by: dict[str, dict[str, str]] = {"id": {}, "title": {}, "initials": {}, "holder": {}}
        if org is not None:
            for role in org.roles.values():
                self.by["id"].setdefault(norm(role.id), role.id)
                self.by["title"].setdefault(norm(role.title), role.id)
                self.by["initials"].setdefault(norm(_initials(role.title)), role.id)
                for h in role.holders:
                    person = org.people.get(h)
                    self.by["holder"].setdefault(norm(person.name if person else h), role.id)
        self.ids = Ids()
        self.ids.taken.update(org.roles if org is not None else ())

    def match(self, index: int, header: str) -> Column:
        return self.find(index, header) or Column(index, header, self.ids.make(slug(header)), "new")

    def find(self, index: int, header: str) -> Column | None:
        """The org's role the header names, or None (no new id is taken)."""
        key = norm(header)
        for how in ("id", "title", "initials", "holder"):
            if key and key in self.by[how]:
                return Column(index, header, self.by[how][key], how)
        return None


def map_columns(headers: list[tuple[int, str]], org: Organisation | None) -> list[Column]:
    """Match each header to a role; the rest become new roles with ids from the header."""
    matcher = RoleMatcher(org)
    return [matcher.match(index, header) for index, header in headers]


def column_index(spec: str, grid: Grid, layout: Layout | None) -> int:
    """A column given as a letter ('F') or a header name, 0-based, inside the sheet."""
    text = spec.strip()
    if re.fullmatch(r"[A-Za-z]{1,3}", text) and _header_named(text, grid, layout) is None:
        from openpyxl.utils import column_index_from_string, get_column_letter

        index = int(column_index_from_string(text.upper())) - 1
        if index >= grid.width:
            last = get_column_letter(grid.width) if grid.width else "none"
            raise MatrixOptionError(
                f"column {text.upper()} is past the sheet's last column ({last})"
            )
        return index
    found = _header_named(text, grid, layout)
    if found is None:
        raise MatrixOptionError(f"no column {spec!r}: give a column letter or a header name")
    return found


def _header_named(name: str, grid: Grid, layout: Layout | None) -> int | None:
    rows = layout.header_rows if layout is not None else []
    for r in rows:
        for c, value in enumerate(grid.rows[r]):
            if norm(value) == norm(name) and norm(name):
                return c
    return None


def role_columns(spec: str, grid: Grid, layout: Layout | None) -> list[int]:
    """`B:K`, `B,D,F`, or header names separated by commas."""
    out: list[int] = []
    for part in spec.split(","):
        if ":" in part:
            lo, hi = (column_index(x, grid, layout) for x in part.split(":", 1))
            out.extend(range(min(lo, hi), max(lo, hi) + 1))
        elif part.strip():
            out.append(column_index(part, grid, layout))
    return list(dict.fromkeys(out))  # a column named twice is one role


def _transposed(grid: Grid, layout: Layout, org: Organisation | None) -> bool:
    """Activities as columns and roles as rows: the headers read like activities."""
    if layout.activity_col is None or not layout.header_rows or layout.shape != "wide":
        return False
    header = layout.header_rows[0]
    corner = norm(grid.cell(header, layout.activity_col))
    if corner in ("role", "roles", "name", "names", "stakeholder", "stakeholders", "person"):
        return True
    if corner in ("activity", "activities", "task", "tasks", "deliverable", "process", "step"):
        return False
    heads = [grid.cell(header, c) for c in layout.role_cols if grid.cell(header, c)]
    titles = [
        grid.cell(r, layout.activity_col)
        for r in range(layout.data_start, len(grid.rows))
        if grid.cell(r, layout.activity_col)
    ]
    if not heads or not titles:
        return False
    if org is not None:
        matcher = RoleMatcher(org)
        as_cols = sum(matcher.match(0, h).how != "new" for h in heads)
        as_rows = sum(matcher.match(0, t).how != "new" for t in titles)
        if as_cols != as_rows:
            return as_rows > as_cols

    def words(values: list[str]) -> float:
        return sum(len(v.split()) for v in values) / len(values)

    return words(heads) >= 2.5 and words(heads) >= 2 * words(titles)


@dataclass(frozen=True)
class Options:
    """Overrides of detection. `header_row` is 0-based; `activity_column` and `roles`
    are column letters or header names; `transpose` None means detect."""

    scheme: Scheme | None = None
    scheme_how: str = "given"
    header_row: int | None = None
    activity_column: str | None = None
    roles: str | None = None
    transpose: bool | None = None


def read_matrix(
    table: Table,
    org: Organisation | None,
    scheme: Scheme | None = None,
    options: Options = Options(),
) -> MatrixImport:
    """Everything in the table: letters, none-markers, and unread cells kept for check."""
    scheme = scheme or options.scheme
    header_row, activity_column = options.header_row, options.activity_column
    roles, transpose = options.roles, options.transpose
    # A title or section label merged from the left edge over the letter columns is
    # read once, where it is written: filled into the merged cells it reads as letters.
    # Detection does not see it at all ('C' over row 6 is no letter of column A).
    edge = _left_edge(table)
    rows, unfilled = _unfill(table, table.rows, lambda m: m[1] == edge)
    seen, _ = _unfill(table, table.rows, lambda m: m[1] == edge, keep=False)
    grid = Grid(table.name, seen, bool(transpose))
    layout = _detect(grid, scheme, header_row, activity_column, roles)
    if transpose is None and _transposed(grid, layout, org):
        grid = Grid(table.name, seen, True)
        layout = _detect(grid, scheme, header_row, activity_column, roles)
        layout.reasons.insert(0, "transposed: activities run across, roles down")
    elif transpose:
        layout.reasons.insert(0, "transposed (--transpose)")
    if scheme is not None:
        layout.scheme_how = options.scheme_how
    result = MatrixImport(layout)
    if layout.activity_col is None or not (layout.role_cols or layout.header_rows):
        scheme_name = layout.scheme.name
        result.problems.append(
            CellProblem(
                grid.ref(0, 0),
                "no header row found: no row has role names above columns of "
                f"{scheme_name} letters",
            )
        )
        return result
    act, role_cols, start = layout.activity_col, set(layout.role_cols), layout.data_start

    def over_letters(m: _Range) -> bool:
        """Covers the activity column and a role column below the header."""
        r1, c1, r2, c2 = m
        if grid.transposed:
            r1, c1, r2, c2 = c1, r1, c2, r2
        return r2 >= start and c1 <= act <= c2 and any(c1 <= c <= c2 for c in role_cols)

    rows, more = _unfill(table, rows, lambda m: m not in unfilled and over_letters(m))
    text_cols = {*role_cols, act, layout.area_col, layout.name_col}
    text_rows = {*layout.header_rows, layout.holder_row, layout.group_row}

    def holds_text(r: int, c: int) -> bool:
        """Letters, names and titles: where a formula's 0 is no value."""
        r, c = (c, r) if grid.transposed else (r, c)
        return c in text_cols or r in text_rows

    zeros = {at: x.formula for at, x in table.zeros.items() if holds_text(*at)}
    # found where the values are; each formula is then read as a value
    rows = _with_formulas(table, rows, zeros)
    if rows is not seen:
        grid = Grid(table.name, rows, grid.transposed)
    for r1, c1, r2, c2 in sorted([*unfilled, *more]):
        if over_letters((r1, c1, r2, c2)):
            result.notes.append(
                f"{table.ref(r1, c1)}:{table.ref(r2, c2).rsplit('!', 1)[-1]}: "
                f"{table.cell(r1, c1)!r} is merged across the activity and role columns: "
                "read once, as a title, not as letters"
            )
    if layout.shape == "long":
        _read_long(grid, layout, org, result)
    elif layout.shape == "list":
        _read_list(grid, layout, org, result)
    else:
        _read_wide(grid, layout, org, result)
    _formula_problems(table, result, zeros)
    _misread(grid, layout, result, activity_column)
    # Said when the guess changes what is read: another scheme's letters, or cells that
    # another scheme might read. Not on a sheet where nothing was read.
    guessed = layout.scheme_how != "given" and result.activities
    if guessed and (layout.scheme.name != RACI.name or result.cells_reported):
        result.scheme_note = (
            f"scheme {layout.scheme.name}, {layout.scheme_how} (--scheme NAME chooses)"
        )
        result.notes.insert(0, result.scheme_note)
    if transpose:
        _check_transpose(Grid(table.name, seen), scheme, org, result)
    if not result.activities:
        where = (
            f"{grid.col_name(layout.activity_col)} (--activity-column)" if activity_column else ""
        )
        if grid.transposed:
            said = "; --transpose was given" if transpose else ""
            what = f"no activity columns right of the header column{where and ' ' + where}"
            what += f" (transposed: roles down, activities across{said})"
        else:
            what = f"no activity rows below the header{where and ' in ' + where}"
        result.problems.append(CellProblem(grid.ref(layout.data_start, layout.activity_col), what))
    return result


def _misread(grid: Grid, layout: Layout, result: MatrixImport, given: str | None) -> None:
    """Letters read as activity titles or attributes: the layout, or an override, is off."""
    classify = Classifier(layout.scheme, layout.aliases)
    header = layout.header_rows[0] if layout.header_rows else layout.data_start
    scheme = layout.scheme.name

    def letters(col: int) -> tuple[int, int]:
        values = [grid.cell(r, col) for r in range(layout.data_start, len(grid.rows))]
        values = [v for v in values if v]
        return sum(classify.kind(v) == LETTER for v in values), len(values)

    assert layout.activity_col is not None
    found, filled = letters(layout.activity_col)
    if given and found and 2 * found >= filled:
        result.problems.append(
            CellProblem(
                grid.ref(header, layout.activity_col),
                f"--activity-column {given}: {found} of its {filled} cells are {scheme} "
                "letters, read as activity titles (is it a role column?)",
            )
        )
    for c, name in zip(layout.attribute_cols, result.attributes, strict=True):
        found, filled = letters(c)
        if found and 2 * found >= filled:
            side = "left of" if c < layout.activity_col else "beside"
            result.problems.append(
                CellProblem(
                    grid.ref(header, c),
                    f"{grid.col_name(c)} ({name!r}) holds {found} {scheme} letters but is "
                    f"read as an activity attribute, {side} the activities in "
                    f"{grid.col_name(layout.activity_col)}; --roles names the role columns",
                )
            )


def _check_transpose(
    plain: Grid, scheme: Scheme | None, org: Organisation | None, result: MatrixImport
) -> None:
    """--transpose given where the sheet reads as activities down and roles across."""
    layout = detect(plain, scheme)
    if layout.activity_col is None or not layout.role_cols or _transposed(plain, layout, org):
        return
    roles = ", ".join(repr(c.header) for c in result.columns[:3])
    more = ", ..." if len(result.columns) > 3 else ""
    result.notes.append(
        f"--transpose: without it the sheet reads as activities down "
        f"{plain.col_name(layout.activity_col)} and {len(layout.role_cols)} role columns "
        f"across; with it, the roles are {roles}{more}: leave --transpose out if those "
        "are activities"
    )


_Range = tuple[int, int, int, int]


def _left_edge(table: Table) -> int:
    """The sheet's leftmost column with a value."""
    return min((next(i for i, v in enumerate(r) if v) for r in table.rows if any(r)), default=0)


def _unfill(
    table: Table,
    rows: list[list[str]],
    chosen: Callable[[_Range], bool],
    keep: bool = True,
) -> tuple[list[list[str]], list[_Range]]:
    """The rows with the chosen merged ranges (of several columns) holding their value in
    their first cell only (or nowhere: not `keep`); the ranges."""
    ranges = [m for m in table.merged if m[3] > m[1] and chosen(m)]
    if not ranges:
        return rows, []
    rows = [list(row) for row in rows]
    for r1, c1, r2, c2 in ranges:
        for r in range(r1, min(r2 + 1, len(rows))):
            row = rows[r]
            for c in range(c1, min(c2 + 1, len(row))):
                if (r, c) != (r1, c1) or not keep:
                    row[c] = ""
    return rows, ranges


def _with_formulas(
    table: Table, rows: list[list[str]], zeros: dict[tuple[int, int], str]
) -> list[list[str]]:
    """The rows with each formula saved without a value, or with 0 where text belongs,
    as its text ('=IF(...)'): kept, and reported, rather than read as an empty cell or
    a none-marker."""
    if not table.formulas and not zeros:
        return rows
    rows = [list(row) for row in rows]
    for (r, c), formula in [*table.formulas.items(), *zeros.items()]:
        if r < len(rows):
            row = rows[r]
            row.extend([""] * (c + 1 - len(row)))
            row[c] = formula
    return rows


def _formula_problems(
    table: Table, result: MatrixImport, zeros: dict[tuple[int, int], str]
) -> None:
    """Each formula read as its text, and each of Excel's error values, at its cell."""
    unread = {u.cell for a in result.activities for u in a.unread}
    said = {at: no_value(f) for at, f in table.formulas.items()}
    said.update({at: zero_value(f) for at, f in zeros.items()})
    said.update({at: x.says() for at, x in table.errors.items()})
    for r, row in enumerate(table.rows):  # the same text in a CSV file, or typed
        if "#" in "\0".join(row):
            for c, value in enumerate(row):
                if value in ERRORS and (r, c) not in said:
                    said[r, c] = error_value(value)
    for (r, c), what in sorted(said.items()):
        ref = table.ref(r, c)
        how = "written for `raci check` to report" if ref in unread else "read as its text"
        result.problems.append(CellProblem(ref, f"{what}; {how}"))
        result.formula_cells.add(ref)


def _detect(
    grid: Grid,
    scheme: Scheme | None,
    header_row: int | None,
    activity_column: str | None,
    roles: str | None,
) -> Layout:
    if header_row is not None and header_row >= len(grid.rows):
        raise MatrixOptionError(
            f"--header-row {header_row + 1}: the sheet has {len(grid.rows)} rows"
        )
    layout = detect(grid, scheme, header_row=header_row)
    if activity_column is None and roles is None:
        return layout
    act = column_index(activity_column, grid, layout) if activity_column else None
    cols = role_columns(roles, grid, layout) if roles else None
    return detect(
        grid,
        scheme,
        header_row=layout.header_rows[0] if layout.header_rows else header_row,
        activity_col=act,
        role_cols=cols,
    )


def _read_wide(grid: Grid, layout: Layout, org: Organisation | None, result: MatrixImport) -> None:
    assert layout.activity_col is not None
    matcher = RoleMatcher(org)
    seen: dict[str, int] = {}
    group = ""  # the group over this role column, carried right over blank cells
    for c in layout.role_cols:
        header = next((grid.cell(r, c) for r in layout.header_rows if grid.cell(r, c)), "")
        holder = grid.cell(layout.holder_row, c) if layout.holder_row is not None else ""
        name = header or holder or grid.col_name(c).capitalize()
        seen[norm(name)] = seen.get(norm(name), 0) + 1
        note = None
        if seen[norm(name)] > 1:
            first = name
            name = f"{name} ({seen[norm(name)]})"
            note = f"{grid.col_name(c)} repeats the header {first!r}: role {name!r}"
            result.notes.append(note)
        column = (
            matcher.match(c, name)
            if note is None
            else Column(c, name, matcher.ids.make(slug(name)), "new")
        )
        if not header and holder:
            column = matcher.match(c, holder)
        else:
            column.holder = holder or None
        if column.holder and column.how != "new" and org is not None:
            role = org.roles[column.role]
            names = {norm(org.people[h].name if h in org.people else h) for h in role.holders}
            if norm(column.holder) not in names:
                result.notes.append(
                    f"{grid.col_name(c)}: {column.holder!r} (names row) does not hold "
                    f"{column.role}; the org's holders are kept"
                )
        column.note = note
        if layout.group_row is not None:
            group = grid.cell(layout.group_row, c) or (group if layout.group_spans else "")
            if group:
                column.tag = slug(group)
        result.columns.append(column)
    for c in layout.attribute_cols:
        result.attributes.append(
            next((grid.cell(r, c) for r in layout.header_rows if grid.cell(r, c)), "")
            or grid.col_name(c).capitalize()
        )
    classify = Classifier(layout.scheme, layout.aliases)
    ids = Ids()
    ids.taken.update(org.activities if org is not None else ())
    area: str | None = None
    act_col, area_col = layout.activity_col, layout.area_col
    header_values = [grid.rows[r] for r in layout.header_rows]
    rows = grid.rows
    read = {*layout.header_rows, layout.group_row, layout.holder_row, *layout.legend_rows}
    for r in range(min(layout.data_start, len(rows))):
        if r not in read and any(rows[r]):
            layout.skipped.append(Skipped(r, "above the header"))  # a title: named, not lost
    for r in range(layout.data_start, len(rows)):
        row = rows[r]
        if r in layout.legend_rows or not any(row):
            continue
        if row in header_values:
            layout.skipped.append(Skipped(r, "the header repeated"))
            continue
        title = grid.cell(r, act_col)
        if area_col is not None and grid.cell(r, area_col):
            area = _area(result, grid.cell(r, area_col), ids)
        n = len(row)
        cells = [(col, row[col.index] if col.index < n else "") for col in result.columns]
        filled = any(v for _, v in cells)
        if not filled and _note_row(row, title):
            layout.skipped.append(Skipped(r, "a note"))
            continue
        if not title:
            if not filled:
                layout.skipped.append(Skipped(r, "no activity title and no letters"))
                continue
            title = f"(untitled {grid.line(r)})"
            result.problems.append(
                CellProblem(grid.ref(r, act_col), f"letters in a row without a title: {title!r}")
            )
        elif area_col is None and not filled and _followed_by_letters(grid, r, act_col, result):
            area = _area(result, title, ids)  # a section row: a title and no letters
            layout.skipped.append(Skipped(r, f"area {title!r}"))
            continue
        act = ImportedActivity(ids.make(slug(title)), title, area, grid.line(r))
        for col, value in cells:
            if value:
                _cell(result, act, classify, value, col, grid, r)
        for c, name in zip(layout.attribute_cols, result.attributes, strict=True):
            if grid.cell(r, c):
                act.attributes[name] = grid.cell(r, c)
        result.activities.append(act)


def _cell(
    result: MatrixImport,
    act: ImportedActivity,
    classify: Classifier,
    value: str,
    col: Column,
    grid: Grid,
    row: int,
    at: int | None = None,  # the cell's column, when the role's column is not it
) -> None:
    result.cells_read += 1
    try:
        letters = classify.letters(value)
    except LetterError:
        where = grid.ref(row, col.index if at is None else at)
        act.unread.append(Unread(" ".join(value.split()), col.role, where))
        return
    if not letters:
        result.cells_none += 1
        return
    result.cells_letters += 1
    col.letters += 1
    for letter in letters:
        holders = act.letters.setdefault(letter, [])
        if col.role not in holders:
            holders.append(col.role)


def _note_row(row: list[str], title: str) -> bool:
    cells = [v for v in dict.fromkeys(row) if v]
    text = cells[0].casefold() if cells else ""
    return len(cells) == 1 and (text.startswith(NOTE_STARTS) or len(text) > 80 or not title)


def _read_long(grid: Grid, layout: Layout, org: Organisation | None, result: MatrixImport) -> None:
    """One row per activity; each letter column holds role or people names."""
    assert layout.activity_col is not None
    header = layout.header_rows[0]
    letter_of = {c: _long_letter(grid.cell(header, c), layout.scheme) for c in layout.role_cols}
    matcher = RoleMatcher(org)
    by_name: dict[str, Column] = {}
    ids = Ids()
    ids.taken.update(org.activities if org is not None else ())
    area: str | None = None
    alone = _single_names(grid, layout)
    whole: dict[str, str] = {}  # 'Smith, Jane' read as one name -> its first cell
    for r in range(layout.data_start, len(grid.rows)):
        row = grid.rows[r]
        if r in layout.legend_rows or not any(row):
            continue
        title = grid.cell(r, layout.activity_col)
        if layout.area_col is not None and grid.cell(r, layout.area_col):
            area = _area(result, grid.cell(r, layout.area_col), ids)
        filled = any(grid.cell(r, c) for c in layout.role_cols)
        if not title:
            if not filled:
                continue
            title = f"(untitled {grid.line(r)})"
            result.problems.append(
                CellProblem(
                    grid.ref(r, layout.activity_col), f"names in a row without a title: {title!r}"
                )
            )
        act = ImportedActivity(ids.make(slug(title)), title, area, grid.line(r))
        for c in layout.role_cols:
            value = grid.cell(r, c)
            if not value:
                continue
            result.cells_read += 1
            commas: list[tuple[str, list[str]]] = []
            names = [] if _nobody(value) else _split_names(value, matcher, alone, commas)
            for part, people in commas:
                _comma_people(result, part, people, grid.ref(r, c))
            names = [n for n in names if n.strip() and not _nobody(n)]
            for name in names:
                if "," in name:
                    whole.setdefault(name.strip(), grid.ref(r, c))
            if not names:
                result.cells_none += 1
                continue
            result.cells_letters += 1
            for name in names:
                column = _named(name.strip(), matcher, by_name, result)
                column.letters += 1
                holders = act.letters.setdefault(letter_of[c], [])
                if column.role not in holders:
                    holders.append(column.role)
        result.activities.append(act)
    if whole:
        shown = ", ".join(f"{name!r} ({cell})" for name, cell in list(whole.items())[:5])
        more = f" and {len(whole) - 5} more" if len(whole) > 5 else ""
        result.notes.append(
            f"read as one name each (Last, First), not split at the comma: {shown}{more}; "
            "separate two names with ';' or a new line"
        )


def _comma_people(result: MatrixImport, part: str, people: list[str], ref: str) -> None:
    """Say how a cell's commas were read when they could part people more than one way."""
    if people:
        shown = " and ".join(repr(p) for p in people)
        result.notes.append(
            f"{ref}: {part!r} read as {len(people)} people written 'Last, First': {shown}"
        )
        return
    pieces = [p for p in _COMMA.split(part) if p]
    result.problems.append(
        CellProblem(
            ref,
            f"{part!r}: {len(pieces)} names, or people written 'Last, First'? Read as "
            f"{len(pieces)} names ({', '.join(repr(p) for p in pieces)}), not guessed: "
            "separate people with ';' or a new line",
        )
    )


def _named(
    name: str, matcher: RoleMatcher, by_name: dict[str, Column], result: MatrixImport
) -> Column:
    """The role a name in a cell stands for: the org's (by id, title, initials, holder,
    or 'Last, First' of a holder), else a new one; each role one column of the result."""
    column = by_name.get(norm(name))
    if column is None:
        found = matcher.find(-1, name)
        if found is None and "," in name:
            found = matcher.find(-1, _first_last(name))
        column = by_name[norm(name)] = found or matcher.match(-1, name)
        column.header = name  # as written, when found as 'First Last'
        if column.role not in {x.role for x in result.columns}:
            result.columns.append(column)  # two names of one role: one column
    return column


def _single_names(grid: Grid, layout: Layout) -> set[str]:
    """The names a long matrix's cells hold without a comma: 'Alice, Bob' is two
    people when 'Alice' stands alone somewhere else."""
    out: set[str] = set()
    for r in range(layout.data_start, len(grid.rows)):
        for c in layout.role_cols:
            value = grid.cell(r, c)
            if value:
                out.update(norm(n) for n in _NAME_SPLIT.split(value) if "," not in n)
    return out


def _split_names(
    value: str,
    matcher: RoleMatcher,
    alone: set[str],
    commas: list[tuple[str, list[str]]] | None = None,
) -> list[str]:
    """The names in a long matrix's cell. `;`, `/`, new lines, `and`, `&` always part
    names; a comma does too, except in one name: a role the org has ('Sales, EMEA'),
    or a person written 'Last, First' (two parts that read as a person's names, and
    that do not stand alone elsewhere in the sheet). Several people written so
    ('Smith, Jane, Doe, John') are each one name; a part whose commas could part it
    either way ('Smith, Jane, John') is split at each and added to `commas` with no
    people, to be reported; a part read as people is added with them."""

    def one_person(last: str, first: str) -> bool:
        if matcher.find(-1, f"{first} {last}") is not None:
            return True
        pieces = (last, first)
        return (
            min(len(p.split()) for p in pieces) == 1
            and all(_name_like(p) and norm(p) not in alone for p in pieces)
            and not any(matcher.find(-1, p) for p in pieces)
        )

    out: list[str] = []
    for part in _NAME_SPLIT.split(value):
        if "," not in part:
            out.append(part)
            continue
        pieces = [p for p in _COMMA.split(part.strip()) if p]
        if matcher.find(-1, part.strip()) is not None:
            one = True
        elif len(pieces) != 2:
            people, unsure = comma_people(pieces, one_person)
            if (len(people) > 1 or unsure) and commas is not None:
                commas.append((part.strip(), people))
            if people:
                out.extend(people)
                continue
            one = False
        else:
            # 'Jane Smith, John Doe' is two people: a surname or a first name is one word
            # on at least one side ('van Dijk, Zoë', 'Smith, Jane Marie').
            one = one_person(*pieces)
        out.extend([part.strip()] if one else pieces)
    return out


def _name_like(text: str) -> bool:
    """One to three words that read as (part of) a person's name: capitalised, not
    an acronym, no role or team word."""
    words = text.split()
    return (
        1 <= len(words) <= 3
        and all(NAME_WORD.fullmatch(w) for w in words)
        and any(w[0].isupper() and not w.isupper() for w in words)
        and not _FUNCTION_WORDS.search(text)
    )


def _first_last(name: str) -> str:
    """'Smith, Jane' as 'Jane Smith', to match the org's holders."""
    last, _, first = name.partition(",")
    return f"{first.strip()} {last.strip()}"


def _read_list(grid: Grid, layout: Layout, org: Organisation | None, result: MatrixImport) -> None:
    """One row per activity, role and letters; the rows of one title are one activity.
    A name cell is one name, commas and all: it is the whole cell by construction."""
    assert layout.activity_col is not None
    assert layout.name_col is not None
    act_col, name_col, (letter_col,) = layout.activity_col, layout.name_col, layout.role_cols
    classify = Classifier(layout.scheme, layout.aliases)
    matcher = RoleMatcher(org)
    by_name: dict[str, Column] = {}
    by_title: dict[str, ImportedActivity] = {}
    ids = Ids()
    ids.taken.update(org.activities if org is not None else ())
    area: str | None = None
    for r in range(layout.data_start, len(grid.rows)):
        if r in layout.legend_rows or not any(grid.rows[r]):
            continue
        title, name = grid.cell(r, act_col), " ".join(grid.cell(r, name_col).split())
        if layout.area_col is not None and grid.cell(r, layout.area_col):
            area = _area(result, grid.cell(r, layout.area_col), ids)
        value = grid.cell(r, letter_col)
        if not title:
            if not (name or value):
                continue
            title = f"(untitled {grid.line(r)})"
            result.problems.append(
                CellProblem(grid.ref(r, act_col), f"a role and letters without a title: {title!r}")
            )
        act = by_title.get(title)
        if act is None:
            act = by_title[title] = ImportedActivity(
                ids.make(slug(title)), title, area, grid.line(r)
            )
            result.activities.append(act)
        if not name:
            if value:
                result.problems.append(
                    CellProblem(grid.ref(r, name_col), f"no role named for {value!r}: not read")
                )
            continue
        column = _named(name, matcher, by_name, result)
        if value:
            _cell(result, act, classify, value, column, grid, r, letter_col)


def _long_letter(header: str, scheme: Scheme) -> str:
    found = letter_header(header, scheme)
    assert found is not None  # detection chose the column for its letter header
    return found


def _nobody(name: str) -> bool:
    """'-', 'n/a', 'none' under a letter: nobody, not a role named '-'."""
    text = name.strip()
    return text.upper() in NONE_MARKERS or text.casefold() in NONE_WORDS


def _followed_by_letters(grid: Grid, row: int, title_col: int, result: MatrixImport) -> bool:
    """A row with a title and no letters is a section (an area) when the next titled
    row has letters."""
    for r in range(row + 1, len(grid.rows)):
        if grid.cell(r, title_col):
            return any(grid.cell(r, c.index) for c in result.columns)
    return False


def _area(result: MatrixImport, title: str, ids: Ids) -> str:
    for aid, existing in result.areas.items():
        if existing == title:
            return aid
    aid = ids.make(slug(title))
    result.areas[aid] = title
    return aid


_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9 _.()&/'+-]*")
_RESERVED = frozenset({"y", "n", "yes", "no", "true", "false", "on", "off", "null"})


def _q(text: str) -> str:
    """A YAML scalar for the text: plain when that reads back as the same string,
    else double-quoted with escapes (safe in block and flow context alike)."""
    if _PLAIN.fullmatch(text) and text[-1] != " " and text.casefold() not in _RESERVED:
        return text
    out = []
    for ch in text:
        o = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif 0x20 <= o <= 0x7E or (0xA0 <= o <= 0xFFFD and o not in (0x2028, 0x2029, 0xFEFF)):
            out.append(ch)
        elif o > 0xFFFF:
            out.append(f"\\U{o:08x}")
        else:
            out.append(f"\\u{o:04x}")
    return '"' + "".join(out) + '"'


def _flow(values: list[str]) -> str:
    return values[0] if len(values) == 1 else "[" + ", ".join(values) + "]"


def to_yaml(result: MatrixImport, source: str) -> tuple[str, str | None]:
    """The responsibilities file, and the new-roles file (None when there are none).

    The activities are written line by line (the YAML representer costs more than
    reading the sheet on a large matrix); `_q` quotes what a plain scalar would not
    read back as the same string.
    """
    import yaml

    scheme = result.scheme
    order = {x.letter: i for i, x in enumerate(scheme.letters)} if scheme else {}

    def dump(data: Any) -> str:
        text: str = yaml.dump(
            data,
            Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper),
            sort_keys=False,
            allow_unicode=True,
            width=100,
            default_flow_style=None,
        )
        return text

    lines: list[str] = []

    def activity(a: ImportedActivity, pad: str) -> None:
        origin = a.origin if a.origin.startswith(source) else f"{source} {a.origin}"
        if a.unread:
            origin += "; unreadable: " + ", ".join(f"{u.value!r} at {u.cell}" for u in a.unread)
        lines.append(f"{pad}- id: {_q(a.id)}")
        lines.append(f"{pad}  title: {_q(a.title)}")
        lines.append(f"{pad}  origin: {_q(origin)}")
        letters = {k: list(v) for k, v in a.letters.items()}
        for u in a.unread:
            holders = letters.setdefault(u.value, [])
            if u.role not in holders:
                holders.append(u.role)
        if letters:
            ordered = sorted(letters.items(), key=lambda kv: order.get(kv[0], 99))
            pairs = [f"{_q(k)}: {_flow([_q(r) for r in v])}" for k, v in ordered]
            flow = f"{pad}  raci: {{{', '.join(pairs)}}}"
            if len(flow) <= 100:
                lines.append(flow)
            else:
                lines.append(f"{pad}  raci:")
                lines.extend(f"{pad}    {pair}" for pair in pairs)
        if a.attributes:
            lines.append(f"{pad}  attributes:")
            lines.extend(f"{pad}    {_q(k)}: {_q(v)}" for k, v in a.attributes.items())

    head = f"# Imported by `raci import matrix` from {source}.\n"
    scope = [_q(r) for r in dict.fromkeys(c.role for c in result.columns)]
    flow_scope = f"scope: [{', '.join(scope)}]"
    lines += [flow_scope] if len(flow_scope) <= 100 else ["scope:", *(f"- {r}" for r in scope)]
    lines.append("activities:" if result.activities or result.areas else "activities: []")
    for aid, title in result.areas.items():
        lines += [f"- id: {_q(aid)}", f"  title: {_q(title)}", "  activities:"]
        for a in result.activities:
            if a.area == aid:
                activity(a, "  ")
    for a in result.activities:
        if a.area is None:
            activity(a, "")
    body = "\n".join(lines) + "\n"
    roles = None
    if result.new_roles:
        roles = head + "# Roles for columns that matched no role: add reports_to and holders.\n"
        people: dict[str, str] = {}
        entries = []
        for c in result.new_roles:
            entry: dict[str, Any] = {"id": c.role, "title": c.header}
            if c.holder:
                pid = people.setdefault(c.holder, slug(c.holder))
                entry["holders"] = [pid]
            if c.tag:
                entry["tags"] = [c.tag]
            entries.append(entry)
        doc: dict[str, Any] = {"roles": entries}
        if people:
            doc["people"] = [{"id": pid, "name": name} for name, pid in people.items()]
        roles += dump(doc)
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
    scheme = result.scheme
    if scheme is not None and scheme.name.lower() in SCHEMES and scheme.name != "RACI":
        from raci.config import find_config, load_config

        found = find_config(out)
        if found is None:  # so that `raci check DIR` reads the letters the same way
            written.append(out / "raci.toml")
            atomic_write_text(written[-1], f'scheme = "{scheme.name.lower()}"\n')
        elif load_config(found).scheme.name != scheme.name:
            result.notes.append(
                f"{found} does not select scheme {scheme.name}: add "
                f'scheme = "{scheme.name.lower()}" there, or raci check reads other letters'
            )
    return written


def copy_org(org: Organisation, out: Path) -> None:
    """Copy an org's YAML files into `out`, so the folder is a whole org to check."""
    out.mkdir(parents=True, exist_ok=True)
    root = org.source if org.source.is_dir() else org.source.parent
    for path in org.files:
        target = out / path.relative_to(root)
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(target, path.read_text(encoding="utf-8"))


def mapping(result: MatrixImport) -> str:
    """One line per role column: its header and the role it maps to."""
    lines = []
    for column in result.columns:
        how = "a new role" if column.how == "new" else f"by {column.how}"
        lines.append(f"column {column.header!r} -> {column.role} ({how})")
    return "\n".join(lines)


def describe(result: MatrixImport, source: str) -> str:
    """The detected layout, for --dry-run: every guess and how to override it."""
    layout = result.layout
    if layout is None:
        return f"{source}: no layout found"
    names = _Names(layout.transposed)
    row, col = names.row, names.col
    out = [f"file: {source}", f"sheet: {layout.sheet}"]
    out.append(f"scheme: {layout.scheme.name} ({layout.scheme_how})")
    out.append(f"shape: {layout.shape}" + (", transposed" if layout.transposed else ""))
    out.append("header: " + (", ".join(row(r) for r in layout.header_rows) or "none"))
    if layout.holder_row is not None:
        out.append(f"holders (people's names): {row(layout.holder_row)}")
    if layout.group_row is not None:
        out.append(f"groups (tags): {row(layout.group_row)}")
    if layout.activity_col is not None:
        out.append(f"activities: {col(layout.activity_col)}")
    if layout.name_col is not None:
        out.append(
            f"roles named in: {col(layout.name_col)}, letters in: {col(layout.role_cols[0])}"
        )
    out.append("areas: " + (col(layout.area_col) if layout.area_col is not None else "none"))
    out.append(f"roles: {len(result.columns)}")
    for c in result.columns:
        where = col(c.index) if c.index >= 0 else "named in cells"
        how = "new" if c.how == "new" else f"by {c.how}"
        extra = "".join(
            f", {x}"
            for x in (
                f"holder {c.holder!r}" if c.holder else "",
                f"tag {c.tag}" if c.tag else "",
                "no letters: a role in scope" if not c.letters else "",
            )
            if x
        )
        out.append(f"  {where}: {c.header!r} -> {c.role} ({how}), {c.letters} letters{extra}")
    if result.attributes:
        out.append("attributes: " + ", ".join(repr(a) for a in result.attributes))
    if layout.aliases:
        shown = ", ".join(f"{k} = {v or 'not involved'}" for k, v in layout.aliases.items())
        out.append(f"legend: {shown}")
    for skipped in sorted(layout.skipped, key=lambda s: s.row):
        out.append(f"skipped {row(skipped.row)}: {skipped.reason}")
    out += [f"skipped {col(c)}: legend" for c in layout.skipped_cols]
    out += [f"note: {note}" for note in result.notes if note != result.scheme_note]
    out += [f"guess: {reason}" for reason in layout.reasons]
    out.append(
        "override: --sheet NAME, --scheme NAME, --header-row N, --activity-column COL, "
        "--roles B:K, --transpose"
    )
    return "\n".join(out)


class _Names:
    """A grid row or column as the sheet shows it (swapped when transposed)."""

    def __init__(self, transposed: bool) -> None:
        self.transposed = transposed

    def row(self, index: int) -> str:
        return self._col(index) if self.transposed else f"row {index + 1}"

    def col(self, index: int) -> str:
        return f"row {index + 1}" if self.transposed else self._col(index)

    @staticmethod
    def _col(index: int) -> str:
        from openpyxl.utils import get_column_letter

        return f"column {get_column_letter(index + 1)}"
