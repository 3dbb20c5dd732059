#!/usr/bin/env python
"""Fit and measure the aligner's confidence (``_CONF`` / ``_CONF_NULL`` / ``CTX_KNOT`` of
``toolkit/align/confidence.py``).

A link's confidence should be the probability that it is exactly right.  This
script aligns, with the default settings and the default encoder:

* **training pairs** (links fitted on; gaps on the matched ones only): Text+Berg de-fr *dev* with its gold; two
  *unrelated* pairs made of its halves (first half of the German against the
  second half of the French and the reverse), where every link is wrong and
  every gap right; the first 25 documents of the UN Parallel Corpus v1.0 dev
  set aligned English→French (1-1 gold), and two unrelated UN pairs (documents
  1–25 against 26–50, 26–50 against 51–75);
* **report pairs** (never fitted on): Text+Berg *test* (test0–6, gold), the
  shipped UDHR fr–en, and the UDHR French against the SDG English (unrelated).

It records the features :func:`toolkit.align.confidence._confidences` sees
(:func:`toolkit.align.confidence.collect_features`), fits a logistic model of "this link is exactly right"
(Newton's method, L2 1e-2, similarity, margin and context coefficients kept
≥ 0 so that more similarity never lowers confidence), chooses the context knot
by leave-one-pair-out cross-validation on the training pairs, and prints the
constants to paste into ``toolkit/align/confidence.py``, a reliability table (share of
right links per confidence bin) before/after, and what unrelated pairs get.
The reliability plot goes to ``bench/calibration.png``.

    python bench/calibration.py              # fit, tables, plot
    python bench/calibration.py --check      # measure the constants in toolkit/align/confidence.py only

Needs ``../shared/data/text-berg-de-fr`` and ``../shared/data/un-parallel-corpus-v1.0``
(``TOOLKIT_SHARED_DATA`` elsewhere); without them it says so and exits 0.
"""
from __future__ import annotations

import argparse
import math
import os
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = Path(os.environ.get("TOOLKIT_SHARED_DATA", ROOT.parent / "shared" / "data"))
PLOT = ROOT / "bench" / "calibration.png"

# The model before this script existed (its features: score, sim, margin, lr, many), for the
# before/after table.
PREVIOUS = {"bias": -2.45, "score": 2.58, "sim": -4.83, "margin": 3.88, "lr": 5.24, "many": -0.96}
PREVIOUS_NULL = {"bias": 3.86, "best": -12.71}
KNOTS = (0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.8)    # context knots tried (cross-validated)
L2 = 1e-2                          # ridge on the coefficients (not the bias)
LINK_FEATURES = ("sim", "margin", "extra", "lr", "many", "context")
NONNEG = ("sim", "margin", "context")
BINS = 10


def _lines(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


# --------------------------------------------------------------------------- data

def _pairs():
    """(name, role, source Document, target Document, gold beads or None for unrelated)."""
    from toolkit.evaluate import read_beads
    from toolkit.segment import lines_document, read_document

    tb = SHARED / "text-berg-de-fr"
    de, fr = _lines(tb / "dev.de"), _lines(tb / "dev.fr")
    hd, hf = len(de) // 2, len(fr) // 2
    yield "tb-dev", "train", lines_document(de, "de"), lines_document(fr, "fr"), read_beads(tb / "dev.defr")
    yield "tb-dev-cross1", "train", lines_document(de[:hd], "de"), lines_document(fr[hf:], "fr"), None
    yield "tb-dev-cross2", "train", lines_document(de[hd:], "de"), lines_document(fr[:hf], "fr"), None

    base = SHARED / "un-parallel-corpus-v1.0" / "devset"
    en, unfr = _lines(base / "UNv1.0.devset.en"), _lines(base / "UNv1.0.devset.fr")
    docs: dict[str, list] = defaultdict(list)
    for k, line in enumerate(_lines(base / "UNv1.0.devset.ids")):
        parts = line.split()
        pos = next(p for p in parts[1:] if p.startswith("en:")).split(":")
        docs[parts[0]].append(((int(pos[1]), int(pos[2])), k))
    order = [[k for _, k in sorted(rows)] for _, rows in sorted(docs.items())]

    def block(a: int, b: int) -> list[int]:
        return [k for d in order[a:b] for k in d]

    b1, b2, b3 = block(0, 25), block(25, 50), block(50, 75)
    yield ("un-dev", "train", lines_document([en[k] for k in b1], "en"),
           lines_document([unfr[k] for k in b1], "fr"), [([i], [i]) for i in range(len(b1))])
    yield ("un-dev-cross1", "train", lines_document([en[k] for k in b1], "en"),
           lines_document([unfr[k] for k in b2], "fr"), None)
    yield ("un-dev-cross2", "train", lines_document([unfr[k] for k in b2], "fr"),
           lines_document([en[k] for k in b3], "en"), None)

    for k in range(7):
        yield (f"tb-test{k}", "test", lines_document(_lines(tb / f"test{k}.de"), "de"),
               lines_document(_lines(tb / f"test{k}.fr"), "fr"), read_beads(tb / f"test{k}.defr"))
    corpora = ROOT / "corpora"
    udhr_fr = read_document(corpora / "udhr" / "fr.txt", "fr")
    yield "udhr fr-en", "check", udhr_fr, read_document(corpora / "udhr" / "en.txt", "en"), "matched"
    yield "udhr-fr vs sdg-en", "check", udhr_fr, read_document(corpora / "sdg" / "en.txt", "en"), None


def collect(embedder) -> list[dict]:
    """One record per bead of every pair: features as the aligner saw them, and whether it is right."""
    from toolkit.align import align_documents
    from toolkit.align.confidence import collect_features

    records = []
    for name, role, src, tgt, gold in _pairs():
        with collect_features() as sink:
            al = align_documents(src, tgt, model=embedder)
        gold_set = None
        if isinstance(gold, list):
            gold_set = {(tuple(s), tuple(t)) for s, t in gold}
        for bead, ((i0, i1, j0, j1), feats) in zip(al.beads, sink):
            key = (tuple(range(i0, i1)), tuple(range(j0, j1)))
            assert key == (bead.src, bead.tgt)
            is_gap = i0 == i1 or j0 == j1
            if gold_set is not None:
                right = key in gold_set
            elif gold is None:
                right = is_gap           # unrelated texts: nothing links
            else:
                right = None             # matched, no gold: reported, not scored
            rec = {"pair": name, "role": role, "gap": is_gap, "right": right,
                   "confidence": bead.confidence, "flagged": bead.flagged}
            if is_gap:
                rec["best"] = feats[1]
            else:
                _, sc, sim, margin, lr, many, context = feats
                rec.update(score=sc, sim=sim, margin=margin, extra=sc - sim, lr=lr, many=many,
                           context=context)
            records.append(rec)
        print(f"  aligned {name}: {len(al.beads)} beads", file=sys.stderr)
    return records


# --------------------------------------------------------------------------- model

def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-np.clip(z, -40, 40)))


def _matrix(recs: list[dict], knot: float) -> np.ndarray:
    cols = []
    for f in LINK_FEATURES:
        v = np.array([r[f] for r in recs], dtype=np.float64)
        cols.append(np.minimum(v - knot, 0.0) if f == "context" else v)
    return np.stack(cols, axis=1) if cols else np.zeros((len(recs), 0))


def fit_logistic(X: np.ndarray, y: np.ndarray, names: tuple[str, ...], nonneg: tuple[str, ...] = ()):
    """Ridge logistic regression by Newton's method; coefficients in ``nonneg`` are kept ≥ 0
    (active set: a coefficient that comes out negative is fixed at 0 and the rest refitted)."""
    free = list(range(X.shape[1]))
    while True:
        Xb = np.hstack([np.ones((len(X), 1)), X[:, free]])
        beta = np.zeros(Xb.shape[1])
        reg = L2 * np.diag(np.r_[0.0, np.ones(len(free))])
        for _ in range(200):
            p = _sigmoid(Xb @ beta)
            grad = Xb.T @ (p - y) + reg @ beta
            hess = (Xb * (p * (1 - p))[:, None]).T @ Xb + reg
            step = np.linalg.solve(hess, grad)
            beta -= step
            if np.abs(step).max() < 1e-10:
                break
        coef = dict.fromkeys(names, 0.0)
        coef["bias"] = float(beta[0])
        for k, b in zip(free, beta[1:]):
            coef[names[k]] = float(b)
        bad = [k for k in free if names[k] in nonneg and coef[names[k]] < 0]
        if not bad:
            return coef
        free.remove(bad[0])


def _link_conf(recs: list[dict], coef: dict, knot: float) -> np.ndarray:
    """The aligner's own formula (``toolkit.align.confidence.link_confidence``, low-similarity cap included)."""
    from toolkit.align.confidence import link_confidence

    return np.array([link_confidence(r["sim"], r["margin"], r["extra"], r["lr"], r["many"], r["context"],
                                     conf=coef, knot=knot) for r in recs])


def _previous_conf(recs: list[dict]) -> np.ndarray:
    c = PREVIOUS
    z = np.array([c["bias"] + c["score"] * r["score"] + c["sim"] * r["sim"] + c["margin"] * r["margin"]
                  + c["lr"] * r["lr"] + c["many"] * r["many"] for r in recs])
    return _sigmoid(z)


def _log_loss(p: np.ndarray, y: np.ndarray) -> float:
    p = np.clip(p, 1e-9, 1 - 1e-9)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def choose_knot(links: list[dict]) -> tuple[float, dict[float, float]]:
    """Context knot with the lowest leave-one-pair-out log-loss on the training links."""
    pairs = sorted({r["pair"] for r in links})
    losses = {}
    for knot in KNOTS:
        total, n = 0.0, 0
        for held in pairs:
            train = [r for r in links if r["pair"] != held]
            test = [r for r in links if r["pair"] == held]
            coef = fit_logistic(_matrix(train, knot), np.array([r["right"] for r in train], float),
                                LINK_FEATURES, NONNEG)
            y = np.array([r["right"] for r in test], float)
            total += _log_loss(_link_conf(test, coef, knot), y) * len(test)
            n += len(test)
        losses[knot] = total / n
    return min(losses, key=losses.get), losses


# --------------------------------------------------------------------------- reports

def reliability(conf: np.ndarray, right: np.ndarray) -> tuple[list[tuple], float]:
    """Per bin of width 1/BINS: (lo, hi, links, mean confidence, share right); and the ECE."""
    b = np.minimum((conf * BINS).astype(int), BINS - 1)
    rows, ece = [], 0.0
    for k in range(BINS):
        m = b == k
        if m.any():
            rows.append((k / BINS, (k + 1) / BINS, int(m.sum()), float(conf[m].mean()), float(right[m].mean())))
            ece += abs(conf[m].mean() - right[m].mean()) * m.sum() / len(conf)
        else:
            rows.append((k / BINS, (k + 1) / BINS, 0, float("nan"), float("nan")))
    return rows, float(ece)


def print_table(title: str, columns: list[tuple[str, np.ndarray, np.ndarray]]) -> dict:
    print(f"\n{title}")
    head = "| confidence | " + " | ".join(f"{name}: links, share right" for name, _, _ in columns) + " |"
    print(head)
    print("|---" * (1 + len(columns)) + "|")
    tables = {name: reliability(c, y) for name, c, y in columns}
    for k in range(BINS):
        cells = []
        for name, _, _ in columns:
            lo, hi, n, mc, share = tables[name][0][k]
            cells.append(f"{n}, {share:.2f}" if n else "0, –")
        print(f"| {k / BINS:.1f}–{(k + 1) / BINS:.1f} | " + " | ".join(cells) + " |")
    print("| ECE | " + " | ".join(f"{tables[name][1]:.3f}" for name, _, _ in columns) + " |")
    print("| log-loss | " + " | ".join(f"{_log_loss(c, y):.3f}" for _, c, y in columns) + " |")
    return tables


def plot(tables: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(5.5, 5.5))
    ax.plot([0, 1], [0, 1], color="0.6", lw=1, ls="--", label="perfect calibration")
    styles = {"dev, previous": ("tab:gray", "s", ":"), "dev, fitted": ("tab:blue", "o", "-"),
              "test, previous": ("tab:orange", "s", ":"), "test, fitted": ("tab:red", "o", "-")}
    for name, (rows, ece) in tables.items():
        pts = [(mc, share, n) for _, _, n, mc, share in rows if n]
        if not pts:
            continue
        x, y, n = zip(*pts)
        color, marker, ls = styles.get(name, ("k", "o", "-"))
        ax.plot(x, y, color=color, ls=ls, lw=1.2)
        ax.scatter(x, y, s=[12 + 3 * math.sqrt(v) * 4 for v in n], color=color, marker=marker,
                   label=f"{name} (ECE {ece:.3f})", zorder=3)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("confidence (mean per bin of 0.1)")
    ax.set_ylabel("share of links exactly right (strict)")
    ax.set_title("Alignment confidence, Text+Berg de-fr (marker area ~ links)")
    ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="only measure the constants in toolkit/align/confidence.py")
    ap.add_argument("--no-plot", action="store_true")
    args = ap.parse_args()
    missing = [d for d in ("text-berg-de-fr", "un-parallel-corpus-v1.0") if not (SHARED / d).is_dir()]
    if missing:
        print(f"calibration skipped: {', '.join(missing)} not found under {SHARED} "
              "(set TOOLKIT_SHARED_DATA)", file=sys.stderr)
        return
    os.environ.setdefault("TOOLKIT_CACHE_DIR", tempfile.mkdtemp(prefix="calibration-cache-"))
    import toolkit.align.confidence as A
    from toolkit.embed import Embedder

    records = collect(Embedder())
    links = [r for r in records if not r["gap"] and r["right"] is not None]
    train = [r for r in links if r["role"] == "train"]
    dev = [r for r in links if r["pair"] == "tb-dev"]
    test = [r for r in links if r["role"] == "test"]

    if args.check:
        knot, coef = A.CTX_KNOT, dict(A._CONF)
        null = dict(A._CONF_NULL)
        every = [r for r in records if not r["gap"]]
        diff = np.abs(_link_conf(every, coef, knot) - np.array([r["confidence"] for r in every])).max()
        print(f"constants of toolkit/align/confidence.py; largest difference from the aligner's own confidences {diff:.5f}")
    else:
        knot, losses = choose_knot(train)
        print("\ncontext knot, leave-one-pair-out log-loss on the training links: "
              + ", ".join(f"{k}: {v:.4f}" for k, v in losses.items()) + f" -> {knot}")
        coef = fit_logistic(_matrix(train, knot), np.array([r["right"] for r in train], float),
                            LINK_FEATURES, NONNEG)
        # Gaps: matched training pairs only (in an unrelated pair every gap is right, which says
        # nothing about the gaps of a real translation: with them the test log-loss doubles).
        gaps = [r for r in records if r["gap"] and r["right"] is not None and r["role"] == "train"
                and "cross" not in r["pair"]]
        null = fit_logistic(np.array([[r["best"]] for r in gaps]), np.array([r["right"] for r in gaps], float),
                            ("best",), ())
        n_dev_links = len(dev)
        print(f"fitted on {len(train)} links ({sum(r['right'] for r in train)} right; Text+Berg dev "
              f"{n_dev_links}, {np.mean([r['right'] for r in dev]):.0%} right) and {len(gaps)} gaps "
              f"({np.mean([r['right'] for r in gaps]):.0%} right)")
        print("\nconstants for toolkit/align/confidence.py:")
        order = ("bias", *LINK_FEATURES)
        print("_CONF = {" + ", ".join(f'"{k}": {coef[k]:.2f}' for k in order) + "}")
        print("_CONF_NULL = {" + ", ".join(f'"{k}": {null[k]:.2f}' for k in ("bias", "best")) + "}")
        print(f"CTX_KNOT = {knot}")
        if knot != A.CTX_KNOT or any(abs(coef[k] - A._CONF.get(k, 0.0)) > 0.005 for k in order):
            print("(differs from toolkit/align/confidence.py: paste the lines above to refit)")

    def y(recs):
        return np.array([r["right"] for r in recs], dtype=float)

    tables = print_table("Reliability of link confidence (strict: the link is exactly a gold bead)", [
        ("dev, previous", _previous_conf(dev), y(dev)),
        ("dev, fitted", _link_conf(dev, coef, knot), y(dev)),
        ("test, previous", _previous_conf(test), y(test)),
        ("test, fitted", _link_conf(test, coef, knot), y(test)),
    ])

    gaps_of = {"dev": [r for r in records if r["gap"] and r["pair"] == "tb-dev"],
               "test": [r for r in records if r["gap"] and r["role"] == "test"]}
    for split, gs in gaps_of.items():
        if not gs:
            continue
        best = np.array([r["best"] for r in gs])
        yg = y(gs)
        old_c = _sigmoid(PREVIOUS_NULL["bias"] + PREVIOUS_NULL["best"] * best)
        new_c = _sigmoid(null["bias"] + null["best"] * best)
        print(f"gaps, {split}: {len(gs)}, {yg.mean():.0%} right; mean confidence {old_c.mean():.2f} -> "
              f"{new_c.mean():.2f}; log-loss {_log_loss(old_c, yg):.3f} -> {_log_loss(new_c, yg):.3f} "
              "(gaps are always flagged)")

    matched = [r for r in links if r["role"] in ("train", "test") and r["pair"].startswith(("tb-", "un-dev"))
               and "cross" not in r["pair"]]
    print("\nlinks of matched pairs (Text+Berg dev+test, UN dev) by similarity: links, share right, "
          "mean confidence fitted (cap: NEG_SIM_MAX at 0 rising to 1 at LOW_SIM)")
    for lo, hi in ((-1.0, 0.0), (0.0, 0.1), (0.1, 0.2), (0.2, 0.3), (0.3, 0.4), (0.4, 2.0)):
        rs = [r for r in matched if lo <= r["sim"] < hi]
        if rs:
            print(f"  [{max(lo, -1):.1f}, {min(hi, 1):.1f}): {len(rs)}, {np.mean(y(rs)):.0%} right, "
                  f"confidence {_link_conf(rs, coef, knot).mean():.2f}")
        else:
            print(f"  [{max(lo, -1):.1f}, {min(hi, 1):.1f}): none")
    print(f"  (NEG_SIM_MAX = {A.NEG_SIM_MAX}, LOW_SIM = {A.LOW_SIM})")

    print("\nPer pair: links, share right, mean confidence, links with confidence >= 0.5, unflagged links "
          "(previous model -> fitted)")
    print("| pair | role | links | right | mean conf. | max conf. | conf. >= 0.5 | unflagged |")
    print("|---|---|---|---|---|---|---|---|")
    for name in dict.fromkeys(r["pair"] for r in records):
        rs = [r for r in records if r["pair"] == name and not r["gap"]]
        if not rs:
            continue
        new = _link_conf(rs, coef, knot)
        old = _previous_conf(rs)
        size = np.array([1 + r["many"] for r in rs])      # a+b-1: flagged when a+b > 3
        unflag_new = int(((new >= A.FLAG_BELOW) & (size <= 2)).sum())
        unflag_old = int(((old >= A.FLAG_BELOW) & (size <= 2)).sum())
        right = np.mean([r["right"] for r in rs]) if rs[0]["right"] is not None else float("nan")
        print(f"| {name} | {rs[0]['role']} | {len(rs)} | {right:.2f} | {old.mean():.2f} -> {new.mean():.2f} | "
              f"{old.max():.2f} -> {new.max():.2f} | {int((old >= 0.5).sum())} -> {int((new >= 0.5).sum())} | "
              f"{unflag_old} -> {unflag_new} |")

    if not args.no_plot:
        plot(tables, PLOT)
        print(f"\nreliability plot: {PLOT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
