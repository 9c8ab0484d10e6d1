"""File bytes -> parses: from the signed cache, else parsed (in two processes when large)."""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from raci import cache, fastparse, progress
from raci.fastparse import FileMarks
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
    misses = [i for i, r in enumerate(results) if r is None]
    todo = sum(len(contents[i]) for i in misses)
    shown = progress.current()
    if misses:
        shown.phase("parsing files", total=len(misses))
    if len(misses) > 1 and todo > PARALLEL_BYTES and (os.cpu_count() or 1) > 1:
        try:
            with ProcessPoolExecutor(max_workers=2) as pool:
                found = pool.map(_parse_in_worker, [contents[i] for i in misses])
                # Each result is read here while the helpers parse the next files.
                for i, (fast, body) in zip(misses, found, strict=False):
                    # None: too deep to travel, or a key given twice: parsed below.
                    content, parsed = contents[i], None
                    if body is not None:
                        parsed = (
                            fastparse.from_compact(body, content) if fast else cache.decode(body)
                        )
                    if parsed is not None:
                        cache.put(cache_folder, content, parsed)
                    results[i] = parsed
                    shown.advance()
        except (OSError, BrokenProcessPool):  # no second process here: parse in this one
            pass
    for i in misses:
        if results[i] is None:
            parsed = fastparse.parse_fast(contents[i]) or parse_bytes(contents[i])
            cache.put(cache_folder, contents[i], parsed)
            results[i] = parsed
            shown.advance()
    out = [r for r in results if r is not None]
    for parsed, content in zip(out, contents, strict=True):
        if parsed.fast:
            parsed.marks = LazyMarks.root(FileMarks(content, parsed.data, cache_folder))
    return out


def _parse_in_worker(content: bytes) -> tuple[bool, bytes | None]:
    """Parse in a helper process: (True, the data as checked, compact JSON) for the
    fast path, else (False, the careful parse in the cache's JSON form)."""
    emitted = fastparse.emit(content)
    dumped = fastparse.compact(emitted) if emitted is not None else None
    if dumped is not None:
        return True, dumped
    return False, cache.encode(parse_bytes(content))
