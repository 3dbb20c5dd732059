"""Canonical forms, termhood classes and concept entries (toolkit.concepts)."""
from __future__ import annotations

from toolkit import concepts
from toolkit.model import ACRONYM, FULL_FORM, GlossaryEntry, Occurrence, Term


def _term(text, lang="fr", kind="phrase", variants=(), sentences=(), expansion=None, pos=None):
    return Term(text=text, lemma=text.lower(), language=lang, kind=kind, variants=list(variants),
                occurrences=[Occurrence(f"op{k}", s) for k, s in enumerate(sentences, 1)], expansion=expansion,
                pos=pos or ("properNoun" if kind in ("name", "acronym") else "noun"))


def test_single_word_plurals_become_singular_when_general_language_knows_the_singular():
    assert concepts.singular_of("vaccins", "fr") == "vaccin"
    assert concepts.singular_of("territories", "en") == "territory"
    assert concepts.singular_of("processes", "en") == "process"
    assert concepts.singular_of("pays", "fr") is None          # "pay" is not its singular
    assert concepts.singular_of("accès", "fr") is None
    text, variants = concepts.canonical_term(_term("libertés"), "fr")
    assert text == "liberté" and "libertés" in variants


def test_sentence_initial_capitals_are_lowered_but_names_keep_theirs():
    t = _term("Prévalence", sentences=["Prévalence de la malnutrition chez les enfants."])
    assert concepts.canonical_term(t, "fr")[0] == "prévalence"
    t = _term("Prévalence", sentences=["3.2.1 Prévalence du retard de croissance."])
    assert concepts.canonical_term(t, "fr")[0] == "prévalence"
    name = _term("Assemblée générale", kind="name", sentences=["Assemblée générale des Nations Unies."])
    assert concepts.canonical_term(name, "fr")[0] == "Assemblée générale"


def test_one_apostrophe_and_one_hyphen_with_the_source_form_kept_as_variant():
    text, variants = concepts.canonical_term(_term("droits de l'homme"), "fr")
    assert text == "droits de l’homme" and "droits de l'homme" in variants
    text, variants = concepts.canonical_term(_term("bien\u2010être général"), "fr")
    assert text == "bien-être général" and "bien\u2010être général" in variants


def test_a_plural_phrase_takes_the_singular_only_where_the_text_has_it():
    src = _term("institution financière", variants=["institutions financières"])
    tgt = _term("financial institutions", lang="en", variants=["financial institution"])
    assert concepts.agree_in_number(src, tgt, src.text, tgt.text) == ("institution financière",
                                                                     "financial institution")
    src = _term("durée du travail")
    tgt = _term("working hours", lang="en")          # plural in use: no "working hour" in the text
    assert concepts.agree_in_number(src, tgt, src.text, tgt.text) == ("durée du travail", "working hours")


def test_single_general_words_are_vocabulary_and_rare_domain_words_are_not():
    def vocab(fr, en, **kw):
        return concepts.is_vocabulary(_term(fr, **kw), _term(en, lang="en", **kw), fr, en)

    assert vocab("famille", "family") and vocab("pays", "country") and vocab("innovation", "innovation")
    assert not vocab("dignité", "dignity")
    assert not vocab("assainissement", "sanitation")
    assert not vocab("droits de l’homme", "human rights")           # multi-word
    assert not vocab("Charte", "Charter")                             # capitalised inside sentences: a name
    assert not vocab("PIB", "GDP", kind="acronym")


def _entry(src, tgt, conf=0.8):
    return GlossaryEntry(src_term=src, tgt_term=tgt, src_lang="fr", tgt_lang="en", confidence=conf, freq_src=1,
                         freq_tgt=1)


def test_an_acronym_joins_the_concept_of_its_full_form():
    entries = [_entry("produit intérieur brut", "gross domestic product", 0.8), _entry("PIB", "GDP", 0.9)]
    acr = (_term("PIB", kind="acronym", expansion="produit intérieur brut"),
           _term("GDP", lang="en", kind="acronym", expansion="gross domestic product"))
    (e,) = concepts.fold_acronyms(entries, {1: acr})
    assert (e.src_term, e.src_term_type, e.tgt_term_type) == ("produit intérieur brut", FULL_FORM, FULL_FORM)
    assert [(c.text, c.term_type) for c in e.src_terms] == [("PIB", ACRONYM)]
    assert [(c.text, c.term_type) for c in e.tgt_terms] == [("GDP", ACRONYM)]
    assert e.confidence == 0.9


def test_an_acronym_without_a_full_form_entry_gets_its_expansion_as_head_term():
    entries = [_entry("ONU-Femmes", "UN-Women")]
    acr = (_term("ONU-Femmes", kind="acronym",
                 expansion="Entité des Nations Unies pour l'égalité des sexes et l'autonomisation des femmes"),
           _term("UN-Women", lang="en", kind="acronym"))
    (e,) = concepts.fold_acronyms(entries, {0: acr})
    assert e.src_term.startswith("Entité des Nations Unies") and e.src_term_type == FULL_FORM
    assert e.src_terms[0].text == "ONU-Femmes" and e.src_terms[0].term_type == ACRONYM
    assert e.tgt_term == "UN-Women" and e.tgt_term_type == ACRONYM


def test_a_synonym_is_added_once_and_never_duplicates_a_form():
    e = _entry("biodiversité", "biodiversity")
    assert concepts.add_synonym(e, "src", "diversité biologique", [], 2)
    assert not concepts.add_synonym(e, "src", "Diversité biologique", [], 1)
    assert not concepts.add_synonym(e, "src", "biodiversité", [], 1)
    assert [c.text for c in e.src_terms] == ["diversité biologique"] and e.src_terms[0].term_type is None


def test_chained_pieces_of_one_phrase_are_not_synonyms():
    assert concepts.chained("proportion du revenu national", "revenu national brut")
    assert concepts.chained("tableau de bord", "bord macroéconomique")
    assert concepts.chained("sustainable consumption and production", "consumption and production patterns")
    assert not concepts.chained("traite des personnes", "traite des êtres humains")
    assert not concepts.chained("aide financière et technique", "assistance financière et technique")
    assert not concepts.chained("biodiversité", "diversité biologique")


def test_terms_nested_up_to_inflection_or_elision_are_not_synonyms():
    assert concepts.nested("capacité d’adaptation", "capacités d’adaptation face aux aléas")
    assert concepts.nested("psychosociaux", "bien-être psychosocial")
    assert concepts.chained("indice d’orientation agricole", "orientation agricole des dépenses")
    assert concepts.chained("grâce à l’élimination des distorsions", "élimination des distorsions du marché")
    assert not concepts.nested("écosystèmes tributaires", "écosystèmes liés à l’eau")
    assert not concepts.chained("écosystèmes tributaires", "écosystèmes liés à l’eau")
