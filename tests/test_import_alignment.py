"""A reviewer's corrected alignment TSV flows back into the TMX export."""
from __future__ import annotations

import csv

import pytest
from click.testing import CliRunner

from export_fixtures import un_alignment
from toolkit.cli import cli
from toolkit.errors import InputError
from toolkit.export import read_alignment, write_alignment
from toolkit.export.corrections import load_alignment


def _review(tsv_path, verdicts: dict[int, str]) -> None:
    """Add a `status` column the way the review page does."""
    lines = tsv_path.read_text(encoding="utf-8").splitlines(keepends=True)
    comments = [line for line in lines if line.startswith("#")]
    rows = list(csv.reader([line for line in lines if not line.startswith("#")], delimiter="\t"))
    rows[0].append("status")
    for k, row in enumerate(rows[1:]):
        row.append(verdicts.get(k, ""))
    with tsv_path.open("w", encoding="utf-8", newline="") as fh:
        fh.writelines(comments)
        csv.writer(fh, delimiter="\t", lineterminator="\n").writerows(rows)


def test_a_link_marked_wrong_leaves_the_memory_and_ok_links_get_full_confidence(tmp_path):
    alignment = un_alignment()
    linked = [k for k, b in enumerate(alignment.beads) if not b.is_null]
    wrong, ok = linked[0], linked[1]
    tsv = write_alignment(alignment, tmp_path / "a.tsv")
    _review(tsv, {wrong: "wrong", ok: "ok"})

    corrected = load_alignment(tsv)
    assert corrected.source.language == "fr" and corrected.target.language == "en"
    assert corrected.signature.params["reviewed"] == 2
    assert sum(1 for b in corrected.beads if not b.is_null) == len(linked) - 1
    texts = {(corrected.src_text(b), corrected.tgt_text(b)): b for b in corrected.beads if not b.is_null}
    assert (alignment.src_text(alignment.beads[wrong]), alignment.tgt_text(alignment.beads[wrong])) not in texts
    assert texts[(alignment.src_text(alignment.beads[ok]), alignment.tgt_text(alignment.beads[ok]))].confidence == 1.0

    result = CliRunner().invoke(cli, ["import-alignment", str(tsv), "-o", str(tmp_path / "a.tmx")])
    assert result.exit_code == 0, result.output
    units = read_alignment(tmp_path / "a.tmx")
    assert len(units) == len(linked) - 1
    assert alignment.src_text(alignment.beads[wrong]) not in {u.src_text for u in units}


def test_unreviewed_rows_keep_machine_confidence_and_flag(tmp_path):
    alignment = un_alignment()
    alignment.beads[1].flagged = True
    linked = [k for k, b in enumerate(alignment.beads) if not b.is_null]
    ok = linked[0]
    tsv = write_alignment(alignment, tmp_path / "a.tsv")
    # What the review page writes for rows nobody judged, and what a spreadsheet leaves empty.
    _review(tsv, {ok: "ok", **{k: "unreviewed" for k in linked[1::2]}})

    corrected = load_alignment(tsv)
    assert corrected.signature.params["reviewed"] == 1
    assert len(corrected.beads) == len(alignment.beads)
    for k, (before, after) in enumerate(zip(alignment.beads, corrected.beads)):
        if k == ok:
            assert (after.confidence, after.flagged) == (1.0, False)
        else:
            assert (after.confidence, after.flagged) == (round(before.confidence, 4), before.flagged), k
    assert corrected.beads[1].flagged


def test_a_file_without_review_claims_no_review(tmp_path):
    alignment = un_alignment()
    corrected = load_alignment(write_alignment(alignment, tmp_path / "a.tsv"))
    assert "reviewed" not in corrected.signature.params
    assert [(b.confidence, b.flagged) for b in corrected.beads] == [
        (round(b.confidence, 4), b.flagged) for b in alignment.beads]


def test_confirmed_is_read_as_ok_and_edits_alone_are_not_confirmations(tmp_path):
    alignment = un_alignment()
    linked = [k for k, b in enumerate(alignment.beads) if not b.is_null]
    tsv = write_alignment(alignment, tmp_path / "a.tsv")
    _review(tsv, {linked[0]: "Confirmed", linked[1]: "merged", linked[2]: "split"})
    corrected = load_alignment(tsv)
    assert corrected.beads[linked[0]].confidence == 1.0
    assert corrected.beads[linked[1]].confidence == round(alignment.beads[linked[1]].confidence, 4)
    assert corrected.beads[linked[2]].confidence == round(alignment.beads[linked[2]].confidence, 4)
    assert corrected.signature.params["reviewed"] == 1


def test_unknown_review_status_is_a_one_line_user_error(tmp_path):
    tsv = write_alignment(un_alignment(), tmp_path / "a.tsv")
    _review(tsv, {0: "maybe"})
    with pytest.raises(InputError, match=r"bead 0: unknown status 'maybe' \(expected ok, wrong or unreviewed\)"):
        load_alignment(tsv)
    result = CliRunner().invoke(cli, ["import-alignment", str(tsv), "-o", str(tmp_path / "a.tmx")])
    assert result.exit_code != 0 and "unknown status 'maybe'" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "a.tmx").exists()


def test_import_alignment_refuses_to_overwrite_and_unknown_extensions(tmp_path):
    tsv = write_alignment(un_alignment(), tmp_path / "a.tsv")
    (tmp_path / "a.tmx").write_text("keep me", encoding="utf-8")
    runner = CliRunner()
    again = runner.invoke(cli, ["import-alignment", str(tsv), "-o", str(tmp_path / "a.tmx")])
    assert again.exit_code != 0 and "--force" in again.output
    assert (tmp_path / "a.tmx").read_text(encoding="utf-8") == "keep me"
    bad = runner.invoke(cli, ["import-alignment", str(tsv), "-o", str(tmp_path / "a.docx")])
    assert bad.exit_code != 0 and "extension" in bad.output
