"""The lines `toolkit run` prints per document: the termbase's suggestions and the pair's
term inconsistencies (the job is replaced by rows; nothing is aligned)."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from toolkit.cli import cli

PAIR = {"id": "udhr", "kind": "pair fr-en", "src_segments": 90, "tgt_segments": 88, "links": 86,
        "share_one_to_one": 0.95, "unaligned_source": 1, "unaligned_target": 2, "mean_confidence": 0.91,
        "flagged": 3, "glossary_entries": 120, "seconds": 4.25}
SEED = {"id": "A-RES-68-192", "kind": "document fr", "src_segments": 48, "footnotes": 9, "terms": 700,
        "preamble": 30, "operative": 18}
SUGGESTIONS = {"suggested": 250, "suggested_exact": 200, "suggested_lemma": 30, "suggested_composed": 20,
               "no_counterpart": 450}


@pytest.fixture()
def job_rows(monkeypatch):
    """`toolkit run` prints what the job returns: set ``rows`` to the rows it returns."""
    import toolkit.cli.run
    from toolkit.shipped import JobReport

    rows: list[dict] = []
    monkeypatch.setattr(toolkit.cli.run, "_check_out_dir", lambda *a: [])
    monkeypatch.setattr(toolkit.cli.run, "run_main_job", lambda out_dir, **kw: JobReport(rows=list(rows)))
    return rows


def _lines(tmp_path, rows, job_rows) -> list[str]:
    job_rows[:] = rows
    res = CliRunner().invoke(cli, ["run", "-o", str(tmp_path / "out")], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    return res.stdout.splitlines()[:-1]          # the last line: "wrote N files under ..."


def test_run_prints_the_seeds_termbase_suggestions(tmp_path, job_rows):
    [line] = _lines(tmp_path, [{**SEED, **SUGGESTIONS}], job_rows)
    assert line == ("A-RES-68-192   document fr: 48 segments (30 preamble, 18 operative), 9 footnotes, "
                    "700 term candidates, 250 with a termbase suggestion (200 exact, 30 lemma/variant, "
                    "20 composed), 450 with no known counterpart")


def test_run_prints_a_pairs_term_inconsistencies_with_the_termbase(tmp_path, job_rows):
    [line] = _lines(tmp_path, [{**PAIR, "term_inconsistencies": 7}], job_rows)
    assert line == ("udhr           pair fr-en: 90 ↔ 88 segments, 86 links (95% 1-1, 1+2 unaligned), "
                    "mean confidence 0.91, 3 flagged, 120 glossary entries, 4.2 s, "
                    "7 term inconsistencies with the termbase")


def test_run_without_a_termbase_prints_neither_count(tmp_path, job_rows):
    pair, seed = _lines(tmp_path, [PAIR, SEED], job_rows)
    assert pair.endswith("120 glossary entries, 4.2 s")
    assert seed.endswith("9 footnotes, 700 term candidates")


def test_runs_planned_outputs_include_the_suggestions_the_consistency_report_and_the_sidecars(tmp_path):
    """What `toolkit run` checks against the corpus files before the job starts."""
    from toolkit.cli.run import _main_job_outputs
    from toolkit.shipped import list_corpora

    corpora = tmp_path / "corpora"
    for folder, langs in (("udhr", ("fr", "en")), ("seed", ("fr",))):
        (corpora / folder).mkdir(parents=True)
        for lang in langs:
            (corpora / folder / f"{lang}.txt").write_text("L'Assemblée générale,\n", encoding="utf-8")
    udhr, seed = sorted(list_corpora(corpora), key=lambda item: item.id != "udhr")
    out = tmp_path / "out"
    pair = {p.relative_to(out).as_posix() for p in _main_job_outputs(out, udhr, "fr", "en")}
    assert {"udhr/term-consistency.tsv", "udhr/alignment.tsv.signature.json",
            "udhr/glossary.tsv.signature.json"} <= pair
    single = {p.relative_to(out).as_posix() for p in _main_job_outputs(out, seed, "fr", "en")}
    assert {"seed/seed.fr-en.suggested.tbx", "seed/seed.fr-en.suggested.xlsx", "seed/terms.fr.tsv",
            "seed/terms.fr.tsv.signature.json", "seed/segments.fr.tsv"} <= single
