"""Monolingual term candidates and termhood (spaCy).

Candidates are noun phrases matched by part-of-speech patterns that fit each
language (French ``NOUN ADJ* ((de|du|des|d'|pour|contre|à|en...) DET? NOUN ADJ*)*``,
English ``(ADJ|NOUN)* NOUN (of (the)? (ADJ|NOUN)* NOUN)*``), names of bodies and
instruments (capitalised heads, with the connectors names use: "Office des
Nations Unies contre la drogue et le crime", "Office on Drugs and Crime") and
acronyms ("UNODC", "ONU-Femmes").  They are counted by a lemma key (personnes
→ personne) and ranked by C-value, which rewards recurring multi-word units
and penalises strings that mostly occur nested inside longer terms; general
words of resolutions ("mesure", "effort", "measure") are discounted.

The package, one module per job (each imports only those above it)::

    languages       base_lang, the language-keyed tables (SPACY_MODELS, GENERAL_WORDS, GENERAL_HEADS)
    spacy_pipeline  load_spacy, parse_texts, split_long_text, pipeline_label
    tokens          token records and classes, the grammars' classifiers and tagger corrections
    patterns        the candidate grammars (which spans are candidates), heads, compounds
    grammar         the grammars by name, the languages term extraction supports
    general         general-language frequency (wordfreq): specificity, count_words
    reference       the UN-corpus reference counts (established terminology)
    candidates      candidates by lemma key, acronym expansions
    ranking         C-value, fragments, general heads, is_general
    table           terms_dataframe, terms_signature
    (this module)   extract_terms, term_candidates and the per-process cache

The words of each language are in its profile (:mod:`toolkit.lang`, the
``term_*`` fields); its ``term_grammar`` names the grammar.  A language
without one (Spanish, Russian, Arabic, Chinese today) has no term extraction:
:func:`extract_terms` raises :class:`UnsupportedTermLanguage`.
"""
from __future__ import annotations

import hashlib
import unicodedata
from collections import Counter, OrderedDict, defaultdict

from toolkit.errors import InputError
from toolkit.model import Document, Term
from toolkit.terms import reference as _reference
from toolkit.terms.candidates import _apply_expansions, _Cand, _collect, _plain, _settle_initial_capitals
from toolkit.terms.general import (count_words, general_language_source, specificity,
                                   specificity_factor)
from toolkit.terms.grammar import GRAMMARS, Grammar, UnsupportedTermLanguage, term_language, term_languages
from toolkit.terms.languages import GENERAL_HEADS, GENERAL_WORDS, SPACY_MODELS, base_lang
from toolkit.terms.patterns import MAX_TERM_TOKENS, MAX_TITLE_TOKENS
from toolkit.terms.ranking import COMPOUND_BONUS, FRAGMENT_SHARE, _rank, is_general
from toolkit.terms.reference import (REFERENCE_DIR, REFERENCE_FULL_DOCS, REFERENCE_WEIGHT, _self_docs,
                                     reference_docs, reference_factor, reference_index, reference_label)
from toolkit.terms.spacy_pipeline import (PIECE_CHARS, _pipeline_name, _stop_words, load_spacy, parse_texts,
                                          pipeline_label, split_long_text)
from toolkit.terms.table import terms_dataframe, terms_signature
from toolkit.terms.tokens import _lexicon, _sentences, _tokens

__all__ = [
    "COMPOUND_BONUS", "FRAGMENT_SHARE", "GENERAL_HEADS", "GENERAL_WORDS", "GRAMMARS", "MAX_TERM_TOKENS",
    "MAX_TITLE_TOKENS", "MIN_WORDS", "PIECE_CHARS", "REFERENCE_DIR", "REFERENCE_FULL_DOCS", "REFERENCE_WEIGHT",
    "SPACY_MODELS", "Grammar", "UnsupportedTermLanguage", "base_lang", "cached_candidates", "count_words",
    "extract_terms", "general_language_source", "is_general", "load_spacy", "parse_texts", "pipeline_label",
    "reference_docs", "reference_factor", "reference_index", "reference_label", "specificity",
    "specificity_factor", "split_long_text", "term_candidates", "term_language", "term_languages",
    "terms_dataframe", "terms_signature",
]

MIN_WORDS = 30          # below this a ranking by termhood means nothing


def _segments_of(doc: Document):
    return [s for s in doc.segments if s.text and s.text.strip()]


# Candidates of the last documents processed, so that the glossary can use
# the nested candidates of a document the pipeline has just ranked without
# parsing it again.  (Here, not in a submodule: tests replace
# ``toolkit.terms._CACHE`` and ``toolkit.terms.load_spacy``, which _extract reads.)
_CACHE: OrderedDict[tuple, tuple[list[Term], list[Term]]] = OrderedDict()
_CACHE_SIZE = 8
_CACHE_PIPELINE: dict[tuple, str] = {}


def _doc_key(doc: Document) -> tuple:
    h = hashlib.sha1()
    for s in doc.segments:
        h.update(s.id.encode("utf-8") + b"\0" + s.text.encode("utf-8") + b"\1")
    return (base_lang(doc.language), h.hexdigest())


def cached_candidates(doc: Document) -> tuple[list[Term], list[Term]] | None:
    """(ranked, extras) of ``doc`` if it was processed in this process, else ``None``."""
    return _CACHE.get(_doc_key(doc))


def term_candidates(doc: Document, nlp=None, *, min_words: int = MIN_WORDS,
                    reference: bool | None = None) -> list[Term]:
    """All candidates of ``doc``: ranked terms first, then nested fragments (score 0).

    Raises :class:`UnsupportedTermLanguage` for a language without a term grammar."""
    ranked, extras = _extract(doc, nlp, min_words, reference)
    return ranked + extras


def extract_terms(doc: Document, nlp=None, *, top: int | None = None,
                  min_words: int = MIN_WORDS, reference: bool | None = None) -> list[Term]:
    """Term candidates of ``doc`` ranked by termhood (best first).

    Fragments of longer candidates are left out (see :func:`term_candidates`).
    Raises :class:`InputError` when the document is too short for a ranking
    to mean anything, :class:`UnsupportedTermLanguage` for a language without
    a term grammar (:func:`term_languages` lists those with one).
    """
    ranked, _ = _extract(doc, nlp, min_words, reference)
    ranked = list(ranked)
    return ranked[:top] if top is not None else ranked


def _extract(doc: Document, nlp, min_words: int, reference: bool | None = None) -> tuple[list[Term], list[Term]]:
    lang = base_lang(doc.language)
    if not lang:
        raise InputError("the document's language is unknown: give it (--lang fr / en)")
    profile, grammar = term_language(doc.language)      # UnsupportedTermLanguage: no silent fallback
    lang = profile.code
    if nlp is None:
        nlp = load_spacy(lang)
    doc_key = _doc_key(doc)
    hit = _CACHE.get(doc_key)
    use_ref = _reference.USE_REFERENCE if reference is None else bool(reference)
    ref = reference_index(lang) if use_ref else None
    run_name = f"{_pipeline_name(nlp)}|ref={ref is not None}"
    if hit is not None and _CACHE_PIPELINE.get(doc_key) == run_name:
        _CACHE.move_to_end(doc_key)
        return hit
    segs = _segments_of(doc)
    n_words = count_words(doc)
    if n_words < min_words:
        raise InputError(
            f"text too short to rank terms ({n_words} words; at least {min_words} needed)"
        )
    stops = _stop_words(nlp)
    lemma_of: dict[str, Counter] = defaultdict(Counter)
    parsed = []
    texts = [unicodedata.normalize("NFC", s.text) for s in segs]
    lex = _lexicon(nlp)
    for seg, sdoc in zip(segs, parse_texts(nlp, texts)):
        # Keep the text, sentences and token records, not the spaCy Doc (its arrays and tensor
        # are several times the size of the text: a whole document on one line needs that memory).
        parsed.append((seg, sdoc.text, [sent.text.strip() for sent in _sentences(sdoc)],
                       _tokens(profile, grammar, sdoc, lemma_of, stops, lex)))
    lemma_map = {w: _plain(c.most_common(1)[0][0]) for w, c in lemma_of.items()}
    _settle_initial_capitals(sents for _seg, _text, _sentences, sents in parsed)
    cands, expansions = _collect(profile, grammar, parsed, lemma_map, stops)

    ref_docs = None
    if ref is not None:
        own = _self_docs(ref, texts)

        def ref_docs(c: _Cand) -> int:
            return reference_docs(ref, c.forms, own)
    terms, extras = _rank(profile, grammar, cands, n_words, ref_docs)
    _apply_expansions(profile, terms, extras, expansions)
    terms.sort(key=lambda t: (-t.score, -t.freq, t.text))
    _CACHE[doc_key] = (terms, extras)
    _CACHE_PIPELINE[doc_key] = run_name
    while len(_CACHE) > _CACHE_SIZE:
        old_key, _ = _CACHE.popitem(last=False)
        _CACHE_PIPELINE.pop(old_key, None)
    return terms, extras
