"""Diagrams as they land on a slide: sharp pictures, a legend no taller than the chart."""

from __future__ import annotations

import re
import shutil
import struct
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.conftest import Cli

pytestmark = pytest.mark.skipif(
    shutil.which("dot") is None, reason="Graphviz's dot is not installed here"
)
SVG = "{http://www.w3.org/2000/svg}"


def _draw(cli: Cli, tmp_path: Path, name: str, *args: str) -> Path:
    target = tmp_path / name
    result = cli("diagram", *args, "-o", str(target))
    assert result.exit_code == 0, result.stderr
    return target


def _lowest(group: ET.Element) -> float:
    """The lowest point drawn in an SVG group (dot's y grows downwards from a negative)."""
    ys: list[float] = []
    for shape in group.iter():
        text = shape.get("points") or shape.get("d") or ""
        ys += [float(y) for _, y in re.findall(r"(-?[\d.]+),(-?[\d.]+)", text)]
    return max(ys)


def test_a_png_is_drawn_at_twice_the_screen_resolution(cli: Cli, tmp_path: Path) -> None:
    # At dot's 96 dpi a chart pasted across a slide was soft, and blurred on a projector.
    svg = _draw(cli, tmp_path, "o.svg", "org", "--root", "cto", "--depth", "1")
    png = _draw(cli, tmp_path, "o.png", "org", "--root", "cto", "--depth", "1")
    points = float(ET.parse(svg).getroot().get("width", "0").removesuffix("pt"))
    pixels = struct.unpack(">I", png.read_bytes()[16:20])[0]
    assert pixels >= 2 * points * 96 / 72 - 2


def test_the_org_legend_ends_where_the_chart_does(cli: Cli, tmp_path: Path) -> None:
    # The legend's five samples stood one a rank: a two-layer chart got a legend twice
    # its height, and the picture a band of white below the chart.
    svg = ET.parse(_draw(cli, tmp_path, "o.svg", "org", "--depth", "1")).getroot()
    groups = {g.findtext(f"{SVG}title"): g for g in svg.iter(f"{SVG}g")}
    legend = groups["cluster_legend"]
    chart = [g for name, g in groups.items() if name and name.startswith(("role_", "more_"))]
    assert _lowest(legend) <= max(_lowest(g) for g in chart)
    samples = [g for name, g in groups.items() if name and name.startswith("legend")]
    texts = [
        "".join(t.itertext()).replace("\xa0", " ") for g in samples for t in g.iter(f"{SVG}text")
    ]
    assert texts == [
        "role (holders)",
        "vacant role",
        "exec team",
        "role with a finding",
        "- - -  dotted line",
    ]


def test_the_raci_legend_lists_only_the_letters_drawn(cli: Cli, tmp_path: Path) -> None:
    # With --letters AR the legend still explained C (dashed) and I (dotted) lines that
    # the picture did not have.
    svg = ET.parse(_draw(cli, tmp_path, "ar.svg", "raci", "--letters", "AR")).getroot()
    groups = {g.findtext(f"{SVG}title"): g for g in svg.iter(f"{SVG}g")}
    legend = groups["cluster_legend"]
    samples = [g for name, g in groups.items() if name and name.startswith("legend")]
    texts = ["".join(t.itertext()).split()[0] for g in samples for t in g.iter(f"{SVG}text")]
    assert "Legend" in "".join(legend.itertext())
    assert texts == ["R", "A"]


def test_a_raci_view_of_too_many_lines_says_how_to_draw_less(cli: Cli, tmp_path: Path) -> None:
    # The bundled org's 269 letters drew a picture 126 inches tall, its lines bundled
    # into one channel, and nothing said that --letters AR draws a readable one.
    result = cli("diagram", "raci", "-f", "dot", "-o", str(tmp_path / "raci.dot"))
    assert result.exit_code == 0, result.stderr
    assert "--letters AR" in result.stderr
    assert "letters drawn" in result.stderr
    quiet = cli("diagram", "raci", "--letters", "AR", "-f", "dot", "-o", str(tmp_path / "a.dot"))
    assert "letters drawn" not in quiet.stderr
