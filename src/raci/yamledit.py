"""Edit letters in the org's YAML files, keeping everything else as it was.

ruamel.yaml reads and writes the file round-trip (comments, order, quotes), with
the file's own indentation. Where its output differs from the original outside the
edited activity (it re-flows a long flow list, say), the original lines are kept:
only the edited activity's lines change, and they take the file's line endings
(CRLF stays CRLF). Every write is atomic.
"""

from __future__ import annotations

import difflib
import io
import re
from collections import Counter
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

from raci.atomic import atomic_write_text
from raci.errors import RaciError
from raci.findings import LetterEdit
from raci.model import mark_at

__all__ = ["EditError", "LetterEdit", "apply_edits", "roles_after", "write_edits"]


class EditError(RaciError):
    """The file cannot be edited safely (it no longer parses, the activity moved)."""


def _yaml(text: str) -> Any:
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.indent(**_indentation(text))
    yaml.width = 4096
    return yaml


_KEY = re.compile(r"^( *)[^\s#-][^#]*:\s*(#.*)?$")  # a key whose value is on the next lines
_ITEM = re.compile(r"^( *)(-\s+)\S")


def _indentation(text: str) -> dict[str, int]:
    """The block indentation the file uses, as ruamel's `indent()` takes it.

    For each key whose value starts on the next line: how far that line is indented
    (a mapping), or where its dash and the item after it stand (a sequence). The
    most common steps win; the defaults are raci's own style.
    """
    mapping: Counter[int] = Counter()
    sequence: Counter[tuple[int, int]] = Counter()
    lines = [x for x in text.split("\n") if x.strip() and not x.lstrip().startswith("#")]
    for line, following in pairwise(lines):
        key = _KEY.match(line)
        if key is None:
            continue
        base = len(key.group(1))
        item = _ITEM.match(following)
        if item is not None:
            dash = len(item.group(1))
            if dash >= base:
                sequence[(dash - base, dash - base + len(item.group(2)))] += 1
            continue
        step = len(following) - len(following.lstrip(" ")) - base
        if step > 0:
            mapping[step] += 1
    offset, seq = sequence.most_common(1)[0][0] if sequence else (2, 4)
    return {
        "mapping": mapping.most_common(1)[0][0] if mapping else 2,
        "sequence": max(seq, offset + 2),
        "offset": offset,
    }


def _activities(node: Any) -> Iterator[Any]:
    """Every activity mapping in a document, nested ones included."""
    if isinstance(node, dict):
        for item in node.get("activities") or []:
            if isinstance(item, dict):
                yield item
                yield from _activities(item)


def roles_after(edit: LetterEdit, current: Any) -> list[str]:
    """The roles holding the edit's letter once it is made (`current`: the letter's
    value before it, a role, a list of roles or None)."""
    have = [] if current is None else [current] if isinstance(current, str) else list(current)
    if edit.mode == "set":
        return list(edit.roles)
    # A '+selector' list adds to the policy's letter; its items all carry the '+'.
    plus = "+" if have and all(str(r).startswith("+") for r in have) else ""
    named = {str(r).removeprefix("+").strip() for r in have}
    if edit.mode == "add":
        new = [r for r in edit.roles if r.removeprefix("+") not in named]
        return have + ([plus + r.removeprefix("+") for r in new] if have else new)
    return [r for r in have if str(r).removeprefix("+").strip() not in edit.roles]


def _span(node: Any) -> tuple[int, int]:
    """0-based first and last line an activity mapping occupies."""
    first = last = node.lc.line
    stack: list[Any] = [node]
    while stack:
        current = stack.pop()
        lc = getattr(current, "lc", None)
        if lc is None:
            continue
        last = max(last, lc.line)
        if isinstance(current, dict):
            for key, child in current.items():
                last = max(last, lc.value(key)[0])
                stack.append(child)
        else:
            for i, child in enumerate(current):
                last = max(last, lc.item(i)[0])
                stack.append(child)
    return first, last


def apply_edits(path: Path, edits: list[LetterEdit]) -> str:
    """The file's new text with the edits made (nothing written)."""
    return _edit(path, edits)[1]


def _edit(path: Path, edits: list[LetterEdit]) -> tuple[str, str, dict[str, tuple[int, int]]]:
    """The original text, the edited text, and the lines of each edited activity."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    original = read_exactly(path)
    newline = "\r\n" if "\r\n" in original else "\n"
    plain = original.replace("\r\n", "\n")
    direct = _direct(plain, edits) if "\r" not in plain else None
    if direct is not None:
        return original, direct[0].replace("\n", newline), direct[1]
    yaml = _yaml(plain)
    try:
        doc = yaml.load(plain)
    except Exception as exc:  # ruamel raises many types; all mean "cannot edit safely"
        raise EditError(f"{path}: cannot be edited: {exc}") from exc
    by_id = {str(a.get("id")): a for a in _activities(doc)}
    missing = [e.activity for e in edits if e.activity not in by_id]
    if missing:
        raise EditError(f"{path}: activity '{missing[0]}' is not in this file")
    # Where the edited activities are, measured before any edit moves a line.
    spans = {a: _span(by_id[a]) for a in dict.fromkeys(e.activity for e in edits)}
    for edit in edits:
        act = by_id[edit.activity]
        raci = act.get("raci")
        if raci is None:
            raci = CommentedMap()
            raci.fa.set_flow_style()
            act["raci"] = raci
        roles = roles_after(edit, raci.get(edit.letter))
        if not roles and edit.mode == "remove":
            raci.pop(edit.letter, None)
            continue
        if len(roles) == 1:
            raci[edit.letter] = roles[0]
        else:
            seq = CommentedSeq(roles)
            seq.fa.set_flow_style()
            raci[edit.letter] = seq
    out = io.StringIO()
    yaml.dump(doc, out)
    edited = out.getvalue().replace("\n", newline)
    return original, _keep_untouched(original, edited, list(spans.values())), spans


def _keep_untouched(original: str, edited: str, spans: list[tuple[int, int]]) -> str:
    """Take ruamel's lines only where they overlap an edited activity's lines."""
    old, new = original.splitlines(keepends=True), edited.splitlines(keepends=True)
    if _same_outside(old, new, spans):
        return edited
    result: list[str] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=True)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if i1 == i2:  # an insertion: inside an edited activity, or right after it
            touched = any(first <= i1 <= last + 1 for first, last in spans)
        else:
            touched = any(i1 <= last and i2 - 1 >= first for first, last in spans)
        result.extend(new[j1:j2] if tag == "equal" or touched else old[i1:i2])
    return "".join(result)


def _same_outside(old: list[str], new: list[str], spans: list[tuple[int, int]]) -> bool:
    """True when ruamel kept every line outside the edited activities, in order.

    That is the usual case, and then its text is the answer. Checking it costs a
    look-up per untouched run of lines; a line diff of a file with thousands of
    edits costs minutes (`difflib` is quadratic in the repeated lines of YAML), so
    it is left for the files where ruamel did re-flow something else.
    """
    if not spans:
        return new == old
    runs: list[tuple[int, int]] = []  # the untouched runs of lines, [start, end)
    start = 0
    for first, last in sorted(spans):
        if first > start:
            runs.append((start, first))
        start = max(start, last + 1)
    head_end = runs[0][1] if runs and runs[0][0] == 0 else 0
    if new[:head_end] != old[:head_end]:
        return False
    tail = (start, len(old)) if start < len(old) else None
    at = head_end
    for begin, end in runs:
        if begin == 0:
            continue
        at = _find_run(new, old[begin:end], at)
        if at < 0:
            return False
    if tail is None:
        return True
    size = tail[1] - tail[0]
    return len(new) - size >= at and new[len(new) - size :] == old[tail[0] :]


def _find_run(lines: list[str], run: list[str], at: int) -> int:
    """Where `run` ends in `lines`, found from `at` on; -1 if it is not there."""
    first = run[0]
    while True:
        try:
            at = lines.index(first, at)
        except ValueError:
            return -1
        if lines[at : at + len(run)] == run:
            return at + len(run)
        at += 1


def read_exactly(path: Path) -> str:
    """The file's text with its line endings as they are."""
    with path.open(encoding="utf-8", newline="") as handle:
        return handle.read()


def write_edits(path: Path, edits: list[LetterEdit]) -> bool:
    """Make the edits in place, atomically; True when the file changed."""
    text = apply_edits(path, edits)
    if text == read_exactly(path):
        return False
    atomic_write_text(path, text)
    return True


def replacements(path: Path, edits: list[LetterEdit]) -> dict[str, list[tuple[int, int, str]]]:
    """The edits as text changes to the file, per edited activity: (character offset,
    length, new text), each activity's as if its edits were made alone.

    One round trip of the file serves all its activities; an activity whose lines a
    change shares with another (an area and its child) gets a round trip of its own.
    """
    original, edited, spans = _edit(path, edits)
    out: dict[str, list[tuple[int, int, str]]] = {}
    shared: set[str] = set()
    for first_line, last_line, change in _changes(original, edited):
        if last_line < first_line:  # an insertion: ruamel appends to the mapping above
            around = [a for a, (first, last) in spans.items() if first < first_line <= last + 1]
        else:
            around = [
                a for a, (first, last) in spans.items() if first <= last_line and first_line <= last
            ]
        if len(around) == 1:
            out.setdefault(around[0], []).append(change)
        else:
            shared.update(around)
    for activity in shared:
        alone = _edit(path, [e for e in edits if e.activity == activity])[1]
        out[activity] = [change for _, _, change in _changes(original, alone)]
    return out


def _changes(original: str, edited: str) -> Iterator[tuple[int, int, tuple[int, int, str]]]:
    """Each changed run of lines: its first and last original line (0-based; an
    insertion has last = first - 1) and the change as (offset, length, new text)."""
    old = original.splitlines(keepends=True)
    new = edited.splitlines(keepends=True)
    starts = [0]
    for line in old:
        starts.append(starts[-1] + len(line))
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=True)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            yield i1, i2 - 1, (starts[i1], starts[i2] - starts[i1], "".join(new[j1:j2]))


# The direct path: letters edited as lines of text, the result checked by a parse.

_ROLE = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*")
_SPECIAL = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}
_ENTRY = re.compile(r"( *)([A-Za-z_][A-Za-z0-9_]*): ([^#\s][^#]*?) *")


def _plain(role: str) -> bool:
    """A role id YAML reads back as the same text without quotes."""
    return _ROLE.fullmatch(role) is not None and role.lower() not in _SPECIAL


def _value(roles: list[str]) -> str | list[str]:
    return roles[0] if len(roles) == 1 else roles


def _text(value: str | list[str]) -> str:
    return value if isinstance(value, str) else "[" + ", ".join(value) + "]"


def _with_marks(data: Any, marks: Any) -> Iterator[tuple[dict[str, Any], Any]]:
    """Every activity mapping with its marks, nested ones included."""
    todo = [(data, marks)]
    while todo:
        node, node_marks = todo.pop()
        items = node.get("activities") if isinstance(node, dict) else None
        item_marks = mark_at(node_marks, ("activities",))[2]
        if not isinstance(items, list) or not isinstance(item_marks, list):
            continue
        for item, item_mark in zip(items, item_marks, strict=False):
            if isinstance(item, dict):
                yield item, item_mark
                todo.append((item, item_mark))


def _last_line(marks: Any) -> int:
    """The last line (1-based) any node under `marks` starts on."""
    last: int = marks[0]
    todo = [marks]
    while todo:
        line, _, children = todo.pop()
        last = max(last, line)
        if isinstance(children, dict):
            todo.extend(children.values())
        elif isinstance(children, list):
            todo.extend(children)
    return last


def _direct(plain: str, edits: list[LetterEdit]) -> tuple[str, dict[str, tuple[int, int]]] | None:
    """The edited text and each edited activity's lines (0-based), when every edited
    activity has a block `raci:` mapping with one line per letter (`R: x`,
    `C: [x, y]`) and every role is a plain id; None otherwise (ruamel does it).

    The lines are those ruamel writes then: a letter's line rewritten or removed, a
    new letter added after the mapping's last line, nothing else touched. The
    result must parse to the original data with the edits made.
    """
    from raci.parse import parse_text

    if not all(_plain(role) for edit in edits for role in edit.roles):
        return None
    before = parse_text(plain)
    if before.problems or not isinstance(before.data, dict):
        return None
    found = {str(a.get("id")): (a, m) for a, m in _with_marks(before.data, before.marks)}
    if any(edit.activity not in found for edit in edits):
        return None
    lines = plain.split("\n")
    rewritten: dict[int, str | None] = {}  # 0-based line -> its new text (None: removed)
    appended: dict[int, list[str]] = {}  # 0-based line -> new lines after it
    spans: dict[str, tuple[int, int]] = {}
    finals: dict[str, dict[str, Any]] = {}
    for activity in dict.fromkeys(edit.activity for edit in edits):
        act, marks = found[activity]
        raci, raci_marks = act.get("raci"), mark_at(marks, ("raci",))
        if not isinstance(raci, dict) or not raci or not isinstance(raci_marks[2], dict):
            return None
        rows: dict[str, int] = {}  # letter -> its 0-based line
        indents = set()
        for letter, value in raci.items():
            line, _, children = raci_marks[2][letter]
            entry = _ENTRY.fullmatch(lines[line - 1])
            if (
                entry is None
                or entry.group(2) != letter
                or not isinstance(value, str | list)
                or (isinstance(children, list) and any(c[0] != line for c in children))
            ):
                return None
            rows[letter] = line - 1
            indents.add(entry.group(1))
        last = max(rows.values())
        # ruamel keeps a blank or comment line after the mapping with its last letter,
        # and writes a new letter after it: that case is left to ruamel.
        following = lines[last + 1] if last + 1 < len(lines) - 1 else "end"
        if len(indents) != 1 or following.strip()[:1] in ("", "#"):
            return None
        indent = indents.pop()
        final = dict(raci)
        for edit in (e for e in edits if e.activity == activity):
            roles = roles_after(edit, final.get(edit.letter))
            if roles or edit.mode != "remove":
                final[edit.letter] = _value(roles)
            else:
                final.pop(edit.letter, None)
        kept = [letter for letter in raci if letter in final]
        if list(final)[: len(kept)] != kept:  # a letter removed and given again: ruamel
            return None
        for letter, line in rows.items():
            if letter not in final:
                rewritten[line] = None
            elif final[letter] != raci[letter]:
                rewritten[line] = f"{indent}{letter}: {_text(final[letter])}"
        appended[last] = [f"{indent}{k}: {_text(v)}" for k, v in final.items() if k not in raci]
        finals[activity] = final
        spans[activity] = (marks[0] - 1, _last_line(marks) - 1)
    out: list[str] = []
    for i, line in enumerate(lines):
        new = rewritten.get(i, line)
        if new is not None:
            out.append(new)
        out.extend(appended.get(i, ()))
    edited = "\n".join(out)
    for activity, final in finals.items():
        found[activity][0]["raci"] = final  # the data as it must read now
    after = parse_text(edited)
    if after.problems or after.data != before.data:
        return None
    return edited, spans
