"""`raci check` and `raci stats` count the same activities: the RACI's rows.

An area (an activity with sub-activities) is a heading, not a row, unless it is given
letters of its own; the summary names the areas apart.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Cli, write_org


def test_check_and_stats_count_the_same_activities_on_the_bundled_org(cli: Cli) -> None:
    check = cli("check", "org", "-f", "json")
    stats = cli("stats", "org", "-f", "json")
    assert json.loads(check.stdout)["summary"]["activities"] == 39
    assert json.loads(stats.stdout)["raci"]["activities"] == 39
    assert check.stderr.endswith(
        "(org: 12 files, 41 roles, 39 activities, 10 areas): 0 errors, 2 warnings, 1 info "
        "(4 suppressed)\n"
    )


AREAS = """\
roles:
  - {id: ceo, title: CEO, holders: [ann]}
  - {id: pm, title: PM, reports_to: ceo, holders: [bob]}
  - {id: eng, title: Engineer, reports_to: ceo, holders: [cy]}
people:
  - {id: ann, name: Ann}
  - {id: bob, name: Bob}
  - {id: cy, name: Cy}
activities:
  - id: plan
    title: Planning
    activities:
      - {id: roadmap, title: Roadmap, raci: {A: ceo, R: pm}}
      - {id: budget, title: Budget, raci: {A: ceo, R: pm}}
  - id: launch
    title: Launch, an area with letters of its own
    raci: {A: ceo, R: pm}
    activities:
      - {id: announce, title: Announce, raci: {A: ceo, R: pm}}
  - {id: retro, title: Retro, raci: {A: ceo, R: pm}}
"""


def test_an_area_with_letters_is_a_row_and_an_area(cli: Cli, tmp_path: Path) -> None:
    write_org(tmp_path, {"org.yaml": AREAS})
    check = cli("check", str(tmp_path), "-f", "json", "--isolated")
    stats = cli("stats", str(tmp_path), "-f", "json")
    assert json.loads(check.stdout)["summary"] == {
        "errors": 0,
        "warnings": 0,
        "infos": 0,
        "activities": 5,  # roadmap, budget, launch, announce, retro; not the heading plan
        "roles": 3,
    }
    assert json.loads(stats.stdout)["raci"]["activities"] == 5
    assert check.stderr.endswith(
        ": 1 file, 3 roles, 5 activities, 2 areas): 0 errors, 0 warnings, 0 infos\n"
    )


def test_no_areas_no_area_count(cli: Cli, tmp_path: Path) -> None:
    flat = AREAS.split("activities:\n")[0] + "activities:\n" + AREAS.splitlines()[-1] + "\n"
    check = cli("check", str(write_org(tmp_path, {"org.yaml": flat})), "--isolated")
    assert check.stderr.endswith(": 1 file, 3 roles, 1 activity): 0 errors, 0 warnings, 0 infos\n")


def test_export_says_how_many_activities_it_wrote_as_check_counts_them(
    cli: Cli, tmp_path: Path
) -> None:
    out = tmp_path / "raci.xlsx"
    result = cli("export", "xlsx", "org", "-o", str(out))
    assert result.exit_code == 0
    assert result.stderr.endswith(f"raci: wrote {out} (39 activities, 3 findings)\n")
