"""Control characters from the org never reach a terminal or a CI log raw.

A hostile org is generated here: escape sequences (clear screen, window title, an
OSC 8 hyperlink), a BEL, a CR, and newlines followed by a GitHub workflow command,
in the org's name, titles, people's names, a reference and even a file's name.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from raci.escape import printable, printable_lines
from tests.conftest import BUNDLED, Cli, write_org

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="control characters in names")

HOSTILE = [
    "\x1b[2J\x1b[H",  # clear the screen
    "\x1b]0;pwned\x07",  # window title, ended by BEL
    "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\",  # a hyperlink
    "\r\n::error file=x::injected",  # a workflow command on a line of its own
    "\x9b31m",  # a one-byte CSI
    "\u2028::warning::u2028",
]
RAW = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def _yaml(text: str) -> str:
    return json.dumps(text)  # a JSON string is a YAML double-quoted scalar


@pytest.fixture
def evil(tmp_path: Path) -> Path:
    bad = "".join(HOSTILE)
    org = tmp_path / "org"
    write_org(
        org,
        {
            "org.yaml": f"name: {_yaml('Evil' + bad)}\n"
            "roles:\n"
            f"  - {{id: boss, title: {_yaml('Boss' + bad)}, holders: [pat]}}\n"
            f"  - {{id: dev, title: Dev, reports_to: boss}}\n"
            f"people:\n  - {{id: pat, name: {_yaml('Pat' + bad)}}}\n",
            f"work{bad}.yaml": "activities:\n"
            f"  - id: ship\n    title: {_yaml('Ship' + bad)}\n"
            f"    raci: {{A: dev, R: [dev, {_yaml('nobody' + bad)}]}}\n",
        },
    )
    return org


def _clean(text: str) -> None:
    assert not RAW.search(text), RAW.findall(text)
    for line in text.splitlines():
        assert not line.startswith("::error file=x")
        assert "::warning::u2028" not in line[:16]


def test_helpers_show_every_control_character() -> None:
    assert printable("a\x1b[2Jb\x07\r\n\t\x9b\u2028") == "a\\x1b[2Jb\\x07\\r\\n\\t\\x9b\\u2028"
    assert printable_lines("a\x1b\nb\tc\r") == "a\\x1b\nb\tc\\r"
    assert printable("plain, ünïcödé: ok") == "plain, ünïcödé: ok"


@pytest.mark.parametrize("fmt", ["text", "concise", "github", "junit"])
@pytest.mark.parametrize("verbose", [[], ["-v"]], ids=["", "verbose"])
def test_check_outputs_for_people_and_ci(
    cli: Cli, evil: Path, fmt: str, verbose: list[str]
) -> None:
    result = cli("check", str(evil), "-f", fmt, *verbose, env={"FORCE_COLOR": "1"})
    assert result.exit_code == 1
    _clean(re.sub(r"\x1b\[[0-9;]*m", "", result.stdout))  # our own colours only
    _clean(result.stderr)
    assert "Evil\\x1b[2J\\x1b[H\\x1b]0;pwned\\x07" in result.stderr
    doc = json.loads(cli("check", str(evil), "-f", "json").stdout)
    findings = len(doc["findings"])
    if fmt == "concise" and not verbose:
        assert len(result.stdout.splitlines()) == findings
    if fmt == "github":
        lines = result.stdout.splitlines()
        assert len(lines) == findings
        assert all(line.startswith("::") for line in lines)
    if fmt == "junit":
        ET.fromstring(result.stdout.split("\n", 1)[1])  # XML 1.0 that parses


@pytest.mark.parametrize("fmt", ["json", "sarif", "gitlab"])
def test_json_formats_keep_the_text_json_escaped(cli: Cli, evil: Path, fmt: str) -> None:
    result = cli("check", str(evil), "-f", fmt)
    _clean(result.stdout)  # DEL, C1 and U+2028 too, which the JSON encoder leaves raw
    doc = json.loads(result.stdout)
    assert any("".join(HOSTILE) in text for text in _strings(doc))  # the data, unchanged


def _strings(doc: object) -> list[str]:
    if isinstance(doc, str):
        return [doc]
    values = doc.values() if isinstance(doc, dict) else doc if isinstance(doc, list) else []
    return [text for value in values for text in _strings(value)]


def test_diff_json_keeps_the_text_json_escaped(cli: Cli, evil: Path, tmp_path: Path) -> None:
    before = tmp_path / "before"
    shutil.copytree(BUNDLED, before)
    result = cli("diff", str(before), str(evil), "-f", "json")
    _clean(result.stdout)
    added = json.loads(result.stdout)["activities"]["added"]
    assert {"id": "ship", "title": "Ship" + "".join(HOSTILE)} in added


@pytest.mark.parametrize(
    "args",
    [
        ["stats"],
        ["show", "ship"],
        ["why", "ship", "dev"],
        ["why", "ship", "boss"],
        ["suggest"],
    ],
    ids=lambda a: a[0] + (a[-1] if len(a) > 2 else ""),
)
def test_explaining_commands(cli: Cli, evil: Path, args: list[str]) -> None:
    result = cli(*args, str(evil))
    _clean(result.stdout)
    _clean(result.stderr)


def test_error_messages(cli: Cli, evil: Path) -> None:
    result = cli("show", "no-such" + HOSTILE[3], str(evil))
    assert result.exit_code == 2
    _clean(result.stderr)


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_diff_outputs(cli: Cli, evil: Path, tmp_path: Path, fmt: str) -> None:
    before = tmp_path / "before"
    shutil.copytree(BUNDLED, before)
    result = cli("diff", str(before), str(evil), "-f", fmt)
    assert "Ship\\x1b[2J" in result.stdout
    _clean(result.stdout)
    _clean(result.stderr)


GRAPHVIZ_ESCAPES = ["\\N", "\\G", "\\L", "\\l", "\\n", "\\E", "\\T", "\\H", "end\\"]


@pytest.fixture
def backslashes(tmp_path: Path) -> Path:
    text = " ".join(GRAPHVIZ_ESCAPES)
    return write_org(
        tmp_path / "org",
        {
            "org.yaml": f"name: {_yaml('Org ' + text)}\n"
            "roles:\n"
            f"  - {{id: boss, title: {_yaml('Boss ' + text)}, holders: [pat]}}\n"
            "  - {id: dev, title: Dev, reports_to: boss, holders: [sam]}\n"
            "people:\n"
            f"  - {{id: pat, name: {_yaml('Pat ' + text)}}}\n"
            "  - {id: sam, name: Sam}\n"
            "teams:\n"
            f"  - {{id: t1, name: {_yaml('Team ' + text)}, kind: department, lead: boss,"
            " members: [boss, dev]}\n",
            "work.yaml": "activities:\n"
            f"  - id: area\n    title: {_yaml('Area ' + text)}\n    activities:\n"
            f"      - id: ship\n        title: {_yaml('Ship ' + text)}\n"
            "        raci: {A: boss, R: dev}\n",
        },
    )


VIEWS = [["org", "--teams"], ["raci"], ["activity", "ship"], ["role", "boss"]]


@pytest.mark.parametrize("view", VIEWS, ids=lambda v: v[0])
def test_graphviz_escapes_are_drawn_literally(cli: Cli, backslashes: Path, view: list[str]) -> None:
    dot = cli("diagram", *view, str(backslashes), "-f", "dot", "-o", "-")
    assert dot.exit_code == 0, dot.stderr
    # Every backslash doubled in the DOT source: Graphviz draws '\\' as one backslash.
    assert "\\\\N \\\\G \\\\L \\\\l \\\\n \\\\E \\\\T \\\\H end\\\\" in dot.stdout
    assert not re.search(r"(?<!\\)\\[NGLlnETH]", dot.stdout.replace("\\\\", ""))
    if shutil.which("dot") is None:
        pytest.skip("Graphviz's dot is not installed")
    svg = cli("diagram", *view, str(backslashes), "-f", "svg", "-o", "-").stdout
    drawn = " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg))  # wrapped lines joined
    literal = " ".join(GRAPHVIZ_ESCAPES)
    for label in {
        "org": ["Org", "Team", "Boss", "Pat"],
        "raci": ["Org", "Area", "Ship", "Boss"],
        "activity": ["Ship", "Boss", "Pat"],
        "role": ["Boss", "Area", "Ship"],
    }[view[0]]:
        assert f"{label} {literal}" in drawn, (label, drawn)


@pytest.mark.parametrize(
    "command",
    [
        ["export", "xlsx", "{org}", "-o", "{out}.xlsx"],
        ["export", "pptx", "{org}", "-o", "{out}.pptx"],
        ["diagram", "org", "{org}", "-o", "{out}.svg"],
        ["diagram", "raci", "{org}", "-o", "{out}.svg"],
    ],
)
def test_documents_keep_control_characters_visible_instead_of_failing(
    cli: Cli, tmp_path: Path, command: list[str]
) -> None:
    if command[0] != "export" or command[1] != "xlsx":
        pytest.importorskip("graphviz")
        if shutil.which("dot") is None:
            pytest.skip("needs Graphviz's dot")
    org = tmp_path / "o.yaml"
    org.write_text(
        'name: "Acme\\e]0;owned\\a"\nroles:\n'
        '  - {id: ceo, title: "Chief \\e[31mExecutive\\a", holders: [p]}\n'
        '  - {id: cto, title: "CTO\\x01", reports_to: ceo, holders: [p]}\n'
        "people:\n  - {id: p, name: P}\n"
        'activities:\n  - {id: a1, title: "Ship \\e[2J it", raci: {A: ceo, R: cto}}\n',
        encoding="utf-8",
    )
    out = str(tmp_path / "out")
    result = cli(*(a.replace("{org}", str(org)).replace("{out}", out) for a in command))
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "\x1b" not in result.stderr
    written = next(tmp_path.glob("out.*")).read_bytes()
    if command[-1].endswith(".svg"):
        assert b"\x1b" not in written
        assert b"\\x1b[31mExecutive" in written or b"x1b" in written
