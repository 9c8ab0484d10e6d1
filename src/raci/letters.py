"""Reading RACI letters the way people type them into spreadsheets.

Any case, surrounding spaces, combined in any order and with any separator
(`A/R`, `R/A`, `R, A`, `AR`, `a/r`), full-width forms, and look-alike Cyrillic or
Greek capitals (a Cyrillic Es is a C). Empty means not involved.
"""

from __future__ import annotations

import re
import unicodedata

from raci.scheme import Scheme

# Cyrillic (U+04xx) and Greek (U+03xx) letters that look like Latin ones, written
# as escapes so the source shows which is which.
LOOKALIKES = str.maketrans(
    "\u0410\u0412\u0421\u0415\u041d\u0406\u0408\u041a\u041c\u041e\u0420\u0405\u0422\u0425\u0423\u0430\u0441\u0435\u0456\u0458\u043e"
    "\u0440\u0455\u0445\u0443\u0391\u0392\u0395\u0396\u0397\u0399\u039a\u039c\u039d\u039f\u03a1\u03a4\u03a5\u03a7\u03bf\u03b9\u03ba\u03bd",
    "ABCEHIJKMOPSTXYaceijopsxyABEZHIKMNOPTYXoikv",
)
SEPARATORS = re.compile(r"[\s/,;+&|\\.\-]+")


class LetterError(ValueError):
    """A cell that does not hold letters of the scheme (the message says why)."""


def parse(value: object, scheme: Scheme) -> set[str]:
    """The letters in a cell; raises LetterError for anything else."""
    if value is None:
        return set()
    if isinstance(value, float) and value != value:  # NaN from some readers
        return set()
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # workbook readers give every number as a float: 5 is not '5.0'
    letters = set(read_letters(str(value), scheme))
    for a in letters:
        for b in letters:
            if a < b and not scheme.combines(a, b):
                raise LetterError(
                    f"{str(value).strip()!r}: {a} and {b} do not go together in {scheme.name}"
                )
    return letters


def read_letters(value: str, scheme: Scheme, aliases: dict[str, str] | None = None) -> list[str]:
    """The letters a cell names, in the order written, combinations unjudged.

    `C/I` gives C and I even where the scheme does not combine them: whether that
    is a conflict is for the rules to say. `aliases` maps a token (upper case) to a
    letter, or to "" for a none-marker, as a matrix's own legend defines them.
    Raises LetterError for anything that names no letter.
    """
    text = unicodedata.normalize("NFKC", value).translate(LOOKALIKES).strip()
    if not text:
        return []
    upper = text.upper()
    if aliases and upper in aliases:
        return [aliases[upper]] if aliases[upper] else []
    known = {x.letter.upper(): x.letter for x in scheme.letters}
    if aliases:
        known.update((k, v) for k, v in aliases.items() if len(k) == 1)
    found: list[str] = []
    for part in SEPARATORS.split(upper):
        if not part:
            continue
        if part in known:
            found.append(known[part])
        elif all(ch in known for ch in part):  # "AR": letters written together
            found.extend(known[ch] for ch in part)
        else:
            raise LetterError(
                f"{value.strip()!r} is not a {scheme.name} letter "
                f"(use {scheme.letter_list}, or leave it empty)"
            )
    return [x for x in dict.fromkeys(found) if x]
