"""How a report is shown: colour and verbosity (only the text formats use them)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass

from raci.findings import Finding


@dataclass(frozen=True)
class Style:
    color: bool = False
    verbose: bool = False


def fingerprints(findings: list[Finding]) -> Iterator[tuple[Finding, str]]:
    """A stable id per finding: rule, entity and the finding's rank among equals.

    Lines move with every edit, so they are left out; code-scanning tools use this
    to follow a finding from one run to the next.
    """
    seen: dict[tuple[str, str, str], int] = {}
    for f in findings:
        n = seen[f.key] = seen.get(f.key, 0) + 1
        raw = f"{f.rule}|{f.entity.kind}|{f.entity.id}|{n}"
        yield f, hashlib.sha256(raw.encode()).hexdigest()[:32]
