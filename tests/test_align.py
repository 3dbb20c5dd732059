"""The aligner: bead types, cheap signals, anchors, scale, bad input, sentence level, SDG targets."""
from __future__ import annotations

import hashlib
import random
import re
import time
import tracemalloc

import numpy as np
import pytest

from toolkit.align import (MAX_SEGMENTS, NEG_SIM_MAX, align_documents, align_gale_church, link_confidence,
                           refine_sentences)
from toolkit.errors import AlignmentError
from toolkit.evaluate import score
from toolkit.model import Document, Segment


class FakeEmbedder:
    """Cheap, deterministic 'translation-invariant' vectors: a bag of word vectors.

    ``w12`` and ``W12`` are the same word in two languages; a concatenation is
    the sum of its parts, like a real encoder's view of a merged paragraph.
    """

    name = "fake-bag-of-words"

    def __init__(self, dim: int = 48) -> None:
        self.dim = dim
        self.calls = 0
        self._cache: dict[str, np.ndarray] = {}

    def _word(self, w: str) -> np.ndarray:
        key = w.lower()
        if key.startswith("z"):          # "z12" is the other language's word for "w12"
            key = "w" + key[1:]
        if key not in self._cache:
            seed = int(hashlib.md5(key.encode()).hexdigest()[:8], 16)
            self._cache[key] = np.random.default_rng(seed).standard_normal(self.dim).astype(np.float32)
        return self._cache[key]

    def embed(self, texts):
        self.calls += len(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for k, t in enumerate(texts):
            words = re.findall(r"\w+", t)
            v = sum((self._word(w) for w in words), np.zeros(self.dim, np.float32))
            out[k] = v / max(np.linalg.norm(v), 1e-9)
        return out


def _doc(texts, lang, numbers=None) -> Document:
    segs = [Segment(id=f"s{k}", kind="paragraph", text=t, number=(numbers[k - 1] if numbers else None))
            for k, t in enumerate(texts, 1)]
    return Document(language=lang, segments=segs)


def _synthetic(n: int, seed: int, delete: float, merge: float, vocab: int = 3000):
    """Parallel 'documents' with deletions on the target side and merges on the source side."""
    rng = random.Random(seed)
    sents = [" ".join(f"w{rng.randrange(vocab)}" for _ in range(rng.randint(6, 18))) for _ in range(n)]
    tgt_units = [k for k in range(n) if rng.random() >= delete]
    tgt_texts = [sents[k].upper() for k in tgt_units]
    tgt_of = {k: j for j, k in enumerate(tgt_units)}
    src_texts, gold, k = [], [], 0
    while k < n:
        if k + 1 < n and rng.random() < merge and k in tgt_of and k + 1 in tgt_of:
            src_texts.append(sents[k] + " " + sents[k + 1])
            gold.append(([len(src_texts) - 1], [tgt_of[k], tgt_of[k + 1]]))
            k += 2
            continue
        src_texts.append(sents[k])
        gold.append(([len(src_texts) - 1], [tgt_of[k]] if k in tgt_of else []))
        k += 1
    return src_texts, tgt_texts, gold


def _beads(al):
    return [(list(b.src), list(b.tgt)) for b in al.beads]


def test_deletions_and_merges_are_recovered_as_null_and_one_to_two_beads():
    src, tgt, gold = _synthetic(200, seed=1, delete=0.05, merge=0.08)
    al = align_documents(_doc(src, "fr"), _doc(tgt, "en"), model=FakeEmbedder())
    result = score([gold], [_beads(al)])
    assert result["strict"]["f1"] >= 0.97
    kinds = {b.kind for b in al.beads}
    assert {"1-1", "1-2", "1-0"} <= kinds


def test_five_thousand_segments_align_in_a_band_without_a_quadratic_matrix():
    src, tgt, gold = _synthetic(5000, seed=2, delete=0.03, merge=0.03, vocab=20000)
    fake = FakeEmbedder(dim=32)
    align_documents(_doc(src[:20], "fr"), _doc(tgt[:20], "en"), model=fake)   # imports happen here, untraced
    tracemalloc.start()
    start = time.perf_counter()
    al = align_documents(_doc(src, "fr"), _doc(tgt, "en"), model=fake)
    elapsed = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    # one float32 (n x m) matrix alone would be ~100 MB; the bead types need several
    assert peak < 150 * 2**20, f"peak {peak / 2**20:.0f} MiB"
    assert elapsed < 90, f"{elapsed:.1f} s"
    assert score([gold], [_beads(al)])["strict"]["f1"] >= 0.97


def test_shared_numbers_break_a_tie_that_embeddings_cannot():
    # two paragraphs worded alike; only the resolution symbol and year tell them apart
    rng = random.Random(7)
    filler = [" ".join(f"w{rng.randrange(900)}" for _ in range(12)) for _ in range(6)]
    src = filler[:3] + ["recalling its resolution 64/293 of 2010 on the matter",
                        "recalling its resolution 70/1 of 2015 on the matter"] + filler[3:]
    tgt = [t.upper() for t in filler[:3]] + ["RECALLING ITS RESOLUTION 70/1 OF 2015 ON THE MATTER"] + \
        [t.upper() for t in filler[3:]]
    al = align_documents(_doc(src, "en"), _doc(tgt, "fr"), model=FakeEmbedder())
    pairs = {(b.src, b.tgt) for b in al.beads}
    assert ((4,), (3,)) in pairs and ((3,), ()) in pairs


def test_paragraph_numbers_anchor_identical_paragraphs():
    rng = random.Random(8)
    filler = [" ".join(f"w{rng.randrange(900)}" for _ in range(8)) for _ in range(8)]
    text = "decides to remain seized of the matter"
    src = filler[:4] + [text, text, text] + filler[4:]
    tgt = [t.upper() for t in filler[:4]] + [text.upper()] * 2 + [t.upper() for t in filler[4:]]
    s_num = [str(k) for k in range(1, 5)] + ["5", "6", "7"] + [str(k) for k in range(8, 12)]
    t_num = [str(k) for k in range(1, 5)] + ["5", "7"] + [str(k) for k in range(8, 12)]
    al = align_documents(_doc(src, "en", s_num), _doc(tgt, "fr", t_num), model=FakeEmbedder())
    pairs = {(b.src, b.tgt) for b in al.beads}
    assert ((4,), (4,)) in pairs and ((5,), ()) in pairs and ((6,), (5,)) in pairs


def test_wrong_paragraph_numbers_do_not_override_the_content():
    rng = random.Random(5)
    sents = [" ".join(f"w{rng.randrange(500)}" for _ in range(10)) for _ in range(8)]
    tgt = [s.upper() for k, s in enumerate(sents) if k != 3]
    # the target was renumbered after a deletion: from paragraph 4 on, numbers are off by one
    al = align_documents(_doc(sents, "en", [str(k) for k in range(1, 9)]),
                         _doc(tgt, "fr", [str(k) for k in range(1, 8)]), model=FakeEmbedder())
    pairs = {(b.src, b.tgt) for b in al.beads}
    assert ((3,), ()) in pairs
    assert all(((k,), (k - 1,)) in pairs for k in range(4, 8))


def test_every_bead_has_a_confidence_and_null_or_weak_links_are_flagged():
    src, tgt, _ = _synthetic(60, seed=3, delete=0.1, merge=0.0)
    al = align_documents(_doc(src, "fr"), _doc(tgt, "en"), model=FakeEmbedder())
    assert all(0.0 <= b.confidence <= 1.0 for b in al.beads)
    assert all(b.flagged for b in al.beads if b.is_null)
    assert all(b.flagged for b in al.beads if b.confidence < 0.5)
    good = [b for b in al.beads if b.kind == "1-1"]
    assert np.mean([b.confidence for b in good]) > 0.8
    summary = al.summary()
    assert summary["unaligned_source"] == sum(1 for b in al.beads if not b.tgt)


def test_signature_records_model_languages_parameters_and_inputs():
    src, tgt, _ = _synthetic(5, seed=4, delete=0, merge=0)
    a = align_documents(_doc(src, "fr"), _doc(tgt, "en"), model=FakeEmbedder(), skip=-0.2)
    sig = str(a.signature)
    assert "model:fake-bag-of-words" in sig and "langs:fr-en" in sig and "skip:-0.2" in sig
    assert "in.src:" in sig and "in.tgt:" in sig
    b = align_documents(_doc(src[:-1] + ["changed"], "fr"), _doc(tgt, "en"), model=FakeEmbedder())
    assert a.signature.inputs["src"] != b.signature.inputs["src"]


def test_empty_side_is_an_alignment_error():
    with pytest.raises(AlignmentError, match="no segments"):
        align_documents(_doc([], "fr"), _doc(["x"], "en"), model=FakeEmbedder())


def test_more_than_the_segment_limit_is_refused_before_any_encoding():
    fake = FakeEmbedder()
    big = Document(language="fr", segments=[Segment(id=f"s{k}", kind="paragraph", text="x")
                                            for k in range(MAX_SEGMENTS + 1)])
    with pytest.raises(AlignmentError, match="50,000"):
        align_documents(big, _doc(["x"], "en"), model=fake)
    assert fake.calls == 0


def test_same_language_and_much_longer_side_warn_but_still_align():
    src, tgt, _ = _synthetic(30, seed=6, delete=0, merge=0)
    al = align_documents(_doc(src, "en"), _doc(tgt[:10], "en"), model=FakeEmbedder())
    text = " ".join(al.warnings)
    assert "same language" in text and "much longer" in text
    assert sum(1 for b in al.beads if b.kind == "1-1") == 10


def test_unknown_parameter_is_a_clear_error():
    with pytest.raises(AlignmentError, match="unknown alignment parameter"):
        align_documents(_doc(["a"], "fr"), _doc(["A"], "en"), model=FakeEmbedder(), skipp=1)


def test_lexicon_learned_from_the_pair_pairs_words_that_co_occur_in_links():
    from toolkit.align import _learn_lexicon, _make_sides

    rng = random.Random(9)
    words = ["".join(rng.choice("abcdefghijklmnop") for _ in range(6)) for _ in range(60)]
    src = [" ".join(rng.sample(words, 6)) for _ in range(40)]
    tgt = [" ".join(w[::-1] for w in t.split()) for t in src]     # "another language"
    emb = FakeEmbedder().embed(src)
    S, T = _make_sides(src, tgt, emb, emb, [None] * 40, [None] * 40)
    path = [(k, k + 1, k, k + 1) for k in range(40)]
    assert _learn_lexicon(path, S, T, [(0.5, 0.9)] * 40)
    hits = (S.lex * T.lex).sum(axis=1)                  # predicted target words found in the link
    assert (hits >= 3).mean() > 0.9
    assert (S.lex[0] * T.lex[1]).sum() < hits[0]        # and fewer in an unrelated segment
    assert not _learn_lexicon(path[:5], S, T, [(0.5, 0.9)] * 5)   # too little to learn from


def test_gale_church_baseline_aligns_equal_lengths_one_to_one():
    src = ["a" * 40, "b" * 100, "c" * 20, "d" * 60]
    beads = align_gale_church(src, [s.upper() for s in src])
    assert [(b.src, b.tgt) for b in beads] == [((k,), (k,)) for k in range(4)]


@pytest.mark.slow
def test_sentence_level_splits_linked_paragraphs_and_numbers_sentences(encoder):
    fr = ["Rappelant sa résolution 68/192. Prie le Secrétaire général de lui présenter un rapport. "
          "Décide de rester saisie de la question.",
          "M. Dupont a pris la parole."]
    en = ["Recalling its resolution 68/192. Requests the Secretary-General to submit a report to it. "
          "Decides to remain seized of the matter.",
          "Mr. Dupont took the floor."]
    src = Document(language="fr", segments=[Segment(id="op1", kind="operative", text=fr[0], number="1"),
                                            Segment(id="op2", kind="operative", text=fr[1], number="2")])
    tgt = Document(language="en", segments=[Segment(id="op1", kind="operative", text=en[0], number="1"),
                                            Segment(id="op2", kind="operative", text=en[1], number="2")])
    para = align_documents(src, tgt, model=encoder)
    sent = refine_sentences(para, model=encoder)
    assert sent.level == "sentence"
    assert [s.id for s in sent.source.segments] == ["op1.s1", "op1.s2", "op1.s3", "op2.s1"]
    assert sent.source.segments[1].parent == "op1"
    assert [(b.src, b.tgt) for b in sent.beads] == [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((3,), (3,))]
    assert "level:sentence" in str(sent.signature)


def _sdg_targets(corpora, lang):
    from toolkit.segment import read_document

    doc = read_document(corpora / "sdg" / f"{lang}.txt", lang)
    segs = [s for s in doc.segments if s.number and re.fullmatch(r"\d+\.(\d+|[a-z])", s.number)]
    return Document(language=lang, segments=segs, checksum=doc.checksum)


@pytest.mark.slow
def test_sdg_targets_align_one_to_one_and_survive_deletions_and_merges(corpora, encoder):
    en, fr = _sdg_targets(corpora, "en"), _sdg_targets(corpora, "fr")
    assert len(en) == len(fr) == 169
    al = align_documents(en, fr, model=encoder)
    assert [(b.src, b.tgt) for b in al.beads] == [((k,), (k,)) for k in range(169)]

    rng = random.Random(2024)
    drop = set(rng.sample(range(169), 17))                 # 10 % of the French targets deleted
    fr_keep = [k for k in range(169) if k not in drop]
    fr_doc = Document(language="fr", segments=[fr.segments[k] for k in fr_keep])
    fr_pos = {k: j for j, k in enumerate(fr_keep)}
    starts = sorted(rng.sample(range(0, 168, 2), 17))       # 10 % of adjacent English pairs merged
    merged, gold, k = [], [], 0
    while k < 169:
        if starts and k == starts[0]:
            starts.pop(0)
            a, b = en.segments[k], en.segments[k + 1]
            merged.append(Segment(id=a.id, kind=a.kind, text=a.text + " " + b.text, number=a.number,
                                  parent=a.parent))
            gold.append(([len(merged) - 1], [fr_pos[x] for x in (k, k + 1) if x in fr_pos]))
            k += 2
            continue
        merged.append(en.segments[k])
        gold.append(([len(merged) - 1], [fr_pos[k]] if k in fr_pos else []))
        k += 1
    en_doc = Document(language="en", segments=merged)
    al = align_documents(en_doc, fr_doc, model=encoder)
    result = score([gold], [_beads(al)])
    assert result["strict"]["f1"] >= 0.97, result


@pytest.mark.parametrize("lang,text,expected", [
    ("fr", "M. Dupont a pris la parole. Il a cité l'art. 5 de la Charte. Voir le No. 3.",
     ["M. Dupont a pris la parole.", "Il a cité l'art. 5 de la Charte.", "Voir le No. 3."]),
    ("en", "1. The Assembly decides... Further decides to act. Mr. Smith spoke on p. 12, i.e. the annex.",
     ["1. The Assembly decides...", "Further decides to act.", "Mr. Smith spoke on p. 12, i.e. the annex."]),
    ("fr", "Il a dit : « Nous avons gagné. » Ensuite, la séance a été levée.",
     ["Il a dit : « Nous avons gagné. »", "Ensuite, la séance a été levée."]),
    ("en", "The rate was 3.5 per cent in 2015. It rose.", ["The rate was 3.5 per cent in 2015.", "It rose."]),
])
def test_sentence_splitter_respects_abbreviations_numbers_quotes_and_ellipses(lang, text, expected):
    from toolkit.sentences import split_sentences

    assert split_sentences(text, lang) == expected


class VectorEmbedder:
    """Given vectors for given texts (no encoder): to build links of a chosen similarity."""

    name = "fixed-vectors"

    def __init__(self, vectors: dict[str, np.ndarray]) -> None:
        self.vectors = vectors

    def embed(self, texts):
        out = np.stack([self.vectors[t] for t in texts]).astype(np.float32)
        return out / np.linalg.norm(out, axis=1, keepdims=True)


def test_a_link_with_negative_similarity_never_gets_confidence_above_the_bound():
    rng = np.random.default_rng(11)
    base = rng.standard_normal((9, 64))
    src = [f"paragraph {k} " + "x" * 40 for k in range(9)]
    tgt = [f"alinéa {k} " + "y" * 40 for k in range(9)]
    vectors = {s: base[k] for k, s in enumerate(src)} | {t: base[k] for k, t in enumerate(tgt)}
    # the middle pair: the target's vector points away from the source's, yet nothing else fits it
    v = base[4] / np.linalg.norm(base[4])
    w = rng.standard_normal(64)
    w -= (w @ v) * v
    vectors[tgt[4]] = w / np.linalg.norm(w) - 0.05 * v
    al = align_documents(_doc(src, "en"), _doc(tgt, "fr"), model=VectorEmbedder(vectors), skip=-0.5,
                         exact_spans=False)
    middle = next(b for b in al.beads if b.src == (4,))
    assert middle.tgt == (4,) and middle.score < 0.3
    assert middle.confidence <= NEG_SIM_MAX and middle.flagged
    assert all(b.confidence > 0.9 for b in al.beads if b.src != (4,))
    # and whatever the other evidence says
    for margin in (-0.5, 0.0, 0.5):
        for lr in (0.5, 1.0):
            for context in (0.0, 0.7, 1.0):
                assert link_confidence(-0.01, margin, 0.3, lr, 0, context) <= NEG_SIM_MAX


def test_context_is_the_median_similarity_of_the_neighbouring_links():
    from toolkit.align import context_similarity

    sims = [0.9, 0.8, 0.1, 0.85, 0.9, 0.2, 0.1, 0.15, 0.1]
    ctx = context_similarity(sims, window=2)
    assert ctx[2] == pytest.approx(0.85)          # a weak link among good ones keeps a good context
    assert ctx[6] == pytest.approx(0.15)          # a stretch of weak links does not


@pytest.mark.slow
def test_unrelated_texts_get_no_confident_link_while_translations_keep_high_confidence(corpora, encoder):
    from toolkit.segment import read_document

    udhr_fr = read_document(corpora / "udhr" / "fr.txt", "fr")
    unrelated = align_documents(udhr_fr, read_document(corpora / "sdg" / "en.txt", "en"), model=encoder)
    links = [b for b in unrelated.beads if not b.is_null]
    assert links                                  # the DP still links things: their confidence must say no
    assert max(b.confidence for b in links) < 0.5
    assert all(b.flagged for b in unrelated.beads)
    matched = align_documents(udhr_fr, read_document(corpora / "udhr" / "en.txt", "en"), model=encoder)
    conf = [b.confidence for b in matched.beads if not b.is_null]
    assert np.mean(conf) > 0.9 and sum(c >= 0.7 for c in conf) >= 0.95 * len(conf)


# --- the package: one module per job, the old single module's names still importable ---------------

OLD_NAMES = ['MAX_SEGMENTS', 'SPAN_WEIGHT', 'DEFAULTS', '_NUM_RE', '_TOKEN_RE', '_SPACES', '_THOUSANDS',
             '_one_blas_thread', '_numbers', '_tokens', '_anchor_key', '_binary_matrix', '_Side', '_make_sides',
             '_Band', '_bead_types', '_span_embs', '_bonus', '_best_sims', '_score_types', '_dp', '_coarse_band',
             '_corridor', '_coarse_band_from', '_CONF', '_CONF_NULL', 'CTX_WINDOW', 'CTX_KNOT', 'NEG_SIM_MAX',
             'LOW_SIM', '_sigmoid', 'low_similarity_cap', 'link_confidence', 'gap_confidence',
             'context_similarity', '_confidences', '_params', '_lang', '_checks', '_signature', '_WORD_RE',
             '_words', '_learn_lexicon', '_merge_pass', '_length_ratio', '_spans_to_encode', '_exact_spans',
             'align_texts', 'FLAG_BELOW', '_flag', 'align_documents', 'refine_sentences', 'similarity_matrix',
             '_GC_PRIOR', 'align_gale_church', '_erfc_abs']


def test_the_package_still_offers_every_name_of_the_old_module():
    import toolkit.align as A

    missing = [n for n in OLD_NAMES if not hasattr(A, n)]
    assert missing == []
    assert set(A.__all__) >= {"align_documents", "refine_sentences", "similarity_matrix", "align_texts",
                              "align_gale_church", "DEFAULTS", "MAX_SEGMENTS", "alignment_signature"}


def test_the_align_modules_import_one_way_without_cycles():
    import ast
    from pathlib import Path

    import toolkit.align as A

    folder = Path(A.__file__).parent
    graph = {}
    for path in folder.glob("*.py"):
        if path.name == "__init__.py":
            continue
        deps = set()
        for node in ast.parse(path.read_text(encoding="utf-8")).body:       # top level only: lazy imports are fine
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("toolkit.align."):
                deps.add(node.module.rsplit(".", 1)[1])
        graph[path.stem] = deps
    done: set[str] = set()

    def visit(name, stack):
        assert name not in stack, f"import cycle: {' -> '.join([*stack, name])}"
        if name in done:
            return
        for dep in graph.get(name, ()):
            visit(dep, [*stack, name])
        done.add(name)

    for name in graph:
        visit(name, [])
    assert {"dp", "band", "features", "confidence", "lexicon", "merge", "refine", "gale_church", "plot",
            "threads", "signature", "engine", "documents", "scoring", "params"} <= set(graph)


def test_the_aligner_uses_no_private_name_of_the_embedder():
    import re
    from pathlib import Path

    import toolkit.align as A

    # private names of the embedder (its public hooks, e.g. ``clear_memo``, are fine)
    private = re.compile(r"(?<![A-Za-z0-9])_(composer|memo|parts)\b")
    for path in Path(A.__file__).parent.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not private.search(text), path.name


def test_the_dp_docstring_explains_the_zero_one_bead_trick():
    from toolkit.align.dp import _dp

    assert "0-1" in _dp.__doc__ and "maximum.accumulate" in _dp.__doc__


def test_the_confidence_calibration_points_to_the_script_that_fits_it():
    from pathlib import Path

    import toolkit.align.confidence as C

    text = Path(C.__file__).read_text(encoding="utf-8")
    assert "bench/calibration.py" in text
    script = Path(__file__).resolve().parent.parent / "bench" / "calibration.py"
    body = script.read_text(encoding="utf-8")
    assert "_CONF = {" in body and "_CONF_NULL = {" in body and "CTX_KNOT = " in body   # it prints all three
    assert "collect_features" in body


def test_collect_features_records_every_bead_and_restores_the_sink():
    import toolkit.align.confidence as C

    src = _doc([f"w{k} w{k + 1} w{k + 2}" for k in range(0, 30, 3)], "fr")
    tgt = _doc([f"z{k} z{k + 1} z{k + 2}" for k in range(0, 30, 3)], "en")
    with C.collect_features() as sink:
        al = align_documents(src, tgt, model=FakeEmbedder())
    assert C.FEATURE_SINK is None
    assert len(sink) == len(al.beads)
    assert all(f[0] in ("link", "null") for _, f in sink)
