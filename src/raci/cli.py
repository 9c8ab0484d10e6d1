"""The `raci` command line: click over the library, nothing more.

Each command parses its arguments, calls the library, prints what the library
rendered and maps the result to an exit code (SPEC section 3): 0 clean, 1 findings
at or above the fail level, 2 usage errors, bad configuration and paths that cannot
be read.
"""

from __future__ import annotations

import gc
import json
import os
import sys
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NoReturn

import click

from raci import __version__
from raci.hints import counted

if TYPE_CHECKING:
    from raci.config import Config
    from raci.model import Organisation

EXIT_USAGE = 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report a Ctrl-C
EXPORT_DEFAULT = Path("exports/raci.xlsx")
CHECK_FORMATS = ["text", "concise", "json", "sarif", "github", "junit", "gitlab"]


def use_color(stream: IO[str]) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return stream.isatty()


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """A usage or input error: its lines on stderr, exit 2, never a traceback."""
    from raci.escape import printable

    for line in message.splitlines() or [message]:
        click.echo(f"raci: error: {printable(line)}", err=True)
    sys.exit(code)


def describe_os_error(exc: OSError) -> str:
    """'org/roles.yaml: Permission denied'-style text: the file first, then the reason."""
    if exc.filename is None:
        # No file named: printing the result failed (stdout on a full disk, a closed pipe).
        import errno

        if exc.errno in (errno.ENOSPC, errno.EIO, errno.EFBIG, errno.EDQUOT, errno.EPIPE):
            return f"standard output: cannot be written ({exc.strerror or exc})"
        return str(exc.strerror or exc)
    where = str(exc.filename)
    if exc.filename2 is not None:
        where = f"{where} -> {exc.filename2}"
    return f"{where}: {exc.strerror or exc}"


class RaciGroup(click.Group):
    """The command group: the one place library errors become messages and exit codes."""

    def invoke(self, ctx: click.Context) -> Any:
        from raci import progress
        from raci.errors import RaciError

        try:
            with progress.reporting(progress.for_terminal()):
                result = super().invoke(ctx)
            # Said here, not as "Exception ignored" (exit 120) when Python flushes at exit.
            sys.stdout.flush()
            return result
        except RaciError as exc:
            fail(str(exc), exc.exit_code)
        except OSError as exc:
            if exc.filename is None:  # stdout failed: what is left in its buffer goes nowhere
                _drop_stdout()
            fail(describe_os_error(exc))
        except KeyboardInterrupt:
            # click would print "Aborted!" and exit 1, the code for findings.
            fail("interrupted", EXIT_INTERRUPTED)


def _drop_stdout() -> None:
    """Point stdout at the null device, so that flushing it at exit cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # no file descriptor (a test's captured stdout)
        pass


def emit(text: str, output: Path | None, color: bool = False) -> None:
    """Print to stdout, or write to `output` (atomically; `-` is stdout)."""
    if output is None:
        click.echo(text, nl=False, color=color)
        return
    from raci.atomic import write_output

    write_output(output, text)


def _rule_list(flag: str, values: tuple[str, ...]) -> None:
    """Refuse what the configuration file refuses: empty lists, load rules in --ignore."""
    from raci.config import known_selector, matches
    from raci.rules import REGISTRY

    for value in values:
        parts = [part.strip() for part in value.split(",")]
        if not any(parts):
            fail(f"{flag} {value!r}: give rule slugs, codes or prefixes (comma-separated)")
        for part in parts:
            if (
                flag == "--ignore"
                and known_selector(part)
                and all(not r.suppressible for r in REGISTRY.values() if matches(r, part))
            ):
                fail(f"--ignore: '{part}' is a load rule; load problems cannot be turned off")


def entry() -> None:
    """The `raci` program: the click group, in a process without cyclic GC.

    raci runs once and exits; everything it builds lives until then, so the cyclic
    collector only costs time (seconds on a large org, much of it at exit). Tests
    call `main` in-process and keep their collector.
    """
    gc.disable()
    main()


# A file raci writes: it need not be readable (/dev/stdout may not be), and `-` is stdout.
OUTPUT_PATH = click.Path(path_type=Path, dir_okay=False, readable=False, allow_dash=True)

# Options more than one command takes.
output_file = click.option(
    "-o",
    "--output",
    type=OUTPUT_PATH,
    help="Write to FILE (atomically) instead of stdout; - is stdout.",
)
force_option = click.option(
    "--force", is_flag=True, help="Replace YAML files of the same name in the output folder."
)


def refuse_to_overwrite(paths: list[Path], force: bool) -> None:
    """An import never replaces a file silently: it may hold someone's edits."""
    existing = [p for p in paths if p.exists()]
    if existing and not force:
        from raci.escape import printable

        names = ", ".join(printable(str(p)) for p in existing)
        fail(f"{names}: already exists; --force replaces it (edits made there would be lost)")


output_folder = click.option(
    "-o",
    "--output",
    "out",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="The org folder to write the YAML into.",
)


@click.group(cls=RaciGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="raci")
def main() -> None:
    """RACI responsibility mapping as code: check an org's RACI like a linter.

    PATH is an org folder (or one YAML file). Without it, raci uses ./org when it
    exists, else the example organisation bundled with raci and says so on stderr
    (in CI, with CI set, that is an error instead).
    """


@main.command()
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(CHECK_FORMATS),
    envvar="RACI_FORMAT",
    help="Output format [default: text; github under GitHub Actions; env RACI_FORMAT].",
)
@output_file
@click.option(
    "--config",
    "config_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Use this raci.toml or pyproject.toml; skip discovery.",
)
@click.option("--isolated", is_flag=True, help="Ignore every configuration file.")
@click.option(
    "--select",
    multiple=True,
    metavar="RULES",
    help="Only these rules (slugs, codes, prefixes; comma-separated).",
)
@click.option(
    "--ignore",
    multiple=True,
    metavar="RULES",
    help="Also skip these rules (slugs, codes, prefixes; comma-separated).",
)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info"]),
    help="Exit 1 on findings at or above this level [default: error].",
)
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings fail the check.")
@click.option(
    "--baseline",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Report only findings not recorded in this baseline file.",
)
@click.option(
    "--write-baseline",
    type=OUTPUT_PATH,
    help="Record every current finding in FILE (- is stdout) and exit 0.",
)
@click.option("--statistics", is_flag=True, help="Print counts per rule instead of findings.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing; only the exit code speaks.")
@click.option("-v", "--verbose", is_flag=True, help="Show where each finding comes from.")
@click.option("--no-cache", is_flag=True, help="Parse every file again; skip the parse cache.")
def check(
    path: Path | None,
    fmt: str | None,
    output: Path | None,
    config_file: Path | None,
    isolated: bool,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    fail_on: str | None,
    exit_zero: bool,
    baseline: Path | None,
    write_baseline: Path | None,
    statistics: bool,
    quiet: bool,
    verbose: bool,
    no_cache: bool,
) -> None:
    """Check an org's RACI and report findings with file and line.

    \b
    Examples:
      raci check                         # ./org (or, with a note, raci's example)
      raci check org/ -f json            # the JSON contract, for other tools
      raci check -f sarif -o raci.sarif  # for GitHub code scanning
      raci check --select ACT --fail-on warning
    """
    from raci import baseline as baselines
    from raci import progress
    from raci.escape import printable
    from raci.report import FORMATS, Style, summary_line
    from raci.report.text import statistics as stats_table
    from raci.runner import CheckOptions, run_check
    from raci.speed import paused_gc

    if quiet:
        progress.mute()
    _rule_list("--select", select)
    _rule_list("--ignore", ignore)
    if baseline is not None and write_baseline is not None:
        baselines.read(baseline)  # a broken old baseline is still an error
    # A baseline being written records every current finding, the accepted ones too.
    accepted = baseline if write_baseline is None else None
    options = CheckOptions(
        path, config_file, isolated, select, ignore, fail_on, accepted, not no_cache
    )
    with paused_gc():
        report = run_check(options)
    if not quiet:
        note_bundled(report.org)
    if write_baseline is not None:
        count = baselines.write(write_baseline, report.findings)
        if not quiet:
            click.echo(
                f"raci: wrote {count} baseline entries to "
                + ("stdout" if str(write_baseline) == "-" else printable(str(write_baseline))),
                err=True,
            )
        sys.exit(0)
    fmt = fmt or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    colour = fmt == "text" and output is None and use_color(sys.stdout)
    if statistics:
        rendered = stats_table(report)
    else:
        rendered = FORMATS[fmt](report, Style(color=colour, verbose=verbose))
    if not quiet or output is not None:
        emit(rendered, output, colour)
    if not quiet:
        click.echo(summary_line(report), err=True)
    sys.exit(1 if report.failed and not exit_zero else 0)


@main.command()
@click.argument("name", required=False)
@click.option("--all", "show_all", is_flag=True, help="List every rule.")
@click.option(
    "-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def rule(name: str | None, show_all: bool, fmt: str) -> None:
    """Explain a rule: what it finds, why it matters, an example and the fix.

    \b
    Examples:
      raci rule authority-gap
      raci rule ACT008
      raci rule --all --format json
    """
    from raci import rules as registry
    from raci.rules.docs import rule_json, rule_text

    if show_all == (name is not None):
        fail("give a rule (slug or code), or --all")
    chosen = [
        r
        for r in registry.REGISTRY.values()
        if show_all or name == r.slug or (name or "").upper() == r.code
    ]
    if not chosen:
        fail(f"unknown rule '{name}' (raci rule --all lists them)")
    if fmt == "json":
        docs = [rule_json(r) for r in chosen]
        click.echo(json.dumps(docs if show_all else docs[0], indent=2))
    elif show_all:
        for r in chosen:
            click.echo(f"{r.code:<8} {r.slug:<22} {r.severity.value:<8} {r.summary}")
    else:
        click.echo(rule_text(chosen[0]), nl=False)


def _load(path: Path | None) -> Organisation:
    """Load an org for the explaining commands; usage problems exit 2."""
    return _load_with_config(path)[0]


def _load_with_config(path: Path | None) -> tuple[Organisation, Config]:
    from raci.runner import load_org

    org, config = load_org(path)
    warn_load_problems(org)
    return org, config


def note_bundled(org: Organisation) -> None:
    """Say on stderr when the org is raci's bundled example (no PATH, no ./org): a
    command run in the wrong folder would otherwise work on it without a word."""
    if org.bundled:
        from raci.escape import printable
        from raci.paths import bundled_note

        click.echo(f"raci: {printable(bundled_note(org.name, org.source))}", err=True)


def warn_load_problems(org: Organisation) -> None:
    """Say on stderr when what a command shows is raci's bundled example org, or leaves
    out parts of the org that did not load.

    `raci check` reports these as findings; the other commands work on what loaded and
    would otherwise present a partial org as the whole one.
    """
    note_bundled(org)
    if not org.problems:
        return
    from raci.escape import printable

    first = org.problems[0]
    count = len(org.problems)
    click.echo(
        f"raci: warning: {count} load problem{'s' if count > 1 else ''} in the org "
        f"(first: {printable(str(first.loc))}: {printable(first.message)}); what follows "
        "leaves out what did not load; `raci check` lists every problem",
        err=True,
    )


def _echo(text: str) -> None:
    """Print text that holds names and titles from the org, control characters escaped."""
    from raci.escape import printable_lines

    click.echo(printable_lines(text), nl=False)


@main.command()
@click.argument("activity")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option(
    "-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def show(activity: str, path: Path | None, fmt: str) -> None:
    """Show an activity's resolved RACI, and where each letter comes from.

    \b
    Example:
      raci show maintain-product-roadmap
    """
    from raci.explain import show_json, show_text

    org = _load(path)
    if fmt == "json":
        click.echo(json.dumps(show_json(org, activity), indent=2))
    else:
        _echo(show_text(org, activity))


@main.command()
@click.argument("activity")
@click.argument("role")
@click.argument("path", required=False, type=click.Path(path_type=Path))
def why(activity: str, role: str, path: Path | None) -> None:
    """Explain why ROLE has its letter on ACTIVITY: policy, selector, graph path.

    \b
    Example:
      raci why scan-opportunities vp-product
    """
    from raci.explain import why_text

    org = _load(path)
    _echo(why_text(org, activity, role))


@main.command()
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--write", is_flag=True, help="Apply the suggestions to the YAML files.")
@click.option(
    "-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def suggest(path: Path | None, write: bool, fmt: str) -> None:
    """Suggest fixes for no-accountable, authority-gap and multiple-accountable.

    A fix is suggested only if the configured check of the org it leaves has the
    finding mended and no new one; a finding with no such fix is named on stderr,
    with what each candidate would raise.

    With --write, the suggestions go into the YAML, keeping comments, order and the
    formatting of everything they do not touch; nothing is written while the org
    has load problems (exit 1).

    \b
    Examples:
      raci suggest
      raci suggest org/ --write
    """
    from raci import suggest as suggestions
    from raci.escape import printable
    from raci.runner import CheckOptions, run_check

    report = run_check(CheckOptions(path))
    warn_load_problems(report.org)
    outcome = suggestions.review(report)
    found = outcome.made
    if fmt == "json":
        click.echo(json.dumps([s.as_dict() for s in found], indent=2))
    else:
        _echo(suggestions.render_text(found))
    for declined in outcome.declined:
        click.echo(f"raci: {printable(str(declined))}", err=True)
    if write and found and report.org.problems:
        # What did not load is missing from the suggestions' reasoning: a broken
        # reporting line would move letters to the wrong manager.
        click.echo(
            "raci: error: nothing written: the org did not load cleanly; fix its load "
            "problems first (`raci check` lists them), then run `raci suggest --write` again",
            err=True,
        )
        sys.exit(1)
    if write and found:
        changed = suggestions.write(found)
        click.echo(
            f"raci: wrote {counted(len(found), 'suggestion')} to {counted(len(changed), 'file')}",
            err=True,
        )
    elif not found:
        click.echo("raci: nothing to suggest", err=True)


@main.command()
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option(
    "-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def stats(path: Path | None, fmt: str) -> None:
    """Org health: spans and layers, vacancies, RACI coverage, workload per role.

    Spans and layers follow solid reporting lines; a span counts the people
    reporting to a manager (a vacant role counts as one).

    \b
    Examples:
      raci stats
      raci stats client/ -f json
    """
    from raci.rules.base import Context
    from raci.stats import compute, render_text

    org, config = _load_with_config(path)
    figures = compute(org, Context(org, config.scope))
    if fmt == "json":
        click.echo(json.dumps(figures.as_dict(), indent=2))
    else:
        _echo(render_text(figures))


@main.command()
@click.argument("view", type=click.Choice(["org", "raci", "activity", "role"]))
@click.argument("args", nargs=-1, metavar="[ID] [PATH]")
@click.option(
    "-o",
    "--output",
    type=OUTPUT_PATH,
    help="The file [default: exports/VIEW.svg]; its extension sets the format; - is stdout.",
)
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["svg", "png", "pdf", "dot"]),
    help="svg, png, pdf (laid out by Graphviz's dot) or dot (the source).",
)
@click.option("--root", help="org: start at this role instead of the top.")
@click.option("--depth", type=click.IntRange(min=0), help="org: this many layers below.")
@click.option("--teams", is_flag=True, help="org: draw teams as clusters.")
@click.option(
    "--max-nodes",
    type=click.IntRange(min=10),
    default=250,
    show_default=True,
    help="Fold deeper layers past this many roles.",
)
@click.option("--letters", help="raci: draw only these letters, e.g. AR.")
def diagram(
    view: str,
    args: tuple[str, ...],
    output: Path | None,
    fmt: str | None,
    root: str | None,
    depth: int | None,
    teams: bool,
    max_nodes: int,
    letters: str | None,
) -> None:
    """Draw the org chart or a RACI view: org, raci, activity ID, role ID.

    \b
    Examples:
      raci diagram org -o exports/org.svg
      raci diagram org --root cto --depth 2 --teams -o cto.png
      raci diagram activity staff-product-teams -o gap.svg
      raci diagram role cpo -f dot
      raci diagram raci --letters AR -o accountability.png
    """
    from raci import diagram as diagrams
    from raci.atomic import STDOUT, write_output
    from raci.escape import printable
    from raci.runner import CheckOptions, run_check

    needs_id = view in ("activity", "role")
    if len(args) > (2 if needs_id else 1) or (needs_id and not args):
        fail(f"usage: raci diagram {view}{' ID' if needs_id else ''} [PATH]")
    ident = args[0] if needs_id else None
    rest = args[1:] if needs_id else args
    default = Path("exports") / f"{view}{'-' + ident if ident else ''}.{fmt or 'svg'}"
    target = output or default
    if str(target) == STDOUT and fmt is None:
        fail("-o -: give the format with --format (svg, png, pdf or dot)")
    suffix = target.suffix.lstrip(".").lower()
    if fmt is not None and suffix in diagrams.FORMATS and suffix != fmt:
        fail(f"{target}: --format {fmt} would write {fmt.upper()} into a .{suffix} file")
    fmt = fmt or suffix
    if fmt not in diagrams.FORMATS:
        fail(f"{target}: unknown format '{fmt}' (use .svg, .png, .pdf or .dot, or --format)")
    org_only = [flag for flag, given in (("--root", root), ("--depth", depth)) if given is not None]
    if view != "org" and (org_only or teams):
        fail(f"{', '.join([*org_only, *(['--teams'] if teams else [])])}: only for the org view")
    if view != "raci" and letters is not None:
        fail("--letters: only for the raci view")
    report = run_check(CheckOptions(Path(rest[0]) if rest else None))
    warn_load_problems(report.org)
    if letters is not None:
        letters = _check_letters(letters, report.org.scheme.letter_list)
    options = diagrams.Options(root, depth, teams, max_nodes, letters)
    if view == "org":
        drawn = diagrams.org_diagram(report, options)
    elif view == "raci":
        drawn = diagrams.raci_diagram(report, options)
    elif view == "activity":
        drawn = diagrams.activity_diagram(report, ident or "")
    else:
        drawn = diagrams.role_diagram(report, ident or "")
    data = diagrams.render(drawn, fmt)
    for note in drawn.notes:
        click.echo(f"raci: {printable(note)}", err=True)
    if output is None:
        default.parent.mkdir(parents=True, exist_ok=True)
    write_output(target, data)
    if str(target) != STDOUT:
        click.echo(f"raci: wrote {printable(str(target))}", err=True)


def _check_letters(letters: str, known: str) -> str:
    """--letters: only letters of the org's scheme (any case), at least one; as the scheme
    writes them."""
    allowed = {x.strip() for x in known.split(",")}
    letters = "".join(x.upper() if x.upper() in allowed else x for x in letters.strip())
    unknown = sorted({x for x in letters if x not in allowed})
    if not letters or unknown:
        wrong = f"'{''.join(unknown)}' not in" if unknown else "give letters of"
        fail(f"--letters {letters!r}: {wrong} the org's scheme ({known})")
    return letters


@main.command()
@click.argument("old")
@click.argument("new", default=".")
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "markdown", "xlsx"]),
    default="text",
    show_default=True,
    help="markdown: a pull-request comment; xlsx: needs -o.",
)
@output_file
@click.option(
    "--path",
    "org_path",
    default="org",
    show_default=True,
    help="The org folder inside a git revision.",
)
@click.option(
    "--fail-on-new",
    type=click.Choice(["error", "warning", "info"]),
    help="Exit 1 when the change introduces findings at or above this level.",
)
def diff(
    old: str, new: str, fmt: str, output: Path | None, org_path: str, fail_on_new: str | None
) -> None:
    """What a change does to the RACI: OLD and NEW are folders or git revisions.

    Letters changed cell by cell, activities and roles added, removed or renamed,
    reporting-line moves, holder changes and new vacancies, and the findings the
    change introduces and resolves.

    \b
    Examples:
      raci diff HEAD~1 .                     # the last commit's effect
      raci diff main feature-branch -f markdown -o comment.md
      raci diff org-before/ org-after/ --fail-on-new error
    """
    from raci import diff as diffs
    from raci.escape import printable
    from raci.findings import Severity

    if fmt == "xlsx" and output is None:
        fail("--format xlsx needs -o FILE")
    result, new_report = diffs.run_diff(old, new, org_path)
    for note in result.notes:
        click.echo(f"raci: {printable(note)}", err=True)
    if fmt == "xlsx":
        from raci.atomic import STDOUT, write_output
        from raci.excel.export import build_workbook

        target = output or Path("exports/diff.xlsx")
        write_output(target, build_workbook(new_report, result.letters)[0])
        if str(target) != STDOUT:
            click.echo(f"raci: wrote {printable(str(target))}", err=True)
    else:
        render = {
            "text": diffs.render_text,
            "json": diffs.render_json,
            "markdown": diffs.render_markdown,
        }[fmt]
        emit(render(result), output)
    s = result.summary()
    click.echo(
        f"raci: {counted(s['letters_changed'], 'letter')} changed, "
        f"{counted(s['findings_introduced'], 'finding')} introduced, "
        f"{s['findings_resolved']} resolved",
        err=True,
    )
    sys.exit(1 if fail_on_new and result.introduces(Severity(fail_on_new)) else 0)


@main.group()
def export() -> None:
    """Export the org: `raci export xlsx` (the executive's workbook) or `pptx` (a deck)."""


@export.command("xlsx")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=OUTPUT_PATH,
    default=EXPORT_DEFAULT,
    show_default=True,
    help="The workbook; - is stdout.",
)
def export_xlsx(path: Path | None, output: Path) -> None:
    """Write the RACI workbook: matrix, findings, workload, roles, people, legend.

    The same input gives the same bytes (SOURCE_DATE_EPOCH sets the date). Send it
    to the people who edit it; `raci import xlsx` reads their edits back. An org
    with load problems is written without what did not load, and exits 1.

    \b
    Examples:
      raci export xlsx                       # exports/raci.xlsx
      raci export xlsx org/ -o board.xlsx
    """
    from raci.atomic import STDOUT, write_output
    from raci.escape import printable
    from raci.excel.export import build_workbook
    from raci.runner import CheckOptions, run_check

    report = run_check(CheckOptions(path))
    warn_load_problems(report.org)
    data, notes = build_workbook(report)
    if output == EXPORT_DEFAULT:
        output.parent.mkdir(parents=True, exist_ok=True)
    write_output(output, data)
    where = "stdout" if str(output) == STDOUT else printable(str(output))
    for note in notes:
        click.echo(f"raci: {printable(note)}", err=True)
    click.echo(
        f"raci: wrote {where} ({counted(report.summary['activities'], 'activity')}, "
        f"{counted(len(report.findings), 'finding')})",
        err=True,
    )
    # Written, but without what did not load: like an import that met problems, exit 1.
    sys.exit(1 if report.org.problems else 0)


@export.command("pptx")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    default=Path("exports/raci.pptx"),
    show_default=True,
    help="The deck.",
)
@click.option(
    "--size",
    type=click.Choice(["16:9", "4:3"]),
    help="Slide shape [default: 16:9, or the template's own; another is refused].",
)
@click.option("--root", help="Org chart from this role down instead of the top.")
@click.option("--depth", type=click.IntRange(min=0), help="Org chart: this many layers below.")
@click.option("--letters", help="Tables and chart: only these letters, e.g. AR.")
@click.option(
    "--template",
    type=click.Path(path_type=Path),
    help="A client's .pptx (or .potx) whose slide master, layouts, fonts and colours to use.",
)
def export_pptx(
    path: Path | None,
    output: Path,
    size: str | None,
    root: str | None,
    depth: int | None,
    letters: str | None,
    template: Path | None,
) -> None:
    """Write the consultant's deck: title, org chart, RACI tables, findings, workload.

    Every box, line, table and chart is native and editable in PowerPoint, Keynote
    and LibreOffice Impress. A chart too large for one legible slide becomes an
    overview and a slide per subtree, linked from its box. Needs Graphviz's dot.
    The same input gives the same bytes (SOURCE_DATE_EPOCH sets the date). An org
    with load problems is written without what did not load, and exits 1.

    \b
    Examples:
      raci export pptx                       # exports/raci.pptx
      raci export pptx org/ --root cto --depth 2 -o cto.pptx
      raci export pptx --letters AR --template client.pptx
    """
    from raci.deck import DeckOptions, check_template
    from raci.deck import export_pptx as write_deck
    from raci.escape import printable
    from raci.runner import CheckOptions, run_check

    options = DeckOptions(size, root, depth, letters, template)
    check_template(options)  # before the org is read: a bad template fails at once
    report = run_check(CheckOptions(path))
    warn_load_problems(report.org)
    result = write_deck(report, output, options)
    for note in result.notes:
        click.echo(f"raci: {note}", err=True)
    where = "stdout" if str(output) == "-" else printable(str(output))
    click.echo(f"raci: wrote {where} ({counted(result.slides, 'slide')})", err=True)
    sys.exit(1 if report.org.problems else 0)  # written without what did not load


@main.group("import")
def import_() -> None:
    """Bring files in: edited workbooks (xlsx), hand-made matrices, HRIS exports (org)."""


@import_.command("xlsx")
@click.argument("workbook", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--write", is_flag=True, help="Record the edits in the YAML as explicit letters.")
@click.option(
    "-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def import_xlsx(workbook: Path, path: Path | None, write: bool, fmt: str) -> None:
    """Read an exported workbook after someone edited it; print every changed cell.

    Exit 1 when a cell holds something that is not a letter of the scheme (nothing
    is written then); 2 when the workbook cannot be read.

    \b
    Examples:
      raci import xlsx exports/raci.xlsx             # what changed?
      raci import xlsx exports/raci.xlsx --write     # put it in the YAML
    """
    from raci.escape import json_text, printable
    from raci.excel.read import read_exported, write_changes

    org = _load(path)
    imported = read_exported(workbook, org)
    if fmt == "json":
        doc = {
            "changes": [c.as_dict() for c in imported.changes],
            "problems": [{"cell": p.cell, "message": p.message} for p in imported.problems],
        }
        click.echo(json_text(json.dumps(doc, indent=2, ensure_ascii=False)))
    else:
        for change in imported.changes:
            click.echo(printable(str(change)))
        for problem in imported.problems:
            click.echo(f"raci: {printable(str(problem))}", err=True)
    for note in imported.notes:
        click.echo(f"raci: note: {printable(note)}", err=True)
    summary = (
        f"raci: {counted(len(imported.changes), 'changed cell')}, "
        f"{counted(len(imported.problems), 'problem')}"
    )
    if imported.problems:
        click.echo(summary + ("; nothing written" if write else ""), err=True)
        sys.exit(1)
    if write and imported.changes:
        files = write_changes(org, imported.changes)
        summary += f"; wrote {counted(len(files), 'file')}"
    click.echo(summary, err=True)


@import_.command("matrix")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@output_folder
@click.option(
    "--org",
    "org_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Match columns to this org's roles (default: the org already in -o).",
)
@click.option("--sheet", help="The sheet to read (default: the one that holds the matrix).")
@click.option(
    "--scheme",
    "scheme_name",
    metavar="NAME",
    help="The letters' scheme: raci, rasci, raci-vs, cairo, daci, rapid or a custom one "
    "from the config (default: guessed from the letters and the legend).",
)
@click.option("--dry-run", is_flag=True, help="Print the detected layout; write nothing.")
@click.option("--header-row", type=click.IntRange(min=1), help="The header row (1-based).")
@click.option("--activity-column", metavar="COL", help="The activity column: a letter or header.")
@click.option("--roles", metavar="B:K", help="The role columns: letters, ranges or header names.")
@click.option("--transpose", is_flag=True, help="Roles run down and activities across.")
@force_option
def import_matrix(
    file: Path,
    out: Path,
    org_dir: Path | None,
    sheet: str | None,
    scheme_name: str | None,
    dry_run: bool,
    header_row: int | None,
    activity_column: str | None,
    roles: str | None,
    transpose: bool,
    force: bool,
) -> None:
    """Import a RACI matrix made by hand (xlsx or csv) as responsibility YAML.

    Finds the sheet, header row(s), activity, area and role columns by scoring the
    whole sheet; reads legends, none-markers (N, -, n/a), letters in any form (A/R,
    r, AR, Cyrillic look-alikes), long matrices (names under R/A/C/I) and transposed
    ones. Columns match the org's roles by id, title, initials or holder name; the
    rest become new roles. Every non-empty cell is kept: a cell that names no letter
    is written so that `raci check` reports it as invalid-letter with its cell.
    Exit 1 when some cells could not be read (they are written and reported), 2 when
    nothing could be read.

    \b
    Examples:
      raci import matrix client-raci.xlsx -o client/
      raci import matrix client-raci.xlsx -o client/ --dry-run
      raci import matrix raci.csv -o org/ --org org/ --header-row 3 --roles C:H
    """
    from raci.imports import matrix
    from raci.imports.ids import slug
    from raci.imports.matrix_sheets import find_matrix, resolve_scheme
    from raci.loader import load
    from raci.scheme import RACI

    org = None
    source = org_dir or (out if out.is_dir() and any(out.glob("*.y*ml")) else None)
    scheme, how = resolve_scheme(scheme_name, source or out)
    if source is not None:
        org = load(source, scheme=scheme or RACI)
    options = matrix.Options(
        scheme,
        how,
        None if header_row is None else header_row - 1,
        activity_column,
        roles,
        True if transpose else None,
    )
    result = find_matrix(file, sheet, org, options)
    click.echo(matrix.describe(result, file.name) if dry_run else matrix.mapping(result))
    shown = list(result.notes)
    if not dry_run:  # --dry-run's layout lists them
        for note in [*shown, *result.skipped()]:
            click.echo(f"raci: {note}", err=True)
        if result.attributes:
            listed = ", ".join(repr(a) for a in result.attributes)
            click.echo(f"raci: columns kept as activity attributes: {listed}", err=True)
    for problem in result.problems:
        click.echo(f"raci: {problem}", err=True)
    for unread in result.unread():
        click.echo(f"raci: {unread}", err=True)
    if not result.activities:
        fail(f"{file}: nothing could be read")
    counts = (
        f"raci: {counted(len(result.activities), 'activity')}, "
        f"{counted(len(result.columns), 'role')} "
        f"({len(result.new_roles)} new); {result.summary()}"
    )
    if dry_run:
        click.echo(counts + "; nothing written (--dry-run)", err=True)
        sys.exit(1 if result.problems or result.cells_reported else 0)
    stem = slug(file.stem)
    refuse_to_overwrite(
        [out / f"{stem}.yaml", *([out / f"{stem}-roles.yaml"] if result.new_roles else [])], force
    )
    if org_dir is not None and org is not None and not any(out.glob("*.y*ml")):
        matrix.copy_org(org, out)
    written = matrix.write(result, out, stem, file.name)
    for note in result.notes[len(shown) :]:
        click.echo(f"raci: {note}", err=True)
    click.echo(counts + "; wrote " + ", ".join(str(p) for p in written), err=True)
    sys.exit(1 if result.problems or result.cells_reported else 0)


@import_.command("org")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "-o",
    "--output",
    "out",
    type=click.Path(path_type=Path, file_okay=False),
    help="The org folder to write the YAML into (not needed with --dry-run).",
)
@click.option(
    "--map",
    "maps",
    multiple=True,
    metavar="COLUMN=FIELD",
    help="Name a column: id, manager, name, first_name, middle_name, last_name, title, team, "
    "email, dotted.",
)
@click.option("--sheet", help="The sheet to read (default: the first).")
@click.option("--name", "org_name", help="The organisation's name (default: the file's).")
@click.option(
    "--dry-run",
    is_flag=True,
    help="Show the columns found and the first rows as read; write nothing.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Write into a folder that already holds YAML: replace the file of the same name, "
    "keep the others (read with the import as one org).",
)
def import_org(
    file: Path,
    out: Path | None,
    maps: tuple[str, ...],
    sheet: str | None,
    org_name: str | None,
    dry_run: bool,
    force: bool,
) -> None:
    """Import an org chart from an HRIS or org-chart export (csv or xlsx).

    Recognises the columns of BambooHR, Workday, HiBob, Personio, Rippling,
    SuccessFactors, ADP, Gusto, OrgChart Now, Pingboard, ChartHop, Lucidchart,
    draw.io, Visio, d3-org-chart / OrgChart JS and Google Workspace exports (in
    English, German, French and Spanish), position charts and edge lists; managers
    by id, email or name. Problems (a manager not in the file or ambiguous, a cycle,
    duplicate ids) are listed with their row and written as they are, so `raci
    check` shows them too. Exit 1 when there were problems, 2 when nothing could be
    read.

    \b
    Examples:
      raci import org bamboohr.csv -o client/
      raci import org people.xlsx --dry-run
      raci import org people.xlsx -o client/ --map "Boss=manager" --map "Org Unit=team"
    """
    from raci.escape import printable
    from raci.imports import org as orgs
    from raci.imports.ids import slug
    from raci.imports.tabular import read_table

    if out is None and not dry_run:
        raise click.UsageError("Missing option '-o' / '--output' (or use --dry-run).")
    mapping = orgs.parse_map(maps)
    target = None if out is None or dry_run else out / f"{slug(file.stem)}.yaml"
    kept = [] if out is None or target is None else orgs.joined(out, target, force)
    if target is not None:
        refuse_to_overwrite([target], force)
    table = read_table(file, sheet)
    result = orgs.read_org(table, mapping, org_name or file.stem)
    if not result.positions:
        fail(f"{file}: no rows with a name or a title below the header")
    assert result.detected is not None
    for note in table.notes:
        click.echo(f"raci: {printable(note)}", err=True)
    for line in [*result.detected.describe(), result.other_columns()]:
        if line:
            click.echo(f"raci: {printable(line)}", err=True)
    for cell_problem in table.problems:
        click.echo(f"raci: {printable(str(cell_problem))}", err=True)
    name = printable(file.name)
    for note in result.notes():
        click.echo(f"raci: {name} {printable(note)}", err=True)
    for problem in result.problems:
        click.echo(f"raci: {name} row {problem.row}: {printable(problem.message)}", err=True)
    if out is None or target is None:
        click.echo("\n".join(orgs.preview(result)))
        click.echo(f"raci: {result.summary()}; nothing written (--dry-run)", err=True)
    else:
        orgs.write(result, out, slug(file.stem), file.name)
        if kept:
            others = printable(orgs.listed(kept))
            click.echo(f"raci: --force: {others} kept, read with the import as one org", err=True)
        click.echo(f"raci: {result.summary()}; wrote {printable(str(target))}", err=True)
    sys.exit(1 if result.problems or table.problems else 0)


@main.command()
@click.option(
    "--config",
    "of_config",
    is_flag=True,
    help="The schema of raci.toml / [tool.raci] instead (for TOML editors).",
)
def schema(of_config: bool) -> None:
    """Print the JSON Schema of the native YAML format (for editors).

    \b
    Example (VS Code / any yaml-language-server editor):
      raci schema > raci.schema.json
      # then start each org file with:
      # yaml-language-server: $schema=./raci.schema.json
      raci schema --config > raci-config.schema.json
      # and start raci.toml with: #:schema ./raci-config.schema.json
    """
    from raci.schema import json_schema

    click.echo(json.dumps(json_schema(config=of_config), indent=2, sort_keys=True))
