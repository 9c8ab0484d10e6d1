"""Letter schemes. Rules ask for a letter's canonical meaning, never for 'A' itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Meaning(StrEnum):
    """What a letter means, whatever the scheme calls it."""

    DECIDER = "decider"  # owns the outcome: RACI's A
    DOER = "doer"  # does the work: RACI's R
    SUPPORT = "support"
    INPUT = "input"  # asked before: RACI's C
    APPROVAL = "approval"
    NOTIFIED = "notified"  # told after: RACI's I
    OMITTED = "omitted"


@dataclass(frozen=True)
class Letter:
    letter: str
    word: str
    meaning: Meaning


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

    def word(self, letter: str) -> str:
        """The scheme's word for a letter: 'Accountable' for RACI's A."""
        found: Letter = self._by_letter[letter]  # type: ignore[attr-defined]
        return found.word

    def letter_for(self, meaning: Meaning) -> str | None:
        """The letter that carries a meaning, or None if the scheme has none."""
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


RACI = Scheme(
    name="RACI",
    letters=(
        Letter("R", "Responsible", Meaning.DOER),
        Letter("A", "Accountable", Meaning.DECIDER),
        Letter("C", "Consulted", Meaning.INPUT),
        Letter("I", "Informed", Meaning.NOTIFIED),
    ),
    combinations=frozenset({frozenset({"A", "R"})}),
)

SCHEMES: dict[str, Scheme] = {"raci": RACI}
