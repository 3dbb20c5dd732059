"""The merge pass: join adjacent beads whose union is much more similar than either (``merge_gain``)."""
from __future__ import annotations

import numpy as np

from toolkit.align.band import _Band
from toolkit.align.features import _Side


def _stream_sims(beads, S: _Side, T: _Side, embedder, block: int, forget: bool) -> list[float | None]:
    """Cosine similarity of each bead's two sides (None for a gap), composed block by block of beads:
    the long-document form of :func:`_merge_pass`'s vector cache (nothing kept but the numbers)."""
    out: list[float | None] = []
    for b0 in range(0, len(beads), block):
        chunk = beads[b0:b0 + block]
        vecs = {}
        for tag, side, spans in (("s", S, {(b[0], b[1]) for b in chunk if b[1] - b[0] >= 2}),
                                 ("t", T, {(b[2], b[3]) for b in chunk if b[3] - b[2] >= 2})):
            todo = sorted(spans)
            if todo:
                got = embedder.embed_concat([side.texts[x0:x1] for x0, x1 in todo])
                vecs.update({(tag, sp): v for sp, v in zip(todo, got)})
        if vecs and forget:
            embedder.clear_memo()
        for i0, i1, j0, j1 in chunk:
            if i1 == i0 or j1 == j0:
                out.append(None)
                continue
            vs = S.emb[i0] if i1 - i0 == 1 else vecs[("s", (i0, i1))]
            vt = T.emb[j0] if j1 - j0 == 1 else vecs[("t", (j0, j1))]
            out.append(float(vs @ vt))
    return out


def _merge_pass(path, S: _Side, T: _Side, band: _Band, embedder, p, types, stream: int | None = None,
                forget: bool = False):
    """Merge adjacent beads when their union is clearly a better translation pair.

    An additive DP prefers two mediocre 1-1 links to one good 2-2: when the
    content of two sentences crosses their boundary in translation, each half
    is weakly similar to its counterpart but the union is strongly similar to
    the union.  With composed concatenations the union costs nothing to embed.
    Rounds of non-overlapping merges, best gain first, keep it near-linear.

    ``stream`` (a long document): similarities are composed in blocks of this many beads and only
    the numbers are kept (``forget``: the embedder's memory is dropped after each block).
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
    if stream:
        return _merge_rounds(path, band, allowed, gain_min,
                             lambda beads: _stream_sims(beads, S, T, embedder, stream, forget))

    def sims_of(beads) -> list[float | None]:
        fill([(b[0], b[1]) for b in beads], [(b[2], b[3]) for b in beads])
        return [sim(b) for b in beads]

    return _merge_rounds(path, band, allowed, gain_min, sims_of)


def _merge_rounds(path, band: _Band, allowed, gain_min: float, sims_of):
    """:func:`_merge_pass`'s rounds with similarities from ``sims_of(beads)`` (a list per bead): the
    vectors of the in-memory pass or the numbers of the streamed one; each union is asked once."""
    sims = sims_of(path)
    known: dict = {}        # union bead -> its similarity (numbers only: a few bytes a candidate)
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
        new = [u for u in dict.fromkeys(u for _, u in cands) if u not in known]
        known.update(zip(new, sims_of(new)))
        usims = [known[u] for _, u in cands]
        good = []
        for (k, u), su in zip(cands, usims):
            if su is None:      # a union always has both sides; never a gap
                continue
            gain = su - max(x for x in (sims[k], sims[k + 1]) if x is not None)
            if gain > gain_min:
                good.append((gain, k, u, su))
        if not good:
            return path
        taken: set[int] = set()
        for _, k, u, su in sorted(good, reverse=True):
            if k in taken or k + 1 in taken:
                continue
            taken.update((k, k + 1))
            path[k] = u
            path[k + 1] = None
            sims[k] = su
        keep = [k for k, b in enumerate(path) if b is not None]
        path = [path[k] for k in keep]
        sims = [sims[k] for k in keep]
