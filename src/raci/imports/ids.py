"""Ids made from names and titles, unique within an import and never longer than the
native format allows (`raci.model.Id`: 200 characters)."""

from __future__ import annotations

import hashlib
import re
import unicodedata

ID_MAX = 200  # raci.model.Id's max_length; tests/test_import_org_limits.py keeps them equal
_HASH = 8


def slug(text: str) -> str:
    """An id from a title: 'Chief Product Officer' -> 'chief-product-officer'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"


def shorten(ident: str) -> str:
    """`ident` if it fits, else its start and 8 hex digits of its hash, 200 characters.

    The same long id always gives the same short one, so a reference made from the same
    text (a manager not in the file) still meets it; two long ids with the same start differ.
    """
    if len(ident) <= ID_MAX:
        return ident
    digest = hashlib.sha256(ident.encode()).hexdigest()[:_HASH]
    return f"{ident[: ID_MAX - _HASH - 1]}-{digest}"


def abbreviated(ident: str) -> str:
    """A long id as a message shows it: 'senior-senior-senior-...-1a2b3c4d'."""
    return ident if len(ident) <= 60 else f"{ident[:40]}...{ident[-_HASH - 1 :]}"


class Ids:
    """Unique ids: `base`, else `base-2`, `base-3`, ... (shortened past ID_MAX).

    The next suffix is remembered per base, so ten thousand 'Engineer' roles cost
    ten thousand steps, not fifty million.
    """

    def __init__(self) -> None:
        self.taken: set[str] = set()  # the ids given out (callers may reserve some)
        self._made: set[str] = set()  # the long ones before shortening
        self._next: dict[str, int] = {}

    def make(self, base: str) -> str:
        found = base
        if self._has(found):
            n = self._next.get(base, 2)
            while self._has(f"{base}-{n}"):
                n += 1
            self._next[base] = n + 1
            found = f"{base}-{n}"
        short = shorten(found)
        if short != found:
            self._made.add(found)
        self.taken.add(short)
        return short

    def _has(self, ident: str) -> bool:
        return ident in self.taken or ident in self._made
