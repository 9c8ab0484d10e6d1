"""YAML text -> plain Python data plus a mark tree of lines and columns.

libyaml (through PyYAML's CSafeLoader) composes the node tree in C; one walk over
the nodes then builds plain dicts, lists and scalars for pydantic and, beside them,
the (line, column, children) marks every finding needs. Duplicate keys are reported
here instead of being silently overwritten as most loaders do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from raci.model import Marks

try:
    _Loader: type[Any] = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

_STR = "tag:yaml.org,2002:str"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_constructor = yaml.constructor.SafeConstructor()


@dataclass(frozen=True, slots=True)
class RawProblem:
    """A problem found while parsing, before it knows which file it belongs to."""

    rule: str
    message: str
    fix: str
    line: int
    column: int


@dataclass(slots=True)
class Parsed:
    """One file's data, marks, and parse problems. Picklable for the parse cache."""

    data: Any = None
    marks: Marks = (1, 1, None)
    problems: list[RawProblem] = field(default_factory=list)


def parse_text(text: str) -> Parsed:
    """Parse one YAML document, keeping marks; syntax errors become problems."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = exc.problem or str(exc)
        if exc.context:
            started = exc.context_mark
            where = f" (started at {started.line + 1}:{started.column + 1})" if started else ""
            what = f"{what}, {exc.context}{where}"
        return Parsed(
            problems=[
                RawProblem(
                    "syntax-error",
                    f"YAML syntax error: {what}",
                    "Fix the YAML syntax at this position.",
                    line,
                    column,
                )
            ]
        )
    except yaml.YAMLError as exc:  # e.g. a reader error on a control character
        return Parsed(
            problems=[
                RawProblem(
                    "syntax-error", f"YAML error: {exc}", "Fix the YAML at this position.", 1, 1
                )
            ]
        )
    if node is None:
        return Parsed()
    walker = _Walker()
    data, marks = walker.walk(node)
    return Parsed(data, marks, walker.problems)


class _Walker:
    def __init__(self) -> None:
        self.problems: list[RawProblem] = []
        # Aliases share nodes; memoising keeps a 'billion laughs' file linear.
        self._seen: dict[int, tuple[Any, Marks]] = {}

    def walk(self, node: yaml.Node) -> tuple[Any, Marks]:
        seen = self._seen.get(id(node))
        if seen is not None:
            return seen
        mark = node.start_mark
        line, column = mark.line + 1, mark.column + 1
        result: tuple[Any, Marks]
        if isinstance(node, yaml.ScalarNode):
            result = (_scalar(node), (line, column, None))
        elif isinstance(node, yaml.MappingNode):
            data: dict[str, Any] = {}
            children: dict[str, Marks] = {}
            firsts: dict[str, int] = {}
            for key_node, value_node in node.value:
                key_line = key_node.start_mark.line + 1
                key_col = key_node.start_mark.column + 1
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
                if not isinstance(key, str):
                    self.problems.append(
                        RawProblem(
                            "syntax-error",
                            "a mapping key must be a plain name, not a collection",
                            "Write the key as a plain word.",
                            key_line,
                            key_col,
                        )
                    )
                    continue
                if key in data:
                    self.problems.append(
                        RawProblem(
                            "syntax-error",
                            f"duplicate key '{key}' (first at line {firsts[key]}); "
                            "the later value would silently replace the first",
                            f"Keep one '{key}' key in this mapping.",
                            key_line,
                            key_col,
                        )
                    )
                    continue
                value, value_marks = self.walk(value_node)
                if value_marks[2] is not None:
                    # A collection's findings point at its key, not its first item.
                    value_marks = (key_line, key_col, value_marks[2])
                data[key] = value
                children[key] = value_marks
                firsts[key] = key_line
            result = (data, (line, column, children))
        else:
            items: list[Any] = []
            item_marks: list[Marks] = []
            for child in node.value:
                value, value_marks = self.walk(child)
                items.append(value)
                item_marks.append(value_marks)
            result = (items, (line, column, item_marks))
        self._seen[id(node)] = result
        return result


def _scalar(node: yaml.ScalarNode) -> Any:
    tag = node.tag
    if tag == _STR:
        return node.value
    if tag == _NULL:
        return None
    if tag == _BOOL:
        # YAML 1.1 reads 'no', 'on', 'yes' as booleans; ids like that stay text.
        low = node.value.lower()
        return low == "true" if low in ("true", "false") else node.value
    if tag in (_INT, _FLOAT):
        return _constructor.construct_object(node)
    return node.value
