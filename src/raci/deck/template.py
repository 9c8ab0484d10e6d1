"""The client's `--template`: what the file is, checked before the org is read.

python-pptx says "Package not found" for a text file, a Word document and a truncated
zip alike; this looks at the file itself (stdlib only: no python-pptx on this path)
and says which file it is and what is wrong with it. PowerPoint's templates (.potx),
shows (.ppsx) and macro-enabled decks (.pptm) are decks too: the deck is written as
a plain .pptx from them.
"""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from raci.deck import DeckError

PPTX_MAIN = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
# Main parts python-pptx can open once the type says "presentation": a template (.potx),
# a show (.ppsx), a macro-enabled deck, template or show (.pptm, .potm, .ppsm).
DECK_MAINS = {
    PPTX_MAIN: ".pptx",
    "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml": ".potx",
    "application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml": ".ppsx",
    "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml": ".pptm",
    "application/vnd.ms-powerpoint.template.macroEnabled.main+xml": ".potm",
    "application/vnd.ms-powerpoint.slideshow.macroEnabled.main+xml": ".ppsm",
}
OTHER_OFFICE = {
    "wordprocessingml": "a Word document",
    "ms-word": "a Word document",
    "spreadsheetml": "an Excel workbook",
    "ms-excel": "an Excel workbook",
    "drawingml.chart": "a chart",
}
EMU_PER_INCH = 914400
MAX_PART = 16 * 1024 * 1024  # [Content_Types].xml and presentation.xml are a few KB
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
_R = "{http://schemas.openxmlformats.org/package/2006/relationships}"


class TemplateError(DeckError):
    """A --template that is not a PowerPoint deck raci can build on (exit 2)."""


@dataclass(frozen=True)
class Template:
    path: Path
    main: str  # the main part's content type
    kind: str  # ".pptx", ".potx", ...
    width: float  # inches
    height: float

    @property
    def macros(self) -> bool:
        return "macroEnabled" in self.main


def inspect(path: Path) -> Template:
    """The template's kind and slide size, or a TemplateError saying what the file is."""
    if not path.exists():
        raise TemplateError(f"--template {path}: no such file")
    if path.is_dir():
        raise TemplateError(f"--template {path}: a folder, not a PowerPoint file (.pptx)")
    with path.open("rb") as handle:
        head = handle.read(8)
    if not zipfile.is_zipfile(path):
        raise TemplateError(f"--template {path}: {_not_a_zip(head)}")
    try:
        with zipfile.ZipFile(path) as archive:
            types = _read(archive, "[Content_Types].xml")
            if types is None:
                raise TemplateError(
                    f"--template {path}: a zip archive but not an Office document "
                    "(it has no [Content_Types].xml)"
                )
            main, name = _main_part(types)
            if main not in DECK_MAINS:
                raise TemplateError(f"--template {path}: {_what_office(main, types)}")
            presentation = _read(archive, name.lstrip("/"))
            _check_parts(path, archive)
    except zipfile.BadZipFile as exc:
        raise TemplateError(
            f"--template {path}: a damaged zip archive ({exc}); a .pptx is a zip archive"
        ) from exc
    except ElementTree.ParseError as exc:
        raise TemplateError(
            f"--template {path}: a damaged PowerPoint file ([Content_Types].xml: {exc})"
        ) from exc
    if presentation is None:
        raise TemplateError(f"--template {path}: a damaged PowerPoint file ({name} is missing)")
    width, height = _slide_size(path, name, presentation)
    return Template(path, main, DECK_MAINS[main], width, height)


def check(path: Path, size: str | None, sizes: dict[str, tuple[float, float]]) -> Template:
    """The template, refusing a --size that is not its own: the template's layouts, logos
    and placeholders are placed for its slide size, and stretching them distorts them."""
    template = inspect(path)
    if size is None:
        return template
    want_w, want_h = sizes[size]
    if abs(template.width / template.height - want_w / want_h) > 0.01:
        own = next(
            (
                f" ({name})"
                for name, (w, h) in sizes.items()
                if abs(template.width / template.height - w / h) <= 0.01
            ),
            "",
        )
        raise TemplateError(
            f"--size {size}: the template {path} has {template.width:.2f} x "
            f"{template.height:.2f} in slides{own}, and a deck keeps its template's size; "
            f"leave --size out, or give a {size} template"
        )
    return template


def _read(archive: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_PART:
        raise zipfile.BadZipFile(f"{name} unpacks to {info.file_size:,} bytes")
    return archive.read(info)


def _main_part(types: bytes) -> tuple[str, str]:
    """The main part's content type and name: the presentation, document or workbook."""
    root = ElementTree.fromstring(types)
    overrides = {
        o.get("PartName", ""): o.get("ContentType", "") for o in root.iter(f"{_CT}Override")
    }
    for name, content_type in overrides.items():
        if content_type.endswith(".main+xml"):
            return content_type, name
    return "", ""


def _check_parts(path: Path, archive: zipfile.ZipFile) -> None:
    """Every XML part parses and every part a relationship names is there: python-pptx
    reports neither with the part's name (a missing master even opens, and fails later)."""
    names = set(archive.namelist())
    for name in sorted(names):
        if not name.endswith((".xml", ".rels")):
            continue
        data = _read(archive, name)
        try:
            root = ElementTree.fromstring(data or b"")
        except ElementTree.ParseError as exc:
            raise TemplateError(
                f"--template {path}: a damaged PowerPoint file ({name} is not XML: {exc})"
            ) from exc
        if not name.endswith(".rels"):
            continue
        # 'ppt/slides/_rels/slide1.xml.rels' speaks for 'ppt/slides/slide1.xml'
        folder = posixpath.dirname(posixpath.dirname(name))
        for rel in root.iter(f"{_R}Relationship"):
            target = rel.get("Target", "")
            if rel.get("TargetMode") == "External" or not target:
                continue
            part = posixpath.normpath(
                target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            )
            if part not in names:
                raise TemplateError(
                    f"--template {path}: a damaged PowerPoint file ({name} names {part}, "
                    "which is not in the file)"
                )


def _what_office(main: str, types: bytes) -> str:
    text = main or types.decode("utf-8", "replace")
    for marker, what in OTHER_OFFICE.items():
        if marker in text:
            return f"{what}, not a PowerPoint deck (.pptx)"
    return "an Office document but not a PowerPoint deck (.pptx)"


def _not_a_zip(head: bytes) -> str:
    if not head:
        return "an empty file, not a PowerPoint deck (.pptx)"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return (
            "an old binary Office file (.ppt, .doc or .xls); open it in PowerPoint "
            "and save it as .pptx"
        )
    if head.startswith(b"PK"):
        return "a damaged zip archive (truncated or corrupt); a .pptx is a zip archive"
    if head.startswith(b"%PDF"):
        return "a PDF, not a PowerPoint deck (.pptx)"
    return "not a PowerPoint deck: a .pptx is a zip archive, and this file is not one"


def _slide_size(path: Path, name: str, presentation: bytes) -> tuple[float, float]:
    try:
        root = ElementTree.fromstring(presentation)
    except ElementTree.ParseError as exc:
        raise TemplateError(
            f"--template {path}: a damaged PowerPoint file ({name}: {exc})"
        ) from exc
    if root.tag.startswith("{http://purl.oclc.org/ooxml/"):
        raise TemplateError(
            f"--template {path}: a Strict Open XML deck, which python-pptx cannot read; "
            "save it as a PowerPoint Presentation (.pptx)"
        )
    size = root.find(f"{_P}sldSz")
    width = height = 0
    if size is not None:
        cx, cy = size.get("cx", ""), size.get("cy", "")
        if cx.isdigit() and cy.isdigit():
            width, height = int(cx), int(cy)
    if not (width and height):
        raise TemplateError(
            f"--template {path}: a damaged PowerPoint file ({name} gives no slide size)"
        )
    return width / EMU_PER_INCH, height / EMU_PER_INCH
