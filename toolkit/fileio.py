"""Atomic, non-clobbering writes shared by every exporter.

An output is written to a temporary file beside its destination and renamed
into place only when complete, so an interrupted run never leaves a
half-written file, and an existing file is never replaced without ``force``.

"Interrupted" includes SIGTERM: inside :func:`terminate_on_sigterm` (the
command line runs in it) SIGTERM raises :class:`~toolkit.errors.Terminated`,
a ``KeyboardInterrupt``, so the ``finally`` blocks that remove temporary files
and folders run exactly as they do for Ctrl-C.

:func:`check_output` tells, before any work, whether an output path can be
written at all (not an input, not existing without ``force``, a folder that
accepts files); errors always name the user's path, never a temporary file.
"""
from __future__ import annotations

import contextlib
import errno
import os
import signal
import tempfile
import threading
from pathlib import Path
from typing import IO
from collections.abc import Callable, Iterable, Iterator

from toolkit.errors import InputError, OutputError, OutputExists, Terminated

#: prefix of the empty file created (and removed at once) to test that a folder accepts new files
PROBE_PREFIX = ".toolkit-probe."
#: errors of a write that carry no file name but are always about the file being written
_WRITE_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS}


def _same_file(a: Path, b: Path) -> bool:
    """True when ``a`` and ``b`` are one file (symlinks and hard links included)."""
    try:
        return os.path.samefile(a, b)
    except OSError:   # one of them does not exist (yet): compare where they point
        return os.path.realpath(a) == os.path.realpath(b)


def check_not_input(path: str | os.PathLike, inputs: Iterable[str | os.PathLike] = ()) -> None:
    """Refuse an output that is one of ``inputs`` (same file after links), whatever ``--force`` says."""
    p = Path(path)
    for inp in inputs:
        if inp is not None and _same_file(p, Path(inp)):
            same = "" if os.path.abspath(p) == os.path.abspath(inp) else f" ({inp})"
            raise OutputError(f"{p}: is also an input{same}; write the output to another file")


def check_writable(path: str | os.PathLike, force: bool = False,
                   inputs: Iterable[str | os.PathLike] = ()) -> Path:
    """Refuse to overwrite ``path`` unless ``force`` (or ever, if it is one of ``inputs``);
    make sure its folder exists."""
    p = Path(path)
    if p.exists() and p.is_dir():
        raise InputError(f"{p}: is a directory, expected an output file path")
    check_not_input(p, inputs)
    if p.exists() and not force:
        raise OutputExists(f"{p}: already exists (use --force to overwrite)")
    if not p.parent.exists():
        try:
            p.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"{p}: cannot create its folder {p.parent}: {exc.strerror or exc}") from None
    return p


def _probe(folder: Path, shown: Path) -> None:
    """Create and remove an empty file in ``folder``; an error names ``shown`` (the user's path)."""
    try:
        fd, probe = tempfile.mkstemp(prefix=PROBE_PREFIX, dir=folder)
    except OSError as exc:
        raise OutputError(f"{shown}: cannot write in {folder}: {exc.strerror or exc}") from None
    os.close(fd)
    with contextlib.suppress(OSError):
        os.unlink(probe)


def check_output(path: str | os.PathLike, force: bool = False,
                 inputs: Iterable[str | os.PathLike] = ()) -> Path:
    """Everything :func:`check_writable` checks, plus that the folder accepts a new file.

    Meant to run before any slow work: a probe file is created beside ``path``
    and removed at once (``os.access`` says yes to root on read-only or
    virtual file systems such as ``/proc``).
    """
    p = check_writable(path, force=force, inputs=inputs)
    _probe(p.parent, p)
    return p


def check_output_folder(path: str | os.PathLike) -> Path:
    """Make sure the output folder ``path`` exists (created if needed) and accepts new files."""
    p = Path(path)
    if p.exists() and not p.is_dir():
        raise InputError(f"{p}: is a file, expected an output folder")
    try:
        p.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{p}: cannot create the folder: {exc.strerror or exc}") from None
    _probe(p, p)
    return p


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _about(exc: OSError, tmp: Path) -> bool:
    """Whether ``exc`` is about writing the temporary file ``tmp``."""
    names = {str(tmp)}
    if exc.filename is not None or exc.filename2 is not None:
        return str(exc.filename) in names or str(exc.filename2) in names
    return exc.errno in _WRITE_ERRNOS


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike, force: bool = False) -> Iterator[Path]:
    """Yield a temporary path; rename it onto ``path`` if the block succeeds.

    An error writing the temporary file is reported as an :class:`OutputError`
    naming ``path``; the temporary file is removed whatever happens (an
    exception, Ctrl-C, SIGTERM under :func:`terminate_on_sigterm`).
    """
    dest = check_writable(path, force=force)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".part", dir=dest.parent)
    except OSError as exc:
        raise OutputError(f"{dest}: cannot write in {dest.parent}: {exc.strerror or exc}") from None
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        # mkstemp creates 0600 files; an output is an ordinary file of the user's
        os.chmod(tmp_path, 0o666 & ~_umask())
        os.replace(tmp_path, dest)
    except OSError as exc:
        if _about(exc, tmp_path):
            raise OutputError(f"{dest}: cannot write: {exc.strerror or exc}") from None
        raise
    finally:
        with contextlib.suppress(OSError):
            if tmp_path.exists():
                tmp_path.unlink()


@contextlib.contextmanager
def atomic_open(path: str | os.PathLike, mode: str = "w", force: bool = False,
                encoding: str | None = "utf-8", newline: str | None = None) -> Iterator[IO]:
    """``open`` for writing that commits the file only when the block succeeds."""
    binary = "b" in mode
    with atomic_path(path, force=force) as tmp:
        with open(tmp, mode, encoding=None if binary else encoding,
                  newline=None if binary else newline) as fh:
            yield fh


def write_text(path: str | os.PathLike, text: str, force: bool = False, encoding: str = "utf-8") -> Path:
    with atomic_open(path, "w", force=force, encoding=encoding, newline="") as fh:
        fh.write(text)
    return Path(path)


def write_bytes(path: str | os.PathLike, data: bytes, force: bool = False) -> Path:
    with atomic_open(path, "wb", force=force) as fh:
        fh.write(data)
    return Path(path)


def write_with(path: str | os.PathLike, writer: Callable[[Path], None], force: bool = False) -> Path:
    """Run ``writer(tmp_path)`` (for libraries that save to a path) atomically."""
    with atomic_path(path, force=force) as tmp:
        writer(tmp)
    return Path(path)


def _raise_terminated(signum, frame) -> None:
    # A second SIGTERM (cleanup taking too long) kills the process at once.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    raise Terminated()


@contextlib.contextmanager
def terminate_on_sigterm() -> Iterator[None]:
    """While the block runs, SIGTERM raises :class:`~toolkit.errors.Terminated` in the main thread.

    Python's default for SIGTERM is to die at once, skipping every ``finally``:
    temporary ``.part`` files and staging folders stay behind.  Raising an
    exception instead unwinds the stack like Ctrl-C does.  Outside the main
    thread (where signal handlers cannot be set) this does nothing.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous if previous is not None else signal.SIG_DFL)
