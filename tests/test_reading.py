"""Reading files: parses arrive in file order, and Ctrl-C stops the parsing processes quietly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pytest

from raci import reading
from raci.parse import parse_bytes


def _files(count: int) -> list[bytes]:
    return [
        ("roles:\n" + "".join(f"  - {{id: r{n}x{i}, title: R}}\n" for i in range(50))).encode()
        for n in range(count)
    ]


def test_parses_come_in_file_order_through_two_processes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(reading, "PARALLEL_BYTES", 0)
    contents = _files(6)
    parsed = list(reading.parse_each(contents, None))
    assert [p.data for p in parsed] == [parse_bytes(c).data for c in contents]


def test_a_caller_that_stops_early_stops_the_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading, "PARALLEL_BYTES", 0)
    each = reading.parse_each(_files(6), None)
    first = next(each)
    each.close()  # what the loader's `closing` does when validation fails
    assert first.data is not None


@pytest.mark.skipif(not hasattr(os, "killpg"), reason="process groups are POSIX")
def test_ctrl_c_while_parsing_in_two_processes_prints_no_traceback() -> None:
    """A terminal's Ctrl-C reaches every process of the group: the parsing processes
    ignore it and are stopped by raci, which alone says it was interrupted."""
    script = textwrap.dedent(
        """
        import os, signal, sys, time
        from raci import reading
        reading.PARALLEL_BYTES = 0
        files = [("roles:\\n" + "  - {id: r, title: R}\\n" * 20000).encode()] * 6
        each = reading.parse_each(files, None)
        try:
            for _ in each:
                os.killpg(os.getpgid(0), signal.SIGINT)
        except KeyboardInterrupt:
            time.sleep(1)  # time for the parsing processes to say anything they would
            each.close()
            print("interrupted", file=sys.stderr)
            sys.exit(130)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        start_new_session=True,  # its own group: the signal stays there
    )
    assert (done.returncode, done.stderr) == (130, "interrupted\n")


def test_the_parsing_processes_ignore_ctrl_c() -> None:
    before = signal.getsignal(signal.SIGINT)
    try:
        reading._ignore_interrupts()
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, before)


def _out_of_memory(_content: bytes) -> tuple[bool, bytes | None]:
    raise MemoryError


def test_a_parsing_process_that_fails_leaves_the_files_to_this_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(reading, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(reading, "_parse_in_worker", _out_of_memory)  # forked: they see it
    contents = _files(4)
    parsed = list(reading.parse_each(contents, None))
    assert [p.data for p in parsed] == [parse_bytes(c).data for c in contents]
