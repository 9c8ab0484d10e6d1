"""Opening workbooks from outside safely.

A workbook is a zip of XML written by someone else. Before reading one, raci checks
its size on disk and unpacked (a zip bomb is refused), and reads cell values only:
formulas are never evaluated. python-calamine parses the XML in Rust without
resolving external entities; where openpyxl is used, defusedxml guards its parser.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from raci.errors import RaciError

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNPACKED_BYTES = 500 * 1024 * 1024
MAX_CELLS = 5_000_000


class WorkbookError(RaciError):
    """The workbook cannot be read at all (a usage error, exit 2)."""


def check_file(path: Path) -> None:
    """Refuse what is missing, too large, not a zip, or unpacks too large."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise WorkbookError(f"{path}: cannot be read ({exc.strerror})") from exc
    if size > MAX_FILE_BYTES:
        raise WorkbookError(
            f"{path}: {size / 1e6:.0f} MB is over the {MAX_FILE_BYTES // 2**20} "
            "MB limit for workbooks"
        )
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        try:
            with zipfile.ZipFile(path) as archive:
                unpacked = sum(info.file_size for info in archive.infolist())
        except (zipfile.BadZipFile, OSError) as exc:
            raise WorkbookError(f"{path}: not an xlsx workbook ({exc})") from exc
        if unpacked > MAX_UNPACKED_BYTES:
            raise WorkbookError(
                f"{path}: unpacks to {unpacked / 1e6:.0f} MB, over the "
                f"{MAX_UNPACKED_BYTES // 2**20} MB limit"
            )


def open_workbook(path: Path) -> Any:
    """A python-calamine workbook, after the checks above."""
    import python_calamine

    check_file(path)
    try:
        return python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types
        raise WorkbookError(f"{path}: cannot be read as a workbook ({exc})") from exc


def sheet_rows(workbook: Any, name: str) -> list[list[Any]]:
    """A sheet's values from A1 (row 0 is row 1); empty cells are ''."""
    sheet = workbook.get_sheet_by_name(name)
    height, width = sheet.height, sheet.width
    if height * width > MAX_CELLS:
        raise WorkbookError(
            f"sheet {name!r} has {height * width:,} cells, over the {MAX_CELLS:,} limit"
        )
    rows: list[list[Any]] = sheet.to_python(skip_empty_area=False)
    return rows
