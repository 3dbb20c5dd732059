"""PDF reader: the text layer in reading order, without page furniture.

UN PDFs carry things that are not the document's text: running heads
(symbol and title), page numbers (``2/8``), the job number (``13-44981 (F)``)
and its barcode (``*1344981*``), and the first-page front matter.  We work
from character positions (pdfplumber) rather than the raw text stream
because the decisions need geometry: furniture sits at the top and bottom of
the page and repeats from page to page, footnotes are set smaller below the
text, paragraphs show as a first-line indent or extra space, and footnote
markers are small raised digits.

The output is the layout the segmenter reads (that of the PDF-extracted
seed): one paragraph per line, blank lines between paragraphs, and each
page's footnotes as a ``__________________`` rule followed by `` 1  text``
lines, placed after the paragraph that was running at the end of that page
(so a paragraph broken by a page comes out whole).
"""
from __future__ import annotations

import io
import logging
import re
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.errors import InputError
from toolkit.readers import LoadedText
from toolkit.readers.metadata import SYMBOL_RE, footnote_block, split_front_matter

# Tokens that make up a furniture line: page numbers, job numbers, barcodes.
_FURNITURE_TOKEN = re.compile(
    r"^(?:\d{1,3}(?:/\d{1,3})?|-\s?\d{1,3}\s?-|\d{2}-\d{5}|\([A-Z]\)|\*\d{6,8}\*|[Pp]age|"
    r"\d{2}-\d{5}\s?\([A-Z]\)|\d{6})$"
)
_RECYCLE = re.compile(r"^(?:Merci de recycler|Please recycle|Sírvase reciclar)\W*$", re.IGNORECASE)
_LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
                            "\u00ad": "", "\u00a0": " ", "\u202f": " ", "\u2009": " "})
_LABEL_START = re.compile(r"^(?:\d{1,3}\.\s*[A-ZÀ-Ý]|[a-z]\)\s*\S|\([a-z]{1,4}\)\s+\S)")
EDGE_LINES = 3   # how many lines at the top / bottom of a page may be furniture


@dataclass
class Line:
    page: int
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    text: str
    first_small_digits: str | None = None   # a leading raised/small number (footnote mark)
    unmapped: int = 0                       # glyphs without a Unicode mapping, "(cid:N)"
    tags: set = field(default_factory=set)

    @property
    def key(self) -> str:
        """Text with digits blurred, to recognise a running head on every page."""
        return re.sub(r"\d+", "#", " ".join(self.text.split())).lower()


def read_pdf(path: Path, data: bytes) -> LoadedText:
    """Read a PDF's text layer into the seed layout (raises InputError)."""
    try:
        import pdfplumber
        from pdfminer.pdfdocument import PDFPasswordIncorrect
        from pdfminer.pdfparser import PDFSyntaxError
        from pdfminer.psparser import PSException
    except ImportError as exc:
        raise InputError(f"{path}: PDF input needs pdfplumber (pip install pdfplumber): {exc}") from None

    _check_encryption(path, data)
    warnings: list[str] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = [_page_lines(i, page) for i, page in enumerate(pdf.pages)]
            rules = [_footnote_rule(page) for page in pdf.pages]
    except PDFPasswordIncorrect:
        raise InputError(f"{path}: the PDF is encrypted (password-protected); "
                         "save an unprotected copy (e.g. qpdf --decrypt) and read that") from None
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError, AttributeError, AssertionError,
            IndexError, ZeroDivisionError) as exc:   # what pdfminer raises on damaged files
        raise InputError(f"{path}: not a readable PDF (corrupt or truncated: {type(exc).__name__})") from None

    n_chars = sum(len(l.text.replace(" ", "")) for page in pages for l in page)
    cid = sum(l.unmapped for page in pages for l in page)
    if n_chars < 20 and not cid:
        raise InputError(f"{path}: the PDF has no text layer (a scan or image-only PDF); "
                         "run OCR on it first (e.g. ocrmypdf --language fra+eng) and read the result")
    if cid > 0.2 * (n_chars + cid):
        raise InputError(f"{path}: the PDF's fonts have no Unicode mapping, so its text layer cannot be read; "
                         "run OCR on it (e.g. ocrmypdf --force-ocr)")
    if cid:
        warnings.append(f"{cid} glyphs without a Unicode mapping were dropped")

    body_size = _body_size(pages)
    _drop_furniture(pages)
    body, notes = _split_footnotes(pages, body_size, rules)
    paragraphs, note_after = _paragraphs(body, notes, body_size)

    meta, rest = split_front_matter(list(paragraphs))
    dropped = len(paragraphs) - len(rest)   # front matter is removed from the top only
    out: list[str] = []
    pending: list[tuple[int, str]] = []
    for i in range(len(paragraphs)):
        pending += note_after.get(i, [])
        if i < dropped:
            continue
        out.append(" " + rest[i - dropped])
        if pending:
            out.append(footnote_block(pending))
            pending = []
    if pending:
        out.append(footnote_block(pending))
    if not out:
        raise InputError(f"{path}: the PDF has no body text once page headers and footers are removed")
    text = unicodedata.normalize("NFC", "\n\n".join(out) + "\n")
    meta["pages"] = len(pages)
    meta["footnote_count"] = sum(len(v) for v in note_after.values())
    return LoadedText(text=text, path=str(path), format="pdf", metadata=meta, warnings=warnings)


def _check_encryption(path: Path, data: bytes) -> None:
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError:  # pdfminer will say it
        return
    # pypdf logs its repairs ("EOF marker not found") as warnings; the error
    # we raise below is what the user should see, in one line.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        encrypted = reader.is_encrypted
    except PdfReadError as exc:
        if "encrypt" in str(exc).lower() or "crypt" in str(exc).lower():
            encrypted, reader = True, None
        else:
            raise InputError(f"{path}: not a readable PDF (corrupt or truncated: {' '.join(str(exc).split())[:80]})") from None
    except Exception as exc:
        if "crypt" in str(exc).lower():
            raise InputError(f"{path}: the PDF is encrypted with a scheme that cannot be read here "
                             f"({type(exc).__name__}); save an unprotected copy and read that") from None
        raise InputError(f"{path}: not a readable PDF (corrupt or truncated: {type(exc).__name__})") from None
    if encrypted:
        try:
            ok = reader is not None and reader.decrypt("") != 0
        except Exception:
            ok = False
        if not ok:
            raise InputError(f"{path}: the PDF is encrypted (password-protected), so its text layer cannot be read; "
                             "save an unprotected copy (e.g. qpdf --decrypt) and read that")


def _page_lines(index: int, page) -> list[Line]:
    lines = []
    try:
        raw_lines = page.extract_text_lines(return_chars=True, strip=False)
    except Exception:  # pdfminer on a damaged page
        return lines
    groups = [[c for c in raw["chars"] if c.get("upright", True) and c["text"]] for raw in raw_lines]
    groups = _merge_raised(sorted((g for g in groups if g), key=lambda g: min(float(c["top"]) for c in g)))
    for chars in groups:
        line = _assemble(index, chars)
        if line is not None and line.text.strip():
            lines.append(line)
    lines.sort(key=lambda l: (round(l.top), l.x0))
    return lines


def _merge_raised(groups: list[list[dict]]) -> list[list[dict]]:
    """Put superscript marks that were clustered as a line of their own back into their line.

    A mark raised by a third of the type size can fall outside the line
    clustering tolerance; it then sits between two lines, small, with its
    foot inside the height of the line it belongs to.
    """
    def span(g):
        big = max(float(c["size"]) for c in g)
        normal = [c for c in g if float(c["size"]) >= 0.85 * big]
        return min(float(c["top"]) for c in normal), max(float(c["bottom"]) for c in normal), big

    out: list[list[dict]] = []
    for k, group in enumerate(groups):
        text = "".join(c["text"] for c in group).strip()
        size = max(float(c["size"]) for c in group)
        if text and len(text) <= 4 and text.replace(",", "").isdigit():
            bottom = max(float(c["bottom"]) for c in group)
            for j in (k + 1, k - 1):
                if 0 <= j < len(groups) and j != k:
                    top, base, other = span(groups[j])
                    if size < 0.85 * other and top - 1 <= bottom <= base - 0.1 * other:
                        groups[j].extend(group)
                        group = []
                        break
        if group:
            out.append(group)
    return out


def _assemble(page: int, chars: list[dict]) -> Line | None:
    """Join a line's characters: spaces from gaps, footnote marks glued."""
    chars = sorted(chars, key=lambda c: c["x0"])
    sizes = Counter(round(float(c["size"]), 1) for c in chars if c["text"].strip())
    if not sizes:
        return None
    size = sizes.most_common(1)[0][0]
    base = statistics.median(float(c["bottom"]) for c in chars if round(float(c["size"]), 1) == size)
    out: list[str] = []
    prev = None
    lead_small = ""
    leading = True
    for c in chars:
        t = c["text"]
        small_raised = (float(c["size"]) < 0.85 * size and float(c["bottom"]) < base - 0.12 * size)
        small = float(c["size"]) < 0.92 * size
        if t.isspace():
            if out and out[-1] != " ":
                out.append(" ")
            prev = c
            continue
        if leading and t.isdigit() and (small_raised or small):
            lead_small += t
        elif not (t.isdigit() and lead_small and leading):
            leading = False
        if prev is not None and out and out[-1] != " ":
            gap = float(c["x0"]) - float(prev["x1"])
            if gap > 0.2 * min(float(c["size"]), float(prev["size"])) and not (small_raised and t.isdigit()):
                out.append(" ")
        out.append(t)
        prev = c
    text = "".join(out).translate(_LIGATURES)
    text, unmapped = re.subn(r"\(cid:\d+\)", "", text)
    return Line(unmapped=unmapped, page=page, x0=float(chars[0]["x0"]), x1=float(max(c["x1"] for c in chars)),
                top=min(float(c["top"]) for c in chars), bottom=max(float(c["bottom"]) for c in chars),
                size=size, text=" ".join(text.split()), first_small_digits=lead_small or None)


def _body_size(pages: list[list[Line]]) -> float:
    counts: Counter = Counter()
    for page in pages:
        for line in page:
            counts[line.size] += len(line.text)
    return counts.most_common(1)[0][0] if counts else 12.0


def _is_furniture_text(text: str, symbol_like_ok: bool) -> bool:
    t = " ".join(text.split())
    if _RECYCLE.match(t):
        return True
    tokens = re.findall(r"\d{2}-\d{5}\s?\([A-Z]\)|-\s?\d{1,3}\s?-|\S+", t)
    if tokens and all(_FURNITURE_TOKEN.match(tok) for tok in tokens):
        return True
    if symbol_like_ok:
        m = SYMBOL_RE.fullmatch(t)
        if m:
            return True
    return False


def _drop_furniture(pages: list[list[Line]]) -> None:
    """Remove running heads and feet: known patterns, and lines repeated on many pages.

    Only the first and last few lines of a page are candidates.  On the first
    page only the foot is cleaned by repetition: its head is the front matter,
    which :func:`split_front_matter` turns into metadata.
    """
    n = len(pages)
    edge_keys: Counter = Counter()
    for page in pages:
        edge_keys.update({l.key for l in page[:EDGE_LINES] + page[-EDGE_LINES:]})
    need = max(2, int(0.4 * (n - 1)) + 1)
    for pi, page in enumerate(pages):
        keep = []
        for li, line in enumerate(page):
            at_top = li < EDGE_LINES
            at_foot = li >= len(page) - EDGE_LINES
            if at_top or at_foot:
                if _is_furniture_text(line.text, symbol_like_ok=pi > 0):
                    continue
                repeated = n > 1 and edge_keys[line.key] >= need
                if repeated and (pi > 0 or at_foot):
                    continue
            keep.append(line)
        pages[pi] = keep


def _footnote_rule(page) -> float | None:
    """Top of the short horizontal rule that opens a footnote area, if the page has one."""
    width = float(page.width)
    height = float(page.height)
    found = None
    for shape in list(page.lines) + list(page.rects):
        w = float(shape["x1"]) - float(shape["x0"])
        h = abs(float(shape["bottom"]) - float(shape["top"]))
        if h <= 2 and 30 <= w <= 0.6 * width and float(shape["top"]) > 0.4 * height:
            top = float(shape["top"])
            found = top if found is None else min(found, top)
    return found


def _split_footnotes(pages: list[list[Line]], body_size: float, rules: list[float | None] | None = None
                     ) -> tuple[list[Line], list[tuple[int, list[Line]]]]:
    """Body lines of all pages, and each page's footnote lines (small type at the foot).

    The footnote area is found by its rule (a short line drawn above it) when
    the page has one, else by type size.
    """
    body: list[Line] = []
    notes: list[tuple[int, list[Line]]] = []
    for pi, page in enumerate(pages):
        rule = rules[pi] if rules else None
        if rule is not None:
            below = [k for k, line in enumerate(page) if line.top > rule]
            if below and below == list(range(below[0], len(page))) and \
                    (_numbered(page[below[0]]) or notes):
                body.extend(page[:below[0]])
                notes.append((pi, page[below[0]:]))
                continue
        # footnotes: the trailing run of small-type lines; it opens with a
        # numbered note, or continues a note from the previous page
        j = len(page)
        while j > 0 and page[j - 1].size < 0.92 * body_size:
            j -= 1
        start = len(page)
        for k in range(j, len(page)):
            if _numbered(page[k]) or (k == j and notes):
                start = k
                break
        body.extend(page[:start])
        if start < len(page):
            notes.append((pi, page[start:]))
    return body, notes


def _numbered(line: Line) -> bool:
    return bool(line.first_small_digits or re.match(r"^\d{1,3}\s", line.text))


def _parse_notes(blocks: list[tuple[int, list[Line]]]) -> list[tuple[int, int, str]]:
    """(page, number, text) per footnote; unnumbered lines continue the previous note."""
    entries: list[list] = []
    for pi, lines in blocks:
        for line in lines:
            m = re.match(r"^(\d{1,3})\s*(.*)$", line.text)
            expected = entries[-1][1] + 1 if entries else None
            if m and (expected is None or int(m.group(1)) == expected) and (
                    line.first_small_digits or m.group(2) == "" or line.text[len(m.group(1)):][:1] == " "):
                entries.append([pi, int(m.group(1)), m.group(2)])
            elif entries:
                entries[-1][2] = _join(entries[-1][2], line.text)
            else:
                entries.append([pi, 0, line.text])
    return [(p, n, " ".join(t.split())) for p, n, t in entries if n]


def _join(a: str, b: str) -> str:
    if not a:
        return b
    if a.endswith("-") and not a.endswith(" -"):
        return a + b
    return a + " " + b


def _paragraphs(body: list[Line], notes: list[tuple[int, list[Line]]], size: float
                ) -> tuple[list[str], dict[int, list[tuple[int, str]]]]:
    """Group body lines into paragraphs; say after which paragraph each page's notes go."""
    if not body:
        return [], {}
    left = Counter(round(l.x0) for l in body).most_common(1)[0][0]
    rights = sorted(l.x1 for l in body)
    right = rights[int(0.9 * (len(rights) - 1))]
    indent = max(6.0, 0.5 * size)
    gaps = [b.top - a.bottom for a, b in zip(body, body[1:]) if a.page == b.page and b.top > a.top]
    typical_gap = statistics.median(gaps) if gaps else 0.2 * size
    para_gap = typical_gap + 0.3 * size

    def indented(l: Line) -> bool:
        return l.x0 > left + indent

    def short(l: Line) -> bool:
        return l.x1 < right - 0.15 * (right - left)

    paragraphs: list[str] = []
    page_last_para: dict[int, int] = {}
    prev: Line | None = None
    for line in body:
        new = prev is None
        if not new:
            centred_pair = indented(prev) and indented(line) and short(prev) and short(line) \
                and abs((prev.x0 + prev.x1) - (line.x0 + line.x1)) < 4 * size
            if line.page != prev.page:
                # a page break: a new paragraph shows as an indent, or follows a
                # short last line -- unless the text goes on in lower case
                new = indented(line) or (short(prev) and not line.text[:1].islower())
            elif line.top - prev.bottom > para_gap:
                new = True
            elif centred_pair:
                new = False
            elif indented(line) and not indented(prev):
                new = True
            elif short(prev) and not indented(prev):
                new = True
            elif indented(line) and short(prev):
                new = True
            elif _LABEL_START.match(line.text) and prev.text.rstrip().endswith((",", ";", ":", ".")):
                new = True      # "1. Urges" / "a) Promote" after a finished line
        if new:
            paragraphs.append(line.text)
        else:
            paragraphs[-1] = _join(paragraphs[-1], line.text)
        page_last_para[line.page] = len(paragraphs) - 1
        prev = line
    paragraphs = [_fix_label(" ".join(p.split())) for p in paragraphs]

    note_after: dict[int, list[tuple[int, str]]] = {}
    for page, number, text in _parse_notes(notes):
        anchor = max((v for k, v in page_last_para.items() if k <= page), default=0)
        note_after.setdefault(anchor, []).append((number, text))
    return paragraphs, note_after


def _fix_label(text: str) -> str:
    """``a)Promouvoir`` / ``1.Exhorte`` (a tab drawn as no space) -> ``a) Promouvoir``."""
    return re.sub(r"^((?:\d{1,3}\.)|(?:[a-z]{1,4}\))|(?:\([a-z]{1,4}\)))(?=[^\s\d])", r"\1 ", text)
