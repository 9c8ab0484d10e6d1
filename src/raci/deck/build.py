"""The deck's slides, drawn with python-pptx (imported by `raci export pptx` only)."""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

from raci import diagram as diagrams
from raci import matrix as M
from raci.deck import SIZES, DeckError, DeckOptions, DeckResult
from raci.deck import orgchart as oc
from raci.engine import Report
from raci.escape import xml_safe
from raci.findings import Finding, Severity
from raci.notation import cell_text
from raci.rules.base import Context

MARGIN = 0.4  # inches, around the content
TOP = 1.15  # below the title
BOTTOM = 0.35
FONT = "Arial"  # metric twin of the Helvetica dot measured the boxes with
TEXT = "262626"
GREY = "595959"
LINE = "7F7F7F"
HOLDER_PT = 9.0
MAX_FINDING_SLIDES = 3
MAX_CHART_ROLES = 30
MAX_RACI_SLIDES = 60


def build_deck(report: Report, options: DeckOptions) -> tuple[bytes, DeckResult]:
    """The deck's bytes, and what the caller should be told."""
    from pptx import Presentation
    from pptx.util import Inches

    org = report.org
    letters = _letters(report, options.letters)
    when = M.source_date(org.files)
    notes: list[str] = []
    if options.template is not None:
        prs = _template(options.template, options.size, notes)
    else:
        prs = Presentation()
        width, height = SIZES[options.size or "16:9"]
        _widen(prs, width / 10.0)
        prs.slide_width, prs.slide_height = Inches(width), Inches(height)
    _quick_partnames(prs)
    props = prs.core_properties
    props.title = xml_safe(f"{org.name}: RACI and org chart")
    props.author = props.last_modified_by = "raci"
    props.created = props.modified = props.last_printed = when
    props.revision = 1
    deck = _Deck(prs, report, options, letters)
    deck.title_slide(when)
    notes += deck.org_slides()
    notes += deck.raci_slides()
    deck.findings_slides()
    deck.workload_slide()
    buffer = io.BytesIO()
    prs.save(buffer)
    return _fixed_zip(buffer.getvalue(), when), DeckResult(len(prs.slides), notes)


def _quick_partnames(prs: Any) -> None:
    """Number new parts (notes, charts) from a counter: python-pptx walks every part of
    the package for each new one, quadratic in a deck of hundreds of slides."""
    from pptx.opc.packuri import PackURI

    package = prs.part.package
    used = {str(part.partname) for part in package.iter_parts()}
    counters: dict[str, int] = {}

    def next_partname(template: str) -> PackURI:
        n = counters.get(template, 1)
        while template % n in used:
            n += 1
        counters[template] = n + 1
        used.add(template % n)
        return PackURI(template % n)

    package.next_partname = next_partname


def _letters(report: Report, wanted: str | None) -> list[str]:
    scheme = report.org.scheme
    known = [x.letter for x in scheme.letters]
    if not wanted:
        return known
    unknown = [x for x in wanted if x not in known]
    if unknown:
        raise DeckError(
            f"--letters: {', '.join(unknown)} not in the {scheme.name} scheme ({''.join(known)})"
        )
    return [x for x in known if x in wanted]


def _template(path: Path, size: str | None, notes: list[str]) -> Any:
    """The client's deck, emptied of its slides: its masters, layouts and theme stay."""
    from pptx import Presentation

    from raci.deck import template as tp

    found = tp.check(path, size, SIZES)
    data = _normalised(path.read_bytes(), found.main, tp.PPTX_MAIN)
    try:
        prs = Presentation(io.BytesIO(data))
    except (KeyError, ValueError, SyntaxError, zipfile.BadZipFile) as exc:
        # What template.check does not foresee (lxml's XML errors are SyntaxErrors).
        raise tp.TemplateError(
            f"--template {path}: a damaged PowerPoint file ({type(exc).__name__}: {exc})"
        ) from exc
    if found.macros:
        for rid, rel in list(prs.part.rels.items()):
            if rel.reltype.endswith("/vbaProject"):
                prs.part.drop_rel(rid)
        notes.append(f"the template's macros ({found.kind}) are not copied into the deck")
    ids = prs.slides._sldIdLst
    for sld in list(ids):
        prs.part.drop_rel(sld.rId)
        ids.remove(sld)
    return prs


# LibreOffice links the document properties with this older relationship type, which
# python-pptx does not know: it added a second docProps/core.xml to the archive.
_OLD_CORE = b"http://schemas.openxmlformats.org/officedocument/2006/relationships/metadata/"
_CORE = b"http://schemas.openxmlformats.org/package/2006/relationships/metadata/"


def _normalised(data: bytes, main: str, pptx_main: str) -> bytes:
    """The package as python-pptx reads it: a presentation (python-pptx opens no
    template or show, whose parts are the same), its core properties found."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            content = src.read(info)
            if info.filename == "[Content_Types].xml":
                content = content.replace(main.encode(), pptx_main.encode())
            elif info.filename == "_rels/.rels":
                content = content.replace(_OLD_CORE, _CORE)
            dst.writestr(info, content)
    return out.getvalue()


def _widen(prs: Any, factor: float) -> None:
    """Stretch the default (4:3) template's placeholders across a wider slide."""
    if abs(factor - 1) < 1e-6:
        return
    for owner in [prs.slide_master, *prs.slide_layouts]:
        for shape in owner.placeholders:
            shape.left, shape.width = round(shape.left * factor), round(shape.width * factor)


def _fixed_zip(data: bytes, when: dt.datetime) -> bytes:
    """The archive with every timestamp fixed, embedded chart workbooks included."""
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    iso = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename.endswith(".xlsx"):
                content = _fixed_zip(content, when)
            elif info.filename == "docProps/core.xml":
                # XlsxWriter stamps the embedded workbooks' creation with the clock.
                content = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*",
                    rb"\g<1>" + iso.encode(),
                    content,
                )
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, content)
    return out.getvalue()


def _rgb(hex_colour: str) -> Any:
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(hex_colour.lstrip("#").upper())  # type: ignore[no-untyped-call]


def abbreviation(title: str) -> str:
    """'Chief Technology Officer' -> 'CTO'; 'VP Sales' -> 'VPS'; 'Role 12' -> 'R12'."""
    out = ""
    for word in re.findall(r"[A-Za-z0-9]+", title):
        if word.lower() in ("of", "and", "the", "for", "to", "a"):
            continue
        if word.isdigit() or (word.isupper() and len(word) <= 3):
            out += word
        else:
            out += word[0].upper()
    return out[:6] or "?"


def _count(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def _lines_of(text: str, chars: int) -> int:
    return max(1, sum(math.ceil(max(len(part), 1) / chars) for part in text.split("\n")))


def _fitting(paragraphs: list[str], width: float, height: float) -> float:
    """The largest size from 9 pt down to 6 pt at which the paragraphs, wrapped at
    words in a text box of `width` x `height` inches, fit in it: a key that runs off
    the slide leaves its last roles unexplained."""
    import textwrap

    size = 9.0
    while size > 6.0:
        chars = int((width - 0.2) * 72 / (0.55 * size))  # 0.1 in margins; a glyph ~0.55 em
        lines = sum(len(textwrap.wrap(p, chars)) or 1 for p in paragraphs)
        if lines * 1.2 * size / 72 + 0.1 <= height:
            break
        size -= 0.5
    return size


class _Deck:
    def __init__(self, prs: Any, report: Report, options: DeckOptions, letters: list[str]):
        from pptx.util import Emu

        self.prs, self.report, self.options, self.letters = prs, report, options, letters
        self.org = report.org
        org = self.org
        self.ctx = Context(org, report.config.scope)
        self.part = oc.scope(report, self.ctx, options.root, options.depth)
        self.in_scope = set(self.part.layer)
        self.width = Emu(prs.slide_width).inches
        self.height = Emu(prs.slide_height).inches
        self.chart_bottom = _footer_top(prs, self.height)
        self.layouts = _layouts(prs)
        self.font_name = None if options.template is not None else FONT
        self.team_fill = _team_fills(report)
        self.activities = set(org.activities)
        self.findings = report.findings
        if options.root is not None:
            # A sub-tree's deck counts and lists what concerns its roles only.
            self.activities = {
                aid
                for aid, held in self.ctx.letters.items()
                if any(rid in self.in_scope for rid in held)
            }
            self.findings = [
                f
                for f in report.findings
                if (f.entity.kind == "role" and f.entity.id in self.in_scope)
                or (f.entity.kind == "activity" and f.entity.id in self.activities)
            ]
        self.worst: dict[tuple[str, str], Severity] = {}
        for f in report.findings:
            key = (f.entity.kind, f.entity.id)
            if key not in self.worst or f.severity.rank > self.worst[key].rank:
                self.worst[key] = f.severity
        taken: Counter[str] = Counter()
        self.abbrev: dict[str, str] = {}
        for rid in self.part.layer:
            short = abbreviation(org.roles[rid].title)
            # A second 'CPO' (Chief People Officer after Chief Product Officer) is its
            # id ('CHRO'), its id's initials, or more of its title's last word ('HCSu'
            # for Head of Customer Success after Support) when free; else a number.
            if taken[short]:
                parts = re.findall(r"[A-Za-z0-9]+", rid)
                last = (re.findall(r"[A-Za-z0-9]+", org.roles[rid].title) or [""])[-1]
                tries = ["".join(parts).upper(), "".join(p[0] for p in parts).upper()]
                tries += [short + last[1:n] for n in range(2, len(last) + 1)]
                for other in tries:
                    if 0 < len(other) <= 6 and not taken[other]:
                        short = other
                        break
            taken[short] += 1
            self.abbrev[rid] = short if taken[short] == 1 else f"{short}{taken[short]}"

    # -- helpers -----------------------------------------------------------------------

    def slide(self, title: str, notes: str, layout: str = "title_only") -> Any:
        from pptx.util import Inches, Pt

        slide = self.prs.slides.add_slide(self.layouts[layout])
        if slide.shapes.title is not None:
            shape = slide.shapes.title
            shape.text = title
            if layout == "title_only":
                shape.left, shape.top = Inches(MARGIN), Inches(0.25)
                shape.width, shape.height = Inches(self.width - 2 * MARGIN), Inches(0.8)
                if self.options.template is None:
                    for p in shape.text_frame.paragraphs:
                        for run in p.runs:
                            run.font.size = Pt(26 if len(title) < 60 else 20)
        slide.notes_slide.notes_text_frame.text = notes
        return slide

    def text_box(
        self,
        slide: Any,
        box: tuple[float, float, float, float],
        lines: list[tuple[str, float, bool, str]],
        name: str | None = None,
    ) -> Any:
        """A text box; each line is (text, points, bold, colour)."""
        from pptx.util import Inches

        left, top, width, height = box
        shape = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
        if name:
            shape.name = name
        frame = shape.text_frame
        frame.word_wrap = True
        for i, (text, size, bold, colour) in enumerate(lines):
            p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            run = p.add_run()
            run.text = text
            self.font(run.font, size, bold, colour)
        return shape

    def font(self, font: Any, size: float, bold: bool = False, colour: str = TEXT) -> None:
        from pptx.util import Pt

        font.size = Pt(size)
        font.bold = bold
        font.color.rgb = _rgb(colour)
        if self.options.template is None:
            font.name = FONT

    def where(self, entities: list[Any]) -> str:
        """'org/org.yaml lines 9-40; ...': the files and lines these entities came from."""
        spans: dict[str, list[int]] = {}
        for entity in entities:
            loc = entity.loc()
            if loc.file:
                spans.setdefault(loc.file, []).append(loc.line)
        parts = []
        for file, lines in spans.items():
            known = [n for n in lines if n]
            if not known:
                parts.append(file)
            elif min(known) == max(known):
                parts.append(f"{file} line {known[0]}")
            else:
                parts.append(f"{file} lines {min(known)}-{max(known)}")
        return "; ".join(parts) or "the organisation's files"

    # -- title ---------------------------------------------------------------------------

    def _rows(self) -> int:
        """The activities counted as `raci check` and `raci stats` count them: the
        RACI's rows (an area only when it has letters of its own)."""
        checked = {a.id for a in self.ctx.checked_activities}
        return len(self.activities & checked)

    def title_slide(self, when: dt.datetime) -> None:
        org, root = self.org, self.options.root
        errors = sum(1 for f in self.findings if f.severity is Severity.ERROR)
        warnings = sum(1 for f in self.findings if f.severity is Severity.WARNING)
        infos = len(self.findings) - errors - warnings
        if root is None:
            people = len(org.people)
        else:
            people = len({h for rid in self.in_scope for h in org.roles[rid].holders})
        figures = (
            f"{_count(len(self.in_scope) if root else len(org.roles), 'role', 'roles')}"
            f" · {_count(people, 'person', 'people')}"
            f" · {_count(self._rows(), 'activity', 'activities')}"
            f" · {_count(len(self.findings), 'finding', 'findings')}"
            f" ({_count(errors, 'error', 'errors')}, {_count(warnings, 'warning', 'warnings')}"
            # the parts add up to the count: as `raci check` says it
            + (f", {_count(infos, 'info', 'infos')})" if infos else ")")
        )
        lines = [(f"RACI and org chart · {when:%d %B %Y}", 20.0, False, GREY)]
        title = org.name
        what = "the whole organisation as `raci check` read it"
        if root is not None:
            top = org.roles[root].title
            title = f"{org.name}: {top}"
            shown, below = len(self.in_scope) - 1, oc._count_below(self.ctx, root)
            depth = self.options.depth
            part = f"{top} and the {_count(below, 'role', 'roles')} below"
            if below == 0:
                part = f"{top}, with no roles below"
            elif shown == 0:
                part = f"{top} without the {_count(below, 'role', 'roles')} below"
            elif shown < below:
                part = f"{top} and {shown:,} of the {below:,} roles below"
            of = f"A sub-tree of {org.name} ({_count(len(org.roles), 'role', 'roles')}): "
            lines.append((of + part, 14.0, False, GREY))
            what = (
                f"the sub-tree from {root} down (--root {root}"
                + (f" --depth {depth}" if depth is not None else "")
                + "): "
                "its roles, their holders, the activities where they hold a letter, "
                "and the findings about those roles and activities"
            )
        lines.append((figures, 14.0, False, GREY))
        notes = (
            f"Source: {_source(self.report)} ({len(org.files)} files). Date: "
            f"{when:%Y-%m-%d}, the newest source file's time (or SOURCE_DATE_EPOCH), "
            f"as in the workbook. Figures: {what}."
        )
        slide = self.slide(title, notes, "title")
        holder = next((p for p in slide.placeholders if p.placeholder_format.idx == 1), None)
        if holder is not None:
            frame = holder.text_frame
            for i, (text, size, bold, colour) in enumerate(lines):
                p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
                run = p.add_run()
                run.text = text
                self.font(run.font, size, bold, colour)
        else:
            self.text_box(slide, (MARGIN, self.height * 0.6, self.width - 2 * MARGIN, 1.2), lines)

    # -- org chart -------------------------------------------------------------------------

    def org_slides(self) -> list[str]:
        options = diagrams.Options(self.options.root, self.options.depth)
        area_w = self.width - 2 * MARGIN
        area_h = self.chart_bottom - TOP
        plans, notes = oc.plan(self.report, self.ctx, self.part, options, area_w, area_h)
        # Every slide first, so that any box can link to any of them.
        slides = [self.org_slide(plan, len(plans)) for plan in plans]
        links: list[dict[str, Any]] = [{} for _ in plans]
        for number, plan in enumerate(plans):
            if plan.parent is not None and (plan.part is None or plan.part[0] == 1):
                for name in (f"role_{plan.tops[0]}", f"more_{plan.tops[0]}"):
                    links[plan.parent][name] = slides[number]
        for number, (plan, slide) in enumerate(zip(plans, slides, strict=True)):
            self.draw_chart(slide, plan, links[number])
            if plan.part is not None and plan.part[0] < plan.part[1]:
                self.link(slide, slides[number + 1], "next part ▶", "next", 1)
            if plan.parent is not None:
                self.link(slide, slides[plan.parent], "▲ up one level", "up", 0)
        return notes

    def link(self, slide: Any, target: Any, text: str, name: str, row: int) -> None:
        """A small link at the top right: up to the parent slide, on to the next part."""
        shape = self.text_box(
            slide,
            (self.width - MARGIN - 2.2, 0.02 + 0.26 * row, 2.2, 0.26),
            [(text, 10.0, False, "0563C1")],
            name=name,
        )
        shape.text_frame.paragraphs[0].alignment = _align("right")
        shape.click_action.target_slide = target

    def org_slide(self, plan: oc.OrgSlide, total: int) -> Any:
        org = self.org
        if plan.overview:
            root = self.options.root
            below = f" from {org.roles[root].title} down" if root is not None else ""
            title = f"{org.name}: org chart{below}" + (" (overview)" if total > 1 else "")
        else:
            title = f"{org.roles[plan.tops[0]].title}: the org below"
        if plan.part is not None:
            title += f" (part {plan.part[0]}/{plan.part[1]})"
        roles = [org.roles[r] for r in plan.roles]
        shown = set(plan.roles)
        flagged = sorted(
            {
                f.rule
                for f in self.report.findings
                if f.entity.kind == "role" and f.entity.id in shown
            }
        )
        cmd = "raci diagram org" + (f" --root {plan.tops[0]}" if not plan.overview else "")
        notes = [
            f"{_count(len(roles), 'role', 'roles')} from {self.where(roles)}.",
            f"Layout: Graphviz dot on the graph of `{cmd}`"
            + (" (sideways: too many reports side by side)" if plan.sideways else "")
            + f"; boxes at {oc.TITLE_PT * plan.scale:.1f} pt.",
            "Colours: teams as in the workbook's matrix headers; dashed outline and red text: "
            "vacant; red or orange outline: a role with findings"
            + (f" ({', '.join(flagged)})." if flagged else "."),
        ]
        if plan.cut:
            notes.append("Click a box with '+N more' under it to open its slide.")
        return self.slide(title, "\n".join(notes))

    def draw_chart(self, slide: Any, plan: oc.OrgSlide, links: dict[str, Any]) -> None:
        """The boxes and glued lines, written as DrawingML (python-pptx's shape API costs
        a tenth of a second a slide, too slow for an org of thousands)."""
        from pptx.opc.constants import RELATIONSHIP_TYPE as RT
        from pptx.oxml import parse_xml

        emu = 914400 / oc.POINTS * plan.scale  # EMU per dot point
        left = MARGIN * 914400 + (self.width - 2 * MARGIN) * 914400 / 2 - plan.width * emu / 2
        room = (self.chart_bottom - TOP) * 914400 - plan.height * emu
        # A chart hangs below the title; a lone box sits in the middle of the slide.
        top = TOP * 914400 + max(0.0, room / 2) * (1.0 if len(plan.boxes) == 1 else 0.3)
        tree = slide.shapes._spTree
        next_id = max((int(x) for x in tree.xpath("//p:cNvPr/@id")), default=1) + 1
        ids: dict[str, int] = {}
        rects: dict[str, tuple[int, int, int, int]] = {}
        for box in plan.boxes:
            x, y = round(left + (box.x - box.w / 2) * emu), round(top + (box.y - box.h / 2) * emu)
            rects[box.name] = (x, y, round(box.w * emu), round(box.h * emu))
        area = (MARGIN, TOP, self.width - MARGIN, self.chart_bottom)
        _under_their_boxes(rects, plan.sideways, tuple(round(v * 914400) for v in area))
        boxes: list[str] = []
        for box in plan.boxes:
            rect = rects[box.name]
            ids[box.name] = next_id
            target = links.get(box.name)
            rid = slide.part.relate_to(target.part, RT.SLIDE) if target is not None else None
            if box.role is not None:
                boxes.append(self.role_xml(next_id, box.role, rect, plan.scale, rid))
            else:
                kid = box.name[5:]
                count = plan.cut.get(kid) or oc._count_below(self.ctx, kid)
                boxes.append(_more_xml(next_id, kid, rect, f"+{count:,} more", plan.scale, rid))
            next_id += 1
        lines: list[str] = []
        for line in plan.lines:
            if line.tail not in ids or line.head not in ids:
                continue
            fold = line.head.startswith("more_")
            a, b = rects[line.tail], rects[line.head]
            if line.dotted:
                start = (round(left + line.start[0] * emu), round(top + line.start[1] * emu))
                end = (round(left + line.end[0] * emu), round(top + line.end[1] * emu))
                sites = (_site(a, start), _site(b, end))
            else:
                sites = (3, 1) if plan.sideways else (2, 0)
            lines.append(
                _line_xml(
                    next_id,
                    f"line:{line.tail[5:]}->{line.head[5:]}",
                    (ids[line.tail], sites[0], a),
                    (ids[line.head], sites[1], b),
                    straight=line.dotted,
                    colour="BFBFBF" if fold else LINE,
                    dashed=line.dotted or fold,
                )
            )
            next_id += 1
        body = "".join(lines + boxes)  # lines first: under the boxes, as in the diagram
        group = parse_xml(f"<p:spTree {_NS}>{body}</p:spTree>")
        for element in list(group):
            tree.append(element)

    def role_xml(
        self,
        shape_id: int,
        rid: str,
        rect: tuple[int, int, int, int],
        scale: float,
        link: str | None,
    ) -> str:
        org = self.org
        role = org.roles[rid]
        severity = self.worst.get(("role", rid))
        if severity is not None and severity.rank >= Severity.WARNING.rank:
            outline, width = diagrams.FINDING_COLOUR[severity].lstrip("#"), 25400
        else:
            outline, width = "44546A", 9525
        names = [org.people[h].name if h in org.people else h for h in role.holders]
        if names:
            who = ", ".join(names[:3]) + (f" +{len(names) - 3}" if len(names) > 3 else "")
            colour = "404040"
        elif role.interim:
            person = org.people.get(role.interim)
            who, colour = f"vacant · interim {person.name if person else role.interim}", "C00000"
        else:
            who, colour = "vacant", "C00000"
        paragraphs = [
            _para(role.title, oc.TITLE_PT * scale, True, TEXT, self.font_name),
            _para(who, HOLDER_PT * max(1.0, scale), False, colour, self.font_name),
        ]
        return _shape_xml(
            shape_id,
            f"role:{rid}",
            rect,
            "roundRect",
            self.team_fill.get(rid, "FFFFFF"),
            (outline, width, role.vacant),
            paragraphs,
            link,
        )

    # -- RACI tables -----------------------------------------------------------------------

    def raci_slides(self) -> list[str]:
        org, ctx = self.org, self.ctx
        made = 0
        shown: set[str] = set()
        left_out: set[str] = set()
        wanted = set(self.letters)
        order = {rid: i for i, rid in enumerate(M.plan(org, set(self.in_scope)).roles)}
        groups: list[tuple[str, list[tuple[str, int]]]] = []
        for row in M.plan(org, set()).rows:
            if row.depth == 0:
                title = org.activities[row.activity].title if row.is_area else None
                if title is None and groups and groups[-1][0] == "":
                    groups[-1][1].append((row.activity, 0))
                    continue
                groups.append((title or "", [(row.activity, 0)]))
            else:
                groups[-1][1].append((row.activity, row.depth))
        rows_room = self.height - TOP - BOTTOM - 0.5
        title_w = 3.6 if self.width > 11 else 2.8
        legend_w = 2.7 if self.width > 11 else 2.2
        col_w = 0.5
        cols = max(3, int((self.width - 2 * MARGIN - title_w - legend_w - 0.2) / col_w))
        for area, members in groups:
            kept: list[tuple[str, int, dict[str, str]]] = []
            for aid, depth in members:
                cells = {
                    rid: cell_text(held & wanted, org.scheme)
                    for rid, held in ctx.letters.get(aid, {}).items()
                    if rid in self.in_scope and held & wanted
                }
                if cells or (depth == 0 and area):
                    kept.append((aid, depth, cells))
            if not any(cells for _, _, cells in kept):
                continue
            # Rows by the lines their titles wrap to, and only as many as keep the roles
            # they involve within the columns beside the legend.
            chunks: list[tuple[list[tuple[str, int, dict[str, str]]], set[str]]] = []
            rows: list[tuple[str, int, dict[str, str]]] = []
            involved: set[str] = set()
            used = 0.0
            chars = int(title_w * 72 / 5.2)
            for item in kept:
                need = 0.26 * _lines_of(org.activities[item[0]].title, chars - 3 * item[1])
                wider = involved | set(item[2])
                if rows and (used + need > rows_room or len(wider) > cols):
                    chunks.append((rows, involved))
                    rows, wider, used = [], set(item[2]), 0.0
                rows.append(item)
                involved = wider
                used += need
            chunks.append((rows, involved))
            pages = [
                (rows, columns[i : i + cols])
                for rows, roles in chunks
                for columns in [sorted(roles, key=lambda r: order.get(r, 10**9))]
                for i in range(0, max(len(columns), 1), cols)
            ]
            # A dense area reads better as the same rows with the roles in two halves.
            everyone = sorted({r for _, _, c in kept for r in c}, key=lambda r: order.get(r, 10**9))
            by_rows: list[list[tuple[str, int, dict[str, str]]]] = [[]]
            used = 0.0
            for item in kept:
                need = 0.26 * _lines_of(org.activities[item[0]].title, chars - 3 * item[1])
                if by_rows[-1] and used + need > rows_room:
                    by_rows.append([])
                    used = 0.0
                by_rows[-1].append(item)
                used += need
            grid = [
                (rows, everyone[i : i + cols])
                for rows in by_rows
                for i in range(0, len(everyone), cols)
            ]
            if len(grid) <= len(pages):
                pages = grid
            if len(pages) > 2 and sum(len(r) for r, _ in pages) < 3 * len(pages):
                # Sparse: each activity involves other roles, and a grid of role columns
                # held one or two rows a slide. A column per letter, naming the roles.
                pages = [(rows, []) for rows in self.letter_pages(kept, rows_room)]
            for part, (rows, columns) in enumerate(pages, start=1):
                if made == MAX_RACI_SLIDES:
                    left_out.update(aid for aid, _, cells in rows if cells)
                    continue
                label = area or "Activities outside an area"
                total = len(pages)
                title = f"{label}: who does what" + (f" ({part}/{total})" if total > 1 else "")
                if columns:
                    self.raci_table(title, rows, columns, title_w, col_w, legend_w)
                else:
                    self.letter_table(title, rows, title_w)
                shown.update(aid for aid, _, cells in rows if cells)
                made += 1
        left_out -= shown
        if left_out:
            return [
                f"the RACI tables stop at {MAX_RACI_SLIDES} slides ({len(left_out):,} "
                "activities left out); `raci export xlsx` writes the whole matrix"
            ]
        return []

    def _letter_widths(self, title_w: float) -> list[float]:
        rest = self.width - 2 * MARGIN - title_w
        return [title_w] + [rest / len(self.letters)] * len(self.letters)

    def _named(self, aid: str, letter: str) -> str:
        """The roles in scope holding `letter` on an activity, by title."""
        held = self.ctx.letters.get(aid, {})
        titles = [
            self.org.roles[r].title for r, x in held.items() if r in self.in_scope and letter in x
        ]
        return ", ".join(titles)

    def _letter_row_height(self, aid: str, depth: int, widths: list[float]) -> float:
        title = self.org.activities[aid].title
        lines = [_lines_of(title, int(widths[0] * 72 / 5.2) - 3 * depth)]
        lines += [
            _lines_of(self._named(aid, x), int(w * 72 / 4.8))
            for x, w in zip(self.letters, widths[1:], strict=True)
        ]
        return 0.18 * max(lines) + 0.1

    def letter_pages(
        self, kept: list[tuple[str, int, dict[str, str]]], room: float
    ) -> list[list[tuple[str, int, dict[str, str]]]]:
        """The rows of a letter table, as many a slide as their wrapped text leaves room for."""
        widths = self._letter_widths(3.6 if self.width > 11 else 2.8)
        pages: list[list[tuple[str, int, dict[str, str]]]] = [[]]
        used = 0.0
        for item in kept:
            need = self._letter_row_height(item[0], item[1], widths)
            if pages[-1] and used + need > room:
                pages.append([])
                used = 0.0
            pages[-1].append(item)
            used += need
        return pages

    def letter_table(
        self, title: str, rows: list[tuple[str, int, dict[str, str]]], title_w: float
    ) -> None:
        """Activities in rows, a column per letter naming the roles that hold it."""
        from pptx.util import Inches

        org = self.org
        acts = [org.activities[aid] for aid, _, _ in rows]
        notes = (
            f"{len(acts)} activities from {self.where(acts)}; letters as `raci check` "
            f"derived them ({', '.join(self.letters)}). Each activity involves different "
            "roles, so each letter is a column naming its roles."
        )
        slide = self.slide(title, notes)
        widths = self._letter_widths(title_w)
        table = self._table(slide, "raci-letters", len(rows), widths)
        table.rows[0].height = Inches(0.3)
        self.cell(table.cell(0, 0), "Activity", 10, True, "FFFFFF", M.HEADER_FILL)
        for j, letter in enumerate(self.letters, start=1):
            word = f"{letter} {org.scheme.word(letter)}"
            self.cell(table.cell(0, j), word, 10, True, "FFFFFF", M.HEADER_FILL)
        for i, (aid, depth, _) in enumerate(rows, start=1):
            table.rows[i].height = Inches(self._letter_row_height(aid, depth, widths))
            act = org.activities[aid]
            area = depth == 0 and act.id in org.children()
            name = ("    " * max(depth - 1, 0)) + act.title
            self.cell(table.cell(i, 0), name, 10, area, TEXT, M.AREA_FILL if area else "FFFFFF")
            for j, letter in enumerate(self.letters, start=1):
                text = self._named(aid, letter)
                fill = M.COLOURS[org.scheme.get(letter).meaning] if text else "FFFFFF"
                self.cell(table.cell(i, j), text, 9, False, TEXT, fill)

    def raci_table(
        self,
        title: str,
        rows: list[tuple[str, int, dict[str, str]]],
        roles: list[str],
        title_w: float,
        col_w: float,
        legend_w: float,
    ) -> None:
        from pptx.util import Inches

        org = self.org
        acts = [org.activities[aid] for aid, _, _ in rows]
        scheme_letters = [x.letter for x in org.scheme.letters]
        locs = sorted(
            {
                f"{loc.file}:{loc.line}"
                for aid, _, cells in rows
                for rid in cells
                for letter in scheme_letters
                if (loc := self.ctx.letter_loc.get((aid, rid, letter))) is not None and loc.file
            }
        )[:40]
        notes = (
            f"{len(acts)} activities from {self.where(acts)}; letters as `raci check` "
            f"derived them ({', '.join(self.letters)})"
            + (f", written at {', '.join(locs)}" if locs else "")
            + ". Only the roles with a letter here are columns; the legend names them."
        )
        slide = self.slide(title, notes)
        width = title_w + col_w * len(roles)
        shape = slide.shapes.add_table(
            len(rows) + 1,
            len(roles) + 1,
            Inches(MARGIN),
            Inches(TOP),
            Inches(width),
            Inches(0.3 * (len(rows) + 1)),
        )
        shape.name = "raci"
        table = shape.table
        table.columns[0].width = Inches(title_w)
        for j in range(len(roles)):
            table.columns[j + 1].width = Inches(col_w)
        for i in range(len(rows) + 1):
            table.rows[i].height = Inches(0.26)
        self.cell(table.cell(0, 0), "Activity", 10, True, "FFFFFF", M.HEADER_FILL)
        for j, rid in enumerate(roles):
            self.cell(
                table.cell(0, j + 1), self.abbrev[rid], 8, True, "FFFFFF", M.HEADER_FILL, True
            )
        for i, (aid, depth, cells) in enumerate(rows, start=1):
            act = org.activities[aid]
            area = depth == 0 and act.id in org.children()
            name = ("    " * max(depth - 1, 0)) + act.title
            self.cell(table.cell(i, 0), name, 10, area, TEXT, M.AREA_FILL if area else "FFFFFF")
            for j, rid in enumerate(roles):
                text = cells.get(rid, "")
                fill = M.COLOURS[org.scheme.get(text.split("/")[0]).meaning] if text else "FFFFFF"
                self.cell(table.cell(i, j + 1), text, 10, bool(text), TEXT, fill, True)
        # The legend: letters in their colours, then the abbreviations.
        scheme = org.scheme
        lx = self.width - MARGIN - legend_w
        key = slide.shapes.add_table(
            len(self.letters), 2, Inches(lx), Inches(TOP), Inches(legend_w), Inches(0.24)
        )
        key.name = "letters"
        key.table.first_row = False
        key.table.columns[0].width = Inches(0.4)
        key.table.columns[1].width = Inches(legend_w - 0.4)
        for i, letter in enumerate(self.letters):
            key.table.rows[i].height = Inches(0.24)
            meaning = scheme.get(letter).meaning
            self.cell(key.table.cell(i, 0), letter, 10, True, TEXT, M.COLOURS[meaning], True)
            self.cell(key.table.cell(i, 1), scheme.word(letter), 9, False, TEXT, "FFFFFF")
        lines = []
        for rid in roles:
            role = org.roles[rid]
            names = [org.people[h].name if h in org.people else h for h in role.holders]
            lines.append((f"{self.abbrev[rid]}  {role.title}", 9.0, False, TEXT))
            lines[-1] = (
                lines[-1][0] + (f" ({', '.join(names[:2])})" if names else " (vacant)"),
                9.0,
                False,
                TEXT,
            )
        top = TOP + 0.24 * len(self.letters) + 0.2
        self.text_box(
            slide, (lx, top, legend_w, self.height - top - BOTTOM), lines, name="abbreviations"
        )

    def _table(self, slide: Any, name: str, rows: int, widths: list[float]) -> Any:
        """A table of a header row and `rows` rows, its columns `widths` inches wide."""
        from pptx.util import Inches

        shape = slide.shapes.add_table(
            rows + 1,
            len(widths),
            Inches(MARGIN),
            Inches(TOP),
            Inches(sum(widths)),
            Inches(0.3 * (rows + 1)),
        )
        shape.name = name
        table = shape.table
        for j, w in enumerate(widths):
            table.columns[j].width = Inches(w)
        return table

    def cell(
        self,
        cell: Any,
        text: str,
        size: float,
        bold: bool,
        colour: str,
        fill: str,
        centre: bool = False,
    ) -> None:
        from pptx.oxml import parse_xml

        # As XML: python-pptx's cell, run and font setters cost a millisecond a cell.
        latin = f'<a:latin typeface="{self.font_name}"/>' if self.font_name else ""
        run = (
            f'<a:r><a:rPr lang="en-US" sz="{round(size * 100)}" b="{int(bold)}" dirty="0">'
            f'<a:solidFill><a:srgbClr val="{colour}"/></a:solidFill>{latin}</a:rPr>'
            f"<a:t>{_xml_text(text)}</a:t></a:r>"
            if text
            else ""
        )
        align = '<a:pPr algn="ctr"/>' if centre else ""
        xml = (
            f"<a:tc {_NS}><a:txBody><a:bodyPr/><a:lstStyle/><a:p>{align}{run}</a:p></a:txBody>"
            '<a:tcPr marL="36576" marR="36576" marT="18288" marB="18288">'
            f'<a:solidFill><a:srgbClr val="{fill}"/></a:solidFill></a:tcPr></a:tc>'
        )
        tc = cell._tc
        for child in list(tc):
            tc.remove(child)
        for child in list(parse_xml(xml)):
            tc.append(child)

    # -- findings ---------------------------------------------------------------------------

    def findings_slides(self) -> None:
        found = [f for f in self.findings if f.severity.rank >= Severity.WARNING.rank]
        by_rule: dict[str, list[Finding]] = {}
        for f in sorted(found, key=lambda f: (-f.severity.rank, f.rule)):
            by_rule.setdefault(f.rule, []).append(f)
        room = self.height - TOP - BOTTOM - 0.6
        widths = [0.9, 2.6]
        rest = self.width - 2 * MARGIN - sum(widths)
        widths += [rest * 0.55, rest * 0.45]
        chars = [int(w * 72 / 5.0) for w in widths]
        pages: list[list[tuple[str, Finding | None]]] = [[]]
        used = 0.0
        shown = 0
        for rule, items in by_rule.items():
            for k, f in enumerate(items):
                need = (
                    0.2 * max(_lines_of(f.message, chars[2]), _lines_of(f.fix, chars[3]), 1) + 0.08
                )
                head = 0.28 if k == 0 or not pages[-1] else 0.0
                if pages[-1] and used + need + head > room:
                    if len(pages) == MAX_FINDING_SLIDES:
                        break
                    pages.append([])
                    used = 0.0
                    head = 0.28
                if head:
                    pages[-1].append((rule, None))
                    used += head
                pages[-1].append((rule, f))
                used += need
                shown += 1
            else:
                continue
            break
        if not found:
            about = " about this sub-tree" if self.options.root is not None else ""
            slide = self.slide("Findings", f"`raci check` found no errors or warnings{about}.")
            self.text_box(
                slide,
                (MARGIN, TOP, self.width - 2 * MARGIN, 1),
                [("No errors or warnings: every activity has its owner.", 18.0, False, TEXT)],
            )
            return
        for number, page in enumerate(pages, start=1):
            self.findings_slide(page, number, len(pages), widths, len(found) - shown)

    def findings_slide(
        self,
        page: list[tuple[str, Finding | None]],
        number: int,
        total: int,
        widths: list[float],
        left_out: int,
    ) -> None:
        from pptx.util import Inches

        items = [f for _, f in page if f is not None]
        rules = sorted({rule for rule, _ in page})
        notes = (
            f"From `raci check` (rules: {', '.join(rules)}); each finding's place: "
            + "; ".join(f"{f.rule} at {f.loc.file}:{f.loc.line}" for f in items)
            + ". `raci rule NAME` explains a rule."
        )
        if self.options.root is not None:
            notes += (
                f" Only the findings about this sub-tree's roles and activities: "
                f"{len(self.findings):,} of the organisation's {len(self.report.findings):,}."
            )
        title = "Findings: errors and warnings by rule" + (
            f" ({number}/{total})" if total > 1 else ""
        )
        slide = self.slide(title, notes)
        table = self._table(slide, "findings", len(page), widths)
        for j, head in enumerate(["Severity", "About", "Problem", "Fix"]):
            self.cell(table.cell(0, j), head, 10, True, "FFFFFF", M.HEADER_FILL)
        for i, (rule, f) in enumerate(page, start=1):
            table.rows[i].height = Inches(0.24)
            if f is None:
                count = sum(1 for g in self.findings if g.rule == rule)
                first = table.cell(i, 0)
                first.merge(table.cell(i, 3))
                self.cell(first, f"{rule}  ({count})", 10, True, TEXT, "D9E1F2")
                continue
            self.cell(
                table.cell(i, 0), f.severity.value, 9, True, TEXT, M.SEVERITY_FILL[f.severity]
            )
            about = f.entity.id
            if f.entity.kind == "activity" and f.entity.id in self.org.activities:
                about = self.org.activities[f.entity.id].title
            elif f.entity.kind == "role" and f.entity.id in self.org.roles:
                about = self.org.roles[f.entity.id].title
            self.cell(table.cell(i, 1), f"{f.entity.kind}: {about}", 9, False, TEXT, "FFFFFF")
            self.cell(table.cell(i, 2), f.message, 9, False, TEXT, "FFFFFF")
            self.cell(table.cell(i, 3), f.fix, 9, False, TEXT, "FFFFFF")
        if number == total and left_out:
            self.text_box(
                slide,
                (MARGIN, self.height - BOTTOM - 0.35, self.width - 2 * MARGIN, 0.3),
                [(f"+{left_out} more: run `raci check` for all of them.", 11.0, False, GREY)],
            )

    # -- workload --------------------------------------------------------------------------

    def workload_slide(self) -> None:
        from pptx.chart.data import CategoryChartData
        from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
        from pptx.util import Inches, Pt

        org, counts = self.org, self.ctx.letter_counts
        roles = [r for r in self.part.layer if sum(counts.get(r, Counter()).values())]
        total = {r: sum(counts[r].get(x, 0) for x in self.letters) for r in roles}
        roles = sorted((r for r in roles if total[r]), key=lambda r: -total[r])
        left_out = max(0, len(roles) - MAX_CHART_ROLES)
        roles = roles[:MAX_CHART_ROLES]
        notes = (
            f"Letters per role, counted from the derived RACI ({', '.join(self.letters)})"
            + (
                f"; the {MAX_CHART_ROLES} busiest roles of {len(roles) + left_out}"
                if left_out
                else ""
            )
            + ". The chart's data is editable in PowerPoint (right-click, Edit Data)."
        )
        slide = self.slide("Workload: letters per role", notes)
        if not roles:
            self.text_box(
                slide,
                (MARGIN, TOP, self.width - 2 * MARGIN, 1),
                [("No role holds a letter.", 18.0, False, TEXT)],
            )
            return
        data = CategoryChartData()  # type: ignore[no-untyped-call]
        data.categories = [self.abbrev[r] for r in roles]
        for letter in self.letters:
            word = org.scheme.word(letter)
            values = [counts[r].get(letter, 0) for r in roles]
            data.add_series(f"{letter} {word}", values)  # type: ignore[no-untyped-call]
        # The bars carry abbreviations: a key beside the chart names them.
        key_w = 2.7 if self.width > 11 else 2.2
        frame = slide.shapes.add_chart(
            XL_CHART_TYPE.COLUMN_STACKED,
            Inches(MARGIN),
            Inches(TOP),
            Inches(self.width - 2 * MARGIN - key_w - 0.2),
            Inches(self.height - TOP - BOTTOM),
            data,
        )
        entries = [f"{self.abbrev[r]}  {org.roles[r].title}" for r in roles]
        room = self.height - TOP - BOTTOM
        size = _fitting(entries, key_w, room)
        self.text_box(
            slide,
            (self.width - MARGIN - key_w, TOP, key_w, room),
            [(x, size, False, TEXT) for x in entries],
            name="abbreviations",
        )
        frame.name = "workload"
        chart = frame.chart
        chart.has_legend = True
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
        chart.legend.font.size = Pt(11)
        chart.plots[0].gap_width = 40
        chart.plots[0].overlap = 100
        chart.category_axis.tick_labels.font.size = Pt(10)
        chart.value_axis.tick_labels.font.size = Pt(10)
        for series, letter in zip(chart.series, self.letters, strict=True):
            series.format.fill.solid()
            series.format.fill.fore_color.rgb = _rgb(M.COLOURS[org.scheme.get(letter).meaning])


_NS = (
    'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)


def _xml_text(text: str) -> str:
    from xml.sax.saxutils import escape

    # XML 1.0 has no place for most control characters: shown as escapes, not lost.
    return escape(xml_safe(text), {'"': "&quot;"})


def _para(text: str, size: float, bold: bool, colour: str, font: str | None) -> str:
    latin = f'<a:latin typeface="{font}"/>' if font else ""
    return (
        f'<a:p><a:pPr algn="ctr"/><a:r><a:rPr lang="en-US" sz="{round(size * 100)}" '
        f'b="{int(bold)}" dirty="0"><a:solidFill><a:srgbClr val="{colour}"/></a:solidFill>'
        f"{latin}</a:rPr><a:t>{_xml_text(text)}</a:t></a:r></a:p>"
    )


def _shape_xml(
    shape_id: int,
    name: str,
    rect: tuple[int, int, int, int],
    geometry: str,
    fill: str,
    line: tuple[str, int, bool],
    paragraphs: list[str],
    link: str | None,
) -> str:
    x, y, w, h = rect
    colour, width, dashed = line
    click = f'<a:hlinkClick r:id="{link}" action="ppaction://hlinksldjump"/>' if link else ""
    adjust = '<a:gd name="adj" fmla="val 12000"/>' if geometry == "roundRect" else ""
    dash = '<a:prstDash val="dash"/>' if dashed else ""
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="{_xml_text(name)}">{click}</p:cNvPr>'
        "<p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr>"
        f'<a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{w}" cy="{h}"/></a:xfrm>'
        f'<a:prstGeom prst="{geometry}"><a:avLst>{adjust}</a:avLst></a:prstGeom>'
        f'<a:solidFill><a:srgbClr val="{fill}"/></a:solidFill>'
        f'<a:ln w="{width}"><a:solidFill><a:srgbClr val="{colour}"/></a:solidFill>{dash}</a:ln>'
        '</p:spPr><p:txBody><a:bodyPr wrap="square" lIns="27432" tIns="9144" rIns="27432" '
        'bIns="9144" anchor="ctr"><a:noAutofit/></a:bodyPr><a:lstStyle/>'
        + "".join(paragraphs)
        + "</p:txBody></p:sp>"
    )


def _more_xml(
    shape_id: int,
    rid: str,
    rect: tuple[int, int, int, int],
    text: str,
    scale: float,
    link: str | None,
) -> str:
    size = max(oc.MIN_FONT, 9 * scale)
    paragraph = _para(text, size, False, GREY, None)
    return _shape_xml(
        shape_id, f"more:{rid}", rect, "rect", "F2F2F2", ("BFBFBF", 9525, False), [paragraph], link
    )


def _site_point(rect: tuple[int, int, int, int], site: int) -> tuple[int, int]:
    x, y, w, h = rect
    return [(x + w // 2, y), (x, y + h // 2), (x + w // 2, y + h), (x + w, y + h // 2)][site]


def _line_xml(
    shape_id: int,
    name: str,
    begin: tuple[int, int, tuple[int, int, int, int]],
    end: tuple[int, int, tuple[int, int, int, int]],
    straight: bool,
    colour: str,
    dashed: bool,
) -> str:
    """A connector glued to two shapes' connection sites (stCxn, endCxn)."""
    (x1, y1), (x2, y2) = _site_point(begin[2], begin[1]), _site_point(end[2], end[1])
    flips = (' flipH="1"' if x2 < x1 else "") + (' flipV="1"' if y2 < y1 else "")
    geometry = "straightConnector1" if straight else "bentConnector3"
    dash = '<a:prstDash val="dash"/>' if dashed else ""
    return (
        f'<p:cxnSp><p:nvCxnSpPr><p:cNvPr id="{shape_id}" name="{_xml_text(name)}"/>'
        f'<p:cNvCxnSpPr><a:stCxn id="{begin[0]}" idx="{begin[1]}"/>'
        f'<a:endCxn id="{end[0]}" idx="{end[1]}"/></p:cNvCxnSpPr><p:nvPr/></p:nvCxnSpPr>'
        f'<p:spPr><a:xfrm{flips}><a:off x="{min(x1, x2)}" y="{min(y1, y2)}"/>'
        f'<a:ext cx="{abs(x2 - x1)}" cy="{abs(y2 - y1)}"/></a:xfrm>'
        f'<a:prstGeom prst="{geometry}"><a:avLst/></a:prstGeom>'
        f'<a:ln w="12700"><a:solidFill><a:srgbClr val="{colour}"/></a:solidFill>{dash}</a:ln>'
        "</p:spPr></p:cxnSp>"
    )


def _under_their_boxes(
    rects: dict[str, tuple[int, int, int, int]], sideways: bool, area: tuple[int, ...]
) -> None:
    """Move each '+N more' box in line with its role's box where it overlaps nothing:
    dot sets it a little aside, and its line then has a jog in the middle."""
    for name, (x, y, w, h) in list(rects.items()):
        owner = rects.get("role_" + name[5:]) if name.startswith("more_") else None
        if owner is None:
            continue
        ox, oy, ow, oh = owner
        moved = (x, oy + (oh - h) // 2, w, h) if sideways else (ox + (ow - w) // 2, y, w, h)
        inside = area[0] <= moved[0] and moved[0] + w <= area[2]
        if not (inside and area[1] <= moved[1] and moved[1] + h <= area[3]):
            continue
        if not any(_overlap(moved, other) for key, other in rects.items() if key != name):
            rects[name] = moved


def _overlap(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    gap = 45720  # 0.05 in: boxes that touch read as one
    return not (
        a[0] + a[2] + gap <= b[0]
        or b[0] + b[2] + gap <= a[0]
        or a[1] + a[3] + gap <= b[1]
        or b[1] + b[3] + gap <= a[1]
    )


def _site(rect: tuple[int, int, int, int], point: tuple[int, int]) -> int:
    """The connection site (0 top, 1 left, 2 bottom, 3 right) nearest dot's line end."""
    return min(
        range(4),
        key=lambda i: (
            (_site_point(rect, i)[0] - point[0]) ** 2 + (_site_point(rect, i)[1] - point[1]) ** 2
        ),
    )


def _footer_top(prs: Any, height: float) -> float:
    """Where an org chart must end, in inches from the top: above the master's footer,
    date and slide-number band (a chart as tall as the slide ran through the slide
    number), else the bottom margin."""
    from pptx.enum.shapes import PP_PLACEHOLDER
    from pptx.util import Emu

    kinds = (PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER)
    tops = [
        Emu(p.top).inches
        for p in prs.slide_master.placeholders
        if p.placeholder_format.type in kinds and p.top is not None
    ]
    # A footer in the upper half (a template's header band) leaves the bottom free.
    low = [t for t in tops if t > height / 2]
    return min([height - BOTTOM, *low])


def _align(where: str) -> Any:
    from pptx.enum.text import PP_ALIGN

    return PP_ALIGN.CENTER if where == "center" else PP_ALIGN.RIGHT


def _layouts(prs: Any) -> dict[str, Any]:
    """The title and the title-only layouts, by name, else by their placeholders."""
    by_name = {layout.name.lower(): layout for layout in prs.slide_layouts}
    title = by_name.get("title slide") or prs.slide_layouts[0]
    only = by_name.get("title only")
    if only is None:
        only = next(
            (lay for lay in prs.slide_layouts if len(lay.placeholders) == 1), prs.slide_layouts[0]
        )
    return {"title": title, "title_only": only}


def _team_fills(report: Report) -> dict[str, str]:
    """Each role's fill: its column group's colour in the workbook's matrix headers."""
    org = report.org
    fills: dict[str, str] = {}
    for i, group in enumerate(M.plan(org, set(org.roles)).groups):
        if group.name == "Other roles":
            continue
        for rid in group.roles:
            fills[rid] = M.GROUP_FILLS[i % len(M.GROUP_FILLS)]
    return fills


def _source(report: Report) -> str:
    from raci.loader import display_path

    where = display_path(report.org.source)
    return f"bundled org ({where})" if report.org.bundled else where
