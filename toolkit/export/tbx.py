"""TBX writers and readers: TBX v3 (ISO 30042:2019, TBX-Basic DCA) and TBX v2 (2008 martif).

v3 is what current terminology tools exchange; v2 is kept because some CAT
tools (OmegaT 3.6 among them) only read ``martif``.  Both carry the same
content, so that a terminologist loads the file as it is:

* one concept per glossary entry (stable id = ``GlossaryEntry.id``), only the
  entry classes asked for (``classes``, default ``("term",)``: vocabulary and
  candidates stay in the tables; :func:`toolkit.export.common.select_classes`);
* one term section per term of the concept: the head term (with its
  ``termType`` when it has one, e.g. ``fullForm``), then each acronym, short
  form (``termType``) or synonym (none) of :attr:`GlossaryEntry.src_terms` /
  ``tgt_terms``.  Inflected forms (variants) are no terms of their own: they
  are a ``variants: a; b`` note inside their term's section;
* part of speech; ``administrativeStatus`` only on the head term of an entry a
  person reviewed (``manual``) with a status in :data:`~toolkit.model.STATUSES`
  -- a machine suggestion has none;
* who answers for the entry: a concept-level ``transacGrp`` -- ``modification``
  by ``reviewer`` for a reviewed entry, ``origination`` by ``machine:
  un-align-toolkit`` for an unreviewed one (the header says so too);
* the example sentence of each side as ``context``, its ``source`` the document
  that side's sentence comes from (``Occurrence.document``, else the entry's
  source) and its segment: ``A/RES/70/1 [op3]``; the subject field; the
  entry's source; a reviewer's note; the run's signature in the header;
* a multilingual concept (``GlossaryEntry.other_languages``, filled by
  :func:`toolkit.projection.project_glossary`): after the source and target
  sections, one language section per further language that has a term, in
  the order of the codes (``ar, es, ru, zh``; ``lang_codes`` applies, e.g.
  ``zh-CN``), with the same term sections (head term first, then its acronym
  or synonyms with their ``termType``) and its own context citing its own
  document.  No status: a projected term is a machine's.  Its confidence and
  evidence go to the figures sidecar, under ``other_languages``.

The machine's own figures (confidence, frequencies, number of documents,
evidence, entry class) are no notes -- translators read notes in OmegaT or
memoQ -- but go to a sidecar written atomically beside the file,
``NAME.tbx.figures.json`` (:data:`~toolkit.export.common.FIGURES_SUFFIX`):
``{"kind", "file", "signature", "written_by", "entries": {concept id: {...}}}``; a
multilingual concept's entry adds ``"other_languages": {"es": {"confidence", "evidence",
"freq", "variants", "terms", "document"}, ...}`` (a bilingual one's is as it was).
:func:`read_tbx` restores them from it when its signature matches the file's;
without it (a TBX copied alone, another tool's) they read as defaults.

Files written before this layout still read: variant term sections (``note``
``variant``), figures as ``key: value`` notes, a reviewer's note escaped
after ``note: ``; their machine statuses (given by confidence) read as
``unreviewed``.  A context without a segment id whose document ends in
brackets gets a ``[]`` source reference, so that the brackets are not taken
for an id.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from lxml import etree

from toolkit import __version__
from toolkit.errors import InputError
from toolkit.export.common import (
    DEFAULT_CLASSES,
    FIGURES_KIND,
    FIGURES_SUFFIX,
    TOOL_NAME,
    XML_LANG,
    canonical_variants,
    check_sidecar,
    clean_text,
    language_primary,
    other_languages,
    parse_pos,
    parse_signature,
    parse_status,
    parse_term_type,
    parse_xml,
    reader_warning,
    select_classes,
    sidecar_path,
    tbx_pos,
    tbx_status,
    write_with_sidecar,
    written_language_terms,
    written_status,
)
from toolkit.fileio import check_writable, write_bytes
from toolkit.model import (
    DEPRECATED,
    ENTRY_CLASSES,
    TERM,
    STATUSES,
    TERM_TYPES,
    UNREVIEWED,
    ConceptTerm,
    Glossary,
    GlossaryEntry,
    LanguageTerms,
    Occurrence,
)

TBX3_NS = "urn:iso:std:iso:30042:ed-2"
# The processing instructions of the official TBX-Basic DCA dialect, so that
# validating editors (oXygen, Liquid Studio) find the schemas on their own.
XML_MODEL_RNG = ('href="https://raw.githubusercontent.com/LTAC-Global/TBX_Core_RNG/master/TBXcoreStructV03.rng" '
                 'type="application/xml" schematypens="http://relaxng.org/ns/structure/1.0"')
XML_MODEL_SCH = ('href="https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/TBX-Basic_DCA.sch" '
                 'type="application/xml" schematypens="http://purl.oclc.org/dsdl/schematron"')

# Machine figures stored as notes by files of earlier versions ("frequency: 12").
_FIGURE = re.compile(r"^(frequency|confidence|documents|partOfSpeech|evidence\.[\w.-]+):\s*(\S+)$")
_SOURCE_REF = re.compile(r"^(.*?)\s*\[([^\]\s]*)\]$", re.S)
MANUAL_MARK = "reviewer"                      # responsibility of a reviewed entry's modification
MACHINE_MARK = f"machine: {TOOL_NAME}"        # responsibility of an unreviewed entry's origination
NOTE_ESCAPE = "note: "      # files of earlier versions: before a reviewer's note that read as a figure
VARIANTS_NOTE = "variants: "                  # the inflected forms of a term, in its term section
FINE_POS_NOTE = "partOfSpeech: "              # v3 has no properNoun: the finer value, as a note
OTHER_LANGUAGES = "other_languages"           # figures of the further languages, by language code
GENERATED_BY = f"Generated by {TOOL_NAME} "   # first header line of our files
REVIEW_LINE = ("Entries without a reviewer transaction (transactionType modification, responsibility "
               f"{MANUAL_MARK}) are unreviewed machine suggestions ({MACHINE_MARK}): they carry no "
               "administrative status.")
FIGURES_LINE = (f"The machine's figures (confidence, frequencies, evidence, entry classes) are not in notes: "
                f"they are beside this file, in its name followed by {FIGURES_SUFFIX} (glossary.tbx{FIGURES_SUFFIX}).")


# --------------------------------------------------------------------------- writing


def _sub(parent, tag: str, text: str | None = None, ns: str = "", **attrib):
    el = etree.SubElement(parent, f"{{{ns}}}{tag}" if ns else tag)
    for key, value in attrib.items():
        el.set(XML_LANG if key == "lang" else key, clean_text(value))
    if text is not None:
        el.text = clean_text(text)
    return el


def _concept_id(entry: GlossaryEntry, seen: dict[str, int]) -> str:
    """``GlossaryEntry.id`` of the terms as written (cleaned), suffixed if two entries share it."""
    cid = replace(entry, src_term=clean_text(entry.src_term).strip(), tgt_term=clean_text(entry.tgt_term).strip()).id
    n = seen.get(cid, 0)
    seen[cid] = n + 1
    return cid if n == 0 else f"{cid}-{n + 1}"


def _header_lines(glossary: Glossary) -> list[str]:
    lines = [f"{GENERATED_BY}{__version__} from aligned documents.", REVIEW_LINE, FIGURES_LINE]
    if glossary.signature is not None:
        lines.append(f"signature: {glossary.signature}")
    return lines


def _side(entry: GlossaryEntry, side: str):
    """(head term, head term type, variants, further terms, frequency, context) of one side."""
    if side == "src":
        return (entry.src_term, entry.src_term_type, entry.src_variants, entry.src_terms, entry.freq_src,
                entry.context_src)
    return entry.tgt_term, entry.tgt_term_type, entry.tgt_variants, entry.tgt_terms, entry.freq_tgt, entry.context_tgt


def _further_terms(head: str, terms: Iterable[ConceptTerm]) -> list[ConceptTerm]:
    """The further terms as written: cleaned, without empty ones or repeats of the head term."""
    out = []
    seen = {clean_text(head).strip()}
    for t in terms:
        text = clean_text(t.text).strip()
        if text and text not in seen:
            seen.add(text)
            out.append(ConceptTerm(text, t.term_type if t.term_type in TERM_TYPES else None,
                                   canonical_variants(text, t.variants), t.freq))
    return out


def _context_ref(doc: str, seg: str) -> str:
    if not seg and _SOURCE_REF.match(doc):
        ref = "[]"          # "A/RES/1 [x]" would read as segment x
    else:
        ref = f"[{seg}]" if seg else ""
    return " ".join(p for p in [doc, ref] if p)


def _term_sec(parent, text: str, *, term_type: str | None, pos: str, fine_pos: str | None, status: str | None,
              ctx: Occurrence | None, fallback_doc: str, variants: list[str], version: int, ns: str) -> None:
    sec = _sub(parent, "termSec" if version == 3 else "tig", ns=ns)
    _sub(sec, "term", text, ns=ns)
    _sub(sec, "termNote", pos, ns=ns, type="partOfSpeech")
    if term_type in TERM_TYPES:
        _sub(sec, "termNote", term_type, ns=ns, type="termType")
    if status:
        _sub(sec, "termNote", status, ns=ns, type="administrativeStatus")
    if ctx is not None and clean_text(ctx.sentence).strip():
        grp = _sub(sec, "descripGrp", ns=ns)
        _sub(grp, "descrip", ctx.sentence, ns=ns, type="context")
        doc = clean_text(ctx.document).strip() or fallback_doc
        ref = _context_ref(doc, clean_text(ctx.segment_id).strip())
        if ref:
            _sub(grp, "admin", ref, ns=ns, type="source")
    if fine_pos:
        # TBX v3 TBX-Basic has no properNoun: keep the finer value where readers find it
        _sub(sec, "note", f"{FINE_POS_NOTE}{fine_pos}", ns=ns)
    if variants:
        _sub(sec, "note", VARIANTS_NOTE + "; ".join(variants), ns=ns)


def _term_secs(parent, entry: GlossaryEntry, side: str, version: int, ns: str) -> dict[str, Any]:
    """The head term, then the concept's further terms; returns this side's figures for the sidecar."""
    head, head_type, variants, terms, freq, ctx = _side(entry, side)
    head = clean_text(head).strip()
    variants = canonical_variants(head, variants)
    pos = tbx_pos(entry.pos, version)
    fine_pos = entry.pos if pos != entry.pos and entry.pos else None
    source = clean_text(entry.source).strip()
    _term_sec(parent, head, term_type=head_type, pos=pos, fine_pos=fine_pos, status=tbx_status(entry), ctx=ctx,
              fallback_doc=source, variants=variants, version=version, ns=ns)
    more = _further_terms(head, terms)
    for t in more:
        _term_sec(parent, t.text, term_type=t.term_type, pos=pos, fine_pos=None, status=None, ctx=None,
                  fallback_doc="", variants=t.variants, version=version, ns=ns)
    has_ctx = ctx is not None and clean_text(ctx.sentence).strip()
    return {
        f"freq_{side}": freq,
        f"{side}_variants": variants,
        f"{side}_terms": [{"text": t.text, "variants": t.variants, "freq": t.freq} for t in more],
        f"{side}_document": (clean_text(ctx.document).strip() or None) if has_ctx else None,
    }


def _entry_element(body, entry: GlossaryEntry, version: int, ns: str, seen: dict[str, int],
                   codes: dict[str, str]) -> tuple[str, dict[str, Any]]:
    cid = _concept_id(entry, seen)
    concept = _sub(body, "conceptEntry" if version == 3 else "termEntry", ns=ns, id=cid)
    if clean_text(entry.subject_field).strip():
        _sub(concept, "descrip", entry.subject_field, ns=ns, type="subjectField")
    grp = _sub(concept, "transacGrp", ns=ns)
    if entry.reviewed:
        _sub(grp, "transac", "modification", ns=ns, type="transactionType")
        _sub(grp, "transacNote", MANUAL_MARK, ns=ns, type="responsibility")
    else:
        _sub(grp, "transac", "origination", ns=ns, type="transactionType")
        _sub(grp, "transacNote", MACHINE_MARK, ns=ns, type="responsibility")
    if clean_text(entry.source).strip():
        _sub(concept, "admin", entry.source, ns=ns, type="source")
    note = clean_text(entry.note).strip()
    if note:
        _sub(concept, "note", note, ns=ns)
    figures: dict[str, Any] = {
        "confidence": round(entry.confidence, 4), "documents": entry.documents,
        "entry_class": entry.entry_class if entry.entry_class in ENTRY_CLASSES else TERM,
        "status": written_status(entry) if not entry.reviewed else None,
        "evidence": {k: round(v, 4) for k, v in sorted(entry.evidence.items()) if isinstance(v, (int, float))},
    }
    lang_tag = "langSec" if version == 3 else "langSet"
    src = _sub(concept, lang_tag, ns=ns, lang=codes.get(entry.src_lang, entry.src_lang))
    figures.update(_term_secs(src, entry, "src", version, ns))
    if clean_text(entry.tgt_term).strip() or entry.tgt_terms:   # a term with no known counterpart: no section
        tgt = _sub(concept, lang_tag, ns=ns, lang=codes.get(entry.tgt_lang, entry.tgt_lang))
        figures.update(_term_secs(tgt, entry, "tgt", version, ns))
    more: dict[str, Any] = {}
    for lang in other_languages([entry], entry.src_lang, entry.tgt_lang):
        sec = _sub(concept, lang_tag, ns=ns, lang=codes.get(lang, lang))
        more[lang] = _other_term_secs(sec, entry, entry.other_languages[lang], version, ns)
    if more:                  # a bilingual entry's figures stay as they were
        figures[OTHER_LANGUAGES] = more
    return cid, figures


def _other_term_secs(parent, entry: GlossaryEntry, lt: LanguageTerms, version: int, ns: str) -> dict[str, Any]:
    """The term sections of one further language (head first, its context citing its own document);
    returns its figures for the sidecar (confidence, evidence, frequencies, variants, document)."""
    head, *more = written_language_terms(lt)
    pos = tbx_pos(entry.pos, version)
    source = clean_text(entry.source).strip()
    ctx = lt.context
    _term_sec(parent, head.text, term_type=head.term_type, pos=pos, fine_pos=None, status=None, ctx=ctx,
              fallback_doc=source, variants=head.variants, version=version, ns=ns)
    for t in more:
        _term_sec(parent, t.text, term_type=t.term_type, pos=pos, fine_pos=None, status=None, ctx=None,
                  fallback_doc="", variants=t.variants, version=version, ns=ns)
    has_ctx = ctx is not None and clean_text(ctx.sentence).strip()
    return {
        "confidence": round(lt.confidence, 4) if isinstance(lt.confidence, (int, float)) else 0.0,
        "evidence": {k: round(v, 4) for k, v in sorted(lt.evidence.items()) if isinstance(v, (int, float))},
        "freq": head.freq, "variants": head.variants,
        "terms": [{"text": t.text, "variants": t.variants, "freq": t.freq} for t in more],
        "document": (clean_text(ctx.document).strip() or None) if has_ctx and ctx is not None else None,
    }


def _build(glossary: Glossary, version: int, lang_codes: dict[str, str] | None,
           classes) -> tuple[bytes, dict[str, dict[str, Any]]]:
    codes = lang_codes or {}
    if version not in (2, 3):
        raise InputError(f"unknown TBX version {version!r} (use 3 or 2)")
    glossary = select_classes(glossary, classes)
    ns = TBX3_NS if version == 3 else ""
    seen: dict[str, int] = {}
    if version == 3:
        root = etree.Element(f"{{{ns}}}tbx", nsmap={None: ns})
        root.set("type", "TBX-Basic")
        root.set("style", "dca")
        header = _sub(root, "tbxHeader", ns=ns)
    else:
        root = etree.Element("martif")
        root.set("type", "TBX-Basic")
        header = _sub(root, "martifHeader")
    root.set(XML_LANG, codes.get(glossary.src_lang, glossary.src_lang))
    fdesc = _sub(header, "fileDesc", ns=ns)
    tstmt = _sub(fdesc, "titleStmt", ns=ns)
    title = f"Glossary {glossary.src_lang}-{glossary.tgt_lang}"
    further = other_languages(glossary)
    if further:
        title += f"; also {', '.join(further)}"
    _sub(tstmt, "title", title, ns=ns)
    sdesc = _sub(fdesc, "sourceDesc", ns=ns)
    for line in _header_lines(glossary):
        _sub(sdesc, "p", line, ns=ns)
    if version == 2:
        edesc = _sub(header, "encodingDesc")
        _sub(edesc, "p", "TBXBasicXCSV02.xcs", type="XCSURI")
    text = _sub(root, "text", ns=ns)
    body = _sub(text, "body", ns=ns)
    figures: dict[str, dict[str, Any]] = {}
    for entry in glossary.entries:
        cid, fig = _entry_element(body, entry, version, ns, seen, codes)
        figures[cid] = fig

    tree = etree.ElementTree(root)
    if version == 3:
        for data in (XML_MODEL_RNG, XML_MODEL_SCH):
            root.addprevious(etree.ProcessingInstruction("xml-model", data))
    etree.indent(tree, space="  ")
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", pretty_print=True), figures


def tbx_bytes(glossary: Glossary, version: int = 3, lang_codes: dict[str, str] | None = None, *,
              classes: Iterable[str] | str | None = DEFAULT_CLASSES) -> bytes:
    """Serialise a glossary as TBX v3 (TBX-Basic DCA) or TBX v2 (martif TBX-Basic).

    ``lang_codes`` (e.g. ``{"fr": "fr-FR"}``) sets the ``xml:lang`` of the
    language sections for tools that want regional codes; readers keep the
    primary language either way.  ``classes``: the entry classes written
    (default the terms; ``"all"`` or ``("term", "vocabulary", "candidate")``
    for every entry).  The figures go to the sidecar only :func:`write_tbx` writes.
    """
    return _build(glossary, version, lang_codes, classes)[0]


def figures_path(path) -> Path:
    """The sidecar of the TBX ``path`` that holds the machine's figures: ``NAME.tbx.figures.json``."""
    return sidecar_path(path, FIGURES_SUFFIX)


def figures_json(path, glossary: Glossary, figures: dict[str, dict[str, Any]]) -> str:
    return json.dumps({"kind": FIGURES_KIND, "file": Path(path).name,
                       "signature": str(glossary.signature) if glossary.signature is not None else None,
                       "written_by": f"{TOOL_NAME} {__version__}", "entries": figures},
                      ensure_ascii=False, indent=1, default=str) + "\n"


def write_tbx(glossary: Glossary, path, *, version: int = 3, force: bool = False,
              lang_codes: dict[str, str] | None = None,
              classes: Iterable[str] | str | None = DEFAULT_CLASSES) -> Path:
    """Write the TBX (see :func:`tbx_bytes`) and its figures, ``NAME.tbx.figures.json``, both atomically;
    both are refused together without ``force`` and replaced together with it."""
    data, figures = _build(glossary, version, lang_codes, classes)
    check_writable(path, force=force)
    side = check_sidecar(path, force=force, suffix=FIGURES_SUFFIX)
    return write_with_sidecar(path, lambda: write_bytes(path, data, force=force), side,
                              figures_json(path, glossary, figures))


# --------------------------------------------------------------------------- reading


def _local(el) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _children(el, name: str):
    return [c for c in el if _local(c) == name]


def _text(el) -> str:
    return clean_text("".join(el.itertext())).strip()


def _typed(el, name: str, type_: str):
    return [c for c in el if _local(c) == name and c.get("type") == type_]


def _lang(el) -> str:
    return el.get(XML_LANG) or el.get("lang") or ""


def _read_term_sec(sec) -> dict:
    info: dict = {"term": "", "pos": None, "fine_pos": None, "status": None, "raw_status": None, "context": None,
                  "ctx_source": None, "freq": 0, "notes": [], "variant": False, "term_type": None,
                  "variants": [], "variants_note": None}
    for child in sec:
        name = _local(child)
        if name == "term":
            info["term"] = _text(child)
        elif name in ("termNote", "termNoteGrp"):
            note = child if name == "termNote" else next(iter(_children(child, "termNote")), None)
            if note is None:
                continue
            kind = note.get("type")
            if kind == "partOfSpeech":
                info["pos"] = parse_pos(_text(note))
            elif kind == "administrativeStatus":
                info["raw_status"] = _text(note)
                info["status"] = parse_status(_text(note))
            elif kind == "termType":
                info["term_type"] = parse_term_type(_text(note))
                if _text(note) == "variant":
                    info["variant"] = True
        elif name in ("descrip", "descripGrp"):
            d = child if name == "descrip" else next(iter(_children(child, "descrip")), None)
            if d is not None and d.get("type") == "context" and info["context"] is None:
                info["context"] = _text(d)
                admins = _typed(child, "admin", "source") if name == "descripGrp" else []
                if admins:
                    info["ctx_source"] = _text(admins[0])
        elif name == "note":
            t = _text(child)
            m = _FIGURE.match(t)
            if m and m.group(1) == "frequency":
                info["freq"] = int(float(m.group(2)))
            elif m and m.group(1) == "partOfSpeech":
                info["fine_pos"] = parse_pos(m.group(2))
            elif t.startswith(VARIANTS_NOTE) and info["variants_note"] is None:
                variants_note = t[len(VARIANTS_NOTE):].strip()
                info["variants_note"] = variants_note
                info["variants"] = [v.strip() for v in variants_note.split("; ") if v.strip()]
            elif t == "variant":
                info["variant"] = True
            elif t:
                info["notes"].append(t)
    return info


def _exact_variants(info: dict, stored: Any) -> list[str]:
    """The variants of a term section: the sidecar's exact list while the note still says it
    (a variant may hold "; "), else what the note says."""
    if isinstance(stored, list) and all(isinstance(v, str) for v in stored) and \
            "; ".join(stored) == (info["variants_note"] or ""):
        return list(stored)
    return list(info["variants"])


def _int(value: Any, default: int = 0) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _entry_from_concept(concept, version: int, src_lang: str | None, tgt_lang: str | None,
                        ours: bool = False, current: bool = False,
                        figures: dict[str, dict] | None = None) -> GlossaryEntry | None:
    """One concept as an entry.  ``ours``: a file of the toolkit; ``current``: of this layout
    (head term first, further terms after it, no figure notes); ``figures``: its sidecar's entries."""
    lang_tag = "langSec" if version == 3 else "langSet"
    sec_tag = "termSec" if version == 3 else "tig"
    langs = _children(concept, lang_tag)
    if not langs:
        return None
    by_lang: dict[str, list[dict]] = {}
    order: list[str] = []
    sections: list[tuple[str, list[dict]]] = []     # each language section apart, in order
    for ls in langs:
        code = _lang(ls)
        secs = _children(ls, sec_tag) + _children(ls, "ntig")
        infos = []
        for sec in secs:
            if _local(sec) == "ntig":  # v2 ntig wraps the term in termGrp
                grp = next(iter(_children(sec, "termGrp")), None)
                if grp is None:
                    continue
                info = _read_term_sec(grp)
                extra = _read_term_sec(sec)
                for key in ("context", "ctx_source", "notes"):
                    if not info[key]:
                        info[key] = extra[key]
            else:
                info = _read_term_sec(sec)
            if info["term"]:
                infos.append(info)
        if infos:
            primary = language_primary(code)
            if primary not in by_lang:
                order.append(primary)
                by_lang[primary] = []
            by_lang[primary].extend(infos)
            sections.append((primary, infos))
    s = src_lang if src_lang in by_lang else (order[0] if order else None)
    rest = [lang for lang in order if lang != s]
    t = tgt_lang if tgt_lang in by_lang and tgt_lang != s else (rest[0] if rest else None)
    if s is None:
        return None
    src_infos = by_lang[s]
    if t is None:
        # a glossary within one language: the first section is the source, the next the target
        same = [infos for primary, infos in sections if primary == s]
        if len(same) < 2:
            return None
        t, src_infos, tgt_infos = s, same[0], [i for infos in same[1:] for i in infos]
    elif ours and tgt_lang and tgt_lang != s and tgt_lang not in by_lang:
        # a multilingual concept without a target term: the further languages stay further ones
        t, tgt_infos = tgt_lang, [_read_term_sec(etree.Element("termSec"))]
    else:
        tgt_infos = by_lang[t]
    fig = (figures or {}).get(concept.get("id") or "", {})
    if not isinstance(fig, dict):
        fig = {}

    def pick(infos: list[dict], side: str, store: dict | None = None) -> tuple[dict, list[str], list[ConceptTerm]]:
        """The head term, its variants and the concept's further terms (``store``: the figures of a
        further language, whose keys are ``variants`` and ``terms``; else the entry's, by side)."""
        prefix = f"{side}_" if store is None else ""
        store = fig if store is None else store
        if current:
            # our layout: the head term first, then the further terms (old variant sections: variants)
            main = infos[0]
            others = [i for i in infos[1:] if not i["variant"]]
            extra = [i["term"] for i in infos[1:] if i["variant"]]
        else:
            # the main term: the first that is not marked as a variant, preferring preferred terms;
            # other sections typed acronym/short form/full form are terms of the concept, the rest variants
            mains = [i for i in infos if not i["variant"]] or infos
            main = next((i for i in mains if i["status"] == "preferred"), mains[0])
            others = [i for i in infos if i is not main and not i["variant"] and i["term_type"] in TERM_TYPES]
            extra = [i["term"] for i in infos if i is not main and i not in others]
        variants = _exact_variants(main, store.get(f"{prefix}variants")) + extra
        stored = [x for x in store.get(f"{prefix}terms") or [] if isinstance(x, dict)]
        terms = []
        for i in others:
            match = next((x for x in stored if x.get("text") == i["term"]), None)
            if match is not None:
                stored.remove(match)
            terms.append(ConceptTerm(i["term"], i["term_type"],
                                     _exact_variants(i, match.get("variants") if match else None),
                                     _int(match.get("freq")) if match else i["freq"]))
        return main, variants, terms

    smain, svars, sterms = pick(src_infos, "src")
    tmain, tvars, tterms = pick(tgt_infos, "tgt")
    # the further languages (a multilingual concept): every other language section, in the file's order
    stored_all = fig.get(OTHER_LANGUAGES)
    stored_further = stored_all if isinstance(stored_all, dict) else {}
    further: dict[str, tuple[dict, dict, list[str], list[ConceptTerm]]] = {}
    for lang in order:
        if lang in (s, t):
            continue
        stored_lang = stored_further.get(lang)
        ofig = stored_lang if isinstance(stored_lang, dict) else {}
        main, variants, terms = pick(by_lang[lang], lang, ofig)
        further[lang] = (main, ofig, variants, terms)
    entry = GlossaryEntry(src_term=smain["term"], tgt_term=tmain["term"], src_lang=s, tgt_lang=t)
    entry.src_variants, entry.tgt_variants = svars, tvars
    entry.src_terms, entry.tgt_terms = sterms, tterms
    entry.src_term_type, entry.tgt_term_type = smain["term_type"], tmain["term_type"]
    entry.pos = smain["fine_pos"] or smain["pos"] or tmain["fine_pos"] or tmain["pos"] or "noun"
    status = tmain["status"] or smain["status"]
    entry.status = status or UNREVIEWED
    entry.freq_src, entry.freq_tgt = smain["freq"], tmain["freq"]
    notes: list[str] = []
    for raw in (tmain["raw_status"], smain["raw_status"]):
        if raw and parse_status(raw) is None:
            notes.append(f"status: {raw}")
    source = None
    for child in concept:
        name = _local(child)
        if name == "descrip" and child.get("type") == "subjectField":
            entry.subject_field = _text(child) or None
        elif name == "admin" and child.get("type") == "source":
            source = _text(child) or None
        elif name == "transacGrp":
            for tn in _children(child, "transacNote"):
                if _text(tn) == MANUAL_MARK:
                    entry.manual = True
        elif name == "note":
            t = _text(child)
            m = None if current else _FIGURE.match(t)
            if m and m.group(1) in ("confidence", "documents") or m and m.group(1).startswith("evidence."):
                key, value = m.groups()
                try:
                    if key == "confidence":
                        entry.confidence = float(value)
                    elif key == "documents":
                        entry.documents = int(float(value))
                    else:
                        entry.evidence[key[len("evidence."):]] = float(value)
                except ValueError:
                    notes.append(t)
            elif ours and not current and t.startswith(NOTE_ESCAPE):
                notes.append(t[len(NOTE_ESCAPE):])
            elif t:
                notes.append(t)
    for info in (smain, tmain, *(f[0] for f in further.values())):
        notes.extend(info["notes"])
    if fig:
        try:
            entry.confidence = float(fig.get("confidence", entry.confidence))
        except (TypeError, ValueError):
            pass
        entry.documents = _int(fig.get("documents"), entry.documents)
        entry.freq_src = _int(fig.get("freq_src"), entry.freq_src)
        entry.freq_tgt = _int(fig.get("freq_tgt"), entry.freq_tgt)
        if isinstance(fig.get("evidence"), dict):
            entry.evidence = {k: float(v) for k, v in fig["evidence"].items() if isinstance(v, (int, float))}
        if fig.get("entry_class") in ENTRY_CLASSES:
            entry.entry_class = fig["entry_class"]
        if entry.status == UNREVIEWED and isinstance(fig.get("status"), str) and fig["status"] not in STATUSES:
            entry.status = fig["status"]          # a machine status (a suggestion's); no person's status here

    def occurrence(info: dict, side: str, store: dict | None = None) -> Occurrence | None:
        if not info["context"]:
            return None
        ref = info["ctx_source"] or ""
        m = _SOURCE_REF.match(ref)
        seg, doc = (m.group(2), m.group(1).strip()) if m else ("", ref.strip())
        key, store = (f"{side}_document", fig) if store is None else ("document", store)
        if key in store and store[key] is None and doc == (source or ""):
            doc = ""            # written from the entry's source: the sentence named no document of its own
        return Occurrence(seg, info["context"], doc or None)

    entry.context_src, entry.context_tgt = occurrence(smain, "src"), occurrence(tmain, "tgt")
    for lang, (main, ofig, variants, terms) in further.items():
        head = ConceptTerm(main["term"], main["term_type"], variants, _int(ofig.get("freq"), main["freq"]))
        lt = LanguageTerms([head, *terms], context=occurrence(main, lang, ofig))
        try:
            lt.confidence = float(ofig.get("confidence", 0.0))
        except (TypeError, ValueError):
            pass
        if isinstance(ofig.get("evidence"), dict):
            lt.evidence = {k: float(v) for k, v in ofig["evidence"].items() if isinstance(v, (int, float))}
        entry.other_languages[lang] = lt
    if source is None and not current:
        # files of earlier versions and other tools': the contexts' source is the entry's
        for info in (smain, tmain):
            ref = info["ctx_source"]
            if ref:
                m = _SOURCE_REF.match(ref)
                source = (m.group(1) if m else ref) or None
                break
    entry.source = source
    entry.note = "\n".join(dict.fromkeys(notes)) or None
    stored_id = concept.get("id")
    if stored_id and stored_id.split("-")[0] != entry.id and re.fullmatch(r"c[0-9a-f]{10}(-\d+)?", stored_id):
        # the id we wrote no longer matches the terms: someone corrected a term
        entry.manual = True
    if ours and not entry.manual and status is not None and (current or status == DEPRECATED):
        # our files give no machine entry a status (earlier ones: preferred or admitted by
        # confidence, never deprecated): this one a person gave
        entry.manual = True
    return entry


def _read_figures(p: Path, signature) -> dict[str, dict] | None:
    """The entries of ``NAME.tbx.figures.json`` when it belongs to this file (same signature)."""
    side = figures_path(p)
    if not side.is_file():
        return None
    try:
        data = json.loads(side.read_bytes().decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise InputError(f"{side}: not a readable figures file ({type(exc).__name__})") from None
    if not isinstance(data, dict) or data.get("kind") != FIGURES_KIND or not isinstance(data.get("entries"), dict):
        raise InputError(f"{side}: not a figures file of the toolkit (no kind {FIGURES_KIND!r})")
    if data.get("signature") != (str(signature) if signature is not None else None):
        reader_warning(f"{side}: written for another run than {p.name} (signatures differ): figures not read")
        return None
    return data["entries"]


def read_tbx(path) -> Glossary:
    """Read a TBX v3 (``tbx``) or v2 (``martif``) glossary, ours or another tool's.

    The machine's figures come from ``NAME.tbx.figures.json`` when it is there
    (see module doc); an entry nobody reviewed reads as ``unreviewed``.
    """
    p = Path(path)
    root = parse_xml(p).getroot()
    name = _local(root)
    if name == "tbx":
        version = 3
    elif name == "martif":
        version = 2
    else:
        raise InputError(f"{p}: not a TBX file (root element <{name}>)")
    signature = None
    ours = current = False
    header = next(iter(_children(root, "tbxHeader" if version == 3 else "martifHeader")), None)
    if header is not None:
        for el in header.iter():
            if _local(el) == "p":
                signature = signature or parse_signature(_text(el))
                ours = ours or _text(el).startswith(GENERATED_BY)
                current = current or _text(el) == REVIEW_LINE
    current = current and ours
    figures = _read_figures(p, signature) if ours else None
    body = None
    for el in root.iter():
        if _local(el) == "body":
            body = el
            break
    src_lang = tgt_lang = None
    if signature is not None:
        src_lang, tgt_lang = signature.src_lang, signature.tgt_lang
    if src_lang is None and _lang(root):
        src_lang = language_primary(_lang(root))
    entries: list[GlossaryEntry] = []
    if body is not None:
        for concept in body:
            if _local(concept) in ("conceptEntry", "termEntry"):
                e = _entry_from_concept(concept, version, src_lang, tgt_lang, ours=ours, current=current,
                                        figures=figures)
                if e is not None:
                    entries.append(e)
                    src_lang = src_lang or e.src_lang
                    tgt_lang = tgt_lang or e.tgt_lang
    if not entries and src_lang is None:
        raise InputError(f"{p}: no bilingual concept entries found")
    if signature is None and not ours:
        # not written by the toolkit: a person or another tool made it
        for e in entries:
            e.manual = True
    for e in entries:
        if not e.manual:
            e.status = UNREVIEWED       # a machine suggestion: whatever an earlier version wrote
    return Glossary(src_lang=src_lang or "", tgt_lang=tgt_lang or "", entries=entries, signature=signature)
