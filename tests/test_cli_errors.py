"""One error path: every command, every way its files can fail, exit 2 with the file named.

Each command that reads a file is run with it missing and unreadable; each that
writes one with an -o under a file, in a missing folder, in a folder it may not
write to and onto a full disk. Permission and full-disk errors are simulated (the
tests may run as root, who can write anywhere): the operating system's error is
raised where raci opens or syncs the file.
"""

from __future__ import annotations

import builtins
import errno
import io
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import BUNDLED, TESTS, Cli

# (name, arguments with {org} {wb} {csv} {hris} {out} {dir}, the input the command reads)
COMMANDS: list[tuple[str, list[str], str]] = [
    ("check", ["check", "{org}", "-o", "{out}"], "org"),
    ("check-baseline", ["check", "{org}", "--write-baseline", "{out}"], "org"),
    ("show", ["show", "define-product-vision", "{org}"], "org"),
    ("why", ["why", "define-product-vision", "ceo", "{org}"], "org"),
    ("suggest", ["suggest", "{org}"], "org"),
    ("stats", ["stats", "{org}"], "org"),
    ("diagram", ["diagram", "org", "{org}", "-f", "dot", "-o", "{out}"], "org"),
    ("diff", ["diff", "{org}", "{org}", "-o", "{out}"], "org"),
    ("diff-xlsx", ["diff", "{org}", "{org}", "-f", "xlsx", "-o", "{out}"], "org"),
    ("export-xlsx", ["export", "xlsx", "{org}", "-o", "{out}"], "org"),
    ("import-xlsx", ["import", "xlsx", "{wb}", "{org}"], "wb"),
    ("import-matrix", ["import", "matrix", "{csv}", "-o", "{dir}"], "csv"),
    ("import-org", ["import", "org", "{hris}", "-o", "{dir}"], "hris"),
]
WRITERS = [c for c in COMMANDS if "{out}" in c[1] or "{dir}" in c[1]]


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from raci.excel.export import build_workbook
    from raci.runner import CheckOptions, run_check

    path = tmp_path_factory.mktemp("wb") / "raci.xlsx"
    path.write_bytes(build_workbook(run_check(CheckOptions(BUNDLED, use_cache=False)))[0])
    return path


@pytest.fixture
def inputs(tmp_path: Path, workbook: Path) -> dict[str, Path]:
    shutil.copytree(BUNDLED, tmp_path / "org")
    shutil.copy(workbook, tmp_path / "raci.xlsx")
    shutil.copy(TESTS / "matrices" / "simple.csv", tmp_path / "matrix.csv")
    shutil.copy(TESTS / "hris" / "bamboohr.csv", tmp_path / "people.csv")
    (tmp_path / "a-file.txt").write_text("not a folder\n")
    return {
        "org": tmp_path / "org",
        "wb": tmp_path / "raci.xlsx",
        "csv": tmp_path / "matrix.csv",
        "hris": tmp_path / "people.csv",
        "dir": tmp_path / "imported",
    }


def _args(template: list[str], paths: dict[str, Path], out: Path) -> list[str]:
    values = {**{k: str(v) for k, v in paths.items()}, "out": str(out), "dir": str(out)}
    return [a.format(**values) for a in template]


def _assert_clean_exit_2(result: Any, named: str) -> None:
    output = result.stdout + result.stderr
    assert result.exit_code == 2, output
    assert "Traceback" not in output
    assert named in result.stderr, result.stderr
    assert any(
        line.startswith("raci: error: ") and named in line for line in result.stderr.splitlines()
    )


def _refuse(monkeypatch: pytest.MonkeyPatch, target: Path, error: int) -> None:
    """Opening `target` (or anything under it) fails with `error`, as the OS would."""
    real_open = builtins.open
    locked = str(target.resolve())

    def fake_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(file, str | os.PathLike) and str(Path(file).resolve()).startswith(locked):
            raise OSError(error, os.strerror(error), str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", fake_open)
    monkeypatch.setattr(io, "open", fake_open)


def _refuse_writes(monkeypatch: pytest.MonkeyPatch, error: int, where: str) -> None:
    """Creating the temporary file (a folder we may not write) or syncing it (a full disk)."""
    import raci.atomic

    def refuse(*_args: Any, **_kwargs: Any) -> Any:
        raise OSError(error, os.strerror(error))

    if where == "create":
        monkeypatch.setattr(raci.atomic.tempfile, "mkstemp", refuse)
    else:
        monkeypatch.setattr(raci.atomic.os, "fsync", refuse)


OUTPUT_CASES = ["under-a-file", "missing-folder", "read-only-folder", "full-disk"]


@pytest.mark.parametrize("case", OUTPUT_CASES)
@pytest.mark.parametrize("template", [c[1] for c in WRITERS], ids=[c[0] for c in WRITERS])
def test_every_output_that_cannot_be_written_exits_2_naming_it(
    cli: Cli,
    inputs: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
    template: list[str],
    case: str,
) -> None:
    folder_output = "{dir}" in template
    if case == "missing-folder" and folder_output:
        pytest.skip("an import creates its output folder")
    base = inputs["org"].parent
    out = {
        "under-a-file": base / "a-file.txt" / "out.x",
        "missing-folder": base / "no-such-folder" / "out.x",
    }.get(case, base / ("imported" if folder_output else "out.x"))
    if not folder_output and case in ("read-only-folder", "full-disk"):
        out.write_text("the previous output\n")
    if case == "read-only-folder":
        _refuse_writes(monkeypatch, errno.EACCES, "create")
    elif case == "full-disk":
        _refuse_writes(monkeypatch, errno.ENOSPC, "sync")
    result = cli(*_args(template, inputs, out))
    _assert_clean_exit_2(result, str(out))
    reason = {
        "under-a-file": "not a folder" if not folder_output else "Not a directory",
        "missing-folder": "does not exist",
        "read-only-folder": "permission denied",
        "full-disk": "no space left on device",
    }[case]
    assert reason in result.stderr
    if not folder_output and case in ("read-only-folder", "full-disk"):
        assert out.read_text() == "the previous output\n"  # the old file is kept whole
        assert sorted(p.name for p in out.parent.glob(".out.x.*")) == []  # no temp file left


@pytest.mark.parametrize(
    ("template", "reads"), [c[1:] for c in COMMANDS], ids=[c[0] for c in COMMANDS]
)
def test_every_missing_input_exits_2_naming_it(
    cli: Cli, inputs: dict[str, Path], template: list[str], reads: str
) -> None:
    missing = inputs["org"].parent / "no-such-input"
    paths = {**inputs, reads: missing}
    if reads == "org":
        paths["org"] = missing
    result = cli(*_args(template, paths, inputs["org"].parent / "out.x"))
    _assert_clean_exit_2(result, str(missing))


@pytest.mark.parametrize(
    ("template", "reads"), [c[1:] for c in COMMANDS], ids=[c[0] for c in COMMANDS]
)
def test_every_unreadable_input_exits_2_naming_it(
    cli: Cli,
    inputs: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
    template: list[str],
    reads: str,
) -> None:
    locked = inputs["org"] / "org.yaml" if reads == "org" else inputs[reads]
    _refuse(monkeypatch, locked, errno.EACCES)
    result = cli(*_args(template, inputs, inputs["org"].parent / "out.x"))
    _assert_clean_exit_2(result, "org.yaml" if reads == "org" else locked.name)


def test_ctrl_c_exits_130_with_a_short_message(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    import raci.runner

    def interrupted(*_args: Any, **_kwargs: Any) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(raci.runner, "run_check", interrupted)
    for args in (["check", "org"], ["stats", "org"], ["diagram", "org", "-f", "dot", "-o", "-"]):
        if args[0] == "stats":
            monkeypatch.setattr(raci.runner, "load_org", interrupted)
        result = cli(*args)
        assert result.exit_code == 130
        assert result.stderr == "raci: error: interrupted\n"
        assert "Aborted" not in result.stdout + result.stderr


@pytest.mark.parametrize(("error", "where"), [(errno.EACCES, "create"), (errno.ENOSPC, "sync")])
def test_edits_in_place_that_cannot_be_written_keep_the_file(
    cli: Cli, inputs: dict[str, Path], monkeypatch: pytest.MonkeyPatch, error: int, where: str
) -> None:
    """`suggest --write` edits the org's own YAML: a failed write leaves it as it was."""
    vision = inputs["org"] / "responsibilities" / "01-vision-and-strategy.yaml"
    vision.write_text(  # two As: a suggestion the rules accept (the bundled org has none)
        vision.read_text().replace("raci: {C: [ceo, cto", "raci: {A: [cpo, ceo], C: [cto"),
    )
    before = {p: p.read_bytes() for p in inputs["org"].rglob("*.yaml")}
    _refuse_writes(monkeypatch, error, where)
    result = cli("suggest", str(inputs["org"]), "--write")
    assert result.exit_code == 2
    (line,) = [x for x in result.stderr.splitlines() if x.startswith("raci: error: ")]
    assert line.startswith(f"raci: error: {inputs['org']}")
    assert ".yaml: cannot be written: " in line
    assert {p: p.read_bytes() for p in inputs["org"].rglob("*.yaml")} == before
    assert not [p for p in inputs["org"].rglob("*.tmp")]


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root may write and read anything"
)
def test_real_permissions_without_simulation(cli: Cli, inputs: dict[str, Path]) -> None:
    """Where the tests do not run as root, the operating system's own refusals."""
    locked = inputs["org"].parent / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    unreadable = inputs["org"] / "org.yaml"
    unreadable.chmod(0o000)
    try:
        out = locked / "out.json"
        for args in (["check", str(inputs["org"]), "-o", str(out)], ["stats", str(inputs["org"])]):
            _assert_clean_exit_2(cli(*args), str(unreadable))  # read before anything is written
        unreadable.chmod(0o644)
        result = cli("check", str(inputs["org"]), "-o", str(out))
        _assert_clean_exit_2(result, str(out))
        assert result.stderr.endswith(f"{out}: cannot be written: permission denied\n")
    finally:
        locked.chmod(0o700)
        unreadable.chmod(0o644)


def _raci_into(stdout: int, args: list[str], unbuffered: bool) -> Any:
    """`python -m raci ARGS` with stdout on a file descriptor, in a user's environment
    (PYTHONUNBUFFERED only when asked: this test environment may set it)."""
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    if unbuffered:
        env["PYTHONUNBUFFERED"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "raci", *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        timeout=120,
        check=False,
        env=env,
    )


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("unbuffered", [True, False], ids=["unbuffered", "a user's shell"])
@pytest.mark.parametrize("command", [["stats"], ["schema"], ["check", "-f", "json"]])
def test_stdout_on_a_full_disk_says_so(command: list[str], unbuffered: bool) -> None:
    """Also as a user's shell runs it: without PYTHONUNBUFFERED (which this test
    environment may set) the output waits in a buffer until Python exits, and
    flushing it there printed 'Exception ignored' and exited 120."""
    with open("/dev/full", "w") as full:
        done = _raci_into(full.fileno(), command, unbuffered)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "raci: error: standard output: cannot be written (No space left on device)"
    ]


def test_stdout_to_a_closed_pipe_says_so_once() -> None:
    """`raci check -f json | head -0`: the reader is gone before raci writes."""
    read, write = os.pipe()
    os.close(read)
    try:
        done = _raci_into(write, ["check", "-f", "json"], unbuffered=False)
    finally:
        os.close(write)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "raci: error: standard output: cannot be written (Broken pipe)"
    ]


@pytest.mark.parametrize(
    ("name", "kind", "hint"),
    [
        ("hris.csv", "a CSV file", "`raci import matrix FILE`"),
        ("Matrix.XLSX", "an Excel file", "`raci import xlsx FILE` reads a workbook raci exported"),
    ],
)
def test_a_spreadsheet_given_as_the_org_names_the_import_that_reads_it(
    cli: Cli, tmp_path: Path, name: str, kind: str, hint: str
) -> None:
    path = tmp_path / name
    path.write_bytes(b"Employee ID,Name\n1,Ann\n")
    for command in ("check", "stats"):
        result = cli(command, str(path))
        assert result.exit_code == 2
        assert result.stderr.startswith(f"raci: error: {path.as_posix()}: {kind}, not raci's YAML;")
        assert hint in result.stderr
        assert "`raci import org FILE -o DIR`" in result.stderr


def test_import_xlsx_of_a_csv_names_the_import_that_reads_it(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "matrix.csv"
    path.write_text("Activity,CEO\nBudget,A\n", encoding="utf-8")
    result = cli("import", "xlsx", str(path), str(BUNDLED))
    assert result.exit_code == 2
    assert result.stderr == (
        f"raci: error: {path}: a text file, not a workbook; `raci import xlsx` reads a "
        f"workbook raci exported; `raci import matrix {path}` reads a RACI matrix kept as CSV\n"
    )
