"""The dynamic programme: the best monotone path of beads through a band of the grid."""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from toolkit.errors import AlignmentError

if TYPE_CHECKING:    # the band's geometry; only its n, m, W and lo are read here
    from toolkit.align.band import _Band

NEG = -1e18
"""Score of an unreachable cell."""
TIE = 1e-9
"""A run of 0-1 beads replaces a row's best only when it is better by more than this (ties keep the
diagonal bead)."""


def _dp(scores: dict[tuple[int, int], np.ndarray], band: _Band) -> list[tuple[int, int, int, int]]:
    """Best path through the band; returns beads as (i0, i1, j0, j1) prefix ranges.

    ``scores[(a, b)][i, w]`` is the score of an a-b bead ending at grid cell
    ``(i, band.lo[i] + w)``.  Row ``i`` of the table ``D`` is filled from earlier rows
    for every bead with ``a > 0`` (one vectorised shift per bead type: column ``w`` of
    row ``i`` reads column ``w + lo[i] - b - lo[i - a]`` of row ``i - a``).

    The 0-1 bead (a target segment left out) stays in the same row, from column ``j - 1``
    to ``j``, so it cannot be a shift of a finished row: a run of them is a recurrence
    along the row, ``D[w] = max(best[w], D[w - 1] + s[w])``.  With prefix sums
    ``P[w] = s[1] + … + s[w]`` the run from ``u`` to ``w`` scores ``P[w] - P[u]``, hence
    ``D[w] = P[w] + max_{u <= w} (best[u] - P[u])``: one ``np.maximum.accumulate`` per
    row instead of a Python loop over the columns.  ``s[0]`` never starts or ends a run
    inside the row (it is the bead entering the band's first column) and is set to 0, so
    that an invalid first column (-1e9) does not drown the prefix sums in rounding.
    """
    n, m, W, lo = band.n, band.m, band.W, band.lo
    types = list(scores)
    D = np.full((n + 1, W), NEG, dtype=np.float64)
    BP = np.full((n + 1, W), -1, dtype=np.int8)
    t01 = types.index((0, 1)) if (0, 1) in scores else None
    diag_types = [(k, a, b) for k, (a, b) in enumerate(types) if a > 0]
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
            cand = D[r, w0 + off:w1 + off] + scores[(a, b)][i, w0:w1]
            seg = best[w0:w1]
            upd = cand > seg
            seg[upd] = cand[upd]
            bp[w0:w1][upd] = k
        if t01 is not None:                       # runs of 0-1 beads along the row (docstring)
            s = scores[(0, 1)][i].astype(np.float64)
            s[0] = 0.0
            P = np.cumsum(s)
            acc = np.maximum.accumulate(best - P) + P
            upd = acc > best + TIE
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
