"""raci diagram: what each view draws, deterministic DOT, and life without `dot`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from raci.diagram import Options, activity_diagram, org_diagram, raci_diagram, role_diagram
from raci.runner import CheckOptions, run_check
from tests.conftest import BUNDLED, Cli

HAS_DOT = shutil.which("dot") is not None


@pytest.fixture(scope="module")
def report():  # type: ignore[no-untyped-def]
    return run_check(CheckOptions(BUNDLED, use_cache=False))


def test_org_view(report) -> None:  # type: ignore[no-untyped-def]
    source = org_diagram(report, Options()).source
    assert "role_ceo -> role_cpo [arrowhead=none]" in source
    head_design = next(
        line for line in source.splitlines() if line.strip().startswith('"role_head-design" [')
    )
    assert "dashed" in head_design
    assert "vacant · interim Kim Park" in head_design
    assert (
        '"role_pm-checkout" -> "role_eng-checkout" [arrowhead=open color="#7F7F7F" '
        "constraint=false style=dashed]" in source
    )
    assert "rank=same" in source  # the exec team on one rank
    assert "cluster_legend" in source


def test_teams_as_clusters(report) -> None:  # type: ignore[no-untyped-def]
    source = org_diagram(report, Options(teams=True)).source
    assert 'subgraph "cluster_team_team-checkout"' in source
    checkout = source.split('subgraph "cluster_team_team-checkout"')[1].split("}")[0]
    assert "role_pm-checkout" in checkout
    assert "role_eng-checkout" in checkout


def test_roles_with_findings_are_outlined(tmp_path: Path) -> None:
    text = Path("tests/rules/idle-role/fail.yaml").read_text()
    (tmp_path / "o.yaml").write_text(text)
    source = org_diagram(run_check(CheckOptions(tmp_path)), Options()).source
    coo = next(line for line in source.splitlines() if line.strip().startswith("role_coo ["))
    assert 'color="#E69500"' in coo
    assert "penwidth=2.2" in coo


def test_root_depth_and_folding(report) -> None:  # type: ignore[no-untyped-def]
    cut = org_diagram(report, Options(root="cto", depth=1))
    assert "role_vp-engineering" in cut.source
    assert "role_em-checkout" not in cut.source
    assert "role_ceo" not in cut.source
    assert '"+4 more"' in cut.source or "+8 more" in cut.source
    folded = org_diagram(report, Options(max_nodes=20))
    assert folded.notes == [
        "41 roles are more than Graphviz lays out readably (20); showing 2 layers, the 33 "
        "roles below folded into '+N more' boxes (use --root and --depth to look closer)"
    ]


def test_raci_activity_and_role_views(report) -> None:  # type: ignore[no-untyped-def]
    raci = raci_diagram(report, Options()).source
    assert 'subgraph "cluster_area_vision-and-strategy"' in raci
    assert 'role_cpo -> "act_define-product-vision" [label=A color="#C55A11"' in raci
    gap = activity_diagram(report, "staff-product-teams").source
    assert "warning: authority-gap" in gap
    assert "role_ceo -> role_cto" in gap  # the reporting chain between the RACI roles
    assert 'style="rounded,filled,dotted"' in gap
    role = role_diagram(report, "cpo").source
    assert role.count('role_cpo -> "act_') == 28  # 9 R + 15 A + 1 C + 3 I


def test_dot_output_is_deterministic(cli: Cli, tmp_path: Path) -> None:
    first, second = tmp_path / "a.dot", tmp_path / "b.dot"
    assert cli("diagram", "org", "org", "-o", str(first)).exit_code == 0
    assert cli("diagram", "org", "org", "-o", str(second)).exit_code == 0
    assert first.read_bytes() == second.read_bytes()


@pytest.mark.skipif(not HAS_DOT, reason="Graphviz's dot is not installed here")
@pytest.mark.parametrize(
    ("name", "magic"), [("o.svg", b"<?xml"), ("o.png", b"\x89PNG"), ("o.pdf", b"%PDF")]
)
def test_formats_from_the_extension(cli: Cli, tmp_path: Path, name: str, magic: bytes) -> None:
    result = cli("diagram", "activity", "staff-product-teams", "-o", str(tmp_path / name))
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / name).read_bytes().startswith(magic)


def test_without_dot_only_dot_format_works(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("raci.diagram.shutil.which", lambda _name: None)
    ok = cli("diagram", "org", "-o", str(tmp_path / "o.dot"))
    assert ok.exit_code == 0
    assert (tmp_path / "o.dot").read_text().startswith("digraph")
    refused = cli("diagram", "org", "-o", str(tmp_path / "o.svg"))
    assert refused.exit_code == 2
    assert "apt-get install graphviz" in refused.stderr
    assert not (tmp_path / "o.svg").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["diagram", "activity"], "usage: raci diagram activity ID [PATH]"),
        (["diagram", "role", "cfoo", "-f", "dot"], "no role 'cfoo' (did you mean 'coo'?)"),
        (["diagram", "org", "-o", "x.gif"], "unknown format 'gif'"),
        (["diagram", "org", "--root", "nobody", "-f", "dot"], "no role 'nobody'"),
    ],
)
def test_usage_errors(cli: Cli, args: list[str], message: str) -> None:
    result = cli(*args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_a_reporting_cycle_does_not_hang(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "cycle.dot"
    result = cli(
        "diagram",
        "org",
        "tests/rules/reporting-cycle/fail.yaml",
        "-o",
        str(target),
        "--max-nodes",
        "10",
    )
    assert result.exit_code == 0
    assert "digraph" in target.read_text()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["org", "-f", "png", "-o", "out.svg"],
            "out.svg: --format png would write PNG into a .svg",
        ),
        (["raci", "--root", "cto", "-o", "x.svg"], "--root: only for the org view"),
        (["role", "cpo", "--depth", "1", "-o", "x.svg"], "--depth: only for the org view"),
        (["activity", "define-product-vision", "--teams"], "--teams: only for the org view"),
        (["org", "--letters", "AR", "-o", "x.svg"], "--letters: only for the raci view"),
    ],
)
def test_options_that_do_not_fit_the_view_are_refused(
    cli: Cli, tmp_path: Path, args: list[str], message: str
) -> None:
    result = cli("diagram", *(str(tmp_path / a) if a.endswith(".svg") else a for a in args))
    assert result.exit_code == 2
    assert message.split(": ", 1)[-1] in result.stderr
    assert not list(tmp_path.iterdir())


def test_letters_are_read_in_any_case(cli: Cli) -> None:
    lower = cli("diagram", "raci", "--letters", "ar", "-f", "dot", "-o", "-")
    upper = cli("diagram", "raci", "--letters", "AR", "-f", "dot", "-o", "-")
    assert lower.exit_code == upper.exit_code == 0
    assert lower.stdout == upper.stdout
