"""Turn an alignment file read back from disk (a reviewer's corrected TSV, a
TMX or JSONL the toolkit wrote) into an :class:`Alignment` again, so that the
corrections flow into the TMX/XLSX exports.

Each row says what a person did with it (the ``status`` column of the review
page's download):

* ``ok`` (or ``confirmed``): a person confirmed the link; it gets full
  confidence and loses its review flag;
* ``wrong``: not a link; its source and target segments become unaligned
  (1-0 and 0-1 beads) and reach no translation memory;
* ``unreviewed`` or empty (a file the toolkit wrote has no status at all):
  nobody looked at it, so it keeps the machine's confidence and flag.  A row
  the reviewer merged or split (``edit`` column) is a new link nobody
  confirmed yet: it is unreviewed unless its status says otherwise.

Any other status is a user error rather than a guess.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import cast

from toolkit import __version__
from toolkit.errors import InputError
from toolkit.model import Alignment, AlignmentLevel, Bead, Document, Segment, Signature, text_checksum


# Status values of a row and what they mean; the review page writes
# unreviewed/ok/wrong (toolkit/resources/review.js), the TSV reader already maps
# synonyms such as yes/correct to ok.
CONFIRMED = "ok"
WRONG = "wrong"
UNREVIEWED = "unreviewed"
_STATUS_ALIASES = {"ok": CONFIRMED, "confirmed": CONFIRMED, "wrong": WRONG,
                   "unreviewed": UNREVIEWED, "": UNREVIEWED, "merged": UNREVIEWED, "split": UNREVIEWED}


def row_status(row, source_name: str = "alignment") -> str:
    """The reviewer's verdict of a row: ``ok``, ``wrong`` or ``unreviewed``."""
    raw = (row.status or "").strip().casefold()
    status = _STATUS_ALIASES.get(raw)
    if status is None:
        raise InputError(f"{source_name}: bead {row.bead}: unknown status {row.status!r} "
                         f"(expected {CONFIRMED}, {WRONG} or {UNREVIEWED})")
    return status


def _side_segment(ids: list[str], text: str, fallback: str) -> Segment:
    # A bead's texts are stored joined, so an m-n side becomes one segment whose
    # id lists every original id ("pp7.a+pp7.b"): the TMX keeps them all.
    return Segment(id="+".join(ids) or fallback, kind="paragraph", text=text)


def alignment_from_rows(rows, *, signature: Signature | None = None, src_lang: str | None = None,
                        tgt_lang: str | None = None, level: AlignmentLevel = "paragraph",
                        source_name: str | None = None) -> Alignment:
    """Rebuild an Alignment from :class:`toolkit.export.AlignmentRow` objects."""
    if not rows:
        raise InputError(f"{source_name or 'alignment'}: no beads to import")
    src_lang = src_lang or (signature.src_lang if signature else None)
    tgt_lang = tgt_lang or (signature.tgt_lang if signature else None)
    if not src_lang or not tgt_lang:
        raise InputError(f"{source_name or 'alignment'}: languages unknown (no signature line); "
                         "give --src-lang and --tgt-lang")
    src_segments: list[Segment] = []
    tgt_segments: list[Segment] = []
    beads: list[Bead] = []
    corrected = 0

    def add(side: list[Segment], ids: list[str], text: str, tag: str) -> tuple[int, ...]:
        if not ids and not text.strip():
            return ()
        side.append(_side_segment(ids, text, f"{tag}{len(side) + 1}"))
        return (len(side) - 1,)

    name = source_name or "alignment"
    for row in rows:
        status = row_status(row, name)
        src = add(src_segments, row.src_ids, row.src_text, "s")
        tgt = add(tgt_segments, row.tgt_ids, row.tgt_text, "t")
        if status == WRONG and src and tgt:
            corrected += 1
            beads.append(Bead(src, (), 0.0, 0.0, False))
            beads.append(Bead((), tgt, 0.0, 0.0, False))
        elif status == CONFIRMED and (src or tgt):
            corrected += 1
            beads.append(Bead(src, tgt, row.score, 1.0, False))
        elif src or tgt:
            # Unreviewed (or "wrong" on a row that links nothing): the machine's values stand.
            if status == WRONG:
                corrected += 1
            beads.append(Bead(src, tgt, row.score, row.confidence, row.flagged))
    base = signature or Signature(__version__, src_lang=src_lang, tgt_lang=tgt_lang)
    params = dict(base.params)
    if corrected:
        params["reviewed"] = corrected
    sig = replace(base, params=params)
    source = Document(src_lang, src_segments, checksum=text_checksum("\n".join(s.text for s in src_segments)))
    target = Document(tgt_lang, tgt_segments, checksum=text_checksum("\n".join(s.text for s in tgt_segments)))
    return Alignment(source, target, beads, sig, level=level)


def load_alignment(path, *, src_lang: str | None = None, tgt_lang: str | None = None) -> Alignment:
    """Read an alignment file (TSV incl. a reviewer's corrections, TMX, JSONL) as an Alignment."""
    from toolkit.export import read_alignment_file

    p = Path(path)
    signature, rows = read_alignment_file(p)
    level = (signature.params.get("level") if signature else None) or "paragraph"
    return alignment_from_rows(rows, signature=signature, src_lang=src_lang, tgt_lang=tgt_lang,
                               level=cast(AlignmentLevel, str(level)),    # as the file's signature says
                               source_name=str(p))
