"""Bead scores: the similarity of a bead's spans plus cheap evidence embeddings miss."""
from __future__ import annotations

from typing import Any

import numpy as np

from toolkit.align.band import _Band
from toolkit.align.features import _Side
from toolkit.align.gale_church import GC_VARIANCE, _erfc_abs
from toolkit.align.params import MAX_BEAD

MAX_SPAN = MAX_BEAD
"""Longest span of one side of a bead: lengths and binary features are precomputed for spans of 1..4."""
DICE_NEUTRAL = 0.5
"""Dice overlap of shared numbers/tokens that counts as no evidence: above it a bonus, below it
(numbers on both sides that disagree) a malus; no numbers at all is neutral."""
ANCHOR_MATCH = 1.0
"""Weight (times ``w_anchor``) of equal paragraph numbers or sub-item letters on both sides."""
ANCHOR_MISMATCH = -0.5
"""Weight (times ``w_anchor``) of different ones: weaker than a match, since drafts and extraction
slips renumber paragraphs."""
GC_MIN_PROB = 1e-12
"""Smallest Gale–Church tail probability taken to the log (``gc_floor`` then bounds it anyway)."""


def _bead_types(max_bead: int) -> list[tuple[int, int]]:
    types = [(1, 1), (1, 0), (0, 1)]
    for a in range(1, max_bead + 1):
        for b in range(1, max_bead + 1):
            if (a, b) != (1, 1) and a + b <= max(3, max_bead + 1):
                types.append((a, b))
    return types


def _span_embs(side: _Side, max_bead: int):
    return {k: side.span_emb_approx(k) for k in range(1, max_bead + 1)}


STREAM_BLOCK = 2048
"""Rows (prefix positions) per block when a long document's span products are computed block by
block (:func:`_stream_prods`); a multiple of the band's :data:`~toolkit.align.band.PROD_ROWS`."""


class _SpanSource:
    """Span embeddings of one side, block by block, composed on demand (long documents).

    ``get(lo, hi, ks)`` gives, for each k in ``ks``, the (hi - lo, d) embeddings of the spans
    [p - k, p) for the prefix positions p = lo .. hi-1 (zero rows where p < k): k = 1 from the
    segments' own vectors, longer ones composed by ``embedder.embed_concat`` from the segments'
    pooled parts.  Nothing of the size of the document is kept but the segments' vectors; with
    ``forget`` the embedder's in-memory vectors and parts are dropped after each block (the
    disk cache keeps them), so that its memory stays that of one block too.
    """

    def __init__(self, side: _Side, embedder=None, forget: bool = False) -> None:
        self.side = side
        self.embedder = embedder
        self.forget = forget
        self.composed = 0          # spans composed so far (tests: linear in the length)

    def get(self, lo: int, hi: int, ks) -> dict[int, np.ndarray]:
        side = self.side
        d = side.emb.shape[1]
        out: dict[int, np.ndarray] = {}
        groups: list[list[str]] = []
        where = []
        for k in ks:
            arr = np.zeros((max(hi - lo, 0), d), dtype=np.float32)
            a = max(lo, k)
            if a < hi:
                if k == 1:
                    arr[a - lo:] = side.emb[a - 1:hi - 1]
                else:
                    groups.extend(side.texts[e - k:e] for e in range(a, hi))
                    where.append((k, a))
            out[k] = arr
        if groups:
            vecs = self.embedder.embed_concat(groups)
            self.composed += len(groups)
            at = 0
            for k, a in where:
                out[k][a - lo:] = vecs[at:at + hi - a]
                at += hi - a
            if self.forget:
                self.embedder.clear_memo()
        return out


def _prod_pairs(types) -> set[tuple[int, int]]:
    """The span products :func:`_score_types` reads for these bead types."""
    pairs = {(1, 1)}
    for a, b in types:
        if a and b:
            pairs.update({(a, b), (a, 1), (1, b)})
    return pairs


def _stream_prods(band: _Band, src: _SpanSource, tgt: _SpanSource, pairs,
                  block: int = STREAM_BLOCK) -> dict[tuple[int, int], np.ndarray]:
    """``band.prod(span_a(src), span_b(tgt))`` for every pair, block by block of rows.

    The same products as :meth:`_Band.prod` on whole span arrays, without ever holding those
    arrays: each block of rows composes its own source spans and the target spans of the
    columns its band reaches, then drops them.
    """
    n1, m1 = band.n + 1, band.m + 1
    We = band.W + 2 * band.EXT
    out = {pq: np.zeros((n1, We), dtype=np.float32) for pq in pairs}
    sk = sorted({a for a, _ in pairs})
    tk = sorted({b for _, b in pairs})
    for r0 in range(0, n1, block):
        r1 = min(n1, r0 + block)
        b0, b1 = band.col_range(r0, r1, m1)
        if b1 <= b0:
            continue
        A = src.get(r0, r1, sk)
        B = tgt.get(b0, b1, tk)
        for a, b in pairs:
            band.prod_rows(A[a], B[b], r0, r1, b0, m1, out[(a, b)])
    return out


def _bonus(S: _Side, T: _Side, band: _Band, a: int, b: int, p, feats, use_anchor) -> np.ndarray:
    """Cheap evidence embeddings miss: shared numbers/tokens, equal paragraph keys."""
    n, m = S.n, T.n
    bonus = np.zeros((n + 1, band.W), dtype=np.float32)
    for w, sspan, tspan in feats:
        sa, tb = sspan[a], tspan[b]
        common = band.dot(sa, tb)
        tot = band.rowvec(sa.sum(1)) + band.colvec(tb.sum(1))
        dice = np.where(tot > 0, 2 * common / np.maximum(tot, 1e-9), 0.0)
        # Numbers on both sides that disagree are evidence against; none at all is neutral.
        bonus += w * np.where(tot > 0, dice - DICE_NEUTRAL, 0.0)
    if use_anchor:
        # key of the first segment of each span (-1: none; -2: a key the other side lacks)
        sa = np.full(n + 1, -1, dtype=np.int64)
        sa[a:] = S.anchors[: n - a + 1]
        tb = np.full(m + 1, -1, dtype=np.int64)
        tb[b:] = T.anchors[: m - b + 1]
        ka, kb = band.rowvec(sa), band.colvec(tb)
        both = (ka != -1) & (kb != -1)
        same = both & (ka == kb) & (ka >= 0)
        bonus += p["w_anchor"] * np.where(both, np.where(same, ANCHOR_MATCH, ANCHOR_MISMATCH), 0.0)
    return bonus


def _best_sims(band: _Band, P, source: bool) -> np.ndarray:
    """Per band cell, the best 1-1 similarity of the segment a gap bead would leave out."""
    sims = band.take(P(1, 1))                       # sims[i, w] = src[i-1] · tgt[lo_i + w - 1]
    masked = np.where(band.valid & (band.cols >= 1), sims, -1.0)
    if source:                                      # 1-0 ending at row i drops src[i-1]
        return np.broadcast_to(masked.max(axis=1)[:, None], sims.shape)
    # 0-1 ending at column j drops tgt[j-1]: best over the rows whose band holds column j
    m = band.m
    best = np.full(m + 1, -1.0, dtype=np.float32)
    np.maximum.at(best, np.clip(band.cols, 0, m).ravel(), masked.ravel())
    return band.colvec(best)


def _score_types(S: _Side, T: _Side, band: _Band, types, p: dict[str, Any],
                 s_embs, t_embs, s_avail=None, t_avail=None, cache: dict | None = None,
                 ratio: float | None = None, prods: dict | None = None):
    """Score of every bead type ending at every band cell: dict type -> (n+1, W) array.

    ``prods``: the span products (:func:`_stream_prods`, pairs :func:`_prod_pairs`) when the
    span embeddings are not held (``s_embs``/``t_embs`` None: a long document)."""
    n, m = S.n, T.n
    rows = np.arange(n + 1)[:, None]
    cols = band.cols
    if ratio is None:
        ratio = T.lens.sum() / max(S.lens.sum(), 1.0)
    scores: dict[tuple[int, int], np.ndarray] = {}
    parts: dict[tuple[int, int], dict[str, np.ndarray]] = {}
    neg = np.float32(-1e9)
    prods = {} if prods is None else prods

    def P(a: int, b: int) -> np.ndarray:          # span_a(src) · span_b(tgt), computed once
        if (a, b) not in prods:
            prods[(a, b)] = band.prod(s_embs[a], t_embs[b])
        return prods[(a, b)]

    s_lens = {a: S.span_lens(a) for a in range(1, MAX_SPAN + 1)}
    t_lens = {b: T.span_lens(b) for b in range(1, MAX_SPAN + 1)}
    feats = []
    for w, ms, mt in ((p["w_numbers"], S.nums, T.nums), (p["w_tokens"], S.toks, T.toks)):
        if w and ms.any() and mt.any():
            feats.append((w, {a: S.span_binary(ms, a) for a in range(1, MAX_SPAN + 1)},
                          {b: T.span_binary(mt, b) for b in range(1, MAX_SPAN + 1)}))
    if p["w_lex"] and S.lex is not None and T.lex is not None and S.lex.any() and T.lex.any():
        feats.append((p["w_lex"], {a: S.span_binary(S.lex, a) for a in range(1, MAX_SPAN + 1)},
                      {b: T.span_binary(T.lex, b) for b in range(1, MAX_SPAN + 1)}))
    use_anchor = p["w_anchor"] and (S.anchors != -1).any() and (T.anchors != -1).any()
    for a, b in types:
        valid = band.valid & (rows >= a) & (cols >= b)
        if a == 0 or b == 0:
            sc = np.full((n + 1, band.W), p["skip"], dtype=np.float32)
            if p["null_w"]:
                # Leaving out a segment that clearly resembles something nearby costs more.
                best = _best_sims(band, P, a == 1)
                sc = sc - p["null_w"] * np.maximum(best - p["null_c"], 0.0)
            sc[~valid] = neg
            scores[(a, b)] = sc.astype(np.float32)
            continue
        raw = band.take(P(a, b))
        # bertalign: similarity to the segments just outside the other side's span; computed
        # even when ``margin`` is 0, because the confidence model uses it.
        has_lt = (cols - b) >= 1
        has_rt = (cols + 1) <= m
        tn = (np.where(has_lt, band.take(P(a, 1), col_shift=-b), 0)
              + np.where(has_rt, band.take(P(a, 1), col_shift=1), 0))
        tn = tn / np.maximum(has_lt.astype(np.float32) + has_rt, 1)
        has_ls = (rows - a) >= 1
        has_rs = (rows + 1) <= n
        sn = (np.where(has_ls, band.take(P(1, b), row_shift=a), 0)
              + np.where(has_rs, band.take(P(1, b), row_shift=-1), 0))
        sn = sn / np.maximum(has_ls.astype(np.float32) + has_rs, 1)
        sim = raw - float(p["margin"]) * (tn + sn) / 2
        ls = band.rowvec(s_lens[a]) * ratio
        lt = band.colvec(t_lens[b])
        lr = np.minimum(ls, lt) / np.maximum(np.maximum(ls, lt), 1e-9)
        if p["len_weight"]:
            sim = sim * np.log2(1 + lr) ** p["len_weight"]
        if p["w_gc"]:
            # Gale-Church: how likely is this length difference between translations?
            delta = (lt - ls) / np.sqrt(np.maximum((ls + lt) / 2, 1.0) * GC_VARIANCE)
            # floored: beyond a point a length mismatch is a partial translation, not a mismatch
            sim = sim + p["w_gc"] * np.maximum(np.log(np.maximum(_erfc_abs(delta), GC_MIN_PROB)), p["gc_floor"])
        ck = (id(band), a, b)
        if cache is not None and ck in cache:
            bonus = cache[ck]
        else:
            bonus = _bonus(S, T, band, a, b, p, feats, use_anchor)
            if cache is not None:
                cache[ck] = bonus
        sc = sim + bonus - p["many_penalty"] * (a + b - 2)
        if s_avail is not None and a >= 2:
            sc = np.where(band.rowvec(s_avail[a]), sc, neg)
        if t_avail is not None and b >= 2:
            sc = np.where(band.colvec(t_avail[b]), sc, neg)
        sc = np.where(valid, sc, neg).astype(np.float32)
        scores[(a, b)] = sc
        parts[(a, b)] = {"sim": raw, "lr": lr, "nb": (tn + sn) / 2}
    return scores, parts
