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

Usage: python benchmarks/run.py [--sizes 10000x1000,100000x5000] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate

ROOT = Path(__file__).resolve().parent.parent
RACI = [sys.executable, "-m", "raci"]

FLOOR = """
import gc, sys, time, yaml
from pathlib import Path
if sys.argv[2] == "nogc":
    gc.disable()
files = sorted(Path(sys.argv[1]).glob("*.yaml"))
start = time.perf_counter()
for f in files:
    yaml.compose(f.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
print(time.perf_counter() - start)
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
    """Wall seconds, peak RSS in MB, and stdout of one run in a fresh process."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    out = proc.stdout.read() if proc.stdout else ""
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed with exit code {proc.returncode}")
    return elapsed, usage.ru_maxrss / 1024, out


def median(values: list[float]) -> float:
    return statistics.median(values)


def bench_size(roles: int, activities: int, runs: int, work: Path, policies: bool) -> None:
    org = generate(
        roles, activities, work / f"org-{roles}x{activities}{'p' * policies}", policies=policies
    )
    size_mb = sum(f.stat().st_size for f in org.glob("*.yaml")) / 1e6
    how = ", letters from owners and policies" if policies else ""
    print(f"\n## {roles:,} roles x {activities:,} activities ({size_mb:.1f} MB of YAML{how})")
    floor = [float(timed([sys.executable, "-c", FLOOR, str(org), "gc"])[2]) for _ in range(runs)]
    floor_nogc = [
        float(timed([sys.executable, "-c", FLOOR, str(org), "nogc"])[2]) for _ in range(runs)
    ]
    cold: list[float] = []
    cold_mem: list[float] = []
    warm: list[float] = []
    warm_mem: list[float] = []
    for _ in range(runs):
        cache = work / "cache"
        shutil.rmtree(cache, ignore_errors=True)
        env = {**os.environ, "RACI_CACHE_DIR": str(cache)}
        env.pop("RACI_NO_CACHE", None)
        seconds, mb, _ = timed([*RACI, "check", str(org), "-f", "json"], env)
        cold.append(seconds)
        cold_mem.append(mb)
        seconds, mb, _ = timed([*RACI, "check", str(org), "-f", "json"], env)
        warm.append(seconds)
        warm_mem.append(mb)
    load_s, check_s, findings = timed([sys.executable, "-c", PHASES, str(org)])[2].split()
    f, fn, c, w = median(floor), median(floor_nogc), median(cold), median(warm)
    print(f"floor: yaml.compose (CSafeLoader)     {f:6.2f} s   (gc off: {fn:.2f} s)")
    print(
        f"cold raci check (empty cache)        {c:6.2f} s   = {c / f:.2f} x floor, "
        f"peak {max(cold_mem):.0f} MB"
    )
    print(
        f"warm raci check (cache filled)       {w:6.2f} s   = {w / f:.2f} x floor, "
        f"peak {max(warm_mem):.0f} MB"
    )
    print(
        f"in-process: load (parse, validate, graph, selectors) {float(load_s):.2f} s, "
        f"rules {float(check_s):.2f} s, {findings} findings"
    )
    print(
        f"runs: {runs}; cold {', '.join(f'{x:.2f}' for x in cold)}; "
        f"warm {', '.join(f'{x:.2f}' for x in warm)}; floor {', '.join(f'{x:.2f}' for x in floor)}"
    )


def bench_startup(runs: int) -> None:
    bare = [timed([sys.executable, "-c", "import networkx, pydantic"])[0] for _ in range(runs)]
    env = {**os.environ, "RACI_NO_CACHE": "1"}
    check = [timed([*RACI, "check", "org"], env)[0] for _ in range(runs)]
    b, c = median(bare), median(check)
    print("\n## start-up: raci check on the bundled org")
    print(f"python -c 'import networkx, pydantic'  {b:.3f} s")
    print(f"raci check org (no cache)              {c:.3f} s   = bare + {c - b:.3f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        default="10000x1000,100000x5000,100000x5000p",
        help="ROLESxACTIVITIES[p], comma-separated; a trailing p uses owners and policies",
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--startup-runs", type=int, default=11)
    args = parser.parse_args()
    print(f"# raci benchmark, Python {sys.version.split()[0]}, {os.cpu_count()} cores")
    bench_startup(args.startup_runs)
    with tempfile.TemporaryDirectory(prefix="raci-bench-") as tmp:
        for size in args.sizes.split(","):
            policies = size.endswith("p")
            roles, activities = (int(x) for x in size.removesuffix("p").split("x"))
            bench_size(roles, activities, args.runs, Path(tmp), policies)


if __name__ == "__main__":
    main()
