"""UN-aware segmentation of PDF-extracted resolution text (the six UN languages).

The words of each language (preambular openers, opening formulas, front
matter, month names, article/goal words...) are in :mod:`toolkit.lang`, one
module per language; this module holds no word of any language.  File reading
is :func:`toolkit.readers.read_document` (re-exported here), front matter is
detected by :func:`toolkit.readers.metadata.is_front_matter` (shared with the
PDF, Word and HTML readers).

Why rule-based: UN resolutions have a rigid, documented structure (title,
"The General Assembly,", preambular paragraphs opened by a participle or
adjective, numbered operative paragraphs, lettered sub-items, footnotes).
Recovering that structure, and cleaning the PDF artefacts around it, gives
segments that correspond one-to-one across languages -- the best anchors an
aligner can get.

What is handled, generically (no rule keyed to a particular document):

* page furniture: footnote rule lines (``_____``), footnote blocks (numbered
  lines after the rule, with their continuation lines), ``undocs.org`` URL
  lines, job numbers (``13-44866 (F)``), page numbers (``2/8``), symbol
  headers, front matter before the opening, headers repeated at page breaks
  (form feeds);
* a paragraph interrupted by a page break continues after the footnote block
  when the text before the break is unfinished or the text after it starts
  in lower case;
* soft line wraps are joined; an end-of-line hyphen is dropped unless the
  document itself (or a known compound prefix) says the hyphen is real;
* footnote markers glued to words (``Millénaire1``) or to years
  (``20052`` -> ``2005`` + 2, ``201214`` -> ``2012`` + 14) are removed from
  the text and recorded on the segment; a number counts as a marker only if
  that footnote exists and, for the ambiguous year case, if it is the next
  footnote expected in reading order (or one already cited);
* curly and straight apostrophes, NBSP and narrow NBSP are all matched; the
  text keeps them as in the source.

Segment ids (stable; aligners anchor on them and on ``Segment.number``):

=====================  ===========  ===========================  ==========
what                   kind         id                           number
=====================  ===========  ===========================  ==========
title                  title        ``title``                    ``68/192`` if printed
opening                opening      ``opening``                  --
preambular paragraph   preamble     ``pp1`` ... ``ppN``          -- (not printed)
operative ``12.``      operative    ``op12``                     ``12``
unnumbered operative   operative    ``op1`` ... (in order)       --
sub-item ``a)``/``(a)`` subitem      ``pp7.a``, ``op3.b``         ``a``
sub-sub-item ``(i)``   subitem      ``op3.b.i``                  ``i``
"Article 12"           heading      ``art12``                    ``12``
paragraph in article   paragraph    ``art12.p1``, ``art12.p2``   ``1`` if printed
"Goal 1. ..."          heading      ``goal1``                    ``1``
target ``1.a``         paragraph    ``t1.a`` (parent goal1)      ``1.a``
indicator ``1.a.1``    paragraph    ``i1.a.1`` (parent t1.a)     ``1.a.1``
``1.1`` outside goals  paragraph    ``n1.1``                     ``1.1``
other heading          heading      ``h1`` ...                   roman/letter if printed
other paragraph        paragraph    ``p1`` ...                   --
footnote               --           ``fn1`` ...                  (Footnote.number)
line (``lines`` mode)  paragraph    ``s1`` ... ``sN``            --
=====================  ===========  ===========================  ==========

Inside an annex (after a heading "Annex"/"Annexe") numbering restarts and
ids get a prefix: ``annex.opening``, ``annex.pp1``, ``annex.op1``, ``annexII.op3.a``.
Segment texts keep their printed labels (``1. Exhorte...``, ``a) Promouvoir...``,
``1.1 By 2030...``) exactly as in the document; the label is also in ``number``.

Spans are character offsets in the NFC text given to :func:`segment_text`
(first character of the paragraph's first line, end of its last line).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from toolkit import lang as _lang
from toolkit.lang._common import AP, SP
from toolkit.model import (
    HEADING,
    OPENING,
    OPERATIVE,
    PARAGRAPH,
    PREAMBLE,
    SUBITEM,
    TITLE,
    Document,
    Footnote,
    Segment,
    SegmentKind,
    text_checksum,
)
from toolkit.readers import read_document
from toolkit.readers.metadata import (
    SYMBOL_TOKEN,
    adoption_line,
    is_front_matter,
    parse_date,
)
from toolkit.sentences import starts_lowercase

__all__ = ["FALLBACK_WARNING", "INPUT_FORMATS", "lines_document", "read_document", "segment_text"]

INPUT_FORMATS = ("auto", "un", "lines")
FALLBACK_WARNING = "no recognisable UN structure (title, opening, preamble, numbered paragraphs); fell back to blank-line paragraphs"
LINES_WARNING = "no recognisable UN structure and no blank lines; one segment per line"

# The words of every language come from toolkit.lang; the segmenter recognises
# the structure markers of all supported languages at once (lang.neutral()),
# since the lines are scanned before the language is known and UN texts quote
# other languages.  Nothing here is keyed to one language.
_L = _lang.neutral()
PARAGRAPH_PER_LINE_SHARE = 0.6
"""Share of lines ending like a paragraph from which a text without blank lines is taken as one
paragraph per line (text copied from Word or HTML)."""
SHORT_HEADING_CHARS = 160
"""A numbered section heading or an opening formula is shorter than this; a paragraph that starts
like one is longer (the opening formulas of the shipped corpora have about 20 characters; goal and
article headings are recognised by their heading word, and the SDG's run to 285)."""
ANNEX_TITLE_CHARS = 250
"""An annex title is shorter than this; a longer unnumbered front paragraph is body text."""
STRONG_PLACED_SHARE = 0.5
"""Share of segments placed in the UN structure (preamble, operative, sub-items) from which the
structure found is "strong" rather than a few lucky matches."""
CONTEXT_CHARS = 40
"""Characters before a footnote mark searched for the word it is glued to."""
HYPHEN_TAIL_CHARS = 80
"""Characters at the end of a line searched for a word broken by a hyphen."""
LANGUAGE_SAMPLE_PARAGRAPHS = 40
"""Paragraphs the language detector reads when no language is given."""
_SP = SP                                     # spaces, including non-breaking ones
_AP = AP                                     # apostrophes, straight and curly
_TERMINAL = tuple(_L.terminal_punctuation)
_CLAUSE_END = (",", ";", "，", "；", "،", "؛")           # a line ending like a clause
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_CHAR = re.compile(rf"[{_CJK}\u3000-\u303f\uff00-\uffef]")
# full-width forms, the ideographic space and Arabic-Indic digits, folded one to one
# for matching structure labels ("１．" "（a）" "٢ -"); texts keep them as printed
_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FOLD.update({0x3000: 0x20, **{0x0660 + d: 0x30 + d for d in range(10)}, **{0x06F0 + d: 0x30 + d for d in range(10)}})


def _fold(text: str) -> str:
    return text.translate(_FOLD)


def _alt(parts) -> str:
    return "|".join(parts)


# ------------------------------------------------------------------ lines
_RULE_RE = re.compile(r"^\s*(?:[_\u2017\u2500\u2501]{5,}|-{10,})\s*$")
_URL_RE = re.compile(r"^\s*(?:(?:https?://|www\.)\S+\s*)+$", re.I)
_SYMBOL_LINE_RE = re.compile(r"^\s*([A-Z]{1,6}(?:/[A-Za-z0-9.()\-]+){2,})\s*$")
_FURNITURE_RES = [
    re.compile(r"^\s*\d{2}-\d{5}\s*(?:\([A-Z]\))?(?:\s+\S+)?\s*$"),         # job number 13-44866 (F)
    re.compile(r"^\s*\*\d{7,8}\*\s*$"),                                    # barcode *1344866*
    re.compile(r"^\s*\d{1,3}\s*/\s*\d{1,3}\s*$"),                           # page 2/8
    *(re.compile(p) for p in _L.furniture_patterns),                       # Page 2 of 8, Please recycle
]
_SYMBOL_TOKEN = SYMBOL_TOKEN
_FURNITURE_TOKEN_RE = re.compile(
    rf"^(?:\d{{2}}-\d{{5}}|\([A-Z]\)|\d{{1,3}}/\d{{1,3}}|\*\d{{7,8}}\*|{_SYMBOL_TOKEN})$")
_FN_LINE_RE = re.compile(rf"^\s*(\d{{1,3}}|\*{{1,3}})(?:{_SP}+|\t)(\S.*)$")
_FN_END = tuple(".)]»”\"。）」")

# -------------------------------------------------------------- structure
# "12. ", Arabic "12 - " / "٢ - ", Chinese "1.决定" (no space before CJK)
_OP_RE = re.compile(rf"^(\d{{1,3}})(?:\.{_SP}+(?=\S)|\.(?=[{_CJK}])|{_SP}*[-–]{_SP}*(?=[\u0600-\u06ff]))")
_DOTTED_RE = re.compile(rf"^(\d{{1,2}}\.[0-9a-z]{{1,2}}(?:\.\d{{1,2}})?)\.?{_SP}+(?=\S)")
_EXTRA_LABELS = sorted(_L.subitem_labels, key=len, reverse=True)      # "(أ)" "(一)" -> a, i
_SUB_RE = re.compile(
    rf"^(?:\(([a-z]|([a-z])\2|[ivxlc]{{1,5}})\)|([a-z]|([a-z])\4|[ivxlc]{{1,5}})\)"
    rf"|\(({_alt(re.escape(x) for x in _EXTRA_LABELS) or '(?!)'})\))(?:{_SP}+(?=\S)|(?=[{_CJK}]))")
_ARTICLE_WORDS = _alt(_L.article_words)
_ARTICLE_FIRST = {w.lower() for w in _L.article_first}
_ARTICLE_RES = [re.compile(rf"^(?:{_ARTICLE_WORDS}){_SP}+(\d+|{_alt(_L.article_first)})\.?\s*$", re.I),
                *(re.compile(p) for p in _L.article_patterns)]
_GOAL_RE = re.compile(rf"^(?:{_alt(_L.goal_words)})(\d{{1,2}})[.:]?{_SP}+(?=\S)")
_HEADING_WORD_RE = re.compile(rf"^(?:{_alt(_L.heading_words)})(?:{_SP}+[IVXLC\d]+)?\.?\s*$")
_PREAMBLE_HEADING_RE = re.compile(_alt(f"^{p.preamble_heading}" for p in _lang.profiles().values() if p.preamble_heading))
_ANNEX_HEADING_RE = re.compile(
    rf"^(?:{_alt(p.annex_heading for p in _lang.profiles().values() if p.annex_heading)})(?:\s+([IVXLC\d]+))?")
_SECTION_RE = re.compile(rf"^([IVXLC]+|[A-Z])\.{_SP}+(?=[^\W\d_])")
_BODIES = _alt(_L.opening_bodies)
_OPENING_RES = [
    re.compile(rf"^(?:{_alt(_L.opening_articles)})\s*(?:[\w’'-]+\s+){{0,4}}?(?:{_BODIES})\b(?:[\s\w’'-]{{0,60}})?[,:]?\s*$"),
    *(re.compile(p) for p in _L.opening_patterns),
]
_FUSED_OPENING_RES = [re.compile(p) for p in _L.fused_opening]
_RES_NUMBER_RE = re.compile(r"^(\d{1,3}/\d{1,4})\.?(?:\s|$)")

_PREAMBLE_WORDS = _L.preamble_words
_PREAMBLE_SUFFIXES = _L.preamble_suffixes
_PREAMBLE_PREFIXES = _L.preamble_prefixes
_NOT_PREAMBLE = _L.not_preamble
_LOWER_PROFILES = [p for p in _lang.profiles().values() if p.lowercase_preamble]
_LOWER_WORDS = frozenset().union(*(p.preamble_words for p in _LOWER_PROFILES))
_LOWER_SUFFIXES = tuple(s for p in _LOWER_PROFILES for s in p.preamble_suffixes)
_REFLEXIVE = [(p.reflexive_prefix, p.reflexive_suffix) for p in _lang.profiles().values() if p.reflexive_prefix]
_REFLEXIVE_RE = re.compile(rf"^(?:{_alt(r for r, _ in _REFLEXIVE)})\s*\w") if _REFLEXIVE else None
_REFLEXIVE_SUFFIXES = tuple(s for _, s in _REFLEXIVE)
_FIRST_WORD_RE = re.compile(
    rf"^(?:(?:{_alt(r for r, _ in _REFLEXIVE)})\s*)?([^\W\d_][\w\u064b-\u065f\u0670’'-]*)" if _REFLEXIVE
    else r"^([^\W\d_][\w\u064b-\u065f\u0670’'-]*)")
_HARAKAT = re.compile(r"[\u064b-\u065f\u0670]")
_COMPOUND_PREFIXES = _L.compound_prefixes


def _opening(text: str) -> bool:
    return any(r.match(text) for r in _OPENING_RES)


def _article(text: str) -> str | None:
    """The article number of an "Article 12" / "Статья 12" / "第十二条" heading, or None."""
    for rx in _ARTICLE_RES:
        m = rx.match(text)
        if m:
            return _article_number(m.group(1))
    return None


@dataclass
class _Line:
    start: int          # offset of the first non-space character
    end: int            # offset after the last non-space character
    text: str           # the line without its line end
    indent: int
    sep: str = "none"   # what separates it from the previous body line: none|blank|break


@dataclass
class _Para:
    lines: list[_Line]
    text: str = ""

    @property
    def span(self) -> tuple[int, int]:
        return (self.lines[0].start, self.lines[-1].end)


@dataclass
class _FootnoteDraft:
    number: int | None
    parts: list[str]
    start: int
    end: int
    text_col: int
    label_col: int = 0


@dataclass
class _Scan:
    body: list[_Line] = field(default_factory=list)
    footnotes: list[_FootnoteDraft] = field(default_factory=list)
    symbol: str | None = None
    date: str | None = None


# ===================================================================== API
def segment_text(text: str, language: str | None = None, *, symbol: str | None = None,
                 source_path: str | None = None) -> Document:
    """Segment the text of a UN resolution into a :class:`Document`.

    ``language`` is detected (offline) when not given; an unsure guess is
    recorded in ``Document.warnings``.  Text without any recognisable UN
    structure falls back to blank-line paragraphs (``p1``...), with a warning.
    """
    text = unicodedata.normalize("NFC", text)
    warnings: list[str] = []
    provenance: dict = {"segmenter": "un"}
    scan = _scan_lines(text)
    _paragraph_per_line(scan.body)
    paras = _assemble(scan.body)
    vocab = _vocabulary(text)
    for para in paras:
        para.text = _join_lines(para.lines, vocab)
    paras = [p for p in paras if p.text]
    language = _resolve_language(language, " ".join(p.text for p in paras[:LANGUAGE_SAMPLE_PARAGRAPHS]), provenance, warnings)
    segments, evidence = _classify(paras, language)
    strength = _structure_strength(evidence)
    provenance["un_structure"] = strength
    if strength == "none":
        segments = [
            Segment(id=f"p{k}", kind=PARAGRAPH, text=p.text, span=p.span) for k, p in enumerate(paras, 1)
        ]
        warnings.append(FALLBACK_WARNING)
        provenance["structure"] = "blank-line paragraphs"
    else:
        provenance["structure"] = "un"
    footnotes = [
        Footnote(number=f.number, text=_clean_space(" ".join(f.parts)), span=(f.start, f.end))
        for f in scan.footnotes if f.number is not None
    ]
    unnumbered = [_clean_space(" ".join(f.parts)) for f in scan.footnotes if f.number is None]
    if unnumbered:
        provenance["unnumbered_footnotes"] = unnumbered
    _attach_footnote_refs(segments, {f.number for f in footnotes})
    title = next((s.text for s in segments if s.kind == TITLE), None)
    return Document(
        language=language,
        segments=segments,
        footnotes=footnotes,
        symbol=symbol or scan.symbol,
        title=title,
        date=scan.date,
        provenance=provenance,
        source_path=source_path,
        checksum=text_checksum(text),
        warnings=warnings,
    )


def lines_document(lines, language: str | None = None) -> Document:
    """One segment per line (``s1``...``sN``, kind ``paragraph``), e.g. for
    sentence-per-line corpora.  Empty lines are kept as empty segments so that
    segment indices stay equal to line indices (gold alignments count lines)."""
    if isinstance(lines, str):
        lines = lines.split("\n")
    lines = [unicodedata.normalize("NFC", str(line)).rstrip("\r\n") for line in lines]
    provenance: dict = {"segmenter": "lines"}
    warnings: list[str] = []
    language = _resolve_language(language, " ".join(lines[:200]), provenance, warnings)
    segments, pos = [], 0
    for k, line in enumerate(lines, 1):
        segments.append(Segment(id=f"s{k}", kind=PARAGRAPH, text=line.strip(), span=(pos, pos + len(line))))
        pos += len(line) + 1
    return Document(language=language, segments=segments, provenance=provenance,
                    checksum=text_checksum("\n".join(lines)), warnings=warnings)


# ============================================================== internals
def _resolve_language(language, sample: str, provenance: dict, warnings: list[str]) -> str:
    """The given language, or one detected from ``sample`` (recorded in provenance, warned when unsure)."""
    if language:
        return language
    from toolkit.langid import detect_language

    language, confident = detect_language(sample)
    provenance["language_detected"] = True
    provenance["language_confident"] = confident
    if not confident:
        warnings.append(f"language detection unsure (guessed '{language}'); pass the language explicitly (--lang)")
    return language


def _clean_space(text: str) -> str:
    return re.sub(r"[ \t]+", " ", text).strip()


# lines at the top (bottom) of a page that may hold furniture before a running head
RUNNING_HEAD_DEPTH = 3


def _make_line(text: str, start: int) -> _Line:
    stripped = text.lstrip()
    indent = len(text) - len(stripped)
    body = stripped.rstrip()
    return _Line(start=start + indent, end=start + indent + len(body), text=body, indent=indent)


def _repeated_page_lines(raw_lines: list[tuple[int, str, bool]]) -> set[str]:
    """Short lines that recur at the edge of pages (running headers/footers).

    The edge of a page is its first line that is not other furniture (job
    number, page number, symbol), and its last one when the page has no
    footnote block: a body line two lines down, or a footnote line, that
    happens to recur on two pages is text, not a running head.  Structural
    lines (``1.``, ``(a)``) and lines ending like a clause (``,`` ``;``) are
    never running heads.
    """
    pages: list[list[str]] = [[]]
    for _, content, ff in raw_lines:
        if content.strip():
            pages[-1].append(content)
        if ff:
            pages.append([])
    if len(pages) < 3:
        return set()

    def edge(lines: list[str]) -> str | None:
        for line in lines[:RUNNING_HEAD_DEPTH]:
            if _is_furniture(line) or _SYMBOL_LINE_RE.match(line):
                continue
            text = _clean_space(line)
            if _structural(text) or text.endswith(_CLAUSE_END):
                return None
            return text
        return None

    counts: dict[str, int] = {}
    for page in pages[1:]:   # the first page carries the real title
        ends = {edge(page)}
        if not any(_RULE_RE.match(line) for line in page):
            ends.add(edge(page[::-1]))
        for line in ends:
            if line is not None and 3 <= len(line) <= 120:
                counts[line] = counts.get(line, 0) + 1
    return {line for line, n in counts.items() if n >= 2}


def _scan_lines(text: str) -> _Scan:
    """Split the text into body lines and footnotes, dropping page furniture."""
    raw: list[tuple[int, str, bool]] = []
    pos = 0
    for chunk in text.splitlines(keepends=True):
        content = chunk.rstrip("\r\n\f\v\x1c\x1d\x1e\x85\u2028\u2029")
        raw.append((pos, content, "\f" in chunk[len(content):]))
        pos += len(chunk)
    running = _repeated_page_lines(raw)
    first_break = next((k for k, (_, _, ff) in enumerate(raw) if ff), len(raw))
    first_opening = next((k for k, (_, c, _) in enumerate(raw) if _opening(_fold(c.strip()))), None)
    # front matter (distribution, session, agenda item...) only before the opening
    # and before the first line that ends like a paragraph
    front_end = min(first_opening if first_opening is not None else 0,
                    next((k for k, (_, c, _) in enumerate(raw) if c.rstrip().endswith(_CLAUSE_END)), len(raw)))

    scan = _Scan()
    pending = "none"
    in_notes = False
    current: _FootnoteDraft | None = None
    last_number = 0
    block_has_note = False

    def is_note_start(k: int) -> re.Match | None:
        m = _FN_LINE_RE.match(raw[k][1])
        if not m:
            return None
        if m.group(1).startswith("*"):
            return m
        n = int(m.group(1))
        if block_has_note:   # inside a block footnotes follow each other
            return m if n == last_number + 1 else None
        return m if (n > last_number or n == 1) else None

    for k, (start, content, ff) in enumerate(raw):
        stripped = content.strip()
        if not stripped:
            if in_notes:
                nxt = next((j for j in range(k + 1, len(raw)) if raw[j][1].strip()), None)
                if nxt is None or not is_note_start(nxt):
                    in_notes, current = False, None
            if pending == "none":
                pending = "blank"
        elif _RULE_RE.match(content):
            in_notes, current, block_has_note = True, None, False
            pending = "break"
        elif _URL_RE.match(content):
            if in_notes and current is not None and not current.parts[-1].rstrip().endswith(_FN_END):
                current.parts.append(stripped)
                current.end = start + len(content.rstrip())
            pending = "break"
        elif (_is_furniture(content) or (k > first_break and _clean_space(content) in running)
              or (k < front_end and _is_front_matter(content, scan))):
            m = re.search(rf"(?<!\S){_SYMBOL_TOKEN}", content)
            if m and scan.symbol is None and "/RES/" in m.group(0):
                scan.symbol = m.group(0)
            pending = "break"
        elif _SYMBOL_LINE_RE.match(content):
            if scan.symbol is None and "/RES/" in content:
                scan.symbol = stripped
            pending = "break"
        elif in_notes and (m := is_note_start(k)):
            label = m.group(1)
            number = None if label.startswith("*") else int(label)
            current = _FootnoteDraft(number=number, parts=[m.group(2).strip()], start=start + m.start(1),
                                     end=start + len(content.rstrip()), text_col=m.start(2), label_col=m.start(1))
            scan.footnotes.append(current)
            block_has_note = True
            if number is not None:
                last_number = number
            pending = "break"
        elif in_notes and current is not None and _continues_note(current, content):
            current.parts.append(stripped)
            current.end = start + len(content.rstrip())
        else:
            in_notes, current = False, None
            line = _make_line(content, start)
            line.sep = pending if scan.body else "none"
            scan.body.append(line)
            pending = "none"
        if ff:
            pending = "break"
    return scan


def _is_furniture(content: str) -> bool:
    """Job numbers, page numbers, symbols, barcodes: alone or combined on one line."""
    if any(r.match(content) for r in _FURNITURE_RES):
        return True
    tokens = content.split()
    return bool(tokens) and all(_FURNITURE_TOKEN_RE.match(t) for t in tokens) and not all(
        re.fullmatch(_SYMBOL_TOKEN, t) for t in tokens)


def _is_front_matter(content: str, scan: _Scan) -> bool:
    """Front matter (the shared detector of :mod:`toolkit.readers.metadata`); an
    adoption line also gives the document's date."""
    if adoption_line(content):
        parsed = parse_date(content)
        scan.date = scan.date or (parsed[0] if parsed else None)
        return True
    return is_front_matter(content)


def _continues_note(note: _FootnoteDraft, content: str) -> bool:
    """A footnote goes on when it is unfinished or the line is indented like its
    text (deeper than its number); otherwise the body resumes after the page break."""
    indent = len(content) - len(content.lstrip())
    unfinished = not note.parts[-1].rstrip().endswith(_FN_END)
    return unfinished or (indent >= note.text_col - 1 and indent > note.label_col + 1)


# ------------------------------------------------------- paragraph assembly
def _first_word(text: str) -> str:
    m = _FIRST_WORD_RE.match(text)
    return m.group(1) if m else ""


def _preamble_like(text: str) -> bool:
    """Does the paragraph open like a preambular paragraph (participle/adjective)?

    The first word must be capitalised, except in a language whose preambular
    paragraphs open in lower case (Russian) and in scripts without case.
    """
    if not text:
        return False
    if text.startswith(_PREAMBLE_PREFIXES):
        return True
    first = text[0]
    lower = first.islower()
    if not (first.isupper() or lower or (first.isalpha() and not _CJK_CHAR.match(first))):
        return False
    reflexive = _REFLEXIVE_RE is not None and _REFLEXIVE_RE.match(text) is not None
    word = _HARAKAT.sub("", _first_word(text)).lower()
    if not word or word in _NOT_PREAMBLE:
        return False
    if lower:      # only the words of a language that writes them in lower case
        return word in _LOWER_WORDS or (len(word) > 5 and word.endswith(_LOWER_SUFFIXES))
    if word in _PREAMBLE_WORDS:
        return True
    if len(word) > 5 and word.endswith(_PREAMBLE_SUFFIXES):
        return True
    return reflexive and word.endswith(_REFLEXIVE_SUFFIXES)


def _structural(text: str) -> bool:
    text = _fold(text)
    return bool(
        _OP_RE.match(text) or _SUB_RE.match(text) or _DOTTED_RE.match(text) or _GOAL_RE.match(text)
        or _article(text) is not None or _opening(text)
    )


def _ends_open(text: str) -> bool:
    return not text.rstrip().endswith(_TERMINAL)


def _paragraph_per_line(body: list[_Line]) -> None:
    """Text copied from Word or HTML has one paragraph per line and no blank
    lines: most lines then end like a paragraph.  Treat each line as a block."""
    if len(body) < 3 or any(line.sep == "blank" for line in body):
        return
    ended = sum(1 for line in body if line.text.endswith(_TERMINAL + tuple("»”\")")))
    if ended >= PARAGRAPH_PER_LINE_SHARE * len(body):
        for line in body[1:]:
            if line.sep == "none":
                line.sep = "blank"


def _assemble(body: list[_Line]) -> list[_Para]:
    """Group body lines into paragraphs (blank lines, indents, page breaks)."""
    paras: list[_Para] = []
    base_indent = min((line.indent for line in body), default=0)   # continuation lines
    last_op = 0                       # last operative number that started a paragraph
    flat = len({line.indent for line in body}) <= 1
    for line in body:
        m = _OP_RE.match(_fold(line.text))
        if not paras:
            paras.append(_Para([line]))
            last_op = int(m.group(1)) if m else last_op
            continue
        prev = paras[-1].lines[-1]
        text = line.text
        if line.sep == "none":
            # dense layout (no blank lines): a new paragraph is an indented first
            # line after a finished line, opening like a UN paragraph -- or, even
            # without indent, the next operative number after a finished line
            finished = prev.text.endswith(_TERMINAL)
            starts_un = _opening(_fold(text)) or (
                finished and (_structural(text) or _preamble_like(text)))
            if flat:     # no indentation at all: trust only strong signals
                new = _opening(_fold(text)) or (finished and (
                    (m is not None and int(m.group(1)) == last_op + 1)
                    or (prev.text.endswith(_CLAUSE_END + (":", "：")) and (
                        _SUB_RE.match(_fold(text)) or _preamble_like(text)))))
            else:
                new = line.indent > base_indent and starts_un
        elif _structural(text):
            new = True
        elif line.sep == "break":
            new = not (_ends_open(prev.text) or starts_lowercase(text))
        else:  # blank line; a Russian preambular paragraph opens in lower case ("принимая во внимание")
            new = not (_ends_open(prev.text) and starts_lowercase(text)) or (
                starts_lowercase(text) and _preamble_like(text))
        if new:
            paras.append(_Para([line]))
            if m:
                last_op = int(m.group(1))
        else:
            paras[-1].lines.append(line)
    return paras


def _vocabulary(text: str) -> set[str]:
    return {w.casefold() for w in re.findall(r"[^\W\d_]+(?:[-‐][^\W\d_]+)*", text)}


def _join_lines(lines: list[_Line], vocab: set[str]) -> str:
    """Join soft-wrapped lines, repairing end-of-line hyphenation."""
    pieces = [lines[0].text]
    for line in lines[1:]:
        nxt, tail = line.text, pieces[-1]
        if tail.endswith("\u00ad"):
            pieces[-1] = tail[:-1]
            pieces.append(nxt)
            continue
        m = re.search(r"([^\W\d_]+)[-‐]$", tail[-HYPHEN_TAIL_CHARS:])
        n = re.match(r"([^\W\d_]+)", nxt)
        if m and n:
            if not _keep_hyphen(m.group(1), n.group(1), vocab):
                pieces[-1] = tail[:-1]
            pieces.append(nxt)
            continue
        if tail and nxt and _CJK_CHAR.match(tail[-1]) and _CJK_CHAR.match(nxt[0]):
            pieces.append(nxt)          # Chinese: a line break is not a space
            continue
        pieces.append(" ")
        pieces.append(nxt)
    return _clean_space("".join(pieces))


def _keep_hyphen(left: str, right: str, vocab: set[str]) -> bool:
    joined = (left + right).casefold()
    hyphenated = {f"{left}-{right}".casefold(), f"{left}‐{right}".casefold()}
    if hyphenated & vocab:
        return True
    if joined in vocab:
        return False
    if right[:1].isupper():
        return True
    return left.casefold() in _COMPOUND_PREFIXES


# ------------------------------------------------------------ classification
def _article_number(token: str) -> str:
    """``"premier"``/``"first"`` -> ``"1"``, ``"三十"`` -> ``"30"``, ``"١٢"`` -> ``"12"``; ASCII digits as printed."""
    if token.lower() in _ARTICLE_FIRST:
        return "1"
    if token.isascii():
        return token
    if token.isdigit():
        return str(int(token))
    for profile in _lang.profiles().values():
        if profile.number_parser is not None:
            n = profile.number_parser(token)
            if n is not None:
                return str(n)
    return token


def _classify(paras: list[_Para], language: str) -> tuple[list[Segment], dict[str, float]]:
    """Give each paragraph its kind, id and number; report whether any UN structure was seen."""
    first_section = next(
        (k for k, p in enumerate(paras) if _article(_fold(p.text)) is not None or _GOAL_RE.match(_fold(p.text))),
        len(paras))
    numbered_ops = any(_OP_RE.match(_fold(p.text)) for p in paras[:first_section])

    segments: list[Segment] = []
    used: set[str] = set()
    counters = {"pp": 0, "op": 0, "p": 0, "h": 0}
    prefix = ""                 # "annex." inside an annex
    zone = "front"              # front, preamble, opened, operative, unnumbered_op, article, goal
    article: str | None = None
    article_k = 0
    goal: str | None = None
    parent: Segment | None = None       # last segment that can own sub-items
    letter_item: Segment | None = None  # last lettered sub-item (owner of (i), (ii))
    evidence: dict[str, float] = {"opening": 0, "preamble": 0, "operative": 0, "subitem": 0, "heading": 0}

    def add(seg_id: str, kind: SegmentKind, para: _Para, number=None, parent_id=None, text=None) -> Segment:
        base, k = seg_id, 2
        while seg_id in used:
            seg_id, k = f"{base}-{k}", k + 1
        used.add(seg_id)
        seg = Segment(id=seg_id, kind=kind, text=text if text is not None else para.text, number=number,
                      span=para.span, parent=parent_id)
        segments.append(seg)
        return seg

    for para in paras:
        text = _fold(para.text)         # for matching labels; segments keep para.text
        if (art_number := _article(text)) is not None:
            article = f"{prefix}art{art_number}"
            article_k, zone, parent, letter_item = 0, "article", None, None
            add(article, HEADING, para, number=art_number)
            evidence["heading"] += 1
            continue
        if m := _GOAL_RE.match(text):
            goal = f"{prefix}goal{m.group(1)}"
            zone, parent, letter_item = "goal", None, None
            add(goal, HEADING, para, number=m.group(1))
            evidence["heading"] += 1
            continue
        if _HEADING_WORD_RE.match(text) or (
                _SECTION_RE.match(text) and len(text) < SHORT_HEADING_CHARS and _ends_open(text) and zone != "front"):
            counters["h"] += 1
            sm = _SECTION_RE.match(text)
            add(f"h{counters['h']}", HEADING, para, number=sm.group(1) if sm else None)
            evidence["heading"] += 1
            if _PREAMBLE_HEADING_RE.match(text):
                zone = "preamble"
            elif am := _ANNEX_HEADING_RE.match(text):
                # an annex starts its own numbering: prefix its ids (annex.op1, annexII.pp2)
                prefix = f"annex{am.group(1) or ''}."
                counters.update(pp=0, op=0, p=0)
                zone = "front"
            elif zone in ("article", "goal"):
                zone = "operative" if numbered_ops else "front"
            parent = letter_item = None
            continue
        if zone not in ("article", "goal") and len(text) < SHORT_HEADING_CHARS and _opening(text):
            add(f"{prefix}opening", OPENING, para)
            evidence["opening"] += 1
            zone, parent, letter_item = "opened", None, None
            continue
        if m := _SUB_RE.match(text):
            label = m.group(1) or m.group(3) or _L.subitem_labels[m.group(5)]
            roman = _is_roman_item(label, letter_item)
            owner = letter_item if roman else parent
            if owner is not None:
                seg = add(f"{owner.id}.{label}", SUBITEM, para, number=label, parent_id=owner.id)
                if not roman:
                    letter_item = seg
                evidence["subitem"] += 1
                continue
        if zone == "article":
            article_k += 1
            m = _OP_RE.match(text)
            parent = add(f"{article}.p{article_k}", PARAGRAPH, para, number=m.group(1) if m else None,
                         parent_id=article)
            letter_item = None
            continue
        if zone == "goal" and (m := _DOTTED_RE.match(text)):
            number = m.group(1)
            depth = number.count(".")
            tag = "t" if depth == 1 else "i"
            owner_id = goal if depth == 1 else f"{prefix}t{number.rsplit('.', 1)[0]}"
            parent = add(f"{prefix}{tag}{number}", PARAGRAPH, para, number=number,
                         parent_id=owner_id if owner_id in used else goal)
            letter_item = None
            continue
        if m := _OP_RE.match(text):
            parent = add(f"{prefix}op{m.group(1)}", OPERATIVE, para, number=m.group(1))
            letter_item, zone = None, "operative"
            evidence["operative"] += 1
            continue
        if m := _DOTTED_RE.match(text):
            parent = add(f"{prefix}n{m.group(1)}", PARAGRAPH, para, number=m.group(1))
            letter_item = None
            continue
        preamble_like = _preamble_like(para.text)
        if zone in ("front", "preamble") and any(r.match(text) for r in _FUSED_OPENING_RES):
            # Chinese "因此现在，大会，发布……": the opening and the first operative words in one paragraph
            counters["op"] += 1
            parent = add(f"{prefix}op{counters['op']}", OPERATIVE, para)
            zone, letter_item = "unnumbered_op", None
            evidence["opening"] += 1
            evidence["operative"] += 1
            continue
        if zone == "front":
            if prefix and not preamble_like and len(text) < ANNEX_TITLE_CHARS and _ends_open(text):
                counters["h"] += 1          # the title of an annex
                add(f"h{counters['h']}", HEADING, para)
                continue
            if not any(s.kind == TITLE for s in segments) and not (preamble_like and text.endswith(_CLAUSE_END)):
                rm = _RES_NUMBER_RE.match(text)
                add("title", TITLE, para, number=rm.group(1) if rm else None)
                continue
            kind = PREAMBLE if preamble_like else None
        elif zone == "preamble":
            kind = PREAMBLE
        elif zone == "opened":
            kind = PREAMBLE if (preamble_like or numbered_ops) else OPERATIVE
        elif zone == "unnumbered_op":
            kind = OPERATIVE
        else:
            kind = None
        if kind == PREAMBLE:
            counters["pp"] += 1
            parent = add(f"{prefix}pp{counters['pp']}", PREAMBLE, para)
            evidence["preamble"] += 1
            if zone == "front":
                zone = "preamble"
        elif kind == OPERATIVE:
            counters["op"] += 1
            parent = add(f"{prefix}op{counters['op']}", OPERATIVE, para)
            zone = "unnumbered_op"
            evidence["operative"] += 1
        else:
            counters["p"] += 1
            parent = add(f"{prefix}p{counters['p']}", PARAGRAPH, para)
        letter_item = None
    _merge_split_title(segments)
    evidence["numbered"] = sum(1 for s in segments if s.kind == OPERATIVE and s.number)
    # share of segments that found a place in the structure (not a stray "p" paragraph)
    placed = sum(1 for s in segments if s.kind != PARAGRAPH or s.parent)
    evidence["placed_share"] = placed / len(segments) if segments else 0.0
    return segments, evidence


def _structure_strength(evidence: dict) -> str:
    """"strong" (opening, numbered operative paragraphs, articles/goals), "weak" or "none"."""
    if (evidence["opening"] or evidence["numbered"] >= 2 or evidence["heading"] >= 2) \
            and evidence["placed_share"] >= STRONG_PLACED_SHARE:
        return "strong"
    if evidence["operative"] or evidence["heading"] or evidence["subitem"] or evidence["preamble"] >= 2:
        return "weak"
    return "none"


def _is_roman_item(label: str, letter_item: Segment | None) -> bool:
    """``(i)`` is a roman sub-sub-item unless it follows ``(h)`` (then it is the letter i)."""
    if not re.fullmatch(r"[ivxlc]+", label):
        return False
    if letter_item is None:
        return False
    if len(label) == 1 and letter_item.number and len(letter_item.number) == 1:
        return ord(letter_item.number) + 1 != ord(label)
    return True


def _merge_split_title(segments: list[Segment]) -> None:
    """A title printed as ``68/192.`` alone followed by its words: one title segment."""
    if len(segments) >= 2 and segments[0].kind == TITLE and re.fullmatch(r"\d{1,3}/\d{1,4}\.?", segments[0].text):
        nxt = segments[1]
        if nxt.kind == PARAGRAPH:
            segments[0].text = f"{segments[0].text} {nxt.text}"
            first, second = segments[0].span, nxt.span
            assert first is not None and second is not None     # _classify gives every segment its span
            segments[0].span = (first[0], second[1])
            del segments[1]


# ------------------------------------------------------------ footnote refs
# after a marker: spaces, punctuation of every script ("，" "。" "،" "؛")
_AFTER_MARK = r"(?=[\s,.;:!?)\]»”’\"…，。；：！？、）》」،؛؟]|$)"
_WORD_MARK_RE = re.compile(r"(?<=[^\W\d_]|[)\]»”’\"）》」])(\d{1,3})" + _AFTER_MARK)
_YEAR_MARK_RE = re.compile(r"(?<![\d/.,\-])((?:1[89]|20)\d\d)(\d{1,3})" + _AFTER_MARK)
# English UN style puts the marker after the punctuation: "Declaration,1 the ..."
_PUNCT_MARK_RE = re.compile(r"(?<=[^\W\d_)\]»”’\"][,;:.])(\d{1,3})(?=\s|$)")
_YEAR_PUNCT_MARK_RE = re.compile(r"(?<![\d/.,\-])(?:1[89]|20)\d\d[,;:.](\d{1,3})(?=\s|$)")


def _attach_footnote_refs(segments: list[Segment], defined: set[int]) -> None:
    """Strip glued footnote markers, in reading order, and record them on segments."""
    if not defined:
        return
    seen: set[int] = set()
    for seg in segments:
        candidates = []
        for m in (*_WORD_MARK_RE.finditer(seg.text), *_PUNCT_MARK_RE.finditer(seg.text)):
            word = re.search(r"[^\W\d_]+[,;:.]?$", seg.text[max(0, m.start(1) - CONTEXT_CHARS): m.start(1)])
            word_text = word.group(0).rstrip(",;:.") if word else ""
            short_caps = word_text.isupper() and len(word_text) <= 3   # CO2, G77: need the next number
            candidates.append((m.start(1), m.end(1), int(m.group(1)), "caps" if short_caps else "word"))
        for m in _YEAR_MARK_RE.finditer(seg.text):
            candidates.append((m.start(2), m.end(2), int(m.group(2)), "year"))
        for m in _YEAR_PUNCT_MARK_RE.finditer(seg.text):
            candidates.append((m.start(1), m.end(1), int(m.group(1)), "year"))
        cuts = []
        for start, end, n, how in sorted(candidates):
            if n not in defined:
                continue
            max_seen = max(seen, default=0)
            upcoming = [d for d in defined if d > max_seen]
            expected = min(upcoming) if upcoming else None
            if how == "word":
                ok = n in seen or n > max_seen
            else:  # a year or an acronym: only the next footnote, or one already cited
                ok = n in seen or n == expected
            if ok:
                cuts.append((start, end))
                seen.add(n)
                if n not in seg.footnote_refs:
                    seg.footnote_refs.append(n)
        for start, end in reversed(cuts):
            seg.text = seg.text[:start] + seg.text[end:]
        if cuts:
            seg.text = _clean_space(seg.text)
