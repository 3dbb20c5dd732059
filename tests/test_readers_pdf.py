"""PDF input: reading order, page furniture, footnotes, paragraphs across pages.

The seed-as-PDF tests need LibreOffice headless (marker ``libreoffice``) to
turn the Word fixture into a PDF; the furniture and bad-input tests use PDFs
written directly and run everywhere.
"""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures"))
import build_fixtures as bf  # noqa: E402

from toolkit.cli import cli  # noqa: E402
from toolkit.errors import InputError  # noqa: E402
from toolkit.readers import load_text  # noqa: E402
from toolkit.segment import read_document  # noqa: E402



@pytest.fixture(scope="module")
def seed_pdf(built):
    if "pdf" not in built:
        pytest.skip(bf.why_no_pdf(built))
    return built["pdf"]


@pytest.fixture(scope="module")
def pdf_doc(seed_pdf):
    return read_document(seed_pdf, "fr")


@pytest.mark.libreoffice
def test_pdf_seed_keeps_the_un_structure(pdf_doc):
    kinds = Counter(s.kind for s in pdf_doc.segments)
    assert (kinds["preamble"], kinds["subitem"], kinds["operative"], len(pdf_doc.footnotes)) == (30, 6, 18, 14)
    assert (pdf_doc.symbol, pdf_doc.date) == ("A/RES/68/192", "2013-12-18")
    assert pdf_doc.title == "Amélioration de la coordination de l’action contre la traite des personnes"


@pytest.mark.libreoffice
def test_pdf_segments_are_those_of_the_plain_text_seed(pdf_doc, seed_path):
    seed = read_document(seed_path, "fr")
    assert [(s.id, s.text, s.footnote_refs) for s in pdf_doc.segments] == \
        [(s.id, s.text, s.footnote_refs) for s in seed.segments]
    assert [(f.number, f.text) for f in pdf_doc.footnotes] == [(f.number, f.text) for f in seed.footnotes]


@pytest.mark.libreoffice
def test_paragraphs_broken_by_a_page_come_out_whole(seed_pdf, pdf_doc):
    from pypdf import PdfReader

    pages = [" ".join((p.extract_text() or "").split()) for p in PdfReader(str(seed_pdf)).pages]
    spanning = []
    for seg in pdf_doc.segments:
        words = seg.text.split()
        head, tail = " ".join(words[1:6]), " ".join(words[-5:])
        at = [i for i, page in enumerate(pages) if head in page]
        if at and at[0] + 1 < len(pages) and tail not in pages[at[0]] and tail in pages[at[0] + 1]:
            spanning.append(seg.id)
    assert len(spanning) >= 2, "the fixture should break pages inside paragraphs"


def _paragraph_lines(text: str) -> list[str]:
    """The reader's paragraphs (one per line), footnote blocks left out."""
    return [b.strip() for b in text.split("\n\n")
            if b.strip() and not b.startswith("_____") and not b.startswith(" 1  ") and not b[:4].strip().isdigit()]


@pytest.mark.libreoffice
def test_pdf_reader_gives_the_paragraphs_of_the_word_original(seed_pdf, built):
    # The segmenter would mend some wrong breaks; the reader itself must not make them.
    from_pdf = _paragraph_lines(load_text(seed_pdf).text)
    from_word = _paragraph_lines(load_text(built["docx_for_pdf"]).text)
    assert len(from_pdf) == 56          # title, opening, 30 pp, 6 sub-items, 18 op
    assert from_pdf == from_word


@pytest.mark.libreoffice
def test_libreoffice_pdf_furniture_is_dropped(pdf_doc):
    text = "\n".join([s.text for s in pdf_doc.segments] + [f.text for f in pdf_doc.footnotes])
    for furniture in ("13-44981", "*1344981*", "/7", "A/RES/68/192", "Distr.", "Soixante-huitième session"):
        assert furniture not in text


@pytest.fixture(scope="module")
def furniture(built):
    return load_text(built["furniture_pdf"])


def test_job_number_barcode_page_numbers_and_running_heads_are_dropped(furniture):
    text = furniture.text
    for junk in ("13-44981", "*1344981*", "2/3", "3/3", "Nations Unies", "Soixante-huitième session"):
        assert junk not in text
    assert text.count("Amélioration de la coordination") == 1       # the title, not the running head


def test_furniture_pdf_front_matter_goes_to_metadata(furniture):
    meta = furniture.metadata
    assert meta["symbol"] == "A/RES/68/192"
    assert meta["date"] == "2013-12-18" and meta["date_text"] == "18 décembre 2013"
    assert meta["distribution"] == "Distr. générale"
    assert meta["title"] == "Amélioration de la coordination de l’action contre la traite des personnes"


def test_footnotes_kept_apart_and_marks_glued(built, furniture):
    assert "\n__________________\n\n 1  Résolution 55/2.\n" in furniture.text
    assert "Sommet du Millénaire1, au Sommet mondial" in furniture.text    # small raised mark glued
    doc = read_document(built["furniture_pdf"], "fr")
    assert [s.id for s in doc.segments] == ["title", "opening", "pp1", "pp2", "op1", "op2"]
    pp2 = doc.segment("pp2")
    assert pp2.footnote_refs == [1]
    # the paragraph goes on over the page break, after the footnote and the running head
    assert pp2.text.endswith("de mettre au point des mesures efficaces,")
    assert [(f.number, f.text) for f in doc.footnotes] == [(1, "Résolution 55/2.")]


def _one_line_cli_error(path, *needles):
    result = CliRunner().invoke(cli, ["segment", str(path)])
    assert result.exit_code != 0
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.output
    for needle in needles:
        assert needle in lines[0]


def test_image_only_pdf_says_there_is_no_text_layer_and_suggests_ocr(built):
    with pytest.raises(InputError, match="no text layer"):
        load_text(built["image_only_pdf"])
    _one_line_cli_error(built["image_only_pdf"], "no text layer", "OCR")


def test_encrypted_pdf_is_refused_clearly(built):
    with pytest.raises(InputError, match="encrypted"):
        load_text(built["encrypted_pdf"])
    _one_line_cli_error(built["encrypted_pdf"], "encrypted", "password")


def test_truncated_pdf_is_refused(built, tmp_path):
    data = built["furniture_pdf"].read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(data[:400])
    with pytest.raises(InputError):
        load_text(cut)
    _one_line_cli_error(cut, "PDF")


def test_footnote_mark_raised_out_of_its_line_is_glued_back(tmp_path):
    # raised 9 pt: PDF line clustering sees the mark as a line of its own
    page = [(56, 700, 12, "L’Assemblée générale,"),
            (56, 680, 12, "Rappelant la Convention des Nations Unies contre la criminalité organisée"),
            (462, 689, 8, "4"), (467, 680, 12, ", et le Protocole,"),
            (56, 666, 12, "qui définit le crime de traite des personnes,")]
    path = bf.write_simple_pdf(tmp_path / "raised.pdf", [page])
    text = load_text(path).text
    assert "criminalité organisée4, et le Protocole, qui définit" in text
    assert "\n 4" not in text and "\n4" not in text


def test_footnote_area_under_a_rule_is_found_even_in_body_size_type(tmp_path):
    page1 = [(56, 760, 12, "The General Assembly,"),
             (90, 736, 12, "Recalling the United Nations Millennium Declaration"), (375, 741, 7, "1"),
             (380, 736, 12, ","),
             (90, 712, 12, "1. Urges Member States to act;"),
             (56, 110, 12, "1 Resolution 55/2."),
             (56, 60, 8, "13-44981 (E) 120214"), (56, 48, 10, "*1344981*")]
    page2 = [(90, 760, 12, "2. Requests the Secretary-General to report."), (56, 60, 9, "2/2")]
    path = bf.write_simple_pdf(tmp_path / "rule.pdf", [page1, page2], rules={0: (56, 125, 200)})
    text = load_text(path).text
    assert "__________________\n\n 1  Resolution 55/2.\n" in text
    assert "Declaration1," in text
    assert "13-44981" not in text and "120214" not in text and "2/2" not in text
    doc = read_document(path, "en")
    assert [s.id for s in doc.segments] == ["opening", "pp1", "op1", "op2"]
    assert [(f.number, f.text) for f in doc.footnotes] == [(1, "Resolution 55/2.")]


def test_pdf_with_only_an_owner_password_is_read(built, tmp_path):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(str(built["furniture_pdf"])).pages:
        writer.add_page(page)
    writer.encrypt(user_password="", owner_password="owner", algorithm="AES-128")   # print/copy limits only
    path = tmp_path / "owner.pdf"
    with open(path, "wb") as fh:
        writer.write(fh)
    assert load_text(path).text == load_text(built["furniture_pdf"]).text
