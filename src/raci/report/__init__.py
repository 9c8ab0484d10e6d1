"""Output formats: one module each, registered here by name."""

from __future__ import annotations

from collections.abc import Callable

from raci.engine import Report
from raci.report import json_format, text

Renderer = Callable[[Report, bool], str]

FORMATS: dict[str, Renderer] = {
    "text": text.render,
    "json": json_format.render,
}

__all__ = ["FORMATS", "Renderer", "summary_line"]

summary_line = text.summary_line
