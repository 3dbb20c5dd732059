"""`toolkit segment`: print or write the segments of a document (table, JSONL, TSV or plain text).

Thin layer over :func:`toolkit.segment.read_document`; warnings of the
library (unsure language, structure fallback, encoding guess) are shown on
stderr, one line each.
"""
from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import click

from toolkit import __version__
from toolkit.cli import check_output, cli, comment_header_option, language_warnings, warn, warn_unused_comment_header
from toolkit.errors import InputError
from toolkit.model import Document, Signature

LANG_CHOICES = ["fr", "en", "es", "ru", "zh", "ar", "de"]
FORMATS = ("table", "jsonl", "tsv", "txt")
#: -o FILE without --format: the format its extension names ("table" is for the terminal only)
_EXT = {".jsonl": "jsonl", ".tsv": "tsv", ".txt": "txt"}


def _rows(doc: Document) -> list[dict]:
    """Segments, then footnotes as rows of kind ``footnote``."""
    rows = [
        {"id": s.id, "kind": s.kind, "number": s.number or "", "parent": s.parent or "",
         "footnote_refs": s.footnote_refs, "text": s.text, "span": list(s.span) if s.span else None}
        for s in doc.segments
    ]
    rows += [
        {"id": f.id, "kind": "footnote", "number": str(f.number), "parent": "", "footnote_refs": [],
         "text": f.text, "span": list(f.span) if f.span else None}
        for f in doc.footnotes
    ]
    return rows


def signature(doc: Document) -> Signature:
    from toolkit.langid import record_in_signature

    sig = Signature(toolkit_version=__version__,
                    params={"lang": doc.language, "segmenter": doc.provenance.get("segmenter", "un")},
                    inputs={"source": doc.checksum or ""})
    return record_in_signature(sig, doc)     # a label the text contradicts: detected:src=fr


def summary_line(doc: Document) -> str:
    counts = Counter(s.kind for s in doc.segments)
    parts = [f"{n} {kind}" for kind, n in counts.items()]
    if doc.footnotes:
        parts.append(f"{len(doc.footnotes)} footnotes")
    head = " ".join(x for x in (doc.symbol, f"[{doc.language}]") if x)
    return f"{head} {len(doc.segments)} segments: " + ", ".join(parts)


def format_tsv(doc: Document, *, comment_header: bool = True) -> str:
    """The segments as TSV, header first; with ``comment_header`` (stdout, which has no other
    place for it) a ``# signature:`` line before the header."""
    from toolkit.export.common import comment_line

    def cell(value) -> str:
        return str(value).replace("\t", " ").replace("\n", " ")

    lines = ["id\tkind\tnumber\tparent\tfootnote_refs\ttext"]
    if comment_header:
        lines.insert(0, comment_line(signature(doc)).rstrip("\n"))
    for r in _rows(doc):
        refs = ",".join(map(str, r["footnote_refs"]))
        lines.append("\t".join(cell(v) for v in (r["id"], r["kind"], r["number"], r["parent"], refs, r["text"])))
    return "\n".join(lines) + "\n"


def format_jsonl(doc: Document) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in _rows(doc))


def format_txt(doc: Document) -> str:
    """One paragraph per line, a blank line between paragraphs: the segments in document
    order (title first), then, after one more blank line, the footnotes.

    No signature line: every non-empty line is text to translate.  The blank lines are
    what OmegaT's default text filter ends a paragraph at, so that it makes one segment
    of each paragraph (a title or a clause ending in a comma does not run into the next)."""
    def line(text: str) -> str:
        return " ".join(text.split())

    body = [line(s.text) for s in doc.segments if s.text.strip()]
    notes = [line(f.text) for f in doc.footnotes if f.text.strip()]
    text = "\n\n".join(body)
    if notes:
        text += ("\n\n\n" if body else "") + "\n\n".join(notes)
    return text + "\n" if text else ""


def _output_format(out: str | None, fmt: str | None) -> str:
    if out is None:
        return fmt or "table"
    if fmt == "table":
        raise InputError("--format table is for the terminal; with -o use tsv, jsonl or txt")
    if fmt:
        return fmt
    ext = Path(out).suffix.lower()
    if ext not in _EXT:
        raise InputError(f"{out}: cannot tell the output format from the extension "
                         f"(use .tsv, .jsonl, .txt or --format tsv|jsonl|txt)")
    return _EXT[ext]


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
    for r in _rows(doc):
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
    if out and fmt == "tsv":     # header in row 1, the signature beside it (or first with --comment-header)
        from toolkit.export.common import write_plain_table

        write_plain_table(out, format_tsv(doc, comment_header=False), signature=signature(doc), fmt="segments",
                          force=force, comment_header=comment_header)
        click.echo(f"wrote {out}: {summary_line(doc)}", err=True)
        return
    text = {"jsonl": format_jsonl, "tsv": format_tsv, "txt": format_txt}[fmt](doc)
    if out:
        from toolkit.fileio import write_text

        write_text(out, text, force=force)
        click.echo(f"wrote {out}: {summary_line(doc)}", err=True)
    else:
        click.echo(text, nl=False)
