"""Checks settled on the client before any cluster starts: is a pair done
(``--resume``: its done.json, input checksums and output digests), can its inputs be read."""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import stat
from pathlib import Path
from typing import Any

from toolkit.batch.common import DONE_FILE, SKIPPED, _one_line
from toolkit.batch.manifest import Pair
from toolkit.batch.records import BatchOptions, PairRecord
from toolkit.errors import InputError


def file_checksum(path: str | os.PathLike | None) -> str | None:
    """sha256 (16 hex) of a file's bytes; None when there is no such file."""
    if not path:
        return None
    h = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
    except OSError:
        return None
    return h.hexdigest()[:16]


def input_checksums(pair: Pair) -> dict[str, str | None]:
    return {"source": file_checksum(pair.source), "target": file_checksum(pair.target),
            "gold": file_checksum(pair.gold)}


def output_digest(path: str | os.PathLike) -> dict[str, Any]:
    """``{"bytes": size, "sha256": hex}`` of an output file, as recorded in done.json."""
    h = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
            size += len(chunk)
    return {"bytes": size, "sha256": h.hexdigest()}


def check_completed(pair: Pair, outdir: str | os.PathLike,
                    options: BatchOptions) -> tuple[PairRecord | None, str]:
    """``(record, "")`` when a previous run completed ``pair`` for the same inputs and
    settings and every output still has the size and SHA-256 recorded in its
    done.json; otherwise ``(None, why)``, ``why`` empty when the pair was simply
    never finished (no folder)."""
    if pair.problem:
        return None, ""
    folder = Path(outdir) / pair.name
    try:
        done = json.loads((folder / DONE_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None, (f"{pair.name}/ has no {DONE_FILE} (incomplete)" if folder.exists() else "")
    except (OSError, ValueError) as exc:
        return None, f"{DONE_FILE} is unreadable ({_one_line(exc)})"
    if not isinstance(done, dict):
        return None, f"{DONE_FILE} is not a record of a finished pair"
    if done.get("settings") != options.fingerprint():
        return None, "the settings (toolkit version, model, level, --lang-code, --bom, --comment-header) changed"
    recorded = done.get("inputs") or {}
    changed = [side for side, digest in input_checksums(pair).items() if recorded.get(side) != digest]
    if changed:
        return None, f"the {', '.join(changed)} file changed"
    files = done.get("files")
    if not isinstance(files, dict) or set(files) != set(done.get("outputs", [])):
        return None, f"{DONE_FILE} records no output sizes and checksums (an older toolkit wrote it)"
    for name, want in files.items():
        path = folder / name
        try:
            size = path.stat().st_size if path.is_file() else None
        except OSError:
            size = None
        if size is None:
            return None, f"{name} is missing"
        if size != want.get("bytes"):
            return None, f"{name} is {size} bytes, {DONE_FILE} recorded {want.get('bytes')}"
        try:
            digest = output_digest(path)["sha256"]
        except OSError as exc:
            return None, f"{name} is unreadable ({_one_line(exc)})"
        if digest != want.get("sha256"):
            return None, f"{name} changed (its SHA-256 differs from {DONE_FILE})"
    known = {f.name for f in dataclasses.fields(PairRecord)}
    record = PairRecord(**{k: v for k, v in (done.get("record") or {}).items() if k in known})
    record.status = SKIPPED
    record.note = ""
    return record, ""


def completed_record(pair: Pair, outdir: str | os.PathLike, options: BatchOptions) -> PairRecord | None:
    """The record of a previous run if its outputs are complete and unchanged for the
    same inputs and settings (see :func:`check_completed`)."""
    return check_completed(pair, outdir, options)[0]


# Bytes of an input read on the client to tell a document from a binary or empty
# file (64 KiB: more than the 2 KiB format sniffing and 4 KiB UTF-16 detection use).
INPUT_HEAD_BYTES = 1 << 16


def check_input(side: str, path: str) -> None:
    """Raise :class:`InputError` unless ``path`` is a regular, readable, non-empty file
    that looks like a document the readers take (text, PDF, DOCX, HTML).

    Cheap (one stat and the first bytes), so it runs on the client before any
    cluster is started and again in the task.  Decoding problems that only the
    whole text shows are left to the reader.
    """
    from toolkit.readers import sniff_format
    from toolkit.readers.text import _bom_encoding, _bomless_utf16

    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise InputError(f"{side} file not found: {path}") from None
    except OSError as exc:
        raise InputError(f"{side} file cannot be read: {path} ({exc.strerror or exc})") from None
    if not stat.S_ISREG(st.st_mode):
        kind = "a folder" if stat.S_ISDIR(st.st_mode) else "not a regular file (a device, FIFO or socket)"
        raise InputError(f"{side} path is {kind}, expected a text, PDF, DOCX or HTML file: {path}")
    try:
        with open(path, "rb") as fh:
            head = fh.read(INPUT_HEAD_BYTES)
    except OSError as exc:
        raise InputError(f"{side} file cannot be read: {path} ({exc.strerror or exc})") from None
    if not head.strip() and st.st_size <= len(head):
        raise InputError(f"{side} file is empty: {path}")
    fmt = sniff_format(Path(path), head)
    if fmt == "text" and b"\x00" in head and not (_bom_encoding(head) or _bomless_utf16(head)):
        raise InputError(f"{side} file is binary data, not text (expected a UTF-8 text, PDF, DOCX "
                         f"or HTML file): {path}")


def input_problem(pair: Pair) -> str | None:
    """Why ``pair`` cannot run at all (manifest problem or unusable input), or None."""
    if pair.problem:
        return pair.problem
    for side, path in (("source", pair.source), ("target", pair.target), ("gold", pair.gold)):
        if path:
            try:
                check_input(side, path)
            except InputError as exc:
                return _one_line(exc)
    return None
