"""Every output format, as golden files on one fixture org, plus each format's contract.

Regenerate the golden files after an intended change with
`UPDATE_GOLDEN=1 python -m pytest tests/test_formats.py` (it fails after writing), review
the diff, and run it again without UPDATE_GOLDEN.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

import raci
from raci.cli import CHECK_FORMATS
from raci.yamledit import apply_edits
from tests.conftest import TESTS, Cli
from tests.update_golden import assert_golden

ORG = "tests/golden/formats/org"
GOLDEN = TESTS / "golden" / "formats"
SUFFIX = {
    "text": "txt",
    "concise": "txt",
    "json": "json",
    "sarif": "sarif",
    "github": "txt",
    "junit": "xml",
    "gitlab": "json",
}


def output(cli: Cli, fmt: str, *extra: str) -> str:
    result = cli("check", ORG, "--format", fmt, *extra)
    assert result.exit_code == 1, result.stderr
    assert "raci: checked 'Formats'" in result.stderr  # the summary goes to stderr only
    return result.stdout


@pytest.mark.parametrize("fmt", CHECK_FORMATS)
def test_golden(cli: Cli, fmt: str) -> None:
    got = output(cli, fmt)
    assert_golden(got, GOLDEN / f"expected-{fmt}.{SUFFIX[fmt]}")
    assert "raci: checked" not in got


def test_sarif_is_valid_against_the_official_schema(cli: Cli) -> None:
    doc = json.loads(output(cli, "sarif"))
    schema = json.loads((TESTS / "data" / "sarif-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(doc)
    (run,) = doc["runs"]
    rules = run["tool"]["driver"]["rules"]
    for rule in rules:  # what GitHub code scanning reads
        assert rule["id"]
        assert rule["shortDescription"]["text"]
        assert rule["fullDescription"]["text"]
        assert rule["help"]["text"]
    assert len(run["results"]) == 4
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1
        assert result["partialFingerprints"]["raciFinding/v1"]
    assert run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": f"{ORG}/org.yaml",
        "uriBaseId": "%SRCROOT%",
    }


def test_sarif_fixes_are_the_edits_suggest_writes(cli: Cli) -> None:
    """Applying a result's SARIF replacements gives the text `raci suggest --write` writes."""
    doc = json.loads(output(cli, "sarif"))
    fixed = {r["ruleId"]: r["fixes"] for r in doc["runs"][0]["results"] if "fixes" in r}
    report = raci.check(raci.load(ORG, use_cache=False))
    edits = {f.code: f.edit for f in report.findings if f.edit is not None}
    assert sorted(fixed) == sorted(edits) == ["ACT001", "ACT008"]
    original = (Path(ORG) / "work.yaml").read_text(encoding="utf-8")
    for code, (fix,) in fixed.items():
        (change,) = fix["artifactChanges"]
        assert change["artifactLocation"]["uri"] == f"{ORG}/work.yaml"
        text = original
        for r in reversed(change["replacements"]):
            start, length = r["deletedRegion"]["charOffset"], r["deletedRegion"]["charLength"]
            text = text[:start] + r["insertedContent"]["text"] + text[start + length :]
        edit = edits[code]
        assert edit is not None
        assert text == apply_edits(Path(edit.loc.file), list(edit.letters)) != original
    assert fixed["ACT001"][0]["description"]["text"].startswith("set A: pm (")


def test_sarif_of_a_clean_run_is_valid(cli: Cli) -> None:
    result = cli("check", "tests/rules/no-accountable/pass.yaml", "-f", "sarif")
    assert result.exit_code == 0
    schema = json.loads((TESTS / "data" / "sarif-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(json.loads(result.stdout))


def test_fingerprints_survive_edits_above_a_finding(cli: Cli, tmp_path: Path) -> None:
    import shutil

    shutil.copytree(ORG, tmp_path / "org")
    before = json.loads(cli("check", str(tmp_path / "org"), "-f", "sarif").stdout)
    work = tmp_path / "org" / "work.yaml"
    work.write_text("# a comment\n\n" + work.read_text(encoding="utf-8"), encoding="utf-8")
    after = json.loads(cli("check", str(tmp_path / "org"), "-f", "sarif").stdout)

    def prints(doc: dict) -> list[str]:  # type: ignore[type-arg]
        return [r["partialFingerprints"]["raciFinding/v1"] for r in doc["runs"][0]["results"]]

    assert prints(before) == prints(after)


def test_junit_parses_with_one_failure_per_finding(cli: Cli) -> None:
    root = ET.fromstring(output(cli, "junit"))
    (suite,) = root.findall("testsuite")
    cases = suite.findall("testcase")
    failures = [c for c in cases if c.find("failure") is not None]
    assert int(suite.get("failures", "")) == len(failures) == 4
    assert int(suite.get("tests", "")) == len(cases)
    assert {c.get("classname") for c in failures} == {
        "raci.vacant-role",
        "raci.unknown-reference",
        "raci.no-accountable",
        "raci.authority-gap",
    }


def test_github_annotations_escape_properties(cli: Cli) -> None:
    lines = output(cli, "github").splitlines()
    assert lines[0].startswith(f"::notice file={ORG}/org.yaml,line=7,col=54,title=vacant-role ")
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines)


def test_gitlab_code_quality(cli: Cli) -> None:
    issues = json.loads(output(cli, "gitlab"))
    assert [i["severity"] for i in issues] == ["info", "major", "major", "minor"]
    assert len({i["fingerprint"] for i in issues}) == 4
    assert issues[2]["location"] == {"path": f"{ORG}/work.yaml", "lines": {"begin": 4}}


def test_format_from_environment(cli: Cli) -> None:
    assert cli("check", ORG, env={"RACI_FORMAT": "concise"}).stdout == output(cli, "concise")
    assert cli("check", ORG, env={"GITHUB_ACTIONS": "true"}).stdout == output(cli, "github")
    explicit = cli("check", ORG, "-f", "json", env={"GITHUB_ACTIONS": "true"}).stdout
    assert explicit == output(cli, "json")
    assert cli("check", ORG, env={"RACI_FORMAT": "xml"}).exit_code == 2


def test_verbose_adds_provenance(cli: Cli) -> None:
    text = cli("check", ORG, "-v").stdout
    assert "why: 'em' reports up through: cto -> ceo" in text
    assert "why: severity warning (rule default)" in text
    concise = cli("check", ORG, "-v", "-f", "concise").stdout
    assert "    why: activity 'tooling' is defined at" in concise


def test_statistics(cli: Cli) -> None:
    result = cli("check", ORG, "--statistics")
    assert result.stdout == (
        "1  ACT001   no-accountable\n1  ACT008   authority-gap\n"
        "1  LOAD003  unknown-reference\n1  ORG003   vacant-role\n"
    )
    assert result.exit_code == 1


def test_quiet_prints_nothing(cli: Cli) -> None:
    result = cli("check", ORG, "-q")
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", "")


def test_output_file_is_written_atomically(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "out.sarif"
    result = cli("check", ORG, "-f", "sarif", "-o", str(target))
    assert result.stdout == ""
    assert target.read_text(encoding="utf-8") == output(cli, "sarif")
    assert [p.name for p in tmp_path.iterdir()] == ["out.sarif"]


def test_exit_zero(cli: Cli) -> None:
    assert cli("check", ORG, "--exit-zero").exit_code == 0
