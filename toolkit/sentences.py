"""Rule-based sentence splitting for UN prose in the languages of :mod:`toolkit.lang`.

A statistical splitter would be overkill: UN paragraphs are long but regular.
What breaks naive splitting are abbreviations ("M.", "Mr.", "art.", "No.",
"p. ex.", Russian "г.", "т.е."), enumerations ("1.", "a)"), decimals, symbols
(A/RES/70/1) and ellipses, so those are protected here.  Each language's
abbreviations and sentence boundary come from its profile (Spanish "¿" "¡"
may open a sentence, Arabic ends one with "؟", Chinese with "。！？" and no
space after).  The splitter never loses characters: joining the sentences with
the profile's ``sentence_joiner`` (a space; nothing for Chinese) gives back the
whitespace-normalised text.

``lang=None`` picks the profile from the script of the text (Arabic, Cyrillic,
Chinese), else the Latin-script rules of all languages together; an
unsupported code (``"de"``) uses those language-neutral Latin rules too.
"""
from __future__ import annotations

import re
from functools import lru_cache

from toolkit import lang as _lang

#: Lower-cased abbreviations (without the final period) after which a period does not end a sentence.
ABBREVIATIONS = {code: set(p.abbreviations) for code, p in _lang.profiles().items()}

# Candidate boundary: terminal punctuation (with closing quotes/brackets), spaces, then
# an opening quote/bracket or an upper-case letter or digit.
_BOUNDARY = re.compile(
    r"""([.!?…]+|\.\.\.)((?:[ \u00a0\u202f]?["'»”’)\]])*)(\s+)(?=[«"“'‘(\[]?\s*[A-ZÀ-ÖØ-Þ0-9])"""
)
_WORD_BEFORE = re.compile(r"(\S+)$")
_LATIN = ("fr", "en", "es")


@lru_cache(maxsize=32)
def _rules(code: str | None) -> tuple[re.Pattern, frozenset, str]:
    """(boundary regex, abbreviations, joiner) for a language code; neutral Latin rules when unsupported."""
    profile = _lang.find(code)
    if profile is None:
        neutral = _lang.neutral(_LATIN)
        return _BOUNDARY, neutral.abbreviations, " "
    boundary = re.compile(profile.sentence_boundary) if profile.sentence_boundary else _BOUNDARY
    return boundary, profile.abbreviations, profile.sentence_joiner


def _script_language(text: str) -> str | None:
    counts = {"ar": 0, "ru": 0, "zh": 0, "latin": 0}
    for ch in text[:2000]:
        if not ch.isalpha():
            continue
        if "\u0600" <= ch <= "\u06ff":
            counts["ar"] += 1
        elif "\u0400" <= ch <= "\u04ff":
            counts["ru"] += 1
        elif "\u3400" <= ch <= "\u9fff":
            counts["zh"] += 1
        else:
            counts["latin"] += 1
    best = max(counts, key=counts.__getitem__)
    return None if best == "latin" or counts[best] == 0 else best


def _is_abbreviation(token: str, abbrevs: frozenset) -> bool:
    word = re.split(r"['’]", token.rstrip(".").lstrip("(«\"'“‘["))[-1]     # l'art. -> art
    low = word.lower()
    if low in abbrevs:
        return True
    if len(word) == 1 and word.isalpha():          # initials: "G. O. Dyhrenfurth", "a."
        return True
    if re.fullmatch(r"(?:[A-Za-zÀ-ÿА-яЁё]\.)+[A-Za-zÀ-ÿА-яЁё]?", word + "."):  # "e.g.", "U.S.", "т.е."
        return True
    return False


def split_sentences(text: str, lang: str | None = "en") -> list[str]:
    """Split a paragraph into sentences (rules of ``lang``); returns [text] when nothing splits."""
    text = " ".join(text.split())
    if not text:
        return []
    code = lang.lower() if lang else _script_language(text)
    boundary, abbrevs, _ = _rules(code)
    out: list[str] = []
    start = 0
    for m in boundary.finditer(text):
        punct = m.group(1)
        end = m.end(2)
        if m.end() >= len(text):
            break
        before = text[start:m.start(1)]
        if punct == ".":
            wm = _WORD_BEFORE.search(before)
            word = wm.group(1) if wm else ""
            if not word:
                continue
            if _is_abbreviation(word, abbrevs):
                continue
            if re.fullmatch(r"[(\[]?\d{1,3}[)\]]?", word) and not out and start == 0 and len(before.strip()) == len(word):
                # "1. The General Assembly..." numbering at the start of a paragraph
                continue
            if re.fullmatch(r"\(?[a-z]{1,4}\)?", word) and len(before.strip()) == len(word):
                continue        # "a. text" / "iv. text" enumerations
        if punct in ("...", "…") or punct.startswith(".."):
            nxt = text[m.end():m.end() + 1]
            if nxt and nxt.islower():
                continue
        sentence = text[start:end].strip()
        if sentence:
            out.append(sentence)
        start = m.end()
    rest = text[start:].strip()
    if rest:
        out.append(rest)
    return out


def sentence_joiner(lang: str | None) -> str:
    """What joins the sentences of ``lang`` back into their paragraph (" "; "" for Chinese)."""
    return _rules(lang.lower() if lang else None)[2]


__all__ = ["ABBREVIATIONS", "sentence_joiner", "split_sentences"]


def starts_lowercase(text: str) -> bool:
    """Whether the first letter, past spaces and opening quotes or brackets, is lower case: a line
    that goes on a sentence rather than opening one (shared by the text segmenter and the PDF reader)."""
    for ch in text:
        if ch.isalpha():
            return ch.islower()
        if not (ch.isspace() or ch in "«“\"'(‘"):
            return False
    return False
