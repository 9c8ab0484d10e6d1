"""`raci diff OLD NEW`: what a change to the org does to the RACI.

Each side is a folder (or file) or a git revision of the current repository
(`sides`). Both are loaded fully, with policies and selectors resolved, and checked;
the comparison (`compare`) lists letters changed cell by cell, activities and roles
added, removed or renamed (matched by id), reporting-line moves, holder changes and
new vacancies, and the findings the change introduces and resolves; `render` writes
it as text, JSON or markdown. The old side is loaded in a second process while this
one loads the new side: two cores, about the time of one check.
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from raci.diff.compare import Diff, RoleState, Snapshot, compare, snapshot
from raci.diff.render import render_json, render_markdown, render_text, sections
from raci.diff.sides import DiffError, Side, config_for, relocate, relocate_report, resolve
from raci.engine import Report
from raci.runner import CheckOptions, run_check
from raci.speed import keep_until_exit


def _options(path: Path, config: tuple[Path | None, bool]) -> CheckOptions:
    return CheckOptions(path, config_file=config[0], isolated=config[1])


def _check_side(path: str, label: str, config: tuple[Path | None, bool]) -> Snapshot:
    """Load and check one side (runs in the helper process for the old side)."""
    import gc

    gc.disable()
    return snapshot(run_check(_options(Path(path), config)), label)


def _new_side(side: Side, config: tuple[Path | None, bool]) -> tuple[Report, Snapshot]:
    report = run_check(_options(side.path, config))
    relocate_report(report, side)
    return report, snapshot(report, side.label)


def run_diff(
    old_spec: str, new_spec: str, org_path: str = "org", cwd: Path | None = None
) -> tuple[Diff, Report]:
    """Load, check and compare both sides; the diff and the new side's report."""
    cwd = cwd or Path.cwd()
    old_side = resolve(old_spec, org_path, cwd)
    try:
        new_side = resolve(new_spec, org_path, cwd)
    except BaseException:
        old_side.cleanup()
        raise
    old_config = config_for(old_side, new_side)
    new_config = config_for(new_side, old_side)
    try:
        try:
            pool = ProcessPoolExecutor(max_workers=1)
        except OSError:  # no second process to be had: both sides here, one by one
            pool = None
        if pool is None:
            old = _check_side(str(old_side.path), old_side.label, old_config)
            new_report, new = _new_side(new_side, new_config)
        else:
            with pool:
                future = pool.submit(_check_side, str(old_side.path), old_side.label, old_config)
                # This side's snapshot is made while the other process finishes its own
                # and sends it: at a million roles, each takes seconds.
                new_report, new = _new_side(new_side, new_config)
                old = future.result()
        old.findings = relocate(old.findings, old_side)
    finally:
        old_side.cleanup()
        new_side.cleanup()
    keep_until_exit(old)  # in the raci program, a million roles are not freed one by one
    keep_until_exit(new)
    notes = []
    for side, shot in ((old_side, old), (new_side, new)):
        notes += side.notes
        if shot.files == 0:
            # The loader's "no YAML files" finding would show as introduced or resolved.
            shot.findings = []
            if not side.notes:
                where = side.home or side.path
                notes.append(f"{side.spec}: no YAML files in {where}; compared as an empty org")
    if new.files == 0:
        new_report.findings.clear()
    result = compare(old, new)
    result.notes = notes
    return result, new_report


__all__ = [
    "Diff",
    "DiffError",
    "RoleState",
    "Side",
    "Snapshot",
    "compare",
    "render_json",
    "render_markdown",
    "render_text",
    "resolve",
    "run_diff",
    "sections",
    "snapshot",
]
