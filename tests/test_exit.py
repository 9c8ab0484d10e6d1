"""The raci program ends without freeing what it built, and still exits as it should."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

# A process that acts as the raci program: an object kept "until exit" says when it
# is freed, and an atexit handler says when it runs.
SCRIPT = textwrap.dedent(
    """
    import atexit, sys, threading, time
    from raci import speed

    class Loud:
        def __del__(self):
            print("freed", flush=True)

    if sys.argv[1] == "program":
        speed.skip_teardown()
    speed.keep_until_exit(Loud())
    atexit.register(lambda: print("atexit ran", flush=True))
    if sys.argv[2] == "thread":
        threading.Thread(target=time.sleep, args=(0.2,)).start()
    print("output", end="")  # left in the buffer: exit_now must flush it
    code = sys.argv[3]
    speed.exit_now(None if code == "none" else int(code) if code.isdigit() else code)
    """
)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", SCRIPT, *args], capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(("code", "status"), [("none", 0), ("0", 0), ("1", 1), ("2", 2)])
def test_the_program_exits_with_its_code_and_output_without_freeing(code: str, status: int) -> None:
    done = run("program", "none", code)
    assert (done.returncode, done.stdout, done.stderr) == (status, "outputatexit ran\n", "")


def test_a_message_as_the_code_goes_to_stderr_with_status_1() -> None:
    done = run("program", "none", "bye")
    assert (done.returncode, done.stdout, done.stderr) == (1, "outputatexit ran\n", "bye\n")


def test_a_library_callers_objects_are_freed_as_usual() -> None:
    """Not the program: nothing is kept, the object is freed when it is dropped."""
    done = run("library", "none", "0")
    assert (done.returncode, done.stdout) == (0, "freed\noutputatexit ran\n")


def test_a_running_thread_gets_the_usual_exit() -> None:
    done = run("program", "thread", "3")
    assert done.returncode == 3
    assert "atexit ran" in done.stdout


def test_the_raci_command_exits_with_the_checks_code() -> None:
    """Through `python -m raci` (the program itself): findings still exit 1, clean 0."""
    base = [sys.executable, "-m", "raci", "check"]
    clean = subprocess.run([*base, "tests/rules/no-accountable/pass.yaml"], capture_output=True)
    found = subprocess.run([*base, "tests/rules/no-accountable/fail.yaml"], capture_output=True)
    assert (clean.returncode, found.returncode) == (0, 1)
    assert b"no-accountable" in found.stdout


class Exited(Exception):
    """Stands for os._exit in-process."""


@pytest.fixture
def exits(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    import atexit
    import os

    from raci import speed

    said: list[object] = []

    def fake_exit(status: int) -> None:
        said.append(status)
        raise Exited

    monkeypatch.setattr(os, "_exit", fake_exit)
    monkeypatch.setattr(atexit, "_run_exitfuncs", lambda: said.append("atexit"))
    monkeypatch.setattr(speed, "_kept", None)
    return said


@pytest.mark.parametrize(("code", "status"), [(None, 0), (0, 0), (4, 4), ("bye", 1)])
def test_exit_now_flushes_runs_atexit_and_ends(
    exits: list[object], code: object, status: int, capsys: pytest.CaptureFixture[str]
) -> None:
    from raci import speed

    with pytest.raises(Exited):
        speed.exit_now(code)
    assert exits == ["atexit", status]
    assert capsys.readouterr().err == ("bye\n" if code == "bye" else "")


def test_exit_now_leaves_output_it_cannot_flush_to_the_usual_exit(
    exits: list[object], monkeypatch: pytest.MonkeyPatch
) -> None:
    from raci import speed

    def broken() -> None:
        raise BrokenPipeError

    monkeypatch.setattr(sys.stdout, "flush", broken)
    with pytest.raises(SystemExit) as done:
        speed.exit_now(1)
    assert (done.value.code, exits) == (1, [])


def test_the_program_is_entry_then_exit_now(
    exits: list[object], monkeypatch: pytest.MonkeyPatch
) -> None:
    from raci import speed, start

    def entry() -> None:
        speed.keep_until_exit("org")
        raise SystemExit(3)

    monkeypatch.setattr(start, "entry", entry)
    with pytest.raises(Exited):
        start.program()
    assert exits == ["atexit", 3]
    assert speed._kept == ["org"]
    monkeypatch.setattr(start, "entry", lambda: None)  # --version: entry returns
    with pytest.raises(Exited):
        start.program()
    assert exits[-1] == 0
