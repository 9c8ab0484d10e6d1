"""Every reporting line of every export in tests/hris/ is kept, and nobody is under the wrong
manager: each `<export>.truth.csv` lists (person, manager) as the tool showed them.

`vacant:Title` is a vacant role; `?Text` a manager that cannot be found (or that two people
answer to), which must stay unresolved, with an `unknown-reference` from `raci check`.
`Name|Title` tells two people of one name apart.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import yaml

import raci
from tests.conftest import Cli

HRIS = Path(__file__).parent / "hris"
TRUTHS = sorted(HRIS.glob("*.truth.csv"))


def export_of(truth: Path, tmp_path: Path) -> Path:
    """The export next to a truth file; `x.xlsx.csv` is written as the workbook x.xlsx here."""
    stem = truth.name.removesuffix(".truth.csv")
    for candidate in HRIS.glob(stem + ".*"):
        if candidate.name.endswith(".xlsx.csv"):
            from openpyxl import Workbook

            book = Workbook()
            sheet = book.active
            assert sheet is not None
            sheet.title = "Org Chart"
            with candidate.open(encoding="utf-8", newline="") as handle:
                for row in csv.reader(handle):
                    sheet.append([int(c) if c.isdigit() else (c or None) for c in row])
            target = tmp_path / f"{stem}.xlsx"
            book.save(target)
            return target
        if candidate != truth:
            return candidate
    raise AssertionError(f"no export for {truth.name}")


def test_at_least_twenty_exports() -> None:
    assert len(TRUTHS) >= 20


@pytest.mark.parametrize("truth", TRUTHS, ids=lambda p: p.name.removesuffix(".truth.csv"))
def test_every_reporting_line_is_kept(cli: Cli, tmp_path: Path, truth: Path) -> None:
    with truth.open(encoding="utf-8", newline="") as handle:
        pairs = [(row["person"], row["manager"]) for row in csv.DictReader(handle)]
    export = export_of(truth, tmp_path)
    out = tmp_path / "org"
    result = cli("import", "org", str(export), "-o", str(out))
    unresolved = [m for _, m in pairs if m.startswith("?")]
    assert result.exit_code == (1 if unresolved else 0), result.stderr
    assert f"({len(unresolved)} not resolved)" in result.stderr

    doc = yaml.safe_load(next(out.glob("*.yaml")).read_text(encoding="utf-8"))
    names = {p["id"]: p["name"] for p in doc["people"]}
    roles = {r["id"]: r for r in doc["roles"]}

    def holders(role: dict[str, object]) -> list[str]:
        found = role.get("holders") or []
        assert isinstance(found, list)
        return [names[h] for h in found]

    def role_of(who: str) -> dict[str, object]:
        if who.startswith("vacant:"):
            found = [r for r in roles.values() if r["title"] == who[7:] and not r["holders"]]
        else:
            name, _, title = who.partition("|")
            found = [r for r in roles.values() if name in holders(r) and title in ("", r["title"])]
        assert len(found) == 1, f"{who!r} is in {len(found)} roles"
        return found[0]

    def who_holds(role: dict[str, object]) -> str:
        return ", ".join(holders(role)) or f"vacant:{role['title']}"

    findings = raci.check(raci.load(out)).findings
    for person, manager in pairs:
        role = role_of(person)
        boss = role.get("reports_to")
        if not manager:
            assert boss is None, f"{person} should be at the top, reports to {boss}"
        elif manager.startswith("?"):
            assert boss not in roles, f"{person} was put under {who_holds(roles[str(boss)])}"
            assert any(
                f.rule == "unknown-reference" and f"role '{role['id']}' reports to" in f.message
                for f in findings
            ), f"`raci check` says nothing about {person}'s manager"
        else:
            assert boss in roles, f"{person} lost their manager {manager}"
            assert who_holds(roles[str(boss)]) == manager, f"{person} under the wrong manager"
    # Nobody imported who is not in the truth, and no one twice.
    listed = [p.partition("|")[0] for p, _ in pairs if not p.startswith("vacant:")]
    assert sorted(names.values()) == sorted(listed)
