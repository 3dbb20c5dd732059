"""Glossary benchmark on the shipped UDHR and SDG pairs (issue 4 targets).

* recall: share of the hand-checked pairs of ``bench/glossary_gold.tsv`` that
  appear as an entry with exactly that counterpart (term or variant, case and
  apostrophe style ignored);
* precision: share of the 100 highest-confidence entries judged correct in
  ``bench/glossary_judgements.tsv`` (entries not judged yet are listed so
  that a person can judge them: ``--dump-unjudged``);
* time: glossary building (word alignment, pairing, embeddings) and term
  extraction, after the models are loaded.

Usage:  python bench/glossary_bench.py [--corpus udhr sdg] [--top 100] [--dump-unjudged FILE]
"""
from __future__ import annotations

import argparse
import csv
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GOLD = ROOT / "bench" / "glossary_gold.tsv"
JUDGEMENTS = ROOT / "bench" / "glossary_judgements.tsv"


def norm(s: str) -> str:
    return " ".join(s.replace("’", "'").replace("‐", "-").casefold().split())


def read_tsv(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def recall(glossary, gold: list[dict[str, str]]) -> tuple[float, list[tuple[str, str, str]]]:
    pairs = set()
    by_src: dict[str, list[str]] = {}
    for e in glossary.entries:
        for s in (e.src_term, *e.src_variants):
            for t in (e.tgt_term, *e.tgt_variants):
                pairs.add((norm(s), norm(t)))
            by_src.setdefault(norm(s), []).append(e.tgt_term)
    missed = []
    for g in gold:
        if (norm(g["fr"]), norm(g["en"])) not in pairs:
            missed.append((g["fr"], g["en"], " / ".join(by_src.get(norm(g["fr"]), [])) or "-"))
    return (1 - len(missed) / len(gold)) if gold else 0.0, missed


def precision(glossary, corpus: str, judged: dict[tuple[str, str, str], str], top: int):
    ok = wrong = 0
    unjudged = []
    for rank, e in enumerate(glossary.entries[:top], 1):
        j = judged.get((corpus, norm(e.src_term), norm(e.tgt_term)))
        if j is None:
            unjudged.append((rank, e))
        elif j == "ok":
            ok += 1
        else:
            wrong += 1
    n = ok + wrong
    return (ok / n if n else 0.0), ok, wrong, unjudged


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", nargs="+", default=["udhr", "sdg"])
    ap.add_argument("--top", type=int, default=100)
    ap.add_argument("--dump-unjudged", help="write the unjudged top entries to this TSV (for judging)")
    ap.add_argument("--show-missed", action="store_true")
    ap.add_argument("--no-embeddings", action="store_true")
    args = ap.parse_args(argv)

    from toolkit.align import align_documents
    from toolkit.embed import load_encoder
    from toolkit.glossary import build_glossary
    from toolkit.segment import read_document
    from toolkit.terms import extract_terms, load_spacy

    gold = read_tsv(GOLD)
    judged = {(r["corpus"], norm(r["fr"]), norm(r["en"])): r["judgement"].strip() for r in read_tsv(JUDGEMENTS)}
    t0 = time.perf_counter()
    encoder = load_encoder()
    nlp = {"fr": load_spacy("fr"), "en": load_spacy("en")}
    print(f"models loaded in {time.perf_counter() - t0:.1f} s (cpu count {os.cpu_count()}, load {os.getloadavg()[0]:.1f})")
    rows = []
    dump = []
    for corpus in args.corpus:
        src = read_document(ROOT / "corpora" / corpus / "fr.txt", "fr")
        tgt = read_document(ROOT / "corpora" / corpus / "en.txt", "en")
        t = time.perf_counter()
        alignment = align_documents(src, tgt, model=encoder)
        t_align = time.perf_counter() - t
        t = time.perf_counter()
        st = extract_terms(src, nlp["fr"])
        tt = extract_terms(tgt, nlp["en"])
        t_terms = time.perf_counter() - t
        t = time.perf_counter()
        g = build_glossary(alignment, model=encoder, src_terms=st, tgt_terms=tt,
                           use_embeddings=not args.no_embeddings)
        t_gloss = time.perf_counter() - t
        gold_c = [r for r in gold if r["corpus"] == corpus]
        rec, missed = recall(g, gold_c)
        prec, ok, wrong, unjudged = precision(g, corpus, judged, args.top)
        preferred = sum(1 for e in g.entries if e.status == "preferred")
        rows.append((corpus, len(alignment.beads), len(g), preferred, rec, len(gold_c), prec, ok, wrong,
                     len(unjudged), t_align, t_terms, t_gloss))
        if args.show_missed:
            for fr, en, got in missed:
                print(f"  missed [{corpus}] {fr} ↔ {en}   (got: {got})")
        for rank, e in unjudged:
            dump.append((corpus, rank, e))
    print()
    print("| corpus | pairs | entries | preferred | recall (gold) | precision top-%d | unjudged | align s | terms s | glossary s |" % args.top)
    print("|---|---|---|---|---|---|---|---|---|---|")
    for (corpus, beads, n, pref, rec, ngold, prec, ok, wrong, unj, ta, tt_, tg) in rows:
        print(f"| {corpus} | {beads} | {n} | {pref} | {rec:.1%} of {ngold} | {prec:.1%} ({ok}/{ok + wrong}) | {unj} | "
              f"{ta:.1f} | {tt_:.1f} | {tg:.1f} |")
    if args.dump_unjudged:
        with open(args.dump_unjudged, "w", encoding="utf-8") as fh:
            fh.write("corpus\trank\tfr\ten\tconfidence\tjudgement\tnote\n")
            for corpus, rank, e in dump:
                fh.write(f"{corpus}\t{rank}\t{e.src_term}\t{e.tgt_term}\t{e.confidence:.3f}\t\t\n")
        print(f"\n{len(dump)} unjudged entries written to {args.dump_unjudged}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
