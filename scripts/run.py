"""Set up raci and run the main job on the bundled org: check it, export the workbook,
draw the org chart and the RACI, write the slide deck (installing Graphviz where it
is missing).

Usage: python3 scripts/run.py
"""

from __future__ import annotations

import shutil

from _venv import BIN, ROOT, ensure_system_tools, ensure_venv, run, say


def main() -> None:
    ensure_venv()
    (ROOT / "exports").mkdir(exist_ok=True)
    say("raci check org/   (the bundled organisation)")
    run(BIN / "raci", "check", "org")
    say("raci export xlsx org/ -o exports/raci.xlsx   (the executive's workbook)")
    run(BIN / "raci", "export", "xlsx", "org", "-o", "exports/raci.xlsx")
    ensure_system_tools(("dot",))
    suffix = "svg" if shutil.which("dot") else "dot"  # without Graphviz: the DOT source
    # The RACI view with every letter is a tangle on a real org: the A and R lines
    # are the picture people read (docs/diagrams.md).
    for view, extra in (("org", ()), ("raci", ("--letters", "AR"))):
        say(
            f"raci diagram {view} org/ {' '.join(extra)} -o exports/{view}.{suffix}".replace(
                "  ", " "
            )
        )
        run(BIN / "raci", "diagram", view, "org", *extra, "-o", f"exports/{view}.{suffix}")
    if shutil.which("dot"):  # the deck's org chart is laid out by Graphviz
        say("raci export pptx org/ -o exports/raci.pptx   (the consultant's deck)")
        run(BIN / "raci", "export", "pptx", "org", "-o", "exports/raci.pptx")


if __name__ == "__main__":
    main()
