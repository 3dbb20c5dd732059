"""A small statistical word aligner (IBM Model 1, both directions, numpy EM).

Used inside aligned paragraph pairs to tell which target words a source term
translates into.  It needs no model from a hub and trains in about a second
on a resolution or the SDG annexes; what it learns comes only from the pairs
it is given, so it is weak on words seen once and strong on the recurring
vocabulary that terminology is made of.  A mild cognate prior (shared
prefixes: "convention" / "convention") helps the rare words.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import numpy as np

_WORD = re.compile(r"[^\W\d_]+['’]|[^\W_]+(?:[-‐][^\W_]+)*", re.UNICODE)

FUNCTION_WORDS = {
    "fr": set("""le la les l' de du des d' un une et ou à au aux en dans par pour sur avec sans sous
        que qu' qui ce cet cette ces se s' son sa ses leur leurs il elle ils elles y ne n' pas
        est sont a ont été être tout tous toute toutes""".split()),
    "en": set("""the a an of and or to in on at by for with without from that which who this these
        those its their his her it they is are was were be been as all any""".split()),
}


def tokenize(text: str) -> list[str]:
    """Lower-cased word tokens; elided articles keep their apostrophe ("l'", "d'")."""
    text = unicodedata.normalize("NFC", text).replace("’", "'").lower()
    return _WORD.findall(text.replace("’", "'"))


def _strip_accents(w: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", w) if not unicodedata.combining(c))


def cognate_score(a: str, b: str) -> float:
    """0–1 similarity of two words or phrases by shared prefixes ("convention"/"convention")."""
    a, b = _strip_accents(a.lower()), _strip_accents(b.lower())
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n / max(len(a), len(b)) if n >= 4 else 0.0


@dataclass
class WordAligner:
    """Lexical translation tables of IBM Model 1 trained in both directions.

    ``p_ts[s, t]`` is p(t | s) and ``p_st[t, s]`` is p(s | t), stored sparsely
    as dictionaries of co-occurring word pairs.
    """

    src_vocab: dict[str, int]
    tgt_vocab: dict[str, int]
    p_ts: dict[tuple[int, int], float]
    p_st: dict[tuple[int, int], float]

    def posteriors(self, src: list[str], tgt: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Alignment posteriors inside one pair.

        Returns ``(a_st, a_ts)``: ``a_st[i, j]`` is the probability that source
        word i links to target word j (rows sum to ≤ 1; the rest goes to NULL),
        ``a_ts[j, i]`` the same from the target side.
        """
        si = [self.src_vocab.get(w, -1) for w in src]
        ti = [self.tgt_vocab.get(w, -1) for w in tgt]
        m = np.zeros((len(src), len(tgt)))
        r = np.zeros((len(tgt), len(src)))
        for i, s in enumerate(si):
            for j, t in enumerate(ti):
                m[i, j] = self.p_ts.get((s, t), 0.0)
                r[j, i] = self.p_st.get((t, s), 0.0)
        null_floor = 1e-3
        a_st = m / (m.sum(axis=1, keepdims=True) + null_floor)
        a_ts = r / (r.sum(axis=1, keepdims=True) + null_floor)
        return a_st, a_ts


def _train_direction(pairs: list[tuple[list[int], list[int]]], n_src: int, n_tgt: int,
                     iterations: int, prior: dict[tuple[int, int], float]) -> dict[tuple[int, int], float]:
    """EM for p(t | s) with a NULL source word (index n_src).

    The co-occurring (s, t) cells of all pairs are laid out in flat arrays so
    that one EM iteration is a few numpy bincounts.
    """
    cell_keys: dict[tuple[int, int], int] = {}
    cell_pair: list[int] = []
    cell_group: list[int] = []
    group = 0
    for src, tgt in pairs:
        src_n = list(src) + [n_src]
        for t in tgt:
            for s in src_n:
                k = cell_keys.get((s, t))
                if k is None:
                    k = cell_keys[(s, t)] = len(cell_keys)
                cell_pair.append(k)
                cell_group.append(group)
            group += 1
    if not cell_keys:
        return {}
    cp = np.asarray(cell_pair, dtype=np.int64)
    cg = np.asarray(cell_group, dtype=np.int64)
    keys = list(cell_keys)
    pair_src = np.asarray([s for s, _ in keys], dtype=np.int64)
    init = np.asarray([1.0 + prior.get(k, 0.0) for k in keys])
    totals = np.bincount(pair_src, weights=init, minlength=n_src + 1)
    t_prob = init / totals[pair_src]
    for _ in range(iterations):
        vals = t_prob[cp]
        denom = np.bincount(cg, weights=vals, minlength=group)
        post = vals / denom[cg]
        counts = np.bincount(cp, weights=post, minlength=len(keys))
        totals = np.bincount(pair_src, weights=counts, minlength=n_src + 1)
        t_prob = counts / np.maximum(totals[pair_src], 1e-12)
    return {k: float(p) for k, p in zip(keys, t_prob) if p > 1e-4}


def train(pairs: list[tuple[list[str], list[str]]], *, iterations: int = 5,
          cognate_prior: float = 2.0) -> WordAligner:
    """Train IBM Model 1 in both directions on tokenised sentence/paragraph pairs."""
    src_vocab: dict[str, int] = {}
    tgt_vocab: dict[str, int] = {}
    ipairs = []
    for src, tgt in pairs:
        s = [src_vocab.setdefault(w, len(src_vocab)) for w in src]
        t = [tgt_vocab.setdefault(w, len(tgt_vocab)) for w in tgt]
        ipairs.append((s, t))
    prior: dict[tuple[int, int], float] = {}
    if cognate_prior:
        # Cognates get a head start; only long enough words, so that "de"/"des"
        # or "on"/"ont" cannot profit.
        by_prefix: dict[str, list[int]] = {}
        for w, i in tgt_vocab.items():
            if len(w) >= 5:
                by_prefix.setdefault(_strip_accents(w)[:4], []).append(i)
        tgt_words = {i: w for w, i in tgt_vocab.items()}
        for w, i in src_vocab.items():
            if len(w) < 5:
                continue
            for j in by_prefix.get(_strip_accents(w)[:4], ()):
                c = cognate_score(w, tgt_words[j])
                if c >= 0.5:
                    prior[(i, j)] = cognate_prior * c
    p_ts = _train_direction(ipairs, len(src_vocab), len(tgt_vocab), iterations, prior)
    rprior = {(j, i): v for (i, j), v in prior.items()}
    p_st = _train_direction([(t, s) for s, t in ipairs], len(tgt_vocab), len(src_vocab), iterations, rprior)
    return WordAligner(src_vocab, tgt_vocab, p_ts, p_st)
