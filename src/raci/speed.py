"""Speed helpers for large orgs."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many acyclic objects.

    Loading a 100,000-role org allocates millions of small dicts, tuples and models;
    every allocation burst triggers a collection that walks the whole growing heap.
    Pausing it makes loading several times faster (see docs/performance.md). Nothing
    built here forms reference cycles, and the previous state is restored on exit.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# What the program keeps until its process ends (None: a library caller's process).
_kept: list[object] | None = None


def keep_until_exit(obj: object) -> None:
    """In the raci program, keep `obj` alive until `exit_now` ends the process.

    Freeing a loaded org object by object costs time and helps nobody when the
    process is about to end: 0.13 s at 100,000 roles, seconds at a million. A
    library caller's objects are freed as usual.
    """
    if _kept is not None:
        _kept.append(obj)


def skip_teardown() -> None:
    """Make this process the raci program: see `keep_until_exit` and `exit_now`."""
    global _kept
    _kept = []


def exit_now(code: object) -> NoReturn:
    """End the program with `code` (as `sys.exit` takes it) without freeing what it built.

    Output is flushed and atexit handlers run (coverage, multiprocessing) as at any
    exit; only the interpreter's teardown is skipped. When that is not safe (output
    that cannot be flushed, a thread still running), the usual exit happens instead.
    """
    import atexit
    import threading

    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:
        status = 1
    try:
        if not isinstance(code, int | None):
            print(code, file=sys.stderr)
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        raise SystemExit(code) from None  # Python says what went wrong, as it always has
    if threading.active_count() > 1:
        raise SystemExit(code)
    atexit._run_exitfuncs()
    os._exit(status)
