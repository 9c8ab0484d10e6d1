"""File bytes -> parses: from the signed cache, else parsed (in two processes when large)."""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from raci import cache, progress
from raci.fastparse import FileMarks, parse_fast
from raci.model import LazyMarks
from raci.parse import Parsed, parse_bytes
from raci.paths import LoadError, display_path


def read_bytes(path: Path) -> bytes:
    """A file's bytes; a file that cannot be read stops the load (exit 2)."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise LoadError(f"{display_path(path)}: cannot be read ({exc.strerror})") from exc


# Below this much YAML to parse, a second process costs more than it saves.
PARALLEL_BYTES = 4 * 1024 * 1024


def parse_all(contents: list[bytes], cache_folder: Path | None) -> list[Parsed]:
    """Every file's parse: from the cache, else parsed (in two processes when large).

    A large, plain file takes the fast path (`raci.fastparse`); the others, the
    careful parser.
    """
    results: list[Parsed | None] = [cache.get(cache_folder, c) for c in contents]
    for i, content in enumerate(contents):
        if results[i] is None:
            results[i] = fast = parse_fast(content)
            if fast is not None:
                cache.put(cache_folder, content, fast)
    for parsed, content in zip(results, contents, strict=True):
        if parsed is not None and parsed.fast:
            parsed.marks = LazyMarks.root(FileMarks(content, parsed.data, cache_folder))
    misses = [i for i, r in enumerate(results) if r is None]
    todo = sum(len(contents[i]) for i in misses)
    shown = progress.current()
    if misses:
        shown.phase("parsing files", total=len(misses))
    if len(misses) > 1 and todo > PARALLEL_BYTES and (os.cpu_count() or 1) > 1:
        try:
            with ProcessPoolExecutor(max_workers=2) as pool:
                bodies = []
                for body in pool.map(_parse_encoded, [contents[i] for i in misses]):
                    bodies.append(body)
                    shown.advance()
        except (OSError, BrokenProcessPool):  # no second process here: parse in this one
            bodies = []
        for i, body in zip(misses, bodies, strict=False):
            # None: too deeply nested to travel; parsed again below, in this process.
            results[i] = cache.decode(body) if body is not None else None
            cache.put_encoded(cache_folder, contents[i], body)
    for i in misses:
        if results[i] is None:
            parsed = parse_bytes(contents[i])
            cache.put(cache_folder, contents[i], parsed)
            results[i] = parsed
            shown.advance()
    return [r for r in results if r is not None]


def _parse_encoded(content: bytes) -> bytes | None:
    """Parse in a helper process; the result travels in the cache's JSON form."""
    return cache.encode(parse_bytes(content))
