"""The main job on the shipped corpora, and the glossaries committed in ``glossaries/``.

``corpora/<id>/<lang>.txt`` holds the shipped documents.  A folder with both
languages of the pair is aligned and turned into a glossary; a folder with
only the source language (the seed, whose official English text is not
shipped) gets a segmentation report and its ranked term list.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from toolkit.errors import InputError, OutputExists

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPORA = ROOT / "corpora"


@dataclass
class CorpusItem:
    """One shipped document folder: a pair, or a single language."""

    id: str
    paths: dict[str, Path]           # language -> text file

    def is_pair(self, src_lang: str, tgt_lang: str) -> bool:
        return src_lang in self.paths and tgt_lang in self.paths


@dataclass
class JobReport:
    """What the main job wrote, and one summary row per document."""

    outputs: list[Path] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)


def list_corpora(corpora_dir: str | Path = DEFAULT_CORPORA, ids: list[str] | None = None) -> list[CorpusItem]:
    """Shipped document folders (``<id>/<lang>.txt``), sorted by id."""
    base = Path(corpora_dir)
    if not base.is_dir():
        raise InputError(f"{base}: corpora folder not found")
    items = []
    for folder in sorted(p for p in base.iterdir() if p.is_dir()):
        paths = {f.stem: f for f in sorted(folder.glob("*.txt")) if len(f.stem) in (2, 3)}
        if paths:
            items.append(CorpusItem(folder.name, paths))
    if ids:
        known = {i.id for i in items}
        missing = [i for i in ids if i not in known]
        if missing:
            raise InputError(f"unknown corpus id(s): {', '.join(missing)} (shipped: {', '.join(sorted(known))})")
        items = [i for i in items if i.id in ids]
    return items


def _check_free(paths: list[Path], force: bool) -> None:
    """Refuse before doing any work if an output exists and --force was not given."""
    if force:
        return
    existing = [p for p in paths if p.exists()]
    if existing:
        more = f" and {len(existing) - 1} more" if len(existing) > 1 else ""
        raise OutputExists(f"{existing[0]}{more}: already exist(s) (use --force to overwrite)")


def pair_outputs(out_dir: Path, item_id: str) -> dict[str, Path]:
    d = out_dir / item_id
    return {
        "alignment_tsv": d / "alignment.tsv",
        "alignment_tmx": d / "alignment.tmx",
        "alignment_xlsx": d / "alignment.xlsx",
        "glossary_tbx": d / "glossary.tbx",
        "glossary_tbx2": d / "glossary.v2.tbx",
        "glossary_xlsx": d / "glossary.xlsx",
        "glossary_tsv": d / "glossary.tsv",
        "report": d / "report.html",
    }


def single_outputs(out_dir: Path, item_id: str, lang: str) -> dict[str, Path]:
    d = out_dir / item_id
    return {"segments": d / f"segments.{lang}.tsv", "terms": d / f"terms.{lang}.tsv"}


def _encoder(model):
    """The encoder to share across every document: ``model`` itself if already loaded."""
    from toolkit.embed import load_encoder

    return model if model is not None and not isinstance(model, str) else load_encoder(model)


def run_main_job(out_dir: str | Path, *, corpora_dir: str | Path = DEFAULT_CORPORA,
                 ids: list[str] | None = None, src_lang: str = "fr", tgt_lang: str = "en",
                 model=None, force: bool = False,
                 progress: Callable[[str], None] | None = None) -> JobReport:
    """Align and export every shipped pair; segment and rank terms of single documents."""
    from toolkit.export import write_alignment, write_glossary, write_terms
    from toolkit.pipeline import run_pair
    from toolkit.review import write_report
    from toolkit.segment import read_document
    from toolkit.terms import extract_terms

    out = Path(out_dir)
    items = list_corpora(corpora_dir, ids)
    planned: list[Path] = []
    for item in items:
        if item.is_pair(src_lang, tgt_lang):
            planned += pair_outputs(out, item.id).values()
        else:
            for lang in item.paths:
                planned += single_outputs(out, item.id, lang).values()
    summary_path = out / "summary.tsv"
    planned.append(summary_path)
    _check_free(planned, force)

    encoder = _encoder(model)
    report = JobReport()
    for item in items:
        if progress:
            progress(item.id)
        if item.is_pair(src_lang, tgt_lang):
            result = run_pair(item.paths[src_lang], item.paths[tgt_lang],
                              src_lang=src_lang, tgt_lang=tgt_lang, model=encoder)
            o = pair_outputs(out, item.id)
            write_alignment(result.alignment, o["alignment_tsv"], force=force)
            write_alignment(result.alignment, o["alignment_tmx"], force=force)
            write_alignment(result.alignment, o["alignment_xlsx"], force=force)
            write_glossary(result.glossary, o["glossary_tbx"], force=force, tbx_version=3)
            write_glossary(result.glossary, o["glossary_tbx2"], force=force, tbx_version=2)
            write_glossary(result.glossary, o["glossary_xlsx"], force=force)
            write_glossary(result.glossary, o["glossary_tsv"], force=force)
            write_report(result.alignment, result.glossary, o["report"], force=force)
            report.outputs += o.values()
            report.rows.append({"id": item.id, "kind": f"pair {src_lang}-{tgt_lang}", **result.summary()})
        else:
            for lang, path in item.paths.items():
                doc = read_document(path, lang)
                terms = extract_terms(doc)
                o = single_outputs(out, item.id, lang)
                table = doc.to_dataframe()
                _write_segments(doc, table, o["segments"], force)
                write_terms(terms, o["terms"], force=force)
                report.outputs += o.values()
                kinds = table["kind"].value_counts().to_dict()
                report.rows.append({"id": item.id, "kind": f"document {lang}", "src_segments": len(doc),
                                    "footnotes": len(doc.footnotes), "terms": len(terms), **kinds})
    _write_table(report.rows, summary_path, force)
    report.outputs.append(summary_path)
    return report


def _write_table(rows: list[dict], path: Path, force: bool) -> None:
    import pandas as pd

    from toolkit.fileio import atomic_open

    with atomic_open(path, "w", force=force, newline="") as fh:
        pd.DataFrame(rows).to_csv(fh, sep="\t", index=False)


def _write_segments(doc, table, path: Path, force: bool) -> None:
    from toolkit.fileio import atomic_open

    with atomic_open(path, "w", force=force, newline="") as fh:
        fh.write(f"# document: {doc.symbol or doc.source_path or ''} language: {doc.language} "
                 f"checksum: {doc.checksum or ''}\n")
        table.to_csv(fh, sep="\t", index=False)


# ---------------------------------------------------------------- glossaries/

def glossary_outputs(out_dir: Path, item: CorpusItem, src_lang: str, tgt_lang: str) -> list[Path]:
    """What ``glossaries/`` ships for one folder: TBX v3, TBX v2 and XLSX of a pair
    (in that order), the ranked terms of a single source-language document, or nothing."""
    if item.is_pair(src_lang, tgt_lang):
        stem = f"{item.id}.{src_lang}-{tgt_lang}"
        return [out_dir / f"{stem}.tbx", out_dir / f"{stem}.v2.tbx", out_dir / f"{stem}.xlsx"]
    if src_lang in item.paths:
        return [out_dir / f"{item.id}.{src_lang}.terms.tsv"]
    return []


def build_glossaries(out_dir: str | Path, *, corpora_dir: str | Path = DEFAULT_CORPORA,
                     src_lang: str = "fr", tgt_lang: str = "en", model=None,
                     force: bool = False) -> list[Path]:
    """Rebuild what ``glossaries/`` ships: TBX v3, TBX v2 and XLSX per pair,
    and the ranked term list of each single-language document."""
    from toolkit.export import write_glossary, write_terms
    from toolkit.pipeline import run_pair
    from toolkit.segment import read_document
    from toolkit.terms import extract_terms

    out = Path(out_dir)
    items = list_corpora(corpora_dir)
    _check_free([p for item in items for p in glossary_outputs(out, item, src_lang, tgt_lang)], force)
    encoder = _encoder(model)
    written: list[Path] = []
    for item in items:
        paths = glossary_outputs(out, item, src_lang, tgt_lang)
        if item.is_pair(src_lang, tgt_lang):
            result = run_pair(item.paths[src_lang], item.paths[tgt_lang],
                              src_lang=src_lang, tgt_lang=tgt_lang, model=encoder)
            tbx3, tbx2, xlsx = paths
            written.append(write_glossary(result.glossary, tbx3, force=force, tbx_version=3))
            written.append(write_glossary(result.glossary, tbx2, force=force, tbx_version=2))
            written.append(write_glossary(result.glossary, xlsx, force=force))
        elif paths:
            doc = read_document(item.paths[src_lang], src_lang)
            written.append(write_terms(extract_terms(doc), paths[0], force=force))
    return [Path(p) for p in written]
