"""GitLab Code Quality report (a JSON array), shown in merge requests."""

from __future__ import annotations

import json

from raci.engine import Report
from raci.escape import json_text
from raci.findings import Severity
from raci.report.style import Style, fingerprints

_SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def render(report: Report, style: Style) -> str:
    issues = [
        {
            "description": f"{f.message}. Fix: {f.fix}",
            "check_name": f.rule,
            "fingerprint": fingerprint,
            "severity": _SEVERITY[f.severity],
            "location": {"path": f.loc.file, "lines": {"begin": max(f.loc.line, 1)}},
        }
        for f, fingerprint in fingerprints(report.findings)
    ]
    return json_text(json.dumps(issues, indent=2, ensure_ascii=False)) + "\n"
