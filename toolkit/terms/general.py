"""General language: how common a word is anywhere (wordfreq), the document's size."""
from __future__ import annotations

import functools
import math
import re

from toolkit.model import Document
from toolkit.terms.languages import base_lang

__all__ = ["count_words", "general_language_source", "specificity", "specificity_factor"]


@functools.lru_cache(maxsize=1)
def _wordfreq():
    """``wordfreq.zipf_frequency`` when the package is installed, else ``None``."""
    try:
        from wordfreq import zipf_frequency
    except ImportError:
        return None
    return zipf_frequency


def general_language_source() -> str:
    """What decides that a word is general language: "wordfreq" (+ the list) or "list"."""
    return "wordfreq" if _wordfreq() is not None else "list"


def specificity(word: str, lang: str, freq: int, doc_words: int) -> float | None:
    """How much more frequent ``word`` is in the document than in general language.

    log10 of (relative frequency in the document / relative frequency in
    general language, from wordfreq's Zipf scale): ~0 for words used as
    often as anywhere ("existence", "group"), 1+ for the document's own
    vocabulary ("poverty" in the SDGs, "tuberculosis").  ``None`` when
    wordfreq is not installed.
    """
    zipf = _wordfreq()
    if zipf is None or doc_words <= 0 or freq <= 0:
        return None
    z = zipf(word, base_lang(lang))
    if z <= 0:
        return 3.0      # unknown to general language: as specific as it gets
    return math.log10(freq / doc_words) - (z - 9.0)


def _commonness_factor(word: str, lang: str) -> float:
    """0.25–1 weight of a single word by its general-language frequency (1 without wordfreq):
    words of everyday language ("femmes", "enfants", "parties", Zipf >= 5) weigh least."""
    zipf = _wordfreq()
    if zipf is None:
        return 1.0
    return max(0.25, min(1.0, 5.2 - zipf(word, base_lang(lang))))


def specificity_factor(spec: float | None) -> float:
    """0.15–1 weight of a single word by its specificity (1 when unknown)."""
    if spec is None:
        return 1.0
    return max(0.15, min(1.0, (spec - 0.3) / 1.0))


def count_words(doc: Document) -> int:
    """Words of two letters or more: the size used for the short-text check and for specificity."""
    return sum(len(re.findall(r"[^\W\d_]{2,}", s.text)) for s in doc.segments)

