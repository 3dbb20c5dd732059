"""Rule-based sentence splitting for French and English UN prose.

A statistical splitter would be overkill: UN paragraphs are long but regular.
What breaks naive splitting are abbreviations ("M.", "Mr.", "art.", "No.",
"p. ex."), enumerations ("1.", "a)"), decimals, symbols (A/RES/70/1) and
ellipses, so those are protected here.  The splitter never loses characters:
joining the sentences with single spaces gives back the whitespace-normalised text.
"""
from __future__ import annotations

import re

# Lower-cased abbreviations (without the final period) after which a period does not end a sentence.
_COMMON = {
    "no", "nos", "vol", "p", "pp", "para", "paras", "art", "arts", "chap", "sect", "ann",
    "fig", "cf", "etc", "ibid", "op", "cit", "ed", "eds", "rev", "corr", "add", "suppl",
    "st", "ste", "dr", "prof", "gen", "jr", "sr", "co", "corp", "inc", "ltd", "dept",
    "jan", "feb", "fév", "févr", "mar", "apr", "avr", "jun", "jul", "juil", "aug", "sep",
    "sept", "oct", "nov", "dec", "déc", "approx", "env", "min", "max", "al", "e.g", "i.e",
    "vs", "viz", "sq", "sqq", "n", "nº",
}
_EN = {"mr", "mrs", "ms", "messrs", "hon", "gov", "sen", "rep", "amb", "u.s", "u.n", "u.k"}
_FR = {"m", "mm", "mme", "mmes", "mlle", "mlles", "me", "mgr", "s.e", "s.exc", "ex", "éd",
       "réf", "suiv", "vol", "chap", "paragr", "al", "av", "j.-c", "apr", "cf", "v"}
ABBREVIATIONS = {"en": _COMMON | _EN, "fr": _COMMON | _FR}

# Candidate boundary: terminal punctuation (with closing quotes/brackets), spaces, then
# an opening quote/bracket or an upper-case letter or digit.
_BOUNDARY = re.compile(
    r"""([.!?…]+|\.\.\.)((?:[ \u00a0\u202f]?["'»”’)\]])*)(\s+)(?=[«"“'‘(\[]?\s*[A-ZÀ-ÖØ-Þ0-9])"""
)
_WORD_BEFORE = re.compile(r"(\S+)$")


def _is_abbreviation(token: str, lang: str) -> bool:
    word = re.split(r"['’]", token.rstrip(".").lstrip("(«\"'“‘["))[-1]     # l'art. -> art
    low = word.lower()
    abbrevs = ABBREVIATIONS.get(lang[:2] if lang else "en", _COMMON | _EN | _FR)
    if low in abbrevs:
        return True
    if len(word) == 1 and word.isalpha():          # initials: "G. O. Dyhrenfurth", "a."
        return True
    if re.fullmatch(r"(?:[A-Za-zÀ-ÿ]\.)+[A-Za-zÀ-ÿ]?", word + "."):  # "e.g.", "U.S."
        return True
    return False


def split_sentences(text: str, lang: str | None = "en") -> list[str]:
    """Split a paragraph into sentences (FR/EN rules); returns [text] when nothing splits."""
    text = " ".join(text.split())
    if not text:
        return []
    lang = (lang or "en").lower()
    out: list[str] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        punct = m.group(1)
        end = m.end(2)
        before = text[start:m.start(1)]
        if punct == ".":
            wm = _WORD_BEFORE.search(before)
            word = wm.group(1) if wm else ""
            if not word:
                continue
            if _is_abbreviation(word, lang):
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


__all__ = ["split_sentences", "ABBREVIATIONS"]


def starts_lowercase(text: str) -> bool:
    """Whether the first letter, past spaces and opening quotes or brackets, is lower case: a line
    that goes on a sentence rather than opening one (shared by the text segmenter and the PDF reader)."""
    for ch in text:
        if ch.isalpha():
            return ch.islower()
        if not (ch.isspace() or ch in "«“\"'(‘"):
            return False
    return False
