"""Alignment quality: strict and lax precision/recall/F1 with vecalign's semantics.

Beads are ``(src_indices, tgt_indices)`` with 0-based indices, written one per
line as ``[i, j]:[k]`` (``[]`` for an empty side), the format of vecalign's
and bertalign's gold files.  Their readers take every line for a bead, so a
beads file the toolkit writes (:func:`write_beads`) holds beads only and
keeps its signature in ``NAME.signature.json``; the readers here also skip
``#`` comment lines (the opt-in ``comment_header`` form, older files).
Scores are micro-averaged over documents:

* precision counts every test bead, null beads (1-0/0-1) included: a null
  bead is a strict hit only if the gold has the very same null bead, and never
  a lax hit (it links nothing);
* recall counts the gold beads that link something (gold null beads are dropped);
* *strict*: the bead is identical on the other side; *lax*: some source–target
  pair of the bead is linked by a bead of the other side.
"""
from __future__ import annotations

import re
from pathlib import Path
from collections.abc import Iterable, Sequence

from toolkit.errors import InputError
from toolkit.model import Alignment, Signature

BeadT = tuple[list[int], list[int]]
_LINE = re.compile(r"^\s*\[([0-9,\s]*)\]\s*:\s*\[([0-9,\s]*)\]\s*$")


def _ints(s: str) -> list[int]:
    return [int(x) for x in s.replace(",", " ").split()]


def parse_beads(text: str, name: str = "<beads>") -> list[BeadT]:
    out: list[BeadT] = []
    for k, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = _LINE.match(line)
        if not m:
            raise InputError(f"{name}:{k}: not a bead line (expected like '[0, 1]:[2]'): {line.strip()[:60]}")
        out.append((_ints(m.group(1)), _ints(m.group(2))))
    return out


def read_beads(path) -> list[BeadT]:
    """Read a vecalign-format beads file (``# ...`` comment lines are skipped)."""
    return read_beads_file(path)[1]


def read_beads_file(path) -> tuple[Signature | None, list[BeadT]]:
    """Signature and beads of a beads file: the signature from a ``# signature:``
    comment line, else from ``NAME.signature.json``, else None."""
    from toolkit.export.common import read_sidecar
    from toolkit.export.tabular import split_comments

    p = Path(path)
    try:
        text = p.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"{p}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{p}: is a directory, expected a beads file") from None
    except OSError as exc:
        raise InputError(f"{p}: cannot read ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise InputError(f"{p}: not UTF-8 text") from None
    signature = split_comments(text)[0] or read_sidecar(p)
    return signature, parse_beads(text, str(p))


def _sides(bead) -> tuple:
    """(src, tgt) of a :class:`Bead` or of a ``(src, tgt)`` pair."""
    return (bead.src, bead.tgt) if hasattr(bead, "src") else bead


def _bead_line(src: Sequence[int], tgt: Sequence[int]) -> str:
    return f"[{', '.join(map(str, src))}]:[{', '.join(map(str, tgt))}]"


def format_beads(alignment: Alignment | Iterable, *, signature: bool = False) -> str:
    """One bead per line, vecalign's format (optionally a ``# signature:`` first line)."""
    beads = alignment.beads if isinstance(alignment, Alignment) else list(alignment)
    lines = []
    if signature and isinstance(alignment, Alignment):
        lines.append(f"# signature: {alignment.signature}")
    for b in beads:
        src, tgt = _sides(b)
        lines.append(_bead_line(src, tgt))
    return "\n".join(lines) + "\n"


def write_beads(alignment: Alignment | Iterable, path, *, signature: Signature | None = None,
                force: bool = False, comment_header: bool = False) -> Path:
    """Write a beads file vecalign's and bertalign's scorers read: one bead per line, nothing else.

    The signature (``alignment.signature`` unless ``signature`` is given) goes
    to ``NAME.signature.json``; ``comment_header=True`` writes it as a
    ``# signature:`` first line instead, which :func:`read_beads` and
    ``toolkit evaluate`` accept but vecalign's scorer does not.
    """
    from toolkit.export.common import write_plain_table

    if signature is None and isinstance(alignment, Alignment):
        signature = alignment.signature
    return write_plain_table(path, format_beads(alignment), signature=signature, fmt="beads", force=force,
                             comment_header=comment_header)


def format_jsonl(alignment: Alignment) -> str:
    """One JSON object per line for scripts: a header object (``"type": "header"``, the
    signature) then one per bead; the same JSONL as :func:`toolkit.export.write_alignment`,
    so that :func:`toolkit.export.read_alignment` reads it back."""
    from toolkit.export import alignment_jsonl

    return alignment_jsonl(alignment)


def _norm(beads) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    out = []
    for b in beads:
        src, tgt = _sides(b)
        if len(src) or len(tgt):
            out.append((tuple(src), tuple(tgt)))
    return out


def _counts(reference, hypothesis, drop_null: bool) -> tuple[int, int, int, int]:
    """(strict hits, strict misses, lax hits, lax misses) of ``hypothesis`` beads against ``reference``."""
    ref = set(reference)
    linked = set()
    for s, t in reference:
        for x in s:
            for y in t:
                linked.add((x, y))
    ts = fs = tl = fl = 0
    for s, t in hypothesis:
        if drop_null and (not s or not t):
            continue
        if (s, t) in ref:
            ts += 1
            tl += 1
            continue
        fs += 1
        if any((x, y) in linked for x in s for y in t):
            tl += 1
        else:
            fl += 1
    return ts, fs, tl, fl


def _prf(p_hits, p_miss, r_hits, r_miss) -> tuple[float, float, float]:
    p = p_hits / (p_hits + p_miss) if p_hits + p_miss else 0.0
    r = r_hits / (r_hits + r_miss) if r_hits + r_miss else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def score(gold_docs, test_docs) -> dict:
    """Strict and lax P/R/F1, micro-averaged over documents (vecalign's scorer).

    ``gold_docs``/``test_docs``: one list of beads per document (or a single
    document's list of beads).  Beads are ``(src, tgt)`` pairs or :class:`Bead`.
    """
    gold_docs, test_docs = list(gold_docs), list(test_docs)
    if gold_docs and _is_bead(gold_docs[0]):
        gold_docs, test_docs = [gold_docs], [test_docs]
    if len(gold_docs) != len(test_docs):
        raise InputError(f"{len(gold_docs)} gold documents but {len(test_docs)} test documents")
    pc = [0, 0, 0, 0]
    rc = [0, 0, 0, 0]
    for gold, test in zip(gold_docs, test_docs):
        g, t = _norm(gold), _norm(test)
        pc = [x + y for x, y in zip(pc, _counts(g, t, drop_null=False))]
        rc = [x + y for x, y in zip(rc, _counts(t, g, drop_null=True))]
    sp, sr, sf = _prf(pc[0], pc[1], rc[0], rc[1])
    lp, lr, lf = _prf(pc[2], pc[3], rc[2], rc[3])
    return {
        "strict": {"precision": sp, "recall": sr, "f1": sf},
        "lax": {"precision": lp, "recall": lr, "f1": lf},
        "documents": len(gold_docs),
        "test_beads": sum(pc[:2]),
        "gold_beads": sum(rc[:2]),
    }


def _is_bead(x) -> bool:
    if hasattr(x, "src") and hasattr(x, "tgt"):
        return True
    return (isinstance(x, (tuple, list)) and len(x) == 2
            and all(isinstance(side, (list, tuple)) for side in x)
            and all(isinstance(v, int) for side in x for v in side))


def format_scores(result: dict) -> str:
    """Human-readable table of :func:`score`'s result."""
    s, lax = result["strict"], result["lax"]
    return (
        f"documents: {result['documents']}  test beads: {result['test_beads']}  gold beads: {result['gold_beads']}\n"
        f"         precision  recall     f1\n"
        f"strict   {s['precision']:.4f}     {s['recall']:.4f}     {s['f1']:.4f}\n"
        f"lax      {lax['precision']:.4f}     {lax['recall']:.4f}     {lax['f1']:.4f}\n"
    )


__all__ = ["read_beads", "read_beads_file", "parse_beads", "format_beads", "write_beads", "format_jsonl", "score",
           "format_scores"]
