"""Human output: findings grouped by file, one line each with its fix below."""

from __future__ import annotations

from collections.abc import Callable
from itertools import groupby
from typing import Any

import click

from raci.engine import Report
from raci.escape import printable
from raci.findings import Finding, Severity
from raci.hints import counted
from raci.loader import display_path
from raci.report.style import Style

_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "blue"}
Paint = Callable[..., str]


def render(report: Report, style: Style) -> str:
    def paint(text: str, **kw: Any) -> str:
        return click.style(text, **kw) if style.color else text

    lines: list[str] = []
    for file, group in groupby(report.findings, key=lambda f: f.loc.file):
        lines.append(paint(printable(file), bold=True, underline=True))
        for f in group:
            lines.extend(_finding(f, paint, style.verbose))
        lines.append("")
    return "\n".join(lines)


def _finding(f: Finding, paint: Paint, verbose: bool) -> list[str]:
    where = f"{f.loc.line}:{f.loc.column}" if f.loc.line else "-"
    sev = paint(f"{f.severity.value:<7}", fg=_COLOURS[f.severity], bold=True)
    rule = paint(f"{f.rule} ({f.code})", dim=True)
    message, fix = printable(f.message), printable(f.fix)
    out = [f"  {where:<8} {sev}  {message}  {rule}", f"  {'':<8} {'':<7}  fix: {fix}"]
    if verbose:
        why = [f"{r.note}, at {r.loc}" for r in f.related] + list(f.provenance)
        out += [f"  {'':<8} {'':<7}  {paint('why: ' + printable(line), dim=True)}" for line in why]
    return out


def statistics(report: Report) -> str:
    """Counts per rule, most frequent first (`--statistics`)."""
    rows = report.statistics()
    width = max((len(str(n)) for _, _, n in rows), default=1)
    return "".join(f"{n:>{width}}  {code:<8} {rule}\n" for code, rule, n in rows)


def summary_line(report: Report) -> str:
    """One line for stderr: which org was checked and how many findings at each level."""
    org = report.org
    where = printable(display_path(org.source))
    if org.bundled:
        where = f"bundled org at {where}"
    s = report.summary
    counts = ", ".join(
        counted(s[key], word)
        for key, word in (("errors", "error"), ("warnings", "warning"), ("infos", "info"))
    )
    extra = []
    if report.suppressed:
        extra.append(f"{report.suppressed} suppressed")
    if report.baselined:
        extra.append(f"{report.baselined} in the baseline")
    tail = f" ({', '.join(extra)})" if extra else ""
    areas = len(org.children())
    grouped = f", {counted(areas, 'area')}" if areas else ""
    return (
        f"raci: checked '{printable(org.name)}' ({where}: {counted(len(org.files), 'file')}, "
        f"{counted(s['roles'], 'role')}, {counted(s['activities'], 'activity')}{grouped}): "
        f"{counts}{tail}"
    )
