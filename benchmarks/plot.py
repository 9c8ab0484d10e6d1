"""A small log-log plot of the benchmark results, as a hand-written SVG (no matplotlib).

Two panels against roles: seconds (cold and warm `raci check`, and the libyaml floor
with the collector off and on) and peak memory (cold and warm). Orgs with policies
are left out: they have the same number of roles as the plain ones.

Usage: python benchmarks/plot.py RESULTS.json OUT.svg
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

WIDTH, HEIGHT = 330, 250  # one panel
LEFT, RIGHT, TOP, BOTTOM = 52, 16, 28, 40

TIME_SERIES = [
    ("cold", "cold check", "#c0392b", ""),
    ("warm", "warm check", "#2471a3", ""),
    ("floor_nogc", "floor, gc off", "#555555", "6 4"),
    ("floor", "floor, gc on", "#999999", "2 3"),
]
MEMORY_SERIES = [
    ("cold_mb", "cold peak", "#c0392b", ""),
    ("warm_mb", "warm peak", "#2471a3", ""),
]


def _decades(values: list[float]) -> tuple[int, int]:
    low = math.floor(math.log10(min(values)))
    high = math.ceil(math.log10(max(values)))
    return low, max(high, low + 1)


def _label(exponent: int, unit: str) -> str:
    value = 10.0**exponent
    if unit == " MB" and value >= 1_000:
        return f"{value / 1_000:g} GB"
    if value >= 1_000_000:
        text = f"{value / 1_000_000:g}M"
    elif value >= 1_000:
        text = f"{value / 1_000:g}k"
    else:
        text = f"{value:g}"
    return text + unit


def _panel(
    rows: list[dict[str, Any]], series: list[tuple[str, str, str, str]], x0: int, title: str
) -> list[str]:
    unit = " s" if series is TIME_SERIES else " MB"
    xs = [float(r["roles"]) for r in rows]
    ys = [float(r[key]) for r in rows for key, *_ in series if r.get(key)]
    xlo, xhi = _decades(xs)
    ylo, yhi = _decades(ys)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def px(x: float) -> float:
        return x0 + LEFT + (math.log10(x) - xlo) / (xhi - xlo) * plot_w

    def py(y: float) -> float:
        return TOP + (yhi - math.log10(y)) / (yhi - ylo) * plot_h

    out = [
        f'<text x="{x0 + LEFT}" y="16" font-weight="bold">{title}</text>',
        f'<rect x="{x0 + LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" '
        'fill="none" stroke="#333"/>',
    ]
    for e in range(xlo, xhi + 1):
        x = px(10.0**e)
        out.append(
            f'<line x1="{x:.1f}" y1="{TOP}" x2="{x:.1f}" y2="{TOP + plot_h}" stroke="#ddd"/>'
        )
        out.append(
            f'<text x="{x:.1f}" y="{TOP + plot_h + 14}" text-anchor="middle">{_label(e, "")}</text>'
        )
    for e in range(ylo, yhi + 1):
        y = py(10.0**e)
        out.append(
            f'<line x1="{x0 + LEFT}" y1="{y:.1f}" x2="{x0 + LEFT + plot_w}" y2="{y:.1f}" '
            'stroke="#ddd"/>'
        )
        out.append(
            f'<text x="{x0 + LEFT - 4}" y="{y + 4:.1f}" text-anchor="end">{_label(e, unit)}</text>'
        )
    out.append(
        f'<text x="{x0 + LEFT + plot_w / 2:.0f}" y="{HEIGHT - 8}" text-anchor="middle">roles</text>'
    )
    for i, (key, name, colour, dash) in enumerate(series):
        points = [(px(float(r["roles"])), py(float(r[key]))) for r in rows if r.get(key)]
        style = f'stroke="{colour}" stroke-width="2" fill="none"'
        style += f' stroke-dasharray="{dash}"' if dash else ""
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        out.append(f'<polyline points="{path}" {style}/>')
        out += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{colour}"/>' for x, y in points]
        ly = TOP + 12 + 13 * i
        lx = x0 + LEFT + 8
        out.append(f'<line x1="{lx}" y1="{ly - 4}" x2="{lx + 18}" y2="{ly - 4}" {style}/>')
        out.append(f'<text x="{lx + 22}" y="{ly}">{name}</text>')
    return out


def svg(results: list[dict[str, Any]]) -> str:
    """The plot of the rows without policies, sorted by roles."""
    rows = sorted((r for r in results if not r.get("policies")), key=lambda r: r["roles"])
    body = _panel(rows, TIME_SERIES, 0, "raci check: seconds")
    body += _panel(rows, MEMORY_SERIES, WIDTH, "peak memory")
    return "\n".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{2 * WIDTH}" height="{HEIGHT}" '
            f'viewBox="0 0 {2 * WIDTH} {HEIGHT}" font-family="sans-serif" font-size="10">',
            f'<rect width="{2 * WIDTH}" height="{HEIGHT}" fill="white"/>',
            *body,
            "</svg>",
            "",
        ]
    )


def main() -> None:
    results = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    Path(sys.argv[2]).write_text(svg(results), encoding="utf-8")


if __name__ == "__main__":
    main()
