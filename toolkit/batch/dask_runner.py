"""Running the pairs on Dask: an existing scheduler, or a local cluster whose
workers fork from a forkserver that loaded the models once."""
from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import uuid

import toolkit.batch as _batch   # the replaceable steps (process_pair, _preloading_workers): see toolkit.batch
from toolkit.batch.common import _one_line
from toolkit.batch.records import BatchOptions, PairRecord
from toolkit.batch.worker_cache import worker_models
from toolkit.errors import ToolkitError

#: the module the forkserver imports: importing the package runs :func:`_preload_from_env`
PRELOAD_MODULE = "toolkit.batch"


def _run_on_dask(pairs, todo, outdir, records, *, scheduler, workers, threads_per_worker, model,
                 level, encoder_threads, reporter, settings=None):
    import logging

    from distributed import Client, LocalCluster, as_completed

    cluster = None
    if scheduler:
        try:
            client = Client(scheduler, timeout="20s")
        except (OSError, TimeoutError) as exc:
            raise ToolkitError(f"cannot reach the Dask scheduler at {scheduler}: {_one_line(exc)}") from None
        try:
            client.wait_for_workers(1, timeout=60)
        except TimeoutError:
            client.close()
            raise ToolkitError(f"the Dask scheduler at {scheduler} has no workers") from None
        info = client.scheduler_info(n_workers=-1) if _accepts_n_workers(client) else client.scheduler_info()
        nthreads = [w.get("nthreads", 1) for w in info.get("workers", {}).values()]
        shape = (len(nthreads), max(nthreads) if nthreads else None)
        desc = f"scheduler {scheduler}"
    else:
        n_default, t_default = default_cluster_shape()
        n = workers or n_default
        t = threads_per_worker or t_default
        # ":0": the scheduler always serves HTTP; a fixed 8787 clashes with any other cluster.
        langs = sorted({(lang or "").split("-")[0].lower() for k in todo
                        for lang in (pairs[k].source_lang, pairs[k].target_lang) if lang})
        with _batch._preloading_workers(model, encoder_threads, langs) as method:
            cluster = LocalCluster(n_workers=n, threads_per_worker=t, processes=True,
                                   dashboard_address=":0", silence_logs=logging.CRITICAL)
        client = Client(cluster)
        shape = (n, t)
        desc = f"LocalCluster({n} workers x {t} threads{', models preloaded' if method == 'forkserver' else ''})"

    options = dataclasses.replace(settings or BatchOptions(model=model, level=level),
                                  encoder_threads=encoder_threads)
    token = uuid.uuid4().hex[:8]
    futures = {}
    try:
        for k in todo:
            fut = client.submit(_batch.process_pair, pairs[k], str(outdir), options, pure=False,
                                key=f"pair-{pairs[k].name}-{token}")
            futures[fut] = k
        for fut in as_completed(futures):
            k = futures[fut]
            try:
                rec = fut.result()
            except Exception as exc:  # the worker died (KilledWorker), task cancelled...
                rec = PairRecord(id=pairs[k].id, error=_one_line(f"worker failure: {type(exc).__name__}: {exc}"))
            records[k] = rec
            fut.release()
            reporter.update(rec)
    except BaseException:   # Ctrl-C, BatchTerminated, a lost scheduler: stop the tasks
        with contextlib.suppress(Exception):
            client.cancel(list(futures))
        raise
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return shape, desc


PRELOAD_ENV = "TOOLKIT_BATCH_PRELOAD"
_FORKSERVER_SPEC: dict[str, str] = {}


@contextlib.contextmanager
def _preloading_workers(model: str | None, encoder_threads: int | None, languages: list[str]):
    """Start local workers from a forkserver that has loaded the models once.

    Worker processes are then forks of a process that already holds the encoder
    and the spaCy pipelines (shared copy-on-write), instead of each importing
    sentence-transformers/torch and loading them again: ~11 CPU-seconds per
    worker, which on a 2-core machine shared with other sessions (the kernel's
    autogroup scheduler gives a session one fair share, whatever its number of
    processes) is what made a 2-worker cluster slower than one process.  The
    forkserver is a fresh single-threaded interpreter, so forking it is safe.
    Used only if this process has not started a forkserver yet (its preload
    list is fixed then); otherwise workers are spawned and load models on
    their first task, as on any cluster.
    """
    from multiprocessing import forkserver

    import dask
    import distributed.utils as dutils

    spec = json.dumps({"model": model, "encoder_threads": encoder_threads, "languages": languages})
    pid = forkserver._forkserver._forkserver_pid  # type: ignore[attr-defined]  # private, not in typeshed
    if pid is not None and _FORKSERVER_SPEC.get("spec") != spec:
        # running with other models (or not ours): its preload list is fixed, spawn instead
        yield dask.config.get("distributed.worker.multiprocessing-method")
        return
    with dask.config.set({"distributed.worker.multiprocessing-method": "forkserver"}):
        ctx = dutils.get_mp_context()     # sets distributed's own preload list once
        preload = list(getattr(forkserver._forkserver, "_preload_modules", []) or [])
        ctx.set_forkserver_preload([*[m for m in preload if m != PRELOAD_MODULE], PRELOAD_MODULE])
        saved = os.environ.get(PRELOAD_ENV)
        os.environ[PRELOAD_ENV] = spec
        _FORKSERVER_SPEC["spec"] = spec
        try:
            yield "forkserver"
        finally:
            if saved is None:
                os.environ.pop(PRELOAD_ENV, None)
            else:
                os.environ[PRELOAD_ENV] = saved


def _preload_from_env() -> None:
    """In the forkserver (see :func:`_preloading_workers`): load the models once."""
    spec = os.environ.get(PRELOAD_ENV)
    if not spec:
        return
    try:
        data = json.loads(spec)
        options = BatchOptions(model=data.get("model"), encoder_threads=data.get("encoder_threads"))
        worker_models(options)
        for lang in data.get("languages") or []:
            try:
                worker_models(options, lang)
            except Exception:  # reported by the pairs that need it
                pass
    except Exception:  # a failed preload only means the workers load on their first task
        pass


def _accepts_n_workers(client) -> bool:
    import inspect

    try:
        return "n_workers" in inspect.signature(client.scheduler_info).parameters
    except (TypeError, ValueError):
        return False


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def default_cluster_shape(cores: int | None = None) -> tuple[int, int]:
    """(workers, threads per worker) for a local cluster: one single-threaded
    process per core.  Measured on 2 cores (bench/RESULTS.md): the per-pair work
    (tokenising, spaCy, the DP aligner, glossary pairing) is Python that holds the
    GIL, so 1 worker x 2 threads was slower than 2 workers x 1 thread."""
    cores = cores or available_cores()
    return max(1, cores), 1
