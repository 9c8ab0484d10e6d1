"""A parse cache keyed on file content, kept in the user cache directory.

Parsing YAML dominates a large check, and most files do not change between runs.
An entry is found by a hash of the file's bytes and raci's version, so it cannot be
stale; an unreadable or foreign entry is discarded and the file parsed again.
Set RACI_CACHE_DIR to move the cache, or RACI_NO_CACHE=1 to turn it off.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

from raci import __version__
from raci.atomic import atomic_write_bytes
from raci.parse import Parsed

# Bump when the shape of `Parsed` changes.
FORMAT = 2


def cache_dir() -> Path | None:
    """The cache folder, or None when caching is turned off."""
    if os.environ.get("RACI_NO_CACHE", "").strip() not in ("", "0"):
        return None
    configured = os.environ.get("RACI_CACHE_DIR")
    if configured:
        return Path(configured)
    import platformdirs

    return Path(platformdirs.user_cache_dir("raci", appauthor=False))


def _entry(folder: Path, content: bytes) -> Path:
    digest = hashlib.blake2b(content, digest_size=20)
    digest.update(f"|raci {__version__}|format {FORMAT}".encode())
    return folder / f"parse-{FORMAT}" / f"{digest.hexdigest()}.pickle"


def get(folder: Path | None, content: bytes) -> Parsed | None:
    """The cached parse of `content`, or None on a miss or a damaged entry."""
    if folder is None:
        return None
    path = _entry(folder, content)
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    try:
        value = pickle.loads(blob)
    except Exception:
        value = None
    if not isinstance(value, Parsed):
        path.unlink(missing_ok=True)
        return None
    return value


def put(folder: Path | None, content: bytes, parsed: Parsed) -> None:
    """Store a parse; a cache that cannot be written is silently skipped."""
    if folder is not None:
        put_pickled(folder, content, pickle.dumps(parsed, protocol=pickle.HIGHEST_PROTOCOL))


def put_pickled(folder: Path | None, content: bytes, blob: bytes) -> None:
    """Store a parse already pickled (as a parsing process returns it)."""
    if folder is None:
        return
    path = _entry(folder, content)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(path, blob)
    except OSError:
        pass
