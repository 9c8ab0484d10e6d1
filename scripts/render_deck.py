"""Render an exported deck the way an audience sees it: pptx -> PDF -> PNG slides.

Usage: python3 scripts/render_deck.py [exports/raci.pptx] [-o exports/render] [--dpi 60]

Needs LibreOffice (soffice) and poppler's pdftoppm (Debian: libreoffice-impress,
poppler-utils). The pictures go to the output folder (exports/ is not committed).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from render_workbook import render


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("deck", nargs="?", type=Path, default=Path("exports/raci.pptx"))
    parser.add_argument("-o", "--out", type=Path, default=Path("exports/render"))
    parser.add_argument("--dpi", type=int, default=60)
    args = parser.parse_args()
    for page in render(args.deck, args.out, args.dpi):
        print(page)


if __name__ == "__main__":
    main()
