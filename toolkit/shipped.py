"""The main job on the shipped corpora, and the glossaries committed in ``glossaries/``.

``corpora/<id>/<lang>.txt`` holds the shipped documents.  A folder with both
languages of the pair is aligned and turned into a glossary; a folder with
only the source language (the seed, whose official English text is not
shipped) gets a segmentation report, its ranked term list and the
counterparts the shipped termbase suggests for its terms
(``<id>.<src>-<tgt>.suggested.{tbx,xlsx}``, :mod:`toolkit.suggest`).  Once
the seed's English is there (``toolkit fetch``), it is a pair: its own
alignment-based glossary replaces the suggestions, and
``term-consistency.tsv`` lists the segments where its translation uses none
of the termbase's known equivalents (:mod:`toolkit.check`).

``corpora/un-devset/`` (the UN Parallel Corpus development set, 732
documents) is not a folder of this layout: it is read through its batch
manifest when the termbase is built (:mod:`toolkit.termbase`), not by the
main job.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from collections.abc import Callable

from toolkit.errors import InputError, OutputExists

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPORA = ROOT / "corpora"
DEFAULT_GLOSSARIES = ROOT / "glossaries"
# The report of a pair's own translation against the termbase (toolkit.check), in OUT/<id>/.
CONSISTENCY_FILE = "term-consistency.tsv"


@dataclass
class CorpusItem:
    """One shipped document folder: a pair, or a single language."""

    id: str
    paths: dict[str, Path]           # language -> text file
    symbol: str | None = None        # the UN symbol its PROVENANCE.md gives (the first, if several)
    subject: str | None = None       # the subject field its PROVENANCE.md gives

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
            items.append(CorpusItem(folder.name, paths, **_provenance_fields(folder / "PROVENANCE.md")))
    if ids:
        known = {i.id for i in items}
        missing = [i for i in ids if i not in known]
        if missing:
            raise InputError(f"unknown corpus id(s): {', '.join(missing)} (shipped: {', '.join(sorted(known))})")
        items = [i for i in items if i.id in ids]
    return items


_PROVENANCE_ROW = re.compile(r"^\|\s*(UN symbols?|Subject field)\s*\|\s*(.+?)\s*\|\s*$", re.M)
_SYMBOL = re.compile(r"\b[A-Z]{1,6}/(?:[A-Z0-9.()]+/)*[A-Z0-9.()]+")


def _provenance_fields(path: Path) -> dict[str, str]:
    """The UN symbol and subject field a folder's PROVENANCE.md table gives, where it gives them."""
    out: dict[str, str] = {}
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return out
    for key, value in _PROVENANCE_ROW.findall(text):
        if key.startswith("UN symbol"):
            symbol = _SYMBOL.search(value)
            if symbol:
                text = symbol.group(0)
                while text.count(")") > text.count("("):      # "(document A/RES/217(III))"
                    text = text[:-1]
                out["symbol"] = text
        else:
            out["subject"] = re.sub(r"\s*\(.*\)$", "", value).strip()
    return out


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


#: outputs of the main job written as plain tables (toolkit.export.common.write_plain_table), which keep
#: their signature in NAME.signature.json unless comment_header
PLAIN_TABLES = ("alignment_tsv", "glossary_tsv", "terms", "segments")


def sidecars(outputs: dict[str, Path]) -> list[Path]:
    """The ``NAME.signature.json`` of the plain tables among ``outputs`` (:func:`pair_outputs`,
    :func:`single_outputs`): refused before the work like the tables, written unless comment_header."""
    from toolkit.export.common import sidecar_path

    return [sidecar_path(path) for key, path in outputs.items() if key in PLAIN_TABLES]


def figures(paths) -> list[Path]:
    """The ``NAME.tbx.figures.json`` every TBX among ``paths`` gets (its machine figures), written
    whatever the table options."""
    from toolkit.export.common import FIGURES_SUFFIX, sidecar_path

    return [sidecar_path(p, FIGURES_SUFFIX) for p in paths if Path(p).suffix.lower() == ".tbx"]


def single_outputs(out_dir: Path, item_id: str, lang: str, tgt_lang: str | None = None) -> dict[str, Path]:
    """Outputs of a single-language document; with ``tgt_lang``, also its termbase suggestions."""
    d = out_dir / item_id
    out = {"segments": d / f"segments.{lang}.tsv", "terms": d / f"terms.{lang}.tsv"}
    if tgt_lang:
        tbx, xlsx = suggestion_outputs(d, item_id, lang, tgt_lang)
        out.update({"suggested_tbx": tbx, "suggested_xlsx": xlsx})
    return out


def suggestion_outputs(folder: Path, item_id: str, src_lang: str, tgt_lang: str) -> list[Path]:
    """``<folder>/<id>.<src>-<tgt>.suggested.tbx`` and ``.xlsx``."""
    stem = f"{item_id}.{src_lang}-{tgt_lang}.suggested"
    return [Path(folder) / f"{stem}.tbx", Path(folder) / f"{stem}.xlsx"]


def shipped_termbase(src_lang: str = "fr", tgt_lang: str = "en",
                     glossaries_dir: str | Path = DEFAULT_GLOSSARIES) -> Path | None:
    """The committed termbase TBX for the pair (``glossaries/un-termbase.<src>-<tgt>.tbx``), if any."""
    from toolkit.termbase import termbase_paths

    tbx = termbase_paths(glossaries_dir, src_lang, tgt_lang)[0]
    return tbx if tbx.is_file() else None


def _resolve_termbase(termbase, src_lang: str, tgt_lang: str) -> Path | None:
    """``termbase`` argument of the jobs: True = the shipped one if present, False/None = none, else a path."""
    if termbase is True:
        return shipped_termbase(src_lang, tgt_lang)
    if not termbase:
        return None
    p = Path(termbase)
    if not p.is_file():
        raise InputError(f"{p}: termbase not found")
    return p


def write_suggestions_for(doc, terms, termbase_path: Path, paths: list[Path], *, force: bool = False,
                          lang_codes: dict[str, str] | None = None):
    """Suggest from ``termbase_path`` for ``doc`` (its ranked ``terms``) and write them to ``paths``
    (TBX/XLSX: ``lang_codes`` as for :func:`toolkit.export.write_glossary`).

    Returns the :class:`toolkit.suggest.SuggestResult` (``counts`` for the summary).
    The function the main job and ``build-glossaries`` share, so that the
    committed ``glossaries/<id>.<src>-<tgt>.suggested.*`` is what ``toolkit run`` writes.
    """
    from toolkit.suggest import suggest_document, write_suggestions
    from toolkit.termbase import read_termbases, termbase_checksum, termbase_label

    termbase = read_termbases([termbase_path], src_lang=doc.language)
    result = suggest_document(doc, termbase, terms=terms, termbase_label=termbase_label([termbase_path]),
                              termbase_checksum=termbase_checksum([termbase_path]))
    for path in paths:
        write_suggestions(result.glossary, path, force=force, lang_codes=lang_codes)
    return result


def suggestion_row(counts: dict[str, int]) -> dict[str, int]:
    """Summary columns of a document's suggestions."""
    return {"suggested": counts["suggested"], "suggested_exact": counts["exact"], "suggested_lemma": counts["lemma"],
            "suggested_composed": counts["composed"], "no_counterpart": counts["none"]}


def _encoder(model):
    """The encoder to share across every document: ``model`` itself if already loaded."""
    from toolkit.embed import load_encoder

    return model if model is not None and not isinstance(model, str) else load_encoder(model)


def run_main_job(out_dir: str | Path, *, corpora_dir: str | Path = DEFAULT_CORPORA,
                 ids: list[str] | None = None, src_lang: str = "fr", tgt_lang: str = "en",
                 model=None, force: bool = False,
                 progress: Callable[[str], None] | None = None, termbase=True,
                 lang_codes: dict[str, str] | None = None, bom: bool = False, comment_header: bool = False,
                 stages: Callable[[str, str], None] | None = None) -> JobReport:
    """Align and export every shipped pair; segment and rank terms of single documents.

    ``termbase``: True (default) uses the shipped termbase
    (``glossaries/un-termbase.<src>-<tgt>.tbx``) when it exists, a path uses
    that file, False none.  With a termbase, a single source-language document
    also gets ``<id>.<src>-<tgt>.suggested.{tbx,xlsx}`` and its summary row
    the number of terms that received a suggestion (``suggested``); a pair
    gets ``term-consistency.tsv`` and ``term_inconsistencies``.

    ``lang_codes``, ``bom`` and ``comment_header`` go to every glossary,
    alignment and term-list writer (as for :func:`toolkit.export.write_glossary`):
    the codes to TBX, TMX, XLSX and the TSV headers, the BOM to alignment.tsv
    and glossary.tsv, and ``comment_header`` makes alignment.tsv, glossary.tsv,
    the term lists and the segment tables start with a ``# signature:`` line instead
    of writing ``NAME.signature.json``.  Every file is written by the format the
    export registry (:mod:`toolkit.export.registry`) has for its extension.  ``progress(item)`` is called as each document
    starts, ``stages(stage, detail)`` as each stage of a pair starts
    (:func:`toolkit.pipeline.run_pair`).
    """
    from toolkit.export import registry, write_alignment, write_glossary, write_terms
    from toolkit.pipeline import run_pair
    from toolkit.review import write_report
    from toolkit.segment import read_document
    from toolkit.terms import extract_terms

    out = Path(out_dir)
    items = list_corpora(corpora_dir, ids)
    termbase_path = _resolve_termbase(termbase, src_lang, tgt_lang)
    planned: list[Path] = []
    for item in items:
        if item.is_pair(src_lang, tgt_lang):
            planned += pair_outputs(out, item.id).values()
            planned += sidecars(pair_outputs(out, item.id)) + figures(pair_outputs(out, item.id).values())
            if termbase_path:
                planned.append(out / item.id / CONSISTENCY_FILE)
        else:
            for lang in item.paths:
                suggest = termbase_path is not None and lang == src_lang
                o = single_outputs(out, item.id, lang, tgt_lang if suggest else None)
                planned += [*o.values(), *sidecars(o), *figures(o.values())]
    summary_path = out / "summary.tsv"
    planned.append(summary_path)
    _check_free(planned, force)

    encoder = _encoder(model)
    codes: dict[str, Any] = {"lang_codes": lang_codes}
    tables: dict[str, Any] = {"bom": bom, "comment_header": comment_header}
    report = JobReport()
    for item in items:
        if progress:
            progress(item.id)
        if item.is_pair(src_lang, tgt_lang):
            result = run_pair(item.paths[src_lang], item.paths[tgt_lang], src_lang=src_lang, tgt_lang=tgt_lang,
                              model=encoder, progress=stages, symbol=item.symbol, subject=item.subject)
            o = pair_outputs(out, item.id)
            write_alignment(result.alignment, o["alignment_tsv"], force=force, **codes, **tables)
            write_alignment(result.alignment, o["alignment_tmx"], force=force, **codes)
            write_alignment(result.alignment, o["alignment_xlsx"], force=force, **codes)
            write_glossary(result.glossary, o["glossary_tbx"], force=force, tbx_version=3, **codes)
            write_glossary(result.glossary, o["glossary_tbx2"], force=force, tbx_version=2, **codes)
            write_glossary(result.glossary, o["glossary_xlsx"], force=force, **codes)
            write_glossary(result.glossary, o["glossary_tsv"], force=force, **codes, **tables)
            write_report(result.alignment, result.glossary, o["report"], force=force)
            report.outputs += [*o.values(), *figures(o.values())]
            if not comment_header:
                report.outputs += sidecars(o)
            row = {"id": item.id, "kind": f"pair {src_lang}-{tgt_lang}", **result.summary()}
            if termbase_path:
                path = out / item.id / CONSISTENCY_FILE
                row["term_inconsistencies"] = _write_consistency(result, termbase_path, path, force)
                report.outputs.append(path)
            report.rows.append(row)
        else:
            for lang, path in item.paths.items():
                doc = read_document(path, lang)
                terms = extract_terms(doc)
                suggest = termbase_path is not None and lang == src_lang
                o = single_outputs(out, item.id, lang, tgt_lang if suggest else None)
                table = doc.to_dataframe()
                registry.write("segments", doc, o["segments"], force=force, comment_header=comment_header)
                write_terms(terms, o["terms"], force=force, comment_header=comment_header)
                kinds = table["kind"].value_counts().to_dict()
                row = {"id": item.id, "kind": f"document {lang}", "src_segments": len(doc),
                       "footnotes": len(doc.footnotes), "terms": len(terms), **kinds}
                if suggest and termbase_path is not None:
                    found = write_suggestions_for(doc, terms, termbase_path, [o["suggested_tbx"], o["suggested_xlsx"]],
                                                  force=force, lang_codes=lang_codes)
                    row.update(suggestion_row(found.counts))
                report.outputs += [*o.values(), *figures(o.values())]
                if not comment_header:
                    report.outputs += sidecars(o)
                report.rows.append(row)
    _write_table(report.rows, summary_path, force)
    report.outputs.append(summary_path)
    return report


def _write_consistency(result, termbase_path: Path, path: Path, force: bool) -> int:
    """Check a pair's own translation against the termbase; write the report; return the number of flags."""
    from toolkit.check import check_documents, write_report
    from toolkit.termbase import read_termbases, termbase_checksum, termbase_label

    termbase = read_termbases([termbase_path], src_lang=result.source.language, tgt_lang=result.target.language)
    checked = check_documents(result.source, result.target, termbase, alignment=result.alignment,
                              termbase_label=termbase_label([termbase_path]),
                              termbase_checksum=termbase_checksum([termbase_path]))
    write_report(checked.flags, path, signature=checked.signature, force=force)
    return len(checked.flags)


def _write_table(rows: list[dict], path: Path, force: bool) -> None:
    import pandas as pd

    from toolkit.fileio import atomic_open

    with atomic_open(path, "w", force=force, newline="") as fh:
        pd.DataFrame(rows).to_csv(fh, sep="\t", index=False)


# ---------------------------------------------------------------- glossaries/

def glossary_outputs(out_dir: Path, item: CorpusItem, src_lang: str, tgt_lang: str) -> list[Path]:
    """What ``glossaries/`` ships for one folder: TBX v3, TBX v2 and XLSX of a pair
    (in that order), the ranked terms of a single source-language document, or nothing.
    (The termbase and the suggestions: :func:`termbase_outputs`.)"""
    if item.is_pair(src_lang, tgt_lang):
        stem = f"{item.id}.{src_lang}-{tgt_lang}"
        return [out_dir / f"{stem}.tbx", out_dir / f"{stem}.v2.tbx", out_dir / f"{stem}.xlsx"]
    if src_lang in item.paths:
        return [out_dir / f"{item.id}.{src_lang}.terms.tsv"]
    return []


def termbase_outputs(out_dir: Path, items: list[CorpusItem], src_lang: str, tgt_lang: str, *,
                     termbase: bool = True) -> list[Path]:
    """The termbase (TBX v3, XLSX; only when it is rebuilt) and the suggestions
    (``<id>.<src>-<tgt>.suggested.{tbx,xlsx}``) of every single source-language document."""
    from toolkit.termbase import termbase_paths

    paths = list(termbase_paths(out_dir, src_lang, tgt_lang)) if termbase else []
    for item in items:
        if not item.is_pair(src_lang, tgt_lang) and src_lang in item.paths:
            paths += suggestion_outputs(out_dir, item.id, src_lang, tgt_lang)
    return paths


def build_glossaries(out_dir: str | Path, *, corpora_dir: str | Path = DEFAULT_CORPORA,
                     src_lang: str = "fr", tgt_lang: str = "en", model=None,
                     force: bool = False, termbase: bool = True, termbase_work_dir: str | Path | None = None,
                     workers: int | None = None, progress: bool = False,
                     lang_codes: dict[str, str] | None = None, bom: bool = False,
                     comment_header: bool = False) -> list[Path]:
    """Rebuild what ``glossaries/`` ships: TBX v3, TBX v2 and XLSX per pair, the ranked
    term list of each single-language document, the corpus termbase and the
    suggestions it makes for each single-language document.

    ``termbase=True``: rebuild the termbase from every shipped parallel text
    with the batch runner (:func:`toolkit.termbase.build_termbase`; ``workers``
    as for :func:`toolkit.batch.run_batch`, default a local cluster;
    ``termbase_work_dir`` keeps the batch outputs for a resumable rebuild,
    default a temporary folder) and write it to ``out_dir``.  The slow part
    (the 734 pairs: about 5 minutes on 2 cores).  ``termbase=False``: keep
    the committed termbase (``glossaries/un-termbase.*``) and only redo the
    suggestions from it.  Suggestions are always made from the termbase TBX as
    written, so they are what ``toolkit run`` writes with the shipped one.

    ``lang_codes`` go to the glossaries, the termbase and the suggestions (TBX,
    XLSX; readers map ``fr-CA`` back to ``fr``);
    ``comment_header`` to the term lists (a ``# signature:`` first line instead
    of ``NAME.signature.json``); ``bom`` applies to no file it writes (no
    CSV/TSV glossary), and is accepted for the shared command-line options.
    Returns the paths written, the term lists' ``NAME.signature.json`` included.
    """
    import tempfile

    from toolkit.export import write_glossary, write_terms
    from toolkit.pipeline import run_pair
    from toolkit.segment import read_document
    from toolkit.terms import extract_terms

    out = Path(out_dir)
    items = list_corpora(corpora_dir)
    extra = termbase_outputs(out, items, src_lang, tgt_lang, termbase=termbase)
    shipped = [p for item in items for p in glossary_outputs(out, item, src_lang, tgt_lang)]
    _check_free(shipped + term_sidecars(shipped) + extra + figures(shipped + extra), force)
    encoder = _encoder(model)
    written: list[Path] = []
    singles = []
    for item in items:
        paths = glossary_outputs(out, item, src_lang, tgt_lang)
        if item.is_pair(src_lang, tgt_lang):
            result = run_pair(item.paths[src_lang], item.paths[tgt_lang], src_lang=src_lang, tgt_lang=tgt_lang,
                              model=encoder, symbol=item.symbol, subject=item.subject)
            tbx3, tbx2, xlsx = paths
            written.append(write_glossary(result.glossary, tbx3, force=force, tbx_version=3, lang_codes=lang_codes))
            written.append(write_glossary(result.glossary, tbx2, force=force, tbx_version=2, lang_codes=lang_codes))
            written.append(write_glossary(result.glossary, xlsx, force=force, lang_codes=lang_codes))
            written += figures([tbx3, tbx2])
        elif paths:
            doc = read_document(item.paths[src_lang], src_lang)
            terms = extract_terms(doc)
            written.append(write_terms(terms, paths[0], force=force, comment_header=comment_header))
            if not comment_header:
                written += term_sidecars(paths)
            singles.append((item, doc, terms))
    if termbase:
        from toolkit.termbase import build_termbase, select_for_shipping, termbase_pairs, write_termbase

        pairs = termbase_pairs(corpora_dir, src_lang, tgt_lang)
        with tempfile.TemporaryDirectory(prefix="termbase-batch-") as tmp:
            build = build_termbase(pairs, termbase_work_dir or tmp, src_lang=src_lang, tgt_lang=tgt_lang,
                                   model=encoder, workers=workers, progress=progress)
        termbase_files = write_termbase(select_for_shipping(build.termbase), out, force=force, lang_codes=lang_codes)
        written += [*termbase_files, *figures(termbase_files)]
        termbase_path: Path | None = termbase_files[0]
    else:
        termbase_path = shipped_termbase(src_lang, tgt_lang)
    if termbase_path is not None:
        for item, doc, terms in singles:
            paths = suggestion_outputs(out, item.id, src_lang, tgt_lang)
            write_suggestions_for(doc, terms, termbase_path, paths, force=force, lang_codes=lang_codes)
            written += [*paths, *figures(paths)]
    return [Path(p) for p in written]


def term_sidecars(paths: list[Path]) -> list[Path]:
    """``NAME.signature.json`` of the term lists (``*.terms.tsv``) among ``paths`` of :func:`glossary_outputs`."""
    from toolkit.export.common import sidecar_path

    return [sidecar_path(p) for p in paths if p.name.endswith(".terms.tsv")]
