"""Readers: turn a file as users have it (text, PDF, Word, HTML) into the plain
text layout the segmenter handles, plus whatever metadata the file carries.

The reader is chosen by content sniffing, not only by extension.  Every reader
returns a :class:`LoadedText`; ``segment``, ``align``, ``terms``, ``glossary``
and ``batch`` all go through :func:`load_text`.
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
