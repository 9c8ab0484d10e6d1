"""Random matrices, drawn in random styles, import with exactly their letters."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from raci.imports.matrix import Options
from raci.imports.matrix_sheets import find_matrix
from tests.matrix_corpus import Matrix, Style, render, truth
from tests.test_import_matrix_corpus import cells_of

ROLES = [
    "CEO", "CFO", "CTO", "Head of Sales", "Product Manager", "Engineering Lead",
    "QA Lead", "Data Protection Officer", "Legal Counsel", "Service Desk", "Architect",
    "Marketing Director",
]  # fmt: skip
ACTIVITIES = [
    "Define the strategy", "Approve the budget", "Hire engineers", "Run the weekly review",
    "Publish release notes", "Negotiate supplier contracts", "Handle a data breach",
    "Plan the quarter", "Close the books", "Onboard a customer", "Review access rights",
    "Update the risk register", "Train the support team", "Migrate the database",
]  # fmt: skip
PEOPLE = [
    "Dana Whitfield", "Priya Raman", "Jonas Weber", "Marc Chen", "Lea Novak", "Sam Ortiz",
    "Ines Duarte", "Tomas Berg", "Aiko Tanaka", "Ruth Okafor", "Ben Adler", "Mia Rossi",
]  # fmt: skip
LETTERS = ["R", "A", "C", "I", "AR"]


@st.composite
def matrices(draw: st.DrawFn) -> tuple[Matrix, Style]:
    roles = draw(st.lists(st.sampled_from(ROLES), min_size=2, max_size=7, unique=True))
    titles = draw(st.lists(st.sampled_from(ACTIVITIES), min_size=2, max_size=9, unique=True))
    cells: dict[tuple[int, int], str] = {}
    for a in range(len(titles)):
        # every activity has at least one letter, so that it is a row of the matrix
        row = draw(st.lists(st.sampled_from(["", "", *LETTERS]), min_size=len(roles),
                            max_size=len(roles)))  # fmt: skip
        row[draw(st.integers(0, len(roles) - 1))] = draw(st.sampled_from(LETTERS))
        cells.update({(a, r): v for r, v in enumerate(row) if v})
    shape = draw(st.sampled_from(["wide", "wide", "wide", "long", "transposed"]))
    wide = shape == "wide"
    style = Style(
        fmt=draw(st.sampled_from(["csv", "csv-semicolon", "xlsx", "xlsx-cover"])),
        titles=draw(st.integers(0, 2)),
        corner=draw(st.sampled_from(["Activity", "Task", ""]))
        if wide
        else {"long": "Task", "transposed": "Role"}[shape],
        legend=draw(st.sampled_from(["none", "below", "inline"])) if wide else "none",
        none_marker=draw(st.sampled_from(["", "", "N", "-", "n/a"])) if shape != "long" else "",
        form=draw(st.sampled_from(["plain", "lower", "slash", "comma", "joined", "cyrillic"])),
        shape=shape,
        names_row=wide and draw(st.booleans()),
        group_row=wide and draw(st.booleans()),
    )
    areas = draw(st.sampled_from(["none", "column", "sections"])) if shape == "wide" else "none"
    style = replace(style, areas=areas)
    cut = draw(st.integers(1, len(titles)))
    activities = [
        (None if areas == "none" else "Governance" if i < cut else "Operations", t)
        for i, t in enumerate(titles)
    ]
    holders = [PEOPLE[ROLES.index(r)] for r in roles]
    groups = ["Leadership" if i < len(roles) // 2 else "Delivery" for i in range(len(roles))]
    return Matrix(roles, activities, cells, holders=holders, groups=groups), style


@settings(
    derandomize=True,
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(matrices())
def test_random_matrices_in_random_styles_keep_their_letters(case: tuple[Matrix, Style]) -> None:
    matrix, style = case
    with tempfile.TemporaryDirectory() as folder:
        path = render(matrix, style, Path(folder) / "m")
        result = find_matrix(path, None, None, Options())
    roles, cells = truth(matrix, style)
    assert cells_of(result) == cells, style.describe()
    assert [c.role for c in result.columns] == roles, style.describe()


@settings(derandomize=True, max_examples=300)
@given(st.text(min_size=1, max_size=30))
def test_every_text_is_written_so_that_it_reads_back(text: str) -> None:
    import yaml

    from raci.imports.matrix import _q

    doc = yaml.safe_load(f"block: {_q(text)}\nflow: {{{_q(text)}: [{_q(text)}, x]}}\n")
    assert doc == {"block": text, "flow": {text: [text, "x"]}}
