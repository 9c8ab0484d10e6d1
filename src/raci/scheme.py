"""Letter schemes. Rules ask for a letter's canonical meaning, never for 'A' itself.

Built in: RACI (the default), RASCI, RACI-VS, CAIRO, DACI and RAPID. Custom schemes
come from the configuration (see docs/assignment.md). Each letter has a word (what
messages call it), a canonical meaning, and how many roles an activity may give it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Meaning(StrEnum):
    """What a letter means, whatever the scheme calls it."""

    DECIDER = "decider"  # owns the outcome: RACI's A, DACI's Approver, RAPID's Decide
    DOER = "doer"  # does the work: RACI's R, DACI's Driver, RAPID's Perform
    SUPPORT = "support"  # helps the doer: RASCI's S, RAPID's Recommend
    INPUT = "input"  # asked before: RACI's C, RAPID's Input
    APPROVAL = "approval"  # signs off or may veto: RACI-VS's V and S, RAPID's Agree
    NOTIFIED = "notified"  # told after: RACI's I
    OMITTED = "omitted"  # deliberately out of the loop: CAIRO's O


@dataclass(frozen=True)
class Letter:
    letter: str
    word: str
    meaning: Meaning
    min: int = 0
    max: int | None = None
    severity: str | None = None  # of a count outside min..max; None: the rule's


@dataclass(frozen=True)
class Scheme:
    """A set of letters, what each means, and which pairs one role may hold together."""

    name: str
    letters: tuple[Letter, ...]
    combinations: frozenset[frozenset[str]] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_letter", {x.letter: x for x in self.letters})

    def has(self, letter: str) -> bool:
        return letter in self._by_letter  # type: ignore[attr-defined]

    def get(self, letter: str) -> Letter:
        found: Letter = self._by_letter[letter]  # type: ignore[attr-defined]
        return found

    def word(self, letter: str) -> str:
        """The scheme's word for a letter: 'Accountable' for RACI's A."""
        return self.get(letter).word

    def letter_for(self, meaning: Meaning) -> str | None:
        """The first letter that carries a meaning, or None if the scheme has none."""
        for x in self.letters:
            if x.meaning is meaning:
                return x.letter
        return None

    def combines(self, a: str, b: str) -> bool:
        """True when one role may hold both letters on one activity."""
        return a == b or frozenset((a, b)) in self.combinations

    @property
    def letter_list(self) -> str:
        return ", ".join(x.letter for x in self.letters)

    def choices(self) -> list[str]:
        """Every letter and every allowed combination ('A/R'), for drop-downs."""
        order = {x.letter: i for i, x in enumerate(self.letters)}
        combos = ["/".join(sorted(c, key=order.__getitem__)) for c in self.combinations]
        return [x.letter for x in self.letters] + sorted(combos)


def _l(letter: str, word: str, meaning: Meaning, lo: int = 0, hi: int | None = None) -> Letter:
    return Letter(letter, word, meaning, lo, hi)


D, R, S, C = Meaning.DECIDER, Meaning.DOER, Meaning.SUPPORT, Meaning.INPUT
AP, N, OUT = Meaning.APPROVAL, Meaning.NOTIFIED, Meaning.OMITTED
AR = frozenset({frozenset({"A", "R"})})

RACI = Scheme(
    "RACI",
    (
        _l("R", "Responsible", R, 1),
        _l("A", "Accountable", D, 1, 1),
        _l("C", "Consulted", C),
        _l("I", "Informed", N),
    ),
    AR,
)
RASCI = Scheme(
    "RASCI",
    (
        _l("R", "Responsible", R, 1),
        _l("A", "Accountable", D, 1, 1),
        _l("S", "Support", S),
        _l("C", "Consulted", C),
        _l("I", "Informed", N),
    ),
    AR,
)
RACI_VS = Scheme(
    "RACI-VS",
    (
        _l("R", "Responsible", R, 1),
        _l("A", "Accountable", D, 1, 1),
        _l("C", "Consulted", C),
        _l("I", "Informed", N),
        _l("V", "Verifier", AP),
        _l("S", "Signatory", AP, 0, 1),
    ),
    AR | {frozenset({"A", "S"})},
)
CAIRO = Scheme(
    "CAIRO",
    (
        _l("C", "Consulted", C),
        _l("A", "Accountable", D, 1, 1),
        _l("I", "Informed", N),
        _l("R", "Responsible", R, 1),
        _l("O", "Out of the loop", OUT),
    ),
    AR,
)
DACI = Scheme(
    "DACI",
    (
        _l("D", "Driver", R, 1, 1),
        _l("A", "Approver", D, 1, 1),
        _l("C", "Contributor", C),
        _l("I", "Informed", N),
    ),
)
RAPID = Scheme(
    "RAPID",
    (
        _l("R", "Recommend", S, 1),
        _l("A", "Agree", AP),
        _l("P", "Perform", R, 1),
        _l("I", "Input", C),
        _l("D", "Decide", D, 1, 1),
    ),
)

SCHEMES: dict[str, Scheme] = {
    "raci": RACI,
    "rasci": RASCI,
    "raci-vs": RACI_VS,
    "cairo": CAIRO,
    "daci": DACI,
    "rapid": RAPID,
}
