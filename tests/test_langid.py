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


# --- language labels: one check for every command ------------------------------------

from toolkit.langid import check_language_labels, record_in_signature  # noqa: E402
from toolkit.model import Document, Segment, Signature  # noqa: E402


def _doc(text: str, language: str, detected: bool = False) -> Document:
    segments = [Segment(id=f"op{i}", kind="operative", text=text) for i in range(1, 4)]
    provenance = {"language_detected": True} if detected else {}
    return Document(language=language, segments=segments, provenance=provenance)


def test_a_label_the_text_contradicts_is_warned_about():
    messages = check_language_labels(_doc(FR, "en"), names=("fr.txt",))
    assert messages == ["fr.txt: the text looks like 'fr', not 'en' as labelled; "
                        "results will be poor (check the language options)"]
    assert check_language_labels(_doc(FR, "fr-CA"), names=("fr.txt",)) == []


def test_both_sides_in_one_language_under_two_labels_is_warned_about():
    messages = check_language_labels(_doc(FR, "fr"), _doc(FR, "en"), names=("a.txt", "b.txt"))
    assert messages[0].startswith("b.txt: the text looks like 'fr', not 'en'")
    assert messages[1].startswith("both sides look like 'fr' although labelled 'fr' and 'en'")
    assert check_language_labels(_doc(FR, "fr"), _doc(EN, "en")) == []


def test_a_detected_label_is_not_second_guessed():
    assert check_language_labels(_doc(FR, "en", detected=True)) == []


def test_the_signature_says_which_language_the_text_is_really_in():
    src, tgt = _doc(FR, "en"), _doc(EN, "en")
    check_language_labels(src, tgt)
    sig = record_in_signature(Signature("0", src_lang="en", tgt_lang="en"), src, tgt)
    assert "langs:en-en" in str(sig) and "detected:src=fr" in str(sig)
    clean = record_in_signature(Signature("0", src_lang="fr", tgt_lang="en"), _doc(FR, "fr"), _doc(EN, "en"))
    assert "detected" not in str(clean)


def test_the_pipeline_records_a_contradicted_label_in_warnings_and_signatures(monkeypatch):
    """run_documents (glossary, review, run, batch) warns and records; the stages are stubbed."""
    import toolkit.align
    import toolkit.glossary
    import toolkit.terms
    from toolkit.model import Alignment, Glossary
    from toolkit.pipeline import run_documents

    def align(src, tgt, model=None, **kw):
        return Alignment(src, tgt, [], Signature("0", src_lang=src.language, tgt_lang=tgt.language))

    def glossary(alignment, **kw):
        return Glossary("en", "en", [], signature=Signature("0", src_lang="en", tgt_lang="en"))

    monkeypatch.setattr(toolkit.align, "align_documents", align)
    monkeypatch.setattr(toolkit.terms, "extract_terms", lambda doc, nlp=None: [])
    monkeypatch.setattr(toolkit.glossary, "build_glossary", glossary)
    result = run_documents(_doc(FR, "en"), _doc(EN, "en"))
    assert any("looks like 'fr', not 'en'" in w for w in result.alignment.warnings)
    assert result.alignment.signature.params["detected"] == "src=fr"
    assert result.glossary.signature.params["detected"] == "src=fr"
