"""Offline language identification (lingua, stop-word fallback)."""
from __future__ import annotations

from toolkit.langid import LANGUAGES, UNDETERMINED, detect_language, detect_language_heuristic

FR = "Rappelant sa résolution 59/156 du 20 décembre 2004 et se déclarant vivement préoccupée par la traite des personnes,"
EN = "Recalling its resolution 59/156 of 20 December 2004 and expressing deep concern at trafficking in persons,"
ES = "Recordando su resolución 59/156, de 20 de diciembre de 2004, y expresando profunda preocupación por la trata de personas,"
DE = "Unter Hinweis auf ihre Resolution 59/156 vom 20. Dezember 2004 und mit dem Ausdruck tiefer Besorgnis über den Menschenhandel,"
RU = "ссылаясь на свою резолюцию 59/156 от 20 декабря 2004 года и выражая глубокую обеспокоенность торговлей людьми,"


def test_detects_the_un_languages_confidently_on_a_paragraph():
    for text, lang in ((FR, "fr"), (EN, "en"), (ES, "es"), (DE, "de"), (RU, "ru")):
        assert detect_language(text) == (lang, True), lang


def test_short_or_ambiguous_text_is_not_confident():
    lang, confident = detect_language("Paris")
    assert lang in LANGUAGES and confident is False


def test_text_without_letters_is_undetermined():
    assert detect_language("12. 2013/41 — 64/293") == (UNDETERMINED, False)


def test_stop_word_heuristic_tells_french_from_english():
    assert detect_language_heuristic(FR) == ("fr", True)
    assert detect_language_heuristic(EN) == ("en", True)
    assert detect_language_heuristic(RU)[0] == "ru"
    assert detect_language_heuristic("Paris Londres")[1] is False


def test_shipped_corpora_languages(corpora):
    for lang in ("en", "fr"):
        text = (corpora / "udhr" / f"{lang}.txt").read_text(encoding="utf-8")
        assert detect_language(text) == (lang, True)
