"""`# raci: ignore[...]` comments: where they apply, what they cannot hide."""

from __future__ import annotations

from pathlib import Path

import raci
from raci.config import Config
from tests.conftest import write_org

ORG = Path("tests/rules/no-accountable/pass.yaml").read_text(encoding="utf-8")
BROKEN = ORG.replace("raci: {A: cpo, R: pm, C: designer, I: ceo}", "raci: {R: pm}")


def check(tmp_path: Path, text: str, config: Config | None = None) -> raci.Report:
    write_org(tmp_path, {"org.yaml": text})
    return raci.check(raci.load(tmp_path), config)


def rules(report: raci.Report) -> list[tuple[str, int]]:
    return [(f.rule, f.loc.line) for f in report.findings]


def test_unsuppressed(tmp_path: Path) -> None:
    assert rules(check(tmp_path, BROKEN)) == [("no-accountable", 21)]


def test_on_the_line_before(tmp_path: Path) -> None:
    text = BROKEN.replace(
        "  - id: roadmap\n",
        "  # raci: ignore[no-accountable] decided in the exec offsite\n  - id: roadmap\n",
    )
    report = check(tmp_path, text)
    assert rules(report) == []
    assert report.suppressed == 1


def test_on_the_same_line_by_code(tmp_path: Path) -> None:
    text = BROKEN.replace("  - id: roadmap\n", "  - id: roadmap  # raci: ignore[ACT001] later\n")
    assert rules(check(tmp_path, text)) == []


def test_two_lines_above_does_not_count(tmp_path: Path) -> None:
    text = BROKEN.replace(
        "  - id: roadmap\n", "  # raci: ignore[no-accountable]\n\n  - id: roadmap\n"
    )
    assert rules(check(tmp_path, text)) == [("unused-suppression", 19), ("no-accountable", 23)]


def test_whole_file(tmp_path: Path) -> None:
    text = "# raci: ignore-file[no-accountable, span-of-control]\n" + BROKEN
    report = check(tmp_path, text)
    assert rules(report) == [("unused-suppression", 1)]  # span-of-control matched nothing
    assert report.findings[0].message == (
        "'# raci: ignore-file[span-of-control]' suppresses nothing"
    )


def test_load_errors_cannot_be_suppressed(tmp_path: Path) -> None:
    text = BROKEN.replace(
        "raci: {R: pm}", "raci: {R: pmm}  # raci: ignore[unknown-reference, no-accountable]"
    )
    report = check(tmp_path, text)
    assert rules(report) == [
        ("no-responsible", 21),
        ("unknown-reference", 21),
        ("unused-suppression", 21),
    ]
    assert report.findings[2].message == (
        "'unknown-reference' is a load rule; load problems cannot be suppressed"
    )


def test_bare_suppression_is_refused(tmp_path: Path) -> None:
    text = BROKEN.replace("  - id: roadmap\n", "  # raci: ignore\n  - id: roadmap\n")
    report = check(tmp_path, text)
    assert rules(report) == [("unused-suppression", 19), ("no-accountable", 22)]
    assert "bare" in report.findings[0].message


def test_suppression_of_a_deselected_rule_is_not_reported(tmp_path: Path) -> None:
    text = ORG.replace("  - id: roadmap\n", "  # raci: ignore[authority-gap]\n  - id: roadmap\n")
    assert rules(check(tmp_path, text, Config(ignore=("authority-gap",)))) == []
    assert rules(check(tmp_path, text)) == [("unused-suppression", 19)]


def test_suppressions_survive_the_parse_cache(tmp_path: Path) -> None:
    text = BROKEN.replace("  - id: roadmap\n", "  - id: roadmap  # raci: ignore[ACT001] later\n")
    first = check(tmp_path, text)
    second = raci.check(raci.load(tmp_path))  # from the cache
    assert rules(first) == rules(second) == []
    assert second.suppressed == 1
