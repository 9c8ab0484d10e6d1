"""Load an organisation from YAML files into one `Organisation`, with locations.

Nothing here stops at the first problem: a file that does not parse, an entity that
does not validate or a reference that dangles becomes a problem (reported by the
engine as a finding), and everything else still loads. Only a path that does not
exist or cannot be read raises `LoadError` (exit 2).

Loading has four jobs, one module each: `raci.paths` (which files, how paths are
shown), `raci.reading` (bytes -> parses, through the cache), `raci.validate` (parses
-> entities) and `raci.link` (references, cycles, inheritance, graph and letters).
"""

from __future__ import annotations

import os
from contextlib import closing

from raci import cache, progress
from raci.cell_errors import IN_TEXT
from raci.findings import Entity as Ref
from raci.link import link
from raci.model import Location, Organisation
from raci.paths import (
    YAML_SUFFIXES,
    LoadError,
    bundled_org_path,
    discover,
    display_path,
    resolve_path,
)
from raci.reading import parse_all, parse_each, read_bytes
from raci.scheme import RACI, Scheme
from raci.speed import keep_until_exit, paused_gc
from raci.validate import Reader

__all__ = [
    "YAML_SUFFIXES",
    "LoadError",
    "bundled_org_path",
    "discover",
    "display_path",
    "load",
    "parse_all",
    "resolve_path",
]


def load(
    path: str | os.PathLike[str] | None = None,
    *,
    use_cache: bool = True,
    scheme: Scheme = RACI,
) -> Organisation:
    """Load an org folder or file. Problems are kept in `Organisation.problems`."""
    root, bundled = resolve_path(path)
    files = discover(root)
    org = Organisation(name="", source=root, bundled=bundled, scheme=scheme)
    reader = Reader(org)
    if not files:
        reader.problem(
            "schema-error",
            Ref("file", display_path(root)),
            f"no YAML files (*.yaml, *.yml) found in {display_path(root)}",
            "Point raci at a folder with org YAML files, or run it where org/ exists.",
            Location(display_path(root), 0, 0),
        )
    with paused_gc():
        contents = [read_bytes(file) for file in files]
        org.cell_errors_possible = any(map(IN_TEXT.search, contents))
        shown = progress.current()
        shown.phase("reading files", total=len(files))
        # Each file is validated as soon as it is parsed, while the parsing processes
        # (on a large org) go on with the next ones.
        with closing(parse_each(contents, cache.cache_dir() if use_cache else None)) as parsed:
            for file, one in zip(files, parsed, strict=True):
                org.files.append(file)
                reader.read_parsed(one, display_path(file))
                shown.advance()
        keep_until_exit(org)
        return link(org, reader.names)
