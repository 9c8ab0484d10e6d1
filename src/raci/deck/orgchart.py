"""The org chart cut into slides, each laid out by Graphviz's dot.

`raci diagram org` builds the DOT graph once for the whole part of the org the deck
shows; each slide is that graph's statements for the slide's boxes (a subtree a few
layers deep), laid out by dot. A slide is accepted when dot's layout, scaled to the
slide, keeps every box font at MIN_FONT or more; otherwise it shows fewer layers and
each cut box gets a slide of its own, linked from the box. All the slides of a round
go through one dot process (dot lays out every graph of its input in turn).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from raci import diagram as diagrams
from raci.engine import Report
from raci.hints import did_you_mean
from raci.rules.base import Context

TITLE_PT = 10.0  # the role title's size in the diagram's labels (holders: 9 pt)
MIN_FONT = 9.0
MIN_SCALE = MIN_FONT / TITLE_PT
MAX_SCALE = 1.5
POINTS = 72.0
# dot's smallest box and its gaps, in inches: a lower bound that skips hopeless layouts.
MIN_BOX_W, MIN_BOX_H, NODESEP, RANKSEP = 0.75, 0.5, 0.25, 0.45

_ID = r'(?:"(?:[^"\\]|\\.)*"|[A-Za-z_][A-Za-z_0-9]*)'
_EDGE = re.compile(rf"^\t({_ID}) -> ({_ID})(?: \[.*)?$")
_NODE = re.compile(rf"^\t({_ID})(?: \[.*)?$")
_ATTR = re.compile(r"^\t[A-Za-z_]+=")


def _unquote(name: str) -> str:
    return name[1:-1].replace('\\"', '"') if name.startswith('"') else name


@dataclass
class Box:
    """A node as dot placed it, in points from the layout's top-left corner."""

    name: str
    x: float
    y: float
    w: float
    h: float

    @property
    def role(self) -> str | None:
        return self.name[5:] if self.name.startswith("role_") else None


@dataclass
class Line:
    tail: str
    head: str
    dotted: bool
    start: tuple[float, float]
    end: tuple[float, float]


@dataclass
class OrgSlide:
    """One org chart slide: its top roles, its boxes and lines as dot laid them out."""

    tops: list[str]
    roles: list[str]
    cut: dict[str, int]  # a box whose reports are on a slide of their own -> roles below
    sideways: bool = False
    boxes: list[Box] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    width: float = 0.0
    height: float = 0.0
    scale: float = 1.0
    parent: int | None = None  # the slide whose box links here
    part: tuple[int, int] | None = None  # the reports in parts: (this part, parts)

    @property
    def overview(self) -> bool:
        return self.parent is None


@dataclass
class Scope:
    """The part of the org the deck shows: top roles, reports, layer of each role."""

    tops: list[str]
    reports: dict[str, list[str]]
    layer: dict[str, int]
    below: dict[str, int]  # roles under each role, inside the scope

    @property
    def roles(self) -> list[str]:
        return list(self.layer)


def scope(report: Report, ctx: Context, root: str | None, depth: int | None) -> Scope:
    """The roles from the root (or the top roles) down to `depth` layers."""
    org = report.org
    if root is not None and root not in org.roles:
        raise diagrams.DiagramError(f"no role '{root}'" + did_you_mean(root, org.roles))
    order = {rid: i for i, rid in enumerate(org.roles)}
    tops = (
        [root]
        if root
        else sorted((r for r, d in ctx.chart.depth.items() if d == 0), key=order.__getitem__)
    )
    layer = {r: 0 for r in tops}
    frontier = list(tops)
    while frontier and (depth is None or layer[frontier[0]] < depth):
        nxt = []
        for rid in frontier:
            for kid in ctx.chart.direct_reports(rid):
                if kid not in layer:
                    layer[kid] = layer[rid] + 1
                    nxt.append(kid)
        frontier = nxt
    reports = {
        r: [k for k in ctx.chart.direct_reports(r) if layer.get(k) == layer[r] + 1] for r in layer
    }
    below: dict[str, int] = {}
    for rid in reversed(list(layer)):
        below[rid] = sum(1 + below[k] for k in reports[rid])
    return Scope(tops, {r: k for r, k in reports.items() if k}, layer, below)


class _Statements:
    """The org diagram's DOT source, split into statements that a slide can pick from."""

    def __init__(self, source: str) -> None:
        self.header: list[str] = []
        self.nodes: dict[str, str] = {}
        self.edges: list[tuple[str, str, str]] = []
        self.same_rank: set[str] = set()
        block: str | None = None
        for line in source.splitlines()[1:-1]:
            if line.startswith("\tsubgraph "):
                block = line.split()[1]
            elif line == "\t}":
                block = None
            elif block is not None:
                if block == "exec_rank" and (m := _NODE.match(line[1:])):
                    self.same_rank.add(_unquote(m.group(1)))
            elif m := _EDGE.match(line):
                self.edges.append((_unquote(m.group(1)), _unquote(m.group(2)), line))
            elif _ATTR.match(line) or line.startswith(("\tnode [", "\tedge [", "\tgraph [")):
                if "label=" not in line or line.startswith(("\tnode", "\tedge")):
                    self.header.append(line)
            elif m := _NODE.match(line):
                self.nodes[_unquote(m.group(1))] = line

    def graph(self, slide: OrgSlide, folded: dict[str, int]) -> str:
        """The DOT for one slide: its boxes, the lines between them, '+N more' boxes."""
        names = {f"role_{r}" for r in slide.roles}
        out = ["digraph slide {", *self.header]
        if slide.sideways:
            out.append("\trankdir=LR")
        out += [self.nodes[n] for n in (f"role_{r}" for r in slide.roles) if n in self.nodes]
        more = {**{r: n for r, n in folded.items() if f"role_{r}" in names}, **slide.cut}
        for rid, count in more.items():
            # The diagram's own fold box: '+N more' under the box, dashed line to it.
            out.append(
                f'\t"more_{_esc(rid)}" [label="+{count:,} more" shape=note style=filled '
                'fillcolor="#F2F2F2" color="#BFBFBF" fontsize=9]'
            )
            out.append(
                f'\t"role_{_esc(rid)}" -> "more_{_esc(rid)}" [style=dashed arrowhead=none '
                'color="#BFBFBF"]'
            )
        ranked = sorted(names & self.same_rank)
        if ranked and not slide.sideways:
            out.append("\t{rank=same; " + " ".join(f'"{_esc(n)}"' for n in ranked) + "}")
        out += [line for tail, head, line in self.edges if tail in names and head in names]
        out.append("}")
        return "\n".join(out)


def _esc(text: str) -> str:
    return text.replace('"', '\\"')


def plan(
    report: Report,
    ctx: Context,
    part: Scope,
    options: diagrams.Options,
    width: float,
    height: float,
) -> tuple[list[OrgSlide], list[str]]:
    """Slides for the scope, each fitting `width` x `height` inches legibly if it can."""
    whole = diagrams.Options(options.root, options.depth, max_nodes=len(part.layer) + 1)
    statements = _Statements(diagrams.org_diagram(report, whole).source)
    depth_limited = options.depth is not None
    # The fold boxes below the deck's last layer: what --depth left out.
    folded: dict[str, int] = {}
    if depth_limited:
        deepest = max(part.layer.values(), default=0)
        for rid, layer in part.layer.items():
            if layer == deepest and ctx.chart.direct_reports(rid):
                folded[rid] = _count_below(ctx, rid)

    def fit(items: list[_Item]) -> list[OrgSlide]:
        """The slide with the most layers that fits, for each item, a dot run per step."""
        candidates = [_candidates(part, item, folded, width, height) for item in items]
        chosen: list[OrgSlide | None] = [None] * len(items)
        step = 0
        while any(c is None for c in chosen):
            batch = [
                (i, cands[min(step, len(cands) - 1)])
                for i, cands in enumerate(candidates)
                if chosen[i] is None
            ]
            graphs = [statements.graph(slide, folded) for _, slide in batch]
            for (i, slide), layout in zip(batch, _layout(graphs), strict=True):
                _place(slide, layout, width, height)
                if slide.scale >= MIN_SCALE - 1e-9 or step >= len(candidates[i]) - 1:
                    chosen[i] = slide
            step += 1
        return [c for c in chosen if c is not None]

    notes: list[str] = []
    slides: list[OrgSlide] = []
    pending = [_Item(part.tops, None)]
    while pending:
        laid = fit(pending)
        # Too many reports side by side even alone: the reports in parts, a slide each.
        for i, slide in reversed(list(enumerate(laid))):
            item = pending[i]
            kids = [k for r in item.tops for k in part.reports.get(r, [])]
            if slide.scale >= MIN_SCALE - 1e-9 or item.only is not None or len(kids) < 2:
                continue
            size = max(1, int(len(kids) * slide.scale / MIN_SCALE * 0.95))
            chunks = [kids[j : j + size] for j in range(0, len(kids), size)]
            items = [
                _Item(item.tops, item.parent, chunk, (k, len(chunks)))
                for k, chunk in enumerate(chunks, start=1)
            ]
            pending[i : i + 1] = items
            laid[i : i + 1] = fit(items)
        nxt: list[_Item] = []
        for item, slide in zip(pending, laid, strict=True):
            slide.parent, slide.part = item.parent, item.part
            if slide.scale < MIN_SCALE - 1e-9:
                title = report.org.roles[slide.tops[0]].title
                notes.append(
                    f"the org chart under '{title}' is too wide for {MIN_FONT:g} pt boxes; "
                    f"drawn at {TITLE_PT * slide.scale:.1f} pt"
                )
            slides.append(slide)
            nxt += [_Item([rid], len(slides) - 1) for rid in slide.cut]
        pending = nxt
    return slides, notes


@dataclass
class _Item:
    """A slide to make: its top roles, the slide linking to it, which reports it shows."""

    tops: list[str]
    parent: int | None
    only: list[str] | None = None  # a part of the reports (None: all of them)
    part: tuple[int, int] | None = None


def _count_below(ctx: Context, rid: str) -> int:
    seen = {rid}
    stack = [rid]
    while stack:
        for kid in ctx.chart.direct_reports(stack.pop()):
            if kid not in seen:
                seen.add(kid)
                stack.append(kid)
    return len(seen) - 1


def _candidates(
    part: Scope, item: _Item, folded: dict[str, int], width: float, height: float
) -> list[OrgSlide]:
    """Slides to try for these tops, most layers first; sideways as the last resort."""
    tops = item.tops
    layers: list[list[str]] = [list(tops)]
    if item.only is not None:
        layers.append(list(item.only))
    while True:
        nxt = [k for r in layers[-1] for k in part.reports.get(r, [])]
        if not nxt:
            break
        layers.append(nxt)
    out: list[OrgSlide] = []
    # A slide shows its top roles and at least their reports: its own box alone would
    # only hand the same subtree on to the next slide.
    least = min(2, len(layers))
    for shown in range(len(layers), least - 1, -1):
        roles = [r for layer in layers[:shown] for r in layer]
        cut = {r: part.below[r] for r in layers[shown - 1] if part.reports.get(r)}
        widest = max(
            [len(layer) for layer in layers[:shown]]
            + [len(cut) + sum(1 for r in layers[shown - 1] if r in folded)]
        )
        ranks = shown + (1 if cut or any(r in folded for r in layers[shown - 1]) else 0)
        fits = (widest * (MIN_BOX_W + NODESEP) - NODESEP) * MIN_SCALE <= width and (
            ranks * (MIN_BOX_H + RANKSEP) - RANKSEP
        ) * MIN_SCALE <= height
        if fits or shown == least:
            out.append(OrgSlide(list(tops), roles, cut))
    if len(layers) > 1:
        first = out[-1]
        out.append(OrgSlide(first.tops, first.roles, first.cut, sideways=True))
    return out


def _layout(graphs: list[str]) -> Iterable[dict[str, object]]:
    """dot's JSON for each graph, from one dot process."""
    data = diagrams.render(diagrams.Diagram("\n".join(graphs)), "json").decode("utf-8")
    decoder = json.JSONDecoder()
    at = 0
    while True:
        while at < len(data) and data[at].isspace():
            at += 1
        if at >= len(data):
            return
        found, at = decoder.raw_decode(data, at)
        yield found


def _place(slide: OrgSlide, layout: dict[str, object], width: float, height: float) -> None:
    """Read dot's boxes and lines, and the scale that fits them on the slide."""
    objects = layout.get("objects", [])
    assert isinstance(objects, list)
    gvid: dict[int, str] = {}
    raw: list[tuple[str, float, float, float, float]] = []
    for obj in objects:
        if "pos" not in obj or "width" not in obj:
            continue
        x, y = (float(v) for v in obj["pos"].split(","))
        w, h = float(obj["width"]) * POINTS, float(obj["height"]) * POINTS
        gvid[obj["_gvid"]] = obj["name"]
        raw.append((obj["name"], x, y, w, h))
    left = min(x - w / 2 for _, x, _, w, _ in raw)
    right = max(x + w / 2 for _, x, _, w, _ in raw)
    bottom = min(y - h / 2 for _, _, y, _, h in raw)
    top = max(y + h / 2 for _, _, y, _, h in raw)
    slide.boxes = [Box(name, x - left, top - y, w, h) for name, x, y, w, h in raw]
    slide.width, slide.height = right - left, top - bottom
    slide.scale = min(
        MAX_SCALE, width * POINTS / max(slide.width, 1), height * POINTS / max(slide.height, 1)
    )
    slide.lines = []
    edges = layout.get("edges", [])
    assert isinstance(edges, list)
    for edge in edges:
        tail, head = gvid.get(edge["tail"]), gvid.get(edge["head"])
        if tail is None or head is None or not tail.startswith("role_"):
            continue
        points = [tuple(float(v) for v in p.split(",")[-2:]) for p in edge.get("pos", "").split()]
        if not points:
            continue
        start, end = points[0], points[-1]
        if edge.get("pos", "").startswith("e,"):  # an arrowhead: its tip comes first
            start, end = points[1], points[0]
        slide.lines.append(
            Line(
                tail,
                head,
                edge.get("style") == "dashed" and head.startswith("role_"),
                (start[0] - left, top - start[1]),
                (end[0] - left, top - end[1]),
            )
        )
