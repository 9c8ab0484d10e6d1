"""Progress on long work: a tiny interface the library reports to, silent by default.

The library says what it is doing (`current().phase("parsing files", total=8)`, then
`advance()` per file, per phase or per 10,000 rows, never per item of a hot loop); the
command line installs a terminal reporter for the length of a command with
`reporting(...)`. The reporter travels in a context variable rather than a parameter
so that `load`, `check` and the imports report without every caller passing it on;
other programs get silence unless they install a reporter of their own.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Protocol, TextIO

# Work shorter than this shows nothing: progress is for waits a user would notice.
DELAY = 2.0


class Progress(Protocol):
    def phase(self, name: str, total: int | None = None) -> None:
        """A new phase of `total` steps (None: unknown); ends the phase before it."""

    def advance(self, steps: int = 1) -> None:
        """`steps` more steps of the current phase are done."""

    def close(self) -> None:
        """The work is over (or was interrupted): leave the terminal clean."""


class Silent:
    """The default reporter: says nothing, costs a method call."""

    def phase(self, name: str, total: int | None = None) -> None:
        pass

    def advance(self, steps: int = 1) -> None:
        pass

    def close(self) -> None:
        pass


SILENT = Silent()
_current: ContextVar[Progress] = ContextVar("raci_progress", default=SILENT)


def current() -> Progress:
    """The reporter of the work in progress (silent unless one was installed)."""
    return _current.get()


@contextmanager
def reporting(progress: Progress) -> Iterator[Progress]:
    """Report to `progress` within the block; close it however the block ends."""
    token = _current.set(progress)
    try:
        yield progress
    finally:
        progress.close()
        _current.reset(token)


def mute() -> None:
    """Silence the rest of the current block (`raci check -q`)."""
    current().close()
    _current.set(SILENT)


def on_terminal(stream: TextIO) -> bool:
    """Progress only for a person watching: a terminal, and not in CI."""
    return not os.environ.get("CI") and stream.isatty()


def for_terminal(stream: TextIO | None = None) -> Progress:
    """A click progress bar on `stream` (stderr) if a person watches it, else silence."""
    stream = stream if stream is not None else sys.stderr
    return TerminalProgress(stream) if on_terminal(stream) else SILENT


class TerminalProgress:
    """click's progress bar, one line per phase, drawn once the work has run DELAY s.

    A phase that starts before the delay is drawn (with what it has done so far) at
    its first step after it; short commands on a terminal print nothing at all.
    """

    def __init__(
        self,
        stream: TextIO,
        delay: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._stream = stream
        self._clock = clock
        self._due = clock() + (DELAY if delay is None else delay)
        self._bar: Any = None
        self._name = ""
        self._total: int | None = None
        self._done = 0

    def phase(self, name: str, total: int | None = None) -> None:
        self._end_bar()
        self._name, self._total, self._done = name, total, 0
        self._draw()

    def advance(self, steps: int = 1) -> None:
        self._done += steps
        if self._bar is not None:
            self._bar.update(steps)
        else:
            self._draw()

    def close(self) -> None:
        self._end_bar()
        self._name = ""

    def _draw(self) -> None:
        if self._bar is not None or not self._name or self._clock() < self._due:
            return
        import click

        bar: Any
        if self._total is None:  # no length hint: click counts steps
            bar = click.progressbar(
                _no_length(),
                label=self._name,
                file=self._stream,
                show_pos=True,
                show_eta=False,
            )
        else:
            bar = click.progressbar(
                length=self._total, label=self._name, file=self._stream, show_pos=True
            )
        bar.render_progress()
        if self._done:
            bar.update(self._done)
        self._bar = bar

    def _end_bar(self) -> None:
        if self._bar is not None:
            self._bar.render_finish()
            self._bar = None


def _no_length() -> Iterator[int]:
    """Steps of unknown number: a generator has no length hint, so click counts."""
    yield from ()
