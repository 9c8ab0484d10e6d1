"""How letters are written in one cell, for every output that shows them.

The workbook, the diff and the diagrams all write a role's letters on one activity
the same way (`A/R`: the owner first), so a reader sees one notation everywhere.
"""

from __future__ import annotations

from raci.scheme import Meaning, Scheme

# The order letters are written in a cell: the owner first ("A/R").
RANK = [
    Meaning.DECIDER,
    Meaning.DOER,
    Meaning.APPROVAL,
    Meaning.SUPPORT,
    Meaning.INPUT,
    Meaning.NOTIFIED,
    Meaning.OMITTED,
]


def cell_text(letters: set[str], scheme: Scheme) -> str:
    """Letters as one cell shows them: 'A/R', owner first."""
    return "/".join(sorted(letters, key=lambda x: (RANK.index(scheme.get(x).meaning), x)))
