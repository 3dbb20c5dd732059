"""Band geometry: which cells of the (source × target) grid are scored, and the coarse-to-fine
corridor that keeps long documents near-linear."""
from __future__ import annotations

import math
from typing import Any

import numpy as np

from toolkit.align.dp import _dp
from toolkit.align.features import _Side

PROD_ROWS = 64
"""Rows per dense block product of a narrow band (BLAS on small blocks beats gathering rows)."""
COARSE_SHARE = 4
"""The coarse grid of a long document gets ``full_limit / COARSE_SHARE`` cells: a quarter of what a
full grid may have, so that the coarse pass stays cheap next to the fine one."""
COARSE_MIN_FACTOR = 2
"""Fewest segments averaged into one block of the coarse grid."""
COARSE_MANY_WEIGHT = 0.75
"""Similarity weight of a coarse 1-2 / 2-1 block bead (a 1-1 block bead counts fully, a gap 0); set by
hand: the coarse path only places the corridor, which is widened by ``band`` segments anyway."""
MIN_DIAGONAL_WIDTH = 8
"""Narrowest diagonal corridor of a coarse grid that is itself too big (columns)."""
COARSE_LEVEL_MAX = 8
"""Largest block size that is refined straight to segments.  A corridor around a path of blocks of
``f`` segments is about ``2 f + 2 band`` columns wide, so one coarse level makes the fine band grow
with the document (``f`` grows with its length: 15 at 8,800 segments, 72 at 44,000); beyond this
size the coarse path is refined level by level (blocks of f, f/4, ..., down to at most this many
segments), each level inside a corridor of the coarser one, so every band stays a few dozen
columns wide and the whole search is linear in the length."""
COARSE_LEVEL_STEP = 4
"""Ratio of the block sizes of two successive coarse levels."""


class _Band:
    """Columns ``lo[i] .. lo[i]+W-1`` of each row i = 0..n of the (n+1)×(m+1) grid."""

    def __init__(self, lo: np.ndarray, W: int, n: int, m: int) -> None:
        self.lo = lo.astype(np.int64)
        self.W = int(W)
        self.n, self.m = n, m
        self.cols = self.lo[:, None] + np.arange(self.W)[None, :]          # (n+1, W)
        self.valid = (self.cols >= 0) & (self.cols <= m)

    @classmethod
    def full(cls, n: int, m: int) -> _Band:
        return cls(np.zeros(n + 1, dtype=np.int64), m + 1, n, m)

    @property
    def is_full(self) -> bool:
        return self.W >= self.m + 1 and not self.lo.any()

    EXT = 5
    """Extra columns on each side of a product, for neighbour look-ups: the widest bead side (4)
    plus the neighbour after it."""

    def prod(self, A: np.ndarray, B: np.ndarray) -> np.ndarray:
        """P[i, e] = A[i] · B[lo_i - EXT + e] over the band widened by EXT (0 outside B)."""
        n1, X = self.n + 1, self.EXT
        We = self.W + 2 * X
        if self.is_full:
            out = np.zeros((n1, We), dtype=np.float32)
            out[:, X:X + len(B)] = A @ B.T
            return out
        out = np.zeros((n1, We), dtype=np.float32)
        self.prod_rows(A, B, 0, n1, 0, len(B), out)
        return out

    def col_range(self, r0: int, r1: int, nb: int) -> tuple[int, int]:
        """Rows of B that :meth:`prod` reads for the band rows ``r0 .. r1-1`` (B of ``nb`` rows)."""
        X = self.EXT
        return max(int(self.lo[r0]) - X, 0), min(int(self.lo[r1 - 1]) + self.W + X, nb)

    def prod_rows(self, A: np.ndarray, B: np.ndarray, r0: int, r1: int, b0: int, nb: int,
                  out: np.ndarray) -> None:
        """Rows ``r0 .. r1-1`` of :meth:`prod` into ``out[r0:r1]``, from the rows ``A`` = A[r0:r1] and
        ``B`` = B[b0:b0+len(B)] of the full operands (B of ``nb`` rows in all; ``b0`` at most the
        :meth:`col_range` start of these rows, and B reaching its end): the same dense products of
        chunks of :data:`PROD_ROWS` rows with the column range they span, so a document can be
        scored in blocks of rows without holding the whole of A and B."""
        X = self.EXT
        We = self.W + 2 * X
        ar = np.arange(We)[None, :]
        # Dense products of row chunks with the column range they span, then the band is cut
        # out of them: BLAS on small blocks beats gathering rows of B for every cell.
        for s in range(r0, r1, PROD_ROWS):
            e = min(r1, s + PROD_ROWS)
            cmin, cmax = self.col_range(s, e, nb)
            if cmax <= cmin:
                continue
            M = A[s - r0:e - r0] @ B[cmin - b0:cmax - b0].T
            cols = self.lo[s:e, None] - X + ar
            ok = (cols >= cmin) & (cols < cmax)
            vals = np.take_along_axis(M, np.clip(cols - cmin, 0, cmax - cmin - 1), axis=1)
            out[s:e] = np.where(ok, vals, 0.0)

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


def _coarse_band(S: _Side, T: _Side, p: dict[str, Any]) -> _Band:
    """A corridor around a path found on block-averaged embeddings (never the full grid)."""
    n, m = S.n, T.n
    limit = p["full_limit"]
    if (n + 1) * (m + 1) <= limit:
        return _Band.full(n, m)
    f = int(math.ceil(math.sqrt((n + 1) * (m + 1) / (limit / COARSE_SHARE))))
    f = max(f, COARSE_MIN_FACTOR)
    if f > COARSE_LEVEL_MAX:
        return _multilevel_band(S, T, p, f)

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
            sc = sims.copy() if (a, b) == (1, 1) else sims * COARSE_MANY_WEIGHT
        else:
            sc = np.full_like(sims, 0.0)
        scores[(a, b)] = np.where(valid, sc, -1e9).astype(np.float32)
    path = _dp(scores, cband)
    return _corridor(path, n, m, p["band"], f)


def _block_means(emb: np.ndarray, g: int) -> np.ndarray:
    """Unit mean of every block of ``g`` consecutive rows (the last one may be shorter)."""
    nb = -(-len(emb) // g)
    padded = np.zeros((nb * g, emb.shape[1]), dtype=np.float32)
    padded[:len(emb)] = emb
    sums = padded.reshape(nb, g, emb.shape[1]).sum(axis=1)
    sums /= np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-9)
    return sums


def _block_path(bs: np.ndarray, bt: np.ndarray, cband: _Band):
    """Best path of block beads (1-1, gaps, 1-2, 2-1) through ``cband`` of the block grid."""
    cs = len(bs)
    d = bs.shape[1]
    sims = cband.dot(np.vstack([np.zeros((1, d), np.float32), bs]),
                     np.vstack([np.zeros((1, d), np.float32), bt]))
    scores = {}
    rows = np.arange(cs + 1)[:, None]
    for a, b in [(1, 1), (1, 0), (0, 1), (1, 2), (2, 1)]:
        valid = cband.valid & (rows >= a) & (cband.cols >= b)
        sc = (sims if (a, b) == (1, 1) else sims * COARSE_MANY_WEIGHT) if a and b else np.zeros_like(sims)
        scores[(a, b)] = np.where(valid, sc, np.float32(-1e9)).astype(np.float32)
    return _dp(scores, cband)


def _multilevel_band(S: _Side, T: _Side, p: dict[str, Any], f: int) -> _Band:
    """Coarse-to-fine over several levels (:data:`COARSE_LEVEL_MAX`): linear in the length.

    Block sizes g_L > ... > g_1 with g_{l+1} = COARSE_LEVEL_STEP * g_l and g_1 <= COARSE_LEVEL_MAX;
    the top level (g_L >= f, so its grid is within a quarter of ``full_limit``) is searched whole,
    each finer one inside ``band`` blocks of the coarser path, and the segments inside ``band``
    segments of the path of blocks of g_1.
    """
    n, m = S.n, T.n
    g = f
    sizes = []
    while g > COARSE_LEVEL_MAX:
        g = -(-g // COARSE_LEVEL_STEP)
        sizes.append(g)
    g1 = sizes[-1]
    levels = [g1 * COARSE_LEVEL_STEP ** k for k in range(len(sizes) + 1)][::-1]   # top first, g1 last
    w = int(p["band"])
    path = None
    for g in levels:
        bs, bt = _block_means(S.emb, g), _block_means(T.emb, g)
        if path is None:
            cband = _coarse_band_from(len(bs), len(bt), p["full_limit"])
        else:
            cband = _corridor(path, len(bs), len(bt), w, COARSE_LEVEL_STEP)
        path = _block_path(bs, bt, cband)
    return _corridor(path, n, m, w, g1)


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
    W = max(int(limit // (cs + 1)), MIN_DIAGONAL_WIDTH)
    centre = (np.arange(cs + 1) * ct / max(cs, 1)).astype(np.int64)
    lo = np.clip(centre - W // 2, 0, max(ct + 1 - W, 0))
    lo[0] = 0
    return _Band(lo, min(W, ct + 1), cs, ct)
