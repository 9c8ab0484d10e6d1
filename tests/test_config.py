"""Configuration files and flags: found, applied, and strict about mistakes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from raci.config import Config, ConfigError, find_config, load_config
from raci.rules import REGISTRY
from tests.conftest import BUNDLED, Cli, write_org

FIXTURE = Path("tests/golden/formats/org")  # 1 error-level load finding, 1 error, 1 warning, 1 info


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository with the fixture org under org/, one folder below tmp_path (so a
    test may write a file 'outside the repository' without touching other tests)."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    shutil.copytree(FIXTURE, root / "org")
    return root


def rules_of(cli: Cli, *args: str) -> list[str]:
    result = cli("check", *args, "-f", "concise")
    assert result.exit_code in (0, 1), result.stderr
    return [line.split()[1] for line in result.stdout.splitlines()]


def test_raci_toml_is_found_upwards_and_applied(cli: Cli, repo: Path) -> None:
    (repo / "raci.toml").write_text('ignore = ["vacant-role", "ACT008"]\n')
    assert rules_of(cli, str(repo / "org")) == ["LOAD003", "ACT001"]


def test_pyproject_tool_raci_is_found(cli: Cli, repo: Path) -> None:
    (repo / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.raci]\nselect = ["ORG"]\n')
    assert rules_of(cli, str(repo / "org")) == ["ORG003", "LOAD003"]  # load rules always run


def test_pyproject_without_tool_raci_is_skipped_and_the_walk_stops_at_the_repo(
    cli: Cli, repo: Path
) -> None:
    (repo / "pyproject.toml").write_text('[project]\nname = "x"\n')
    (repo.parent / "raci.toml").write_text('select = ["ORG"]\n')  # outside the repository
    assert find_config(repo / "org") is None
    assert len(rules_of(cli, str(repo / "org"))) == 4


def test_nearest_file_wins(repo: Path) -> None:
    (repo / "raci.toml").write_text('fail-on = "info"\n')
    (repo / "org" / "raci.toml").write_text('fail-on = "warning"\n')
    assert find_config(repo / "org" / "work.yaml") == repo / "org" / "raci.toml"


def test_config_flag_and_isolated(cli: Cli, repo: Path) -> None:
    (repo / "raci.toml").write_text('ignore = ["ACT"]\n')
    other = repo / "strict.toml"
    other.write_text('select = ["ACT001"]\n')
    org = str(repo / "org")
    assert rules_of(cli, org) == ["ORG003", "LOAD003"]
    assert rules_of(cli, org, "--config", str(other)) == ["LOAD003", "ACT001"]
    assert len(rules_of(cli, org, "--isolated")) == 4


def test_fail_on_severity_and_options(cli: Cli, repo: Path) -> None:
    org = str(repo / "org")
    (repo / "raci.toml").write_text('ignore = ["no-accountable"]\n')
    # Mend the dangling dotted line: only the warning and the info remain.
    (repo / "org" / "org.yaml").write_text(
        (repo / "org" / "org.yaml").read_text().replace("dotted_to: [cpoo]", "dotted_to: [cpo]")
    )
    assert cli("check", org).exit_code == 0
    assert cli("check", org, "--fail-on", "warning").exit_code == 1
    (repo / "raci.toml").write_text(
        'ignore = ["no-accountable"]\nfail-on = "info"\n[rules.authority-gap]\nseverity = "error"\n'
    )
    result = cli("check", org, "-f", "concise")
    assert "ACT008 [error]" in result.stdout
    assert result.exit_code == 1
    assert cli("check", org, "--fail-on", "error", "--ignore", "ACT008").exit_code == 0


def test_rule_options_change_thresholds(cli: Cli, tmp_path: Path) -> None:
    fixture = "tests/rules/too-many-consulted/fail.yaml"
    cfg = tmp_path / "raci.toml"
    cfg.write_text("[rules.too-many-consulted]\nmax = 5\n")
    assert "ACT005" not in rules_of(cli, fixture, "--config", str(cfg))
    cfg.write_text("[rules.too-many-consulted]\nmax = 2\n")
    result = cli("check", fixture, "--config", str(cfg), "-f", "concise")
    assert "has 5 Consulted roles (more than 2)" in result.stdout


def test_scope_from_config(cli: Cli, tmp_path: Path) -> None:
    cfg = tmp_path / "raci.toml"
    cfg.write_text('scope = ["sre"]\n')
    result = cli("check", "tests/rules/no-accountable/pass.yaml", "--config", str(cfg))
    assert "role 'sre' (SRE) is in RACI scope (listed in the configuration's scope)" in (
        result.stdout
    )


def test_cli_select_replaces_and_ignore_adds(cli: Cli, repo: Path) -> None:
    (repo / "raci.toml").write_text('select = ["ACT"]\nignore = ["ACT001"]\n')
    org = str(repo / "org")
    assert rules_of(cli, org) == ["LOAD003", "ACT008"]
    assert rules_of(cli, org, "--select", "ORG003,ACT001") == ["ORG003", "LOAD003"]
    assert rules_of(cli, org, "--ignore", "authority-gap") == ["LOAD003"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "selct = []\n",
            "raci.toml:1: unknown key 'selct' in the top level (did you mean 'select'?)",
        ),
        (
            'select = ["no-acountable"]\n',
            "raci.toml:1: select: unknown rule 'no-acountable' (did you mean 'no-accountable'?)",
        ),
        (
            'fail-on = "fatal"\n',
            "raci.toml:1: fail-on must be one of error, warning, info, not 'fatal'",
        ),
        (
            '\n\n[rules.too-many-consulted]\nmax = "four"\n',
            "raci.toml:4: too-many-consulted.max must be a whole number, 0 or more, not 'four'",
        ),
        (
            "[rules.too-many-consulted]\nmaxx = 3\n",
            "raci.toml:2: unknown option 'maxx' for rule too-many-consulted (known: severity, max) "
            "(did you mean 'max'?)",
        ),
        ("[rules.no-such-rule]\nmax = 3\n", "raci.toml:1: unknown rule 'no-such-rule' in rules"),
        (
            '[rules.authority-gap]\nseverity = "fatal"\n',
            "raci.toml:2: severity must be one of error, warning, info, not 'fatal'",
        ),
        (
            '[rules.duplicate-activity]\nwithin = "world"\n',
            "raci.toml:2: duplicate-activity.within must be one of: parent, org, not 'world'",
        ),
        (
            'ignore = ["LOAD"]\n',
            "raci.toml:1: ignore: 'LOAD' is a load rule; load problems cannot be turned off",
        ),
        (
            '[rules.syntax-error]\nseverity = "info"\n',
            "raci.toml:2: syntax-error is a load rule: always an error",
        ),
        ("scope = 3\n", "raci.toml:1: scope must be a list of role ids"),
        ("select = [\n", "raci.toml:2: invalid TOML"),
        # Numbers that are not numbers, or out of range (issue 12, items 3 and 23).
        (
            "[rules.too-many-consulted]\nmax = nan\n",
            "raci.toml:2: too-many-consulted.max must be a whole number, 0 or more, not nan",
        ),
        (
            "[rules.too-many-consulted]\nmax = inf\n",
            "raci.toml:2: too-many-consulted.max must be a whole number, 0 or more, not inf",
        ),
        (
            "[rules.too-many-consulted]\nmax = -1\n",
            "raci.toml:2: too-many-consulted.max must be a whole number, 0 or more, not -1",
        ),
        (
            "[rules.too-many-consulted]\nmax = 2.5\n",
            "raci.toml:2: too-many-consulted.max must be a whole number, 0 or more, not 2.5",
        ),
        (
            "[rules.too-many-consulted]\nmax = true\n",
            "raci.toml:2: too-many-consulted.max must be a whole number, 0 or more, not true",
        ),
        # Values are echoed in TOML's spelling, not Python's (True, None, {'a': 1}).
        (
            "fail-on = false\n",
            "raci.toml:1: fail-on must be one of error, warning, info, not false",
        ),
        (
            "fail-on = 'C:\\x'\n",
            "raci.toml:1: fail-on must be one of error, warning, info, not 'C:\\x'",
        ),
        (
            '[rules.duplicate-activity]\nwithin = {"a b" = "it\'s"}\n',
            "raci.toml:2: duplicate-activity.within must be one of: parent, org, "
            'not {"a b" = "it\'s"}',
        ),
        (
            "[rules.too-many-consulted]\nmax = [1, true]\n",
            "raci.toml:2: too-many-consulted.max must be a whole number, 0 or more, not [1, true]",
        ),
        (
            '[rules.duplicate-activity]\nwithin = {a = true, b = "x"}\n',
            "raci.toml:2: duplicate-activity.within must be one of: parent, org, "
            "not {a = true, b = 'x'}",
        ),
        (
            '[schemes.MY.letters.A]\nword = "a"\n',
            "raci.toml:1: letter A of scheme MY: meaning must be one of decider, doer, support, "
            "input, approval, notified, omitted, and is missing",
        ),
        (
            "[rules.involved-everywhere]\nmax-share = 7.5\n",
            "raci.toml:2: involved-everywhere.max-share must be a share from 0 to 1 (0.8 is 80%), "
            "not 7.5",
        ),
        (
            "[rules.involved-everywhere]\nmax-share = nan\n",
            "raci.toml:2: involved-everywhere.max-share must be a share from 0 to 1 (0.8 is 80%), "
            "not nan",
        ),
        (
            "[rules.accountable-overload]\nmax-share = -inf\n",
            "raci.toml:2: accountable-overload.max-share must be a share from 0 to 1 (0.8 is "
            "80%), not -inf",
        ),
        (
            "[rules.involved-everywhere]\nmax-share = '0.5'\n",
            "raci.toml:2: involved-everywhere.max-share must be a share from 0 to 1 (0.8 is 80%), "
            "not '0.5'",
        ),
        (
            "[rules.span-of-control]\nmin = 5\nmax = 3\n",
            "raci.toml:2: span-of-control: min (5) is greater than max (3)",
        ),
        (
            "[rules.span-of-control]\nmin = 20\n",  # the default max is 12
            "raci.toml:2: span-of-control: min (20) is greater than max (12)",
        ),
        ("rules = 5\n", "raci.toml:1: rules must be a table of rule tables"),
        ("[rules]\nidle-role = 5\n", "raci.toml:2: rules.idle-role must be a table"),
        ("scheme = 5\n", "raci.toml:1: scheme must be the name of a scheme, not 5"),
    ],
)
def test_config_errors_name_file_line_and_key(
    cli: Cli, tmp_path: Path, text: str, message: str
) -> None:
    cfg = tmp_path / "raci.toml"
    cfg.write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_config(cfg)
    assert str(caught.value).replace(str(tmp_path) + "/", "").startswith(message)
    result = cli("check", "tests/rules/no-accountable/pass.yaml", "--config", str(cfg))
    assert result.exit_code == 2
    assert result.stderr.startswith("raci: error: ")
    assert "Traceback" not in result.stderr


def test_all_config_errors_at_once(tmp_path: Path) -> None:
    cfg = tmp_path / "pyproject.toml"
    cfg.write_text('[tool.raci]\nselct = 1\nfail-on = "x"\n\n[tool.raci.rules.idle-rol]\nx = 1\n')
    with pytest.raises(ConfigError) as caught:
        load_config(cfg)
    lines = [m.replace(str(tmp_path) + "/", "") for m in caught.value.messages]
    assert lines == [
        "pyproject.toml:2: unknown key 'selct' in [tool.raci] (did you mean 'select'?)",
        "pyproject.toml:3: fail-on must be one of error, warning, info, not 'x'",
        "pyproject.toml:5: unknown rule 'idle-rol' in rules (did you mean 'idle-role'?)",
    ]


def test_selectors_match_slug_code_and_prefix() -> None:
    config = Config(select=("ACT00", "idle-role", "ORG001"))
    enabled = {slug for slug, rule in REGISTRY.items() if config.enabled(rule)}
    assert "no-accountable" in enabled
    assert "duplicate-activity" not in enabled
    assert {"idle-role", "reporting-cycle", "syntax-error"} <= enabled
    assert "vacant-role" not in enabled


def test_unknown_cli_rule_and_missing_config_file(cli: Cli) -> None:
    result = cli("check", "tests/rules/no-accountable/pass.yaml", "--select", "ACT001,nope")
    assert (result.exit_code, result.stderr) == (2, "raci: error: --select: unknown rule 'nope'\n")
    result = cli("check", "tests/rules/no-accountable/pass.yaml", "--config", "missing.toml")
    assert result.exit_code == 2
    assert "missing.toml: no such configuration file" in result.stderr


def test_config_discovery_from_a_file_path(tmp_path: Path) -> None:
    write_org(tmp_path, {"deep/org.yaml": "roles: []\n", "raci.toml": "fail-on = 'info'\n"})
    (tmp_path / ".git").mkdir()
    assert find_config(tmp_path / "deep" / "org.yaml") == tmp_path / "raci.toml"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[tool]\nraci = 5\n", "pyproject.toml:2: [tool.raci] must be a table of settings, not 5"),
        ('tool = "raci"\n', "pyproject.toml:1: [tool.raci] must be a table of settings"),
        ("[tool.raci\nselect = []\n", "pyproject.toml:1: invalid TOML"),
        ('[project]\nname = "x"\n[tool.raci]\nselect = [1, 2\n', "pyproject.toml:5: invalid TOML"),
        ("[tool.raci.rules.too-many-informed]\nmax = nan\n", "pyproject.toml:2: too-many-info"),
        ("tool.raci.fail-on = 'never'\n", "pyproject.toml:1: fail-on must be one of"),
    ],
)
def test_broken_pyproject_is_a_config_error_not_skipped(
    cli: Cli, repo: Path, text: str, message: str
) -> None:
    """Found by discovery (no --config), so a broken file cannot be silently passed over."""
    (repo / "pyproject.toml").write_text(text)
    result = cli("check", str(repo / "org"))
    assert result.exit_code == 2
    assert result.stderr.replace(str(repo) + "/", "").startswith(f"raci: error: {message}")


def test_a_pyproject_without_raci_settings_is_not_config(cli: Cli, repo: Path) -> None:
    (repo / "pyproject.toml").write_text("[tool.black\nline-length = 100\n")  # not ours
    assert cli("check", str(repo / "org")).exit_code == 1


def test_a_raci_toml_folder_is_a_config_error(cli: Cli, repo: Path) -> None:
    (repo / "raci.toml").mkdir()
    result = cli("check", str(repo / "org"))
    assert result.exit_code == 2
    assert "raci.toml: is a folder, not a configuration file" in result.stderr
    with pytest.raises(ConfigError, match="is a folder"):
        load_config(repo / "raci.toml")
    result = cli("check", str(repo / "org"), "--config", str(repo / "raci.toml"))
    assert result.exit_code == 2
    assert "is a directory" in result.stderr


def test_config_json_schema_matches_the_validation(cli: Cli) -> None:
    import json

    result = cli("schema", "--config")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["additionalProperties"] is False
    assert set(schema["properties"]) == {
        "select",
        "ignore",
        "fail-on",
        "scope",
        "rules",
        "scheme",
        "schemes",
    }
    rules = schema["$defs"]["Rules"]["properties"]
    assert set(rules) == set(REGISTRY)
    share = schema["$defs"]["Rule_involved_everywhere"]["properties"]["max-share"]
    assert (share["minimum"], share["maximum"]) == (0, 1)
    assert "severity" not in schema["$defs"]["Rule_syntax_error"]["properties"]


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        ('fail-on = "warning"\nignore = ["idle-role"]\n[rules.span-of-control]\nmin = 1\n', True),
        ("[rules.involved-everywhere]\nmax-share = 0.5\n", True),
        ("[schemes.mine.letters.A]\nmeaning = 'decider'\nmax = 1\n", True),
        ("[rules.involved-everywhere]\nmax-share = 7.5\n", False),
        ("[rules.span-of-control]\nmax = -1\n", False),
        ("[rules.syntax-error]\nseverity = 'info'\n", False),
        ("selct = []\n", False),
    ],
)
def test_the_schema_agrees_with_load_config(tmp_path: Path, text: str, valid: bool) -> None:
    """What an editor flags with the schema is what `raci check` refuses."""
    import tomllib

    import jsonschema

    from raci.config import settings_schema

    errors = list(
        jsonschema.Draft202012Validator(settings_schema()).iter_errors(tomllib.loads(text))
    )
    assert (errors == []) is valid
    cfg = tmp_path / "raci.toml"
    cfg.write_text(text)
    if valid:
        load_config(cfg)
    else:
        with pytest.raises(ConfigError):
            load_config(cfg)


@pytest.mark.parametrize("config", ["raci.toml", "pyproject.toml"])
def test_a_scope_role_the_org_lacks_is_a_finding(cli: Cli, tmp_path: Path, config: str) -> None:
    import shutil

    shutil.copytree(BUNDLED, tmp_path / "org")
    head = "[tool.raci]\n" if config == "pyproject.toml" else ""
    (tmp_path / config).write_text(
        f'{head}fail-on = "error"\nscope = ["vp-prodcut", "vp-product"]\n', encoding="utf-8"
    )
    result = cli("check", str(tmp_path / "org"), "-f", "concise")
    assert result.exit_code == 1
    line = 3 if head else 2
    assert (
        f"{config}:{line}:1: LOAD003 [error] the configuration's scope lists 'vp-prodcut', "
        "which is not a known role"
    ) in result.stdout


@pytest.mark.parametrize("text", ["select = []\n", "[tool.raci]\nselect = []\n"])
def test_an_empty_select_is_refused_as_on_the_command_line(
    cli: Cli, tmp_path: Path, text: str
) -> None:
    import shutil

    shutil.copytree(BUNDLED, tmp_path / "org")
    name = "pyproject.toml" if text.startswith("[tool") else "raci.toml"
    (tmp_path / name).write_text(text, encoding="utf-8")
    result = cli("check", str(tmp_path / "org"))
    assert result.exit_code == 2
    assert "select: an empty list selects no rule" in result.stderr
    assert cli("check", str(tmp_path / "org"), "--select", "").exit_code == 2
