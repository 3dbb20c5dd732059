"""TMX 1.4b translation memories from alignments (and a reader for round trips).

One ``tu`` per bead that links both sides (null beads have nothing to
translate); ``prop`` elements carry the confidence, score, flag and segment
ids so that a reviewer or a later run can trace each unit back to the
documents.  The header records the creation tool, the source language (which
OmegaT requires), the segmentation level (``paragraph`` matches in OmegaT
whether its sentence segmentation is on or off) and the run's signature.
"""
from __future__ import annotations

from pathlib import Path

from lxml import etree

from toolkit import __version__
from toolkit.errors import InputError
from toolkit.export.common import TOOL_NAME, XML_LANG, clean_text, parse_signature, parse_xml
from toolkit.fileio import write_bytes
from toolkit.model import Alignment, Signature


def tmx_bytes(alignment: Alignment, *, lang_codes: dict[str, str] | None = None) -> bytes:
    s = alignment.source.language
    t = alignment.target.language
    codes = lang_codes or {}
    sl, tl = codes.get(s, s), codes.get(t, t)
    root = etree.Element("tmx", version="1.4")
    header = etree.SubElement(root, "header")
    for key, value in (("creationtool", TOOL_NAME), ("creationtoolversion", __version__),
                       ("datatype", "plaintext"),
                       ("segtype", "sentence" if alignment.level == "sentence" else "paragraph"),
                       ("adminlang", "en"), ("srclang", sl), ("o-tmf", TOOL_NAME)):
        header.set(key, value)
    prop = etree.SubElement(header, "prop", type="x-signature")
    prop.text = clean_text(str(alignment.signature))
    for key, doc in (("x-source-document", alignment.source), ("x-target-document", alignment.target)):
        if doc.symbol:
            p = etree.SubElement(header, "prop", type=key)
            p.text = clean_text(doc.symbol)
    note = etree.SubElement(header, "note")
    note.text = clean_text(f"signature: {alignment.signature}")
    body = etree.SubElement(root, "body")
    for k, bead in enumerate(alignment.beads):
        if bead.is_null:
            continue
        tu = etree.SubElement(body, "tu", tuid=f"b{k}")
        for ptype, value in (("x-confidence", f"{bead.confidence:.4f}"), ("x-score", f"{bead.score:.4f}"),
                             ("x-flagged", "yes" if bead.flagged else "no"), ("x-kind", bead.kind),
                             ("x-src-ids", " ".join(alignment.src_ids(bead))),
                             ("x-tgt-ids", " ".join(alignment.tgt_ids(bead)))):
            p = etree.SubElement(tu, "prop", type=ptype)
            p.text = clean_text(value)
        for lang, text in ((sl, alignment.src_text(bead)), (tl, alignment.tgt_text(bead))):
            tuv = etree.SubElement(tu, "tuv")
            tuv.set(XML_LANG, lang)
            seg = etree.SubElement(tuv, "seg")
            seg.text = clean_text(text)
    tree = etree.ElementTree(root)
    etree.indent(tree, space="  ")
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def write_tmx(alignment: Alignment, path, *, force: bool = False,
              lang_codes: dict[str, str] | None = None) -> Path:
    return write_bytes(path, tmx_bytes(alignment, lang_codes=lang_codes), force=force)


def read_tmx(path) -> tuple[Signature | None, list[dict]]:
    """Translation units as dicts (tuid, texts by language, segs in order, props) plus the signature."""
    p = Path(path)
    root = parse_xml(p).getroot()
    if root.tag != "tmx":
        raise InputError(f"{p}: not a TMX file (root element <{root.tag}>)")
    signature = None
    for prop in root.iterfind("header/prop"):
        if prop.get("type") == "x-signature":
            signature = parse_signature(prop.text)
    units = []
    for tu in root.iterfind("body/tu"):
        unit = {"tuid": tu.get("tuid"), "props": {pr.get("type"): pr.text or "" for pr in tu.iterfind("prop")},
                "texts": {}, "segs": []}
        for tuv in tu.iterfind("tuv"):
            lang = tuv.get(XML_LANG) or tuv.get("lang") or ""
            seg = tuv.find("seg")
            text = "".join(seg.itertext()) if seg is not None else ""
            unit["texts"].setdefault(lang, text)
            unit["segs"].append(text)     # both, in order, even when the languages are the same
        units.append(unit)
    return signature, units


def read_alignment_tmx(path):
    """Signature and beads of a TMX as :class:`~toolkit.export.tabular.AlignmentRow` objects.

    A TMX holds no null beads (nothing to translate): they do not come back from it."""
    from toolkit.export.tabular import AlignmentRow

    signature, units = read_tmx(path)
    rows = []
    for n, u in enumerate(units):
        texts = list(u["segs"]) + ["", ""]      # in document order: both sides may share a language
        props = u["props"]
        tuid = u.get("tuid") or ""
        rows.append(AlignmentRow(
            bead=int(tuid[1:]) if tuid[1:].isdigit() else n,
            src_ids=props.get("x-src-ids", "").split(), tgt_ids=props.get("x-tgt-ids", "").split(),
            src_text=texts[0], tgt_text=texts[1], kind=props.get("x-kind", ""),
            score=float(props.get("x-score") or 0), confidence=float(props.get("x-confidence") or 0),
            flagged=props.get("x-flagged") == "yes"))
    return signature, rows
