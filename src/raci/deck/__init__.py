"""`raci export pptx`: the consultant's deck, every shape native and editable.

Slides: a title slide; the org chart (one slide when it fits legibly, else an
overview and a slide per subtree, linked from its box), laid out by Graphviz and
drawn as native boxes with connectors glued to them; the RACI matrix as native
tables, an area per slide; the findings by rule; the workload as a native chart.
Speaker notes say where each slide's content came from.

Deterministic: the date comes from the workbook's source (SOURCE_DATE_EPOCH or the
newest source file), and the archive's timestamps are fixed, embedded chart
workbooks included. python-pptx is imported here only, when the command runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from raci.atomic import STDOUT, write_output
from raci.engine import Report
from raci.errors import RaciError

SIZES = {"16:9": (13.333, 7.5), "4:3": (10.0, 7.5)}


class DeckError(RaciError):
    """A deck that cannot be made: a bad template or letter (exit 2)."""


@dataclass
class DeckOptions:
    size: str | None = None  # "16:9" or "4:3"; None: the template's, else 16:9
    root: str | None = None
    depth: int | None = None
    letters: str | None = None  # only these letters in the tables and the chart ("AR")
    template: Path | None = None


@dataclass
class DeckResult:
    slides: int
    notes: list[str] = field(default_factory=list)


def check_template(options: DeckOptions) -> None:
    """Raise a RaciError when the template is not a deck, or not of the --size asked."""
    if options.template is not None:
        from raci.deck.template import check

        check(options.template, options.size, SIZES)


def export_pptx(report: Report, target: Path, options: DeckOptions) -> DeckResult:
    """Write the deck for a checked org to `target` (atomically; `-` is stdout)."""
    from raci.deck.build import build_deck

    data, result = build_deck(report, options)
    if str(target) != STDOUT:
        target.parent.mkdir(parents=True, exist_ok=True)
    write_output(target, data)
    return result
