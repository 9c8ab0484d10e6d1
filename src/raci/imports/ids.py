"""Ids made from names and titles, unique within an import."""

from __future__ import annotations

import re
import unicodedata


def slug(text: str) -> str:
    """An id from a title: 'Chief Product Officer' -> 'chief-product-officer'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"


class Ids:
    """Unique ids: `base`, else `base-2`, `base-3`, ...

    The next suffix is remembered per base, so ten thousand 'Engineer' roles cost
    ten thousand steps, not fifty million.
    """

    def __init__(self) -> None:
        self.taken: set[str] = set()
        self._next: dict[str, int] = {}

    def make(self, base: str) -> str:
        found = base
        if found in self.taken:
            n = self._next.get(base, 2)
            while f"{base}-{n}" in self.taken:
                n += 1
            self._next[base] = n + 1
            found = f"{base}-{n}"
        self.taken.add(found)
        return found
