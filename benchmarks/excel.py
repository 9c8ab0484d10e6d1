"""Measure `raci export xlsx` and `raci import xlsx` against bare openpyxl passes.

For each grid (activities x roles at a density of filled cells) it writes a
synthetic org, then measures, as medians of several runs on the same grid:

- bare write: an openpyxl write-only workbook with just the letters and one
  conditional-format rule per letter (the floor for export);
- export: `build_workbook` for the whole workbook (all sheets);
- bare read: an openpyxl read-only pass over the exported matrix's values, and a
  python-calamine pass (the floor for import);
- import: `read_exported`, reading the workbook back and diffing it with the org;
- peak memory of the export (tracemalloc, in a separate run);
- the command line end to end (`raci export xlsx`, `raci import xlsx`) for the
  small grid;
- `raci import matrix` of a hand-made matrix (a title row, a header, letters in
  mixed forms) against its floor: a bare python-calamine read of the sheet plus a
  YAML write of the same activities and letters.

Usage: python benchmarks/excel.py [--grids 5000x500x0.10,500x60x0.30] [--runs 3]
       python benchmarks/excel.py --matrix 5000x500x0.10 [--runs 3]  (matrix import only)
"""

from __future__ import annotations

import argparse
import gc
import io
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

LETTERS = ["R", "A", "C", "I"]


def make_org(activities: int, roles: int, density: float, out: Path, seed: int = 3) -> Path:
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    lines = ["name: Excel benchmark", "roles:", "  - {id: r0, title: Role 0, holders: [p0]}"]
    for i in range(1, roles):
        lines.append(
            f"  - {{id: r{i}, title: Role {i}, reports_to: r{(i - 1) // 8}, holders: [p{i}]}}"
        )
    lines.append("people:")
    lines += [f"  - {{id: p{i}, name: Person {i}}}" for i in range(roles)]
    lines.append(f"scope: [{', '.join(f'r{i}' for i in range(roles))}]")
    lines.append("activities:")
    for a in range(activities):
        chosen = rng.sample(range(roles), max(1, round(density * roles)))
        letters: dict[str, list[str]] = {"A": [f"r{chosen[0]}"]}
        for r in chosen[1:]:
            letters.setdefault(rng.choice(["R", "C", "I"]), []).append(f"r{r}")
        body = ", ".join(f"{k}: [{', '.join(v)}]" for k, v in letters.items())
        lines.append(f"  - {{id: a{a}, title: Activity {a}, raci: {{{body}}}}}")
    (out / "org.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def bare_write(cells: dict[tuple[int, int], str], activities: int, roles: int) -> bytes:
    from openpyxl import Workbook
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.styles import PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Matrix")
    for letter in LETTERS:
        ws.conditional_formatting.add(
            f"A1:{get_column_letter(roles)}{activities}",
            CellIsRule(
                operator="equal",
                formula=[f'"{letter}"'],
                fill=PatternFill("solid", fgColor="FFE699", bgColor="FFE699"),
            ),
        )
    for r in range(activities):
        ws.append([cells.get((r, c)) for c in range(roles)])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def bare_read_openpyxl(path: Path) -> int:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    count = sum(1 for row in wb["Matrix"].iter_rows(values_only=True) for v in row if v)
    wb.close()
    return count


def bare_read_calamine(path: Path) -> int:
    import python_calamine

    sheet = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Matrix")
    return sum(1 for row in sheet.to_python() for v in row if v)


def timed(fn, runs: int) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    times, result = [], None
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def bench(activities: int, roles: int, density: float, runs: int, work: Path) -> None:
    import raci
    from raci.excel.export import build_workbook
    from raci.excel.read import read_exported
    from raci.runner import CheckOptions, run_check

    org_dir = make_org(activities, roles, density, work / f"org-{activities}x{roles}")
    report = run_check(CheckOptions(org_dir, use_cache=False))
    org = report.org
    letters = len(org.assignments)
    print(f"\n## {activities:,} activities x {roles} roles at {density:.0%} ({letters:,} letters)")
    order = {rid: i for i, rid in enumerate(org.roles)}
    rows = {aid: i for i, aid in enumerate(org.activities)}
    cells: dict[tuple[int, int], str] = {}
    for x in org.assignments:
        key = (rows[x.activity], order[x.role])
        cells[key] = "/".join(sorted({*cells.get(key, "").split("/"), x.letter} - {""}))
    bare_w, _ = timed(lambda: bare_write(cells, activities, roles), runs)
    export_s, data = timed(lambda: build_workbook(report), runs)
    path = work / f"export-{activities}x{roles}.xlsx"
    path.write_bytes(data)  # type: ignore[arg-type]
    tracemalloc.start()
    build_workbook(report)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    bare_r, _ = timed(lambda: bare_read_openpyxl(path), runs)
    bare_c, _ = timed(lambda: bare_read_calamine(path), runs)
    import_s, imported = timed(lambda: read_exported(path, org), runs)
    assert not imported.changes  # type: ignore[attr-defined]
    assert not imported.problems  # type: ignore[attr-defined]
    print(f"bare openpyxl write-only (letters + {len(LETTERS)} CF rules)  {bare_w:6.2f} s")
    print(
        f"export (all sheets)                            {export_s:6.2f} s = "
        f"{export_s / bare_w:.2f} x bare write; peak {peak / 2**20:.0f} MB traced, "
        f"{path.stat().st_size / 1e6:.1f} MB file"
    )
    print(f"bare openpyxl read-only pass                   {bare_r:6.2f} s")
    print(f"bare python-calamine pass                      {bare_c:6.2f} s")
    print(
        f"import (read + diff with the org)              {import_s:6.2f} s = "
        f"{import_s / bare_r:.2f} x bare openpyxl read"
    )
    del raci


def cli_round_trip(work: Path, runs: int) -> None:
    org_dir = make_org(500, 60, 0.30, work / "cli-org")
    target = work / "cli.xlsx"
    env = {**os.environ, "RACI_CACHE_DIR": str(work / "cache")}

    def run(*args: str) -> float:
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "raci", *args], check=True, env=env, capture_output=True
        )
        return time.perf_counter() - start

    run("check", str(org_dir))  # fill the parse cache, as a user's earlier check would
    export = statistics.median(
        run("export", "xlsx", str(org_dir), "-o", str(target)) for _ in range(runs)
    )
    back = statistics.median(run("import", "xlsx", str(target), str(org_dir)) for _ in range(runs))
    print("\n## command line, 500 x 60 at 30% (process start, load and check included)")
    print(f"raci export xlsx  {export:5.2f} s")
    print(f"raci import xlsx  {back:5.2f} s")


def hand_made_matrix(activities: int, roles: int, density: float, path: Path) -> Path:
    """A matrix as a person makes it: a title row, a header, letters in mixed forms."""
    from openpyxl import Workbook

    rng = random.Random(5)
    forms = ["R", "A", "C", "I", "a/r", "R, A", "c", " I "]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("RACI")
    ws.append(["Responsibility matrix (benchmark)"])
    ws.append(["Activity"] + [f"Role {r}" for r in range(roles)])
    for a in range(activities):
        row: list[str | None] = [f"Activity {a}"] + [None] * roles
        for r in rng.sample(range(roles), max(1, round(density * roles))):
            row[r + 1] = rng.choice(forms)
        ws.append(row)
    wb.save(path)
    return path


def bare_matrix_import(path: Path, out: Path) -> int:
    """The floor: python-calamine rows to the same YAML, with no detection at all."""
    import python_calamine
    import yaml

    rows = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name("RACI")
    data = rows.to_python()
    header = [str(v) for v in data[1]]
    activities = []
    for row in data[2:]:
        raci: dict[str, list[str]] = {}
        for c, v in enumerate(row[1:], start=1):
            if v:
                for letter in str(v).upper().replace(",", "/").split("/"):
                    raci.setdefault(letter.strip(), []).append(header[c])
        activities.append({"id": str(row[0]), "title": str(row[0]), "raci": raci})
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # the same emitter raci uses
    doc = {"scope": header[1:], "activities": activities}
    text = yaml.dump(doc, Dumper=dumper, sort_keys=False)
    out.write_text(text, encoding="utf-8")
    return len(activities)


def bench_matrix(activities: int, roles: int, density: float, runs: int, work: Path) -> None:
    from raci.imports import matrix
    from raci.imports.matrix_sheets import find_matrix

    path = hand_made_matrix(activities, roles, density, work / f"hand-{activities}x{roles}.xlsx")
    print(f"\n## raci import matrix: {activities:,} activities x {roles} roles at {density:.0%}")

    def ours() -> matrix.MatrixImport:
        found = find_matrix(path, None, None, matrix.Options())
        matrix.write(found, work / "matrix-out", "hand", path.name)
        return found

    bare, _ = timed(lambda: bare_matrix_import(path, work / "bare.yaml"), runs)
    mine, found = timed(ours, runs)
    assert len(found.activities) == activities, found.problems  # type: ignore[attr-defined]
    print(f"bare python-calamine read + YAML write         {bare:6.2f} s")
    print(
        f"raci import matrix (detect, read, write)       {mine:6.2f} s = {mine / bare:.2f} x bare"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grids", default="5000x500x0.10,500x60x0.30")
    parser.add_argument("--matrix", help="only the matrix import, on this grid (AxRxD)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"# raci Excel benchmark, Python {sys.version.split()[0]}, {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory(prefix="raci-xlsx-") as tmp:
        if args.matrix:
            a, r, d = args.matrix.split("x")
            bench_matrix(int(a), int(r), float(d), args.runs, Path(tmp))
            return
        for grid in args.grids.split(","):
            a, r, d = grid.split("x")
            bench(int(a), int(r), float(d), args.runs, Path(tmp))
            bench_matrix(int(a), int(r), float(d), args.runs, Path(tmp))
        cli_round_trip(Path(tmp), args.runs)


if __name__ == "__main__":
    main()
