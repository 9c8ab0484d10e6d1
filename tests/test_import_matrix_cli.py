"""`raci import matrix`: the detected layout shown, overridden, and written for check."""

from __future__ import annotations

from pathlib import Path

import yaml

import raci
from tests.conftest import Cli, write_org
from tests.matrix_corpus import HERE, build

SMALL = "Task;CEO;CTO;Dev\nPlan;A;C;R\nBuild;I;A;R\n\nR = Responsible;X = not involved;;\n"


def test_dry_run_shows_every_guess_and_writes_nothing(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "small.csv"
    path.write_text(SMALL.replace("I;A", "X;A"), encoding="utf-8")
    result = cli("import", "matrix", str(path), "-o", str(tmp_path / "out"), "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "file: small.csv",
        "sheet: small.csv",
        "scheme: RACI (guessed from the letters)",
        "shape: wide",
        "header: row 1",
        "activities: column A",
        "areas: none",
        "roles: 3",
        "  column B: 'CEO' -> ceo (new), 1 letters",
        "  column C: 'CTO' -> cto (new), 2 letters",
        "  column D: 'Dev' -> dev (new), 2 letters",
        "legend: X = not involved",
        "skipped row 5: legend",
        "guess: the legend defines X = not involved",
        "guess: header row 1: names 3 of 3 letter columns",
        "guess: activities in column A: 2 distinct titles",
        "override: --sheet NAME, --scheme NAME, --header-row N, --activity-column COL, "
        "--roles B:K, --transpose",
    ]
    assert result.stderr.splitlines()[-1] == (
        "raci: 2 activities, 3 roles (3 new); cells read: 6 = 5 kept as letters + "
        "1 none-markers + 0 reported; nothing written (--dry-run)"
    )
    assert not (tmp_path / "out").exists()


def test_overrides_choose_the_header_activity_and_role_columns(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    # Detection takes the ID column's neighbour; the consultant says otherwise.
    path.write_text("Ref;Task;Owner;CEO;CTO\n1;Plan;Dana;A;R\n2;Build;Marc;I;A/R\n")
    out = tmp_path / "out"
    result = cli(
        "import", "matrix", str(path), "-o", str(out), "--header-row", "1",
        "--activity-column", "Task", "--roles", "D:E",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    doc = yaml.safe_load((out / "m.yaml").read_text())
    assert doc["scope"] == ["ceo", "cto"]
    assert [(a["title"], a["raci"]) for a in doc["activities"]] == [
        ("Plan", {"R": "cto", "A": "ceo"}),
        ("Build", {"R": "cto", "A": "cto", "I": "ceo"}),
    ]
    by_name = cli("import", "matrix", str(path), "-o", str(out), "--roles", "CEO,CTO", "--dry-run")
    assert "  column D: 'CEO' -> ceo (by id), 2 letters" in by_name.stdout  # the roles written
    assert "guess: role columns given" in by_name.stdout
    bad = cli("import", "matrix", str(path), "-o", str(out), "--activity-column", "Nope")
    assert bad.exit_code == 2
    assert "no column 'Nope': give a column letter or a header name" in bad.stderr


def test_transposed_matrix_is_read_the_right_way_round(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(
        ",Set the product vision,Prioritise the roadmap,Ship a release\n"
        "CEO,A,,I\nCPO,R,A/R,C\nCTO,C,C,A\n"
    )
    result = cli("import", "matrix", str(path), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    doc = yaml.safe_load((tmp_path / "out" / "t.yaml").read_text())
    assert doc["scope"] == ["ceo", "cpo", "cto"]
    assert [(a["title"], a["origin"]) for a in doc["activities"]] == [
        ("Set the product vision", "t.csv column B"),
        ("Prioritise the roadmap", "t.csv column C"),
        ("Ship a release", "t.csv column D"),
    ]
    # --transpose forces the reading (here: the wrong way round, roles as activities)
    forced = cli("import", "matrix", str(path), "-o", str(tmp_path / "o2"), "--transpose",
                 "--dry-run")  # fmt: skip
    assert "shape: wide, transposed" in forced.stdout


def test_scheme_given_and_written_for_check(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "rasci.csv"
    path.write_text("Activity,PM,Dev,QA\nPlan,A/R,S,C\nTest,A,S,R\n")
    out = tmp_path / "out"
    result = cli("import", "matrix", str(path), "-o", str(out), "--scheme", "RASCI")
    assert result.exit_code == 0, result.stderr
    assert (out / "raci.toml").read_text() == 'scheme = "rasci"\n'
    check = cli("check", str(out), "--format", "concise")
    assert "LOAD" not in check.stdout  # raci.toml says RASCI: S is a letter
    guessed = cli("import", "matrix", str(path), "-o", str(tmp_path / "o2"), "--dry-run")
    assert "scheme: RASCI (guessed from the letters)" in guessed.stdout
    unknown = cli("import", "matrix", str(path), "-o", str(out), "--scheme", "RACX")
    assert unknown.exit_code == 2
    assert "unknown scheme 'RACX': use one of raci, rasci, raci-vs" in unknown.stderr


def test_the_matrix_on_another_sheet_is_found_and_named(cli: Cli, tmp_path: Path) -> None:
    path = build("xlsx-cover-sheet", tmp_path)
    result = cli("import", "matrix", str(path), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    assert (
        "raci: the matrix is on sheet 'RACI' (of 'Cover', 'RACI'; "
        "--sheet picks another)" in result.stderr
    )
    cover = cli("import", "matrix", str(path), "-o", str(tmp_path / "o2"), "--sheet", "Cover")
    assert cover.exit_code == 2
    assert "nothing could be read" in cover.stderr


def test_names_row_becomes_holders_group_row_tags_notes_attributes(
    cli: Cli, tmp_path: Path
) -> None:
    path = build("xlsx-styled", tmp_path)
    out = tmp_path / "out"
    result = cli("import", "matrix", str(path), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert "raci: columns kept as activity attributes: 'Notes'" in result.stderr
    roles = yaml.safe_load((out / "xlsx-styled-roles.yaml").read_text())
    assert roles["roles"][0] == {
        "id": "project-sponsor",
        "title": "Project Sponsor",
        "tags": ["leadership"],
    }
    doc = yaml.safe_load((out / "xlsx-styled.yaml").read_text())
    first = doc["activities"][0]["activities"][0]
    assert first["attributes"] == {"Notes": "Uses the template from the PMO handbook, section 2"}
    two = build("two-header-rows", tmp_path)
    cli("import", "matrix", str(two), "-o", str(tmp_path / "o2"))
    roles = yaml.safe_load((tmp_path / "o2" / "two-header-rows-roles.yaml").read_text())
    assert roles["roles"][1] == {
        "id": "project-manager",
        "title": "Project Manager",
        "holders": ["priya-raman"],
    }
    assert {"id": "priya-raman", "name": "Priya Raman"} in roles["people"]
    report = raci.check(raci.load(tmp_path / "o2"))
    assert not [f for f in report.findings if f.rule in ("schema-error", "unknown-reference")]


def test_long_matrix_names_match_the_orgs_holders(cli: Cli, tmp_path: Path) -> None:
    write_org(
        tmp_path / "org",
        {
            "org.yaml": "roles:\n  - {id: ceo, title: Chief Executive Officer, holders: [dana]}\n"
            "  - {id: cto, title: Chief Technology Officer, reports_to: ceo}\n"
            "people:\n  - {id: dana, name: Dana Whitfield}\n"
        },
    )
    path = tmp_path / "long.csv"
    path.write_text(
        "Activity,Responsible,Accountable,Consulted,Informed\n"
        'Plan,CTO,Dana Whitfield,"Lea Novak and CTO",\n'
        "Ship,CTO,CTO,,Dana Whitfield; Lea Novak\n"
        "Review,CTO,Dana Whitfield,-,n/a\n"
    )
    result = cli("import", "matrix", str(path), "-o", str(tmp_path / "out"), "--org",
                 str(tmp_path / "org"))  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "column 'CTO' -> cto (by id)",
        "column 'Dana Whitfield' -> ceo (by holder)",
        "column 'Lea Novak' -> lea-novak (a new role)",
    ]
    doc = yaml.safe_load((tmp_path / "out" / "long.yaml").read_text())
    assert [a["raci"] for a in doc["activities"]] == [
        {"R": "cto", "A": "ceo", "C": ["lea-novak", "cto"]},
        {"R": "cto", "A": "cto", "I": ["ceo", "lea-novak"]},
        {"R": "cto", "A": "ceo"},
    ]
    assert "cells read: 10 = 8 kept as letters + 2 none-markers + 0 reported" in result.stderr


def test_corpus_folder_has_the_committed_matrices() -> None:
    assert len(list(HERE.glob("*.truth"))) >= 25


def test_a_first_role_column_of_words_stays_a_role(cli: Cli, tmp_path: Path) -> None:
    """Seen: a first role column whose top cells are `yes` and `A/C` became the titles."""
    rows = ["Activity,Sponsor,PM,Dev"]
    rows += [f"Step {i},{'yes' if i == 1 else 'A/C' if i == 2 else ''},A,R" for i in range(1, 15)]
    rows += ["Approve the budget,A,R,"]
    path = tmp_path / "m.csv"
    path.write_text("\n".join(rows) + "\n")
    out = tmp_path / "out"
    result = cli("import", "matrix", str(path), "-o", str(out))
    assert result.exit_code == 1  # 'yes' is written for `raci check` to report
    assert "cells read: 32 = 31 kept as letters + 0 none-markers + 1 reported" in result.stderr
    doc = yaml.safe_load((out / "m.yaml").read_text())
    assert doc["scope"] == ["sponsor", "pm", "dev"]
    acts = {a["title"]: a for a in doc["activities"]}
    assert acts["Step 1"]["raci"] == {"R": "dev", "A": "pm", "yes": "sponsor"}
    assert acts["Step 2"]["raci"] == {"R": "dev", "A": ["sponsor", "pm"], "C": "sponsor"}
    assert acts["Approve the budget"]["raci"] == {"R": "pm", "A": "sponsor"}
    check = cli("check", str(out), "--format", "concise")
    lines = check.stdout.splitlines()
    picked = [x for x in lines if ("step-1" in x or "step-2" in x) and "[error]" in x]
    assert [x.split(": ", 1)[1] for x in picked] == [
        "LOAD005 [error] activity 'step-1' uses 'yes', which is not a RACI letter "
        "(from m.csv row 2; unreadable: 'yes' at 'm.csv'!B2)",
        "ACT002 [error] activity 'step-2' has 2 Accountable roles: 'sponsor', 'pm' "
        "(from m.csv row 3)",
        "ACT007 [error] role 'sponsor' is both Accountable and Consulted on activity 'step-2' "
        "(A/C) (from m.csv row 3)",
    ]


def test_the_legend_redefines_a_letter(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text("Activity,CEO,CFO\nPlan,X,A\nClose,A,X\n\nLegend: X = Responsible,,\n")
    result = cli("import", "matrix", str(path), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    assert "raci: skipped rows (legend): 5" in result.stderr
    doc = yaml.safe_load((tmp_path / "out" / "m.yaml").read_text())
    assert [a["raci"] for a in doc["activities"]] == [
        {"R": "ceo", "A": "cfo"},
        {"R": "cfo", "A": "ceo"},
    ]


def test_id_column_legend_beside_and_a_role_named_like_letters(cli: Cli, tmp_path: Path) -> None:
    """An id column left of the titles, a legend column beside the matrix, a role 'IC'."""
    path = tmp_path / "m.csv"
    path.write_text(
        "ID,Activity,IC,Lead,CTO,,Legend\n"
        "1.1,Write the code,R,A,I,,R = Responsible\n"
        "1.2,Review the code,C,A/R,,,A = Accountable\n"
        "1.3,Release,I,R,A,,X = not involved\n"
        "1.4,Patch,X,R,A,,\n"
    )
    result = cli("import", "matrix", str(path), "-o", str(tmp_path / "out"), "--dry-run")
    assert result.exit_code == 0, result.stderr
    for line in (
        "header: row 1",
        "activities: column B",
        "  column C: 'IC' -> ic (new), 3 letters",
        "attributes: 'ID'",
        "legend: X = not involved",
        "skipped column G: legend",
    ):
        assert line in result.stdout.splitlines(), line
    assert "cells read: 11 = 10 kept as letters + 1 none-markers + 0 reported" in result.stderr
    result = cli("import", "matrix", str(path), "-o", str(tmp_path / "out"))
    doc = yaml.safe_load((tmp_path / "out" / "m.yaml").read_text())
    assert doc["activities"][0]["attributes"] == {"ID": "1.1"}
    assert doc["activities"][3]["raci"] == {"R": "lead", "A": "cto"}


OX = """\
scheme = "ox"

[schemes.ox]
combine = [["O", "X"]]

[schemes.ox.letters.O]
word = "Owner"
meaning = "decider"
min = 1
max = 1

[schemes.ox.letters.X]
word = "Executor"
meaning = "doer"
"""


def test_a_custom_scheme_from_the_configuration(cli: Cli, tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "raci.toml").write_text(OX)
    path = tmp_path / "m.csv"
    path.write_text("Activity,Ops,Dev\nDeploy,O,X\nFix,X,O/X\n")
    result = cli("import", "matrix", str(path), "-o", str(project / "out"))
    assert result.exit_code == 0, result.stderr
    assert f"raci: scheme ox, from {project / 'raci.toml'}" in result.stderr
    doc = yaml.safe_load((project / "out" / "m.yaml").read_text())
    assert [a["raci"] for a in doc["activities"]] == [
        {"O": "ops", "X": "dev"},
        {"O": "dev", "X": ["ops", "dev"]},
    ]
    assert not (project / "out" / "raci.toml").exists()  # the project's own config applies
    given = cli("import", "matrix", str(path), "-o", str(project / "o2"), "--scheme", "OX",
                "--dry-run")  # fmt: skip
    assert "scheme: ox (given)" in given.stdout
    elsewhere = cli("import", "matrix", str(path), "-o", str(tmp_path / "o3"), "--scheme", "ox")
    assert elsewhere.exit_code == 2
    assert "unknown scheme 'ox'" in elsewhere.stderr


def test_a_names_row_that_disagrees_with_the_org_is_said(cli: Cli, tmp_path: Path) -> None:
    write_org(
        tmp_path / "org",
        {
            "org.yaml": "roles:\n  - {id: ceo, title: CEO, holders: [dana]}\n"
            "people:\n  - {id: dana, name: Dana Whitfield}\n"
        },
    )
    path = tmp_path / "m.csv"
    path.write_text("Activity,CEO,Team Lead\n,Sam Ortiz,Lea Novak\nPlan,A,R\n")
    result = cli("import", "matrix", str(path), "-o", str(tmp_path / "out"), "--org",
                 str(tmp_path / "org"))  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert (
        "raci: column B: 'Sam Ortiz' (names row) does not hold ceo; the org's holders are kept"
        in result.stderr
    )
    roles = yaml.safe_load((tmp_path / "out" / "m-roles.yaml").read_text())
    assert roles["roles"] == [{"id": "team-lead", "title": "Team Lead", "holders": ["lea-novak"]}]
