"""Set up raci and run the main job on the bundled org: check it.

Usage: python3 scripts/run.py
"""

from __future__ import annotations

from _venv import BIN, ROOT, ensure_venv, run, say


def main() -> None:
    ensure_venv()
    (ROOT / "exports").mkdir(exist_ok=True)
    say("raci check org/   (the bundled organisation)")
    run(BIN / "raci", "check", "org")


if __name__ == "__main__":
    main()
