"""Constants and small helpers shared by the modules of :mod:`toolkit.batch`."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from toolkit.export.glossary_json import jsonable as _jsonable  # noqa: F401  (done.json, evaluation.json)

SUMMARY_COLUMNS = ("id", "status", "src_segments", "tgt_segments", "links", "mean_confidence",
                   "flagged", "seconds", "error", "note", "source", "target", "gold")
_TEXT_COLUMNS = ("id", "status", "error", "note", "source", "target", "gold")
DONE_FILE = "done.json"
SUMMARY_FILE = "summary.tsv"
OK, FAILED, SKIPPED = "ok", "failed", "skipped"

# Stages reported by the benchmark (seconds summed over pairs).
STAGES = ("load", "read", "encode", "align", "terms", "glossary", "evaluate", "write")


def _ensure_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def _one_line(message: Any) -> str:
    text = str(message).strip()
    return (text.splitlines()[0] if text else type(message).__name__).replace("\t", " ")[:500]
