"""Writing files: atomically where a file is replaced, in place where it is not a file.

`atomic_write_bytes` writes a regular file through a temporary file in the same
folder and a rename, so readers see the old file or the new one, never half of it.
What the path names is respected: a symlink is followed and its target replaced (the
link stays a link); a device, a fifo or a terminal (`/dev/null`, `/dev/stdout`, a
named pipe) is opened and written in place, never replaced by a regular file.
`write_output` is what every `-o` uses: the same, and `-` means standard output.
A path that cannot be written raises `OutputError` naming it (exit 2).
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import tempfile
from pathlib import Path

from raci.errors import RaciError

STDOUT = "-"
# Names of this process's own standard streams: written through the stream itself, so
# that output redirected to a file (even with >>) is appended to, never truncated.
_STANDARD = {
    "/dev/stdout": "stdout",
    "/dev/stderr": "stderr",
    "/dev/fd/1": "stdout",
    "/dev/fd/2": "stderr",
    "/proc/self/fd/1": "stdout",
    "/proc/self/fd/2": "stderr",
}
# Devices and open streams: resolving them gives nothing that could be replaced.
_IN_PLACE = ("/dev/", "/proc/self/fd/")


class OutputError(RaciError, OSError):
    """A file raci was asked to write cannot be written (exit 2).

    Also an OSError, so that callers for whom a write is optional (the parse cache)
    keep skipping it as before.
    """


def write_output(path: Path | str, data: bytes | str) -> None:
    """Write an output (`-o`): `-` is standard output, anything else `atomic_write_bytes`."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if str(path) == STDOUT:
        _write_stream("stdout", raw)
        return
    atomic_write_bytes(Path(path), raw)


def _write_stream(name: str, data: bytes) -> None:
    stream = sys.stdout if name == "stdout" else sys.stderr
    stream.flush()
    stream.buffer.write(data)
    stream.buffer.flush()


def atomic_write_bytes(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write `data` to `path`: atomically for a regular file, in place for anything else.

    `durable=False` skips the fsync: for files that may be lost in a crash, never
    torn (a cache entry, whose signature check catches a damaged one).
    """
    path = Path(path)
    try:
        _write(path, data, durable)
    except OSError as exc:
        raise OutputError(describe_write_error(path, exc)) from exc


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def describe_write_error(path: Path, exc: OSError) -> str:
    """'out/x.svg: cannot be written: the folder out does not exist'-style text."""
    folder = Path(os.path.realpath(path)).parent if path.is_symlink() else path.parent
    reason = {
        errno.ENOENT: f"the folder {folder} does not exist",
        errno.ENOTDIR: "a part of the path is not a folder",
        errno.EISDIR: "it is a folder",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.EROFS: "the file system is read-only",
        errno.ENOSPC: "no space left on device",
        errno.EDQUOT: "disk quota exceeded",
    }.get(exc.errno or 0, exc.strerror or str(exc))
    return f"{path}: cannot be written: {reason}"


def _write(path: Path, data: bytes, durable: bool = True) -> None:
    if str(path) in _STANDARD:
        _write_stream(_STANDARD[str(path)], data)
        return
    if str(path).startswith(_IN_PLACE):
        _write_in_place(path, data)
        return
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    try:
        st = target.stat()
    except FileNotFoundError:
        st = None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    if st is not None and not stat.S_ISREG(st.st_mode):
        _write_in_place(target, data)
        return
    mode = stat.S_IMODE(st.st_mode) if st is not None else 0o666 & ~_umask()
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        # os.chmod on the path: os.fchmod exists on Windows only from Python 3.13.
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _write_in_place(path: Path, data: bytes) -> None:
    """A device, fifo or stream: opened and written, never replaced or truncated by rename."""
    with open(path, "wb") as handle:
        handle.write(data)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
