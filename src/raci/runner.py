"""One call that does what `raci check` does: config, load, check, baseline.

The CLI fills `CheckOptions` from its flags and calls `run_check`; tests and other
programs can do the same without click.
"""

from __future__ import annotations

from collections.abc import Iterator
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
    with _phase("loading the org"):
        return load(path, use_cache=use_cache, scheme=config.scheme), config


def run_check(options: CheckOptions) -> Report:
    """Check an org as the options say.

    Raises LoadError, ConfigError or BaselineError for usage problems (exit 2).
    """
    root, _ = resolve_path(options.path)
    config = resolve_config(explicit=options.config_file, start=root, isolated=options.isolated)
    config = apply_cli(
        config, select=options.select, ignore=options.ignore, fail_on=options.fail_on
    )
    known = baselines.read(options.baseline) if options.baseline else None
    with _phase("loading the org"):
        org = load(options.path, use_cache=options.use_cache, scheme=config.scheme)
    with _phase("checking rules"):
        return check(org, config, baseline=known)


@contextmanager
def _phase(name: str) -> Iterator[None]:
    """A phase of the progress shown on a terminal, its line ended when it is over."""
    progress.current().phase(name)
    try:
        yield
    finally:
        progress.current().close()
