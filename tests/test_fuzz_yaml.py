"""Fuzz: mutated org YAML and raci.toml never crash the commands that read them.

For each mutation, `check`, `stats`, `show` and `diff` must exit 0, 1 or 2, show no
traceback, and leave the source folder byte for byte as it was. The normal suite
runs a small fixed-seed sample; a longer run:
`RACI_FUZZ_EXAMPLES=2000 .venv/bin/python -m pytest tests/test_fuzz_yaml.py`.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from raci.cli import main

EXAMPLES = int(os.environ.get("RACI_FUZZ_EXAMPLES", "25"))

ORG = """name: Fuzz
roles:
  - {id: ceo, title: CEO, holders: [dana], tags: [exec]}
  - id: pm
    title: PM
    reports_to: ceo
    holders: [sam]
people:
  - {id: dana, name: Dana}
  - {id: sam, name: Sam}
teams:
  - {id: product, name: Product, lead: ceo, members: [pm]}
"""
ACTS = """policies:
  standard: {A: owner, R: reports:owner}
activities:
  - id: plan  # raci: ignore[authority-gap] fuzz
    title: Plan
    owner: ceo
    policy: standard
    activities:
      - id: plan-q1
        title: Plan Q1
        raci:
          C: [pm]
  - id: ship
    title: Ship
    parent: plan
    raci: {A: ceo, R: [pm]}
"""
CONFIG = """fail-on = "warning"
ignore = ["idle-role"]

[rules.span-of-control]
min = 1
max = 12

[rules.involved-everywhere]
max-share = 0.8
"""

# Fragments that tend to break things: tags, anchors, flow brackets, control and
# odd characters, numbers TOML and YAML both read, and keys.
NASTY = st.sampled_from(
    [
        "!!int x",
        "!!timestamp 2024-13-45",
        "!custom ",
        "&a ",
        "*a",
        "*nope",
        "[",
        "]",
        "{",
        "}",
        ": ",
        "- ",
        "\t",
        "\x01",
        "\x1b[2J",
        "\ufeff",
        "---\n",
        "nan",
        "inf",
        "-1",
        "7.5",
        "null",
        "[[x]]",
        "parent: plan",
        "parent: ship",
        "'",
        '"',
        "#",
        "\n",
        "    ",
        "9" * 40,
    ]
)


@st.composite
def mutated(draw: st.DrawFn, text: str) -> str:
    """`text` with a few cuts, insertions and line duplications."""
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "cut", "dup"]))
        if action == "insert":
            piece = draw(NASTY | st.text(max_size=4))
            text = text[:at] + piece + text[at:]
        elif action == "cut":
            text = text[:at] + text[at + draw(st.integers(1, 12)) :]
        else:
            lines = text.splitlines(keepends=True) or [""]
            i = draw(st.integers(0, len(lines) - 1))
            text = "".join([*lines[: i + 1], lines[i], *lines[i + 1 :]])
    return text


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@settings(
    derandomize=True,
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    org=mutated(ORG) | st.just(ORG),
    acts=mutated(ACTS),
    config=mutated(CONFIG) | st.just(CONFIG),
)
def test_mutated_inputs_never_crash_and_change_nothing(org: str, acts: str, config: str) -> None:
    runner = CliRunner()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for side, files in (
            ("old", {"org.yaml": ORG, "acts.yaml": ACTS}),
            ("new", {"org.yaml": org, "acts.yaml": acts, "raci.toml": config}),
        ):
            (root / side / "org").mkdir(parents=True)
            (root / side / ".git").mkdir()  # the config search stops here
            for name, text in files.items():
                target = root / side / ("raci.toml" if name == "raci.toml" else f"org/{name}")
                target.write_bytes(text.encode("utf-8", errors="surrogatepass"))
        before = snapshot(root)
        new, old = str(root / "new" / "org"), str(root / "old" / "org")
        for args in (
            ["check", new],
            ["check", new, "-f", "json"],
            ["stats", new],
            ["show", "ship", new],
            ["diff", old, new],
        ):
            result = runner.invoke(main, args, catch_exceptions=True)
            assert result.exit_code in (0, 1, 2), (args, result.output, result.exception)
            assert result.exception is None or isinstance(result.exception, SystemExit), (
                args,
                repr(result.exception),
            )
            assert "Traceback" not in result.output + result.stderr
        assert snapshot(root) == before
