"""Built-in schemes: a passing and a failing org each, findings in the scheme's words."""

from __future__ import annotations

from pathlib import Path

import pytest

import raci
from raci.config import ConfigError, load_config
from raci.runner import load_org
from raci.scheme import SCHEMES

HERE = Path(__file__).parent / "schemes"

EXPECTED = {
    "raci": ["ACT001 activity 'roadmap' has no Accountable (A) role"],
    "rasci": ["ACT007 role 'pm' is both Responsible and Support on activity 'roadmap' (R/S)"],
    "raci-vs": [
        "ACT014 activity 'roadmap' has 2 Signatory (S) roles ('ceo', 'cto'); "
        "RACI-VS wants at most 1"
    ],
    "cairo": [
        "ACT002 activity 'roadmap' has 2 Accountable roles: 'cpo', 'cto'",
        "ACT007 role 'designer' is both Out of the loop and Informed on activity 'roadmap' (I/O)",
    ],
    "daci": [
        "ACT001 activity 'roadmap' has no Approver (A) role",
        "ACT014 activity 'roadmap' has 2 Driver (D) roles ('pm', 'designer'); DACI wants at most 1",
    ],
    "rapid": ["ACT014 activity 'roadmap' has 0 Recommend (R) roles (none); RAPID wants at least 1"],
}


def findings(path: Path) -> list[str]:
    org, config = load_org(path, use_cache=False)
    return [f"{f.code} {f.message}" for f in raci.check(org, config).findings]


def test_every_built_in_scheme_has_fixtures() -> None:
    assert sorted(p.name for p in HERE.iterdir()) == sorted(SCHEMES) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(SCHEMES))
def test_passing_org(name: str) -> None:
    assert findings(HERE / name / "pass.yaml") == []


@pytest.mark.parametrize("name", sorted(SCHEMES))
def test_failing_org_in_the_schemes_words(name: str) -> None:
    assert findings(HERE / name / "fail.yaml") == EXPECTED[name]


def test_raci_letters_are_invalid_under_daci() -> None:
    org, _ = load_org(HERE / "daci" / "pass.yaml", use_cache=False)
    assert org.scheme.name == "DACI"
    raci_org, _ = load_org(HERE / "raci" / "pass.yaml", use_cache=False)
    assert raci_org.scheme.name == "RACI"


def test_custom_scheme_from_config(tmp_path: Path) -> None:
    (tmp_path / "raci.toml").write_text(
        'scheme = "ox"\n'
        "[schemes.ox]\ncombine = [['O', 'X']]\n"
        "[schemes.ox.letters.O]\nword = 'Owner'\nmeaning = 'decider'\nmin = 1\nmax = 1\n"
        "[schemes.ox.letters.X]\nword = 'Executor'\nmeaning = 'doer'\nmin = 1\nmax = 2\n"
        "severity = 'error'\n"
        "[schemes.ox.letters.W]\nword = 'Watcher'\nmeaning = 'notified'\n"
    )
    roles = (HERE / "raci" / "pass.yaml").read_text().split("activities:")[0]
    (tmp_path / "org.yaml").write_text(
        roles
        + (
            "activities:\n"
            "  - {id: a, title: A, raci: {O: cpo, X: [pm, designer, cpo], W: ceo}}\n"
            "  - {id: b, title: B, raci: {X: pm, W: [ceo, cpo]}}\n"
            "  - {id: c, title: C, raci: {O: ceo, X: cpo, A: pm}}\n"
        )
    )
    org, config = load_org(tmp_path, use_cache=False)
    report = raci.check(org, config)
    got = [(f.code, f.severity.value, f.message) for f in report.findings]
    assert got == [
        (
            "ACT014",
            "error",
            "activity 'a' has 3 Executor (X) roles ('pm', 'designer', 'cpo'); ox wants at most 2",
        ),
        ("ACT001", "error", "activity 'b' has no Owner (O) role"),
        ("LOAD005", "error", "activity 'c' uses 'A', which is not a ox letter"),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            'scheme = "dacii"\n',
            "unknown scheme 'dacii': use one of raci, rasci, raci-vs, cairo, "
            "daci, rapid (did you mean 'daci'?)",
        ),
        ("[schemes.x]\ncombine = []\n", "scheme x needs a [schemes.x.letters] table"),
        (
            "[schemes.x.letters.Q]\nmeaning = 'boss'\n",
            "letter Q of scheme x: meaning must be "
            "one of decider, doer, support, input, approval, notified, omitted, not 'boss'",
        ),
        (
            "[schemes.x.letters.Q]\nmeaning = 'doer'\nmin = 3\nmax = 1\n",
            "letter Q of scheme x: min and max must be whole numbers with 0 <= min <= max",
        ),
        ("[schemes.x.letters.Q]\nmeaning = 'doer'\nwrd = 'Q'\n", "unknown key 'wrd' for letter Q"),
        (
            "[schemes.x]\ncombine = [['A', 'B']]\n[schemes.x.letters.A]\nmeaning = 'doer'\n",
            "schemes.x.combine must be a list of letter pairs",
        ),
    ],
)
def test_scheme_config_errors(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "raci.toml").write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path / "raci.toml")
    assert message in str(caught.value)
