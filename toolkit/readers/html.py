"""HTML reader: the text of a UN document published as a web page.

Block elements become paragraphs; navigation, scripts and page chrome are
dropped; ordered-list numbering (``1.``, ``a)``) is written out because the
segmenter finds operative paragraphs and sub-items by those labels; footnote
references stay glued to their word and a footnote section becomes the
seed's footnote block.  A page that is not a UN document (a login page, an
error page, a news article) is refused with a clear error rather than being
aligned as if it were a resolution.
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from toolkit.errors import InputError
from toolkit.readers import LoadedText
from toolkit.readers.metadata import OPENING_RE, ORGAN_RE, SYMBOL_RE, footnote_block, split_front_matter

BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dd", "dt", "blockquote", "pre", "td", "th",
          "div", "section", "article", "main", "caption", "figcaption", "address", "center", "ol", "ul",
          "dl", "table", "tr", "tbody", "thead", "body", "form"}
DROP = ("script", "style", "noscript", "template", "nav", "header", "footer", "form", "button",
        "select", "iframe", "svg", "head", "menu", "object", "embed", "aside")
# Characters lxml refuses in a text node (XML 1.0 forbids them); a page may carry
# them raw or as references (&#x1b;).  Form feeds are whitespace in HTML.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
NOTES_RE = re.compile(r"(?:^|[\s_-])(?:foot-?notes?|endnotes?|fn-?list|notes)(?:$|[\s_-])", re.IGNORECASE)
MAX_ROMAN = 3999          # the largest number roman numerals write (MMMCMXCIX)
UN_WORDS = re.compile(r"\b(?:United Nations|Nations Unies|Naciones Unidas)\b", re.IGNORECASE)


def read_html(path: Path, data: bytes) -> LoadedText:
    """Read an HTML page holding a UN document (raises InputError otherwise)."""
    import lxml.html
    from lxml import etree

    text, encoding = _decode(path, data)
    text = _CONTROLS.sub("", text.replace("\f", " "))
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"{path}: not a readable HTML page ({' '.join(str(exc).split())[:80]})") from None
    for el in root.iter():
        # character references (&#x1b;) come out of the parser as the characters themselves
        if el.text and _CONTROLS.search(el.text):
            el.text = _CONTROLS.sub("", el.text)
        if el.tail and _CONTROLS.search(el.tail):
            el.tail = _CONTROLS.sub("", el.tail)
    page_title = " ".join((root.findtext(".//title") or "").split())
    notes = _take_footnotes(root)
    for el in list(root.iter(*DROP)):
        if el.getparent() is not None:
            el.drop_tree()
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for sup in root.iter("sup"):
        raw = (sup.text_content() or "").strip()
        m = re.fullmatch(r"\[?\(?(\d{1,3})\)?\]?", raw)
        if m:
            for child in list(sup):
                sup.remove(child)
            sup.text = m.group(1)
    body = _main(root)
    paragraphs = [p for p in _paragraphs(body) if p]
    paragraphs = [unicodedata.normalize("NFC", p) for p in paragraphs]
    if not paragraphs:
        raise InputError(f"{path}: the HTML page has no text")
    meta, rest = split_front_matter(paragraphs)
    sample = " ".join(paragraphs[:60])
    is_un = bool(meta.get("symbol") or SYMBOL_RE.search(page_title) or UN_WORDS.search(sample + " " + page_title)
                 or ORGAN_RE.search(sample) or any(OPENING_RE.match(p) for p in paragraphs[:40]))
    if not is_un:
        shown = f" ({page_title[:60]})" if page_title else ""
        raise InputError(f"{path}: this HTML page{shown} does not look like a UN document "
                         "(no document symbol, UN body or resolution structure found)")
    if page_title and "page_title" not in meta:
        meta["page_title"] = page_title
    if not rest and not notes:
        raise InputError(f"{path}: the HTML page has no text besides its front matter")
    out = "\n\n".join(f" {p}" for p in rest) + "\n"
    if notes:
        out += "\n" + footnote_block(notes) + "\n"
    meta["footnote_count"] = len(notes)
    return LoadedText(text=out, path=str(path), format="html", encoding=encoding, metadata=meta)


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    head = data[:4096].decode("ascii", errors="replace")
    m = re.search(r"<meta[^>]+charset=[\"']?([\w.:-]+)", head, re.IGNORECASE) or \
        re.search(r"<\?xml[^>]+encoding=[\"']([\w.:-]+)", head, re.IGNORECASE)
    candidates = ([m.group(1)] if m else []) + ["utf-8"]
    if data.startswith(b"\xef\xbb\xbf"):
        candidates.insert(0, "utf-8-sig")
    for enc in candidates:
        try:
            text = data.decode(enc)
            break
        except (LookupError, UnicodeError):    # idna/punycode raise the base UnicodeError
            continue
    else:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            raise InputError(f"{path}: cannot tell the character encoding of this HTML page")
        text, enc = str(best), best.encoding
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    return text, enc


def _main(root):
    for xpath in ("//main", "//*[@role='main']", "//article", "//*[@id='content']", "//body"):
        found = root.xpath(xpath)
        if found:
            return found[0]
    return root


def _clean(text: str) -> str:
    return " ".join(text.replace("\u00ad", "").replace("\u00a0", " ").split())


def _has_block(el) -> bool:
    return any(isinstance(d.tag, str) and d.tag in BLOCKS for d in el.iterdescendants())


def _label(li) -> str | None:
    parent = li.getparent()
    if parent is None or parent.tag != "ol":
        return None
    items = [c for c in parent if c.tag == "li"]
    start_attr = (parent.get("start") or "1").strip()
    start = int(start_attr) if re.fullmatch(r"-?[0-9]{1,9}", start_attr) else 1
    n = start + items.index(li)
    value = (li.get("value") or "").strip()
    if re.fullmatch(r"[0-9]{1,9}", value):     # ASCII digits only ("²".isdigit() is true)
        n = int(value)
    kind = parent.get("type", "1")
    if not 1 <= n <= MAX_ROMAN and kind in ("a", "A", "i", "I"):
        return f"{n}."          # no letter or roman numeral for it: the number itself
    if kind == "a":
        return f"{chr(ord('a') + (n - 1) % 26)})"
    if kind == "A":
        return f"{chr(ord('A') + (n - 1) % 26)}."
    if kind in ("i", "I"):
        from toolkit.readers.docx import _roman

        r = _roman(n)
        return f"{r.upper() if kind == 'I' else r})"
    return f"{n}."


def _paragraphs(el) -> list[str]:
    """Text of leaf blocks in document order; inline runs between blocks too."""
    if not isinstance(el.tag, str):
        return []
    if el.tag in BLOCKS and not _has_block(el):
        text = _clean(el.text_content())
        label = _label(el) if el.tag == "li" else None
        if label and text and not re.match(r"^(\d{1,3}\.|[a-z]{1,4}\)|\([a-z]{1,4}\))\s", text):
            text = f"{label} {text}"
        return [text] if text else []
    out: list[str] = []
    run: list[str] = [el.text or ""]

    def flush() -> None:
        text = _clean("".join(run))
        if text:
            out.append(text)
        run.clear()

    for child in el:
        if isinstance(child.tag, str) and child.tag in BLOCKS:
            flush()
            out.extend(_paragraphs(child))
        elif isinstance(child.tag, str) and child.tag == "br":
            if "".join(run).rstrip(" \t").endswith("\n"):
                flush()   # <br><br> separates paragraphs
        elif isinstance(child.tag, str):
            run.append(child.text_content())
        run.append(child.tail or "")
    flush()
    return out


def _take_footnotes(root) -> list[tuple[int, str]]:
    """Find and remove the footnote section; return (number, text) pairs."""
    containers = [el for el in root.iter() if isinstance(el.tag, str) and (
        NOTES_RE.search(el.get("class", "") or "") or NOTES_RE.search(el.get("id", "") or "")
        or el.get("role") == "doc-endnotes")]
    # the outermost footnote containers only
    containers = [c for c in containers if not any(a in containers for a in c.iterancestors())]
    notes: list[tuple[int, str]] = []
    for box in containers:
        items = [li for li in box.iter("li")] or [p for p in box.iter("p", "div") if not _has_block(p)]
        for item in items:
            text = _clean(item.text_content())
            m = re.match(r"^\[?(\d{1,3})[\].)]?\s+(.*)$", text)
            if m:
                number, text = int(m.group(1)), m.group(2)
            elif item.tag == "li":
                number = len(notes) + 1
            else:
                continue
            text = re.sub(r"\s*[↩↑]\s*$", "", text)
            if text:
                notes.append((number, text))
        if box.getparent() is not None:
            box.drop_tree()
    return notes
