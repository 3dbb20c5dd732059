"""Multilingual glossaries (issue 13, points 5-6): the further languages of a concept
(``GlossaryEntry.other_languages``) in every glossary format, read back exactly;
:func:`toolkit.multilingual.build_multilingual`; ``toolkit glossary`` with more than two files.

Fast: the formats are tested on a hand-made six-language glossary; the builds run on the
first 40 segments of corpora/sdg/{fr,en,es}.txt, one segment per line, with the stand-in
encoder of tests/test_projection.py (the segments of one line share a vector: no model loads).
"""
from __future__ import annotations

import copy
import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from export_fixtures import un_glossary
from lxml import etree
from tbx_validation import validate_tbx2, validate_tbx3
from test_projection import IdEmbedder

from toolkit.cli import cli
from toolkit.export import read_glossary, write_glossary
from toolkit.export.tabular import GLOSSARY_COLUMNS, glossary_header
from toolkit.export.tbx import figures_path, tbx_bytes
from toolkit.export.xlsx import GLOSSARY_SHEET, glossary_headers
from toolkit.lang import UnsupportedLanguage
from toolkit.model import ACRONYM, ConceptTerm, Glossary, LanguageTerms, Occurrence
from toolkit.multilingual import build_multilingual
from toolkit.segment import read_document

CORPORA = Path(__file__).resolve().parent.parent / "corpora"
N = 40
FURTHER = ("ar", "es", "ru", "zh")


def six_languages() -> Glossary:
    """un_glossary() with its first three concepts in Arabic, Spanish, Russian and Chinese too
    (acronyms, variants, a context without a document, a language without a context)."""
    g = un_glossary()
    sd, ga, tp = g.entries[0], g.entries[1], g.entries[2]
    sd.other_languages = {
        "zh": LanguageTerms([ConceptTerm("可持续发展", freq=7)], Occurrence("op3", "重申致力于可持续发展。", "A/RES/70/1"),
                            0.81, {"consistency": 1.0, "dice": 0.9}),
        "es": LanguageTerms([ConceptTerm("desarrollo sostenible", variants=["Desarrollo sostenible"], freq=7),
                             ConceptTerm("DS", ACRONYM, freq=1)],
                            Occurrence("op3", "Reafirma su compromiso con el desarrollo sostenible.", "A/RES/70/1"),
                            0.9, {"consistency": 1.0}),
        "ar": LanguageTerms([ConceptTerm("التنمية المستدامة", variants=["والتنمية المستدامة"], freq=6)],
                            Occurrence("op3", "تؤكد من جديد التزامها بالتنمية المستدامة.", "A/RES/70/1"), 0.7,
                            {"aligned": 0.5}),
        "ru": LanguageTerms([ConceptTerm("устойчивое развитие", freq=5)], None, 0.66, {}),
    }
    ga.other_languages = {
        "es": LanguageTerms([ConceptTerm("Asamblea General", freq=4)], Occurrence("pp1", "La Asamblea General,"), 0.95),
        "ru": LanguageTerms([ConceptTerm("Генеральная Ассамблея", freq=4)],
                            Occurrence("pp1", "Генеральная Ассамблея,", "A/RES/68/192"), 0.93),
    }
    tp.other_languages = {"es": LanguageTerms([ConceptTerm("trata de personas", freq=11)],
                                              Occurrence("op2", "=la trata de personas", "A/RES/68/192"), 0.8)}
    return g


def _terms(g: Glossary, classes=None) -> list:
    return [(e.src_term, copy.deepcopy(e.other_languages)) for e in g.entries
            if classes is None or e.entry_class in classes]


# --- TBX ------------------------------------------------------------------------------------

@pytest.mark.parametrize("version", [3, 2])
def test_tbx_with_six_languages_validates_and_reads_back(tmp_path, version):
    g = six_languages()
    path = write_glossary(g, tmp_path / "g.tbx", tbx_version=version, lang_codes={"zh": "zh-CN"})
    assert (validate_tbx3(path) if version == 3 else validate_tbx2(path)) == []
    root = etree.parse(str(path)).getroot()
    concepts = [c for c in root.iter() if isinstance(c.tag, str) and etree.QName(c).localname in
                ("conceptEntry", "termEntry")]
    lang_tag = "langSec" if version == 3 else "langSet"
    langs = [ls.get("{http://www.w3.org/XML/1998/namespace}lang") for ls in concepts[0]
             if etree.QName(ls).localname == lang_tag]
    assert langs == ["fr", "en", "ar", "es", "ru", "zh-CN"]      # source, target, then the codes' order
    es = [ls for ls in concepts[0] if ls.get("{http://www.w3.org/XML/1998/namespace}lang") == "es"][0]
    assert [t.text for t in es.iter() if etree.QName(t).localname == "term"] == ["desarrollo sostenible", "DS"]
    assert "acronym" in [n.text for n in es.iter() if etree.QName(n).localname == "termNote"]
    assert b"A/RES/70/1 [op3]" in path.read_bytes()            # the Spanish context cites its document
    figures = json.loads(figures_path(path).read_text(encoding="utf-8"))["entries"]
    fig = next(f for f in figures.values() if "other_languages" in f and "zh" in f["other_languages"])
    assert fig["other_languages"]["zh"]["confidence"] == 0.81
    assert fig["other_languages"]["es"]["evidence"] == {"consistency": 1.0}
    back = read_glossary(path)
    assert _terms(back) == _terms(g, ("term",))
    assert [e.src_term for e in back.entries] == [e.src_term for e in g.of_class("term")]


def test_tbx_without_its_figures_still_reads_the_further_terms(tmp_path):
    path = write_glossary(six_languages(), tmp_path / "g.tbx")
    figures_path(path).unlink()
    back = read_glossary(path)
    es = back.entries[0].other_languages["es"]
    assert [t.text for t in es.terms] == ["desarrollo sostenible", "DS"] and es.terms[1].term_type == ACRONYM
    assert es.context.document == "A/RES/70/1" and es.context.segment_id == "op3"
    assert es.confidence == 0.0                                  # the figures are in the sidecar only


def test_bilingual_tbx_is_written_as_before():
    g = un_glossary()
    data = tbx_bytes(g)
    assert b"Glossary fr-en</title>" in data
    # further languages without a term, or the source language itself, write nothing
    g2 = un_glossary()
    g2.entries[0].other_languages = {"es": LanguageTerms([ConceptTerm("  ")]), "fr": LanguageTerms([ConceptTerm("x")])}
    assert tbx_bytes(g2) == data


# --- tables ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["g.csv", "g.tsv", "g.xlsx"])
def test_table_column_groups_read_back(tmp_path, name):
    g = six_languages()
    path = write_glossary(g, tmp_path / name)
    back = read_glossary(path)
    assert _terms(back) == _terms(g)
    assert [e.manual for e in back.entries] == [False] * len(g.entries)     # unedited rows stay the machine's
    assert [e.note for e in back.entries] == [e.note for e in g.entries]      # no column read as a note


def test_table_headers_have_one_group_per_further_language():
    g = six_languages()
    header = glossary_header(g)
    start = header.index("subject_field") + 1
    assert header[start:start + 20] == [h for lang in FURTHER for h in
                                        (lang, f"other_{lang}", f"context_{lang}", f"ref_{lang}", f"confidence_{lang}")]
    assert header[:start] == [h.format(S="fr", T="en", s="fr", t="en") for _, h in GLOSSARY_COLUMNS][:start]
    xlsx = glossary_headers(g, {"es": "es-MX"})
    s = xlsx.index("Subject field") + 1
    assert xlsx[s:s + 5] == ["ar-SA", "Other terms AR", "Context AR", "Reference AR", "Confidence AR"]
    assert "es-MX" in xlsx and "zh-CN" in xlsx and "ru-RU" in xlsx


def test_bilingual_tables_have_no_further_columns(tmp_path):
    g = un_glossary()
    assert glossary_header(g) == [h.format(S="fr", T="en", s="fr", t="en") for _, h in GLOSSARY_COLUMNS]
    assert glossary_headers(g, None) == [h.format(S="fr-FR", T="en-US", s="FR", t="EN") for _, h, _, _ in
                                         GLOSSARY_SHEET]
    path = write_glossary(g, tmp_path / "g.csv")
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    assert rows[0] == glossary_header(g) and '"languages"' not in path.read_text(encoding="utf-8")


def test_csv_cells_of_the_further_languages(tmp_path):
    path = write_glossary(six_languages(), tmp_path / "g.csv")
    rows = list(csv.DictReader(path.read_text(encoding="utf-8").splitlines()))
    assert rows[0]["es"] == "desarrollo sostenible" and rows[0]["other_es"] == "DS (acronym)"
    assert rows[0]["ref_zh"] == "A/RES/70/1 op3" and rows[0]["confidence_ar"] == "0.7"
    assert rows[2]["context_es"] == "'=la trata de personas"      # neutralised like every text cell
    assert rows[3]["es"] == "" and rows[3]["confidence_es"] == ""   # no Spanish term: empty cells


def test_an_edited_further_term_makes_the_row_a_person_s(tmp_path):
    path = write_glossary(six_languages(), tmp_path / "g.csv")
    text = path.read_text(encoding="utf-8").replace("Asamblea General,", "Asamblea General,", 1)
    path.write_text(text.replace(",Asamblea General,", ",Asamblea general,", 1), encoding="utf-8")
    back = read_glossary(path)
    assert back.entries[1].other_languages["es"].head == "Asamblea general"
    assert back.entries[1].manual and not back.entries[0].manual


def test_arabic_cells_read_right_to_left(tmp_path):
    from openpyxl import load_workbook

    path = write_glossary(six_languages(), tmp_path / "g.xlsx")
    ws = load_workbook(path)["glossary"]
    headers = [c.value for c in ws[1]]
    col = {h: k + 1 for k, h in enumerate(headers)}
    for h in ("ar-SA", "Other terms AR", "Context AR"):
        assert ws.cell(2, col[h]).alignment.readingOrder == 2, h
        assert ws.cell(2, col[h]).alignment.horizontal == "right"
    assert ws.cell(2, col["ar-SA"]).value == "التنمية المستدامة"
    for h in ("es-ES", "Reference AR", "fr-FR", "Context ZH"):
        assert ws.cell(2, col[h]).alignment.readingOrder in (0, None), h
    run = load_workbook(path)["run"]
    assert ["other_languages", "ar es ru zh"] in [[c.value for c in r] for r in run.iter_rows()]


# --- build_multilingual and the command line -----------------------------------------------------

def _slice(tmp_path: Path, codes=("fr", "en", "es"), folder: str = "in") -> dict[str, Path]:
    """The first N segments of corpora/sdg/CODE.txt, one per line, in tmp_path/folder/CODE.txt."""
    out = tmp_path / folder
    out.mkdir(exist_ok=True)
    paths = {}
    for code in codes:
        doc = read_document(CORPORA / "sdg" / f"{code}.txt", code)
        paths[code] = out / f"{code}.txt"
        paths[code].write_text("\n".join(" ".join(s.text.split()) for s in doc.segments[:N]) + "\n",
                               encoding="utf-8")
    return paths


@pytest.fixture()
def sdg(tmp_path, monkeypatch):
    """fr/en/es slices, and the stand-in encoder in place of every model."""
    import toolkit.embed

    paths = _slice(tmp_path)
    embedder = IdEmbedder([read_document(p, c, input_format="lines") for c, p in paths.items()])
    monkeypatch.setattr(toolkit.embed, "get_embedder", lambda model=None: embedder)
    return paths


def test_build_multilingual_reports_a_missing_or_mislabelled_side_and_goes_on(sdg, tmp_path):
    es = read_document(sdg["es"], "es", input_format="lines")
    g = build_multilingual({"fr": sdg["fr"], "en": sdg["en"], "es": es, "ru": tmp_path / "nowhere" / "ru.txt",
                            "zh-CN": read_document(sdg["es"], "es", input_format="lines")},
                           input_format="lines")
    assert (g.src_lang, g.tgt_lang) == ("fr", "en")
    assert any(w.startswith("ru: ") and "cannot be read" in w and w.endswith("left out") for w in g.warnings)
    assert any(w.startswith("zh: ") and "labelled 'es', not 'zh'" in w for w in g.warnings)
    projected = [e for e in g.entries if "es" in e.other_languages]
    assert projected and not any({"ru", "zh"} & set(e.other_languages) for e in g.entries)
    assert g.signature.params["projection.langs"] == "es" and "proj.es" in g.signature.inputs
    assert next(e for e in g.entries if e.tgt_term == "malnutrition").other_languages["es"].head == "malnutrición"


def test_build_multilingual_refuses_an_unsupported_language_or_no_source(sdg):
    with pytest.raises(UnsupportedLanguage):
        build_multilingual({"fr": sdg["fr"], "en": sdg["en"], "de": sdg["es"]})
    from toolkit.errors import InputError

    with pytest.raises(InputError, match="no fr document"):
        build_multilingual({"en": sdg["en"], "es": sdg["es"]})


def _run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_glossary_command_with_three_files_writes_a_multilingual_tbx(sdg, tmp_path):
    out = tmp_path / "sdg.tbx"
    missing = sdg["fr"].parent / "zh.txt"
    res = _run("glossary", sdg["es"], sdg["en"], sdg["fr"], missing, "--input-format", "lines", "-o", out,
               "--lang-code", "es=es-ES")
    assert res.exit_code == 0, res.output
    assert "cannot be read" in res.stderr and "zh: " in res.stderr      # the missing side, one line
    assert "projected into es" in res.stderr
    assert validate_tbx3(out) == []
    assert b'xml:lang="es-ES"' in out.read_bytes()
    g = read_glossary(out)
    assert (g.src_lang, g.tgt_lang) == ("fr", "en")
    assert any(e.other_languages.get("es") for e in g.entries)


def test_glossary_command_with_a_folder_and_langs_writes_the_column_groups(sdg, tmp_path):
    out = tmp_path / "sdg.csv"
    res = _run("glossary", sdg["fr"].parent, "--langs", "fr,en,es", "--input-format", "lines", "-o", out)
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(out.read_text(encoding="utf-8").splitlines()))
    assert {"es", "other_es", "context_es", "ref_es", "confidence_es"} <= set(rows[0])
    assert "malnutrición" in {r["es"] for r in rows}
    back = read_glossary(out)
    assert any(e.other_languages.get("es") for e in back.entries)


def test_glossary_command_with_unnamed_files_takes_the_langs_order(sdg, tmp_path):
    named = {}
    for code, p in sdg.items():
        named[code] = tmp_path / f"sdg-{code}-slice.txt"
        named[code].write_bytes(p.read_bytes())
    res = _run("glossary", named["fr"], named["en"], named["es"], "--langs", "fr,en,es", "--input-format", "lines")
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines()[1].split("\t")[21:26] == ["es", "other_es", "context_es", "ref_es",
                                                               "confidence_es"]


@pytest.mark.parametrize("args, needle", [
    (("--langs", "fr,en"), "--langs gives 2 languages for 3 files"),
    (("--langs", "fr,xx,en"), "unsupported language 'xx'"),
    (("--src-lang", "ru"), "no ru file for the source language"),
])
def test_glossary_command_bad_input_is_one_line(sdg, tmp_path, args, needle):
    files = [tmp_path / f"doc{k}.txt" for k in range(3)]
    for f, p in zip(files, sdg.values()):
        f.write_bytes(p.read_bytes())
    if args[0] == "--src-lang":
        files = list(sdg.values())
    res = _run("glossary", *files, *args)
    assert res.exit_code != 0
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0] and lines[0].startswith("error: "), res.stderr


def test_a_file_named_by_an_unsupported_language_is_one_line(sdg, tmp_path):
    de = tmp_path / "de.txt"
    de.write_bytes(sdg["es"].read_bytes())
    res = _run("glossary", sdg["fr"], sdg["en"], de)
    assert res.exit_code != 0 and res.stderr.strip() == (
        "error: unsupported language 'de': supported languages are ar, en, es, fr, ru, zh")


def test_two_files_build_the_bilingual_glossary_as_before(files, monkeypatch, tmp_path):
    import toolkit.multilingual
    import toolkit.pipeline
    from export_fixtures import un_alignment

    from toolkit.pipeline import PairResult

    monkeypatch.setattr(toolkit.pipeline, "run_documents",
                        lambda src, tgt, **kw: PairResult(un_alignment(), un_glossary(), [], []))
    monkeypatch.setattr(toolkit.multilingual, "build_multilingual",
                        lambda *a, **kw: pytest.fail("two files are a bilingual glossary"))
    out = tmp_path / "g.tsv"
    res = _run("glossary", *files, "-o", out)
    assert res.exit_code == 0, res.output
    assert out.read_text(encoding="utf-8").splitlines()[0].split("\t") == glossary_header(un_glossary())
    assert "projected" not in res.stderr
    res = _run("glossary", files[0], tmp_path)        # a folder among two: no glossary, one line
    assert res.exit_code == 2 and "is a directory" in res.stderr and len(res.stderr.strip().splitlines()) == 1
