"""Bilingual XLIFF 1.2 / 2.0 from alignments: official schemas, round trip, translate-toolkit, OmegaT 3.6.

The schemas are the OASIS files in ``tests/resources/xliff/`` (see its
PROVENANCE.md); they are loaded with a resolver that serves ``xml.xsd`` from
there, so validation never reaches the network.
"""
from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree

from export_fixtures import SIG, hostile_alignment, un_alignment, un_glossary
from omegat_project import project_xml
from toolkit.errors import InputError, OutputExists
from toolkit.export.common import clean_text
from toolkit.export.corrections import alignment_from_rows
from toolkit.export.xliff import (
    GLS_NS,
    MDA_NS,
    REVIEW_BELOW,
    XLIFF2_NS,
    XLIFF12_NS,
    glossary_matches,
    read_alignment_xliff,
    read_xliff,
    write_xliff,
    xliff_bytes,
)
from toolkit.model import DEPRECATED, Alignment, Bead, Document, Glossary, GlossaryEntry, Segment

RESOURCES = Path(__file__).resolve().parent / "resources" / "xliff"
OMEGAT_JAR = Path("/usr/share/omegat/OmegaT.jar")
# The schemaLocation both OASIS schemas give for the XML namespace; served from RESOURCES.
XML_XSD_URLS = {"http://www.w3.org/2001/xml.xsd"}
X12 = {"x": XLIFF12_NS}
X20 = {"x": XLIFF2_NS, "mda": MDA_NS, "gls": GLS_NS}
MAKERS = [un_alignment, hostile_alignment]
VERSIONS = ["1.2", "2.0"]


class _LocalXmlXsd(etree.Resolver):
    """Serve the W3C xml.xsd locally; record every other URL asked for (there must be none remote)."""

    def __init__(self):
        super().__init__()
        self.asked: list[str] = []

    def resolve(self, url, pubid, context):
        self.asked.append(url)
        if url in XML_XSD_URLS:
            return self.resolve_filename(str(RESOURCES / "xml.xsd"), context)
        return None


@pytest.fixture(scope="module")
def resolver():
    return _LocalXmlXsd()


def _parser(resolver):
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    parser.resolvers.add(resolver)
    return parser


@pytest.fixture(scope="module")
def xsd12(resolver):
    return etree.XMLSchema(etree.parse(str(RESOURCES / "xliff-core-1.2-strict.xsd"), _parser(resolver)))


@pytest.fixture(scope="module")
def xsd20(resolver):
    # One schema document importing the core and the two modules the toolkit writes, so that
    # lax wildcards in the core find (and check) the Metadata and Glossary elements.
    driver = b"""<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
      <xs:import namespace="urn:oasis:names:tc:xliff:document:2.0" schemaLocation="xliff_core_2.0.xsd"/>
      <xs:import namespace="urn:oasis:names:tc:xliff:metadata:2.0" schemaLocation="metadata.xsd"/>
      <xs:import namespace="urn:oasis:names:tc:xliff:glossary:2.0" schemaLocation="glossary.xsd"/>
    </xs:schema>"""
    return etree.XMLSchema(etree.fromstring(driver, _parser(resolver), base_url=str(RESOURCES) + "/"))


def _doc(alignment, version="1.2", glossary=None):
    return etree.fromstring(xliff_bytes(alignment, version=version, glossary=glossary))


def _ids(alignment):
    return [("+".join(alignment.src_ids(b)), "+".join(alignment.tgt_ids(b))) for b in alignment.beads]


# --- official schemas ----------------------------------------------------------------------------

@pytest.mark.parametrize("make", MAKERS)
def test_xliff12_is_valid_against_the_oasis_strict_schema(xsd12, make):
    doc = _doc(make(), "1.2", un_glossary())
    assert xsd12.validate(doc), xsd12.error_log


@pytest.mark.parametrize("make", MAKERS)
def test_xliff20_is_valid_against_the_oasis_core_metadata_and_glossary_schemas(xsd20, make):
    doc = _doc(make(), "2.0", un_glossary())
    assert doc.find(".//gls:glossEntry", X20) is not None or make is hostile_alignment
    assert xsd20.validate(doc), xsd20.error_log


def test_schemas_load_without_reaching_the_network(xsd12, xsd20, resolver):
    remote = [u for u in resolver.asked if u.startswith(("http:", "https:")) and u not in XML_XSD_URLS]
    assert not remote
    assert set(resolver.asked) & XML_XSD_URLS      # the xml namespace did come from RESOURCES


def _drop_source(doc):
    tu = doc.find(".//x:trans-unit", X12)
    tu.remove(tu.find("x:source", X12))


def _foreign_attribute(doc):
    doc.find(".//x:trans-unit", X12).set("{urn:example:unknown}confidence", "0.9")


def _unknown_state_value(doc):
    doc.find(".//x:target", X12).set("state", "aligned")


def _meta_without_type(doc):
    del doc.find(".//mda:meta", X20).attrib["type"]


def _gloss_entry_without_term(doc):
    entry = doc.find(".//gls:glossEntry", X20)
    entry.remove(entry.find("gls:term", X20))


def _unit_id_not_nmtoken(doc):
    doc.find(".//x:unit", X20).set("id", "op3+op4")


@pytest.mark.parametrize("version, breaks", [
    ("1.2", _drop_source), ("1.2", _foreign_attribute), ("1.2", _unknown_state_value),
    ("2.0", _meta_without_type), ("2.0", _gloss_entry_without_term), ("2.0", _unit_id_not_nmtoken),
])
def test_validators_reject_a_broken_document(xsd12, xsd20, version, breaks):
    doc = _doc(un_alignment(), version, un_glossary())
    breaks(doc)
    assert not (xsd12 if version == "1.2" else xsd20).validate(doc)


# --- what XLIFF 1.2 carries ----------------------------------------------------------------------

def test_one_trans_unit_per_bead_with_ids_from_the_segment_ids():
    doc = _doc(un_alignment())
    ids = [tu.get("id") for tu in doc.iterfind(".//x:trans-unit", X12)]
    assert ids == ["pp1", "pp2", "op1", "op2", "op3+op4", "tgt-op4", "fn1", "tgt-op5"]


def test_unit_ids_stay_unique_when_segment_ids_repeat():
    fr = Document("fr", [Segment("s1", "paragraph", "Un."), Segment("s1", "paragraph", "Deux.")])
    en = Document("en", [Segment("s1", "paragraph", "One."), Segment("s1", "paragraph", "Two.")])
    al = Alignment(fr, en, [Bead((0,), (0,), 0.9, 0.9), Bead((1,), (1,), 0.9, 0.9)], SIG)
    for version, path in (("1.2", ".//x:trans-unit"), ("2.0", ".//x:unit")):
        ids = [u.get("id") for u in _doc(al, version).iterfind(path, X12 if version == "1.2" else X20)]
        assert len(set(ids)) == 2 and ids[0] == "s1"


def test_file_names_languages_original_tool_and_signature(tmp_path):
    al = un_alignment()
    al.source.source_path = str(tmp_path / "fr.txt")
    al.target.source_path = str(tmp_path / "en.txt")
    doc = _doc(al)
    f = doc.find("x:file", X12)
    assert (f.get("source-language"), f.get("target-language"), f.get("datatype"), f.get("original")) == \
        ("fr", "en", "plaintext", "fr.txt")
    tool = f.find("x:header/x:tool", X12)
    assert tool.get("tool-id") == f.get("tool-id") == "un-align-toolkit" and tool.get("tool-version")
    notes = [n.text for n in f.iterfind("x:header/x:note", X12)]
    assert f"signature: {SIG}" in notes
    assert any("en.txt" in n for n in notes)
    region = etree.fromstring(xliff_bytes(al, lang_codes={"fr": "fr-FR", "en": "en-US"}))
    assert region.find("x:file", X12).get("source-language") == "fr-FR"
    assert region.find(".//x:target", X12).get("{http://www.w3.org/XML/1998/namespace}lang") == "en-US"


def test_target_state_follows_confidence_and_never_claims_a_review():
    al = un_alignment()
    states = [tu.find("x:target", X12).get("state") for tu in _doc(al).iterfind(".//x:trans-unit", X12)]
    assert states == ["translated"] * 4 + ["needs-review-translation", "new", "needs-translation", "new"]
    low = replace(al, beads=[replace(al.beads[0], confidence=REVIEW_BELOW - 0.01, flagged=False)])
    assert _doc(low).find(".//x:target", X12).get("state") == "needs-review-translation"
    for v in VERSIONS:
        text = xliff_bytes(al, version=v).decode("utf-8")
        assert 'state="final"' not in text and "signed-off" not in text and 'state="reviewed"' not in text
        assert "approved=" not in text


def test_null_beads_keep_their_text_one_to_translate_one_locked():
    doc = _doc(un_alignment())
    units = {tu.get("id"): tu for tu in doc.iterfind(".//x:trans-unit", X12)}
    fn1 = units["fn1"]                                    # 1-0: the translator has it to do
    assert fn1.findtext("x:source", namespaces=X12).startswith("Nations Unies")
    assert not fn1.findtext("x:target", namespaces=X12) and fn1.get("translate") is None
    op5 = units["tgt-op5"]                                # 0-1: kept, locked, nothing to translate
    assert op5.get("translate") == "no" and not op5.findtext("x:source", namespaces=X12)
    assert op5.findtext("x:target", namespaces=X12) == "Also decides to include the item in its provisional agenda."


def test_confidence_ids_and_flags_are_in_extradata_and_notes():
    doc = _doc(un_alignment())
    merged = doc.find(".//x:trans-unit[@id='op3+op4']", X12)
    record = dict(p.split("=", 1) for p in merged.get("extradata").split("; "))
    assert record == {"bead": "4", "kind": "2-1", "confidence": "0.3500", "score": "0.4100", "flagged": "yes",
                      "src-ids": "op3 op4", "tgt-ids": "op3"}
    notes = [n.text for n in merged.iterfind("x:note", X12)]
    assert any("confidence 0.35" in n and "op3+op4" in n for n in notes)
    assert any(n.startswith("flagged for review") for n in notes)
    assert merged.find("x:note[@priority='1']", X12) is not None
    plain = doc.find(".//x:trans-unit[@id='pp1']", X12)
    assert not any(n.text.startswith("flagged") for n in plain.iterfind("x:note", X12))


def test_texts_keep_markup_characters_whitespace_and_lose_only_forbidden_controls():
    al = hostile_alignment()
    for v in VERSIONS:
        data = xliff_bytes(al, version=v)
        assert b"&lt;b&gt;gras&lt;/b&gt;" in data and "😀".encode() in data
        doc = etree.fromstring(data)
        units = doc.findall(".//x:trans-unit", X12) if v == "1.2" else doc.findall(".//x:unit", X20)
        assert all(u.get("{http://www.w3.org/XML/1998/namespace}space") == "preserve" for u in units)
        src = "".join(units[3].find(".//x:source", X12 if v == "1.2" else X20).itertext())
        assert src == "-a) alinéa\tavec tabulation\net saut de ligne"
        assert "\x00" not in data.decode("utf-8") and "texteavec" in data.decode("utf-8")


# --- glossary --------------------------------------------------------------------------------------

def test_glossary_terms_are_notes_in_12_and_the_glossary_module_in_20():
    al, g = un_alignment(), un_glossary()

    def notes12(doc):
        return {tu.get("id"): [n.text for n in tu.iterfind("x:note[@from='glossary']", X12)]
                for tu in doc.iterfind(".//x:trans-unit", X12)}

    assert notes12(_doc(al, "1.2", g))["op2"] == ["États Membres → Member States"]   # unreviewed: offered
    g.entries[3].manual, g.entries[3].status = True, DEPRECATED   # a person rejected it
    doc12 = _doc(al, "1.2", g)
    terms12 = notes12(doc12)
    assert terms12["pp2"] == terms12["op1"] == ["traite des personnes → trafficking in persons"]
    assert terms12["op2"] == []                  # "États Membres" is deprecated: not offered
    assert all(n.get("annotates") == "source" for n in doc12.iterfind(".//x:note[@from='glossary']", X12))
    doc20 = _doc(al, "2.0", g)
    entries = doc20.findall(".//x:unit[@id='op1']/gls:glossary/gls:glossEntry", X20)
    assert [(e.findtext("gls:term", namespaces=X20), e.findtext("gls:translation", namespaces=X20))
            for e in entries] == [("traite des personnes", "trafficking in persons")]
    assert doc20.find(".//x:unit[@id='op2']/gls:glossary", X20) is None


def test_without_a_glossary_there_are_no_term_annotations():
    assert b"glossary" not in xliff_bytes(un_alignment()).split(b"<body>")[1]
    assert b"glossEntry" not in xliff_bytes(un_alignment(), version="2.0")


def _entry(src, tgt, **kw):
    return GlossaryEntry(src_term=src, tgt_term=tgt, src_lang="fr", tgt_lang="en", **kw)


def test_glossary_matching_takes_whole_words_case_aside_and_variants():
    g = Glossary("fr", "en", [_entry("développement durable", "sustainable development",
                                     src_variants=["développement soutenable"]),
                              _entry("État", "State"), _entry("R&D", "R&D")])
    hits = glossary_matches(g, "Le Développement  Durable, dit-on.", "Sustainable development, they say.")
    assert [(m.entry.src_term, m.in_target) for m in hits] == [("développement durable", True)]
    assert [m.entry.src_term for m in glossary_matches(g, "un développement soutenable")] == \
        ["développement durable"]
    assert glossary_matches(g, "les développements durables et les Étatsunis") == []
    assert [m.entry.src_term for m in glossary_matches(g, "La R&D.")] == ["R&D"]
    assert not glossary_matches(g, "développement durable", "something else")[0].in_target


# --- reading back -------------------------------------------------------------------------------------

@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("make", MAKERS)
def test_round_trip_gives_back_ids_texts_and_confidence(tmp_path, make, version):
    al = make()
    path = write_xliff(al, tmp_path / "pair.xlf", version=version)
    signature, rows = read_alignment_xliff(path)
    assert str(signature) == str(SIG)
    assert len(rows) == len(al.beads)
    for k, (row, bead) in enumerate(zip(rows, al.beads)):
        assert row.bead == k
        assert (row.src_ids, row.tgt_ids) == (al.src_ids(bead), al.tgt_ids(bead))
        assert row.src_text == clean_text(al.src_text(bead))
        assert row.tgt_text == clean_text(al.tgt_text(bead))
        assert row.kind == bead.kind and row.flagged == bead.flagged and row.status is None
        assert row.confidence == pytest.approx(bead.confidence, abs=5e-5)
        assert row.score == pytest.approx(bead.score, abs=5e-5)


@pytest.mark.parametrize("version", VERSIONS)
def test_any_alignment_reads_back_as_the_other_formats_do_and_stays_valid(version, xsd12, xsd20):
    """Hostile generated alignments (tests/test_properties_formats.py): exact rows, valid documents."""
    import tempfile

    from hypothesis import given
    from test_properties_formats import PROFILE, alignments, expected_rows

    schema = xsd12 if version == "1.2" else xsd20

    @PROFILE
    @given(alignments())
    def check(al):
        with tempfile.TemporaryDirectory() as tmp:
            path = write_xliff(al, Path(tmp) / "a.xlf", version=version)
            assert schema.validate(etree.parse(str(path))), schema.error_log
            assert read_alignment_xliff(path)[1] == expected_rows(al, "xlf")

    check()


@pytest.mark.parametrize("version", VERSIONS)
def test_round_trip_gives_back_the_glossary_terms(tmp_path, version):
    path = write_xliff(un_alignment(), tmp_path / "pair.xlf", version=version, glossary=un_glossary())
    _, units = read_xliff(path)
    by_id = {u.id: u.terms for u in units}
    assert by_id["pp2"] == [("traite des personnes", "trafficking in persons")]
    assert by_id["pp1"] == []


@pytest.mark.parametrize("version", VERSIONS)
def test_read_rows_rebuild_an_alignment_the_toolkit_can_export(tmp_path, version):
    al = un_alignment()
    signature, rows = read_alignment_xliff(write_xliff(al, tmp_path / "a.xlf", version=version))
    again = alignment_from_rows(rows, signature=signature)     # an m-n side comes back as one segment
    assert [(bool(b.src), bool(b.tgt)) for b in again.beads] == [(bool(b.src), bool(b.tgt)) for b in al.beads]
    assert [again.src_text(b) for b in again.beads] == [al.src_text(b) for b in al.beads]
    assert [again.tgt_text(b) for b in again.beads] == [al.tgt_text(b) for b in al.beads]
    assert [b.confidence for b in again.beads] == pytest.approx([b.confidence for b in al.beads], abs=5e-5)


@pytest.mark.parametrize("version, state", [("1.2", "signed-off"), ("1.2", "final"), ("2.0", "final"),
                                            ("2.0", "reviewed")])
def test_a_unit_a_person_confirmed_in_a_cat_tool_reads_back_as_ok(tmp_path, version, state):
    doc = _doc(un_alignment(), version)
    if version == "1.2":
        doc.find(".//x:trans-unit[@id='op3+op4']/x:target", X12).set("state", state)
    else:
        doc.find(".//x:unit[@id='op3_op4']/x:segment", X20).set("state", state)
    path = tmp_path / "reviewed.xlf"
    path.write_bytes(etree.tostring(doc, xml_declaration=True, encoding="UTF-8"))
    signature, rows = read_alignment_xliff(path)
    assert [r.status for r in rows] == [None] * 4 + ["ok"] + [None] * 3
    rebuilt = alignment_from_rows(rows, signature=signature)
    assert rebuilt.beads[4].confidence == 1.0 and not rebuilt.beads[4].flagged


def test_a_unit_approved_in_xliff12_reads_back_as_ok(tmp_path):
    doc = _doc(un_alignment())
    doc.find(".//x:trans-unit[@id='pp1']", X12).set("approved", "yes")
    path = tmp_path / "approved.xlf"
    path.write_bytes(etree.tostring(doc))
    assert read_alignment_xliff(path)[1][0].status == "ok"


OTHER_TOOL_12 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
 <file original="doc.txt" source-language="fr" target-language="en" datatype="plaintext"><body>
  <group id="g1"><trans-unit id="op1+op2"><source>Décide <g id="1">de</g> rester saisie.</source>
   <target state="translated">Decides to remain seized.</target></trans-unit></group>
  <trans-unit id="op3"><source>Prie.</source></trans-unit>
 </body></file></xliff>"""
OTHER_TOOL_20 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="fr" trgLang="en">
 <file id="f"><unit id="u1"><segment><source>Un. </source><target>One. </target></segment>
  <ignorable><source> </source></ignorable><segment state="final"><source>Deux.</source>
  <target>Two.</target></segment></unit></file></xliff>"""


def test_reader_takes_another_tools_xliff_by_its_unit_ids(tmp_path):
    p12 = tmp_path / "other12.xlf"
    p12.write_text(OTHER_TOOL_12, encoding="utf-8")
    signature, rows = read_alignment_xliff(p12)
    assert signature is None
    assert [(r.src_ids, r.src_text, r.tgt_text) for r in rows] == [
        (["op1", "op2"], "Décide de rester saisie.", "Decides to remain seized."), (["op3"], "Prie.", "")]
    p20 = tmp_path / "other20.xlf"
    p20.write_text(OTHER_TOOL_20, encoding="utf-8")
    _, units = read_xliff(p20)
    assert [(u.id, u.source, u.target, u.confirmed) for u in units] == [("u1", "Un.  Deux.", "One. Two.", False)]


@pytest.mark.parametrize("content, needle", [
    ("<tmx version='1.4'><header/><body/></tmx>", "not an XLIFF"),
    ("<xliff version='1.2' xmlns='urn:oasis:names:tc:xliff:document:1.2'><file", "not well-formed"),
    ("<xliff version='1.2' xmlns='urn:oasis:names:tc:xliff:document:1.2'><file original='a' "
     "source-language='fr' datatype='plaintext'><body/></file></xliff>", "no translation units"),
])
def test_reader_errors_are_one_line_user_errors(tmp_path, content, needle):
    path = tmp_path / "bad.xlf"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_alignment_xliff(path)
    assert needle in str(err.value) and "\n" not in str(err.value) and str(path) in str(err.value)


def test_unknown_version_is_a_one_line_user_error():
    with pytest.raises(InputError, match=r"unknown XLIFF version '2\.1' \(use 1\.2 or 2\.0\)"):
        xliff_bytes(un_alignment(), version="2.1")


def test_write_is_atomic_and_refuses_to_overwrite_without_force(tmp_path):
    path = write_xliff(un_alignment(), tmp_path / "pair.xlf")
    first = path.read_bytes()
    with pytest.raises(OutputExists):
        write_xliff(hostile_alignment(), path)
    assert path.read_bytes() == first and not list(tmp_path.glob("*.part"))
    write_xliff(hostile_alignment(), path, force=True)
    assert path.read_bytes() != first


# --- translate-toolkit ----------------------------------------------------------------------------------

@pytest.mark.parametrize("make", MAKERS)
def test_translate_toolkit_reads_every_xliff12_unit_with_source_target_and_state(tmp_path, make):
    factory = pytest.importorskip("translate.storage.factory",
                                  reason="translate-toolkit not installed (pip install translate-toolkit)")
    from translate.storage.workflow import StateEnum

    al = make()
    path = write_xliff(al, tmp_path / "pair.xlf", glossary=un_glossary())
    store = factory.getobject(str(path))
    assert type(store).__name__ == "Xliff1File" and len(store.units) == len(al.beads)
    for unit, bead, (src_ids, tgt_ids) in zip(store.units, al.beads, _ids(al)):
        assert unit.getid().split("\x04")[-1] == (src_ids or f"tgt-{tgt_ids}")
        assert unit.source == clean_text(al.src_text(bead))
        assert unit.target == clean_text(al.tgt_text(bead))
        assert unit.istranslatable() == bool(bead.src)
        if bead.src and bead.tgt:
            review = bead.flagged or bead.confidence < REVIEW_BELOW
            assert unit.get_state_n() == (StateEnum.NEEDS_REVIEW if review else StateEnum.UNREVIEWED)
            assert f"confidence {bead.confidence:.2f}" in unit.getnotes()
        elif bead.src:
            assert unit.get_state_n() == StateEnum.NEEDS_WORK and not unit.istranslated()


@pytest.mark.parametrize("make", MAKERS)
def test_translate_toolkit_reads_every_xliff20_unit_with_source_target_and_state(tmp_path, make):
    xliff2 = pytest.importorskip("translate.storage.xliff2", reason="translate-toolkit >= 3.17 reads XLIFF 2.0")
    al = make()
    path = write_xliff(al, tmp_path / "pair.xlf", version="2.0", glossary=un_glossary())
    store = xliff2.Xliff2File.parsefile(str(path))
    assert len(store.units) == len(al.beads)
    ids = [u.get("id") for u in etree.parse(str(path)).iterfind(".//x:unit", X20)]
    for unit, bead, uid in zip(store.units, al.beads, ids):
        assert unit.getid() == uid
        assert unit.source == clean_text(al.src_text(bead))
        assert unit.target == clean_text(al.tgt_text(bead))
        assert unit.istranslatable() == bool(bead.src)
        if bead.src and bead.tgt:
            review = bead.flagged or bead.confidence < REVIEW_BELOW
            assert unit.istranslated() != review and unit.isfuzzy() == review


# --- OmegaT 3.6 ---------------------------------------------------------------------------------------------

OMEGAT_PROJECT = project_xml(sentence_segments=False)

# Run by OmegaT after compiling the project: every segment its XLIFF filter read, with the comment
# it built from the unit's notes, as JSON.
SEGMENTS_SCRIPT = """
import groovy.json.JsonOutput
import org.omegat.core.Core
if (binding.hasVariable("eventType") && eventType.toString() != "COMPILE") return
def found = []
Core.getProject().getAllEntries().each { e ->
  found << [file: e.getKey().file, text: e.getSrcText(), comment: e.getComment()]
}
new File(System.getProperty("toolkit.segments.out")).setText(JsonOutput.toJson(found), "UTF-8")
"""


def _omegat_java() -> str:
    java = shutil.which("java")
    if not OMEGAT_JAR.is_file() or not java:
        pytest.skip("OmegaT not installed (Debian package: omegat)")
    return java


@pytest.mark.omegat
def test_omegat_reads_every_unit_and_writes_the_targets_back(tmp_path, xsd12):
    """OmegaT 3.6's XLIFF filter is an independent parser: what it extracts and rewrites must be ours.

    Its filter (filters3 XLIFFDialect) keeps <source> intact and offers the text of
    each <target> as the segment, with the unit's notes as the comment; units with
    translate="no" are skipped.  The translated document it produces is the XLIFF
    again, each target rewritten from its segment.
    """
    java = _omegat_java()
    al = un_alignment()
    al.source.segments.append(Segment("x1", "paragraph", 'Texte & <b>gras</b> "cité" 😀'))
    al.target.segments.append(Segment("x1", "paragraph", 'Text & <b>bold</b> "quoted" 😀 التنمية'))
    al.beads.append(Bead((len(al.source.segments) - 1,), (len(al.target.segments) - 1,), 0.9, 0.9))
    proj = tmp_path / "project with spaces"
    for d in ("source", "target", "tm", "glossary", "dictionary", "omegat"):
        (proj / d).mkdir(parents=True)
    (proj / "omegat.project").write_text(OMEGAT_PROJECT, encoding="utf-8")
    written = write_xliff(al, proj / "source" / "pair.xlf", glossary=un_glossary())
    script = tmp_path / "segments.groovy"
    script.write_text(SEGMENTS_SCRIPT, encoding="utf-8")
    report = tmp_path / "segments.json"
    proc = subprocess.run(
        ["timeout", "150", java, f"-Dtoolkit.segments.out={report}", "-jar", str(OMEGAT_JAR),
         "--mode=console-translate", f"--config-dir={tmp_path / 'config'}", "--disable-project-locking",
         "--no-team", f"--script={script}", str(proj)],
        capture_output=True, text=True, timeout=180)
    log = proc.stdout[-3000:] + proc.stderr[-3000:]
    assert report.is_file(), f"OmegaT did not load the project\n{log}"
    segments = json.loads(report.read_text(encoding="utf-8"))
    expected = [(clean_text(al.tgt_text(b)), b) for b in al.beads if b.src and b.tgt]
    assert [s["text"] for s in segments] == [t for t, _ in expected], log
    for seg, (_, bead) in zip(segments, expected):
        assert f"confidence {bead.confidence:.2f}" in seg["comment"]
    assert "traite des personnes → trafficking in persons" in segments[1]["comment"]

    produced = proj / "target" / "pair.xlf"
    assert produced.is_file(), log
    assert xsd12.validate(etree.parse(str(produced))), xsd12.error_log
    _, ours = read_alignment_xliff(written)
    _, theirs = read_alignment_xliff(produced)
    assert [(r.src_ids, r.tgt_ids, r.src_text, r.tgt_text, r.confidence) for r in theirs] == \
        [(r.src_ids, r.tgt_ids, r.src_text, r.tgt_text, r.confidence) for r in ours]


# --- registry and command line ------------------------------------------------------------------------

def test_the_registry_writes_and_reads_xliff_by_extension(tmp_path):
    from toolkit.export import read_alignment, read_alignment_signature, write_alignment

    al = un_alignment()
    for name in ("pair.xlf", "pair.xliff"):
        path = write_alignment(al, tmp_path / name)
        assert etree.parse(str(path)).getroot().tag == f"{{{XLIFF12_NS}}}xliff"
        rows = read_alignment(path)
        assert [(r.src_ids, r.tgt_ids) for r in rows] == [(al.src_ids(b), al.tgt_ids(b)) for b in al.beads]
        assert str(read_alignment_signature(path)) == str(SIG)


def test_align_writes_a_valid_xliff_from_the_command_line(encoder, tmp_path, xsd12):
    from click.testing import CliRunner

    from toolkit.cli import cli

    src, tgt, out = tmp_path / "fr.txt", tmp_path / "en.txt", tmp_path / "pair.xlf"
    src.write_text("Rappelant sa résolution 68/192.\nDécide de rester saisie de la question.\n", encoding="utf-8")
    tgt.write_text("Recalling its resolution 68/192.\nDecides to remain seized of the matter.\n", encoding="utf-8")
    res = CliRunner().invoke(cli, ["align", str(src), str(tgt), "--input-format", "lines", "--src-lang", "fr",
                                   "--tgt-lang", "en", "-o", str(out)], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    doc = etree.parse(str(out))
    assert xsd12.validate(doc), xsd12.error_log
    assert [tu.get("id") for tu in doc.iterfind(".//x:trans-unit", X12)] == ["s1", "s2"]
    assert doc.find("x:file", X12).get("original") == "fr.txt"
    assert "Decides to remain seized of the matter." in out.read_text(encoding="utf-8")


def test_align_without_an_output_file_refuses_xliff_in_one_line(tmp_path):
    from click.testing import CliRunner

    from toolkit.cli import cli

    src = tmp_path / "fr.txt"
    src.write_text("Décide de rester saisie de la question.\n", encoding="utf-8")
    res = CliRunner().invoke(cli, ["align", str(src), str(src), "--format", "xliff"])
    assert res.exit_code != 0
    assert res.stderr.strip().splitlines() == ["error: --format xliff needs an output file (-o)"]


def test_import_alignment_converts_between_xliff_and_the_other_formats(tmp_path):
    from click.testing import CliRunner

    from toolkit.cli import cli
    from toolkit.export import read_alignment, write_alignment

    al = un_alignment()
    tsv = write_alignment(al, tmp_path / "in.tsv")
    xlf = tmp_path / "out.xlf"
    runner = CliRunner()
    res = runner.invoke(cli, ["import-alignment", str(tsv), "-o", str(xlf), "--lang-code", "en=en-GB",
                              "--bom", "--comment-header"])
    assert res.exit_code == 0, res.output
    assert "--bom applies to CSV/TSV files only; ignored for" in res.stderr and "out.xlf (xliff)" in res.stderr
    assert "--comment-header applies to plain tables" in res.stderr
    f = etree.parse(str(xlf)).find("x:file", X12)
    assert (f.get("source-language"), f.get("target-language")) == ("fr", "en-GB")
    assert not (tmp_path / "out.xlf.signature.json").exists()
    # XLIFF in: the same memory as from the TSV it was made from
    from_xlf, from_tsv = tmp_path / "from-xlf.tmx", tmp_path / "from-tsv.tmx"
    assert runner.invoke(cli, ["import-alignment", str(xlf), "-o", str(from_xlf)]).exit_code == 0
    assert runner.invoke(cli, ["import-alignment", str(tsv), "-o", str(from_tsv)]).exit_code == 0

    def units(path):
        return [(r.src_ids, r.tgt_ids, r.src_text, r.tgt_text, r.confidence) for r in read_alignment(path)]

    assert units(from_xlf) == units(from_tsv) and len(units(from_xlf)) == sum(1 for b in al.beads if not b.is_null)
