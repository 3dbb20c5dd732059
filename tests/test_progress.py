"""Progress of long work: the pipeline reports its stages through a callback; the CLI draws
rich bars on stderr only when it is a terminal (or TOOLKIT_PROGRESS=1 forces them)."""
from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from toolkit.cli import cli
from toolkit.model import Alignment, Bead, Glossary, Signature
from toolkit.progress import PROGRESS_ENV

FR = "Décide de rester saisie de la question.\n\nPrie le Secrétaire général de lui faire rapport.\n"
EN = "Decides to remain seized of the matter.\n\nRequests the Secretary-General to report to it.\n"
ALIGN_WARNING = "the target is much shorter than the source"
STAGES = ["reading", "encoding", "aligning", "extracting terms", "pairing"]


class CountingEmbedder:
    """Embeds like toolkit.embed.Embedder (an ``embed`` method, no ``encode``); records the texts."""

    name = "counting"

    def __init__(self) -> None:
        self.texts: list[str] = []

    def embed(self, texts):
        import numpy as np

        self.texts += list(texts)
        return np.ones((len(texts), 4), dtype=np.float32) / 2


@pytest.fixture()
def pair(tmp_path):
    fr, en = tmp_path / "fr.txt", tmp_path / "en.txt"
    fr.write_text(FR, encoding="utf-8")
    en.write_text(EN, encoding="utf-8")
    return fr, en


@pytest.fixture()
def stub_stages(monkeypatch):
    """The slow stages replaced by instant ones; returns the list of stages the stubs ran, in order."""
    import toolkit.align
    import toolkit.embed
    import toolkit.glossary
    import toolkit.terms

    ran: list[str] = []
    # the CLI passes no model: encode with a stub, not the real default encoder
    monkeypatch.setattr(toolkit.embed, "get_embedder", lambda model=None: model or CountingEmbedder())

    def align(src, tgt, model=None, **kw):
        ran.append("align")
        beads = [Bead((i,), (i,), 1.0, 0.9) for i in range(min(len(src), len(tgt)))]
        return Alignment(src, tgt, beads, Signature("0", src_lang=src.language, tgt_lang=tgt.language),
                         warnings=[ALIGN_WARNING])

    def refine(alignment, model=None, **kw):
        ran.append("sentences")
        return alignment

    def terms(doc, nlp=None, **kw):
        ran.append("terms")
        return []

    def glossary(alignment, **kw):
        ran.append("glossary")
        return Glossary("fr", "en", [], signature=Signature("0", src_lang="fr", tgt_lang="en"))

    monkeypatch.setattr(toolkit.align, "align_documents", align)
    monkeypatch.setattr(toolkit.align, "refine_sentences", refine)
    monkeypatch.setattr(toolkit.terms, "extract_terms", terms)
    monkeypatch.setattr(toolkit.terms, "term_candidates", lambda doc, nlp=None, **kw: [])   # what pairing gets
    monkeypatch.setattr(toolkit.glossary, "build_glossary", glossary)
    return ran


# --- the library: a callback, called as each stage starts ----------------------------------

def test_run_pair_reports_the_stages_in_order_through_the_callback(pair, stub_stages):
    from toolkit.pipeline import run_pair

    calls = []
    embedder = CountingEmbedder()
    result = run_pair(*pair, src_lang="fr", tgt_lang="en", input_format="lines", model=embedder,
                      progress=lambda stage, detail: calls.append((stage, detail, list(stub_stages))))
    assert [c[0] for c in calls] == STAGES
    detail = dict((c[0], c[1]) for c in calls)
    n = len(result.source) + len(result.target)
    assert detail["encoding"] == f"{n} segments"
    # each stage is reported before it runs, after the one before it
    assert [c[2] for c in calls] == [[], [], [], ["align"], ["align", "terms", "terms"]]
    # encoding is its own stage: the segments were embedded before aligning started
    assert embedder.texts == result.source.texts + result.target.texts


def test_sentence_level_reports_aligning_sentences_last(pair, stub_stages):
    from toolkit.pipeline import run_pair

    calls = []
    run_pair(*pair, src_lang="fr", tgt_lang="en", input_format="lines", model=CountingEmbedder(),
             level="sentence", progress=lambda stage, detail: calls.append(stage))
    assert calls == [*STAGES, "aligning sentences"]


def test_without_a_callback_the_pipeline_encodes_nothing_itself(pair, stub_stages):
    from toolkit.pipeline import run_pair

    embedder = CountingEmbedder()
    run_pair(*pair, src_lang="fr", tgt_lang="en", input_format="lines", model=embedder)
    assert embedder.texts == [] and stub_stages == ["align", "terms", "terms", "glossary"]


# --- the command line: a bar on stderr only on a terminal ---------------------------------

def _invoke(args, forced: bool | None):
    env = {PROGRESS_ENV: "1" if forced else "0"} if forced is not None else {}
    return CliRunner().invoke(cli, [str(a) for a in args], env=env, catch_exceptions=False)


def _glossary_args(pair, tmp_path):
    return ["glossary", *pair, "--src-lang", "fr", "--tgt-lang", "en", "--input-format", "lines",
            "-o", tmp_path / "g.tsv", "--force"]


def test_glossary_draws_no_bar_when_stderr_is_not_a_terminal(pair, stub_stages, tmp_path):
    res = _invoke(_glossary_args(pair, tmp_path), forced=None)   # CliRunner: stderr is not a terminal
    assert res.exit_code == 0, res.output
    assert res.stderr.splitlines() == [
        f"wrote {tmp_path / 'g.tsv'}: 0 entries: 0 terms, 0 vocabulary, 0 candidates; none reviewed"]


def test_glossary_shows_every_stage_on_stderr_with_a_forced_terminal(pair, stub_stages, tmp_path):
    res = _invoke(_glossary_args(pair, tmp_path), forced=True)
    assert res.exit_code == 0, res.output
    positions = [res.stderr.find(stage) for stage in (*STAGES, "writing")]
    assert -1 not in positions and positions == sorted(positions), res.stderr
    assert re.search(r"encoding \d+ segments", res.stderr)
    assert "\x1b[" in res.stderr                       # drawn as a terminal bar
    assert "reading" not in res.stdout and (tmp_path / "g.tsv").is_file()


def test_glossary_to_stdout_keeps_the_bar_off_stdout(pair, stub_stages):
    res = _invoke(["glossary", *pair, "--src-lang", "fr", "--tgt-lang", "en", "--input-format", "lines"],
                  forced=True)
    assert res.exit_code == 0, res.output
    assert res.stdout.startswith("# signature:") and "\x1b[" not in res.stdout
    assert "pairing" in res.stderr and "writing" not in res.stderr


def test_review_shows_its_stages_only_with_a_terminal(pair, stub_stages, tmp_path, monkeypatch):
    import toolkit.review

    monkeypatch.setattr(toolkit.review, "write_report", lambda al, g, path, force=False: path)
    args = ["review", *pair, "--src-lang", "fr", "--tgt-lang", "en", "-o", tmp_path / "r.html"]
    quiet = _invoke(args, forced=None)
    assert quiet.exit_code == 0, quiet.output
    assert not any(stage in quiet.stderr for stage in STAGES)
    assert f"warning: {ALIGN_WARNING}" in quiet.stderr
    shown = _invoke(args, forced=True)
    positions = [shown.stderr.find(stage) for stage in (*STAGES, "writing")]
    assert -1 not in positions and positions == sorted(positions), shown.stderr


def test_a_warning_during_the_bar_gets_a_line_of_its_own(pair, stub_stages, tmp_path, monkeypatch):
    import toolkit.review

    monkeypatch.setattr(toolkit.review, "write_report", lambda al, g, path, force=False: path)
    res = _invoke(["review", *pair, "--src-lang", "fr", "--tgt-lang", "en", "-o", tmp_path / "r.html"], forced=True)
    assert res.exit_code == 0, res.output
    # the bar's line is cleared (or ended) before the warning, not glued to it
    assert re.search(r"(^|\n|\x1b\[2K)warning: " + re.escape(ALIGN_WARNING), res.stderr), res.stderr


def test_toolkit_progress_0_turns_the_bar_off(pair, stub_stages, tmp_path):
    res = _invoke(_glossary_args(pair, tmp_path), forced=False)
    assert res.exit_code == 0 and "encoding" not in res.stderr


@pytest.fixture()
def fake_main_job(monkeypatch):
    import toolkit.cli.run
    from toolkit.shipped import JobReport

    def job(out_dir, *, corpora_dir, ids, progress, **kwargs):
        for item in ids or ["A-RES-68-192", "sdg", "udhr"]:
            progress(item)
        return JobReport()

    monkeypatch.setattr(toolkit.cli.run, "run_main_job", job)


def test_run_draws_one_bar_across_documents_on_a_terminal(fake_main_job, tmp_path):
    res = _invoke(["run", "-o", tmp_path / "out", "--only", "sdg", "--only", "udhr"], forced=True)
    assert res.exit_code == 0, res.output
    assert "documents" in res.stderr and "sdg" in res.stderr and "udhr" in res.stderr
    assert "2/2" in res.stderr and "… sdg" not in res.stderr


def test_run_without_a_terminal_logs_one_line_per_document_and_no_bar(fake_main_job, tmp_path):
    res = _invoke(["run", "-o", tmp_path / "out", "--only", "sdg", "--only", "udhr"], forced=None)
    assert res.exit_code == 0, res.output
    assert res.stderr.splitlines() == ["… sdg", "… udhr"]
