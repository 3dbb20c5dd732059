"""Language profiles: everything language-specific the segmenter, the sentence
splitter, the front-matter reader and the word aligner know about a language.

One module per language (``fr.py``, ``en.py``, ``es.py``, ``ru.py``, ``ar.py``,
``zh.py``) defines ``PROFILE``, a frozen :class:`LanguageProfile`.  The rest of
the toolkit never hard-wires words of a language; it asks the registry::

    from toolkit import lang
    fr = lang.get("fr-FR")            # BCP 47: "fr", "fr-CA", "zh-Hans", "zh-CN", "ar-EG" ...
    fr.abbreviations, fr.months, fr.preamble_words ...
    lang.supported()                  # ("ar", "en", "es", "fr", "ru", "zh")
    lang.find("de")                   # None: unsupported, no error
    lang.get("de")                    # UnsupportedLanguage (a ToolkitError) naming the supported ones

There is no silent fallback to English: :func:`get` raises for an unsupported
language.  Code that must work on any text whatever its language (the UN
structure of a document whose language is not known yet, German text of a
benchmark) uses :func:`neutral`, the union of all profiles (a document's
structure markers are recognised in every language at once).

Adding a language
-----------------
1. Write ``toolkit/lang/<code>.py`` defining ``PROFILE = LanguageProfile(code=..., ...)``
   (copy the closest existing module; every field has a default, so fill in
   what the language needs).
2. Add the code to :data:`MODULES` below.
3. Add its tests: sentence splitting and a resolution-shaped mini text in
   ``tests/test_lang_<code>.py`` (see ``tests/test_lang_profiles.py``), and, when
   the shared data has the language, its UDHR/SDG corpora
   (``corpora/build_corpora.py``, ``tests/test_segment_multilingual.py``).

Term extraction (:mod:`toolkit.terms`) needs a ``term_grammar`` (a grammar of
:data:`toolkit.terms.grammar.GRAMMARS`: "romance-np" for French, "english-np"
for English), ``spacy_models`` and the word lists its grammar reads (the
``term_*`` and ``*_suffixes`` fields, ``general_words``, ``general_heads``).
A profile without them is fine for everything else; term extraction then raises
:class:`toolkit.terms.UnsupportedTermLanguage`.  A new language whose grammar
is one of these is one profile file; one whose grammar differs adds a grammar
to ``toolkit/terms/grammar.py``.

Adding a field: give it a default in :class:`LanguageProfile`, so that modules
that do not set it keep working; :func:`neutral` merges set/tuple/mapping fields
automatically (term fields, marked by ``_term``, are left empty).
"""
from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache, cache
from types import MappingProxyType
from typing import Any

from toolkit.errors import ToolkitError

__all__ = [
    "MODULES",
    "LanguageProfile",
    "UnsupportedLanguage",
    "find",
    "get",
    "neutral",
    "normalise_code",
    "profiles",
    "supported",
]

#: language code -> module under toolkit.lang (one file per language)
MODULES: dict[str, str] = {
    "ar": "toolkit.lang.ar",
    "en": "toolkit.lang.en",
    "es": "toolkit.lang.es",
    "fr": "toolkit.lang.fr",
    "ru": "toolkit.lang.ru",
    "zh": "toolkit.lang.zh",
}


class UnsupportedLanguage(ToolkitError):
    """A language code with no profile in :mod:`toolkit.lang`."""

    def __init__(self, code: str | None):
        self.code = code
        super().__init__(f"unsupported language {code!r}: supported languages are {', '.join(supported())}")


def _empty_map() -> Mapping:
    return MappingProxyType({})


def _term(default: Any) -> Any:
    """A term-extraction field (left empty by :func:`neutral`)."""
    if isinstance(default, Mapping):
        return field(default_factory=_empty_map, metadata={"terms": True})
    return field(default=default, metadata={"terms": True})


@dataclass(frozen=True)
class LanguageProfile:
    """What the toolkit knows about one language.  Regex fields are pattern
    *strings* (fragments), compiled by their users; set fields are lower case."""

    code: str                                   # primary BCP 47 subtag: "fr"
    name: str                                   # English name: "French"
    aliases: tuple[str, ...] = ()               # other tags/codes: "fra", "fre", "zh-Hans", "cmn"
    script: str = "Latn"                        # ISO 15924
    direction: str = "ltr"                      # "rtl" for Arabic
    spaced: bool = True                         # words separated by spaces (False: Chinese)
    cased: bool = True                          # the script has upper/lower case

    # --- words
    function_words: frozenset[str] = frozenset()     # word aligner / glossary (toolkit.wordalign.FUNCTION_WORDS)
    stopwords: tuple[str, ...] = ()                  # language detection heuristic (toolkit.langid)

    # --- sentences (toolkit.sentences)
    abbreviations: frozenset[str] = frozenset()      # lower case, without the final period
    sentence_boundary: str = ""                      # regex: groups (punct)(closers)(space); "" = the Latin default
    sentence_joiner: str = " "                       # how sentences join back into the paragraph

    # --- dates (front matter)
    months: Mapping[str, int] = field(default_factory=_empty_map)   # month name (lower case) -> 1..12
    date_patterns: tuple[str, ...] = ()              # regexes with groups day, month (name or number), year

    # --- paragraph structure (toolkit.segment)
    terminal_punctuation: str = ".,;:!?"            # a line ending with one of these is finished
    opening_articles: tuple[str, ...] = ()           # regex: "L{AP}", "Le" (before an organ in the opening)
    opening_bodies: tuple[str, ...] = ()             # regex: "Assemblée générale", "Conseil"
    opening_patterns: tuple[str, ...] = ()           # full regexes of the opening line (no article pattern)
    opening_formulas: tuple[str, ...] = ()           # regex: the exact openings ("L{AP}Assembl[ée]e g[ée]n[ée]rale")
    fused_opening: tuple[str, ...] = ()              # regex: opening and first operative words in one paragraph
    preamble_words: frozenset[str] = frozenset()     # first words of preambular paragraphs
    preamble_suffixes: tuple[str, ...] = ()          # endings of such first words (participles, gerunds)
    preamble_prefixes: tuple[str, ...] = ()          # text prefixes (unspaced scripts, multi-word openers)
    not_preamble: frozenset[str] = frozenset()       # words the suffix rule must not take
    lowercase_preamble: bool = False                 # preambular paragraphs open in lower case (Russian)
    reflexive_prefix: str = ""                       # regex: "Se|S{AP}" (French "Se félicitant")
    reflexive_suffix: str = ""                       # ending that makes a reflexive first word preamble-like
    compound_prefixes: frozenset[str] = frozenset()  # a line-final hyphen after these is kept
    heading_words: tuple[str, ...] = ()              # regex: "Préambule", "Annexe" (heading lines alone)
    preamble_heading: str = ""                       # regex of the word "Preamble" (starts the preamble zone)
    annex_heading: str = ""                          # regex of the word "Annex" (restarts numbering)
    article_words: tuple[str, ...] = ()              # regex: "Article", "Art\\." (before the number)
    article_first: tuple[str, ...] = ()              # words for "1": "premier", "first", "1er"
    article_patterns: tuple[str, ...] = ()           # full regexes, group 1 = the number ("第(...)条")
    goal_words: tuple[str, ...] = ()                 # regex, with the space after it: "Goal{SP}+"
    subitem_labels: Mapping[str, str] = field(default_factory=_empty_map)  # "أ" -> "a", "一" -> "i"
    number_parser: Callable[[str], int | None] | None = None               # "三十" -> 30

    # --- page furniture and front matter (toolkit.segment, toolkit.readers.metadata)
    furniture_patterns: tuple[str, ...] = ()         # whole lines: "Merci de recycler", "Page 2 sur 8"
    front_patterns: tuple[str, ...] = ()             # whole lines of front matter: "Point 106 de l'ordre du jour"
    adoption_patterns: tuple[str, ...] = ()          # "Résolution adoptée par l'Assemblée générale le"
    adoption_line: tuple[str, ...] = ()              # a line that starts like an adoption line
    front_fragments: tuple[str, ...] = ()            # pieces of front-matter paragraphs (removed, nothing left)
    un_names: tuple[str, ...] = ()                   # "Nations Unies"
    organs: tuple[str, ...] = ()                     # regex: organ names (metadata "organ")
    distribution_words: tuple[str, ...] = ()         # regex: "g[ée]n[ée]rale", "limit[ée]e"
    session_words: tuple[str, ...] = ()              # regex: "session"
    agenda_patterns: tuple[str, ...] = ()            # regex: agenda item lines
    hint_words: tuple[str, ...] = ()                 # front-matter words telling the language
    general_assembly: tuple[str, ...] = ()           # lower-case names of the General Assembly (symbol A/RES/...)

    # --- term extraction (toolkit.terms).  A language with no ``term_grammar`` has no term
    # extraction (toolkit.terms raises UnsupportedTermLanguage); the word lists are read by the
    # grammar functions of toolkit/terms/{tokens,patterns}.py and by the ranking.  Lower case,
    # apostrophes straight ("l'").  :func:`neutral` leaves them all empty.
    term_grammar: str = _term("")                    # grammar of toolkit.terms.grammar.GRAMMARS: "romance-np", "english-np"
    spacy_models: tuple[tuple[str, str], ...] = _term(())   # (spaCy package, pip name), tried in order
    general_words: frozenset[str] = _term(frozenset())      # lemmas too general to be terms alone ("mesure")
    general_heads: frozenset[str] = _term(frozenset())      # heads of an action on a term ("mise", "implementation")
    term_function_keys: frozenset[str] = _term(frozenset())  # lemma-key words that are not content ("de", "of")
    term_key_folds: Mapping[str, str] = _term(_empty_map())  # function words folded in lemma keys: "du" -> "de"
    term_determiners: frozenset[str] = _term(frozenset())    # articles: "le", "l'"; "the"
    term_genitive_preps: frozenset[str] = _term(frozenset())  # "de", "du", "des", "d'"; "of"
    term_prepositions: frozenset[str] = _term(frozenset())   # other prepositions of complements: "pour", "contre"; "of", "in", "with"
    term_name_prepositions: frozenset[str] = _term(frozenset())  # prepositions only inside names: "sur", "relatif"; "on", "for"
    term_contracted_articles: frozenset[str] = _term(frozenset())  # prepositions that carry the article: "du", "aux"
    term_conjunctions: frozenset[str] = _term(frozenset())   # "et"; "and"
    term_coordinators: frozenset[str] = _term(frozenset())   # lemma-key words of a coordination counted as one item ("et", "ou")
    term_degree_adverbs: frozenset[str] = _term(frozenset())  # "moins", "plus"; "least", "most"
    term_pre_adjectives: frozenset[str] = _term(frozenset())  # adjectives before the noun: "petit", "haut"
    term_always_adjectives: frozenset[str] = _term(frozenset())  # words always adjectives whatever the tagger: "principal"
    term_elided_stops: frozenset[str] = _term(frozenset())   # elided function words: "qu'", "n'", "s'"
    term_possessives: frozenset[str] = _term(frozenset())    # "sa", "son", "leurs"
    term_verbal_participles: frozenset[str] = _term(frozenset())  # participle lemmas that report an action ("prendre": "mesures prises")
    term_lexicalised_participles: frozenset[str] = _term(frozenset())  # participles that are adjectives ("armé")
    term_lexicalised_lemmas: frozenset[str] = _term(frozenset())  # their lemmas in keys ("armer", "vouloir")
    term_linking_participles: frozenset[str] = _term(frozenset())  # participles opening a post-modifier ("fondée sur")
    term_linking_lemmas: frozenset[str] = _term(frozenset())  # their lemmas in keys ("fonder", "axer")
    term_linking_preposition: str = _term("")        # the preposition after them ("sur")
    term_verb_object_preps: frozenset[str] = _term(frozenset())  # complements of the verb, not of its object ("à")
    term_preamble_adjectives: frozenset[str] = _term(frozenset())  # adjectives opening a preambular clause ("consciente")
    term_verbs: frozenset[str] = _term(frozenset())  # verbs of targets the tagger takes for nouns ("combat", "ensure")
    term_verbal_phrases: tuple[tuple[str, ...], ...] = _term(())  # verbal phrases, never term heads: ("mise", "en", "œuvre")
    term_prep_nouns: frozenset[str] = _term(frozenset())     # nouns of complex prepositions: "regard" ("au regard de")
    term_title_links: frozenset[str] = _term(frozenset())    # words joining a title's head to its subject ("visant")
    term_title_refs: frozenset[str] = _term(frozenset())     # words after which a title names another instrument
    term_field_preps: frozenset[str] = _term(frozenset())    # prepositions opening the field of a body in its name
    term_purpose_preps: frozenset[str] = _term(frozenset())  # prepositions of purpose ("pour", "contre")
    term_non_adj_adverbs: frozenset[str] = _term(frozenset())  # adverbs never read as adjectives ("ensemble")
    noun_suffixes: tuple[str, ...] = _term(())       # endings that make a word a noun whatever the tagger ("tion")
    noun_suffixes_sure: tuple[str, ...] = _term(())  # ... and that no participle has ("ité")
    adj_suffixes: tuple[str, ...] = _term(())        # endings of adjectives tagged as verbs ("aire", "ique")
    adverb_suffixes: tuple[str, ...] = _term(())     # endings of adverbs ("ment")
    present_participle_suffixes: tuple[str, ...] = _term(())  # "ant"
    past_participle_suffixes: tuple[str, ...] = _term(())     # "é", "ée" (a word with a footnote number glued to it)
    relational_suffixes: tuple[str, ...] = _term(())  # endings of relational adjectives ("al", "ique")
    not_relational: frozenset[str] = _term(frozenset())  # adjectives with those endings that are not ("entier")
    segment_initial_next: frozenset[str] = _term(frozenset())  # words after a paragraph's first word that make it its verb
    term_initial_verb_suffixes: tuple[str, ...] = _term(())  # endings of such first words ("ant"; "ing")
    term_initial_noun_suffixes: tuple[str, ...] = _term(())  # endings of a first word that stays a noun before "de"



def normalise_code(code: str | None) -> str:
    """``"FR_fr"`` -> ``"fr-fr"``: lower case, ``-`` separators, stripped."""
    return (code or "").strip().replace("_", "-").lower()


@cache
def profiles() -> Mapping[str, LanguageProfile]:
    """All registered profiles by code (read-only)."""
    out = {}
    for code, module in sorted(MODULES.items()):
        profile = importlib.import_module(module).PROFILE
        if profile.code != code:
            raise RuntimeError(f"{module}.PROFILE.code is {profile.code!r}, registered as {code!r}")
        out[code] = profile
    return MappingProxyType(out)


def supported() -> tuple[str, ...]:
    """The supported language codes, sorted."""
    return tuple(sorted(MODULES))


@lru_cache(maxsize=256)
def find(code: str | None) -> LanguageProfile | None:
    """The profile for a BCP 47 tag (``"fr"``, ``"fr-FR"``, ``"zh-Hans"``, ``"cmn"``), or None."""
    norm = normalise_code(code)
    if not norm:
        return None
    table = profiles()
    if norm in table:
        return table[norm]
    for profile in table.values():
        if norm in {normalise_code(a) for a in profile.aliases}:
            return profile
    primary = norm.split("-")[0]
    if primary in table:
        return table[primary]
    for profile in table.values():
        if primary in {normalise_code(a) for a in profile.aliases}:
            return profile
    return None


def get(code: str | None) -> LanguageProfile:
    """The profile for a BCP 47 tag; :class:`UnsupportedLanguage` when there is none."""
    profile = find(code)
    if profile is None:
        raise UnsupportedLanguage(code)
    return profile


def _merge(values: list):
    first = values[0]
    if isinstance(first, frozenset):
        return frozenset().union(*values)
    if isinstance(first, tuple):
        out: list = []
        for v in values:
            out.extend(x for x in v if x not in out)
        return tuple(out)
    if isinstance(first, Mapping):
        merged: dict = {}
        for v in values:
            for k, x in v.items():
                merged.setdefault(k, x)
        return MappingProxyType(merged)
    if isinstance(first, str):
        chars = "".join(values)
        return "".join(dict.fromkeys(chars))
    return first


@lru_cache(maxsize=8)
def neutral(order: tuple[str, ...] = ("fr", "en", "es", "ru", "ar", "zh")) -> LanguageProfile:
    """The union of the profiles in ``order``: structure markers of every language at once.

    Set fields are united, tuple fields concatenated (in ``order``, duplicates
    dropped), mappings merged (the first language wins), ``terminal_punctuation``
    is the union of the characters.  Used where the language is not known (yet):
    the segmenter's line scan, sentence splitting of an unsupported language.
    """
    chosen = [profiles()[c] for c in order]
    merged = {}
    for f in dataclasses.fields(LanguageProfile):
        if f.name in ("code", "name", "aliases", "script", "direction", "spaced", "cased",
                      "sentence_boundary", "sentence_joiner", "number_parser", "lowercase_preamble",
                      "reflexive_prefix", "reflexive_suffix", "preamble_heading", "annex_heading"):
            continue
        if f.metadata.get("terms"):
            continue        # no term extraction for "any language"
        merged[f.name] = _merge([getattr(p, f.name) for p in chosen])
    return LanguageProfile(code="und", name="any language", **merged)
