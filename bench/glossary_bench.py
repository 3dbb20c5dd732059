"""Glossary benchmark on the shipped UDHR and SDG pairs (issue 12 targets).

* precision: share of the 100 highest-confidence *terms* (the entries the TBX holds by
  default) judged ``ok`` in ``bench/glossary_judgements.tsv`` under the rule written at its
  top (a general word that translates word for word is not a term);
* pairing errors: share of the 500 highest-confidence entries of every class whose
  counterpart is wrong, judged in ``bench/glossary_pairing.tsv``;
* recall: share of the hand-checked pairs of ``bench/glossary_gold.tsv`` that appear as an
  entry with exactly that counterpart (any term of the concept or a variant; case and
  apostrophe style ignored), over all entries and over the terms alone;
* time: the SDG glossary from the command line with an empty embedding cache (``--cli-time``).

Judging is blind to the system's ranking: ``--dump-unjudged FILE`` writes the entries that
need a judgement in a shuffled order, without rank or confidence; a person (or a separate
judge) fills in the ``judgement`` column and the rows are appended to the judgement file.

Usage:  python bench/glossary_bench.py [--corpus udhr sdg] [--top 100] [--pairing-top 500]
                                      [--dump-unjudged FILE] [--show-missed] [--cli-time]
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
PAIRING = ROOT / "bench" / "glossary_pairing.tsv"


def norm(s: str) -> str:
    return " ".join(s.replace("’", "'").replace("‐", "-").casefold().split())


def read_tsv(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def entry_pairs(e) -> set[tuple[str, str]]:
    from toolkit.model import entry_forms

    return {(norm(a), norm(b)) for a in entry_forms(e, "src") for b in entry_forms(e, "tgt")}


def recall(entries, gold: list[dict[str, str]]) -> tuple[float, list[tuple[str, str, str]]]:
    pairs = set()
    by_src: dict[str, list[str]] = {}
    for e in entries:
        pairs |= entry_pairs(e)
        for s in (e.src_term, *e.src_variants):
            by_src.setdefault(norm(s), []).append(e.tgt_term)
    missed = []
    for g in gold:
        if (norm(g["fr"]), norm(g["en"])) not in pairs:
            missed.append((g["fr"], g["en"], " / ".join(by_src.get(norm(g["fr"]), [])) or "-"))
    return (1 - len(missed) / len(gold)) if gold else 0.0, missed


def judge(entries, corpus: str, judged: dict[tuple[str, str, str], str], good: str):
    """(share judged ``good``, good, other, unjudged entries) over ``entries``."""
    ok = wrong = 0
    unjudged = []
    for e in entries:
        j = judged.get((corpus, norm(e.src_term), norm(e.tgt_term)))
        if j is None:
            unjudged.append(e)
        elif j == good:
            ok += 1
        else:
            wrong += 1
    n = ok + wrong
    return (ok / n if n else 0.0), ok, wrong, unjudged


def load_judgements(path: Path) -> dict[tuple[str, str, str], str]:
    return {(r["corpus"], norm(r["fr"]), norm(r["en"])): r["judgement"].strip()
            for r in read_tsv(path) if r.get("judgement", "").strip()}


def cli_time(corpus: str) -> float:
    """Seconds for ``toolkit glossary`` on a shipped pair, from a new process, empty embedding cache."""
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, TOOLKIT_CACHE_DIR=tmp, TOOLKIT_PROGRESS="0")
        out = Path(tmp) / "g.tbx"
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "toolkit", "glossary", str(ROOT / "corpora" / corpus / "fr.txt"),
                        str(ROOT / "corpora" / corpus / "en.txt"), "--src-lang", "fr", "--tgt-lang", "en",
                        "-o", str(out)], check=True, env=env, capture_output=True)
        return time.perf_counter() - t


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", nargs="+", default=["udhr", "sdg"])
    ap.add_argument("--top", type=int, default=100)
    ap.add_argument("--pairing-top", type=int, default=500)
    ap.add_argument("--dump-unjudged", help="write the entries that need a judgement, shuffled, to this TSV")
    ap.add_argument("--show-missed", action="store_true")
    ap.add_argument("--no-embeddings", action="store_true")
    ap.add_argument("--cli-time", action="store_true", help="also time the SDG glossary from the command line")
    args = ap.parse_args(argv)

    import random

    from toolkit.embed import load_encoder
    from toolkit.model import TERM
    from toolkit.pipeline import run_documents
    from toolkit.segment import read_document
    from toolkit.terms import load_spacy

    gold = read_tsv(GOLD)
    judged = load_judgements(JUDGEMENTS)
    pairing = load_judgements(PAIRING)
    t0 = time.perf_counter()
    encoder = load_encoder()
    nlp = {"fr": load_spacy("fr"), "en": load_spacy("en")}
    print(f"data: corpora/{{{','.join(args.corpus)}}}/{{fr,en}}.txt; judgements {JUDGEMENTS.name} "
          f"({len(judged)}), {PAIRING.name} ({len(pairing)}); gold {GOLD.name} ({len(gold)})")
    print(f"models loaded in {time.perf_counter() - t0:.1f} s (cpu count {os.cpu_count()}, "
          f"load {os.getloadavg()[0]:.1f})")
    rows = []
    dump = []
    for corpus in args.corpus:
        src = read_document(ROOT / "corpora" / corpus / "fr.txt", "fr")
        tgt = read_document(ROOT / "corpora" / corpus / "en.txt", "en")
        result = run_documents(src, tgt, model=encoder, nlp_src=nlp["fr"], nlp_tgt=nlp["en"],
                               use_embeddings=not args.no_embeddings)
        g, tm = result.glossary, result.timings
        terms = g.of_class(TERM)
        gold_c = [r for r in gold if r["corpus"] == corpus]
        rec, missed = recall(g.entries, gold_c)
        rec_terms, _ = recall(terms, gold_c)
        prec, ok, wrong, unj_p = judge(terms[: args.top], corpus, judged, "ok")
        perr, good, bad, unj_q = judge(g.entries[: args.pairing_top], corpus, pairing, "ok")
        classes = {c: len(g.of_class(c)) for c in ("term", "vocabulary", "candidate")}
        rows.append((corpus, len(result.alignment.beads), len(g), classes, rec, rec_terms, len(gold_c), prec, ok,
                     wrong, len(unj_p), bad, good + bad, len(unj_q), tm))
        if args.show_missed:
            for fr, en, got in missed:
                print(f"  missed [{corpus}] {fr} ↔ {en}   (got: {got})")
        for e in unj_p:
            dump.append((corpus, "term", e))
        for e in unj_q:
            dump.append((corpus, "pairing", e))
    print()
    print(f"| corpus | pairs | entries (term / vocabulary / candidate) | recall on gold: all / terms | "
          f"precision top-{args.top} terms | pairing errors top-{args.pairing_top} | unjudged | "
          f"align s | terms s | glossary s |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for (corpus, beads, n, cl, rec, rec_t, ngold, prec, ok, wrong, unj, bad, nq, unjq, tm) in rows:
        print(f"| {corpus} | {beads} | {n} ({cl['term']} / {cl['vocabulary']} / {cl['candidate']}) | "
              f"{rec:.1%} / {rec_t:.1%} of {ngold} | {prec:.1%} ({ok}/{ok + wrong}) | "
              f"{(bad / nq if nq else 0):.1%} ({bad}/{nq}) | {unj} + {unjq} | {tm.get('align', 0):.1f} | "
              f"{tm.get('terms', 0):.1f} | {tm.get('glossary', 0):.1f} |")
    if args.cli_time:
        print(f"\nSDG glossary from the command line, empty embedding cache: {cli_time('sdg'):.1f} s "
              f"(load {os.getloadavg()[0]:.1f})")
    if args.dump_unjudged:
        random.Random(12).shuffle(dump)
        with open(args.dump_unjudged, "w", encoding="utf-8") as fh:
            fh.write("question\tcorpus\tfr\ten\tcontext_fr\tcontext_en\tjudgement\tnote\n")
            for corpus, question, e in dump:
                cs = (e.context_src.sentence if e.context_src else "").replace("\t", " ")
                ct = (e.context_tgt.sentence if e.context_tgt else "").replace("\t", " ")
                fh.write(f"{question}\t{corpus}\t{e.src_term}\t{e.tgt_term}\t{cs}\t{ct}\t\t\n")
        print(f"\n{len(dump)} entries to judge written to {args.dump_unjudged} (shuffled; no rank or confidence)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
