"""Which files are an org, and how paths are shown: the path policy of loading."""

from __future__ import annotations

import os
from pathlib import Path

from raci.errors import RaciError

YAML_SUFFIXES = (".yaml", ".yml")


class LoadError(RaciError):
    """The path cannot be loaded at all (missing, unreadable): a usage error."""


def bundled_org_path() -> Path:
    """The organisation shipped with raci (inside the wheel, or the repo's org/)."""
    here = Path(__file__).resolve().parent
    packaged = here / "bundled_org"
    if packaged.is_dir():
        return packaged
    return here.parent.parent / "org"  # an editable install of the source tree


def in_ci() -> bool:
    """True in a CI job: `CI` is set (GitHub Actions, GitLab CI and most others set it),
    and not to an explicit no (`false`, `0`, `no`)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "false", "0", "no")


def resolve_path(path: str | os.PathLike[str] | None) -> tuple[Path, bool]:
    """The org to load and whether it is the bundled one: PATH, ./org, or bundled.

    A folder that holds an `org/` folder means that org: `raci check .` in a
    repository checks its org, not every YAML file of the repository.

    In CI there is no falling back to the bundled org (LoadError, exit 2): a job run
    in the wrong folder would check raci's example and pass.
    """
    if path is not None:
        given = Path(path)
        inner = given / "org"
        return (inner if given.is_dir() and inner.is_dir() else given), False
    local = Path("org")
    if local.is_dir():
        return local, False
    if in_ci():
        raise LoadError(
            f"no PATH given and no ./org folder in {Path.cwd().as_posix()}; in CI raci does "
            "not fall back to its bundled example org: pass your org's folder as PATH"
        )
    return bundled_org_path(), True


def bundled_note(name: str, source: Path) -> str:
    """The line that says an org is raci's example, loaded because no PATH was given."""
    return (
        f"note: no PATH given and no ./org folder here, so this is raci's bundled example "
        f"org '{name}' ({display_path(source)}), not yours; pass your org's folder as PATH"
    )


def display_path(path: Path) -> str:
    """A path as findings show it: relative to the working directory when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.resolve().as_posix()


# Files people pass to `raci check` meaning "read this": each is read by an import.
_IMPORTED = {
    ".csv": "CSV",
    ".tsv": "TSV",
    ".xlsx": "Excel",
    ".xlsm": "Excel",
    ".xls": "Excel",
    ".ods": "OpenDocument",
}


def _refuse_a_spreadsheet(path: Path) -> None:
    """A spreadsheet given as the org: say which import reads it (exit 2), rather than
    report it as YAML that is not a mapping or not UTF-8."""
    kind = _IMPORTED.get(path.suffix.lower())
    if kind is None:
        return
    own = "`raci import xlsx FILE` reads a workbook raci exported; " if kind == "Excel" else ""
    raise LoadError(
        f"{display_path(path)}: {'an' if kind[0] in 'AEIOU' else 'a'} {kind} file, not "
        f"raci's YAML; {own}"
        f"`raci import matrix FILE` reads a RACI matrix and `raci import org FILE -o DIR` an "
        "org chart or HRIS export, into YAML that raci then checks"
    )


def discover(path: Path) -> list[Path]:
    """The YAML files of an org: the file itself, or a folder's files in sorted order."""
    if not path.exists():
        raise LoadError(f"{path}: no such file or folder")
    if path.is_file():
        _refuse_a_spreadsheet(path)
        return [path]
    if not path.is_dir():
        raise LoadError(f"{path}: not a file or folder")

    def unreadable(exc: OSError) -> None:
        where = Path(exc.filename) if exc.filename else path
        raise LoadError(f"{display_path(where)}: cannot be read ({exc.strerror})") from exc

    found: list[Path] = []
    # os.walk, not Path.rglob: rglob skips a folder it cannot read without a word.
    for folder, dirs, names in os.walk(path, onerror=unreadable):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        here = Path(folder)
        for name in names:
            if not name.endswith(YAML_SUFFIXES) or name.startswith("."):
                continue
            if not (here / name).is_file():  # a link to nothing, or to a device
                raise LoadError(
                    f"{display_path(here)}/{name}: cannot be read (not a file, or a link "
                    "to a file that does not exist)"
                )
            found.append(here / name)
    return sorted(found, key=lambda p: p.relative_to(path).as_posix())
