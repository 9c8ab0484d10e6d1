"""`raci import xlsx`: read an exported workbook back after a person edited it.

The hidden `_raci` sheet says where the hidden ids are; ids, not titles, map each
cell to its activity and role, so renamed titles, sorted or filtered rows and
inserted rows do not break the mapping. Every cell is read as a value (formulas
are never evaluated: a formula cell reads as the value the program that saved the
workbook computed) and checked against the scheme; a cell that is not a letter is
reported with its reference (`Matrix!F12`). So is a cell whose saved value misleads
(`raci.excel.formulas`): a formula saved without a value or with the value 0, and
Excel's error values (`#N/A`, `#REF!`): each would read as an empty cell (a deleted
letter) or as 0, so the org's letter is kept there instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from raci.excel import layout as L
from raci.excel.comments import comment_notes, comments
from raci.excel.formulas import Odd, scan
from raci.excel.safety import (
    EXCEL_COLS,
    EXCEL_ROWS,
    Book,
    WorkbookError,
    open_workbook,
    read_sheet,
)
from raci.hints import counted
from raci.imports.tabular import CellProblem, cell_ref
from raci.letters import LetterError, parse
from raci.model import Organisation
from raci.notation import cell_text
from raci.yamledit import LetterEdit, write_edits


@dataclass(frozen=True)
class Change:
    activity: str
    role: str
    old: str
    new: str
    cell: str

    def __str__(self) -> str:
        return f"{self.activity} / {self.role}: {self.old or '-'} -> {self.new or '-'}"

    def as_dict(self) -> dict[str, str]:
        return {
            "activity": self.activity,
            "role": self.role,
            "old": self.old,
            "new": self.new,
            "cell": self.cell,
        }


@dataclass
class Imported:
    """What an edited workbook says, against what the org says now."""

    changes: list[Change] = field(default_factory=list)
    problems: list[CellProblem] = field(default_factory=list)
    cells: int = 0
    # Activity ids the matrix rows name; the org's others are rows someone deleted.
    activities: set[str] = field(default_factory=set)
    # What the reader noticed that changes nothing (rows and columns deleted there).
    notes: list[str] = field(default_factory=list)

    def missing(self, org: Organisation) -> list[str]:
        """The org's activities that have no row in the workbook (deleted, or added since)."""
        return [aid for aid in org.activities if aid not in self.activities]


# The hidden sheet's numbers: the row or column each may name, at most.
_POSITIONS = {
    "id_row": EXCEL_ROWS,
    "id_col": EXCEL_COLS,
    "first_row": EXCEL_ROWS,
    "first_col": EXCEL_COLS,
}


@dataclass(frozen=True)
class Meta:
    scheme: str
    sheets: tuple[str, ...]  # the matrix, and the sheets it continues on
    id_row: int  # 0-based from here on
    id_col: int
    first_row: int
    first_col: int
    has_ids: bool = True  # the export had activities and roles
    # Activity -> the digest of its letters at export (none from older exports).
    digests: dict[str, str] = field(default_factory=dict)


def _meta(book: Book, path: Path) -> Meta:
    """The hidden sheet, every value checked: a damaged one is refused with its cell."""
    if L.META not in book.names:
        raise WorkbookError(
            f"{path}: not a workbook exported by raci (it has no hidden '{L.META}' sheet); "
            "for a matrix made by hand, use `raci import matrix`"
        )
    rows = read_sheet(book, L.META).rows
    found: dict[str, tuple[object, str]] = {}
    for r, row in enumerate(rows):
        if len(row) >= 2 and str(row[0]).strip():
            found.setdefault(str(row[0]).strip(), (row[1], cell_ref(L.META, r, 1)))
    damaged = f"{path}: the hidden '{L.META}' sheet is damaged"
    missing = [key for key in ("layout", "scheme", *_POSITIONS) if key not in found]
    if missing:
        raise WorkbookError(
            f"{damaged}: it has no {', '.join(repr(k) for k in missing)}; export the workbook again"
        )
    numbers: dict[str, int] = {}
    for key, most in {"layout": 10**6, **_POSITIONS}.items():
        value, cell = found[key]
        number = _whole(value)
        if number is None or not 1 <= number <= most:
            raise WorkbookError(
                f"{damaged}: {cell} ({key}) is {_shown(value)!r}, not a number from 1 "
                f"to {most:,}; export the workbook again"
            )
        numbers[key] = number
    if numbers["layout"] != L.LAYOUT_VERSION:
        raise WorkbookError(
            f"{path}: exported with layout {numbers['layout']}, this raci reads layout "
            f"{L.LAYOUT_VERSION}; export the workbook again"
        )
    if numbers["first_row"] <= numbers["id_row"] or numbers["first_col"] <= numbers["id_col"]:
        raise WorkbookError(
            f"{damaged}: the letters start at row {numbers['first_row']}, column "
            f"{numbers['first_col']}, not below and right of the ids (row "
            f"{numbers['id_row']}, column {numbers['id_col']}); export the workbook again"
        )
    sheet = str(found.get("sheet", (L.MATRIX, ""))[0])
    sheets = str(found["sheets"][0]).split("|") if "sheets" in found else [sheet]
    # An export with rows and columns has ids where the sheet says: none there means
    # the numbers point elsewhere, and reading on would silently find no edits.
    size = [_whole(found[k][0]) if k in found else None for k in ("rows", "cols")]
    return Meta(
        str(found["scheme"][0]),
        tuple(sheets),
        numbers["id_row"] - 1,
        numbers["id_col"] - 1,
        numbers["first_row"] - 1,
        numbers["first_col"] - 1,
        all(n is None or n > 0 for n in size),
        {
            key.removeprefix(L.DIGEST_KEY): str(value).strip()
            for key, (value, _) in found.items()
            if key.startswith(L.DIGEST_KEY)
        },
    )


def _shown(value: object) -> str:
    """A cell's value as a person typed it (calamine reads 2 as 2.0)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)[:40]


def _whole(value: object) -> int | None:
    """A whole number from a cell (calamine reads numbers as floats), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() and abs(value) < 2**31 else None
    text = str(value).strip()
    return int(text) if text.isdigit() and len(text) < 10 else None


def read_exported(path: Path, org: Organisation) -> Imported:
    """Every cell that differs from the org's current RACI, and every unreadable cell."""
    if path.suffix.lower() in (".csv", ".tsv", ".txt"):
        raise WorkbookError(
            f"{path}: a text file, not a workbook; `raci import xlsx` reads a workbook raci "
            f"exported; `raci import matrix {path}` reads a RACI matrix kept as CSV"
        )
    book = open_workbook(path)
    meta = _meta(book, path)
    if meta.scheme != org.scheme.name:
        raise WorkbookError(
            f"{path}: exported with the {meta.scheme} scheme, but the "
            f"org is checked with {org.scheme.name}"
        )
    sheets = list(meta.sheets)
    if sheets == [L.MATRIX] and L.MATRIX not in book.names:
        # renamed in the spreadsheet: the first visible sheet
        sheets = [next((x.name for x in book.sheets if x.visible), book.names[0])]
    missing = [name for name in sheets if name not in book.names]
    if missing:
        raise WorkbookError(
            f"{path}: no sheet {missing[0]!r}, where the hidden '{L.META}' sheet says the "
            f"matrix continues (sheets: {', '.join(book.names)}); was it renamed?"
        )
    out = Imported()
    current = L.current_letters(org)
    seen_roles: dict[str, str] = {}
    activities = 0
    for sheet in sheets:
        activities += _read_matrix(book, sheet, meta, org, current, seen_roles, out)
    if meta.has_ids and not (seen_roles and activities):
        from openpyxl.utils import get_column_letter

        first = sheets[0]
        where = (
            f"row {meta.id_row + 1}"
            if not seen_roles
            else f"column {get_column_letter(meta.id_col + 1)} from row {meta.first_row + 1}"
        )
        raise WorkbookError(
            f"{path}: no {'role' if not seen_roles else 'activity'} ids in {where} of "
            f"{first!r}, where the hidden '{L.META}' sheet says they are; the hidden sheet "
            "is damaged or the ids were deleted: export the workbook again"
        )
    out.notes += _deleted(org, out, seen_roles, current)
    return out


def _deleted(
    org: Organisation,
    out: Imported,
    seen_roles: dict[str, str],
    current: dict[tuple[str, str], set[str]],
) -> list[str]:
    """Notes naming the org's activities and lettered roles the workbook has no row or
    column for: deleted there (or added to the YAML since), their letters untouched."""
    notes = []
    missing = out.missing(org)
    if missing:
        shown = ", ".join(f"'{a}'" for a in missing[:5])
        more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        notes.append(
            f"no row in the workbook for {counted(len(missing), 'activity')} "
            f"(deleted there, or added to the YAML since the export): {shown}{more}; "
            "nothing is changed for them"
        )
    lettered = dict.fromkeys(rid for (_, rid), letters in current.items() if letters)
    gone = [rid for rid in lettered if rid not in seen_roles]
    if gone:
        from openpyxl.utils import get_column_letter

        # Where the export put them: its columns were the lettered roles and the
        # roles in scope, which are the columns still there that have no letters.
        scope = {rid for rid in seen_roles if rid in org.roles}
        pages = L.plan(org, scope).pages()
        places = L.places(pages)
        one_sheet = len(pages) == 1

        def where(rid: str) -> str:
            sheet, col = places[rid]
            return f"column {get_column_letter(col)}" + ("" if one_sheet else f" of {sheet!r}")

        shown = ", ".join(
            f"'{rid}' ({org.roles[rid].title}, {where(rid)} at export)" for rid in gone[:5]
        )
        more = f" and {len(gone) - 5} more" if len(gone) > 5 else ""
        notes.append(
            f"no column in the workbook for {counted(len(gone), 'role')} with "
            f"letters in the org (deleted there?): {shown}{more}; their letters in the YAML "
            "are kept: to take a role off an activity, empty its cell instead"
        )
    return notes


def _read_matrix(
    book: Book,
    sheet: str,
    meta: Meta,
    org: Organisation,
    current: dict[tuple[str, str], set[str]],
    seen_roles: dict[str, str],
    out: Imported,
) -> int:
    """One matrix sheet's changed and unreadable cells, added to `out`; its activity ids."""
    now = L.letter_digests(current) if meta.digests else {}
    grid = read_sheet(book, sheet)
    id_row, id_col, first_row, first_col = meta.id_row, meta.id_col, meta.first_row, meta.first_col
    # Ids and letters are text: a formula saved with 0 is as unread as one saved with no
    # value, and an error value (read as empty) too.
    odd = scan(book, sheet)
    rows = _blanked(grid.rows, odd) if odd else grid.rows
    # A merged range keeps its first cell's value only: the letters it covers would
    # read as deleted. Reported, and not read as changes.
    covered: set[tuple[int, int]] = set()
    for r1, c1, r2, c2 in grid.merged:
        if r2 < first_row or c2 < first_col:
            continue
        r1, c1 = max(r1, first_row), max(c1, first_col)
        covered.update((r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1))
        covered.discard((r1, c1))
        out.problems.append(
            CellProblem(
                f"{cell_ref(sheet, r1, c1)}:{cell_ref(sheet, r2, c2).split('!')[-1]}",
                "cells merged over letters: the file keeps the first cell's value only, "
                "so the others would read as empty; unmerge them and type each letter",
            )
        )
    for (r, c), cell in sorted(odd.items()):
        # A letter cell is reported below, with the letters it keeps; ids and letters
        # are what is read, the titles and marks around them are not.
        if (r == id_row and c >= first_col) or (c == id_col and r >= first_row):
            out.problems.append(CellProblem(cell_ref(sheet, r, c), f"{cell.says()}; read as empty"))
    header = rows[id_row] if id_row < len(rows) else []
    roles: dict[int, str] = {}
    width = max((len(row) for row in rows[first_row:]), default=0)
    for c in range(first_col, max(len(header), width)):
        rid = str(header[c]).strip() if c < len(header) else ""
        if not rid:
            if (id_row, c) not in odd and any(
                c < len(row) and str(row[c]).strip() for row in rows[first_row:]
            ):
                out.problems.append(
                    CellProblem(
                        cell_ref(sheet, id_row, c),
                        "a column without a role id (a column added in the spreadsheet?); "
                        "its cells are not read: add the role to the YAML instead",
                    )
                )
            continue
        where = cell_ref(sheet, id_row, c)
        if rid in seen_roles:
            out.problems.append(_duplicate("role", rid, where, seen_roles[rid]))
            continue
        seen_roles[rid] = where
        if rid not in org.roles:
            out.problems.append(
                CellProblem(where, f"role '{rid}' is not in the org; column skipped")
            )
            continue
        roles[c] = rid
    scheme = org.scheme
    seen_rows: dict[str, str] = {}
    # A row sorted without its hidden id (the filter's range starts right of the ids)
    # shows another activity's title: its letters are that activity's, not the id's.
    titles: dict[str, str] = {}
    for aid_, activity in org.activities.items():
        titles[activity.title] = aid_ if activity.title not in titles else ""
    title_col = L.TITLE_COL - 1
    for r in range(first_row, len(rows)):
        row = rows[r]
        aid = str(row[id_col]).strip() if id_col < len(row) else ""
        where = cell_ref(sheet, r, id_col)
        if not aid:
            if (r, id_col) not in odd and any(str(v).strip() for v in row[first_col:]):
                out.problems.append(
                    CellProblem(
                        where,
                        "a row without an activity id (a row added in "
                        "the spreadsheet?); add the activity to the YAML instead",
                    )
                )
            continue
        if aid in seen_rows:
            out.problems.append(_duplicate("activity", aid, where, seen_rows[aid]))
            continue
        seen_rows[aid] = where
        out.activities.add(aid)
        if aid not in org.activities:
            out.problems.append(
                CellProblem(where, f"activity '{aid}' is not in the org; row skipped")
            )
            continue
        title = str(row[title_col]).strip() if title_col < len(row) else ""
        other = titles.get(title, "") if title != org.activities[aid].title else ""
        if other and other != aid and title_col < first_col:
            out.problems.append(
                CellProblem(
                    cell_ref(sheet, r, title_col),
                    f"the title of activity '{other}' ({title!r}) in the row of '{aid}' (rows "
                    f"sorted or moved without the hidden column {_column(id_col)}?); its cells "
                    "are not read: sort whole rows, or export again",
                )
            )
            continue
        exported = meta.digests.get(aid)
        stale = exported is not None and exported != now.get(aid, "-")
        for c, rid in roles.items():
            value = row[c] if c < len(row) else ""
            out.cells += 1
            if (r, c) in covered:
                continue
            if (r, c) in odd:
                held = cell_text(current.get((aid, rid), set()), scheme)
                kept = f"the org's '{held}' is kept" if held else "the org has no letter here"
                out.problems.append(
                    CellProblem(cell_ref(sheet, r, c), f"{odd[r, c].says()}; {kept}")
                )
                continue
            try:
                letters = parse(value, scheme)
            except LetterError as exc:
                out.problems.append(CellProblem(cell_ref(sheet, r, c), str(exc)))
                continue
            old = current.get((aid, rid), set())
            if letters != old and stale:
                # The cell may be an edit, or the YAML may have changed since the export:
                # applying it could silently undo someone's change to the YAML.
                out.problems.append(
                    CellProblem(
                        cell_ref(sheet, r, c),
                        f"activity '{aid}' changed in the YAML after this workbook was "
                        f"exported, so '{cell_text(letters, scheme) or 'empty'}' here is "
                        f"not applied over '{cell_text(old, scheme) or 'empty'}'; export "
                        "again and redo the edit",
                    )
                )
            elif letters != old:
                out.changes.append(
                    Change(
                        aid,
                        rid,
                        cell_text(old, scheme),
                        cell_text(letters, scheme),
                        cell_ref(sheet, r, c),
                    )
                )
    out.notes += comment_notes(comments(book, sheet), lambda r, c: cell_ref(sheet, r, c))
    return len(seen_rows)


def _column(col: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(col + 1))


def _blanked(rows: list[list[Any]], odd: dict[tuple[int, int], Odd]) -> list[list[Any]]:
    """The rows with each misleading cell empty: reported, never read as an id."""
    rows = [list(row) for row in rows]
    for r, c in odd:
        if r < len(rows) and c < len(rows[r]):
            rows[r][c] = ""
    return rows


def _duplicate(kind: str, ident: str, where: str, first: str) -> CellProblem:
    return CellProblem(
        where,
        f"the hidden id of {kind} '{ident}' again, first at {first} (a copied "
        f"{'row' if kind == 'activity' else 'column'}?); delete one of them",
    )


def write_changes(org: Organisation, changes: list[Change]) -> list[str]:
    """Record the changes in the YAML as explicit letters; the files changed.

    For each changed letter of an activity, the activity's `raci:` gets that letter
    with the full list of roles that hold it after the edit (replacing a policy's
    selectors for that letter); its other letters are left as they are.
    """
    holders: dict[tuple[str, str], list[str]] = {}
    for x in org.assignments:
        holders.setdefault((x.activity, x.letter), [])
        if x.role not in holders[(x.activity, x.letter)]:
            holders[(x.activity, x.letter)].append(x.role)
    touched: dict[tuple[str, str], list[str]] = {}
    for ch in changes:
        old = set(ch.old.split("/")) - {""}
        new = set(ch.new.split("/")) - {""}
        for letter in old | new:
            if (letter in old) == (letter in new):
                continue
            roles = touched.setdefault(
                (ch.activity, letter), list(holders.get((ch.activity, letter), []))
            )
            if letter in new and ch.role not in roles:
                roles.append(ch.role)
            if letter in old and ch.role in roles:
                roles.remove(ch.role)
    by_file: dict[str, list[LetterEdit]] = {}
    for (aid, letter), roles in touched.items():
        file = org.activities[aid].loc().file
        by_file.setdefault(file, []).append(LetterEdit(aid, letter, tuple(roles)))
    changed = []
    for file, edits in sorted(by_file.items()):
        if write_edits(Path(file), edits):
            changed.append(file)
    return changed
