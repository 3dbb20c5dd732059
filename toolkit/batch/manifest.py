"""Manifest I/O: the pairs of a CSV/TSV table or of a folder ``<id>/<lang>.txt``."""
from __future__ import annotations

import csv
import dataclasses
import io
import os
import re
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Iterable

from toolkit.errors import InputError
from toolkit.fileio import write_text

MANIFEST_COLUMNS = ("id", "source", "target", "source_lang", "target_lang")
OPTIONAL_COLUMNS = ("gold", "format")


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
    out: list[Pair] = []
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
