"""Alignment in the six UN languages: SDG targets, the UN development set, the UDHR (issue 13).

Run: ``python bench/multilingual_bench.py [--max-docs N] [--only sdg,devset,udhr] [--show N]``

What it measures, on what (everything shipped under ``corpora/``):

* **SDG** (``corpora/sdg/{ar,en,es,fr,ru,zh}.txt``, same segment ids in all six): for
  each of ar, es, fr, ru, zh aligned to English, how many of the 169 targets (ids
  ``t1.1`` ... ``t17.19``) are in a 1-1 link with the target of the same id (target 169/169);
  plus the multiway check (:mod:`toolkit.multiway`) of fr-es composed through English
  against the direct fr-es alignment.
* **UN development set** (``corpora/un-devset/<folder>/<lang>.txt``, 732 documents, one
  sentence per line, lines parallel in the six languages): each document's lines become one
  segment each (:func:`toolkit.segment.lines_document`), every language is aligned to English
  and French to Spanish per document, and strict/lax P/R/F1 (:func:`toolkit.evaluate.score`,
  vecalign's semantics, micro-averaged over documents) is pooled against gold = the same line
  index (every gold bead is 1-1).  ``--max-docs N``: the first N documents of the manifest.
* **UDHR** (``corpora/udhr``), each language aligned to English: share of links (beads linking
  both sides) whose source and target ids are the same, over all links, over the articles
  (from ``art1`` on, the same ids in all six) and over the preamble, whose paragraphs differ
  by source (``corpora/udhr/PROVENANCE.md``); the preamble links are listed, nothing is
  left out.

Timings are wall-clock seconds on this machine (the load average at start and end is
printed: the CPUs may be shared).  The embedding cache is ``$TOOLKIT_CACHE_DIR`` (default
``~/.cache/un-align-toolkit``): a warm cache makes the "encode" times near zero.
"""
from __future__ import annotations

import argparse
import csv
import os
import platform
import re
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from toolkit.align import align_documents  # noqa: E402  (after the sys.path line above)
from toolkit.embed import get_embedder, model_identity  # noqa: E402
from toolkit.evaluate import score  # noqa: E402
from toolkit.multiway import align_multiway  # noqa: E402
from toolkit.segment import lines_document, read_document  # noqa: E402

CORPORA = ROOT / "corpora"
LANGS = ("ar", "es", "fr", "ru", "zh")
TARGET_ID = re.compile(r"^t\d+\.[0-9a-z]+$")


def _load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def _one_to_one_same(al, ids_wanted=None) -> tuple[int, int, list[str]]:
    """(target-side segments whose bead is 1-1 to the same id, segments counted, those that are not)."""
    ok, total, bad = 0, 0, []
    tgt_bead = {}
    for b in al.beads:
        for j in b.tgt:
            tgt_bead[j] = b
    for j, seg in enumerate(al.target.segments):
        if ids_wanted is not None and not ids_wanted(seg.id):
            continue
        total += 1
        b = tgt_bead.get(j)
        if b is not None and len(b.src) == 1 and len(b.tgt) == 1 and al.source.segments[b.src[0]].id == seg.id:
            ok += 1
        else:
            bad.append(f"{seg.id}<-{'+'.join(al.src_ids(b)) if b else '(none)'}")
    return ok, total, bad


# ------------------------------------------------------------------ SDG
def bench_sdg(embedder, show: int) -> dict:
    print("\n## SDG: 169 targets, each language aligned to English (corpora/sdg)")
    t0 = time.perf_counter()
    docs = {code: read_document(CORPORA / "sdg" / f"{code}.txt", code) for code in ("en", *LANGS)}
    t_read = time.perf_counter() - t0
    print("segments: " + ", ".join(f"{c} {len(d)}" for c, d in docs.items()) + f"  (read+segment {t_read:.1f} s)")
    t0 = time.perf_counter()
    multi = align_multiway(docs, pivot="en", pairs=[("fr", "es")], model=embedder)
    t_align = time.perf_counter() - t0
    print("| pair | targets 1-1 to the same id | all segments 1-1 to the same id |")
    print("|---|---|---|")
    out = {}
    for code in LANGS:
        al = multi.alignments[code]
        ok, tot, _ = _one_to_one_same(al, lambda i: bool(TARGET_ID.match(i)))
        ok_all, tot_all, bad_all = _one_to_one_same(al)
        out[code] = (ok, tot)
        print(f"| {code}-en | {ok}/{tot} | {ok_all}/{tot_all} |")
        if bad_all and show:
            print(f"    not same-id 1-1 ({code}): {', '.join(bad_all[:show])}")
    n = multi.compared.get(("fr", "es"), 0)
    d = multi.disagreements_for("fr", "es")
    print(f"multiway fr-es (composed through en vs direct): {n - len(d)}/{n} fr segments agree, "
          f"{len(d)} disagreements")
    for x in d[:show]:
        print(f"    {x}")
    for w in multi.warnings:
        print(f"    warning: {w}")
    print(f"time: 6 alignments (5 to en + fr-es direct) with the label checks {t_align:.1f} s")
    return out


# ------------------------------------------------------------------ devset
def _devset_folders(max_docs: int | None) -> list[Path]:
    manifest = CORPORA / "un-devset" / "manifest.fr-en.tsv"
    with manifest.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    folders = [manifest.parent / Path(r["source"]).parent for r in rows]
    return folders[:max_docs] if max_docs else folders


def _lines(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").split("\n")
    return lines[:-1] if lines and lines[-1] == "" else lines


def bench_devset(embedder, max_docs: int | None, show: int) -> dict:
    folders = _devset_folders(max_docs)
    total_docs = len(_devset_folders(None))
    docs = {}
    for f in folders:
        docs[f.name] = {code: lines_document(_lines(f / f"{code}.txt"), code) for code in ("en", *LANGS)}
    n_sent = sum(len(d["en"]) for d in docs.values())
    print(f"\n## UN development set: {len(folders)} of {total_docs} documents, {n_sent} sentences per language "
          f"(corpora/un-devset; gold = same line index)")
    # encode each language once, in large batches (the aligner then finds every vector in the cache)
    enc = {}
    for code in ("en", *LANGS):
        t1 = time.perf_counter()
        embedder.embed([t for d in docs.values() for t in d[code].texts])
        enc[code] = time.perf_counter() - t1
    print("encode (s): " + ", ".join(f"{c} {s:.1f}" for c, s in enc.items()))
    pairs = [(c, "en") for c in LANGS] + [("fr", "es")]
    print("| pair | docs | strict P | strict R | strict F1 | lax F1 | test beads | gold beads | align s |")
    print("|---|---|---|---|---|---|---|---|---|")
    out = {}
    for a, b in pairs:
        gold, test, errors = [], [], []
        t1 = time.perf_counter()
        for name, d in docs.items():
            al = align_documents(d[a], d[b], model=embedder)
            beads = [(list(x.src), list(x.tgt)) for x in al.beads]
            g = [([i], [i]) for i in range(len(d[a]))]
            gold.append(g)
            test.append(beads)
            wrong = [x for x in beads if not (len(x[0]) == 1 and x[0] == x[1])]
            if wrong:
                errors.append(f"{name}: {' '.join(f'{s}:{t}' for s, t in wrong)}")
        secs = time.perf_counter() - t1
        r = score(gold, test)
        s, lx = r["strict"], r["lax"]
        out[f"{a}-{b}"] = r
        print(f"| {a}-{b} | {r['documents']} | {s['precision']:.4f} | {s['recall']:.4f} | {s['f1']:.4f} | "
              f"{lx['f1']:.4f} | {r['test_beads']} | {r['gold_beads']} | {secs:.1f} |")
        for e in errors[:show]:
            print(f"    {a}-{b} not same-line 1-1: {e}")
        if len(errors) > show:
            print(f"    ... {len(errors) - show} more documents with errors")
    return out


# ------------------------------------------------------------------ UDHR
def bench_udhr(embedder, show: int) -> dict:
    print("\n## UDHR: each language aligned to English (corpora/udhr)")
    t0 = time.perf_counter()
    docs = {code: read_document(CORPORA / "udhr" / f"{code}.txt", code) for code in ("en", *LANGS)}
    multi = align_multiway(docs, pivot="en", pairs=[], model=embedder)
    secs = time.perf_counter() - t0
    print("| pair | links, same ids | articles (art1 on) | preamble | unlinked segments (articles / preamble) |")
    print("|---|---|---|---|---|")
    out = {}
    preamble_lines = []
    for code in LANGS:
        al = multi.alignments[code]
        first = [s.id for s in al.target.segments].index("art1")
        src_first = [s.id for s in al.source.segments].index("art1")
        counts = {"all": [0, 0], "art": [0, 0], "pre": [0, 0], "unlinked": [0, 0]}
        for b in al.beads:
            pre = (min(b.tgt) < first) if b.tgt else (min(b.src) < src_first)
            link = f"{'+'.join(al.src_ids(b)) or '-'} <-> {'+'.join(al.tgt_ids(b)) or '-'}"
            if not b.src or not b.tgt:
                counts["unlinked"][1 if pre else 0] += 1
                (preamble_lines.append(f"{code}: {link} (unlinked)") if pre
                 else print(f"    {code}: unlinked segment in the articles: {link}"))
                continue
            same = al.src_ids(b) == al.tgt_ids(b)
            part = "pre" if pre else "art"
            for k in ("all", part):
                counts[k][0] += same
                counts[k][1] += 1
            if pre:
                preamble_lines.append(f"{code}: {link}{'' if same else '  (ids differ)'}")
            elif not same:
                print(f"    {code}: article link with other ids: {link}")
        out[code] = counts
        cell = lambda k: f"{counts[k][0]}/{counts[k][1]} = {100 * counts[k][0] / max(counts[k][1], 1):.1f} %"  # noqa
        print(f"| {code}-en | {cell('all')} | {cell('art')} | {cell('pre')} | "
              f"{counts['unlinked'][0]} / {counts['unlinked'][1]} |")
    print("preamble links (the preambles differ by source; corpora/udhr/PROVENANCE.md):")
    for line in preamble_lines:
        print(f"    {line}")
    for w in multi.warnings:
        print(f"    warning: {w}")
    print(f"time: read, segment and 5 alignments {secs:.1f} s")
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--max-docs", type=int, default=None, help="first N documents of the development set")
    ap.add_argument("--only", default="sdg,devset,udhr", help="comma-separated parts to run")
    ap.add_argument("--show", type=int, default=5, help="errors listed per pair")
    args = ap.parse_args(argv)
    parts = set(args.only.split(","))
    start = time.perf_counter()
    cache = os.environ.get("TOOLKIT_CACHE_DIR", str(Path.home() / ".cache" / "un-align-toolkit"))
    print("# Multilingual alignment bench (bench/multilingual_bench.py)")
    print(f"started {datetime.now(UTC):%Y-%m-%d %H:%M:%S} UTC on {platform.node()}, "
          f"{os.cpu_count()} CPUs, Python {platform.python_version()}; load average at start: {_load()}")
    t0 = time.perf_counter()
    embedder = get_embedder(None)
    embedder.embed(["warm up"])
    print(f"encoder: {model_identity(embedder)} (loaded in {time.perf_counter() - t0:.1f} s); "
          f"embedding cache: {cache}")
    print(f"arguments: --max-docs {args.max_docs or 'all'} --only {args.only}")
    if "sdg" in parts:
        bench_sdg(embedder, args.show)
    if "devset" in parts:
        bench_devset(embedder, args.max_docs, args.show)
    if "udhr" in parts:
        bench_udhr(embedder, args.show)
    print(f"\ntotal {time.perf_counter() - start:.1f} s; load average at end: {_load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
