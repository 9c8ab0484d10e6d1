"""GitHub Actions workflow commands: one annotation per finding on the pull request."""

from __future__ import annotations

from raci.engine import Report
from raci.escape import printable
from raci.findings import Severity
from raci.report.style import Style

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _data(text: str) -> str:
    # A raw newline would end the command and start a line the runner reads as
    # another (`::error ...`): every control character is shown as an escape first.
    return printable(text).replace("%", "%25")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report, style: Style) -> str:
    lines = []
    for f in report.findings:
        where = f"file={_prop(f.loc.file)}"
        if f.loc.line:
            where += f",line={f.loc.line},col={f.loc.column}"
        title = _prop(f"{f.rule} ({f.code})")
        lines.append(
            f"::{_LEVEL[f.severity]} {where},title={title}::"
            f"{_data(f.message)}%0A{_data('Fix: ' + f.fix)}\n"
        )
    return "".join(lines)
