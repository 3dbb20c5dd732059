"""The small IBM Model 1 word aligner (toolkit.wordalign): tokens, training, posteriors, cognates."""
from __future__ import annotations

import numpy as np
import pytest

from toolkit import lang
from toolkit.wordalign import FUNCTION_WORDS, WordAligner, cognate_score, tokenize, train

# French/English pairs in which every content word can be told apart only by where it recurs
PAIRS = [
    ("le conseil décide", "the council decides"),
    ("le conseil prie", "the council requests"),
    ("l'assemblée décide", "the assembly decides"),
    ("l'assemblée prie instamment", "the assembly urges"),
    ("le secrétaire prie", "the secretary requests"),
    ("décide", "decides"),
]


@pytest.fixture(scope="module")
def aligner() -> WordAligner:
    return train([(tokenize(f), tokenize(e)) for f, e in PAIRS])


def _best(table: dict, vocab_from: dict, vocab_to: dict, word: str) -> str:
    """The most probable translation of ``word`` in a p(to | from) table ("NULL" for the empty word)."""
    i = vocab_from[word]
    names = {k: w for w, k in vocab_to.items()}
    p, j = max((p, j) for (a, j), p in table.items() if a == i)
    return names.get(j, "NULL")


# ------------------------------------------------------------------ tokenize


def test_tokenize_lower_cases_and_keeps_the_apostrophe_of_elided_articles():
    assert tokenize("L'Assemblée générale d'Haïti") == ["l'", "assemblée", "générale", "d'", "haïti"]


def test_tokenize_reads_the_typographic_apostrophe_as_the_plain_one():
    assert tokenize("l’homme et l'homme") == ["l'", "homme", "et", "l'", "homme"]
    assert tokenize("Member States’ rights") == ["member", "states'", "rights"]


def test_tokenize_keeps_hyphenated_words_whole_with_either_hyphen():
    assert tokenize("le porte-parole du Secrétaire-général") == ["le", "porte-parole", "du", "secrétaire-général"]
    assert tokenize("peace\u2010keeping") == ["peace\u2010keeping"]


def test_tokenize_drops_punctuation_and_splits_symbols_but_keeps_numbers():
    assert tokenize("A/RES/70/1, adoptée le 25 septembre 2015.") == [
        "a", "res", "70", "1", "adoptée", "le", "25", "septembre", "2015"]
    assert tokenize(" ,;: — ") == []


def test_tokenize_normalises_to_nfc_so_decomposed_accents_match_composed_ones():
    decomposed = "de\u0301cide"          # e + combining acute
    assert tokenize(decomposed) == tokenize("décide") == ["décide"]


def test_tokenize_handles_non_latin_scripts():
    assert tokenize("Совет Безопасности") == ["совет", "безопасности"]
    assert tokenize("الجمعية العامة") == ["الجمعية", "العامة"]
    assert tokenize("大会决定") == ["大会决定"]           # no spaces: one token (no word segmentation)


# ------------------------------------------------------------------ training


@pytest.mark.parametrize("fr,en", [
    ("conseil", "council"), ("assemblée", "assembly"), ("décide", "decides"), ("prie", "requests"),
    ("secrétaire", "secretary"), ("le", "the"), ("l'", "the"),
])
def test_ibm1_learns_source_to_target_word_translations_from_a_few_pairs(aligner, fr, en):
    assert _best(aligner.p_ts, aligner.src_vocab, aligner.tgt_vocab, fr) == en


@pytest.mark.parametrize("en,fr", [
    ("council", "conseil"), ("assembly", "assemblée"), ("requests", "prie"), ("secretary", "secrétaire"),
])
def test_ibm1_learns_the_reverse_direction_too(aligner, en, fr):
    assert _best(aligner.p_st, aligner.tgt_vocab, aligner.src_vocab, en) == fr


def test_translation_probabilities_of_each_source_word_sum_to_at_most_one(aligner):
    totals: dict[int, float] = {}
    for (s, _t), p in aligner.p_ts.items():
        assert 0.0 < p <= 1.0
        totals[s] = totals.get(s, 0.0) + p
    assert all(total <= 1.0 + 1e-9 for total in totals.values())
    assert all(total > 0.99 for total in totals.values())   # only the tiny values (<1e-4) are dropped


def test_training_is_deterministic():
    pairs = [(tokenize(f), tokenize(e)) for f, e in PAIRS]
    a, b = train(pairs), train(pairs)
    assert a.p_ts == b.p_ts and a.p_st == b.p_st


def test_the_cognate_prior_lets_a_word_seen_once_prefer_its_cognate_over_the_word_at_its_place():
    pair = [(["convention", "signée"], ["signed", "convention"])]
    plain = train(pair, cognate_prior=0.0)
    helped = train(pair, cognate_prior=1.0)
    conv_fr, conv_en, signed = 0, plain.tgt_vocab["convention"], plain.tgt_vocab["signed"]
    assert plain.src_vocab["convention"] == conv_fr
    # without the prior the diagonal wins: "convention" (first) goes to "signed" (first)
    assert plain.p_ts.get((conv_fr, signed), 0) > plain.p_ts.get((conv_fr, conv_en), 0)
    assert helped.p_ts[(conv_fr, conv_en)] > helped.p_ts[(conv_fr, signed)]


def test_training_on_nothing_gives_an_empty_aligner():
    empty = train([])
    assert empty.src_vocab == {} and empty.p_ts == {} and empty.p_st == {}


# ------------------------------------------------------------------ posteriors


def test_posteriors_have_one_row_per_word_of_each_side(aligner):
    src, tgt = tokenize("le conseil prie instamment"), tokenize("the council urges")
    a_st, a_ts = aligner.posteriors(src, tgt)
    assert a_st.shape == (4, 3)
    assert a_ts.shape == (3, 4)


def test_posterior_rows_are_probabilities_summing_to_at_most_one_the_rest_going_to_null(aligner):
    a_st, a_ts = aligner.posteriors(tokenize("le conseil prie"), tokenize("the council requests"))
    for a in (a_st, a_ts):
        assert np.all(a >= 0)
        sums = a.sum(axis=1)
        assert np.all(sums <= 1 + 1e-9)
        assert np.all(sums > 0.5)                 # known words are mostly explained by the other side


def test_posteriors_put_the_mass_of_each_word_on_its_translation(aligner):
    src, tgt = tokenize("le secrétaire décide"), tokenize("the secretary decides")
    a_st, a_ts = aligner.posteriors(src, tgt)
    assert [tgt[j] for j in a_st.argmax(axis=1)] == ["the", "secretary", "decides"]
    assert [src[i] for i in a_ts.argmax(axis=1)] == ["le", "secrétaire", "décide"]


def test_unknown_words_get_no_posterior_mass(aligner):
    a_st, a_ts = aligner.posteriors(["inconnu", "conseil"], ["council", "unknown"])
    assert np.all(a_st[0] == 0) and np.all(a_ts[1] == 0)
    assert a_st[1, 0] > 0.5


def test_posteriors_of_an_empty_side_are_empty_arrays(aligner):
    a_st, a_ts = aligner.posteriors([], tokenize("the council"))
    assert a_st.shape == (0, 2) and a_ts.shape == (2, 0)


# ------------------------------------------------------------------ cognates


@pytest.mark.parametrize("a,b,expected", [
    ("convention", "convention", 1.0),
    ("Convention", "CONVENTION", 1.0),          # case does not matter
    ("État", "etat", 1.0),                       # nor do accents
    ("développement", "development", 7 / 13),    # shared prefix over the longer word
    ("conv", "conf", 0.0),                       # fewer than four shared letters count for nothing
    ("paix", "peace", 0.0),
    ("", "convention", 0.0),
])
def test_cognate_score_is_the_shared_prefix_over_the_longer_word_from_four_letters(a, b, expected):
    assert cognate_score(a, b) == pytest.approx(expected)


def test_cognate_score_is_symmetric_and_between_zero_and_one():
    words = ["environnement", "environment", "protection", "protect", "résolution", "resolution", "eau"]
    for a in words:
        for b in words:
            s = cognate_score(a, b)
            assert 0.0 <= s <= 1.0 and s == cognate_score(b, a)


# ------------------------------------------------------------------ function words


def test_function_words_cover_the_six_languages_of_the_profiles():
    assert set(FUNCTION_WORDS) == set(lang.supported()) == {"ar", "en", "es", "fr", "ru", "zh"}
    for code, words in FUNCTION_WORDS.items():
        assert words, code
        assert words == lang.get(code).function_words
    assert {"the", "of"} <= FUNCTION_WORDS["en"]
    assert {"de", "l'", "d'"} <= FUNCTION_WORDS["fr"]
    assert "的" in FUNCTION_WORDS["zh"] and "في" in FUNCTION_WORDS["ar"] and "и" in FUNCTION_WORDS["ru"]


def test_function_words_is_a_read_only_mapping_of_frozen_sets():
    with pytest.raises(TypeError):
        FUNCTION_WORDS["de"] = frozenset({"der"})          # type: ignore[index]
    with pytest.raises(TypeError):
        del FUNCTION_WORDS["en"]                           # type: ignore[attr-defined]
    assert all(isinstance(words, frozenset) for words in FUNCTION_WORDS.values())
    with pytest.raises(AttributeError):
        FUNCTION_WORDS["en"].add("foo")                    # type: ignore[attr-defined]


def test_french_function_words_match_the_tokens_of_elided_articles():
    tokens = tokenize("L’Assemblée et l'Organisation d’Haïti")
    assert [t for t in tokens if t in FUNCTION_WORDS["fr"]] == ["l'", "et", "l'", "d'"]
