"""Property-based tests of the text side: readers over arbitrary bytes, the segmenter over generated UN documents.

* the text and HTML readers take any bytes and either return text or raise a
  one-line :class:`ToolkitError` -- never anything else;
* valid UTF-8 / BOM-marked UTF-16 text is read back exactly (NFC, ``\\n`` line ends);
* the segmenter, over generated resolutions (front matter, title, opening,
  preambular and operative paragraphs, sub-items, glued footnote markers,
  footnote blocks, page breaks with job numbers, page numbers and symbols):
  raises nothing, gives unique well-formed ids whose parents exist, keeps every
  word of the body in order (only documented furniture and the footnote
  markers leave it), finds every footnote with its text and every marker in
  reading order, and is a fixed point on its own rendering as plain text.
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.errors import ToolkitError
from toolkit.readers.html import read_html
from toolkit.readers.text import read_text
from toolkit.segment import segment_text

settings.register_profile("text", max_examples=80, deadline=None, derandomize=True, database=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
PROFILE = settings.get_profile("text")

# --------------------------------------------------------------------------- readers

ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1252", "latin-1",
             "cp1251", "shift_jis", "gb18030", "koi8-r", "mac_roman", "utf-7"]
any_text = st.text(st.characters(codec="utf-8"), max_size=200)
encoded = st.builds(lambda s, enc: s.encode(enc, errors="ignore"), any_text, st.sampled_from(ENCODINGS))
boms = st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"])
any_bytes = st.builds(lambda bom, data: bom + data, boms, st.binary(max_size=300) | encoded)


def _read_or_user_error(reader, path: Path, data: bytes):
    try:
        return reader(path, data)
    except ToolkitError as exc:
        assert "\n" not in str(exc)       # one line on stderr
        return None


@PROFILE
@given(any_bytes)
def test_text_reader_takes_any_bytes_and_raises_only_user_errors(data):
    loaded = _read_or_user_error(read_text, Path("in.txt"), data)
    if loaded is not None:
        assert "\r" not in loaded.text and loaded.text.strip()
        assert unicodedata.is_normalized("NFC", loaded.text)


_PLAIN = st.text(st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"]) | st.sampled_from("\n\r\t\f"),
                 min_size=1, max_size=200).filter(lambda s: s.strip() and not s.startswith("\ufeff"))


@PROFILE
@given(_PLAIN, st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
def test_utf8_and_bom_marked_utf16_text_is_read_exactly(text, encoding):
    loaded = read_text(Path("in.txt"), text.encode(encoding))
    expected = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    assert loaded.text == expected


CHARSETS = ["utf-8", "latin-1", "idna", "punycode", "utf-7", "unicode_escape", "rot13", "base64", "zlib",
            "uu", "nonsense", "utf-16", "cp1252", "x-mac-roman", "shift_jis", ""]
TAGS = ["p", "div", "section", "article", "main", "ol", "ul", "li", "sup", "br", "table", "tr", "td", "span",
        "script", "style", "nav", "header", "h1", "h2", "pre", "b", "a", "aside", "form"]
ATTRS = ['class="footnotes"', 'id="fn-list"', 'role="doc-endnotes"', 'type="a"', 'type="i"', 'type="I"',
         'type="A"', 'start="3"', 'start="-7"', 'start="99999999999999999999"', 'start="x"', 'value="²"',
         'value="12"', 'value="9999999999999999999999"', 'value="0"', ""]
WORDS = ["United Nations", "General Assembly", "The General Assembly,", "1.", "a)", "(b)", "Recalling",
         "A/RES/70/1", "[1]", "↩", "&amp;", "&nbsp;", "&#0;", "&#x1b;", "\x00", "\x07", "é", "ش", "<!-- c -->",
         "<?pi x?>", "<![CDATA[x]]>", "Decides", ";", "2", "\u00ad", "\ufeff"]


@st.composite
def html_pages(draw, depth=0):
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        if depth < 4 and draw(st.booleans()):
            tag = draw(st.sampled_from(TAGS))
            attr = draw(st.sampled_from(ATTRS))
            inner = draw(html_pages(depth + 1))
            close = draw(st.sampled_from([f"</{tag}>", f"</{tag}>", ""]))
            parts.append(f"<{tag} {attr}>{inner}{close}")
        else:
            parts.append(draw(st.sampled_from(WORDS) | st.text(max_size=8)))
    return " ".join(parts)


@st.composite
def html_documents(draw):
    charset = draw(st.sampled_from(CHARSETS))
    head = draw(st.sampled_from(["", f'<meta charset="{charset}">', f"<?xml version='1.0' encoding='{charset}'?>",
                                 f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">']))
    body = draw(html_pages())
    doctype = draw(st.sampled_from(["<!DOCTYPE html>", "<html>", "", "\ufeff<html>"]))
    text = f"{doctype}<head>{head}<title>{draw(st.sampled_from(WORDS))}</title></head><body>{body}</body>"
    encoding = draw(st.sampled_from(["utf-8", "utf-16", "cp1252", "latin-1"]))
    return text.encode(encoding, errors="ignore")


@PROFILE
@given(html_documents() | any_bytes)
def test_html_reader_takes_any_page_and_raises_only_user_errors(data):
    loaded = _read_or_user_error(read_html, Path("page.html"), data)
    if loaded is not None:
        assert loaded.text.strip() and "\x00" not in loaded.text


# Cases the properties above found, kept as plain examples.

def test_html_control_character_references_do_not_crash_the_reader():
    data = (b'<!DOCTYPE html><head><title>United Nations</title></head><body><p class="footnotes"></p>'
            b' &#x1b;<p>The General Assembly,</p><p>1. Decides&#x7; to act\x07.</p></body>')
    loaded = read_html(Path("page.html"), data)          # was: ValueError from lxml
    assert "1. Decides to act." in loaded.text


def test_html_page_with_nothing_but_front_matter_is_a_user_error():
    data = b"<!DOCTYPE html><head><title>United Nations</title></head><body>United Nations</body>"
    try:
        read_html(Path("page.html"), data)            # was: a blank text handed to the segmenter
    except ToolkitError as exc:
        assert "no text besides its front matter" in str(exc)
    else:
        raise AssertionError("a page without text was accepted")


def test_html_list_numbers_out_of_range_are_written_as_numbers():
    data = ('<html><body><p>The General Assembly,</p><ol type="i" start="123456789">'
            '<li>Decides to act;</li></ol><ol type="I" start="99999999999999"><li>Notes;</li></ol>'
            '<ol><li value="²">Requests a report.</li></ol>'
            '<ol type="a" start="0"><li>first item;</li></ol></body></html>').encode()
    text = read_html(Path("page.html"), data).text   # was: a hang (10^14 roman numerals), then ValueError
    assert "123456789. Decides to act;" in text
    assert "I) Notes;" in text                        # a start no list has: ignored
    assert "1. Requests a report." in text and "0. first item;" in text


# --------------------------------------------------------------------------- segmenter

VOCAB = {
    "en": ["development", "sustainable", "rights", "human", "persons", "trafficking", "women", "children",
           "international", "cooperation", "peace", "security", "resources", "national", "measures",
           "well-being", "follow-up", "its", "the", "of", "and", "to", "in", "all", "states", "policies"],
    "fr": ["développement", "durable", "droits", "l'homme", "personnes", "traite", "femmes", "enfants",
           "coopération", "internationale", "paix", "sécurité", "ressources", "mesures", "États", "sœur",
           "de", "la", "des", "et", "à", "les", "aux", "toutes", "politiques", "peut-être", "bien-être"],
}
PREAMBLE = {"en": ["Recalling", "Reaffirming", "Noting", "Recognizing", "Deeply concerned", "Welcoming", "Bearing"],
            "fr": ["Rappelant", "Réaffirmant", "Notant", "Considérant", "Profondément préoccupée", "Consciente"]}
OPERATIVE = {"en": ["Decides", "Urges", "Requests", "Calls upon", "Encourages", "Invites"],
             "fr": ["Décide", "Exhorte", "Prie", "Engage", "Encourage", "Invite"]}
OPENING = {"en": "The General Assembly,", "fr": "L’Assemblée générale,"}
FRONT = {"en": ["United Nations A/RES/70/1", "General Assembly Distr.: General", "21 October 2015",
                "Seventieth session", "Agenda item 15"],
         "fr": ["Nations Unies A/RES/70/1", "Assemblée générale Distr. générale", "21 octobre 2015",
                "Soixante-dixième session", "Point 15 de l’ordre du jour"]}
FURNITURE = ["15-16301 (E)", "2/35", "A/RES/70/1", "*1516301*", "15-16301 (F)   3/35"]
LETTERS = "abcdefgh"


ROMANS = ["i", "ii", "iii"]
RUNNING_HEAD = "\x00head\x00"        # where a running head goes, decided once the pages are known


@st.composite
def documents(draw):
    """A generated resolution: its text, and what the segmenter must find in it."""
    lang = draw(st.sampled_from(["en", "fr"]))
    words = st.sampled_from(VOCAB[lang])
    next_note = [1]
    notes: dict[int, str] = {}

    def sentence(min_words: int = 2) -> str:
        out = draw(st.lists(words, min_size=min_words, max_size=12))
        if draw(st.integers(0, 4)) == 0:          # a footnote marker glued to a word
            k = draw(st.integers(0, len(out) - 1))
            n = next_note[0]
            next_note[0] += 1
            notes[n] = " ".join(["See"] + draw(st.lists(words, min_size=1, max_size=14))) + "."
            out[k] = f"{out[k]}{n}"
        return " ".join(out)

    paragraphs: list[str] = []                    # body paragraphs, as printed (markers included)
    title = " ".join(draw(st.lists(words, min_size=1, max_size=6)))
    title = title[0].upper() + title[1:]
    paragraphs.append(draw(st.sampled_from(["70/1. ", "", "68/192. "])) + title)
    paragraphs.append(OPENING[lang])

    def with_items(head: str, end: str) -> list[str]:
        n_items = draw(st.integers(0, 3))
        if not n_items:
            return [head + end]
        out = [head + ":"]
        for k in range(n_items):
            last = k == n_items - 1
            n_romans = draw(st.integers(0, 2)) if draw(st.integers(0, 3)) == 0 else 0
            if n_romans:
                out.append(f"({LETTERS[k]}) {sentence()}:")
                out += [f"({ROMANS[j]}) {sentence()}" + (end if last and j == n_romans - 1 else ";")
                        for j in range(n_romans)]
            else:
                out.append(f"({LETTERS[k]}) {sentence()}" + (end if last else ";"))
        return out

    for _ in range(draw(st.integers(1, 4))):
        paragraphs += with_items(f"{draw(st.sampled_from(PREAMBLE[lang]))} {sentence()}", ",")
    n_ops = draw(st.integers(1, 5))
    for k in range(1, n_ops + 1):
        paragraphs += with_items(f"{k}. {draw(st.sampled_from(OPERATIVE[lang]))} {sentence()}",
                                 "." if k == n_ops else ";")

    # layout: front matter, paragraphs wrapped into lines, footnote blocks and page breaks
    width = draw(st.integers(30, 90))
    lines: list[str] = []
    if draw(st.booleans()):
        lines += [f" {line} " for line in FRONT[lang]] + [""]
    pending_notes: list[int] = []
    breaks = [0]

    def footnote_block() -> None:
        lines.append("__________________ ")
        lines.append("")
        for n in pending_notes:
            body = notes[n].split()
            first, rest = body[:6], body[6:]
            lines.append(f" {n}  {' '.join(first)}")
            while rest:
                lines.append(f"    {' '.join(rest[:6])}")
                rest = rest[6:]
        pending_notes.clear()

    def page_break() -> None:
        if pending_notes:
            footnote_block()
        lines.append("\f" + draw(st.sampled_from(FURNITURE)))
        lines.append(RUNNING_HEAD)
        breaks[0] += 1

    for para in paragraphs:
        tokens, current = para.split(), ""
        wrapped: list[str] = []
        for tok in tokens:
            if current and len(current) + 1 + len(tok) > width:
                wrapped.append(current)
                current = tok
            else:
                current = f"{current} {tok}" if current else tok
        wrapped.append(current)
        # a page may end inside the paragraph (after one of its lines but the last)
        inside = draw(st.integers(0, len(wrapped) - 1)) if draw(st.integers(0, 3)) == 0 else 0
        for k, line in enumerate(wrapped):
            lines.append((" " if k == 0 else "") + line + draw(st.sampled_from(["", " "])))
            pending_notes += [int(m) for m in re.findall(r"(?<=[^\W\d_])(\d+)\b", line)]
            if k + 1 == inside:
                page_break()
        lines.append("")
        if draw(st.integers(0, 3)) == 0:          # a page ends here
            page_break()
            lines.append("")
    if pending_notes:
        footnote_block()
    # a running head (the title) at the top of every page after the first, when there are
    # enough pages to tell it from text (it must recur) and it is long enough (3 characters)
    head = title if breaks[0] >= 2 and len(title) >= 3 and draw(st.booleans()) else None
    lines = [(head if head else None) if line == RUNNING_HEAD else line for line in lines]
    text = "\n".join(line for line in lines if line is not None) + "\n"
    body_words = [re.sub(r"(?<=[^\W\d_])\d+(?=[,.;:]?$)", "", w) for p in paragraphs for w in p.split()]
    return {"lang": lang, "text": text, "words": body_words, "notes": notes,
            "markers": sorted(notes)}


# The ids of the table in toolkit/segment.py's docstring (annex prefix, sub-items, "-2" for a repeat).
ID_RE = re.compile(r"^(?:annex[IVXLC\d]*\.)?"
                   r"(?:title|opening|pp\d+|op\d+|art\d+(?:\.p\d+)?|goal\d+|[tin]\d+\.\w+(?:\.\d+)?|h\d+|p\d+)"
                   r"(?:\.(?:[a-z]|([a-z])\1|[ivxlc]{1,5}))*(?:-\d+)?$")


@PROFILE
@given(documents())
def test_segmenter_keeps_every_word_and_every_footnote_of_a_generated_resolution(doc):
    result = segment_text(doc["text"], doc["lang"])
    ids = [s.id for s in result.segments]
    assert len(ids) == len(set(ids))
    assert all(ID_RE.match(i) for i in ids), ids
    seen: set[str] = set()
    for s in result.segments:
        assert s.parent is None or s.parent in seen          # parents come first
        if s.kind == "subitem":
            assert s.id.startswith(s.parent + ".")
        seen.add(s.id)
    # every word of the body, in order; front matter, page furniture and markers only are gone
    assert " ".join(s.text for s in result.segments).split() == doc["words"]
    assert {f.number: f.text for f in result.footnotes} == doc["notes"]
    assert [n for s in result.segments for n in s.footnote_refs] == doc["markers"]
    assert [s.kind for s in result.segments][:2] == ["title", "opening"]
    assert result.provenance["un_structure"] == "strong"


def render(doc) -> str:
    """A segmented document as plain text: one paragraph per segment, blank lines between."""
    return "\n\n".join(s.text for s in doc.segments) + "\n"


@PROFILE
@given(documents())
def test_segmentation_is_a_fixed_point_of_its_own_plain_text_rendering(doc):
    first = segment_text(doc["text"], doc["lang"])
    again = segment_text(render(first), doc["lang"])
    assert [(s.id, s.kind, s.text, s.number, s.parent) for s in again.segments] == \
        [(s.id, s.kind, s.text, s.number, s.parent) for s in first.segments]


@PROFILE
@given(st.text(max_size=400) | st.builds(lambda d, junk: d["text"] + junk, documents(), st.text(max_size=50)))
def test_segmenter_raises_only_user_errors_on_any_text(text):
    try:
        result = segment_text(text, "en")
    except ToolkitError:
        return
    ids = [s.id for s in result.segments]
    assert len(ids) == len(set(ids))


# --------------------------------------------------------------------------- sentence splitter

_PROSE = st.lists(st.sampled_from(["M.", "Mr.", "art.", "No.", "1.", "a)", "e.g.", "U.S.", "A/RES/70/1.", "2.5",
                                   "...", "…", "«", "»", "(a)", "Decides", "the", "Assembly.", "Who?", "Yes!",
                                   "end.", "\u00a0", "\t", "\n", "'", '"', "É", "été."]),
                  max_size=30).map(" ".join)


@PROFILE
@given(_PROSE | st.text(max_size=200), st.sampled_from(["fr", "en", None, "xx"]))
def test_sentence_splitter_never_loses_a_character(text, lang):
    from toolkit.sentences import split_sentences

    sentences = split_sentences(text, lang)
    assert " ".join(sentences) == " ".join(text.split())      # the documented invariant
    assert all(s and s == s.strip() for s in sentences)
