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
