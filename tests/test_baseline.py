"""Baselines: today's findings accepted, new ones reported, edits above survive."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import Cli

ORG = Path("tests/golden/formats/org")


@pytest.fixture
def org(tmp_path: Path) -> Path:
    shutil.copytree(ORG, tmp_path / "org")
    return tmp_path / "org"


def test_baseline_round_trip_survives_edits_above(cli: Cli, org: Path, tmp_path: Path) -> None:
    base = tmp_path / "baseline.json"
    result = cli("check", str(org), "--write-baseline", str(base))
    assert result.exit_code == 0
    assert "wrote 3 baseline entries" in result.stderr
    doc = json.loads(base.read_text())
    assert [e["rule"] for e in doc["findings"]] == [
        "authority-gap",
        "no-accountable",
        "vacant-role",
    ]

    work = org / "work.yaml"
    work.write_text("# moved down by this comment\n\n\n" + work.read_text())
    org_yaml = org / "org.yaml"
    org_yaml.write_text(
        org_yaml.read_text().replace("people:\n", "people:\n  - {id: zed, name: Zed}\n")
    )

    result = cli("check", str(org), "--baseline", str(base), "-f", "concise")
    # The load error is never baselined; the three rule findings moved but are known.
    assert result.stdout.splitlines() == [
        f"{org.as_posix()}/org.yaml:9:72: LOAD003 [error] role 'sre' has a dotted line to "
        "'cpoo', which is not a known role"
    ]
    assert "(3 in the baseline)" in result.stderr


def test_a_new_finding_on_a_known_entity_is_still_new(cli: Cli, org: Path, tmp_path: Path) -> None:
    base = tmp_path / "baseline.json"
    cli("check", str(org), "--write-baseline", str(base))
    work = org / "work.yaml"
    work.write_text(
        work.read_text().replace(
            "raci: {A: cpo, R: [pm, em]}", "raci: {A: cpo, R: [pm, em], C: em}"
        )
    )
    result = cli("check", str(org), "--baseline", str(base), "-f", "concise")
    assert [line.split()[1] for line in result.stdout.splitlines()] == ["LOAD003", "ACT007"]


@pytest.mark.parametrize("content", ["", "{}", '{"version": 9, "findings": []}', "[1]"])
def test_bad_baseline_is_a_usage_error(cli: Cli, tmp_path: Path, content: str) -> None:
    base = tmp_path / "b.json"
    base.write_text(content)
    result = cli("check", str(ORG), "--baseline", str(base))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"raci: error: {base}")


def test_missing_baseline_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    result = cli("check", str(ORG), "--baseline", str(tmp_path / "none.json"))
    assert result.exit_code == 2
    assert "no such baseline file" in result.stderr


@pytest.mark.parametrize("same_file", [False, True], ids=["new-file", "in-place"])
def test_rewriting_a_baseline_keeps_the_accepted_findings(
    cli: Cli, org: Path, tmp_path: Path, same_file: bool
) -> None:
    old = tmp_path / "old.json"
    cli("check", str(org), "--write-baseline", str(old))
    accepted = json.loads(old.read_text())["findings"]
    assert len(accepted) == 3
    work = org / "work.yaml"  # one more finding: a second R that is also C
    work.write_text(
        work.read_text().replace(
            "raci: {A: cpo, R: [pm, em]}", "raci: {A: cpo, R: [pm, em], C: em}"
        )
    )
    new = old if same_file else tmp_path / "new.json"
    result = cli("check", str(org), "--baseline", str(old), "--write-baseline", str(new))
    assert result.exit_code == 0
    assert f"wrote 4 baseline entries to {new}" in result.stderr
    entries = json.loads(new.read_text())["findings"]
    assert [e for e in entries if e in accepted] == accepted
    assert [e["rule"] for e in entries if e not in accepted] == ["conflicting-letters"]
    # With the rewritten baseline, nothing is new.
    again = cli("check", str(org), "--baseline", str(new), "-f", "concise")
    assert [line.split()[1] for line in again.stdout.splitlines()] == ["LOAD003"]


def test_rewriting_from_a_broken_baseline_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_text("[1]")
    result = cli("check", str(ORG), "--baseline", str(old), "--write-baseline", str(new))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"raci: error: {old}: not a raci baseline")
    assert not new.exists()
