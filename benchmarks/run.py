"""Measure raci check on synthetic orgs against the libyaml parse floor.

For each size it generates an org (benchmarks/generate.py), then measures, as
medians of several runs in fresh processes:

- floor: `yaml.compose` with CSafeLoader over the same files (what parsing alone
  costs; also shown with the garbage collector off, for a fair reading);
- cold: `raci check` with an empty parse cache;
- warm: `raci check` again, with the cache filled;
- in-process: load (parse, validate, graph, selectors) and rule times, one run;
- peak memory (maximum resident set) of the cold and warm runs;

and the start-up cost of `raci check` on the bundled org against the bare cost of
starting Python and importing networkx and pydantic.

It prints a Markdown table of the sizes measured; --record merges them into a JSON
file and --svg plots what that file holds (benchmarks/plot.py), so the large sizes
can be measured in a run of their own.

Usage: python benchmarks/run.py [--sizes 10000x1000,100000x5000] [--runs 3]
       python benchmarks/run.py --big --runs 1 --startup-runs 0 \\
           --record benchmarks/results.json --svg docs/images/scaling.svg
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import plot
from common import as_users_run
from generate import generate

ROOT = Path(__file__).resolve().parent.parent
RACI = [sys.executable, "-m", "raci"]

FLOOR = """
import gc, sys, time, yaml
from pathlib import Path
if sys.argv[2] == "nogc":
    gc.disable()
files = sorted(Path(sys.argv[1]).glob("*.yaml"))
start, cpu = time.perf_counter(), time.process_time()
for f in files:
    yaml.compose(f.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
print(time.perf_counter() - start, time.process_time() - cpu)
"""

PHASES = """
import sys, time
import raci
from raci import engine, loader  # raci imports lazily: keep the imports out of the timings
t0 = time.perf_counter(); org = raci.load(sys.argv[1], use_cache=False)
t1 = time.perf_counter(); report = raci.check(org)
t2 = time.perf_counter()
print(t1 - t0, t2 - t1, len(report.findings))
"""


def timed(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """Wall seconds, peak RSS in MB, and stdout of one run in a fresh process.

    The CPU seconds of the run (its helper processes included) are in `LAST_CPU[0]`:
    on a shared machine they move much less than wall time does.
    """
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    out = proc.stdout.read() if proc.stdout else ""
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    LAST_CPU[0] = usage.ru_utime + usage.ru_stime
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed with exit code {proc.returncode}")
    return elapsed, usage.ru_maxrss / 1024, out


LAST_CPU = [0.0]


def median(values: list[float]) -> float:
    return statistics.median(values)


def bench_size(
    roles: int, activities: int, runs: int, work: Path, policies: bool
) -> dict[str, Any]:
    """Measure one size; print its figures and return them for the table and plot."""
    org = generate(
        roles, activities, work / f"org-{roles}x{activities}{'p' * policies}", policies=policies
    )
    size_mb = sum(f.stat().st_size for f in org.glob("*.yaml")) / 1e6
    how = ", letters from owners and policies" if policies else ""
    print(f"\n## {roles:,} roles x {activities:,} activities ({size_mb:.1f} MB of YAML{how})")
    # With the collector on, compose's time grows faster than the heap: past
    # PHASES_UP_TO roles it is left out (the gc-off floor is the one that counts).
    floors = [
        timed([sys.executable, "-c", FLOOR, str(org), "gc"])[2].split()
        for _ in range(runs if roles <= PHASES_UP_TO else 0)
    ]
    floor = [float(wall) for wall, _ in floors] or [float("nan")]
    floor_nogc: list[float] = []
    floor_nogc_cpu: list[float] = []
    cold_cpu: list[float] = []
    warm_cpu: list[float] = []
    cold: list[float] = []
    cold_mem: list[float] = []
    warm: list[float] = []
    warm_mem: list[float] = []
    # Each run times the gc-off floor, then the cold and the warm check, and the
    # ratios are the medians of each run's own: the machine's speed drifts over a
    # benchmark (the floor alone moved from 5.7 s to 3.2 s in one afternoon).
    for _ in range(runs):
        wall, cpu = timed([sys.executable, "-c", FLOOR, str(org), "nogc"])[2].split()
        floor_nogc.append(float(wall))
        floor_nogc_cpu.append(float(cpu))
        cache = work / "cache"
        shutil.rmtree(cache, ignore_errors=True)
        env = {**os.environ, "RACI_CACHE_DIR": str(cache)}
        env.pop("RACI_NO_CACHE", None)
        seconds, mb, _ = timed([*RACI, "check", str(org), "-f", "json"], env)
        cold.append(seconds)
        cold_cpu.append(LAST_CPU[0])
        cold_mem.append(mb)
        seconds, mb, _ = timed([*RACI, "check", str(org), "-f", "json"], env)
        warm.append(seconds)
        warm_cpu.append(LAST_CPU[0])
        warm_mem.append(mb)
    shutil.rmtree(work / "cache", ignore_errors=True)
    f, fn, c, w = median(floor), median(floor_nogc), median(cold), median(warm)
    cold_x = median([x / y for x, y in zip(cold, floor_nogc, strict=True)])
    warm_x = median([x / y for x, y in zip(warm, floor_nogc, strict=True)])
    print(f"floor: yaml.compose (CSafeLoader)     {f:6.2f} s   (gc off: {fn:.2f} s)")
    print(
        f"cold raci check (empty cache)        {c:6.2f} s   = {cold_x:.2f} x gc-off floor, "
        f"peak {max(cold_mem):.0f} MB"
    )
    print(
        f"warm raci check (cache filled)       {w:6.2f} s   = {warm_x:.2f} x gc-off floor, "
        f"peak {max(warm_mem):.0f} MB"
    )
    if roles <= PHASES_UP_TO:
        load_s, check_s, findings = timed([sys.executable, "-c", PHASES, str(org)])[2].split()
        print(
            f"in-process: load (parse, validate, graph, selectors) {float(load_s):.2f} s, "
            f"rules {float(check_s):.2f} s, {findings} findings"
        )
    fc, cc, wc = median(floor_nogc_cpu), median(cold_cpu), median(warm_cpu)
    cold_cpu_x = median([x / y for x, y in zip(cold_cpu, floor_nogc_cpu, strict=True)])
    warm_cpu_x = median([x / y for x, y in zip(warm_cpu, floor_nogc_cpu, strict=True)])
    print(
        f"CPU seconds: floor (gc off) {fc:.2f}, cold {cc:.2f} = {cold_cpu_x:.2f} x, "
        f"warm {wc:.2f} = {warm_cpu_x:.2f} x"
    )
    print(
        f"runs: {runs}; cold {', '.join(f'{x:.2f}' for x in cold)}; "
        f"warm {', '.join(f'{x:.2f}' for x in warm)}; "
        f"floor (gc off) {', '.join(f'{x:.2f}' for x in floor_nogc)}"
    )
    shutil.rmtree(org, ignore_errors=True)
    return {
        "size": f"{roles}x{activities}{'p' * policies}",
        "roles": roles,
        "activities": activities,
        "policies": policies,
        "yaml_mb": round(size_mb, 1),
        "runs": runs,
        "floor": round(f, 2) if f == f else None,
        "floor_nogc": round(fn, 2),
        "cold": round(c, 2),
        "warm": round(w, 2),
        "cold_x": round(cold_x, 2),
        "warm_x": round(warm_x, 2),
        "floor_nogc_cpu": round(fc, 2),
        "cold_cpu": round(cc, 2),
        "warm_cpu": round(wc, 2),
        "cold_mb": round(max(cold_mem)),
        "warm_mb": round(max(warm_mem)),
    }


def bench_startup(runs: int) -> None:
    bare = [timed([sys.executable, "-c", "import networkx, pydantic"])[0] for _ in range(runs)]
    env = {**os.environ, "RACI_NO_CACHE": "1"}
    check = [timed([*RACI, "check", "org"], env)[0] for _ in range(runs)]
    b, c = median(bare), median(check)
    print("\n## start-up: raci check on the bundled org")
    print(f"python -c 'import networkx, pydantic'  {b:.3f} s")
    print(f"raci check org (no cache)              {c:.3f} s   = bare + {c - b:.3f} s")
    python = median([timed([sys.executable, "-c", "pass"])[0] for _ in range(runs)])
    print(f"{'python -c pass':<39}{python:.3f} s")
    for flag in ("--version", "--help"):
        took = median([timed([*RACI, flag])[0] for _ in range(runs)])
        print(f"raci {flag:<34}{took:.3f} s   = bare + {took - python:.3f} s")


BIG = "1000000x10000,2000000x20000"
# The in-process phase split loads the org once more; past this size it costs too much.
PHASES_UP_TO = 200_000


def table(results: list[dict[str, Any]]) -> str:
    """The results as the Markdown table of docs/performance.md."""
    lines = [
        "| org | YAML | floor, gc on (off) | cold `raci check` | warm `raci check` | peak memory "
        "| CPU s: floor (gc off), cold, warm | commit |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in sorted(results, key=lambda r: (r["roles"], r["policies"])):
        org = f"{r['roles']:,} x {r['activities']:,}" + (" with policies" if r["policies"] else "")
        lines.append(
            f"| {org} | {r['yaml_mb']} MB | {_seconds(r['floor'])} ({r['floor_nogc']:.2f} s) "
            f"| {r['cold']:.2f} s = {r.get('cold_x', r['cold'] / r['floor_nogc']):.2f} x | "
            f"{r['warm']:.2f} s = {r.get('warm_x', r['warm'] / r['floor_nogc']):.2f} x | "
            f"{r['cold_mb']:,} MB cold, {r['warm_mb']:,} MB warm | "
            f"{r['floor_nogc_cpu']:.2f}, {r['cold_cpu']:.2f}, {r['warm_cpu']:.2f} | "
            f"{r.get('commit', '?')} |"
        )
    return "\n".join(lines)


def _seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f} s"


def record(path: Path, results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Merge this run's rows into the results file (a size measured again replaces its row)."""
    kept = json.loads(path.read_text(encoding="utf-8")) if path.exists() else []
    sizes = {r["size"] for r in results}
    merged = [r for r in kept if r["size"] not in sizes] + results
    merged.sort(key=lambda r: (r["roles"], r["policies"]))
    path.write_text(json.dumps(merged, indent=1) + "\n", encoding="utf-8")
    return merged


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        default="10000x1000,100000x5000,100000x5000p",
        help="ROLESxACTIVITIES[p], comma-separated; a trailing p uses owners and policies",
    )
    parser.add_argument(
        "--big",
        action="store_true",
        help=f"the large orgs ({BIG}); needs about 7 GB of memory per million roles today",
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--startup-runs", type=int, default=11, help="0 skips the start-up")
    parser.add_argument(
        "--record", type=Path, help="merge the results into this JSON file (for the table)"
    )
    parser.add_argument("--svg", type=Path, help="plot the recorded results to this SVG")
    args = parser.parse_args()
    as_users_run()
    sizes = BIG if args.big else args.sizes
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    print(
        f"# raci benchmark at {commit or 'unknown commit'}, Python {sys.version.split()[0]}, "
        f"{os.cpu_count()} cores, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"
    )
    if args.startup_runs:
        bench_startup(args.startup_runs)
    results = []
    with tempfile.TemporaryDirectory(prefix="raci-bench-") as tmp:
        for size in sizes.split(","):
            policies = size.endswith("p")
            roles, activities = (int(x) for x in size.removesuffix("p").split("x"))
            results.append(bench_size(roles, activities, args.runs, Path(tmp), policies))
    for row in results:
        row["commit"] = commit
    if args.record:
        results = record(args.record, results)
    print("\n" + table(results))
    if args.svg:
        args.svg.write_text(plot.svg(results), encoding="utf-8")
        print(f"\nwrote {args.svg}")


if __name__ == "__main__":
    main()
