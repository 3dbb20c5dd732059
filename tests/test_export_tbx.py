"""TBX v3 (TBX-Basic DCA) and TBX v2 (martif) writers and readers, validated with the official schemas."""
from __future__ import annotations

import pytest
from lxml import etree

from export_fixtures import SIG, expected_after_roundtrip, hostile_glossary, un_glossary
from tbx_validation import SCHEMAS, run_schematron, validate_tbx2, validate_tbx3
from toolkit.errors import InputError, OutputExists
from toolkit.export import read_glossary, write_glossary
from toolkit.export.tbx import TBX3_NS, tbx_bytes
from toolkit.model import Glossary

NS = {"t": TBX3_NS, "xml": "http://www.w3.org/XML/1998/namespace"}


def test_v3_glossary_validates_against_official_rng_and_schematron():
    errors = validate_tbx3(tbx_bytes(un_glossary(), 3))
    assert errors == []


def test_v3_hostile_glossary_still_validates():
    errors = validate_tbx3(tbx_bytes(hostile_glossary(), 3))
    assert errors == []


def test_v2_glossary_validates_against_tbx_basic_v2_rng_and_dtd():
    assert validate_tbx2(tbx_bytes(un_glossary(), 2)) == []
    assert validate_tbx2(tbx_bytes(hostile_glossary(), 2)) == []


def test_v3_root_and_processing_instructions_follow_the_official_dialect():
    data = tbx_bytes(un_glossary(), 3)
    tree = etree.fromstring(data).getroottree()
    root = tree.getroot()
    assert root.tag == f"{{{TBX3_NS}}}tbx"
    assert (root.get("type"), root.get("style")) == ("TBX-Basic", "dca")
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "fr"
    pis = [n for n in root.itersiblings(preceding=True) if isinstance(n, etree._ProcessingInstruction)]
    models = sorted(pi.text for pi in pis if pi.target == "xml-model")
    assert len(models) == 2
    assert any("schematypens=\"http://relaxng.org/ns/structure/1.0\"" in m for m in models)
    assert any("TBX-Basic_DCA.sch" in m and "purl.oclc.org/dsdl/schematron" in m for m in models)


def test_v3_concept_carries_stable_id_terms_statuses_context_source_and_subject():
    g = un_glossary()
    root = etree.fromstring(tbx_bytes(g, 3))
    concepts = root.findall(".//t:conceptEntry", NS)
    assert [c.get("id") for c in concepts] == [e.id for e in g.entries]
    first = concepts[0]
    assert first.findtext("t:descrip[@type='subjectField']", namespaces=NS) == "Development"
    fr_terms = [t.text for t in first.findall("t:langSec[@xml:lang='fr']/t:termSec/t:term", NS)]
    assert fr_terms == ["développement durable", "développement soutenable"]   # term + variant
    en_sec = first.find("t:langSec[@xml:lang='en']/t:termSec", NS)
    assert en_sec.findtext("t:termNote[@type='administrativeStatus']", namespaces=NS) == "preferredTerm-admn-sts"
    assert en_sec.findtext("t:termNote[@type='partOfSpeech']", namespaces=NS) == "noun"
    assert en_sec.findtext("t:descripGrp/t:descrip[@type='context']", namespaces=NS) == \
        "Reaffirms its commitment to sustainable development."
    assert "A/RES/70/1" in en_sec.findtext("t:descripGrp/t:admin[@type='source']", namespaces=NS)
    deprecated = concepts[3].find("t:langSec[@xml:lang='en']/t:termSec", NS)
    assert deprecated.findtext("t:termNote[@type='administrativeStatus']", namespaces=NS) == "deprecatedTerm-admn-sts"


def test_signature_is_recorded_in_the_header_of_both_versions():
    for version in (3, 2):
        assert str(SIG).encode() in tbx_bytes(un_glossary(), version)


def test_proper_noun_is_noun_plus_a_note_in_v3_and_a_value_in_v2():
    v3 = etree.fromstring(tbx_bytes(un_glossary(), 3))
    v2 = etree.fromstring(tbx_bytes(un_glossary(), 2))
    assert "properNoun" not in {n.text for n in v3.iter(f"{{{TBX3_NS}}}termNote")}   # not a Basic v3 value
    assert "partOfSpeech: properNoun" in {n.text for n in v3.iter(f"{{{TBX3_NS}}}note")}
    assert "properNoun" in {n.text for n in v2.iter("termNote")}


@pytest.mark.parametrize("version", [3, 2])
def test_roundtrip_keeps_every_field(tmp_path, version):
    g = un_glossary()
    path = write_glossary(g, tmp_path / "g.tbx", tbx_version=version)
    back = read_glossary(path)
    assert (back.src_lang, back.tgt_lang) == ("fr", "en")
    assert str(back.signature) == str(SIG)
    assert back.entries == [expected_after_roundtrip(e) for e in g.entries]


@pytest.mark.parametrize("version", [3, 2])
def test_roundtrip_of_hostile_content(tmp_path, version):
    g = hostile_glossary()
    back = read_glossary(write_glossary(g, tmp_path / "h.tbx", tbx_version=version))
    assert back.entries == [expected_after_roundtrip(e) for e in g.entries]
    assert len(back.entries[3].context_src.sentence) == 10_000
    assert "\x00" not in back.entries[3].src_term and "\x07" not in back.entries[3].src_term


def test_existing_file_is_not_overwritten_without_force(tmp_path):
    path = tmp_path / "g.tbx"
    path.write_text("keep me")
    with pytest.raises(OutputExists):
        write_glossary(un_glossary(), path)
    assert path.read_text() == "keep me"
    write_glossary(un_glossary(), path, force=True)
    assert validate_tbx3(path) == []
    assert not [p for p in tmp_path.iterdir() if p.name != "g.tbx"]   # no temporary files left


def test_unknown_tbx_version_is_a_user_error(tmp_path):
    with pytest.raises(InputError):
        write_glossary(un_glossary(), tmp_path / "g.tbx", tbx_version=4)


# --- the validator itself must be able to fail -----------------------------------------------

def test_official_valid_example_passes_our_validator():
    example = SCHEMAS / "TBX-Basic_dialect" / "DCA" / "Example_Astronomy_DCA_VALID.tbx"
    assert validate_tbx3(example) == []


@pytest.mark.parametrize("name", [
    "TBX_test_files/basic_bad.tbx", "TBX_test_files/core_structure_bad.tbx", "TBX_test_files/poorly_formed_xml.tbx",
    "TBX-Basic-Package/tbx_basic_sample_badelement.tbx", "TBX-Basic-Package/tbx_basic_sample_badattribute.tbx",
    "TBX-Basic-Package/tbx_basic_sample_badelementorder.tbx",
])
def test_official_bad_files_are_rejected(name):
    assert validate_tbx3(SCHEMAS / name) != []


def test_schematron_alone_catches_the_bad_part_of_speech_of_basic_bad():
    failures = run_schematron(SCHEMAS / "TBX_test_files" / "basic_bad.tbx")
    messages = " ".join(f.message for f in failures)
    assert "/partOfSpeech/ type may be" in messages
    assert "transactionType" in messages


def test_schematron_rejects_a_context_moved_to_language_level():
    """A mistake the RNG lets through (descrip is allowed at langSec): only the Schematron sees it."""
    root = etree.fromstring(tbx_bytes(un_glossary(), 3))
    lang_sec = root.find(".//t:langSec", NS)
    bad = etree.SubElement(lang_sec, f"{{{TBX3_NS}}}descrip", type="context")
    bad.text = "misplaced"
    lang_sec.remove(bad)
    lang_sec.insert(0, bad)
    failures = run_schematron(root.getroottree())
    assert any("/context/ may only appear" in f.message for f in failures)


def test_schematron_rejects_a_made_up_status_value():
    data = tbx_bytes(un_glossary(), 3).replace(b"preferredTerm-admn-sts", b"bestTerm-admn-sts", 1)
    assert any("administrativeStatus" in e for e in validate_tbx3(data))


def test_v2_validator_rejects_a_v2_file_with_wrong_types():
    bad = SCHEMAS / "Py-TBXv3-tools" / "BadFiles" / "Sample-tbx-v2.tbx"
    assert validate_tbx2(bad) != []


# --- reading other tools' TBX ------------------------------------------------------------------

def test_reads_the_official_v3_example_written_by_another_tool():
    path = SCHEMAS / "TBX-Basic_dialect" / "DCA" / "Example_Astronomy_DCA_VALID.tbx"
    g = read_glossary(path)
    assert (g.src_lang, g.tgt_lang) == ("en", "es")
    root = etree.parse(str(path)).getroot()
    bilingual = [c for c in root.iterfind(".//t:conceptEntry", NS)
                 if c.find("t:langSec[@xml:lang='en']", NS) is not None and c.find("t:langSec[@xml:lang='es']", NS) is not None]
    assert len(g.entries) == len(bilingual) == 39   # the 6 Zulu-only concepts are not bilingual entries
    first = g.entries[0]
    assert (first.src_term, first.tgt_term) == ("open cluster", "cúmulo abierto")
    assert "galactic cluster" in first.src_variants
    assert first.subject_field == "General"
    assert first.context_src.sentence.startswith("Over 1100 open clusters")
    assert all(e.manual for e in g.entries)      # not ours: a person's terminology


def test_reads_a_v2_martif_file_from_another_tool():
    g = read_glossary(SCHEMAS / "Py-TBXv3-tools" / "BadFiles" / "Sample-tbx-v2.tbx")
    pairs = {(e.src_term, e.tgt_term) for e in g.entries}
    assert ("e-mail", "courriel") in pairs


def test_corrected_term_in_our_tbx_is_recognised_as_a_manual_edit(tmp_path):
    path = write_glossary(un_glossary(), tmp_path / "g.tbx")
    text = path.read_text(encoding="utf-8").replace("<term>Member States</term>", "<term>member States</term>")
    text = text.replace("<term>trafficking in persons</term>", "<term>human trafficking (edited)</term>")
    path.write_text(text, encoding="utf-8")
    g = read_glossary(path)
    edited = {e.tgt_term: e.manual for e in g.entries}
    assert edited["human trafficking (edited)"] is True
    assert edited["sustainable development"] is False
    assert edited["member States"] is False   # case-only change keeps the concept id


def test_not_a_tbx_file_is_a_user_error(tmp_path):
    p = tmp_path / "x.tbx"
    p.write_text("<html><body>nope</body></html>")
    with pytest.raises(InputError, match="not a TBX file"):
        read_glossary(p)
    p.write_text("<tbx><unclosed></tbx>")
    with pytest.raises(InputError, match="well-formed"):
        read_glossary(p)


def test_empty_glossary_reads_back_empty(tmp_path):
    """TBX-Basic requires one conceptEntry at least, so an empty glossary is only well-formed, not valid."""
    g = Glossary(src_lang="fr", tgt_lang="en", entries=[], signature=SIG)
    back = read_glossary(write_glossary(g, tmp_path / "empty.tbx"))
    assert back.entries == [] and (back.src_lang, back.tgt_lang) == ("fr", "en")


def test_regional_language_codes_validate_and_read_back(tmp_path):
    path = write_glossary(un_glossary(), tmp_path / "r.tbx", lang_codes={"fr": "fr-FR", "en": "en-US"})
    assert validate_tbx3(path) == []
    root = etree.parse(str(path)).getroot()
    assert {ls.get("{http://www.w3.org/XML/1998/namespace}lang") for ls in root.iter(f"{{{TBX3_NS}}}langSec")} == \
        {"fr-FR", "en-US"}
    back = read_glossary(path)
    assert (back.src_lang, back.tgt_lang) == ("fr", "en") and len(back.entries) == 4


# --- exact round trips: the asymmetries found by tests/test_properties_formats.py ---------------

@pytest.mark.parametrize("version", [3, 2])
def test_a_reviewer_note_that_looks_like_a_figure_stays_a_note(tmp_path, version):
    g = un_glossary()
    notes = ["confidence: 2", "note: as typed", "frequency: 12", "variant"]
    for e, note in zip(g.entries, notes):
        e.note = note
    back = read_glossary(write_glossary(g, tmp_path / "g.tbx", tbx_version=version))
    assert [e.note for e in back.entries] == notes
    assert back.entries[0].confidence == g.entries[0].confidence       # was overwritten by the note


@pytest.mark.parametrize("version", [3, 2])
def test_a_document_symbol_in_brackets_is_not_taken_for_a_segment_id(tmp_path, version):
    from toolkit.model import Occurrence

    g = un_glossary()
    g.entries[0].source = "A/RES/70/1 [draft]"
    g.entries[0].context_src = Occurrence("", "Réaffirme son attachement.")
    tbx = tbx_bytes(g, version)
    assert (validate_tbx3(tbx) if version == 3 else validate_tbx2(tbx)) == []
    back = read_glossary(write_glossary(g, tmp_path / "g.tbx", tbx_version=version)).entries[0]
    assert back.context_src == Occurrence("", "Réaffirme son attachement.")     # was segment "draft"
    assert back.source == "A/RES/70/1 [draft]"


def test_tbx_without_a_signature_keeps_each_entry_s_edit_flag(tmp_path):
    g = un_glossary()
    g.signature = None
    g.entries[2].manual = True
    back = read_glossary(write_glossary(g, tmp_path / "g.tbx"))
    assert [e.manual for e in back.entries] == [False, False, True, False]     # was: all manual


def test_blank_subject_field_and_source_read_back_as_none(tmp_path):
    g = un_glossary()
    g.entries[0].subject_field = "  "
    g.entries[0].source = "\x07"
    back = read_glossary(write_glossary(g, tmp_path / "g.tbx")).entries[0]
    assert (back.subject_field, back.source) == (None, None)                  # was ("", "")
