"""A random org chart, written the way each kind of export writes it, comes back as the
same tree: every person under their own manager, vacancies as vacant roles, a manager not
in the file left unresolved (never replaced by another)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from raci.imports.ids import slug
from raci.imports.org import parse_map, read_org, to_yaml
from raci.imports.tabular import Table

FIRST = ["Ana", "Bo", "Chloé", "Dana", "Émile", "Femi", "Gus", "Hana", "Ivo", "Jun", "Kai"]
LAST = ["Abara", "Bianchi", "Çelik", "Dube", "Eriksen", "Faure", "Garcia", "Holm", "Ito"]
TITLES = ["Engineer", "Designer", "Analyst", "Lead"]


@dataclass
class Node:
    first: str
    last: str
    title: str
    boss: int | None  # index of the manager, None at the top
    vacant: str | None = None  # how the export says nobody holds it
    missing: bool = False  # the manager cell names someone not in the file

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"


@st.composite
def trees(draw: st.DrawFn, vacancies: bool, missing: bool) -> list[Node]:
    n = draw(st.integers(1, 14))
    names = draw(
        st.lists(
            st.tuples(st.sampled_from(FIRST), st.sampled_from(LAST)),
            min_size=n,
            max_size=n,
            unique=True,
        )
    )
    nodes = []
    for i, (first, last) in enumerate(names):
        boss = None if i == 0 else draw(st.integers(0, i - 1))
        vacant = (
            draw(st.sampled_from([None, None, None, "VACANT", "TBH", ""])) if vacancies else None
        )
        lost = missing and i > 0 and draw(st.integers(0, 4)) == 0
        nodes.append(Node(first, last, draw(st.sampled_from(TITLES)), boss, vacant, lost))
    return nodes


def by_id(node: Node, _nodes: list[Node], _i: int) -> str:
    return "" if node.boss is None else (f"X40{node.boss}" if node.missing else f"E{node.boss}")


def ascii_only(text: str) -> str:
    return text.replace("é", "e").replace("É", "E").replace("Ç", "C").replace("ç", "c")


def last_first(node: Node, nodes: list[Node], _i: int) -> str:
    if node.boss is None:
        return ""
    boss = nodes[node.boss]
    return f"Gone, Known{node.boss}" if node.missing else ascii_only(f"{boss.last}, {boss.first}")


def shouted(node: Node, nodes: list[Node], _i: int) -> str:
    if node.boss is None:
        return ""
    return f" NOBODY  KNOWN{node.boss}" if node.missing else f" {nodes[node.boss].name.upper()}  "


def email_of(node: Node) -> str:
    return ascii_only(f"{node.first}.{node.last}@acme.example").lower()


def by_email(node: Node, nodes: list[Node], _i: int) -> str:
    if node.boss is None:
        return ""
    return f"nobody{node.boss}@acme.example" if node.missing else email_of(nodes[node.boss]).upper()


Style = tuple[list[str], Callable[[Node, list[Node], int], list[str]], bool, bool]
STYLES: dict[str, Style] = {
    # name: (header, row writer, may have vacancies, may name missing managers)
    "employee ids": (
        ["Employee ID", "First Name", "Last Name", "Job Title", "Manager ID"],
        lambda n, ns, i: [
            f"E{i}",
            *(("", "") if n.vacant is not None else (n.first, n.last)),
            n.title,
            by_id(n, ns, i),
        ],
        True,
        True,
    ),
    "d3 parentId": (
        ["id", "parentId", "name", "positionName"],
        lambda n, ns, i: [
            f"E{i}",
            by_id(n, ns, i),
            n.vacant if n.vacant is not None else n.name,
            n.title,
        ],
        True,
        True,
    ),
    "names last, first": (
        ["Name", "Title", "Supervisor"],
        lambda n, ns, i: [n.name, n.title, last_first(n, ns, i)],
        False,
        True,
    ),
    "names shouted": (
        ["Full Name", "Role", "Line Manager"],
        lambda n, ns, i: [n.name, n.title, shouted(n, ns, i)],
        False,
        True,
    ),
    "manager email": (
        ["First name", "Surname", "Email", "Job title", "Manager Email"],
        lambda n, ns, i: [n.first, n.last, email_of(n), n.title, by_email(n, ns, i)],
        False,
        True,
    ),
    "positions": (
        ["Position ID", "Position Title", "Parent Position ID", "Holder"],
        lambda n, ns, i: [
            f"P{i}",
            n.title,
            by_id(n, ns, i).replace("E", "P"),
            n.vacant if n.vacant is not None else n.name,
        ],
        True,
        True,
    ),
    "edges child,parent": (
        ["child", "parent", "title"],
        lambda n, ns, _i: [n.name, "" if n.boss is None else ns[n.boss].name, n.title],
        False,
        False,
    ),
}


MANAGER = {
    header[0]: next(
        i for i, h in enumerate(header) if "arent" in h or "anager" in h or h == "Supervisor"
    )
    for header, *_ in STYLES.values()
}


def check_tree(style: str, nodes: list[Node]) -> None:
    header, write, _, _ = STYLES[style]
    rows = [header] + [write(node, nodes, i) for i, node in enumerate(nodes)]
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    table = Table("x.csv", [list(r) for r in csv.reader(io.StringIO(text.getvalue()))])
    result = read_org(table, parse_map(()), "x")
    doc = yaml.safe_load(to_yaml(result, "x.csv"))
    names = {p["id"]: p["name"] for p in doc["people"]}
    roles = {r["id"]: r for r in doc["roles"]}
    row_of_role = {}
    for role in roles.values():
        where = role["origin"].split(" ", 2)[2]
        for row in where.split(", "):
            row_of_role.setdefault(int(row), role)

    def role_of(i: int) -> dict[str, object]:
        node = nodes[i]
        if node.vacant is None:
            found = [r for r in roles.values() if node.name in [names[h] for h in r["holders"]]]
            assert len(found) == 1, f"{node.name} in {len(found)} roles"
            return found[0]
        role = row_of_role[i + 2]
        assert role["holders"] == []
        assert role["title"] == node.title
        return role

    for i, node in enumerate(nodes):
        role = role_of(i)
        boss = role.get("reports_to")
        if node.boss is None:
            assert boss is None, f"{node.name} is the top"
        elif node.missing:
            # Under the manager the row names, which is no role; never under another one.
            cell = rows[i + 1][MANAGER[header[0]]]
            assert boss == slug(cell), f"{node.name} put under {boss}"
            assert boss not in roles, f"{node.name} put under {boss}"
        else:
            assert boss is not None, f"{node.name} should be under {nodes[node.boss].name}"
            assert roles[str(boss)] is role_of(node.boss), (
                f"{node.name} should be under {nodes[node.boss].name}, is under {boss}"
            )
    assert result.unresolved == sum(n.missing for n in nodes)
    assert sorted(names.values()) == sorted(n.name for n in nodes if n.vacant is None)


@pytest.mark.parametrize("style", sorted(STYLES))
def test_a_random_tree_comes_back_the_same(style: str) -> None:
    _, _, vacancies, missing = STYLES[style]

    @settings(derandomize=True, max_examples=15, deadline=None)
    @given(trees(vacancies, missing))
    def run(nodes: list[Node]) -> None:
        check_tree(style, nodes)

    run()
