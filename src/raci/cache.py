"""A parse cache keyed on file content, kept in the user cache directory.

Parsing YAML dominates a large check, and most files do not change between runs.
An entry is JSON text (reading it can run no code, unlike pickle), named by a hash
of the file's bytes, raci's version and the entry format, so it cannot be stale.
Each entry is signed with a keyed BLAKE2b over that name and its JSON, using a
secret key kept outside the cache folder (or given in RACI_CACHE_KEY): an entry
written by anybody without the key (planted, or restored from another machine's
cache) fails the check and the file is parsed again. See docs/security.md.
Set RACI_CACHE_DIR to move the cache, or RACI_NO_CACHE=1 to turn it off.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from pathlib import Path
from typing import Any

from raci import __version__
from raci.atomic import atomic_write_bytes
from raci.model import Suppression
from raci.parse import Parsed, RawProblem

# Bump when the shape of `Parsed` or of an entry changes.
FORMAT = 5
KEY_BYTES = 32


def cache_dir() -> Path | None:
    """The cache folder, or None when caching is turned off."""
    if os.environ.get("RACI_NO_CACHE", "").strip() not in ("", "0"):
        return None
    configured = os.environ.get("RACI_CACHE_DIR")
    if configured:
        return Path(configured)
    import platformdirs

    return Path(platformdirs.user_cache_dir("raci", appauthor=False))


def key_path() -> Path:
    """Where the signing key lives: the user data folder, never the cache folder."""
    import platformdirs

    return Path(platformdirs.user_data_dir("raci", appauthor=False)) / "cache.key"


_keys: dict[Path, bytes | None] = {}


def signing_key() -> bytes | None:
    """The secret that signs entries; None (no caching) when it cannot be kept.

    RACI_CACHE_KEY (any text) wins, so a CI job can share a cache and its key
    as a secret; otherwise a random key is made once, readable by the user only.
    """
    given = os.environ.get("RACI_CACHE_KEY", "").strip()
    if given:
        return hashlib.blake2b(given.encode(), digest_size=KEY_BYTES).digest()
    path = key_path()
    if path in _keys:
        return _keys[path]
    key = _read_key(path)
    if key is None:
        made = secrets.token_bytes(KEY_BYTES)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Write whole then link into place: never replaces a key another run made.
            tmp = path.with_name(f".{path.name}.{os.getpid()}")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as out:
                out.write(made)
            try:
                os.link(tmp, path)
            except FileExistsError:
                if _read_key(path) is None:  # a damaged key: replace it
                    os.replace(tmp, path)
            except OSError:  # no hard links on this file system
                os.replace(tmp, path)
            finally:
                tmp.unlink(missing_ok=True)
        except OSError:
            pass
        key = _read_key(path)
    _keys[path] = key
    return key


def _read_key(path: Path) -> bytes | None:
    try:
        key = path.read_bytes()
    except OSError:
        return None
    return key if len(key) == KEY_BYTES else None


def entry_name(content: bytes) -> str:
    """The name of `content`'s entry: a hash of it, raci's version and the format.

    Computed once per file and passed to `get` and `put`: on a large org, hashing
    the bytes twice cost a tenth of a second per 100,000 roles.
    """
    digest = hashlib.blake2b(content, digest_size=20)
    digest.update(f"|raci {__version__}|format {FORMAT}".encode())
    return digest.hexdigest()


def _sign(key: bytes, name: str, body: bytes) -> bytes:
    mac = hashlib.blake2b(name.encode(), key=key, digest_size=32)
    mac.update(body)
    return mac.hexdigest().encode()


# A fast parse's entry: this byte, its data's compact JSON, a newline (JSON text has
# none outside strings, where it is escaped), then the rest as a careful entry has it.
FAST_ENTRY = b"F"


def encode(parsed: Parsed) -> bytes | None:
    """A parse as JSON bytes; None when the data is nested too deep, or shared by aliases.

    A careful parse is one JSON list: data, marks, problems, suppressions. A fast
    parse (marks not computed yet) starts with `FAST_ENTRY` and its data's JSON
    alone, written and read with orjson (a third faster to read than the json
    module): `fast_json` makes sure it reads back exactly. A careful
    parse stays with the json module: orjson reads an integer over 64 bits as a float.
    """
    if parsed.shared:
        return None
    try:
        rest = json.dumps(
            [
                [[p.rule, p.message, p.fix, p.line, p.column] for p in parsed.problems],
                [[s.line, s.column, s.whole_file, s.rules, s.reason] for s in parsed.suppressions],
            ],
            ensure_ascii=False,
            separators=(",", ":"),
        ).encode()
        if parsed.fast:
            data = parsed.data_json if parsed.data_json is not None else fast_json(parsed.data)
            return None if data is None else FAST_ENTRY + data + b"\n" + rest
        head = json.dumps(
            [parsed.data, parsed.marks], ensure_ascii=False, separators=(",", ":")
        ).encode()
    except (RecursionError, ValueError, TypeError):
        return None
    return head[:-1] + b"," + rest[1:]


def fast_json(data: Any) -> bytes | None:
    """Fast-parsed data as compact JSON (orjson's), or None when orjson cannot write
    it as it would read it back (an integer over 64 bits)."""
    import orjson

    try:
        return orjson.dumps(data)
    except TypeError:
        return None


def decode(body: bytes) -> Parsed | None:
    """A parse back from `encode`'s bytes; None for anything that is not one.

    Marks come back as lists, not tuples: they are only ever indexed. A fast
    parse comes back as one (`fast`, its marks to be computed).
    """
    try:
        if body.startswith(FAST_ENTRY):
            import orjson

            head, _, tail = body[len(FAST_ENTRY) :].rpartition(b"\n")
            data, marks = orjson.loads(head), None
            problems, found = json.loads(tail)
        else:
            data, marks, problems, found = json.loads(body)
        return Parsed(
            data,
            (1, 1, None) if marks is None else marks,
            [RawProblem(*p) for p in problems],
            [
                Suppression(ln, col, whole, tuple(rules), why)
                for ln, col, whole, rules, why in found
            ],
            fast=marks is None,
        )
    except (RecursionError, ValueError, TypeError):
        return None


def _entry(folder: Path, name: str) -> Path:
    return folder / f"parse-{FORMAT}" / f"{name}.json"


def get(folder: Path | None, content: bytes, name: str | None = None) -> Parsed | None:
    """The cached parse of `content` (its `entry_name` if known), or None on a miss or
    a damaged or unsigned entry."""
    key = signing_key() if folder is not None else None
    if folder is None or key is None:
        return None
    name = name or entry_name(content)
    path = _entry(folder, name)
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    mac, _, body = blob.partition(b"\n")
    parsed = decode(body) if hmac.compare_digest(mac, _sign(key, name, body)) else None
    if parsed is None:
        path.unlink(missing_ok=True)
    return parsed


def put(folder: Path | None, content: bytes, parsed: Parsed, name: str | None = None) -> None:
    """Store a parse; a cache that cannot be written (or data too deep) is skipped."""
    if folder is not None:
        put_encoded(folder, content, encode(parsed), name)


def put_encoded(
    folder: Path | None, content: bytes, body: bytes | None, name: str | None = None
) -> None:
    """Store a parse already encoded (as `encode` makes it)."""
    key = signing_key() if folder is not None and body is not None else None
    if folder is None or body is None or key is None:
        return
    name = name or entry_name(content)
    path = _entry(folder, name)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # No fsync: an entry lost or torn in a crash fails its signature and the file
        # is parsed again; waiting for the disk cost a cold check seconds at 1M roles.
        atomic_write_bytes(path, _sign(key, name, body) + b"\n" + body, durable=False)
    except OSError:
        pass
