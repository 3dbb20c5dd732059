"""Running a batch: settle what is done or unusable, run the rest (in this process
or on Dask), then write the summary and the corpus glossaries; SIGTERM handling."""
from __future__ import annotations

import contextlib
import dataclasses
import os
import signal
import threading
import time
from pathlib import Path
from collections.abc import Sequence

import toolkit.batch as _batch   # the replaceable steps (process_pair, _run_on_dask, write_summary): see toolkit.batch
from toolkit.batch.checks import check_completed, input_problem
from toolkit.batch.common import FAILED, SUMMARY_FILE, _ensure_dir
from toolkit.batch.corpus import write_corpus_glossaries
from toolkit.batch.manifest import Pair
from toolkit.batch.progress import _Progress
from toolkit.batch.records import BatchOptions, BatchResult, PairRecord
from toolkit.batch.staging import remove_staging
from toolkit.batch.task import _set_paths
from toolkit.errors import InputError, OutputExists


def run_batch(pairs: Sequence[Pair], outdir: str | os.PathLike, *, scheduler: str | None = None,
              workers: int | None = None, threads_per_worker: int | None = None,
              resume: bool = False, force: bool = False, model: str | None = None,
              level: str = "paragraph", progress: bool = True,
              encoder_threads: int | None = None, lang_codes: dict[str, str] | None = None,
              bom: bool = False, comment_header: bool = False) -> BatchResult:
    """Run every pair, write the summary and the corpus glossaries; return the records.

    ``scheduler``: address of an existing Dask scheduler (used unchanged).
    Otherwise a ``LocalCluster`` of ``workers`` processes (default: one per core);
    ``workers=0`` runs in this process without Dask (debugging, baseline).
    ``resume``: skip pairs whose outputs are complete; ``force``: redo everything.
    Without either, an OUTDIR that already holds batch outputs raises OutputExists.
    ``encoder_threads``: BLAS threads per encode; default 1 on Dask (the workers
    are the parallelism), the encoder's own default in this process.
    ``lang_codes`` (``{"en": "en-GB"}``), ``bom`` and ``comment_header`` go to the
    writers of the per-pair outputs, the summary and the corpus glossaries
    (``--lang-code``, ``--bom``, ``--comment-header``).

    Done-ness and unusable inputs are settled here first: the cluster is started
    (and the models loaded) only when some pair has real work left.  SIGTERM
    raises :class:`BatchTerminated` while this runs in the main thread (unless
    something else already handles SIGTERM); either way, an interrupted run
    removes the staging folders of its unfinished pairs.
    """
    with _sigterm_raises():
        return _run_batch(pairs, outdir, scheduler=scheduler, workers=workers,
                          threads_per_worker=threads_per_worker, resume=resume, force=force, model=model,
                          level=level, progress=progress, encoder_threads=encoder_threads,
                          lang_codes=lang_codes, bom=bom, comment_header=comment_header)


try:   # the CLI's own SIGTERM exception, when this toolkit has it
    from toolkit.errors import Terminated as _TerminatedBase
except ImportError:  # pragma: no cover - older toolkit.errors
    _TerminatedBase = KeyboardInterrupt  # type: ignore[misc, assignment]  # the fallback of a base class


class BatchTerminated(_TerminatedBase):
    """SIGTERM arrived during :func:`run_batch`.  A KeyboardInterrupt (a BaseException,
    like Ctrl-C) so that no ``except Exception`` of a stage records it as a pair
    failure and every cleanup written for Ctrl-C runs."""


# Exit status of a command ended by SIGTERM (the shell's 128 + signal number).
SIGTERM_EXIT = 128 + signal.SIGTERM


@contextlib.contextmanager
def _sigterm_raises():
    """While the block runs, SIGTERM raises :class:`BatchTerminated` in the main thread,
    so that ``finally`` blocks clean up as they do for Ctrl-C.  Only when SIGTERM has
    its default action (a handler installed by the CLI or an application, or
    SIG_IGN, is left alone) and only in the main thread; the previous handler is
    restored afterwards, and already at the first SIGTERM so that a second one
    ends the process at once."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.getsignal(signal.SIGTERM)
    if previous is not signal.SIG_DFL:
        yield
        return

    def on_sigterm(signum, frame):
        signal.signal(signal.SIGTERM, previous)
        raise BatchTerminated("terminated (SIGTERM)")

    signal.signal(signal.SIGTERM, on_sigterm)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _run_batch(pairs, outdir, *, scheduler, workers, threads_per_worker, resume, force, model, level,
               progress, encoder_threads, lang_codes=None, bom=False, comment_header=False) -> BatchResult:
    t_start = time.perf_counter()
    outdir = Path(outdir).resolve()
    if outdir.exists() and not outdir.is_dir():
        raise InputError(f"{outdir}: exists and is not a folder")
    if level not in ("paragraph", "sentence"):
        raise InputError(f"unknown level {level!r} (paragraph, sentence)")
    if not resume and not force and outdir.is_dir():
        taken = [p.name for p in pairs if (outdir / p.name).exists()]
        if taken or (outdir / SUMMARY_FILE).exists():
            raise OutputExists(f"{outdir}: already holds batch outputs "
                               f"(use --resume to continue or --force to redo every pair)")
    _ensure_dir(outdir)
    stale = remove_staging(outdir)

    records: dict[int, PairRecord] = {}
    notes: dict[int, str] = {}
    todo: list[int] = []
    settings = BatchOptions(model=model, level=level, lang_codes=lang_codes, bom=bom,
                            comment_header=comment_header)  # what done.json must match
    for k, pair in enumerate(pairs):
        done, why = check_completed(pair, outdir, settings) if resume else (None, "")
        problem = input_problem(pair) if done is None else None
        if done is not None:
            records[k] = done
        elif problem:     # fails without a worker: no cluster or model for it
            records[k] = PairRecord(id=pair.id, src_lang=pair.source_lang, tgt_lang=pair.target_lang,
                                    error=problem)
        else:
            todo.append(k)
        if why:
            notes[k] = f"redone: {why}"
    # Largest pairs first: the last task to finish then is a small one.
    todo.sort(key=lambda k: -(_size(pairs[k].source) + _size(pairs[k].target)))

    reporter = _Progress(len(pairs), enabled=progress)
    for rec in records.values():
        reporter.update(rec)

    shape = (0, None)
    cluster_desc = "none (no pair left to run)"
    try:
        if todo and workers == 0 and not scheduler:
            shape, cluster_desc = (0, None), "in-process"
            options = dataclasses.replace(settings, encoder_threads=encoder_threads)
            for k in todo:
                rec = _batch.process_pair(pairs[k], str(outdir), options)
                records[k] = rec
                reporter.update(rec)
        elif todo:
            shape, cluster_desc = _batch._run_on_dask(pairs, todo, outdir, records, scheduler=scheduler,
                                               workers=workers, threads_per_worker=threads_per_worker,
                                               model=model, level=level,
                                               encoder_threads=encoder_threads or 1, reporter=reporter,
                                               settings=settings)
    finally:
        reporter.close()
        # After an interruption (or a worker that died) the unfinished pairs' staging
        # folders would stay behind: by now no local task of ours is running.
        unfinished = [pairs[k].name for k in todo if k not in records or records[k].status == FAILED]
        if unfinished:
            remove_staging(outdir, unfinished)

    for k, rec in records.items():
        _set_paths(rec, pairs[k])
        if k in notes and not rec.note:
            rec.note = notes[k]
    ordered = [records[k] for k in range(len(pairs))]
    summary_path = _batch.write_summary(ordered, outdir, model=model, level=level, comment_header=comment_header)
    glossary_paths = write_corpus_glossaries(pairs, ordered, outdir, model=model, level=level,
                                             lang_codes=lang_codes, bom=bom, comment_header=comment_header)
    return BatchResult(ordered, summary_path, glossary_paths, time.perf_counter() - t_start,
                       workers=shape[0], threads_per_worker=shape[1], cluster=cluster_desc,
                       stale_removed=stale)


def _size(path: str | None) -> int:
    try:
        return os.path.getsize(path) if path else 0
    except OSError:
        return 0
