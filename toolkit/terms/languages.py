"""Which languages have term extraction, and the language-keyed tables of older callers.

The language data of term extraction lives in the language profiles
(:mod:`toolkit.lang`, the ``term_*`` fields); this module only reads them.
"""
from __future__ import annotations

from toolkit import lang as _lang

__all__ = ["GENERAL_HEADS", "GENERAL_WORDS", "SPACY_MODELS", "base_lang", "profile_of"]


def base_lang(lang: str | None) -> str:
    return (lang or "").split("-")[0].split("_")[0].lower()


def profile_of(lang: str | None) -> _lang.LanguageProfile | None:
    """The language profile of ``lang`` (a BCP 47 tag), or None when it has none."""
    return _lang.find(lang)


def _by_language(attr: str) -> dict:
    return {code: getattr(p, attr) for code, p in _lang.profiles().items() if getattr(p, attr)}


#: language -> [(spaCy package, pip name)] tried in order (from ``LanguageProfile.spacy_models``)
SPACY_MODELS: dict[str, list[tuple[str, str]]] = {k: list(v) for k, v in _by_language("spacy_models").items()}
#: language -> lemmas too general to be terms on their own (``LanguageProfile.general_words``)
GENERAL_WORDS: dict[str, set[str]] = {k: set(v) for k, v in _by_language("general_words").items()}
#: language -> heads that make a phrase an action on a term (``LanguageProfile.general_heads``)
GENERAL_HEADS: dict[str, set[str]] = {k: set(v) for k, v in _by_language("general_heads").items()}
