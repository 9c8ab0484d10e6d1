"""Broken and hostile org YAML (issue 12): a finding with a location, never a traceback.

Every input is generated here; each class is fed several variants.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest

import raci
from raci.findings import Finding
from tests.conftest import Cli, write_org

ORG = """name: Test
roles:
  - {id: ceo, title: CEO, holders: [dana], tags: [exec]}
  - {id: pm, title: PM, reports_to: ceo, holders: [sam]}
people:
  - {id: dana, name: Dana}
  - {id: sam, name: Sam}
"""
ACTS = "activities:\n  - id: plan\n    title: Plan\n    raci: {A: ceo, R: pm}\n"


def findings(path: Path) -> list[Finding]:
    return list(raci.check(raci.load(path, use_cache=False)).findings)


def shown(found: list[Finding], rule: str | None = None) -> list[str]:
    return [
        f"{f.loc.file.rsplit('/', 1)[-1]}:{f.loc.line}:{f.loc.column} {f.rule} {f.message}"
        for f in found
        if rule is None or f.rule == rule
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("!!int abc", "!!int 'abc' is not a valid whole number"),
        ("!!float x1", "!!float 'x1' is not a valid number"),
        ("!!bool maybe", "!!bool 'maybe' is not a valid true/false value"),
        ("!!null here", "!!null 'here' is not a valid null value"),
        ("!<tag:yaml.org,2002:int> zz", "!!int 'zz' is not a valid whole number"),
        ("!!int " + "9" * 5000, "!!int '" + "9" * 5000 + "' is not a valid whole number"),
        (
            "!!timestamp 2024-13-45",
            "the YAML tag !!timestamp is not part of raci's format; the value is read as text",
        ),
        (
            "!!binary aGk=",
            "the YAML tag !!binary is not part of raci's format; the value is read as text",
        ),
        (
            "!python/object:os.system ls",
            "the YAML tag !python/object:os.system is not part of raci's format; "
            "the value is read as text",
        ),
        (
            "!!set {x}",
            "the YAML tag !!set is not part of raci's format; "
            "this collection is read as it is written",
        ),
    ],
)
def test_tags_that_do_not_construct_are_findings_at_the_tag(
    tmp_path: Path, cli: Cli, value: str, message: str
) -> None:
    bad = ACTS.replace("title: Plan", f"description: {value}\n    title: Plan")
    other = ACTS.replace("plan", "ship").replace("Plan", "Ship").replace("R: pm", "R: nobody")
    write_org(tmp_path / "org", {"org.yaml": ORG, "a.yaml": bad, "b.yaml": other})
    got = shown(findings(tmp_path / "org"))
    # The other file is still checked, and so is the rest of the tagged activity.
    assert [line for line in got if "syntax-error" in line] == [
        f"a.yaml:3:18 syntax-error {message}"
    ]
    assert sorted(line for line in got if "b.yaml" in line) == [
        "b.yaml:4:23 unknown-reference activity 'ship': R: 'nobody' is not a known role",
        "b.yaml:4:5 no-responsible activity 'ship' has no Responsible (R) role: "
        "nobody does the work",
    ]
    assert not any(line.startswith("a.yaml:4") for line in got)  # plan's letters held
    result = cli("check", "-f", "concise", str(tmp_path / "org"))
    assert result.exit_code == 1
    assert "Traceback" not in result.output + result.stderr


@pytest.mark.parametrize("value", ["!!int abc", "!!timestamp 2024-13-45", "!!bool maybe"])
def test_diff_survives_bad_tags(tmp_path: Path, cli: Cli, value: str) -> None:
    write_org(tmp_path / "old", {"org.yaml": ORG, "a.yaml": ACTS})
    bad = ACTS.replace("title: Plan", f"title: {value}")
    write_org(tmp_path / "new", {"org.yaml": ORG, "a.yaml": bad})
    result = cli("diff", str(tmp_path / "old"), str(tmp_path / "new"), "-f", "json")
    assert result.exit_code in (0, 1)
    assert "Traceback" not in result.output + result.stderr


def nested(depth: int) -> str:
    """Activities nested `depth` levels, each with its letters."""
    lines = ["activities:"]
    for level in range(depth):
        pad = "  " * (2 * level)
        lines += [
            f"{pad}  - id: a{level}",
            f"{pad}    title: Level {level}",
            f"{pad}    raci: {{A: ceo, R: pm}}",
            f"{pad}    activities:",
        ]
    lines[-1] = lines[-1].replace("activities:", "source: bottom")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("depth", [150, 300, 450])
def test_deeply_nested_activities_load(tmp_path: Path, cli: Cli, depth: int) -> None:
    write_org(tmp_path / "org", {"org.yaml": ORG, "acts.yaml": nested(depth)})
    org = raci.load(tmp_path / "org")  # through the cache: written, then read back
    org = raci.load(tmp_path / "org")
    assert len(org.activities) == depth
    assert org.activities[f"a{depth - 1}"].parent == f"a{depth - 2}"
    result = cli("check", str(tmp_path / "org"))
    assert result.exit_code in (0, 1)
    assert "Traceback" not in result.output + result.stderr


@pytest.mark.parametrize(
    "text",
    [
        nested(600),  # block style
        "activities: " + "[" * 2000 + "]" * 2000 + "\n",  # flow style
        "activities:\n" + "".join("  " * i + "- \n" for i in range(1, 1500)),
    ],
    ids=["block", "flow", "lists"],
)
def test_nesting_past_the_parser_limit_is_a_syntax_error(
    tmp_path: Path, cli: Cli, text: str
) -> None:
    write_org(tmp_path / "org", {"org.yaml": ORG, "acts.yaml": text})
    got = shown(findings(tmp_path / "org"), "syntax-error")
    assert len(got) == 1
    assert got[0].startswith("acts.yaml:")
    assert "exceeded maximum nesting depth" in got[0]
    result = cli("check", str(tmp_path / "org"))
    assert result.exit_code == 1


def test_deep_nesting_parsed_in_two_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Too deep to travel back from the helper process as JSON: parsed again here."""
    from raci import reading

    monkeypatch.setattr(reading, "PARALLEL_BYTES", 0)
    write_org(tmp_path / "org", {"org.yaml": ORG, "a.yaml": nested(400), "b.yaml": ACTS})
    org = raci.load(tmp_path / "org", use_cache=False)
    assert len(org.activities) == 401


def chain(n: int, ring: bool) -> str:
    lines = ["activities:"]
    for i in range(n):
        parent = f"a{i - 1}" if i else (f"a{n - 1}" if ring else None)
        extra = f", parent: {parent}" if parent else ", owner: pm"
        lines.append(f"  - {{id: a{i}, title: A{i}{extra}}}")
    return "\n".join(lines) + "\n"


def test_long_parent_chains_and_rings_load_in_linear_time(tmp_path: Path) -> None:
    """10,000 deep: 41 s (chain) and 80 s (ring) when the walk was quadratic."""
    write_org(tmp_path / "chain", {"org.yaml": ORG, "acts.yaml": chain(10_000, False)})
    write_org(tmp_path / "ring", {"org.yaml": ORG, "acts.yaml": chain(10_000, True)})
    start = time.perf_counter()
    org = raci.load(tmp_path / "chain", use_cache=False)
    ring = raci.load(tmp_path / "ring", use_cache=False)
    assert time.perf_counter() - start < 30
    assert org.activities["a9999"].owner == "pm"
    assert org.inherited[("a9999", "owner")] == "a9998"
    assert [p.rule for p in org.problems] == []
    assert [(p.rule, p.loc.line) for p in ring.problems] == [("parent-cycle", 2)]
    assert ring.problems[0].message == (
        "activity 'a0' is its own ancestor through parent: a0 -> a9999 -> a9998 -> a9997 "
        "-> a9996 -> ... (10000 activities) -> a0; it is read as a top-level activity "
        "until the cycle is broken"
    )


@pytest.mark.parametrize(
    ("acts", "cycle"),
    [
        (
            "  - {id: a, title: A, parent: b}\n  - {id: b, title: B, parent: a}\n",
            "activity 'a' is its own ancestor through parent: a -> b -> a",
        ),
        ("  - {id: a, title: A, parent: a}\n", "activity 'a' is its own parent"),
        (
            "  - {id: c, title: C, parent: a}\n  - {id: b, title: B, parent: c}\n"
            "  - {id: a, title: A, parent: b}\n  - {id: d, title: D, parent: a}\n",
            "activity 'c' is its own ancestor through parent: c -> a -> b -> c",
        ),
    ],
    ids=["pair", "self", "triangle-with-tail"],
)
def test_activity_cycles_are_reported_and_their_members_still_checked(
    tmp_path: Path, cli: Cli, acts: str, cycle: str
) -> None:
    write_org(tmp_path / "org", {"org.yaml": ORG, "acts.yaml": "activities:\n" + acts})
    found = findings(tmp_path / "org")
    assert [f.message.split(";")[0] for f in found if f.rule == "parent-cycle"] == [cycle]
    # The leaf of what is left is checked by the per-activity rules, not skipped.
    assert any(f.rule == "no-accountable" for f in found)
    result = cli("check", str(tmp_path / "org"))
    assert result.exit_code == 1


@pytest.mark.parametrize(
    ("teams", "cycle"),
    [
        (
            "  - {id: x, name: X, parent: y}\n  - {id: y, name: Y, parent: x}\n",
            "team 'x' is its own ancestor through parent: x -> y -> x",
        ),
        ("  - {id: x, name: X, parent: x}\n", "team 'x' is its own parent"),
    ],
)
def test_team_cycles_are_reported(tmp_path: Path, teams: str, cycle: str) -> None:
    write_org(tmp_path / "org", {"org.yaml": ORG + "teams:\n" + teams, "a.yaml": ACTS})
    found = findings(tmp_path / "org")
    assert [f.message.split(";")[0] for f in found if f.rule == "parent-cycle"] == [cycle]


@pytest.mark.parametrize(
    ("letters", "where", "message"),
    [
        ("{A: ceo, R: [pm, [x]]}", "4:28", "R item 2 is a list, not a selector"),
        ("{A: ceo, R: pm, I: null}", "4:30", "I is an empty value, not a selector"),
        ("{A: ceo, R: pm, C: {x: 1}}", "4:27", "C is a mapping, not a selector"),
        ("{A: ceo, R: pm, C: true}", "4:30", "C is a true/false value, not a selector"),
        ("{A: ceo, R: [pm, ''], I: [ceo]}", "4:28", "R item 2 is empty text, not a selector"),
    ],
)
def test_one_bad_selector_keeps_the_rest_of_the_letters(
    tmp_path: Path, cli: Cli, letters: str, where: str, message: str
) -> None:
    write_org(
        tmp_path / "org",
        {"org.yaml": ORG, "a.yaml": ACTS.replace("{A: ceo, R: pm}", letters)},
    )
    found = findings(tmp_path / "org")
    assert shown(found, "schema-error") == [
        f"a.yaml:{where} schema-error activity 'plan': {message}; the other letters are kept"
    ]
    assert not any(f.rule in ("no-accountable", "no-responsible") for f in found)
    assert cli("check", str(tmp_path / "org")).exit_code == 1


def test_schema_messages_name_the_value_not_pydantic_internals(tmp_path: Path) -> None:
    roles = ORG.replace("tags: [exec]}", "tags: [exec], attributes: {level: [1]}}")
    policies = "policies:\n  standard: {A: owner, R: [[pm]]}\n"
    write_org(tmp_path / "org", {"org.yaml": roles, "p.yaml": policies})
    got = [p.message for p in raci.load(tmp_path / "org", use_cache=False).problems]
    assert got == [
        "role 'ceo': 'attributes.level' is a list; it should be text or a whole number "
        "or a number or true/false",
        "policy 'standard': R item 1 is a list, not a selector; the other letters are kept",
    ]
    assert not any("[" in m.split(":")[1] for m in got)


def test_an_unreadable_subfolder_is_a_usage_error(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Simulated: the tests run as root, who can read any folder, so os.scandir is made
    to refuse the one folder as it would for another user."""
    write_org(tmp_path / "org", {"org.yaml": ORG, "secret/acts.yaml": ACTS})
    real = os.scandir

    def scandir(path: Any = ".") -> Any:
        if str(path).endswith("secret"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    with pytest.raises(raci.LoadError, match=r"secret: cannot be read \(Permission denied\)"):
        raci.load(tmp_path / "org")
    result = cli("check", str(tmp_path / "org"))
    assert result.exit_code == 2
    assert "secret: cannot be read (Permission denied)" in result.stderr


@pytest.mark.parametrize("char", ["\x01", "\x07", "\x1b", "\x7f", "\ufffe"])
@pytest.mark.parametrize(
    ("before", "where"),
    [("plain", "3:17"), ("Prévu ünd", "3:21")],
)
def test_control_characters_are_located_at_their_line_and_column(
    tmp_path: Path, cli: Cli, char: str, before: str, where: str
) -> None:
    text = ACTS.replace("title: Plan", f"title: {before}{char}x")
    write_org(tmp_path / "org", {"org.yaml": ORG, "a.yaml": text})
    got = shown(findings(tmp_path / "org"), "syntax-error")
    assert got == [
        f"a.yaml:{where} syntax-error YAML error: character U+{ord(char):04X} is not allowed "
        "(control characters are not allowed)"
    ]
    assert cli("check", str(tmp_path / "org")).exit_code == 1


@pytest.mark.parametrize(
    "args",
    [
        ["check", "{org}"],
        ["stats", "{org}"],
        ["show", "a1999", "{org}"],
        ["export", "xlsx", "{org}", "-o", "{out}/raci.xlsx"],
        ["diagram", "raci", "{org}", "-o", "{out}/raci.dot"],
    ],
    ids=lambda a: a[0],
)
def test_every_command_takes_a_deep_parent_chain(tmp_path: Path, cli: Cli, args: list[str]) -> None:
    """2,000 levels: past Python's recursion limit for anything that walks it recursively."""
    text = chain(2_000, False).replace(", owner: pm", ", owner: ceo, raci: {A: ceo, R: pm}")
    write_org(tmp_path / "org", {"org.yaml": ORG, "acts.yaml": text})
    (tmp_path / "out").mkdir()
    full = [a.format(org=tmp_path / "org", out=tmp_path / "out") for a in args]
    result = cli(*full)
    assert result.exit_code in (0, 1), result.output + result.stderr


@pytest.mark.parametrize(
    ("field", "value", "kept"),
    [
        ("holders", "[dana, [x]]", ["dana"]),
        ("holders", "[{a: 1}, dana]", ["dana"]),
        ("dotted_to", "[pm, null]", ["pm"]),
        ("tags", "[exec, [x], null]", ["exec"]),
    ],
)
def test_one_bad_list_item_keeps_the_rest_of_the_list(
    tmp_path: Path, field: str, value: str, kept: list[str]
) -> None:
    ceo = {"holders": "[dana]", "tags": "[exec]", field: value}
    role = "  - id: ceo\n    title: CEO\n" + "".join(f"    {k}: {v}\n" for k, v in ceo.items())
    roles = ORG.replace("  - {id: ceo, title: CEO, holders: [dana], tags: [exec]}\n", role)
    write_org(tmp_path / "org", {"org.yaml": roles, "a.yaml": ACTS})
    org = raci.load(tmp_path / "org", use_cache=False)
    assert {p.rule for p in org.problems} == {"schema-error"}
    assert all(p.loc.line == 5 + list(ceo).index(field) for p in org.problems)
    assert getattr(org.roles["ceo"], field) == kept
    found = findings(tmp_path / "org")
    assert not any(f.rule == "vacant-role" and f.entity.id == "ceo" for f in found)
