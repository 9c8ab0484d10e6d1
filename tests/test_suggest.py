"""raci suggest: the fixes it proposes, and --write editing YAML without losing anything."""

from __future__ import annotations

import json
import shutil
import tempfile
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import raci
from raci.yamledit import LetterEdit, apply_edits, replacements
from tests.conftest import BUNDLED, Cli, write_org

ROLES = Path("tests/rules/no-accountable/pass.yaml").read_text().split("activities:")[0]

ACTIVITIES = """\
# Responsibilities, with comments that must survive --write.
activities:
  - id: area   # an area
    title: Area
    activities:
      # no A at all: the lowest common manager of pm and designer is cpo
      - id: roadmap
        title: Roadmap
        raci:
          R: [pm, designer]   # both product
          C: ceo
      - id: budget
        title: Budget
        raci: {A: [pm, cpo], R: pm}     # two As: keep cpo (higher)
  - id: tooling
    title: "Tooling: 'quoted' title"
    raci: {A: cpo, R: [em], I: [ceo]}   # cpo has no line over em
  - {id: hiring, title: Hiring, raci: {A: ceo, R: cpo}}
"""


def org_dir(tmp_path: Path) -> Path:
    return write_org(tmp_path / "org", {"org.yaml": ROLES, "work.yaml": ACTIVITIES})


def test_suggestions(cli: Cli, tmp_path: Path) -> None:
    result = cli("suggest", str(org_dir(tmp_path)), "-f", "json")
    assert result.exit_code == 0
    got = {(s["activity"], s["rule"]): s["edits"] for s in json.loads(result.stdout)}
    assert got == {
        ("roadmap", "no-accountable"): [{"letter": "A", "roles": ["cpo"], "mode": "set"}],
        # pm is also R there: it keeps that and only loses the A.
        ("budget", "multiple-accountable"): [{"letter": "A", "roles": ["cpo"], "mode": "set"}],
        # One Responsible role: it is its own lowest common manager, and becomes A/R.
        ("tooling", "authority-gap"): [{"letter": "A", "roles": ["em"], "mode": "set"}],
    }


def test_write_refuses_an_org_that_did_not_load_cleanly(cli: Cli, tmp_path: Path) -> None:
    """A typo in a reporting line moves letters to the wrong manager: nothing is
    written until the load problem is fixed, and the suggestions are still shown."""
    folder = write_org(
        tmp_path / "org",
        {
            "org.yaml": ROLES.replace("reports_to: cpo", "reports_to: cpoo", 1),
            "work.yaml": ACTIVITIES,
        },
    )
    assert "reports_to: cpoo" in (folder / "org.yaml").read_text()
    before = {p.name: p.read_text() for p in folder.iterdir()}
    result = cli("suggest", str(folder), "--write")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        "raci: error: nothing written: the org did not load cleanly; fix its load problems "
        "first (`raci check` lists them), then run `raci suggest --write` again"
    )
    assert "set A:" in result.stdout
    assert {p.name: p.read_text() for p in folder.iterdir()} == before


def test_write_changes_only_the_edited_lines_and_fixes_the_findings(
    cli: Cli, tmp_path: Path
) -> None:
    folder = org_dir(tmp_path)
    before = raci.check(raci.load(folder, use_cache=False))
    assert {f.rule for f in before.findings} >= {
        "no-accountable",
        "multiple-accountable",
        "authority-gap",
    }
    result = cli("suggest", str(folder), "--write")
    assert result.exit_code == 0
    assert "raci: wrote 3 suggestions to 1 file" in result.stderr
    assert (folder / "org.yaml").read_text() == ROLES
    assert (folder / "work.yaml").read_text() == ACTIVITIES.replace(
        "          C: ceo\n", "          C: ceo\n          A: cpo\n"
    ).replace(
        "raci: {A: [pm, cpo], R: pm}     # two As", "raci: {A: cpo, R: pm}           # two As"
    ).replace(
        "raci: {A: cpo, R: [em], I: [ceo]}   # cpo", "raci: {A: em, R: [em], I: [ceo]}    # cpo"
    )
    after = raci.check(raci.load(folder, use_cache=False))
    rules = {f.rule for f in after.findings}
    assert not rules & {"no-accountable", "multiple-accountable", "authority-gap"}


def test_nothing_to_suggest(cli: Cli) -> None:
    result = cli("suggest", "tests/rules/no-accountable/pass.yaml")
    assert (result.exit_code, result.stdout) == (0, "")
    assert "nothing to suggest" in result.stderr


def test_untouched_multiline_flow_lists_keep_their_layout(tmp_path: Path) -> None:
    text = (
        "activities:\n"
        "  - id: a\n    title: A\n    raci: {A: cpo, R: pm,\n           C: [x, y,\n"
        "               z]}\n"
        "  - id: b\n    title: B\n    raci: {R: pm}\n"
    )
    path = tmp_path / "w.yaml"
    path.write_text(text)
    new = apply_edits(path, [LetterEdit("b", "A", ("cpo",))])
    assert new == text.replace("raci: {R: pm}", "raci: {R: pm, A: cpo}")


def test_the_new_accountable_gives_up_letters_that_do_not_go_with_a(
    cli: Cli, tmp_path: Path
) -> None:
    folder = write_org(
        tmp_path / "org",
        {
            "org.yaml": ROLES,
            "work.yaml": "activities:\n  - {id: plan, title: Plan, raci: {R: [pm, designer], "
            "C: [cpo, ceo]}}\n  - {id: hiring, title: Hiring, raci: {A: ceo, R: cpo}}\n",
        },
    )
    assert cli("suggest", str(folder), "--write").exit_code == 0
    assert "raci: {R: [pm, designer], C: ceo, A: cpo}" in (folder / "work.yaml").read_text()
    assert raci.check(raci.load(folder, use_cache=False)).findings == []


FOUR = """\
activities:
    -   id: a   # four spaces, and a wide dash
        title: A
        raci:
            R: pm
            C: [x, y]
    -   id: b
        title: B
        raci:
            R: pm
"""


def test_write_keeps_four_space_indentation(tmp_path: Path) -> None:
    path = tmp_path / "w.yaml"
    path.write_text(FOUR)
    new = apply_edits(
        path, [LetterEdit("b", "A", ("cpo",)), LetterEdit("a", "C", ("x",), "remove")]
    )
    assert new == (
        "activities:\n"
        "    -   id: a   # four spaces, and a wide dash\n"
        "        title: A\n"
        "        raci:\n"
        "            R: pm\n"
        "            C: y\n"
        "    -   id: b\n"
        "        title: B\n"
        "        raci:\n"
        "            R: pm\n"
        "            A: cpo\n"
    )


def test_write_keeps_crlf_line_endings(tmp_path: Path) -> None:
    text = ACTIVITIES.replace("\n", "\r\n")
    path = tmp_path / "w.yaml"
    path.write_bytes(text.encode())
    new = apply_edits(path, [LetterEdit("hiring", "C", ("cto",), "add")])
    assert new == text.replace("raci: {A: ceo, R: cpo}}", "raci: {A: ceo, R: cpo, C: cto}}")
    assert "\n" not in new.replace("\r\n", "")


def test_text_says_what_the_write_does(cli: Cli, tmp_path: Path) -> None:
    """The new A loses its C: the text says 'remove', as the write does."""
    folder = write_org(
        tmp_path / "org",
        {
            "org.yaml": ROLES,
            "work.yaml": "activities:\n  - {id: plan, title: Plan, raci: {R: [pm, designer], "
            "C: [cpo, ceo]}}\n  - {id: hiring, title: Hiring, raci: {A: ceo, R: cpo}}\n",
        },
    )
    result = cli("suggest", str(folder))
    assert result.stdout == (
        f"{folder / 'work.yaml'}:2: plan (no-accountable)\n"
        "    set A: cpo\n"
        "    remove C: cpo\n"
        "    because 'cpo' is the lowest common manager of the Responsible roles (pm, designer)\n"
    )


def test_replacements_are_given_per_activity_an_area_apart_from_its_child(tmp_path: Path) -> None:
    path = tmp_path / "w.yaml"
    path.write_bytes(ACTIVITIES.replace("\n", "\r\n").encode())
    edits = [
        LetterEdit("area", "I", ("ceo",), "add"),
        LetterEdit("budget", "A", ("cpo",)),
        LetterEdit("hiring", "C", ("pm",), "add"),
    ]
    changes = replacements(path, edits)
    text = path.read_bytes().decode()
    for activity, edit in zip(("area", "budget", "hiring"), edits, strict=True):
        alone = apply_edits(path, [edit])
        got = text
        for offset, length, new in reversed(changes[activity]):
            got = got[:offset] + new + got[offset + length :]
        assert got == alone != text, activity


def _findings(folder: Path) -> list[str]:
    """What `raci check` reports, without the lines an edit moves."""
    report = raci.check_path(folder, use_cache=False)
    return [f"{f.rule} {f.entity.kind}:{f.entity.id} {f.message}" for f in report.findings]


def test_the_bundled_org_gets_no_suggestion_that_raises_a_finding(cli: Cli, tmp_path: Path) -> None:
    """Its authority gaps' only common manager is the CEO, two layers above the work:
    making it A would trade each gap for accountable-too-high, so nothing is written."""
    shutil.copytree(BUNDLED, tmp_path / "org")
    folder = tmp_path / "org"
    before = {p: p.read_bytes() for p in folder.rglob("*.yaml")}
    findings = _findings(folder)
    result = cli("suggest", str(folder), "--write")
    assert (result.exit_code, result.stdout) == (0, "")
    team, tools = sorted((folder / "responsibilities").glob("0[39]-*.yaml"))
    assert result.stderr == (
        f"raci: {team}:22: staff-product-teams (authority-gap): no suggestion: "
        "'set A: ceo' would raise accountable-too-high\n"
        f"raci: {tools}:15: roll-out-delivery-tooling (authority-gap): no suggestion: "
        "'set A: ceo' would raise accountable-too-high\n"
        "raci: nothing to suggest\n"
    )
    assert {p: p.read_bytes() for p in folder.rglob("*.yaml")} == before
    assert _findings(folder) == findings


SMALL = """\
policies:
  with-design:
    A: owner
    C: designer
activities:
  # pm and em meet only at the CEO, two layers above them
  - id: across
    title: Work across product and engineering
    raci: {R: [pm, em], C: sre}
  # the owner has no line over em
  - id: owned
    title: Owned by the CPO
    owner: cpo
    raci: {R: [pm, em]}
  # their manager is vacant: its manager answers
  - id: under-vacancy
    title: Under a vacant VP
    raci: {R: [pm2, pm3]}
  # keeping the CEO would put it two layers above pm
  - id: two-owners
    title: Two owners
    raci: {A: [cpo, ceo], R: pm}
  # the policy consults the designer: cto joins it, it does not replace it
  - id: with-policy
    title: With a policy
    owner: cpo
    policy: with-design
    raci: {A: [cpo, cto], R: pm}
  - {id: hiring, title: Hiring, raci: {A: ceo, R: cpo}}
"""

VACANT = """\
  - {id: vp, title: VP, reports_to: cpo, holders: []}
  - {id: pm2, title: PM 2, reports_to: vp, holders: [ann]}
  - {id: pm3, title: PM 3, reports_to: vp, holders: [bob]}
people:
  - {id: ann, name: Ann}
  - {id: bob, name: Bob}
"""


def test_each_suggestion_is_one_the_rules_accept(cli: Cli, tmp_path: Path) -> None:
    """Candidates the rules refuse give way to the next (the vacant manager's manager,
    the next-ranking A); a finding none is accepted for is named with the reasons."""
    roles = ROLES.replace("people:\n", VACANT, 1)
    folder = write_org(tmp_path / "org", {"org.yaml": roles, "work.yaml": SMALL})
    work = folder / "work.yaml"
    findings = _findings(folder)
    assert findings == [
        "vacant-role role:vp role 'vp' (VP) is vacant; nobody covers it",
        "no-accountable activity:across activity 'across' has no Accountable (A) role",
        "no-accountable activity:owned activity 'owned' has no Accountable (A) role",
        "no-accountable activity:under-vacancy activity 'under-vacancy' has no Accountable "
        "(A) role",
        "multiple-accountable activity:two-owners activity 'two-owners' has 2 Accountable "
        "roles: 'cpo', 'ceo'",
        "multiple-accountable activity:with-policy activity 'with-policy' has 2 Accountable "
        "roles: 'cpo', 'cto'",
    ]
    result = cli("suggest", str(folder), "--write")
    assert result.exit_code == 0
    assert result.stdout == (
        f"{work}:16: under-vacancy (no-accountable)\n"
        "    set A: cpo\n"
        "    because 'cpo' is above every Responsible role (pm2, pm3); 'set A: vp' would "
        "raise vacant-accountable\n"
        f"{work}:20: two-owners (multiple-accountable)\n"
        "    set A: cpo\n"
        "    add C: ceo\n"
        "    because keep 'cpo' as A; make ceo C; 'set A: ceo, add C: cpo' would raise "
        "accountable-too-high\n"
        f"{work}:24: with-policy (multiple-accountable)\n"
        "    set A: cpo\n"
        "    add C: +cto\n"
        "    because keep 'cpo' (the highest-ranking) as A; make cto C\n"
    )
    assert result.stderr == (
        f"raci: {work}:7: across (no-accountable): no suggestion: 'set A: ceo' would raise "
        "accountable-too-high\n"
        f"raci: {work}:11: owned (no-accountable): no suggestion: 'set A: ceo' would raise "
        "accountable-too-high; 'set A: cpo' would raise authority-gap\n"
        "raci: wrote 3 suggestions to 1 file\n"
    )
    assert work.read_text() == SMALL.replace(
        "raci: {R: [pm2, pm3]}", "raci: {R: [pm2, pm3], A: cpo}"
    ).replace("raci: {A: [cpo, ceo], R: pm}", "raci: {A: cpo, R: pm, C: ceo}").replace(
        "raci: {A: [cpo, cto], R: pm}", "raci: {A: cpo, R: pm, C: +cto}"
    )
    # Exactly the mended findings are gone; none is new.
    assert _findings(folder) == findings[:3]
    org = raci.load(folder, use_cache=False)
    consulted = [x.role for x in org.assignments if x.activity == "with-policy" and x.letter == "C"]
    assert consulted == ["designer", "cto"]


def test_an_edit_keeps_a_plus_list_a_plus_list(tmp_path: Path) -> None:
    """'+selector' items add to the policy's letter; a plain one among them would be
    refused on load, and '+cpo' is the role cpo when a letter is taken away."""
    path = tmp_path / "w.yaml"
    path.write_text(
        "activities:\n  - {id: a, title: A, raci: {C: [+x, +cpo], I: [+y]}}\n",
    )
    new = apply_edits(
        path, [LetterEdit("a", "C", ("cpo",), "remove"), LetterEdit("a", "I", ("z",), "add")]
    )
    assert new == "activities:\n  - {id: a, title: A, raci: {C: +x, I: [+y, +z]}}\n"


def test_a_suggestion_that_would_leave_a_suppression_unused_is_declined(
    cli: Cli, tmp_path: Path
) -> None:
    """The unused suppression is a finding about the file, not the activity: each
    suggestion is tried alone to find the one that raises it."""
    roles = ROLES.replace(
        "  - {id: cpo,", "  # raci: ignore[no-ownership] consulted only\n  - {id: cpo,"
    )
    work = (
        "activities:\n"
        "  - {id: plan, title: Plan, raci: {R: [pm, designer], C: cpo}}\n"
        "  - {id: review, title: Review, raci: {R: em}}\n"
        "  - {id: hiring, title: Hiring, raci: {A: ceo, R: cto}}\n"
    )
    folder = write_org(tmp_path / "org", {"org.yaml": roles, "work.yaml": work})
    result = cli("suggest", str(folder))
    assert result.stdout == (
        f"{folder / 'work.yaml'}:3: review (no-accountable)\n"
        "    set A: em\n"
        "    because 'em' is the lowest common manager of the Responsible roles (em)\n"
    )
    assert result.stderr == (
        f"raci: {folder / 'work.yaml'}:2: plan (no-accountable): no suggestion: "
        "'set A: cpo, remove C: cpo' would raise unused-suppression; "
        "'set A: ceo' would raise accountable-too-high\n"
    )


def test_a_role_left_owning_nothing_refuses_the_suggestion(cli: Cli, tmp_path: Path) -> None:
    """The role whose A the edit takes away is the one the new finding is about."""
    work = "activities:\n  - {id: budget, title: Budget, raci: {A: [cpo, ceo], R: cto}}\n"
    folder = write_org(tmp_path / "org", {"org.yaml": ROLES, "work.yaml": work})
    result = cli("suggest", str(folder))
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == (
        f"raci: {folder / 'work.yaml'}:2: budget (multiple-accountable): no suggestion: "
        "'set A: ceo, add C: cpo' would raise no-ownership; "
        "'set A: cpo, add C: ceo' would raise authority-gap, no-ownership\n"
        "raci: nothing to suggest\n"
    )


def test_a_baselined_report_is_compared_with_every_finding(cli: Cli, tmp_path: Path) -> None:
    """With a baseline, only new findings get suggestions; the old ones, which the check
    of the result reports again, are not taken for findings the suggestion raised."""
    from raci.suggest import review

    folder = org_dir(tmp_path)
    baseline = tmp_path / "baseline.json"
    assert cli("check", str(folder), "--write-baseline", str(baseline)).exit_code == 0
    work = folder / "work.yaml"
    work.write_text(
        work.read_text() + "  - {id: pricing, title: Pricing, raci: {A: [cpo, ceo], R: pm}}\n"
    )
    report = raci.check_path(folder, baseline=baseline, use_cache=False)
    assert [(f.rule, f.entity.id) for f in report.findings] == [("multiple-accountable", "pricing")]
    found = review(report)
    assert [(s.activity, [str(e) for e in s.edit.letters]) for s in found.made] == [
        ("pricing", ["set A: cpo", "add C: ceo"])
    ]
    assert found.declined == []


PEOPLE_ROLES = ["ceo", "cpo", "cto", "pm", "designer", "em", "sre", "vp", "pm2", "pm3"]


@st.composite
def _activities(draw: st.DrawFn) -> str:
    """A few activities with random letters, owners and policies over the fixture's roles."""
    roles = st.sampled_from(PEOPLE_ROLES)
    lines = [
        "policies:",
        "  owned: {A: owner, R: owner, I: ['manager:owner']}",
        "  consulted: {A: owner, C: [designer, sre]}",
        "activities:",
    ]
    for i in range(draw(st.integers(1, 6))):
        raci = {
            letter: draw(st.lists(roles, min_size=low, max_size=high, unique=True))
            for letter, low, high in (("A", 0, 2), ("R", 0, 3), ("C", 0, 2), ("I", 0, 1))
        }
        given = ", ".join(f"{k}: [{', '.join(v)}]" for k, v in raci.items() if v)
        extra = ""
        if draw(st.booleans()):
            extra = (
                f", owner: {draw(roles)}, policy: {draw(st.sampled_from(['owned', 'consulted']))}"
            )
        lines.append(f"  - {{id: a{i}, title: Work {i}{extra}, raci: {{{given}}}}}")
    return "\n".join(lines) + "\n"


@settings(
    derandomize=True,
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(_activities())
def test_writing_every_suggestion_leaves_fewer_findings_and_no_new_one(work: str) -> None:
    """What --write makes is what was checked in memory: the check of the written org
    has each mended finding gone and no finding it did not have before (a suggestion
    may mend others on the way)."""
    from raci import suggest

    with tempfile.TemporaryDirectory() as tmp:
        folder = write_org(
            Path(tmp) / "org",
            {"org.yaml": ROLES.replace("people:\n", VACANT, 1), "work.yaml": work},
        )
        before = raci.check_path(folder, use_cache=False)
        made = suggest.review(before).made
        suggest.write(made)
        after = raci.check_path(folder, use_cache=False)
    mended = Counter((s.rule, "activity", s.activity) for s in made)
    left = Counter(f.key for f in before.findings) - mended
    assert Counter(f.key for f in after.findings) - left == Counter()


def test_edits_that_overload_a_role_only_together_give_way_in_halves(
    cli: Cli, tmp_path: Path
) -> None:
    """Three new As for pm break a limit of two only together: the first is kept, the
    later two take the next candidate (pm's manager), and nothing is declined."""
    work = (
        "activities:\n"
        + "".join(f"  - {{id: w{i}, title: W{i}, raci: {{R: pm}}}}\n" for i in (1, 2, 3))
        + "  - {id: hiring, title: Hiring, raci: {A: ceo, R: cpo}}\n"
    )
    folder = write_org(
        tmp_path / "org",
        {
            "org.yaml": ROLES,
            "work.yaml": work,
            "raci.toml": "[rules.accountable-overload]\nmax = 2\n",
        },
    )
    result = cli("suggest", str(folder), "-f", "json")
    assert result.exit_code == 0, result.stderr
    got = [(s["activity"], s["edits"][0]["roles"], s["reason"]) for s in json.loads(result.stdout)]
    assert got == [
        ("w1", ["pm"], "'pm' is the lowest common manager of the Responsible roles (pm)"),
        *(
            (
                f"w{i}",
                ["cpo"],
                "'cpo' is above every Responsible role (pm); 'set A: pm' would raise "
                "accountable-overload",
            )
            for i in (2, 3)
        ),
    ]
    assert result.stderr == ""
