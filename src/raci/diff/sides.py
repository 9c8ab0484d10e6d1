"""The two sides of a diff: a folder as it is, or a git revision checked out.

A revision is read with `git archive` (only its org folder) into a temporary folder.
A revision whose org folder does not exist yet is an empty org (the pull request
that adds the org can be diffed). Revisions are checked with the configuration of
the working tree (the repository's raci.toml), so both sides of `raci diff REV .`
run the same rules, and their findings name the files as the repository does.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from raci.engine import Report
from raci.errors import RaciError
from raci.findings import Finding


class DiffError(RaciError):
    """A side that is neither a path nor a git revision (a usage error, exit 2)."""


@dataclass
class Side:
    spec: str
    path: Path
    label: str
    temp: tempfile.TemporaryDirectory[str] | None = None
    home: Path | None = None  # a revision: its org folder's place in the working tree
    top: Path | None = None  # a revision: the repository's top folder
    notes: list[str] = field(default_factory=list)

    def cleanup(self) -> None:
        if self.temp is not None:
            self.temp.cleanup()


def _git(*args: str, cwd: Path) -> bytes:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True)
    if done.returncode != 0:
        raise DiffError(done.stderr.decode(errors="replace").strip() or f"git {args[0]} failed")
    return done.stdout


def resolve(spec: str, org_path: str, cwd: Path) -> Side:
    """A path as it is, or a git revision (its org folder) checked out into a temp dir."""
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
        relative = inside.relative_to(top.resolve()).as_posix()
    except ValueError as exc:
        raise DiffError(f"{org_path}: not inside the git repository {top}") from exc
    temp = tempfile.TemporaryDirectory(prefix="raci-diff-")
    side = Side(spec, Path(temp.name) / relative, f"{spec} ({commit[:10]})", temp, inside, top)
    exists = subprocess.run(
        ["git", "cat-file", "-e", f"{commit}:{'' if relative == '.' else relative}"],
        cwd=top,
        capture_output=True,
    )
    if exists.returncode != 0:
        if not inside.exists():
            # In neither the revision nor the working tree: a typo, not an org to add.
            temp.cleanup()
            raise DiffError(
                f"{org_path}: not in revision {spec}, nor in the working tree; "
                "check --path (the org folder inside the repository)"
            )
        side.path.mkdir(parents=True, exist_ok=True)
        side.notes.append(
            f"{spec}: {relative} does not exist in that revision; compared as an empty org"
        )
        return side
    archive = _git("archive", "--format=tar", commit, "--", relative, cwd=top)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(temp.name, filter="data")
    return side


def config_for(side: Side, other: Side) -> tuple[Path | None, bool]:
    """(config file, isolated) for a side: a revision takes the working tree's.

    A folder finds its own configuration as `raci check` would. A revision uses
    the one that applies to the other side when that is a folder, else the one at
    its org folder's place in the working tree; none found means the defaults.
    """
    from raci.config import find_config
    from raci.loader import resolve_path

    if side.home is None:
        return None, False
    start = resolve_path(other.path)[0] if other.home is None else side.home
    found = find_config(start)
    return found, found is None


def relocate(findings: list[Finding], side: Side) -> list[Finding]:
    """A revision's findings with the repository's paths, not the temporary folder's."""
    from raci.loader import display_path

    if side.temp is None or side.home is None:
        return findings
    root = Path(side.temp.name).resolve().as_posix() + "/"
    top = side.top or side.home
    out = []
    for f in findings:
        if f.loc.file.startswith(root):
            here = display_path(top / f.loc.file[len(root) :])
            f = replace(f, loc=f.loc.moved(here))
        out.append(f)
    return out


def relocate_report(report: Report, side: Side) -> None:
    report.findings[:] = relocate(report.findings, side)
