"""The spaCy side: loading a language's pipeline, parsing texts of any length, labels."""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from toolkit.errors import ModelNotAvailable
from toolkit.terms.languages import base_lang, profile_of

__all__ = ["PIECE_CHARS", "load_spacy", "parse_texts", "pipeline_label", "split_long_text"]


@functools.cache
def load_spacy(lang: str):
    """Load (once per process) the spaCy pipeline for ``lang`` (its profile's ``spacy_models``).

    NER is excluded: names are found by the patterns, and the NER
    component costs a third of the processing time.
    """
    import spacy

    from toolkit import lang as _lang

    code = base_lang(lang)
    profile = profile_of(code)
    if profile is None or not profile.spacy_models:
        known = sorted(c for c, p in _lang.profiles().items() if p.spacy_models)
        raise ModelNotAvailable(f"no spaCy pipeline known for language '{lang}' (supported: {', '.join(known)})")
    for name, _pip in profile.spacy_models:
        try:
            return spacy.load(name, exclude=["ner"])
        except OSError:
            continue
    names = " or ".join(p for _, p in reversed(profile.spacy_models))
    raise ModelNotAvailable(f"spaCy model for '{profile.code}' is not installed: pip install {names}")


PIECE_CHARS = 100_000
"""Longest text handed to spaCy at once.  spaCy refuses a text over ``nlp.max_length``
(1,000,000 characters by default: error E088) and its parser's memory grows with the text,
so a longer segment is parsed in pieces cut at sentence (else whitespace) boundaries and
joined back into one Doc with the same text and offsets.  100,000 is the unit of
spaCy's own memory warning; no UN paragraph comes near it."""

_PIECE_END = re.compile(r"[.!?;…][\"'»”’)\]]*\s+")
_WHITESPACE = re.compile(r"\s+")


def split_long_text(text: str, limit: int = PIECE_CHARS) -> list[str]:
    """Cut ``text`` into pieces of at most ``limit`` characters whose concatenation is ``text``.

    Each cut falls after the last sentence end (punctuation and the spaces that
    follow it) in the second half of the window, else after its last run of
    whitespace, else at ``limit`` (a text without spaces).
    """
    limit = max(int(limit), 2)
    if len(text) <= limit:
        return [text]
    pieces: list[str] = []
    start, n = 0, len(text)
    while n - start > limit:
        window = text[start:start + limit]
        cut = None
        for pattern in (_PIECE_END, _WHITESPACE):
            for m in pattern.finditer(window, limit // 2):
                cut = m.end()
            if cut:
                break
        cut = cut or limit
        pieces.append(window[:cut])
        start += cut
    pieces.append(text[start:])
    return pieces


def parse_texts(nlp, texts: Iterable[str], *, limit: int = PIECE_CHARS, batch_size: int = 64):
    """``nlp.pipe(texts)``, one Doc per text, whatever the texts' length.

    Texts longer than ``limit`` (or ``nlp.max_length``) are parsed piece by
    piece (:func:`split_long_text`; one piece at a time, so memory stays that
    of one piece) and joined with ``Doc.from_docs``: the joined Doc's text is
    the original text, so token offsets and sentences are those of the whole text.
    """
    from spacy.tokens import Doc

    limit = min(int(limit), int(getattr(nlp, "max_length", limit) or limit))
    run: list[str] = []
    for text in texts:
        if len(text) <= limit:
            run.append(text)
            continue
        if run:
            yield from nlp.pipe(run, batch_size=batch_size)
            run = []
        pieces = list(nlp.pipe(split_long_text(text, limit), batch_size=1))
        yield Doc.from_docs(pieces, ensure_whitespace=False)
    if run:
        yield from nlp.pipe(run, batch_size=batch_size)


def _stop_words(nlp) -> set[str]:
    return {w.lower() for w in nlp.Defaults.stop_words}



def _pipeline_name(nlp) -> str:
    meta = getattr(nlp, "meta", {}) or {}
    return f"{meta.get('lang', '?')}_{meta.get('name', '?')}-{meta.get('version', '?')}:{id(nlp)}"


def pipeline_label(nlp, lang: str | None) -> str:
    """``fr_core_news_sm-3.8.0@spacy-3.8.7``: the spaCy pipeline (the language's default when
    ``nlp`` is None) and spaCy's own version, for signatures."""
    try:
        import spacy

        nlp = nlp if nlp is not None else load_spacy(base_lang(lang))
        name = f"{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}"
        code = nlp.meta.get("lang", base_lang(lang))
        name = name if name.startswith(f"{code}_") else f"{code}_{name}"
        return f"{name}@spacy-{spacy.__version__}"
    except Exception:  # the signature must never be the thing that fails
        return "?"

