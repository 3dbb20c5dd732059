"""BLAS thread control for the aligner's small matrix products."""
from __future__ import annotations

import contextlib

ALIGN_BLAS_THREADS = 1
"""BLAS threads for the aligner's products: small matrix products run much faster on one thread than
on several contending ones (50x on a busy 2-core machine); encoding keeps its own threads."""

_CONTROLLER = None


def one_blas_thread():
    """A context in which BLAS uses :data:`ALIGN_BLAS_THREADS` thread(s) (threadpoolctl; a no-op
    without it)."""
    global _CONTROLLER
    try:
        if _CONTROLLER is None:
            from threadpoolctl import ThreadpoolController

            _CONTROLLER = ThreadpoolController()
        return _CONTROLLER.limit(limits=ALIGN_BLAS_THREADS, user_api="blas")
    except Exception:  # threadpoolctl missing or confused: run as is
        return contextlib.nullcontext()


_one_blas_thread = one_blas_thread   # the name the aligner's passes used before the split
