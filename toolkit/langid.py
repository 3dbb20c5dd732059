"""Offline language identification for the languages of UN documents.

Why restricted: UN resolutions come in the six official languages (ar, zh,
en, fr, ru, es); German is added for the Text+Berg benchmark.  Restricting the
detector to these seven makes it faster and far less error-prone on short or
formulaic text than an open-set detector.

:func:`detect_language` uses lingua-language-detector when it is installed
and falls back to a stop-word / script heuristic otherwise, so that language
detection never needs a network or a model download.  It returns the BCP 47
code and a ``confident`` flag; callers warn the user when it is False.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

from toolkit import lang as _lang

LANGUAGES = ("en", "fr", "es", "ru", "zh", "ar", "de")
UNDETERMINED = "und"

#: top-language probability (lingua) above which a guess counts as confident
CONFIDENCE_THRESHOLD = 0.80
#: minimum number of letters for a confident guess
MIN_LETTERS = 20
#: characters of text looked at (the start of a document is representative)
SAMPLE_CHARS = 3000

# stop words per Latin-script language: from the language profiles (toolkit.lang),
# plus German, which has no profile (it is here for the Text+Berg benchmark)
_STOPWORDS = {
    **{code: list(_lang.get(code).stopwords) for code in ("en", "fr", "es")},
    "de": "der die das und zu den von mit sich des auf für ist im nicht ein eine als auch "
          "dem wird".split(),
}


@lru_cache(maxsize=1)
def _lingua_detector():
    """The lingua detector for the seven languages, or None if not installed."""
    try:
        from lingua import Language, LanguageDetectorBuilder
    except ImportError:  # pragma: no cover - lingua is a dependency
        return None
    langs = [Language.ENGLISH, Language.FRENCH, Language.SPANISH, Language.RUSSIAN,
             Language.CHINESE, Language.ARABIC, Language.GERMAN]
    return LanguageDetectorBuilder.from_languages(*langs).build()


def _letters(text: str) -> int:
    return sum(1 for ch in text if ch.isalpha())


def _script_guess(text: str) -> str | None:
    """Languages told apart by their script alone (ar, ru, zh)."""
    counts: Counter[str] = Counter()
    for ch in text:
        if not ch.isalpha():
            continue
        name = unicodedata.name(ch, "")
        if name.startswith("ARABIC"):
            counts["ar"] += 1
        elif name.startswith("CYRILLIC"):
            counts["ru"] += 1
        elif name.startswith(("CJK", "HIRAGANA", "KATAKANA")):
            counts["zh"] += 1
        else:
            counts["latin"] += 1
    if not counts:
        return None
    lang, n = counts.most_common(1)[0]
    return None if lang == "latin" or n < 0.5 * sum(counts.values()) else lang


def detect_language_heuristic(text: str) -> tuple[str, bool]:
    """Stop-word count per language (Latin script) or the script (ar, ru, zh)."""
    sample = text[:SAMPLE_CHARS]
    script = _script_guess(sample)
    if script:
        return script, _letters(sample) >= MIN_LETTERS // 4
    words = re.findall(r"[^\W\d_]+", sample.lower().replace("’", "'"))
    if not words:
        return UNDETERMINED, False
    scores = {lang: sum(1 for w in words if w in stops) for lang, stops in _STOPWORDS.items()}
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    (best, top), (_, second) = ranked[0], ranked[1]
    if top == 0:
        return UNDETERMINED, False
    confident = top >= 3 and top >= 2 * second and _letters(sample) >= MIN_LETTERS
    return best, confident


def detect_language(text: str) -> tuple[str, bool]:
    """Guess the language of ``text``: ``(code, confident)``.

    ``code`` is one of :data:`LANGUAGES`, or ``"und"`` when the text has no
    letters.  ``confident`` is False for short or mixed text; callers should
    then ask the user for ``--lang``.
    """
    sample = text[:SAMPLE_CHARS]
    letters = _letters(sample)
    if letters == 0:
        return UNDETERMINED, False
    detector = _lingua_detector()
    if detector is None:  # pragma: no cover - exercised through the heuristic test
        return detect_language_heuristic(sample)
    values = detector.compute_language_confidence_values(sample)
    if not values or values[0].value <= 0:
        return detect_language_heuristic(sample)
    top = values[0]
    code = top.language.iso_code_639_1.name.lower()
    confident = top.value >= CONFIDENCE_THRESHOLD and letters >= MIN_LETTERS
    return code, confident


# ------------------------------------------------------------ language labels

#: characters of a document's segments checked against its label (detect_language reads SAMPLE_CHARS of them)
LABEL_SAMPLE_CHARS = 20000
#: Document.provenance key: the language the text was confidently detected in, when its label says otherwise
DETECTED_AS = "language_detected_as"
#: Document.provenance key: the label has been checked (so a pipeline does not detect twice)
LABEL_CHECKED = "language_label_checked"
#: Signature.params key recording detected languages that contradict the labels (``src=fr,tgt=fr``)
SIGNATURE_KEY = "detected"


def base_lang(code: str | None) -> str:
    """``fr`` for ``fr-CA``/``fr_CA``/``FR``; ``""`` for None."""
    return (code or "").replace("_", "-").split("-")[0].lower()


def label_mismatch(doc) -> str | None:
    """The language ``doc``'s text is confidently in, when its label names another; else None.

    A label that came from detection itself is not checked again.  The result
    is kept in ``doc.provenance`` (:data:`DETECTED_AS`), where the signature
    helpers and later stages find it.
    """
    prov = doc.provenance
    if prov.get(LABEL_CHECKED):
        return prov.get(DETECTED_AS)
    prov[LABEL_CHECKED] = True
    if prov.get("language_detected") or not doc.language:
        return None
    sample = " ".join(s.text for s in doc.segments)[:LABEL_SAMPLE_CHARS]
    detected, confident = detect_language(sample)
    if confident and detected != UNDETERMINED and base_lang(detected) != base_lang(doc.language):
        prov[DETECTED_AS] = detected
        return detected
    return None


def actual_language(doc) -> str:
    """The language ``doc`` is in: the detected one when it contradicts the label, else the label."""
    return label_mismatch(doc) or doc.language


def check_language_labels(*docs, names=None) -> list[str]:
    """One-line warnings about the language labels of ``docs`` (one document, or a pair).

    Warns for each document whose text is confidently in another language
    than its label, and, for a pair, when both sides are in one language
    under two different labels.  ``names`` (file names) prefix the lines;
    by default each document's ``source_path``, else ``source``/``target``.
    """
    if names is None:
        roles = ("source", "target") if len(docs) == 2 else ("document",) * len(docs)
        names = tuple(d.source_path or role for d, role in zip(docs, roles))
    messages = []
    for doc, name in zip(docs, names):
        detected = label_mismatch(doc)
        if detected:
            messages.append(f"{name}: the text looks like '{detected}', not '{doc.language}' as labelled; "
                            "results will be poor (check the language options)")
    if len(docs) == 2:
        src, tgt = docs
        labels = (base_lang(src.language), base_lang(tgt.language))
        actual = (base_lang(actual_language(src)), base_lang(actual_language(tgt)))
        if labels[0] != labels[1] and actual[0] == actual[1]:
            messages.append(f"both sides look like '{actual[0]}' although labelled '{src.language}' and "
                            f"'{tgt.language}': they are not translations of each other")
    return messages


def record_in_signature(signature, src, tgt=None):
    """Add to ``signature`` the detected languages that contradict the labels, if any.

    ``langs:en-en`` then comes with ``detected:src=fr``, so no file says it is
    in a language its text is not in without saying so.  Returns ``signature``.
    """
    if signature is None:
        return signature
    parts = [f"{role}={label_mismatch(doc)}" for role, doc in (("src", src), ("tgt", tgt))
             if doc is not None and label_mismatch(doc)]
    if parts:
        signature.params[SIGNATURE_KEY] = ",".join(parts)
    return signature
