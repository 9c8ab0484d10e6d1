"""Write a synthetic organisation in raci's native YAML for benchmarks.

N roles in one reporting tree with a span of 6-8, one person per role, and A
activities, each with 1 A, 1-3 R, 0-4 C and 0-6 I. The A is the manager of the R
roles, as in a sound RACI, so findings stay few and the check does real work.

With --policies the activities name an owner and one of two policies instead of
their A (and, half the time, their R and I), so selectors (owner, manager:owner,
peers:owner) are resolved on the org graph.

Usage: python benchmarks/generate.py ROLES ACTIVITIES OUTDIR [--seed N] [--policies]
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

ROLES_PER_FILE = 25_000
ACTIVITIES_PER_FILE = 1_000


POLICIES = """\
policies:
  manager-owns:
    A: owner
    I: [manager:owner]
  doer-owns:
    A: manager:owner
    R: owner
    I: [peers:owner]
"""


def generate(roles: int, activities: int, out: Path, seed: int = 7, policies: bool = False) -> Path:
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
    if policies:
        (out / "policies.yaml").write_text(POLICIES, encoding="utf-8")
    for start in range(0, activities, ACTIVITIES_PER_FILE):
        lines = ["activities:"]
        for a in range(start, min(start + ACTIVITIES_PER_FILE, activities)):
            m = rng.choice(managers)
            doers = rng.sample(children[m], min(len(children[m]), rng.randint(1, 3)))
            taken = {m, *doers, *(children[m] if policies else ())}
            consulted = _others(rng, roles, taken, rng.randint(0, 4))
            informed = _others(rng, roles, taken, rng.randint(0, 6))
            lines += [f"  - id: a{a}", f"    title: Activity {a}"]
            if policies and a % 2:
                lines += [f"    owner: r{doers[0]}", "    policy: doer-owns", "    raci:"]
            elif policies:
                lines += [f"    owner: r{m}", "    policy: manager-owns", "    raci:"]
                lines.append(f"      R: [{', '.join(f'r{d}' for d in doers)}]")
            else:
                lines += ["    raci:", f"      A: r{m}"]
                lines.append(f"      R: [{', '.join(f'r{d}' for d in doers)}]")
            if consulted:
                lines.append(f"      C: [{', '.join(f'r{c}' for c in consulted)}]")
            if informed and not policies:
                lines.append(f"      I: [{', '.join(f'r{c}' for c in informed)}]")
            if lines[-1] == "    raci:":
                lines.pop()
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
    parser.add_argument("--policies", action="store_true", help="use owners and policies")
    args = parser.parse_args()
    print(generate(args.roles, args.activities, args.out, args.seed, args.policies))


if __name__ == "__main__":
    main()
