"""Word (.docx) reader: real paragraphs, automatic numbering, footnotes.

UN Word files number operative paragraphs and sub-items with Word's automatic
numbering, so the visible ``1.`` / ``a)`` is not in the paragraph text: we
rebuild it from ``numbering.xml`` because the segmenter finds the structure
by those labels.  Footnote references become numbers glued to the preceding
word (as in the PDF-extracted seed) and the footnotes themselves are written
after the body in the seed's footnote block (a ``__________________`` rule,
then `` 1  text`` lines).  Headers and footers are separate parts, so running
heads never reach the text; the first-page header is only read for metadata.
"""
from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from toolkit.errors import InputError
from toolkit.readers import LoadedText
from toolkit.readers.metadata import footnote_block, split_front_matter

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
RT_FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
RT_ENDNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes"
RT_NUMBERING = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"


def read_docx(path: Path, data: bytes) -> LoadedText:
    """Read a .docx file into the seed's plain-text layout (raises InputError)."""
    try:
        import docx  # python-docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError as exc:  # pragma: no cover - dependency of the project
        raise InputError(f"{path}: Word input needs python-docx ({exc})") from None
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, ValueError) as exc:
        raise InputError(f"{path}: not a readable Word document (corrupt or truncated .docx: {_short(exc)})") from None
    except Exception as exc:  # python-docx raises many types on broken packages
        raise InputError(f"{path}: not a readable Word document ({type(exc).__name__}: {_short(exc)})") from None

    part = document.part
    numbering = _Numbering(_related_xml(part, RT_NUMBERING), _styles_numpr(part))
    notes = _Notes()
    body = part.element.body
    paragraphs: list[str] = []
    for p in _body_paragraphs(body):
        text = _paragraph_text(p, notes)
        label = numbering.label(p)
        text = " ".join(text.split())
        if label and text:
            text = f"{label} {text}"
        if text:
            paragraphs.append(unicodedata.normalize("NFC", text))

    warnings: list[str] = []
    footnotes = _notes_text(_related_xml(part, RT_FOOTNOTES), notes.footnotes, notes)
    endnotes = _notes_text(_related_xml(part, RT_ENDNOTES), notes.endnotes, notes, offset=len(footnotes))
    if endnotes:
        warnings.append("endnotes were numbered after the footnotes")

    header_lines = []
    for section in document.sections:
        for hdr in (section.first_page_header, section.header):
            try:
                header_lines += [p.text for p in hdr.paragraphs if p.text.strip()]
                for table in hdr.tables:
                    header_lines += [c.text for row in table.rows for c in row.cells if c.text.strip()]
            except Exception:  # a header that python-docx cannot follow is not worth failing for
                pass
        break
    meta, paragraphs = split_front_matter(paragraphs, extra_lines=header_lines)
    if not paragraphs:
        raise InputError(f"{path}: the Word document has no text")

    out = [f" {p}" for p in paragraphs]
    text = "\n\n".join(out) + "\n"
    all_notes = footnotes + endnotes
    if all_notes:
        text += "\n" + footnote_block(all_notes) + "\n"
    meta["footnote_count"] = len(all_notes)
    return LoadedText(text=text, path=str(path), format="docx", metadata=meta, warnings=warnings)


def _short(exc: Exception) -> str:
    return " ".join(str(exc).split())[:120] or type(exc).__name__


def _related_xml(part, reltype: str):
    for rel in part.rels.values():
        if rel.reltype == reltype and not rel.is_external:
            blob = rel.target_part.blob
            try:
                return etree.fromstring(blob)
            except etree.XMLSyntaxError as exc:
                raise InputError(f"{part.partname}: broken XML in {rel.target_part.partname} ({_short(exc)})") from None
    return None


def _styles_numpr(part) -> dict[str, etree._Element]:
    """style id -> its w:numPr (numbering attached to a paragraph style), following basedOn."""
    try:
        styles = part.styles.element
    except Exception:
        return {}
    by_id = {s.get(f"{W}styleId"): s for s in styles.iter(f"{W}style")}
    result = {}
    for sid, style in by_id.items():
        seen = set()
        cur = style
        while cur is not None and cur.get(f"{W}styleId") not in seen:
            seen.add(cur.get(f"{W}styleId"))
            numpr = cur.find(f"{W}pPr/{W}numPr")
            if numpr is not None:
                result[sid] = numpr
                break
            based = cur.find(f"{W}basedOn")
            cur = by_id.get(based.get(f"{W}val")) if based is not None else None
    return result


def _body_paragraphs(body):
    """Paragraphs of the body in reading order, including those inside tables."""
    for child in body:
        if child.tag == f"{W}p":
            yield child
        elif child.tag == f"{W}tbl":
            yield from child.iter(f"{W}p")
        elif child.tag == f"{W}sdt":
            content = child.find(f"{W}sdtContent")
            if content is not None:
                yield from _body_paragraphs(content)


@dataclass
class _Notes:
    footnotes: dict[str, int] = field(default_factory=dict)   # xml id -> displayed number
    endnotes: dict[str, int] = field(default_factory=dict)

    def number(self, kind: str, note_id: str) -> int:
        table = self.footnotes if kind == "footnote" else self.endnotes
        if note_id not in table:
            table[note_id] = len(table) + 1
        return table[note_id]


def _paragraph_text(p, notes: _Notes | None) -> str:
    """Visible text of a paragraph; footnote references become glued numbers."""
    parts: list[str] = []
    for el in p.iter():
        tag = el.tag
        if not isinstance(tag, str):
            continue
        if _inside(el, MC_FALLBACK) or _inside(el, f"{W}del"):
            continue
        if tag == f"{W}t":
            parts.append(el.text or "")
        elif tag == f"{W}tab":
            if el.getparent() is not None and el.getparent().tag == f"{W}r":
                parts.append(" ")
        elif tag in (f"{W}br", f"{W}cr"):
            # a page break inside a paragraph is layout, not a paragraph boundary
            parts.append("" if el.get(f"{W}type") == "page" else " ")
        elif tag == f"{W}noBreakHyphen":
            parts.append("-")
        elif tag == f"{W}sym":
            char = el.get(f"{W}char")
            if char:
                try:
                    code = int(char, 16)
                    parts.append(chr(code - 0xF000) if code >= 0xF000 else chr(code))
                except ValueError:
                    pass
        elif tag in (f"{W}footnoteReference", f"{W}endnoteReference") and notes is not None:
            if el.get(f"{W}customMarkFollows") in ("1", "true", "on"):
                continue  # the custom mark is the next w:t
            kind = "footnote" if tag == f"{W}footnoteReference" else "endnote"
            parts.append(str(notes.number(kind, el.get(f"{W}id"))))
    return "".join(parts).replace("\u00ad", "").replace("\u00a0", " ").replace("\u202f", " ")


def _inside(el, tag: str) -> bool:
    parent = el.getparent()
    while parent is not None:
        if parent.tag == tag:
            return True
        parent = parent.getparent()
    return False


def _notes_text(root, order: dict[str, int], notes: _Notes, offset: int = 0) -> list[tuple[int, str]]:
    """(displayed number, one-line text) for each referenced footnote, in number order."""
    if root is None or not order:
        return []
    by_id = {}
    for note in root:
        if not isinstance(note.tag, str) or note.get(f"{W}type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        texts = [_paragraph_text(p, None) for p in note.iter(f"{W}p")]
        by_id[note.get(f"{W}id")] = unicodedata.normalize("NFC", " ".join(" ".join(texts).split()))
    result = []
    for note_id, number in sorted(order.items(), key=lambda kv: kv[1]):
        text = by_id.get(note_id)
        if text:
            result.append((number + offset, text))
    return result


_ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out += letters
            n -= value
    return out


def _letters(n: int) -> str:
    # Word: a..z, then aa..zz, aaa...
    n = max(n, 1)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _format_number(n: int, fmt: str) -> str | None:
    if fmt in ("decimal", "decimalZero"):
        return f"{n:02d}" if fmt == "decimalZero" and n < 10 else str(n)
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt == "none":
        return ""
    if fmt == "bullet":
        return None
    return str(n)


class _Numbering:
    """Rebuild the labels Word draws for automatically numbered paragraphs."""

    def __init__(self, root, style_numpr: dict):
        self.style_numpr = style_numpr
        self.abstract: dict[str, dict[int, dict]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[str] = set()
        if root is None:
            return
        for absn in root.iter(f"{W}abstractNum"):
            levels = {}
            for lvl in absn.iter(f"{W}lvl"):
                levels[int(lvl.get(f"{W}ilvl", "0"))] = self._level(lvl)
            self.abstract[absn.get(f"{W}abstractNumId")] = levels
        for num in root.iter(f"{W}num"):
            abs_el = num.find(f"{W}abstractNumId")
            if abs_el is None:
                continue
            overrides = {}
            for ov in num.iter(f"{W}lvlOverride"):
                start = ov.find(f"{W}startOverride")
                if start is not None:
                    overrides[int(ov.get(f"{W}ilvl", "0"))] = int(start.get(f"{W}val", "1"))
            self.nums[num.get(f"{W}numId")] = (abs_el.get(f"{W}val"), overrides)

    @staticmethod
    def _level(lvl) -> dict:
        def val(tag, default):
            el = lvl.find(f"{W}{tag}")
            return el.get(f"{W}val", default) if el is not None else default
        return {"start": int(val("start", "1")), "fmt": val("numFmt", "decimal"),
                "text": val("lvlText", "%1."), "restart": val("lvlRestart", None)}

    def label(self, p) -> str | None:
        numpr = p.find(f"{W}pPr/{W}numPr")
        if numpr is None:
            style = p.find(f"{W}pPr/{W}pStyle")
            if style is not None:
                numpr = self.style_numpr.get(style.get(f"{W}val"))
        if numpr is None:
            return None
        num_el = numpr.find(f"{W}numId")
        ilvl_el = numpr.find(f"{W}ilvl")
        num_id = num_el.get(f"{W}val") if num_el is not None else None
        ilvl = int(ilvl_el.get(f"{W}val", "0")) if ilvl_el is not None else 0
        if num_id is None or num_id == "0" or num_id not in self.nums:
            return None
        abs_id, overrides = self.nums[num_id]
        levels = self.abstract.get(abs_id, {})
        if ilvl not in levels:
            return None
        counters = self.counters.setdefault(abs_id, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for lv, start in overrides.items():
                counters[lv] = start - 1
        counters[ilvl] = counters.get(ilvl, levels[ilvl]["start"] - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        text = levels[ilvl]["text"]

        def repl(m: re.Match) -> str:
            lv = int(m.group(1)) - 1
            n = counters.get(lv, levels.get(lv, {"start": 1})["start"])
            formatted = _format_number(n, levels.get(lv, {"fmt": "decimal"})["fmt"])
            return formatted if formatted is not None else ""

        if levels[ilvl]["fmt"] == "bullet":
            return None
        label = re.sub(r"%(\d)", repl, text).strip()
        return label or None
