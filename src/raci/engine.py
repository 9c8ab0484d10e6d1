"""The check engine: runs the rules and alone decides what becomes a finding.

Rules yield problems. The engine keeps the selected rules, stamps each problem with
its rule's code and configured severity, adds the loader's problems, applies the
`# raci: ignore[...]` comments and a baseline, reports unused suppressions, and
sorts the result.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from raci import model, progress
from raci.baseline import filter_new
from raci.config import Config
from raci.findings import Entity, Finding, Problem, Severity
from raci.model import Location, Organisation
from raci.parse import Suppression
from raci.rules import REGISTRY, Context, Rule
from raci.speed import paused_gc

__all__ = ["Config", "Report", "check"]


@dataclass
class Report:
    """The outcome of a check: sorted findings and what was checked."""

    org: Organisation
    findings: list[Finding]
    fail_on: Severity = Severity.ERROR
    suppressed: int = 0
    baselined: int = 0
    config: Config = field(default_factory=Config)
    # The RACI's rows, as `raci stats` counts them: the activities the per-activity
    # rules look at (an area only when it is given letters of its own).
    activities: int = 0

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    @property
    def summary(self) -> dict[str, int]:
        return {
            "errors": self.count(Severity.ERROR),
            "warnings": self.count(Severity.WARNING),
            "infos": self.count(Severity.INFO),
            "activities": self.activities,
            "roles": len(self.org.roles),
        }

    @property
    def failed(self) -> bool:
        """True when a finding is at or above the fail level (exit code 1)."""
        return any(f.severity.rank >= self.fail_on.rank for f in self.findings)

    def statistics(self) -> list[tuple[str, str, int]]:
        """(code, rule, count) for every rule with findings, most frequent first."""
        counts = Counter((f.code, f.rule) for f in self.findings)
        return sorted(((c, r, n) for (c, r), n in counts.items()), key=lambda x: (-x[2], x[0]))


def check(
    org: Organisation,
    config: Config | None = None,
    baseline: Counter[tuple[str, str, str]] | None = None,
) -> Report:
    """Run the selected rules on a loaded org and return the sorted findings.

    `config` says which rules run, with which options and severities, the extra
    RACI scope and the fail level; without it every rule runs with its defaults.
    This reads no `raci.toml` and no baseline file (`baseline` is what
    `raci.baseline.read` returns): `raci.check_path` does what `raci check` does.
    The `# raci: ignore[...]` comments the loader found apply.
    """
    config = config or Config()
    problems: list[Problem] = list(org.problems) + _unknown_scope(org, config)
    with paused_gc():
        ctx = Context(org, config.scope)
        checks = [
            (rule, rule.check)
            for rule in REGISTRY.values()
            if rule.check is not None and config.enabled(rule)
        ]
        shown = progress.current()
        shown.phase("checking rules", total=len(checks))
        for rule, run in checks:
            problems.extend(run(ctx, config.rule_options(rule)))
            shown.advance()
        findings = [_stamp(p, config, org) for p in problems]
        findings, suppressed = _apply_suppressions(findings, org, config)
        baselined = 0
        if baseline is not None:
            findings, baselined = filter_new(findings, baseline)
    findings.sort(key=Finding.sort_key)
    return Report(
        org, findings, config.fail_on, suppressed, baselined, config, len(ctx.checked_activities)
    )


def _stamp(problem: Problem, config: Config, org: Organisation) -> Finding:
    rule = REGISTRY[problem.rule]
    severity = config.severities.get(rule.slug) or problem.severity or rule.severity
    provenance = list(problem.provenance)
    defined = _defined_at(org, problem.entity)
    if defined is not None and defined != problem.loc:
        provenance.append(f"{problem.entity.kind} '{problem.entity.id}' is defined at {defined}")
    origin = (
        f"config {config.source}"
        if rule.slug in config.severities
        else f"scheme {org.scheme.name}"
        if problem.severity
        else "rule default"
    )
    provenance.append(f"severity {severity.value} ({origin})")
    options = config.rule_options(rule)
    if options:
        provenance.append("options: " + ", ".join(f"{k} = {v!r}" for k, v in options.items()))
    imported = problem.origin or _origin(org, problem.entity)
    return Finding(
        code=rule.code,
        rule=rule.slug,
        severity=severity,
        message=f"{problem.message} (from {imported})" if imported else problem.message,
        fix=problem.fix,
        entity=problem.entity,
        loc=problem.loc,
        provenance=tuple(provenance),
        edit=problem.edit,
        related=problem.related,
    )


def _entity(org: Organisation, entity: Entity) -> model.Entity | None:
    tables: dict[str, Mapping[str, model.Entity]] = {
        "role": org.roles,
        "person": org.people,
        "team": org.teams,
        "activity": org.activities,
    }
    return tables.get(entity.kind, {}).get(entity.id)


def _origin(org: Organisation, entity: Entity) -> str | None:
    """Where an imported entity came from ('hris.csv row 12'), if it says."""
    found = _entity(org, entity)
    return found.origin if found is not None else None


def _defined_at(org: Organisation, entity: Entity) -> Location | None:
    found = _entity(org, entity)
    return found.loc("id") if found is not None else None


def _apply_suppressions(
    findings: list[Finding], org: Organisation, config: Config
) -> tuple[list[Finding], int]:
    """Drop suppressed findings; report suppressions that are bare, unknown or unused."""
    if not org.suppressions:
        return findings, 0
    used: set[tuple[str, int, str]] = set()
    kept: list[Finding] = []
    for f in findings:
        rule = REGISTRY[f.rule]
        lines = {f.loc.line, f.loc.line - 1}
        defined = _defined_at(org, f.entity)
        if defined is not None and defined.file == f.loc.file:
            lines |= {defined.line, defined.line - 1}  # a comment above the entity counts too
        file = f.loc.file
        hit = _suppressing(org.suppressions.get(file, ()), rule, lines)
        for related in f.related if hit is None else ():
            # a comment on a policy's selector line still covers the letters it gives
            file = related.loc.file
            near = {related.loc.line, related.loc.line - 1}
            hit = _suppressing(org.suppressions.get(file, ()), rule, near)
            if hit is not None:
                break
        if hit is None or not rule.suppressible:
            kept.append(f)
        else:
            used.add((file, hit[0].line, hit[1]))
    suppressed = len(findings) - len(kept)
    if config.enabled(REGISTRY["unused-suppression"]):
        kept.extend(_unused(org, used, config))
    return kept, suppressed


def _suppressing(
    found: Sequence[Suppression], rule: Rule, lines: set[int]
) -> tuple[Suppression, str] | None:
    """The suppression (and the name in it) that covers `rule` on these lines, if any."""
    for s in found:
        if s.whole_file or s.line in lines:
            for name in s.rules:
                if name in (rule.slug, rule.code):
                    return s, name
    return None


def _unused(org: Organisation, used: set[tuple[str, int, str]], config: Config) -> list[Finding]:
    out: list[Finding] = []
    for file, items in org.suppressions.items():
        for s in items:
            loc = Location(file, s.line, s.column)
            kind = "ignore-file" if s.whole_file else "ignore"
            if not s.rules:
                out.append(
                    _hygiene(
                        config,
                        file,
                        loc,
                        f"a bare '# raci: {kind}' is refused: it names no rule",
                        f"Name the rule: # raci: {kind}[rule-slug] reason.",
                    )
                )
                continue
            for name in s.rules:
                rule = _rule_named(name)
                if rule is None:
                    out.append(
                        _hygiene(
                            config,
                            file,
                            loc,
                            f"'# raci: {kind}[{name}]' names no known rule",
                            "Use a rule slug or code from `raci rule --all`.",
                        )
                    )
                elif not rule.suppressible:
                    out.append(
                        _hygiene(
                            config,
                            file,
                            loc,
                            f"'{name}' is a load rule; load problems cannot be suppressed",
                            "Fix the problem instead.",
                        )
                    )
                elif config.enabled(rule) and (file, s.line, name) not in used:
                    out.append(
                        _hygiene(
                            config,
                            file,
                            loc,
                            f"'# raci: {kind}[{name}]' suppresses nothing",
                            "Delete the suppression: the finding is gone.",
                        )
                    )
    return out


def _rule_named(name: str) -> Rule | None:
    if name in REGISTRY:
        return REGISTRY[name]
    return next((r for r in REGISTRY.values() if r.code == name), None)


def _hygiene(config: Config, file: str, loc: Location, message: str, fix: str) -> Finding:
    rule = REGISTRY["unused-suppression"]
    return Finding(
        rule.code, rule.slug, config.severity(rule), message, fix, Entity("file", file), loc
    )


def _unknown_scope(org: Organisation, config: Config) -> list[Problem]:
    """Roles the configuration's `scope` names that the org does not have: a typo there
    would silently leave a role out of RACI scope."""
    if config.source is None:
        return []
    from raci.hints import did_you_mean
    from raci.paths import display_path

    where = Location(display_path(config.source), config.scope_line, 1 if config.scope_line else 0)
    return [
        Problem(
            "unknown-reference",
            Entity("role", rid),
            f"the configuration's scope lists '{rid}', which is not a known role",
            f"Define the role, or remove it from scope{did_you_mean(rid, org.roles)}.",
            where,
        )
        for rid in config.scope
        if rid not in org.roles
    ]
