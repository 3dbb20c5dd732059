"""Term grammars, by name, and the languages term extraction supports.

A language profile (:mod:`toolkit.lang`) names its grammar in ``term_grammar``;
the grammar is the code (token classifier, corrections, candidate patterns, head
of a key, compounds), the profile the words it reads.  Adding a language whose
grammar exists is one profile file; a language with another grammar adds one
entry to :data:`GRAMMARS`.  A language without a grammar has no term
extraction: :func:`term_language` raises :class:`UnsupportedTermLanguage`,
never a silent fallback to another language's patterns.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from toolkit import lang as _lang
from toolkit.errors import ToolkitError
from toolkit.lang import LanguageProfile, UnsupportedLanguage
from toolkit.terms.languages import base_lang
from toolkit.terms.patterns import (_compound_romance, _ends_english, _ends_romance, _head_english,
                                    _head_romance)
from toolkit.terms.tokens import (_classify_english, _classify_romance, _glued_note_romance, _refine_english,
                                  _refine_romance)

__all__ = ["GRAMMARS", "Grammar", "UnsupportedTermLanguage", "term_language", "term_languages"]


@dataclass(frozen=True)
class Grammar:
    """The code of a term grammar; every function takes the language profile first."""

    name: str
    #: (profile, spaCy token, lower-case text, stop words, lexicon) -> (token class, participle)
    classify: Callable
    #: (profile, start index of a candidate) -> the indexes where a candidate from there may end
    ends: Callable
    #: (profile, lemma key) -> the key's head word ("" for function words only)
    head: Callable
    #: (profile, tokens of a sentence, stop words) -> None: corrections of the tagger, in place
    refine: Callable | None = None
    #: (profile, lower-case word) -> its class when a footnote number is glued to it ("organisée4")
    glued_note: Callable | None = None
    #: (profile, lemma key, surface) -> a classifying compound (rewarded among phrases seen once)
    compound: Callable | None = None
    #: names nest the way French names do: fragments of a name, names run on into a topic,
    #: complete names ("Conférence des Parties | à la Convention"), the verb-object rule
    nested_names: bool = False


GRAMMARS: dict[str, Grammar] = {
    "romance-np": Grammar("romance-np", classify=_classify_romance, ends=_ends_romance, head=_head_romance,
                          refine=_refine_romance, glued_note=_glued_note_romance, compound=_compound_romance,
                          nested_names=True),
    "english-np": Grammar("english-np", classify=_classify_english, ends=_ends_english, head=_head_english,
                          refine=_refine_english),
}


def term_languages() -> tuple[str, ...]:
    """Codes of the languages with term extraction (a profile with a ``term_grammar``), sorted."""
    return tuple(code for code, p in sorted(_lang.profiles().items()) if p.term_grammar)


class UnsupportedTermLanguage(UnsupportedLanguage):
    """Term extraction asked for a language that has no term grammar (or no profile at all)."""

    def __init__(self, code: str | None):
        self.code = code
        ToolkitError.__init__(self, f"term extraction does not support language {code!r}: "
                                    f"supported languages are {', '.join(term_languages())}")


def term_language(code: str | None) -> tuple[LanguageProfile, Grammar]:
    """(profile, grammar) of ``code``; :class:`UnsupportedTermLanguage` when it has no term grammar."""
    profile = _lang.find(base_lang(code))
    if profile is None or not profile.term_grammar:
        raise UnsupportedTermLanguage(code)
    try:
        return profile, GRAMMARS[profile.term_grammar]
    except KeyError:
        raise RuntimeError(f"toolkit.lang.{profile.code}: unknown term_grammar {profile.term_grammar!r} "
                           f"(known: {', '.join(sorted(GRAMMARS))})") from None
