"""Termbase suggestions for a one-language document (toolkit.suggest, `toolkit suggest`)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from toolkit.errors import InputError
from toolkit.model import Glossary, GlossaryEntry, Occurrence, Signature, Term
from toolkit.suggest import (COMPOSE, COMPOSED, EXACT, LEMMA, NO_COUNTERPART, NONE, SUGGESTED, TermbaseIndex,
                             fold_tokens, suggest_terms, suggestions_glossary, write_suggestions)

sys.path.insert(0, str(Path(__file__).resolve().parent))
from tbx_validation import validate_tbx2, validate_tbx3  # noqa: E402


def entry(src, tgt, *, documents=3, confidence=0.9, source=None, **kw) -> GlossaryEntry:
    return GlossaryEntry(src_term=src, tgt_term=tgt, src_lang="fr", tgt_lang="en", documents=documents,
                         confidence=confidence, source=source or "; ".join(f"A/RES/{k}" for k in range(documents)),
                         freq_src=documents, freq_tgt=documents, evidence={"cooc": documents}, **kw)


def termbase(*entries) -> Glossary:
    return Glossary("fr", "en", list(entries), Signature(toolkit_version="0", src_lang="fr", tgt_lang="en"))


def term(text, lemma="", variants=(), freq=2) -> Term:
    return Term(text=text, lemma=lemma, language="fr", freq=freq, variants=list(variants),
                occurrences=[Occurrence("op3", f"… {text} …")])


TB = termbase(
    entry("traite des personnes", "trafficking in persons", documents=12, confidence=0.99),
    entry("traite des personnes", "human trafficking", documents=8, confidence=0.9),
    entry("organisation internationale", "international organization", documents=5),
    entry("Plan d'action mondial", "Global Plan of Action", documents=3, confidence=0.95),
    entry("Organisation des Nations Unies", "Secretary-General of the United Nations", documents=2, confidence=0.54),
    entry("Organisation des Nations Unies", "United Nations", documents=1, confidence=0.41),
    entry("Organisation des Nations Unies", "efforts of the United Nations", documents=1, confidence=0.38),
    entry("volonté politique", "political leadership", documents=1, confidence=0.48),
)


def test_an_exact_match_suggests_the_termbase_counterparts_best_first_with_their_evidence():
    s = suggest_terms([term("traite des personnes")], TermbaseIndex(TB))[0]
    assert s.match == EXACT
    assert [c.entry.tgt_term for c in s.counterparts] == ["trafficking in persons", "human trafficking"]
    rows = suggestions_glossary([s], src_lang="fr", tgt_lang="en", termbase_label="tb.tbx").entries
    first = rows[0]
    assert first.status == SUGGESTED and not first.manual
    assert first.documents == 12 and first.evidence["termbase_documents"] == 12
    assert first.evidence["rank"] == 1 and rows[1].evidence["rank"] == 2
    assert first.source.startswith("A/RES/0; A/RES/1")
    assert "suggestion from tb.tbx" in first.note and "not reviewed" in first.note


def test_an_inflected_form_is_found_by_lemma_and_variant_but_not_called_exact():
    s = suggest_terms([term("organisations internationales")], TermbaseIndex(TB))[0]
    assert s.match == LEMMA and s.target == "international organization"
    # the lemma the extractor gives ("de le") meets the written forms ("de la", "des")
    assert fold_tokens("victime de le traite") == fold_tokens("victimes de la traite")
    assert fold_tokens("traite de personne") == fold_tokens("traite des personnes")


def test_a_longer_name_gets_its_known_parts_as_a_composed_suggestion_never_as_attested():
    long_name = "Plan d'action mondial pour la lutte contre la traite des personnes"
    s = suggest_terms([term(long_name)], TermbaseIndex(TB))[0]
    assert s.match == COMPOSE
    assert s.target == "Global Plan of Action … trafficking in persons"
    (row,) = suggestions_glossary([s], src_lang="fr", tgt_lang="en").entries
    assert row.status == COMPOSED and row.status != SUGGESTED
    assert "not attested" in row.note and "Plan d'action mondial → Global Plan of Action" in row.note
    assert row.confidence < 0.5 * 0.95 + 1e-9


def test_a_term_the_termbase_does_not_know_is_listed_as_having_no_counterpart():
    s = suggest_terms([term("esclavage moderne")], TermbaseIndex(TB))[0]
    assert s.match == NONE and not s.suggested
    (row,) = suggestions_glossary([s], src_lang="fr", tgt_lang="en").entries
    assert row.status == NO_COUNTERPART and row.tgt_term == "" and "no known counterpart" in row.note


def test_a_counterpart_contained_in_longer_ones_collects_their_support():
    s = suggest_terms([term("Organisation des Nations Unies")], TermbaseIndex(TB))[0]
    assert s.counterparts[0].entry.tgt_term == "United Nations"
    assert s.counterparts[0].nested == 2


def test_a_counterpart_seen_once_with_low_confidence_is_not_suggested():
    s = suggest_terms([term("volonté politique")], TermbaseIndex(TB))[0]
    assert s.match == NONE


def test_suggestions_are_written_in_every_glossary_format_cat_ready(tmp_path):
    from openpyxl import load_workbook

    from toolkit.export import read_glossary

    sug = suggest_terms([term("traite des personnes"), term("esclavage moderne")], TermbaseIndex(TB))
    g = suggestions_glossary(sug, src_lang="fr", tgt_lang="en", termbase_label="tb.tbx",
                             signature=Signature(toolkit_version="0", src_lang="fr", tgt_lang="en"))
    tbx = write_suggestions(g, tmp_path / "s.tbx")
    assert validate_tbx3(tbx) == []
    text = tbx.read_text(encoding="utf-8")
    assert "preferredTerm" not in text and "<term></term>" not in text and "<term/>" not in text
    assert "esclavage moderne" in text             # listed, with its French section only
    assert validate_tbx2(write_suggestions(g, tmp_path / "s2.tbx", tbx_version=2)) == []
    ws = load_workbook(write_suggestions(g, tmp_path / "s.xlsx")).active
    header = [c.value for c in ws[1]]
    assert header[:2] == ["fr-FR", "en-US"] and "Status" in header
    statuses = [r[header.index("Status")] for r in ws.iter_rows(min_row=2, values_only=True)]
    assert statuses == [SUGGESTED, SUGGESTED, NO_COUNTERPART]
    back = read_glossary(write_suggestions(g, tmp_path / "s.tsv"))
    assert [e.tgt_term for e in back.entries] == ["trafficking in persons", "human trafficking", ""]
    write_suggestions(g, tmp_path / "s.csv")
    omegat = write_suggestions(g, tmp_path / "s.txt").read_text(encoding="utf-8")
    assert "esclavage moderne" not in omegat and "trafficking in persons" in omegat


# --------------------------------------------------------------------------- command line


@pytest.fixture(scope="module")
def runner():
    import toolkit.cli.suggest  # noqa: F401  (registers the commands until toolkit.cli imports it)

    return CliRunner()


@pytest.fixture(scope="module")
def small_tbx(tmp_path_factory) -> Path:
    from toolkit.export import write_glossary

    g = termbase(entry("droits de l'homme", "human rights", documents=20, confidence=0.99),
                 entry("libertés fondamentales", "fundamental freedoms", documents=6, confidence=0.95),
                 entry("dignité", "dignity", documents=8, confidence=0.9))
    return write_glossary(g, tmp_path_factory.mktemp("tb") / "tb.fr-en.tbx")


def _cli(runner, args):
    from toolkit.cli import cli

    return runner.invoke(cli, args)


def test_suggest_command_writes_cat_files_and_counts_the_terms_with_a_suggestion(runner, small_tbx, corpora, tmp_path):
    out = tmp_path / "udhr.suggested.xlsx"
    result = _cli(runner, ["suggest", str(corpora / "udhr" / "fr.txt"), "--lang", "fr", "--termbase", str(small_tbx),
                           "-o", str(out), "-o", str(tmp_path / "udhr.suggested.tbx")])
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 0 and validate_tbx3(tmp_path / "udhr.suggested.tbx") == []
    assert "with a suggestion" in result.output and "no known counterpart" in result.output
    tbx = (tmp_path / "udhr.suggested.tbx").read_text(encoding="utf-8")
    assert "human rights" in tbx and "fundamental freedoms" in tbx


def test_suggest_refuses_a_termbase_of_another_language_pair_in_one_line(runner, tmp_path, corpora):
    from toolkit.export import write_glossary

    de = Glossary("de", "en", [GlossaryEntry("Menschenrechte", "human rights", "de", "en", confidence=0.9)],
                  Signature(toolkit_version="0", src_lang="de", tgt_lang="en"))
    path = write_glossary(de, tmp_path / "de-en.tbx")
    result = _cli(runner, ["suggest", str(corpora / "udhr" / "fr.txt"), "--lang", "fr", "--termbase", str(path)])
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert result.output.startswith("error: ") and "de-en" in result.output and len(result.output.splitlines()) == 1


@pytest.mark.parametrize("content", ["", "<tbx><text><body></body></text></tbx>", "not xml <<"])
def test_suggest_refuses_an_empty_or_broken_termbase_in_one_line(runner, tmp_path, corpora, content):
    path = tmp_path / "bad.tbx"
    path.write_text(content, encoding="utf-8")
    result = _cli(runner, ["suggest", str(corpora / "udhr" / "fr.txt"), "--lang", "fr", "--termbase", str(path)])
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert result.output.startswith("error: ") and len(result.output.strip().splitlines()) == 1


def test_reading_an_en_fr_termbase_for_a_french_document_turns_it_round(small_tbx, tmp_path):
    from toolkit.export import read_glossary, write_glossary
    from toolkit.export.merge import reverse
    from toolkit.termbase import read_termbases

    en_fr = write_glossary(reverse(read_glossary(small_tbx)), tmp_path / "en-fr.tbx")
    g = read_termbases([en_fr], src_lang="fr")
    assert (g.src_lang, g.tgt_lang) == ("fr", "en")
    assert {e.src_term for e in g.entries} >= {"droits de l'homme"}


def test_a_document_in_another_language_than_the_termbase_source_gets_a_warning_naming_it(runner, small_tbx,
                                                                                           corpora):
    result = _cli(runner, ["suggest", str(corpora / "udhr" / "en.txt"), "--lang", "fr", "--termbase", str(small_tbx)])
    assert result.exit_code == 0, result.output
    assert "warning:" in result.output and "'en'" in result.output


def test_an_empty_termbase_glossary_object_is_refused():
    from toolkit.model import Document, Segment
    from toolkit.suggest import suggest_document

    doc = Document("fr", [Segment("p1", "paragraph", "texte")])
    with pytest.raises(InputError, match="no entry"):
        suggest_document(doc, Glossary("fr", "en", []))


def test_suggest_and_termbase_take_the_shared_output_options():
    from click.testing import CliRunner

    from toolkit.cli import cli

    for command in ("suggest", "termbase"):
        text = CliRunner().invoke(cli, [command, "--help"]).output
        assert "--lang-code" in text and "--bom" in text and "--comment-header" in text, command


def test_a_termbase_written_with_regional_codes_reads_back_for_its_languages(tmp_path):
    from toolkit.export import read_glossary
    from toolkit.termbase import read_termbases, write_termbase

    shipped = read_glossary(Path(__file__).resolve().parent.parent / "glossaries" / "udhr.fr-en.tbx")
    tbx, xlsx = write_termbase(shipped, tmp_path, lang_codes={"fr": "fr-CA", "en": "en-GB"})
    assert 'xml:lang="fr-CA"' in tbx.read_text(encoding="utf-8")
    back = read_termbases([tbx], src_lang="fr")
    assert (back.src_lang, back.tgt_lang, len(back.entries)) == ("fr", "en", len(shipped.entries))
