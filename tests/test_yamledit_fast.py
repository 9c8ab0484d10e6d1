"""--write's fast path: when ruamel kept every untouched line, its text is the answer,
and it is the text the careful line diff gives."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


def ruamel_edit(
    monkeypatch: pytest.MonkeyPatch, path: Path, edits: list[LetterEdit]
) -> tuple[str, dict[str, tuple[int, int]]]:
    with monkeypatch.context() as patch:
        patch.setattr(yamledit, "_direct", lambda *_: None)
        _, text, spans = yamledit._edit(path, edits)
        return text, spans


LETTERS = st.sampled_from(["R", "A", "C", "I"])
ROLES = st.lists(st.sampled_from(["r1", "r2", "m_3", "x.y", "ceo-office", "yes"]), max_size=3)


@st.composite
def edited_files(draw: st.DrawFn) -> tuple[str, list[LetterEdit]]:
    step = draw(st.sampled_from([2, 4]))
    pad = " " * step
    lines = ["# the work", "activities:"]
    count = draw(st.integers(1, 5))
    for i in range(count):
        lines += [f"{pad}- id: a{i}", f"{pad}  title: Activity {i}", f"{pad}  raci:"]
        letters = draw(st.lists(LETTERS, min_size=1, max_size=4, unique=True))
        for letter in letters:
            roles = draw(st.lists(st.sampled_from(["r1", "r2", "r3"]), min_size=1, max_size=3))
            value = roles[0] if len(roles) == 1 and draw(st.booleans()) else f"[{', '.join(roles)}]"
            lines.append(f"{pad}{pad}  {letter}: {value}")
        if draw(st.booleans()):
            lines.append(f"{pad}  owner: r1")
        if draw(st.booleans()):
            lines.append("")
    edits = [
        LetterEdit(f"a{draw(st.integers(0, count - 1))}", letter, tuple(roles), mode)
        for letter, roles, mode in draw(
            st.lists(
                st.tuples(LETTERS, ROLES, st.sampled_from(["set", "add", "remove"])),
                min_size=1,
                max_size=4,
            )
        )
        if roles or mode != "set"
    ]
    return "\n".join(lines) + "\n", edits


def test_direct_edits_write_what_ruamel_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    taken = []

    @settings(derandomize=True, max_examples=150, deadline=None)
    @given(edited_files())
    def same(case: tuple[str, list[LetterEdit]]) -> None:
        text, edits = case
        if not edits:
            return
        path = tmp_path / "work.yaml"
        path.write_text(text, encoding="utf-8")
        direct = yamledit._direct(text, edits)
        taken.append(direct is not None)
        if direct is not None:
            assert direct == ruamel_edit(monkeypatch, path, edits)  # text and lines

    same()
    assert sum(taken) >= 40  # the test sees the direct path, not only its refusals


def test_the_benchmarks_shape_takes_the_direct_path(tmp_path: Path) -> None:
    path = tmp_path / "work.yaml"
    path.write_text(
        "activities:\n"
        + "".join(
            f"  - id: a{i}\n    title: Activity {i}\n    raci:\n      R: [r{i}, r{i + 1}]\n"
            for i in range(300)
        ),
        encoding="utf-8",
    )
    edits = [LetterEdit(f"a{i}", "A", (f"m{i}",)) for i in range(300)]
    direct = yamledit._direct(path.read_text(encoding="utf-8"), edits)
    assert direct is not None
    assert direct[0].count("\n      A: m") == 300
    assert direct[1]["a1"] == (5, 8)  # the activity's lines, 0-based
