"""Established UN terminology: how many other UN documents (the shipped UN Parallel
Corpus development set) use a phrase."""
from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from pathlib import Path

from toolkit.terms.languages import base_lang
from toolkit.terms.tokens import _APOS

__all__ = ["REFERENCE_DIR", "USE_REFERENCE", "reference_docs", "reference_factor", "reference_index",
           "reference_label"]

REFERENCE_DIR = Path(__file__).resolve().parents[2] / "corpora" / "un-devset"
"""Other UN documents (the shipped UN Parallel Corpus development set, ``<id>/<lang>.txt``).
A phrase that recurs across several of them is established terminology, not a free
combination of the document's words: the count breaks the ties of phrases the document
itself uses once or twice ("violence sexuelle" over "observations faites")."""
REFERENCE_WEIGHT = 0.6      # most a multi-word candidate's score grows by (x 1.6)
REFERENCE_FULL_DOCS = 12    # documents at which the growth is full (log scale below)
USE_REFERENCE = True        # module default; extract_terms(..., reference=False) turns it off

_REF_WORD = re.compile(r"[^\W_]+'?")
_REFERENCES: dict[str, tuple[list[str], dict[str, set[int]]] | None] = {}


def _fold(text: str) -> list[str]:
    """Words for matching against the reference: lower case, apostrophes normalised,
    elisions split off ("d'enfants" → "d'" "enfant"), plurals folded ("sexuelles" → "sexuelle")."""
    out = []
    for w in _REF_WORD.findall(unicodedata.normalize("NFC", text).lower().translate(_APOS)):
        if len(w) > 3 and w[-1] in "sx" and w[-2] not in "su" and w.isalpha():
            w = w[:-1]
        out.append(w)
    return out


def reference_index(lang: str) -> tuple[list[str], dict[str, set[int]]] | None:
    """(folded texts, word → documents) of the reference corpus in ``lang``; built once
    per process, ``None`` when the corpus is not there."""
    lang = base_lang(lang)
    if lang not in _REFERENCES:
        texts: list[str] = []
        index: dict[str, set[int]] = defaultdict(set)
        files = sorted(REFERENCE_DIR.glob(f"*/{lang}.txt")) if REFERENCE_DIR.is_dir() else []
        for path in files:
            try:
                words = _fold(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError):
                continue
            n = len(texts)
            texts.append(" " + " ".join(words) + " ")
            for w in set(words):
                index[w].add(n)
        _REFERENCES[lang] = (texts, dict(index)) if texts else None
    return _REFERENCES[lang]


def reference_label(lang: str) -> str | None:
    """``un-devset:732`` (the corpus and its document count) when the lookup is available."""
    ref = reference_index(lang)
    return f"{REFERENCE_DIR.name}:{len(ref[0])}" if ref else None


def _ref_docs(ref, words: list[str]) -> set[int]:
    texts, index = ref
    if not words:
        return set()
    sets = sorted((index.get(w, set()) for w in words), key=len)
    docs = set(sets[0])
    for s in sets[1:3]:
        docs &= s
    needle = " " + " ".join(words) + " "
    return {d for d in docs if needle in texts[d]}


def _self_docs(ref, segments: list[str]) -> set[int]:
    """Reference documents that are the input document itself (they contain its longest paragraph)."""
    longest = max(segments, key=len, default="")
    words = _fold(longest)
    return _ref_docs(ref, words[:40]) if len(words) >= 12 else set()


def reference_docs(ref, forms: Iterable[str], exclude: AbstractSet[int] = frozenset()) -> int:
    """How many reference documents (other than ``exclude``) contain one of ``forms``."""
    docs: set[int] = set()
    for f in forms:
        docs |= _ref_docs(ref, _fold(f))
    return len(docs - exclude)


def reference_factor(n_docs: int) -> float:
    """1 (no other document uses it) to 1 + REFERENCE_WEIGHT (REFERENCE_FULL_DOCS or more)."""
    if n_docs <= 0:
        return 1.0
    return 1.0 + REFERENCE_WEIGHT * min(1.0, math.log2(1 + n_docs) / math.log2(1 + REFERENCE_FULL_DOCS))
