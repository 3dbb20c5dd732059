"""Token records: spaCy tokens reduced to the coarse classes the patterns work on.

spaCy's small models tag noisily (PROPN for NOUN, a participle as VERB, the
French elision "l’" as NOUN), so the patterns work on coarse token classes
computed here rather than on raw tags.  The classifier and the sentence-level
corrections of each grammar (:mod:`toolkit.terms.grammar`) read their word
lists from the language profile (:class:`toolkit.lang.LanguageProfile`).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from toolkit.lang import LanguageProfile

if TYPE_CHECKING:
    from toolkit.terms.grammar import Grammar

# Token classes used by the patterns ("Y": a year after "de", "Sommet mondial de 2005").
N, A, PREP, DET, CONJ, ADVQ, GER, OTHER = "N", "A", "P", "D", "C", "Q", "G", "O"

_APOS = str.maketrans({"’": "'", "ʼ": "'", "‘": "'"})
_HYPHENS = "-‐‑"


@dataclass
class _Tok:
    text: str          # surface text (hyphenated compounds joined)
    lower: str         # lower case, apostrophes normalised
    lemma: str         # key used for counting
    cls: str           # token class for the patterns
    cap: bool          # capitalised (and not merely sentence-initial)
    start: int         # character offsets in the spaCy doc text
    end: int
    part: bool = False  # participle (trailing participles are stripped)
    acronym: bool = False
    tag: str = ""       # fine-grained tag of the (last) spaCy token
    initial: bool = False   # first word of a sentence / segment (its capital proves nothing)


_ACRONYM = re.compile(r"^[A-ZÀ-Ý]{2,}[A-Za-zÀ-ÿ0-9&/\-‐]*$")
_ROMAN = re.compile(r"^[IVXLC]+$")
_HAS_LETTER = re.compile(r"[^\W\d_]")
_LABEL = re.compile(r"^\(?\d+(?:\.[\da-z]{1,2})+\)?$|^\(?[a-z]\)$")   # "1.3.1", "2.a", "(a)"
_YEAR = re.compile(r"^((?:19|20)\d\d)(\d{1,2})?$")     # "2005", "20052" (a footnote glued to it)
_GLUED_NOTE = re.compile(r"^([^\W\d_]{3,})(\d{1,2})$")   # "organisée4": a footnote marker
_SENT_END = {".", "!", "?", ";", ":", "…"}


def _is_acronym(text: str) -> bool:
    if not _ACRONYM.match(text) or _ROMAN.match(text):
        return False
    head = re.split(r"[-‐/]", text)[0]
    return len(head) >= 2 and head.isupper()


_LEXICONS: dict[int, tuple[frozenset, frozenset]] = {}


def _lexicon(nlp) -> tuple[frozenset, frozenset]:
    """(verbs, nouns) known to the pipeline's lemmatiser tables, if it has them.

    Used to overrule a tag the small English model gets wrong ("to
    climate/VB change"): a word the tables know as a noun and never as a verb.
    """
    key = id(nlp)
    if key not in _LEXICONS:
        verbs: frozenset = frozenset()
        nouns: frozenset = frozenset()
        try:
            idx = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
            verbs = frozenset(idx["verb"]) if "verb" in idx else frozenset()
            nouns = frozenset(idx["noun"]) if "noun" in idx else frozenset()
        except Exception:  # pipelines without these tables: trust the tagger
            pass
        _LEXICONS[key] = (verbs, nouns)
    return _LEXICONS[key]


# ------------------------------------------------------------ classifiers


def _classify_romance(p: LanguageProfile, tok, lower: str, stops: set[str], lex=None) -> tuple[str, bool]:
    """Coarse class of a spaCy token, French tagging (robust to the small model's noise)."""
    pos = tok.pos_
    if lower in p.months or not _HAS_LETTER.search(lower) or _LABEL.match(lower):
        return OTHER, False
    if lower in p.term_always_adjectives:
        return A, False
    if lower in p.term_elided_stops:
        return OTHER, False
    if lower in p.term_determiners:
        return DET, False
    if lower in p.term_genitive_preps or lower in p.term_prepositions or lower in p.term_name_prepositions:
        return PREP, False
    if lower in p.term_conjunctions:
        return CONJ, False
    if lower in p.term_degree_adverbs:
        return ADVQ, False
    if pos in ("NOUN", "PROPN"):
        return N, False
    if pos in ("ADJ", "VERB") and (lower.endswith(p.noun_suffixes_sure) or (
            lower.endswith(p.noun_suffixes) and "Part" not in tok.morph.get("VerbForm"))):
        return N, False     # "seuil de pauvreté/ADJ", "enregistrement/VERB des naissances"
    if pos == "VERB" and lower.endswith(p.adj_suffixes) and "Part" not in tok.morph.get("VerbForm"):
        return A, False     # "États insulaires/VERB", "couverture sanitaire/VERB"
    if pos == "ADJ":
        return A, "Part" in tok.morph.get("VerbForm")
    if (pos in ("VERB", "AUX") and "Part" in tok.morph.get("VerbForm")
            and not lower.endswith(p.present_participle_suffixes)):
        return A, True
    # The small model tags some adjectives as adverbs ("êtres humains").
    if (pos == "ADV" and lower not in stops and not lower.endswith(p.adverb_suffixes)
            and lower not in p.term_non_adj_adverbs and lower.isalpha()):
        return A, False
    if pos == "X" and _HAS_LETTER.search(tok.text) and tok.text[:1].isupper():
        return N, False
    return OTHER, False


def _classify_english(p: LanguageProfile, tok, lower: str, stops: set[str], lex=None) -> tuple[str, bool]:
    """Coarse class of a spaCy token, English (Penn Treebank) tagging."""
    pos = tok.pos_
    if lower in p.months or not _HAS_LETTER.search(lower) or _LABEL.match(lower):
        return OTHER, False
    if lower in p.term_prepositions or lower in p.term_name_prepositions:
        return PREP, False
    if lower in p.term_determiners:
        return DET, False
    if lower in p.term_conjunctions:
        return CONJ, False
    if lower in p.term_degree_adverbs:
        return ADVQ, False
    if pos in ("NOUN", "PROPN"):
        if tok.tag_ == "VBG":
            return GER, False
        return N, False
    if pos == "ADJ":
        return A, False
    if tok.tag_ == "VBG":
        return GER, False
    if tok.tag_ == "VBN":
        return A, True
    if tok.tag_ in ("VB", "VBP") and lex is not None and lex[1] and lower in lex[1] and lower not in lex[0]:
        return N, False     # "to climate/VB change"
    if pos == "X" and _HAS_LETTER.search(tok.text) and tok.text[:1].isupper():
        return N, False
    return OTHER, False


# ------------------------------------------------ sentence-level corrections


def _refine_english(p: LanguageProfile, toks: list[_Tok], stops: set[str]) -> None:
    """Imperatives of targets tagged as nouns ("and combat hepatitis"), and
    past forms inside a noun phrase ("landlocked/VBD developing countries")."""
    for k, tk in enumerate(toks[:-1]):
        if (tk.cls == OTHER and tk.tag == "VBD" and toks[k + 1].cls in (N, GER)
                and (k == 0 or toks[k - 1].cls not in (N,))):
            tk.cls, tk.part = A, True
    for k, tk in enumerate(toks):
        if tk.lower in p.term_verbs and (k == 0 or toks[k - 1].cls not in (N, A, GER)):
            tk.cls = OTHER


def _refine_romance(p: LanguageProfile, toks: list[_Tok], stops: set[str]) -> None:
    """French tagging errors and the phrases that look like nouns but are not."""
    # A French "adjective" or "verb" right after a determiner or "de" and not
    # followed by a noun is a noun the small model mis-tagged ("de
    # vieillesse/ADJ ou", "l'asile/ADJ en", "l'amitié/VERB entre").
    for k in range(1, len(toks)):
        tk = toks[k]
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        if (tk.tag in ("ADJ", "VERB") and tk.cls in (A, OTHER) and tk.lower.isalpha()
                and toks[k - 1].cls in (DET, PREP) and toks[k - 1].lower != "en" and tk.lower not in stops
                and not (tk.tag == "VERB" and tk.lower.endswith(("er", "ir", "re", "oir", "ant")))
                and tk.lower not in p.term_pre_adjectives and (nxt is None or nxt.cls not in (N, A))):
            tk.cls, tk.part = N, False
    for k, tk in enumerate(toks):
        prev = toks[k - 1] if k else None
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        if tk.lower in p.term_lexicalised_participles and prev is not None and prev.cls in (N, A):
            tk.cls, tk.part = A, False
        # "en sa qualité de coordonnateur": a complex preposition, not a noun.
        if (tk.lower == "qualité" and prev is not None and prev.lower in p.term_possessives
                and nxt is not None and nxt.lower in p.term_genitive_preps):
            tk.cls = OTHER
        # "à l'échelle mondiale" (worldwide): an adverbial of scope, not a noun phrase.
        if (tk.lower == "échelle" and prev is not None and prev.lower == "l'" and k >= 2
                and toks[k - 2].lower == "à" and nxt is not None and nxt.cls == A):
            tk.cls = nxt.cls = OTHER
        # Adjectives that open a preambular clause ("Consciente de l'importance ...").
        if tk.lower in p.term_preamble_adjectives:
            tk.cls = OTHER
        # "du monde entier" (worldwide): an adverbial, not a complement of the noun.
        if tk.lower in ("entier", "entière") and prev is not None and prev.lower == "monde":
            tk.cls = prev.cls = OTHER
        # "les meilleures pratiques/ADJ": after a determiner and a pre-nominal
        # adjective, a word not followed by a noun is the noun.
        if (tk.cls == A and prev is not None and prev.lower in p.term_pre_adjectives and k >= 2
                and toks[k - 2].cls == DET and (nxt is None or nxt.cls not in (N, A))):
            tk.cls, tk.part = N, False
        # "Sommet mondial de 20052": a year after "de", with a footnote number glued to it.
        m = _YEAR.match(tk.text)
        if m and prev is not None and prev.lower == "de" and k >= 2 and toks[k - 2].cls in (N, A):
            if m.group(2):
                tk.text = tk.lower = tk.lemma = m.group(1)
                tk.end = tk.start + 4
            tk.cls = "Y"
    # "au regard de", "au cours de", "en matière de": complex prepositions, not nouns.
    for k in range(1, len(toks) - 1):
        if (toks[k].lower == "encontre" and toks[k - 1].lower == "l'"
                and toks[k + 1].lower in p.term_genitive_preps):
            toks[k].cls = OTHER     # "à l'encontre de" (read as one preposition in _ends_romance)
        if (toks[k].lower in p.term_prep_nouns and toks[k - 1].lower in ("au", "à", "l'", "en", "par")
                and toks[k + 1].lower in p.term_genitive_preps):
            toks[k].cls = OTHER


def _glued_note_romance(p: LanguageProfile, lower: str) -> tuple[str, bool]:
    """Class of a word the tagger saw with a footnote number glued to it ("organisée4", "enfants12")."""
    return (A, True) if lower.endswith(p.past_participle_suffixes) else (N, False)


# ----------------------------------------------------------------- sentences


def _sentences(sdoc) -> list:
    """spaCy's sentences, rejoined where the parser cut one without any end punctuation
    (the small French model cuts "l’Entité des Nations | Unies pour ..." and "Prie l’ | ...")."""
    out: list = []
    for sent in sdoc.sents:
        if out and out[-1][-1].text not in _SENT_END and not out[-1][-1].text.endswith("."):
            out[-1] = sdoc[out[-1].start:sent.end]
        else:
            out.append(sent)
    return out


def _tokens(p: LanguageProfile, grammar: Grammar, sdoc, lemma_of: dict[str, Counter], stops: set[str],
            lex=None) -> list[list[_Tok]]:
    """Sentences of class-tagged tokens, hyphenated compounds joined."""
    classify = grammar.classify
    sents: list[list[_Tok]] = []
    doc_text = sdoc.text        # spaCy rebuilds Doc.text on every access: once per doc, not per token
    for sent in _sentences(sdoc):
        toks: list[_Tok] = []
        raw = list(sent)
        i = 0
        while i < len(raw):
            t = raw[i]
            # Join "ONU - Femmes", "UN - Women", "small - scale" written without spaces.
            j = i
            while (j + 2 < len(raw) and raw[j + 1].text in _HYPHENS and not raw[j].whitespace_
                   and not raw[j + 1].whitespace_ and _HAS_LETTER.search(raw[j + 2].text)):
                j += 2
            if j > i:
                end = raw[j].idx + len(raw[j].text)
                text = doc_text[t.idx:end]
                lower = text.lower().translate(_APOS)
                cls, part = classify(p, raw[j], lower, stops)
                if cls not in (N, A):
                    # "ONU-Femmes", "UN-Women" are names; "au-dessous", "c'est-à-dire" are not.
                    cls = N if (t.text[:1].isupper() or t.pos_ in ("NOUN", "PROPN", "ADJ")) else OTHER
                if t.text.lower() in stops or t.pos_ in ("ADP", "ADV", "PRON", "DET"):
                    cls = OTHER
                toks.append(_Tok(text, lower, lower, cls, text[:1].isupper(), t.idx, end, part,
                                 _is_acronym(text), raw[j].tag_, t.i == sent.start and not _is_acronym(text)))
                i = j + 1
                continue
            text = t.text
            m = _GLUED_NOTE.match(text)
            if m:
                text = m.group(1)
            lower = text.lower().translate(_APOS)
            sent_start = t.i == sent.start
            cls, part = classify(p, t, lower, stops, lex)
            if m and cls == OTHER and grammar.glued_note is not None and lower not in stops:
                # The tagger saw "organisée4", "enfants12": class the word without its marker.
                cls, part = grammar.glued_note(p, lower)
            acronym = _is_acronym(text)
            if acronym:
                cls = N
            # Capitalisation at the start of a sentence says nothing about names: such a
            # capital is kept only if the word is capitalised inside sentences elsewhere
            # (decided for the whole document, see candidates._settle_initial_capitals).
            cap = text[:1].isupper()
            lemma = t.lemma_.lower().translate(_APOS) if cls in (N, A) and not acronym else lower
            if m:
                lemma = lower
            if cls in (N, A):
                lemma_of[lower][lemma] += 1
            toks.append(_Tok(text, lower, lemma, cls, cap, t.idx, t.idx + len(text), part, acronym, t.tag_,
                             sent_start and not acronym))
            i += 1
        if grammar.refine is not None:
            grammar.refine(p, toks, stops)
        # Verbal phrases ("mise en œuvre": implementation) are not term heads.
        for phrase in p.term_verbal_phrases:
            w = len(phrase)
            for k in range(len(toks) - w + 1):
                if all(toks[k + d].lower == phrase[d] for d in range(w)):
                    for d in range(w):
                        toks[k + d].cls = OTHER
        # The first word of a resolution paragraph (after its number) is its
        # verb ("Rappelant", "Decides", "Demande aux"), which the small
        # models often tag as a noun.
        k0 = 0
        while k0 < len(toks) and not _HAS_LETTER.search(toks[k0].text) or (
                k0 + 1 < len(toks) and len(toks[k0].text) <= 2 and toks[k0 + 1].text in (")", ".")):
            k0 += 1
        for k in range(1, len(toks)):
            # After a numbering label ("1.1.1 Proportion", "a) Promouvoir") a word starts
            # a sentence of its own, wherever the sentence splitter put it.
            if _LABEL.match(toks[k - 1].lower) or (toks[k - 1].text == ")" and k > 1 and len(toks[k - 2].text) <= 3):
                toks[k].initial = toks[k].initial or not toks[k].acronym
        if k0 < len(toks):
            t0 = toks[k0]
            t0.initial = t0.initial or not t0.acronym   # "a) Promouvoir", "1. Décide"
            nxt = toks[k0 + 1] if k0 + 1 < len(toks) else None
            if t0.cls in (N, A, GER) and not t0.acronym and (
                t0.lower.endswith(p.term_initial_verb_suffixes) or nxt is None
                or (nxt.lower in p.segment_initial_next
                    and not (nxt.lower in p.term_genitive_preps and t0.lower.endswith(p.term_initial_noun_suffixes)))
                or nxt.text in (",", ":", ";")
            ) and not (nxt is not None and nxt.cap and nxt.cls in (N, A)):
                t0.cls = OTHER
        sents.append(toks)
    return sents
