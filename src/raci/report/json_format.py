"""The JSON contract of SPEC section 3: stable keys, sorted findings, no extras."""

from __future__ import annotations

import json

from raci.engine import Report
from raci.escape import json_text
from raci.report.style import Style


def render(report: Report, style: Style) -> str:
    doc = {
        "version": 1,
        "summary": report.summary,
        "findings": [f.as_dict() for f in report.findings],
    }
    return json_text(json.dumps(doc, indent=2, ensure_ascii=False)) + "\n"
