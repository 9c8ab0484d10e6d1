"""raci diff: a re-org on a copy of the bundled org, and two commits of a git repo."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import BUNDLED, Cli

PM_GROWTH = "  - id: pm-growth\n    title: Senior Product Manager, Growth\n    reports_to: "


@pytest.fixture
def reorg(tmp_path: Path) -> Path:
    """The bundled org with the Growth team's lead moved from the VP Product to the CRO."""
    shutil.copytree(BUNDLED, tmp_path / "org")
    chart = tmp_path / "org" / "org.yaml"
    text = chart.read_text()
    assert PM_GROWTH + "vp-product\n" in text
    chart.write_text(text.replace(PM_GROWTH + "vp-product\n", PM_GROWTH + "cro\n"))
    return tmp_path / "org"


def test_reorg_exact_diff(cli: Cli, reorg: Path) -> None:
    result = cli("diff", "org", str(reorg), "-f", "json")
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["summary"] == {
        "letters_changed": 2,
        "activities_added": 0,
        "activities_removed": 0,
        "activities_renamed": 0,
        "roles_added": 0,
        "roles_removed": 0,
        "roles_renamed": 0,
        "reporting_moves": 1,
        "holder_changes": 0,
        "new_vacancies": 0,
        "findings_introduced": 1,
        "findings_resolved": 0,
    }
    assert doc["letters"] == [
        {"activity": "scan-opportunities", "role": "cro", "old": "", "new": "I"},
        {"activity": "scan-opportunities", "role": "vp-product", "old": "I", "new": ""},
    ]
    assert doc["reporting_moves"] == [{"role": "pm-growth", "old": "vp-product", "new": "cro"}]
    (gap,) = doc["findings"]["introduced"]
    assert (gap["rule"], gap["entity"]["id"]) == ("authority-gap", "validate-opportunities")
    text = cli("diff", "org", str(reorg)).stdout.splitlines()
    assert text[2:5] == [
        "Letters (2)",
        "  scan-opportunities / cro: - -> I",
        "  scan-opportunities / vp-product: I -> -",
    ]
    assert "  pm-growth: reports to vp-product -> cro" in text


def test_everything_else_that_can_change(cli: Cli, reorg: Path) -> None:
    chart = reorg / "org.yaml"
    text = chart.read_text()
    text = text.replace("    holders: [jonas-weber]\n", "    holders: []\n")  # vp-product
    text = text.replace("title: Head of Legal", "title: General Counsel")
    text = text.replace("  - id: people-ops-lead\n", "  - id: people-ops-partner\n")
    chart.write_text(text)
    acts = reorg / "responsibilities" / "07-budget.yaml"
    acts.write_text(
        acts.read_text().replace(
            "Track spend against budget and reforecast", "Track spend and reforecast"
        )
    )
    doc = json.loads(cli("diff", "org", str(reorg), "-f", "json").stdout)
    assert doc["roles"] == {
        "added": [{"id": "people-ops-partner", "title": "People Operations Lead"}],
        "removed": [{"id": "people-ops-lead", "title": "People Operations Lead"}],
        "renamed": [{"id": "head-legal", "old": "Head of Legal", "new": "General Counsel"}],
    }
    assert doc["activities"]["renamed"] == [
        {
            "id": "track-product-spend",
            "old": "Track spend against budget and reforecast",
            "new": "Track spend and reforecast",
        }
    ]
    assert doc["holder_changes"] == [{"role": "vp-product", "old": ["Jonas Weber"], "new": []}]
    assert doc["new_vacancies"] == ["vp-product"]
    rules = {f["rule"] for f in doc["findings"]["introduced"]}
    assert {"vacant-role", "vacant-accountable"} <= rules


def test_markdown_comment(cli: Cli, reorg: Path) -> None:
    md = cli("diff", "org", str(reorg), "-f", "markdown").stdout
    assert md.startswith("### RACI impact: `org` → `")
    assert "| Letters changed | 2 |" in md
    assert "| Reporting lines moved | 1 |" in md
    assert "<details><summary>Letters (2)</summary>" in md
    assert "- scan-opportunities / cro: - -&gt; I" in md


def test_xlsx_marks_changed_cells(cli: Cli, reorg: Path, tmp_path: Path) -> None:
    target = tmp_path / "diff.xlsx"
    result = cli("diff", "org", str(reorg), "-f", "xlsx", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    wb = openpyxl.load_workbook(target)
    assert wb.sheetnames[:2] == ["Matrix", "Changes"]
    rows = list(wb["Changes"].iter_rows(min_row=2, values_only=True))
    assert [r[:4] for r in rows] == [
        ("scan-opportunities", "cro", "-", "I"),
        ("scan-opportunities", "vp-product", "I", "-"),
    ]
    ref = rows[0][4].split("!")[1].split('"')[0]
    cell = wb["Matrix"][ref]
    assert cell.value == "I"
    assert cell.font.b
    assert cell.fill.fgColor.rgb.endswith("FFFF00")
    assert cli("diff", "org", str(reorg), "-f", "xlsx").exit_code == 2  # needs -o


def test_fail_on_new(cli: Cli, reorg: Path) -> None:
    assert cli("diff", "org", str(reorg), "--fail-on-new", "error").exit_code == 0
    assert cli("diff", "org", str(reorg), "--fail-on-new", "warning").exit_code == 1
    assert cli("diff", str(reorg), "org", "--fail-on-new", "warning").exit_code == 0  # resolves


def git(repo: Path, *args: str) -> str:
    env_args = ["-c", "user.name=t", "-c", "user.email=t@example.com"]
    done = subprocess.run(
        ["git", *env_args, *args], cwd=repo, check=True, capture_output=True, text=True
    )
    return done.stdout


def test_two_commits_of_a_git_repository(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(BUNDLED, repo / "org")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "the org")
    chart = repo / "org" / "org.yaml"
    chart.write_text(chart.read_text().replace(PM_GROWTH + "vp-product\n", PM_GROWTH + "cro\n"))
    git(repo, "commit", "-qam", "growth moves to revenue")
    monkeypatch.chdir(repo)
    result = cli("diff", "HEAD~1", "HEAD", "-f", "json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["old"].startswith("HEAD~1 (")
    assert doc["new"].startswith("HEAD (")
    assert doc["reporting_moves"] == [{"role": "pm-growth", "old": "vp-product", "new": "cro"}]
    assert len(doc["letters"]) == 2
    # A revision against the working tree: the folder holding org/ means its org.
    chart.write_text(chart.read_text().replace("title: Head of Legal", "title: Counsel"))
    doc = json.loads(cli("diff", "HEAD", ".", "-f", "json").stdout)
    assert doc["roles"]["renamed"] == [
        {"id": "head-legal", "old": "Head of Legal", "new": "Counsel"}
    ]


def test_unknown_side_is_a_usage_error(cli: Cli) -> None:
    result = cli("diff", "no-such-rev-or-path", "org")
    assert result.exit_code == 2
    assert "'no-such-rev-or-path' is neither a path nor a git revision" in result.stderr


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository whose first commit has no org, the second adds it, with a raci.toml."""
    repo = tmp_path / "repo"
    (repo / "notes").mkdir(parents=True)
    (repo / "notes" / "README.md").write_text("no YAML here\n")
    (repo / "raci.toml").write_text('ignore = ["vacant-role"]\n')
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "before the org")
    shutil.copytree(BUNDLED, repo / "org")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "the org")
    monkeypatch.chdir(repo)
    return repo


@pytest.mark.usefixtures("repo")
def test_a_revision_without_the_org_is_an_empty_org(cli: Cli) -> None:
    result = cli("diff", "HEAD~1", "HEAD", "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert "raci: HEAD~1: org does not exist in that revision; compared as an empty org" in (
        result.stderr.splitlines()
    )
    doc = json.loads(result.stdout)
    assert doc["summary"]["activities_added"] == 49
    assert doc["summary"]["roles_added"] == 41
    assert doc["summary"]["activities_removed"] == 0
    # The org's own findings are introduced; nothing about "no YAML files" either way.
    assert sorted(f["rule"] for f in doc["findings"]["introduced"]) == ["authority-gap"] * 2
    assert doc["findings"]["resolved"] == []
    assert cli("diff", "HEAD~1", "HEAD", "--fail-on-new", "warning").exit_code == 1
    # And the other way round: the change that deletes the org.
    back = cli("diff", "HEAD", "HEAD~1", "-f", "json")
    assert back.exit_code == 0
    assert json.loads(back.stdout)["summary"]["activities_removed"] == 49
    assert "raci: HEAD~1: org does not exist in that revision" in back.stderr


def test_a_path_with_no_yaml_says_so(cli: Cli, repo: Path) -> None:
    result = cli("diff", "HEAD~1", "HEAD", "--path", "notes")
    assert result.exit_code == 0
    assert "No changes to the RACI" in result.stdout
    assert result.stderr.splitlines()[:2] == [
        f"raci: HEAD~1: no YAML files in {repo.resolve() / 'notes'}; compared as an empty org",
        f"raci: HEAD: no YAML files in {repo.resolve() / 'notes'}; compared as an empty org",
    ]
    empty = repo / "empty"
    empty.mkdir()
    folder = cli("diff", "empty", "org", "-f", "json")
    assert "raci: empty: no YAML files in empty; compared as an empty org" in folder.stderr


def test_a_revision_is_checked_with_the_repositorys_config(cli: Cli, repo: Path) -> None:
    # Unchanged: no finding introduced or resolved (the old side used to run without
    # raci.toml, so the vacant role it ignores showed as "resolved").
    same = json.loads(cli("diff", "HEAD", ".", "-f", "json").stdout)
    assert same["summary"]["findings_introduced"] == same["summary"]["findings_resolved"] == 0
    assert cli("diff", "HEAD", ".", "--fail-on-new", "info").exit_code == 0
    # Two revisions: both with the working tree's raci.toml, findings at the
    # repository's paths, not in a deleted temporary folder.
    chart = repo / "org" / "org.yaml"
    chart.write_text(chart.read_text().replace(PM_GROWTH + "vp-product\n", PM_GROWTH + "cro\n"))
    git(repo, "commit", "-qam", "growth moves to revenue")
    for old, new in (("HEAD~1", "HEAD"), ("HEAD~1", ".")):
        doc = json.loads(cli("diff", old, new, "-f", "json").stdout)
        (gap,) = doc["findings"]["introduced"]
        # At the activity (its policy's selector is the related location).
        assert (gap["rule"], gap["file"]) == (
            "authority-gap",
            "org/responsibilities/02-new-opportunities.yaml",
        )
        assert doc["findings"]["resolved"] == []
    text = cli("diff", "HEAD", "HEAD~1").stdout
    assert "(org/responsibilities/02-new-opportunities.yaml:" in text
    assert "raci-diff-" not in text


@pytest.mark.usefixtures("repo")
@pytest.mark.parametrize("new", [".", "HEAD"])
def test_a_path_in_neither_the_revision_nor_the_tree_is_a_typo(cli: Cli, new: str) -> None:
    result = cli("diff", "HEAD~1", new, "--path", "orgg")
    assert result.exit_code == 2
    assert "orgg: not in revision HEAD~1, nor in the working tree; check --path" in result.stderr
