"""`toolkit fetch`: download a UN document by symbol, in one or more languages.

Thin layer over :func:`toolkit.readers.fetch.fetch_documents`.
"""
from __future__ import annotations

import click

from toolkit.cli import cli, warn
from toolkit.readers.fetch import BASE_URL_ENV, DEFAULT_BASE_URL, DEFAULT_DEADLINE, MAX_REDIRECTS


@cli.command("fetch")
@click.argument("symbol")
@click.option("--lang", "-l", "langs", default="fr,en", show_default=True,
              help="Language versions to fetch, comma-separated (fr, en, es, ar, ru, zh).")
@click.option("-o", "--output-dir", "outdir", default=".", show_default=True,
              type=click.Path(file_okay=False), help="Folder for <lang>.pdf, <lang>.txt, <lang>.provenance.json.")
@click.option("--format", "file_type", type=click.Choice(["pdf", "docx"]), default="pdf", show_default=True,
              help="Which published file to download.")
@click.option("--base-url", default=None, metavar="URL",
              help=f"Document service to ask (default ${BASE_URL_ENV} or {DEFAULT_BASE_URL}).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=60.0, show_default=True,
              help="Seconds to wait for the connection and for each read (not the whole download).")
@click.option("--deadline", type=click.FloatRange(min=0.1), default=DEFAULT_DEADLINE, show_default=True,
              metavar="SECONDS",
              help="Most seconds one language version may take in all: redirects, viewer page, download.")
@click.option("--max-redirects", type=click.IntRange(min=0), default=MAX_REDIRECTS, show_default=True)
@click.option("--force", is_flag=True, help="Overwrite files that already exist.")
def fetch_command(symbol, langs, outdir, file_type, base_url, timeout, deadline, max_redirects, force):
    """Download SYMBOL, such as A/RES/68/192, from the UN Official Document System.

    For each language, saves the original file, the extracted text (the layout
    `toolkit segment` reads) and a provenance record (URL, date, SHA-256, and
    whether the service took l=en or l=E: the other is tried on a 404 or an
    empty answer).  A language that fails leaves nothing in the folder.

    Only http and https URLs are followed: the base URL, every redirect and
    every link taken from a viewer page; anything else (file:, data:...) is
    refused.  A redirect or link to a private or loopback address is refused
    unless --base-url is itself one (a local mirror or test server).

    Example: toolkit fetch A/RES/68/192 --lang fr,en -o corpora/A-RES-68-192/
    """
    from toolkit.errors import InputError
    from toolkit.readers.fetch import fetch_document, normalise_language, normalise_symbol

    languages = list(dict.fromkeys(normalise_language(x) for x in langs.split(",") if x.strip()))
    if not languages:
        raise InputError("no language given (e.g. --lang fr,en)")
    normalise_symbol(symbol)   # refuse a bad symbol before any request
    for lang in languages:     # report each language as it lands: an error later keeps earlier files
        res = fetch_document(symbol, lang, outdir, base=base_url, file_type=file_type,
                             force=force, timeout=timeout, deadline=deadline,
                             max_redirects=max_redirects)
        prov = res.provenance
        for w in prov.get("warnings", []):
            warn(f"{res.language}: {w}")
        click.echo(f"{res.language}: {res.original_path} ({prov['bytes']} bytes, sha256 {prov['sha256'][:16]}), "
                   f"{res.text_path}, {res.provenance_path}")
