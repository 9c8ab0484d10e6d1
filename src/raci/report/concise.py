"""One line per finding: `path:line:col: CODE [severity] message` (grep- and editor-friendly)."""

from __future__ import annotations

from raci.engine import Report
from raci.escape import printable
from raci.report.style import Style


def render(report: Report, style: Style) -> str:
    lines = []
    for f in report.findings:
        lines.append(
            f"{printable(f.loc.file)}:{f.loc.line}:{f.loc.column}: {f.code} "
            f"[{f.severity.value}] {printable(f.message)}\n"
        )
        if style.verbose:
            lines.extend(f"    why: {printable(line)}\n" for line in f.provenance)
    return "".join(lines)
