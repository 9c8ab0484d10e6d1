"""The command line, driven through click's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import BUNDLED, TESTS, Cli, write_org
from tests.update_golden import assert_golden

FAIL = "tests/rules/no-accountable/fail.yaml"
PASS = "tests/rules/no-accountable/pass.yaml"


def test_check_bundled_org_matches_golden_json(cli: Cli) -> None:
    result = cli("check", "org", "--format", "json")
    assert result.exit_code == 0
    assert_golden(result.stdout, TESTS / "golden" / "bundled.json")
    assert "0 errors, 2 warnings" in result.stderr


def test_json_contract(cli: Cli) -> None:
    result = cli("check", FAIL, "-f", "json")
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert list(doc) == ["version", "summary", "findings"]
    assert doc["version"] == 1
    assert doc["summary"] == {"errors": 1, "warnings": 0, "infos": 0, "activities": 2, "roles": 7}
    assert doc["findings"] == [
        {
            "code": "ACT001",
            "rule": "no-accountable",
            "severity": "error",
            "message": "activity 'roadmap' has no Accountable (A) role",
            "fix": "Add 'A: <role>' to the activity's raci: exactly one role owns the outcome. "
            "The lowest common manager of the Responsible roles is 'pm'.",
            "entity": {"kind": "activity", "id": "roadmap"},
            "file": FAIL,
            "line": 21,
            "column": 5,
        }
    ]
    assert "raci: checked" not in result.stdout  # the summary goes to stderr only


def test_text_output_grouped_by_file_without_colour_off_a_terminal(cli: Cli) -> None:
    result = cli("check", FAIL)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:3] == [
        FAIL,
        "  21:5     error    activity 'roadmap' has no Accountable (A) role  "
        "no-accountable (ACT001)",
        "                    fix: Add 'A: <role>' to the activity's raci: exactly one role owns "
        "the outcome. The lowest common manager of the Responsible roles is 'pm'.",
    ]
    assert "\x1b[" not in result.stdout
    assert result.stderr.startswith("raci: checked 'Fixture' (tests/rules/no-accountable/fail.yaml")


def test_colour_when_forced_and_never_with_no_color(cli: Cli) -> None:
    assert "\x1b[" in cli("check", FAIL, env={"FORCE_COLOR": "1"}).stdout
    assert "\x1b[" not in cli("check", FAIL, env={"FORCE_COLOR": "1", "NO_COLOR": "1"}).stdout


def test_clean_org_exits_zero_and_prints_only_the_summary(cli: Cli) -> None:
    result = cli("check", PASS)
    assert (result.exit_code, result.stdout) == (0, "")
    assert "0 errors, 0 warnings, 0 infos" in result.stderr


def test_warnings_alone_do_not_fail(cli: Cli) -> None:
    assert cli("check", "tests/rules/authority-gap/fail.yaml").exit_code == 0


def test_missing_path_is_a_usage_error(cli: Cli) -> None:
    result = cli("check", "no/such/org")
    assert result.exit_code == 2
    assert result.stderr == "raci: error: no/such/org: no such file or folder\n"
    assert "Traceback" not in result.stdout + result.stderr


def test_bad_option_is_a_usage_error(cli: Cli) -> None:
    assert cli("check", "--format", "xml").exit_code == 2


def test_without_a_path_uses_local_org_folder(cli: Cli) -> None:
    result = cli("check")
    assert result.exit_code == 0
    assert "(org: 12 files" in result.stderr


def test_without_a_path_or_local_org_uses_the_bundled_org(cli: Cli, tmp_path: Path) -> None:
    import pytest

    mp = pytest.MonkeyPatch()
    mp.chdir(tmp_path)
    try:
        result = cli("check")
    finally:
        mp.undo()
    assert result.exit_code == 0
    assert "checked 'Lumen Software' (bundled org at " in result.stderr


def test_broken_input_never_shows_a_traceback(cli: Cli, tmp_path: Path) -> None:
    write_org(tmp_path, {"a.yaml": "roles: [\n", "b.yaml": "- 1\n", "c.yaml": "roles: 3\n"})
    result = cli("check", str(tmp_path))
    assert result.exit_code == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout.count(" error    ") == 3


def test_schema_command_prints_the_committed_schema(cli: Cli) -> None:
    result = cli("schema")
    assert result.exit_code == 0
    committed = (TESTS.parent / "docs" / "raci.schema.json").read_text(encoding="utf-8")
    assert result.stdout == committed, "docs/raci.schema.json is stale: run `raci schema`"


def test_version(cli: Cli) -> None:
    result = cli("--version")
    assert result.exit_code == 0
    assert result.stdout.startswith("raci, version ")


def test_every_command_has_help_with_an_example(cli: Cli) -> None:
    import click

    from raci.cli import main

    def walk(group: click.Group, prefix: list[str]) -> list[list[str]]:
        out = []
        for name, command in group.commands.items():
            if isinstance(command, click.Group):
                out += walk(command, [*prefix, name])
            else:
                out.append([*prefix, name])
        return out

    commands = walk(main, [])
    assert ["import", "xlsx"] in commands
    assert ["export", "xlsx"] in commands
    for path in commands:
        result = cli(*path, "--help")
        assert result.exit_code == 0
        assert "Example" in result.stdout, path


MISUSES = [
    (["check", "no/such/org"], "no/such/org: no such file or folder"),
    (["check", PASS, "--format", "xml"], "Invalid value for '-f' / '--format'"),
    (["check", PASS, "--fail-on", "fatal"], "Invalid value for '--fail-on'"),
    (["check", PASS, "--select", "nope"], "--select: unknown rule 'nope'"),
    (["check", PASS, "--ignore", "syntax"], "--ignore: unknown rule 'syntax'"),
    (["check", PASS, "--config", "missing.toml"], "missing.toml: no such configuration file"),
    (["check", PASS, "--baseline", "missing.json"], "missing.json: no such baseline file"),
    (["check", PASS, "-o", "no/such/dir/out.txt"], "no/such/dir/out.txt: cannot be written"),
    (["check", PASS, "--frobnicate"], "No such option '--frobnicate'"),
    (["rule"], "give a rule (slug or code), or --all"),
    (["rule", "nope"], "unknown rule 'nope'"),
    (["rule", "ACT001", "--all"], "give a rule (slug or code), or --all"),
    (["frobnicate"], "No such command 'frobnicate'"),
]


@pytest.mark.parametrize(
    ("args", "message"), MISUSES, ids=lambda x: " ".join(x) if isinstance(x, list) else ""
)
def test_every_documented_misuse_exits_2_without_a_traceback(
    cli: Cli, args: list[str], message: str
) -> None:
    result = cli(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_rule_explains_by_slug_or_code(cli: Cli) -> None:
    by_slug = cli("rule", "authority-gap")
    assert by_slug.exit_code == 0
    assert by_slug.stdout == cli("rule", "ACT008").stdout == cli("rule", "act008").stdout
    text = by_slug.stdout
    assert text.startswith("authority-gap (ACT008), default severity warning\n")
    for part in ("Why it matters:", "Triggers it:", "Fixed:", "Fix:"):
        assert part in text


def test_rule_all_lists_every_rule(cli: Cli) -> None:
    from raci.rules import REGISTRY

    lines = cli("rule", "--all").stdout.splitlines()
    assert [line.split()[1] for line in lines] == list(REGISTRY)
    doc = json.loads(cli("rule", "--all", "--format", "json").stdout)
    assert [d["rule"] for d in doc] == list(REGISTRY)
    assert doc[0]["suppressible"] is False
    one = json.loads(cli("rule", "too-many-consulted", "-f", "json").stdout)
    assert one["options"] == {"max": 4}
    assert one["code"] == "ACT005"


def test_show_of_an_area_says_its_letters_are_on_its_activities(cli: Cli) -> None:
    result = cli("show", "vision-and-strategy", str(BUNDLED))
    assert result.exit_code == 0
    assert result.stdout.splitlines()[4:] == [
        "  an area of 4 activities: define-product-vision, set-product-strategy, "
        "maintain-product-roadmap, set-team-objectives",
        "",
        "No letters of its own: its owner and policy apply to the activities under it "
        "(`raci show define-product-vision`).",
    ]


def test_show_prints_the_resolved_raci_with_sources(cli: Cli) -> None:
    result = cli("show", "scan-opportunities", "org")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[:4] == [
        "scan-opportunities: Scan markets and customers for new product opportunities",
        "  defined at org/responsibilities/02-new-opportunities.yaml:10:9",
        "  owner:  pm-growth",
        "  policy: owner-led (org/policies.yaml:7:3)",
    ]
    assert any(
        line.startswith("    vp-product ")
        and "<- policy owner-led 'manager:owner' at org/policies.yaml:10" in line
        for line in lines
    )
    doc = json.loads(cli("show", "scan-opportunities", "org", "-f", "json").stdout)
    assert [e["role"] for e in doc["letters"]["I"]] == ["vp-product"]
    assert doc["letters"]["A"][0]["source"] == "policy owner-led"


def test_why_prints_the_chain_from_activity_to_role(cli: Cli) -> None:
    result = cli("why", "scan-opportunities", "vp-product")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[3:] == [
        "role 'vp-product' (VP Product) is Informed (I):",
        "  <- policy owner-led: I: 'manager:owner' at org/policies.yaml:10:9",
        "  <- owner = pm-growth",
        "  <- pm-growth reports to vp-product",
    ]
    inherited = cli("why", "staff-product-teams", "cpo").stdout
    assert "owner:  cpo (from area 'product-development-team')" in inherited
    assert (
        "role 'cfo' (Chief Financial Officer) has no letter"
        in cli("why", "scan-opportunities", "cfo").stdout
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["why", "scan-oportunities", "cpo"],
            "no activity 'scan-oportunities' (did you mean 'scan-opportunities'?)",
        ),
        (["why", "scan-opportunities", "cfoo"], "no role 'cfoo' (did you mean 'coo'?)"),
        (["show", "nope"], "no activity 'nope'"),
        (["show", "x", "no/such/org"], "no/such/org: no such file or folder"),
    ],
)
def test_explaining_commands_usage_errors(cli: Cli, args: list[str], message: str) -> None:
    result = cli(*args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_a_folder_holding_org_means_that_org(cli: Cli) -> None:
    result = cli("check", ".")
    assert result.exit_code == 0
    assert "(org: 12 files" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--ignore", "LOAD001"], "--ignore: 'LOAD001' is a load rule; load problems cannot"),
        (["--ignore", "syntax-error"], "--ignore: 'syntax-error' is a load rule"),
        (["--ignore", "LOAD"], "--ignore: 'LOAD' is a load rule"),
        (["--ignore", "ACT001,LOAD003"], "--ignore: 'LOAD003' is a load rule"),
        (["--select", ""], "--select '': give rule slugs, codes or prefixes"),
        (["--select", " , "], "--select ' , ': give rule slugs, codes or prefixes"),
        (["--ignore", ""], "--ignore '': give rule slugs, codes or prefixes"),
        (["--select", "no-such-rule"], "--select: unknown rule 'no-such-rule'"),
    ],
)
def test_rule_flags_refuse_what_the_config_file_refuses(
    cli: Cli, args: list[str], message: str
) -> None:
    result = cli("check", "org", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"raci: error: {message}")
    assert result.stdout == ""


def test_ignoring_rules_that_are_not_load_rules_is_allowed(cli: Cli) -> None:
    result = cli("check", "org", "--ignore", "ACT,vacant-role", "-f", "json")
    assert result.exit_code == 0
    assert not [f for f in json.loads(result.stdout)["findings"] if f["code"].startswith("ACT")]


@pytest.mark.parametrize(
    ("letters", "message"),
    [
        ("XYZ", "--letters 'XYZ': 'XYZ' not in the org's scheme (R, A, C, I)"),
        ("AQ", "--letters 'AQ': 'Q' not in the org's scheme (R, A, C, I)"),
        ("aq", "--letters 'Aq': 'q' not in the org's scheme (R, A, C, I)"),  # any case: a is A
        ("", "--letters '': give letters of the org's scheme (R, A, C, I)"),
    ],
)
def test_diagram_letters_must_be_the_schemes(cli: Cli, letters: str, message: str) -> None:
    result = cli("diagram", "raci", "--letters", letters, "-f", "dot", "-o", "-")
    assert result.exit_code == 2
    assert result.stderr == f"raci: error: {message}\n"
    assert cli("diagram", "raci", "--letters", "AR", "-f", "dot", "-o", "-").exit_code == 0


@pytest.mark.parametrize(
    "command",
    [
        ["stats", "{org}"],
        ["show", "define-product-vision", "{org}"],
        ["diagram", "org", "{org}", "-f", "dot", "-o", "-"],
        ["export", "xlsx", "{org}", "-o", "{out}"],
        ["suggest", "{org}"],
    ],
)
def test_commands_say_when_part_of_the_org_did_not_load(
    cli: Cli, tmp_path: Path, command: list[str]
) -> None:
    import shutil

    org = tmp_path / "org"
    shutil.copytree(BUNDLED, org)
    broken = org / "responsibilities" / "05-market-and-feedback.yaml"
    broken.write_text(broken.read_text(encoding="utf-8") + "  - [broken\n", encoding="utf-8")
    args = [
        a.replace("{org}", str(org)).replace("{out}", str(tmp_path / "x.xlsx")) for a in command
    ]
    result = cli(*args)
    assert "raci: warning: 1 load problem in the org (first: " in result.stderr
    assert "05-market-and-feedback.yaml:" in result.stderr
    assert "`raci check` lists every problem" in result.stderr
