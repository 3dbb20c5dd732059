"""Atomic per-pair outputs: a hidden staging folder, renamed into place when complete,
and the removal of the staging debris an interrupted or crashed run left."""
from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import uuid
from pathlib import Path
from collections.abc import Iterable

from toolkit.batch.common import _ensure_dir

# Staging folders are ".<name>.<8 random chars>.part" (ours: 8 hex; tempfile's: [a-z0-9_]),
# the folder a commit moved aside ".<name>.old-<8 hex>" (see _commit_folder).
_STAGING_RE = re.compile(r"^\.(?P<name>.+)\.[a-z0-9_]{8}\.part$")
_OLD_RE = re.compile(r"^\.(?P<name>.+)\.old-[0-9a-f]{8}$")


@contextlib.contextmanager
def staging_folder(outdir: Path, name: str):
    """A fresh hidden folder ``OUTDIR/.<name>.<random>.part``, removed when the block
    ends unless the block renamed it (committed) - whatever ends the block,
    KeyboardInterrupt and :class:`BatchTerminated` included.  Created with the
    normal umask (``tempfile.mkdtemp`` would make it 0700)."""
    _ensure_dir(outdir)
    while True:
        staging = outdir / f".{name}.{secrets.token_hex(4)}.part"
        try:
            os.mkdir(staging, 0o777)
            break
        except FileExistsError:  # pragma: no cover - 1 in 4 billion
            continue
    try:
        yield staging
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def remove_staging(outdir: str | os.PathLike, names: Iterable[str] | None = None) -> list[str]:
    """Remove staging folders (and stray ``.part`` files) left in OUTDIR.

    ``names``: only those of these pairs (after an interrupted run); None: all of
    them (at the start of a run: whatever is there was left by an earlier one).
    A folder moved aside by a commit that never finished is put back when its
    pair has no folder, removed otherwise.  Returns the entries removed.
    """
    root = Path(outdir)
    wanted = None if names is None else set(names)
    removed: list[str] = []
    try:
        entries = list(os.scandir(root))
    except OSError:
        return removed
    for entry in entries:
        staged, old = _STAGING_RE.match(entry.name), _OLD_RE.match(entry.name)
        match = staged or old
        if match is None or (wanted is not None and match["name"] not in wanted):
            continue
        path = root / entry.name
        try:
            if entry.is_dir(follow_symlinks=False):
                if old and not (root / old["name"]).exists():
                    os.replace(path, root / old["name"])
                    continue
                shutil.rmtree(path)
            elif staged and wanted is None:
                path.unlink()      # an atomic write's temporary file (summary, corpus glossary)
            else:
                continue
            removed.append(entry.name)
        except OSError:
            continue
    return removed


def _commit_folder(staging: Path, final: Path) -> None:
    """Replace ``final`` by the complete ``staging`` folder (rename: atomic on one file system)."""
    old = None
    if final.exists():
        old = final.with_name(f".{final.name}.old-{uuid.uuid4().hex[:8]}")
        os.replace(final, old)
    os.replace(staging, final)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
