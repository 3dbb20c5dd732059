"""UN-aware segmentation: the seed (A/RES/68/192, French, PDF-extracted), the
shipped UDHR and SDG texts, and small synthetic resolutions written here."""
from __future__ import annotations

import re
import unicodedata
from collections import Counter

import pytest

from toolkit.model import HEADING, OPENING, OPERATIVE, PARAGRAPH, PREAMBLE, SUBITEM, TITLE
from toolkit.segment import FALLBACK_WARNING, lines_document, read_document, segment_text

# Expected footnote references of the seed, read off the PDF-extracted text by
# hand: segment id -> footnote numbers in reading order.
SEED_REFS = {
    "pp4": [1, 2, 3],        # Millénaire1, Sommet mondial de 20052, ... développement3
    "pp5": [4, 5, 6, 7],     # organisée4, enfants5, enfants6, esclavage7
    "pp8": [8],              # ... sur la traite des personnes8
    "pp11": [9],             # ... migrations internationales et le développement9
    "pp14": [10],            # ... relatif à la traite des personnes10
    "pp20": [11],            # ... la traite des êtres humains11
    "pp25": [12],            # ... des femmes et des enfants12
    "pp26": [13],            # ... contre la drogue et le crime13
    "pp27": [14],            # ... du 15 au 19 octobre 201214
    "op1": [4, 5],           # organisée4 ... enfants5 (cited again)
    "op15": [1, 2, 3],       # Millénaire1, 20052, développement3 (cited again)
}


@pytest.fixture(scope="module")
def seed_text(corpora):
    return (corpora / "A-RES-68-192" / "fr.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed(seed_text):
    return segment_text(seed_text, "fr", symbol="A/RES/68/192")


@pytest.fixture(scope="module")
def udhr(corpora):
    return {lang: read_document(corpora / "udhr" / f"{lang}.txt", lang) for lang in ("en", "fr")}


@pytest.fixture(scope="module")
def sdg(corpora):
    return {lang: read_document(corpora / "sdg" / f"{lang}.txt", lang) for lang in ("en", "fr")}


# ---------------------------------------------------------------- the seed
def test_seed_has_30_preambular_6_subitems_18_operative_and_14_footnotes(seed):
    kinds = Counter(s.kind for s in seed.segments)
    assert kinds[PREAMBLE] == 30
    assert kinds[SUBITEM] == 6
    assert kinds[OPERATIVE] == 18
    assert len(seed.footnotes) == 14
    assert [f.number for f in seed.footnotes] == list(range(1, 15))
    assert kinds[TITLE] == 1 and kinds[OPENING] == 1
    assert len(seed.segments) == 1 + 1 + 30 + 6 + 18
    assert seed.warnings == []


def test_seed_ids_follow_the_un_structure(seed):
    ids = [s.id for s in seed.segments]
    assert ids[:2] == ["title", "opening"]
    assert [s.id for s in seed.of_kind(PREAMBLE)] == [f"pp{k}" for k in range(1, 31)]
    assert [s.id for s in seed.of_kind(OPERATIVE)] == [f"op{k}" for k in range(1, 19)]
    assert [s.number for s in seed.of_kind(OPERATIVE)] == [str(k) for k in range(1, 19)]
    subs = seed.of_kind(SUBITEM)
    assert [s.id for s in subs] == [f"pp7.{c}" for c in "abcdef"]
    assert {s.parent for s in subs} == {"pp7"} and [s.number for s in subs] == list("abcdef")
    # sub-items come right after their parent, operative paragraphs after the preamble
    assert ids.index("pp7.a") == ids.index("pp7") + 1 and ids.index("pp8") == ids.index("pp7.f") + 1
    assert ids.index("op1") == ids.index("pp30") + 1


def test_seed_title_opening_and_paragraph_boundaries(seed):
    assert seed.title == "Amélioration de la coordination de l’action contre la traite des personnes"
    assert seed.segment("opening").text == "L’Assemblée générale,"
    assert seed.segment("pp1").text.startswith("Condamnant de nouveau énergiquement")
    assert seed.segment("pp7").text == "Réaffirmant que le Plan d’action mondial a vocation à :"
    assert seed.segment("pp30").text.startswith("Rappelant également ses résolutions 53/199")
    assert seed.segment("op18").text.endswith("à sa soixante-neuvième session.")
    for seg in seed.of_kind(PREAMBLE):
        assert seg.text.endswith(("," , ":")), seg.id
    for seg in seed.of_kind(OPERATIVE):
        assert seg.text.startswith(f"{seg.number}. ") and seg.text.endswith((";", ".")), seg.id


def test_seed_footnote_refs_are_attached_to_the_segments_that_cite_them(seed):
    got = {s.id: s.footnote_refs for s in seed.segments if s.footnote_refs}
    assert got == SEED_REFS


def test_seed_footnotes_keep_their_text_out_of_the_body(seed):
    assert seed.footnote(1).text == "Résolution 55/2."
    assert seed.footnote(4).text == "Nations Unies, Recueil des Traités, vol. 2225, no 39574."
    assert seed.footnote(10).text.startswith("Disponible à l’adresse suivante : www.unodc.org/")
    assert seed.footnote(14).text == "Voir CTOC/COP/2012/15, sect. I.A."
    body = "\n".join(s.text for s in seed.segments)
    for footnote in seed.footnotes:
        assert footnote.text not in body


def test_seed_body_has_no_url_footnote_text_rule_or_page_furniture(seed):
    for seg in seed.segments:
        text = seg.text
        assert "http" not in text and "undocs.org" not in text and "www." not in text, seg.id
        assert "___" not in text, seg.id
        assert not re.search(r"Ibid\.|Recueil des Traités|E/2002/68|A/HRC/23/48|CTOC/COP|Résolutions? \d", text), seg.id
        assert "  " not in text and "\n" not in text, seg.id
        # no footnote marker left glued to a word or a year
        assert not re.search(r"[^\W\d_]\d", text), seg.id
        assert not re.search(r"\b(?:19|20)\d{3,}\b", text), seg.id


def test_seed_paragraphs_interrupted_by_page_breaks_continue_after_the_footnotes(seed):
    assert "à sa réunion plénière de haut niveau sur les objectifs" in seed.segment("pp4").text
    assert "à des fins de prélèvement d’organes qui sont signalés" in seed.segment("pp29").text
    assert "les outils de renforcement des capacités, les enseignements" in seed.segment("pp14").text
    assert "extérieures au système des Nations Unies et à inviter" in seed.segment("op7").text
    assert "sur les caractéristiques, les formes" in seed.segment("op14").text


def test_footnote_marker_glued_to_word_is_split(seed):
    assert "au Sommet du Millénaire, au Sommet mondial" in seed.segment("pp4").text
    assert "criminalité transnationale organisée, le Protocole" in seed.segment("pp5").text


def test_footnote_marker_glued_to_year_is_split(seed):
    assert "au Sommet mondial de 2005 et à sa réunion" in seed.segment("pp4").text
    assert "du 15 au 19 octobre 2012, ainsi que" in seed.segment("pp27").text
    assert 14 in seed.segment("pp27").footnote_refs
    assert "au Sommet mondial de 2005 et" in seed.segment("op15").text


def test_seed_spans_point_at_the_source_text(seed, seed_text):
    previous_end = 0
    for seg in seed.segments:
        start, end = seg.span
        assert previous_end <= start < end <= len(seed_text)
        source = " ".join(seed_text[start:end].split())
        assert source.startswith(seg.text.split()[0]), seg.id
        assert source.endswith(seg.text.split()[-1][-1]), seg.id
        previous_end = end
    for fn in seed.footnotes:
        assert seed_text[fn.span[0]:fn.span[1]].lstrip().startswith(str(fn.number))


def test_seed_language_is_detected_as_french(seed_text):
    doc = segment_text(seed_text)
    assert doc.language == "fr" and doc.provenance["language_confident"] is True
    assert len(doc.of_kind(PREAMBLE)) == 30


# ---------------------------------------------------------------- the UDHR
def test_udhr_structure_in_both_languages(udhr):
    en, fr = udhr["en"], udhr["fr"]
    for doc in (en, fr):
        assert doc.segments[0].kind == TITLE
        assert [s.id for s in doc.of_kind(HEADING)] == ["h1"] + [f"art{k}" for k in range(1, 31)]
        assert len(doc.of_kind(OPENING)) == 1 and len(doc.of_kind(OPERATIVE)) == 1
        assert len(doc.of_kind(PARAGRAPH)) == 50
        assert doc.warnings == []
    # the real asymmetry: "Now, therefore," exists only in English
    assert len(en.of_kind(PREAMBLE)) == 8 and len(fr.of_kind(PREAMBLE)) == 7
    assert en.segment("pp8").text == "Now, therefore,"
    assert len(en) == 92 and len(fr) == 91
    assert en.segment("op1").text.startswith("Proclaims this Universal Declaration")
    assert fr.segment("op1").text.startswith("Proclame la présente Déclaration")
    assert fr.segment("art1").number == "1"   # "Article premier"


def test_udhr_article_paragraph_ids_match_across_languages(udhr):
    def article_ids(doc):
        return [(s.id, s.number, s.parent) for s in doc.segments if s.id.startswith("art")]

    assert article_ids(udhr["en"]) == article_ids(udhr["fr"])
    art11 = udhr["en"].segment("art11.p2")
    assert art11.number == "2" and art11.parent == "art11" and art11.text.startswith("2. No one shall be")
    assert udhr["en"].segment("art2.p2").number is None


@pytest.mark.shared_data
def test_udhr_segments_reproduce_the_xml_paragraphs(udhr, shared_data):
    from xml.etree import ElementTree as ET

    ns = "{http://efele.net/udhr}"
    for lang, name in (("en", "udhr_eng.xml"), ("fr", "udhr_fra.xml")):
        root = ET.parse(shared_data / "udhr" / name).getroot()
        paras = [" ".join("".join(p.itertext()).split()) for p in root.iter(f"{ns}para")]
        body = [re.sub(r"^\d+\. ", "", s.text) for s in udhr[lang].segments
                if s.kind in (PREAMBLE, OPENING, OPERATIVE, PARAGRAPH)]
        assert body == [unicodedata.normalize("NFC", p) for p in paras]


# ----------------------------------------------------------------- the SDGs
def test_sdg_goals_targets_and_indicators_in_both_languages(sdg):
    for doc in sdg.values():
        assert doc.segments[0].kind == TITLE
        ids = [s.id for s in doc.segments]
        assert sum(i.startswith("goal") for i in ids) == 17
        assert sum(i.startswith("t") and i != "title" for i in ids) == 169
        assert sum(i.startswith("i") for i in ids) == 252
        assert len(doc) == 1 + 17 + 169 + 252
        assert doc.segment("goal17").kind == HEADING and doc.segment("goal17").number == "17"
        assert doc.segment("t1.a").parent == "goal1" and doc.segment("t1.a").number == "1.a"
        assert doc.segment("i1.a.1").parent == "t1.a" and doc.segment("i1.a.1").number == "1.a.1"
        assert doc.warnings == []
    assert [(s.id, s.number, s.parent) for s in sdg["en"]] == [(s.id, s.number, s.parent) for s in sdg["fr"]]
    assert sdg["en"].segment("goal1").text == "Goal 1. End poverty in all its forms everywhere"
    assert sdg["fr"].segment("goal1").text.startswith("Objectif 1. Éliminer la pauvreté")


@pytest.mark.shared_data
def test_sdg_segments_reproduce_the_yaml_values_in_nfc(sdg, shared_data):
    import yaml

    for lang, doc in sdg.items():
        values = {}
        for name in ("global_goals", "global_targets", "global_indicators"):
            values.update(yaml.safe_load((shared_data / "sdg" / lang / f"{name}.yml").read_text(encoding="utf-8")))
        for seg in doc.segments[1:]:
            key = seg.number.replace(".", "-") + "-title"
            expected = " ".join(unicodedata.normalize("NFC", values[key]).split())
            text = seg.text.split(". ", 1)[1] if seg.kind == HEADING else seg.text.split(" ", 1)[1]
            assert text == expected, seg.id
            assert unicodedata.is_normalized("NFC", seg.text)


# ------------------------------------------------------ synthetic fixtures
ENGLISH_RESOLUTION = """\
United Nations A/RES/68/999
General Assembly Distr.: General
30 January 2014
Sixty-eighth session
Agenda item 106

13-44866 (E)
*1344866*

Resolution adopted by the General Assembly on 18 December 2013
[on the report of the Third Committee (A/68/456)]

68/999. Improving the coordination of efforts against
trafficking in persons

 The General Assembly,

 Recalling its resolution 64/293 of 30 July 2010, the Millennium
Declaration1 and the 2005 World Summit Outcome2,

 Bearing in mind the \u201cGlobal Plan of Action\u201d and the need for its implemen-
tation and follow-up, in particular through the follow-
up mechanisms of the Plan,

 Deeply concerned that the number of victims identified in 20123 remained
low, and about the trafficking of persons for the purpose of organ

__________________
 1 Resolution 55/2.
 2 Resolution 60/1.
 3 See CTOC/COP/2012/15,
     sect. I.A.

http://undocs.org/A/RES/64/293
2/5 13-44866
 removal,

 Whereas the Member States\u2019 commitments remain unfulfilled,

 Reaffirming that the Global Plan of Action aims:

 (a) To promote universal ratification of the Convention3;

 (b) To assist Member States in strengthening their political com-
mitments and legal obligations;

 1. Urges Member States to take measures, including:

 (a) Prevention;

 (b) Protection, in particular of:

 (i) Children;

 (ii) Women;

 2.\u00a0Requests the Secretary-General to report on the imple-
mentation of the present resolution at its sixty-ninth session.
"""


@pytest.fixture(scope="module")
def english():
    return segment_text(ENGLISH_RESOLUTION, "en")


def test_english_resolution_structure_and_metadata(english):
    assert [s.id for s in english.segments] == [
        "title", "opening", "pp1", "pp2", "pp3", "pp4", "pp5", "pp5.a", "pp5.b",
        "op1", "op1.a", "op1.b", "op1.b.i", "op1.b.ii", "op2"]
    assert english.title == "68/999. Improving the coordination of efforts against trafficking in persons"
    assert english.segment("title").number == "68/999"
    assert english.symbol == "A/RES/68/999" and english.date == "2013-12-18"
    assert english.segment("op1.b.i").parent == "op1.b" and english.segment("op1.b.i").number == "i"
    assert english.segment("op2").number == "2"
    assert [f.text for f in english.footnotes] == ["Resolution 55/2.", "Resolution 60/1.",
                                                   "See CTOC/COP/2012/15, sect. I.A."]


def test_english_footnote_markers_and_page_break_mid_paragraph(english):
    assert english.segment("pp1").footnote_refs == [1, 2]
    assert english.segment("pp1").text.endswith("the Millennium Declaration and the 2005 World Summit Outcome,")
    pp3 = english.segment("pp3")
    assert pp3.footnote_refs == [3]
    assert pp3.text == ("Deeply concerned that the number of victims identified in 2012 remained low, and "
                        "about the trafficking of persons for the purpose of organ removal,")
    assert english.segment("pp5.a").footnote_refs == [3]


def test_english_hyphenation_repaired_and_quotes_kept(english):
    pp2 = english.segment("pp2").text
    assert "\u201cGlobal Plan of Action\u201d" in pp2
    assert "its implementation and follow-up, in particular through the follow-up mechanisms" in pp2
    assert "political commitments and legal" in english.segment("pp5.b").text
    assert "report on the implementation of" in english.segment("op2").text
    assert "\u00a0" in english.segment("op2").text            # NBSP kept as in the source
    assert "Member States\u2019 commitments" in english.segment("pp4").text


def test_english_front_matter_and_furniture_are_not_segments(english):
    body = " ".join(english.texts)
    for furniture in ("Distr.", "13-44866", "1344866", "Agenda item", "Sixty-eighth session",
                      "Third Committee", "2/5", "undocs", "30 January 2014"):
        assert furniture not in body


def test_footnote_marker_not_split_when_the_footnote_does_not_exist():
    doc = segment_text(" The General Assembly,\n\n Recalling the Summit of 20052 and Agenda2030,\n\n"
                       " 1. Decides to remain seized of the matter.\n", "en")
    assert doc.segment("pp1").text == "Recalling the Summit of 20052 and Agenda2030,"
    assert doc.segment("pp1").footnote_refs == []


def test_year_is_not_split_when_its_digits_are_not_the_next_footnote():
    text = (" The General Assembly,\n\n Recalling the Declaration1 adopted in 20153,\n\n"
            " Noting the Summit2,\n\n 1. Decides to consider the Convention3.\n\n"
            "__________________\n\n 1 Resolution 55/2.\n 2 Resolution 60/1.\n 3 Resolution 65/1.\n")
    doc = segment_text(text, "en")
    assert doc.segment("pp1").text == "Recalling the Declaration adopted in 20153,"
    assert doc.segment("pp1").footnote_refs == [1]
    assert doc.segment("pp2").footnote_refs == [2]
    assert doc.segment("op1").footnote_refs == [3]


def test_french_dense_layout_with_form_feeds_and_running_headers():
    page = "A/RES/70/999\nAmélioration de la coordination\n"
    text = (
        "   Amélioration de la coordination\n\n"
        " L'Assemblée générale,\n"
        " Rappelant sa résolution 64/293,\n"
        " Profondément préoccupée par la situation, notamment dans les pays les moins\n"
        "avancés,\n"
        " Se félicitant des efforts déployés :\n"
        " a) par les États ;\n"
        " b) par les organisations non gouverne-\n"
        "mentales ;\n\f" + page +
        " 1.\u00a0Prie le Secrétaire général de présenter un rapport sur la mise en\f" + page +
        "œuvre de la présente résolution ;\n"
        " 2. Décide de rester saisie de la question.\n\f" + page
    )
    doc = segment_text(text)
    assert doc.language == "fr"
    assert [s.id for s in doc.segments] == ["title", "opening", "pp1", "pp2", "pp3", "pp3.a", "pp3.b", "op1", "op2"]
    assert doc.segment("pp2").text == ("Profondément préoccupée par la situation, notamment dans les pays "
                                       "les moins avancés,")
    assert doc.segment("pp3.b").text == "b) par les organisations non gouvernementales ;"
    assert doc.segment("op1").text.endswith("sur la mise en œuvre de la présente résolution ;")
    assert "A/RES/70/999" not in " ".join(doc.texts)


def test_text_without_structure_falls_back_to_blank_line_paragraphs():
    doc = segment_text("This is an ordinary note.\nIt wraps over two lines.\n\nA second paragraph here.\n", "en")
    assert [s.id for s in doc.segments] == ["p1", "p2"]
    assert doc.segment("p1").text == "This is an ordinary note. It wraps over two lines."
    assert FALLBACK_WARNING in doc.warnings


def test_lines_document_keeps_one_segment_per_line_including_empty_ones():
    doc = lines_document(["Première phrase.", "", "Troisième phrase."], "fr")
    assert [s.id for s in doc.segments] == ["s1", "s2", "s3"]
    assert [s.text for s in doc.segments] == ["Première phrase.", "", "Troisième phrase."]
    assert doc.language == "fr" and {s.kind for s in doc.segments} == {PARAGRAPH}


def test_read_document_input_formats(tmp_path):
    path = tmp_path / "sentences.txt"
    path.write_text("The first sentence is here.\nThe second sentence follows it.\n", encoding="utf-8")
    auto = read_document(path, "en")
    assert [s.id for s in auto.segments] == ["s1", "s2"] and auto.warnings
    un = read_document(path, "en", input_format="un")
    assert [s.id for s in un.segments] == ["p1"]
    lines = read_document(path, "en", input_format="lines")
    assert [s.text for s in lines.segments] == ["The first sentence is here.", "The second sentence follows it."]
    with pytest.raises(Exception, match="input format"):
        read_document(path, "en", input_format="xml")


def test_annex_restarts_numbering_under_an_annex_prefix():
    text = (" The General Assembly,\n\n Recalling its resolution 60/1,\n\n"
            " 1. Adopts the Declaration annexed to the present resolution.\n\n Annex\n\n"
            " Declaration on cooperation\n\n The General Assembly,\n\n Recognizing the need,\n\n"
            " 1. Declares that cooperation is essential;\n\n (a) Among States;\n")
    doc = segment_text(text, "en")
    assert [s.id for s in doc.segments] == ["opening", "pp1", "op1", "h1", "h2", "annex.opening",
                                            "annex.pp1", "annex.op1", "annex.op1.a"]
    assert doc.segment("annex.op1.a").parent == "annex.op1"


def test_footnote_block_in_layout_mode_keeps_deep_continuations_and_resumes_the_body():
    text = (
        "        The General Assembly,\n\n"
        "        Recalling the Millennium Declaration1 and its follow-up, and the decisions of\n"
        "the high-level plenary meeting\n"
        "        ___________________\n"
        "          1   See resolution 55/2, adopted without a vote\n"
        "              on 8 September 2000.\n"
        "        on the Millennium Development Goals,\n\n"
        "        1. Decides to remain seized of the matter.\n"
    )
    doc = segment_text(text, "en")
    assert doc.footnote(1).text == "See resolution 55/2, adopted without a vote on 8 September 2000."
    assert doc.segment("pp1").text.endswith("plenary meeting on the Millennium Development Goals,")
    assert doc.segment("pp1").footnote_refs == [1]


def test_long_text_without_blank_lines_is_segmented_in_linear_time():
    import time

    text = "".join(f"Sentence number {k} of a long corpus, with some words in it-\nself.\n" for k in range(5000))
    start = time.perf_counter()
    doc = segment_text(text, "en")
    assert time.perf_counter() - start < 10
    assert len(doc.segments) == 1 and doc.segments[0].text.count("itself.") == 5000


def test_one_paragraph_per_line_without_blank_lines_is_segmented_like_word_output():
    text = ("Improving the coordination of efforts against trafficking in persons\n"
            "The General Assembly,\n"
            "Recalling its resolution 64/293,\n"
            "Gravely concerned at the number of victims, in particular women and children,\n"
            "1. Urges Member States to act:\n"
            "(a) Nationally;\n"
            "(b) Regionally;\n"
            "2. Decides to remain seized of the matter.\n")
    doc = segment_text(text, "en")
    assert [s.id for s in doc.segments] == ["title", "opening", "pp1", "pp2", "op1", "op1.a", "op1.b", "op2"]
    assert doc.provenance["un_structure"] == "strong"


def test_auto_format_reads_sentence_per_line_corpora_as_lines_even_with_stray_numbers(tmp_path):
    sentences = [f"This is sentence number {k} of the corpus." for k in range(1, 40)]
    sentences[10] = "1. Urges Member States to act."
    sentences[20] = "2. Decides to remain seized of the matter."
    path = tmp_path / "corpus.en"
    path.write_text("\n".join(sentences) + "\n", encoding="utf-8")
    doc = read_document(path, "en")
    assert [s.id for s in doc.segments] == [f"s{k}" for k in range(1, 40)]
    assert doc.segments[10].text == "1. Urges Member States to act."


def test_english_markers_after_punctuation_are_split():
    text = (" The General Assembly,\n\n"
            " Recalling the United Nations Millennium Declaration,1 the 2005 World Summit Outcome2 and\n"
            "the report of the Conference held in Vienna in October 2012,3 as well as the Goals.4\n\n"
            " 1. Decides to remain seized of the matter, on 1 January 2015, at 1,25 per cent.\n\n"
            "__________________\n\n 1 Resolution 55/2.\n 2 Resolution 60/1.\n 3 See CTOC/COP/2012/15.\n"
            " 4 Resolution 70/1.\n")
    doc = segment_text(text, "en")
    pp1 = doc.segment("pp1")
    assert pp1.footnote_refs == [1, 2, 3, 4]
    assert pp1.text == ("Recalling the United Nations Millennium Declaration, the 2005 World Summit Outcome and "
                        "the report of the Conference held in Vienna in October 2012, as well as the Goals.")
    assert doc.segment("op1").text.endswith("on 1 January 2015, at 1,25 per cent.")


def test_a_body_line_that_recurs_below_the_top_of_two_pages_is_kept():
    # found by tests/test_properties_text.py: "development development" is the second line of
    # pages 2 and 3; it used to be taken for a running head and vanished from both paragraphs
    text = (" 70/1. Development\n\n The General Assembly,\n\n"
            "\f15-16301 (E)\n\n Recalling development1\ndevelopment development\ndevelopment,\n\n"
            "__________________ \n\n 1  See development.\n"
            "\f15-16301 (E)\n\n 1. Decides development2\ndevelopment development\ndevelopment.\n\n"
            "__________________ \n\n 2  See development.\n\f15-16301 (E)\n")
    doc = segment_text(text, "en")
    assert doc.segment("pp1").text == "Recalling development development development development,"
    assert doc.segment("op1").text == "1. Decides development development development development."
    assert [f.text for f in doc.footnotes] == ["See development.", "See development."]


def test_read_document_is_the_readers_one():
    """File reading lives in toolkit.readers; toolkit.segment re-exports it (issue 16)."""
    import toolkit.readers
    import toolkit.segment

    assert toolkit.segment.read_document is toolkit.readers.read_document


def test_one_front_matter_detector():
    """The segmenter and the readers share toolkit.readers.metadata.is_front_matter (issue 16)."""
    import toolkit.segment
    from toolkit.readers import metadata

    assert toolkit.segment.is_front_matter is metadata.is_front_matter
    assert not hasattr(toolkit.segment, "_FRONT_RES")
    for line in ("Distr. générale", "Point 106 de l'ordre du jour", "Soixante-huitième session",
                 "Nations Unies A/RES/68/192", "Resolution adopted by the General Assembly on 18 December 2013"):
        assert metadata.is_front_matter(line), line
