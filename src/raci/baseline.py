"""Baselines: accept today's findings, report only new ones.

A baseline records findings by rule and entity (not by line, which moves with
every edit), with a count, so a second finding of the same rule on the same entity
is still new. Load problems are never baselined.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from raci.atomic import write_output
from raci.errors import RaciError
from raci.findings import Finding
from raci.rules import REGISTRY

VERSION = 1


class BaselineError(RaciError):
    """The baseline file cannot be read (exit 2)."""


def write(path: Path, findings: Iterable[Finding]) -> int:
    """Record the findings (atomically; `-` is stdout); return how many entries were written."""
    counts = Counter(f.key for f in findings if REGISTRY[f.rule].suppressible)
    entries = [
        {"rule": rule, "entity": {"kind": kind, "id": ident}, "count": n}
        for (rule, kind, ident), n in sorted(counts.items())
    ]
    text = json.dumps({"version": VERSION, "findings": entries}, indent=2) + "\n"
    write_output(path, text)
    return len(entries)


def read(path: Path) -> Counter[tuple[str, str, str]]:
    """The baseline's counts by (rule, entity kind, entity id)."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise BaselineError(f"{path}: no such baseline file") from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BaselineError(f"{path}: not a raci baseline ({exc})") from exc
    counts: Counter[tuple[str, str, str]] = Counter()
    try:
        if doc["version"] != VERSION:
            raise BaselineError(f"{path}: baseline version {doc['version']} is not {VERSION}")
        for entry in doc["findings"]:
            key = (str(entry["rule"]), str(entry["entity"]["kind"]), str(entry["entity"]["id"]))
            counts[key] += int(entry.get("count", 1))
    except (KeyError, TypeError, ValueError) as exc:
        raise BaselineError(f"{path}: not a raci baseline (missing or bad {exc})") from exc
    return counts


def filter_new(
    findings: list[Finding], baseline: Counter[tuple[str, str, str]]
) -> tuple[list[Finding], int]:
    """Findings not covered by the baseline, and how many were covered."""
    left = Counter(baseline)
    kept: list[Finding] = []
    for f in findings:
        if REGISTRY[f.rule].suppressible and left[f.key] > 0:
            left[f.key] -= 1
        else:
            kept.append(f)
    return kept, len(findings) - len(kept)
