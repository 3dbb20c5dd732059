"""Project a bilingual glossary into the other UN languages (issue 13, points 4–5).

A fr–en glossary says which English term stands for each concept; the same document exists in
Spanish, Russian, Chinese and Arabic.  For each further language L the pivot document (the
glossary's target language, English by default) is aligned to L (:func:`toolkit.align.align_documents`),
IBM Model 1 is trained on the aligned pairs in both directions (:mod:`toolkit.wordalign`) with a
tokeniser suited to L, and for each concept:

1. in every aligned pair where one of the concept's pivot forms occurs (head term, variants,
   synonyms: :func:`toolkit.model.entry_forms`), the pivot tokens of the term are linked to L
   tokens by a symmetrised word alignment (both directions' posteriors, intersection grown along
   the diagonal, ``grow-diag-final-and`` style), with no edge to or from a function word;
2. the contiguous L span those links cover is the occurrence's candidate (a gap holding a token
   linked to a pivot word outside the term splits it and the cluster with most links is kept; it
   grows by neighbouring tokens the term's words link to; function words are trimmed at its edges);
3. the candidates (each span and its parts) are checked against the whole document: *cover* =
   the term's occurrences whose L side holds the candidate, *freq* = all the L sides that hold it,
   Dice = 2·cover / (occurrences + freq), *aligned* = the share of occurrences whose span is it
   (nested spans count half).  The best Dice + 0.5·aligned wins; it is widened by a neighbour it
   never occurs without (:data:`MAX_EXTEND`); *consistency* is cover / occurrences;
4. below :data:`MIN_CONSISTENCY`, :data:`MIN_DICE` or :data:`MIN_ALIGNED` the concept gets no L
   term: no guess.  A term seen once has no consistency to check: its span must hold the
   document-level equivalents of the term's words (:data:`SINGLE_CHECK`).

Grouping is by lemma in Russian (pymorphy3), without clitics, tatweel and diacritics in Arabic,
and as strings in Chinese (jieba may cut the same characters differently in two contexts).

The output form is a span as it is written in the L text, chosen among the forms the text gives
it: in Russian a form whose first inflected word is nominative where the text has one, else the
most frequent case form; in Arabic the whole surface words, a form without a separable proclitic
(``و ف ب ل ك``) and with the article where the text has one, tatweel (a justification stretch, no
letter) dropped; in a cased language not a capital that only opens the segment where the text
also writes the term in lower case.

Acronyms (``entry.tgt_terms`` with ``term_type == "acronym"``) are projected too: in the pairs
where the pivot acronym occurs, the acronym-like token of the L text (``PIB``, ``ВВП``) that is
most consistent across those pairs, and linked to it where the word alignment says so.

Usage::

    from toolkit.projection import project_glossary
    multi = project_glossary(result.glossary, en_doc, {"es": es_doc, "zh": zh_doc})
    multi.entries[0].other_languages["es"].head     # "desarrollo sostenible"

Tokenisers: Chinese with jieba where it is installed (else one token per character), Russian
lemmas with pymorphy3 where installed (else surface forms); which was used is recorded in the
glossary signature (``projection.zh_tokenizer``, ``projection.ru_lemmas``), with every other
setting under ``projection.*``.
"""
from __future__ import annotations

import copy
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from toolkit import lang as _lang
from toolkit.errors import InputError
from toolkit.model import (
    ACRONYM,
    ConceptTerm,
    Document,
    Glossary,
    GlossaryEntry,
    LanguageTerms,
    Occurrence,
    Signature,
)
from toolkit.wordalign import FUNCTION_WORDS, tokenize, train

__all__ = [
    "LINK_THRESHOLD",
    "MIN_ALIGNED",
    "MIN_CONSISTENCY",
    "MIN_DICE",
    "Token",
    "normalise_arabic",
    "project_glossary",
    "ru_lemma",
    "settings",
    "tokenize_language",
]

MIN_CONSISTENCY = 0.6
"""Share of a term's occurrences whose aligned span is the chosen one (nested spans count half)
below which the concept gets no term in that language."""
MIN_DICE = 0.3
"""Dice of the chosen span's pairs and the term's pairs below which it is left out: the span
occurs much more often in the document than the term does (a general word)."""
MIN_ALIGNED = 0.3
"""Alignment support (share of the occurrences whose aligned span is the candidate, nested spans
counting :data:`NESTED_WEIGHT`) below which it is left out: a span the document's counts favour
but the word alignment rarely links to the term is no evidence."""
STRONG_OCCURRENCES, STRONG_SHARE, MIN_ALIGNED_STRONG = 3, 0.8, 0.15
"""A span the document's counts single out clearly (seen with at least this many occurrences of the
term, consistency and Dice at least STRONG_SHARE) needs less alignment support: the word aligner
of an unspaced language links rare words poorly, the counts do not depend on it."""
LINK_THRESHOLD = 0.1
FEW_OCCURRENCES = 2
SINGLE_CHECK = "word-equivalents"
"""A term seen in one aligned pair has no consistency of its own to check; its span is kept only
when it holds the document-level equivalent (projected like a concept, over the word's own
occurrences) of each content word of the term that has one, at least one word has one, and it
holds no more other content tokens than words without one (else it is cut to them).  A term seen
in two (:data:`FEW_OCCURRENCES`) is left out when the equivalents of its words exist and none is
in the span."""
"""Posterior from which a word link is a candidate of the symmetrised alignment."""
MAX_PAIR_TOKENS = 1000
"""Longest side (tokens) of an aligned pair used; a longer one (a whole document on one line) is
left out of training and projection (counted in the warnings)."""
MAX_SPAN_FACTOR = 3
"""A span longer than this many times the term's token count (plus two) is not taken."""
NESTED_WEIGHT = 0.5
"""Support a candidate gets from an occurrence whose span contains it or is contained in it."""
IBM_ITERATIONS = 8
GROW_THRESHOLD = 0.1
"""A token next to the span joins it when a word of the term links to it with at least this score
(and no pivot word outside the term is linked to it)."""
ALIGNED_WEIGHT = 0.5
"""Weight of the alignment support (share of occurrences whose span is the candidate; nested ones
count :data:`NESTED_WEIGHT`) added to a candidate's Dice when candidates are ranked."""
GROW_GAP = 1
MAX_EXTEND = 2
"""Tokens a chosen span may be widened by on each side (:meth:`_Projector._extend`)."""
EXTEND_MIN_FREQ = 3
"""Function words a span may grow over to reach such a token."""

_WORD = re.compile(r"[^\W\d_]+['’]|[^\W_]+(?:[-‐][^\W_]+)*", re.UNICODE)
# Arabic words: letters, tatweel and the diacritics (combining marks are not \w in Python).
_AR_WORD = re.compile(r"[\u0621-\u063A\u0640-\u065F\u0670-\u06D3\w]+")
_AR_MARKS = re.compile(r"[\u0640\u064B-\u065F\u0670]")        # tatweel and harakat
_AR_CONJ = "وف"
_AR_PREP = "بلك"
_ACRONYM = re.compile(r"(?<!\w)(?=\w*[A-ZА-ЯЁ]\w*[A-ZА-ЯЁ])[A-ZА-ЯЁ][A-ZА-ЯЁa-zа-яё0-9]{1,9}(?!\w)")


@dataclass
class Token:
    """One alignment token of a text: its normalised form (what the aligner sees), the character
    span of the surface *word* it belongs to, and whether it is a clitic split off that word."""

    norm: str
    start: int
    end: int
    word: int                      # index of the surface word (Arabic clitics share their word's index)
    clitic: bool = False
    surface: str = ""


# ------------------------------------------------------------------ tokenisers


@lru_cache(maxsize=1)
def _jieba():
    try:
        import jieba
    except ImportError:
        return None
    import logging

    tk = jieba.Tokenizer()
    logging.getLogger("jieba").setLevel(logging.WARNING)
    return tk


@lru_cache(maxsize=1)
def _morph():
    try:
        import pymorphy3
    except ImportError:
        return None
    return pymorphy3.MorphAnalyzer(lang="ru")


def zh_tokenizer_label() -> str:
    tk = _jieba()
    if tk is None:
        return "chars"
    import jieba

    return f"jieba-{getattr(jieba, '__version__', '?')}"


def ru_lemmas_label() -> str:
    if _morph() is None:
        return "none"
    import pymorphy3

    return f"pymorphy3-{getattr(pymorphy3, '__version__', '?')}"


@lru_cache(maxsize=200_000)
def ru_lemma(word: str) -> str:
    """Lemma of a Russian word form (lower case); the form itself without pymorphy3."""
    m = _morph()
    w = word.lower().replace("ё", "е")
    if m is None or not re.search("[а-я]", w):
        return w
    return m.parse(w)[0].normal_form.replace("ё", "е")


def _ru_nominative_phrase(text: str) -> bool:
    """Whether the first inflected word of a Russian phrase can be nominative."""
    m = _morph()
    if m is None:
        return False
    for w in re.findall(r"[а-яё]+", text.lower()):
        parses = m.parse(w)[:2]
        if any(p.tag.case for p in parses):
            return any(p.tag.case == "nomn" for p in parses)
    return False


def normalise_arabic(text: str) -> str:
    """Arabic text without tatweel and diacritics, hamza-carrying alifs as bare alif."""
    text = _AR_MARKS.sub("", unicodedata.normalize("NFC", text))
    return text.translate(str.maketrans("أإآ", "ااا"))


def _split_arabic(word: str, vocab: set[str], function_words: frozenset[str]) -> list[tuple[str, bool]]:
    """(piece, is_clitic) of one normalised Arabic word: conjunction و/ف, preposition ب/ل/ك,
    article ال.  A prefix is split only when what is left is a word of the text or starts with the
    article, so that ``وطنية`` (national) keeps its و."""
    out: list[tuple[str, bool]] = []
    w = word
    if w in function_words:
        return [(w, False)]

    def rest_ok(r: str) -> bool:
        return len(r) >= 2 and (r in vocab or r.startswith(("ال", "لل")))

    if len(w) > 3 and w[0] in _AR_CONJ and rest_ok(w[1:]):
        out.append((w[0], True))
        w = w[1:]
    if len(w) > 3 and w.startswith("لل"):             # li + al: the alif of the article is dropped
        out += [("ل", True), ("ال", True)]
        w = w[2:]
    elif len(w) > 3 and w[0] in _AR_PREP and rest_ok(w[1:]):
        out.append((w[0], True))
        w = w[1:]
    if len(w) > 3 and w.startswith("ال"):
        out.append(("ال", True))
        w = w[2:]
    out.append((w, False))
    return out


def tokenize_language(text: str, language: str, vocab: set[str] | None = None) -> list[Token]:
    """Alignment tokens of ``text`` in ``language`` with their surface spans.

    Chinese: jieba words (characters without it); Arabic: clitics and article split off
    (``vocab``: the text's normalised words, which decides a doubtful split); Russian: lemmas
    (pymorphy3); other languages: the lower-cased words of :func:`toolkit.wordalign.tokenize`."""
    code = _lang.get(language).code
    text = unicodedata.normalize("NFC", text)
    out: list[Token] = []
    if code == "zh":
        tk = _jieba()
        pieces = tk.tokenize(text) if tk is not None else ((c, k, k + 1) for k, c in enumerate(text))
        for w, a, b in pieces:
            if re.search(r"\w", w):
                out.append(Token(w.lower(), a, b, len(out), surface=w))
        return out
    if code == "ar":
        fw = FUNCTION_WORDS.get("ar", frozenset())
        for k, m in enumerate(_AR_WORD.finditer(text)):
            norm = normalise_arabic(m.group()).lower()
            for piece, clitic in _split_arabic(norm, vocab or set(), fw):
                out.append(Token(piece, m.start(), m.end(), k, clitic, m.group()))
        return out
    for k, m in enumerate(_WORD.finditer(text.replace("’", "'"))):
        w = m.group().lower()
        norm = ru_lemma(w) if code == "ru" else w
        out.append(Token(norm, m.start(), m.end(), k, surface=m.group()))
    return out


def _arabic_vocab(texts) -> set[str]:
    return {normalise_arabic(m.group()).lower() for t in texts for m in _AR_WORD.finditer(t)}


# ------------------------------------------------------------------ word links


def _symmetric_links(aligner, src: list[str], tgt: list[str], s_fw: list[bool], t_fw: list[bool],
                     threshold: float = LINK_THRESHOLD):
    """grow-diag-final-and over both directions' posteriors; function words get no edge.

    Returns (links as a set of (i, j), a score matrix max(a_st, a_ts^T))."""
    import numpy as np

    a_st, a_ts = aligner.posteriors(src, tgt)
    m, n = len(src), len(tgt)
    if not m or not n:
        return set(), np.zeros((m, n))
    score = np.maximum(a_st, a_ts.T)
    score[np.asarray(s_fw, dtype=bool), :] = 0.0
    score[:, np.asarray(t_fw, dtype=bool)] = 0.0
    fst = a_st.copy()
    fts = a_ts.T.copy()
    for mat in (fst, fts):
        mat[np.asarray(s_fw, dtype=bool), :] = 0.0
        mat[:, np.asarray(t_fw, dtype=bool)] = 0.0
    fwd = {(i, int(fst[i].argmax())) for i in range(m) if fst[i].max() >= threshold}
    bwd = {(int(fts[:, j].argmax()), j) for j in range(n) if fts[:, j].max() >= threshold}
    union = fwd | bwd
    links = set(fwd & bwd)
    al_s = {i for i, _ in links}
    al_t = {j for _, j in links}
    grown = True
    while grown:
        grown = False
        for i, j in sorted(links):
            for di in (-1, 0, 1):
                for dj in (-1, 0, 1):
                    p = (i + di, j + dj)
                    if (di or dj) and p in union and p not in links and (p[0] not in al_s or p[1] not in al_t):
                        links.add(p)
                        al_s.add(p[0])
                        al_t.add(p[1])
                        grown = True
    for i, j in sorted(union):                 # final-and: points whose both words are still free
        if i not in al_s and j not in al_t:
            links.add((i, j))
            al_s.add(i)
            al_t.add(j)
    return links, score


def _span_for(term: tuple[int, int], links: set[tuple[int, int]], t_fw: list[bool],
              max_len: int, score=None) -> tuple[int, int, int] | None:
    """(start, end exclusive, links inside) of the contiguous L span the term's tokens link to."""
    a, b = term
    inside = sorted({j for i, j in links if a <= i < b})
    if not inside:
        return None
    outside = {j for i, j in links if not a <= i < b}
    clusters: list[list[int]] = [[inside[0]]]
    for j in inside[1:]:
        gap = range(clusters[-1][-1] + 1, j)
        if any(g in outside for g in gap):
            clusters.append([j])
        else:
            clusters[-1].append(j)
    best = max(clusters, key=lambda c: (len(c), -c[0]))
    s, e = best[0], best[-1] + 1
    if score is not None:
        s, e = _grow(s, e, term, score, t_fw, outside, max_len)
    while s < e and t_fw[s]:
        s += 1
    while e > s and t_fw[e - 1]:
        e -= 1
    if e <= s or e - s > max_len:
        return None
    return s, e, len(best)


def _grow(s: int, e: int, term: tuple[int, int], score, t_fw: list[bool], outside: set[int],
          max_len: int) -> tuple[int, int]:
    """Widen [s, e) by neighbouring content tokens (over at most :data:`GROW_GAP` function words)
    that no pivot word outside the term is linked to and whose best pivot word is in the term
    ("reducción del riesgo" + "de desastres" ← "disaster risk reduction")."""
    a, b = term
    n = score.shape[1]

    def belongs(j: int) -> bool:
        return j not in outside and not t_fw[j] and float(score[a:b, j].max()) >= GROW_THRESHOLD

    grown = True
    while grown and e - s < max_len:
        grown = False
        for step in (1, -1):
            j = e if step == 1 else s - 1
            gap = 0
            while 0 <= j < n and t_fw[j] and gap < GROW_GAP:
                j += step
                gap += 1
            if 0 <= j < n and belongs(j):
                if step == 1:
                    e = j + 1
                else:
                    s = j
                grown = True
    return s, e


# ------------------------------------------------------------------ per-language projection


@dataclass
class _Pair:
    seg_id: str
    text: str
    piv: list[str]
    toks: list[Token]
    fw: list[bool]
    piv_fw: list[bool]
    links: set | None = None
    score: object = None


@dataclass
class _Candidate:
    key: tuple[str, ...]
    surfaces: Counter = field(default_factory=Counter)
    clean: Counter = field(default_factory=Counter)        # surfaces without a separable proclitic
    initial: Counter = field(default_factory=Counter)      # surfaces seen opening their segment
    first: tuple[str, str] | None = None                    # (segment id, sentence)


def _sub_index(seq: tuple, sub: tuple) -> bool:
    n = len(sub)
    return any(seq[k:k + n] == sub for k in range(len(seq) - n + 1)) if n <= len(seq) else False


def _find(tokens: list[str], form: tuple[str, ...]) -> int:
    n = len(form)
    for k in range(len(tokens) - n + 1):
        if tuple(tokens[k:k + n]) == form:
            return k
    return -1


def _sentence_of(text: str, start: int, end: int) -> str:
    """The sentence of ``text`` around the span (the whole segment where it has one sentence)."""
    bounds = [0] + [m.end() for m in re.finditer(r"(?<=[.;:!?。；！？؟])\s*", text) if 0 < m.end() < len(text)]
    s = max((b for b in bounds if b <= start), default=0)
    e = min((b for b in bounds if b >= end), default=len(text))
    return text[s:e].strip() or text.strip()


class _Projector:
    def __init__(self, alignment, code: str, pivot_code: str):
        self.code = code
        self.alignment = alignment
        fw_l = _lang.get(code).function_words
        fw_p = FUNCTION_WORDS.get(pivot_code, frozenset())
        texts = [t for _, _, t in alignment.pairs()]
        vocab = _arabic_vocab(texts) if code == "ar" else None
        self.pairs: list[_Pair] = []
        self.skipped = 0
        for bead, s_text, t_text in alignment.pairs():
            piv = tokenize(s_text)
            toks = tokenize_language(t_text, code, vocab)
            if max(len(piv), len(toks)) > MAX_PAIR_TOKENS:
                self.skipped += 1
                continue
            fw = [t.clitic or t.norm in fw_l or t.surface.lower() in fw_l for t in toks]
            self.pairs.append(_Pair(" ".join(alignment.tgt_ids(bead)), t_text, piv, toks, fw,
                                    [w in fw_p for w in piv]))
        self.aligner = train([(p.piv, [t.norm for t in p.toks]) for p in self.pairs], iterations=IBM_ITERATIONS)
        self.by_word: dict[str, set[int]] = defaultdict(set)
        for k, p in enumerate(self.pairs):
            for w in p.piv:
                self.by_word[w].add(k)
        self._key_pairs: dict[tuple[str, ...], int] = {}
        self._word_eq: dict[str, tuple[str, ...] | None] = {}
        self.norms = [tuple(t.norm for t in p.toks) for p in self.pairs]
        self.joined = ["".join(ns) for ns in self.norms]
        self.fw_norms = {t.norm for p in self.pairs for t, f in zip(p.toks, p.fw) if f} - {
            t.norm for p in self.pairs for t, f in zip(p.toks, p.fw) if not f}
        self.by_norm: dict[str, set[int]] = defaultdict(set)
        for k, ns in enumerate(self.norms):
            for w in ns:
                self.by_norm[w].add(k)

    def _links(self, p: _Pair):
        if p.links is None:
            p.links, p.score = _symmetric_links(self.aligner, p.piv, [t.norm for t in p.toks], p.piv_fw, p.fw)
        return p.links, p.score

    def _pairs_with(self, form: tuple[str, ...]) -> list[int]:
        if not form:
            return []
        cand = set.intersection(*(self.by_word.get(w, set()) for w in set(form)))
        return sorted(k for k in cand if _find(self.pairs[k].piv, form) >= 0)

    def word_equivalent(self, word: str) -> tuple[str, ...] | None:
        """The document-level L equivalent of one pivot word (None where it has no consistent one)."""
        if word not in self._word_eq:
            lt, info = self.project([(word,)], _word_level=True)
            self._word_eq[word] = info.get("key") if lt is not None else None
        return self._word_eq[word]

    def _explained(self, words: list[str], key: tuple[str, ...], strict: bool = True
                   ) -> tuple[tuple[str, ...] | None, bool]:
        """:data:`SINGLE_CHECK`: the span (``key``) holds the equivalent of every word of the term
        that has one, at least one word has one, and the span holds no more other content tokens
        than there are words without one.  Returns (the span cut to what the words account for, or
        None where it is not explained; whether an equivalent contradicts it: not in the span)."""
        eqs, unknown = [], 0
        for w in words:
            eq = self.word_equivalent(w)
            if eq is None:
                unknown += 1
            else:
                eqs.append(eq)
        if not eqs:
            return None, False
        if not strict:                             # a few occurrences: contradicted only when no equivalent is in it
            holds = [("".join(eq) in "".join(key)) if self.code == "zh" else _sub_index(key, eq) for eq in eqs]
            return (key if all(holds) else None), not any(holds)
        if self.code == "zh":
            text = "".join(key)
            covered: set[int] = set()
            for eq in eqs:
                at = text.find("".join(eq))
                if at < 0:
                    return None, True
                covered.update(range(at, at + len("".join(eq))))
            return (key if len(text) - len(covered) <= 2 * unknown + 1 else None), False
        covered = set()
        for eq in eqs:
            at = next((x for x in range(len(key) - len(eq) + 1) if key[x:x + len(eq)] == eq), -1)
            if at < 0:
                return None, True
            covered.update(range(at, at + len(eq)))
        if not unknown:                            # every word accounted for: cut the span to them
            return key[min(covered):max(covered) + 1], False
        extra = [x for x in range(len(key)) if x not in covered and key[x] not in self.fw_norms]
        return (key if len(extra) <= unknown else None), False

    def _extend(self, best: tuple[str, ...], occurrences) -> tuple[str, ...]:
        """Widen the chosen span by a neighbouring content token (over at most one function word)
        while the span never occurs in the document without it: same occurrences covered, same
        document frequency ("通信技术" → "信息和通信技术", "возобновляемых" → "... источников энергии").
        At most :data:`MAX_EXTEND` tokens a side; a span seen in fewer than :data:`EXTEND_MIN_FREQ`
        pairs is not widened (a target and its indicator repeat their words: two sightings of a
        neighbour are no evidence)."""
        sides = {1: 0, -1: 0}
        while True:
            freq = self.key_frequency(best)
            if freq < EXTEND_MIN_FREQ:
                return best
            cover = [k for k in occurrences if self.holds(k, best)]
            options = set()
            m = len(best)
            for k in cover:
                norms, fw = self.norms[k], self.pairs[k].fw
                for x in range(len(norms) - m + 1):
                    if norms[x:x + m] != best:
                        continue
                    for step in (1, -1):
                        if sides[step] >= MAX_EXTEND:
                            continue
                        j = x + m if step == 1 else x - 1
                        ext: list[str] = []
                        if 0 <= j < len(norms) and fw[j]:
                            ext.append(norms[j])
                            j += step
                        if 0 <= j < len(norms) and not fw[j]:
                            ext.append(norms[j])
                            options.add((step, best + tuple(ext)) if step == 1 else (step, tuple(reversed(ext)) + best))
            good = sorted((len("".join(o)), step, o) for step, o in options
                          if self.key_frequency(o) == freq and sum(1 for k in cover if self.holds(k, o)) == len(cover))
            if not good:
                return best
            _, step, best = good[0]
            sides[step] += 1

    def same(self, a: tuple[str, ...], b: tuple[str, ...]) -> bool:
        return "".join(a) == "".join(b) if self.code == "zh" else a == b

    def nested(self, a: tuple[str, ...], b: tuple[str, ...]) -> bool:
        """One of the two spans holds the other (Chinese: as strings)."""
        if self.code == "zh":
            x, y = "".join(a), "".join(b)
            return x in y or y in x
        return a == b or _sub_index(a, b) or _sub_index(b, a)

    def holds(self, k: int, key: tuple[str, ...]) -> bool:
        """Whether the L side of pair ``k`` holds ``key`` (Chinese: as a string, since the word
        segmenter may cut the same characters differently in another context)."""
        if self.code == "zh":
            return "".join(key) in self.joined[k]
        return _sub_index(self.norms[k], key)

    def key_frequency(self, key: tuple[str, ...]) -> int:
        """Number of L sides of the pairs that hold ``key``."""
        if key not in self._key_pairs:
            if self.code == "zh":
                ks: Iterable[int] = range(len(self.pairs))
            else:
                ks = set.intersection(*(self.by_norm.get(w, set()) for w in set(key)))
            self._key_pairs[key] = sum(1 for k in ks if self.holds(k, key))
        return self._key_pairs[key]

    def _surface(self, p: _Pair, s: int, e: int) -> tuple[str, bool, bool]:
        toks = p.toks
        a, b = toks[s].start, toks[e - 1].end
        # Was a conjunction or preposition (not the article) split off the first word?
        first_word = toks[s].word
        before = [t.norm for t in toks[:s] if t.word == first_word]
        clean = all(x == "ال" for x in before)
        initial = not re.sub(r"^[\s\d.()a-z]*", "", p.text[:a]).strip() or bool(re.search(r"[.:;!?]\s*$", p.text[:a]))
        return p.text[a:b], clean, initial

    def project(self, forms: list[tuple[str, ...]], _word_level: bool = False) -> tuple[LanguageTerms | None, dict]:
        """The L term of a concept whose pivot forms are ``forms`` (token tuples), or None.

        Candidates are the aligned spans of the term's occurrences and their contiguous parts
        (edges not function words); each is checked against the document: ``cover`` = the
        occurrences whose L side holds it, ``freq`` = the L sides of all pairs that hold it,
        Dice = 2·cover / (occurrences + freq).  The best Dice wins (then the most alignment
        support, then the longer); consistency is cover / occurrences."""
        occurrences: dict[int, tuple[int, int]] = {}
        for form in forms:
            for k in self._pairs_with(form):
                if k not in occurrences:
                    i = _find(self.pairs[k].piv, form)
                    occurrences[k] = (i, i + len(form))
        n = len(occurrences)
        info: dict = {"occurrences": n}
        if not n:
            return None, info
        spans: list[tuple[str, ...]] = []
        flags: list[list[bool]] = []
        link_of: dict[tuple[str, ...], list[float]] = defaultdict(list)
        for k, (a, b) in sorted(occurrences.items()):
            p = self.pairs[k]
            links, score = self._links(p)
            content = sum(1 for i in range(a, b) if not p.piv_fw[i]) or (b - a)
            got = _span_for((a, b), links, p.fw, MAX_SPAN_FACTOR * content + 2, score)
            if got is None:
                continue
            s, e, _ = got
            key = tuple(t.norm for t in p.toks[s:e])
            spans.append(key)
            flags.append(p.fw[s:e])
            ij = [(i, j) for i, j in links if a <= i < b and s <= j < e]
            link_of[key].append(float(sum(score[i, j] for i, j in ij) / max(len(ij), 1)))
        info["spans"] = len(spans)
        if not spans:
            return None, info
        cands = set()
        for key, fl in zip(spans, flags):
            for x in range(len(key)):
                if fl[x]:
                    continue
                for y in range(x + 1, len(key) + 1):
                    if not fl[y - 1]:
                        cands.add(key[x:y])
        occ_norms = {k: tuple(t.norm for t in self.pairs[k].toks) for k in occurrences}
        rows = []
        for key in cands:
            aligned = sum(1.0 if self.same(sp, key) else NESTED_WEIGHT for sp in spans if self.nested(sp, key))
            cover = sum(1 for k in occurrences if self.holds(k, key))
            freq = self.key_frequency(key)
            dice = 2 * cover / (n + freq)
            rows.append((round(dice + ALIGNED_WEIGHT * aligned / n, 9), len("".join(key)), key, dice, aligned,
                         cover, freq))
        _, _, best, dice, aligned, cover, freq = max(rows)
        consistency = cover / n
        link = (sum(link_of[best]) / len(link_of[best])) if link_of.get(best) else 0.0
        info.update({"consistency": consistency, "dice": dice, "aligned": aligned / n, "link": link,
                     "candidates": len(cands)})
        strong = n >= STRONG_OCCURRENCES and consistency >= STRONG_SHARE and dice >= STRONG_SHARE
        if consistency < MIN_CONSISTENCY or dice < MIN_DICE or aligned / n < (MIN_ALIGNED_STRONG if strong
                                                                                else MIN_ALIGNED):
            return None, info
        best = self._extend(best, occurrences)
        info["key"] = best
        if n < 2 and _word_level:
            return None, info
        if n <= FEW_OCCURRENCES and not _word_level:
            k, (a, b) = next(iter(occurrences.items()))
            p = self.pairs[k]
            words = [p.piv[i] for i in range(a, b) if not p.piv_fw[i]]
            cut, contradicted = self._explained(words, best, strict=n < 2)
            if cut is None and (n < 2 or contradicted):
                info["unexplained"] = 1.0
                return None, info
            best = cut or best
            info["key"] = best
        c = _Candidate(best)
        for k in sorted(occurrences):
            p = self.pairs[k]
            norms = occ_norms[k]
            if self.code == "zh":
                at = p.text.lower().find("".join(best))
                if at >= 0:
                    end = at + len("".join(best))
                    c.surfaces[p.text[at:end]] += 1
                    c.clean[p.text[at:end]] += 1
                    if c.first is None:
                        c.first = (p.seg_id, _sentence_of(p.text, at, end))
                    continue
            for x in range(len(norms) - len(best) + 1):
                if norms[x:x + len(best)] == best:
                    surface, clean, initial = self._surface(p, x, x + len(best))
                    c.surfaces[surface] += 1
                    if initial:
                        c.initial[surface] += 1
                    if clean:
                        c.clean[surface] += 1
                    if c.first is None:
                        c.first = (p.seg_id, _sentence_of(p.text, p.toks[x].start, p.toks[x + len(best) - 1].end))
                    break
        text = self._choose_surface(c)
        confidence = round(0.45 * consistency + 0.35 * dice + 0.2 * min(1.0, aligned / n), 4)
        assert c.first is not None      # ``best`` was found in the occurrences it was drawn from
        seg_id, sentence = c.first
        lt = LanguageTerms(
            [ConceptTerm(text, variants=[v for v in c.surfaces if v != text][:5], freq=freq)],
            context=Occurrence(seg_id, sentence, _label(self.alignment.target)),
            confidence=confidence,
            evidence={"consistency": round(consistency, 4), "dice": round(dice, 4),
                      "aligned": round(aligned / n, 4), "link": round(link, 4), "occurrences": float(n),
                      "freq": float(freq), "candidates": float(len(cands))})
        return lt, info

    def _choose_surface(self, c: _Candidate) -> str:
        """The output form among the surfaces of the chosen span: without a separable proclitic
        (Arabic) where there is one, then the definite form (Arabic), a form with a nominative
        (Russian), a form not capitalised only because it opens the segment; then the most frequent."""
        pool = Counter(c.clean if c.clean else c.surfaces)
        if self.code == "ar":      # the definite form is the citation form of an Arabic term
            pool = Counter({s: k for s, k in pool.items() if normalise_arabic(s).startswith("ال")}) or pool
            plain = Counter({s: k for s, k in pool.items() if "\u0640" not in s})
            pool = plain or pool
        if _lang.get(self.code).cased:
            lower = {s.casefold() for s in pool if s[:1] == s[:1].lower()}
            pool = Counter({s: k for s, k in pool.items()
                            if not (s in c.initial and s[:1] != s[:1].lower() and s.casefold() in lower)}) or pool
        if self.code == "ru":
            nom = Counter({s: k for s, k in pool.items() if _ru_nominative_phrase(s)})
            pool = nom or pool
        text = max(pool, key=lambda s: (pool[s], -len(s), s))
        if self.code == "ar":      # tatweel (kashida) stretches a line; it is no letter of the term
            text = text.replace("\u0640", "")
        return text

    def project_acronym(self, acronym: str) -> tuple[ConceptTerm | None, dict]:
        form = tuple(tokenize(acronym))
        ks = self._pairs_with(form)
        info: dict[str, float] = {"occurrences": len(ks)}
        if not ks:
            return None, info
        counts: Counter = Counter()
        linked: Counter = Counter()
        for k in ks:
            p = self.pairs[k]
            found = {m.group() for m in _ACRONYM.finditer(p.text)}
            counts.update(found)
            i = _find(p.piv, form)
            links, _ = self._links(p)
            for ii, j in links:
                if i <= ii < i + len(form) and p.toks[j].surface in found:
                    linked[p.toks[j].surface] += 1
        if not counts:
            return None, info
        best = max(counts, key=lambda a: (counts[a], linked[a], a))
        consistency = counts[best] / len(ks)
        freq = sum(1 for p in self.pairs if re.search(rf"(?<!\w){re.escape(best)}(?!\w)", p.text))
        dice = 2 * counts[best] / (len(ks) + freq)
        info.update({"consistency": consistency, "dice": dice})
        if consistency < MIN_CONSISTENCY or dice < MIN_DICE:
            return None, info
        return ConceptTerm(best, ACRONYM, freq=freq), info


def _label(doc: Document) -> str | None:
    from toolkit.glossary import document_label

    return document_label(doc)


def settings() -> dict:
    """Every setting of a projection, as recorded in the glossary signature (without the prefix)."""
    return {
        "method": "align+ibm1-both+grow-diag-final-and",
        "min_consistency": MIN_CONSISTENCY, "min_dice": MIN_DICE, "min_aligned": MIN_ALIGNED, "strong_occurrences": STRONG_OCCURRENCES,
        "strong_share": STRONG_SHARE, "min_aligned_strong": MIN_ALIGNED_STRONG, "link_threshold": LINK_THRESHOLD, "single_check": SINGLE_CHECK, "few_occurrences": FEW_OCCURRENCES,
        "max_pair_tokens": MAX_PAIR_TOKENS, "max_span_factor": MAX_SPAN_FACTOR, "nested_weight": NESTED_WEIGHT,
        "ibm_iterations": IBM_ITERATIONS, "grow_threshold": GROW_THRESHOLD, "aligned_weight": ALIGNED_WEIGHT, "grow_gap": GROW_GAP, "max_extend": MAX_EXTEND, "extend_min_freq": EXTEND_MIN_FREQ, "zh_tokenizer": zh_tokenizer_label(), "ru_lemmas": ru_lemmas_label(),
        "ar_clitics": "w,f+b,l,k+al", "confidence": "0.45*consistency+0.35*dice+0.2*aligned",
    }


def _forms(entry: GlossaryEntry, side: str) -> tuple[list[tuple[str, ...]], list[str]]:
    """(the entry's pivot forms as token tuples, its pivot acronyms)."""
    more = entry.tgt_terms if side == "tgt" else entry.src_terms
    acronyms = [c.text for c in more if c.term_type == ACRONYM]
    acr = {a.casefold() for a in acronyms} | {v.casefold() for c in more if c.term_type == ACRONYM
                                              for v in c.variants}
    from toolkit.model import entry_forms

    forms = []
    for f in entry_forms(entry, side):
        toks = tuple(tokenize(f))
        if toks and f.casefold() not in acr and toks not in forms:
            forms.append(toks)
    return forms, acronyms


def project_glossary(glossary: Glossary, pivot_doc: Document, others: Mapping[str, Document | None], *,
                     model=None, classes: tuple[str, ...] | None = None) -> Glossary:
    """A copy of ``glossary`` whose entries carry their terms in the languages of ``others``.

    ``pivot_doc`` is the document in the glossary's target language (or its source language);
    ``others`` maps a language code to that language's version of the same document.  A missing
    one (None, no segments) is skipped with a warning in ``glossary.warnings``; the others are
    still projected.  ``model`` is the encoder the aligner uses; ``classes`` limits the entries
    projected (default: all).  Every setting goes into the signature under ``projection.*``."""
    from toolkit.align import align_documents
    from toolkit.langid import base_lang

    pivot = base_lang(pivot_doc.language)
    if pivot == base_lang(glossary.tgt_lang):
        side = "tgt"
    elif pivot == base_lang(glossary.src_lang):
        side = "src"
    else:
        raise InputError(f"the pivot document is in {pivot_doc.language!r}, the glossary is "
                         f"{glossary.src_lang}-{glossary.tgt_lang}: the pivot must be one of its languages")
    out = copy.deepcopy(glossary)
    sig = out.signature or Signature(toolkit_version=_version(), src_lang=glossary.src_lang,
                                     tgt_lang=glossary.tgt_lang)
    out.signature = sig
    params = {f"projection.{k}": v for k, v in settings().items()}
    params["projection.pivot"] = pivot
    if classes:
        params["projection.classes"] = ",".join(classes)
    entries = [e for e in out.entries if not classes or e.entry_class in classes]
    forms = {id(e): _forms(e, side) for e in entries}
    done = []
    for code, doc in others.items():
        lc = base_lang(code)
        if doc is None or not getattr(doc, "segments", None):
            out.warnings.append(f"projection: no {lc} document (missing or empty): {lc} not projected")
            continue
        if lc in (base_lang(glossary.src_lang), base_lang(glossary.tgt_lang)):
            out.warnings.append(f"projection: {lc} is a language of the glossary itself: not projected")
            continue
        alignment = align_documents(pivot_doc, doc, model=model)
        proj = _Projector(alignment, _lang.get(lc).code, pivot)
        if proj.skipped:
            out.warnings.append(f"projection {lc}: {proj.skipped} aligned pairs longer than {MAX_PAIR_TOKENS} "
                                f"tokens left out")
        for e in entries:
            fs, acronyms = forms[id(e)]
            lt, _ = proj.project(fs)
            if lt is None:
                continue
            for a in acronyms:
                ct, _ = proj.project_acronym(a)
                if ct is not None and ct.text.casefold() != lt.head.casefold():
                    lt.terms.append(ct)
            e.other_languages[lc] = lt
        if doc.checksum:
            sig.inputs[f"proj.{lc}"] = doc.checksum
        done.append(lc)
    params["projection.langs"] = ",".join(done)
    sig.params.update(params)
    return out


def _version() -> str:
    from toolkit import __version__

    return __version__
