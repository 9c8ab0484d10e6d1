"""`raci import xlsx`: read an exported workbook back after a person edited it.

The hidden `_raci` sheet says where the hidden ids are; ids, not titles, map each
cell to its activity and role, so renamed titles, sorted or filtered rows and
inserted rows do not break the mapping. Every cell is read as a value (formulas
are never evaluated) and checked against the scheme; a cell that is not a letter
is reported with its reference (`Matrix!F12`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from raci.excel import layout as L
from raci.excel.safety import WorkbookError, open_workbook, sheet_rows
from raci.imports.tabular import CellProblem, cell_ref
from raci.letters import LetterError, parse
from raci.model import Organisation
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


def _meta(workbook: Any, path: Path) -> dict[str, Any]:
    if L.META not in workbook.sheet_names:
        raise WorkbookError(
            f"{path}: not a workbook exported by raci (it has no hidden '{L.META}' sheet); "
            "for a matrix made by hand, use `raci import matrix`"
        )
    meta = {str(row[0]): row[1] for row in sheet_rows(workbook, L.META) if len(row) >= 2}
    try:
        int(meta["layout"])
        return meta
    except (KeyError, TypeError, ValueError) as exc:
        raise WorkbookError(f"{path}: the '{L.META}' sheet is damaged ({exc})") from exc


def read_exported(path: Path, org: Organisation) -> Imported:
    """Every cell that differs from the org's current RACI, and every unreadable cell."""
    workbook = open_workbook(path)
    meta = _meta(workbook, path)
    if str(meta.get("scheme")) != org.scheme.name:
        raise WorkbookError(
            f"{path}: exported with the {meta.get('scheme')} scheme, but the "
            f"org is checked with {org.scheme.name}"
        )
    sheet = str(meta.get("sheet", L.MATRIX))
    if sheet not in workbook.sheet_names:
        sheet = workbook.sheet_names[0]
    rows = sheet_rows(workbook, sheet)
    id_row, id_col = int(meta["id_row"]) - 1, int(meta["id_col"]) - 1
    first_row, first_col = int(meta["first_row"]) - 1, int(meta["first_col"]) - 1
    out = Imported()
    header = rows[id_row] if id_row < len(rows) else []
    roles: dict[int, str] = {}
    for c in range(first_col, len(header)):
        rid = str(header[c]).strip()
        if not rid:
            continue
        if rid not in org.roles:
            out.problems.append(
                CellProblem(
                    cell_ref(sheet, id_row, c), f"role '{rid}' is not in the org; column skipped"
                )
            )
            continue
        roles[c] = rid
    current: dict[tuple[str, str], set[str]] = {}
    for x in org.assignments:
        current.setdefault((x.activity, x.role), set()).add(x.letter)
    scheme = org.scheme
    for r in range(first_row, len(rows)):
        row = rows[r]
        aid = str(row[id_col]).strip() if id_col < len(row) else ""
        if not aid:
            if any(str(v).strip() for v in row[first_col:]):
                out.problems.append(
                    CellProblem(
                        cell_ref(sheet, r, id_col),
                        "a row without an activity id (a row added in "
                        "the spreadsheet?); add the activity to the YAML instead",
                    )
                )
            continue
        if aid not in org.activities:
            out.problems.append(
                CellProblem(
                    cell_ref(sheet, r, id_col), f"activity '{aid}' is not in the org; row skipped"
                )
            )
            continue
        for c, rid in roles.items():
            value = row[c] if c < len(row) else ""
            out.cells += 1
            try:
                letters = parse(value, scheme)
            except LetterError as exc:
                out.problems.append(CellProblem(cell_ref(sheet, r, c), str(exc)))
                continue
            old = current.get((aid, rid), set())
            if letters != old:
                out.changes.append(
                    Change(
                        aid,
                        rid,
                        L.cell_text(old, scheme),
                        L.cell_text(letters, scheme),
                        cell_ref(sheet, r, c),
                    )
                )
    return out


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
