"""File bytes -> parses: from the signed cache, else parsed (in two processes when large)."""

from __future__ import annotations

import os
import signal
from collections.abc import Generator, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from raci import cache, fastparse
from raci.fastparse import FileMarks
from raci.model import LazyMarks
from raci.parse import Parsed, parse_bytes, suppressions
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
    return list(parse_each(contents, cache_folder))


def parse_each(contents: list[bytes], cache_folder: Path | None) -> Generator[Parsed, None, None]:
    """Each file's parse, in order, as soon as it is ready (see `parse_all`).

    With two parsing processes, the caller works on one file (the loader validates
    it) while they parse the next ones, and store what they parse in the cache.
    """
    names = [cache.entry_name(c) for c in contents] if cache_folder is not None else []
    cached: list[Parsed | None] = [
        cache.get(cache_folder, c, names[i] if names else None) for i, c in enumerate(contents)
    ]
    misses = [i for i, r in enumerate(cached) if r is None]
    todo = sum(len(contents[i]) for i in misses)
    pool: ProcessPoolExecutor | None = None
    found: Iterator[tuple[bool, bytes | None]] | None = None
    if len(misses) > 1 and todo > PARALLEL_BYTES and (os.cpu_count() or 1) > 1:
        try:
            pool = ProcessPoolExecutor(max_workers=2, initializer=_ignore_interrupts)
            found = pool.map(
                _parse_in_worker,
                [contents[i] for i in misses],
                [cache_folder] * len(misses),
                [names[i] if names else None for i in misses],
            )
        except OSError:  # no second process here: parse in this one
            found = None
    try:
        for i, (content, parsed) in enumerate(zip(contents, cached, strict=True)):
            name = names[i] if names else None
            if parsed is None and found is not None:
                try:
                    fast, body = next(found)
                except Exception:  # a process lost (BrokenProcessPool), or out of memory:
                    found = None  # this file and the rest are parsed in this process
                else:
                    # None: too deep to travel, or a key given twice: parsed below.
                    # Otherwise the parsing process has stored it in the cache.
                    if body is not None:
                        parsed = (
                            fastparse.from_compact(body, content) if fast else cache.decode(body)
                        )
            if parsed is None:
                parsed = fastparse.parse_fast(content) or parse_bytes(content)
                cache.put(cache_folder, content, parsed, name)
            if parsed.fast:
                parsed.marks = LazyMarks.root(FileMarks(content, parsed.data, cache_folder))
            yield parsed
    except BaseException:  # Ctrl-C, or the caller's error: the parsing stops with it
        if pool is not None:
            # The public API only waits for the files being parsed (seconds at 1,000,000
            # roles); the processes are raci's own, and told to stop.
            for process in list(getattr(pool, "_processes", {}).values()):
                process.terminate()
        raise
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)


def _ignore_interrupts() -> None:
    """A parsing process leaves Ctrl-C to raci's own: it is stopped with it, quietly,
    instead of printing its own traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _parse_in_worker(
    content: bytes, cache_folder: Path | None, name: str | None
) -> tuple[bool, bytes | None]:
    """Parse in a helper process and store the parse in the cache: (True, the data as
    checked, compact JSON) for the fast path, else (False, the careful parse in the
    cache's JSON form)."""
    emitted = fastparse.emit(content)
    dumped = fastparse.compact(emitted) if emitted is not None else None
    if dumped is not None:
        if dumped.startswith(b"{"):  # a mapping: the parse `from_compact` makes
            text = content.decode("utf-8-sig")
            entry = Parsed(None, suppressions=suppressions(text), fast=True, data_json=dumped)
            cache.put(cache_folder, content, entry, name)
        return True, dumped
    body = cache.encode(parse_bytes(content))
    cache.put_encoded(cache_folder, content, body, name)
    return False, body
