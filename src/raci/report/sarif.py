"""SARIF 2.1.0, as GitHub code scanning and other SAST dashboards read it."""

from __future__ import annotations

import json
from typing import Any

from raci import __version__
from raci.engine import Report
from raci.escape import json_text
from raci.findings import Edit, Finding, Severity
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


def _fixes(findings: list[Finding]) -> dict[int, dict[str, Any]]:
    """SARIF `fixes` entries by finding index: each finding's edit as replacements in
    its file. A file that cannot be read or edited gives none."""
    from pathlib import Path

    from raci.yamledit import EditError, replacements

    by_file: dict[str, list[tuple[int, Edit]]] = {}
    for i, f in enumerate(findings):
        if f.edit is not None and f.edit.letters:
            by_file.setdefault(f.edit.loc.file, []).append((i, f.edit))
    out: dict[int, dict[str, Any]] = {}
    for file, edits in by_file.items():
        try:
            changes = replacements(Path(file), [e for _, edit in edits for e in edit.letters])
        except (OSError, UnicodeDecodeError, EditError):
            continue
        for i, edit in edits:
            mine = changes.get(edit.letters[0].activity)
            if mine:
                out[i] = _fix(file, edit, mine)
    return out


def _fix(file: str, edit: Edit, changes: list[tuple[int, int, str]]) -> dict[str, Any]:
    return {
        "description": {"text": "; ".join(str(e) for e in edit.letters) + f" ({edit.reason})"},
        "artifactChanges": [
            {
                "artifactLocation": {"uri": file, "uriBaseId": "%SRCROOT%"},
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
    fixes = _fixes(report.findings)
    for i, (f, fingerprint) in enumerate(fingerprints(report.findings)):
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
        if i in fixes:
            results[-1]["fixes"] = [fixes[i]]
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
