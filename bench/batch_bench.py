"""Benchmark of `toolkit batch`: one process vs Dask local clusters.

Builds a synthetic manifest of N pairs from real data:

* the SDG corpus shipped in corpora/sdg, one pair per goal (17 pairs, the goal
  line with all its targets and indicators, UN plain-text layout);
* the UN Parallel Corpus v1.0 dev set (../shared/data), split by document
  symbol from its ``.ids`` file, one sentence per line (``format=lines``) with
  its 1-1 gold beads, so the batch also evaluates every UN pair.

Each configuration runs in a fresh Python process with an empty embedding
cache (so every run encodes everything), and prints pairs/s, sentences/s
(sentences of both sides, counted with toolkit.sentences) and the share of
the summed per-pair time spent reading, encoding, aligning, extracting terms,
pairing the glossary and writing.  ``local-warm`` re-runs the default cluster
on the cache the ``local`` run filled: the cost of a re-run.

    python bench/batch_bench.py --pairs 60                      # serial, 1 worker, local cluster
    python bench/batch_bench.py --pairs 60 --configs serial,local,local-1x2,local-warm
"""
from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "corpora"))
from build_corpora import goal_blocks  # noqa: E402  (the SDG layout lives with its builder)
SHARED = Path(os.environ.get("TOOLKIT_SHARED_DATA", ROOT.parent / "shared" / "data"))
DEVSET = SHARED / "un-parallel-corpus-v1.0" / "devset"

# name -> (workers, threads per worker, BLAS threads per encode);
# workers 0 = this process, no Dask; BLAS None = the encoder's default (all cores).
CONFIGS = {
    "serial": (0, None, None),          # one process, as `toolkit run` does it
    "serial-1t": (0, None, 1),          # one process, single-threaded BLAS everywhere (as in the workers)
    "local-1": (1, 1, None),            # a local cluster of 1 worker (batch default: 1 BLAS thread)
    "local": (None, None, None),        # the default: one single-threaded worker per core
    "local-1x2": (1, 2, None),          # 1 worker, 2 threads
    "local-warm": (None, None, None),   # default cluster again, on the cache `local` filled
}


def devset_documents() -> list[tuple[str, list[str], list[str]]]:
    """(symbol, fr sentences, en sentences) per document of the dev set, in reading order."""
    ids = (DEVSET / "UNv1.0.devset.ids").read_text(encoding="utf-8").splitlines()
    en = (DEVSET / "UNv1.0.devset.en").read_text(encoding="utf-8").splitlines()
    fr = (DEVSET / "UNv1.0.devset.fr").read_text(encoding="utf-8").splitlines()
    docs: dict[str, list[tuple[tuple[int, int], str, str]]] = defaultdict(list)
    for line, e, f in zip(ids, en, fr):
        symbol, *langs = line.split()
        pos = dict(x.split(":", 1) for x in langs)["en"]
        para, sent = (int(x) for x in pos.split(":"))
        docs[symbol].append(((para, sent), f, e))
    out = []
    for symbol, rows in docs.items():
        rows.sort(key=lambda r: r[0])
        out.append((symbol, [r[1] for r in rows], [r[2] for r in rows]))
    return out


def prepare(workdir: Path, n_pairs: int, min_sentences: int) -> tuple[Path, int]:
    """Write the pairs and the manifest; return (manifest, total sentences of both sides)."""
    from toolkit.batch import Pair, write_manifest
    from toolkit.sentences import split_sentences

    pairs, sentences = [], 0
    en = goal_blocks((ROOT / "corpora" / "sdg" / "en.txt").read_text(encoding="utf-8"), "en")
    fr = goal_blocks((ROOT / "corpora" / "sdg" / "fr.txt").read_text(encoding="utf-8"), "fr")
    for goal in sorted(en)[:n_pairs]:
        folder = workdir / "pairs" / f"sdg-goal-{goal:02d}"
        folder.mkdir(parents=True)
        for lang, blocks in (("fr", fr), ("en", en)):
            (folder / f"{lang}.txt").write_text("\n\n".join(blocks[goal]) + "\n", encoding="utf-8")
            sentences += sum(len(split_sentences(" ".join(b.split()), lang)) for b in blocks[goal])
        pairs.append(Pair(folder.name, str(folder / "fr.txt"), str(folder / "en.txt"), "fr", "en"))
    if len(pairs) < n_pairs:
        if not DEVSET.is_dir():
            sys.exit(f"shared data not found at {DEVSET}: set TOOLKIT_SHARED_DATA or use --pairs 17")
        docs = [d for d in devset_documents() if len(d[1]) >= min_sentences]
        docs.sort(key=lambda d: (-len(d[1]), d[0]))
        for symbol, fr_lines, en_lines in docs[: n_pairs - len(pairs)]:
            name = "un-" + re.sub(r"[^A-Za-z0-9]+", "-", symbol).strip("-")
            folder = workdir / "pairs" / name
            folder.mkdir(parents=True)
            (folder / "fr.txt").write_text("\n".join(fr_lines) + "\n", encoding="utf-8")
            (folder / "en.txt").write_text("\n".join(en_lines) + "\n", encoding="utf-8")
            (folder / "gold.txt").write_text("".join(f"[{i}]:[{i}]\n" for i in range(len(fr_lines))),
                                             encoding="utf-8")
            sentences += len(fr_lines) + len(en_lines)
            pairs.append(Pair(name, str(folder / "fr.txt"), str(folder / "en.txt"), "fr", "en",
                              gold=str(folder / "gold.txt"), input_format="lines"))
    return write_manifest(pairs, workdir / "manifest.tsv"), sentences


def code_hash() -> str:
    """Hash of the toolkit sources: other engineers edit them while benchmarks run."""
    import hashlib

    h = hashlib.sha256()
    for p in sorted((ROOT / "toolkit").rglob("*.py")):
        h.update(p.read_bytes())
    return h.hexdigest()[:12]


def run_one(config: str, manifest: Path, outdir: Path) -> dict:
    """One configuration, in this (fresh) process; returns the measurements."""
    from toolkit.batch import STAGES, read_manifest, run_batch

    workers, threads, blas = CONFIGS[config]
    pairs = read_manifest(manifest)
    t0, epoch0 = time.perf_counter(), time.time()
    result = run_batch(pairs, outdir, workers=workers, threads_per_worker=threads, progress=False, force=True,
                       encoder_threads=blas)
    wall = time.perf_counter() - t0
    stages = dict.fromkeys(STAGES, 0.0)
    f1 = []
    for r in result.records:
        for k, v in r.timings.items():
            stages[k] = stages.get(k, 0.0) + v
        if r.evaluation:
            f1.append(r.evaluation["strict"]["f1"])
    return {
        "config": config, "cluster": result.cluster, "wall": wall, "counts": result.counts(),
        "stages": stages, "task_seconds": sum(r.seconds for r in result.records),
        "encoded": sum(r.encoded for r in result.records),
        "segments": sum((r.src_segments or 0) + (r.tgt_segments or 0) for r in result.records),
        "workers_seen": len({r.worker for r in result.records if r.worker}),
        "model_loads": max((r.model_loads for r in result.records), default=0),
        "mean_strict_f1_un": (sum(f1) / len(f1)) if f1 else None,
        # start-up: until the first pair starts (cluster, workers, models); tail: after the last one starts
        "startup": min(r.started for r in result.records if r.started) - epoch0,
        "last_start": max(r.started for r in result.records if r.started) - epoch0,
        "errors": [f"{r.id}: {r.error}" for r in result.failed][:5],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pairs", type=int, default=60, help="number of pairs (17 SDG goals, then UN dev-set documents)")
    ap.add_argument("--min-sentences", type=int, default=6, help="smallest UN document kept")
    ap.add_argument("--configs", default="serial,serial-1t,local-1,local,local-warm",
                    help=f"comma-separated, from {', '.join(CONFIGS)}")
    ap.add_argument("--workdir", type=Path, help="keep inputs and outputs here (default: a temp folder)")
    ap.add_argument("--json", type=Path, help="also write the measurements as JSON")
    ap.add_argument("--repeat", type=int, default=1,
                    help="run the configurations this many rounds, interleaved (the machine is shared: "
                         "interleaving spreads the other users' load over all configurations)")
    ap.add_argument("--run", help=argparse.SUPPRESS)
    ap.add_argument("--manifest", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.run:  # child process: one configuration
        print("RESULT " + json.dumps(run_one(args.run, args.manifest, args.out)))
        return

    configs = [c.strip() for c in args.configs.split(",") if c.strip()]
    unknown = [c for c in configs if c not in CONFIGS]
    if unknown:
        sys.exit(f"unknown config(s): {', '.join(unknown)}")
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="batch-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    manifest, sentences = prepare(workdir, args.pairs, args.min_sentences)
    print(f"{args.pairs} pairs, {sentences} sentences (both sides), cores: {os.cpu_count()}, "
          f"load average before: {os.getloadavg()[0]:.2f}", flush=True)
    results = []
    for config in [c for _ in range(args.repeat) for c in configs]:
        cache = workdir / ("cache-local" if config in ("local", "local-warm") else f"cache-{config}")
        if config != "local-warm" and cache.exists():
            shutil.rmtree(cache)
        env = {**os.environ, "TOOLKIT_CACHE_DIR": str(cache)}
        if config == "serial-1t":   # what Dask's nanny sets for its workers
            env.update(OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
        cmd = [sys.executable, __file__, "--run", config, "--manifest", str(manifest),
               "--out", str(workdir / f"out-{config}")]
        load = os.getloadavg()[0]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        line = next((x for x in proc.stdout.splitlines() if x.startswith("RESULT ")), None)
        if proc.returncode or line is None:
            print(f"{config}: failed\n{proc.stderr[-3000:]}", file=sys.stderr)
            continue
        r = json.loads(line[7:])
        r["load_before"] = load
        # CPU seconds of the run and of the processes it waited for (spawned workers; not the
        # forkserver-forked workers of a local cluster, which it does not reap: see RESULTS.md)
        r["cpu"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        r["code"] = code_hash()
        r["pairs_per_s"] = args.pairs / r["wall"]
        r["sentences_per_s"] = sentences / r["wall"]
        results.append(r)
        total = sum(r["stages"].values()) or 1.0
        shares = "  ".join(f"{k} {100 * v / total:.0f}%" for k, v in r["stages"].items() if v)
        f1 = f"  UN strict F1 {r['mean_strict_f1_un']:.3f}" if r["mean_strict_f1_un"] is not None else ""
        print(f"{config:11s} {r['cluster']:34s} wall {r['wall']:7.1f}s  {r['pairs_per_s']:6.2f} pairs/s  "
              f"{r['sentences_per_s']:7.1f} sentences/s  encoded {r['encoded']}  "
              f"ok {r['counts']['ok']} failed {r['counts']['failed']}  cpu {r['cpu']:.0f}s  "
              f"(load avg before {load:.2f})", flush=True)
        print(f"{'':11s} first pair started after {r['startup']:.1f}s (cluster + models), "
              f"last pair started at {r['last_start']:.1f}s", flush=True)
        print(f"{'':11s} time share of per-pair work ({r['task_seconds']:.1f}s summed over pairs): {shares}{f1}",
              flush=True)
        for e in r["errors"]:
            print(f"{'':11s} failed: {e}")
    if len({r["code"] for r in results}) > 1:
        print("WARNING: toolkit/ sources changed during the benchmark: runs are not comparable")
    walls: dict[str, list[float]] = defaultdict(list)
    for r in results:
        walls[r["config"]].append(r["wall"])
    median = {c: statistics.median(w) for c, w in walls.items()}
    print("median wall: " + "  ".join(f"{c} {median[c]:.1f}s (n={len(walls[c])})" for c in median))
    for base in ("serial", "serial-1t"):
        if base in median:
            for c in median:
                if c != base:
                    print(f"speed-up of {c} over {base}: {median[base] / median[c]:.2f}x")
    if args.json:
        args.json.write_text(json.dumps({"pairs": args.pairs, "sentences": sentences, "results": results},
                                        indent=1), encoding="utf-8")
    if not args.workdir:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
