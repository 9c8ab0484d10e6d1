"""`raci export xlsx`: the workbook an executive reads, prints and edits.

Sheets: Matrix (the RACI, grouped by area and by team, a drop-down of the scheme's
letters on every cell), Findings, Workload (with a chart), Roles, People, Legend,
About, and a hidden `_raci` sheet that lets `raci import xlsx` read the edits back.

Written with openpyxl in write-only mode (streaming, so 5,000 x 500 stays small),
then made deterministic: fixed document dates and zip timestamps, from
SOURCE_DATE_EPOCH or the newest source file. Text that starts with =, +, - or @ is
written as text, never as a formula.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections import Counter
from copy import copy
from pathlib import Path
from typing import Any

from raci import __version__
from raci.atomic import atomic_write_bytes
from raci.engine import Report
from raci.escape import xml_safe
from raci.excel import layout as L
from raci.excel.fastrows import Body, Formula, splice
from raci.findings import Severity
from raci.loader import display_path
from raci.matrix import AREA_FILL, GROUP_FILLS, HEADER_FILL, SEVERITY_FILL, source_date
from raci.notation import cell_text
from raci.rules.base import Context

FORMULA_START = ("=", "+", "-", "@")
# Role columns a printed matrix page holds: about what keeps 9 pt titles legible on A4.
ROLES_PER_PAGE = 30
# Roles in the Workload chart: more bars than this are too thin to read or label.
CHART_ROLES = 30


# (activity, role, old letters, new letters): cells a diff marks, and lists on a sheet.
Changes = list[tuple[str, str, str, str]]


def export_xlsx(report: Report, target: Path, changes: Changes | None = None) -> list[str]:
    """Write the workbook for a checked org to `target`, atomically; what to tell the user."""
    data, notes = _build(report, changes)
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(target, data)
    return notes


def build_workbook(report: Report, changes: Changes | None = None) -> tuple[bytes, list[str]]:
    """The workbook's bytes, and what to tell the user about its layout."""
    return _build(report, changes)


def _build(report: Report, changes: Changes | None) -> tuple[bytes, list[str]]:
    """The workbook's bytes, and notes on its layout (a matrix over several sheets)."""
    from openpyxl import Workbook

    org = report.org
    when = source_date(org.files)
    wb = Workbook(write_only=True)
    wb.properties.creator = "raci"
    wb.properties.lastModifiedBy = "raci"
    wb.properties.title = xml_safe(f"RACI matrix: {org.name}")
    wb.properties.created = wb.properties.modified = when
    ctx = Context(org, report.config.scope)
    plan = L.plan(org, set(ctx.scope))
    pages = plan.pages()
    notes = _page_notes(pages)
    rows_of = {row.activity: L.FIRST_ROW + i for i, row in enumerate(plan.rows)}
    places = L.places(pages)
    flags = _flags(report)
    bodies = {page.sheet: Body() for page in pages}
    bodies["Findings"] = Body()
    changed = {(a, r): o for a, r, o, _ in changes or []}
    for page in pages:
        _matrix(wb, report, ctx, plan, page, flags, when, bodies[page.sheet], changed)
    _findings(wb, report, rows_of, places, bodies["Findings"])
    if changes is not None:
        _changes(wb, report, changes, rows_of, places, after=len(pages))
    _workload(wb, report, ctx, plan)
    _health(wb, report, ctx)
    _roles(wb, report)
    _people(wb, report)
    _legend(wb, report)
    _about(wb, report, when, notes)
    _meta(wb, report, plan, pages)
    from openpyxl.writer.excel import ExcelWriter

    buffer = io.BytesIO()
    # Not wb.save(): it stamps `modified` with the clock, undoing `when` (same input, same bytes).
    ExcelWriter(wb, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True)).save()
    # openpyxl names worksheet files by their order: sheet1.xml, sheet2.xml, ...
    number = {ws.title: i for i, ws in enumerate(wb.worksheets, start=1)}
    parts = {f"xl/worksheets/sheet{number[name]}.xml": body for name, body in bodies.items()}
    return _deterministic_zip(buffer.getvalue(), when, parts), notes


def _page_notes(pages: list[L.Page]) -> list[str]:
    """Where the role columns went, when they do not fit on one sheet."""
    if len(pages) == 1:
        return []
    spread = "; ".join(f"{p.sheet}: {len(p.roles):,}" for p in pages)
    total = sum(len(p.roles) for p in pages)
    return [
        f"{total:,} role columns are more than one sheet holds "
        f"({L.MAX_ROLE_COLUMNS:,}); the matrix continues over {len(pages)} sheets, every "
        f"activity on each ({spread} roles)"
    ]


# -- cells -------------------------------------------------------------------------


class _Cells:
    """Makes write-only cells with cached styles (style objects are costly to build)."""

    def __init__(self, ws: Any) -> None:
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        self.ws = ws
        self.Font, self.PatternFill, self.Alignment = Font, PatternFill, Alignment
        thin = Side(style="thin", color="BFBFBF")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        # Marks a changed cell: conditional colours replace fills, not borders.
        strong = Side(style="medium", color="C00000")
        self.strong = Border(left=strong, right=strong, top=strong, bottom=strong)
        self._fonts: dict[tuple[Any, ...], Any] = {}
        self._fills: dict[str, Any] = {}
        self._aligns: dict[tuple[Any, ...], Any] = {}
        self._styles: dict[tuple[Any, ...], Any] = {}

    def font(
        self, bold: bool = False, color: str = "000000", size: float = 10, italic: bool = False
    ) -> Any:
        key = (bold, color, size, italic)
        if key not in self._fonts:
            self._fonts[key] = self.Font(
                name="Calibri", bold=bold, color=color, size=size, italic=italic
            )
        return self._fonts[key]

    def fill(self, color: str) -> Any:
        if color not in self._fills:
            self._fills[color] = self.PatternFill("solid", fgColor=color)
        return self._fills[color]

    def align(
        self,
        horizontal: str | None = None,
        vertical: str = "center",
        wrap: bool = False,
        rotation: int = 0,
        indent: int = 0,
    ) -> Any:
        key = (horizontal, vertical, wrap, rotation, indent)
        if key not in self._aligns:
            self._aligns[key] = self.Alignment(
                horizontal=horizontal,
                vertical=vertical,
                wrap_text=wrap,
                text_rotation=rotation,
                indent=indent,
            )
        return self._aligns[key]

    def __call__(
        self,
        value: Any,
        *,
        bold: bool = False,
        fill: str | None = None,
        color: str = "000000",
        size: float = 10,
        italic: bool = False,
        align: Any = None,
        border: bool | str = False,
    ) -> Any:
        from openpyxl.cell import WriteOnlyCell

        if isinstance(value, str):
            value = xml_safe(value)  # a control character in a title would abort the save
        cell = WriteOnlyCell(self.ws, value=value)
        formula_like = isinstance(value, str) and value.startswith(FORMULA_START)
        key = (bold, fill, color, size, italic, id(align), border, formula_like)
        style = self._styles.get(key)
        if style is not None:
            # Copying a finished style array skips openpyxl's per-cell style hashing,
            # most of the cost of a large matrix.
            cell._style = copy(style)
        else:
            if formula_like:
                cell.quotePrefix = True
            if bold or color != "000000" or size != 10 or italic:
                cell.font = self.font(bold, color, size, italic)
            if fill:
                cell.fill = self.fill(fill)
            if align is not None:
                cell.alignment = align
            if border:
                cell.border = self.strong if border == "strong" else self.border
            self._styles[key] = copy(cell._style)
        if formula_like:
            cell.data_type = "s"  # text, never a formula
        return cell

    def style_id(self, quote: bool = False, **style: Any) -> int:
        """The workbook's index of a cell style, for rows written as XML.

        `quote` adds Excel's quote prefix, for text that would read as a formula if
        someone typed it in again.
        """
        template = self("=x" if quote else "x", **style)
        index: int = self.ws.parent._cell_styles.add(template._style)
        return index


def _header(ws: Any, cells: _Cells, titles: list[str], widths: list[float]) -> None:
    from openpyxl.utils import get_column_letter

    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"  # write-only: views and columns go out with the first row
    ws.print_title_rows = "1:1"  # every printed page names its columns
    ws.row_dimensions[1].height = 30
    ws.append(
        [
            cells(
                t,
                bold=True,
                color="FFFFFF",
                fill=HEADER_FILL,
                align=cells.align(vertical="center", wrap=True),
            )
            for t in titles
        ]
    )


def _print_setup(ws: Any, org_name: str, source: str, landscape: bool = True) -> None:
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.oddFooter.left.text = _escape_hf(xml_safe(f"{org_name} · {source}"))
    ws.oddFooter.left.size = 8
    ws.oddFooter.center.text = "Page &P of &N"
    ws.oddFooter.center.size = 8
    ws.oddFooter.right.text = f"raci {__version__}"
    ws.oddFooter.right.size = 8


def _lines(text: str, width: int) -> int:
    """How many lines `text` wraps to in a column about `width` characters wide."""
    return sum(max(1, -(-len(part) // width)) for part in text.splitlines() or [""])


def _count(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _escape_hf(text: str) -> str:
    return text.replace("&", "&&")


# -- sheets ------------------------------------------------------------------------


def _flags(report: Report) -> dict[str, Counter[Severity]]:
    """Activity id -> how many findings of each severity are about it."""
    out: dict[str, Counter[Severity]] = {}
    for f in report.findings:
        if f.entity.kind == "activity":
            out.setdefault(f.entity.id, Counter())[f.severity] += 1
    return out


def _matrix(
    wb: Any,
    report: Report,
    ctx: Context,
    plan: L.Layout,
    page: L.Page,
    flags: dict[str, Counter[Severity]],
    when: dt.datetime,
    body: Body,
    changed: dict[tuple[str, str], str],
) -> None:
    """One matrix sheet: every activity, the page's share of the role columns."""
    ws = wb.create_sheet(page.sheet)
    cells = _Cells(ws)
    _matrix_frame(ws, report, len(page.roles))
    _matrix_header(ws, cells, report, page, when)
    _matrix_rows(cells, report, ctx, plan, page.roles, flags, changed, body)
    _matrix_input(ws, report, len(page.roles), len(plan.rows))


def _matrix_frame(ws: Any, report: Report, columns: int) -> None:
    """Column widths, the hidden id row and column, frozen headers, print set-up."""
    from openpyxl.utils import get_column_letter as col

    ws.column_dimensions[col(L.ID_COL)].hidden = True
    ws.column_dimensions[col(L.ID_COL)].width = 12
    ws.column_dimensions[col(L.TITLE_COL)].width = 58
    ws.column_dimensions[col(L.FLAG_COL)].width = 5
    for i in range(columns):
        ws.column_dimensions[col(L.FIRST_COL + i)].width = 4.7
    ws.row_dimensions[L.ID_ROW].hidden = True
    ws.row_dimensions[L.TITLE_ROW].height = 24
    ws.row_dimensions[L.GROUP_ROW].height = 60
    ws.row_dimensions[L.HOLDER_ROW].height = 104
    ws.row_dimensions[L.HEADER_ROW].height = 140
    ws.sheet_properties.outlinePr.summaryBelow = False
    ws.freeze_panes = f"{col(L.FIRST_COL)}{L.FIRST_ROW}"
    _print_setup(ws, report.org.name, _source(report))
    # One page wide shrinks a wide matrix to specks; the activity column repeats on each.
    ws.page_setup.fitToWidth = max(1, -(-columns // ROLES_PER_PAGE))


def _matrix_header(ws: Any, cells: _Cells, report: Report, page: L.Page, when: dt.datetime) -> None:
    """Row 1: the title. Row 2 (hidden): role ids. Row 3: groups. Row 4: holders.
    Row 5: role titles, rotated to fit narrow letter columns."""
    from openpyxl.utils import get_column_letter as col

    org, scheme = report.org, report.org.scheme
    ws.append([None, cells(f"RACI matrix: {org.name}", bold=True, size=14)])
    ws.append(["activity id", None, None, *page.roles])
    # Under the title, in the activity column that every printed page repeats.
    subtitle = cells(
        f"{scheme.name} · {when:%Y-%m-%d}",
        italic=True,
        color="595959",
        align=cells.align(vertical="top"),
    )
    group_cells: list[Any] = [None, subtitle, None]
    for gi, group in enumerate(page.groups):
        fill = GROUP_FILLS[gi % len(GROUP_FILLS)]
        # A one-column group cannot show its name across: it stands up, like the titles.
        upright = 90 if len(group.roles) == 1 else 0
        parts = _segments(group)
        across = "center" if len(parts) == 1 else "left"
        for name, width in parts:
            for j in range(width):
                group_cells.append(
                    cells(
                        name if j == 0 else None,
                        bold=True,
                        fill=fill,
                        size=8 if len(group.roles) < 3 else 10,
                        align=cells.align(across, wrap=not upright, rotation=upright),
                        border=True,
                    )
                )
    ws.append(group_cells)
    holder_cells: list[Any] = [
        None,
        cells("Held by", italic=True, color="595959", align=cells.align("right", "bottom")),
        None,
    ]
    header_cells: list[Any] = [
        None,
        cells(
            "Activity",
            bold=True,
            color="FFFFFF",
            fill=HEADER_FILL,
            align=cells.align(vertical="bottom"),
        ),
        cells(
            "!", bold=True, color="FFFFFF", fill=HEADER_FILL, align=cells.align("center", "bottom")
        ),
    ]
    for rid in page.roles:
        role = org.roles[rid]
        holder_cells.append(
            cells(
                _holders(report, rid),
                italic=True,
                color="595959" if role.holders else "C00000",
                size=8,
                align=cells.align("center", "bottom", rotation=90),
                border=True,
            )
        )
        header_cells.append(
            cells(
                role.title,
                bold=True,
                color="FFFFFF",
                fill=HEADER_FILL,
                size=9,
                align=cells.align("center", "bottom", wrap=True, rotation=90),
                border=True,
            )
        )
    ws.append(holder_cells)
    ws.append(header_cells)
    start = L.FIRST_COL
    for group in page.groups:
        for _, width in _segments(group):
            if width > 1:
                ws.merged_cells.add(
                    f"{col(start)}{L.GROUP_ROW}:{col(start + width - 1)}{L.GROUP_ROW}"
                )
            start += width


def _segments(group: L.Group) -> list[tuple[str, int]]:
    """A group's header cut into merges of at most half a printed page of roles, each
    named: one merge over a hundred columns showed its name on one page only."""
    most = ROLES_PER_PAGE // 2
    count = -(-len(group.roles) // most) or 1
    size, extra = divmod(len(group.roles), count)
    widths = [size + (1 if k < extra else 0) for k in range(count)]
    more = "" if group.name.endswith(" (continued)") else " (continued)"  # on Matrix 2
    return [(group.name + (more if k else ""), w) for k, w in enumerate(widths)]


def _holders(report: Report, rid: str) -> str:
    """Who holds a role, as its column says: names, or vacant (with the interim)."""
    org = report.org
    role = org.roles[rid]
    names = [org.people[h].name if h in org.people else h for h in role.holders]
    if names:
        return ", ".join(names)
    if role.interim in org.people:
        return f"vacant (interim {org.people[role.interim].name})"
    return "vacant"


def _matrix_rows(
    cells: _Cells,
    report: Report,
    ctx: Context,
    plan: L.Layout,
    roles: list[str],
    flags: dict[str, Counter[Severity]],
    changed: dict[tuple[str, str], str],
    body: Body,
) -> None:
    """The activities: areas bold on grey, activities indented under them. Written as
    XML directly (see raci.excel.fastrows): a large matrix is most of the export."""
    org, scheme = report.org, report.org.scheme
    letters = ctx.letters
    letter_style = cells.style_id(align=cells.align("center"), border=True)
    changed_style = cells.style_id(
        bold=True, color="C00000", fill="FFFF00", align=cells.align("center"), border="strong"
    )
    area_cell = cells.style_id(fill=AREA_FILL, align=cells.align("center"))
    for i, row in enumerate(plan.rows):
        act = org.activities[row.activity]
        indent = cells.align(indent=min(row.depth * 2, 15))
        title_style = cells.style_id(
            quote=act.title.startswith(FORMULA_START),
            bold=row.is_area,
            fill=AREA_FILL if row.is_area else None,
            align=indent,
        )
        flag, flag_style = _flag(cells, flags.get(act.id))
        values: list[tuple[int, Any, int]] = [
            (L.ID_COL, act.id, 0),
            (L.TITLE_COL, act.title, title_style),
            (L.FLAG_COL, flag, flag_style),
        ]
        mine = letters.get(act.id, {})
        style = area_cell if row.is_area else letter_style
        for k, rid in enumerate(roles):
            held = mine.get(rid)
            if (act.id, rid) in changed:  # marked by a diff, even where a letter went
                values.append(
                    (L.FIRST_COL + k, cell_text(held, scheme) if held else None, changed_style)
                )
            elif held or row.is_area:
                values.append((L.FIRST_COL + k, cell_text(held, scheme) if held else None, style))
        body.row(L.FIRST_ROW + i, values, outline=min(row.depth, 7))


def _matrix_input(ws: Any, report: Report, columns: int, rows: int) -> None:
    """Letter colours, the drop-down of the scheme's letters, the filter, print titles."""
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.styles import PatternFill
    from openpyxl.utils import get_column_letter as col
    from openpyxl.worksheet.datavalidation import DataValidation

    scheme = report.org.scheme
    last_col = L.FIRST_COL + columns - 1
    last_row = L.FIRST_ROW + rows - 1
    if columns and rows:
        area = f"{col(L.FIRST_COL)}{L.FIRST_ROW}:{col(last_col)}{last_row}"
        for choice in L.choices(scheme):
            first = choice.split("/")[0]
            colour = L.COLOURS[scheme.get(first).meaning]
            ws.conditional_formatting.add(
                area,
                CellIsRule(
                    operator="equal",
                    formula=[f'"{choice}"'],
                    fill=PatternFill("solid", fgColor=colour, bgColor=colour),
                ),
            )
        listed = ",".join(L.choices(scheme))
        dv = DataValidation(
            type="list",
            formula1=f'"{listed}"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Not a letter",
            error=f"Use one of {listed}, or leave the cell empty.",
            promptTitle=f"{scheme.name} letter",
            prompt=f"Pick {listed}; empty means not involved.",
        )
        dv.add(area)
        ws.data_validations.append(dv)
        # From the hidden id column: a sort by the filter moves each row's id with it.
        ws.auto_filter.ref = f"{col(L.ID_COL)}{L.HEADER_ROW}:{col(last_col)}{last_row}"
    ws.print_title_rows = f"{L.TITLE_ROW}:{L.HEADER_ROW}"
    ws.print_title_cols = f"{col(L.TITLE_COL)}:{col(L.FLAG_COL)}"


def _flag(cells: _Cells, counts: Counter[Severity] | None) -> tuple[str | None, int]:
    """The matrix's ! column: the worst severity of the row's findings, and how many."""
    if not counts:
        return None, 0
    worst = max(counts, key=lambda s: s.rank)
    mark = {"error": "✖", "warning": "▲", "info": "●"}[worst.value]
    total = sum(counts.values())
    color = {"error": "C00000", "warning": "BF8F00", "info": "2F5597"}[worst.value]
    style = cells.style_id(bold=True, color=color, align=cells.align("center"))
    return f"{mark}{total if total > 1 else ''}", style


def _source(report: Report) -> str:
    where = display_path(report.org.source)
    return f"bundled org ({where})" if report.org.bundled else where


def _findings(
    wb: Any,
    report: Report,
    rows_of: dict[str, int],
    places: dict[str, tuple[str, int]],
    body: Body,
) -> None:
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet("Findings")
    cells = _Cells(ws)
    _print_setup(ws, report.org.name, _source(report))
    _header(
        ws,
        cells,
        ["Severity", "Rule", "Code", "About", "Message", "Fix", "Where", "Matrix"],
        [10, 22, 9, 30, 60, 60, 40, 14],
    )
    wrap = cells.style_id(align=cells.align(vertical="top", wrap=True))
    link_style = cells.style_id(color="0563C1", align=cells.align(vertical="top"))
    severity = {
        level: cells.style_id(bold=True, fill=colour, align=cells.align(vertical="top"))
        for level, colour in SEVERITY_FILL.items()
    }
    for number, f in enumerate(report.findings, start=2):
        link: Formula | None = None
        if f.entity.kind == "activity" and f.entity.id in rows_of:
            row = rows_of[f.entity.id]
            link = Formula(f'HYPERLINK("#\'{L.MATRIX}\'!B{row}","row {row}")', f"row {row}")
        elif f.entity.kind == "role" and f.entity.id in places:
            sheet, index = places[f.entity.id]
            column = get_column_letter(index)
            shown = f"column {column}" if sheet == L.MATRIX else f"{sheet} column {column}"
            link = Formula(
                f'HYPERLINK("#\'{sheet}\'!{column}{L.HEADER_ROW}","{shown}")',
                shown,
            )
        where = f"{f.loc.file}:{f.loc.line}" if f.loc.line else f.loc.file
        # Spreadsheets do not grow a row for wrapped text they did not lay out themselves.
        lines = max(_lines(f.message, 60), _lines(f.fix, 60), _lines(where, 40), 1)
        body.row(
            number,
            [
                (1, f.severity.value, severity[f.severity]),
                (2, f.rule, wrap),
                (3, f.code, wrap),
                (4, f"{f.entity.kind} {f.entity.id}", wrap),
                (5, f.message, wrap),
                (6, f.fix, wrap),
                (7, where, wrap),
                (8, link, link_style),
            ],
            height=13.5 * lines + 2,
        )
    if report.findings:
        ws.auto_filter.ref = f"A1:H{len(report.findings) + 1}"
    else:
        ws.append([None, cells("No findings.", italic=True)])


def _changes(
    wb: Any,
    report: Report,
    changes: Changes,
    rows_of: dict[str, int],
    places: dict[str, tuple[str, int]],
    after: int,
) -> None:
    """The cells a diff changed, each linked to its place on the matrix (the sheet
    after the matrix sheets)."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet("Changes", after)
    cells = _Cells(ws)
    _print_setup(ws, report.org.name, _source(report))
    _header(ws, cells, ["Activity", "Role", "Was", "Now", "Matrix"], [40, 26, 8, 8, 12])
    for aid, rid, old, new in changes:
        link = None
        if rid in places and aid in rows_of:
            sheet, index = places[rid]
            ref = f"{get_column_letter(index)}{rows_of[aid]}"
            shown = ref if sheet == L.MATRIX else f"{sheet}!{ref}"
            formula = f'=HYPERLINK("#\'{sheet}\'!{ref}","{shown}")'
            link = WriteOnlyCell(ws, value=formula)  # a formula raci writes
        ws.append([cells(aid), cells(rid), cells(old or "-"), cells(new or "-", bold=True), link])
    if not changes:
        ws.append([cells("No letters changed.", italic=True)])


def _workload(wb: Any, report: Report, ctx: Context, plan: L.Layout) -> None:
    from openpyxl.chart import BarChart, Reference
    from openpyxl.utils import get_column_letter

    org, scheme = report.org, report.org.scheme
    ws = wb.create_sheet("Workload")
    cells = _Cells(ws)
    _print_setup(ws, org.name, _source(report))
    letters = [x.letter for x in scheme.letters]
    _header(
        ws,
        cells,
        ["Role", "Title", "Held by", *(f"{x} {scheme.word(x)}" for x in letters), "Total"],
        [22, 36, 26, *([11] * len(letters)), 9],
    )
    counts = ctx.letter_counts
    # Busiest first: the roles an executive looks for, and the ones the chart shows.
    total = {r: sum(counts.get(r, Counter()).get(x, 0) for x in letters) for r in plan.roles}
    roles = sorted(plan.roles, key=lambda r: -total[r])
    for rid in roles:
        role = org.roles[rid]
        per = counts.get(rid, Counter())
        holders = ", ".join(org.people[h].name if h in org.people else h for h in role.holders)
        ws.append(
            [
                cells(rid),
                cells(role.title),
                cells(holders or "vacant"),
                *(per.get(x, 0) for x in letters),
                sum(per.get(x, 0) for x in letters),
            ]
        )
    if roles:
        chart = BarChart()
        chart.type = "col"
        chart.grouping = "stacked"
        chart.overlap = 100
        chart.gapWidth = 40
        shown = min(len(roles), CHART_ROLES)
        chart.title = "Letters per role" + (
            f": the {shown} busiest of {len(roles):,}" if shown < len(roles) else ""
        )
        chart.y_axis.title = "activities"

        data = Reference(ws, min_col=4, max_col=3 + len(letters), min_row=1, max_row=shown + 1)
        names = Reference(ws, min_col=1, min_row=2, max_row=shown + 1)
        chart.add_data(data, titles_from_data=True)
        chart.set_categories(names)
        for series, letter in zip(chart.series, letters, strict=False):
            colour = L.COLOURS[scheme.get(letter).meaning]
            series.graphicalProperties.solidFill = colour
            series.graphicalProperties.line.solidFill = colour
        chart.height = 11
        chart.width = max(18.0, 0.6 * shown)
        # Beside the table, at the top of its first printed page.
        ws.add_chart(chart, f"{get_column_letter(6 + len(letters))}2")


def _health(wb: Any, report: Report, ctx: Context) -> None:
    """The figures of `raci stats`: spans and layers, vacancies, coverage."""
    from openpyxl.cell import WriteOnlyCell

    from raci.stats import compute

    figures = compute(report.org, ctx)
    ws = wb.create_sheet("Org health")
    cells = _Cells(ws)
    _print_setup(ws, report.org.name, _source(report), landscape=False)
    bands = list(figures.spans)
    _header(ws, cells, ["Figure", "Value"], [34, 12, *([9] * len(bands))])
    right = cells.align("right")
    for label, value in (
        ("People", figures.people),
        ("Roles", figures.roles),
        ("Roles filled", figures.filled),
        ("Vacant roles", figures.vacant),
        ("  of them with an interim", figures.vacant_with_interim),
        ("Dotted lines", figures.dotted_lines),
        ("Layers", figures.layers),
        ("Managers", figures.managers),
        ("  of managers", figures.managers_of_managers),
        ("  of individual contributors", figures.managers_of_ics),
        ("  of one", figures.managers_of_one),
        ("Median span of control", figures.median_span),
    ):
        ws.append([cells(label), value])
    coverage = WriteOnlyCell(ws, value=round(figures.coverage, 4))
    coverage.number_format = "0%"
    ws.append([cells("RACI coverage (one A, at least one R)"), coverage])
    ws.append([])
    ws.append(
        [
            cells("Managers by span of control", bold=True),
            None,
            *(cells(b, bold=True, align=right) for b in bands),
        ]
    )
    ws.append([cells("Layer (roles in it)", bold=True)])
    ws.append([cells("all layers"), figures.roles, *figures.spans.values()])
    for layer, counts in figures.spans_by_layer.items():
        ws.append([cells(f"layer {layer}"), figures.per_layer.get(layer, 0), *counts.values()])


def _roles(wb: Any, report: Report) -> None:
    org = report.org
    ws = wb.create_sheet("Roles")
    cells = _Cells(ws)
    _print_setup(ws, org.name, _source(report))
    _header(
        ws,
        cells,
        [
            "Role",
            "Title",
            "Reports to",
            "Dotted lines",
            "Held by",
            "Interim",
            "Vacant",
            "Tags",
            "Teams",
        ],
        [22, 36, 22, 22, 30, 20, 8, 14, 30],
    )
    teams: dict[str, list[str]] = {}
    for t in org.teams.values():
        for m in dict.fromkeys(([t.lead] if t.lead else []) + t.members):
            teams.setdefault(m, []).append(t.name)
    name = {p.id: p.name for p in org.people.values()}
    for r in org.roles.values():
        ws.append(
            [
                cells(r.id),
                cells(r.title),
                cells(r.reports_to or "(top)"),
                cells(", ".join(r.dotted_to)),
                cells(", ".join(name.get(h, h) for h in r.holders)),
                cells(name.get(r.interim, r.interim) if r.interim else None),
                cells("yes", bold=True, color="C00000") if r.vacant else cells("no"),
                cells(", ".join(r.tags)),
                cells(", ".join(teams.get(r.id, []))),
            ]
        )
    ws.auto_filter.ref = f"A1:I{len(org.roles) + 1}"


def _people(wb: Any, report: Report) -> None:
    org = report.org
    ws = wb.create_sheet("People")
    cells = _Cells(ws)
    _print_setup(ws, org.name, _source(report), landscape=False)
    _header(ws, cells, ["Person", "Name", "Email", "Holds", "Interim for"], [20, 26, 30, 50, 30])
    holds: dict[str, list[str]] = {}
    interim: dict[str, list[str]] = {}
    for r in org.roles.values():
        for h in r.holders:
            holds.setdefault(h, []).append(r.title)
        if r.interim:
            interim.setdefault(r.interim, []).append(r.title)
    for p in org.people.values():
        ws.append(
            [
                cells(p.id),
                cells(p.name),
                cells(p.email),
                cells("; ".join(holds.get(p.id, [])) or None),
                cells("; ".join(interim.get(p.id, [])) or None),
            ]
        )


def _legend(wb: Any, report: Report) -> None:
    scheme = report.org.scheme
    ws = wb.create_sheet("Legend")
    cells = _Cells(ws)
    _print_setup(ws, report.org.name, _source(report), landscape=False)
    _header(ws, cells, ["Letter", "Means", "Role in the decision"], [10, 22, 70])
    centred = cells.align("center")
    for x in scheme.letters:
        ws.append(
            [
                cells(x.letter, bold=True, fill=L.COLOURS[x.meaning], align=centred),
                cells(x.word),
                cells(_MEANINGS[x.meaning.value]),
            ]
        )
    combos = [c for c in L.choices(scheme) if "/" in c]
    if combos:
        colour = L.COLOURS[scheme.get(combos[0].split("/")[0]).meaning]
        ws.append(
            [
                cells(", ".join(combos), bold=True, fill=colour, align=centred),
                cells("combined"),
                cells("One role may hold these letters together on one activity."),
            ]
        )
    ws.append([])
    notes = (
        "How to edit: pick a letter from the drop-down in a Matrix cell, or clear it.",
        "Grey rows are areas; the rows under them are their activities (use the 1 / 2 "
        "outline buttons to fold them).",
        "The ! column marks activities with findings (✖ error, ▲ warning, ● info); see "
        "the Findings sheet.",
        "Send the workbook back as it is: raci reads your edits with `raci import xlsx`. "
        "Titles may be renamed; the hidden ids keep the mapping.",
    )
    first = len(scheme.letters) + (4 if combos else 3)
    for number, line in enumerate(notes, start=first):
        ws.row_dimensions[number].height = 13.5 * _lines(line, 75) + 3
        ws.append([None, None, cells(line, align=cells.align(vertical="top", wrap=True))])


_MEANINGS = {
    "decider": "Owns the outcome and makes the final call. Exactly one per activity.",
    "doer": "Does the work.",
    "support": "Helps those who do the work.",
    "input": "Asked before the decision: two-way.",
    "approval": "Signs off or may veto.",
    "notified": "Told after the decision: one-way.",
    "omitted": "Deliberately kept out of the loop.",
}


def _about(wb: Any, report: Report, when: dt.datetime, notes: list[str]) -> None:
    org = report.org
    ws = wb.create_sheet("About")
    cells = _Cells(ws)
    _print_setup(ws, org.name, _source(report), landscape=False)
    _header(ws, cells, ["", ""], [22, 80])
    s = report.summary
    for key, value in (
        ("Organisation", org.name),
        ("Source", _source(report)),
        ("Scheme", org.scheme.name),
        ("Exported", when.strftime("%Y-%m-%d %H:%M UTC")),
        ("raci version", __version__),
        ("Roles", str(len(org.roles))),
        # As `raci check` and `raci stats` count them: the RACI's rows, then the areas.
        ("Activities", str(s["activities"])),
        ("Areas", str(len(org.children()))),
        ("Findings", ", ".join(_count(s[k + "s"], k) for k in ("error", "warning", "info"))),
        *(("Matrix", note) for note in notes),
    ):
        ws.append([cells(key, bold=True), cells(value)])


def _meta(wb: Any, report: Report, plan: L.Layout, pages: list[L.Page]) -> None:
    """The hidden sheet import reads: where the ids are, and which scheme."""
    ws = wb.create_sheet(L.META)
    ws.sheet_state = "hidden"
    rows = [
        ("layout", L.LAYOUT_VERSION),
        ("scheme", report.org.scheme.name),
        ("sheet", L.MATRIX),
        ("id_row", L.ID_ROW),
        ("id_col", L.ID_COL),
        ("first_row", L.FIRST_ROW),
        ("first_col", L.FIRST_COL),
        ("rows", len(plan.rows)),
        ("cols", len(plan.roles)),
        # The matrix sheets, in order, when the roles do not fit on one.
        *([("sheets", "|".join(p.sheet for p in pages))] if len(pages) > 1 else []),
    ]
    for key, value in rows:
        ws.append([key, value])
    # What each activity's letters were, so an import can tell an edit in the workbook
    # from a change made to the YAML after the export.
    digests = L.letter_digests(L.current_letters(report.org))
    for row in plan.rows:
        ws.append([L.DIGEST_KEY + row.activity, digests.get(row.activity, "-")])


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*")
_W3CDTF = "%Y-%m-%dT%H:%M:%SZ"


def _deterministic_zip(data: bytes, when: dt.datetime, bodies: dict[str, Body]) -> bytes:
    """The same archive with the body rows spliced in and every timestamp fixed."""
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the time of saving
                content = _MODIFIED.sub(rb"\g<1>" + when.strftime(_W3CDTF).encode(), content)
            if info.filename in bodies:
                content = splice(content, bodies[info.filename].xml())
            dst.writestr(fixed, content)
    return out.getvalue()
