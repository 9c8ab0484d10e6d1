"""A rule's documentation in each shape it is shown: `raci rule` text and JSON, docs/rules.md.

It lives with the rules so that `raci rule` and the docs generator (raci.docs) both
import it and neither imports the other.
"""

from __future__ import annotations

from typing import Any

from raci.rules import REGISTRY, Rule

FAMILY_TITLES = {
    "LOAD": "Load: the files themselves",
    "ORG": "Org chart",
    "ACT": "Per activity",
    "ROLE": "Per role",
    "HYG": "Hygiene",
}


def _options(rule: Rule) -> str:
    parts = []
    for key, value in rule.options.items():
        shown = "unset" if value is None else repr(value)
        if key in rule.choices:
            shown += f" (one of {', '.join(rule.choices[key])})"
        parts.append(f"`{key}` = {shown}")
    return ", ".join(parts)


def rule_text(rule: Rule) -> str:
    """What `raci rule SLUG` prints."""
    lines = [
        f"{rule.slug} ({rule.code}), default severity {rule.severity.value}",
        "",
        rule.summary,
        "",
        f"Why it matters: {rule.why}",
        "",
    ]
    if rule.notes:
        lines += [rule.notes, ""]
    if rule.options:
        lines += [f"Options: {_options(rule).replace('`', '')}", ""]
    if not rule.suppressible:
        lines += ["A load problem: always an error, cannot be turned off or suppressed.", ""]
    lines += ["Triggers it:", *("    " + x for x in rule.example.splitlines()), ""]
    lines += ["Fixed:", *("    " + x for x in rule.fixed.splitlines()), ""]
    lines += [f"Fix: {rule.fix}", ""]
    return "\n".join(lines)


def rule_json(rule: Rule) -> dict[str, Any]:
    """What `raci rule --format json` prints for one rule."""
    return {
        "code": rule.code,
        "rule": rule.slug,
        "family": rule.family,
        "severity": rule.severity.value,
        "suppressible": rule.suppressible,
        "summary": rule.summary,
        "why": rule.why,
        "notes": rule.notes,
        "fix": rule.fix,
        "example": rule.example,
        "fixed": rule.fixed,
        "options": dict(rule.options),
        "choices": {k: list(v) for k, v in rule.choices.items()},
    }


def rules_table() -> str:
    """The rule table of docs/check.md."""
    out = ["| code | rule | default severity | what it finds |", "| --- | --- | --- | --- |"]
    for rule in REGISTRY.values():
        out.append(
            f"| {rule.code} | [`{rule.slug}`](rules.md#{rule.slug}) | {rule.severity.value} "
            f"| {rule.summary} |"
        )
    return "\n".join(out) + "\n"


def rules_markdown() -> str:
    """docs/rules.md: every rule with what, why, options, a failing and a fixed example."""
    out = [
        "# Rule reference",
        "",
        "Generated from the rules themselves by `python -m raci.docs`; do not edit.",
        "`raci rule SLUG` prints the same text in the terminal. Configure rules in",
        "`raci.toml` or `[tool.raci]` (see [check.md](check.md)).",
        "",
        "Each rule's two examples are its test fixtures: tests/rules/<slug>/pass.yaml holds",
        "the fixed YAML, and the failing YAML in its place gives fail.yaml, whose findings",
        "tests/test_rules.py checks.",
    ]
    family = ""
    for rule in REGISTRY.values():
        if rule.family != family:
            family = rule.family
            out += ["", f"## {FAMILY_TITLES.get(family, family)}"]
        out += ["", f"### {rule.slug}", ""]
        out.append(
            f"`{rule.code}` · default severity **{rule.severity.value}**"
            + (
                " · a load problem: cannot be turned off or suppressed"
                if not rule.suppressible
                else ""
            )
        )
        if rule.options:
            out += ["", f"Options: {_options(rule)}."]
        out += ["", rule.summary, "", f"**Why it matters.** {rule.why}", ""]
        if rule.notes:
            out += [rule.notes, ""]
        out += ["Triggers it:", "", "```yaml", rule.example.rstrip("\n"), "```", ""]
        out += ["Fixed:", "", "```yaml", rule.fixed.rstrip("\n"), "```", ""]
        out.append(f"**Fix.** {rule.fix}")
    return "\n".join(out) + "\n"
