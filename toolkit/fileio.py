"""Atomic, non-clobbering writes shared by every exporter.

An output is written to a temporary file beside its destination and renamed
into place only when complete, so an interrupted run never leaves a
half-written file, and an existing file is never replaced without ``force``.
"""
from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import IO, Callable, Iterator

from toolkit.errors import InputError, OutputExists


def check_writable(path: str | os.PathLike, force: bool = False) -> Path:
    """Refuse to overwrite ``path`` unless ``force``; make sure its folder exists."""
    p = Path(path)
    if p.exists() and p.is_dir():
        raise InputError(f"{p}: is a directory, expected an output file path")
    if p.exists() and not force:
        raise OutputExists(f"{p}: already exists (use --force to overwrite)")
    if not p.parent.exists():
        p.parent.mkdir(parents=True, exist_ok=True)
    return p


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike, force: bool = False) -> Iterator[Path]:
    """Yield a temporary path; rename it onto ``path`` if the block succeeds."""
    dest = check_writable(path, force=force)
    fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".part", dir=dest.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        # mkstemp creates 0600 files; an output is an ordinary file of the user's
        os.chmod(tmp_path, 0o666 & ~_umask())
        os.replace(tmp_path, dest)
    finally:
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
