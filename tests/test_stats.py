"""raci stats: spans and layers, vacancies, coverage and workload, exactly."""

from __future__ import annotations

import json
from pathlib import Path

from raci.stats import band
from tests.conftest import Cli, write_org


def test_bands() -> None:
    assert [band(n) for n in (1, 2, 3, 4, 7, 8, 12, 13, 16, 17, 40)] == [
        "1",
        "2-3",
        "2-3",
        "4-7",
        "4-7",
        "8-12",
        "8-12",
        "13-16",
        "13-16",
        "17+",
        "17+",
    ]


def test_bundled_org_figures(cli: Cli) -> None:
    result = cli("stats", "org", "-f", "json")
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["headcount"] == {
        "people": 46,
        "roles": 41,
        "filled": 40,
        "vacant": 1,
        "vacant_with_interim": 1,
        "dotted_lines": 4,
    }
    assert doc["layers"] == {
        "count": 5,
        "roles_per_layer": {"0": 1, "1": 7, "2": 15, "3": 12, "4": 6},
    }
    spans = doc["spans"]
    assert spans["bands"] == {"1": 0, "2-3": 13, "4-7": 3, "8-12": 0, "13-16": 0, "17+": 0}
    assert (
        spans["managers"],
        spans["managers_of_one"],
        spans["managers_of_managers"],
        spans["managers_of_individual_contributors"],
        spans["median"],
    ) == (16, 0, 5, 11, 2.0)
    assert doc["raci"]["coverage"] == 1.0
    assert doc["raci"]["workload"]["cpo"] == {"R": 9, "A": 15, "C": 1, "I": 3}
    text = cli("stats", "org").stdout
    assert "Layers                 5" in text
    assert "RACI coverage       100%" in text


def test_counts_people_not_roles_and_solid_lines_only(cli: Cli, tmp_path: Path) -> None:
    write_org(
        tmp_path,
        {
            "org.yaml": """\
roles:
  - {id: boss, title: Boss, holders: [a]}
  - {id: lead, title: Lead, reports_to: boss, holders: [b]}
  - {id: dev, title: Dev, reports_to: lead, holders: [c, d, e], dotted_to: [boss]}
  - {id: open, title: Open, reports_to: lead, holders: []}
people:
  - {id: a, name: A}
  - {id: b, name: B}
  - {id: c, name: C}
  - {id: d, name: D}
  - {id: e, name: E}
activities:
  - {id: x, title: X, raci: {A: boss, R: lead}}
  - {id: y, title: Y, raci: {R: dev}}
"""
        },
    )
    doc = json.loads(cli("stats", str(tmp_path), "-f", "json").stdout)
    assert doc["spans"]["bands"]["4-7"] == 1  # lead: 3 devs + 1 open position
    assert doc["spans"]["managers_of_one"] == 1  # boss
    assert doc["spans"]["managers_of_managers"] == 1
    assert doc["layers"]["count"] == 3
    assert doc["headcount"]["dotted_lines"] == 1
    assert doc["raci"] == {"activities": 2, "covered": 1, "coverage": 0.5, "workload": {}}
