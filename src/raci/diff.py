"""`raci diff OLD NEW`: what a change to the org does to the RACI.

Each side is a folder (or file) or a git revision of the current repository. Both
are loaded fully, with policies and selectors resolved, and checked; the diff then
lists letters changed cell by cell, activities and roles added, removed or renamed
(matched by id), reporting-line moves, holder changes and new vacancies, and the
findings the change introduces and resolves. The old side is loaded in a second
process while this one loads the new side: two cores, about the time of one check.
"""

from __future__ import annotations

import io
import json
import subprocess
import tarfile
import tempfile
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from raci.engine import Report
from raci.errors import RaciError
from raci.findings import Finding, Severity
from raci.notation import cell_text
from raci.runner import CheckOptions, run_check


class DiffError(RaciError):
    """A side that is neither a path nor a git revision (a usage error, exit 2)."""


@dataclass(frozen=True)
class RoleState:
    title: str
    reports_to: str | None
    holders: tuple[str, ...]
    interim: str | None


@dataclass
class Snapshot:
    """What a diff compares of one side: small, plain, picklable."""

    label: str
    letters: dict[tuple[str, str], str]
    activities: dict[str, str]
    roles: dict[str, RoleState]
    people: dict[str, str]
    findings: list[Finding]


def snapshot(report: Report, label: str) -> Snapshot:
    org = report.org
    held: dict[tuple[str, str], set[str]] = {}
    for x in org.assignments:
        held.setdefault((x.activity, x.role), set()).add(x.letter)
    return Snapshot(
        label=label,
        letters={k: cell_text(v, org.scheme) for k, v in held.items()},
        activities={a.id: a.title for a in org.activities.values()},
        roles={
            r.id: RoleState(r.title, r.reports_to, tuple(r.holders), r.interim)
            for r in org.roles.values()
        },
        people={p.id: p.name for p in org.people.values()},
        findings=report.findings,
    )


def _check_side(path: str, label: str) -> Snapshot:
    """Load and check one side (runs in the helper process for the old side)."""
    import gc

    gc.disable()
    return snapshot(run_check(CheckOptions(Path(path))), label)


# -- sides --------------------------------------------------------------------------


def _git(*args: str, cwd: Path) -> bytes:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True)
    if done.returncode != 0:
        raise DiffError(done.stderr.decode(errors="replace").strip() or f"git {args[0]} failed")
    return done.stdout


@dataclass
class Side:
    spec: str
    path: Path
    label: str
    temp: tempfile.TemporaryDirectory[str] | None = None


def resolve(spec: str, org_path: str, cwd: Path) -> Side:
    """A path as it is, or a git revision checked out (its org folder) into a temp dir."""
    as_path = Path(spec)
    if as_path.exists():
        return Side(spec, as_path, spec)  # a folder holding org/ means that org (loader)
    try:
        top = Path(_git("rev-parse", "--show-toplevel", cwd=cwd).decode().strip())
        commit = (
            _git("rev-parse", "--verify", "--quiet", f"{spec}^{{commit}}", cwd=cwd).decode().strip()
        )
    except (DiffError, OSError) as exc:
        raise DiffError(f"{spec!r} is neither a path nor a git revision here ({exc})") from exc
    inside = (cwd.resolve() / org_path).resolve()
    try:
        relative = inside.relative_to(top).as_posix()
    except ValueError as exc:
        raise DiffError(f"{org_path}: not inside the git repository {top}") from exc
    temp = tempfile.TemporaryDirectory(prefix="raci-diff-")
    archive = _git("archive", "--format=tar", commit, "--", relative, cwd=top)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(temp.name, filter="data")
    return Side(spec, Path(temp.name) / relative, f"{spec} ({commit[:10]})", temp)


# -- the diff -----------------------------------------------------------------------


@dataclass
class Diff:
    old: str
    new: str
    letters: list[tuple[str, str, str, str]] = field(default_factory=list)  # act, role, old, new
    activities_added: list[tuple[str, str]] = field(default_factory=list)
    activities_removed: list[tuple[str, str]] = field(default_factory=list)
    activities_renamed: list[tuple[str, str, str]] = field(default_factory=list)
    roles_added: list[tuple[str, str]] = field(default_factory=list)
    roles_removed: list[tuple[str, str]] = field(default_factory=list)
    roles_renamed: list[tuple[str, str, str]] = field(default_factory=list)
    moves: list[tuple[str, str | None, str | None]] = field(default_factory=list)
    holders: list[tuple[str, list[str], list[str]]] = field(default_factory=list)
    new_vacancies: list[str] = field(default_factory=list)
    introduced: list[Finding] = field(default_factory=list)
    resolved: list[Finding] = field(default_factory=list)

    def summary(self) -> dict[str, int]:
        return {
            "letters_changed": len(self.letters),
            "activities_added": len(self.activities_added),
            "activities_removed": len(self.activities_removed),
            "activities_renamed": len(self.activities_renamed),
            "roles_added": len(self.roles_added),
            "roles_removed": len(self.roles_removed),
            "roles_renamed": len(self.roles_renamed),
            "reporting_moves": len(self.moves),
            "holder_changes": len(self.holders),
            "new_vacancies": len(self.new_vacancies),
            "findings_introduced": len(self.introduced),
            "findings_resolved": len(self.resolved),
        }

    def introduces(self, level: Severity) -> bool:
        return any(f.severity.rank >= level.rank for f in self.introduced)


def compare(old: Snapshot, new: Snapshot) -> Diff:
    d = Diff(old.label, new.label)
    for key in sorted(old.letters.keys() | new.letters.keys(), key=_cell_order(new, old)):
        before, after = old.letters.get(key, ""), new.letters.get(key, "")
        if before != after:
            d.letters.append((key[0], key[1], before, after))
    for aid in new.activities:
        if aid not in old.activities:
            d.activities_added.append((aid, new.activities[aid]))
        elif old.activities[aid] != new.activities[aid]:
            d.activities_renamed.append((aid, old.activities[aid], new.activities[aid]))
    d.activities_removed = [(a, t) for a, t in old.activities.items() if a not in new.activities]
    for rid, state in new.roles.items():
        was = old.roles.get(rid)
        if was is None:
            d.roles_added.append((rid, state.title))
            if not state.holders and not state.interim:
                d.new_vacancies.append(rid)
            continue
        if was.title != state.title:
            d.roles_renamed.append((rid, was.title, state.title))
        if was.reports_to != state.reports_to:
            d.moves.append((rid, was.reports_to, state.reports_to))
        if was.holders != state.holders:
            d.holders.append(
                (
                    rid,
                    [old.people.get(h, h) for h in was.holders],
                    [new.people.get(h, h) for h in state.holders],
                )
            )
        if was.holders and not state.holders:
            d.new_vacancies.append(rid)
    d.roles_removed = [(r, s.title) for r, s in old.roles.items() if r not in new.roles]
    d.introduced = _minus(new.findings, old.findings)
    d.resolved = _minus(old.findings, new.findings)
    return d


def _cell_order(new: Snapshot, old: Snapshot) -> Any:
    acts = {a: i for i, a in enumerate([*new.activities, *old.activities])}
    roles = {r: i for i, r in enumerate([*new.roles, *old.roles])}
    return lambda key: (acts.get(key[0], 0), roles.get(key[1], 0))


def _minus(these: list[Finding], those: list[Finding]) -> list[Finding]:
    """Findings in `these` and not in `those`, matched by rule and entity, with counts."""
    left = Counter(f.key for f in those)
    out = []
    for f in these:
        if left[f.key] > 0:
            left[f.key] -= 1
        else:
            out.append(f)
    return out


def run_diff(
    old_spec: str, new_spec: str, org_path: str = "org", cwd: Path | None = None
) -> tuple[Diff, Report]:
    """Load, check and compare both sides; the diff and the new side's report."""
    cwd = cwd or Path.cwd()
    old_side = resolve(old_spec, org_path, cwd)
    new_side = resolve(new_spec, org_path, cwd)
    try:
        try:
            pool = ProcessPoolExecutor(max_workers=1)
        except OSError:  # no second process to be had: both sides here, one by one
            pool = None
        if pool is None:
            old = _check_side(str(old_side.path), old_side.label)
            new_report = run_check(CheckOptions(new_side.path))
        else:
            with pool:
                future = pool.submit(_check_side, str(old_side.path), old_side.label)
                new_report = run_check(CheckOptions(new_side.path))
                old = future.result()
    finally:
        for side in (old_side, new_side):
            if side.temp is not None:
                side.temp.cleanup()
    return compare(old, snapshot(new_report, new_side.label)), new_report


# -- output ---------------------------------------------------------------------------


def _who(value: str | None) -> str:
    return value if value else "(nobody)"


def _finding_line(f: Finding) -> str:
    where = f"{f.loc.file}:{f.loc.line}" if f.loc.line else f.loc.file
    return f"{f.severity.value} {f.rule}: {f.message} ({where})"


def sections(d: Diff) -> list[tuple[str, list[str]]]:
    """Titled groups of lines, shared by the text and markdown formats."""
    return [
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


def render_text(d: Diff) -> str:
    out = [f"raci diff {d.old} -> {d.new}", ""]
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
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def render_markdown(d: Diff) -> str:
    """A pull-request comment: a summary table, then each group folded."""
    s = d.summary()
    out = [f"### RACI impact: `{d.old}` → `{d.new}`", "", "| | count |", "| --- | ---: |"]
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
