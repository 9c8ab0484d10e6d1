"""Body rows written straight as sheet XML, for the sheets that can be large.

openpyxl spends most of a large export building an object per cell and
serialising it through an XML writer: several seconds for a 5,000 x 500 matrix.
Here the body rows of the Matrix and Findings sheets are written as text instead
and spliced into the sheets openpyxl wrote (header rows, columns, merges,
drop-downs, colours, print set-up). Styles still come from openpyxl, by index, so
the workbook has one style table. Strings are inline, so they are never formulas.
"""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from openpyxl.utils import get_column_letter

from raci.escape import xml_safe

_COLUMNS: dict[int, str] = {}


def _col(index: int) -> str:
    """A 1-based column number as letters, memoised (it repeats on every row)."""
    found = _COLUMNS.get(index)
    if found is None:
        found = _COLUMNS[index] = get_column_letter(index)
    return found


class Body:
    """Rows for one sheet, as XML text."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def row(
        self,
        number: int,
        cells: list[tuple[int, Any, int]],
        *,
        height: float | None = None,
        outline: int = 0,
    ) -> None:
        """Add a row: (1-based column, value, style index) per cell; None values skip."""
        attrs = f'r="{number}"'
        if height is not None:
            attrs += f' ht="{height:g}" customHeight="1"'
        if outline:
            attrs += f' outlineLevel="{outline}"'
        out = [f"<row {attrs}>"]
        for col, value, style in cells:
            if value is None or value == "":
                if style:
                    out.append(f'<c r="{_col(col)}{number}" s="{style}"/>')
                continue
            ref = f"{_col(col)}{number}"
            s = f' s="{style}"' if style else ""
            if isinstance(value, Formula):
                out.append(
                    f'<c r="{ref}"{s} t="str"><f>{escape(value.formula)}</f>'
                    f"<v>{escape(value.shown)}</v></c>"
                )
            elif isinstance(value, bool):
                out.append(f'<c r="{ref}"{s} t="b"><v>{int(value)}</v></c>')
            elif isinstance(value, int | float):
                out.append(f'<c r="{ref}"{s}><v>{value}</v></c>')
            else:
                text = xml_safe(str(value))
                space = ' xml:space="preserve"' if text != text.strip() else ""
                out.append(
                    f'<c r="{ref}"{s} t="inlineStr"><is><t{space}>{escape(text)}</t></is></c>'
                )
        out.append("</row>")
        self.parts.append("".join(out))

    def xml(self) -> bytes:
        return "".join(self.parts).encode("utf-8")


class Formula:
    """A formula raci writes itself (never user text), with the value it shows."""

    def __init__(self, formula: str, shown: str) -> None:
        self.formula, self.shown = formula, shown


def splice(sheet_xml: bytes, body: bytes) -> bytes:
    """Insert body rows at the end of a sheet's sheetData."""
    if b"</sheetData>" in sheet_xml:
        return sheet_xml.replace(b"</sheetData>", body + b"</sheetData>", 1)
    return sheet_xml.replace(b"<sheetData />", b"<sheetData>" + body + b"</sheetData>", 1)


__all__ = ["Body", "Formula", "splice"]
