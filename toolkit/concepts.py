"""From paired terms to termbase concept entries: canonical forms, termhood class, concepts.

:mod:`toolkit.glossary` links each source term to its target term.  This module turns those
links into what a terminologist loads as it is:

* **canonical forms** — one apostrophe and one hyphen, sentence-initial capitals lowered
  unless the term is a name, single-word nouns in the singular (the source's forms stay
  as variants), and both sides of a single-noun entry in the same number;
* **termhood class** — a single general word that translates word for word ("famille ↔
  family", "pays ↔ country") is ``vocabulary``, not a term; an entry below
  :data:`toolkit.glossary.TERM_AT` is a ``candidate``; everything else is a ``term``;
* **concepts** — an acronym and its full form ("PIB" / "produit intérieur brut"), and
  synonyms linked to the same counterpart ("biodiversité" / "diversité biologique"),
  become one concept entry with several terms and their TBX ``termType``.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence

from toolkit.model import (ACRONYM, CANDIDATE, FULL_FORM, TERM, VOCABULARY, ConceptTerm, EntryClass, GlossaryEntry,
                           Term)

GENERAL_ZIPF = 4.2
"""wordfreq Zipf frequency (log10 per billion words; 4.2 ≈ 16 per million) from which a single
word is everyday vocabulary in general language.  Words of the domain such as "dignité" (4.2),
"torture" (4.1) or "assainissement" (3.7) lie below it; "innovation" (4.4), "tourisme" (4.6),
"famille" (5.5) and "pays" (5.8) above.  The mean of the two sides' frequencies is used."""
SINGULAR_MARGIN = 0.5
"""A derived singular ("vaccin" from "vaccins") is accepted when its general-language Zipf
frequency is at most this much below the plural's: it rules out "pay" from "pays" (3.4 vs 5.8)
and "accè" from "accès"."""
MIN_SINGULAR_ZIPF = 2.5
"""... and at least this frequent: a form below it is not a word of the language."""
SINGLE_WORD_FACTOR = 0.9
"""Confidence factor of a single-word term: recurring multi-word terms and names rank above it."""

APOSTROPHE = "’"
"""The UN's editorial apostrophe (U+2019), the one its French and English documents print."""
_APOSTROPHES = str.maketrans({"'": APOSTROPHE, "ʼ": APOSTROPHE, "‘": APOSTROPHE})
_HYPHENS = str.maketrans({"\u2010": "-", "\u2011": "-"})
_PLURAL_ENDINGS = {
    "fr": (("aux", "al"), ("eaux", "eau"), ("s", ""), ("x", "")),
    "en": (("ies", "y"), ("ses", "s"), ("xes", "x"), ("ches", "ch"), ("shes", "sh"), ("s", "")),
}
_LABELS = re.compile(r"^(?:\(?(?:\d[\d.a-z]*|[a-z]|[ivxlc]+)[.)]?\s+)+")   # "1.", "3.2.1", "(a)", "2.a)", "iv)"
_WORD = re.compile(r"[^\W\d_]+(?:[-‐][^\W\d_]+)*")


@functools.lru_cache(maxsize=1)
def _zipf():
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # pragma: no cover - wordfreq is a dependency
        return None
    return zipf_frequency


@functools.lru_cache(maxsize=65536)
def general_zipf(word: str, lang: str) -> float | None:
    """General-language Zipf frequency of ``word`` (None without wordfreq)."""
    z = _zipf()
    return None if z is None else z(word.casefold(), lang)


def canonical_typography(text: str) -> str:
    """One apostrophe (:data:`APOSTROPHE`) and the ASCII hyphen, NFC."""
    return unicodedata.normalize("NFC", text).translate(_APOSTROPHES).translate(_HYPHENS)


def singular_of(word: str, lang: str) -> str | None:
    """The singular of a plural-looking noun, when general language knows it; else None."""
    if len(word) < 4 or not word.isalpha() or word.isupper():
        return None
    zw = general_zipf(word, lang)
    if zw is None:
        return None
    best, best_z = None, -1.0
    for ending, repl in _PLURAL_ENDINGS.get(lang, ()):
        if word.casefold().endswith(ending):
            cand = word[: len(word) - len(ending)] + repl
            zc = general_zipf(cand, lang) or 0.0
            if zc >= max(MIN_SINGULAR_ZIPF, zw - SINGULAR_MARGIN) and zc > best_z:
                best, best_z = cand, zc
    return best


def _is_name(term: Term) -> bool:
    return term.kind in ("name", "acronym") or term.pos == "properNoun"


def _sentence_initial_only(term: Term, form: str) -> bool:
    """True when ``form`` starts with a capital only because it opens its sentences."""
    occs = term.occurrences
    if not occs:
        return False
    for occ in occs:
        sentence = occ.sentence.lstrip(" \t\"'«“(")
        sentence = _LABELS.sub("", sentence)
        if not sentence.casefold().startswith(form.casefold()):
            return False
    return True


def canonical_term(term: Term, lang: str) -> tuple[str, list[str]]:
    """The form an entry shows for ``term`` and the variants it keeps (source forms included)."""
    forms = [term.text, *term.variants]
    text = term.text
    if not _is_name(term) and text[:1].isupper() and text[1:2].islower():
        lowered = text[:1].lower() + text[1:]
        if any(f == lowered for f in forms) or _sentence_initial_only(term, text):
            text = lowered
    words = _WORD.findall(text)
    if len(words) == 1 and words[0] == text and not _is_name(term):
        sing = singular_of(text, lang)
        if sing is not None:
            text = next((f for f in forms if f.casefold() == sing.casefold() and f[:1] == sing[:1]), sing)
    canon = canonical_typography(text)
    variants = [f for f in dict.fromkeys([text, *forms]) if f != canon]
    return canon, variants


def _head_index(words: list[str], lang: str) -> int:
    """Position of the head noun: the first word in French, before "of"/"in" (else last) in English."""
    if lang == "fr":
        return 0
    for k, w in enumerate(words):
        if w.casefold() in ("of", "in", "for", "on") and k > 0:
            return k - 1
    return len(words) - 1


def _is_plural_head(text: str, lang: str) -> bool:
    words = text.split()
    return bool(words) and singular_of(words[_head_index(words, lang)], lang) is not None


def agree_in_number(src: Term, tgt: Term, src_text: str, tgt_text: str) -> tuple[str, str]:
    """Both sides in the same number where the texts allow it: a singular term's counterpart
    takes its singular form when that form occurs ("institution financière ↔ financial
    institutions" → "... ↔ financial institution"), and the other way round.  A phrase whose
    singular never occurs is plural in use and stays so ("working hours")."""
    sl, tl = src.language, tgt.language
    if " " in tgt_text and not _is_plural_head(src_text, sl) and _is_plural_head(tgt_text, tl):
        tgt_text = _attested_singular(tgt, tgt_text) or tgt_text
    elif " " in src_text and not _is_plural_head(tgt_text, tl) and _is_plural_head(src_text, sl):
        src_text = _attested_singular(src, src_text) or src_text
    return src_text, tgt_text


def _attested_singular(term: Term, text: str) -> str | None:
    """The form of ``term`` seen in the text whose head is the singular of ``text``'s head."""
    words = text.split()
    k = _head_index(words, term.language)
    sing = singular_of(words[k], term.language)
    if sing is None:
        return None
    want = _norm(" ".join([*words[:k], sing, *words[k + 1:]]))
    return next((canonical_typography(f) for f in (term.text, *term.variants) if _norm(f) == want), None)


def _single_word(text: str) -> bool:
    return len(_WORD.findall(text)) == 1 and " " not in text.strip()


def is_vocabulary(src: Term, tgt: Term, src_text: str, tgt_text: str) -> bool:
    """A pair of single general words: everyday vocabulary, not terminology.

    A single word is a term only where the domain makes it one, which shows as a word rarer in
    general language than :data:`GENERAL_ZIPF` ("dignité", "assainissement ↔ sanitation").
    Names and acronyms are never vocabulary."""
    if _is_name(src) or _is_name(tgt) or not (_single_word(src_text) and _single_word(tgt_text)):
        return False
    if src_text[:1].isupper() or tgt_text[:1].isupper():
        return False        # capitalised inside sentences: a name ("la Charte", "la Déclaration")
    zs = general_zipf(src_text, src.language)
    zt = general_zipf(tgt_text, tgt.language)
    if zs is None or zt is None:
        return False
    return (zs + zt) / 2 >= GENERAL_ZIPF


def entry_class(entry: GlossaryEntry, vocabulary: bool, term_at: float) -> EntryClass:
    """``vocabulary`` for single general words, ``candidate`` below ``term_at``, else ``term``."""
    if vocabulary:
        return VOCABULARY
    return TERM if entry.confidence >= term_at else CANDIDATE


# ------------------------------------------------------------------ concepts


def _norm(text: str) -> str:
    return " ".join(canonical_typography(text).casefold().split())


def fold_acronyms(entries: list[GlossaryEntry], acronyms: dict[int, tuple[Term, Term]]) -> list[GlossaryEntry]:
    """Put each acronym entry into the concept of its full form.

    ``acronyms`` maps the index of an entry whose source term is an acronym to its (source,
    target) Term; its ``expansion`` (seen in the text) names the full form.  When an entry for
    the full form exists, the acronyms join it as ``acronym`` terms and the full forms become
    ``fullForm``; otherwise the expansion becomes the head term of the acronym's own entry."""
    by_src: dict[str, int] = {}
    for k, e in enumerate(entries):
        if k not in acronyms:
            by_src.setdefault(_norm(e.src_term), k)
    drop: set[int] = set()
    for k, (st, tt) in acronyms.items():
        e = entries[k]
        full_src = canonical_typography(st.expansion) if st.expansion else None
        full_tgt = canonical_typography(tt.expansion) if tt.kind == "acronym" and tt.expansion else None
        target = by_src.get(_norm(full_src)) if full_src else None
        if target is not None and target not in drop:
            f = entries[target]
            f.src_terms.append(ConceptTerm(e.src_term, ACRONYM, list(e.src_variants), e.freq_src))
            if _norm(e.tgt_term) != _norm(f.tgt_term):
                f.tgt_terms.append(ConceptTerm(e.tgt_term, ACRONYM if tt.kind == "acronym" else None,
                                               list(e.tgt_variants), e.freq_tgt))
            f.src_term_type = FULL_FORM
            if tt.kind == "acronym":
                f.tgt_term_type = FULL_FORM
            f.confidence = max(f.confidence, e.confidence)
            f.freq_src += e.freq_src
            drop.add(k)
            continue
        if full_src:
            e.src_terms.append(ConceptTerm(e.src_term, ACRONYM, list(e.src_variants), e.freq_src))
            e.src_term, e.src_variants, e.src_term_type = full_src, [], FULL_FORM
        else:
            e.src_term_type = ACRONYM
        if tt.kind == "acronym":
            if full_tgt:
                e.tgt_terms.append(ConceptTerm(e.tgt_term, ACRONYM, list(e.tgt_variants), e.freq_tgt))
                e.tgt_term, e.tgt_variants, e.tgt_term_type = full_tgt, [], FULL_FORM
            else:
                e.tgt_term_type = ACRONYM
    return [e for k, e in enumerate(entries) if k not in drop]


def add_synonym(entry: GlossaryEntry, side: str, text: str, variants: Sequence[str], freq: int) -> bool:
    """Add ``text`` as a synonym on one side of ``entry`` unless it is already one of its forms."""
    have = {_norm(f) for f in ([entry.src_term, *entry.src_variants, *(c.text for c in entry.src_terms)]
                               if side == "src" else
                               [entry.tgt_term, *entry.tgt_variants, *(c.text for c in entry.tgt_terms)])}
    if _norm(text) in have:
        return False
    (entry.src_terms if side == "src" else entry.tgt_terms).append(ConceptTerm(text, None, list(variants), freq))
    return True


def _folded_words(text: str) -> list[str]:
    """Words for comparing two terms: case, apostrophe and hyphen folded, elisions split
    ("d’orientation" → "d’", "orientation"), plural endings dropped ("capacités", "psychosociaux")."""
    words = []
    for w in re.split(r"[\s\-,;:.()]+", _norm(text)):
        m = re.match(r"^([a-zà-ÿ]{1,5}’)(.+)$", w)
        parts = [m.group(1), m.group(2)] if m else [w]
        for p in parts:
            if len(p) > 3 and p.endswith("aux"):
                p = p[:-3] + "al"
            elif len(p) > 3 and p[-1] in "sx":
                p = p[:-1]
            if p:
                words.append(p)
    return words


def _contains(u: list[str], v: list[str]) -> bool:
    return len(v) <= len(u) and any(u[i:i + len(v)] == v for i in range(len(u) - len(v) + 1))


def nested(a: str, b: str) -> bool:
    """One term inside the other, inflection aside ("traite" / "traite des personnes",
    "capacité d’adaptation" / "capacités d’adaptation face aux aléas")."""
    x, y = _folded_words(a), _folded_words(b)
    return _contains(x, y) or _contains(y, x)


def chained(a: str, b: str) -> bool:
    """The end of one term is the start of the other ("proportion du revenu national" / "revenu
    national brut", "grâce à l’élimination des distorsions" / "élimination des distorsions du
    marché"): two pieces of one longer phrase, never synonyms."""
    x, y = _folded_words(a), _folded_words(b)
    for u, v in ((x, y), (y, x)):
        if any(u[-k:] == v[:k] for k in range(1, min(len(u), len(v)) + 1)):
            return True
    return False


__all__ = ["GENERAL_ZIPF", "APOSTROPHE", "canonical_term", "canonical_typography", "singular_of",
           "agree_in_number", "is_vocabulary", "entry_class", "fold_acronyms", "add_synonym",
           "general_zipf", "nested", "chained"]

