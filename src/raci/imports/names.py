"""Find a person by the way another row writes their name.

A manager column may say "Whitfield, Dana", "Dana M. Whitfield", "D. Whitfield",
"dana.whitfield" or "DANA  WHITFIELD" for the person whose row says "Dana Whitfield"
(or "Dana" + "Whitfield" in two columns). Matching goes from the strictest form to
the loosest, and stops at the first form that finds anyone: one person found is a
match, two or more is an ambiguity (a finding, never a guess).

A cell with two commas or more may hold several people written "Last, First"
("Smith, Jane, Doe, John"): `comma_people` says who, or that it cannot tell.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable

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


# A part of a person's name: 'Smith', 'O'Neil', 'Jean-Luc', 'van' (not 'CTO2', 'QA-1').
NAME_WORD = re.compile(r"[^\W\d_][^\W\d_'\u2019.-]*(?:['\u2019.-][^\W\d_]*)*")


def last_first(last: str, first: str) -> bool:
    """'Smith', 'Jane' (or 'van Dijk', 'Jane Marie') could be one person's surname and
    given names: one to three words of letters each, one side a single word."""
    sides = [last.split(), first.split()]
    return (
        all(1 <= len(words) <= 3 for words in sides)
        and min(len(words) for words in sides) == 1
        and all(NAME_WORD.fullmatch(w) for words in sides for w in words)
    )


def comma_people(
    pieces: list[str], pair: Callable[[str, str], bool] = last_first
) -> tuple[list[str], bool]:
    """The people in a cell's comma-parted pieces, when there are three pieces or more.

    ([people as 'Last, First'], False) when the pieces pair up, each pair a person
    ('Smith, Jane, Doe, John': 'Smith, Jane' and 'Doe, John'); ([], True) when some
    neighbours could be one person but the pieces do not pair up ('Smith, Jane, John':
    two people or three?); ([], False) when no two neighbours could be one person
    ('Legal, Finance, Sales'). A suffix ('Jr.', 'PhD') belongs to the piece before it:
    'Smith, Jane, Jr.' is one person.
    """
    merged: list[str] = []
    for piece in pieces:
        if merged and _suffix(piece):
            merged[-1] = f"{merged[-1]}, {piece}"
        else:
            merged.append(piece)
    if len(merged) == 2 and len(pieces) > 2:  # 'Smith, Jane, Jr.': one person
        return ([", ".join(merged)] if pair(merged[0], _plain(merged[1])) else []), False
    if len(merged) < 3:
        return [], False
    could = [pair(_plain(merged[i]), _plain(merged[i + 1])) for i in range(len(merged) - 1)]
    if not any(could):
        return [], False
    if len(merged) % 2 == 0 and all(could[0::2]):
        return [f"{merged[i]}, {merged[i + 1]}" for i in range(0, len(merged), 2)], False
    return [], True


def _suffix(piece: str) -> bool:
    words = _words(piece)
    return bool(words) and all(w in HONORIFICS for w in words)


def _plain(piece: str) -> str:
    """A piece without its suffix ('Jane, Jr.' -> 'Jane'), for `pair` to judge."""
    return piece.partition(",")[0].strip()


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
