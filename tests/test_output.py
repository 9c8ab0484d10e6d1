"""What -o writes: atomically over regular files, in place into devices and fifos,
through symlinks to their targets, and `-` (or /dev/stdout) to standard output."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from raci.atomic import OutputError, atomic_write_bytes, write_output
from tests.conftest import ROOT, TESTS, Cli

GOLDEN = (TESTS / "golden" / "bundled.json").read_text(encoding="utf-8")

# Every command that takes -o (or --write-baseline), and what its output starts with.
STDOUT_CASES = [
    (["check", "org", "-f", "json", "-o", "-"], b'{\n  "version": 1'),
    (["check", "org", "--write-baseline", "-"], b'{\n  "version": 1'),
    (["diff", "org", "org", "-f", "json", "-o", "-"], b'{\n  "version": 1'),
    (["diff", "org", "org", "-f", "xlsx", "-o", "-"], b"PK\x03\x04"),
    (["diagram", "org", "-f", "dot", "-o", "-"], b"digraph org {"),
    (["export", "xlsx", "org", "-o", "-"], b"PK\x03\x04"),
]


@pytest.mark.parametrize(
    ("args", "start"), STDOUT_CASES, ids=[" ".join(a[:4]) for a, _ in STDOUT_CASES]
)
def test_dash_is_stdout_everywhere(cli: Cli, args: list[str], start: bytes) -> None:
    result = cli(*args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes.startswith(start)
    assert not Path("-").exists()
    assert not (ROOT / "-").exists()


def test_dash_for_a_diagram_needs_a_format(cli: Cli) -> None:
    result = cli("diagram", "org", "-o", "-")
    assert result.exit_code == 2
    assert "-o -: give the format with --format" in result.stderr


def test_dev_stdout_in_a_real_process() -> None:
    """/dev/stdout is a link to a pipe here: written in place, never 'not readable'."""
    for args, expected in (
        (["check", "org", "-f", "json", "-o", "/dev/stdout"], GOLDEN),
        (["check", "org", "--write-baseline", "/dev/stdout"], '{\n  "version": 1'),
        (["diagram", "org", "-f", "dot", "-o", "/dev/stdout"], "digraph org {"),
    ):
        done = subprocess.run(
            [sys.executable, "-m", "raci", *args], cwd=ROOT, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith(expected)
        assert "Traceback" not in done.stderr


@pytest.mark.parametrize("device", ["/dev/null", "/dev/stdout"])
def test_devices_are_written_in_place_never_replaced(device: str) -> None:
    if not os.path.exists(device):
        pytest.skip(f"no {device} here")
    before = os.stat(device)
    write_output(Path(device), "")
    after = os.stat(device)
    assert (before.st_ino, before.st_mode) == (after.st_ino, after.st_mode)


def test_check_into_dev_null_keeps_the_device(cli: Cli) -> None:
    for args in (["-o", "/dev/null"], ["--write-baseline", "/dev/null"]):
        result = cli("check", "org", "-f", "json", *args)
        assert result.exit_code == 0, result.stderr
        assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no fifos here")
def test_a_fifo_is_written_not_replaced(cli: Cli, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = cli("check", "org", "-f", "json", "-o", str(fifo))
    reader.join(timeout=30)
    assert result.exit_code == 0, result.stderr
    assert received == [GOLDEN.encode()]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
def test_a_symlink_is_followed_and_its_target_replaced_atomically(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "reports").mkdir()
    target = tmp_path / "reports" / "raci.json"
    target.write_text("old\n")
    link = tmp_path / "latest.json"
    link.symlink_to(Path("reports") / "raci.json")  # relative, as people make them
    inode = target.stat().st_ino
    result = cli("check", "org", "-f", "json", "-o", str(link))
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink()
    assert os.readlink(link) == str(Path("reports") / "raci.json")
    assert target.read_text() == GOLDEN
    assert target.stat().st_ino != inode  # a new file renamed over the old one
    assert sorted(p.name for p in tmp_path.iterdir()) == ["latest.json", "reports"]
    # A link to a file that does not exist yet: the file is created where it points.
    dangling = tmp_path / "next.json"
    dangling.symlink_to(tmp_path / "reports" / "next.json")
    assert cli("check", "org", "-f", "json", "-o", str(dangling)).exit_code == 0
    assert dangling.is_symlink()
    assert (tmp_path / "reports" / "next.json").read_text() == GOLDEN


def test_a_folder_is_not_an_output(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match=f"^{tmp_path}: cannot be written: it is a folder$"):
        write_output(tmp_path, "x")


def test_permissions_are_kept_without_os_fchmod(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """os.fchmod exists on Windows only from Python 3.13; raci supports 3.11."""
    monkeypatch.delattr(os, "fchmod", raising=False)
    existing = tmp_path / "kept.json"
    existing.write_text("{}")
    existing.chmod(0o640)
    atomic_write_bytes(existing, b"[]")
    assert existing.read_bytes() == b"[]"
    assert stat.S_IMODE(existing.stat().st_mode) == 0o640
    fresh = tmp_path / "fresh.json"
    old = os.umask(0o027)
    try:
        atomic_write_bytes(fresh, b"{}")
    finally:
        os.umask(old)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o640


def test_the_baseline_written_to_stdout_is_a_baseline(cli: Cli) -> None:
    result = cli("check", "org", "--write-baseline", "-")
    doc = json.loads(result.stdout)
    assert doc["version"] == 1
    assert doc["findings"]
    assert f"wrote {len(doc['findings'])} baseline entries to -" in result.stderr


def test_dev_stdout_appends_to_a_redirected_file(tmp_path: Path) -> None:
    """`>> log` then `-o /dev/stdout`: what the file held before is kept."""
    log = tmp_path / "log"
    log.write_text("before\n")
    with log.open("a") as out:
        done = subprocess.run(
            [sys.executable, "-m", "raci", "check", "org", "-f", "json", "-o", "/dev/stdout"],
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.PIPE,
        )
    assert done.returncode == 0
    assert log.read_text() == "before\n" + GOLDEN


def test_an_output_need_not_be_readable(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """/dev/stdout can be write-only (not readable to os.access): it is still an output."""
    out = tmp_path / "write-only.json"
    out.write_text("")
    real_access = os.access

    def access(path: object, mode: int, **_kwargs: object) -> bool:
        return False if mode == os.R_OK and str(path) == str(out) else real_access(path, mode)

    monkeypatch.setattr(os, "access", access)
    for args in (["-o", str(out)], ["--write-baseline", str(out)]):
        result = cli("check", "org", "-f", "json", *args)
        assert result.exit_code == 0, result.stderr
    assert cli("diagram", "org", "-f", "dot", "-o", str(out)).exit_code == 0
    assert cli("export", "xlsx", "org", "-o", str(out)).exit_code == 0
    assert cli("diff", "org", "org", "-o", str(out)).exit_code == 0


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
def test_a_link_into_a_missing_folder_names_the_folder_it_points_into(
    cli: Cli, tmp_path: Path
) -> None:
    link = tmp_path / "latest.json"
    link.symlink_to(tmp_path / "gone" / "raci.json")
    result = cli("check", "org", "-o", str(link))
    assert result.exit_code == 2
    assert result.stderr == (
        f"raci: error: {link}: cannot be written: the folder {tmp_path / 'gone'} does not exist\n"
    )
