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
    assert set(items["udhr"].paths) == {"en", "fr"}
    assert set(items["sdg"].paths) == {"en", "fr"}
    assert set(items["A-RES-68-192"].paths) == {"fr"}
    for item in items.values():
        provenance = (ROOT / "corpora" / item.id / "PROVENANCE.md").read_text(encoding="utf-8")
        assert "icence" in provenance and "ource" in provenance


@pytest.mark.slow
def test_committed_glossaries_are_what_the_toolkit_builds_today(tmp_path, encoder):
    rebuilt = build_glossaries(tmp_path, model=encoder)
    names = sorted(p.name for p in rebuilt)
    committed = sorted(p.name for p in GLOSSARIES.iterdir() if p.is_file() and p.suffix in {".tbx", ".xlsx", ".tsv"})
    assert names == committed, "glossaries/ is stale: run `toolkit build-glossaries --force`"
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


def test_glossary_comparison_allows_last_digit_rounding_but_not_a_changed_score_or_term():
    old = "<term>traite des personnes</term><note>confidence: 0.9217</note>"
    assert _same_up_to_rounding(old.replace("0.9217", "0.9218"), old)
    assert not _same_up_to_rounding(old.replace("0.9217", "0.9517"), old)
    assert not _same_up_to_rounding(old.replace("traite", "trait"), old)
    assert not _same_up_to_rounding(old + "<note>0.5</note>", old)
