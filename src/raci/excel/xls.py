"""The error cells of an old-format (.xls) workbook, which calamine reads as empty.

An .xls file is a compound file (OLE2) holding one stream of BIFF records, the
`Workbook` stream (`Book` in Excel 5/95 files). Its error cells are records of their
own: BOOLERR (a typed `#N/A`) and FORMULA with an error for its saved result. This
reads the stream's records once, without calamine, to find them by sheet, row and
column. It reads nothing else: the values come from calamine. A damaged structure
is a WorkbookError (calamine would refuse it too); an encrypted file has no cells
this can see, and calamine asks for its password.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Iterator
from pathlib import Path

from raci.excel.safety import WorkbookError

_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_END = 0xFFFFFFFE
_FREE = 0xFFFFFFFF
_LAST_SECTOR = 0xFFFFFFFA  # larger ids are markers, not sectors

# BIFF record types
_BOF, _EOF, _BOUNDSHEET, _FILEPASS = 0x0809, 0x000A, 0x0085, 0x002F
_BOOLERR, _FORMULA = 0x0205, 0x0006

# BIFF error codes (MS-XLS 2.5.97.2 BErr)
ERROR_CODES = {
    0x00: "#NULL!",
    0x07: "#DIV/0!",
    0x0F: "#VALUE!",
    0x17: "#REF!",
    0x1D: "#NAME?",
    0x24: "#NUM!",
    0x2A: "#N/A",
    0x2B: "#GETTING_DATA",
}


class _Damaged(Exception):
    """The compound file's structure points outside itself or in circles."""


def error_cells(path: Path, sheet: str, index: int) -> dict[tuple[int, int], str]:
    """(row, col) 0-based -> the error's text ('#REF!') for each error cell of `sheet`,
    the workbook's `index`th (0-based), typed or a formula's result; empty for an
    encrypted file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise WorkbookError(f"{path}: cannot be read ({exc.strerror})") from exc
    try:
        stream = _workbook_stream(data)
        if stream is None:
            return {}
        offset = _sheet_offset(stream, sheet, index)
        return {} if offset is None else _errors(stream, offset)
    except (_Damaged, struct.error, IndexError) as exc:
        raise WorkbookError(
            f"{path}: the .xls file's structure is damaged ({exc or 'cut short'})"
        ) from None


def _workbook_stream(data: bytes) -> bytes | None:
    """The BIFF stream of a compound file, None when it has none (or is not one)."""
    if not data.startswith(_SIGNATURE) or len(data) < 512:
        return None
    sector = 1 << struct.unpack_from("<H", data, 0x1E)[0]
    mini = 1 << struct.unpack_from("<H", data, 0x20)[0]
    if sector not in (512, 4096) or mini != 64:
        raise _Damaged(f"sector size {sector}")
    (fat_sectors, directory, cutoff, minifat, _, difat, difat_count) = struct.unpack_from(
        "<I I 4x I I I I I", data, 0x2C
    )
    count = (len(data) - sector) // sector + 1

    def at(n: int) -> bytes:
        if n >= count or n > _LAST_SECTOR:
            raise _Damaged(f"sector {n} is past the end of the file")
        start = (n + 1) * sector
        return data[start : start + sector]

    fat_ids = [n for n in struct.unpack_from("<109I", data, 0x4C) if n <= _LAST_SECTOR]
    per = sector // 4
    seen: set[int] = set()
    while difat <= _LAST_SECTOR and len(seen) <= difat_count:
        if difat in seen:
            raise _Damaged("its sector index runs in a circle")
        seen.add(difat)
        ids = struct.unpack(f"<{per}I", at(difat))
        fat_ids += [n for n in ids[:-1] if n <= _LAST_SECTOR]
        difat = ids[-1]
    if len(fat_ids) < fat_sectors:
        raise _Damaged("its sector index is cut short")
    fat: list[int] = []
    for n in fat_ids[:fat_sectors]:
        fat += struct.unpack(f"<{per}I", at(n))

    def chain(start: int, table: list[int], read: int, limit: int) -> list[int]:
        out: list[int] = []
        seen: set[int] = set()
        n = start
        while n != _END and len(out) * read < limit:
            if n >= len(table) or n in seen:
                raise _Damaged(f"a chain of sectors leads to {n:#x}")
            seen.add(n)
            out.append(n)
            n = table[n]
        return out

    def stream(start: int, size: int) -> bytes:
        return b"".join(at(n) for n in chain(start, fat, sector, size))[:size]

    entries = stream(directory, len(data))
    root: tuple[int, int] | None = None
    found: tuple[int, int] | None = None
    for i in range(0, len(entries) - 127, 128):
        length, kind = struct.unpack_from("<HB", entries, i + 0x40)
        name = entries[i : i + max(0, min(length, 64) - 2)].decode("utf-16-le", "replace")
        start, size = struct.unpack_from("<II", entries, i + 0x74)
        if kind == 5 and root is None:
            root = (start, size)
        elif kind == 2 and name.lower() in ("workbook", "book") and found is None:
            found = (start, size)
    if found is None:
        return None
    start, size = found
    if size >= cutoff:
        return stream(start, size)
    if root is None:
        raise _Damaged("it has no root entry")
    small = stream(*root)
    minis = b"".join(at(n) for n in chain(minifat, fat, sector, len(data)))
    mini_fat = list(struct.unpack(f"<{len(minis) // 4}I", minis))
    pieces = []
    for n in chain(start, mini_fat, mini, size):
        if (n + 1) * mini > len(small):
            raise _Damaged(f"mini sector {n} is past the end of its stream")
        pieces.append(small[n * mini : (n + 1) * mini])
    return b"".join(pieces)[:size]


def _records(stream: bytes, offset: int) -> Iterator[tuple[int, int]]:
    """(type, offset of its data) of each record from `offset` to the next EOF."""
    header = struct.Struct("<HH").unpack_from
    while offset + 4 <= len(stream):
        kind, length = header(stream, offset)
        yield kind, offset + 4
        offset += 4 + length
        if kind == _EOF:
            return


def _sheet_offset(stream: bytes, sheet: str, index: int) -> int | None:
    """Where the sheet's records begin, from the workbook's BOUNDSHEET records: by its
    name, else by its place (an Excel 95 name in a code page other than Windows-1252
    reads otherwise here than in calamine, which lists the sheets in this order)."""
    biff8 = True
    offsets: list[int] = []
    for kind, at in _records(stream, 0):
        if kind == _BOF:
            biff8 = struct.unpack_from("<H", stream, at)[0] == 0x0600
        elif kind == _FILEPASS:
            return None  # encrypted: calamine asks for the password
        elif kind == _BOUNDSHEET:
            offset = struct.unpack_from("<I", stream, at)[0]
            length = stream[at + 6]
            if biff8:
                wide = stream[at + 7] & 1
                raw = stream[at + 8 : at + 8 + length * (2 if wide else 1)]
                name = raw.decode("utf-16-le" if wide else "latin-1", "replace")
            else:
                name = stream[at + 7 : at + 7 + length].decode("cp1252", "replace")
            if name == sheet:
                return int(offset)
            offsets.append(int(offset))
    return offsets[index] if index < len(offsets) else None


# What an error cell's record looks like from its header, found by regular expressions
# (in C, each from a literal prefix) before the records are walked in Python, which
# costs as much as calamine's whole read: a sheet with neither is not walked.
_BOOLERR_ERROR = re.compile(rb"\x05\x02\x08\x00.{7}\x01", re.S)
_FORMULA_ERROR = re.compile(rb"\x06\x00.{8}\x02.{5}\xff\xff", re.S)


def _errors(stream: bytes, offset: int) -> dict[tuple[int, int], str]:
    found: dict[tuple[int, int], str] = {}
    if not _BOOLERR_ERROR.search(stream, offset) and not _FORMULA_ERROR.search(stream, offset):
        return found
    for kind, at in _records(stream, offset):
        if kind == _BOOLERR:
            row, col, _, value, error = struct.unpack_from("<HHHBB", stream, at)
            if error:
                found[(row, col)] = _error(value)
        elif kind == _FORMULA:
            row, col, _, result = struct.unpack_from("<HHH8s", stream, at)
            if result[6:8] == b"\xff\xff" and result[0] == 2:
                found[(row, col)] = _error(result[2])
    return found


def _error(code: int) -> str:
    return ERROR_CODES.get(code, f"error code {code:#04x}")
