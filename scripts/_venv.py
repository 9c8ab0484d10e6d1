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
    # The install is editable: sources need no reinstall, only a change of what pip
    # reads (the dependencies, the version) does. A rerun then skips pip's 20 s.
    stamp = VENV / f".raci-installed{extras}"
    wanted = _install_key(extras)
    if stamp.exists() and stamp.read_text(encoding="utf-8") == wanted:
        say(f"raci{extras} is installed in {VENV} (pyproject.toml unchanged)")
        return
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
    stamp.write_text(wanted, encoding="utf-8")


def _install_key(extras: str) -> str:
    """What the install depends on: the project's metadata, raci's version, the extras."""
    import hashlib

    digest = hashlib.sha256(extras.encode())
    for part in ("pyproject.toml", "src/raci/__init__.py"):
        digest.update((ROOT / part).read_bytes())
    return digest.hexdigest()


# program -> (Debian package, Homebrew package, what needs it)
SYSTEM_TOOLS = {
    "dot": ("graphviz", "graphviz", "diagrams"),
    "soffice": ("libreoffice-calc", "--cask libreoffice", "the LibreOffice round-trip test"),
    "pdftoppm": ("poppler-utils", "poppler", "rendering the workbook to pictures"),
    # Calc alone cannot open a .pptx: the deck's LibreOffice rendering needs Impress.
    "loimpress": ("libreoffice-impress", "--cask libreoffice", "rendering the slide deck"),
}


def ensure_system_tools(names: tuple[str, ...] = tuple(SYSTEM_TOOLS)) -> None:
    """Install Graphviz, LibreOffice Calc and Impress and pdftoppm (or `names`) where missing."""
    missing = [name for name in names if not shutil.which(name)]
    if not missing:
        return
    root = not hasattr(os, "geteuid") or os.geteuid() == 0
    sudo = [] if root else (["sudo", "-n"] if shutil.which("sudo") else None)
    packages = [SYSTEM_TOOLS[name][0] for name in missing]
    if shutil.which("apt-get") and sudo is not None:
        say("installing " + ", ".join(packages) + " with apt-get (a few minutes, once)")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(
            [*sudo, "apt-get", "update", "-qq"], check=False, env=env, stdout=subprocess.DEVNULL
        )
        subprocess.run(
            [
                *sudo,
                "apt-get",
                "install",
                "-y",
                "-qq",
                "--no-install-recommends",
                *packages,
                "fonts-dejavu-core",
            ],
            check=False,
            env=env,
            stdout=subprocess.DEVNULL,
        )
    elif shutil.which("brew"):
        for name in missing:
            subprocess.run(["brew", "install", *SYSTEM_TOOLS[name][1].split()], check=False)
    for name in missing:
        if not shutil.which(name):
            say(
                f"{name} is missing and could not be installed: tests of "
                f"{SYSTEM_TOOLS[name][2]} will be skipped (install {SYSTEM_TOOLS[name][0]})."
            )
