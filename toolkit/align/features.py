"""Per-segment evidence besides embeddings: numbers, tokens, structural anchors, and the
per-document arrays (:class:`_Side`) the scorer reads spans from."""
from __future__ import annotations

import re
import zlib
from collections import Counter
from dataclasses import dataclass

import numpy as np

from toolkit.model import Segment

SPAN_WEIGHT = 0.5
"""Exponent of the segment length weighting the parts of an approximated concatenation."""
FEATURE_BUCKETS = 64
"""Hash buckets of a feature matrix without a vocabulary (numbers, shared tokens): small whatever the
vocabulary, and a rare collision only adds a little noise."""
SHARED_TOKEN_MIN_LEN = 3
"""Shortest identical token counted as evidence (shorter ones are mostly function words)."""
SHARED_TOKEN_MIN_LEN_LOWER = 5
"""Shortest identical token counted when it is not capitalised (a capitalised one is likely a name)."""
SHARED_TOKEN_MAX_SHARE = 0.2
"""An identical token in more than this share of a side's segments says little (function words that
happen to be spelled alike)..."""
SHARED_TOKEN_MIN_LIMIT = 3
"""... but a token may always occur in this many segments (short documents)."""
ANCHOR_KINDS = ("preamble", "operative", "subitem", "heading")
"""Segment kinds whose numbers are keyed by kind; any other numbered segment is a plain ``p``."""

CJK_LENGTH_FACTOR = 4.1
"""Latin characters one Chinese/Japanese character stands for in the length check (``_checks``):
measured on the SDG six-language files (``corpora/sdg``, segment texts with their spaces, as the check
counts them; ``bench/align_features_cjk.py`` prints it): the English file has 4.09 characters per Chinese
character of the Chinese one once the Chinese file's other characters (digits, punctuation, Latin) are
counted one for one (3.54 without spaces; French 5.1, Spanish 5.0, Russian 5.0, Arabic 3.8; the UN
development set gives 4.19 for English)."""

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
"""Chinese characters (unified, extension A-F, compatibility) and Japanese kana: scripts written without
spaces between words, where ``\\w+`` would make a whole clause one token."""
_NOT_A_BOUNDARY = _CJK + "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff\uac00-\ud7af"
"""Letters that do not glue to a number (CJK, Arabic, Hangul): "到2030年", "عام2030" hold 2030."""
_LETTER = rf"(?![{_NOT_A_BOUNDARY}])[^\W\d_]"
_NUM_RE = re.compile(rf"(?=\d)(?<!{_LETTER})\d+(?:[ \u00a0\u202f]\d{{3}})*(?:[.,/]\d+)*(?!{_LETTER})")
_DIGIT_FOLD = str.maketrans({**{chr(0x0660 + i): str(i) for i in range(10)},     # Arabic-Indic
                             **{chr(0x06F0 + i): str(i) for i in range(10)},     # extended (Persian, Urdu)
                             **{chr(0xFF10 + i): str(i) for i in range(10)},     # full-width
                             "\u066b": ".", "\u066c": ","})                     # Arabic decimal, thousands
_TOKEN_RE = re.compile(rf"[^\W{_CJK}]+")
_CJK_RE = re.compile(rf"[{_CJK}]")
_SPACES = re.compile(r"[ \u00a0\u202f]")
_THOUSANDS = re.compile(r"\d{1,3}(?:[.,]\d{3})+")


def _lang(code: str | None) -> str:
    return (code or "").split("-")[0].lower()


def _numbers(text: str) -> list[str]:
    out = []
    for m in _NUM_RE.finditer(text.translate(_DIGIT_FOLD)):
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


def _latin_length(text: str) -> float:
    """Characters of ``text`` with each Chinese/Japanese character counted as :data:`CJK_LENGTH_FACTOR`."""
    return len(text) + (CJK_LENGTH_FACTOR - 1.0) * len(_CJK_RE.findall(text))


def _anchor_key(seg: Segment) -> str | None:
    """Structural key: equal keys on both sides suggest the same paragraph."""
    if seg.number in (None, ""):
        return None
    kind = seg.kind if seg.kind in ANCHOR_KINDS else "p"
    parent = ""
    if seg.parent:
        parent = re.sub(r"\D", "", seg.parent.split(".")[0]) or seg.parent
    return f"{kind}:{parent}:{str(seg.number).strip().lower().strip('.()')}"


def _binary_matrix(items: list[list[str]], vocab: dict[str, int] | None = None,
                   buckets: int = FEATURE_BUCKETS) -> np.ndarray:
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
    shared = [w for w in cs if w in ct and len(w) >= SHARED_TOKEN_MIN_LEN
              and (w[0].isupper() or len(w) >= SHARED_TOKEN_MIN_LEN_LOWER)]
    # Tokens frequent on either side (function words that happen to be spelled alike) say little.
    limit_s = max(SHARED_TOKEN_MIN_LIMIT, SHARED_TOKEN_MAX_SHARE * len(src_texts))
    limit_t = max(SHARED_TOKEN_MIN_LIMIT, SHARED_TOKEN_MAX_SHARE * len(tgt_texts))
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
