"""The `raci` command line: click over the library, nothing more.

Each command parses its arguments, calls the library, prints what the library
rendered and maps the result to an exit code (SPEC section 3): 0 clean, 1 findings
at or above the fail level, 2 usage errors and paths that cannot be read.
"""

from __future__ import annotations

import gc
import json
import os
import sys
from pathlib import Path
from typing import IO, NoReturn

import click

from raci import __version__

EXIT_USAGE = 2


def use_color(stream: IO[str]) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return stream.isatty()


def fail(message: str) -> NoReturn:
    """A usage or input error: one line on stderr, exit 2, never a traceback."""
    click.echo(f"raci: error: {message}", err=True)
    sys.exit(EXIT_USAGE)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="raci")
def main() -> None:
    """RACI responsibility mapping as code: check an org's RACI like a linter.

    PATH is an org folder (or one YAML file). Without it, raci uses ./org when it
    exists, else the organisation bundled with raci.
    """


@main.command()
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option("--no-cache", is_flag=True, help="Parse every file again; skip the parse cache.")
def check(path: Path | None, fmt: str, no_cache: bool) -> None:
    """Check an org's RACI and report findings with file and line.

    \b
    Examples:
      raci check                 # ./org, or the bundled org
      raci check org/ -f json    # the JSON contract, for other tools
    """
    from raci.engine import check as run_check
    from raci.loader import LoadError, load
    from raci.report import FORMATS, summary_line

    gc.disable()  # a short-lived process: collecting millions of fresh objects only costs
    try:
        org = load(path, use_cache=not no_cache)
    except LoadError as exc:
        fail(str(exc))
    report = run_check(org)
    colour = fmt == "text" and use_color(sys.stdout)
    click.echo(FORMATS[fmt](report, colour), nl=False, color=colour)
    click.echo(summary_line(report), err=True)
    sys.exit(1 if report.failed else 0)


@main.command()
def schema() -> None:
    """Print the JSON Schema of the native YAML format (for editors).

    \b
    Example (VS Code / any yaml-language-server editor):
      raci schema > raci.schema.json
      # then start each org file with:
      # yaml-language-server: $schema=./raci.schema.json
    """
    from raci.schema import json_schema

    click.echo(json.dumps(json_schema(), indent=2, sort_keys=True))
