"""Hand-made RACI matrices in the shapes and styles people make them, with their truth.

A `Matrix` is what a matrix means (activities, roles, the letters of each cell);
a `Style` is how somebody drew it (title rows, empty corner, legend, none-markers,
two header rows, letters as `a/r` or `AR`, transposed or long, csv with `;` in
Windows-1252 or a styled xlsx with merged cells and a cover sheet). `render`
draws a matrix in a style; `truth` is every (activity, role id, letters) cell the
import must keep. `python -m tests.matrix_corpus` rewrites tests/matrices/ (csv
files and the truth of every corpus matrix; xlsx files are built at test time).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, replace
from pathlib import Path

from raci.imports.ids import slug
from raci.scheme import RACI, SCHEMES, Scheme

HERE = Path(__file__).parent / "matrices"
CYRILLIC = str.maketrans("ACI", "\u0410\u0421\u0406")  # look-alikes (Cyrillic Er is a P)


@dataclass
class Matrix:
    roles: list[str]
    activities: list[tuple[str | None, str]]  # (area, title)
    cells: dict[tuple[int, int], str]  # (activity, role) -> letters "AR", or "?raw" unread
    holders: list[str] | None = None
    groups: list[str] | None = None
    scheme: Scheme = RACI
    notes: list[str] | None = None  # an attribute column, one text per activity


@dataclass(frozen=True)
class Style:
    fmt: str = "csv"  # csv, csv-semicolon (Windows-1252), xlsx, xlsx-cover
    titles: int = 0  # title rows above the matrix
    corner: str = "Activity"  # the header over the activity titles; "" for none
    areas: str = "none"  # none, column, sections
    legend: str = "none"  # none, below, above, inline
    none_marker: str = ""  # written in every empty cell: "", N, -, n/a, x
    form: str = "plain"  # plain, lower, slash, comma, joined, spaced, cyrillic
    names_row: bool = False
    group_row: bool = False
    note_row: bool = False  # a "Notes: ..." row under the matrix
    shape: str = "wide"  # wide, transposed, long

    def describe(self) -> str:
        default = Style()
        return ", ".join(
            f"{k}={getattr(self, k)!r}"
            for k in self.__dataclass_fields__
            if getattr(self, k) != getattr(default, k)
        )


def letters_text(letters: str, form: str, scheme: Scheme) -> str:
    order = [x.letter for x in scheme.letters]
    ls = sorted(letters, key=order.index)
    if form == "lower":
        return "/".join(ls).lower()
    if form == "slash":
        return "/".join(reversed(ls))
    if form == "comma":
        return ", ".join(ls)
    if form == "joined":
        return "".join(ls)
    if form == "spaced":
        return " " + " / ".join(ls) + " "
    if form == "cyrillic":
        return "/".join(ls).translate(CYRILLIC)
    return "/".join(ls)


def role_ids(m: Matrix) -> list[str]:
    """The role ids an import without an org gives the columns (duplicates numbered)."""
    seen: dict[str, int] = {}
    taken: set[str] = set()
    out = []
    for name in m.roles:
        seen[name.casefold()] = seen.get(name.casefold(), 0) + 1
        label = name if seen[name.casefold()] == 1 else f"{name} ({seen[name.casefold()]})"
        base = slug(label)
        found, n = base, 2
        while found in taken:
            found, n = f"{base}-{n}", n + 1
        taken.add(found)
        out.append(found)
    return out


def truth(m: Matrix, style: Style) -> tuple[list[str], set[tuple[str, str, str]]]:
    """The roles in scope and every (activity title, role id, letters) cell."""
    ids = role_ids(m)
    order = [x.letter for x in m.scheme.letters]
    cells = set()
    for (a, r), value in m.cells.items():
        text = value if value.startswith("?") else "/".join(sorted(value, key=order.index))
        cells.add((m.activities[a][1], ids[r], text))
    roles = ids
    if style.shape == "long":  # roles in the order the names first appear
        seen: dict[str, None] = {}
        for a in range(len(m.activities)):
            for letter in order:
                for (x, r), v in sorted(m.cells.items()):
                    if x == a and letter in v:
                        seen.setdefault(ids[r])
        roles = list(seen)
    return roles, cells


def grid(m: Matrix, style: Style) -> list[list[str]]:
    """The cells of the sheet, as text."""
    if style.shape == "long":
        return _long(m, style)
    order = [x.letter for x in m.scheme.letters]
    words = {x.letter: x.word for x in m.scheme.letters}
    use_area_col = style.areas == "column" and style.shape == "wide"
    lead = ["Area"] if use_area_col else []
    attr = ["Notes"] if m.notes else []
    width = len(lead) + 1 + len(m.roles) + len(attr)
    rows: list[list[str]] = []

    def pad(cells: list[str]) -> list[str]:
        return cells + [""] * (width - len(cells))

    titles = [
        ["Project Lumen: responsibility matrix" if i == 0 else "Draft v0.3"]
        for i in range(style.titles)
    ]
    if style.shape != "transposed":  # a transposed sheet keeps its titles on top too
        rows += [pad(t) for t in titles]
    legend_rows = []
    if style.legend in ("above", "below"):
        legend_rows = [pad(["Legend"])] + [pad([x, words[x]]) for x in order]
        if style.none_marker.lower() == "x":
            legend_rows.append(pad(["X", "Not involved"]))
    elif style.legend == "inline":
        text = ", ".join(f"{x} = {words[x]}" for x in order)
        if style.none_marker.lower() == "x":
            text += ", X = not involved"
        legend_rows = [pad([text])]
    if style.legend == "above":
        rows += [*legend_rows, pad([])]
    if style.group_row and m.groups:
        rows.append(pad([""] * (len(lead) + 1) + m.groups))
    corner = style.corner
    rows.append(pad([*lead, corner, *m.roles, *attr]))
    if style.names_row and m.holders:
        rows.append(pad([""] * (len(lead) + 1) + m.holders))
    area = None
    for a, (act_area, title) in enumerate(m.activities):
        if style.areas == "sections" and act_area != area and act_area is not None:
            rows.append(pad([*lead, act_area]))
        first = act_area != area
        area = act_area
        cells = []
        for r in range(len(m.roles)):
            value = m.cells.get((a, r), "")
            if value.startswith("?"):
                cells.append(value[1:])
            elif value:
                cells.append(letters_text(value, style.form, m.scheme))
            else:
                cells.append(style.none_marker)
        head = [act_area or "" if first else ""] if use_area_col else []
        rows.append(head + [title] + cells + ([m.notes[a]] if m.notes else []))
    if style.note_row:
        rows.append(pad([]))
        rows.append(pad(["Notes: draft for the steering committee, to be reviewed by the PMO."]))
    if style.legend == "below":
        rows += [pad([]), *legend_rows]
    if style.shape == "transposed":
        width = max(len(r) for r in rows)
        rows = [[r[c] if c < len(r) else "" for r in rows] for c in range(width)]
        rows = [t + [""] * (len(rows[0]) - 1) for t in titles] + rows
    return rows


def _long(m: Matrix, style: Style) -> list[list[str]]:
    words = [(x.letter, x.word) for x in m.scheme.letters]
    rows = [["Project Lumen"]] * style.titles
    rows = [list(r) for r in rows]
    rows.append([style.corner or "Activity"] + [w for _, w in words])
    for a, (_, title) in enumerate(m.activities):
        row = [title]
        for letter, _ in words:
            names = [m.roles[r] for (x, r), v in sorted(m.cells.items()) if x == a and letter in v]
            sep = ", " if a % 3 == 0 else ("; " if a % 3 == 1 else " and ")
            row.append(sep.join(names))
        rows.append(row)
    return rows


def render(m: Matrix, style: Style, path: Path) -> Path:
    """Write the matrix in the style; the file written (its suffix from the format)."""
    rows = grid(m, style)
    if style.fmt.startswith("csv") or style.fmt == "tsv":
        # csv: Python's; csv-semicolon: Excel in a European locale (Windows-1252);
        # csv-excel: Excel's "CSV UTF-8" (a byte-order mark, CRLF); csv-google: Google
        # Sheets' download (CRLF, every row as wide as the sheet); tsv: tab-separated.
        out = path.with_suffix(".tsv" if style.fmt == "tsv" else ".csv")
        buf = io.StringIO()
        delimiter = {"csv-semicolon": ";", "tsv": "\t"}.get(style.fmt, ",")
        crlf = style.fmt in ("csv-excel", "csv-google")
        writer = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n" if crlf else "\n")
        if style.fmt == "csv-google":
            width = max(len(r) for r in rows)
            rows = [r + [""] * (width - len(r)) for r in rows]
        writer.writerows(rows)
        encoding = {"csv-semicolon": "cp1252", "csv-excel": "utf-8-sig"}.get(style.fmt, "utf-8")
        out.write_bytes(buf.getvalue().encode(encoding, errors="replace"))
        return out
    import openpyxl
    from openpyxl.styles import Alignment, Font, PatternFill

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    if style.fmt == "xlsx-cover":
        ws.title = "Cover"
        ws["A1"] = "Project Lumen"
        ws["A3"] = "Prepared by the PMO"
        ws = wb.create_sheet("RACI")
    else:
        ws.title = "RACI"
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    width = max(len(r) for r in rows)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value != "":
                cell = ws.cell(r, c, value)
                if len(value) <= 3:
                    cell.alignment = Alignment(horizontal="center")
                    cell.fill = fill
    for r in range(style.titles):
        ws.merge_cells(start_row=r + 1, start_column=1, end_row=r + 1, end_column=width)
        ws.cell(r + 1, 1).font = Font(bold=True, size=14)
    if style.shape == "wide" and style.group_row:
        _merge_runs(ws, rows, style)
    if style.shape == "wide" and style.areas == "column":
        _merge_areas(ws, rows)
    for cell in ws[1]:
        cell.font = bold
    ws.freeze_panes = "B2"
    out = path.with_suffix(".xlsx")
    wb.save(out)
    return out


def _merge_runs(ws: object, rows: list[list[str]], style: Style) -> None:
    """Merge the group row's runs of one value, as people do."""
    r = next(i for i, row in enumerate(rows) if i >= style.titles and any(row))
    if style.legend == "above":
        r = next(i for i, row in enumerate(rows) if i > r and any(row) and rows[i][0] != "Legend")
    row = rows[r]
    start = None
    for c in range(len(row) + 1):
        value = row[c] if c < len(row) else ""
        if start is not None and (value != row[start] or c == len(row)):
            if c - 1 > start:
                ws.merge_cells(start_row=r + 1, start_column=start + 1, end_row=r + 1, end_column=c)  # type: ignore[attr-defined]
            start = None
        if start is None and value:
            start = c


def _merge_areas(ws: object, rows: list[list[str]]) -> None:
    """Merge an area's cell down over its activities."""
    header = next(i for i, row in enumerate(rows) if row and row[0] == "Area")
    start = None
    end = len(rows)
    for r in range(header + 1, len(rows) + 1):
        value = rows[r][0] if r < len(rows) else "<end>"
        if r < len(rows) and not any(rows[r]):
            end = r
            value = "<end>"
        if value and start is not None:
            if r - 1 > start:
                ws.merge_cells(start_row=start + 1, start_column=1, end_row=r, end_column=1)  # type: ignore[attr-defined]
            start = None
        if value and value != "<end>" and start is None:
            start = r
        if r >= end:
            break


# --- the corpus --------------------------------------------------------------------------------

PROJECT = Matrix(
    roles=["Project Sponsor", "Project Manager", "Business Analyst", "Developer", "QA Lead", "CFO"],
    activities=[
        ("Initiation", "Write the business case"),
        ("Initiation", "Approve the project charter"),
        ("Planning", "Gather requirements"),
        ("Planning", "Estimate the budget"),
        ("Planning", "Plan the schedule"),
        ("Delivery", "Build the solution"),
        ("Delivery", "Test the release"),
        ("Delivery", "Sign off the budget"),
        ("Closure", "Hold the lessons-learned review"),
    ],
    cells={
        (0, 0): "A",
        (0, 1): "R",
        (0, 2): "C",
        (0, 5): "I",
        (1, 0): "AR",
        (1, 1): "C",
        (1, 5): "C",
        (2, 1): "A",
        (2, 2): "R",
        (2, 3): "C",
        (2, 4): "I",
        (3, 1): "R",
        (3, 0): "I",
        (3, 5): "A",
        (4, 1): "AR",
        (4, 3): "C",
        (4, 4): "C",
        (5, 1): "A",
        (5, 3): "R",
        (5, 4): "C",
        (6, 1): "I",
        (6, 3): "C",
        (6, 4): "AR",
        (7, 0): "I",
        (7, 1): "R",
        (7, 5): "A",
        (8, 1): "AR",
        (8, 2): "C",
        (8, 3): "C",
        (8, 4): "C",
        (8, 0): "I",
    },
    holders=["Dana Whitfield", "Priya Raman", "Jonas Weber", "Marc Chen", "Lea Novak", "Sam Ortiz"],
    groups=["Leadership", "Leadership", "Delivery", "Delivery", "Delivery", "Finance"],
    notes=[
        "Uses the template from the PMO handbook, section 2",
        "Charter signed at the kick-off meeting",
        "Workshops with every department involved",
        "Budget model in the finance workbook",
        "",
        "Two-week sprints with a demo at the end",
        "Regression suite plus user acceptance testing",
        "Needs the CFO before the end of the quarter",
        "Within two weeks of go-live",
    ],
)

ITIL = Matrix(
    roles=["Service Owner", "Change Manager", "CAB", "Engineer", "Engineer", "Service Desk"],
    activities=[
        (None, "Raise a change request"),
        (None, "Assess the change risk"),
        (None, "Authorise a normal change"),
        (None, "Implement the change"),
        (None, "Review the change after implementation"),
        (None, "Communicate the change to users"),
    ],
    cells={
        (0, 3): "R",
        (0, 1): "A",
        (0, 5): "I",
        (1, 1): "AR",
        (1, 2): "C",
        (1, 3): "C",
        (1, 4): "C",
        (2, 2): "R",
        (2, 0): "A",
        (2, 1): "C",
        (3, 3): "R",
        (3, 4): "R",
        (3, 1): "A",
        (3, 5): "I",
        (4, 1): "AR",
        (4, 0): "I",
        (5, 5): "R",
        (5, 1): "A",
    },
)

BANK = Matrix(
    roles=[
        "CEO",
        "CRO",
        "Head of Compliance",
        "Head of IT",
        "Internal Audit",
        "Data Protection Officer",
    ],
    activities=[
        ("Risk", "Set the risk appetite"),
        ("Risk", "Report risk to the board"),
        ("Compliance", "Maintain the AML policy"),
        ("Compliance", "File regulatory returns"),
        ("Technology", "Run the disaster recovery test"),
        ("Technology", "Approve cloud providers"),
        ("Audit", "Plan the annual audit"),
    ],
    cells={
        (0, 0): "A",
        (0, 1): "R",
        (0, 2): "C",
        (0, 4): "I",
        (1, 1): "AR",
        (1, 0): "I",
        (1, 4): "I",
        (2, 2): "AR",
        (2, 1): "C",
        (2, 5): "C",
        (3, 2): "R",
        (3, 1): "A",
        (3, 4): "I",
        (4, 3): "AR",
        (4, 1): "I",
        (4, 4): "I",
        (5, 3): "R",
        (5, 1): "A",
        (5, 5): "C",
        (5, 2): "C",
        # the Data Protection Officer's column starts late; Internal Audit only informed
        (6, 4): "AR",
        (6, 0): "I",
    },
)

SAAS = Matrix(
    roles=["CEO", "CPO", "CTO", "VP Sales", "Head of Support", "Security Lead", "Legal"],
    activities=[
        (None, "Set the product vision"),
        (None, "Prioritise the roadmap"),
        (None, "Ship a release"),
        (None, "Run an incident"),
        (None, "Price a new plan"),
        (None, "Sign an enterprise contract"),
    ],
    cells={
        (0, 0): "A",
        (0, 1): "R",
        (0, 2): "C",
        (0, 3): "C",
        (1, 1): "AR",
        (1, 2): "C",
        (1, 3): "C",
        (1, 4): "I",
        (2, 2): "A",
        (2, 1): "C",
        (2, 4): "I",
        (2, 5): "C",
        (3, 2): "A",
        (3, 5): "R",
        (3, 4): "R",
        (3, 0): "I",
        (4, 0): "A",
        (4, 1): "R",
        (4, 3): "C",
        (5, 3): "R",
        (5, 0): "A",
        (5, 6): "C",
    },
)

# Odd cells: kept as letters (C/I) or written for `raci check` (yes, X, ?)
ODD = replace(
    SAAS,
    cells={
        **SAAS.cells,
        (0, 4): "?yes",
        (1, 5): "CI",
        (2, 6): "?X",
        (4, 4): "?tbd",
        (5, 5): "RC",
    },
)
# A role nobody gave a letter: still a role in scope.
IDLE = replace(ITIL, roles=[*ITIL.roles, "Problem Manager"])
# A CFO only on the budget rows, far down: its first letter after row 12.
LATE = Matrix(
    roles=["Project Manager", "Team Lead", "CFO"],
    activities=[(None, f"Work package {i}") for i in range(1, 16)] + [(None, "Approve the budget")],
    cells={
        **{(i, 0): "A" for i in range(15)},
        **{(i, 1): "R" for i in range(15)},
        (15, 0): "R",
        (15, 2): "A",
    },
)
RASCI_M = replace(
    PROJECT,
    scheme=SCHEMES["rasci"],
    cells={**PROJECT.cells, (2, 3): "S", (5, 2): "S", (6, 2): "S"},
)
DACI_M = Matrix(
    roles=["Product Manager", "Engineering Manager", "Designer", "Head of Product"],
    activities=[(None, "Choose the pricing page design"), (None, "Pick the analytics vendor")],
    cells={
        (0, 0): "D",
        (0, 3): "A",
        (0, 2): "C",
        (0, 1): "I",
        (1, 1): "D",
        (1, 3): "A",
        (1, 0): "C",
        (1, 2): "I",
    },
    scheme=SCHEMES["daci"],
)
RAPID_M = Matrix(
    roles=["Country Manager", "Finance", "Legal", "Operations", "VP Europe"],
    activities=[(None, "Open an office in Berlin"), (None, "Change the supplier")],
    cells={
        (0, 0): "R",
        (0, 1): "I",
        (0, 2): "A",
        (0, 3): "P",
        (0, 4): "D",
        (1, 3): "R",
        (1, 1): "A",
        (1, 0): "D",
        (1, 2): "I",
        (1, 4): "I",
    },
    scheme=SCHEMES["rapid"],
)

CORPUS: dict[str, tuple[Matrix, Style]] = {
    "plain-csv": (PROJECT, Style()),
    "semicolon-cp1252": (BANK, Style(fmt="csv-semicolon", areas="column")),
    "title-rows": (PROJECT, Style(titles=2, areas="column")),
    "empty-corner": (SAAS, Style(corner="")),
    "empty-corner-titles": (BANK, Style(corner="", titles=1, areas="sections")),
    "sections": (PROJECT, Style(areas="sections")),
    "two-header-rows": (PROJECT, Style(names_row=True)),
    "group-row": (PROJECT, Style(group_row=True, areas="column")),
    "duplicate-headers": (ITIL, Style()),
    "legend-below": (SAAS, Style(legend="below")),
    "legend-above": (BANK, Style(legend="above", areas="column")),
    "legend-inline": (PROJECT, Style(legend="inline", titles=1)),
    "none-n": (SAAS, Style(none_marker="N")),
    "none-dash": (BANK, Style(none_marker="-")),
    "none-na": (ITIL, Style(none_marker="n/a")),
    "none-x-legend": (SAAS, Style(none_marker="x", legend="below")),
    "lowercase-slash": (PROJECT, Style(form="lower")),
    "comma-joined": (BANK, Style(form="comma")),
    "joined-letters": (SAAS, Style(form="joined")),
    "cyrillic": (ITIL, Style(form="cyrillic")),
    "odd-cells": (ODD, Style()),
    "empty-role-column": (IDLE, Style()),
    "late-first-letter": (LATE, Style()),
    "notes-column": (PROJECT, Style(note_row=True)),
    "transposed": (SAAS, Style(shape="transposed", corner="Role")),
    "long": (SAAS, Style(shape="long")),
    "long-project": (PROJECT, Style(shape="long", titles=1)),
    "rasci": (RASCI_M, Style(legend="below")),
    "daci": (DACI_M, Style()),
    "rapid": (RAPID_M, Style(legend="below")),
    "excel-csv-utf8": (BANK, Style(fmt="csv-excel", titles=1, areas="column")),
    "google-sheets-csv": (SAAS, Style(fmt="csv-google", titles=1, legend="below")),
    "tab-separated": (ITIL, Style(fmt="tsv", none_marker="-")),
    "xlsx-styled": (PROJECT, Style(fmt="xlsx", titles=2, areas="column", group_row=True)),
    "xlsx-cover-sheet": (BANK, Style(fmt="xlsx-cover", legend="below")),
    "xlsx-two-header-rows": (SAAS, Style(fmt="xlsx", names_row=True, corner="")),
    "xlsx-transposed": (ITIL, Style(fmt="xlsx", shape="transposed", corner="Role")),
}


def corpus_matrix(name: str) -> tuple[Matrix, Style]:
    m, style = CORPUS[name]
    if name != "notes-column" and name not in ("xlsx-styled",):
        m = replace(m, notes=None)
    return m, style


def truth_text(name: str) -> str:
    m, style = corpus_matrix(name)
    roles, cells = truth(m, style)
    lines = [f"# {name}: {style.describe() or 'plain'}", "roles: " + ", ".join(roles)]
    lines += [f"{a} | {r} | {x}" for a, r, x in sorted(cells)]
    return "\n".join(lines) + "\n"


def read_truth(path: Path) -> tuple[list[str], set[tuple[str, str, str]]]:
    lines = [x for x in path.read_text(encoding="utf-8").splitlines() if not x.startswith("#")]
    roles = [x.strip() for x in lines[0].removeprefix("roles:").split(",") if x.strip()]
    cells = {tuple(part.strip() for part in x.split(" | ")) for x in lines[1:] if x.strip()}
    return roles, cells  # type: ignore[return-value]


def build(name: str, folder: Path) -> Path:
    m, style = corpus_matrix(name)
    return render(m, style, folder / name)


def main() -> None:
    for stale in HERE.glob("*.truth"):
        stale.unlink()
    for name, (_, style) in CORPUS.items():
        if not style.fmt.startswith("xlsx"):
            build(name, HERE)
        (HERE / f"{name}.truth").write_text(truth_text(name), encoding="utf-8")


if __name__ == "__main__":
    main()
