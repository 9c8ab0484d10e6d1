"""Fuzzing the readers of workbooks and CSV files: mutated bytes and cells.

For `raci import matrix`, `import org` and `import xlsx`, whatever the input: exit 0, 1
or 2, no traceback, nothing written outside the target folder, and the source file
unchanged. The seed is fixed and the examples bounded, so the suite stays fast and
repeatable; RACI_FUZZ_EXAMPLES raises the count for a longer run
(`RACI_FUZZ_EXAMPLES=500 python -m pytest tests/test_hostile_fuzz.py`).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from raci.excel import layout as L
from raci.excel.export import export_xlsx
from raci.excel.safety import _xlsx_parts
from raci.runner import CheckOptions, run_check
from tests import hostile as H
from tests.conftest import BUNDLED, Cli

EXAMPLES = int(os.environ.get("RACI_FUZZ_EXAMPLES", "15"))
FUZZ = settings(
    derandomize=True,
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# A mutation: (where, as a fraction of the length; what: flip, insert, delete, cut; a byte)
mutations = st.lists(
    st.tuples(
        st.floats(0, 1),
        st.sampled_from(["flip", "insert", "delete", "cut"]),
        st.integers(0, 255),
    ),
    min_size=1,
    max_size=4,
)


def mutate(data: bytes, changes: list[tuple[float, str, int]]) -> bytes:
    out = bytearray(data)
    for where, what, byte in changes:
        at = min(int(where * len(out)), max(len(out) - 1, 0))
        if what == "flip" and out:
            out[at] ^= byte or 1
        elif what == "insert":
            out[at:at] = bytes([byte]) * (1 + byte % 7)
        elif what == "delete":
            del out[at : at + 1 + byte % 16]
        elif what == "cut":
            del out[at:]
    return bytes(out)


cell_values = st.one_of(
    st.none(),
    st.sampled_from(["A", "R", "C", "I", "A/R", "r, a", "x", "", "=1+1", "-", "N", "CEO"]),
    st.text(max_size=12),
    st.integers(-(10**15), 10**15),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
)
grids = st.lists(st.lists(cell_values, min_size=1, max_size=5), min_size=1, max_size=6)


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


@contextmanager
def sandbox() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="raci-fuzz-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run_checked(cli: Cli, folder: Path, source: Path, target: str, *args: str) -> int:
    """Run a command; assert the exit code, no traceback, the source and all else kept."""
    before = {k: v for k, v in _files(folder).items() if not k.startswith(target)}
    result = cli(*args)
    assert result.exit_code in (0, 1, 2), (result.exit_code, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    after = {k: v for k, v in _files(folder).items() if not k.startswith(target)}
    assert after == before  # the source, and everything outside the target
    assert source.read_bytes() == before[source.name]
    return result.exit_code


def _import(command: str) -> Callable[[Cli, Path, Path], int]:
    def run(cli: Cli, folder: Path, source: Path) -> int:
        out = folder / "out"
        return run_checked(
            cli, folder, source, "out", "import", command, str(source), "-o", str(out)
        )

    return run


IMPORTS = {"matrix": _import("matrix"), "org": _import("org")}


@pytest.mark.parametrize("command", sorted(IMPORTS))
@FUZZ
@given(
    changes=mutations,
    level=st.sampled_from(["zip", "sheet", "workbook"]),
    hidden=st.booleans(),
)
def test_mutated_workbook_bytes(
    cli: Cli, command: str, changes: list[tuple[float, str, int]], level: str, hidden: bool
) -> None:
    with sandbox() as folder:
        sheet = H.matrix_sheet() if command == "matrix" else H.org_sheet()
        extra = [H.matrix_sheet("Old", "hidden", "Stale")] if hidden else []
        source = H.xlsx(folder / "in.xlsx", *extra, sheet)
        if level == "zip":
            source.write_bytes(mutate(source.read_bytes(), changes))
        else:
            member = (
                "xl/workbook.xml"
                if level == "workbook"
                else f"xl/worksheets/sheet{len(extra) + 1}.xml"
            )
            H.replace_part(source, member, mutate(H.read_part(source, member), changes))
        IMPORTS[command](cli, folder, source)


@pytest.mark.parametrize("command", sorted(IMPORTS))
@FUZZ
@given(
    values=grids, merges=st.lists(st.sampled_from(["A1:B2", "B1:XFD3", "A2:A1048576"]), max_size=3)
)
def test_workbook_cells(
    cli: Cli, command: str, values: list[list[object]], merges: list[str]
) -> None:
    header: list[object] = (
        ["Activity", "CEO", "CPO"] if command == "matrix" else ["Employee ID", "Name", "Manager ID"]
    )
    with sandbox() as folder:
        sheet = H.Sheet("S", H.worksheet(H.grid([header, *values]), merges=merges))
        IMPORTS[command](cli, folder, H.xlsx(folder / "in.xlsx", sheet))


@pytest.mark.parametrize("command", sorted(IMPORTS))
@FUZZ
@given(
    changes=mutations,
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252", "utf-32"]),
)
def test_mutated_csv_bytes(
    cli: Cli, command: str, changes: list[tuple[float, str, int]], encoding: str
) -> None:
    text = H.MATRIX_CSV if command == "matrix" else H.ORG_CSV
    with sandbox() as folder:
        source = folder / "in.csv"
        source.write_bytes(mutate(text.encode(encoding, errors="replace"), changes))
        IMPORTS[command](cli, folder, source)


@pytest.mark.parametrize("command", sorted(IMPORTS))
@FUZZ
@given(
    values=st.lists(st.lists(st.text(max_size=10), min_size=1, max_size=6), max_size=6),
    separator=st.sampled_from([",", ";", "\t"]),
    quote=st.booleans(),
)
def test_csv_cells(
    cli: Cli, command: str, values: list[list[str]], separator: str, quote: bool
) -> None:
    text = H.MATRIX_CSV if command == "matrix" else H.ORG_CSV
    lines = [separator.join(f'"{v}"' if quote else v for v in row) for row in values]
    with sandbox() as folder:
        source = folder / "in.csv"
        source.write_text(text.replace(",", separator) + "\n".join(lines), encoding="utf-8")
        IMPORTS[command](cli, folder, source)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("xlsx") / "raci.xlsx"
    export_xlsx(run_check(CheckOptions(BUNDLED, use_cache=False)), target)
    return target


def _import_xlsx(cli: Cli, folder: Path, source: Path) -> None:
    shutil.copytree(BUNDLED, folder / "org")
    run_checked(
        cli, folder, source, "org", "import", "xlsx", str(source), str(folder / "org"), "--write"
    )


@FUZZ
@given(changes=mutations, part=st.sampled_from(["Matrix", "_raci", "styles", "zip"]))
def test_mutated_exported_workbook(
    cli: Cli, exported: Path, changes: list[tuple[float, str, int]], part: str
) -> None:
    with sandbox() as folder:
        source = folder / "raci.xlsx"
        source.write_bytes(exported.read_bytes())
        if part == "zip":
            source.write_bytes(mutate(source.read_bytes(), changes))
        else:
            member = "xl/styles.xml" if part == "styles" else _xlsx_parts(source)[part]
            H.replace_part(source, member, mutate(H.read_part(source, member), changes))
        _import_xlsx(cli, folder, source)


meta_values = st.one_of(
    st.integers(-(10**13), 10**13),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=8),
    st.sampled_from(["RACI", "Matrix", "Matrix|Nope", "1", "0"]),
)


@FUZZ
@given(
    meta=st.dictionaries(
        st.sampled_from(
            ["layout", "scheme", "sheet", "sheets", "id_row", "id_col", "first_row", "first_col"]
        ),
        meta_values,
    )
)
def test_a_hidden_sheet_with_any_values(cli: Cli, exported: Path, meta: dict[str, object]) -> None:
    rows: list[list[object]] = [
        ["layout", 1],
        ["scheme", "RACI"],
        ["id_row", L.ID_ROW],
        ["id_col", L.ID_COL],
        ["first_row", L.FIRST_ROW],
        ["first_col", L.FIRST_COL],
    ]
    rows = [[k, meta.get(str(k), v)] for k, v in rows] + [
        [k, v] for k, v in meta.items() if k not in {str(r[0]) for r in rows}
    ]
    with sandbox() as folder:
        source = folder / "raci.xlsx"
        source.write_bytes(exported.read_bytes())
        H.replace_part(
            source, _xlsx_parts(source)[L.META], H.worksheet(H.grid(rows)).encode("utf-8")
        )
        _import_xlsx(cli, folder, source)
