"""Gale & Church (1993): the length model the aligner's score uses, and the length-only baseline."""
from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from toolkit.align.band import _Band
from toolkit.align.dp import _dp
from toolkit.model import Bead

GC_VARIANCE = 6.8
"""s² of Gale & Church (1993): variance of the length difference per character, which they
estimated on Union Bank of Switzerland reports (English, French, German)."""

_GC_PRIOR = {(1, 1): 0.89, (1, 0): 0.0099, (0, 1): 0.0099, (2, 1): 0.089 / 2, (1, 2): 0.089 / 2, (2, 2): 0.011}
"""Bead-type priors of Gale & Church (1993): 1-1 0.89, 1-0 or 0-1 0.0099, 2-1 or 1-2 0.089 (halved
here between the two), 2-2 0.011."""


def align_gale_church(src_texts: Sequence[str], tgt_texts: Sequence[str], *, c: float | None = None,
                      s2: float = GC_VARIANCE) -> list[Bead]:
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
