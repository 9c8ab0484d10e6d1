"""One call that does what `raci check` does: config, scheme, load, rules, baseline.

`check_path` is the library's form of `raci check PATH`; the CLI fills
`CheckOptions` from its flags and calls `run_check`, the same thing.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from raci import baseline as baselines
from raci import progress
from raci.config import Config, apply_cli, resolve_config
from raci.engine import Report, check
from raci.loader import load, resolve_path
from raci.model import Organisation


@dataclass(frozen=True)
class CheckOptions:
    path: Path | None = None
    config_file: Path | None = None
    isolated: bool = False
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: str | None = None
    baseline: Path | None = None
    use_cache: bool = True


def check_path(
    path: str | os.PathLike[str] | None = None,
    *,
    config_file: str | os.PathLike[str] | None = None,
    isolated: bool = False,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    fail_on: str | None = None,
    baseline: str | os.PathLike[str] | None = None,
    use_cache: bool = True,
) -> Report:
    """Check an org exactly as `raci check PATH` does, and return the report.

    `path` is a folder or file (default: ./org, else the bundled org; in CI, with
    `CI` set, no path and no ./org raise LoadError instead). The
    configuration is found as the command finds it (`raci.toml` or `[tool.raci]` in
    `pyproject.toml`, from the path up; `config_file` names one, `isolated` ignores
    them all), and gives the scheme, the rules and their options, the scope and the
    fail level; `select`, `ignore` and `fail_on` override it as the flags do. The
    `# raci: ignore[...]` comments apply, and with `baseline` (a file written by
    `raci check --write-baseline`) only new findings are reported. `report.failed`
    is what makes the command exit 1.

    Raises `raci.RaciError` (LoadError, ConfigError, BaselineError) for what the
    command reports with exit code 2.
    """
    return run_check(
        CheckOptions(
            path=Path(path) if path is not None else None,
            config_file=Path(config_file) if config_file is not None else None,
            isolated=isolated,
            select=tuple(select),
            ignore=tuple(ignore),
            fail_on=fail_on,
            baseline=Path(baseline) if baseline is not None else None,
            use_cache=use_cache,
        )
    )


def load_org(
    path: Path | None,
    config_file: Path | None = None,
    isolated: bool = False,
    use_cache: bool = True,
) -> tuple[Organisation, Config]:
    """The org at `path` (or ./org, or the bundled one) and the configuration for it.

    Raises LoadError or ConfigError for usage problems (exit 2).
    """
    root, _ = resolve_path(path)
    config = resolve_config(explicit=config_file, start=root, isolated=isolated)
    with _phases():
        return load(path, use_cache=use_cache, scheme=config.scheme), config


def run_check(options: CheckOptions) -> Report:
    """Check an org as the options say (see `check_path`).

    Raises LoadError, ConfigError or BaselineError for usage problems (exit 2).
    """
    root, _ = resolve_path(options.path)
    config = resolve_config(explicit=options.config_file, start=root, isolated=options.isolated)
    config = apply_cli(
        config, select=options.select, ignore=options.ignore, fail_on=options.fail_on
    )
    known = baselines.read(options.baseline) if options.baseline else None
    with _phases():
        org = load(options.path, use_cache=options.use_cache, scheme=config.scheme)
        return check(org, config, baseline=known)


@contextmanager
def _phases() -> Iterator[None]:
    """Work whose phases (parsing, validating, linking, rules) the library shows on a
    terminal; the last line is ended however the work ends."""
    try:
        yield
    finally:
        progress.current().close()
