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
from typing import Any, Iterable

APOS = "['’]"

MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
             "septembre", "octobre", "novembre", "décembre"]
MONTHS_EN = ["january", "february", "march", "april", "may", "june", "july", "august",
             "september", "october", "november", "december"]
MONTHS_ES = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
             "septiembre", "octubre", "noviembre", "diciembre"]
_MONTH_NUM = {m: i + 1 for months in (MONTHS_FR, MONTHS_EN, MONTHS_ES) for i, m in enumerate(months)}
_MONTH_NUM["fevrier"] = 2
_MONTH_NUM["aout"] = 8
_MONTH_NUM["decembre"] = 12
_MONTH_RE = "|".join(sorted(_MONTH_NUM, key=len, reverse=True))

DATE_RE = re.compile(
    rf"\b(?P<day>\d{{1,2}})(?:er|st|nd|rd|th)?\s+(?:de\s+)?(?P<month>{_MONTH_RE})\s+(?:de\s+)?(?P<year>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
DATE_EN_US_RE = re.compile(
    rf"\b(?P<month>{_MONTH_RE})\s+(?P<day>\d{{1,2}}),\s+(?P<year>(?:19|20)\d\d)\b", re.IGNORECASE
)

# A UN document symbol: A/RES/68/192, E/2002/68/Add.1, S/RES/2334 (2016), A/HRC/23/48.
SYMBOL_RE = re.compile(
    r"(?<![\w/])(?:A|S|E|ST|TD|UNEP|CRC|CEDAW|CCPR|DP|ECE|HRC|CTOC|CERD|ICCD|FCCC|UNW|[A-Z]{1,5})"
    r"(?:/[A-Z0-9][A-Za-z0-9.\-]*)+(?:\s\(\d{4}\))?(?![\w/])"
)

_ORGANS = (
    r"Assembl[ée]e g[ée]n[ée]rale|General Assembly|Asamblea General|"
    r"Conseil de s[ée]curit[ée]|Security Council|Consejo de Seguridad|"
    r"Conseil [ée]conomique et social|Economic and Social Council|Consejo Econ[óo]mico y Social|"
    r"Conseil des droits de l['’]homme|Human Rights Council|Consejo de Derechos Humanos"
)
ORGAN_RE = re.compile(rf"\b(?:{_ORGANS})\b", re.IGNORECASE)
DISTR_RE = re.compile(
    r"\bDistr\.?\s*:?\s*(?P<distr>g[ée]n[ée]rale|limit[ée]e|restreinte|general|limited|restricted|reservada)\b",
    re.IGNORECASE,
)
ADOPTION_RE = re.compile(
    rf"(?:R[ée]solution adopt[ée]e par l{APOS}Assembl[ée]e g[ée]n[ée]rale le|"
    r"Resolution adopted by the General Assembly on|"
    r"Resoluci[óo]n aprobada por la Asamblea General el|"
    r"Adopt[ée]e? par le Conseil de s[ée]curit[ée] [àa] sa \S+ s[ée]ance,? le|"
    r"Adopted by the Security Council at its \S+ meeting,? on)\s*"
    r"(?P<date>.+?)\s*$",
    re.IGNORECASE,
)
# "68/192. Amélioration de la coordination..." (GA resolutions carry their number).
NUMBERED_TITLE_RE = re.compile(r"^\s*(?P<number>\d{1,3}/\d{1,4}(?:\s*[A-Z])?)\.\s+(?P<title>\S.*)$")
OPENING_RE = re.compile(
    rf"^\s*(?:L{APOS}Assembl[ée]e g[ée]n[ée]rale|The General Assembly|La Asamblea General|"
    r"Le Conseil de s[ée]curit[ée]|The Security Council|El Consejo de Seguridad|"
    rf"Le Conseil [ée]conomique et social|The Economic and Social Council|"
    rf"Le Conseil des droits de l{APOS}homme|The Human Rights Council)\s*,?\s*$",
    re.IGNORECASE,
)

# Fragments that make up front-matter lines; a paragraph made only of these
# (after removing them, nothing but punctuation is left) is front matter.
_FRAGMENTS = [
    ADOPTION_RE,
    re.compile(r"\b(?:Nations Unies|United Nations|Naciones Unidas)\b", re.IGNORECASE),
    ORGAN_RE,
    DISTR_RE,
    DATE_RE,
    DATE_EN_US_RE,
    SYMBOL_RE,
    re.compile(r"\b(?:[A-ZÀ-Ý][\wÀ-ÿ\-]*\s+){0,2}(?:session|período de sesiones)\b", re.IGNORECASE),
    re.compile(rf"\bPoints?\s+\d+[a-z]?(?:\s*\([a-z]\))?(?:\s*(?:et|,)\s*\d+[a-z]?(?:\s*\([a-z]\))?)*\s+de\s+l{APOS}ordre\s+du\s+jour(?:\s+provisoire)?\b", re.IGNORECASE),
    re.compile(r"\bAgenda items?\s+\d+[a-z]?(?:\s*\([a-z]\))?(?:\s*(?:and|,)\s*\d+[a-z]?(?:\s*\([a-z]\))?)*\b", re.IGNORECASE),
    re.compile(r"\bTema\s+\d+\S*\s+del\s+programa\b", re.IGNORECASE),
    re.compile(r"\bOriginal\s*:\s*\w+\b", re.IGNORECASE),
    re.compile(r"^\s*\[.*\]\s*$", re.DOTALL),
    re.compile(r"\b(?:Merci de recycler|Please recycle)\b", re.IGNORECASE),
    re.compile(r"^\s*R[ée]solution\s+\d{1,5}\s*\(\d{4}\)\s*$", re.IGNORECASE),
    re.compile(r"\b\d{2}-\d{5}\s*(?:\([A-Z]\))?"),
    re.compile(r"\*\d{7}\*"),
]


# The seed's footnote block: a rule, a blank line, then " 1  text" lines.
FOOTNOTE_RULE = "_" * 18


def footnote_block(notes: Iterable[tuple[int, str]]) -> str:
    """Footnotes in the seed layout the segmenter reads (no trailing newline)."""
    return FOOTNOTE_RULE + "\n\n" + "\n".join(f" {n}  {t}" for n, t in notes)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def parse_date(text: str) -> tuple[str, str] | None:
    """``'18 décembre 2013'`` -> ``('2013-12-18', '18 décembre 2013')``."""
    m = DATE_RE.search(text) or DATE_EN_US_RE.search(text)
    if not m:
        return None
    month = _MONTH_NUM.get(m.group("month").lower())
    day = int(m.group("day"))
    if not month or not 1 <= day <= 31:
        return None
    return f"{int(m.group('year')):04d}-{month:02d}-{day:02d}", m.group(0)


def is_front_matter(paragraph: str) -> bool:
    """True when the paragraph is made only of front-matter pieces."""
    rest = paragraph
    for rx in _FRAGMENTS:
        rest = rx.sub(" ", rest)
    return not re.sub(r"[\s.,:;()\[\]\-–—*/]+", "", rest) and bool(paragraph.strip())


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
        agenda = re.search(rf"\b(Points?\s+\d+\S*(?:.*?)\s+de\s+l{APOS}ordre\s+du\s+jour|Agenda items?\s+\d+\S*)", line, re.IGNORECASE)
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
    if "symbol" not in meta and meta.get("resolution_number") and meta.get("organ", "").lower() in {
        "assemblée générale", "assemblee generale", "general assembly", "asamblea general"
    }:
        meta["symbol"] = "A/RES/" + meta["resolution_number"].replace(" ", "")
    if meta:
        meta["language_hint"] = _language_hint(front)
        if meta["language_hint"] is None:
            del meta["language_hint"]
    return meta, rest


def _language_hint(lines: list[str]) -> str | None:
    text = " ".join(lines).lower()
    fr = sum(w in text for w in ("nations unies", "assemblée", "générale", "session", "ordre du jour", "résolution adoptée"))
    en = sum(w in text for w in ("united nations", "general assembly", "distr.: general", "agenda item", "resolution adopted"))
    if fr > en:
        return "fr"
    if en > fr:
        return "en"
    return None
