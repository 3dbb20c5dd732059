"""--lang-code and --bom on every command that writes a glossary or an alignment (one shared
declaration), and the default folder of `toolkit build-glossaries`."""
from __future__ import annotations

import pytest
from click.testing import CliRunner
from export_fixtures import un_alignment, un_glossary

from toolkit.cli import BOM, BOM_HELP, COMMENT_HEADER_HELP, LANG_CODE_HELP, cli

#: every command that writes a glossary or an alignment
WRITERS = [("align",), ("glossary", "build"), ("glossary", "merge"), ("import-alignment",), ("batch",),
           ("build-glossaries",), ("run",)]


def _run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def _command(path):
    cmd = cli
    for name in path:
        cmd = cmd.commands[name]
    return cmd


@pytest.fixture()
def stub_glossary(monkeypatch):
    """`toolkit glossary SRC TGT` without the slow pipeline: it builds un_glossary()."""
    import toolkit.pipeline
    from toolkit.pipeline import PairResult

    monkeypatch.setattr(toolkit.pipeline, "run_documents",
                        lambda src, tgt, **kw: PairResult(un_alignment(), un_glossary(), [], []))


@pytest.fixture()
def stub_align(monkeypatch):
    """`toolkit align` without the encoder: it returns un_alignment()."""
    import toolkit.align

    monkeypatch.setattr(toolkit.align, "align_documents", lambda src, tgt, **kw: un_alignment())


# --- one declaration, on every writer ---------------------------------------------------------

@pytest.mark.parametrize("path", WRITERS, ids=" ".join)
def test_every_writer_has_the_shared_lang_code_bom_and_comment_header_options(path):
    params = {p.name: p for p in _command(path).params}
    assert params["lang_codes"].opts == ["--lang-code"] and params["lang_codes"].multiple
    assert params["lang_codes"].help == LANG_CODE_HELP and params["bom"].help == BOM_HELP
    assert params["comment_header"].opts == ["--comment-header"] and params["comment_header"].is_flag
    assert params["comment_header"].help == COMMENT_HEADER_HELP


@pytest.mark.parametrize("path", [("terms",), ("segment",)], ids=" ".join)
def test_the_other_plain_table_writers_have_the_comment_header_flag(path):
    params = {p.name: p for p in _command(path).params}
    flag = params["comment_header"]
    assert flag.opts == ["--comment-header"] and flag.help == COMMENT_HEADER_HELP


def test_help_explains_how_to_choose_en_gb_and_names_the_default():
    res = _run("glossary", "build", "--help")
    text = " ".join(res.stdout.split())
    assert "UN English is British: en=en-GB" in text
    assert "Default: XLSX headers fr-FR, en-US" in text and "the bare code (fr, en)" in text


@pytest.mark.parametrize("value, needle", [
    ("fr", "expected LANG=CODE"),
    ("fr=", "expected LANG=CODE"),
    ("english=en-GB", "LANG must be a language code"),
    ("en=en_GB", "use a hyphen: en-GB"),
    ("fr=en-GB", "a code for fr starts with fr-"),
])
def test_a_bad_lang_code_is_one_line_before_any_work(files, tmp_path, value, needle):
    res = _run("glossary", *files, "-o", tmp_path / "g.tsv", "--lang-code", value)
    assert res.exit_code == 2
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and needle in lines[0], res.stderr
    assert "--lang-code" in lines[0] and not (tmp_path / "g.tsv").exists()


# --- the codes and the BOM reach the files --------------------------------------------------

def test_glossary_writes_en_gb_and_a_bom_in_its_tsv_and_reads_back(files, tmp_path, stub_glossary):
    from toolkit.export import read_glossary

    out = tmp_path / "g.tsv"
    res = _run("glossary", *files, "-o", out, "--lang-code", "en=en-GB", "--lang-code", "fr=fr-CA", "--bom")
    assert res.exit_code == 0, res.output
    data = out.read_text(encoding="utf-8")
    assert data.startswith(BOM + "fr-CA\ten-GB\t")       # the header in row 1, after the BOM
    assert (tmp_path / "g.tsv.signature.json").is_file()
    back = read_glossary(out)
    assert (back.src_lang, back.tgt_lang) == ("fr", "en") and len(back.entries) == len(un_glossary().entries)
    assert str(back.signature) == str(un_glossary().signature)


def test_glossary_writes_its_signature_first_with_comment_header(files, tmp_path, stub_glossary):
    from toolkit.export import read_glossary

    out = tmp_path / "g.csv"
    res = _run("glossary", *files, "-o", out, "--comment-header", "--bom")
    assert res.exit_code == 0, res.output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith(BOM + "# signature:") and lines[1].startswith("fr,en,")
    assert not (tmp_path / "g.csv.signature.json").exists() and "--comment-header" not in res.stderr
    assert str(read_glossary(out).signature) == str(un_glossary().signature)


def test_comment_header_on_a_tbx_or_xlsx_output_is_a_warning(files, tmp_path, stub_glossary):
    for name, fmt in (("g.tbx", "tbx"), ("g.xlsx", "xlsx")):
        res = _run("glossary", *files, "-o", tmp_path / name, "--comment-header")
        assert res.exit_code == 0, res.output
        assert "--comment-header applies to plain tables" in res.stderr and f"{name} ({fmt})" in res.stderr


def test_glossary_writes_en_gb_in_tbx_and_xlsx(files, tmp_path, stub_glossary):
    import openpyxl

    tbx, xlsx = tmp_path / "g.tbx", tmp_path / "g.xlsx"
    assert _run("glossary", *files, "-o", tbx, "--lang-code", "en=en-GB").exit_code == 0
    assert 'xml:lang="en-GB"' in tbx.read_text(encoding="utf-8")
    assert _run("glossary", *files, "-o", xlsx, "--lang-code", "en=en-GB").exit_code == 0
    sheet = openpyxl.load_workbook(xlsx).worksheets[0]
    assert [c.value for c in sheet[1]][:2] == ["fr-FR", "en-GB"]


def test_glossary_without_output_prints_the_chosen_codes_and_warns_that_bom_is_unused(files, stub_glossary):
    res = _run("glossary", *files, "--lang-code", "en=en-GB", "--bom")
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines()[1].split("\t")[:2] == ["fr", "en-GB"]
    assert "warning: --bom applies to CSV/TSV files only; ignored for standard output" in res.stderr


def test_bom_on_a_tbx_output_is_a_warning(files, tmp_path, stub_glossary):
    res = _run("glossary", *files, "-o", tmp_path / "g.tbx", "--bom")
    assert res.exit_code == 0 and "ignored for" in res.stderr and "g.tbx (tbx)" in res.stderr


def test_align_writes_en_gb_in_tmx_and_a_bom_in_tsv(files, tmp_path, stub_align):
    from toolkit.export import read_alignment

    tmx, tsv = tmp_path / "a.tmx", tmp_path / "a.tsv"
    res = _run("align", *files, "-o", tmx, "--lang-code", "en=en-GB", "--lang-code", "fr=fr-CA")
    assert res.exit_code == 0, res.output
    text = tmx.read_text(encoding="utf-8")
    assert 'xml:lang="en-GB"' in text and 'xml:lang="fr-CA"' in text and 'srclang="fr-CA"' in text
    assert _run("align", *files, "-o", tsv, "--bom").exit_code == 0
    assert tsv.read_text(encoding="utf-8").startswith(BOM + "bead\tsrc_ids\ttgt_ids")
    assert len(read_alignment(tsv)) == len(un_alignment().beads)


def test_import_alignment_takes_the_codes_and_the_bom(tmp_path):
    from toolkit.export import write_alignment

    src = write_alignment(un_alignment(), tmp_path / "in.tsv")
    tmx, tsv = tmp_path / "out.tmx", tmp_path / "out.tsv"
    assert _run("import-alignment", src, "-o", tmx, "--lang-code", "en=en-GB").exit_code == 0
    assert 'xml:lang="en-GB"' in tmx.read_text(encoding="utf-8")
    assert _run("import-alignment", src, "-o", tsv, "--bom").exit_code == 0
    assert tsv.read_bytes().startswith((BOM + "bead\t").encode("utf-8"))
    assert (tmp_path / "out.tsv.signature.json").is_file()


def test_import_alignment_writes_the_signature_first_with_comment_header(tmp_path):
    from toolkit.export import read_alignment_signature, write_alignment

    src = write_alignment(un_alignment(), tmp_path / "in.tsv")
    out = tmp_path / "out.tsv"
    res = _run("import-alignment", src, "-o", out, "--comment-header", "--bom")
    assert res.exit_code == 0, res.output
    assert out.read_text(encoding="utf-8").startswith(BOM + "# signature:")
    assert not (tmp_path / "out.tsv.signature.json").exists()
    assert read_alignment_signature(out).src_lang == un_alignment().signature.src_lang
    jsonl = _run("import-alignment", src, "-o", tmp_path / "out.jsonl", "--comment-header")
    assert jsonl.exit_code == 0 and "out.jsonl (jsonl)" in jsonl.stderr


def test_merge_still_takes_lang_code_and_bom(tmp_path):
    from toolkit.export import write_glossary

    src = write_glossary(un_glossary(), tmp_path / "in.tsv")
    out = tmp_path / "out.csv"
    res = _run("glossary", "merge", src, "-o", out, "--lang-code", "en=en-GB", "--bom")
    assert res.exit_code == 0, res.output
    data = out.read_text(encoding="utf-8")
    assert data.startswith(BOM) and "en-GB" in data.splitlines()[0]
    assert (tmp_path / "out.csv.signature.json").is_file()


def test_merge_refuses_an_existing_sidecar_unless_forced(tmp_path):
    from toolkit.export import write_glossary

    src = write_glossary(un_glossary(), tmp_path / "in.tsv")
    out = tmp_path / "out.tsv"
    (tmp_path / "out.tsv.signature.json").write_text("keep", encoding="utf-8")
    res = _run("glossary", "merge", src, "-o", out)
    assert res.exit_code != 0 and "out.tsv.signature.json: already exists" in res.stderr
    assert not out.exists() and (tmp_path / "out.tsv.signature.json").read_text(encoding="utf-8") == "keep"
    assert _run("glossary", "merge", src, "-o", out, "--force").exit_code == 0
    assert (tmp_path / "out.tsv.signature.json").read_text(encoding="utf-8") != "keep"


# --- build-glossaries and run: the project's folder, options handed to toolkit.shipped -------

@pytest.fixture()
def shipped_calls(monkeypatch):
    """Record what `build-glossaries` and `run` hand to toolkit.shipped (nothing is built)."""
    import toolkit.cli.run
    from toolkit.shipped import JobReport

    calls = {}

    def check(out_dir, corpora_dir, ids, outputs):
        calls["checked"] = out_dir
        return []

    def build(out_dir, **kwargs):
        calls["build"] = (out_dir, kwargs)
        return []

    def job(out_dir, **kwargs):
        calls["run"] = (out_dir, kwargs)
        return JobReport()

    monkeypatch.setattr(toolkit.cli.run, "_check_out_dir", check)
    monkeypatch.setattr(toolkit.cli.run, "build_glossaries", build)
    monkeypatch.setattr(toolkit.cli.run, "run_main_job", job)
    return calls


def test_build_glossaries_writes_to_the_projects_glossaries_folder_from_any_directory(
        shipped_calls, tmp_path, monkeypatch, root):
    monkeypatch.chdir(tmp_path)
    res = _run("build-glossaries", "--force")
    assert res.exit_code == 0, res.output
    out_dir, kwargs = shipped_calls["build"]
    assert out_dir == shipped_calls["checked"] == str(root / "glossaries")
    assert "lang_codes" not in kwargs and "bom" not in kwargs     # toolkit.shipped's own defaults


def test_build_glossaries_and_run_hand_the_codes_and_bom_to_the_job(shipped_calls, tmp_path):
    res = _run("build-glossaries", "-o", tmp_path / "g", "--lang-code", "en=en-GB", "--bom")
    assert res.exit_code == 0, res.output
    assert shipped_calls["build"][1]["lang_codes"] == {"en": "en-GB"} and shipped_calls["build"][1]["bom"]
    res = _run("run", "-o", tmp_path / "out", "--lang-code", "en=en-GB")
    assert res.exit_code == 0, res.output
    assert shipped_calls["run"][1]["lang_codes"] == {"en": "en-GB"} and "bom" not in shipped_calls["run"][1]
    assert "comment_header" not in shipped_calls["run"][1]


def test_build_glossaries_hands_comment_header_to_a_job_that_takes_it(shipped_calls, tmp_path):
    res = _run("build-glossaries", "-o", tmp_path / "g", "--comment-header")
    assert res.exit_code == 0, res.output
    assert shipped_calls["build"][1]["comment_header"] is True


def test_run_hands_comment_header_and_a_stage_callback_to_the_job(shipped_calls, tmp_path):
    res = _run("run", "-o", tmp_path / "out", "--comment-header", "--bom")
    assert res.exit_code == 0, res.output
    kwargs = shipped_calls["run"][1]
    assert kwargs["comment_header"] is True and kwargs["bom"] is True
    assert kwargs["stages"] is None          # no terminal: no bar to show the stages on


def test_build_glossaries_hands_no_termbase_and_workers_to_the_job(shipped_calls, tmp_path):
    res = _run("build-glossaries", "-o", tmp_path / "g", "--no-termbase")
    assert res.exit_code == 0, res.output
    assert shipped_calls["build"][1]["termbase"] is False and shipped_calls["build"][1]["workers"] is None
    res = _run("build-glossaries", "-o", tmp_path / "g", "--workers", "3")
    assert res.exit_code == 0, res.output
    assert shipped_calls["build"][1]["termbase"] is True and shipped_calls["build"][1]["workers"] == 3


def test_build_glossaries_says_bom_is_unused_and_refuses_a_negative_worker_count(shipped_calls, tmp_path):
    res = _run("build-glossaries", "-o", tmp_path / "g", "--workers", "-1")
    assert res.exit_code == 2 and "build" not in shipped_calls
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "--workers" in lines[0]
    res = _run("build-glossaries", "-o", tmp_path / "g", "--bom")
    assert res.exit_code == 0 and "warning: --bom applies to CSV/TSV" in res.stderr
