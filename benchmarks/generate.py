"""Write a synthetic organisation in raci's native YAML for benchmarks.

N roles in one reporting tree with a span of 6-8, one person per role, and A
activities, each with 1 A, 1-3 R, 0-4 C and 0-6 I. The A is the manager of the R
roles, as in a sound RACI, so findings stay few and the check does real work.

Usage: python benchmarks/generate.py ROLES ACTIVITIES OUTDIR [--seed N]
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

ROLES_PER_FILE = 25_000
ACTIVITIES_PER_FILE = 1_000


def generate(roles: int, activities: int, out: Path, seed: int = 7) -> Path:
    """Write the org under `out` (created) and return it."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    parent: list[int] = [-1]
    children: dict[int, list[int]] = {}
    frontier = 0
    while len(parent) < roles:
        for _ in range(rng.randint(6, 8)):
            if len(parent) >= roles:
                break
            children.setdefault(frontier, []).append(len(parent))
            parent.append(frontier)
        frontier += 1
    (out / "org.yaml").write_text(f"name: Synthetic {roles} x {activities}\n", encoding="utf-8")
    for start in range(0, roles, ROLES_PER_FILE):
        lines = ["roles:"]
        people = ["people:"]
        for i in range(start, min(start + ROLES_PER_FILE, roles)):
            lines.append(f"  - id: r{i}")
            lines.append(f"    title: Role {i}")
            if parent[i] >= 0:
                lines.append(f"    reports_to: r{parent[i]}")
            lines.append(f"    holders: [p{i}]")
            if i < 8:
                lines.append("    tags: [exec]")
            people.append(f"  - {{id: p{i}, name: Person {i}}}")
        text = "\n".join(lines + people) + "\n"
        (out / f"roles-{start // ROLES_PER_FILE:03d}.yaml").write_text(text, encoding="utf-8")
    managers = sorted(children)
    for start in range(0, activities, ACTIVITIES_PER_FILE):
        lines = ["activities:"]
        for a in range(start, min(start + ACTIVITIES_PER_FILE, activities)):
            m = rng.choice(managers)
            doers = rng.sample(children[m], min(len(children[m]), rng.randint(1, 3)))
            taken = {m, *doers}
            consulted = _others(rng, roles, taken, rng.randint(0, 4))
            informed = _others(rng, roles, taken, rng.randint(0, 6))
            lines += [
                f"  - id: a{a}",
                f"    title: Activity {a}",
                "    raci:",
                f"      A: r{m}",
                f"      R: [{', '.join(f'r{d}' for d in doers)}]",
            ]
            if consulted:
                lines.append(f"      C: [{', '.join(f'r{c}' for c in consulted)}]")
            if informed:
                lines.append(f"      I: [{', '.join(f'r{c}' for c in informed)}]")
        text = "\n".join(lines) + "\n"
        (out / f"activities-{start // ACTIVITIES_PER_FILE:03d}.yaml").write_text(
            text, encoding="utf-8"
        )
    return out


def _others(rng: random.Random, roles: int, taken: set[int], k: int) -> list[int]:
    found: list[int] = []
    while len(found) < k:
        pick = rng.randrange(roles)
        if pick not in taken:
            taken.add(pick)
            found.append(pick)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("roles", type=int)
    parser.add_argument("activities", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print(generate(args.roles, args.activities, args.out, args.seed))


if __name__ == "__main__":
    main()
