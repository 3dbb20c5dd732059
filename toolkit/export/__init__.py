"""CAT-ready exports and imports; the format follows the file extension.

Glossaries: ``.tbx`` (TBX v3 TBX-Basic by default, v2 ``martif`` with
``tbx_version=2``), ``.xlsx``, ``.csv``, ``.tsv``, ``.txt`` (OmegaT glossary).
Alignments: ``.tmx`` (TMX 1.4b), ``.xlf``/``.xliff`` (XLIFF 1.2 bilingual), ``.xlsx`` (side
by side), ``.tsv``, ``.jsonl``, ``.beads`` (vecalign).  The extensions, writers and
readers of every kind (glossary, alignment, term list, segments) are in one
registry, :mod:`toolkit.export.registry`: adding a format is one module plus
one line there.
Every writer is atomic and refuses to overwrite without ``force``; every file
records the run's signature (TBX/TMX/XLIFF header, XLSX ``run`` sheet, JSONL header
object; CSV/TSV/OmegaT/term lists in ``NAME.signature.json`` beside, or a
``# signature:`` first line with ``comment_header=True``).  The readers accept our files after a person
edited them and other tools' exports (see :mod:`toolkit.export.tabular`).
"""
from __future__ import annotations

from pathlib import Path
from collections.abc import Sequence

from toolkit.export import registry
from toolkit.export.jsonl import alignment_jsonl
from toolkit.export.registry import ExtensionTable, Format, UnknownFormat
from toolkit.export.tabular import AlignmentRow, alignment_tsv, glossary_tsv
from toolkit.model import Alignment, Glossary, Signature, Term

__all__ = [
    "write_glossary", "read_glossary", "write_alignment", "read_alignment", "write_terms", "read_terms",
    "alignment_tsv", "glossary_tsv", "alignment_jsonl", "AlignmentRow", "GLOSSARY_FORMATS", "ALIGNMENT_FORMATS",
    "Format", "UnknownFormat", "registry",
]

#: extension -> format name, live views of :mod:`toolkit.export.registry` (what can be written)
GLOSSARY_FORMATS = ExtensionTable("glossary")
ALIGNMENT_FORMATS = ExtensionTable("alignment")


def _format(path, format: str | None, table, what: str) -> str:
    """The format name of ``path`` (or ``format``) in ``table``; kept for callers of the
    extension tables (:func:`toolkit.export.registry.get` is the lookup itself)."""
    if isinstance(table, ExtensionTable):
        return registry.get(table.kind, path, format=format, mode=table.mode).name
    if format:
        fmt = format.lower().lstrip(".")
        if fmt in set(table.values()) | {"txt"}:
            return "omegat" if fmt == "txt" else fmt
        raise UnknownFormat(f"unknown {what} format {format!r} (use one of {', '.join(sorted(set(table.values())))})")
    suffix = Path(path).suffix.lower()
    if suffix not in table:
        raise UnknownFormat(f"{path}: cannot tell the {what} format from the extension "
                            f"(use {', '.join(sorted(table))})")
    return table[suffix]


def write_glossary(glossary: Glossary, path, *, format: str | None = None, force: bool = False,
                   tbx_version: int = 3, lang_codes: dict[str, str] | None = None, bom: bool = False,
                   comment_header: bool = False, **options) -> Path:
    """Write a glossary in the format its extension names (``format`` overrides).

    CSV, TSV and OmegaT files keep their signature in ``NAME.signature.json``
    (``comment_header=True``: a ``# signature:`` first line instead); TBX and
    XLSX have a place for it (TBX header, XLSX ``run`` sheet); ``.json`` is
    lossless (evidence included).  Further ``options`` go to the writers that take them
    (a format ignores the options it has no use for).
    """
    return registry.write("glossary", glossary, path, format=format, force=force, tbx_version=tbx_version,
                          lang_codes=lang_codes, bom=bom, comment_header=comment_header, **options)


def read_glossary(path, *, format: str | None = None, src_lang: str | None = None,
                  tgt_lang: str | None = None, manual: bool | None = None) -> Glossary:
    """Read a glossary (TBX v3/v2, XLSX, CSV/TSV, OmegaT, JSON) back into a :class:`Glossary`.

    ``manual=True`` marks every entry as a person's edit (``False``: none);
    by default the file decides (see :func:`toolkit.export.tabular.rows_to_glossary`).
    """
    glossary = registry.read("glossary", path, format=format, src_lang=src_lang, tgt_lang=tgt_lang)
    if manual is not None:
        for e in glossary.entries:
            e.manual = manual
    return glossary


def write_alignment(alignment: Alignment, path, *, format: str | None = None, force: bool = False,
                    lang_codes: dict[str, str] | None = None, bom: bool = False,
                    comment_header: bool = False, **options) -> Path:
    """Write an alignment as TMX 1.4b, XLIFF 1.2, XLSX (side by side), TSV, JSONL or
    vecalign beads (by extension).

    The TSV and beads keep their signature in ``NAME.signature.json`` (``comment_header=True``:
    a ``# signature:`` first line instead); the TSV takes ``bom``; TMX, XLIFF, XLSX
    and JSONL record it in their header (``bom`` and ``comment_header`` do not apply).
    Further ``options`` go to the writers that take them (XLIFF: ``glossary``, ``version``).
    """
    return registry.write("alignment", alignment, path, format=format, force=force, lang_codes=lang_codes,
                          bom=bom, comment_header=comment_header, **options)


def read_alignment(path, *, format: str | None = None) -> list[AlignmentRow]:
    """Beads of an alignment file as rows, with a reviewer's ``status``/``note`` when present.

    Reads the TSV (a reviewer's corrected copy too), the XLSX, the JSONL, the
    TMX and the XLIFF the toolkit writes.  A TMX holds no null beads (nothing to
    translate): they do not come back from it.
    """
    return read_alignment_file(path, format=format)[1]


def read_alignment_signature(path) -> Signature | None:
    """The signature recorded in an alignment TSV/TMX/XLIFF/JSONL (or its sidecar), if any."""
    return read_alignment_file(path)[0]


def read_alignment_file(path, *, format: str | None = None) -> tuple[Signature | None, list[AlignmentRow]]:
    """Signature and rows of an alignment file from one read (see :func:`read_alignment`)."""
    return registry.read("alignment", path, format=format)


def write_terms(terms: Sequence[Term], path, force: bool = False, *,
                signature: Signature | None = None, comment_header: bool = False) -> Path:
    """Ranked term list TSV: term, lemma, pos, freq, score (then kind, variants, context).

    Header in row 1; the signature in ``NAME.signature.json`` (``comment_header=True``:
    a ``# signature:`` first line instead).
    """
    return registry.write("terms", terms, path, force=force, signature=signature, comment_header=comment_header)


def read_terms(path) -> tuple[Signature | None, list[dict]]:
    """Rows of a term list TSV (for tests and the staleness check of ``glossaries/``)."""
    return registry.get("terms", path, mode="read").read(path)
