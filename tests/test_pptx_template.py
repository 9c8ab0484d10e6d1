"""`raci export pptx --template`: files that are not decks, and --size beside a template."""

from __future__ import annotations

import io
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.util import Emu, Inches

from tests.conftest import Cli, write_org

pytestmark = pytest.mark.skipif(
    shutil.which("dot") is None, reason="Graphviz's dot is not installed here"
)
PPTX_MAIN = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
POTX_MAIN = "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
PPTM_MAIN = "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml"
ORG = (
    "name: Small\nroles:\n  - {id: boss, title: Boss}\n"
    "  - {id: doer, title: Doer, reports_to: boss}\n"
    "activities:\n  - {id: ship, title: Ship it, raci: {A: boss, R: doer}}\n"
)


@pytest.fixture
def org(tmp_path: Path) -> Path:
    return write_org(tmp_path / "org", {"org.yaml": ORG})


def _deck(width: float = 13.333, height: float = 7.5) -> bytes:
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(width), Inches(height)
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()


def _rezip(data: bytes, change: Callable[[str, bytes], bytes | None]) -> bytes:
    """The archive with each member passed through `change` (None leaves it out)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            content = change(info.filename, src.read(info))
            if content is not None:
                dst.writestr(info.filename, content)
    return out.getvalue()


def _office(main: str) -> bytes:
    """A minimal Office package whose main part has this content type."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        dst.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            f'<Override PartName="/word/document.xml" ContentType="{main}"/></Types>',
        )
        dst.writestr("word/document.xml", "<document/>")
    return out.getvalue()


def _a_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        dst.writestr("notes.txt", "hello")
    return out.getvalue()


MASTER = "ppt/slideMasters/slideMaster1.xml"
WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
EXCEL = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
NOT_DECKS = {
    "notes.txt": (lambda: b"Agenda\n", "not a PowerPoint deck: a .pptx is a zip archive, and "
                  "this file is not one"),
    "empty.pptx": (lambda: b"", "an empty file, not a PowerPoint deck (.pptx)"),
    "old.ppt": (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600),
                "an old binary Office file (.ppt, .doc or .xls); open it in PowerPoint and "
                "save it as .pptx"),
    "brochure.pdf": (lambda: b"%PDF-1.7\n" + bytes(100), "a PDF, not a PowerPoint deck (.pptx)"),
    "cut.pptx": (lambda: _deck()[:3000], "a damaged zip archive (truncated or corrupt); a .pptx "
                 "is a zip archive"),
    "letter.docx": (lambda: _office(WORD), "a Word document, not a PowerPoint deck (.pptx)"),
    "budget.xlsx": (lambda: _office(EXCEL), "an Excel workbook, not a PowerPoint deck (.pptx)"),
    "archive.zip": (lambda: _a_zip(), "a zip archive but not an Office document (it has no "
                    "[Content_Types].xml)"),
    "no-master.pptx": (
        lambda: _rezip(_deck(), lambda n, c: None if n == MASTER else c),
        "a damaged PowerPoint file (ppt/_rels/presentation.xml.rels names "
        "ppt/slideMasters/slideMaster1.xml, which is not in the file)",
    ),
    "strict.pptx": (
        lambda: _rezip(
            _deck(),
            lambda _name, c: c.replace(
                b"http://schemas.openxmlformats.org/presentationml/2006/main",
                b"http://purl.oclc.org/ooxml/presentationml/main",
            ),
        ),
        "a Strict Open XML deck, which python-pptx cannot read; save it as a PowerPoint "
        "Presentation (.pptx)",
    ),
    "bad-master.pptx": (
        lambda: _rezip(_deck(), lambda n, c: b"<p:sldMaster" if n == MASTER else c),
        "a damaged PowerPoint file (ppt/slideMasters/slideMaster1.xml is not XML: "
        "unclosed token: line 1, column 0)",
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(NOT_DECKS))
def test_a_template_that_is_not_a_deck_says_what_it_is(name: str, cli: Cli, tmp_path: Path) -> None:
    make, problem = NOT_DECKS[name]
    template = tmp_path / name
    template.write_bytes(make())
    out = tmp_path / "deck.pptx"
    # A broken org too: the template is looked at before the org is read.
    result = cli("export", "pptx", str(tmp_path / "no-org"), "--template", str(template),
                 "-o", str(out))  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr == f"raci: error: --template {template}: {problem}\n"
    assert "Package not found" not in result.stderr
    assert not out.exists()


def test_a_missing_template_or_a_folder_is_named(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "deck.pptx"
    for given, problem in [
        (tmp_path / "client.pptx", "no such file"),
        (tmp_path, "a folder, not a PowerPoint file (.pptx)"),
    ]:
        result = cli("export", "pptx", "org", "--template", str(given), "-o", str(out))
        assert result.exit_code == 2
        assert result.stderr == f"raci: error: --template {given}: {problem}\n"
    assert not out.exists()


def test_size_other_than_the_templates_is_refused(cli: Cli, org: Path, tmp_path: Path) -> None:
    template = tmp_path / "client.pptx"
    template.write_bytes(_deck(10, 7.5))
    out = tmp_path / "deck.pptx"
    result = cli("export", "pptx", str(org), "--template", str(template), "--size", "16:9",
                 "-o", str(out))  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr == (
        f"raci: error: --size 16:9: the template {template} has 10.00 x 7.50 in slides (4:3), "
        "and a deck keeps its template's size; leave --size out, or give a 16:9 template\n"
    )
    assert not out.exists()
    # The template's own size, said or not, is what the deck gets.
    for size in (["--size", "4:3"], []):
        result = cli("export", "pptx", str(org), "--template", str(template), *size,
                     "-o", str(out))  # fmt: skip
        assert result.exit_code == 0, result.stderr
        prs = Presentation(str(out))
        assert (prs.slide_width, prs.slide_height) == (Emu(9144000), Emu(6858000))


def test_a_potx_template_gives_a_pptx_deck(cli: Cli, org: Path, tmp_path: Path) -> None:
    template = tmp_path / "client.potx"
    template.write_bytes(
        _rezip(
            _deck(),
            lambda n, c: (
                c.replace(PPTX_MAIN.encode(), POTX_MAIN.encode())
                if n == "[Content_Types].xml"
                else c
            ),
        )
    )
    out = tmp_path / "deck.pptx"
    result = cli("export", "pptx", str(org), "--template", str(template), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    with zipfile.ZipFile(out) as deck:
        types = deck.read("[Content_Types].xml").decode()
    assert PPTX_MAIN in types
    assert POTX_MAIN not in types
    assert Presentation(str(out)).slides[0].shapes.title.text == "Small"


def test_a_macro_enabled_template_leaves_its_macros_out_and_says_so(
    cli: Cli, org: Path, tmp_path: Path
) -> None:
    vba = (
        '<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/relationships/'
        'vbaProject" Target="vbaProject.bin"/></Relationships>'
    )

    def macros(name: str, content: bytes) -> bytes:
        if name == "[Content_Types].xml":
            return content.replace(PPTX_MAIN.encode(), PPTM_MAIN.encode()).replace(
                b"</Types>",
                b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
                b"</Types>",
            )
        if name == "ppt/_rels/presentation.xml.rels":
            return content.replace(b"</Relationships>", vba.encode())
        return content

    template = tmp_path / "client.pptm"
    template.write_bytes(_rezip(_deck(), macros))
    with zipfile.ZipFile(template, "a") as archive:
        archive.writestr("ppt/vbaProject.bin", b"\x00macro")
    out = tmp_path / "deck.pptx"
    result = cli("export", "pptx", str(org), "--template", str(template), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert "raci: the template's macros (.pptm) are not copied into the deck\n" in result.stderr
    with zipfile.ZipFile(out) as deck:
        assert "ppt/vbaProject.bin" not in deck.namelist()
        assert PPTX_MAIN in deck.read("[Content_Types].xml").decode()


def test_a_libreoffice_template_keeps_one_set_of_document_properties(
    cli: Cli, org: Path, tmp_path: Path
) -> None:
    # LibreOffice links docProps/core.xml with an older relationship type; python-pptx
    # did not see it and wrote a second docProps/core.xml into the deck.
    old = b"http://schemas.openxmlformats.org/officedocument/2006/relationships/metadata/"
    new = b"http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
    template = tmp_path / "client.pptx"
    template.write_bytes(
        _rezip(_deck(), lambda n, c: c.replace(new, old) if n == "_rels/.rels" else c)
    )
    assert old in zipfile.ZipFile(template).read("_rels/.rels")
    out = tmp_path / "deck.pptx"
    result = cli("export", "pptx", str(org), "--template", str(template), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    names = zipfile.ZipFile(out).namelist()
    assert names.count("docProps/core.xml") == 1
    assert Presentation(str(out)).core_properties.title == "Small: RACI and org chart"


def test_the_library_says_the_same_as_the_command(org: Path, tmp_path: Path) -> None:
    from raci.deck import DeckOptions, export_pptx
    from raci.errors import RaciError
    from raci.runner import CheckOptions, run_check

    template = tmp_path / "letter.docx"
    template.write_bytes(_office(WORD))
    report = run_check(CheckOptions(org, use_cache=False))
    with pytest.raises(RaciError) as caught:
        export_pptx(report, tmp_path / "deck.pptx", DeckOptions(template=template))
    assert str(caught.value) == (
        f"--template {template}: a Word document, not a PowerPoint deck (.pptx)"
    )
    assert caught.value.exit_code == 2
    assert not (tmp_path / "deck.pptx").exists()
