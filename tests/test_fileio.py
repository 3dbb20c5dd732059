"""Atomic writes: nothing half-written, nothing overwritten without force."""
from __future__ import annotations

import os
import stat

import pytest

from toolkit.errors import OutputExists
from toolkit.fileio import atomic_open, write_text


def test_an_interrupted_write_leaves_neither_the_file_nor_a_temporary(tmp_path):
    target = tmp_path / "out.tsv"
    with pytest.raises(RuntimeError):
        with atomic_open(target) as fh:
            fh.write("half a table")
            raise RuntimeError("interrupted")
    assert list(tmp_path.iterdir()) == []


def test_an_existing_file_is_kept_unless_forced(tmp_path):
    target = write_text(tmp_path / "out.tsv", "first")
    with pytest.raises(OutputExists, match="--force"):
        write_text(target, "second")
    assert target.read_text() == "first"
    write_text(target, "second", force=True)
    assert target.read_text() == "second"


def test_outputs_get_ordinary_permissions_not_the_temporary_files_0600(tmp_path):
    old = os.umask(0o022)
    try:
        target = write_text(tmp_path / "out.tsv", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


# --- SIGTERM: the same cleanup as Ctrl-C -------------------------------------------

import errno  # noqa: E402
import signal  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

from toolkit.errors import OutputError, Terminated  # noqa: E402
from toolkit.fileio import check_output, check_writable, write_with  # noqa: E402

# A command registered on the real CLI whose writer stops half-way until it is killed.
_SLOW_WRITER = """
import sys, time
from pathlib import Path
import click
from toolkit.cli import cli, main
from toolkit.fileio import write_with

@cli.command("slow-write")
@click.argument("dest")
def slow_write(dest):
    def writer(tmp):
        Path(tmp).write_text("half a file")
        print("writing", flush=True)
        # short sleeps, as a writer doing work would: a signal the kernel
        # delivers to another thread (BLAS, torch) only wakes the main thread
        # between C calls, so one long sleep could hide the handler for 600 s
        for _ in range(6000):
            time.sleep(0.1)
    write_with(dest, writer)

sys.argv = ["toolkit", "slow-write", sys.argv[1]]
main()
"""


def test_sigterm_during_a_write_removes_the_temporary_and_exits_143(tmp_path):
    dest = tmp_path / "out.tsv"
    proc = subprocess.Popen([sys.executable, "-c", _SLOW_WRITER, str(dest)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "writing"
        assert list(tmp_path.glob(".out.tsv.*.part"))          # killed mid-write, for real
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 143
    assert err.strip().splitlines() == ["terminated"]
    assert list(tmp_path.iterdir()) == []                     # neither the .part nor the destination


def test_terminated_is_a_keyboard_interrupt_so_ctrl_c_cleanups_run(tmp_path):
    assert issubclass(Terminated, KeyboardInterrupt)
    with pytest.raises(Terminated):
        with atomic_open(tmp_path / "out.tsv") as fh:
            fh.write("half")
            raise Terminated()
    assert list(tmp_path.iterdir()) == []


# --- an output is never one of the inputs ------------------------------------------

def test_an_output_that_is_an_input_is_refused_even_with_force(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("source", encoding="utf-8")
    (tmp_path / "link.tsv").symlink_to(src)
    os.link(src, tmp_path / "hard.tsv")
    for out in (src, tmp_path / "link.tsv", tmp_path / "hard.tsv", tmp_path / "sub" / ".." / "a.txt"):
        with pytest.raises(OutputError, match="is also an input"):
            check_writable(out, force=True, inputs=[src])
    assert src.read_text(encoding="utf-8") == "source"
    assert check_writable(tmp_path / "b.tsv", force=True, inputs=[src]) == tmp_path / "b.tsv"


# --- unwritable destinations are named, never their temporary file ------------------

_PROC = Path("/proc")


@pytest.mark.skipif(not _PROC.is_dir(), reason="needs Linux /proc (a folder nobody can create files in)")
def test_an_unwritable_destination_is_named_not_its_temporary_file():
    with pytest.raises(OutputError) as info:
        write_text(_PROC / "x.tsv", "data")
    assert str(info.value).startswith("/proc/x.tsv: cannot write")
    assert ".part" not in str(info.value)


@pytest.mark.skipif(not _PROC.is_dir(), reason="needs Linux /proc (a folder nobody can create files in)")
def test_check_output_probes_the_folder_before_any_work(tmp_path):
    with pytest.raises(OutputError, match=r"^/proc/x\.tsv: cannot write in /proc"):
        check_output(_PROC / "x.tsv")
    with pytest.raises(OutputError, match="cannot create its folder"):
        check_output(_PROC / "sub" / "x.tsv")
    assert check_output(tmp_path / "new" / "x.tsv") == tmp_path / "new" / "x.tsv"
    assert list((tmp_path / "new").iterdir()) == []           # the probe is gone


def test_a_full_disk_while_writing_names_the_destination(tmp_path):
    def writer(tmp):
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(OutputError, match=r"out\.xlsx: cannot write: No space left on device"):
        write_with(tmp_path / "out.xlsx", writer)
    assert list(tmp_path.iterdir()) == []
