"""Termbase benchmark: suggestions (leave-one-out, seed gold) and the consistency check.

1. **Leave-one-out on the UN devset** (``corpora/un-devset``): for every
   document D, the termbase is the merge of every other document's glossary
   (the UDHR and the SDG included) - the per-document glossaries come from
   one batch run (``toolkit.termbase.run_termbase_batch``, resumable in
   ``--work``); suggestions are made for D's French side and scored against
   D's own English: a suggestion is correct when the suggested English term
   occurs (inflection folded) in the English line parallel to a line where
   the French term occurs (the devset is sentence-aligned by construction).
   A composed suggestion is correct when every part's English occurs.
   Precision = correct / suggested, coverage = suggested / terms, over the
   documents with at least 5 terms (micro-averaged).
2. **Seed gold** (``bench/seed_suggestion_gold.tsv``: fr, en, source; read if
   present): with the full termbase, the share of gold terms whose first
   suggestion is the gold English, and the number of wrong first suggestions.
3. **Consistency check** on the SDG pair: 20 English terms replaced by wrong
   synonyms (the fixed list :data:`SYNONYMS`, each placed in the first
   segment pair where its French term is checked and it occurs once, one per
   segment); hits = flags at a replaced term, false alarms = every other flag.

Usage:  python bench/termbase_bench.py [--work DIR] [--workers N] [--skip-loo] [--skip-check]
"""
from __future__ import annotations

import argparse
import csv
import dataclasses
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEED_GOLD = ROOT / "bench" / "seed_suggestion_gold.tsv"
# Documents with fewer term candidates are left out of the leave-one-out scores (the rule).
MIN_TERMS = 5
# English SDG terms the check covers (CheckIndex) and a wrong synonym for each, in the order they
# are tried (the first 20 that can be placed are used).
SYNONYMS = [
    ("developing countries", "emerging nations"),
    ("sustainable development", "durable growth"),
    ("gender equality", "sex parity"),
    ("international cooperation", "global collaboration"),
    ("Sustainable Development Goals", "Durable Growth Targets"),
    ("natural resources", "nature assets"),
    ("human settlements", "people camps"),
    ("climate change", "weather variation"),
    ("financial resources", "monetary assets"),
    ("disaster risk reduction", "calamity hazard lowering"),
    ("risk reduction", "hazard lowering"),
    ("empowerment of women", "emancipation of ladies"),
    ("international organizations", "global bodies"),
    ("sustainable forest management", "durable woodland stewardship"),
    ("human rights", "human entitlements"),
    ("forms of discrimination", "kinds of bias"),
    ("Beijing Platform for Action", "Beijing Action Plan"),
    ("outcome document", "result paper"),
    ("Review Conference", "Revision Meeting"),
    ("disaster risk", "calamity danger"),
    ("rule of law", "legal order"),
    ("organized crime", "gang activity"),
    ("civil society", "citizen groups"),
    ("action plan", "activity scheme"),
    ("competent authority", "capable office"),
]
N_REPLACED = 20


def log(msg: str) -> None:
    print(msg, flush=True)


# --------------------------------------------------------------------------- per-document glossaries


def per_document_glossaries(work: Path, workers: int | None):
    from toolkit.termbase import run_termbase_batch, termbase_pairs

    pairs = termbase_pairs()
    t0 = time.perf_counter()
    glossaries, failed, result = run_termbase_batch(pairs, work, workers=workers, progress=False)
    log(f"batch: {len(pairs)} pairs, {len(glossaries)} glossaries, {len(failed)} failed "
        f"({Counter(_reason(v) for v in failed.values()).most_common(2)}), {time.perf_counter() - t0:.0f} s "
        f"({result.cluster})")
    return pairs, glossaries, failed


def _reason(error: str) -> str:
    return re.sub(r"\d+", "N", error)[:60]


# --------------------------------------------------------------------------- leave-one-out


def _occurs(key: tuple[str, ...], toks: list[str]) -> bool:
    n = len(key)
    return n > 0 and any(tuple(toks[i:i + n]) == key for i in range(len(toks) - n + 1))


def score_suggestion(s, en_lines: list[list[str]]) -> bool:
    """Correct when the suggested English occurs in an English line parallel to a French occurrence."""
    from toolkit.suggest import COMPOSE, fold_tokens

    lines = [int(o.segment_id[1:]) - 1 for o in s.term.occurrences if o.segment_id.startswith("s")]
    if s.match == COMPOSE:
        keys = [fold_tokens(p.counterpart.entry.tgt_term) for p in s.parts]
    else:
        keys = [fold_tokens(s.counterparts[0].entry.tgt_term)]
    return any(all(_occurs(k, en_lines[i]) for k in keys) for i in lines if 0 <= i < len(en_lines))


def _features(s, cp=None) -> dict:
    from toolkit.suggest import content_count, fold_tokens

    src = fold_tokens(s.term.text)
    row = {"term": s.term.text, "match": s.match, "src_words": content_count(src, "fr"), "freq": s.term.freq}
    if cp is not None:
        e = cp.entry
        row.update({"target": e.tgt_term, "documents": e.documents, "confidence": e.confidence,
                    "tgt_words": content_count(fold_tokens(e.tgt_term), "en"),
                    **{k: e.evidence.get(k, "") for k in ("cosine", "wordalign", "dice", "length", "cooc", "pairs_src")}})
    else:
        parts = [p.counterpart.entry for p in s.parts]
        row.update({"target": s.target, "documents": min(e.documents for e in parts),
                    "confidence": min(e.confidence for e in parts), "coverage": s.coverage, "parts": len(parts)})
    return row


def leave_one_out(pairs, glossaries, *, show: int = 0, dump: Path | None = None):
    from toolkit.segment import read_document
    from toolkit.suggest import COMPOSE, EXACT, LEMMA, NONE, TermbaseIndex, fold_tokens, suggest_terms
    from toolkit.termbase import merge_termbase
    from toolkit.terms import extract_terms
    from toolkit.errors import InputError

    devset = [p for p in pairs if p.input_format == "lines" and p.id in glossaries]
    # Each entry's source words (folded): only entries whose words all occur in D can be suggested
    # for D (whole or as a part), so the termbase without D is merged from those alone - the same
    # result for D as merging everything, in a fraction of the time.
    words_of = {d: [(e, [frozenset(fold_tokens(f)) for f in (e.src_term, *e.src_variants)]) for e in g.entries]
                for d, g in glossaries.items()}
    totals = Counter()
    per_kind = Counter()
    examples = []
    t0 = time.perf_counter()
    docs_scored = 0
    dumped: list[dict] = []
    for pair in devset:
        fr = read_document(pair.source, "fr", input_format="lines")
        try:
            terms = extract_terms(fr)
        except InputError:
            continue
        if len(terms) < MIN_TERMS:
            continue
        en = read_document(pair.target, "en", input_format="lines")
        en_lines = [list(fold_tokens(s.text)) for s in en.segments]
        vocab = set(fold_tokens(" ".join(fr.texts)))
        others = [dataclasses.replace(g, entries=[e for e, forms in words_of[d] if any(w and w <= vocab for w in forms)])
                  for d, g in glossaries.items() if d != pair.id]
        termbase = merge_termbase(others, src_lang="fr", tgt_lang="en")
        suggestions = suggest_terms(terms, TermbaseIndex(termbase))
        docs_scored += 1
        for s in suggestions:
            totals["terms"] += 1
            per_kind[(s.match, "n")] += 1
            if s.match == NONE:
                continue
            totals["suggested"] += 1
            ok = score_suggestion(s, en_lines)
            if dump is not None:
                if s.match == COMPOSE:
                    dumped.append({"doc": pair.id, "rank": 1, "correct": int(ok), **_features(s)})
                else:
                    for rank, cp in enumerate(s.counterparts, 1):
                        one = dataclasses.replace(s, counterparts=[cp])
                        dumped.append({"doc": pair.id, "rank": rank, "correct": int(score_suggestion(one, en_lines)),
                                       **_features(s, cp)})
            totals["correct"] += ok
            per_kind[(s.match, "correct")] += ok
            if show and len(examples) < show and not ok:
                examples.append((pair.id, s.term.text, s.target, s.match))
    seconds = time.perf_counter() - t0
    if dump is not None:
        import pandas as pd

        pd.DataFrame(dumped).to_csv(dump, sep="\t", index=False)
    res = {"documents": docs_scored, **totals,
           "precision": totals["correct"] / totals["suggested"] if totals["suggested"] else 0.0,
           "coverage": totals["suggested"] / totals["terms"] if totals["terms"] else 0.0, "seconds": round(seconds, 1)}
    for kind in (EXACT, LEMMA, COMPOSE):
        n = per_kind[(kind, "n")]
        res[f"{kind}_n"] = n
        res[f"{kind}_precision"] = per_kind[(kind, "correct")] / n if n else 0.0
    attested = per_kind[(EXACT, "n")] + per_kind[(LEMMA, "n")]
    res["attested_precision"] = ((per_kind[(EXACT, "correct")] + per_kind[(LEMMA, "correct")]) / attested
                                 if attested else 0.0)
    res["attested_coverage"] = attested / totals["terms"] if totals["terms"] else 0.0
    log(f"leave-one-out: {docs_scored} documents with >= {MIN_TERMS} terms, {totals['terms']} terms, "
        f"{totals['suggested']} suggested: precision {res['precision']:.3f}, coverage {res['coverage']:.3f} "
        f"(exact {res['exact_n']} @ {res['exact_precision']:.3f}, lemma {res['lemma_n']} @ {res['lemma_precision']:.3f}, "
        f"composed {res['composed_n']} @ {res['composed_precision']:.3f}; attested only (exact + lemma): "
        f"precision {res['attested_precision']:.3f}, coverage {res['attested_coverage']:.3f}; {seconds:.0f} s)")
    for ex in examples:
        log(f"  wrong: {ex[0]}: {ex[1]} -> {ex[2]} ({ex[3]})")
    return res


# --------------------------------------------------------------------------- seed gold


def read_gold(path: Path) -> list[dict[str, str]]:
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    return [r for r in csv.DictReader(lines, delimiter="\t") if (r.get("fr") or "").strip()]


def seed_gold(termbase):
    from toolkit.model import Term
    from toolkit.segment import read_document
    from toolkit.suggest import COMPOSE, TermbaseIndex, suggest_terms, surface_key
    from toolkit.terms import extract_terms

    if not SEED_GOLD.exists():
        log(f"seed gold: {SEED_GOLD.relative_to(ROOT)} not present, skipped")
        return None
    gold = read_gold(SEED_GOLD)
    doc = read_document(ROOT / "corpora" / "A-RES-68-192" / "fr.txt", "fr")
    terms = extract_terms(doc)
    by_form = {}
    for t in terms:
        for f in (t.text, *t.variants):
            by_form.setdefault(surface_key(f), t)
    index = TermbaseIndex(termbase)
    right = wrong = none = candidates = shown = composed_wrong = 0
    rows = []
    for g in gold:
        t = by_form.get(surface_key(g["fr"]))
        candidates += t is not None
        t = t or Term(text=g["fr"].strip(), lemma="", language="fr")
        s = suggest_terms([t], index)[0]
        # the gold English may list accepted alternatives separated by "|"; a suggestion is right
        # when it is one of them as written (case, apostrophes and spacing aside, as the gold's rule)
        accepted = {surface_key(a) for a in g["en"].split("|") if a.strip()}
        if not s.suggested:
            none += 1
            verdict = "none"
        elif surface_key(s.target) in accepted:
            right += 1
            verdict = "right"
        else:
            wrong += 1
            verdict = "wrong"
        shown += verdict == "right" or any(surface_key(c.entry.tgt_term) in accepted for c in s.counterparts)
        composed_wrong += verdict == "wrong" and s.match == COMPOSE
        rows.append((g["fr"], g["en"], s.target, s.match, verdict))
    n = len(gold)
    log(f"seed gold: {n} terms ({candidates} among the candidates): right first suggestion {right}/{n} = "
        f"{right / n if n else 0:.3f}, wrong {wrong} ({composed_wrong} of them composed, i.e. marked as not attested), "
        f"none {none}; right among the counterparts shown {shown}/{n}")
    for r in rows:
        if r[4] != "right":
            log(f"  {r[4]}: {r[0]} -> {r[2] or '-'} ({r[3]}; gold {r[1]})")
    return {"terms": n, "right": right, "wrong": wrong, "wrong_composed": composed_wrong, "none": none,
            "share": right / n if n else 0.0, "right_among_shown": shown}


# --------------------------------------------------------------------------- consistency check


def consistency_check(termbase):
    from toolkit.check import CheckIndex, check_documents
    from toolkit.embed import load_encoder
    from toolkit.segment import read_document
    from toolkit.suggest import fold_tokens

    encoder = load_encoder()
    src = read_document(ROOT / "corpora" / "sdg" / "fr.txt", "fr")
    tgt = read_document(ROOT / "corpora" / "sdg" / "en.txt", "en")
    index = CheckIndex(termbase)
    clean = check_documents(src, tgt, termbase, model=encoder)
    align = clean.alignment
    log(f"check, clean SDG pair: {len(clean.flags)} flags over {clean.segments} linked segments "
        f"({len(index)} termbase terms checked)")
    # Place the replacements: first bead where the French term is checked, its English occurs once
    # and is the only known rendering present.
    replaced = []     # (segment id of the target, fr key, en, synonym)
    used_segments: set[str] = set()
    texts = {s.id: s.text for s in tgt.segments}
    for en_term, synonym in SYNONYMS:
        if len(replaced) == N_REPLACED:
            break
        en_key = fold_tokens(en_term)
        for bead in align.beads:
            if bead.is_null or len(bead.tgt) != 1:
                continue
            seg = tgt.segments[bead.tgt[0]]
            if seg.id in used_segments:
                continue
            found = [k for k in index.find(align.src_text(bead)) if en_key in index.known[k].targets]
            if not found:
                continue
            hits = list(re.finditer(re.escape(en_term), seg.text, flags=re.I))
            present = [t for t in index.known[found[0]].targets if _occurs(t, list(fold_tokens(seg.text)))]
            if len(hits) != 1 or present != [en_key]:
                continue
            m = hits[0]
            texts[seg.id] = seg.text[:m.start()] + synonym + seg.text[m.end():]
            used_segments.add(seg.id)
            replaced.append((seg.id, found[0], en_term, synonym))
            break
    modified = dataclasses.replace(tgt, segments=[dataclasses.replace(s, text=texts[s.id]) for s in tgt.segments],
                                   checksum=None)
    result = check_documents(src, modified, termbase, model=encoder)
    wanted = {(sid, key) for sid, key, _, _ in replaced}
    hits = set()
    false_alarms = []
    for f in result.flags:
        key = tuple(fold_tokens(f.source_term))
        keys = {k for k in index.checked if index.known[k].source_term == f.source_term}
        match = [(sid, k) for sid in f.tgt_ids for k in keys | {key} if (sid, k) in wanted]
        if match:
            hits.update(match)
        else:
            false_alarms.append(f)
    replaced_segments = {sid for sid, _, _, _ in replaced}
    elsewhere = [f for f in false_alarms if not replaced_segments & set(f.tgt_ids)]
    log(f"check, {len(replaced)} terms replaced by wrong synonyms: found {len(hits)}/{len(replaced)}, "
        f"{len(false_alarms)} false alarms ({len(elsewhere)} in segments left as they were; {len(result.flags)} flags)")
    for sid, key, en_term, syn in replaced:
        if (sid, key) not in hits:
            log(f"  missed: {sid}: {en_term} -> {syn}")
    for f in false_alarms[:10]:
        log(f"  false alarm: [{' '.join(f.tgt_ids)}] {f.source_term} (expected {' | '.join(f.expected[:3])})")
    return {"replaced": len(replaced), "found": len(hits), "false_alarms": len(false_alarms),
            "false_alarms_in_unchanged_segments": len(elsewhere),
            "clean_flags": len(clean.flags), "checked_terms": len(index), "segments": clean.segments}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--work", type=Path, default=None, help="batch outputs folder (kept; resumable)")
    ap.add_argument("--workers", type=int, default=None, help="local batch workers (default: one per core)")
    ap.add_argument("--skip-loo", action="store_true")
    ap.add_argument("--skip-check", action="store_true")
    ap.add_argument("--show-wrong", type=int, default=0, help="print N wrong leave-one-out suggestions")
    ap.add_argument("--json", type=Path, help="write the results as JSON")
    ap.add_argument("--dump", type=Path, help="write every leave-one-out counterpart with its features (TSV)")
    args = ap.parse_args(argv)
    from toolkit.termbase import default_work_dir, merge_termbase, select_for_shipping

    work = args.work or default_work_dir()
    pairs, glossaries, _ = per_document_glossaries(work, args.workers)
    results = {}
    if not args.skip_loo:
        results["leave_one_out"] = leave_one_out(pairs, glossaries, show=args.show_wrong, dump=args.dump)
    full = merge_termbase(list(glossaries.values()), src_lang="fr", tgt_lang="en")
    termbase = select_for_shipping(full)      # what glossaries/ ships
    log(f"termbase: {len(full)} concepts, {len(termbase)} shipped")
    results["seed_gold"] = seed_gold(termbase)
    if not args.skip_check:
        results["check"] = consistency_check(termbase)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
