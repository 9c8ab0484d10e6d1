"""Output formats: one module each, registered here by name.

Every renderer takes the report and a `Style` and returns the whole output as text.
Machine formats (all but `text`) carry no summary line; the CLI prints that to stderr.
"""

from __future__ import annotations

from collections.abc import Callable

from raci.engine import Report
from raci.report import concise, github, gitlab, json_format, junit, sarif, text
from raci.report.style import Style

Renderer = Callable[[Report, Style], str]

FORMATS: dict[str, Renderer] = {
    "text": text.render,
    "concise": concise.render,
    "json": json_format.render,
    "sarif": sarif.render,
    "github": github.render,
    "junit": junit.render,
    "gitlab": gitlab.render,
}

summary_line = text.summary_line

__all__ = ["FORMATS", "Renderer", "Style", "summary_line"]
