"""Confidence of each bead: a logistic model of "this bead is exactly right", and review flags.

The coefficients are fitted by ``bench/calibration.py`` (see :data:`_CONF`).
"""
from __future__ import annotations

import contextlib
import math
from collections.abc import Sequence

import numpy as np

from toolkit.align.band import _Band
from toolkit.align.features import _Side
from toolkit.model import Bead

LOGIT_CLIP = 40.0
"""Logits are clipped to ±this before the exponential (the sigmoid is 0 or 1 to double precision)."""
GAP_NEIGHBOURS = 2
"""A gap's confidence looks at the segments up to this many positions around where it sits on the other
side (what it could have linked to instead); the gap coefficients were fitted with it."""
FLAG_MAX_SEGMENTS = 3
"""Links of more segments than this (2-2, 1-3 and up) are always flagged for review."""


# Logistic calibration of "this bead is exactly right", fitted by bench/calibration.py (run
# `python bench/calibration.py` to refit: it prints _CONF, _CONF_NULL and CTX_KNOT ready to paste here,
# the bin table and bench/calibration.png; `--check` measures the constants below).  Data: the links of
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
    return 1.0 / (1.0 + math.exp(-max(-LOGIT_CLIP, min(LOGIT_CLIP, x))))


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
        edges = list(range(n))
    for q in edges:
        out[q] = np.median(a[max(0, q - k):q + k + 1])
    return out.tolist()


FEATURE_SINK: list | None = None
"""Set to a list (or use :func:`collect_features`) to collect every bead's confidence features:
``((i0, i1, j0, j1), features)`` per bead, as bench/calibration.py fits them."""


@contextlib.contextmanager
def collect_features():
    """Collect the confidence features of every bead aligned inside the block (a list, yielded)."""
    global FEATURE_SINK
    saved = FEATURE_SINK
    FEATURE_SINK = sink = []
    try:
        yield sink
    finally:
        FEATURE_SINK = saved


def _confidences(path, S: _Side, T: _Side, band: _Band, scores, parts, p):
    """(score, confidence) per bead: a logistic model of "this bead is exactly right"."""
    rows: list[tuple[float, tuple]] = []
    for i0, i1, j0, j1 in path:
        a, b = i1 - i0, j1 - j0
        if a == 0 or b == 0:
            # A gap is as trustworthy as the best thing it could have linked to is weak.
            if a:
                seg = S.emb[i0:i1]
                near = T.emb[max(0, j0 - GAP_NEIGHBOURS):min(T.n, j0 + GAP_NEIGHBOURS)]
            else:
                seg = T.emb[j0:j1]
                near = S.emb[max(0, i0 - GAP_NEIGHBOURS):min(S.n, i0 + GAP_NEIGHBOURS)]
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


FLAG_BELOW = 0.7
"""Links below this confidence are flagged: on the dev set about 10% of the links, a third of the errors."""


def _flag(beads: list[Bead]) -> None:
    for b in beads:
        b.flagged = bool(b.confidence < FLAG_BELOW or b.is_null or len(b.src) + len(b.tgt) > FLAG_MAX_SEGMENTS)
