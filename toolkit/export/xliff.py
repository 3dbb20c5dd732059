"""Bilingual XLIFF from alignments: XLIFF 1.2 (Trados, memoQ) and 2.0, plus a reader.

One unit per bead, in document order, with the aligned target text already in
place -- the file is a pre-translated copy of the source document that a
translator or reviewer opens in a CAT tool.

XLIFF 1.2 (the default; valid against the OASIS *strict* schema)
    one ``<file>`` (``original`` = the source file name, ``datatype="plaintext"``);
    its ``<header>`` names the tool and holds the run's signature in a note.
    Each ``<trans-unit>``:

    * ``id``: the bead's source segment ids, ``pp3`` or ``pp3+pp4`` for a
      merged link (``tgt-op5`` for a target paragraph with no source);
    * ``extradata``: the bead for a machine (``bead=4; kind=2-1;
      confidence=0.3500; ...``), read back by :func:`read_xliff`;
    * ``<target state>``: ``translated`` for a confident link,
      ``needs-review-translation`` when the link is flagged or under
      :data:`REVIEW_BELOW`; never ``final`` or ``signed-off`` (nobody reviewed);
    * notes: the confidence and the segment ids for a person, the review flag,
      and one ``<note from="glossary" annotates="source">`` per glossary term
      found in the source (XLIFF 1.2 core has no terminology element outside
      inline ``<mrk>``, which CAT tools turn into tags the translator must
      carry over; a note is shown as a comment instead).

XLIFF 2.0 (``version="2.0"``; valid against the OASIS core, Metadata and Glossary schemas)
    ``<unit id>`` (an NMTOKEN: ``pp3_pp4``; ``name`` keeps ``pp3+pp4``) with the
    bead in ``<mda:metadata>``, glossary terms in ``<gls:glossary>``, notes,
    and one ``<segment state>``: ``translated`` for a confident link,
    ``initial`` with ``subState="un-align-toolkit:needs-review"`` otherwise.

Null beads, decided once for both versions:

* 1-0 (source text without a counterpart): the unit has the source and an
  empty target, state ``needs-translation`` (1.2) / ``initial`` (2.0): the
  translator has it to do;
* 0-1 (target text without a source): the unit keeps the target text so the
  file loses nothing, with an empty source and ``translate="no"``, state
  ``new`` (1.2) / ``initial`` (2.0): a CAT tool shows it locked.

OmegaT 3.6: its built-in XLIFF filter keeps ``<source>`` as context and offers
the text of each ``<target>`` as the segment (it expects targets pre-filled with
the source), with the unit's notes as the segment's comment; ``translate="no"``
units are skipped.  In OmegaT the file serves to review the aligned targets;
to translate the source document there, give OmegaT the TMX (``tm/auto/``).

Glossary matches: an entry matches a unit when its source term (or a source
variant) occurs in the source text as a whole word, case aside; deprecated
entries are not offered.  The match says whether the target text holds the
target term (or a variant).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Iterable

from lxml import etree

from toolkit import __version__
from toolkit.errors import InputError
from toolkit.export.common import TOOL_NAME, XML_LANG, clean_text, parse_signature, parse_xml
from toolkit.export.tabular import AlignmentRow
from toolkit.fileio import write_bytes
from toolkit.model import DEPRECATED, Alignment, Bead, Glossary, GlossaryEntry, Signature

# Namespaces of the OASIS standards (XLIFF 1.2 section 2.2; XLIFF 2.0 sections 4.2, 5.6, 5.9).
XLIFF12_NS = "urn:oasis:names:tc:xliff:document:1.2"
XLIFF2_NS = "urn:oasis:names:tc:xliff:document:2.0"
MDA_NS = "urn:oasis:names:tc:xliff:metadata:2.0"
GLS_NS = "urn:oasis:names:tc:xliff:glossary:2.0"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
XLIFF_VERSIONS = ("1.2", "2.0")
DEFAULT_VERSION = "1.2"            # what Trados Studio and memoQ import as "XLIFF"
# Links under this confidence are marked for review (the cut the XLSX export highlights).
REVIEW_BELOW = 0.5
# <note from> of the toolkit's notes, and <note from> of the glossary notes (XLIFF 1.2).
GLOSSARY_FROM = "glossary"
# 2.0 subState of a link to review: "prefix:value" as XLIFF 2.0 section 4.3.1.40 requires.
SUBSTATE_REVIEW = f"{TOOL_NAME}:needs-review"
# Prefix of the unit id of a 0-1 bead (target text with no source segment).
TARGET_ONLY_PREFIX = "tgt-"
# Separator of a glossary note: "source term → target term".
TERM_ARROW = " → "
# XLIFF 1.2 <target state> (section 2.4.1.9 values), by what the unit is.
STATE_OK = "translated"                    # a confident link
STATE_REVIEW = "needs-review-translation"  # flagged, or under REVIEW_BELOW
STATE_TODO = "needs-translation"           # 1-0: source text without a counterpart
STATE_TARGET_ONLY = "new"                  # 0-1: target text without a source
# States (1.2 and 2.0) that mean a person confirmed the unit in a CAT tool (as does 1.2 approved="yes").
CONFIRMED_STATES = {"final", "signed-off", "reviewed"}
# Characters kept in a 2.0 unit id (an xs:NMTOKEN); any other becomes "_" (the ids are kept in metadata).
_NMTOKEN_BAD = re.compile(r"[^A-Za-z0-9._:\-]")


@dataclass(frozen=True)
class TermMatch:
    """A glossary entry whose source term occurs in a unit's source text."""

    entry: GlossaryEntry
    in_target: bool                     # the target term (or a variant) occurs in the target text


@dataclass
class XliffUnit:
    """One unit as read back: ids, texts, the bead's figures and the glossary terms."""

    id: str
    source: str
    target: str
    bead: int | None = None
    src_ids: list[str] = field(default_factory=list)
    tgt_ids: list[str] = field(default_factory=list)
    kind: str = ""
    confidence: float = 0.0
    score: float = 0.0
    flagged: bool = False
    state: str | None = None
    translate: bool = True
    confirmed: bool = False             # a person marked it final / signed-off / approved
    terms: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


# --- glossary matching ---------------------------------------------------------------------


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", clean_text(text)).casefold()


def _pattern(forms: Iterable[str]) -> re.Pattern | None:
    alts = sorted({_fold(f).strip() for f in forms if clean_text(f).strip()}, key=len, reverse=True)
    if not alts:
        return None
    body = "|".join(r"\s+".join(re.escape(w) for w in a.split()) for a in alts)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)")


class _Matcher:
    def __init__(self, glossary: Glossary | None):
        self.entries: list[tuple[GlossaryEntry, re.Pattern, re.Pattern | None]] = []
        for e in glossary.entries if glossary else []:
            if e.status == DEPRECATED:
                continue
            src = _pattern([e.src_term, *e.src_variants])
            if src is not None:
                self.entries.append((e, src, _pattern([e.tgt_term, *e.tgt_variants])))

    def __call__(self, src_text: str, tgt_text: str) -> list[TermMatch]:
        s, t = _fold(src_text), _fold(tgt_text)
        found, seen = [], set()
        for e, src, tgt in self.entries:
            if e.id not in seen and src.search(s):
                seen.add(e.id)
                found.append(TermMatch(e, bool(tgt and tgt.search(t))))
        return found


def glossary_matches(glossary: Glossary | None, src_text: str, tgt_text: str = "") -> list[TermMatch]:
    """Entries of ``glossary`` whose source term occurs in ``src_text`` (see the module notes)."""
    return _Matcher(glossary)(src_text, tgt_text)


# --- writing ---------------------------------------------------------------------------------


def _needs_review(bead: Bead) -> bool:
    return bead.flagged or bead.confidence < REVIEW_BELOW


def _record(alignment: Alignment, k: int, bead: Bead) -> list[tuple[str, str]]:
    """The bead as key/value pairs: XLIFF 1.2 ``extradata`` and XLIFF 2.0 metadata."""
    return [("bead", str(k)), ("kind", bead.kind), ("confidence", f"{bead.confidence:.4f}"),
            ("score", f"{bead.score:.4f}"), ("flagged", "yes" if bead.flagged else "no"),
            ("src-ids", " ".join(clean_text(i) for i in alignment.src_ids(bead))),
            ("tgt-ids", " ".join(clean_text(i) for i in alignment.tgt_ids(bead)))]


def _unit_ids(alignment: Alignment, nmtoken: bool) -> list[str]:
    """One unique id per bead from its segment ids (``pp3+pp4``; ``pp3_pp4`` as a 2.0 NMTOKEN)."""
    joiner = "_" if nmtoken else "+"
    ids, seen = [], set()
    for k, bead in enumerate(alignment.beads):
        src = [clean_text(i) for i in alignment.src_ids(bead)]
        tgt = [clean_text(i) for i in alignment.tgt_ids(bead)]
        uid = joiner.join(src) if src else (TARGET_ONLY_PREFIX + joiner.join(tgt) if tgt else "")
        if nmtoken:
            uid = _NMTOKEN_BAD.sub("_", uid)
        if not uid or uid in seen:
            uid = f"{uid}{'-' if uid else ''}b{k}"
        seen.add(uid)
        ids.append(uid)
    return ids


def _describe(alignment: Alignment, bead: Bead) -> str:
    src = "+".join(alignment.src_ids(bead)) or "none"
    tgt = "+".join(alignment.tgt_ids(bead)) or "none"
    if not bead.tgt:
        return f"source {src} has no counterpart in the target document: translate it"
    if not bead.src:
        return f"target {tgt} has no counterpart in the source document (kept for reference)"
    return f"aligned {bead.kind}: source {src}, target {tgt}; confidence {bead.confidence:.2f}"


def _review_note(bead: Bead) -> str:
    low = not bead.is_null and bead.confidence < REVIEW_BELOW
    return "flagged for review" + (f": confidence {bead.confidence:.2f} < {REVIEW_BELOW}" if low else "")


def _languages(alignment: Alignment, lang_codes: dict[str, str] | None) -> tuple[str, str]:
    codes = lang_codes or {}
    s, t = alignment.source.language, alignment.target.language
    return codes.get(s, s), codes.get(t, t)


def _original(alignment: Alignment) -> str:
    doc = alignment.source
    if doc.source_path:
        return Path(doc.source_path).name
    return clean_text(doc.symbol) or "source"


def _header_notes(alignment: Alignment, glossary: Glossary | None) -> list[str]:
    notes = [f"signature: {alignment.signature}"]
    tgt = alignment.target
    where = Path(tgt.source_path).name if tgt.source_path else ""
    symbols = " / ".join(dict.fromkeys(s for s in (alignment.source.symbol, tgt.symbol) if s))
    notes.append(f"target document: {where or 'unnamed'}" + (f" ({symbols})" if symbols else "")
                 + f"; level: {alignment.level}; units: {len(alignment.beads)}")
    if glossary is not None:
        notes.append(f"glossary: {len(glossary.entries)} entries"
                     + (f" ({glossary.signature})" if glossary.signature else ""))
    return [clean_text(n) for n in notes]


def _text(parent, tag: str, text: str, **attrs):
    el = etree.SubElement(parent, tag, **attrs)
    el.text = clean_text(text)
    return el


def _xliff12(alignment: Alignment, glossary: Glossary | None, lang_codes) -> etree._Element:
    q = lambda tag: f"{{{XLIFF12_NS}}}{tag}"  # noqa: E731
    sl, tl = _languages(alignment, lang_codes)
    root = etree.Element(q("xliff"), nsmap={None: XLIFF12_NS}, version="1.2")
    f = etree.SubElement(root, q("file"), original=_original(alignment), datatype="plaintext")
    f.set("source-language", sl)
    f.set("target-language", tl)
    f.set("tool-id", TOOL_NAME)
    header = etree.SubElement(f, q("header"))
    tool = etree.SubElement(header, q("tool"))
    tool.set("tool-id", TOOL_NAME)
    tool.set("tool-name", TOOL_NAME)
    tool.set("tool-version", __version__)
    for note in _header_notes(alignment, glossary):
        _text(header, q("note"), note, **{"from": TOOL_NAME})
    body = etree.SubElement(f, q("body"))
    match = _Matcher(glossary)
    for k, (bead, uid) in enumerate(zip(alignment.beads, _unit_ids(alignment, nmtoken=False))):
        src, tgt = alignment.src_text(bead), alignment.tgt_text(bead)
        tu = etree.SubElement(body, q("trans-unit"), id=uid)
        tu.set("extradata", "; ".join(f"{key}={value}" for key, value in _record(alignment, k, bead)))
        tu.set(XML_SPACE, "preserve")
        if not bead.src:
            tu.set("translate", "no")
        _text(tu, q("source"), src, **{XML_LANG: sl})
        target = _text(tu, q("target"), tgt, **{XML_LANG: tl})
        target.set("state", STATE_TARGET_ONLY if not bead.src else STATE_TODO if not bead.tgt
                   else STATE_REVIEW if _needs_review(bead) else STATE_OK)
        _text(tu, q("note"), _describe(alignment, bead), **{"from": TOOL_NAME})
        if bead.flagged or (bead.src and bead.tgt and _needs_review(bead)):
            _text(tu, q("note"), _review_note(bead), **{"from": TOOL_NAME, "priority": "1"})
        for m in match(src, tgt):
            _text(tu, q("note"), f"{clean_text(m.entry.src_term).strip()}{TERM_ARROW}"
                  f"{clean_text(m.entry.tgt_term).strip()}", **{"from": GLOSSARY_FROM, "annotates": "source"})
    return root


def _meta_group(parent, pairs: list[tuple[str, str]], **attrs):
    group = etree.SubElement(parent, f"{{{MDA_NS}}}metaGroup", category=TOOL_NAME, **attrs)
    for key, value in pairs:
        _text(group, f"{{{MDA_NS}}}meta", value, type=key)
    return group


def _xliff20(alignment: Alignment, glossary: Glossary | None, lang_codes) -> etree._Element:
    q = lambda tag: f"{{{XLIFF2_NS}}}{tag}"  # noqa: E731
    sl, tl = _languages(alignment, lang_codes)
    root = etree.Element(q("xliff"), nsmap={None: XLIFF2_NS, "mda": MDA_NS, "gls": GLS_NS},
                         version="2.0", srcLang=sl, trgLang=tl)
    f = etree.SubElement(root, q("file"), id="f1", original=_original(alignment))
    meta = etree.SubElement(f, f"{{{MDA_NS}}}metadata")
    _meta_group(meta, [("tool", TOOL_NAME), ("tool-version", __version__),
                       ("signature", clean_text(str(alignment.signature))), ("level", alignment.level)])
    notes = etree.SubElement(f, q("notes"))
    for note in _header_notes(alignment, glossary):
        _text(notes, q("note"), note, category=TOOL_NAME)
    match = _Matcher(glossary)
    for k, (bead, uid) in enumerate(zip(alignment.beads, _unit_ids(alignment, nmtoken=True))):
        src, tgt = alignment.src_text(bead), alignment.tgt_text(bead)
        name = "+".join(alignment.src_ids(bead)) or TARGET_ONLY_PREFIX + "+".join(alignment.tgt_ids(bead))
        unit = etree.SubElement(f, q("unit"), id=uid, name=clean_text(name))
        unit.set(XML_SPACE, "preserve")
        if not bead.src:
            unit.set("translate", "no")
        _meta_group(etree.SubElement(unit, f"{{{MDA_NS}}}metadata"), _record(alignment, k, bead))
        matches = match(src, tgt)
        if matches:
            gls = etree.SubElement(unit, f"{{{GLS_NS}}}glossary")
            for m in matches:
                entry = etree.SubElement(gls, f"{{{GLS_NS}}}glossEntry", id=m.entry.id)
                _text(entry, f"{{{GLS_NS}}}term", clean_text(m.entry.src_term).strip())
                _text(entry, f"{{{GLS_NS}}}translation", clean_text(m.entry.tgt_term).strip())
        unotes = etree.SubElement(unit, q("notes"))
        _text(unotes, q("note"), _describe(alignment, bead), category=TOOL_NAME)
        review = bool(bead.src and bead.tgt and _needs_review(bead))
        if bead.flagged or review:
            _text(unotes, q("note"), _review_note(bead), category=TOOL_NAME, priority="1")
        segment = etree.SubElement(unit, q("segment"), state="translated" if bead.src and bead.tgt and not review
                                   else "initial")
        if review:
            segment.set("subState", SUBSTATE_REVIEW)
        _text(segment, q("source"), src)
        _text(segment, q("target"), tgt)
    return root


def xliff_bytes(alignment: Alignment, *, version: str = DEFAULT_VERSION, glossary: Glossary | None = None,
                lang_codes: dict[str, str] | None = None) -> bytes:
    """The alignment as an XLIFF document (``version`` ``"1.2"`` or ``"2.0"``), UTF-8."""
    v = str(version).strip()
    if v not in XLIFF_VERSIONS:
        raise InputError(f"unknown XLIFF version {version!r} (use {' or '.join(XLIFF_VERSIONS)})")
    root = _xliff12(alignment, glossary, lang_codes) if v == "1.2" else _xliff20(alignment, glossary, lang_codes)
    tree = etree.ElementTree(root)
    # Indent the structure only: whitespace added inside <source>/<target>/<note> would change texts.
    etree.indent(tree, space="  ")
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def write_xliff(alignment: Alignment, path, *, version: str = DEFAULT_VERSION, glossary: Glossary | None = None,
                force: bool = False, lang_codes: dict[str, str] | None = None) -> Path:
    """Write the bilingual XLIFF of ``alignment`` atomically (see the module notes)."""
    return write_bytes(path, xliff_bytes(alignment, version=version, glossary=glossary, lang_codes=lang_codes),
                       force=force)


# --- reading ---------------------------------------------------------------------------------


def _all_text(el) -> str:
    return "" if el is None else "".join(el.itertext())


def _pairs(text: str | None) -> dict[str, str]:
    out = {}
    for part in (text or "").split(";"):
        key, sep, value = part.partition("=")
        if sep:
            out[key.strip()] = value.strip()
    return out


def _fill(unit: XliffUnit, record: dict[str, str]) -> None:
    def num(key: str) -> float:
        try:
            return float(record.get(key) or 0)
        except ValueError:
            return 0.0

    bead = record.get("bead", "")
    unit.bead = int(bead) if bead.isdigit() else None
    unit.kind = record.get("kind", "")
    unit.confidence, unit.score = num("confidence"), num("score")
    unit.flagged = record.get("flagged") == "yes"
    if "src-ids" in record or "tgt-ids" in record:
        unit.src_ids = record.get("src-ids", "").split()
        unit.tgt_ids = record.get("tgt-ids", "").split()


def _read12(root) -> tuple[Signature | None, list[XliffUnit]]:
    ns = {"x": root.nsmap.get(None) or XLIFF12_NS}
    signature = None
    for note in root.iterfind("x:file/x:header/x:note", ns):
        signature = signature or parse_signature(note.text)
    units = []
    for tu in root.iterfind(".//x:trans-unit", ns):
        target = tu.find("x:target", ns)
        uid = tu.get("id", "")
        unit = XliffUnit(id=uid, source=_all_text(tu.find("x:source", ns)), target=_all_text(target),
                         state=target.get("state") if target is not None else None,
                         translate=tu.get("translate", "yes") != "no")
        unit.confirmed = tu.get("approved") == "yes" or unit.state in CONFIRMED_STATES
        record = _pairs(tu.get("extradata"))
        if record.get("bead") is not None or "src-ids" in record:
            _fill(unit, record)
        elif uid.startswith(TARGET_ONLY_PREFIX):
            unit.tgt_ids = uid[len(TARGET_ONLY_PREFIX):].split("+")
        else:                           # another tool's XLIFF: the id is all there is
            unit.src_ids = [i for i in uid.split("+") if i]
        for note in tu.iterfind("x:note", ns):
            text = note.text or ""
            if note.get("from") == GLOSSARY_FROM and TERM_ARROW in text:
                src, _, tgt = text.partition(TERM_ARROW)
                unit.terms.append((src.strip(), tgt.strip()))
            else:
                unit.notes.append(text)
        units.append(unit)
    return signature, units


def _read20(root) -> tuple[Signature | None, list[XliffUnit]]:
    ns = {"x": XLIFF2_NS, "mda": MDA_NS, "gls": GLS_NS}
    signature = None
    for meta in root.iterfind("x:file/mda:metadata//mda:meta[@type='signature']", ns):
        signature = signature or parse_signature(meta.text)
    for note in root.iterfind("x:file/x:notes/x:note", ns):
        signature = signature or parse_signature(note.text)
    units = []
    for u in root.iterfind(".//x:unit", ns):
        parts = u.findall("x:segment", ns) + u.findall("x:ignorable", ns)
        parts.sort(key=lambda el: list(u).index(el))
        states = [s.get("state", "initial") for s in u.iterfind("x:segment", ns)]
        unit = XliffUnit(id=u.get("id", ""), source="".join(_all_text(p.find("x:source", ns)) for p in parts),
                         target="".join(_all_text(p.find("x:target", ns)) for p in parts),
                         state=states[0] if states else None, translate=u.get("translate", "yes") != "no")
        unit.confirmed = bool(states) and all(s in CONFIRMED_STATES for s in states)
        record = {m.get("type", ""): m.text or "" for m in
                  u.iterfind(f"mda:metadata/mda:metaGroup[@category='{TOOL_NAME}']/mda:meta", ns)}
        name = u.get("name") or unit.id
        if record:
            _fill(unit, record)
        elif name.startswith(TARGET_ONLY_PREFIX):
            unit.tgt_ids = name[len(TARGET_ONLY_PREFIX):].split("+")
        else:
            unit.src_ids = [i for i in name.split("+") if i]
        for entry in u.iterfind("gls:glossary/gls:glossEntry", ns):
            term = _all_text(entry.find("gls:term", ns)).strip()
            for tr in entry.findall("gls:translation", ns) or [None]:
                unit.terms.append((term, _all_text(tr).strip()))
        unit.notes = [n.text or "" for n in u.iterfind("x:notes/x:note", ns)]
        units.append(unit)
    return signature, units


def read_xliff(path) -> tuple[Signature | None, list[XliffUnit]]:
    """Units of an XLIFF 1.2 or 2.0 file (ours or another tool's) plus the toolkit's signature, if any."""
    p = Path(path)
    root = parse_xml(p).getroot()
    ns = etree.QName(root).namespace if isinstance(root.tag, str) else None
    if etree.QName(root).localname != "xliff" or ns not in (XLIFF12_NS, XLIFF2_NS):
        raise InputError(f"{p}: not an XLIFF 1.2 or 2.0 file (root element <{etree.QName(root).localname}>"
                         f"{f' in {ns}' if ns else ''})")
    return _read12(root) if ns == XLIFF12_NS else _read20(root)


def read_alignment_xliff(path) -> tuple[Signature | None, list[AlignmentRow]]:
    """Signature and beads of an XLIFF file as :class:`AlignmentRow` objects (for ``read_alignment_file``).

    The rows are those of the other alignment formats; the unit ids, states and
    glossary terms are in :func:`read_xliff`'s units.  A unit a person marked
    final, signed-off, reviewed or approved in a CAT tool comes back with status
    ``ok``; every other unit is unreviewed.
    """
    signature, units = read_xliff(path)
    if not units:
        raise InputError(f"{Path(path)}: no translation units")
    rows = []
    for n, u in enumerate(units):
        rows.append(AlignmentRow(
            bead=u.bead if u.bead is not None else n, src_ids=u.src_ids, tgt_ids=u.tgt_ids,
            src_text=u.source, tgt_text=u.target, kind=u.kind or f"{len(u.src_ids)}-{len(u.tgt_ids)}",
            score=u.score, confidence=u.confidence, flagged=u.flagged, status="ok" if u.confirmed else None))
    return signature, rows
