"""The README's console examples are real output: every `$ raci ...` is run and compared.

A `...` line stands for lines left out. A ```yaml block between two console blocks is
an edit the next one runs on: in a copy of org/, it replaces the lines starting at the
one equal to its first line. After an intended change of output,
`UPDATE_GOLDEN=1 python -m pytest tests/test_readme.py` writes each stale command's full
output into the README and fails: trim it back to the lines worth showing with `...`,
review the diff, and run the test again.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from raci.cli import main
from tests.conftest import BUNDLED, ROOT
from tests.update_golden import rewritten, updating

README = ROOT / "README.md"
BLOCK = re.compile(r"```(console|yaml)\n(.*?)```", re.S)


def _pattern(expected: list[str]) -> re.Pattern[str]:
    parts = ["(?:.*\n)*?" if line == "..." else re.escape(line) + "\n" for line in expected]
    return re.compile("".join(parts))


def _steps(block: str) -> list[tuple[str, list[str]]]:
    """(command, expected output lines) for each `$ ` line of a console block."""
    steps: list[tuple[str, list[str]]] = []
    for line in block.splitlines():
        if line.startswith("$ "):
            steps.append((line[2:], []))
        else:
            steps[-1][1].append(line)
    return steps


def _edit(org: Path, yaml: str) -> bool:
    """Put `yaml` in place of the lines it starts like in org/'s files; False if none."""
    new = yaml.rstrip("\n").splitlines()
    for path in sorted(org.rglob("*.yaml")):
        lines = path.read_text(encoding="utf-8").splitlines()
        if new[0] in lines:
            at = lines.index(new[0])
            lines[at : at + len(new)] = new
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            return True
    return False


def _console_blocks() -> list[tuple[int, str, list[str]]]:
    """(index, console block text, YAML edits before it) for every console block."""
    out: list[tuple[int, str, list[str]]] = []
    edits: list[str] = []
    for match in BLOCK.finditer(README.read_text(encoding="utf-8")):
        kind, body = match.groups()
        if kind == "yaml":
            edits.append(body)
        else:
            out.append((len(out), body, edits))
            edits = []
    return out


BLOCKS = [b for b in _console_blocks() if _steps(b[1])[0][0].startswith("raci ")]


def test_the_readme_has_console_examples() -> None:
    assert len(BLOCKS) >= 3
    assert any("raci check" in body for _, body, _ in BLOCKS)


@pytest.mark.parametrize(("index", "body", "edits"), BLOCKS, ids=[f"block-{b[0]}" for b in BLOCKS])
def test_console_block_is_what_raci_prints(
    index: int, body: str, edits: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(BUNDLED, tmp_path / "org")
    for yaml in edits:
        assert _edit(tmp_path / "org", yaml), f"no org file has the line {yaml.splitlines()[0]!r}"
    monkeypatch.chdir(tmp_path)
    code, stale, fresh = 0, [], []
    for command, expected in _steps(body):
        if command == "echo $?":
            got = f"{code}\n"
        else:
            result = CliRunner().invoke(main, command.split()[1:], prog_name="raci")
            code, got = result.exit_code, result.output
        if _pattern(expected).fullmatch(got):
            fresh.append("\n".join([f"$ {command}", *expected]) + "\n")
        else:
            stale.append(f"`{command}` prints:\n{got}")
            fresh.append(f"$ {command}\n{got}")
    if stale and updating():
        README.write_text(README.read_text(encoding="utf-8").replace(body, "".join(fresh)))
        rewritten(README)
    assert not stale, f"README console block {index} is stale: " + "\n".join(stale)
