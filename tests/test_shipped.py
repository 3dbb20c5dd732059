"""The main job (`toolkit run`) and the glossaries committed in glossaries/."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from toolkit.cli import cli
from toolkit.shipped import build_glossaries, list_corpora

ROOT = Path(__file__).resolve().parent.parent
GLOSSARIES = ROOT / "glossaries"

# Timestamps are the only text allowed to differ between two builds.
TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?|\d{8}T\d{6}Z")


# Scores are float32 dot products rounded to 4 decimals; a different BLAS
# kernel or thread count on another machine moves the last digit (seen between
# two fresh machines: 0.9217 vs 0.9218).  Numbers may differ by this much, and
# no more; every other character must be identical.
SCORE_TOLERANCE = 2e-3
NUMBER = re.compile(r"-?\d+\.\d+")


def _split_numbers(text: str) -> tuple[list[str], list[float]]:
    """The text with every decimal number taken out, and those numbers."""
    return NUMBER.sub("<num>", text).split("<num>"), [float(n) for n in NUMBER.findall(text)]


def _same_up_to_rounding(new: str, old: str) -> bool:
    new_text, new_numbers = _split_numbers(new)
    old_text, old_numbers = _split_numbers(old)
    return new_text == old_text and len(new_numbers) == len(old_numbers) and all(
        abs(a - b) <= SCORE_TOLERANCE for a, b in zip(new_numbers, old_numbers))


def _normalised_text(path: Path) -> str:
    return TIMESTAMP.sub("<time>", path.read_text(encoding="utf-8-sig"))


def _normalised_xlsx(path: Path) -> list:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    return "\n".join(
        f"{sheet.title}\t{row}"
        for sheet in book.worksheets
        for row in ([TIMESTAMP.sub("<time>", str(v)) if v is not None else None for v in cells]
                    for cells in sheet.iter_rows(values_only=True))
    )


def test_shipped_corpora_have_provenance_and_both_languages_of_each_pair():
    items = {item.id: item for item in list_corpora()}
    assert {"A-RES-68-192", "udhr", "sdg"} <= set(items)
    six = {"ar", "en", "es", "fr", "ru", "zh"}
    assert set(items["udhr"].paths) == six and set(items["sdg"].paths) == six
    assert set(items["A-RES-68-192"].paths) == {"fr"}
    # the symbol and subject field each folder's PROVENANCE.md gives reach the glossaries
    assert (items["A-RES-68-192"].symbol, items["udhr"].symbol, items["sdg"].symbol) == (
        "A/RES/68/192", "A/RES/217(III)", "A/RES/70/1")
    assert items["udhr"].subject == "human rights" and items["sdg"].subject == "sustainable development"
    for item in items.values():
        provenance = (ROOT / "corpora" / item.id / "PROVENANCE.md").read_text(encoding="utf-8")
        assert "icence" in provenance and "ource" in provenance


def _committed_outputs(folder: Path) -> list[str]:
    """What build_glossaries(termbase=False) rebuilds of ``folder``: every glossary, term list,
    suggestion file, signature sidecar and TBX figures file, not the termbase (``un-termbase.*``,
    rebuilt from the UN devset by the slow batch; the suggestions made from it are compared)."""
    return sorted(p.name for p in folder.iterdir()
                  if p.is_file() and not p.name.startswith("un-termbase.")
                  and (p.suffix in {".tbx", ".xlsx", ".tsv"} or p.name.endswith((".signature.json",
                                                                                 ".figures.json"))))


@pytest.mark.slow
def test_committed_glossaries_are_what_the_toolkit_builds_today(tmp_path, encoder):
    rebuilt = build_glossaries(tmp_path, model=encoder, termbase=False)
    names = sorted(p.name for p in rebuilt)
    assert names == _committed_outputs(tmp_path)          # every file written is returned
    assert names == _committed_outputs(GLOSSARIES), "glossaries/ is stale: run `toolkit build-glossaries --force`"
    for new in rebuilt:
        old = GLOSSARIES / new.name
        if new.suffix == ".xlsx":
            same = _same_up_to_rounding(_normalised_xlsx(new), _normalised_xlsx(old))
        else:
            same = _same_up_to_rounding(_normalised_text(new), _normalised_text(old))
        assert same, f"glossaries/{new.name} is stale: run `toolkit build-glossaries --force`"


@pytest.mark.slow
def test_run_writes_every_output_and_refuses_to_overwrite_without_force(tmp_path):
    out = tmp_path / "out"
    runner = CliRunner()
    result = runner.invoke(cli, ["run", "-o", str(out), "--only", "udhr", "--only", "A-RES-68-192"])
    assert result.exit_code == 0, result.output
    for name in ["alignment.tsv", "alignment.tmx", "alignment.xlsx", "glossary.tbx", "glossary.v2.tbx",
                 "glossary.xlsx", "glossary.tsv", "report.html"]:
        assert (out / "udhr" / name).stat().st_size > 0, name
    assert (out / "A-RES-68-192" / "terms.fr.tsv").exists()
    segments = (out / "A-RES-68-192" / "segments.fr.tsv").read_text(encoding="utf-8")
    assert segments.count("\tpreamble\t") == 30 and segments.count("\toperative\t") == 18
    summary = (out / "summary.tsv").read_text(encoding="utf-8")
    assert "udhr" in summary and "A-RES-68-192" in summary
    before = (out / "udhr" / "glossary.tbx").stat().st_mtime_ns

    again = runner.invoke(cli, ["run", "-o", str(out), "--only", "udhr"])
    assert again.exit_code != 0
    assert "already exist" in again.output and "--force" in again.output
    assert "Traceback" not in again.output
    assert (out / "udhr" / "glossary.tbx").stat().st_mtime_ns == before


def test_run_with_an_unknown_corpus_id_says_which_ones_exist(tmp_path):
    result = CliRunner().invoke(cli, ["run", "-o", str(tmp_path / "o"), "--only", "nope"])
    assert result.exit_code != 0
    assert "unknown corpus id" in result.output and "udhr" in result.output


def test_the_committed_comparison_takes_the_sidecars_and_leaves_the_termbase_out(tmp_path):
    for name in ("udhr.fr-en.tbx", "A-RES-68-192.fr.terms.tsv", "A-RES-68-192.fr.terms.tsv.signature.json",
                 "A-RES-68-192.fr-en.suggested.xlsx", "un-termbase.fr-en.tbx", "un-termbase.fr-en.xlsx",
                 "README.md", "notes.json"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert _committed_outputs(tmp_path) == ["A-RES-68-192.fr-en.suggested.xlsx", "A-RES-68-192.fr.terms.tsv",
                                            "A-RES-68-192.fr.terms.tsv.signature.json", "udhr.fr-en.tbx"]


def test_sidecar_comparison_ignores_the_time_but_not_the_signature(tmp_path):
    new, old = tmp_path / "new.signature.json", tmp_path / "old.signature.json"
    # a sidecar as write_plain_table writes it, with a time in it (today's sidecars have none)
    text = '{"file": "terms.tsv", "signature": "toolkit:0.1.0|langs:fr|inputs:3f1c0a9e", "written": "%s"}'
    new.write_text(text % "2025-12-01T10:00:00Z", encoding="utf-8")
    old.write_text(text % "2025-11-30T08:38:12Z", encoding="utf-8")
    assert _same_up_to_rounding(_normalised_text(new), _normalised_text(old))
    old.write_text((text % "2025-11-30T08:38:12Z").replace("3f1c0a9e", "9b0e44c1"), encoding="utf-8")
    assert not _same_up_to_rounding(_normalised_text(new), _normalised_text(old))


def test_glossary_comparison_allows_last_digit_rounding_but_not_a_changed_score_or_term():
    old = "<term>traite des personnes</term><note>confidence: 0.9217</note>"
    assert _same_up_to_rounding(old.replace("0.9217", "0.9218"), old)
    assert not _same_up_to_rounding(old.replace("0.9217", "0.9517"), old)
    assert not _same_up_to_rounding(old.replace("traite", "trait"), old)
    assert not _same_up_to_rounding(old + "<note>0.5</note>", old)


# --- --lang-code, --bom and --comment-header reach every file of `toolkit run` ---------------

SEED_TEXT = """L'Assemblée générale,

Condamnant de nouveau énergiquement la traite des personnes, en particulier des femmes et des enfants,

1. Engage les États Membres à ratifier la Convention sur le développement durable;

2. Prie le Secrétaire général de lui présenter un rapport sur la traite des personnes.
"""


@pytest.fixture()
def stub_job(tmp_path, monkeypatch):
    """`toolkit run` on a corpora folder of one pair ("udhr") and one French document ("seed"), with
    the real writers: the pair job returns the export fixtures, the termbase is un_glossary()."""
    import toolkit.embed
    import toolkit.pipeline
    import toolkit.shipped
    from export_fixtures import un_alignment, un_glossary

    from toolkit.export import write_glossary
    from toolkit.pipeline import PairResult

    corpora = tmp_path / "corpora"
    for folder, langs in (("udhr", ("fr", "en")), ("seed", ("fr",))):
        (corpora / folder).mkdir(parents=True)
        for lang in langs:
            (corpora / folder / f"{lang}.txt").write_text(SEED_TEXT, encoding="utf-8")
    termbase = write_glossary(un_glossary(), tmp_path / "termbase.tbx")

    def run_pair(src, tgt, *, progress=None, **kwargs):
        if progress:
            progress("aligning", "3 segments")
        return PairResult(un_alignment(), un_glossary(), [], [])

    monkeypatch.setattr(toolkit.pipeline, "run_pair", run_pair)
    monkeypatch.setattr(toolkit.embed, "load_encoder", lambda *a, **k: object())
    monkeypatch.setattr(toolkit.shipped, "shipped_termbase", lambda *a, **k: termbase)
    return corpora


def _first_xlsx_row(path):
    from openpyxl import load_workbook

    return [c for c in next(load_workbook(path, read_only=True).worksheets[0].iter_rows(values_only=True))]


def test_run_writes_the_chosen_language_codes_in_every_header_and_a_bom_on_the_tsvs(stub_job, tmp_path):
    from toolkit.cli import BOM

    corpora = stub_job
    out = tmp_path / "out"
    res = CliRunner().invoke(cli, ["run", "-o", str(out), "--corpora", str(corpora), "--only", "udhr",
                                   "--lang-code", "en=en-GB", "--bom"], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    pair = out / "udhr"
    for name in ("glossary.tbx", "glossary.v2.tbx", "alignment.tmx"):
        text = (pair / name).read_text(encoding="utf-8")
        assert 'xml:lang="en-GB"' in text and 'xml:lang="en"' not in text, name
    assert _first_xlsx_row(pair / "glossary.xlsx")[:2] == ["fr-FR", "en-GB"]
    assert "en-GB" in _first_xlsx_row(pair / "alignment.xlsx")
    glossary = (pair / "glossary.tsv").read_text(encoding="utf-8")
    assert glossary.startswith(BOM + "fr\ten-GB\t")
    assert (pair / "alignment.tsv").read_text(encoding="utf-8").startswith(BOM + "bead\t")
    for name in ("glossary.tsv", "alignment.tsv"):
        assert (pair / f"{name}.signature.json").is_file(), name
    assert (pair / "term-consistency.tsv").is_file()


def test_run_with_comment_header_writes_signature_lines_and_no_sidecars(stub_job, tmp_path):
    from toolkit.export import read_alignment_signature, read_glossary, read_terms

    corpora = stub_job
    out = tmp_path / "out"
    res = CliRunner().invoke(cli, ["run", "-o", str(out), "--corpora", str(corpora), "--comment-header"],
                             catch_exceptions=False)
    assert res.exit_code == 0, res.output
    tables = [out / "udhr" / "alignment.tsv", out / "udhr" / "glossary.tsv", out / "seed" / "terms.fr.tsv"]
    for path in tables:
        assert path.read_text(encoding="utf-8").startswith("# signature:"), path.name
        assert not path.with_name(path.name + ".signature.json").exists(), path.name
    assert not list(out.rglob("*.signature.json"))
    assert read_glossary(tables[1]).signature is not None and read_alignment_signature(tables[0]) is not None
    assert read_terms(tables[2])[0] is not None
    assert (out / "seed" / "seed.fr-en.suggested.tbx").is_file()
    # the summary counts the files written: no sidecar among them
    assert f"wrote {len(list(p for p in out.rglob('*') if p.is_file()))} files" in res.stdout


def test_run_without_comment_header_counts_and_refuses_the_sidecars(stub_job, tmp_path):
    corpora = stub_job
    out = tmp_path / "out"
    args = ["run", "-o", str(out), "--corpora", str(corpora)]
    res = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert res.exit_code == 0, res.output
    written = [p for p in out.rglob("*") if p.is_file()]
    assert sorted(p.name for p in written if p.name.endswith(".signature.json")) == [
        "alignment.tsv.signature.json", "glossary.tsv.signature.json", "segments.fr.tsv.signature.json",
        "terms.fr.tsv.signature.json"]
    assert f"wrote {len(written)} files" in res.stdout, sorted(str(p.relative_to(out)) for p in written)
    for path in written:
        if path.name != "terms.fr.tsv.signature.json":
            path.unlink()
    again = CliRunner().invoke(cli, args, catch_exceptions=False)     # only a sidecar is left
    assert again.exit_code != 0 and "terms.fr.tsv.signature.json: already exist" in again.output
    assert not (out / "summary.tsv").exists()                         # refused before any work


def test_run_main_job_hands_the_stage_callback_to_each_pair(stub_job, tmp_path):
    from toolkit.shipped import run_main_job

    seen = []
    run_main_job(tmp_path / "out", corpora_dir=stub_job, ids=["udhr"], stages=lambda *a: seen.append(a))
    assert seen == [("aligning", "3 segments")]
