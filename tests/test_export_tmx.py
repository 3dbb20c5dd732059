"""TMX 1.4b translation memories written from alignments."""
from __future__ import annotations

import pytest
from lxml import etree

from export_fixtures import SIG, hostile_alignment, un_alignment
from toolkit.errors import InputError, OutputExists
from toolkit.export import read_alignment, write_alignment
from toolkit.export.common import clean_text
from toolkit.export.tmx import read_tmx, tmx_bytes

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# The content model of the TMX 1.4b DTD (tmx14.dtd) for the elements the toolkit
# writes, transcribed from the specification (no official schema file is
# available offline); inline markup inside <seg> is outside what we write.
TMX14B_SUBSET_RNG = b"""<?xml version="1.0"?>
<grammar xmlns="http://relaxng.org/ns/structure/1.0" datatypeLibrary="http://www.w3.org/2001/XMLSchema-datatypes">
  <start><ref name="tmx"/></start>
  <define name="tmx"><element name="tmx"><attribute name="version"><value>1.4</value></attribute>
    <ref name="header"/><element name="body"><zeroOrMore><ref name="tu"/></zeroOrMore></element></element></define>
  <define name="header"><element name="header">
    <attribute name="creationtool"/><attribute name="creationtoolversion"/>
    <attribute name="segtype"><choice><value>block</value><value>paragraph</value><value>sentence</value><value>phrase</value></choice></attribute>
    <attribute name="o-tmf"/><attribute name="adminlang"/><attribute name="srclang"/><attribute name="datatype"/>
    <optional><attribute name="o-encoding"/></optional><optional><attribute name="creationdate"/></optional>
    <optional><attribute name="creationid"/></optional>
    <zeroOrMore><choice><ref name="note"/><ref name="prop"/></choice></zeroOrMore></element></define>
  <define name="note"><element name="note"><optional><attribute name="xml:lang"/></optional><text/></element></define>
  <define name="prop"><element name="prop"><attribute name="type"/><optional><attribute name="xml:lang"/></optional><text/></element></define>
  <define name="tu"><element name="tu"><optional><attribute name="tuid"/></optional>
    <zeroOrMore><choice><ref name="note"/><ref name="prop"/></choice></zeroOrMore>
    <oneOrMore><element name="tuv"><attribute name="xml:lang"/>
      <zeroOrMore><choice><ref name="note"/><ref name="prop"/></choice></zeroOrMore>
      <element name="seg"><text/></element></element></oneOrMore></element></define>
</grammar>"""


@pytest.fixture(scope="module")
def tmx_schema():
    return etree.RelaxNG(etree.fromstring(TMX14B_SUBSET_RNG))


@pytest.mark.parametrize("make", [un_alignment, hostile_alignment])
def test_tmx_matches_the_tmx14b_content_model(tmx_schema, make):
    doc = etree.fromstring(tmx_bytes(make())).getroottree()
    assert tmx_schema.validate(doc), tmx_schema.error_log


def test_validator_rejects_a_tu_without_segments(tmx_schema):
    root = etree.fromstring(tmx_bytes(un_alignment()))
    tu = root.find("body/tu")
    for tuv in tu.findall("tuv"):
        tu.remove(tuv)
    assert not tmx_schema.validate(root.getroottree())


def test_header_names_tool_languages_segtype_and_signature():
    root = etree.fromstring(tmx_bytes(un_alignment()))
    h = root.find("header")
    assert h.get("creationtool") == "un-align-toolkit" and h.get("creationtoolversion")
    assert (h.get("srclang"), h.get("segtype"), h.get("datatype"), h.get("adminlang")) == \
        ("fr", "paragraph", "plaintext", "en")
    assert h.findtext("prop[@type='x-signature']") == str(SIG)
    sentence = etree.fromstring(tmx_bytes(un_alignment(level="sentence")))
    assert sentence.find("header").get("segtype") == "sentence"


def test_one_tu_per_bead_that_links_both_sides_with_props():
    al = un_alignment()
    root = etree.fromstring(tmx_bytes(al))
    tus = root.findall("body/tu")
    linked = [(k, b) for k, b in enumerate(al.beads) if not b.is_null]
    assert len(tus) == len(linked) == 5
    for tu, (k, bead) in zip(tus, linked):
        assert tu.get("tuid") == f"b{k}"
        props = {p.get("type"): p.text for p in tu.findall("prop")}
        assert float(props["x-confidence"]) == pytest.approx(bead.confidence)
        assert props["x-src-ids"] == " ".join(al.src_ids(bead))
        assert props["x-tgt-ids"] == " ".join(al.tgt_ids(bead))
        segs = {tuv.get(XML_LANG): tuv.findtext("seg") for tuv in tu.findall("tuv")}
        assert segs == {"fr": al.src_text(bead), "en": al.tgt_text(bead)}
    assert {p.text for p in tus[4].findall("prop")} >= {"op3 op4", "yes", "2-1"}


def test_region_codes_can_be_used_for_tools_that_want_them():
    root = etree.fromstring(tmx_bytes(un_alignment(), lang_codes={"fr": "fr-FR", "en": "en-US"}))
    assert root.find("header").get("srclang") == "fr-FR"
    assert {t.get(XML_LANG) for t in root.iter("tuv")} == {"fr-FR", "en-US"}


def test_hostile_text_survives_the_round_trip(tmp_path):
    al = hostile_alignment()
    path = write_alignment(al, tmp_path / "h.tmx")
    sig, units = read_tmx(path)
    assert str(sig) == str(SIG)
    for unit, bead in zip(units, al.beads):
        assert unit["texts"]["fr"] == clean_text(al.src_text(bead))
        assert unit["texts"]["en"] == clean_text(al.tgt_text(bead))
    rows = read_alignment(path)
    assert [r.src_ids for r in rows] == [al.src_ids(b) for b in al.beads]


def test_existing_tmx_is_not_overwritten_without_force(tmp_path):
    p = write_alignment(un_alignment(), tmp_path / "a.tmx")
    with pytest.raises(OutputExists):
        write_alignment(un_alignment(), p)
    write_alignment(hostile_alignment(), p, force=True)
    assert b"HYPERLINK" not in p.read_bytes() and b"=1+1" in p.read_bytes()


def test_reading_a_non_tmx_file_is_a_user_error(tmp_path):
    p = tmp_path / "x.tmx"
    p.write_text("<xliff/>")
    with pytest.raises(InputError, match="not a TMX"):
        read_alignment(p)


def test_an_alignment_within_one_language_keeps_both_sides(tmp_path):
    al = un_alignment()
    al.target.language = al.source.language          # e.g. two French versions compared
    back = read_alignment(write_alignment(al, tmp_path / "fr-fr.tmx"))
    linked = [b for b in al.beads if not b.is_null]
    assert [(r.src_text, r.tgt_text) for r in back] == [(al.src_text(b), al.tgt_text(b)) for b in linked]
