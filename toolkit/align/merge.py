"""The merge pass: join adjacent beads whose union is much more similar than either (``merge_gain``)."""
from __future__ import annotations

import numpy as np

from toolkit.align.band import _Band
from toolkit.align.features import _Side


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
