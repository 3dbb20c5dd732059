"""Aligning two segmented documents: input checks, the paragraph alignment, its signature."""
from __future__ import annotations

from toolkit.align.engine import align_texts
from toolkit.align.features import _anchor_key, _lang
from toolkit.align.params import MAX_SEGMENTS, _params
from toolkit.align.refine import refine_sentences
from toolkit.align.signature import alignment_signature
from toolkit.errors import AlignmentError
from toolkit.model import Alignment, Document

UNEVEN_MIN_SEGMENTS = 4
"""Documents this long (segments, on the longer side) or longer are checked for uneven sides ..."""
UNEVEN_SEGMENTS = 2
"""... and warned about when one side has more than this many times the other's segments ..."""
UNEVEN_CHARS = 2.5
"""... or more than this many times its characters."""


def _checks(src: Document, tgt: Document) -> list[str]:
    warnings = []
    for name, doc in (("source", src), ("target", tgt)):
        if len(doc.segments) == 0:
            raise AlignmentError(f"{name} document has no segments to align")
        if len(doc.segments) > MAX_SEGMENTS:
            raise AlignmentError(
                f"{name} document has {len(doc.segments):,} segments; the limit is {MAX_SEGMENTS:,} "
                "per side (split the document and align the parts)")
    if src.language and tgt.language and _lang(src.language) == _lang(tgt.language):
        warnings.append(f"both sides are in the same language ({src.language}); aligning anyway")
    from toolkit.align.features import CJK_LENGTH_FACTOR, _latin_length

    n, m = len(src.segments), len(tgt.segments)
    cs = sum(len(s.text) for s in src.segments)
    ct = sum(len(s.text) for s in tgt.segments)
    # Chinese/Japanese characters count CJK_LENGTH_FACTOR Latin ones (a Chinese text has about a
    # quarter of its English's characters).
    ls = sum(_latin_length(s.text) for s in src.segments)
    lt = sum(_latin_length(s.text) for s in tgt.segments)
    if max(n, m) >= UNEVEN_MIN_SEGMENTS and (max(n, m) > UNEVEN_SEGMENTS * min(n, m)
                                             or max(ls, lt) > UNEVEN_CHARS * max(1, min(ls, lt))):
        longer = "source" if (n > m or ls > lt) else "target"
        scaled = f", Chinese/Japanese characters counted {CJK_LENGTH_FACTOR:g} each" if (ls, lt) != (cs, ct) else ""
        warnings.append(
            f"the {longer} side is much longer ({n} vs {m} segments, {cs} vs {ct} characters{scaled}); "
            "parts of it will stay unaligned")
    return warnings


def align_documents(src: Document, tgt: Document, *, model=None, level: str = "paragraph",
                    timings: dict | None = None, stage_timings: dict | None = None,
                    **params) -> Alignment:
    """Align two segmented documents (paragraph level; ``level="sentence"`` refines).

    ``model``: None (offline default), a name/path, a SentenceTransformer or an
    :class:`toolkit.embed.Embedder`.  ``params`` override :data:`DEFAULTS`.
    ``stage_timings``: seconds per stage of the paragraph alignment and the band sizes
    (:func:`~toolkit.align.engine.align_texts`).
    """
    from toolkit.embed import get_embedder, model_identity

    if level not in ("paragraph", "sentence"):
        raise AlignmentError(f"unknown alignment level {level!r} (paragraph or sentence)")
    warnings = _checks(src, tgt)
    p = _params(params)
    embedder = get_embedder(model)
    beads = align_texts(src.texts, tgt.texts, embedder=embedder,
                        src_anchor=[_anchor_key(s) for s in src.segments],
                        tgt_anchor=[_anchor_key(s) for s in tgt.segments], timings=timings,
                        stage_timings=stage_timings, **params)
    sig = alignment_signature(src, tgt, model_identity(embedder), p, "paragraph")   # name and exact weights
    al = Alignment(source=src, target=tgt, beads=beads, signature=sig, level="paragraph", warnings=warnings)
    if level == "sentence":
        al = refine_sentences(al, model=embedder, timings=timings, **params)
    return al
