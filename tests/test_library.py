"""The public API: typed, lazy, and the README's library example runs as shown."""

from __future__ import annotations

import contextlib
import inspect
import io
import re
import typing

import pytest

from tests.conftest import ROOT


def test_the_public_api_is_typed() -> None:
    import raci

    for name in raci.__all__:
        value = getattr(raci, name)
        assert value is not None, name
        if inspect.isfunction(value):
            hints = typing.get_type_hints(value)
            params = set(inspect.signature(value).parameters)
            assert "return" in hints, name
            assert params <= set(hints), name
    assert set(dir(raci)) >= set(raci.__all__)
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        raci.nope  # type: ignore[attr-defined]  # noqa: B018


def test_readme_library_example_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    part = text.split("Use it as a library.", 1)[1]
    match = re.search(r"```python\n(.+?)```", part, flags=re.S)
    assert match is not None
    monkeypatch.chdir(ROOT)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(match.group(1), "README.md", "exec"), {})
    lines = out.getvalue().splitlines()
    assert lines[0] == (
        "{'errors': 0, 'warnings': 2, 'infos': 1, 'activities': 39, 'roles': 41} False"
    )
    assert lines[1:] == [
        "org/org.yaml:62:5 vacant-role role 'head-design' (Head of Design) is vacant; "
        "Kim Park covers it as interim",
        "org/responsibilities/03-product-development-team.yaml:24:9 authority-gap activity "
        "'staff-product-teams': Accountable 'cpo' has no reporting line over Responsible "
        "'vp-engineering'",
        "org/responsibilities/09-tools-and-technology.yaml:18:9 authority-gap activity "
        "'roll-out-delivery-tooling': Accountable 'cpo' has no reporting line over "
        "Responsible 'vp-engineering'",
    ]
