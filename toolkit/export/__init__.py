"""CAT-ready exports and imports; the format follows the file extension.

Glossaries: ``.tbx`` (TBX v3 TBX-Basic by default, v2 ``martif`` with
``tbx_version=2``), ``.xlsx``, ``.csv``, ``.tsv``, ``.txt`` (OmegaT glossary).
Alignments: ``.tmx`` (TMX 1.4b), ``.xlf``/``.xliff`` (XLIFF 1.2 bilingual), ``.xlsx`` (side
by side), ``.tsv``, ``.jsonl``.
Every writer is atomic and refuses to overwrite without ``force``; every file
records the run's signature (TBX/TMX/XLIFF header, XLSX ``run`` sheet, JSONL header
object; CSV/TSV/OmegaT/term lists in ``NAME.signature.json`` beside, or a
``# signature:`` first line with ``comment_header=True``).  The readers accept our files after a person
edited them and other tools' exports (see :mod:`toolkit.export.tabular`).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Sequence

from toolkit import __version__
from toolkit.errors import InputError
from toolkit.export.common import clean_text
from toolkit.export.tabular import AlignmentRow, alignment_tsv, glossary_tsv, terms_tsv
from toolkit.fileio import write_text
from toolkit.model import Alignment, Glossary, Signature, Term

__all__ = [
    "write_glossary", "read_glossary", "write_alignment", "read_alignment", "write_terms",
    "alignment_tsv", "glossary_tsv", "AlignmentRow", "GLOSSARY_FORMATS", "ALIGNMENT_FORMATS",
]

GLOSSARY_FORMATS = {".tbx": "tbx", ".xlsx": "xlsx", ".csv": "csv", ".tsv": "tsv", ".txt": "omegat",
                    ".tab": "tsv", ".utf8": "omegat"}
ALIGNMENT_FORMATS = {".tmx": "tmx", ".xlsx": "xlsx", ".tsv": "tsv", ".jsonl": "jsonl",
                     ".xlf": "xliff", ".xliff": "xliff"}


def _format(path, format: str | None, table: dict[str, str], what: str) -> str:
    if format:
        fmt = format.lower().lstrip(".")
        if fmt in set(table.values()) | {"txt"}:
            return "omegat" if fmt == "txt" else fmt
        raise InputError(f"unknown {what} format {format!r} (use one of {', '.join(sorted(set(table.values())))})")
    suffix = Path(path).suffix.lower()
    if suffix not in table:
        raise InputError(f"{path}: cannot tell the {what} format from the extension "
                         f"(use {', '.join(sorted(table))})")
    return table[suffix]


def write_glossary(glossary: Glossary, path, *, format: str | None = None, force: bool = False,
                   tbx_version: int = 3, lang_codes: dict[str, str] | None = None, bom: bool = False,
                   comment_header: bool = False) -> Path:
    """Write a glossary in the format its extension names (``format`` overrides).

    CSV, TSV and OmegaT files keep their signature in ``NAME.signature.json``
    (``comment_header=True``: a ``# signature:`` first line instead); TBX and
    XLSX have a place for it (TBX header, XLSX ``run`` sheet).
    """
    fmt = _format(path, format, GLOSSARY_FORMATS, "glossary")
    if fmt == "tbx":
        from toolkit.export.tbx import write_tbx

        if int(tbx_version) not in (2, 3):
            raise InputError(f"unknown TBX version {tbx_version!r} (use 3 or 2)")
        return write_tbx(glossary, path, version=int(tbx_version), force=force, lang_codes=lang_codes)
    if fmt == "xlsx":
        from toolkit.export.xlsx import write_glossary_xlsx

        return write_glossary_xlsx(glossary, path, force=force, lang_codes=lang_codes)
    from toolkit.export.tabular import write_glossary_table, write_omegat_glossary

    if fmt == "omegat":
        return write_omegat_glossary(glossary, path, force=force, bom=bom, comment_header=comment_header)
    return write_glossary_table(glossary, path, delimiter="\t" if fmt == "tsv" else ",", force=force,
                                lang_codes=lang_codes, bom=bom, comment_header=comment_header)


def read_glossary(path, *, format: str | None = None, src_lang: str | None = None,
                  tgt_lang: str | None = None, manual: bool | None = None) -> Glossary:
    """Read a glossary (TBX v3/v2, XLSX, CSV/TSV, OmegaT) back into a :class:`Glossary`.

    ``manual=True`` marks every entry as a person's edit (``False``: none);
    by default the file decides (see :func:`toolkit.export.tabular.rows_to_glossary`).
    """
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{p}: no such file")
    fmt = _format(p, format, GLOSSARY_FORMATS, "glossary")
    if fmt == "tbx":
        from toolkit.export.tbx import read_tbx

        glossary = read_tbx(p)
        if src_lang and glossary.tgt_lang == src_lang and glossary.src_lang != src_lang:
            from toolkit.export.merge import reverse

            glossary = reverse(glossary)
    elif fmt == "xlsx":
        from toolkit.export.xlsx import read_glossary_xlsx

        glossary = read_glossary_xlsx(p, src_lang=src_lang, tgt_lang=tgt_lang)
    else:
        from toolkit.export.tabular import read_glossary_table

        glossary = read_glossary_table(p, src_lang=src_lang, tgt_lang=tgt_lang)
    if manual is not None:
        for e in glossary.entries:
            e.manual = manual
    return glossary


def alignment_jsonl(alignment: Alignment) -> str:
    """A header object (signature) then one JSON object per bead."""
    lines = [json.dumps({"type": "header", "signature": str(alignment.signature),
                         "signature_fields": alignment.signature.to_dict(), "level": alignment.level,
                         "src_lang": alignment.source.language, "tgt_lang": alignment.target.language},
                        ensure_ascii=False)]
    for k, b in enumerate(alignment.beads):
        lines.append(json.dumps({
            "type": "bead", "bead": k, "src": list(b.src), "tgt": list(b.tgt),
            "src_ids": alignment.src_ids(b), "tgt_ids": alignment.tgt_ids(b),
            "src_text": clean_text(alignment.src_text(b)), "tgt_text": clean_text(alignment.tgt_text(b)),
            "kind": b.kind, "score": round(b.score, 6), "confidence": round(b.confidence, 6),
            "flagged": b.flagged}, ensure_ascii=False))
    return "\n".join(lines) + "\n"


def write_alignment(alignment: Alignment, path, *, format: str | None = None, force: bool = False,
                    lang_codes: dict[str, str] | None = None, bom: bool = False,
                    comment_header: bool = False) -> Path:
    """Write an alignment as TMX 1.4b, XLIFF 1.2, XLSX (side by side), TSV or JSONL (by extension).

    The TSV keeps its signature in ``NAME.signature.json`` (``comment_header=True``:
    a ``# signature:`` first line instead) and takes ``bom``; TMX, XLIFF, XLSX
    and JSONL record it in their header (``bom`` and ``comment_header`` do not apply).
    """
    fmt = _format(path, format, ALIGNMENT_FORMATS, "alignment")
    if fmt == "tmx":
        from toolkit.export.tmx import write_tmx

        return write_tmx(alignment, path, force=force, lang_codes=lang_codes)
    if fmt == "xliff":
        from toolkit.export.xliff import write_xliff

        return write_xliff(alignment, path, force=force, lang_codes=lang_codes)
    if fmt == "xlsx":
        from toolkit.export.xlsx import write_alignment_xlsx

        return write_alignment_xlsx(alignment, path, force=force, lang_codes=lang_codes)
    if fmt == "jsonl":
        return write_text(path, alignment_jsonl(alignment), force=force)
    from toolkit.export.tabular import write_alignment_table

    return write_alignment_table(alignment, path, force=force, bom=bom, comment_header=comment_header)


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
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{p}: no such file")
    table = {**ALIGNMENT_FORMATS, ".csv": "tsv", ".txt": "tsv"}
    fmt = _format(p, format, table, "alignment")
    if fmt == "tsv":
        from toolkit.export.tabular import read_alignment_table

        return read_alignment_table(p)
    if fmt == "xlsx":
        from toolkit.export.xlsx import read_alignment_xlsx

        return read_alignment_xlsx(p)
    if fmt == "jsonl":
        signature = None
        rows = []
        try:
            text = p.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InputError(f"{p}: not UTF-8 text") from None
        # JSON escapes every line break inside strings: records end at "\n" (or "\r\n")
        for n, line in enumerate(text.split("\n"), start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{p}: line {n}: not JSON ({exc.msg})") from None
            if obj.get("type") == "header":
                if n == 1 and obj.get("signature_fields"):
                    signature = Signature.from_dict(obj["signature_fields"])
                continue
            rows.append(AlignmentRow(
                bead=int(obj.get("bead", len(rows))), src_ids=list(obj.get("src_ids", [])),
                tgt_ids=list(obj.get("tgt_ids", [])), src_text=obj.get("src_text", ""),
                tgt_text=obj.get("tgt_text", ""), kind=obj.get("kind", ""),
                score=float(obj.get("score", 0.0)), confidence=float(obj.get("confidence", 0.0)),
                flagged=bool(obj.get("flagged", False)), status=obj.get("status"), note=obj.get("note")))
        return signature, rows
    if fmt == "tmx":
        from toolkit.export.tmx import read_tmx

        signature, units = read_tmx(p)
        rows = []
        for n, u in enumerate(units):
            texts = list(u["segs"]) + ["", ""]      # in document order: both sides may share a language
            props = u["props"]
            tuid = u.get("tuid") or ""
            rows.append(AlignmentRow(
                bead=int(tuid[1:]) if tuid[1:].isdigit() else n,
                src_ids=props.get("x-src-ids", "").split(), tgt_ids=props.get("x-tgt-ids", "").split(),
                src_text=texts[0], tgt_text=texts[1], kind=props.get("x-kind", ""),
                score=float(props.get("x-score") or 0), confidence=float(props.get("x-confidence") or 0),
                flagged=props.get("x-flagged") == "yes"))
        return signature, rows
    if fmt == "xliff":
        from toolkit.export.xliff import read_alignment_xliff

        return read_alignment_xliff(p)
    raise InputError(f"{p}: reading alignments from {fmt} is not supported "
                     f"(use .tsv, .xlsx, .jsonl, .tmx or .xlf)")


def write_terms(terms: Sequence[Term], path, force: bool = False, *,
                signature: Signature | None = None, comment_header: bool = False) -> Path:
    """Ranked term list TSV: term, lemma, pos, freq, score (then kind, variants, context).

    Header in row 1; the signature in ``NAME.signature.json`` (``comment_header=True``:
    a ``# signature:`` first line instead).
    """
    from toolkit.export.common import write_plain_table

    if signature is None:
        lang = terms[0].language if terms else None
        signature = Signature(toolkit_version=__version__, src_lang=lang, params={"kind": "terms"})
    return write_plain_table(path, terms_tsv(terms, signature, comment_header=False), signature=signature,
                             fmt="terms", force=force, comment_header=comment_header)


def read_terms(path) -> tuple[Signature | None, list[dict]]:
    """Rows of a term list TSV (for tests and the staleness check of ``glossaries/``)."""
    import csv
    import io

    from toolkit.export.common import read_sidecar
    from toolkit.export.tabular import _read_lines, split_comments, unneutralise

    # bytes decoded as they are: a universal-newline read would turn a "\r" in a cell into "\n"
    sig, lines = split_comments(_read_lines(path))
    sig = sig or read_sidecar(path)     # no comment line: the signature is in NAME.signature.json
    rows = list(csv.DictReader(io.StringIO("".join(lines)), delimiter="\t"))
    for r in rows:
        for k in ("term", "lemma", "variants", "context"):
            if k in r and r[k] is not None:
                r[k] = unneutralise(r[k])
    return sig, rows
