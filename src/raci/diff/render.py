"""Rendering a diff: text for people, JSON for tools, markdown for a pull-request comment.

Ids, titles, names and messages come from the org's files: the text and markdown
formats show their control characters as escapes (`raci.escape`), JSON escapes them.
"""

from __future__ import annotations

import json
from typing import Any

from raci.diff.compare import Diff
from raci.escape import json_text, printable
from raci.findings import Finding


def _who(value: str | None) -> str:
    return value if value else "(nobody)"


def _finding_line(f: Finding) -> str:
    where = f"{f.loc.file}:{f.loc.line}" if f.loc.line else f.loc.file
    return f"{f.severity.value} {f.rule}: {f.message} ({where})"


def sections(d: Diff) -> list[tuple[str, list[str]]]:
    """Titled groups of one-line entries, shared by the text and markdown formats."""
    groups = [
        ("Letters", [f"{a} / {r}: {o or '-'} -> {n or '-'}" for a, r, o, n in d.letters]),
        (
            "Activities",
            [f"added {a}: {t}" for a, t in d.activities_added]
            + [f"removed {a}: {t}" for a, t in d.activities_removed]
            + [f"renamed {a}: {o!r} -> {n!r}" for a, o, n in d.activities_renamed],
        ),
        (
            "Roles",
            [f"added {r}: {t}" for r, t in d.roles_added]
            + [f"removed {r}: {t}" for r, t in d.roles_removed]
            + [f"renamed {r}: {o!r} -> {n!r}" for r, o, n in d.roles_renamed],
        ),
        ("Reporting lines", [f"{r}: reports to {_who(o)} -> {_who(n)}" for r, o, n in d.moves]),
        (
            "Holders",
            [
                f"{r}: {', '.join(o) or 'vacant'} -> {', '.join(n) or 'vacant'}"
                for r, o, n in d.holders
            ]
            + [f"{r}: newly vacant" for r in d.new_vacancies],
        ),
        ("Findings introduced", [_finding_line(f) for f in d.introduced]),
        ("Findings resolved", [_finding_line(f) for f in d.resolved]),
    ]
    return [(title, [printable(line) for line in lines]) for title, lines in groups]


def render_text(d: Diff) -> str:
    out = [f"raci diff {printable(d.old)} -> {printable(d.new)}", ""]
    for title, lines in sections(d):
        if lines:
            out.append(f"{title} ({len(lines)})")
            out += [f"  {line}" for line in lines]
            out.append("")
    if len(out) == 2:
        out.append("No changes to the RACI, the org chart or the findings.")
    return "\n".join(out).rstrip("\n") + "\n"


def render_json(d: Diff) -> str:
    def finding(f: Finding) -> dict[str, Any]:
        return f.as_dict()

    doc = {
        "version": 1,
        "old": d.old,
        "new": d.new,
        "summary": d.summary(),
        "letters": [{"activity": a, "role": r, "old": o, "new": n} for a, r, o, n in d.letters],
        "activities": {
            "added": [{"id": a, "title": t} for a, t in d.activities_added],
            "removed": [{"id": a, "title": t} for a, t in d.activities_removed],
            "renamed": [{"id": a, "old": o, "new": n} for a, o, n in d.activities_renamed],
        },
        "roles": {
            "added": [{"id": r, "title": t} for r, t in d.roles_added],
            "removed": [{"id": r, "title": t} for r, t in d.roles_removed],
            "renamed": [{"id": r, "old": o, "new": n} for r, o, n in d.roles_renamed],
        },
        "reporting_moves": [{"role": r, "old": o, "new": n} for r, o, n in d.moves],
        "holder_changes": [{"role": r, "old": o, "new": n} for r, o, n in d.holders],
        "new_vacancies": d.new_vacancies,
        "findings": {
            "introduced": [finding(f) for f in d.introduced],
            "resolved": [finding(f) for f in d.resolved],
        },
    }
    return json_text(json.dumps(doc, indent=2, ensure_ascii=False)) + "\n"


def render_markdown(d: Diff) -> str:
    """A pull-request comment: a summary table, then each group folded."""
    s = d.summary()
    out = [
        f"### RACI impact: `{printable(d.old)}` → `{printable(d.new)}`",
        "",
        "| | count |",
        "| --- | ---: |",
    ]
    for label, key in (
        ("Letters changed", "letters_changed"),
        ("Activities added", "activities_added"),
        ("Activities removed", "activities_removed"),
        ("Roles added", "roles_added"),
        ("Roles removed", "roles_removed"),
        ("Reporting lines moved", "reporting_moves"),
        ("Holder changes", "holder_changes"),
        ("New vacancies", "new_vacancies"),
        ("Findings introduced", "findings_introduced"),
        ("Findings resolved", "findings_resolved"),
    ):
        if s[key]:
            out.append(f"| {label} | {s[key]} |")
    if len(out) == 4:
        return out[0] + "\n\nNo changes to the RACI, the org chart or the findings.\n"
    out.append("")
    for title, lines in sections(d):
        if not lines:
            continue
        out += [f"<details><summary>{title} ({len(lines)})</summary>", ""]
        out += [f"- {_md(line)}" for line in lines]
        out += ["", "</details>", ""]
    return "\n".join(out)


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")
