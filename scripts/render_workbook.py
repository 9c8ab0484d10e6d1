"""Render an exported workbook the way a reader sees it: xlsx -> PDF -> PNG pages.

Usage: python3 scripts/render_workbook.py [exports/raci.xlsx] [-o exports/render]

Needs LibreOffice (soffice) and poppler's pdftoppm (Debian: libreoffice-calc,
poppler-utils). The pictures go to the output folder (exports/ is not committed).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def render(workbook: Path, out: Path, dpi: int = 70) -> list[Path]:
    """Convert the workbook to PDF with LibreOffice, then each page to a PNG."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    pdftoppm = shutil.which("pdftoppm")
    if soffice is None or pdftoppm is None:
        sys.exit(
            "needs LibreOffice (soffice) and pdftoppm: apt-get install libreoffice-calc "
            "poppler-utils"
        )
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="raci-render-") as profile:
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(out),
                str(workbook),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
    pdf = out / (workbook.stem + ".pdf")
    for old in out.glob(f"{workbook.stem}-*.png"):
        old.unlink()
    subprocess.run(
        [pdftoppm, "-png", "-r", str(dpi), str(pdf), str(out / workbook.stem)],
        check=True,
        timeout=300,
    )
    return sorted(out.glob(f"{workbook.stem}-*.png"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workbook", nargs="?", type=Path, default=Path("exports/raci.xlsx"))
    parser.add_argument("-o", "--out", type=Path, default=Path("exports/render"))
    parser.add_argument("--dpi", type=int, default=70)
    args = parser.parse_args()
    for page in render(args.workbook, args.out, args.dpi):
        print(page)


if __name__ == "__main__":
    main()
