"""The rule-based sentence splitter (toolkit.sentences), language by language."""
from __future__ import annotations

import pytest

from toolkit import lang
from toolkit.sentences import ABBREVIATIONS, sentence_joiner, split_sentences, starts_lowercase


@pytest.mark.parametrize("text,expected", [
    ("M. Dupont a pris la parole. Il a remercié Mme Martin.",
     ["M. Dupont a pris la parole.", "Il a remercié Mme Martin."]),
    ("Voir l'art. 12 du Pacte. Le Comité en prend note.",
     ["Voir l'art. 12 du Pacte.", "Le Comité en prend note."]),
    ("Voir p. ex. le rapport. Il est clair.", ["Voir p. ex. le rapport.", "Il est clair."]),
    ("1. L'Assemblée générale décide. Elle prie le Secrétaire général.",
     ["1. L'Assemblée générale décide.", "Elle prie le Secrétaire général."]),
    ("Le taux était de 1.5 %. Il a augmenté.", ["Le taux était de 1.5 %.", "Il a augmenté."]),
    ("Il a dit « oui. » Puis il est parti.", ["Il a dit « oui. »", "Puis il est parti."]),
])
def test_french_splits_after_sentences_but_not_after_abbreviations_numbering_or_decimals(text, expected):
    assert split_sentences(text, "fr") == expected


@pytest.mark.parametrize("text,expected", [
    ("Mr. Smith spoke. He thanked Ms. Jones.", ["Mr. Smith spoke.", "He thanked Ms. Jones."]),
    ("See resolution No. 5 of 2015. It was adopted.", ["See resolution No. 5 of 2015.", "It was adopted."]),
    ("The rate rose by 1.5 per cent. It fell later.", ["The rate rose by 1.5 per cent.", "It fell later."]),
    ("See e.g. the report. It is clear.", ["See e.g. the report.", "It is clear."]),
    ("The U.S. delegation spoke. Then Mr. Li spoke.", ["The U.S. delegation spoke.", "Then Mr. Li spoke."]),
    ("See para. 5 of the report. It is clear.", ["See para. 5 of the report.", "It is clear."]),
    ("He asked: why? Nobody answered! The end.", ["He asked: why?", "Nobody answered!", "The end."]),
    ("Wait... and then it rained. The end.", ["Wait... and then it rained.", "The end."]),
    ("He said “Yes.” Then he left.", ["He said “Yes.”", "Then he left."]),
    ("See A/RES/70/1. It is clear.", ["See A/RES/70/1.", "It is clear."]),
])
def test_english_splits_after_sentences_but_not_after_abbreviations_initials_or_decimals(text, expected):
    assert split_sentences(text, "en") == expected


def test_spanish_sentences_may_open_with_inverted_question_and_exclamation_marks():
    assert split_sentences("¿Qué hacer? ¡Actuar ya! La Asamblea decide.", "es") == [
        "¿Qué hacer?", "¡Actuar ya!", "La Asamblea decide."]
    assert split_sentences("El Sr. Pérez habló. La Sra. Gómez respondió.", "es") == [
        "El Sr. Pérez habló.", "La Sra. Gómez respondió."]


def test_without_the_spanish_rules_an_inverted_mark_opens_no_sentence():
    # the point of the Spanish profile: the English rules want a capital letter after the space
    assert split_sentences("¿Qué hacer? ¡Actuar ya!", "en") == ["¿Qué hacer? ¡Actuar ya!"]


@pytest.mark.parametrize("text,expected", [
    ("Это важно, т.е. необходимо. Совет решает.", ["Это важно, т.е. необходимо.", "Совет решает."]),
    ("В 2015 г. Совет принял решение. Это важно.", ["В 2015 г. Совет принял решение.", "Это важно."]),
    ("См. п. 5. Совет решает.", ["См. п. 5.", "Совет решает."]),
])
def test_russian_abbreviations_do_not_end_a_sentence(text, expected):
    assert split_sentences(text, "ru") == expected


def test_chinese_ends_sentences_with_full_width_marks_and_no_space_after():
    text = "大会决定。大会请秘书长提交报告！这是为什么？是的。"
    assert split_sentences(text, "zh") == ["大会决定。", "大会请秘书长提交报告！", "这是为什么？", "是的。"]
    assert split_sentences(text, "zh-Hans") == split_sentences(text, "zh")


def test_arabic_ends_a_sentence_with_the_arabic_question_mark():
    assert split_sentences("هل هذا مهم؟ نعم إنه مهم. الجمعية العامة تقرر.", "ar") == [
        "هل هذا مهم؟", "نعم إنه مهم.", "الجمعية العامة تقرر."]


def test_without_a_language_the_script_picks_the_rules():
    assert split_sentences("大会决定。大会请秘书长提交报告。", None) == ["大会决定。", "大会请秘书长提交报告。"]
    assert split_sentences("هل هذا مهم؟ نعم.", None) == ["هل هذا مهم؟", "نعم."]
    assert split_sentences("Это важно, т.е. необходимо. Совет решает.", None) == [
        "Это важно, т.е. необходимо.", "Совет решает."]
    assert split_sentences("Mr. Smith spoke. M. Dupont aussi.", None) == ["Mr. Smith spoke.", "M. Dupont aussi."]


def test_an_unsupported_language_uses_the_neutral_latin_rules_instead_of_failing():
    assert split_sentences("Herr Müller sprach. Dann Mr. Smith.", "de") == ["Herr Müller sprach.", "Dann Mr. Smith."]


def test_whitespace_is_normalised_and_empty_text_gives_no_sentence():
    assert split_sentences("", "en") == []
    assert split_sentences("   \n ", "fr") == []
    assert split_sentences("  One   sentence\n only  ", "en") == ["One sentence only"]


def test_a_paragraph_that_does_not_split_comes_back_whole():
    assert split_sentences("Decides to remain seized of the matter.", "en") == [
        "Decides to remain seized of the matter."]


@pytest.mark.parametrize("code,text", [
    ("fr", "M. Dupont a pris la parole.  Il a remercié\nMme Martin. Voir l'art. 5. Fin."),
    ("en", "Mr. Smith spoke. He said “Yes.” Then he left... It rained. 1.5 per cent."),
    ("es", "¿Qué hacer? ¡Actuar ya! La Asamblea decide."),
    ("ru", "Это важно, т.е. необходимо. Совет решает."),
    ("ar", "هل هذا مهم؟ نعم إنه مهم. الجمعية العامة تقرر."),
    ("zh", "大会决定。大会请秘书长提交报告！这是为什么？"),
])
def test_joining_the_sentences_with_the_joiner_gives_back_the_normalised_text(code, text):
    sentences = split_sentences(text, code)
    assert len(sentences) > 1
    assert sentence_joiner(code).join(sentences) == " ".join(text.split())


def test_sentence_joiner_is_a_space_except_for_chinese():
    for code in ("ar", "en", "es", "fr", "ru", "de"):
        assert sentence_joiner(code) == " ", code
    assert sentence_joiner("zh") == "" and sentence_joiner("ZH-Hans") == ""
    assert sentence_joiner(None) == " "


def test_abbreviations_cover_every_profile_and_are_lower_case_without_the_period():
    assert set(ABBREVIATIONS) == set(lang.supported())
    assert {"m", "mme"} <= ABBREVIATIONS["fr"]
    assert {"mr", "no"} <= ABBREVIATIONS["en"]
    assert "т.е" in ABBREVIATIONS["ru"]
    for code, abbrevs in ABBREVIATIONS.items():
        assert all(a == a.lower() and not a.endswith(".") for a in abbrevs), code


@pytest.mark.parametrize("text,expected", [
    ("et la suite", True),
    ("  « et la suite", True),
    ("(a) the item", True),
    ("‘quoted’ words", True),
    ("Et la suite", False),
    ("«La suite", False),
    ("1. le texte", False),          # a number first: not the continuation of a sentence
    ("— la suite", False),
    ("", False),
    ("...", False),
    ("état", True),
    ("État", False),
])
def test_starts_lowercase_looks_past_spaces_quotes_and_brackets_only(text, expected):
    assert starts_lowercase(text) is expected
