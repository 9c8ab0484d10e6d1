"""Docs that cannot go stale: generated parts are current, every field is documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from raci.docs import cli_markdown, refresh_check_md
from raci.docs import main as docs_main
from raci.model import ENTITY_SECTIONS, OrgFile
from raci.rules import REGISTRY
from raci.rules.docs import rules_markdown
from tests.conftest import ROOT, Cli

DOCS = ROOT / "docs"


def test_rule_table_in_check_md_is_current() -> None:
    text = (DOCS / "check.md").read_text(encoding="utf-8")
    assert refresh_check_md(text) == text, "docs/check.md is stale: run `python -m raci.docs`"


def test_rules_md_is_generated_from_the_rules() -> None:
    text = (DOCS / "rules.md").read_text(encoding="utf-8")
    assert text == rules_markdown(), "docs/rules.md is stale: run `python -m raci.docs`"


def test_every_rule_documents_what_why_examples_and_fix() -> None:
    text = (DOCS / "rules.md").read_text(encoding="utf-8")
    for rule in REGISTRY.values():
        assert f"### {rule.slug}\n" in text
        assert all((rule.summary, rule.why, rule.fix)), rule.slug
        assert all((rule.example.strip(), rule.fixed.strip())), rule.slug
        assert rule.example != rule.fixed, rule.slug


def test_every_field_of_the_format_is_documented() -> None:
    text = (DOCS / "format.md").read_text(encoding="utf-8")
    for key in OrgFile.model_fields:
        assert f"| `{key}` |" in text, key
    for section, model in ENTITY_SECTIONS.items():
        part = text.split(f"## {section}\n", 1)[1].split("\n## ", 1)[0]
        documented = set(re.findall(r"^\| `(\w+)` \|", part, flags=re.M))
        assert documented == set(model.model_fields), section


def test_readme_starts_with_the_two_commands() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"```sh\n(.+?)\n```", text)
    assert commands[:2] == ["python3 scripts/run.py", "python3 scripts/test.py"]
    assert (ROOT / ".ci" / "run").read_text().strip().endswith("exec python3 scripts/test.py")


def test_configuration_example_in_check_md_is_valid(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from raci.config import load_config

    text = (DOCS / "check.md").read_text(encoding="utf-8")
    example = re.search(r"```toml\n(.+?)```", text, flags=re.S)
    assert example is not None
    (tmp_path / "pyproject.toml").write_text(example.group(1), encoding="utf-8")
    config = load_config(tmp_path / "pyproject.toml")
    assert config.options["too-many-consulted"] == {"max": 3}
    assert config.fail_on.value == "warning"


def test_precommit_hook_is_documented() -> None:
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "id: raci-check" in hooks
    assert "id: raci-check" in (DOCS / "ci.md").read_text(encoding="utf-8")


def test_cli_reference_is_generated_from_help() -> None:
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    assert text == cli_markdown(), "docs/cli.md is stale: run `python -m raci.docs`"
    assert "## raci import matrix" in text
    assert "## raci diff" in text


def test_shell_completion_is_documented_and_works(cli: Cli) -> None:
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    assert 'eval "$(_RACI_COMPLETE=bash_source raci)"' in text
    script = cli(env={"_RACI_COMPLETE": "bash_source"})
    assert script.exit_code == 0
    assert "_raci_completion()" in script.stdout


def test_python_m_raci_docs_writes_what_the_tests_compare(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "docs").mkdir()
    stale = (DOCS / "check.md").read_text(encoding="utf-8").replace("| ACT001 |", "| ACT0 |")
    (tmp_path / "docs" / "check.md").write_text(stale, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    docs_main()
    written = tmp_path / "docs"
    assert (written / "check.md").read_text(encoding="utf-8") == refresh_check_md(stale)
    assert "| ACT001 |" in (written / "check.md").read_text(encoding="utf-8")
    assert (written / "rules.md").read_text(encoding="utf-8") == rules_markdown()
    assert (written / "cli.md").read_text(encoding="utf-8") == cli_markdown()


def test_rule_text_shows_options_and_load_rules(cli: Cli) -> None:
    span = cli("rule", "span-of-control").stdout
    assert "Options: max = 12, min = 2\n" in span
    assert "cannot be turned off" not in span
    load = cli("rule", "syntax-error").stdout
    assert "A load problem: always an error, cannot be turned off or suppressed." in load
    assert "Options:" not in load
