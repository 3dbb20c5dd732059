"""Alignments as JSON Lines, for scripts: a header object, then one object per bead.

The one JSONL alignment writer of the toolkit (``toolkit align --format jsonl``,
``write_alignment(..., "a.jsonl")`` and :func:`toolkit.evaluate.format_jsonl`
all use it).  Line 1 is the header::

    {"type": "header", "signature": "...", "signature_fields": {...}, "level": ..., "src_lang": ..., "tgt_lang": ...}

then ``{"type": "bead", "bead": 0, "src": [...], "tgt": [...], "src_ids": [...], ...}``.

The reader takes the header as a header, not as a bead, also in files of
older toolkits whose header had no ``"type"`` (``{"signature": ..., "level": ...}``):
those were read back with one empty bead too many and no signature.
"""
from __future__ import annotations

import json
from pathlib import Path

from toolkit.errors import InputError
from toolkit.export.common import clean_text, signature_from_record
from toolkit.export.tabular import AlignmentRow
from toolkit.fileio import write_text
from toolkit.model import Alignment, Signature

#: keys only a bead object has: an object with none of them (and a signature) is a header
_BEAD_KEYS = ("src", "tgt", "src_ids", "tgt_ids", "bead")


def alignment_jsonl(alignment: Alignment) -> str:
    """A header object (signature) then one JSON object per bead."""
    lines = [json.dumps({"type": "header", "signature": str(alignment.signature),
                         "signature_fields": alignment.signature.to_dict(), "level": alignment.level,
                         "src_lang": alignment.source.language, "tgt_lang": alignment.target.language},
                        ensure_ascii=False)]
    for k, b in enumerate(alignment.beads):
        lines.append(json.dumps({
            "type": "bead", "bead": k, "src": list(b.src), "tgt": list(b.tgt),
            "src_ids": alignment.src_ids(b), "tgt_ids": alignment.tgt_ids(b),
            "src_text": clean_text(alignment.src_text(b)), "tgt_text": clean_text(alignment.tgt_text(b)),
            "kind": b.kind, "score": round(b.score, 6), "confidence": round(b.confidence, 6),
            "flagged": b.flagged}, ensure_ascii=False))
    return "\n".join(lines) + "\n"


def write_alignment_jsonl(alignment: Alignment, path, *, force: bool = False) -> Path:
    return write_text(path, alignment_jsonl(alignment), force=force)


def is_header(obj: dict) -> bool:
    """A header object: ``"type": "header"``, or (older files) a signature and no bead field."""
    kind = obj.get("type")
    if kind is not None:
        return kind == "header"
    return "signature" in obj and not any(k in obj for k in _BEAD_KEYS)


def read_alignment_jsonl(path) -> tuple[Signature | None, list[AlignmentRow]]:
    """Signature (from the header) and beads of a JSONL alignment."""
    p = Path(path)
    try:
        text = p.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{p}: not UTF-8 text") from None
    signature = None
    rows: list[AlignmentRow] = []
    first = True
    # JSON escapes every line break inside strings: records end at "\n" (or "\r\n")
    for n, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{p}: line {n}: not JSON ({exc.msg})") from None
        if not isinstance(obj, dict):
            raise InputError(f"{p}: line {n}: not a JSON object")
        if is_header(obj):
            if first:
                signature = signature_from_record(obj)
            first = False
            continue
        first = False
        try:
            rows.append(AlignmentRow(
                bead=int(obj.get("bead", len(rows))), src_ids=list(obj.get("src_ids", [])),
                tgt_ids=list(obj.get("tgt_ids", [])), src_text=obj.get("src_text", ""),
                tgt_text=obj.get("tgt_text", ""), kind=obj.get("kind", ""),
                score=float(obj.get("score", 0.0)), confidence=float(obj.get("confidence", 0.0)),
                flagged=bool(obj.get("flagged", False)), status=obj.get("status"), note=obj.get("note")))
        except (TypeError, ValueError) as exc:
            raise InputError(f"{p}: line {n}: not a bead ({exc})") from None
    return signature, rows
