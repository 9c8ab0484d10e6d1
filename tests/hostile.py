"""Generators of hostile and broken workbooks and CSV files, small enough to build per test.

Nothing here is committed as a binary: each function writes the few kilobytes of zip and
XML (or CSV bytes) that reproduce one class of bad input.
"""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
SHEET_TYPE = REL + "/worksheet"


@dataclass
class Sheet:
    name: str
    xml: str  # the whole worksheet document
    state: str = "visible"  # visible, hidden, veryHidden


@dataclass
class Book:
    sheets: list[Sheet]
    shared: list[str] = field(default_factory=list)


def column(index: int) -> str:
    """1-based column number as letters."""
    out = ""
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(65 + rest) + out
    return out


def cell(ref: str, value: object) -> str:
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def worksheet(
    rows: Iterable[tuple[int, Iterable[tuple[str, object]]]] = (),
    *,
    dimension: str | None = None,
    merges: Iterable[str] = (),
) -> str:
    """A worksheet: rows as (1-based number, [(ref, value)]); merges as 'A1:B2'."""
    body = "".join(
        f'<row r="{n}">' + "".join(cell(ref, v) for ref, v in cells) + "</row>" for n, cells in rows
    )
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    merge_list = list(merges)
    merged = (
        f'<mergeCells count="{len(merge_list)}">'
        + "".join(f'<mergeCell ref="{m}"/>' for m in merge_list)
        + "</mergeCells>"
        if merge_list
        else ""
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}" xmlns:r="{REL}">'
        f"{dim}<sheetData>{body}</sheetData>{merged}</worksheet>"
    )


def grid(values: list[list[object]]) -> list[tuple[int, list[tuple[str, object]]]]:
    """Rows of values from A1, as `worksheet` takes them (None skips a cell)."""
    return [
        (r, [(f"{column(c)}{r}", v) for c, v in enumerate(row, start=1) if v is not None])
        for r, row in enumerate(values, start=1)
    ]


def package(book: Book) -> dict[str, bytes]:
    """The parts of a minimal xlsx package."""
    sheets = "".join(
        f'<sheet name="{escape(s.name)}" sheetId="{i}" r:id="rId{i}"'
        + (f' state="{s.state}"' if s.state != "visible" else "")
        + "/>"
        for i, s in enumerate(book.sheets, start=1)
    )
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{SHEET_TYPE}" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(book.sheets) + 1)
    )
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, len(book.sheets) + 1)
    )
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            f"{overrides}</Types>"
        ),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_REL}">'
            f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{REL}">'
            f"<sheets>{sheets}</sheets></workbook>"
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_REL}">'
            f"{rels}</Relationships>"
        ),
    }
    if book.shared:
        items = "".join(f"<si><t>{escape(text)}</t></si>" for text in book.shared)
        parts["xl/sharedStrings.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}" '
            f'count="{len(book.shared)}" uniqueCount="{len(book.shared)}">{items}</sst>'
        )
        parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
            "</Relationships>",
            f'<Relationship Id="rIdS" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
            "</Relationships>",
        )
    out = {name: text.encode("utf-8") for name, text in parts.items()}
    for i, s in enumerate(book.sheets, start=1):
        out[f"xl/worksheets/sheet{i}.xml"] = s.xml.encode("utf-8")
    return out


def shared_strings(path: Path, values: list[list[str]]) -> Path:
    """A one-sheet workbook whose text cells point into xl/sharedStrings.xml."""
    strings = sorted({v for row in values for v in row})
    rows = [
        (r, [(f"{column(c)}{r}", strings.index(v)) for c, v in enumerate(row, start=1)])
        for r, row in enumerate(values, start=1)
    ]
    body = "".join(
        f'<row r="{n}">'
        + "".join(f'<c r="{ref}" t="s"><v>{i}</v></c>' for ref, i in cells)
        + "</row>"
        for n, cells in rows
    )
    xml = worksheet().replace("<sheetData></sheetData>", f"<sheetData>{body}</sheetData>")
    return write_zip(path, package(Book([Sheet("RACI", xml)], strings)))


def write_zip(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def xlsx(path: Path, *sheets: Sheet) -> Path:
    return write_zip(path, package(Book(list(sheets))))


def matrix_sheet(name: str = "RACI", state: str = "visible", title: str = "Plan") -> Sheet:
    """A small hand-made RACI matrix that `raci import matrix` reads cleanly."""
    values: list[list[object]] = [
        ["Activity", "CEO", "CPO"],
        [title, "A", "R"],
        ["Ship", "I", "A/R"],
    ]
    return Sheet(name, worksheet(grid(values)), state)


def org_sheet(name: str = "People", state: str = "visible") -> Sheet:
    """A small org chart that `raci import org` reads cleanly."""
    values: list[list[object]] = [
        ["Employee ID", "Name", "Job Title", "Manager ID"],
        ["1", "Dana Whitfield", "Chief Executive Officer", None],
        ["2", "Sam Ortiz", "Chief Product Officer", "1"],
    ]
    return Sheet(name, worksheet(grid(values)), state)


def lie_about_size(path: Path, member: str, size: int) -> Path:
    """Rewrite the uncompressed size a zip records for `member` (local and central)."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    local = data.find(b"PK\x03\x04" + b"")
    while local != -1:
        name_len = struct.unpack_from("<H", data, local + 26)[0]
        if data[local + 30 : local + 30 + name_len] == name:
            struct.pack_into("<I", data, local + 22, size)
        local = data.find(b"PK\x03\x04", local + 4)
    central = data.find(b"PK\x01\x02")
    while central != -1:
        name_len = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46 : central + 46 + name_len] == name:
            struct.pack_into("<I", data, central + 24, size)
        central = data.find(b"PK\x01\x02", central + 4)
    path.write_bytes(bytes(data))
    return path


def replace_part(path: Path, member: str, content: bytes) -> Path:
    """The same package with one part's bytes replaced."""
    with zipfile.ZipFile(path) as src:
        parts = {info.filename: src.read(info.filename) for info in src.infolist()}
    parts[member] = content
    return write_zip(path, parts)


def read_part(path: Path, member: str) -> bytes:
    with zipfile.ZipFile(path) as src:
        return src.read(member)


def million_rows(path: Path, rows: int = 1_048_576) -> Path:
    """A sheet with one small cell on each of `rows` rows, streamed into the zip."""
    head = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>'
    parts = package(Book([Sheet("RACI", "")]))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            if name != "xl/worksheets/sheet1.xml":
                archive.writestr(name, data)
        with archive.open("xl/worksheets/sheet1.xml", "w") as out:
            out.write(head.encode())
            chunk = io.StringIO()
            for r in range(1, rows + 1):
                chunk.write(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>')
                if r % 50_000 == 0:
                    out.write(chunk.getvalue().encode())
                    chunk = io.StringIO()
            out.write(chunk.getvalue().encode())
            out.write(b"</sheetData></worksheet>")
    return path


# -- CSV --------------------------------------------------------------------------

MATRIX_CSV = "Activity,CEO,CPO\nPlan the budget,A,R\nShip the release,I,A/R\nHire,R,A\n"
ORG_CSV = (
    "Employee ID,Name,Job Title,Manager ID\n"
    "1,Dana Whitfield,Chief Executive Officer,\n"
    "2,Sam Ortiz,Chief Product Officer,1\n"
    "3,Łucja Żak,Design Lead,2\n"
)


def ods(path: Path, rows: list[str], name: str = "S") -> Path:
    """An OpenDocument spreadsheet with the given table-row elements, as XML text."""
    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} '
        'office:version="1.2"><office:body><office:spreadsheet>'
        f'<table:table table:name="{escape(name)}">{"".join(rows)}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:'
        'opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        "</manifest:manifest>"
    )
    return write_zip(
        path,
        {
            "mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
            "content.xml": content.encode("utf-8"),
            "META-INF/manifest.xml": manifest.encode("utf-8"),
        },
    )


def ods_row(values: list[str], repeat: int = 1, cell_repeat: int = 1) -> str:
    rows = f' table:number-rows-repeated="{repeat}"' if repeat > 1 else ""
    cols = f' table:number-columns-repeated="{cell_repeat}"' if cell_repeat > 1 else ""
    cells = "".join(
        f'<table:table-cell{cols} office:value-type="string"><text:p>{escape(v)}</text:p>'
        "</table:table-cell>"
        if v
        else f"<table:table-cell{cols}/>"
        for v in values
    )
    return f"<table:table-row{rows}>{cells}</table:table-row>"
