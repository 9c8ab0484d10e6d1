"""Human output: findings grouped by file, one line each with its fix below."""

from __future__ import annotations

from collections.abc import Callable
from itertools import groupby
from typing import Any

import click

from raci.engine import Report
from raci.findings import Finding, Severity
from raci.loader import display_path

_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "blue"}
Style = Callable[..., str]


def render(report: Report, color: bool = False) -> str:
    def style(text: str, **kw: Any) -> str:
        return click.style(text, **kw) if color else text

    lines: list[str] = []
    for file, group in groupby(report.findings, key=lambda f: f.loc.file):
        lines.append(style(file, bold=True, underline=True))
        for f in group:
            lines.extend(_finding(f, style))
        lines.append("")
    return "\n".join(lines)


def _finding(f: Finding, style: Style) -> list[str]:
    where = f"{f.loc.line}:{f.loc.column}" if f.loc.line else "-"
    sev = style(f"{f.severity.value:<7}", fg=_COLOURS[f.severity], bold=True)
    rule = style(f"{f.rule} ({f.code})", dim=True)
    return [
        f"  {where:<8} {sev}  {f.message}  {rule}",
        f"  {'':<8} {'':<7}  fix: {f.fix}",
    ]


def summary_line(report: Report) -> str:
    """One line for stderr: which org was checked and how many findings at each level."""
    org = report.org
    where = display_path(org.source)
    if org.bundled:
        where = f"bundled org at {where}"
    s = report.summary
    counts = ", ".join(
        f"{s[key]} {word}{'' if s[key] == 1 else 's'}"
        for key, word in (("errors", "error"), ("warnings", "warning"), ("infos", "info"))
    )
    return (
        f"raci: checked '{org.name}' ({where}: {len(org.files)} files, "
        f"{s['roles']} roles, {s['activities']} activities): {counts}"
    )
