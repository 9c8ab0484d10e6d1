"""What `raci import org` says about where it writes and what it read: an org already in
the output folder, the columns it did not recognise, a --map naming no header."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import raci
from raci.imports.org import parse_map, read_org, to_yaml
from raci.imports.tabular import Table
from raci.model import Person, Role
from tests.conftest import BUNDLED, Cli

BAMBOO = Path(__file__).parent / "hris" / "bamboohr.csv"


def test_an_org_already_in_the_folder_is_not_joined_silently(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "org"
    shutil.copytree(BUNDLED / "responsibilities", out / "responsibilities")
    shutil.copy(BUNDLED / "org.yaml", out / "org.yaml")
    before = sorted(p.name for p in out.rglob("*.yaml"))
    result = cli("import", "org", str(BAMBOO), "-o", str(out))
    assert result.exit_code == 2
    listed = ", ".join(
        str(out / n)
        for n in [
            "org.yaml",
            *sorted(f"responsibilities/{p.name}" for p in (out / "responsibilities").iterdir()),
        ]
    )
    assert result.stderr == (
        f"raci: error: {out}: already holds an org ({listed}); bamboohr.yaml written there "
        "would be read with it as one org (the first file's name, the same people twice). "
        f"Import into an empty folder, or give --force to write {out / 'bamboohr.yaml'} "
        "there anyway (the files above are kept)\n"
    )
    assert sorted(p.name for p in out.rglob("*.yaml")) == before
    assert raci.load(out).name == "Lumen Software"

    forced = cli("import", "org", str(BAMBOO), "-o", str(out), "--force")
    assert forced.exit_code == 1  # bamboohr.csv's manager not in the file
    assert f"raci: --force: {listed} kept, read with the import as one org\n" in forced.stderr
    assert (out / "bamboohr.yaml").exists()
    assert (out / "org.yaml").exists()


def test_an_empty_folder_and_the_same_file_again(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "org"
    out.mkdir()
    (out / "raci.toml").write_text("")  # not YAML: not an org
    assert cli("import", "org", str(BAMBOO), "-o", str(out)).exit_code == 1
    again = cli("import", "org", str(BAMBOO), "-o", str(out))
    assert again.exit_code == 2
    assert again.stderr.endswith(
        "bamboohr.yaml: already exists; --force replaces it (edits made there would be lost)\n"
    )
    assert cli("import", "org", str(BAMBOO), "-o", str(out), "--force").exit_code == 1


def test_other_columns_are_named_once_and_kept(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "ex.csv"
    path.write_text(
        "Employee ID,Name,Title,Manager ID,Location,,Notes,location,Yes,1\n"
        "1,Ann Top,CEO,,Berlin,x1,n1,B2,y,one\n"
        "2,VACANT,Dev,1,Paris,x2,n2,P2,,\n"
        "3,Bob Dev,Dev,1,Rome,,n3,R2,,\n",
        encoding="utf-8",
    )
    result = cli("import", "org", str(path), "-o", str(tmp_path / "org"))
    assert result.exit_code == 0, result.stderr
    named = [x for x in result.stderr.splitlines() if "not recognised" in x]
    assert named == [
        "raci: columns not recognised as a field, kept as attributes (of the person, or of a "
        "vacant role): column 'Location' (as location), column F (no header, as column_f), "
        "column 'Notes' (as notes), column 'location' (as location_2), column 'Yes' (as yes), "
        "column '1' (as 1)"
    ]
    org = raci.load(tmp_path / "org")
    assert org.problems == []  # 'yes:', '1:' and 'null:' stay text keys
    people = {p.name: p.attributes for p in org.people.values()}
    assert people["Ann Top"] == {
        "employee_id": "1",
        "location": "Berlin",
        "column_f": "x1",
        "notes": "n1",
        "location_2": "B2",
        "yes": "y",
        "1": "one",
    }
    # The vacancy's cells have no person: its role keeps them.
    assert org.roles["dev"].holders == []
    assert org.roles["dev"].attributes == {
        "employee_id": "2",
        "location": "Paris",
        "column_f": "x2",
        "notes": "n2",
        "location_2": "P2",
    }


def test_a_map_to_no_header_is_named_where_the_header_needs_it(cli: Cli, tmp_path: Path) -> None:
    # Without the --map no header row is found; the missing header is why, so say that.
    path = tmp_path / "odd.csv"
    path.write_text("Person,Boss,Function\nAnn,,Boss\nBob,Ann,Helper\n", encoding="utf-8")
    maps = ["--map", "Person=name", "--map", "Nope=manager", "--map", "Function=title"]
    result = cli("import", "org", str(path), "--dry-run", *maps)
    assert result.exit_code == 2
    assert result.stderr == (
        "raci: error: --map 'Nope=manager': no column 'Nope' in the header row (row 1); "
        "its columns are 'Person', 'Boss', 'Function'\n"
    )
    maps[3] = "Bos=manager"
    result = cli("import", "org", str(path), "--dry-run", *maps)
    assert result.stderr.endswith(" (did you mean --map 'Boss=manager'?)\n")
    maps[3] = "Boss=manager"
    assert cli("import", "org", str(path), "--dry-run", *maps).exit_code == 0


def test_an_untitled_vacancy_reads_once_bracketed(cli: Cli, tmp_path: Path) -> None:
    # draw.io's sample: 'Open position' with no title. Findings write "role 'x' (TITLE)".
    drawio = Path(__file__).parent / "hris" / "drawio.csv"
    assert cli("import", "org", str(drawio), "-o", str(tmp_path)).exit_code == 1
    checked = cli("check", str(tmp_path))
    assert (
        "role 'no-title' (no title) is vacant; nobody covers it (from drawio.csv row 9)"
        in checked.stdout
    )
    assert "((" not in checked.stdout
    dot = cli("diagram", "org", str(tmp_path), "-f", "dot", "-o", "-").stdout
    assert '"role_no-title" [label=<<b>no title</b><br/>' in dot


HEADERS = ["Location", "location", "", "Yes", "1", "null", "On", "Cost Center", "cost-center"]


@settings(derandomize=True, max_examples=40)
@given(
    st.lists(st.sampled_from([*HEADERS, "H" * 1100]), min_size=1, max_size=5),
    st.lists(
        st.tuples(st.sampled_from(["Ann Lee", "Bo Kim", "N/A", "VACANT", ""]), st.data()),
        min_size=1,
        max_size=6,
    ),
)
def test_every_cell_of_the_other_columns_is_written(
    headers: list[str], rows: list[tuple[str, st.DataObject]]
) -> None:
    cells = st.text("abc xyz-1", min_size=0, max_size=6).map(str.strip)
    body = [["1", "Top Boss", "CEO", "", *[""] * len(headers)]]
    for i, (name, data) in enumerate(rows):
        body.append([str(i + 2), name, "Dev", "1", *[data.draw(cells) for _ in headers]])
    table = Table("t.csv", [["Employee ID", "Name", "Title", "Manager ID", *headers], *body])
    result = read_org(table, parse_map(()), "t")
    doc = yaml.safe_load(to_yaml(result, "t.csv"))  # read back as raci reads it
    people = [Person.model_validate(x) for x in doc["people"] or []]
    roles = [Role.model_validate(x) for x in doc["roles"]]
    by_row = {e.origin: e.attributes for e in [*people, *roles] if e.attributes}
    for number, row in enumerate(body, start=2):
        written = dict(by_row.get(f"t.csv row {number}", {}))
        assert written.pop("employee_id") == row[0]
        assert sorted(str(v) for v in written.values()) == sorted(c for c in row[4:] if c)


def test_a_folder_of_many_files_is_named_in_part(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "repo"
    for i in range(15):
        (out / f"f{i:02}").mkdir(parents=True)
        (out / f"f{i:02}" / "x.yaml").write_text("activities: []\n")
    result = cli("import", "org", str(BAMBOO), "-o", str(out))
    assert result.exit_code == 2
    assert f"{out / 'f11' / 'x.yaml'} and 3 more); bamboohr.yaml written there" in result.stderr


def test_ids_that_yaml_reads_as_other_words_are_quoted(cli: Cli, tmp_path: Path) -> None:
    """A title 'Null' made the role id `null`, which YAML reads as no id at all (a
    schema error, and the role lost); 'Yes' and 'No' read as booleans."""
    hr = tmp_path / "hr.csv"
    hr.write_text(
        "Name,Title,Manager,Department\nAnn Top,Null,,No\nBo Lee,Yes,Ann Top,No\n"
        "Cy Ek,True,Ann Top,No\n",
        encoding="utf-8",
    )
    result = cli("import", "org", str(hr), "-o", str(tmp_path / "org"))
    assert result.exit_code == 0, result.stderr
    org = raci.load(tmp_path / "org")
    assert list(org.roles) == ["null", "yes", "true"]
    assert org.roles["yes"].reports_to == "null"
    assert [p.message for p in org.problems] == []
    assert org.teams["no"].members == ["null", "yes", "true"]
