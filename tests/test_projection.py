"""Projection of a glossary into further languages (toolkit.projection).

Small and fast: the first 40 segments of corpora/sdg/{en,es,zh,ar}.txt (the same ids in all),
aligned with a stand-in encoder that gives the segments of one id the same vector (so every
alignment is exact 1-1 and no model is loaded), plus a six-pair synthetic text for the
low-consistency case.  The glossaries are written here by hand.
"""
from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

import numpy as np
import pytest

from toolkit.model import (
    ACRONYM,
    ConceptTerm,
    Document,
    Glossary,
    GlossaryEntry,
    Segment,
    Signature,
)
from toolkit.projection import normalise_arabic, project_glossary, tokenize_language
from toolkit.segment import read_document

CORPORA = Path(__file__).resolve().parent.parent / "corpora"
N = 40


class IdEmbedder:
    """Texts known to belong to one segment id share a vector; any other text gets its own."""

    name = "test-id-vectors"

    def __init__(self, docs) -> None:
        self.key = {s.text: s.id for d in docs for s in d.segments}

    def embed(self, texts):
        texts = list(texts)
        if not texts:
            return np.zeros((0, 16), dtype=np.float32)
        out = np.stack([np.random.default_rng(int(hashlib.md5(self.key.get(t, t).encode()).hexdigest()[:8], 16))
                        .standard_normal(16) for t in texts])
        return (out / np.linalg.norm(out, axis=1, keepdims=True)).astype(np.float32)


def _doc(code: str, n: int = N) -> Document:
    doc = read_document(CORPORA / "sdg" / f"{code}.txt", code)
    return dataclasses.replace(doc, segments=doc.segments[:n], provenance=dict(doc.provenance))


def _entry(fr: str, en: str, **kw) -> GlossaryEntry:
    return GlossaryEntry(fr, en, "fr", "en", **kw)


@pytest.fixture(scope="module")
def docs():
    return {code: _doc(code) for code in ("en", "es", "zh", "ar")}


@pytest.fixture(scope="module")
def glossary():
    sig = Signature(toolkit_version="test", src_lang="fr", tgt_lang="en", params={"glossary": "hand"})
    return Glossary("fr", "en", [
        _entry("protection sociale", "social protection"),
        _entry("pays en développement", "developing countries"),
        _entry("malnutrition", "malnutrition"),
        _entry("services de base", "basic services"),
    ], signature=sig)


@pytest.fixture(scope="module")
def projected(docs, glossary):
    model = IdEmbedder(docs.values())
    return project_glossary(glossary, docs["en"], {c: docs[c] for c in ("es", "zh", "ar")}, model=model)


def _by_en(g: Glossary, term: str) -> GlossaryEntry:
    return next(e for e in g.entries if e.tgt_term == term)


def test_english_term_gets_spanish_and_chinese_span(projected, glossary, docs):
    sp = _by_en(projected, "social protection").other_languages["es"]
    assert sp.head == "protección social"
    assert sp.context.segment_id == "t1.3" and "protección social" in sp.context.sentence
    assert sp.context.document == "sdg/es.txt"
    assert sp.evidence["consistency"] >= 0.6 and 0 < sp.confidence <= 1
    assert _by_en(projected, "developing countries").other_languages["es"].head == "países en desarrollo"
    assert _by_en(projected, "malnutrition").other_languages["es"].head == "malnutrición"
    zh = _by_en(projected, "malnutrition").other_languages["zh"]
    assert zh.head == "营养不良"
    assert zh.head in docs["zh"].segment(zh.context.segment_id).text
    # the input glossary is left as it was; every setting is in the signature
    assert all(not e.other_languages for e in glossary.entries)
    params = projected.signature.params
    assert params["glossary"] == "hand"
    assert params["projection.langs"] == "es,zh,ar" and params["projection.pivot"] == "en"
    assert params["projection.min_consistency"] > 0 and params["projection.zh_tokenizer"]
    assert projected.warnings == []


def test_low_consistency_leaves_the_concept_out():
    en = ["The green bond market needs clean water.", "Issue a green bond for clean water now.",
          "Every green bond counts for clean water.", "The green bond rules protect clean water.",
          "Rivers carry clean water to cities.", "Cities need clean water and markets."]
    es = ["El mercado de bonos verdes necesita agua limpia.", "Emitir un título ecológico para agua limpia ahora.",
          "Cada obligación sostenible cuenta para el agua limpia.",
          "Las normas del instrumento climático protegen el agua limpia.",
          "Los ríos llevan agua limpia a las ciudades.", "Las ciudades necesitan agua limpia y mercados."]

    def doc(texts, lang):
        return Document(lang, [Segment(f"p{k}", "paragraph", t) for k, t in enumerate(texts, 1)])

    d_en, d_es = doc(en, "en"), doc(es, "es")
    g = Glossary("fr", "en", [_entry("obligation verte", "green bond"), _entry("eau propre", "clean water")])
    out = project_glossary(g, d_en, {"es": d_es}, model=IdEmbedder([d_en, d_es]))
    assert "es" not in _by_en(out, "green bond").other_languages       # four renderings: no guess
    water = _by_en(out, "clean water").other_languages["es"]
    assert water.head == "agua limpia" and water.evidence["consistency"] == 1.0


def test_missing_language_is_reported_and_others_projected(docs, glossary):
    out = project_glossary(glossary, docs["en"], {"ru": None, "es": docs["es"]},
                           model=IdEmbedder([docs["en"], docs["es"]]))
    assert any("ru" in w and "not projected" in w for w in out.warnings)
    assert out.signature.params["projection.langs"] == "es"
    assert _by_en(out, "social protection").other_languages["es"].head == "protección social"
    assert all("ru" not in e.other_languages for e in out.entries)


def test_arabic_tokens_split_clitics_but_keep_the_surface():
    text = "نظم وطنية وتدابير للحمايـة الاجتماعية"
    vocab = {"تدابير", "حماية", "الاجتماعية", "وطنية", "نظم"}
    toks = tokenize_language(text, "ar", vocab)
    norms = [t.norm for t in toks]
    assert norms == ["نظم", "وطنية", "و", "تدابير", "ل", "ال", "حماية", "ال", "اجتماعية"]
    # "وطنية" (national) keeps its و: the rest is no word of the text
    assert [t.clitic for t in toks] == [False, False, True, False, True, True, False, True, False]
    # every piece points at its whole surface word, tatweel included
    assert {text[t.start:t.end] for t in toks if t.norm in ("ل", "حماية")} == {"للحمايـة"}
    assert normalise_arabic("للحمايـة") == "للحماية"


def test_arabic_projection_outputs_words_as_written(projected, docs):
    ar = _by_en(projected, "social protection").other_languages["ar"]
    words = normalise_arabic(ar.head).split()
    assert words[-1] == "الاجتماعية" and words[0].endswith("حماية")
    # whole words as the text writes them (the proclitic of "للحماية" stays on; tatweel is dropped)
    text = normalise_arabic(" ".join(s.text for s in docs["ar"].segments))
    assert f" {normalise_arabic(ar.head)} " in f" {text} ".replace("،", " ")
    assert all(normalise_arabic(v) in text for v in ar.terms[0].variants)
    assert _by_en(projected, "basic services").other_languages["ar"].head == "الخدمات الأساسية"


def test_acronym_projected_with_its_concept():
    en = ["Growth of the gross domestic product (GDP) per year.", "Public debt as a share of GDP and of the gross domestic product.",
          "Exports as a share of GDP.", "Tax revenue as a share of GDP."]
    es = ["Crecimiento del producto interno bruto (PIB) por año.",
          "Deuda pública como proporción del PIB y del producto interno bruto.",
          "Exportaciones como proporción del PIB.", "Ingresos fiscales como proporción del PIB."]

    def doc(texts, lang):
        return Document(lang, [Segment(f"p{k}", "paragraph", t) for k, t in enumerate(texts, 1)])

    d_en, d_es = doc(en, "en"), doc(es, "es")
    g = Glossary("fr", "en", [_entry("produit intérieur brut", "gross domestic product",
                                     tgt_terms=[ConceptTerm("GDP", ACRONYM)])])
    out = project_glossary(g, d_en, {"es": d_es}, model=IdEmbedder([d_en, d_es]))
    lt = out.entries[0].other_languages["es"]
    assert lt.head == "producto interno bruto"
    assert [(t.text, t.term_type) for t in lt.terms[1:]] == [("PIB", ACRONYM)]
