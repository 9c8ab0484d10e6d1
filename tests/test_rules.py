"""Every rule has a failing and a passing fixture under tests/rules/<slug>/.

`fail*.yaml` must give exactly the findings of that rule listed in the matching
`.expected` file (line:column entity message); `pass.yaml` must give no finding at all.
The pair is the rule's documented example: pass.yaml holds the `fixed` YAML that
`raci rule` and docs/rules.md show, and swapping in the `example` YAML gives fail.yaml.
A raci.toml beside the fixtures configures them (another scheme, the example's options);
`fail-defaults.yaml` is checked without it, with the rule's default options.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import raci
from raci.rules import REGISTRY
from raci.runner import load_org

FIXTURES = Path(__file__).parent / "rules"
FAILING = sorted(FIXTURES.glob("*/fail*.yaml"))
PASSING = sorted(FIXTURES.glob("*/pass.yaml"))


def _check(path: Path) -> raci.Report:
    """Check a fixture with the raci.toml beside it, if any (e.g. another scheme)."""
    org, config = load_org(path, use_cache=False, isolated=path.stem.endswith("-defaults"))
    return raci.check(org, config)


def _lines(path: Path, rule: str) -> list[str]:
    report = _check(path)
    return [
        f"{f.loc.line}:{f.loc.column} {f.entity.kind}:{f.entity.id} {f.message}"
        for f in report.findings
        if f.rule == rule
    ]


def swap(text: str, old: str, new: str) -> str | None:
    """`text` with the lines of `old` replaced by those of `new`, at the indentation `old` has."""
    lines = text.splitlines()
    old_lines = old.rstrip("\n").splitlines()
    for indent in ("", "  ", "    "):
        block = [indent + x if x else x for x in old_lines]
        for i in range(len(lines) - len(block) + 1):
            if lines[i : i + len(block)] == block:
                fresh = [indent + x if x else x for x in new.rstrip("\n").splitlines()]
                return "\n".join([*lines[:i], *fresh, *lines[i + len(block) :]]) + "\n"
    return None


def test_every_rule_has_fixtures() -> None:
    assert sorted(p.name for p in FIXTURES.iterdir() if p.is_dir()) == sorted(REGISTRY)
    for slug in REGISTRY:
        assert (FIXTURES / slug / "pass.yaml").is_file(), slug
        assert (FIXTURES / slug / "fail.yaml").is_file(), slug


@pytest.mark.parametrize("slug", sorted(REGISTRY))
def test_documented_examples_are_the_fixture_pair(slug: str) -> None:
    rule = REGISTRY[slug]
    passing = (FIXTURES / slug / "pass.yaml").read_text(encoding="utf-8")
    failing = (FIXTURES / slug / "fail.yaml").read_text(encoding="utf-8")
    assert swap(passing, rule.fixed, rule.example) == failing, (
        f"{slug}: the rule's `fixed` YAML must sit in pass.yaml, and putting its `example`"
        " in its place must give fail.yaml"
    )


def test_swap_finds_the_block_at_its_indentation() -> None:
    text = "a:\n  - x: 1\n    y: 2\nb: 3\n"
    assert swap(text, "- x: 1\n  y: 2", "- x: 9") == "a:\n  - x: 9\nb: 3\n"
    assert swap(text, "- x: 2", "- x: 9") is None


@pytest.mark.parametrize("path", FAILING, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_failing_fixture_gives_exact_findings(path: Path) -> None:
    expected = path.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    assert expected, "an empty .expected file would make this test unable to fail"
    assert _lines(path, path.parent.name) == expected


@pytest.mark.parametrize("path", PASSING, ids=lambda p: p.parent.name)
def test_passing_fixture_is_clean(path: Path) -> None:
    report = _check(path)
    assert [f.message for f in report.findings] == []
