"""Random org data rendered into the CSV files people really send (Excel's European
semicolons and decimal commas, Windows-1252 with €, UTF-8 with a byte-order mark, UTF-16
"Unicode text" with tabs, a `sep=` line, title rows, quoting of every cell or only where
needed, CRLF, no final newline, a totals row): every input row is either in the written
org, whole (name, title, employee id, manager, other cells), or reported with its row."""

from __future__ import annotations

import csv
import io
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from raci.imports.ids import slug
from raci.imports.org import read_org, to_yaml
from raci.imports.tabular import read_table
from tests.conftest import Cli

# (id, name, manager id, title, an attribute column), as each tool heads them
HEADERS = [
    ("Employee ID", "Worker", "Manager Employee ID", "Job Profile", "Cost Center"),
    ("Employee Number", "Name", "Supervisor EID", "Job Title", "Location"),
    ("USERID", "FULLNAME", "MANAGER", "TITLE", "CUSTOM01"),
    ("Associate ID", "Payroll Name", "Reports To Associate ID", "Job Title Description", "FTE"),
    ("Personalnummer", "Name", "Vorgesetzter ID", "Position", "Kostenstelle"),
    ("id", "name", "parentId", "positionName", "office"),
]
WORDS = ["Dana", "Whitfield", "O'Neil", "Łucja", "Żak", "José", "García", "Ngũgĩ", "Kim", "Lee"]
ODD = ['"Dee"', "Smith, Jr.", "a;b", "tab\there", "two\nlines", "€ 5.000,50", "1,5", "'quoted'"]
TITLES = ["CEO", "Engineer", "Head of Sales, EMEA", 'The "Fixer"', "Ingénieur", "Lead; Ops"]
VALUES = [
    "",
    "'Dee'",
    "'Sammy'",
    "1,0",
    "0,8",
    "€ 120.000",
    "CC-4711",
    "Berlin; Paris",
    "x" * 300,
    "=SUM(A1)",
]


@dataclass
class Row:
    key: str
    name: str
    boss: str  # the manager's id as the cell writes it, '' for none
    title: str
    value: str


@dataclass
class Shape:
    delimiter: str
    encoding: str  # utf-8, utf-8-sig, utf-16, cp1252
    quote_all: bool
    newline: str
    final_newline: bool
    titles: int  # title rows above the header
    sep_line: bool  # Excel's 'sep=;' first line
    totals: bool  # a 'Total' row under the people


names = st.lists(st.sampled_from(WORDS + ODD), min_size=1, max_size=3).map(" ".join)


@st.composite
def orgs(draw: st.DrawFn) -> list[Row]:
    n = draw(st.integers(1, 12))
    ids = draw(
        st.lists(
            st.one_of(
                st.integers(1, 99999).map(str),
                st.integers(1, 999).map(lambda i: f"{i:05d}"),  # leading zeros
                st.integers(1, 999).map(lambda i: f"WD_{i}"),
            ),
            min_size=n,
            max_size=n,
            unique=True,
        )
    )
    rows = []
    for i, key in enumerate(ids):
        boss = "" if i == 0 else ids[draw(st.integers(0, i - 1))]
        if i and draw(st.integers(0, 9)) == 0:
            boss = "99999999"  # a manager id that is not in the file
        rows.append(
            Row(
                key, draw(names), boss, draw(st.sampled_from(TITLES)), draw(st.sampled_from(VALUES))
            )
        )
    order = draw(st.permutations(range(n)))  # managers after their reports too
    return [rows[i] for i in order]


shapes = st.builds(
    Shape,
    delimiter=st.sampled_from([",", ";", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]),
    quote_all=st.booleans(),
    newline=st.sampled_from(["\n", "\r\n"]),
    final_newline=st.booleans(),
    titles=st.integers(0, 2),
    sep_line=st.booleans(),
    totals=st.booleans(),
)


def render(rows: list[Row], shape: Shape, header: tuple[str, ...]) -> tuple[bytes, list[int]]:
    """The file's bytes, and the number of each row (1-based, as a spreadsheet shows it)."""
    buffer = io.StringIO()
    quoting = csv.QUOTE_ALL if shape.quote_all else csv.QUOTE_MINIMAL
    writer = csv.writer(
        buffer, delimiter=shape.delimiter, quoting=quoting, lineterminator=shape.newline
    )
    if shape.sep_line:
        buffer.write(f"sep={shape.delimiter}{shape.newline}")
    for t in range(shape.titles):
        writer.writerow([f"Headcount report {t + 1}"] + [""] * (len(header) - 1))
    writer.writerow(header)
    first = 1 + shape.sep_line + shape.titles + 1
    for r in rows:
        writer.writerow([r.key, r.name, r.boss, r.title, r.value])
    if shape.totals:
        writer.writerow([f"Total: {len(rows)} employees", "", "", "", ""])
    text = buffer.getvalue()
    if not shape.final_newline:
        text = text[: -len(shape.newline)]
    # Rows as a spreadsheet numbers them: a quoted cell's line breaks stay in its row.
    lines = list(range(first, first + len(rows)))
    encoded = text.encode("utf-16" if shape.encoding == "utf-16" else shape.encoding)
    return encoded, lines


@settings(
    derandomize=True,
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rows=orgs(), shape=shapes, header=st.sampled_from(HEADERS))
def test_every_row_is_written_or_reported(
    tmp_path: Path, rows: list[Row], shape: Shape, header: tuple[str, ...]
) -> None:
    if shape.encoding == "cp1252":
        text = "".join(r.name + r.title + r.value for r in rows)
        assume(all(c in "€éüß" or c.isascii() for c in text))
    data, lines = render(rows, shape, header)
    if shape.encoding == "cp1252":
        try:
            data.decode("utf-8")
            assume(not re.search(rb"[\x80-\xff]", data))  # bytes that are UTF-8 too: ambiguous
        except UnicodeDecodeError:
            pass
    path = tmp_path / "export.csv"
    path.write_bytes(data)
    table = read_table(path)
    result = read_org(table, {}, "export")
    written = yaml.safe_load(to_yaml(result, "export.csv"))

    reported = {p.row for p in result.problems}
    reported |= {r for rows_ in result.vacated.values() for r in rows_}
    reported |= {int(re.sub(r"\D", "", p.cell.split("!")[-1])) for p in table.problems}
    people = {p["origin"]: p for p in written["people"]}
    roles = {h: role for role in written["roles"] for h in role["holders"]}
    person_of = {}
    for row, line in zip(rows, lines, strict=True):
        person = people.get(f"export.csv row {line}")
        if person is not None:
            person_of[row.key] = person
    key = slug(header[4]).replace("-", "_")
    for row, line in zip(rows, lines, strict=True):
        if line in reported:
            continue
        person = person_of.get(row.key)
        assert person is not None, f"row {line} ({row}) is neither written nor reported"
        assert person["name"] == row.name.strip()
        attributes = person.get("attributes", {})
        if row.key != row.name:
            assert attributes.get("employee_id") == row.key
        assert attributes.get(key, "") == row.value
        role = roles[person["id"]]
        assert role["title"] == row.title
        if row.boss:
            assert role.get("reports_to") == roles[person_of[row.boss]["id"]]["id"]
        else:
            assert "reports_to" not in role


@settings(derandomize=True, max_examples=60, deadline=None)
@given(
    rows=orgs(),
    header=st.sampled_from(HEADERS),
    cuts=st.lists(st.sampled_from([0, 0, 0, 1, 1, 2, 3]), min_size=12, max_size=12),
)
def test_a_short_row_is_named_when_it_ends_before_a_column_raci_reads(
    rows: list[Row], header: tuple[str, ...], cuts: list[int]
) -> None:
    """Hand-made files leave out trailing empty cells: a row that ends before only the
    attribute column is read quietly; one that ends before the id, name, manager or title
    column is named by its row (or, with neither name nor title left, skipped and said)."""
    body = []
    ends: dict[int, int] = {}  # row number -> the cells it has
    for i, r in enumerate(rows):
        cells = [r.key, r.name, r.boss, r.title, r.value][: 5 - cuts[i]]
        ends[i + 2] = len(cells)
        body.append(cells)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([list(header), *body])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "hand.csv"
        path.write_text(buffer.getvalue(), encoding="utf-8")
        table = read_table(path)
    result = read_org(table, {}, "hand")
    named = {row for rows_ in result.short.values() for row in rows_}
    skipped = {p.row for p in result.problems if "row skipped" in p.message}
    for row, length in ends.items():
        if length >= 4:  # all of id, name, manager, title: only the attribute can be missing
            assert row not in named, f"row {row} with {length} cells named"
        else:
            assert row in named or row in skipped, f"row {row} with {length} cells not named"
    for headers, rows_ in result.short.items():
        for row in rows_:
            assert set(headers) == set(header[ends[row] : 4])


def test_short_rows_say_which_columns_they_end_before(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "short.csv"
    path.write_text(
        "Employee ID,Name,Title,Manager ID,Location\n1,Dana Top,CEO\n2,Ann Lee,CTO,1\n"
        "3,Bo Park,Dev,2,HQ\n4,Cy Ek\n5,Di Fo,QA\n",
        encoding="utf-8",
    )
    result = cli("import", "org", str(path), "--dry-run")
    assert [x for x in result.stderr.splitlines() if x.startswith("raci: short.csv")] == [
        "raci: short.csv rows 2, 6: end before column 'Manager ID', which raci reads: read as "
        "empty",
        "raci: short.csv row 5: ends before columns 'Title', 'Manager ID', which raci reads: "
        "read as empty",
        "raci: short.csv row 5: 'Cy Ek' reports to nobody, but row 2 is already the top "
        "(multiple-roots)",
        "raci: short.csv row 6: 'Di Fo' reports to nobody, but row 2 is already the top "
        "(multiple-roots)",
    ]
