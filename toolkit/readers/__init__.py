"""Readers: turn a file as users have it (text, PDF, Word, HTML) into the plain
text layout the segmenter handles, plus whatever metadata the file carries.

The reader is chosen by content sniffing, not only by extension.  Every reader
returns a :class:`LoadedText`; ``segment``, ``align``, ``terms``, ``glossary``
and ``batch`` all go through :func:`load_text`, or :func:`read_document`
(read and segment; also importable as ``toolkit.segment.read_document``).
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from toolkit.errors import InputError
from toolkit.model import text_checksum


@dataclass
class LoadedText:
    """Text extracted from a file, in the layout of a PDF-extracted UN resolution."""

    text: str
    path: str
    format: str                      # "text", "pdf", "docx", "html"
    encoding: str | None = None      # for text input: the encoding that was detected
    metadata: dict[str, Any] = field(default_factory=dict)   # symbol, date, title...
    warnings: list[str] = field(default_factory=list)

    @property
    def checksum(self) -> str:
        return text_checksum(self.text)


# format name -> "module:function"; each function takes (path: Path, data: bytes)
# and returns a LoadedText.
READERS: dict[str, str] = {
    "text": "toolkit.readers.text:read_text",
    "pdf": "toolkit.readers.pdf:read_pdf",
    "docx": "toolkit.readers.docx:read_docx",
    "html": "toolkit.readers.html:read_html",
}


def sniff_format(path: Path, data: bytes) -> str:
    """Guess the file format from its first bytes (the extension only breaks ties)."""
    head = data[:2048]
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        if b"word/" in data[:65536] or path.suffix.lower() in {".docx", ".docm"}:
            return "docx"
        raise InputError(f"{path}: a ZIP archive that is not a Word (.docx) document")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(f"{path}: an old binary Word (.doc) file; save it as .docx or PDF first")
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if stripped.startswith((b"<!doctype html", b"<html")) or (
        path.suffix.lower() in {".html", ".htm", ".xhtml"} and stripped.startswith(b"<")
    ):
        return "html"
    return "text"


def load_text(path: str | Path) -> LoadedText:
    """Read any supported file into plain text (raises :class:`InputError`)."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such file")
    if p.is_dir():
        raise InputError(f"{p}: is a directory, expected a file")
    try:
        data = p.read_bytes()
    except PermissionError:
        raise InputError(f"{p}: permission denied") from None
    if not data.strip():
        raise InputError(f"{p}: the file is empty")
    fmt = sniff_format(p, data)
    module_name, func_name = READERS[fmt].split(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise InputError(f"{p}: {fmt.upper()} input needs a reader that is not installed ({exc.name})") from None
    return getattr(module, func_name)(p, data)


def read_document(path, language: str | None = None, input_format: str = "auto"):
    """Read a file (text, PDF, DOCX, HTML) and segment it into a :class:`~toolkit.model.Document`.

    ``input_format``: ``"un"`` = UN structure (blank-line fallback),
    ``"lines"`` = one segment per line, ``"auto"`` = UN structure, or one
    segment per line when the text has no structure and no blank lines.
    """
    from toolkit.segment import (
        FALLBACK_WARNING,
        INPUT_FORMATS,
        LINES_WARNING,
        lines_document,
        segment_text,
    )

    if input_format not in INPUT_FORMATS:
        raise InputError(f"unknown input format {input_format!r} (expected one of {', '.join(INPUT_FORMATS)})")
    loaded = load_text(path)
    text = loaded.text
    lines = text.replace("\f", "\n").split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    if input_format == "lines":
        doc = lines_document(lines, language)
    else:
        doc = segment_text(text, language, symbol=loaded.metadata.get("symbol"), source_path=str(path))
        no_blank = all(line.strip() for line in lines) and len(lines) > 1
        if input_format == "auto" and doc.provenance.get("un_structure") != "strong" and no_blank:
            structured_try = doc
            doc = lines_document(lines, language or doc.language)
            for key in ("language_detected", "language_confident"):
                if key in structured_try.provenance:
                    doc.provenance[key] = structured_try.provenance[key]
            doc.warnings = [w for w in structured_try.warnings if w != FALLBACK_WARNING] + [LINES_WARNING]
    doc.source_path = str(path)
    doc.checksum = loaded.checksum
    doc.warnings = list(loaded.warnings) + doc.warnings
    doc.provenance.update({"format": loaded.format, "encoding": loaded.encoding})
    for key in ("symbol", "title", "date"):
        if loaded.metadata.get(key) and not getattr(doc, key):
            setattr(doc, key, loaded.metadata[key])
    if not any(s.text for s in doc.segments):
        raise InputError(f"{path}: no text to segment")
    return doc
