"""The segments of one document as TSV, JSON Lines or plain text (``toolkit segment``, ``toolkit run``).

TSV: ``id kind number parent footnote_refs text``, header in row 1, the
signature in ``NAME.signature.json`` (``comment_header=True``, and standard
output: a ``# signature:`` first line).  JSONL: one object per segment.  Text:
one paragraph per line with a blank line between paragraphs, footnotes last,
for CAT tools.  Footnotes follow the segments as rows of kind ``footnote``.
"""
from __future__ import annotations

import json
from pathlib import Path

from toolkit import __version__
from toolkit.export.common import comment_line, write_plain_table
from toolkit.fileio import write_text
from toolkit.model import Document, Signature

SEGMENTS_HEADER = ("id", "kind", "number", "parent", "footnote_refs", "text")


def segment_rows(doc: Document) -> list[dict]:
    """Segments, then footnotes as rows of kind ``footnote``."""
    rows = [
        {"id": s.id, "kind": s.kind, "number": s.number or "", "parent": s.parent or "",
         "footnote_refs": s.footnote_refs, "text": s.text, "span": list(s.span) if s.span else None}
        for s in doc.segments
    ]
    rows += [
        {"id": f.id, "kind": "footnote", "number": str(f.number), "parent": "", "footnote_refs": [],
         "text": f.text, "span": list(f.span) if f.span else None}
        for f in doc.footnotes
    ]
    return rows


def segments_signature(doc: Document) -> Signature:
    """The run's signature: language, segmenter, the input's checksum (and a label the text contradicts)."""
    from toolkit.langid import record_in_signature

    sig = Signature(toolkit_version=__version__,
                    params={"lang": doc.language, "segmenter": doc.provenance.get("segmenter", "un")},
                    inputs={"source": doc.checksum or ""})
    return record_in_signature(sig, doc)     # a label the text contradicts: detected:src=fr


def segments_tsv(doc: Document, *, comment_header: bool = True) -> str:
    """The segments as TSV, header first; with ``comment_header`` (stdout, which has no other
    place for it) a ``# signature:`` line before the header."""
    def cell(value) -> str:
        return str(value).replace("\t", " ").replace("\n", " ")

    lines = ["\t".join(SEGMENTS_HEADER)]
    if comment_header:
        lines.insert(0, comment_line(segments_signature(doc)).rstrip("\n"))
    for r in segment_rows(doc):
        refs = ",".join(map(str, r["footnote_refs"]))
        lines.append("\t".join(cell(v) for v in (r["id"], r["kind"], r["number"], r["parent"], refs, r["text"])))
    return "\n".join(lines) + "\n"


def segments_jsonl(doc: Document) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in segment_rows(doc))


def segments_txt(doc: Document) -> str:
    """One paragraph per line, a blank line between paragraphs: the segments in document
    order (title first), then, after one more blank line, the footnotes.

    No signature line: every non-empty line is text to translate.  The blank lines are
    what OmegaT's default text filter ends a paragraph at, so that it makes one segment
    of each paragraph (a title or a clause ending in a comma does not run into the next)."""
    def line(text: str) -> str:
        return " ".join(text.split())

    body = [line(s.text) for s in doc.segments if s.text.strip()]
    notes = [line(f.text) for f in doc.footnotes if f.text.strip()]
    text = "\n\n".join(body)
    if notes:
        text += ("\n\n\n" if body else "") + "\n\n".join(notes)
    return text + "\n" if text else ""


def write_segments_tsv(doc: Document, path, *, force: bool = False, comment_header: bool = False) -> Path:
    """Header in row 1, the signature beside it (or first with ``comment_header``)."""
    return write_plain_table(path, segments_tsv(doc, comment_header=False), signature=segments_signature(doc),
                             fmt="segments", force=force, comment_header=comment_header)


def write_segments_jsonl(doc: Document, path, *, force: bool = False) -> Path:
    return write_text(path, segments_jsonl(doc), force=force)


def write_segments_txt(doc: Document, path, *, force: bool = False) -> Path:
    return write_text(path, segments_txt(doc), force=force)
