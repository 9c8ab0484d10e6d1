"""--write's fast path: when ruamel kept every untouched line, its text is the answer,
and it is the text the careful line diff gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from raci import yamledit
from raci.yamledit import LetterEdit, apply_edits


def activities(count: int) -> str:
    lines = ["# work, with comments that must survive", "activities:"]
    for i in range(count):
        lines += [f"  - id: a{i}", f"    title: Activity {i}  # note {i}", "    raci:"]
        lines += [f"      R: [r{i}, r{i + 1}]", "      C: [x]"]
        if i % 3 == 0:
            lines.append(f"      A: m{i}")
        if i % 7 == 0:
            lines += [f"    # a comment after activity {i}", ""]
    return "\n".join(lines) + "\n"


def careful(monkeypatch: pytest.MonkeyPatch, path: Path, edits: list[LetterEdit]) -> str:
    with monkeypatch.context() as patch:
        patch.setattr(yamledit, "_same_outside", lambda *_: False)
        return apply_edits(path, edits)


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_many_edits_give_the_careful_paths_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, newline: str
) -> None:
    path = tmp_path / "work.yaml"
    path.write_bytes(activities(60).replace("\n", newline).encode())
    edits = [LetterEdit(f"a{i}", "A", (f"m{i}",)) for i in range(60) if i % 3]
    edits += [LetterEdit("a0", "C", ("x",), "remove"), LetterEdit("a59", "I", ("y", "z"))]
    taken: list[bool] = []
    check = yamledit._same_outside
    monkeypatch.setattr(yamledit, "_same_outside", lambda *a: taken.append(check(*a)) or taken[-1])
    fast = apply_edits(path, edits)
    assert taken == [True]  # the fast path answered
    assert fast == careful(monkeypatch, path, edits)
    assert fast.count("A: m") == 60
    assert "# a comment after activity 56" in fast


def test_a_reflowed_untouched_line_takes_the_careful_path() -> None:
    old = ["activities:\n", "  - id: a\n", "    raci: {C: [x,\n", "      y]}\n", "  - id: b\n"]
    new = ["activities:\n", "  - id: a\n", "    raci: {C: [x, y]}\n", "  - id: b\n", "  A: c\n"]
    assert not yamledit._same_outside(old, new, [(4, 4)])
    assert yamledit._same_outside(old, [*old, "    A: c\n"], [(4, 4)])
    assert not yamledit._same_outside(old, ["x\n", *old[1:], "    A: c\n"], [(4, 4)])
    assert yamledit._same_outside(old, [*old[:4], "  - id: b\n", "    x: y\n"], [(1, 3), (4, 4)])
