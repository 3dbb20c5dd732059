"""Fetch a UN document by its symbol from the Official Document System.

``fetch_document("A/RES/68/192", "en", "corpora/A-RES-68-192")`` downloads the
English version from documents.un.org, saves the original file (``en.pdf``),
the text the readers extract from it (``en.txt``, the layout the segmenter
reads) and a provenance record (``en.provenance.json``: URL, redirects, date,
SHA-256, content type, which language parameter worked), so that a corpus can
say exactly where each text came from.

Network code is deliberately plain (urllib, no retries hidden from the user):
redirects are followed by hand so that a redirect loop is caught and
reported, a download that stops before its announced length is refused, and
nothing is written until the whole file is in hand and its text extracted.
The service address can be changed (``base_url=`` or ``$TOOLKIT_UN_DOCS_URL``),
which is how the tests point it at a local server.

What is followed:

* Only ``http`` and ``https`` URLs: the base URL, every redirect and every
  link taken from a viewer page.  Anything else (``file:``, ``data:``,
  ``ftp:``...) is refused with one line naming the URL; no other URL handler
  is even installed in the opener.
* Redirects and page links to a private, loopback, link-local or otherwise
  non-global address are refused, unless the base URL itself is such an
  address (a local mirror, a test server).  The address is checked before
  connecting, and the connection is made to the address that was checked
  (through a proxy from the environment, the name is checked as resolved
  here; the proxy itself is the user's choice and is not checked).

Limits: ``timeout`` bounds each read (and the connection); ``deadline``
bounds the whole fetch of one language version (every request, redirect and
viewer page, and both language parameters), so that a server trickling a
byte every few seconds cannot keep it running; ``max_bytes`` caps a body.

Language parameter: clients of the UN document service disagree on whether
it takes ``l=en`` or the one-letter ``l=E``.  The two-letter code is tried
first; on a 404 or an empty answer the letter is tried, and the provenance
records which one worked (``language_parameter``).  When neither gives a
file, the symbol is reported as not found in that language (the service
answers an unpublished symbol with an empty HTTP 200).

Writes: every file is staged next to its destination and the three are moved
into place only once all of them are complete; on any failure nothing of
this language version is left in the output folder.
"""
from __future__ import annotations

import codecs
import contextlib
import datetime as _dt
import functools
import hashlib
import http.client
import ipaddress
import json
import os
import re
import socket
import tempfile
import time
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
# ODS one-letter language codes (the older daccess-ods interface's Lang=A/C/E/F/R/S); G for German
# follows the same scheme but is an assumption, not checked against the service
LANGUAGE_LETTERS = {"ar": "A", "zh": "C", "en": "E", "fr": "F", "ru": "R", "es": "S", "de": "G"}
# the only URL schemes the fetcher follows (issue: file:, data: redirects read local files)
ALLOWED_SCHEMES = ("http", "https")
MAX_REDIRECTS = 10
# 200 MB: far above any UN document (a long report is a few MB); stops a runaway body
MAX_BYTES = 200 * 1024 * 1024
# ten minutes per language version: a few-MB PDF needs seconds; even MAX_BYTES fits at ~0.35 MB/s
DEFAULT_DEADLINE = 600.0
CHUNK = 64 * 1024
# longest URL quoted in an error message (a data: URL can hold a whole file)
URL_SHOWN = 160
USER_AGENT = "un-align-toolkit (+https://documents.un.org; fetch by symbol)"
SYMBOL_CHECK = re.compile(r"^[A-Z][A-Z0-9]{0,9}(?:/[A-Za-z0-9][A-Za-z0-9.\-]*)+(?:\s?\(\d{4}\))?$")
_REDIRECT_CODES = {301, 302, 303, 307, 308}


class NotFound(InputError):
    """The service has no such document (HTTP 404/410); ``answer`` says what it answered."""

    def __init__(self, message: str, answer: str = ""):
        super().__init__(message)
        self.answer = answer or message


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


def _shown(url: str) -> str:
    url = " ".join(url.split())
    return url if len(url) <= URL_SHOWN else url[:URL_SHOWN] + "..."


def _is_http_url(url: str) -> bool:
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port   # noqa: B018 -- raises ValueError on a bad port
    except ValueError:
        return False
    return parts.scheme in ALLOWED_SCHEMES and bool(parts.hostname)


def base_url(override: str | None = None) -> str:
    """The document service to use: parameter, then $TOOLKIT_UN_DOCS_URL, then documents.un.org."""
    url = (override or os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL).strip()
    if not _is_http_url(url) or re.search(r"\s", url):
        raise InputError(f"document service URL {_shown(url)!r} is not an http(s) URL "
                         f"(only {' and '.join(ALLOWED_SCHEMES)} are fetched)")
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


def language_parameters(language: str) -> tuple[str, str]:
    """The values of ``l=`` to try, in order: ``("en", "E")``."""
    code = normalise_language(language)
    return code, LANGUAGE_LETTERS[code]


def document_url(symbol: str, language: str, *, base: str | None = None, file_type: str = "pdf",
                 lang_param: str | None = None) -> str:
    if file_type not in FILE_TYPES:
        raise InputError(f"file type {file_type!r} not available (expected pdf or docx)")
    return URL_TEMPLATE.format(base=base_url(base), symbol=urllib.parse.quote(symbol, safe=""),
                               lang=urllib.parse.quote(lang_param or language), type=FILE_TYPES[file_type])


# ------------------------------------------------------------------ transport
def _resolve(host: str, port: int) -> list[str]:
    """The IP addresses of ``host`` (one seam: the tests replace it so that no DNS is asked)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))    # the address (already a str for IP)


def _connect(address: tuple[str, int], timeout: float, source_address=None) -> socket.socket:
    """Open a TCP connection (the other seam: the tests see every address connected to)."""
    return socket.create_connection(address, timeout, source_address)


def _is_public(ip: str) -> bool:
    addr = ipaddress.ip_address(ip.split("%", 1)[0])
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped:
        addr = addr.ipv4_mapped
    return addr.is_global and not addr.is_multicast


def _default_port(parts: urllib.parse.SplitResult) -> int:
    return parts.port or (443 if parts.scheme == "https" else 80)


class _Transport:
    """Sockets for one fetch: the address policy, the checked addresses, the deadline."""

    def __init__(self, timeout: float, deadline: float):
        self.timeout = timeout
        self.deadline = deadline
        self.ends = time.monotonic() + deadline
        self.private_ok = True
        self.checked: dict[tuple[str, int], list[str]] = {}
        self.sock: socket.socket | None = None

    def remaining(self) -> float:
        return self.ends - time.monotonic()

    def read_timeout(self) -> tuple[float, bool]:
        """Seconds the next read may wait, and whether the deadline (not --timeout) sets it."""
        left = self.remaining()
        return (max(left, 0.001), True) if left < self.timeout else (self.timeout, False)

    def open_socket(self, address, timeout, source_address=None, *, direct: bool = True):
        host, port = address
        if direct and not self.private_ok:
            # connect only to an address checked by _Session.check (closes a DNS rebinding window)
            ips = self.checked.get((host.lower().strip("[]"), port))
            if not ips:
                raise OSError(f"{host} was not checked before connecting")
            error: OSError | None = None
            for ip in ips:
                try:
                    return _connect((ip, port), timeout, source_address)
                except OSError as exc:
                    error = exc
            raise error  # type: ignore[misc]
        return _connect(address, timeout, source_address)


class _GuardedConnection:
    def __init__(self, *args, transport: _Transport, direct: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self._transport = transport
        self._create_connection = functools.partial(transport.open_socket, direct=direct)

    def connect(self):
        super().connect()
        self._transport.sock = self.sock   # the deadline shortens its timeout read by read


class _HTTPConnection(_GuardedConnection, http.client.HTTPConnection):
    pass


class _HTTPSConnection(_GuardedConnection, http.client.HTTPSConnection):
    pass


def _direct(req: urllib.request.Request) -> bool:
    return not (req.has_proxy() or getattr(req, "_tunnel_host", None))


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, transport: _Transport):
        super().__init__()
        self.transport = transport

    def http_open(self, req):
        return self.do_open(functools.partial(_HTTPConnection, transport=self.transport,
                                              direct=_direct(req)), req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, transport: _Transport):
        super().__init__()
        self.transport = transport

    def https_open(self, req):
        return self.do_open(functools.partial(_HTTPSConnection, transport=self.transport,
                                              direct=_direct(req)), req, context=self._context)


def _opener(transport: _Transport) -> urllib.request.OpenerDirector:
    """http and https only (no file:, data:, ftp: handlers); no redirect handler: we follow them."""
    opener = urllib.request.OpenerDirector()
    for handler in (urllib.request.ProxyHandler(), urllib.request.UnknownHandler(),
                    _HTTPHandler(transport), _HTTPSHandler(transport),
                    urllib.request.HTTPDefaultErrorHandler(), urllib.request.HTTPErrorProcessor()):
        opener.add_handler(handler)
    return opener


def _unreachable(service: str, why: str) -> NetworkError:
    return NetworkError(f"the UN document service ({service}) is unreachable: {why}; "
                        f"check the connection, or set ${BASE_URL_ENV} / --base-url")


class _Session:
    """Requests for one language version: one deadline, one address policy."""

    def __init__(self, service_url: str, *, timeout: float = 60.0, deadline: float = DEFAULT_DEADLINE,
                 max_redirects: int = MAX_REDIRECTS, max_bytes: int = MAX_BYTES):
        self.service_url = service_url
        parts = urllib.parse.urlsplit(service_url)
        assert parts.hostname is not None       # the callers passed it through _is_http_url
        self.service = parts.netloc
        self.max_redirects = max_redirects
        self.max_bytes = max_bytes
        self.transport = _Transport(timeout, deadline)
        self._addresses: dict[tuple[str, int], list[str]] = {}
        # redirects to private addresses are allowed only when the service itself is one
        self.transport.private_ok = any(not _is_public(ip)
                                        for ip in self.addresses(parts.hostname, _default_port(parts)))
        self.opener = _opener(self.transport)

    def addresses(self, host: str, port: int) -> list[str]:
        key = (host, port)
        if key not in self._addresses:
            try:
                ipaddress.ip_address(host.split("%", 1)[0])
                self._addresses[key] = [host]
            except ValueError:
                try:
                    self._addresses[key] = _resolve(host, port)
                except (socket.gaierror, UnicodeError) as exc:
                    why = getattr(exc, "strerror", None) or str(exc)
                    raise _unreachable(self.service, f"{host}: {why}") from None
        return self._addresses[key]

    def check(self, url: str, origin: str | None = None) -> None:
        """Refuse ``url`` (reached by ``origin``) unless it is http(s) and its address is allowed."""
        what = f"refusing to follow {origin} to {_shown(url)}" if origin else f"refusing {_shown(url)}"
        if not _is_http_url(url):
            raise NetworkError(f"{what}: only {' and '.join(ALLOWED_SCHEMES)} URLs are fetched")
        if self.transport.private_ok:
            return           # nothing to check: the connection resolves the name itself
        parts = urllib.parse.urlsplit(url)
        host, port = parts.hostname, _default_port(parts)
        assert host is not None                 # _is_http_url above: an http(s) URL with a host
        ips = self.addresses(host, port)
        private = [ip for ip in ips if not _is_public(ip)]
        if private:
            raise NetworkError(f"{what}: {host} is a private or loopback address ({private[0]}), "
                               f"allowed only when the document service ({self.service}) is one")
        self.transport.checked[(host, port)] = ips

    def _deadline_error(self, what: str) -> NetworkError:
        return NetworkError(f"{what} did not finish within the {self.transport.deadline:g} s deadline "
                            "(--deadline); nothing was saved")

    def get(self, url: str, origin: str | None = None) -> Download:
        """GET ``url`` following redirects by hand; raise NetworkError/NotFound with one line."""
        timeout = self.transport.timeout
        self.check(url, origin)
        seen = [url]
        current = url
        while True:
            if self.transport.remaining() <= 0:
                raise self._deadline_error(f"the request for {current}")
            wait, by_deadline = self.transport.read_timeout()
            self.transport.sock = None
            try:
                request = urllib.request.Request(current, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
                response = self.opener.open(request, timeout=wait)
            except urllib.error.HTTPError as exc:
                if exc.code in _REDIRECT_CODES:
                    location = exc.headers.get("Location")
                    exc.close()
                    if not location:
                        raise NetworkError(f"{current}: HTTP {exc.code} redirect without a Location") from None
                    target = urllib.parse.urljoin(current, location.strip())
                    if target in seen:
                        raise NetworkError(f"redirect loop: {target} redirects back to an address already "
                                           f"visited (after {len(seen) - 1} redirects from {url})") from None
                    if len(seen) > self.max_redirects:
                        raise NetworkError(f"too many redirects (more than {self.max_redirects}) "
                                           f"starting at {url}") from None
                    self.check(target, f"the redirect from {current}")
                    seen.append(target)
                    current = target
                    continue
                exc.close()
                if exc.code in (404, 410):
                    at = "" if current == url else f" at {current}"
                    raise NotFound(f"no such document at the UN document service (HTTP {exc.code} for "
                                   f"{current})", answer=f"HTTP {exc.code}{at}") from None
                raise NetworkError(f"the UN document service ({self.service}) answered HTTP {exc.code} "
                                   f"{exc.reason} for {current}") from None
            except urllib.error.URLError as exc:
                reason = exc.reason
                if isinstance(reason, (TimeoutError, socket.timeout)) and by_deadline:
                    raise self._deadline_error(f"the request for {current}") from None
                why = getattr(reason, "strerror", None) or str(reason)
                raise _unreachable(self.service, why) from None
            except TimeoutError:
                if by_deadline:
                    raise self._deadline_error(f"the request for {current}") from None
                raise NetworkError(f"the UN document service ({self.service}) is unreachable: no answer "
                                   f"within {timeout:g} s") from None
            except ValueError as exc:   # a Location that is no valid URL (control characters...)
                raise NetworkError(f"{_shown(current)}: not a valid URL ({exc})") from None
            except (ConnectionError, http.client.HTTPException, OSError) as exc:
                raise NetworkError(f"the UN document service ({self.service}) is unreachable: "
                                   f"{type(exc).__name__}: {exc}") from None
            break
        with response:
            data, headers = self._read_body(response, current)
        return Download(url=url, final_url=current, data=data, status=response.status,
                        content_type=headers.get("content-type"), redirects=seen[1:], headers=headers)

    def _read_body(self, response, current: str) -> tuple[bytes, dict[str, str]]:
        max_bytes, timeout = self.max_bytes, self.transport.timeout
        headers = {k.lower(): v for k, v in response.headers.items()}
        expected = headers.get("content-length")
        expected_n = int(expected) if expected and expected.isdigit() else None
        if expected_n is not None and expected_n > max_bytes:
            raise NetworkError(f"{current}: the file is {expected_n} bytes, more than the {max_bytes} allowed; "
                               "nothing was saved")
        chunks: list[bytes] = []
        got = 0
        try:
            while True:
                if self.transport.remaining() <= 0:
                    raise self._deadline_error(f"the download of {current} ({got} bytes received)")
                wait, by_deadline = self.transport.read_timeout()
                if self.transport.sock is not None:
                    self.transport.sock.settimeout(wait)
                chunk = response.read1(CHUNK)   # read1: one socket read, so the deadline is checked often
                if not chunk:
                    break
                chunks.append(chunk)
                got += len(chunk)
                if got > max_bytes:
                    raise NetworkError(f"{current}: more than {max_bytes} bytes; download stopped, nothing saved")
        except http.client.IncompleteRead as exc:
            got += len(exc.partial or b"")
            raise NetworkError(_cut_message(current, got, expected_n)) from None
        except TimeoutError:
            if by_deadline:
                raise self._deadline_error(f"the download of {current} ({got} bytes received)") from None
            raise NetworkError(f"download of {current} stalled (no data for {timeout:g} s) after {got} bytes; "
                               "nothing was saved") from None
        except (ConnectionError, OSError, http.client.HTTPException) as exc:
            raise NetworkError(_cut_message(current, got, expected_n, f" ({type(exc).__name__})")) from None
        if expected_n is not None and got != expected_n:
            raise NetworkError(_cut_message(current, got, expected_n))
        return b"".join(chunks), headers


def download(url: str, *, timeout: float = 60.0, max_redirects: int = MAX_REDIRECTS,
             max_bytes: int = MAX_BYTES, deadline: float = DEFAULT_DEADLINE) -> Download:
    """GET ``url`` (http or https) following redirects by hand; raise NetworkError/InputError with one line.

    The address policy takes ``url`` as the service: redirects to private
    addresses are followed only when ``url`` itself is on one.
    """
    if not _is_http_url(url):
        raise InputError(f"refusing {_shown(url)}: only {' and '.join(ALLOWED_SCHEMES)} URLs are fetched")
    session = _Session(url, timeout=timeout, deadline=deadline, max_redirects=max_redirects,
                       max_bytes=max_bytes)
    return session.get(url)


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
    return "other"


def _describe_body(data: bytes, content_type: str | None) -> str:
    """``plain text / text/plain (12 bytes)``: what the body looks like, what the server called it."""
    sample = data[:4096]
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        looks = "plain text" if b"\x00" not in sample else "binary data"
    except UnicodeDecodeError:
        looks = "binary data"
    declared = (content_type or "").split(";")[0].strip() or "no content type"
    return f"{looks} / {declared} ({len(data)} bytes)"


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
    return urllib.parse.urljoin(page_url, candidates[0].strip())


def _attempt(session: _Session, url: str, file_type: str) -> tuple[Download, str | None]:
    """The access URL, and the file a viewer page at its end points to."""
    got = session.get(url)
    via_page = None
    if _file_kind(got.data, got.content_type) == "html":
        # the service may answer with a viewer page that embeds or links the file
        link = _document_link(got.data, got.final_url, file_type)
        if link and link not in [url, *got.redirects]:
            via_page = got.final_url
            inner = session.get(link, origin=f"the link in the viewer page {got.final_url}")
            inner.redirects = got.redirects + [link] + inner.redirects
            inner.url = url
            got = inner
    return got, via_page


def _first_answer(session: _Session, sym: str, lang: str, file_type: str):
    """Try ``l=en`` then ``l=E``; the first that gives a non-empty body wins."""
    tried: list[str] = []
    for param in language_parameters(lang):
        url = document_url(sym, lang, base=session.service_url, file_type=file_type, lang_param=param)
        try:
            got, via_page = _attempt(session, url, file_type)
        except NotFound as exc:
            tried.append(f"{exc.answer} for l={param}")
            continue
        if not got.data.strip():
            tried.append(f"HTTP {got.status} with an empty body for l={param}")
            continue
        return got, via_page, param, tried
    raise NotFound(f"no such document at the UN document service ({session.service}): "
                   f"not found ({'; '.join(tried)})")


@contextlib.contextmanager
def _all_or_nothing(paths: list[Path]):
    """Remove what a failed commit moved into place (and the folder if this run created it)."""
    folder = paths[0].parent
    made_folder = not folder.exists()
    existed = {p: p.exists() for p in paths}
    try:
        yield
    except BaseException:
        for p in paths:
            if not existed[p] and p.exists():
                p.unlink()
        if made_folder and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
        raise


def _commit(files: list[tuple[Path, bytes]], force: bool) -> None:
    """Stage every file beside its destination, then move them all into place (last one first)."""
    from toolkit.fileio import atomic_path

    with _all_or_nothing([p for p, _ in files]), contextlib.ExitStack() as stack:
        for path, data in reversed(files):    # atomic_path renames on exit: innermost (first file) first
            stack.enter_context(atomic_path(path, force=force)).write_bytes(data)


def fetch_document(symbol: str, language: str, outdir: str | os.PathLike, *, base: str | None = None,
                   file_type: str = "pdf", force: bool = False, timeout: float = 60.0,
                   max_redirects: int = MAX_REDIRECTS, deadline: float = DEFAULT_DEADLINE,
                   max_bytes: int = MAX_BYTES) -> FetchResult:
    """Download one language version of ``symbol`` into ``outdir`` (see module docstring)."""
    from toolkit import __version__
    from toolkit.readers import load_text

    sym = normalise_symbol(symbol)
    lang = normalise_language(language)
    if file_type not in FILE_TYPES:
        raise InputError(f"file type {file_type!r} not available (expected pdf or docx)")
    outdir = Path(outdir)
    if outdir.exists() and not outdir.is_dir():
        raise InputError(f"{outdir}: exists and is not a folder")
    text_path = outdir / f"{lang}.txt"
    prov_path = outdir / f"{lang}.provenance.json"
    for p in (text_path, prov_path):
        if p.exists() and not force:
            raise OutputExists(f"{p}: already exists (use --force to overwrite)")
    service = base_url(base)
    retrieved = _dt.datetime.now(_dt.UTC).replace(microsecond=0).isoformat()
    try:
        session = _Session(service, timeout=timeout, deadline=deadline, max_redirects=max_redirects,
                           max_bytes=max_bytes)
        got, via_page, param, tried = _first_answer(session, sym, lang, file_type)
    except (InputError, NetworkError) as exc:
        raise type(exc)(f"{sym} ({lang}): {exc}") from None
    url = got.url
    kind = _file_kind(got.data, got.content_type)
    if kind == "html":
        # asked for a PDF or Word file: a page (even one with UN branding) is not the document
        raise InputError(f"{sym} ({lang}): the service returned a web page, not the document "
                         f"({got.final_url}); the symbol may not exist in this language")
    if kind not in ("pdf", "docx"):
        raise InputError(f"{sym} ({lang}): the server sent {_describe_body(got.data, got.content_type)}, "
                         f"not a PDF, DOCX or HTML document ({got.final_url}); nothing was saved")
    if kind == "pdf" and b"%%EOF" not in got.data[-2048:]:
        raise NetworkError(f"{sym} ({lang}): download of {got.final_url} is an incomplete PDF "
                           "(no end-of-file marker); nothing was saved")
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
        "language_parameter": param,
        "tried": tried,
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
    _commit([(original_path, got.data),
             (text_path, loaded.text.encode("utf-8")),
             (prov_path, (json.dumps(provenance, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))],
            force=force)
    return FetchResult(sym, lang, original_path, text_path, prov_path, provenance)


def fetch_documents(symbol: str, languages, outdir, **kwargs) -> list[FetchResult]:
    """Fetch several language versions; stops at the first error (earlier ones stay saved)."""
    langs = [normalise_language(lang) for lang in languages]
    if not langs:
        raise InputError("no language given (e.g. --lang fr,en)")
    return [fetch_document(symbol, lang, outdir, **kwargs) for lang in dict.fromkeys(langs)]
