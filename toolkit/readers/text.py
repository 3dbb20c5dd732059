"""Plain-text reader: bytes as users have them -> NFC text.

Why so careful: texts copied out of PDFs or Word land on disk in UTF-8, UTF-8
with a BOM, UTF-16 (Windows "Unicode" text) or cp1252 ("ANSI").  Decoding
with the wrong codec silently garbles every accented letter, which then
poisons alignment and terminology; guessing is better than failing, but the
guess is reported (``LoadedText.encoding`` and a warning).

Binary data given as text (a NUL byte, or more than 30 % control characters)
is refused with a one-line :class:`~toolkit.errors.InputError`.  PDF, DOCX and
HTML are sniffed before this reader is called (``toolkit.readers``).
Form feeds (page breaks of ``pdftotext``) are kept: the segmenter uses them.
"""
from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

from toolkit.errors import EncodingError, InputError
from toolkit.readers import LoadedText

#: share of control characters above which data is taken as binary
MAX_CONTROL_SHARE = 0.30
_ALLOWED_CONTROLS = {"\t", "\n", "\r", "\f", "\v"}
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# codecs of non-Latin scripts a detector may rightly return; any other guess
# for bytes that are not UTF-8 is taken as cp1252 ("ANSI"), by far the most
# common legacy encoding of Western European text (detectors often say
# iso8859_10 or mac_roman for short French text).
_NON_LATIN = ("cp1251", "koi8", "cp1256", "iso8859_5", "iso8859_6", "iso8859_7", "iso8859_8", "cp1253",
              "cp1255", "mac_cyrillic", "mac_greek", "gb", "big5", "shift_jis", "euc", "cp932", "cp949",
              "cp950", "hz", "iso2022", "utf", "tis_620", "cp874", "cp866", "cp855", "ptcp154", "kz1048")


def _bom_encoding(data: bytes) -> str | None:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: mostly-ASCII text has a NUL in every other byte."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    even_nul = even.count(0) / len(even)
    odd_nul = odd.count(0) / len(odd)
    if odd_nul > 0.4 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.4 and odd_nul < 0.05:
        return "utf-16-be"
    return None


def _is_binary_text(text: str) -> bool:
    if "\x00" in text:
        return True
    if not text:
        return False
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in _ALLOWED_CONTROLS)
    return controls / len(text) > MAX_CONTROL_SHARE


def _guess_legacy(data: bytes) -> str:
    """Encoding of non-UTF-8 bytes: charset-normalizer, preferring cp1252 for Western text."""
    guess = None
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        guess = best.encoding if best is not None else None
    except ImportError:  # pragma: no cover - charset-normalizer is a dependency
        guess = None
    if guess is None or not guess.lower().replace("-", "_").startswith(_NON_LATIN):
        for name in ("cp1252", "latin-1"):
            try:
                data.decode(name)
                return name
            except UnicodeDecodeError:
                continue
    if guess is None:
        raise EncodingError("could not detect the text encoding; save the file as UTF-8")
    return guess


def decode_bytes(data: bytes, where: str = "input") -> tuple[str, str, list[str]]:
    """Decode ``data``: returns ``(text, encoding, warnings)`` (raises InputError)."""
    warnings: list[str] = []
    encoding = _bom_encoding(data)
    if encoding is None:
        encoding = _bomless_utf16(data)
        if encoding:
            warnings.append(f"{where}: no byte-order mark, decoded as {encoding.upper()}")
    if encoding is None and b"\x00" in data:
        raise InputError(f"{where}: binary data, not text (expected a UTF-8 text, PDF, DOCX or HTML file)")
    if encoding is None:
        try:
            text = data.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError:
            encoding = _guess_legacy(data)
            warnings.append(f"{where}: not UTF-8, decoded as {encoding}")
    if encoding != "utf-8":
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            raise EncodingError(f"{where}: cannot be decoded as {encoding}; save the file as UTF-8") from None
    text = text.lstrip("\ufeff")
    if _is_binary_text(text):
        raise InputError(f"{where}: binary data, not text (expected a UTF-8 text, PDF, DOCX or HTML file)")
    return text, encoding, warnings


def normalise_text(text: str) -> str:
    """NFC and ``\\n`` line ends (form feeds kept as page breaks)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def read_text(path: Path, data: bytes) -> LoadedText:
    """Read a plain-text file (any common encoding) into a :class:`LoadedText`."""
    text, encoding, warnings = decode_bytes(data, str(path))
    text = normalise_text(text)
    if not text.strip():
        raise InputError(f"{path}: the file is empty")
    return LoadedText(text=text, path=str(path), format="text", encoding=encoding, warnings=warnings)
