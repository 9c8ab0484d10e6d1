"""The check engine: runs the rules and alone decides what becomes a finding.

Rules yield problems. The engine stamps each with its rule's code and severity,
applies the configuration, adds the loader's problems, and sorts the result.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from raci.findings import Finding, Problem, Severity
from raci.graph import build_graph
from raci.model import Organisation
from raci.rules import REGISTRY, Context, Rule
from raci.speed import paused_gc


@dataclass
class Config:
    """How to check: the fail level and per-rule options and severities."""

    fail_on: Severity = Severity.ERROR
    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    severities: dict[str, Severity] = field(default_factory=dict)

    def rule_options(self, rule: Rule) -> dict[str, Any]:
        return {**rule.options, **self.options.get(rule.slug, {})}

    def severity(self, rule: Rule) -> Severity:
        return self.severities.get(rule.slug, rule.severity)


@dataclass
class Report:
    """The outcome of a check: sorted findings and what was checked."""

    org: Organisation
    findings: list[Finding]
    fail_on: Severity = Severity.ERROR

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    @property
    def summary(self) -> dict[str, int]:
        return {
            "errors": self.count(Severity.ERROR),
            "warnings": self.count(Severity.WARNING),
            "infos": self.count(Severity.INFO),
            "activities": len(self.org.activities),
            "roles": len(self.org.roles),
        }

    @property
    def failed(self) -> bool:
        """True when a finding is at or above the fail level (exit code 1)."""
        return any(f.severity.rank >= self.fail_on.rank for f in self.findings)


def check(
    org: Organisation, config: Config | None = None, graph: nx.MultiDiGraph | None = None
) -> Report:
    """Run every rule on a loaded org and return the sorted findings."""
    config = config or Config()
    g = graph if graph is not None else build_graph(org)
    problems: list[Problem] = list(org.problems)
    with paused_gc():
        ctx = Context(org, g)
        for rule in REGISTRY.values():
            if rule.check is not None:
                problems.extend(rule.check(ctx, config.rule_options(rule)))
    findings = [_stamp(p, config) for p in problems]
    findings.sort(key=Finding.sort_key)
    return Report(org=org, findings=findings, fail_on=config.fail_on)


def _stamp(problem: Problem, config: Config) -> Finding:
    rule = REGISTRY[problem.rule]
    return Finding(
        code=rule.code,
        rule=rule.slug,
        severity=config.severity(rule),
        message=problem.message,
        fix=problem.fix,
        entity=problem.entity,
        loc=problem.loc,
    )
