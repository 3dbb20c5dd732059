"""Sentence refinement: split every linked paragraph pair into sentences and align inside it."""
from __future__ import annotations

from toolkit.align.confidence import _flag
from toolkit.align.engine import align_texts
from toolkit.align.features import _lang
from toolkit.align.signature import sentence_signature
from toolkit.model import SENTENCE, Alignment, Bead, Document, Segment

SENTENCE_CONF_FLOOR = 0.5
"""A sentence link's confidence is capped by its paragraph link's, but never below this: a weak
paragraph link does not make each of its sentence links as weak."""
SENTENCE_W_ANCHOR = 0.0
"""``w_anchor`` inside a paragraph unless given: sentences have no paragraph numbers to match."""


def refine_sentences(alignment: Alignment, model=None, *, timings: dict | None = None, **params) -> Alignment:
    """Split every linked paragraph pair into sentences and align inside it.

    Sentence ids are ``<paragraph id>.s<k>`` (``op3.s2``).  Unlinked paragraphs
    give unlinked sentences.  The result is a sentence-level :class:`Alignment`
    over two new sentence Documents.
    """
    from toolkit.embed import get_embedder
    from toolkit.sentences import split_sentences

    embedder = get_embedder(model)
    src, tgt = alignment.source, alignment.target
    slang, tlang = _lang(src.language) or "en", _lang(tgt.language) or "en"

    def split_doc(doc: Document, lang: str):
        sents: list[Segment] = []
        index: dict[int, list[int]] = {}
        for k, seg in enumerate(doc.segments):
            parts_ = split_sentences(seg.text, lang) or [seg.text]
            index[k] = []
            for s_no, text in enumerate(parts_, 1):
                index[k].append(len(sents))
                sents.append(Segment(id=f"{seg.id}.s{s_no}", kind=SENTENCE, text=text,
                                     number=None, parent=seg.id))
        return sents, index

    s_sents, s_index = split_doc(src, slang)
    t_sents, t_index = split_doc(tgt, tlang)
    # One batch for every sentence: the per-pair alignments below then hit the memo.
    embedder.embed([s.text for s in s_sents] + [s.text for s in t_sents])
    p = dict(params)
    p.setdefault("w_anchor", SENTENCE_W_ANCHOR)
    beads: list[Bead] = []
    for bead in alignment.beads:
        si = [x for k in bead.src for x in s_index[k]]
        ti = [x for k in bead.tgt for x in t_index[k]]
        if not si or not ti:
            beads.extend(Bead(src=(x,), tgt=(), score=bead.score, confidence=bead.confidence) for x in si)
            beads.extend(Bead(src=(), tgt=(x,), score=bead.score, confidence=bead.confidence) for x in ti)
            continue
        if len(si) == 1 or len(ti) == 1:
            beads.append(Bead(src=tuple(si), tgt=tuple(ti), score=bead.score, confidence=bead.confidence))
            continue
        sub = align_texts([s_sents[x].text for x in si], [t_sents[x].text for x in ti],
                          embedder=embedder, timings=timings, **p)
        for b in sub:
            # a sentence link cannot be surer than the paragraph link it lives in
            beads.append(Bead(src=tuple(si[x] for x in b.src), tgt=tuple(ti[x] for x in b.tgt),
                              score=b.score,
                              confidence=round(min(b.confidence, max(bead.confidence, SENTENCE_CONF_FLOOR)), 4)))
    _flag(beads)
    sdoc = Document(language=src.language, segments=s_sents, symbol=src.symbol, title=src.title,
                    date=src.date, provenance=dict(src.provenance), source_path=src.source_path,
                    checksum=src.checksum)
    tdoc = Document(language=tgt.language, segments=t_sents, symbol=tgt.symbol, title=tgt.title,
                    date=tgt.date, provenance=dict(tgt.provenance), source_path=tgt.source_path,
                    checksum=tgt.checksum)
    sig = sentence_signature(alignment.signature, p)
    return Alignment(source=sdoc, target=tdoc, beads=beads, signature=sig, level="sentence",
                     warnings=list(getattr(alignment, "warnings", [])))
