"""Front matter of a UN document: symbol, distribution, date and title.

A UN resolution opens with a block that is metadata, not text to align
(``Nations Unies  A/RES/68/192``, ``Assemblée générale  Distr. générale``,
``18 décembre 2013``, ``Point 106 de l'ordre du jour``, ``Résolution adoptée
par l'Assemblée générale le 18 décembre 2013``, ``68/192. Title``).  The PDF,
Word and HTML readers hand their first paragraphs to :func:`split_front_matter`,
which removes that block from the text (so the segmenter sees the same layout
as the seed: title first) and returns what it says as a metadata dict that
:func:`toolkit.segment.read_document` copies into ``Document.symbol/date/title``.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Any
from collections.abc import Iterable

from toolkit import lang as _lang
from toolkit.lang._common import AP

APOS = AP
_PROFILES = list(_lang.profiles().values())
_ALL = _lang.neutral()


def _alt(parts) -> str:
    return "|".join(parts)


#: month name (lower case, every supported language) -> 1..12
_MONTH_NUM = dict(_ALL.months)
_MONTH_RE = "|".join(sorted(map(re.escape, _MONTH_NUM), key=len, reverse=True))
# Arabic-Indic and full-width digits folded (one to one) before dates are parsed
_DIGIT_FOLD = {**{0x0660 + d: 0x30 + d for d in range(10)}, **{0x06F0 + d: 0x30 + d for d in range(10)},
               **{0xFF10 + d: 0x30 + d for d in range(10)}}

DATE_RE = re.compile(
    rf"\b(?P<day>\d{{1,2}})(?:er|st|nd|rd|th)?\s+(?:de\s+)?(?P<month>{_MONTH_RE})\s+(?:de\s+)?(?P<year>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
DATE_EN_US_RE = re.compile(
    rf"\b(?P<month>{_MONTH_RE})\s+(?P<day>\d{{1,2}}),\s+(?P<year>(?:19|20)\d\d)\b", re.IGNORECASE
)
#: dates written otherwise ("2013年12月18日"), from the language profiles
DATE_OTHER_RES = [re.compile(p) for p in _ALL.date_patterns]

# A UN document symbol: A/RES/68/192, E/2002/68/Add.1, S/RES/2334 (2016), A/HRC/23/48.
SYMBOL_RE = re.compile(
    r"(?<![\w/])(?:A|S|E|ST|TD|UNEP|CRC|CEDAW|CCPR|DP|ECE|HRC|CTOC|CERD|ICCD|FCCC|UNW|[A-Z]{1,5})"
    r"(?:/[A-Z0-9][A-Za-z0-9.\-]*)+(?:\s\(\d{4}\))?(?![\w/])"
)
#: a symbol as one token on a line of page furniture: A/RES/68/192
SYMBOL_TOKEN = r"[A-Z]{1,6}(?:/[A-Za-z0-9.()\-]+){2,}"

_ORGANS = _alt(_ALL.organs)
ORGAN_RE = re.compile(rf"\b(?:{_ORGANS})\b", re.IGNORECASE)
DISTR_RE = re.compile(rf"\bDistr\.?\s*:?\s*(?P<distr>{_alt(_ALL.distribution_words)})\b", re.IGNORECASE)
ADOPTION_RE = re.compile(rf"(?:{_alt(_ALL.adoption_patterns)})\s*(?P<date>.+?)\s*$", re.IGNORECASE)
# "68/192. Amélioration de la coordination..." (GA resolutions carry their number).
NUMBERED_TITLE_RE = re.compile(r"^\s*(?P<number>\d{1,3}/\d{1,4}(?:\s*[A-Z])?)\.\s+(?P<title>\S.*)$")
OPENING_RE = re.compile(rf"^\s*(?:{_alt(_ALL.opening_formulas)})\s*[,،，]?\s*$", re.IGNORECASE)

# Fragments that make up front-matter lines; a paragraph made only of these
# (after removing them, nothing but punctuation is left) is front matter.
_FRAGMENTS = [
    ADOPTION_RE,
    re.compile(rf"\b(?:{_alt(_ALL.un_names)})\b", re.IGNORECASE),
    ORGAN_RE,
    DISTR_RE,
    DATE_RE,
    DATE_EN_US_RE,
    *DATE_OTHER_RES,
    SYMBOL_RE,
    re.compile(rf"\b(?:[A-ZÀ-Ý][\wÀ-ÿ\-]*\s+){{0,2}}(?:{_alt(_ALL.session_words)})\b", re.IGNORECASE),
    *(re.compile(p) for p in _ALL.front_fragments),
    re.compile(r"^\s*\[.*\]\s*$", re.DOTALL),
    re.compile(r"\b\d{2}-\d{5}\s*(?:\([A-Z]\))?"),
    re.compile(r"\*\d{7}\*"),
]
# Whole lines of front matter, as a PDF extraction prints them (one piece per line).
_FRONT_LINE_RES = [
    re.compile(rf"^\s*(?:{_alt(_ALL.un_names)})(?:\s+{SYMBOL_TOKEN})?\s*$"),
    re.compile(rf"^\s*(?:{_ORGANS})(?:\s+Distr\..*)?\s*$"),
    re.compile(rf"^.*\bDistr\.\s*:?\s*(?:{_alt(_ALL.distribution_words)})\b.*$", re.IGNORECASE),
    *(re.compile(p) for p in _ALL.front_patterns),
    re.compile(r"^\s*\[.*\]\s*$"),
    re.compile(r"^\s*\d{1,2}(?:er)?\s+[^\W\d_]+\s+\d{4}\s*$"),                # a date alone
]
_ADOPTION_LINE_RES = [re.compile(p) for p in _ALL.adoption_line]


# The seed's footnote block: a rule, a blank line, then " 1  text" lines.
FOOTNOTE_RULE = "_" * 18


def footnote_block(notes: Iterable[tuple[int, str]]) -> str:
    """Footnotes in the seed layout the segmenter reads (no trailing newline)."""
    return FOOTNOTE_RULE + "\n\n" + "\n".join(f" {n}  {t}" for n, t in notes)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def parse_date(text: str) -> tuple[str, str] | None:
    """``'18 décembre 2013'`` -> ``('2013-12-18', '18 décembre 2013')`` (any supported language:
    ``'18 декабря 2013 года'``, ``'18 كانون الأول/ديسمبر 2013'``, ``'2013年12月18日'``)."""
    folded = text.translate(_DIGIT_FOLD)
    m = DATE_RE.search(folded) or DATE_EN_US_RE.search(folded)
    if not m:
        m = next((x for x in (rx.search(folded) for rx in DATE_OTHER_RES) if x), None)
    if not m:
        return None
    month_text = m.group("month")
    month = int(month_text) if month_text.isdigit() else _MONTH_NUM.get(month_text.lower())
    day = int(m.group("day"))
    if not month or not 1 <= month <= 12 or not 1 <= day <= 31:
        return None
    return f"{int(m.group('year')):04d}-{month:02d}-{day:02d}", text[m.start():m.end()]


def adoption_line(text: str) -> bool:
    """A line that states the adoption ("Resolution adopted by the General Assembly on ...")."""
    return any(rx.match(text) for rx in _ADOPTION_LINE_RES)


def is_front_matter(text: str) -> bool:
    """True when a line or paragraph is front matter: the one detector the
    readers (paragraphs of PDF, Word, HTML) and the segmenter (lines of text)
    share.  Front matter is a whole line of it (``Distr. générale``, ``Point 106
    de l'ordre du jour``, ``Soixante-huitième session``, an adoption line) or
    text made only of front-matter pieces (symbol, organ, date, job number ...).
    """
    if not text.strip():
        return False
    if adoption_line(text) or any(rx.match(text) for rx in _FRONT_LINE_RES):
        return True
    rest = text
    for rx in _FRAGMENTS:
        rest = rx.sub(" ", rest)
    return not re.sub(r"[\s.,:;()\[\]\-–—*/،，：]+", "", rest)


_AGENDA_RE = re.compile(rf"\b({_alt(_ALL.agenda_patterns)})", re.IGNORECASE)


def metadata_from_lines(lines: Iterable[str]) -> dict[str, Any]:
    """Read symbol, distribution, dates, organ, session... from front-matter text.

    ``date`` is ISO 8601: the adoption date when the document states it,
    otherwise the distribution date; ``date_text`` keeps the words as printed.
    """
    meta: dict[str, Any] = {}
    for raw in lines:
        line = nfc(" ".join(raw.split()))
        if not line:
            continue
        adoption = ADOPTION_RE.search(line)
        if adoption and "adoption_date" not in meta:
            parsed = parse_date(adoption.group("date"))
            if parsed:
                meta["adoption_date"], meta["adoption_date_text"] = parsed
            line = line[: adoption.start()]
        if "symbol" not in meta:
            sym = SYMBOL_RE.search(line)
            if sym:
                meta["symbol"] = sym.group(0)
        organ = ORGAN_RE.search(line)
        if organ and "organ" not in meta:
            meta["organ"] = organ.group(0)
        distr = DISTR_RE.search(line)
        if distr and "distribution" not in meta:
            meta["distribution"] = distr.group(0)
            after = line[distr.end():]
            parsed = parse_date(after)
            if parsed:
                meta["distribution_date"], meta["distribution_date_text"] = parsed
        elif "distribution" in meta and "distribution_date" not in meta:
            parsed = parse_date(line)
            if parsed:
                meta["distribution_date"], meta["distribution_date_text"] = parsed
        sess = re.search(r"\b((?:[A-ZÀ-Ý][\wÀ-ÿ\-]*\s+){1,2}session)\b", line)
        if sess and "session" not in meta and not ADOPTION_RE.search(line):
            meta["session"] = sess.group(1).strip()
        agenda = _AGENDA_RE.search(line)
        if agenda and "agenda_item" not in meta:
            meta["agenda_item"] = agenda.group(1)
    if "adoption_date" in meta:
        meta["date"], meta["date_text"] = meta["adoption_date"], meta["adoption_date_text"]
    elif "distribution_date" in meta:
        meta["date"], meta["date_text"] = meta["distribution_date"], meta["distribution_date_text"]
    return meta


def split_front_matter(paragraphs: list[str], *, extra_lines: Iterable[str] = (),
                       max_scan: int = 15) -> tuple[dict[str, Any], list[str]]:
    """Remove the front-matter block from the first paragraphs; return (metadata, rest).

    ``extra_lines`` is front matter found elsewhere (a Word first-page header),
    used for metadata only.  The title is taken from a ``68/192. Title``
    paragraph (the number is moved into ``resolution_number`` so the text starts
    with the bare title, as the seed does), or else from the paragraph just
    before the opening line (``L'Assemblée générale,``); it stays in the text.
    """
    front: list[str] = list(extra_lines)
    rest = list(paragraphs)
    meta: dict[str, Any] = {}
    i = 0
    while i < len(rest) and i < max_scan:
        para = rest[i]
        if not para.strip():
            i += 1
            continue
        numbered = NUMBERED_TITLE_RE.match(" ".join(para.split()))
        if numbered and not OPENING_RE.match(para):
            meta["resolution_number"] = numbered.group("number")
            rest[i] = numbered.group("title")
            break
        if is_front_matter(para) and not OPENING_RE.match(para):
            front.append(para)
            del rest[i]
            continue
        break
    meta = {**metadata_from_lines(front), **meta}
    # Title: the paragraph(s) before the opening line, when there is one.
    for j, para in enumerate(rest[: max_scan + 1]):
        if OPENING_RE.match(para):
            title = " ".join(" ".join(p.split()) for p in rest[:j] if p.strip())
            if title:
                meta["title"] = nfc(title)
            break
    if "title" not in meta and "resolution_number" in meta:
        meta["title"] = nfc(" ".join(rest[i].split()))
    if "symbol" not in meta and meta.get("resolution_number") and meta.get("organ", "").lower() in _GA_NAMES:
        meta["symbol"] = "A/RES/" + meta["resolution_number"].replace(" ", "")
    if meta:
        meta["language_hint"] = _language_hint(front)
        if meta["language_hint"] is None:
            del meta["language_hint"]
    return meta, rest


_GA_NAMES = set(_ALL.general_assembly)


def _language_hint(lines: list[str]) -> str | None:
    """The language whose front-matter words the lines hold most (None on a tie or none)."""
    text = " ".join(lines).lower()
    scores = {p.code: sum(w in text for w in p.hint_words) for p in _PROFILES}
    best = max(scores.values(), default=0)
    winners = [code for code, n in scores.items() if n == best]
    return winners[0] if best > 0 and len(winners) == 1 else None
