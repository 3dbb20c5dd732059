"""The task: one pair read, aligned, turned into a glossary and written (on a worker)."""
from __future__ import annotations

import json
import os
import socket
import time
from dataclasses import asdict
from pathlib import Path

import toolkit.batch as _batch   # the replaceable steps (worker_models, _forget_vectors): see toolkit.batch
from toolkit.batch.checks import input_checksums, input_problem, output_digest
from toolkit.batch.common import DONE_FILE, FAILED, OK, STAGES, _jsonable, _one_line
from toolkit.batch.encoder_hooks import _ENCODE, _split_encoding
from toolkit.batch.manifest import Pair
from toolkit.batch.records import BatchOptions, PairRecord
from toolkit.batch.staging import _commit_folder, staging_folder
from toolkit.batch.worker_cache import model_loads
from toolkit.errors import InputError, ToolkitError
from toolkit.fileio import write_text


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
    encoder, nlp_src, nlp_tgt = _batch.worker_models(options, src.language, tgt.language)
    timings["load"] = time.perf_counter() - t0     # non-zero only for a worker's first pairs
    _ENCODE.calls = []
    t0 = time.perf_counter()
    try:
        result = run_documents(src, tgt, model=encoder, level=options.level, nlp_src=nlp_src, nlp_tgt=nlp_tgt)
        calls = _ENCODE.calls
    finally:
        _ENCODE.calls = None
        _batch._forget_vectors(encoder)
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
    write_glossary(result.glossary, out("glossary.json"))     # lossless (toolkit.export.glossary_json)
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
