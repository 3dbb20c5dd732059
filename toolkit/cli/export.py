"""`toolkit glossary merge`: fold machine glossaries and reviewers' edits into one file.

Registered on the ``glossary`` group that :mod:`toolkit.cli.terms` defines.
The output format follows the extension of ``-o`` (:mod:`toolkit.export.registry`).
"""
from __future__ import annotations

import click

from toolkit.cli import check_output, cli, output_options, warn, warn_unused_bom, warn_unused_comment_header
from toolkit.cli.terms import glossary as _glossary_group   # the `glossary` group is defined there


@click.command("merge")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="Merged glossary; format from the extension (.tbx .xlsx .csv .tsv .txt .json).")
@click.option("--force", is_flag=True, help="Overwrite OUTPUT if it exists.")
@click.option("--tbx-version", type=click.Choice(["3", "2"]), default="3", show_default=True,
              help="TBX flavour for a .tbx output: 3 (ISO 30042:2019 TBX-Basic) or 2 (martif, older CAT tools).")
@click.option("--edited", "edited", multiple=True, type=click.Path(dir_okay=False),
              help="Treat every entry of this input as a person's edit (repeatable); "
                   "otherwise edited rows are recognised automatically.")
@output_options
def merge_command(inputs, output, force, tbx_version, edited, lang_codes, bom, comment_header):
    """Merge glossaries INPUTS (TBX v3/v2, XLSX, CSV, TSV) into one.

    The same concept is merged and its evidence summed; a person's edits
    (status, corrected term, notes) win over machine suggestions; nothing is
    lost (the machine's suggestion stays in the note).  With one input this
    converts between formats.
    """
    from pathlib import Path

    from toolkit.export import read_glossary, registry, write_glossary
    from toolkit.export.merge import merge_edited

    fmt = registry.get("glossary", output).name   # fail before reading anything
    check_output(output, force=force, inputs=(*inputs, *edited))
    warn_unused_bom(bom, output, fmt)
    warn_unused_comment_header(comment_header, output, fmt)
    edited_paths = {Path(p).resolve() for p in edited}
    glossaries = []
    for path in inputs:
        manual = True if Path(path).resolve() in edited_paths else None
        g = read_glossary(path, manual=manual)
        n_manual = sum(1 for e in g.entries if e.manual)
        click.echo(f"{path}: {len(g.entries)} entries ({n_manual} edited by hand)", err=True)
        if not g.entries:
            warn(f"{path}: no entries")
        glossaries.append(g)
    for p in edited_paths - {Path(p).resolve() for p in inputs}:
        warn(f"--edited {p}: not among the inputs")
    merged = merge_edited(glossaries)
    write_glossary(merged, output, force=force, tbx_version=int(tbx_version), lang_codes=lang_codes, bom=bom,
                   comment_header=comment_header)
    click.echo(f"wrote {output}: {len(merged.entries)} entries", err=True)


_glossary_group.add_command(merge_command)


@cli.command("import-alignment")
@click.argument("alignment_file", type=click.Path(dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="Output; format from the extension (.tmx .xlf .xliff .xlsx .tsv .jsonl .beads).")
@click.option("--src-lang", default=None, help="Source language when the file records no signature.")
@click.option("--tgt-lang", default=None, help="Target language when the file records no signature.")
@click.option("--force", is_flag=True, help="Overwrite OUTPUT if it exists.")
@output_options
def import_alignment_command(alignment_file, output, src_lang, tgt_lang, force, lang_codes, bom, comment_header):
    """Read an alignment (a reviewer's corrected TSV from the review page, or a
    TSV/TMX/XLIFF/JSONL the toolkit wrote) and export it again, e.g. as TMX.

    Links marked `wrong` become unaligned segments and leave the memory;
    links a person confirmed (`ok`) get full confidence; `unreviewed` links
    keep the machine's confidence and flag; an unknown status is an error.
    """
    from toolkit.export import registry, write_alignment
    from toolkit.export.corrections import load_alignment

    fmt = registry.get("alignment", output).name   # fail before reading anything
    check_output(output, force=force, inputs=(alignment_file,))
    warn_unused_bom(bom, output, fmt)
    warn_unused_comment_header(comment_header, output, fmt)
    alignment = load_alignment(alignment_file, src_lang=src_lang, tgt_lang=tgt_lang)
    write_alignment(alignment, output, force=force, lang_codes=lang_codes, bom=bom, comment_header=comment_header)
    links = sum(1 for b in alignment.beads if not b.is_null)
    click.echo(f"wrote {output}: {links} links ({alignment.signature.params.get('reviewed', 0)} reviewed)", err=True)
