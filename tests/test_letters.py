"""Letters as people type them into spreadsheets."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from raci.excel.layout import cell_text, choices
from raci.letters import LetterError, parse
from raci.scheme import RACI, RAPID, SCHEMES


@pytest.mark.parametrize(
    ("typed", "letters"),
    [
        ("A", {"A"}),
        (" r ", {"R"}),
        ("A/R", {"A", "R"}),
        ("R/A", {"A", "R"}),
        ("R, A", {"A", "R"}),
        ("AR", {"A", "R"}),
        ("a/r", {"A", "R"}),
        ("", set()),
        (None, set()),
        ("\u0421", {"C"}),
        ("\u0391", {"A"}),
        ("\uff29", {"I"}),
    ],
)
def test_readable_forms(typed: object, letters: set[str]) -> None:
    assert parse(typed, RACI) == letters


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("X", "'X' is not a RACI letter (use R, A, C, I, or leave it empty)"),
        ("yes", "'yes' is not a RACI letter"),
        ("C/I", "'C/I': C and I do not go together in RACI"),
        ("RC", "'RC': C and R do not go together in RACI"),
    ],
)
def test_unreadable_forms(typed: str, message: str) -> None:
    with pytest.raises(LetterError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse(typed, RACI)


def test_cyrillic_er_is_rapids_perform() -> None:
    assert parse("\u0420", RAPID) == {"P"}


@given(st.sampled_from(sorted(SCHEMES)), st.data())
def test_every_choice_reads_back(name: str, data: st.DataObject) -> None:
    scheme = SCHEMES[name]
    choice = data.draw(st.sampled_from(choices(scheme)))
    letters = parse(choice, scheme)
    assert cell_text(letters, scheme) == choice
    assert parse(choice.lower(), scheme) == letters


def test_a_number_from_a_workbook_is_shown_as_typed() -> None:
    with pytest.raises(LetterError, match=r"^'5' is not a RACI letter"):
        parse(5.0, RACI)
