"""The shipped UDHR and SDG files of the six UN languages segment into the same ids as the English.

Only files under corpora/ are used (they are built by corpora/build_corpora.py).
The UDHR preambles differ in the sources themselves (see corpora/udhr/PROVENANCE.md):
their ids are listed here per language; from Article 1 on, every id is the English one.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.model import HEADING, OPENING, OPERATIVE, PREAMBLE
from toolkit.segment import read_document

CORPORA = Path(__file__).resolve().parent.parent / "corpora"
LANGS = ("en", "fr", "es", "ru", "ar", "zh")


def _pp(n):
    return [f"pp{k}" for k in range(1, n + 1)]


# title, "Preamble" heading, considerations, opening, proclamation -- as in each source text
UDHR_PREAMBLE = {
    "en": ["title", "h1", *_pp(8), "opening", "op1"],      # "Now, therefore," is its own paragraph
    "es": ["title", "h1", *_pp(8), "opening", "op1"],      # "Ahora, por tanto,"
    "fr": ["title", "h1", *_pp(7), "opening", "op1"],
    "ru": ["title", "h1", *_pp(7), "opening", "op1"],
    "ar": ["title", "h1", *_pp(6), "opening", "op1", "op2"],  # two considerations in one; proclamation in two
    "zh": ["title", "h1", *_pp(7), "op1"],                  # "因此现在，大会，发布……": opening and proclamation in one
}


def _ids(corpus: str, lang: str) -> list[str]:
    doc = read_document(CORPORA / corpus / f"{lang}.txt", lang)
    assert doc.provenance["un_structure"] == "strong"
    return [s.id for s in doc.segments]


def _articles(ids: list[str]) -> list[str]:
    return ids[ids.index("art1"):]


@pytest.mark.parametrize("lang", LANGS)
def test_udhr_articles_same_ids_as_english(lang):
    ids = _ids("udhr", lang)
    assert _articles(ids) == _articles(_ids("udhr", "en"))
    assert ids[: ids.index("art1")] == UDHR_PREAMBLE[lang]


@pytest.mark.parametrize("lang", LANGS)
def test_udhr_kinds(lang):
    doc = read_document(CORPORA / "udhr" / f"{lang}.txt", lang)
    by_id = {s.id: s for s in doc.segments}
    assert by_id["h1"].kind == HEADING
    assert by_id["pp1"].kind == PREAMBLE
    assert by_id["op1"].kind == OPERATIVE
    if "opening" in by_id:
        assert by_id["opening"].kind == OPENING
    assert by_id["art30"].kind == HEADING and by_id["art30"].number == "30"
    assert by_id["art1"].number == "1"
    assert by_id["art26.p1"].parent == "art26"
    assert len([s for s in doc.segments if s.kind == HEADING and s.id.startswith("art")]) == 30


@pytest.mark.parametrize("lang", LANGS)
def test_sdg_same_ids_as_english(lang):
    ids = _ids("sdg", lang)
    assert ids == _ids("sdg", "en")
    assert len(ids) == 1 + 17 + 169 + 252


@pytest.mark.parametrize("lang", LANGS)
def test_sdg_structure(lang):
    doc = read_document(CORPORA / "sdg" / f"{lang}.txt", lang)
    by_id = {s.id: s for s in doc.segments}
    assert by_id["goal17"].kind == HEADING and by_id["goal17"].number == "17"
    assert by_id["t1.a"].parent == "goal1"
    assert by_id["i1.a.1"].parent == "t1.a"
    assert by_id["i17.19.2"].number == "17.19.2"


@pytest.mark.parametrize("lang", LANGS)
def test_texts_keep_the_printed_words(lang):
    """Segment texts are the source's words (Chinese joined without spaces)."""
    doc = read_document(CORPORA / "udhr" / f"{lang}.txt", lang)
    raw = " ".join((CORPORA / "udhr" / f"{lang}.txt").read_text(encoding="utf-8").split())
    for seg in doc.segments:
        assert seg.text in raw or " ".join(seg.text.split()) in raw
