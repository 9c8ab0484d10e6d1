"""The deck as an audience sees it: org charts clear of the slide's footer band."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER

from raci.deck import DeckOptions, export_pptx
from raci.runner import CheckOptions, run_check
from tests.conftest import write_org

pytestmark = pytest.mark.skipif(
    shutil.which("dot") is None, reason="Graphviz's dot is not installed here"
)
FOOTERS = (PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER)


def _wide_team(folder: Path) -> Path:
    """A manager of twelve, each with a report: too wide to stand side by side."""
    people = ["people:"] + [f"  - {{id: p{i}, name: Person {i}}}" for i in range(13)]
    roles = ["roles:", "  - {id: boss, title: Head of Everything Important, holders: [p0]}"]
    for i in range(12):
        roles.append(
            f"  - {{id: r{i}, title: Specialist for area number {i} of the group, "
            f"reports_to: boss, holders: [p{i + 1}]}}"
        )
        roles.append(f"  - {{id: r{i}k, title: Kid {i}, reports_to: r{i}}}")
    text = "name: Side\n" + "\n".join(people + roles) + "\n"
    return write_org(folder, {"org.yaml": text})


@pytest.mark.parametrize("size", ["16:9", "4:3"])
def test_a_sideways_chart_stays_above_the_footer_band(tmp_path: Path, size: str) -> None:
    # A sideways chart is as tall as the slide lets it be: it ran to 0.35 in from the
    # bottom edge, through the band where the slide number and footer go.
    target = tmp_path / "side.pptx"
    report = run_check(CheckOptions(_wide_team(tmp_path / "org"), use_cache=False))
    export_pptx(report, target, DeckOptions(size=size))
    prs = Presentation(str(target))
    band = min(p.top for p in prs.slide_master.placeholders if p.placeholder_format.type in FOOTERS)
    sideways = 0
    for slide in prs.slides:
        notes = slide.notes_slide.notes_text_frame.text
        chart = [sh for sh in slide.shapes if sh.name.startswith(("role:", "more:", "line:"))]
        if not chart:
            continue
        sideways += "sideways" in notes
        lowest = max(sh.top + sh.height for sh in chart)
        assert lowest <= band, (slide.shapes.title.text, lowest / 914400, band / 914400)
    assert sideways >= 1
