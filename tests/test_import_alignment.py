"""A reviewer's corrected alignment TSV flows back into the TMX export."""
from __future__ import annotations

import csv

from click.testing import CliRunner

from export_fixtures import un_alignment
from toolkit.cli import cli
from toolkit.export import read_alignment, write_alignment
from toolkit.export.corrections import load_alignment


def _review(tsv_path, verdicts: dict[int, str]) -> None:
    """Add a `status` column the way the review page does."""
    lines = tsv_path.read_text(encoding="utf-8").splitlines(keepends=True)
    comments = [l for l in lines if l.startswith("#")]
    rows = list(csv.reader([l for l in lines if not l.startswith("#")], delimiter="\t"))
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


def test_import_alignment_refuses_to_overwrite_and_unknown_extensions(tmp_path):
    tsv = write_alignment(un_alignment(), tmp_path / "a.tsv")
    (tmp_path / "a.tmx").write_text("keep me", encoding="utf-8")
    runner = CliRunner()
    again = runner.invoke(cli, ["import-alignment", str(tsv), "-o", str(tmp_path / "a.tmx")])
    assert again.exit_code != 0 and "--force" in again.output
    assert (tmp_path / "a.tmx").read_text(encoding="utf-8") == "keep me"
    bad = runner.invoke(cli, ["import-alignment", str(tsv), "-o", str(tmp_path / "a.docx")])
    assert bad.exit_code != 0 and "extension" in bad.output
