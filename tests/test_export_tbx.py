"""TBX v3 (TBX-Basic DCA) and TBX v2 (martif) writers and readers, validated with the official schemas."""
from __future__ import annotations

from dataclasses import replace

import pytest
from export_fixtures import (
    PERSON_STATUSES,
    SIG,
    expected_after_roundtrip,
    hostile_glossary,
    stale_glossary,
    un_glossary,
)
from lxml import etree
from tbx_validation import SCHEMAS, run_schematron, validate_tbx2, validate_tbx3

from toolkit.errors import InputError, OutputExists
from toolkit.export import read_glossary, write_glossary
from toolkit.export.tbx import TBX3_NS, figures_path, read_tbx, tbx_bytes, write_tbx
from toolkit.model import (
    ACRONYM,
    CANDIDATE,
    DEPRECATED,
    ENTRY_CLASSES,
    FULL_FORM,
    PREFERRED,
    TERM,
    UNREVIEWED,
    VOCABULARY,
    ConceptTerm,
    Glossary,
    GlossaryEntry,
    Occurrence,
)

NS = {"t": TBX3_NS, "xml": "http://www.w3.org/XML/1998/namespace"}


def expected(entry: GlossaryEntry) -> GlossaryEntry:
    """:func:`expected_after_roundtrip` under the review rule: a machine entry reads back unreviewed."""
    e = expected_after_roundtrip(entry)
    for side in ("context_src", "context_tgt"):
        occ, given = getattr(e, side), getattr(entry, side)
        if occ is not None and given.document:
            setattr(e, side, replace(occ, document=given.document.strip()))
    return e if e.manual else replace(e, status=UNREVIEWED)


def reviewed(g: Glossary) -> Glossary:
    """The fixture's entries with the statuses a person gave them (reviewed): only a person's
    edit (``manual``) gives a status."""
    for e, status in zip(g.entries, PERSON_STATUSES):
        e.manual, e.status = True, status
    return g


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
    g = reviewed(un_glossary())
    root = etree.fromstring(tbx_bytes(g, 3))
    concepts = root.findall(".//t:conceptEntry", NS)
    assert [c.get("id") for c in concepts] == [e.id for e in g.entries]
    first = concepts[0]
    assert first.findtext("t:descrip[@type='subjectField']", namespaces=NS) == "Development"
    fr_secs = first.findall("t:langSec[@xml:lang='fr']/t:termSec", NS)
    assert [sec.findtext("t:term", namespaces=NS) for sec in fr_secs] == ["développement durable"]  # no variant sec
    assert fr_secs[0].findtext("t:note", namespaces=NS) == "variants: développement soutenable"
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
@pytest.mark.parametrize("review", [False, True])
def test_roundtrip_keeps_every_field(tmp_path, version, review):
    g = reviewed(un_glossary()) if review else un_glossary()
    path = write_glossary(g, tmp_path / "g.tbx", tbx_version=version)
    back = read_glossary(path)
    assert (back.src_lang, back.tgt_lang) == ("fr", "en")
    assert str(back.signature) == str(SIG)
    assert back.entries == [expected(e) for e in g.entries]


@pytest.mark.parametrize("version", [3, 2])
def test_roundtrip_of_hostile_content(tmp_path, version):
    g = hostile_glossary()
    back = read_glossary(write_glossary(g, tmp_path / "h.tbx", tbx_version=version))
    assert back.entries == [expected(e) for e in g.entries]
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
    # no temporary files left: the TBX and its figures only
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.tbx", "g.tbx.figures.json"]


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
    data = tbx_bytes(reviewed(un_glossary()), 3).replace(b"preferredTerm-admn-sts", b"bestTerm-admn-sts", 1)
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


# --- a termbase a terminologist loads as it is (issue 12) -------------------------------------

def _gdp() -> Glossary:
    """An acronym concept: head terms (full forms) plus the acronym of each language."""
    e = GlossaryEntry(
        src_term="produit intérieur brut", tgt_term="gross domestic product", src_lang="fr", tgt_lang="en",
        freq_src=5, freq_tgt=6, confidence=0.91, src_variants=["produits intérieurs bruts"],
        src_term_type=FULL_FORM, tgt_term_type=FULL_FORM,
        src_terms=[ConceptTerm("PIB", ACRONYM, freq=4)], tgt_terms=[ConceptTerm("GDP", ACRONYM, ["GDPs"], 3)],
        context_src=Occurrence("op4", "Le produit intérieur brut (PIB) a augmenté.", "A/RES/70/1"),
        context_tgt=Occurrence("op4", "Gross domestic product (GDP) rose.", "A/RES/70/1/Add.1"),
        source="A/RES/70/1", evidence={"cooc": 0.8}, documents=2)
    return Glossary("fr", "en", [e], SIG)


def _status_notes(sec) -> list[str]:
    return [n.text for n in sec.iter() if isinstance(n.tag, str) and etree.QName(n).localname == "termNote"
            and n.get("type") == "administrativeStatus"]


@pytest.mark.parametrize("version", [3, 2])
def test_an_unreviewed_entry_has_no_status_and_says_the_machine_made_it(version):
    from toolkit.export.tbx import MACHINE_MARK, REVIEW_LINE

    g = stale_glossary()                     # machine entries, whatever status they hold
    assert {e.status for e in g.entries} > {PREFERRED} and not any(e.manual for e in g.entries)
    data = tbx_bytes(g, version)
    assert (validate_tbx3(data) if version == 3 else validate_tbx2(data)) == []
    root = etree.fromstring(data)
    assert _status_notes(root) == []         # never preferredTerm for a machine suggestion
    assert b"preferredTerm" not in data and b"admittedTerm" not in data
    concepts = [c for c in root.iter() if isinstance(c.tag, str) and etree.QName(c).localname in
                ("conceptEntry", "termEntry")]
    for c in concepts:
        grp = next(x for x in c if etree.QName(x).localname == "transacGrp")
        texts = {etree.QName(x).localname: x.text for x in grp}
        assert texts == {"transac": "origination", "transacNote": MACHINE_MARK}
    assert MACHINE_MARK == "machine: un-align-toolkit"
    assert REVIEW_LINE.encode() in data      # the header says what an entry without a reviewer is
    back = read_tbx_bytes(data, version)
    assert {e.status for e in back.entries} == {UNREVIEWED} and not any(e.manual for e in back.entries)


def read_tbx_bytes(data: bytes, version: int) -> Glossary:
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "g.tbx"
        p.write_bytes(data)
        return read_tbx(p)


@pytest.mark.parametrize("version", [3, 2])
def test_a_reviewed_entry_keeps_its_status_and_the_reviewer_transaction(tmp_path, version):
    g = un_glossary()
    assert {e.status for e in g.entries} == {UNREVIEWED}         # the machine gives no status
    g.entries[0].manual, g.entries[0].status = True, PREFERRED   # preferred by a person
    g.entries[3].manual, g.entries[3].status = True, DEPRECATED  # deprecated by a person
    g.entries[2].manual, g.entries[2].status = True, UNREVIEWED  # edited, no status given
    path = write_glossary(g, tmp_path / "g.tbx", tbx_version=version)
    assert (validate_tbx3(path) if version == 3 else validate_tbx2(path)) == []
    root = etree.parse(str(path)).getroot()
    concepts = [c for c in root.iter() if isinstance(c.tag, str) and etree.QName(c).localname in
                ("conceptEntry", "termEntry")]
    assert _status_notes(concepts[0]) == ["preferredTerm-admn-sts"] * 2
    assert _status_notes(concepts[1]) == [] and _status_notes(concepts[2]) == []
    assert _status_notes(concepts[3]) == ["deprecatedTerm-admn-sts"] * 2
    grp = next(x for x in concepts[0] if etree.QName(x).localname == "transacGrp")
    assert [x.text for x in grp] == ["modification", "reviewer"]
    back = read_glossary(path)
    assert [(e.status, e.manual) for e in back.entries] == [
        (PREFERRED, True), (UNREVIEWED, False), (UNREVIEWED, True), (DEPRECATED, True)]


@pytest.mark.parametrize("version", [3, 2])
def test_an_acronym_concept_has_one_term_section_per_term_with_its_term_type(tmp_path, version):
    g = _gdp()
    data = tbx_bytes(g, version)
    assert (validate_tbx3(data) if version == 3 else validate_tbx2(data)) == []
    root = etree.fromstring(data)
    tag = "termSec" if version == 3 else "tig"
    langs = [x for x in root.iter() if isinstance(x.tag, str) and etree.QName(x).localname in ("langSec", "langSet")]
    found = []
    for ls in langs:
        secs = [x for x in ls if etree.QName(x).localname == tag]
        found.append([(next(c.text for c in sec if etree.QName(c).localname == "term"),
                       [c.text for c in sec if etree.QName(c).localname == "termNote" and c.get("type") == "termType"])
                      for sec in secs])
    assert found == [[("produit intérieur brut", ["fullForm"]), ("PIB", ["acronym"])],
                     [("gross domestic product", ["fullForm"]), ("GDP", ["acronym"])]]
    back = read_glossary(write_glossary(g, tmp_path / "g.tbx", tbx_version=version))
    assert back.entries == [expected(e) for e in g.entries]      # acronyms, their variants and figures too
    assert back.entries[0].tgt_terms == [ConceptTerm("GDP", ACRONYM, ["GDPs"], 3)]
    assert [e.src_term for e in back.lookup("PIB")] == ["produit intérieur brut"]


@pytest.mark.parametrize("version", [3, 2])
def test_variants_are_a_note_of_their_term_not_term_sections(version):
    root = etree.fromstring(tbx_bytes(_gdp(), version))
    terms = [t.text for t in root.iter() if isinstance(t.tag, str) and etree.QName(t).localname == "term"]
    assert terms == ["produit intérieur brut", "PIB", "gross domestic product", "GDP"]
    notes = [n.text for n in root.iter() if isinstance(n.tag, str) and etree.QName(n).localname == "note"]
    assert notes == ["variants: produits intérieurs bruts", "variants: GDPs"]
    assert "variant" not in notes


@pytest.mark.parametrize("version", [3, 2])
def test_each_side_s_context_cites_its_own_document(tmp_path, version):
    g = _gdp()
    g.entries[0].context_src.document = None          # no document of its own: the entry's source
    root = etree.fromstring(tbx_bytes(g, version))
    sources = [a.text for a in root.iter() if isinstance(a.tag, str) and etree.QName(a).localname == "admin"
               and etree.QName(a.getparent()).localname == "descripGrp"]
    assert sources == ["A/RES/70/1 [op4]", "A/RES/70/1/Add.1 [op4]"]
    back = read_glossary(write_glossary(g, tmp_path / "g.tbx", tbx_version=version)).entries[0]
    assert back.context_src == Occurrence("op4", "Le produit intérieur brut (PIB) a augmenté.")
    assert back.context_tgt == Occurrence("op4", "Gross domestic product (GDP) rose.", "A/RES/70/1/Add.1")


@pytest.mark.parametrize("version", [3, 2])
def test_no_machine_figure_is_written_as_a_note(version):
    g = un_glossary()
    g.entries.append(_gdp().entries[0])
    data = tbx_bytes(g, version, classes="all")
    root = etree.fromstring(data)
    notes = [n.text for n in root.iter() if isinstance(n.tag, str) and etree.QName(n).localname == "note"]
    for note in notes:
        assert not note.startswith(("confidence", "documents", "frequency", "evidence", "entry_class", "class")), note
    for figure in (b"0.93", b"0.91", b"cooc"):
        assert figure not in data


def test_only_terms_are_written_by_default_and_classes_choose_the_others(tmp_path):
    from toolkit.export.common import DEFAULT_CLASSES

    g = un_glossary()
    g.entries[1].entry_class = VOCABULARY
    g.entries[3].entry_class = CANDIDATE
    assert DEFAULT_CLASSES == (TERM,)
    default = read_glossary(write_glossary(g, tmp_path / "d.tbx"))
    assert [e.src_term for e in default.entries] == ["développement durable", "traite des personnes"]
    every = read_tbx(write_tbx(g, tmp_path / "a.tbx", classes="all"))
    assert [e.entry_class for e in every.entries] == [TERM, VOCABULARY, TERM, CANDIDATE]   # from the figures
    some = read_tbx(write_tbx(g, tmp_path / "s.tbx", classes=(TERM, CANDIDATE)))
    assert [e.entry_class for e in some.entries] == [TERM, TERM, CANDIDATE]
    assert validate_tbx3(tbx_bytes(g, 3, classes=ENTRY_CLASSES)) == []
    with pytest.raises(InputError, match="unknown entry class"):
        tbx_bytes(g, 3, classes=("terms", "jargon"))


def test_the_figures_sidecar_restores_the_machine_figures(tmp_path):
    import json

    g = _gdp()
    path = write_tbx(g, tmp_path / "g.tbx")
    side = figures_path(path)
    assert side.name == "g.tbx.figures.json"
    data = json.loads(side.read_text(encoding="utf-8"))
    assert data["signature"] == str(SIG) and data["kind"] == "un-align-toolkit TBX figures"
    fig = data["entries"][g.entries[0].id]
    assert (fig["confidence"], fig["documents"], fig["freq_src"], fig["freq_tgt"], fig["entry_class"]) == (
        0.91, 2, 5, 6, TERM)
    assert fig["evidence"] == {"cooc": 0.8}
    back = read_tbx(path).entries[0]
    assert (back.confidence, back.documents, back.freq_src, back.freq_tgt, back.evidence) == (0.91, 2, 5, 6,
                                                                                              {"cooc": 0.8})
    (tmp_path / "n.tbx.figures.json").write_text("{}", encoding="utf-8")      # left behind
    with pytest.raises(OutputExists, match=r"n\.tbx\.figures\.json: already exists"):
        write_tbx(g, tmp_path / "n.tbx")
    assert not (tmp_path / "n.tbx").exists()             # refused together, nothing written
    write_tbx(g, tmp_path / "n.tbx", force=True)          # replaced together
    assert read_tbx(tmp_path / "n.tbx").entries[0].confidence == 0.91


def test_a_tbx_without_its_figures_still_reads(tmp_path):
    g = _gdp()
    path = write_tbx(g, tmp_path / "g.tbx")
    figures_path(path).unlink()
    e = read_tbx(path).entries[0]
    assert (e.src_term, e.tgt_term, e.src_terms[0].text, e.tgt_terms[0].variants) == (
        "produit intérieur brut", "gross domestic product", "PIB", ["GDPs"])
    assert (e.confidence, e.freq_src, e.entry_class, e.status, e.manual) == (0.0, 0, TERM, UNREVIEWED, False)
    # the figures of another run are not taken for this file's
    g2 = _gdp()
    g2.signature = replace(SIG, model="other")
    other = write_tbx(g2, tmp_path / "o.tbx")
    figures_path(other).replace(figures_path(path))
    from toolkit.export.common import ReaderWarning

    with pytest.warns(ReaderWarning, match="another run"):
        assert read_tbx(path).entries[0].confidence == 0.0


def test_a_status_a_person_adds_to_a_machine_entry_makes_it_theirs(tmp_path):
    path = write_glossary(un_glossary(), tmp_path / "g.tbx")
    text = path.read_text(encoding="utf-8").replace(
        '<termNote type="partOfSpeech">noun</termNote>',
        '<termNote type="partOfSpeech">noun</termNote>\n<termNote type="administrativeStatus">'
        'deprecatedTerm-admn-sts</termNote>', 1)
    path.write_text(text, encoding="utf-8")
    back = read_glossary(path).entries
    assert (back[0].status, back[0].manual) == (DEPRECATED, True)
    assert (back[1].status, back[1].manual) == (UNREVIEWED, False)


OLD_TBX = """<?xml version='1.0' encoding='UTF-8'?>
<tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Basic" style="dca" xml:lang="fr">
  <tbxHeader><fileDesc><titleStmt><title>Glossary fr-en</title></titleStmt><sourceDesc>
    <p>Generated by un-align-toolkit 0.1.0 from aligned documents.</p>
    <p>signature: SIG</p>
  </sourceDesc></fileDesc></tbxHeader>
  <text><body>
    <conceptEntry id="ID1">
      <admin type="source">A/RES/70/1</admin>
      <note>confidence: 0.93</note><note>documents: 2</note><note>evidence.cooc: 0.91</note>
      <note>note: confidence: 2</note>
      <langSec xml:lang="fr">
        <termSec><term>développement durable</term><termNote type="partOfSpeech">noun</termNote>
          <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
          <descripGrp><descrip type="context">Réaffirme le développement durable.</descrip>
            <admin type="source">A/RES/70/1 [op3]</admin></descripGrp>
          <note>frequency: 7</note></termSec>
        <termSec><term>développement soutenable</term><termNote type="partOfSpeech">noun</termNote>
          <termNote type="administrativeStatus">admittedTerm-admn-sts</termNote><note>variant</note></termSec>
      </langSec>
      <langSec xml:lang="en">
        <termSec><term>sustainable development</term><termNote type="partOfSpeech">noun</termNote>
          <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote><note>frequency: 6</note></termSec>
      </langSec>
    </conceptEntry>
    <conceptEntry id="ID2">
      <langSec xml:lang="fr"><termSec><term>États Membres</term>
        <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec></langSec>
      <langSec xml:lang="en"><termSec><term>Member States</term>
        <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec></langSec>
    </conceptEntry>
  </body></text>
</tbx>
"""


def test_files_of_earlier_versions_still_read(tmp_path):
    """Variant term sections, figures as notes, machine statuses given by confidence."""
    ids = [GlossaryEntry("développement durable", "sustainable development", "fr", "en").id,
           GlossaryEntry("États Membres", "Member States", "fr", "en").id]
    path = tmp_path / "old.tbx"
    path.write_text(OLD_TBX.replace("SIG", str(SIG)).replace("ID1", ids[0]).replace("ID2", ids[1]), encoding="utf-8")
    first, second = read_glossary(path).entries
    assert (first.src_term, first.src_variants, first.src_terms) == ("développement durable",
                                                                     ["développement soutenable"], [])
    assert (first.confidence, first.documents, first.evidence, first.freq_src, first.freq_tgt) == (
        0.93, 2, {"cooc": 0.91}, 7, 6)
    assert first.note == "confidence: 2"
    assert (first.status, first.manual) == (UNREVIEWED, False)    # the machine's "preferred" is no review
    assert first.context_src == Occurrence("op3", "Réaffirme le développement durable.", "A/RES/70/1")
    assert (second.status, second.manual) == (DEPRECATED, True)   # the machine never wrote deprecated
