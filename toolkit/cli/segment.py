"""`toolkit segment`: print or write the segments of a document (table, JSONL, TSV or plain text).

Thin layer over :func:`toolkit.segment.read_document`; warnings of the
library (unsure language, structure fallback, encoding guess) are shown on
stderr, one line each.
"""
from __future__ import annotations

import shutil
from collections import Counter

import click

from toolkit.cli import check_output, cli, comment_header_option, language_warnings, warn, warn_unused_comment_header
from toolkit.errors import InputError
from toolkit.export import registry
from toolkit.export.registry import UnknownFormat
from toolkit.export.segments import segment_rows, segments_jsonl, segments_signature, segments_tsv, segments_txt
from toolkit.model import Document

LANG_CHOICES = ["fr", "en", "es", "ru", "zh", "ar", "de"]
#: "table" is for the terminal only; the others are the segments formats of the export registry
FORMATS = ("table", *registry.names("segments", "write"))

# The formatters live in toolkit.export.segments (registered there); these names stay for callers.
_rows = segment_rows
signature = segments_signature
format_tsv = segments_tsv
format_jsonl = segments_jsonl
format_txt = segments_txt


def summary_line(doc: Document) -> str:
    counts = Counter(s.kind for s in doc.segments)
    parts = [f"{n} {kind}" for kind, n in counts.items()]
    if doc.footnotes:
        parts.append(f"{len(doc.footnotes)} footnotes")
    head = " ".join(x for x in (doc.symbol, f"[{doc.language}]") if x)
    return f"{head} {len(doc.segments)} segments: " + ", ".join(parts)


def _output_format(out: str | None, fmt: str | None) -> str:
    names = registry.names("segments", "write")
    if out is None:
        return fmt or "table"
    if fmt == "table":
        raise InputError(f"--format table is for the terminal; with -o use {', '.join(names)}")
    if fmt:
        return fmt
    try:
        return registry.get("segments", out).name
    except UnknownFormat:
        exts = ", ".join(sorted(registry.extensions("segments")))
        raise UnknownFormat(f"{out}: cannot tell the output format from the extension "
                            f"(use {exts} or --format {'|'.join(names)})") from None


def _print_table(doc: Document) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(width=max(100, shutil.get_terminal_size((120, 20)).columns), soft_wrap=False)
    table = Table(title=summary_line(doc), show_lines=False, expand=True)
    table.add_column("id", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("no.", no_wrap=True)
    table.add_column("fn", no_wrap=True)
    table.add_column("text", ratio=1)
    for r in segment_rows(doc):
        table.add_row(r["id"], r["kind"], r["number"], ",".join(map(str, r["footnote_refs"])), r["text"])
    console.print(table)


@cli.command("segment")
@click.argument("file", type=click.Path(dir_okay=True, path_type=str))
@click.option("--lang", "lang", type=click.Choice(LANG_CHOICES), default=None,
              help="Language of the text (detected when omitted).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="table (the default on a terminal), jsonl, tsv, or txt: one paragraph per line and a "
                   "blank line between paragraphs, footnotes last after one more, for CAT tools.  "
                   "With -o: from the extension.  A TSV file starts with its header and keeps its "
                   "signature in OUTPUT.signature.json; printed TSV starts with a '# signature:' line.")
@click.option("--input-format", type=click.Choice(["auto", "un", "lines"]), default="auto", show_default=True,
              help="un: UN resolution structure; lines: one segment per line; auto: UN structure, "
                   "or lines when the text has neither structure nor blank lines.")
@click.option("-o", "--output", "out", default=None, type=click.Path(dir_okay=False),
              help="Write here (.tsv .jsonl .txt) instead of printing.")
@click.option("--force", is_flag=True, help="Overwrite OUTPUT if it exists.")
@comment_header_option
def segment_command(file: str, lang: str | None, fmt: str | None, input_format: str, out: str | None,
                    force: bool, comment_header: bool) -> None:
    """Segment FILE (text, PDF, Word, HTML) into its UN structure and print the segments.

    Segments: title, opening, preambular paragraphs (pp1...), operative paragraphs
    (op1...), sub-items (pp7.a), headings, footnotes (fn1...).

    --format txt gives a CAT tool (OmegaT...) one segment per paragraph: the
    segments in order, title first, one per line with a blank line between
    them, then one more blank line and the footnotes, laid out the same way.
    """
    from toolkit.segment import read_document

    fmt = _output_format(out, fmt)      # everything about the output fails before reading
    if out:
        check_output(out, force=force, inputs=(file,))
        warn_unused_comment_header(comment_header, out, fmt)
    elif fmt != "tsv":      # printed TSV has its '# signature:' line anyway
        warn_unused_comment_header(comment_header, None, fmt)
    doc = read_document(file, language=lang, input_format=input_format)
    for message in doc.warnings:
        warn(message)
    language_warnings(doc, names=(file,))
    if fmt == "table":
        _print_table(doc)
        return
    if out:     # a TSV has its header in row 1 and its signature beside it (first with --comment-header)
        registry.write("segments", doc, out, format=fmt, force=force, comment_header=comment_header)
        click.echo(f"wrote {out}: {summary_line(doc)}", err=True)
    else:
        click.echo(registry.dumps("segments", doc, fmt), nl=False)
