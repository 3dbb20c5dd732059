"""Batch alignment of many document pairs, in one process or on a Dask cluster.

A *manifest* lists the pairs (a CSV/TSV table, or a folder ``<id>/<lang>.txt``).
Each pair is one Dask task that reads, segments, aligns, extracts terms, builds
the pair's glossary and writes its outputs into ``OUTDIR/<id>/``.  The client
then writes ``summary.tsv`` and one corpus-level glossary per language pair in
which the evidence of all pairs is merged (a term attested in 40 resolutions is
better attested than one seen once).

Why it is built this way:

* **Dask, not a home-made pool**: the same code runs on a ``LocalCluster`` sized
  to the machine or on an existing cluster (``scheduler=ADDRESS``) unchanged.
  Paths in the manifest and ``OUTDIR`` must be visible to the workers (a shared
  file system), as for any file-based Dask workflow.
* **Models once per worker**: :func:`worker_models` keeps the encoder and the
  spaCy pipelines in a module-level cache of the worker process, so a task never
  pays a model load after the first one on its worker.  A local cluster goes
  further: its workers are forked from a forkserver that loaded the models once
  (:func:`_preloading_workers`).  Each encode uses one BLAS thread on Dask: the
  workers are the parallelism.  Embeddings also go
  through the disk cache of :mod:`toolkit.embed` (``$TOOLKIT_CACHE_DIR``), which
  all local workers share, so a re-run re-encodes nothing.
* **One bad pair never stops the batch**: :func:`process_pair` never raises; a
  missing file, undecodable text or empty side becomes a ``failed`` row with its
  one-line reason.
* **Atomic, resumable outputs**: a pair's files are written into a hidden
  staging folder ``OUTDIR/.<id>.<random>.part`` which is renamed to
  ``OUTDIR/<id>`` when complete; its last file is ``done.json`` (input
  checksums, model, level, and the size and SHA-256 of every output).
  ``resume=True`` skips the pairs whose ``done.json`` matches their inputs,
  settings and output files, without sending them to a worker; a pair whose
  files changed (a truncated output) is redone and the summary says why.  When
  nothing is left to do no cluster is started and no model is loaded; pairs
  whose inputs are unusable (missing, not a regular file, binary, empty,
  refused by the path policy) fail on the client for the same reason.
* **Interruptions leave no debris**: SIGINT and SIGTERM (while a batch runs in
  the main thread and SIGTERM has its default action, a handler turns it into
  :class:`BatchTerminated`) cancel the tasks and remove the staging folders of
  unfinished pairs; staging folders left by a crash (SIGKILL, power loss) are
  removed at the start of the next run into the same OUTDIR.  One batch at a
  time per OUTDIR.
* **Manifest paths**: relative paths resolve against the manifest's folder,
  not the current directory; every path is recorded fully resolved (symlinks
  followed) in the summary.  A path that resolves outside the manifest's
  folder (an absolute path elsewhere, ``../``, a symlink out) makes its pair
  fail unless ``allow_outside=True`` (``--allow-outside``): a manifest from
  someone else cannot make the batch read, and copy into its outputs, any file
  of the user.

The package, one module per job (this module re-exports their public names):

=================  ==========================================================
``manifest``       reading and writing manifests (:class:`Pair`)
``records``        :class:`BatchOptions`, :class:`PairRecord`, :class:`BatchResult`
``checks``         done.json / --resume checks, input checks on the client
``worker_cache``   the models, loaded once per worker process
``encoder_hooks``  the encoder's threads, timing and memo (the Embedder's hooks)
``staging``        atomic per-pair folders and their debris
``task``           :func:`process_pair`, what runs on a worker
``dask_runner``    the Dask cluster (local or ``scheduler=``) and its preloading
``progress``       the progress bar
``summary``        ``summary.tsv``
``corpus``         the corpus glossaries
``runner``         :func:`run_batch` and SIGTERM handling
=================  ==========================================================

The steps a test or a tool may replace - ``process_pair``, ``worker_models``,
``_forget_vectors``, ``_run_on_dask``, ``_preloading_workers`` and
``write_summary`` - are called through this package (``toolkit.batch.NAME``),
so that assigning ``toolkit.batch.process_pair = ...`` replaces it for every
caller, as when this was one module.
"""
from __future__ import annotations

import os

# Private names are re-exported on purpose (noqa: F401): the replaceable steps are called as
# toolkit.batch.NAME (see above) and the tests reach the rest through the package.
from toolkit.batch.checks import (INPUT_HEAD_BYTES, check_completed, check_input, completed_record, file_checksum,
                                  input_checksums, input_problem, output_digest)
from toolkit.batch.common import (DONE_FILE, FAILED, OK, SKIPPED, STAGES, SUMMARY_COLUMNS, SUMMARY_FILE,
                                  _ensure_dir, _jsonable, _one_line)  # noqa: F401
from toolkit.batch.corpus import corpus_glossary_name, read_pair_glossary, write_corpus_glossaries
from toolkit.batch.dask_runner import (_FORKSERVER_SPEC, PRELOAD_ENV, PRELOAD_MODULE, _accepts_n_workers,  # noqa: F401
                                       _preload_from_env, _preloading_workers, _run_on_dask, available_cores,  # noqa: F401
                                       default_cluster_shape)
from toolkit.batch.encoder_hooks import _ENCODE, _forget_vectors, _limit_encoder_threads, _split_encoding, _time_encoder  # noqa: F401
from toolkit.batch.manifest import (MANIFEST_COLUMNS, OPTIONAL_COLUMNS, Pair, read_manifest, safe_name,
                                    write_manifest)
from toolkit.batch.progress import _Progress  # noqa: F401
from toolkit.batch.records import BatchOptions, BatchResult, PairRecord, model_label
from toolkit.batch.runner import SIGTERM_EXIT, BatchTerminated, _run_batch, _sigterm_raises, run_batch  # noqa: F401
from toolkit.batch.staging import _commit_folder, remove_staging, staging_folder  # noqa: F401
from toolkit.batch.summary import _signature, read_summary, write_summary  # noqa: F401
from toolkit.batch.task import _run_and_write, _set_paths, _write_pair_outputs, process_pair  # noqa: F401
from toolkit.batch.worker_cache import _LOADS, _MODELS, model_loads, worker_models  # noqa: F401
# the glossary JSON now lives with the other formats (toolkit.export.glossary_json, registered as .json)
from toolkit.export.glossary_json import glossary_from_dict, glossary_to_dict

if os.environ.get(PRELOAD_ENV):    # imported by the forkserver of a local cluster: load the models once
    _preload_from_env()

__all__ = ["Pair", "PairRecord", "BatchOptions", "BatchResult", "BatchTerminated", "read_manifest",
           "write_manifest", "process_pair", "run_batch", "worker_models", "model_loads", "write_summary",
           "read_summary", "write_corpus_glossaries", "glossary_to_dict", "glossary_from_dict",
           "default_cluster_shape", "completed_record", "check_completed", "check_input", "input_problem",
           "output_digest", "remove_staging", "staging_folder", "corpus_glossary_name",
           "read_pair_glossary", "file_checksum", "input_checksums", "model_label", "safe_name",
           "available_cores", "MANIFEST_COLUMNS", "OPTIONAL_COLUMNS", "SUMMARY_COLUMNS", "DONE_FILE",
           "SUMMARY_FILE", "OK", "FAILED", "SKIPPED", "STAGES", "SIGTERM_EXIT", "PRELOAD_ENV", "INPUT_HEAD_BYTES"]
