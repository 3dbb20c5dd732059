"""The whole job for one document pair: read, segment, align, extract terms,
pair them into a glossary.

This is the function the command line (``toolkit run``, ``toolkit review``),
the notebooks and the batch runner call, so that every entry point does the
same work in the same order and records the same signature.

Both functions take ``progress=``: a callable ``progress(stage, detail)``
called as each stage starts (:data:`toolkit.progress.PAIR_STAGES`, in that
order); the library prints nothing itself.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from collections.abc import Callable

from toolkit.model import Alignment, Document, Glossary, Term
from toolkit.progress import ALIGNING, ENCODING, EXTRACTING, PAIRING, READING, SENTENCES, report

#: ``progress(stage, detail)``: see :mod:`toolkit.progress`
Progress = Callable[[str, str], None]


@dataclass
class PairResult:
    """What one pair produced, with the time each stage took (seconds)."""

    alignment: Alignment
    glossary: Glossary
    src_terms: list[Term]
    tgt_terms: list[Term]
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def source(self) -> Document:
        return self.alignment.source

    @property
    def target(self) -> Document:
        return self.alignment.target

    def summary(self) -> dict[str, Any]:
        s = self.alignment.summary()
        s.update(
            {
                "src_segments": len(self.source),
                "tgt_segments": len(self.target),
                "glossary_entries": len(self.glossary),
                "seconds": round(sum(self.timings.values()), 3),
            }
        )
        return s


def run_documents(src: Document, tgt: Document, *, model=None, level: str = "paragraph",
                  nlp_src=None, nlp_tgt=None, use_embeddings: bool = True,
                  progress: Progress | None = None, subject: str | None = None) -> PairResult:
    """Align two documents and build their glossary (terms come from paragraph level).

    ``use_embeddings=False`` pairs terms without the encoder's similarity of term
    strings (``toolkit glossary --no-embeddings``).

    Language labels are checked against the texts first
    (:func:`toolkit.langid.check_language_labels`): the warnings join the
    alignment's, and a label the text contradicts is recorded in the
    signatures of the alignment and the glossary (``detected:src=fr``).

    ``subject`` is the glossary entries' subject field.

    ``progress(stage, detail)`` is called as each stage starts: encoding,
    aligning, extracting terms, pairing (and aligning sentences).
    """
    from toolkit.align import align_documents, refine_sentences
    from toolkit.embed import get_embedder
    from toolkit.glossary import build_glossary
    from toolkit.langid import check_language_labels, record_in_signature
    from toolkit.terms import extract_terms, term_candidates

    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    language_warnings = check_language_labels(src, tgt)
    if progress is not None:   # encode up front, so that encoding shows as its own stage
        report(progress, ENCODING, f"{len(src) + len(tgt)} segments")
        # the very call the aligner makes first: it then finds every vector in the embedder's memory
        get_embedder(model).embed(list(src.texts) + list(tgt.texts))
        report(progress, ALIGNING)
    paragraph_alignment = align_documents(src, tgt, model=model)
    note_languages(paragraph_alignment, language_warnings)
    timings["align"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    report(progress, EXTRACTING)
    src_terms = extract_terms(src, nlp_src)
    tgt_terms = extract_terms(tgt, nlp_tgt)
    timings["terms"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    report(progress, PAIRING, f"{len(src_terms)}+{len(tgt_terms)} terms")
    glossary = build_glossary(paragraph_alignment, model=model, src_terms=term_candidates(src, nlp_src),
                              tgt_terms=term_candidates(tgt, nlp_tgt), use_embeddings=use_embeddings,
                              subject=subject)
    record_in_signature(glossary.signature, src, tgt)
    timings["glossary"] = time.perf_counter() - t0
    alignment = paragraph_alignment
    if level == "sentence":
        t0 = time.perf_counter()
        report(progress, SENTENCES)
        alignment = refine_sentences(paragraph_alignment, model=model)
        timings["sentences"] = time.perf_counter() - t0
    return PairResult(alignment, glossary, src_terms, tgt_terms, timings)


def note_languages(alignment: Alignment, warnings: list[str]) -> Alignment:
    """Record the language-label check on ``alignment``: its warnings (once each) and,
    in its signature, the detected languages that contradict the labels."""
    from toolkit.langid import record_in_signature

    alignment.warnings = list(dict.fromkeys([*warnings, *alignment.warnings]))
    record_in_signature(alignment.signature, alignment.source, alignment.target)
    return alignment


def run_pair(src_path: str | Path, tgt_path: str | Path, *, src_lang: str | None = None,
             tgt_lang: str | None = None, model=None, level: str = "paragraph",
             input_format: str = "auto", progress: Progress | None = None, symbol: str | None = None,
             subject: str | None = None) -> PairResult:
    """Read two files (any supported format) and run the whole job on them
    (``progress``: see :func:`run_documents`; reading is reported first).

    ``symbol`` is the UN document symbol of both texts, for a reader that finds none in the
    text (a one-paragraph-per-line file); ``subject`` the glossary's subject field."""
    from toolkit.segment import read_document

    t0 = time.perf_counter()
    report(progress, READING)
    src = read_document(src_path, src_lang, input_format=input_format)
    tgt = read_document(tgt_path, tgt_lang, input_format=input_format)
    for doc in (src, tgt):
        doc.symbol = doc.symbol or symbol
    read_seconds = time.perf_counter() - t0
    result = run_documents(src, tgt, model=model, level=level, progress=progress, subject=subject)
    result.timings = {"read": read_seconds, **result.timings}
    return result
