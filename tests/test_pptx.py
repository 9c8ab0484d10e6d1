"""The consultant's deck, read back with python-pptx and rendered by LibreOffice."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pptx import Presentation
from pptx.util import Emu

from raci.deck import DeckOptions, export_pptx
from raci.deck.build import abbreviation
from raci.notation import cell_text
from raci.rules.base import Context
from raci.runner import CheckOptions, run_check
from tests.conftest import BUNDLED, Cli, write_org

pytestmark = pytest.mark.skipif(
    shutil.which("dot") is None, reason="Graphviz's dot is not installed here"
)
NS = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


@pytest.fixture(scope="module")
def report() -> Any:
    return run_check(CheckOptions(BUNDLED, use_cache=False))


@pytest.fixture(scope="module")
def deck(report: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("pptx") / "raci.pptx"
    export_pptx(report, target, DeckOptions())
    return target


def _title(slide: Any) -> str:
    return str(slide.shapes.title.text) if slide.shapes.title is not None else ""


def _org_slides(prs: Any) -> list[Any]:
    return [s for s in prs.slides if any(sh.name.startswith("role:") for sh in s.shapes)]


def _boxes(slide: Any) -> dict[str, Any]:
    return {sh.name: sh for sh in slide.shapes if sh.name.startswith(("role:", "more:"))}


def test_cli_writes_the_deck(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "deck.pptx"
    result = cli("export", "pptx", "org", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert f"raci: wrote {target} (" in result.stderr
    prs = Presentation(str(target))
    assert (prs.slide_width, prs.slide_height) == (Emu(12191695), Emu(6858000))
    titles = [_title(s) for s in prs.slides]
    assert titles[0] == "Lumen Software"
    assert titles[1] == "Lumen Software: org chart (overview)"
    assert "Findings: errors and warnings by rule" in titles
    assert titles[-1] == "Workload: letters per role"


def test_title_slide_has_date_and_figures(deck: Path, report: Any) -> None:
    from raci.matrix import source_date

    text = " ".join(
        sh.text_frame.text for sh in Presentation(str(deck)).slides[0].shapes if sh.has_text_frame
    )
    when = source_date(report.org.files)
    assert f"{when:%d %B %Y}" in text
    assert (
        "41 roles · 46 people · 39 activities · 3 findings (0 errors, 2 warnings, 1 info)" in text
    )


def _slide_text(slide: Any) -> str:
    return "\n".join(sh.text_frame.text for sh in slide.shapes if sh.has_text_frame)


def test_a_subtree_deck_shows_the_subtrees_figures_and_whose_it_is(
    cli: Cli, tmp_path: Path
) -> None:
    target = tmp_path / "cto.pptx"
    result = cli("export", "pptx", "org", "--root", "cto", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    prs = Presentation(str(target))
    first = prs.slides[0]
    assert _title(first) == "Lumen Software: Chief Technology Officer"
    text = _slide_text(first)
    # The CTO and 11 roles, their 18 holders, the 23 activities where one of them holds a
    # letter, and the two authority-gap warnings on activities the CTO's teams work on.
    assert text.splitlines()[-2:] == [
        "A sub-tree of Lumen Software (41 roles): Chief Technology Officer and the 11 roles below",
        "12 roles · 18 people · 23 activities · 2 findings (0 errors, 2 warnings)",
    ]
    assert "41 roles · 46 people" not in text
    assert "Figures: the sub-tree from cto down (--root cto)" in (
        first.notes_slide.notes_text_frame.text
    )
    assert _title(prs.slides[1]) == "Lumen Software: org chart from Chief Technology Officer down"
    findings = next(s for s in prs.slides if _title(s).startswith("Findings"))
    assert "vacant-role" not in _slide_text(findings)  # head-design is not under the CTO
    assert "2 of the organisation's 3" in findings.notes_slide.notes_text_frame.text


def test_a_subtree_cut_by_depth_says_how_many_roles_it_shows(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "cto.pptx"
    result = cli(
        "export", "pptx", "org", "--root", "cto", "--depth", "1", "-o", str(target)
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    lines = _slide_text(Presentation(str(target)).slides[0]).splitlines()
    assert lines[-2:] == [
        "A sub-tree of Lumen Software (41 roles): Chief Technology Officer and 3 of the 11 "
        "roles below",
        "4 roles · 4 people · 20 activities · 2 findings (0 errors, 2 warnings)",
    ]


@pytest.mark.parametrize(
    ("options", "line"),
    [
        (["--root", "security-lead"], "Security Lead, with no roles below"),
        (["--root", "cto", "--depth", "0"], "Chief Technology Officer without the 11 roles below"),
    ],
)
def test_a_subtree_of_one_role_says_so(
    options: list[str], line: str, cli: Cli, tmp_path: Path
) -> None:
    target = tmp_path / "one.pptx"
    result = cli("export", "pptx", "org", *options, "-o", str(target))
    assert result.exit_code == 0, result.stderr
    lines = _slide_text(Presentation(str(target)).slides[0]).splitlines()
    assert lines[-2] == f"A sub-tree of Lumen Software (41 roles): {line}"
    assert lines[-1].startswith("1 role · 1 person · ")


def test_no_shape_outside_its_slide_and_no_box_over_another(deck: Path) -> None:
    prs = Presentation(str(deck))
    for number, slide in enumerate(prs.slides, start=1):
        for shape in slide.shapes:
            assert shape.left >= 0, (number, shape.name)
            assert shape.top >= 0, (number, shape.name)
            assert shape.left + shape.width <= prs.slide_width, (number, shape.name)
            assert shape.top + shape.height <= prs.slide_height, (number, shape.name)
        boxes = list(_boxes(slide).values())
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                apart = (
                    a.left + a.width <= b.left
                    or b.left + b.width <= a.left
                    or a.top + a.height <= b.top
                    or b.top + b.height <= a.top
                )
                assert apart, (number, a.name, b.name)


def test_more_boxes_hang_straight_under_their_roles(cli: Cli, tmp_path: Path) -> None:
    # dot sets a '+N more' box a few points aside when its neighbours' labels differ in
    # width: the line to it was drawn slanted.
    roles = ["roles:", "  - {id: boss, title: Role 0}"]
    for i, count in enumerate([2, 20, 3]):
        roles.append(f"  - {{id: m{i}, title: Role {i + 1}, reports_to: boss}}")
        roles += [f"  - {{id: m{i}k{j}, title: Kid {j}, reports_to: m{i}}}" for j in range(count)]
    org = write_org(tmp_path / "org", {"org.yaml": "name: Folds\n" + "\n".join(roles) + "\n"})
    target = tmp_path / "folds.pptx"
    result = cli("export", "pptx", str(org), "--depth", "1", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    [slide] = _org_slides(Presentation(str(target)))
    boxes = _boxes(slide)
    by_id = {sh.shape_id: sh.name for sh in slide.shapes}
    folds = 0
    for shape in slide.shapes:
        if not shape.name.startswith("line:"):
            continue
        end = by_id[int(shape._element.find(f".//{NS}endCxn").get("id"))]
        geometry = shape._element.find(f".//{NS}prstGeom").get("prst")
        assert geometry == "bentConnector3", shape.name  # as the reporting lines
        if end.startswith("more:"):
            more, role = boxes[end], boxes["role:" + end[5:]]
            assert abs((more.left + more.width / 2) - (role.left + role.width / 2)) <= 1, end
            assert shape.width <= 1, end  # a vertical line, no jog
            folds += 1
    assert folds == 3


def test_a_lone_box_sits_in_the_middle_of_its_slide(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "leaf.pptx"
    result = cli("export", "pptx", "org", "--root", "security-lead", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    prs = Presentation(str(target))
    [slide] = _org_slides(prs)
    [box] = _boxes(slide).values()
    # The middle of the space below the title (1.15 in) and above the footer band.
    band = min(p.top for p in prs.slide_master.placeholders if p.placeholder_format.idx >= 2)
    middle = (Emu(914400 * 1.15) + band) / 2
    assert abs(box.left + box.width / 2 - prs.slide_width / 2) <= 1
    assert abs(box.top + box.height / 2 - middle) <= 1


def test_a_more_box_stays_where_dot_put_it_when_in_line_it_would_overlap() -> None:
    from raci.deck.build import _under_their_boxes

    def inches(*values: float) -> tuple[int, int, int, int]:
        x, y, w, h = (round(v * 914400) for v in values)
        return x, y, w, h

    rects = {
        "role_a": inches(0, 0, 1, 0.5),
        "more_a": inches(2, 1, 1, 0.5),
        "role_b": inches(0, 1, 1.5, 0.5),  # in line under role_a, more_a would cover it
        "role_c": inches(4, 0, 1, 0.5),
        "more_c": inches(4.2, 1, 1, 0.5),
        "role_d": inches(9.5, 0, 1, 0.5),
        "more_d": inches(7, 1, 3, 0.5),  # in line, it would stick out of the slide
    }
    _under_their_boxes(rects, sideways=False, area=inches(0, 0, 10, 7))
    assert rects["more_a"] == inches(2, 1, 1, 0.5)
    assert rects["more_c"] == inches(4, 1, 1, 0.5)
    assert rects["more_d"] == inches(7, 1, 3, 0.5)


def test_every_box_font_is_legible(deck: Path) -> None:
    for slide in _org_slides(Presentation(str(deck))):
        for shape in _boxes(slide).values():
            for p in shape.text_frame.paragraphs:
                for run in p.runs:
                    assert run.font.size.pt >= 9, (_title(slide), shape.name, run.text)


def test_connectors_are_glued_to_the_right_boxes(deck: Path, report: Any) -> None:
    roles = report.org.roles
    glued = 0
    for slide in _org_slides(Presentation(str(deck))):
        ids = {sh.shape_id: sh.name for sh in slide.shapes}
        for shape in slide.shapes:
            if not shape.name.startswith("line:"):
                continue
            tail, head = shape.name[5:].split("->")
            start = shape._element.find(f".//{NS}stCxn")
            end = shape._element.find(f".//{NS}endCxn")
            assert start is not None, shape.name
            assert end is not None, shape.name
            assert ids[int(start.get("id"))] == f"role:{tail}"
            assert ids[int(end.get("id"))] in (f"role:{head}", f"more:{head}")
            if ids[int(end.get("id"))].startswith("role:"):
                dotted = tail in roles[head].dotted_to
                assert roles[head].reports_to == tail or dotted, shape.name
            glued += 1
    assert glued > 30


def test_every_role_of_a_subtree_has_a_box_and_links(deck: Path, report: Any) -> None:
    prs = Presentation(str(deck))
    org_slides = _org_slides(prs)
    drawn: dict[str, int] = {}
    for slide in org_slides:
        for name in _boxes(slide):
            if name.startswith("role:"):
                drawn[name[5:]] = drawn.get(name[5:], 0) + 1
    assert set(drawn) == set(report.org.roles)
    # A box whose reports are cut out links to the slide that shows them.
    for slide in org_slides:
        for name, shape in _boxes(slide).items():
            target = shape.click_action.target_slide
            if name.startswith("more:"):
                assert target is not None, name
            if target is not None:
                rid = name.split(":", 1)[1]
                assert f"role:{rid}" in _boxes(target)
                assert _title(target) == f"{report.org.roles[rid].title}: the org below"
    cto = next(s for s in org_slides if _title(s).startswith("Chief Technology Officer"))
    ctx = Context(report.org)
    below, stack = set(), ["cto"]
    while stack:
        kids = ctx.chart.direct_reports(stack.pop())
        below.update(kids)
        stack += kids
    assert {n[5:] for n in _boxes(cto) if n.startswith("role:")} == below | {"cto"}


def test_vacancy_and_interim_marked_as_in_the_diagrams(deck: Path) -> None:
    for slide in _org_slides(Presentation(str(deck))):
        box = _boxes(slide).get("role:head-design")
        if box is not None:
            assert box.text_frame.text == "Head of Design\nvacant · interim Kim Park"
            dash = box._element.find(f".//{NS}ln/{NS}prstDash")
            assert dash is not None
            assert dash.get("val") == "dash"
            return
    pytest.fail("no box for head-design")


def test_every_letter_of_an_area_is_in_its_table(deck: Path, report: Any) -> None:
    org = report.org
    ctx = Context(org)
    found: set[tuple[str, str, str]] = set()
    for slide in Presentation(str(deck)).slides:
        tables = [sh for sh in slide.shapes if sh.name == "raci"]
        if not tables:
            continue
        legend = next(sh for sh in slide.shapes if sh.name == "abbreviations").text_frame.text
        abbrev = {line.split("  ")[0]: line for line in legend.splitlines()}
        table = tables[0].table
        heads = [table.cell(0, j).text for j in range(1, len(table.columns))]
        assert all(h in abbrev for h in heads)
        by_title = {a.title: a.id for a in org.activities.values()}
        for i in range(1, len(table.rows)):
            aid = by_title[table.cell(i, 0).text.strip()]
            for j, head in enumerate(heads, start=1):
                if table.cell(i, j).text:
                    found.add((aid, head, table.cell(i, j).text))
    expected = 0
    for aid, roles in ctx.letters.items():
        for letters in roles.values():
            expected += 1
            assert any(a == aid and t == cell_text(letters, org.scheme) for a, _, t in found)
    assert len(found) == expected


def test_abbreviations() -> None:
    assert abbreviation("Chief Technology Officer") == "CTO"
    assert abbreviation("Head of Brand and Communications") == "HBC"
    assert abbreviation("VP Sales") == "VPS"
    assert abbreviation("Role 12") == "R12"


def test_speaker_notes_say_where_the_content_came_from(deck: Path) -> None:
    notes = {_title(s): s.notes_slide.notes_text_frame.text for s in Presentation(str(deck)).slides}
    assert all(notes.values())
    assert "org/org.yaml lines " in notes["Lumen Software: org chart (overview)"]
    assert "`raci diagram org --root cto`" in notes["Chief Technology Officer: the org below"]
    findings = notes["Findings: errors and warnings by rule"]
    assert "authority-gap at org/responsibilities/09-tools-and-technology.yaml:18" in findings
    raci = next(v for k, v in notes.items() if k.startswith("Product vision and strategy"))
    assert "activities from org/responsibilities/" in raci
    assert "written at org/" in raci


def test_letters_root_depth_and_size(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "cto.pptx"
    result = cli(
        "export", "pptx", "org", "--root", "cto", "--depth", "1", "--letters", "A",
        "--size", "4:3", "-o", str(target),
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    prs = Presentation(str(target))
    assert (prs.slide_width, prs.slide_height) == (Emu(9144000), Emu(6858000))
    org_slides = _org_slides(prs)
    assert len(org_slides) == 1
    assert {n for n in _boxes(org_slides[0]) if n.startswith("role:")} == {
        "role:cto", "role:vp-engineering", "role:head-infrastructure", "role:security-lead",
    }  # fmt: skip
    more = _boxes(org_slides[0])["more:vp-engineering"]
    assert more.text_frame.text == "+8 more"
    cells = {
        sh.table.cell(i, j).text
        for s in prs.slides
        for sh in s.shapes
        if sh.name == "raci"
        for i in range(1, len(sh.table.rows))
        for j in range(1, len(sh.table.columns))
    }
    assert cells <= {"", "A"}
    assert "A" in cells


def test_unknown_root_and_letter_exit_2(cli: Cli, tmp_path: Path) -> None:
    out = str(tmp_path / "x.pptx")
    bad = cli("export", "pptx", "org", "--root", "cfoo", "-o", out)
    assert bad.exit_code == 2
    assert "no role 'cfoo' (did you mean 'coo'?)" in bad.stderr
    bad = cli("export", "pptx", "org", "--letters", "AX", "-o", out)
    assert bad.exit_code == 2
    assert "--letters: X not in the RACI scheme" in bad.stderr
    assert not Path(out).exists()


def test_missing_graphviz_gives_the_install_hint(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("raci.diagram.shutil.which", lambda _name: None)
    result = cli("export", "pptx", "org", "-o", str(tmp_path / "x.pptx"))
    assert result.exit_code == 2
    assert "apt-get install graphviz" in result.stderr
    assert not (tmp_path / "x.pptx").exists()


def test_same_org_same_bytes(report: Any, deck: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.pptx"
    export_pptx(report, again, DeckOptions())
    assert again.read_bytes() == deck.read_bytes()


def test_template_keeps_the_clients_master(report: Any, tmp_path: Path) -> None:
    client = Presentation()
    client.slide_master.name = "Client master"
    layout = client.slide_layouts[5]
    layout.name = "Title Only"
    client.slides.add_slide(client.slide_layouts[0]).shapes.title.text = "Client's own slide"
    template = tmp_path / "client.pptx"
    client.save(str(template))
    target = tmp_path / "branded.pptx"
    export_pptx(report, target, DeckOptions(template=template))
    prs = Presentation(str(target))
    assert prs.slide_master.name == "Client master"
    assert "Client's own slide" not in [_title(s) for s in prs.slides]
    assert _title(prs.slides[0]) == "Lumen Software"


def test_a_wide_team_goes_in_parts_with_legible_boxes(tmp_path: Path) -> None:
    roles = ["roles:", "  - {id: boss, title: Head of Everything, holders: [p0]}"]
    roles += [
        f"  - {{id: r{i}, title: Specialist number {i}, reports_to: boss}}" for i in range(14)
    ]
    org = write_org(tmp_path / "org", {"org.yaml": "name: Wide\n" + "\n".join(roles) + "\n"})
    target = tmp_path / "wide.pptx"
    result = export_pptx(run_check(CheckOptions(org, use_cache=False)), target, DeckOptions())
    assert result.notes == []
    first, second = _org_slides(Presentation(str(target)))
    assert _title(first) == "Wide: org chart (overview) (part 1/2)"
    assert _title(second) == "Wide: org chart (overview) (part 2/2)"
    [link] = [sh for sh in first.shapes if sh.name == "next"]
    assert link.click_action.target_slide == second
    shown = [n for s in (first, second) for n in _boxes(s) if n.startswith("role:r")]
    assert sorted(shown) == sorted(f"role:r{i}" for i in range(14))
    sizes = [r.font.size.pt for s in (first, second) for b in _boxes(s).values()
             for p in b.text_frame.paragraphs for r in p.runs]  # fmt: skip
    assert min(sizes) >= 9


@pytest.mark.skipif(
    shutil.which("soffice") is None
    or shutil.which("pdfinfo") is None
    or not (Path(os.path.realpath(shutil.which("soffice") or "")).parent / "libsdlo.so").exists(),
    reason="needs LibreOffice Impress (soffice and its presentation module) and pdfinfo",
)
def test_libreoffice_renders_every_slide(deck: Path, tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    subprocess.run(
        [
            str(shutil.which("soffice")),
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(deck),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    info = subprocess.run(
        [str(shutil.which("pdfinfo")), str(tmp_path / "raci.pdf")],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    pages = int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))
    assert pages == len(Presentation(str(deck)).slides) == 29


def test_check_never_imports_python_pptx() -> None:
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from raci.cli import main\n"
        "CliRunner().invoke(main, ['check', 'org'])\n"
        "print(sorted(m for m in sys.modules if m == 'pptx' or m.startswith('raci.deck')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip() == "[]"


def test_the_deck_does_not_load_the_workbook_writer(tmp_path: Path) -> None:
    """The deck shares the matrix plan, fills and date with the workbook through
    raci.matrix: making a deck never imports raci.excel or openpyxl."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from raci.deck import DeckOptions, export_pptx\n"
        "from raci.runner import CheckOptions, run_check\n"
        f"export_pptx(run_check(CheckOptions(Path('org'))), Path({str(tmp_path / 'd.pptx')!r}), "
        "DeckOptions())\n"
        "print(sorted(m for m in sys.modules if m.startswith(('openpyxl', 'raci.excel'))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip() == "[]"
    assert (tmp_path / "d.pptx").exists()
