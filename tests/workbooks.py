"""Workbooks as programs other than openpyxl save them, for the import tests."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path


def cache(path: Path, values: dict[str, str], member: str = "xl/worksheets/sheet1.xml") -> Path:
    """Give formula cells the computed value Excel or LibreOffice would have saved."""
    with zipfile.ZipFile(path) as archive:
        parts = {i.filename: archive.read(i.filename) for i in archive.infolist()}
    xml = parts[member].decode()
    for ref, value in values.items():
        xml, n = re.subn(
            rf'(<c r="{ref}"[^>]*)>(<f>[^<]*</f>)<v\s*(?:/>|></v>)',
            rf'\1 t="str">\2<v>{value}</v>',
            xml,
        )
        assert n == 1, ref
    parts[member] = xml.encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path
