"""Strict/lax P/R/F1 as vecalign's scorer counts them, on cases small enough to count by hand."""
from __future__ import annotations

import pytest

from toolkit.errors import InputError
from toolkit.evaluate import format_beads, parse_beads, read_beads, score
from toolkit.model import Bead


def test_null_beads_count_in_precision_and_are_dropped_from_recall():
    gold = [([0], [0]), ([1], [1, 2]), ([2], [])]
    test = [([0], [0]), ([1], [1]), ([], [2]), ([2], [])]
    r = score([gold], [test])
    # precision over 4 test beads: strict hits [0]-[0] and [2]-[]; lax adds [1]-[1] (1-1 is linked in gold)
    assert r["strict"]["precision"] == pytest.approx(2 / 4)
    assert r["lax"]["precision"] == pytest.approx(3 / 4)
    # recall over the 2 gold beads that link something; [1]-[1,2] is only a lax hit
    assert r["strict"]["recall"] == pytest.approx(1 / 2)
    assert r["lax"]["recall"] == pytest.approx(2 / 2)
    assert r["strict"]["f1"] == pytest.approx(0.5)
    assert r["lax"]["f1"] == pytest.approx(2 * 0.75 * 1.0 / 1.75)


def test_scores_are_micro_averaged_over_documents():
    doc_a = ([([0], [0])], [([0], [0])])
    doc_b = ([([0], [0]), ([1], [1])], [([0, 1], [0, 1])])
    r = score([doc_a[0], doc_b[0]], [doc_a[1], doc_b[1]])
    assert r["strict"]["precision"] == pytest.approx(1 / 2)
    assert r["strict"]["recall"] == pytest.approx(1 / 3)
    assert r["strict"]["f1"] == pytest.approx(0.4)          # a macro average would say 0.5
    assert r["lax"]["precision"] == pytest.approx(1.0)
    assert r["lax"]["recall"] == pytest.approx(1.0)


def test_a_bead_that_links_nothing_right_is_neither_strict_nor_lax():
    r = score([[([0], [0]), ([1], [1])]], [[([0], [1]), ([1], [0])]])
    assert r["strict"]["f1"] == 0.0 and r["lax"]["f1"] == 0.0


def test_empty_beads_are_ignored_and_bead_objects_are_accepted():
    gold = [([0], [0]), ([], [])]
    test = [Bead(src=(0,), tgt=(0,))]
    r = score(gold, test)                                   # one document given directly
    assert r["strict"]["f1"] == 1.0 and r["documents"] == 1


def test_beads_file_round_trips_vecalign_format(tmp_path):
    text = "[0]:[0]\n[1, 2]:[1]\n[]:[2]\n[3]:[]\n"
    beads = parse_beads(text)
    assert beads == [([0], [0]), ([1, 2], [1]), ([], [2]), ([3], [])]
    assert format_beads(beads) == text
    path = tmp_path / "x.beads"
    path.write_text("# signature: toolkit:0.1.0\n" + text, encoding="utf-8")
    assert read_beads(path) == beads


def test_malformed_beads_line_names_file_and_line(tmp_path):
    path = tmp_path / "bad.beads"
    path.write_text("[0]:[0]\n0-1\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad.beads:2"):
        read_beads(path)


def test_document_count_mismatch_is_an_input_error():
    with pytest.raises(InputError):
        score([[([0], [0])], [([0], [0])]], [[([0], [0])]])


# --- beads files hold beads only: the signature beside, or an opt-in comment line ---------------

def _alignment():
    from export_fixtures import un_alignment

    return un_alignment()


def test_written_beads_file_has_only_bead_lines_and_its_signature_beside(tmp_path):
    import re

    from toolkit.evaluate import read_beads_file, write_beads
    from toolkit.export.common import sidecar_path

    al = _alignment()
    path = write_beads(al, tmp_path / "test.beads")
    lines = path.read_text(encoding="utf-8").splitlines()
    # every line is a bead, as vecalign's and bertalign's readers require (was: "# signature: ..." first)
    assert all(re.fullmatch(r"\[[0-9, ]*\]:\[[0-9, ]*\]", line) for line in lines), lines[0]
    assert len(lines) == len(al.beads)
    assert sidecar_path(path).is_file()
    signature, beads = read_beads_file(path)
    assert str(signature) == str(al.signature)
    assert beads == [(list(b.src), list(b.tgt)) for b in al.beads]


def test_beads_with_a_comment_header_read_back_with_their_signature(tmp_path):
    from toolkit.evaluate import read_beads_file, write_beads
    from toolkit.export.common import sidecar_path

    al = _alignment()
    path = write_beads(al, tmp_path / "test.beads", comment_header=True)
    assert path.read_text(encoding="utf-8").splitlines()[0] == f"# signature: {al.signature}"
    assert not sidecar_path(path).exists()
    signature, beads = read_beads_file(path)
    assert str(signature) == str(al.signature) and len(beads) == len(al.beads)


def test_evaluate_scores_both_forms_of_a_beads_file_alike(tmp_path):
    import json

    from click.testing import CliRunner

    from toolkit.cli import cli
    from toolkit.evaluate import write_beads

    al = _alignment()
    gold = tmp_path / "gold.beads"
    gold.write_text(format_beads([(list(b.src), list(b.tgt)) for b in al.beads[:-2]]) + "[9]:[9]\n", encoding="utf-8")
    plain = write_beads(al, tmp_path / "plain.beads")
    commented = write_beads(al, tmp_path / "commented.beads", comment_header=True)
    results = []
    for test in (plain, commented):
        res = CliRunner().invoke(cli, ["evaluate", str(gold), str(test), "--json"], catch_exceptions=False)
        assert res.exit_code == 0, res.output
        results.append(json.loads(res.stdout))
    assert results[0] == results[1] and results[0]["test_beads"] == len(al.beads)


def test_a_beads_file_saved_with_a_byte_order_mark_reads(tmp_path):
    path = tmp_path / "bom.beads"
    path.write_bytes("\ufeff[0]:[0]\n[1]:[1, 2]\n".encode("utf-8"))       # Notepad's UTF-8
    assert read_beads(path) == [([0], [0]), ([1], [1, 2])]


def test_jsonl_of_the_command_line_reads_back_with_its_signature_and_no_extra_row(tmp_path):
    from toolkit.evaluate import format_jsonl
    from toolkit.export import read_alignment_file

    al = _alignment()
    path = tmp_path / "a.jsonl"
    path.write_text(format_jsonl(al), encoding="utf-8")
    signature, rows = read_alignment_file(path)
    assert str(signature) == str(al.signature)                 # was None
    assert [r.src_ids for r in rows] == [al.src_ids(b) for b in al.beads]   # was one row more (the header)
