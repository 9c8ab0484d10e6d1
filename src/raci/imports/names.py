"""Find a person by the way another row writes their name.

A manager column may say "Whitfield, Dana", "Dana M. Whitfield", "D. Whitfield",
"dana.whitfield" or "DANA  WHITFIELD" for the person whose row says "Dana Whitfield"
(or "Dana" + "Whitfield" in two columns). Matching goes from the strictest form to
the loosest, and stops at the first form that finds anyone: one person found is a
match, two or more is an ambiguity (a finding, never a guess).
"""

from __future__ import annotations

import re
from collections.abc import Hashable

from raci.imports.org_columns import fold

HONORIFICS = frozenset(
    (
        *("dr", "mr", "mrs", "ms", "miss", "mx", "prof", "sir", "dame", "herr", "frau"),
        *("mme", "mlle", "sr", "sra", "srta", "don", "dona"),
        *("jr", "ii", "iii", "iv", "phd", "md", "mba", "esq"),
    )
)
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?")


def _words(text: str) -> list[str]:
    return _WORD.findall(fold(text).replace("\u2019", "'"))


def split_name(text: str, given: str = "", family: str = "") -> tuple[list[str], list[str]]:
    """(given names, family names): from two columns, 'Last, First', or 'First ... Last'."""
    if given or family:
        return _words(given), _words(family)
    if "," in text:
        last, _, first = text.partition(",")
        return _words(first), _words(last)
    words = _words(text)
    return words[:-1], words[-1:]


def forms(given: list[str], family: list[str]) -> list[tuple[str, ...]]:
    """The keys of a name, strictest first; each level is a set of alternatives."""
    every = given + family
    if not every:
        return []
    full = " ".join(every)
    bag = " ".join(sorted(every))
    levels: list[tuple[str, ...]] = [(full,), (bag,)]
    # Looser forms leave out 'Dr', 'Jr', 'III' ('Dr. Dana Whitfield Jr' is 'Dana Whitfield').
    if not HONORIFICS.isdisjoint(every):
        given = [w for w in given if w not in HONORIFICS]
        family = [w for w in family if w not in HONORIFICS]
    if not family and len(given) > 1:
        given, family = given[:-1], given[-1:]
    if given and family:
        first = given[0]
        levels.append(tuple({f"{first} {family[-1]}", f"{first} {family[0]}"}))
        levels.append(tuple({f"{first[0]} {family[-1]}", f"{first[0]} {family[0]}"}))
    else:
        levels += [(), ()]
    return levels


class NameIndex:
    """People by every form of their name; `find` returns everyone the text could mean."""

    LEVELS = 4

    def __init__(self) -> None:
        self._by: list[dict[str, list[Hashable]]] = [{} for _ in range(self.LEVELS)]

    def add(self, who: Hashable, given: list[str], family: list[str]) -> None:
        for level, keys in enumerate(forms(given, family)):
            for key in keys:
                found = self._by[level].setdefault(key, [])
                if who not in found:
                    found.append(who)

    def find(self, text: str) -> list[Hashable]:
        """Everyone `text` names at the strictest level that names anyone."""
        if "@" in text or ("." in text and " " not in text and "," not in text):
            text = re.sub(r"[._\-]+", " ", text.partition("@")[0])  # email local part
        given, family = split_name(text)
        initial_only = bool(given) and len(given[0]) == 1
        for level, keys in enumerate(forms(given, family)):
            if level == 2 and initial_only:
                continue  # 'D Whitfield' as 'first last' would only find a 'D'
            if level == 3 and not initial_only:
                break  # 'Dana Whitfield' must not find 'Dan Whitfield' by initial
            hits: list[Hashable] = []
            for key in keys:
                for who in self._by[level].get(key, ()):
                    if who not in hits:
                        hits.append(who)
            if hits:
                return hits
        return []
