"""Fetch a UN document by its symbol from the Official Document System.

``fetch_document("A/RES/68/192", "en", "corpora/A-RES-68-192")`` downloads the
English version from documents.un.org, saves the original file (``en.pdf``),
the text the readers extract from it (``en.txt``, the layout the segmenter
reads) and a provenance record (``en.provenance.json``: URL, redirects, date,
SHA-256, content type), so that a corpus can say exactly where each text came
from.

Network code is deliberately plain (urllib, no retries hidden from the user):
redirects are followed by hand so that a redirect loop is caught and
reported, reads have a timeout, a download that stops before its announced
length is refused, and nothing is written until the whole file is in hand
and its text extracted -- then every file is written atomically.  The
service address can be changed (``base_url=`` or ``$TOOLKIT_UN_DOCS_URL``),
which is how the tests point it at a local server.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import http.client
import json
import os
import re
import socket
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from toolkit.errors import InputError, NetworkError, OutputExists

DEFAULT_BASE_URL = "https://documents.un.org"
BASE_URL_ENV = "TOOLKIT_UN_DOCS_URL"
# documents.un.org's "access by symbol" endpoint; it redirects to the file.
URL_TEMPLATE = "{base}/api/symbol/access?s={symbol}&l={lang}&t={type}"
FILE_TYPES = {"pdf": "pdf", "docx": "doc"}
LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es", "de")
MAX_REDIRECTS = 10
MAX_BYTES = 200 * 1024 * 1024
CHUNK = 64 * 1024
USER_AGENT = "un-align-toolkit (+https://documents.un.org; fetch by symbol)"
SYMBOL_CHECK = re.compile(r"^[A-Z][A-Z0-9]{0,9}(?:/[A-Za-z0-9][A-Za-z0-9.\-]*)+(?:\s?\(\d{4}\))?$")
_REDIRECT_CODES = {301, 302, 303, 307, 308}


@dataclass
class Download:
    """The bytes of one HTTP download and how they were obtained."""

    url: str
    final_url: str
    data: bytes
    status: int
    content_type: str | None
    redirects: list[str] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass
class FetchResult:
    symbol: str
    language: str
    original_path: Path
    text_path: Path
    provenance_path: Path
    provenance: dict[str, Any]


def base_url(override: str | None = None) -> str:
    """The document service to use: parameter, then $TOOLKIT_UN_DOCS_URL, then documents.un.org."""
    url = override or os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL
    if not re.match(r"^https?://[^/\s]+", url):
        raise InputError(f"document service URL {url!r} is not an http(s) URL")
    return url.rstrip("/")


def normalise_symbol(symbol: str) -> str:
    """``a/res/68/192`` -> ``A/RES/68/192``; refuse what is not a UN symbol."""
    sym = " ".join(symbol.strip().split())
    sym = "/".join(p.capitalize() if re.match(r"(?i)^(?:add|rev|corr|amend)\.\d+$", p) else p.upper()
                   for p in sym.split("/"))
    if not SYMBOL_CHECK.match(sym):
        raise InputError(f"{symbol!r} is not a UN document symbol (expected something like A/RES/68/192)")
    return sym


def normalise_language(lang: str) -> str:
    code = lang.strip().replace("_", "-").split("-")[0].lower()
    if code not in LANGUAGES:
        raise InputError(f"language {lang!r} is not one the UN document service publishes "
                         f"(expected one of {', '.join(LANGUAGES)})")
    return code


def document_url(symbol: str, language: str, *, base: str | None = None, file_type: str = "pdf") -> str:
    if file_type not in FILE_TYPES:
        raise InputError(f"file type {file_type!r} not available (expected pdf or docx)")
    return URL_TEMPLATE.format(base=base_url(base), symbol=urllib.parse.quote(symbol, safe=""),
                               lang=urllib.parse.quote(language), type=FILE_TYPES[file_type])


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: D401
        return None   # we follow redirects ourselves, to count them and catch loops


def download(url: str, *, timeout: float = 60.0, max_redirects: int = MAX_REDIRECTS,
             max_bytes: int = MAX_BYTES, service: str | None = None) -> Download:
    """GET ``url`` following redirects by hand; raise NetworkError/InputError with one line."""
    opener = urllib.request.build_opener(_NoRedirect)
    seen = [url]
    current = url
    service = service or urllib.parse.urlsplit(url).netloc
    while True:
        request = urllib.request.Request(current, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
        try:
            response = opener.open(request, timeout=timeout)
        except urllib.error.HTTPError as exc:
            if exc.code in _REDIRECT_CODES:
                location = exc.headers.get("Location")
                exc.close()
                if not location:
                    raise NetworkError(f"{current}: HTTP {exc.code} redirect without a Location") from None
                target = urllib.parse.urljoin(current, location)
                if target in seen:
                    raise NetworkError(f"redirect loop: {target} redirects back to an address already visited "
                                       f"(after {len(seen) - 1} redirects from {url})") from None
                if len(seen) > max_redirects:
                    raise NetworkError(f"too many redirects (more than {max_redirects}) starting at {url}") from None
                seen.append(target)
                current = target
                continue
            exc.close()
            if exc.code in (404, 410):
                raise InputError(f"no such document at the UN document service (HTTP {exc.code} for {current})") from None
            raise NetworkError(f"the UN document service ({service}) answered HTTP {exc.code} "
                               f"{exc.reason} for {current}") from None
        except urllib.error.URLError as exc:
            reason = exc.reason
            why = getattr(reason, "strerror", None) or str(reason)
            raise NetworkError(f"the UN document service ({service}) is unreachable: {why}; "
                               f"check the connection, or set ${BASE_URL_ENV} / --base-url") from None
        except (TimeoutError, socket.timeout):
            raise NetworkError(f"the UN document service ({service}) is unreachable: no answer within "
                               f"{timeout:g} s") from None
        except (ConnectionError, http.client.HTTPException, OSError) as exc:
            raise NetworkError(f"the UN document service ({service}) is unreachable: "
                               f"{type(exc).__name__}: {exc}") from None
        break
    with response:
        status = response.status
        headers = {k.lower(): v for k, v in response.headers.items()}
        expected = headers.get("content-length")
        expected_n = int(expected) if expected and expected.isdigit() else None
        if expected_n is not None and expected_n > max_bytes:
            raise NetworkError(f"{current}: the file is {expected_n} bytes, more than the {max_bytes} allowed")
        chunks: list[bytes] = []
        got = 0
        try:
            while True:
                chunk = response.read(CHUNK)
                if not chunk:
                    break
                chunks.append(chunk)
                got += len(chunk)
                if got > max_bytes:
                    raise NetworkError(f"{current}: more than {max_bytes} bytes; download stopped, nothing saved")
        except http.client.IncompleteRead as exc:
            got += len(exc.partial or b"")
            raise NetworkError(_cut_message(current, got, expected_n)) from None
        except (TimeoutError, socket.timeout):
            raise NetworkError(f"download of {current} stalled (no data for {timeout:g} s) after {got} bytes; "
                               "nothing was saved") from None
        except (ConnectionError, OSError, http.client.HTTPException) as exc:
            raise NetworkError(_cut_message(current, got, expected_n, f" ({type(exc).__name__})")) from None
    if expected_n is not None and got != expected_n:
        raise NetworkError(_cut_message(current, got, expected_n))
    return Download(url=url, final_url=current, data=b"".join(chunks), status=status,
                    content_type=headers.get("content-type"), redirects=seen[1:], headers=headers)


def _cut_message(url: str, got: int, expected: int | None, extra: str = "") -> str:
    of = f" of {expected}" if expected is not None else ""
    return f"download of {url} was cut off after {got}{of} bytes{extra}; nothing was saved"


def _file_kind(data: bytes, content_type: str | None) -> str:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    if head.startswith((b"<!doctype html", b"<html")) or "html" in (content_type or ""):
        return "html"
    return "txt"


def _document_link(html: bytes, page_url: str, file_type: str) -> str | None:
    """The address of the document in a viewer page (iframe/embed/object, meta refresh, or link)."""
    import lxml.html

    try:
        root = lxml.html.document_fromstring(html)
    except Exception:
        return None
    ext = ".pdf" if file_type == "pdf" else ".doc"
    candidates = []
    for el in root.iter("iframe", "embed", "object", "a", "meta"):
        if el.tag == "meta":
            content = el.get("content") or ""
            m = re.search(r"url=([^;]+)$", content, re.IGNORECASE)
            ref = m.group(1).strip(" '\"") if m and (el.get("http-equiv") or "").lower() == "refresh" else None
        else:
            ref = el.get("src") or el.get("data") or el.get("href")
        if ref and (ext in ref.lower() or "/api/symbol/access" in ref):
            candidates.append(ref)
    if not candidates:
        return None
    return urllib.parse.urljoin(page_url, candidates[0])


def fetch_document(symbol: str, language: str, outdir: str | os.PathLike, *, base: str | None = None,
                   file_type: str = "pdf", force: bool = False, timeout: float = 60.0,
                   max_redirects: int = MAX_REDIRECTS) -> FetchResult:
    """Download one language version of ``symbol`` into ``outdir`` (see module docstring)."""
    from toolkit import __version__
    from toolkit.fileio import write_bytes, write_text
    from toolkit.readers import load_text

    sym = normalise_symbol(symbol)
    lang = normalise_language(language)
    outdir = Path(outdir)
    if outdir.exists() and not outdir.is_dir():
        raise InputError(f"{outdir}: exists and is not a folder")
    text_path = outdir / f"{lang}.txt"
    prov_path = outdir / f"{lang}.provenance.json"
    for p in (text_path, prov_path):
        if p.exists() and not force:
            raise OutputExists(f"{p}: already exists (use --force to overwrite)")
    service = base_url(base)
    url = document_url(sym, lang, base=service, file_type=file_type)
    retrieved = _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat()
    try:
        got = download(url, timeout=timeout, max_redirects=max_redirects,
                       service=urllib.parse.urlsplit(service).netloc)
    except InputError as exc:
        raise InputError(f"{sym} ({lang}): {exc}") from None
    kind = _file_kind(got.data, got.content_type)
    via_page = None
    if kind == "html":
        # the service may answer with a viewer page that embeds or links the file
        link = _document_link(got.data, got.final_url, file_type)
        if link and link not in [url, *got.redirects]:
            via_page = got.final_url
            inner = download(link, timeout=timeout, max_redirects=max_redirects,
                             service=urllib.parse.urlsplit(service).netloc)
            inner.redirects = got.redirects + [link] + inner.redirects
            inner.url = url
            got = inner
            kind = _file_kind(got.data, got.content_type)
    if kind == "html":
        # asked for a PDF or Word file: a page (even one with UN branding) is not the document
        raise InputError(f"{sym} ({lang}): the service returned a web page, not the document "
                         f"({got.final_url}); the symbol may not exist in this language")
    if kind == "pdf" and b"%%EOF" not in got.data[-2048:]:
        raise NetworkError(f"download of {got.final_url} is an incomplete PDF (no end-of-file marker); "
                           "nothing was saved")
    original_path = outdir / f"{lang}.{kind}"
    if original_path.exists() and not force:
        raise OutputExists(f"{original_path}: already exists (use --force to overwrite)")

    with tempfile.TemporaryDirectory(prefix="toolkit-fetch-") as tmp:
        tmp_file = Path(tmp) / f"{lang}.{kind}"
        tmp_file.write_bytes(got.data)
        try:
            loaded = load_text(tmp_file)
        except InputError as exc:
            detail = str(exc).split(": ", 1)[-1]
            raise InputError(f"{sym} ({lang}): downloaded {got.final_url} but could not read it: {detail}") from None
    meta = dict(loaded.metadata)
    provenance = {
        "symbol": sym,
        "language": lang,
        "url": url,
        "final_url": got.final_url,
        "redirects": got.redirects,
        "via_page": via_page,
        "retrieved": retrieved,
        "http_status": got.status,
        "content_type": got.content_type,
        "bytes": len(got.data),
        "sha256": got.sha256,
        "original_file": original_path.name,
        "text_file": text_path.name,
        "text_sha256": hashlib.sha256(loaded.text.encode("utf-8")).hexdigest(),
        "format": loaded.format,
        "metadata": meta,
        "warnings": loaded.warnings,
        "service": service,
        "toolkit_version": __version__,
    }
    if meta.get("symbol") and meta["symbol"].replace(" ", "") != sym.replace(" ", ""):
        provenance["warnings"] = provenance["warnings"] + [
            f"the document says it is {meta['symbol']}, not {sym}"]
    outdir.mkdir(parents=True, exist_ok=True)
    write_bytes(original_path, got.data, force=force)
    write_text(text_path, loaded.text, force=force)
    write_text(prov_path, json.dumps(provenance, ensure_ascii=False, indent=2) + "\n", force=force)
    return FetchResult(sym, lang, original_path, text_path, prov_path, provenance)


def fetch_documents(symbol: str, languages, outdir, **kwargs) -> list[FetchResult]:
    """Fetch several language versions; stops at the first error (earlier ones stay saved)."""
    langs = [normalise_language(lang) for lang in languages]
    if not langs:
        raise InputError("no language given (e.g. --lang fr,en)")
    return [fetch_document(symbol, lang, outdir, **kwargs) for lang in dict.fromkeys(langs)]
