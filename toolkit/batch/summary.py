"""The run summary, ``OUTDIR/summary.tsv``: one row per pair."""
from __future__ import annotations

import csv
import io
import os
from pathlib import Path
from typing import Any
from collections.abc import Sequence

from toolkit import __version__
from toolkit.batch.common import FAILED, OK, SKIPPED, SUMMARY_COLUMNS, SUMMARY_FILE, _TEXT_COLUMNS
from toolkit.batch.records import PairRecord
from toolkit.model import Signature


def _signature(model: str | None, level: str, **params: Any) -> Signature:
    from toolkit.embed import model_identity      # name and exact weights, as every other signature

    return Signature(toolkit_version=__version__, model=model_identity(model), params={"level": level, **params})


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
