"""Multiway alignment (toolkit.multiway) on the shipped SDG in three languages, English as pivot.

Small and fast: the first 30 segments of corpora/sdg/{en,fr,es}.txt (the same ids in all
three), so every alignment is exact 1-1 by id and the encoder's cache makes reruns cheap.
Only files under corpora/ are read.
"""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from toolkit.lang import UnsupportedLanguage
from toolkit.model import Bead
from toolkit.multiway import Disagreement, MultiAlignment, align_files, align_multiway, compare_pair, read_documents
from toolkit.segment import read_document

CORPORA = Path(__file__).resolve().parent.parent / "corpora"
N = 30


def _doc(code: str, n: int = N):
    doc = read_document(CORPORA / "sdg" / f"{code}.txt", code)
    return dataclasses.replace(doc, segments=doc.segments[:n], provenance=dict(doc.provenance))


@pytest.fixture(scope="module")
def docs():
    return {code: _doc(code) for code in ("en", "fr", "es")}


@pytest.fixture(scope="module")
def multi(docs) -> MultiAlignment:
    return align_multiway(docs, pivot="en", pairs=["fr-es"])


def _same_ids_one_to_one(al) -> bool:
    return all(len(b.src) == 1 and len(b.tgt) == 1 and al.src_ids(b) == al.tgt_ids(b) for b in al.beads) \
        and len(al.beads) == len(al.source.segments) == len(al.target.segments)


def test_each_language_aligned_to_pivot_and_pairs_agree(multi, docs):
    assert multi.pivot == "en"
    assert set(multi.alignments) == {"fr", "es"}
    for code, al in multi.alignments.items():
        assert al.source is docs[code] and al.target is docs["en"]
        assert _same_ids_one_to_one(al), code
    assert set(multi.direct) == {("fr", "es")}
    assert _same_ids_one_to_one(multi.direct[("fr", "es")])
    assert multi.compared == {("fr", "es"): N}
    assert multi.disagreements == []
    assert multi.agreement("fr", "es") == 1.0
    assert multi.warnings == []
    ids = [s.id for s in docs["fr"].segments]
    assert multi.composed_ids("fr", "es") == {i: (i,) for i in ids}
    assert multi.composed_ids("fr", "en") == {i: (i,) for i in ids}
    assert multi.languages == ["en", "fr", "es"]


def test_corrupted_alignment_gives_disagreements(multi):
    fr_en = multi.alignments["fr"]
    beads = list(fr_en.beads)
    # fr segments 5 and 6 linked crosswise to the English (as a bad alignment would)
    beads[5] = Bead(src=(5,), tgt=(6,))
    beads[6] = Bead(src=(6,), tgt=(5,))
    # fr segment 10 left unlinked, English 10 as a gap of its own
    beads[10:11] = [Bead(src=(10,), tgt=()), Bead(src=(), tgt=(10,))]
    bad = dataclasses.replace(fr_en, beads=beads)
    found = compare_pair(("fr", "es"), bad, multi.alignments["es"], multi.direct[("fr", "es")])
    ids = [s.id for s in fr_en.source.segments]
    assert [d.source_id for d in found] == [ids[5], ids[6], ids[10]]
    d5 = found[0]
    assert isinstance(d5, Disagreement) and d5.pair == ("fr", "es")
    assert d5.pivot_ids == (ids[6],) and d5.via_pivot == (ids[6],) and d5.direct == (ids[5],)
    assert found[2].pivot_ids == () and found[2].via_pivot == () and found[2].direct == (ids[10],)
    assert ids[10] in str(found[2])
    # and the uncorrupted legs still agree
    assert compare_pair(("fr", "es"), fr_en, multi.alignments["es"], multi.direct[("fr", "es")]) == []


def test_missing_side_reported_others_aligned(docs):
    out = align_multiway({"en": docs["en"], "fr": docs["fr"], "es": None}, pairs=[("fr", "es")])
    assert set(out.alignments) == {"fr"}
    assert _same_ids_one_to_one(out.alignments["fr"])
    assert any(w.startswith("es: missing") for w in out.warnings)
    assert any(w.startswith("fr-es: not compared") for w in out.warnings)
    assert out.direct == {} and out.disagreements == []


def test_missing_file_reported_others_aligned(tmp_path, docs):
    paths = {"en": CORPORA / "sdg" / "en.txt", "es": tmp_path / "nope.txt"}
    read, warnings = read_documents(paths)
    assert read["es"] is None and len(read["en"]) == 439
    assert len(warnings) == 1 and warnings[0].startswith("es:") and "nope.txt" in warnings[0]
    out = align_multiway({"en": docs["en"], "fr": docs["fr"], "es": read["es"]}, warnings=warnings, pairs=[])
    assert set(out.alignments) == {"fr"} and out.warnings[0] == warnings[0]
    # align_files: the same, reading the files itself (nothing left to align here but the pivot)
    out = align_files(paths)
    assert out.alignments == {} and any("nope.txt" in w and "left out" in w for w in out.warnings)


def test_wrong_language_label_reported_others_aligned(docs):
    fr_as_es = dataclasses.replace(_doc("fr"), language="es", source_path="corpora/sdg/fr.txt")
    out = align_multiway({"en": docs["en"], "fr": docs["fr"], "es": fr_as_es}, pairs=[("fr", "es")])
    assert set(out.alignments) == {"fr"}
    assert any(w.startswith("es:") and "'fr'" in w and "left out" in w for w in out.warnings), out.warnings
    assert any(w.startswith("fr-es: not compared") for w in out.warnings)
    # a document given under another language than its own label
    out = align_multiway({"en": docs["en"], "fr": docs["fr"], "es": _doc("fr")}, pairs=[])
    assert set(out.alignments) == {"fr"}
    assert any("labelled 'fr', not 'es'" in w for w in out.warnings)


def test_other_pivot(docs):
    out = align_multiway(docs, pivot="fr", pairs=[("en", "es")])
    assert set(out.alignments) == {"en", "es"}
    assert all(al.target is docs["fr"] for al in out.alignments.values())
    assert out.compared == {("en", "es"): N} and out.disagreements == []


@pytest.mark.parametrize("kwargs", [
    {"documents": {"en": None, "de": None}},
    {"documents": {"en": None, "fr": None}, "pivot": "xx"},
    {"documents": {"en": None, "fr": None}, "pairs": [("fr", "de")]},
])
def test_unsupported_language_raises_registry_error(kwargs):
    with pytest.raises(UnsupportedLanguage, match="unsupported language"):
        align_multiway(**kwargs)
