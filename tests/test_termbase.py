"""The corpus termbase (toolkit.termbase), the shipped UN devset corpus, and the main job's suggestions."""
from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest

from toolkit.errors import InputError
from toolkit.model import PREFERRED, Glossary, GlossaryEntry, Signature
from toolkit.termbase import documents_of

ROOT = Path(__file__).resolve().parent.parent
DEVSET = ROOT / "corpora" / "un-devset"
GLOSSARIES = ROOT / "glossaries"
sys.path.insert(0, str(ROOT / "corpora"))
from build_corpora import devset_symbol  # noqa: E402  (the symbol rule lives with its builder)


@pytest.mark.parametrize("corpus_id, symbol", [
    ("2015/a/ac_182/l_139", "A/AC.182/L.139"),
    ("2015/s/res/2196__2015_", "S/RES/2196 (2015)"),
    ("2015/a/69/308__part_ii_", "A/69/308 (Part II)"),
    ("2015/cedaw/c/ecu/co/8_9", "CEDAW/C/ECU/CO/8-9"),
    ("2015/iccd/cric_13_/4", "ICCD/CRIC(13)/4"),
    ("2015/a/es_10/671", "A/ES-10/671"),
    ("2015/a/69/102/add_2", "A/69/102/Add.2"),
])
def test_devset_document_symbols_are_rebuilt_from_the_corpus_ids(corpus_id, symbol):
    assert devset_symbol(corpus_id) == symbol


def _manifest() -> list[dict]:
    with open(DEVSET / "manifest.fr-en.tsv", encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def test_the_shipped_devset_has_one_folder_per_symbol_with_six_parallel_languages_and_its_terms_of_use():
    rows = _manifest()
    assert len(rows) == 732 and len({r["id"] for r in rows}) == 732
    lines = 0
    for r in rows:
        folder = DEVSET / Path(r["source"]).parent
        counts = {lang: len((folder / f"{lang}.txt").read_text(encoding="utf-8").splitlines())
                  for lang in ("ar", "en", "es", "fr", "ru", "zh")}
        assert len(set(counts.values())) == 1, (r["id"], counts)
        lines += counts["fr"]
    assert lines == 4000
    assert "Under no circumstances shall the United Nations be liable" in (DEVSET / "DISCLAIMER").read_text()
    provenance = (DEVSET / "PROVENANCE.md").read_text(encoding="utf-8")
    assert "Ziemski" in provenance and "DISCLAIMER" in provenance and "build_corpora.py" in provenance


def test_the_main_job_does_not_take_the_devset_folder_for_a_document():
    from toolkit.shipped import list_corpora

    assert "un-devset" not in {item.id for item in list_corpora()}


@pytest.mark.shared_data
def test_the_shipped_devset_is_what_build_corpora_makes_from_the_shared_data(shared_data):
    import build_corpora

    outputs = build_corpora.devset_files(shared_data / "un-parallel-corpus-v1.0")
    differ = [p for p, data in outputs.items() if not p.exists() or p.read_bytes() != data]
    assert differ == [], f"{len(differ)} files differ, e.g. {differ[:3]}: run corpora/build_corpora.py"
    assert build_corpora.devset_stray(outputs) == []


def test_termbase_pairs_are_the_devset_documents_then_the_shipped_pairs_labelled_by_symbol():
    from toolkit.termbase import termbase_pairs

    pairs = termbase_pairs()
    ids = [p.id for p in pairs]
    assert len(pairs) == 734 and ids[0] == "A/68/908"
    assert set(ids[-2:]) == {"A/RES/217 A (III)", "A/RES/70/1 + A/RES/71/313"}
    assert {p.input_format for p in pairs[:732]} == {"lines"}
    es = termbase_pairs(src_lang="es", tgt_lang="ru")
    assert Path(es[0].source).name == "es.txt" and Path(es[0].target).name == "ru.txt"


def test_a_fetched_translation_is_not_a_shipped_text_of_the_termbase(tmp_path):
    from toolkit.termbase import shipped_pairs

    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "fr.txt").write_text("texte\n", encoding="utf-8")
        (tmp_path / name / "en.txt").write_text("text\n", encoding="utf-8")
    (tmp_path / "b" / "en.provenance.json").write_text("{}", encoding="utf-8")
    assert [p.id for p in shipped_pairs(tmp_path)] == ["a"]


def _devset_pairs(*symbols):
    from toolkit.termbase import devset_pairs

    wanted = {p.id: p for p in devset_pairs()}
    return [wanted[s] for s in symbols]


# Two small devset documents (9 and 7 sentences) of the Commission on the Status of Women that share terms.
SAMPLE = ("E/CN.6/2015/NGO/235", "E/CN.6/2015/NGO/264")


@pytest.fixture(scope="module")
def sample_build(tmp_path_factory, encoder):
    from toolkit.termbase import build_termbase

    return build_termbase(_devset_pairs(*SAMPLE), tmp_path_factory.mktemp("tb-batch"), workers=0, model=encoder)


def test_the_termbase_is_built_by_the_batch_runner_and_each_concept_keeps_its_documents_and_counts(sample_build):
    tb = sample_build.termbase
    assert set(sample_build.documents) == set(SAMPLE) and not sample_build.failed
    assert tb.signature.params["kind"] == "termbase" and "in.pairs" in str(tb.signature)
    for e in tb.entries:
        assert set(documents_of(e)) <= set(SAMPLE) and e.documents == len(documents_of(e))
        assert e.status != PREFERRED         # nobody reviewed it
    # both documents pair "femmes" with "women" and "violence" with "violence": one concept each,
    # its evidence summed (a single noun is written in the singular where general language knows
    # it: "femme"; "women" has no regular singular, so it stays)
    two = {(e.src_term, e.tgt_term): e for e in tb.entries if e.documents == 2}
    assert set(two) == {("femme", "women"), ("violence", "violence")}
    shared = two[("violence", "violence")]
    assert documents_of(shared) == list(SAMPLE)
    parts = [next(x for x in sample_build.documents[s].entries if x.src_term == "violence") for s in SAMPLE]
    assert shared.freq_src == sum(p.freq_src for p in parts)
    assert shared.evidence["cooc"] == sum(p.evidence["cooc"] for p in parts)
    assert tb.entries == sorted(tb.entries, key=lambda e: (e.src_term.casefold(), e.tgt_term.casefold(),
                                                           e.src_term, e.tgt_term))


def test_merging_sums_the_evidence_of_one_concept_seen_in_two_documents():
    from toolkit.termbase import merge_termbase

    def g(symbol, conf):
        e = GlossaryEntry("droits de l'homme", "human rights", "fr", "en", freq_src=2, freq_tgt=3, confidence=conf,
                          status=PREFERRED, source=symbol, evidence={"cooc": 2})
        return Glossary("fr", "en", [e])

    (e,) = merge_termbase([g("A/1", 0.7), g("S/2", 0.5)], src_lang="fr", tgt_lang="en").entries
    assert documents_of(e) == ["A/1", "S/2"] and e.documents == 2
    assert (e.freq_src, e.freq_tgt, e.evidence["cooc"]) == (4, 6, 4)
    assert e.confidence == pytest.approx(0.85) and e.status != PREFERRED


def test_the_shipped_selection_keeps_summed_evidence_and_short_examples():
    from toolkit.model import Occurrence
    from toolkit.termbase import CONTEXT_CHARS, select_for_shipping

    long = "mot " * 100 + "traite des personnes" + " fin" * 100
    e = GlossaryEntry("traite des personnes", "trafficking in persons", "fr", "en", confidence=0.99, documents=9,
                      evidence={"cooc": 9, "pairs_src": 10, "wordalign": 0.8}, context_src=Occurrence("s1", long))
    weak = GlossaryEntry("mot rare", "rare word", "fr", "en", confidence=0.2, documents=1)
    tb = select_for_shipping(Glossary("fr", "en", [e, weak], Signature(toolkit_version="0")))
    (kept,) = tb.entries
    assert set(kept.evidence) == {"cooc", "pairs_src"}
    assert "traite des personnes" in kept.context_src.sentence
    assert len(kept.context_src.sentence) <= CONTEXT_CHARS + 4


@pytest.mark.parametrize("content, message", [
    ("", "not well-formed"),
    ("<martif><text><body></body></text></martif>", "no bilingual"),
])
def test_a_termbase_that_is_empty_or_does_not_parse_is_a_one_line_error(tmp_path, content, message):
    from toolkit.termbase import read_termbases

    path = tmp_path / "tb.tbx"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message) as exc:
        read_termbases([path], src_lang="fr")
    assert "\n" not in str(exc.value)


def test_a_termbase_in_another_language_pair_is_refused(tmp_path):
    from toolkit.export import write_glossary
    from toolkit.termbase import read_termbases

    g = Glossary("es", "en", [GlossaryEntry("derechos humanos", "human rights", "es", "en", confidence=0.9)],
                 Signature(toolkit_version="0", src_lang="es", tgt_lang="en"))
    path = write_glossary(g, tmp_path / "es-en.tbx")
    with pytest.raises(InputError, match="es-en, not fr-en"):
        read_termbases([path], src_lang="fr", tgt_lang="en")


# --------------------------------------------------------------------------- the committed termbase


def _committed():
    from toolkit.termbase import termbase_paths

    tbx, xlsx = termbase_paths(GLOSSARIES)
    if not tbx.exists():
        pytest.skip("glossaries/un-termbase.fr-en.tbx not built yet")
    return tbx, xlsx


def test_the_committed_termbase_was_built_from_the_shipped_texts_as_they_are_today():
    from toolkit.export.common import parse_signature
    from toolkit.termbase import inputs_digest, termbase_pairs

    tbx, xlsx = _committed()
    head = tbx.read_text(encoding="utf-8")[:3000]
    line = next(ln for ln in head.splitlines() if "signature:" in ln)
    sig = parse_signature(line.split("<p>", 1)[1].split("</p>")[0])
    assert sig.inputs["pairs"] == inputs_digest(termbase_pairs()), \
        "corpora changed since glossaries/un-termbase.* was built: run `toolkit build-glossaries --force`"
    assert sig.params["kind"] == "termbase" and "preferredTerm" not in tbx.read_text(encoding="utf-8")
    assert xlsx.exists()


@pytest.mark.slow
def test_the_committed_termbase_holds_what_the_batch_builds_today_for_sample_documents(sample_build):
    """A cheap stand-in for the full rebuild (5 minutes): concepts the committed termbase has
    from one sample document alone must be what that document's batch glossary says today."""
    from toolkit.termbase import read_termbases

    tbx, _ = _committed()
    committed = read_termbases([tbx], src_lang="fr")
    checked = 0
    for symbol, g in sample_build.documents.items():
        today = {(e.src_term, e.tgt_term): e for e in g.entries}
        for e in committed.entries:
            if e.source == symbol:
                assert (e.src_term, e.tgt_term) in today, f"{symbol}: {e.src_term} ↔ {e.tgt_term} no longer built"
                assert abs(today[(e.src_term, e.tgt_term)].confidence - e.confidence) <= 2e-3
                checked += 1
    assert checked > 0


@pytest.mark.slow
def test_the_main_job_writes_suggestions_for_the_seed_next_to_its_term_list_and_counts_them(tmp_path, encoder):
    from toolkit.shipped import run_main_job, suggestion_outputs

    _committed()
    report = run_main_job(tmp_path, ids=["A-RES-68-192"], model=encoder)
    (row,) = report.rows
    tbx, xlsx = suggestion_outputs(tmp_path / "A-RES-68-192", "A-RES-68-192", "fr", "en")
    assert tbx.name == "A-RES-68-192.fr-en.suggested.tbx" and tbx.parent == (tmp_path / "A-RES-68-192")
    assert tbx.exists() and xlsx.exists() and (tmp_path / "A-RES-68-192" / "terms.fr.tsv").exists()
    assert 0 < row["suggested"] <= row["terms"]
    assert row["suggested"] == row["suggested_exact"] + row["suggested_lemma"] + row["suggested_composed"]
    text = tbx.read_text(encoding="utf-8")
    assert "trafficking in persons" in text and "preferredTerm" not in text
    assert (GLOSSARIES / tbx.name).read_bytes().count(b"<conceptEntry") == text.count("<conceptEntry")


@pytest.mark.slow
def test_a_pair_of_the_main_job_gets_a_term_consistency_report_instead_of_suggestions(tmp_path, encoder):
    from toolkit.check import COLUMNS
    from toolkit.shipped import CONSISTENCY_FILE, run_main_job

    _committed()
    report = run_main_job(tmp_path, ids=["udhr"], model=encoder)
    (row,) = report.rows
    lines = (tmp_path / "udhr" / CONSISTENCY_FILE).read_text(encoding="utf-8").splitlines()
    assert lines[0].split("\t") == list(COLUMNS)
    assert row["term_inconsistencies"] == len([ln for ln in lines[1:] if not ln.startswith("#")])
    assert not list((tmp_path / "udhr").glob("*.suggested.*"))
