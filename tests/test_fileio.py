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
