"""'Did you mean ...?': the one wording for a name that is close to a known one."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(word: str, known: Iterable[str]) -> str | None:
    """The known name closest to `word`, or None when none is close.

    The same name in other letter case first ('CTO' for 'cto'): difflib compares
    characters as they are and finds nothing alike in those two.
    """
    names = list(known)
    folded = word.casefold()
    for name in names:
        if name.casefold() == folded:
            return name
    found = difflib.get_close_matches(word, names, n=1, cutoff=0.6)
    return found[0] if found else None


def did_you_mean(word: str, known: Iterable[str]) -> str:
    """ " (did you mean 'x'?)" for the closest known name, or "" when none is close."""
    found = closest(word, known)
    return f" (did you mean '{found}'?)" if found else ""


def counted(n: int, word: str, plural: str | None = None) -> str:
    """'1 file', '2 files', '3 activities': a count with its noun in the right number."""
    noun = word if n == 1 else (plural or (word[:-1] + "ies" if word.endswith("y") else word + "s"))
    return f"{n} {noun}"
