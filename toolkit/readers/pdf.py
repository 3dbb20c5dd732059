"""PDF reader: the text layer in reading order, without page furniture.

UN PDFs carry things that are not the document's text: running heads
(symbol and title), page numbers (``2/8``), the job number (``13-44981 (F)``)
and its barcode (``*1344981*``), and the first-page front matter.  We work
from character positions (pdfplumber) rather than the raw text stream
because the decisions need geometry: furniture sits at the top and bottom of
the page and repeats from page to page, footnotes are set smaller below the
text (or under a rule), columns are read one after the other, and footnote
markers are small raised digits.

Paragraphs are rebuilt without trusting where lines happen to wrap, which
depends on the font a producer found: a paragraph ends where the document
shows it (extra space between lines, when the document separates paragraphs
that way; a first-line indent; a line ended early although the next line's
first word would have fitted on it; a paragraph label such as ``1.`` or
``a)`` after a finished line).  At a page or column break, or where a
footnote block interrupts the text, a paragraph goes on unless the next line
clearly opens a new one.

The output is the layout the segmenter reads (that of the PDF-extracted
seed): one paragraph per line, blank lines between paragraphs, and each
footnote block as a ``__________________`` rule followed by `` 1  text``
lines, placed after the paragraph that was running where the block was (so a
paragraph broken by a page or a footnote block comes out whole).
"""
from __future__ import annotations

import io
import logging
import re
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from toolkit.errors import InputError
from toolkit.readers import LoadedText
from toolkit.readers.metadata import SYMBOL_RE, footnote_block, split_front_matter
from toolkit.sentences import starts_lowercase

# Tokens that make up a furniture line: page numbers, job numbers, barcodes.
_FURNITURE_TOKEN = re.compile(
    r"^(?:\d{1,3}(?:/\d{1,3})?|-\s?\d{1,3}\s?-|\d{2}-\d{5}|\([A-Z]\)|\*\d{6,8}\*|[Pp]age|"
    r"\d{2}-\d{5}\s?\([A-Z]\)|\d{6})$"
)
_RECYCLE = re.compile(r"^(?:Merci de recycler|Please recycle|Sírvase reciclar)\W*$", re.IGNORECASE)
_LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
                            "\u00ad": "", "\u00a0": " ", "\u202f": " ", "\u2009": " "})
_LABEL_START = re.compile(r"^(?:\d{1,3}\.\s*[A-ZÀ-Ý]|[a-z]\)\s*\S|\([a-z]{1,4}\)\s+\S)")
# How a UN preambular paragraph opens: a participle or one of the usual
# adjectives (the words toolkit.segment recognises, in short).
_OPENER = re.compile(
    r"^(?:Se |S[’'])?(?:[A-ZÀ-Ý][a-zà-ÿ]{3,}(?:ant|ante|ing|ando|iendo|endo)|"
    r"Consciente?|Convaincue?|Préoccupée?|Profondément|Vivement|Gravement|Résolue?|Déterminée?|"
    r"Alarmée?|Inquiète|Soucieuse|Aware|Convinced|Concerned|Mindful|Deeply|Gravely|Determined|Alarmed|"
    r"Bearing|Having|Whereas|Convencid[ao]|Preocupad[ao]|Profundamente)\b")
_TEXT_RULE = re.compile(r"^\s*[_\u2017\u2500\u2501]{5,}\s*$")   # a footnote rule typed as text
_URL_LINE = re.compile(r"^\s*(?:(?:https?://|www\.)\S+\s*)+$", re.IGNORECASE)
_TERMINAL = tuple(".,;:!?")                  # how a UN paragraph ends (as toolkit.segment reads it)
_NOTE_END = tuple(".)]»”\"")                 # how a footnote ends (as toolkit.segment reads it)
EDGE_LINES = 3          # how many rows at the top / bottom of a page may be furniture
SMALL = 0.92            # type under this share of the body size is "smaller" (footnotes)
PARA_GAP = 0.3          # extra space, in type sizes, that marks a paragraph gap
INDENT = 0.2            # an offset from the column's left edge, in type sizes, that counts as an indent
GAP_STYLE_SHARE = 0.6   # gaps per indented line start above which a document separates paragraphs by space
MIN_GAPS = 5            # ...and at least this many gaps
COLUMN_GAP = 1.0        # horizontal space, in type sizes, that separates two pieces of one row
MIN_COLUMN_LINES = 3    # a column has at least this many line pieces on its page
COLUMN_ALIGNED = 0.4    # share of a right column's pieces that start at its left edge
SPACE = 0.35            # a word space, in type sizes: wider than in common text fonts (0.25-0.32), so a doubt is a wrap
SHORT = 2.0             # a line ending this many type sizes before the margin is short (centred titles)
RIGHT_QUANTILE = 0.95   # the column's right margin: this quantile of its line ends (a few lines overrun)


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
    column: int = 0                         # 0: the page's only column (or across columns); 1, 2: left, right
    first_word_x1: float = 0.0              # right end of the first word (would it fit on the line before?)
    second_word_x0: float | None = None     # where a footnote's text starts after its number
    after_break: bool = False               # the text was interrupted (footnotes, a link line) before it

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
            rules = [_footnote_rule(page) for page in pdf.pages]
            pages = [_page_lines(i, page, rules[i]) for i, page in enumerate(pdf.pages)]
    except PDFPasswordIncorrect:
        raise InputError(f"{path}: the PDF is encrypted (password-protected); "
                         "save an unprotected copy (e.g. qpdf --decrypt) and read that") from None
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError, AttributeError, AssertionError,
            IndexError, ZeroDivisionError) as exc:   # what pdfminer raises on damaged files
        raise InputError(f"{path}: not a readable PDF (corrupt or truncated: {type(exc).__name__})") from None

    n_chars = sum(len(line.text.replace(" ", "")) for page in pages for line in page)
    cid = sum(line.unmapped for page in pages for line in page)
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
    flow = _flow(pages, body_size, rules)
    paragraphs, note_after = _paragraphs(flow, body_size)

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


def _page_lines(index: int, page, rule: float | None = None) -> list[Line]:
    """The page's lines in reading order: rows top to bottom, columns one after the other."""
    try:
        raw_lines = page.extract_text_lines(return_chars=True, strip=False)
    except Exception:  # pdfminer on a damaged page
        return []
    groups = []
    for raw in raw_lines:
        seen, chars = set(), []
        for c in raw["chars"]:
            if not (c.get("upright", True) and c["text"]):
                continue
            # pdfplumber lists a ligature glyph ("ff") once per letter it expands to
            k = (c["text"], round(float(c["x0"]), 2), round(float(c["top"]), 2))
            if k not in seen:
                seen.add(k)
                chars.append(c)
        if chars:
            groups.append(chars)
    groups = _merge_raised(sorted(groups, key=lambda g: min(float(c["top"]) for c in g)))
    lines = []
    for chars, column in _reading_order(groups, float(page.width), rule):
        line = _assemble(index, chars)
        if line is not None and line.text.strip():
            line.column = column
            lines.append(line)
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

    def overlaps(mark, g) -> bool:
        x0, x1 = min(float(c["x0"]) for c in g), max(float(c["x1"]) for c in g)
        return x0 - 20 <= float(mark[0]["x0"]) <= x1 + 20

    out: list[list[dict]] = []
    for k, group in enumerate(groups):
        text = "".join(c["text"] for c in group).strip()
        size = max(float(c["size"]) for c in group)
        if text and len(text) <= 4 and text.replace(",", "").isdigit():
            bottom = max(float(c["bottom"]) for c in group)
            for j in (k + 1, k - 1):
                if 0 <= j < len(groups) and j != k and groups[j]:
                    top, base, other = span(groups[j])
                    if size < 0.85 * other and top - 1 <= bottom <= base - 0.1 * other and overlaps(group, groups[j]):
                        groups[j].extend(group)
                        group = []
                        break
        if group:
            out.append(group)
    return out


def _segments(chars: list[dict]) -> list[tuple[float, float]]:
    """The pieces of a row that wide spaces separate, as (x0, x1)."""
    ink = sorted((c for c in chars if c["text"].strip()), key=lambda c: float(c["x0"]))
    if not ink:
        return []
    size = statistics.median(float(c["size"]) for c in ink)
    out = [[float(ink[0]["x0"]), float(ink[0]["x1"])]]
    for c in ink[1:]:
        if float(c["x0"]) - out[-1][1] > COLUMN_GAP * size:
            out.append([float(c["x0"]), float(c["x1"])])
        else:
            out[-1][1] = max(out[-1][1], float(c["x1"]))
    return [(a, b) for a, b in out]


def _gutter(groups: list[list[dict]], width: float) -> float | None:
    """The x of the space between two columns of text, if the page is set in two."""
    segs = [s for g in groups for s in _segments(g)]
    if len(segs) < 2 * MIN_COLUMN_LINES:
        return None
    xs = range(int(0.3 * width), int(0.7 * width) + 1)
    crossing = [sum(1 for a, b in segs if a < x < b) for x in xs]
    low = min(crossing)
    best, start = (0, 0), None
    for i, count in enumerate(crossing + [None]):
        if count == low and start is None:
            start = i
        elif count != low and start is not None:
            best = max(best, (i - start, start))
            start = None
    length, first = best
    x = xs[first] + length / 2
    left = [s for s in segs if s[1] <= x]
    right = [s for s in segs if s[0] >= x]
    if (length < 6 or low > 0.2 * len(segs) or len(left) < MIN_COLUMN_LINES
            or len(right) < MIN_COLUMN_LINES):
        return None
    if Counter(round(s[0]) for s in right).most_common(1)[0][1] < COLUMN_ALIGNED * len(right):
        return None     # right-hand pieces that do not line up: aligned items, not a column
    return x


def _reading_order(groups: list[list[dict]], width: float, rule: float | None
                   ) -> list[tuple[list[dict], int]]:
    """Rows (char groups) in reading order, each with its column (0: the only one, or across)."""
    x = _gutter([g for g in groups if rule is None or min(float(c["top"]) for c in g) < rule], width)
    if x is None:
        return [(g, 0) for g in groups]
    out: list[tuple[list[dict], int]] = []
    left: list[list[dict]] = []
    right: list[list[dict]] = []

    def flush():
        out.extend((g, 1) for g in left)
        out.extend((g, 2) for g in right)
        left.clear()
        right.clear()

    for g in groups:
        below_rule = rule is not None and min(float(c["top"]) for c in g) > rule
        if below_rule or any(a < x < b for a, b in _segments(g)):
            flush()             # a row across the columns (title, footnotes) ends a band of columns
            out.append((g, 0))
            continue
        lpart = [c for c in g if float(c["x0"]) + float(c["x1"]) < 2 * x]
        rpart = [c for c in g if float(c["x0"]) + float(c["x1"]) >= 2 * x]
        if any(c["text"].strip() for c in lpart):
            left.append(lpart)
        if any(c["text"].strip() for c in rpart):
            right.append(rpart)
    flush()
    return out


def _assemble(page: int, chars: list[dict]) -> Line | None:
    """Join a line's characters: spaces from gaps, footnote marks glued."""
    chars = sorted(chars, key=lambda c: c["x0"])
    ink = [c for c in chars if c["text"].strip()]
    sizes = Counter(round(float(c["size"]), 1) for c in ink)
    if not sizes:
        return None
    size = sizes.most_common(1)[0][0]
    main = [c for c in ink if round(float(c["size"]), 1) == size]
    base = statistics.median(float(c["bottom"]) for c in main)
    out: list[str] = []
    words: list[list[float]] = []    # [x0, x1] of each word
    prev = None
    lead_small = ""
    leading = True
    for c in chars:
        t = c["text"]
        small_raised = (float(c["size"]) < 0.85 * size and float(c["bottom"]) < base - 0.12 * size)
        small = float(c["size"]) < SMALL * size
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
        if not out or out[-1] == " ":
            words.append([float(c["x0"]), float(c["x1"])])
        else:
            words[-1][1] = max(words[-1][1], float(c["x1"]))
        out.append(t)
        prev = c
    text = "".join(out).translate(_LIGATURES)
    text, unmapped = re.subn(r"\(cid:\d+\)", "", text)
    return Line(unmapped=unmapped, page=page, x0=min(float(c["x0"]) for c in ink),
                x1=max(float(c["x1"]) for c in ink),
                top=min(float(c["top"]) for c in main), bottom=max(float(c["bottom"]) for c in main),
                size=size, text=" ".join(text.split()), first_small_digits=lead_small or None,
                first_word_x1=words[0][1], second_word_x0=words[1][0] if len(words) > 1 else None)


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


def _rows(page: list[Line]) -> list[int]:
    """Each line's row on the page, counted from the top (the pieces of one row share it)."""
    order = sorted(range(len(page)), key=lambda k: page[k].top)
    rows = [0] * len(page)
    row, row_top = -1, None
    for k in order:
        if row_top is None or page[k].top - row_top > 0.5 * page[k].size:
            row, row_top = row + 1, page[k].top
        rows[k] = row
    return rows


def _drop_furniture(pages: list[list[Line]]) -> None:
    """Remove running heads and feet: known patterns, and lines repeated on many pages.

    Only the first and last few rows of a page are candidates, and a line
    counts as repeated where it comes back at the same height.  On the first
    page only the foot is cleaned by repetition: its head is the front matter,
    which :func:`split_front_matter` turns into metadata.
    """
    n = len(pages)
    rows = [_rows(page) for page in pages]
    edges: list[list[tuple[bool, bool]]] = []
    seen: dict[str, list[tuple[int, float]]] = {}
    for pi, page in enumerate(pages):
        last = max(rows[pi], default=0)
        marks = [(r < EDGE_LINES, r > last - EDGE_LINES) for r in rows[pi]]
        edges.append(marks)
        for line, (top, foot) in zip(page, marks):
            if (top or foot) and not _TEXT_RULE.match(line.text):
                seen.setdefault(line.key, []).append((pi, line.top))
    need = max(2, int(0.4 * (n - 1)) + 1)

    def repeated(line: Line) -> bool:
        pages_at = {pi for pi, top in seen.get(line.key, ()) if abs(top - line.top) <= 0.5 * line.size + 2}
        return n > 1 and len(pages_at) >= need

    for pi, page in enumerate(pages):
        keep = []
        for line, (at_top, at_foot) in zip(page, edges[pi]):
            if (at_top or at_foot) and not _TEXT_RULE.match(line.text):
                if _is_furniture_text(line.text, symbol_like_ok=pi > 0):
                    continue
                if (pi > 0 or at_foot) and repeated(line):
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


def _page_foot_notes(page: list[Line], body_size: float, rule: float | None, continuing: bool
                     ) -> tuple[list[Line], list[Line]]:
    """A page's body lines and its footnote area (small type at the foot, or under a rule).

    The area opens with a numbered note, or, when ``continuing``, may go on
    with a note begun on an earlier page.
    """
    if rule is not None:
        below = [k for k, line in enumerate(page) if line.top > rule]
        if below and below == list(range(below[0], len(page))) and (_numbered(page[below[0]]) or continuing):
            return page[:below[0]], page[below[0]:]
    j = len(page)
    while j > 0 and page[j - 1].size < SMALL * body_size:
        j -= 1
    for k in range(j, len(page)):
        if _numbered(page[k]) or (k == j and continuing):
            return page[:k], page[k:]
    return page, []


def _numbered(line: Line) -> bool:
    return bool(line.first_small_digits or re.match(r"^\d{1,3}\s", line.text))


def _note_number(line: Line) -> int | None:
    """The number a footnote line opens with (a raised mark, or digits and a space)."""
    if line.first_small_digits:
        return int(line.first_small_digits)
    m = re.match(r"^(\d{1,3})\s+\S", line.text)
    return int(m.group(1)) if m else None


def _notes_in_flow(lines: list[Line], start: int, last_note: int, body_size: float,
                   carry: Line | None = None) -> tuple[list[Line], int]:
    """The footnotes that follow a rule typed in the text: (their lines, index after them).

    Notes follow each other in number; an unnumbered line goes on with the
    note above it when it is set smaller, or comes without a gap and either
    the note is unfinished or the line is aligned with the note's text.
    Anything else is the body resuming.
    """
    block: list[Line] = []
    expected = last_note + 1
    text_x0 = carry.second_word_x0 if carry is not None else None
    for j in range(start, len(lines)):
        line = lines[j]
        if _note_number(line) == expected:
            block.append(line)
            expected += 1
            text_x0 = line.second_word_x0
            continue
        prev = block[-1] if block else carry
        if prev is None:
            return [], start
        gap = line.page != prev.page or line.top - prev.bottom > 0.5 * prev.size
        unfinished = not prev.text.rstrip().endswith(_NOTE_END)
        aligned = text_x0 is not None and line.x0 >= text_x0 - 1
        if line.size < SMALL * body_size or (not gap and (unfinished or aligned)):
            block.append(line)
            continue
        return block, j
    return block, len(lines)


def _flow(pages: list[list[Line]], body_size: float, rules: list[float | None]) -> list:
    """The body lines in reading order, with each footnote block (a list of lines) where it interrupts them."""
    flow: list = []
    last_note = 0
    interrupted = False
    open_notes = False     # typed footnotes ran to the end of the last page: they may go on on this one
    carry: Line | None = None
    for pi, page in enumerate(pages):
        body, foot = _page_foot_notes(page, body_size, rules[pi] if rules else None, continuing=last_note > 0)
        k = 0
        while k < len(body):
            line = body[k]
            is_rule = bool(_TEXT_RULE.match(line.text))
            if is_rule or open_notes:
                start = k + 1 if is_rule else k
                block, end = _notes_in_flow(body, start, last_note, body_size, None if is_rule else carry)
                open_notes = False
                if block:
                    flow.append(block)
                    last_note = max([last_note] + [n for n in map(_note_number, block) if n])
                    interrupted, k, carry = True, end, block[-1]
                    open_notes = end >= len(body)
                    continue
                if is_rule:
                    open_notes, carry = start >= len(body), None    # nothing after the rule on this page
                    k += 1                              # a rule with no notes under it is not text
                    continue
            if _URL_LINE.match(line.text):
                interrupted = True                      # a link printed on its own line
                k += 1
                continue
            line.after_break = interrupted
            interrupted = False
            flow.append(line)
            k += 1
        if foot:
            flow.append(foot)
            last_note = max([last_note] + [n for n in map(_note_number, foot) if n])
    return flow


def _parse_notes(blocks: list[tuple[int, list[Line]]]) -> list[tuple[int, int, str]]:
    """(anchor, number, text) per footnote; unnumbered lines continue the previous note."""
    entries: list[list] = []
    for anchor, lines in blocks:
        for line in lines:
            m = re.match(r"^(\d{1,3})\s*(.*)$", line.text)
            expected = entries[-1][1] + 1 if entries else None
            if m and (expected is None or int(m.group(1)) == expected) and (
                    line.first_small_digits or m.group(2) == "" or line.text[len(m.group(1)):][:1] == " "):
                entries.append([anchor, int(m.group(1)), m.group(2)])
            elif entries:
                entries[-1][2] = _join(entries[-1][2], line.text)
            else:
                entries.append([anchor, 0, line.text])
    return [(a, n, " ".join(t.split())) for a, n, t in entries if n]


def _join(a: str, b: str) -> str:
    if not a:
        return b
    if a.endswith("-") and not a.endswith(" -"):
        return a + b            # a compound broken after its hyphen ("ceux-" / "ci")
    if a.endswith("/") and "/" in a.split()[-1][:-1] + "/" and not a.endswith(" /"):
        return a + b            # a path or address broken after a slash
    return a + " " + b


class _Layout:
    """What the document's body lines say about its layout, for the paragraph decisions."""

    def __init__(self, lines: list[Line], size: float):
        body = [line for line in lines if line.size >= SMALL * size] or lines
        self.left: dict[int, float] = {}
        self.right: dict[int, float] = {}
        for column in {line.column for line in body}:
            mine = [line for line in body if line.column == column]
            self.left[column] = Counter(round(line.x0) for line in mine).most_common(1)[0][0]
            rights = sorted(line.x1 for line in mine)
            self.right[column] = rights[int(RIGHT_QUANTILE * (len(rights) - 1))]
        for column in {line.column for line in lines} - set(self.left):
            self.left[column] = min(line.x0 for line in lines if line.column == column)
            self.right[column] = max(line.x1 for line in lines if line.column == column)
        pairs = [(a, b) for a, b in zip(lines, lines[1:]) if self.below(a, b) and not b.after_break]
        gaps = [b.top - a.bottom for a, b in pairs]
        self.typical_gap = statistics.median(gaps) if gaps else 0.2 * size
        n_gaps = sum(1 for a, b in pairs if self.gap(a, b))
        n_indents = sum(1 for a, b in pairs if self.indented(b) and not self.indented(a))
        # paragraphs shown by space between them (then a line without space
        # before it goes on with its paragraph, however short the line above)
        self.gap_style = n_gaps >= MIN_GAPS and n_gaps >= GAP_STYLE_SHARE * n_indents
        self.indents = n_indents >= MIN_GAPS     # paragraphs open with an indent

    def below(self, a: Line, b: Line) -> bool:
        """Is b the line under a in the same run of text (same page and column, or across, further down)?"""
        return (a.page == b.page and b.top > a.top + 0.3 * a.size
                and (a.column == b.column or 0 in (a.column, b.column)))

    def gap(self, a: Line, b: Line) -> bool:
        return b.top - a.bottom > self.typical_gap + PARA_GAP * max(a.size, b.size)

    def indented(self, line: Line) -> bool:
        return line.x0 > self.left[line.column] + INDENT * line.size

    def short(self, line: Line) -> bool:
        return line.x1 < self.right[line.column] - SHORT * line.size

    def fits(self, a: Line, b: Line) -> bool:
        """Would b's first word have fitted at the end of a? Then a was ended on purpose."""
        return a.x1 + SPACE * a.size + (b.first_word_x1 - b.x0) < self.right[a.column]

    def new_paragraph(self, a: Line, b: Line) -> bool:
        """Does line b open a paragraph, line a being the body line before it?"""
        finished = a.text.rstrip().endswith(_TERMINAL)
        if b.after_break or not self.below(a, b):
            # a page or column break, or footnotes between: the paragraph goes on
            # unless b clearly opens one
            if _LABEL_START.match(b.text) and finished:
                return True
            if (a.text.endswith("-") and not a.text.endswith(" -")) or starts_lowercase(b.text) or not finished:
                return False
            if self.indented(b):
                return True
            # without indents the space that ended the paragraph was lost with the
            # break: a line ended early, or the way a preambular paragraph opens
            return not self.indents and (self.fits(a, b) or bool(_OPENER.match(b.text)))
        if self.gap(a, b):
            return True
        opens = bool(_LABEL_START.match(b.text)) or not starts_lowercase(b.text)
        if self.gap_style:
            return (self.indented(b) and not self.indented(a) and finished and opens and self.fits(a, b))
        centred_pair = (self.indented(a) and self.indented(b) and self.short(a) and self.short(b)
                        and abs((a.x0 + a.x1) - (b.x0 + b.x1)) < 4 * b.size)
        if centred_pair:
            return False
        if self.indented(b) and not self.indented(a):
            return True
        if self.fits(a, b) and (finished or opens):
            return True
        return bool(_LABEL_START.match(b.text)) and finished


def _paragraphs(flow: list, size: float) -> tuple[list[str], dict[int, list[tuple[int, str]]]]:
    """Group body lines into paragraphs; say after which paragraph each footnote goes."""
    lines = [item for item in flow if isinstance(item, Line)]
    if not lines:
        return [], {}
    layout = _Layout(lines, size)
    paragraphs: list[str] = []
    blocks: list[tuple[int, list[Line]]] = []
    prev: Line | None = None
    for item in flow:
        if not isinstance(item, Line):
            blocks.append((max(len(paragraphs) - 1, 0), item))
            continue
        if prev is None or layout.new_paragraph(prev, item):
            paragraphs.append(item.text)
        else:
            paragraphs[-1] = _join(paragraphs[-1], item.text)
        prev = item
    paragraphs = [_fix_label(" ".join(p.split())) for p in paragraphs]

    note_after: dict[int, list[tuple[int, str]]] = {}
    for anchor, number, text in _parse_notes(blocks):
        note_after.setdefault(anchor, []).append((number, text))
    return paragraphs, note_after


def _fix_label(text: str) -> str:
    """``a)Promouvoir`` / ``1.Exhorte`` (a tab drawn as no space) -> ``a) Promouvoir``."""
    return re.sub(r"^((?:\d{1,3}\.)|(?:[a-z]{1,4}\))|(?:\([a-z]{1,4}\)))(?=[^\s\d])", r"\1 ", text)
