"""Cheap checks of bench/align_bench.py's parsing helpers and data readers (no model, no baseline run)."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = Path(os.environ.get("TOOLKIT_SHARED_DATA", ROOT.parent / "shared" / "data"))

pytestmark = [
    pytest.mark.shared_data,
    pytest.mark.skipif(not (SHARED_DATA / "text-berg-de-fr").is_dir() or not (SHARED_DATA / "mac-zh-en").is_dir(),
                       reason="../shared/data (text-berg-de-fr, mac-zh-en) not available"),
]

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import align_bench  # noqa: E402
from bench.baselines import hunalign, vecalign_dp  # noqa: E402


def test_parse_only_keeps_the_bench_order_and_rejects_unknown_parts():
    assert align_bench.parse_only(None) == list(align_bench.PARTS)
    assert align_bench.parse_only("mac, throughput") == ["throughput", "mac"]
    with pytest.raises(SystemExit, match="unknown part"):
        align_bench.parse_only("throughput,speed")


def test_ladder_to_beads_covers_every_sentence_with_null_and_many_beads():
    rungs = hunalign.parse_ladder("0\t0\t0.3\n1\t2\t0.5\n\n3\t2\t0.1\n3\t3\t0.2\n4\t4\t0.3\n")
    assert rungs == [(0, 0), (1, 2), (3, 2), (3, 3), (4, 4)]
    beads = hunalign.ladder_to_beads(rungs, 5, 4)      # the last rung (5, 4) is missing: added
    assert beads == [([0], [0, 1]), ([1, 2], []), ([], [2]), ([3], [3]), ([4], [])]
    assert hunalign.ladder_to_beads([(1, 1)], 1, 1) == [([0], [0])]      # missing (0, 0) added
    with pytest.raises(ValueError, match="backwards"):
        hunalign.ladder_to_beads([(0, 0), (2, 1), (1, 2)], 2, 2)
    with pytest.raises(ValueError, match="ladder line 1"):
        hunalign.parse_ladder("7\n")


def test_gold_beads_survive_a_round_trip_through_a_ladder():
    c = align_bench.corpus("mac")
    d = c["docs"][0]
    rungs, s, t = [], 0, 0
    for src, tgt in d["gold"]:
        rungs.append((s, t))
        s, t = s + len(src), t + len(tgt)
    rungs.append((s, t))
    assert hunalign.ladder_to_beads(rungs, len(d["src"]), len(d["tgt"])) == [(list(a), list(b)) for a, b in d["gold"]]


def test_corpora_are_read_with_their_sizes():
    mac = align_bench.corpus("mac")
    assert [d["name"] for d in mac["docs"]] == [f"dev00{k}" for k in range(1, 7)]
    assert (mac["n_src"], mac["n_tgt"], mac["src_lang"], mac["tgt_lang"]) == (1444, 1947, "zh", "en")
    for d in mac["docs"]:      # every sentence in exactly one gold bead (the README's promise)
        assert sorted(i for b in d["gold"] for i in b[0]) == list(range(len(d["src"])))
        assert sorted(i for b in d["gold"] for i in b[1]) == list(range(len(d["tgt"])))
    tb = align_bench.corpus("text-berg", "test")
    assert len(tb["docs"]) == 7 and tb["sentences"] == tb["n_src"] + tb["n_tgt"]
    assert "7 documents" in align_bench.describe(tb)
    assert len(align_bench.corpus("text-berg", "dev")["docs"]) == 1


def test_overlap_groups_follow_vecaligns_layer_and_preprocessing():
    got = vecalign_dp.overlap_groups(["a ", "b", ""], 2)
    assert got == {"a": ["a"], "b": ["b"], "BLANK_LINE": ["BLANK_LINE"], "PAD": None,
                   "a b": ["a", "b"], "b BLANK_LINE": ["b", "BLANK_LINE"]}
    assert "PAD" not in vecalign_dp.overlap_groups(["x", "y"], 1)
    assert vecalign_dp.overlap_groups(["x"], 3) == {"x": ["x"], "PAD": None}


def test_vecalign_scores_are_compared_field_by_field():
    a = {"strict": {"precision": 0.5, "recall": 0.5, "f1": 0.5}, "lax": {"precision": 1.0, "recall": 0.9, "f1": 0.9}}
    b = {"strict": {"precision": 0.5, "recall": 0.5, "f1": 0.5}, "lax": {"precision": 1.0, "recall": 0.8, "f1": 0.9}}
    assert vecalign_dp.max_difference(a, b) == pytest.approx(0.1)


class _Scorer:     # stands in for vecalign.score (its module needs the compiled dp_core)
    @staticmethod
    def score_multiple(gold_list, test_list):
        return {"precision_strict": 0.1, "recall_strict": 0.2, "f1_strict": 0.3,
                "precision_lax": 0.4, "recall_lax": 0.5, "f1_lax": 0.6}


def test_vecalign_score_is_put_in_the_toolkit_layout():
    r = vecalign_dp.vecalign_score(_Scorer, [], [])
    assert r == {"strict": {"precision": 0.1, "recall": 0.2, "f1": 0.3},
                 "lax": {"precision": 0.4, "recall": 0.5, "f1": 0.6}}
