"""`raci diagram`: the org chart and RACI views, drawn with Graphviz.

Four views: `org` (roles and holders, vacancies dashed, dotted lines dashed, teams
as clusters, roles with findings outlined in red, the exec team on one rank),
`raci` (activities and roles, an edge per letter), `activity ID` (one activity,
its roles and the reporting chains between them) and `role ID` (one role and
everything it holds a letter on).

The graphviz package writes the DOT source (deterministic: same org, same text);
the `dot` program lays it out. A large org is cut to what Graphviz can still lay
out readably: `--root` and `--depth` choose the part, and past `max_nodes` roles
the deeper layers are folded into "+N more" boxes, which the caller is told about.
"""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from raci.engine import Report
from raci.errors import RaciError
from raci.escape import printable
from raci.findings import Severity
from raci.hints import did_you_mean
from raci.notation import cell_text
from raci.rules.base import Context
from raci.scheme import Meaning

FORMATS = ("svg", "png", "pdf", "dot")
MAX_NODES = 250  # measured: see docs/diagrams.md
FONT = "Helvetica"
# Meaning -> (edge colour, style, pen width): A bold, R solid, C dashed, I dotted.
EDGE_STYLE = {
    Meaning.DECIDER: ("#C55A11", "bold", "3"),
    Meaning.DOER: ("#548235", "solid", "1.6"),
    Meaning.APPROVAL: ("#C00000", "bold", "2"),
    Meaning.SUPPORT: ("#7030A0", "solid", "1.2"),
    Meaning.INPUT: ("#BF8F00", "dashed", "1.2"),
    Meaning.NOTIFIED: ("#2E75B6", "dotted", "1.2"),
    Meaning.OMITTED: ("#A6A6A6", "dotted", "1"),
}
FINDING_COLOUR = {Severity.ERROR: "#C00000", Severity.WARNING: "#E69500", Severity.INFO: "#2F5597"}


class DiagramError(RaciError):
    """A usage error: unknown role or activity, no dot program (exit 2)."""


@dataclass
class Options:
    root: str | None = None
    depth: int | None = None
    teams: bool = False
    max_nodes: int = MAX_NODES
    letters: str | None = None  # raci view: only these letters ("AR"); None: all


@dataclass
class Diagram:
    """DOT source, and what was left out to keep it readable."""

    source: str
    notes: list[str] = field(default_factory=list)


# Letter lines in a raci view past which dot bundles them into an unreadable channel.
MAX_LINES = 150


def _esc(text: str) -> str:
    """Text drawn as written, in HTML-like and quoted labels alike.

    Graphviz expands backslash escapes in both (`\\N` the node's name, `\\G` the
    graph's, `\\l` a left-aligned line break) and a trailing backslash would
    escape the closing quote: a doubled backslash is drawn as one.
    """
    return (
        printable(text)
        .replace("\\", "\\\\")
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
    )


def _new(name: str, rankdir: str = "TB") -> Any:
    import graphviz

    g = graphviz.Digraph(name=name)
    g.attr(
        rankdir=rankdir,
        fontname=FONT,
        fontsize="11",
        nodesep="0.25",
        ranksep="0.45",
        splines="spline",
        bgcolor="white",
        pad="0.2",
    )
    g.attr(
        "node",
        fontname=FONT,
        fontsize="10",
        shape="box",
        style="rounded,filled",
        fillcolor="white",
        color="#44546A",
        margin="0.12,0.06",
    )
    g.attr("edge", fontname=FONT, fontsize="9", color="#7F7F7F", arrowsize="0.6")
    return g


def _worst(report: Report) -> dict[tuple[str, str], Severity]:
    out: dict[tuple[str, str], Severity] = {}
    for f in report.findings:
        key = (f.entity.kind, f.entity.id)
        if key not in out or f.severity.rank > out[key].rank:
            out[key] = f.severity
    return out


def _role_label(report: Report, rid: str, extra: str = "") -> str:
    org = report.org
    role = org.roles[rid]
    names = [org.people[h].name if h in org.people else h for h in role.holders]
    if names:
        who = _esc(", ".join(names[:3]) + (f" +{len(names) - 3}" if len(names) > 3 else ""))
        holder = f'<font point-size="9" color="#404040">{who}</font>'
    elif role.interim:
        person = org.people.get(role.interim)
        interim = _esc(person.name if person else role.interim)
        holder = f'<font point-size="9" color="#C00000">vacant · interim {interim}</font>'
    else:
        holder = '<font point-size="9" color="#C00000">vacant</font>'
    tail = f'<br/><font point-size="8" color="#7F7F7F">{_esc(extra)}</font>' if extra else ""
    title = "<br/>".join(_esc(line) for line in textwrap.wrap(role.title, 22)) or _esc(rid)
    return f"<<b>{title}</b><br/>{holder}{tail}>"


def _role_node(
    g: Any,
    report: Report,
    rid: str,
    worst: dict[tuple[str, str], Severity],
    extra: str = "",
    **attrs: str,
) -> None:
    role = report.org.roles[rid]
    style = "rounded,filled,dashed" if role.vacant else "rounded,filled"
    fill = "#F2F2F2" if role.vacant else ("#DEEBF7" if "exec" in role.tags else "white")
    node: dict[str, str] = {"style": style, "fillcolor": fill}
    severity = worst.get(("role", rid))
    if severity is not None and severity.rank >= Severity.WARNING.rank:
        node.update(color=FINDING_COLOUR[severity], penwidth="2.2")
    node.update(attrs)
    g.node(f"role_{rid}", _role_label(report, rid, extra), **node)


def _legend(g: Any, items: Iterable[tuple[str, dict[str, str]]]) -> None:
    with g.subgraph(name="cluster_legend") as legend:
        legend.attr(label="Legend", fontsize="10", color="#BFBFBF", style="rounded")
        previous = None
        for i, (text, attrs) in enumerate(items):
            name = f"legend_{i}"
            legend.node(name, _esc(text), fontsize="9", **attrs)
            if previous is not None:
                legend.edge(previous, name, style="invis")
            previous = name


# -- org ------------------------------------------------------------------------------


def org_diagram(report: Report, options: Options) -> Diagram:
    org = report.org
    ctx = Context(org)
    notes: list[str] = []
    roots = [options.root] if options.root else ctx.chart.tops
    if options.root and options.root not in org.roles:
        raise DiagramError(f"no role '{options.root}'" + did_you_mean(options.root, org.roles))
    # Breadth first from the roots, a layer at a time, until the depth or size limit.
    layers: list[list[str]] = [sorted(roots, key=list(org.roles).index)]
    shown = set(layers[0])
    while True:
        nxt = [c for r in layers[-1] for c in ctx.chart.direct_reports(r) if c not in shown]
        if not nxt:
            break
        if options.depth is not None and len(layers) > options.depth:
            break
        if len(shown) + len(nxt) > options.max_nodes:
            hidden = len(ctx.chart.below(*layers[-1]))
            notes.append(
                f"{len(shown) + hidden:,} roles are more than Graphviz lays out readably "
                f"({options.max_nodes}); showing {len(layers)} layers, the {hidden:,} roles "
                "below folded into '+N more' boxes (use --root and --depth to look closer)"
            )
            break
        layers.append(nxt)
        shown.update(nxt)
    worst = _worst(report)
    g = _new("org")
    g.attr(label=f"{_esc(org.name)}: org chart", labelloc="t", fontsize="14")
    team_of: dict[str, str] = {}
    if options.teams:
        # A role in several teams is drawn in one: its product team first, as the
        # cross-functional teams are what a team view is for.
        rank = {"product-team": 0, "department": 1}
        for team in sorted(org.teams.values(), key=lambda t: rank.get(t.kind, 2)):
            for member in ([team.lead] if team.lead else []) + team.members:
                team_of.setdefault(member, team.id)
    clusters: dict[str, list[str]] = {}
    for rid in [r for layer in layers for r in layer]:
        if rid in team_of:
            clusters.setdefault(team_of[rid], []).append(rid)
        else:
            _role_node(g, report, rid, worst)
    for tid, members in clusters.items():
        with g.subgraph(name=f"cluster_team_{tid}") as sub:
            team = org.teams[tid]
            sub.attr(
                label=_esc(team.name),
                style="rounded,filled",
                fillcolor="#F7F9FC",
                color="#A6B8D8",
                fontsize="10",
            )
            for rid in members:
                _role_node(sub, report, rid, worst)
    execs = [r for r in shown if "exec" in org.roles[r].tags and r not in roots]
    if execs and not options.teams:
        with g.subgraph(name="exec_rank") as same:
            same.attr(rank="same")
            for rid in sorted(execs, key=list(org.roles).index):
                same.node(f"role_{rid}")
    for layer in layers[1:]:
        for rid in layer:
            g.edge(f"role_{org.roles[rid].reports_to}", f"role_{rid}", arrowhead="none")
    last = layers[-1]
    for rid in last:
        below = len(ctx.chart.below(rid))
        if below and (notes or options.depth is not None):
            g.node(
                f"more_{rid}",
                f"+{below:,} more",
                shape="note",
                style="filled",
                fillcolor="#F2F2F2",
                color="#BFBFBF",
                fontsize="9",
            )
            g.edge(f"role_{rid}", f"more_{rid}", style="dashed", arrowhead="none", color="#BFBFBF")
    for rid in sorted(shown, key=list(org.roles).index):
        for target in org.roles[rid].dotted_to:
            if target in shown:
                g.edge(
                    f"role_{target}",
                    f"role_{rid}",
                    style="dashed",
                    color="#7F7F7F",
                    constraint="false",
                    arrowhead="open",
                )
    _org_legend(g)
    return Diagram(g.source, notes)


def _org_legend(g: Any) -> None:
    """The samples side by side in one node, on the top rank: a node each stood one a
    rank, and made a chart of two layers as tall as five."""
    edge = "#44546A"
    cells = (
        ("role (holders)", f'border="1" style="rounded" color="{edge}"'),
        ("vacant role", f'border="1" style="rounded,dashed" color="{edge}" bgcolor="#F2F2F2"'),
        ("exec team", f'border="1" style="rounded" color="{edge}" bgcolor="#DEEBF7"'),
        (
            "role with a finding",
            f'border="2" style="rounded" color="{FINDING_COLOUR[Severity.ERROR]}"',
        ),
        ("- - -  dotted line", 'border="0"'),
    )
    row = "".join(f"<td {attrs}>{_esc(text)}</td>" for text, attrs in cells)
    table = f'<table border="0" cellspacing="6" cellpadding="5"><tr>{row}</tr></table>'
    with g.subgraph(name="cluster_legend") as legend:
        legend.attr(label="Legend", fontsize="10", color="#BFBFBF", style="rounded")
        legend.node("legend", f"<{table}>", shape="plaintext", style="", fontsize="9")


# -- raci, activity, role ----------------------------------------------------------------


def _letter_edge(g: Any, report: Report, rid: str, aid: str, letter: str) -> None:
    meaning = report.org.scheme.get(letter).meaning
    colour, style, width = EDGE_STYLE[meaning]
    g.edge(
        f"role_{rid}",
        f"act_{aid}",
        label=letter,
        color=colour,
        fontcolor=colour,
        style=style,
        penwidth=width,
    )


def _activity_node(
    g: Any, report: Report, aid: str, worst: dict[tuple[str, str], Severity], **attrs: str
) -> None:
    act = report.org.activities[aid]
    node = {"shape": "box", "style": "filled", "fillcolor": "#FFF9E6", "color": "#BF9000"}
    severity = worst.get(("activity", aid))
    if severity is not None and severity.rank >= Severity.WARNING.rank:
        node.update(color=FINDING_COLOUR[severity], penwidth="2.2")
    node.update(attrs)
    label = "\n".join(_esc(line) for line in textwrap.wrap(act.title, 34)) or aid
    g.node(f"act_{aid}", label, **node)


def _edge_legend(g: Any, report: Report, drawn: set[str] | None = None) -> None:
    """A sample of each letter's line; with `drawn`, of those letters only."""
    items = []
    for x in report.org.scheme.letters:
        if drawn is not None and x.letter not in drawn:
            continue
        colour, style, _ = EDGE_STYLE[x.meaning]
        items.append(
            (f"{x.letter}  {x.word}  ({style})", {"shape": "plaintext", "fontcolor": colour})
        )
    _legend(g, items)


def _areas(
    g: Any,
    report: Report,
    by_area: dict[str | None, list[str]],
    worst: dict[tuple[str, str], Severity],
) -> None:
    """Activity nodes, each area's in a cluster of its own."""
    for area, members in by_area.items():
        if area is None:
            for aid in members:
                _activity_node(g, report, aid, worst)
            continue
        with g.subgraph(name=f"cluster_area_{area}") as sub:
            sub.attr(
                label=_esc(report.org.activities[area].title),
                style="rounded,filled",
                fillcolor="#FFFDF5",
                color="#D6C68F",
                fontsize="10",
            )
            for aid in members:
                _activity_node(sub, report, aid, worst)


def raci_diagram(report: Report, options: Options) -> Diagram:
    org = report.org
    ctx = Context(org)
    worst = _worst(report)
    g = _new("raci", rankdir="LR")
    g.attr(label=f"{_esc(org.name)}: who is R, A, C, I", labelloc="t", fontsize="14")
    acts = ctx.checked_activities
    notes = []
    if len(acts) > options.max_nodes:
        notes.append(
            f"{len(acts):,} activities are more than Graphviz lays out readably; "
            f"showing the first {options.max_nodes} (draw one with `activity ID`)"
        )
        acts = acts[: options.max_nodes]
    wanted = set(options.letters) if options.letters else None
    roles = [
        r
        for r in org.roles
        if any(
            wanted is None or wanted & ctx.letters.get(a.id, {}).get(r, set())
            for a in acts
            if r in ctx.letters.get(a.id, {})
        )
    ]
    with g.subgraph(name="cluster_roles") as side:
        side.attr(label="Roles", style="rounded", color="#D9D9D9", fontsize="10")
        for rid in roles:
            _role_node(side, report, rid, worst)
    by_area: dict[str | None, list[str]] = {}
    for act in acts:
        by_area.setdefault(act.parent, []).append(act.id)
    _areas(g, report, by_area, worst)
    drawn = 0
    for act in acts:
        for rid, letters in ctx.letters.get(act.id, {}).items():
            for letter in sorted(letters):
                if wanted is None or letter in wanted:
                    _letter_edge(g, report, rid, act.id, letter)
                    drawn += 1
    if drawn > MAX_LINES:
        skeleton = "" if wanted else "--letters AR draws the accountability skeleton, "
        notes.append(
            f"{drawn:,} letters drawn, more lines than a reader can follow; {skeleton}"
            "`raci diagram activity ID` draws one activity, `role ID` one role"
        )
    _edge_legend(g, report, wanted)
    return Diagram(g.source, notes)


def activity_diagram(report: Report, activity_id: str) -> Diagram:
    org = report.org
    if activity_id not in org.activities:
        raise DiagramError(
            f"no activity '{activity_id}'" + did_you_mean(activity_id, org.activities)
        )
    ctx = Context(org)
    worst = _worst(report)
    act = org.activities[activity_id]
    g = _new(f"activity {activity_id}")
    problems = [f for f in report.findings if f.entity == _ref(activity_id)]
    label = f"{_esc(act.title)}"
    for f in problems:
        label += f"<br/>{_esc(f.severity.value)}: {_esc(f.rule)}"
    g.attr(label=f"<{label}>", labelloc="t", fontsize="13")
    mine = ctx.letters.get(activity_id, {})
    roles = list(mine)
    common = ctx.chart.lowest_common_manager(roles) if roles else None
    chain_roles: list[str] = []
    for rid in roles:
        for boss in ctx.chart.chain(rid):
            if boss not in roles and boss not in chain_roles:
                chain_roles.append(boss)
            if boss == common:
                break
    _activity_node(g, report, activity_id, worst, fontsize="12")
    for rid in roles:
        _role_node(g, report, rid, worst, extra=cell_text(mine[rid], org.scheme))
    for rid in chain_roles:
        _role_node(g, report, rid, worst, style="rounded,filled,dotted", fillcolor="#FAFAFA")
    for rid in roles + chain_roles:
        manager = org.roles[rid].reports_to
        if manager in roles or manager in chain_roles:
            g.edge(f"role_{manager}", f"role_{rid}", arrowhead="none", color="#A6A6A6")
    for rid in roles:
        for letter in sorted(mine[rid]):
            _letter_edge(g, report, rid, activity_id, letter)
    _edge_legend(g, report)
    return Diagram(g.source)


def role_diagram(report: Report, role_id: str) -> Diagram:
    org = report.org
    if role_id not in org.roles:
        raise DiagramError(f"no role '{role_id}'" + did_you_mean(role_id, org.roles))
    ctx = Context(org)
    worst = _worst(report)
    g = _new(f"role {role_id}", rankdir="LR")
    g.attr(label=f"{_esc(org.roles[role_id].title)}: every letter", labelloc="t", fontsize="13")
    _role_node(g, report, role_id, worst)
    held = [
        (a, ctx.letters[a.id][role_id])
        for a in ctx.checked_activities
        if role_id in ctx.letters.get(a.id, {})
    ]
    by_area: dict[str | None, list[str]] = {}
    for act, _ in held:
        by_area.setdefault(act.parent, []).append(act.id)
    _areas(g, report, by_area, worst)
    for act, letters in held:
        for letter in sorted(letters):
            _letter_edge(g, report, role_id, act.id, letter)
    _edge_legend(g, report)
    return Diagram(g.source)


def _ref(activity_id: str) -> Any:
    from raci.findings import Entity

    return Entity("activity", activity_id)


# -- output -----------------------------------------------------------------------------


def render(diagram: Diagram, fmt: str) -> bytes:
    """The diagram in a format: DOT source as is, or laid out by Graphviz's dot."""
    if fmt == "dot":
        return diagram.source.encode("utf-8")
    if shutil.which("dot") is None:
        raise DiagramError(
            "Graphviz's 'dot' program is not installed, so only --format dot works. "
            "Install Graphviz (Debian/Ubuntu: apt-get install graphviz; macOS: brew install "
            "graphviz; Windows: winget install graphviz), or write DOT with --format dot"
        )
    import graphviz

    source = diagram.source
    if fmt == "png":
        # Twice dot's 96 dpi: a picture pasted across a slide stays sharp. dot scales a
        # chart past cairo's 32,767 pixels down to fit.
        source = source.replace("{", "{\n\tdpi=192", 1)
    try:
        data: bytes = graphviz.pipe("dot", fmt, source.encode("utf-8"), quiet=True)
    except graphviz.CalledProcessError as exc:  # pragma: no cover - dot rejecting our DOT
        said = (exc.stderr or b"").decode("utf-8", "replace").strip()
        raise DiagramError(
            f"Graphviz's dot could not lay out the diagram: {printable(said)}"
        ) from exc
    return data
