"""Small library behaviours that the command-level tests do not reach."""

from __future__ import annotations

from raci.imports.ids import Ids
from raci.letters import parse
from raci.scheme import RACI


def test_a_nan_cell_and_a_trailing_full_stop_read_as_letters_or_nothing() -> None:
    assert parse(float("nan"), RACI) == set()
    assert parse("A, R.", RACI) == {"A", "R"}


def test_ids_skip_a_suffix_that_is_already_taken() -> None:
    ids = Ids()
    assert ids.make("engineer-2") == "engineer-2"
    assert [ids.make("engineer") for _ in range(3)] == ["engineer", "engineer-3", "engineer-4"]
