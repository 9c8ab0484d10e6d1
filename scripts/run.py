"""Set up raci and run the main job on the bundled org: check it, export the workbook.

Usage: python3 scripts/run.py
"""

from __future__ import annotations

from _venv import BIN, ROOT, ensure_venv, run, say


def main() -> None:
    ensure_venv()
    (ROOT / "exports").mkdir(exist_ok=True)
    say("raci check org/   (the bundled organisation)")
    run(BIN / "raci", "check", "org")
    say("raci export xlsx org/ -o exports/raci.xlsx   (the executive's workbook)")
    run(BIN / "raci", "export", "xlsx", "org", "-o", "exports/raci.xlsx")


if __name__ == "__main__":
    main()
