"""The deck as an audience sees it: org charts clear of the slide's footer band."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER

from raci.deck import DeckOptions, export_pptx
from raci.rules.base import Context
from raci.runner import CheckOptions, run_check
from tests.conftest import BUNDLED, generate_org, write_org

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


def test_a_sparse_matrix_lists_the_roles_under_each_letter(tmp_path: Path) -> None:
    # Each generated activity involves its own dozen roles: the role-column tables held
    # one activity a slide, 56 slides for 60 activities.
    org = generate_org(300, 60, tmp_path / "org")
    report = run_check(CheckOptions(org, use_cache=False))
    target = tmp_path / "sparse.pptx"
    export_pptx(report, target, DeckOptions())
    tables = [
        sh.table
        for slide in Presentation(str(target)).slides
        for sh in slide.shapes
        if sh.name.startswith("raci")
    ]
    assert 1 < len(tables) <= 8
    ctx = Context(report.org, report.config.scope)
    titles = {a.title: a.id for a in report.org.activities.values()}
    letters = [x.letter for x in report.org.scheme.letters]
    rows = 0
    for table in tables:
        header = [c.text for c in table.rows[0].cells]
        assert header == ["Activity", *(f"{x} {report.org.scheme.word(x)}" for x in letters)]
        for row in list(table.rows)[1:]:
            cells = [c.text for c in row.cells]
            held = ctx.letters.get(titles[cells[0].strip()], {})
            for letter, text in zip(letters, cells[1:], strict=True):
                names = sorted(report.org.roles[r].title for r, x in held.items() if letter in x)
                assert (sorted(text.split(", ")) if text else []) == names, (cells[0], letter)
            rows += 1
    assert rows == 60


def test_the_workload_chart_names_its_abbreviated_roles(tmp_path: Path) -> None:
    # The bars were labelled HPO, CPO2, HCS2 with nothing on the slide to say who they are.
    report = run_check(CheckOptions(BUNDLED, use_cache=False))
    target = tmp_path / "deck.pptx"
    export_pptx(report, target, DeckOptions())
    prs = Presentation(str(target))
    [slide] = [s for s in prs.slides if s.shapes.title.text == "Workload: letters per role"]
    shapes = {sh.name: sh for sh in slide.shapes}
    chart = shapes["workload"]
    key = shapes["abbreviations"]
    lines = [p.text for p in key.text_frame.paragraphs]
    titles = {r.title for r in report.org.roles.values()}
    categories = list(chart.chart.plots[0].categories)
    assert len(lines) == len(categories)
    for short, line in zip(categories, lines, strict=True):
        head, _, title = line.partition("  ")
        assert head == short, line
        assert title in titles, line
    assert chart.left + chart.width <= key.left  # side by side, not over each other
    assert key.top + key.height <= prs.slide_height
    sizes = {r.font.size.pt for p in key.text_frame.paragraphs for r in p.runs}
    assert min(sizes) >= 9
    # Two titles that abbreviate alike: the second is its id ('CHRO'), or its id's
    # initials, not 'CPO2' (a tryout read CPO2 as a second Chief Product Officer).
    said = dict(line.partition("  ")[::2] for line in lines)
    assert said.get("CHRO") == "Chief People Officer"
    assert not any(short[-1].isdigit() for short in said)


def _wrapped_height(paragraphs: list[str], width: float, points: float) -> float:
    """Inches the lines take when wrapped at word boundaries in a box `width` wide."""
    import textwrap

    chars = int((width - 0.2) * 72 / (0.53 * points))  # 0.1 in margins; ~0.53 em a glyph
    lines = sum(len(textwrap.wrap(p, chars)) or 1 for p in paragraphs)
    return lines * 1.2 * points / 72 + 0.1


@pytest.mark.parametrize("size", ["16:9", "4:3"])
def test_the_workload_key_fits_beside_thirty_long_titles(tmp_path: Path, size: str) -> None:
    # 30 bars with titles that wrap: at 9 pt the key ran off the bottom of a 4:3 slide,
    # and the roles at the end of the chart were named nowhere visible.
    roles = "\n".join(
        f"  - {{id: r{i}, title: Senior Manager Customer Experience Operations Region {i}, "
        f"reports_to: ceo, holders: [p{i}]}}"
        for i in range(30)
    )
    people = "\n".join(f"  - {{id: p{i}, name: P{i}}}" for i in range(30))
    work = "\n".join(
        f"  - {{id: a{i}, title: Work {i}, raci: {{A: r{i}, R: r{i}, I: ceo}}}}" for i in range(30)
    )
    folder = write_org(
        tmp_path / "org",
        {
            "org.yaml": "roles:\n  - {id: ceo, title: CEO, holders: [boss]}\n"
            f"{roles}\npeople:\n  - {{id: boss, name: Boss}}\n{people}\n",
            "work.yaml": f"activities:\n{work}\n",
        },
    )
    report = run_check(CheckOptions(folder, use_cache=False))
    target = tmp_path / "deck.pptx"
    export_pptx(report, target, DeckOptions(size=size))
    prs = Presentation(str(target))
    [slide] = [s for s in prs.slides if s.shapes.title.text == "Workload: letters per role"]
    key = next(sh for sh in slide.shapes if sh.name == "abbreviations")
    paragraphs = [p.text for p in key.text_frame.paragraphs]
    assert len(paragraphs) == 30
    [points] = {r.font.size.pt for p in key.text_frame.paragraphs for r in p.runs}
    assert points >= 6
    assert key.top + key.height <= prs.slide_height
    assert _wrapped_height(paragraphs, key.width.inches, points) <= key.height.inches
