"""SARIF 2.1.0, as GitHub code scanning and other SAST dashboards read it."""

from __future__ import annotations

import json
from typing import Any

from raci import __version__
from raci.engine import Report
from raci.escape import json_text
from raci.findings import Edit, Severity
from raci.model import Location
from raci.report.style import Style, fingerprints
from raci.rules import REGISTRY, Rule

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _rule(rule: Rule, report: Report) -> dict[str, Any]:
    markdown = (
        f"{rule.summary}\n\n**Why it matters.** {rule.why}\n\n"
        f"Triggers it:\n\n```yaml\n{rule.example}\n```\n\nFixed:\n\n"
        f"```yaml\n{rule.fixed}\n```\n\n**Fix.** {rule.fix}"
    )
    return {
        "id": rule.code,
        "name": rule.slug,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": f"{rule.summary} {rule.why}"},
        "help": {"text": f"{rule.fix} (raci rule {rule.slug})", "markdown": markdown},
        "defaultConfiguration": {"level": _LEVEL[report.config.severity(rule)]},
        "properties": {"tags": ["raci", rule.family.lower()]},
    }


def _physical(loc: Location) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": loc.file, "uriBaseId": "%SRCROOT%"}}
    if loc.line:
        physical["region"] = {"startLine": loc.line, "startColumn": max(loc.column, 1)}
    return physical


def _fix(edit: Edit) -> dict[str, Any] | None:
    """The edit as SARIF replacements in its file; None when the file cannot be edited."""
    from pathlib import Path

    from raci.yamledit import EditError, replacements

    try:
        changes = replacements(Path(edit.loc.file), list(edit.letters))
    except (OSError, UnicodeDecodeError, EditError):
        return None
    if not changes:
        return None
    return {
        "description": {"text": "; ".join(str(e) for e in edit.letters) + f" ({edit.reason})"},
        "artifactChanges": [
            {
                "artifactLocation": {"uri": edit.loc.file, "uriBaseId": "%SRCROOT%"},
                "replacements": [
                    {
                        "deletedRegion": {"charOffset": offset, "charLength": length},
                        "insertedContent": {"text": text},
                    }
                    for offset, length, text in changes
                ],
            }
        ],
    }


def render(report: Report, style: Style) -> str:
    rules = list(REGISTRY.values())
    index = {r.slug: i for i, r in enumerate(rules)}
    results = []
    for f, fingerprint in fingerprints(report.findings):
        results.append(
            {
                "ruleId": f.code,
                "ruleIndex": index[f.rule],
                "level": _LEVEL[f.severity],
                "message": {"text": f"{f.message}. Fix: {f.fix}"},
                "locations": [{"physicalLocation": _physical(f.loc)}],
                "partialFingerprints": {"raciFinding/v1": fingerprint},
                "properties": {"entity": {"kind": f.entity.kind, "id": f.entity.id}},
            }
        )
        if f.related:
            results[-1]["relatedLocations"] = [
                {"id": i, "physicalLocation": _physical(r.loc), "message": {"text": r.note}}
                for i, r in enumerate(f.related, start=1)
            ]
        fix = _fix(f.edit) if f.edit is not None else None
        if fix is not None:
            results[-1]["fixes"] = [fix]
    doc = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "raci",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": [_rule(r, report) for r in rules],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json_text(json.dumps(doc, indent=2, ensure_ascii=False)) + "\n"
