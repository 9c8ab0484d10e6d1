"""Shared by scripts/run.py and scripts/test.py: a project virtualenv with raci in it.

Only the standard library is used, so the scripts run on a fresh machine with
nothing but Python 3.11+.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = Path(os.environ.get("RACI_VENV", ROOT / ".venv"))
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")


def say(message: str) -> None:
    print(f"==> {message}", flush=True)


def run(*args: str | Path, check: bool = True) -> int:
    """Run a command from the repository root; stop the script when it fails."""
    done = subprocess.run([str(a) for a in args], cwd=ROOT)
    if check and done.returncode != 0:
        sys.exit(done.returncode)
    return done.returncode


def ensure_venv(extras: str = "") -> None:
    """Create .venv when missing and install raci (editable) with `extras`."""
    if sys.version_info < (3, 11):  # noqa: UP036 - the scripts may start on an older Python
        sys.exit(f"raci needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    if not (BIN / "python").exists() and not (BIN / "python.exe").exists():
        say(f"creating a virtual environment in {VENV}")
        venv.EnvBuilder(with_pip=True).create(VENV)
    target = f".{extras}" if extras else "."
    say(f"installing raci{extras} and its dependencies")
    run(
        BIN / "python",
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "-e",
        target,
    )


def ensure_graphviz() -> None:
    """Install Graphviz's `dot` with the system package manager when it is missing."""
    if shutil.which("dot"):
        return
    apt = shutil.which("apt-get")
    sudo: list[str] = []
    if hasattr(os, "geteuid") and os.geteuid() != 0:
        sudo = ["sudo", "-n"] if shutil.which("sudo") else []
        if not sudo:
            say(
                "Graphviz (dot) is missing and there is no root to install it; "
                "diagram tests will be skipped. Install the 'graphviz' package."
            )
            return
    if apt:
        say("installing Graphviz (dot) with apt-get")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run([*sudo, "apt-get", "update", "-qq"], check=False, env=env)
        subprocess.run(
            [*sudo, "apt-get", "install", "-y", "-qq", "graphviz"],
            check=False,
            env=env,
            stdout=subprocess.DEVNULL,
        )
    elif shutil.which("brew"):
        subprocess.run(["brew", "install", "graphviz"], check=False)
    if not shutil.which("dot"):
        say("Graphviz (dot) could not be installed; diagram tests will be skipped.")
