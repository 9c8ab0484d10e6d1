"""raci stats: spans and layers, vacancies, coverage and workload, exactly."""

from __future__ import annotations

import json
from pathlib import Path

from raci.stats import band
from tests.conftest import BUNDLED, Cli, write_org


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
    assert "\nLayers                               5\n" in text
    assert "\nRACI coverage                     100%   (39 of 39" in text
    assert "\n  of individual contributors        11\n" in text
    assert "\n  managers in layer 3                  0      5      0" in text


def test_text_columns_line_up_however_long_the_labels(cli: Cli, tmp_path: Path) -> None:
    # Twelve layers (two-digit layer numbers) and a role id longer than the default column.
    roles = [
        f"  - {{id: r{i}, title: R, holders: [p{i}], reports_to: r{i - 1}}}" for i in range(1, 12)
    ]
    long_id = "a-role-id-longer-than-twenty-six-characters"
    write_org(
        tmp_path,
        {
            "org.yaml": f"scope: [r0, {long_id}]\nroles:\n"
            "  - {id: r0, title: Top, holders: [p0]}\n" + "\n".join(roles) + "\n"
            f"  - {{id: {long_id}, title: L, holders: [q], reports_to: r0}}\n"
            "people:\n"
            + "".join(f"  - {{id: p{i}, name: P{i}}}\n" for i in range(12))
            + "  - {id: q, name: Q}\n"
            f"activities:\n  - {{id: x, title: X, raci: {{A: r0, R: {long_id}}}}}\n",
        },
    )
    lines = cli("stats", str(tmp_path)).stdout.splitlines()
    span = [x for x in lines if x.startswith(("Span of control", "  all layers", "  managers in"))]
    assert "  managers in layer 10" in span[-1]
    assert len({len(x) for x in span}) == 1  # right-aligned cells: every row ends together
    figures = [x for x in lines if x.startswith(("People", "Dotted", "Layers", "  layer", "  of "))]
    assert len({len(x.removesuffix(" roles").removesuffix(" role")) for x in figures}) == 1
    work = lines[[x.startswith("Workload") for x in lines].index(True) :]
    assert len({len(x) for x in work}) == 1, work  # the long id widens its column
    assert work[-1].startswith(f"  {long_id} ")


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


def test_an_org_without_activities_has_no_coverage_figure(cli: Cli, tmp_path: Path) -> None:
    write_org(tmp_path, {"org.yaml": "roles:\n  - {id: boss, title: Boss, holders: [a]}\n"})
    result = cli("stats", str(tmp_path))
    lines = [x.split() for x in result.stdout.splitlines() if x.startswith("RACI coverage")]
    assert lines == [["RACI", "coverage", "-", "(the", "org", "has", "no", "activities)"]]


def test_one_role_in_a_layer_is_one_role(cli: Cli) -> None:
    lines = cli("stats", str(BUNDLED)).stdout.splitlines()
    (top,) = [x for x in lines if x.startswith("  layer 0 ")]
    assert top.endswith(" 1 role")
