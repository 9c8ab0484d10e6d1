"""Findings on letters a policy gave: primary at the activity, the policy as related."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

import raci
from tests.conftest import TESTS, Cli, write_org

ORG = """\
people: [{id: p, name: P}]
roles:
  - {id: ceo, title: CEO, holders: [p]}
  - {id: cpo, title: CPO, reports_to: ceo, holders: [p]}
  - {id: cto, title: CTO, reports_to: ceo, holders: [p]}
  - {id: eng, title: Engineer, reports_to: cto, holders: [p]}
  - {id: qa, title: QA, reports_to: cto, holders: [p]}
policies:
  delegated:
    A: owner
    R: eng
"""
WORK = """\
activities:
  - id: one
    title: One
    owner: cpo
    policy: delegated
  - id: two
    title: Two
    owner: cpo
    policy: delegated
    raci: {C: cto}
"""


def folder(tmp_path: Path, org: str = ORG, work: str = WORK) -> Path:
    return write_org(tmp_path / "org", {"org.yaml": org, "work.yaml": work})


def test_primary_at_the_activity_and_the_policy_related(tmp_path: Path) -> None:
    report = raci.check(raci.load(folder(tmp_path), use_cache=False))
    gaps = [f for f in report.findings if f.rule == "authority-gap"]
    # one has no raci: it points at its id; two at its raci: key
    assert [(f.entity.id, f.loc.file.endswith("work.yaml"), f.loc.line) for f in gaps] == [
        ("one", True, 2),
        ("two", True, 10),
    ]
    for f in gaps:
        (related,) = f.related
        assert (Path(related.loc.file).name, related.loc.line) == ("org.yaml", 10)
        assert related.note == "policy delegated: A: 'owner' gives it to 'cpo'"


def test_an_explicit_letter_has_no_related_location(tmp_path: Path) -> None:
    work = WORK.replace("raci: {C: cto}", "raci: {A: cpo}")
    report = raci.check(raci.load(folder(tmp_path, work=work), use_cache=False))
    (two,) = [f for f in report.findings if f.entity.id == "two"]
    assert (two.loc.line, two.loc.column, two.related) == (10, 15, ())


def test_text_json_and_sarif_show_the_related_location(cli: Cli, tmp_path: Path) -> None:
    path = str(folder(tmp_path))
    policy = f"{path}/org.yaml:10:8"
    text = cli("check", path, "-v").stdout
    assert f"why: policy delegated: A: 'owner' gives it to 'cpo', at {policy}" in text
    assert "at " + policy not in cli("check", path).stdout
    doc = json.loads(cli("check", path, "-f", "json").stdout)
    assert [f["related"] for f in doc["findings"]] == [
        [
            {
                "file": f"{path}/org.yaml",
                "line": 10,
                "column": 8,
                "message": "policy delegated: A: 'owner' gives it to 'cpo'",
            }
        ]
    ] * 2
    sarif = json.loads(cli("check", path, "-f", "sarif").stdout)
    schema = json.loads((TESTS / "data" / "sarif-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(sarif)
    for result in sarif["runs"][0]["results"]:
        (related,) = result["relatedLocations"]
        assert related["physicalLocation"]["region"] == {"startLine": 10, "startColumn": 8}
        assert related["message"]["text"].startswith("policy delegated: A: 'owner'")


def test_a_suppression_on_the_policy_covers_every_activity_it_gives_to(tmp_path: Path) -> None:
    org = ORG.replace("    A: owner\n", "    A: owner  # raci: ignore[authority-gap] accepted\n")
    report = raci.check(raci.load(folder(tmp_path, org=org), use_cache=False))
    assert [f.rule for f in report.findings] == []
    assert report.suppressed == 2


def test_a_suppression_at_the_activity_covers_that_activity(tmp_path: Path) -> None:
    work = WORK.replace("    raci: {C: cto}\n", "    raci: {C: cto}  # raci: ignore[ACT008] ok\n")
    report = raci.check(raci.load(folder(tmp_path, work=work), use_cache=False))
    assert [(f.rule, f.entity.id) for f in report.findings] == [("authority-gap", "one")]
    assert report.suppressed == 1
