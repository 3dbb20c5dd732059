"""PDF input: reading order, page furniture, footnotes, paragraphs across pages.

The seed-as-PDF tests need LibreOffice headless (marker ``libreoffice``) to
turn the Word fixture into a PDF; the furniture and bad-input tests use PDFs
written directly and run everywhere.  The seed is also made into PDFs by
several producers in two font sets (tests/pdf_producers.py): the reader must
give the text file's segments from every one of them, whatever the font made
of the line breaks.
"""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures"))
import build_fixtures as bf  # noqa: E402
import pdf_producers as pp  # noqa: E402

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


# ------------------------------------------- the seed from every producer ---

def _producer_params(font_sets=tuple(pp.FONT_SETS)):
    return [pytest.param(producer, font_set, id=f"{producer}-{font_set}",
                         marks=[pytest.mark.libreoffice] if producer in pp.LIBREOFFICE_PRODUCERS else [])
            for producer in pp.PRODUCERS for font_set in font_sets]


@pytest.fixture(scope="session")
def producer_pdfs(tmp_path_factory, seed_path):
    """Every producer's PDF of the seed, in both font sets, built once per session."""
    return pp.build_all(seed_path, tmp_path_factory.getbasetemp() / "pdf-producers")


@pytest.fixture(scope="session")
def producer_pdf(producer_pdfs):
    def get(producer: str, font_set: str) -> Path:
        made = producer_pdfs[(producer, font_set)]
        if isinstance(made, Exception):
            pytest.skip(f"{producer} PDF in {font_set} not built: {made}")
        return made
    return get


@pytest.fixture(scope="session")
def producer_doc(producer_pdf):
    cache: dict = {}

    def get(producer: str, font_set: str):
        if (producer, font_set) not in cache:
            cache[(producer, font_set)] = read_document(producer_pdf(producer, font_set), "fr")
        return cache[(producer, font_set)]
    return get


@pytest.fixture(scope="session")
def seed_doc(seed_path):
    return read_document(seed_path, "fr")


def _normalised(doc):
    return ([(s.id, " ".join(s.text.split()), s.footnote_refs) for s in doc.segments],
            [(f.number, " ".join(f.text.split())) for f in doc.footnotes])


@pytest.mark.parametrize("producer,font_set", _producer_params())
def test_every_producer_and_font_set_gives_the_segments_of_the_text_seed(producer, font_set, producer_doc, seed_doc):
    doc = producer_doc(producer, font_set)
    kinds = Counter(s.kind for s in doc.segments)
    assert (kinds["preamble"], kinds["subitem"], kinds["operative"], len(doc.footnotes)) == (30, 6, 18, 14)
    assert _normalised(doc) == _normalised(seed_doc)
    assert doc.title == seed_doc.title


@pytest.mark.libreoffice
def test_seed_text_converted_by_libreoffice_as_it_comes_segments_like_the_seed(producer_doc, seed_doc):
    # soffice --headless --convert-to pdf fr.txt: no filter options, the default font
    doc = producer_doc("writer-text", pp.DEFAULT_FONT)
    assert not [s.id for s in doc.segments if s.id.startswith("p") and s.id[1:2].isdigit()]   # no stray p1, p2
    assert _normalised(doc) == _normalised(seed_doc)


def _line_ends(path: Path, pages: int = 2) -> tuple[set[str], list[str]]:
    """Font names used, and the last word of every text line, on a PDF's first pages."""
    import pdfplumber

    fonts, ends = set(), []
    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages[:pages]:
            fonts |= {c["fontname"].split("+")[-1] for c in page.chars}
            ends += [line["text"].split()[-1] for line in page.extract_text_lines() if line["text"].split()]
    return fonts, ends


@pytest.mark.parametrize("producer", [pytest.param(p, marks=[pytest.mark.libreoffice] if p in pp.LIBREOFFICE_PRODUCERS
                                                   else []) for p in pp.PRODUCERS])
def test_font_sets_are_really_used_and_wrap_the_lines_differently(producer, producer_pdf):
    # otherwise a reader that works with one font only could pass both
    ends = {}
    for font_set, (family, _) in pp.FONT_SETS.items():
        fonts, ends[font_set] = _line_ends(producer_pdf(producer, font_set))
        assert any(name.startswith(family.replace(" ", "")) for name in fonts), (font_set, fonts)
    a, b = ends.values()
    assert a != b


def _spanning_pages(path: Path, doc) -> list[str]:
    """Segments that begin on one page and end on the next."""
    from pypdf import PdfReader

    # compared without spaces: a producer that places words one by one has none in its text stream
    pages = ["".join((p.extract_text() or "").split()) for p in PdfReader(str(path)).pages]
    spanning = []
    for seg in doc.segments:
        words = seg.text.split()
        head, tail = "".join(words[1:6]), "".join(words[-5:])
        at = [i for i, page in enumerate(pages) if head in page]
        if at and at[0] + 1 < len(pages) and tail not in pages[at[0]] and tail in pages[at[0] + 1]:
            spanning.append(seg.id)
    return spanning


@pytest.mark.parametrize("producer,font_set", _producer_params())
def test_producer_pdfs_break_paragraphs_across_pages(producer, font_set, producer_pdf, seed_doc):
    # the fixtures must put page breaks (and footnote areas) inside the seed's paragraphs
    assert len(_spanning_pages(producer_pdf(producer, font_set), seed_doc)) >= 2


@pytest.mark.libreoffice
@pytest.mark.parametrize("font_set", list(pp.FONT_SETS))
def test_writer_pdf_paragraphs_are_those_of_the_word_file_in_either_font(font_set, producer_pdf):
    pdf = producer_pdf("writer-docx", font_set)
    from_pdf = _paragraph_lines(load_text(pdf).text)
    from_word = _paragraph_lines(load_text(pdf.with_suffix(".docx")).text)
    assert len(from_pdf) == 56
    assert from_pdf == from_word


# ---------------------------------------------- layouts, written by hand ---

def _set(paragraphs, *, left=56.0, width=300.0, top=780.0, size=11.0, leading=13.0, indent=0.0,
         space=0.0, column_gap=None):
    """Place paragraphs line by line in Helvetica, wrapping at ``width``: [(x, y, size, text)].

    With ``column_gap``, the lines go on in a second column of the same width
    when the first is full (after ``column_gap`` lines).
    """
    items, y, column, count = [], top, 0, 0
    for para in paragraphs:
        line, room = "", width - indent
        lines = []
        for word in para.split():
            trial = f"{line} {word}".strip()
            if line and pp.helvetica_width(trial, size) > room:
                lines.append(line)
                line, room = word, width
            else:
                line = trial
        lines.append(line)
        for k, text in enumerate(lines):
            if column_gap is not None and count == column_gap:
                column, y = 1, top
            x = left + column * (width + 24) + (indent if k == 0 else 0)
            items.append((x, y, size, text))
            y -= leading
            count += 1
        y -= space
    return items


def _paragraphs_of(path: Path) -> list[str]:
    return [p.strip() for p in load_text(path).text.split("\n\n") if p.strip() and not p.startswith("_")]


def test_a_line_left_short_by_a_long_next_word_does_not_end_the_paragraph(tmp_path):
    paras = ["Saluant les efforts que les États Membres et les organisations intergouvernementales et non "
             "gouvernementales déploient contre la traite des personnes, et engageant les États à coopérer avec elles,",
             "Prenant note du rapport du Secrétaire général sur l’application du Plan d’action mondial "
             "des Nations Unies pour la lutte contre la traite des personnes,",
             "Soulignant qu’il faut promouvoir et protéger les droits des victimes de la traite,"]
    items = _set(paras, indent=30)
    assert items[1][3] == "organisations intergouvernementales et non"   # "gouvernementales" did not fit after it
    assert pp.helvetica_width(items[1][3], 11) < 0.75 * 300
    path = bf.write_simple_pdf(tmp_path / "long-word.pdf", [items])
    assert _paragraphs_of(path) == paras


def test_a_line_ended_with_room_for_the_next_word_ends_the_paragraph(tmp_path, seed_path):
    # block paragraphs: no indent, no space between them; only the early line end shows the break
    seed = bf.parse_plain(seed_path.read_text(encoding="utf-8")).paragraphs[1:20]

    def last_line_room(para: str) -> float:
        return 300 - pp.helvetica_width(_set([para])[-1][3], 11)

    paras = [p for p in seed if last_line_room(p) > 120][:6]
    assert len(paras) == 6
    path = bf.write_simple_pdf(tmp_path / "block.pdf", [_set(paras)])
    assert _paragraphs_of(path) == paras


def _typed(text: str, *, top=800.0, size=10.0, leading=12.0, space_width=6.0):
    """A text file set line for line as LibreOffice sets it: [(x, y, size, text)], blank lines as space."""
    items, y = [], top
    for line in text.splitlines():
        if line.strip():
            items.append((56 + space_width * (len(line) - len(line.lstrip())), y, size, line.strip()))
        y -= leading
    return items


def test_footnotes_typed_in_the_text_flow_are_kept_apart_and_the_paragraph_goes_on(tmp_path):
    # a text file set as it is: the footnote block is text in the flow, mid-page,
    # and the paragraph goes on after it
    page = _typed("""\
 L’Assemblée générale,

 Condamnant de nouveau énergiquement la traite des personnes, en particulier
des femmes et des enfants, qui constitue une infraction et une grave menace pour la
dignité et l’intégrité physique des personnes,

 Réaffirmant l’engagement que les dirigeants du monde entier ont pris au
Sommet du Millénaire1, au Sommet mondial de 20052 et à sa réunion plénière de

__________________

 1  Résolution 55/2.
 2  Résolution 60/1.
 haut niveau sur les objectifs du Millénaire pour le développement, qui s’est tenue,
en 2010, de mettre au point des mesures efficaces,

 Rappelant la Convention des Nations Unies contre la criminalité transnationale
organisée, le Protocole additionnel y relatif,
""")
    path = bf.write_simple_pdf(tmp_path / "typed-notes.pdf", [page])
    text = load_text(path).text
    assert "de 20052 et à sa réunion plénière de haut niveau sur les objectifs" in text
    assert "__________________\n\n 1  Résolution 55/2.\n 2  Résolution 60/1.\n" in text
    doc = read_document(path, "fr")
    assert [s.id for s in doc.segments] == ["opening", "pp1", "pp2", "pp3"]
    assert doc.segment("pp2").footnote_refs == [1, 2]
    assert doc.segment("pp2").text.endswith("de mettre au point des mesures efficaces,")


def test_two_columns_are_read_one_after_the_other(tmp_path):
    paras = ["Rappelant la Convention des Nations Unies contre la criminalité transnationale organisée "
             "et les protocoles s’y rapportant, en particulier celui qui vise la traite des personnes,",
             "Prenant note du rapport du Secrétaire général sur la coordination de l’action contre la "
             "traite des personnes et des recommandations qu’il contient,",
             "Soulignant qu’il faut promouvoir et protéger les droits des victimes,"]
    items = _set(paras, width=230, indent=20, column_gap=5)
    assert {x for x, *_ in items} >= {56 + 230 + 24}      # the second column is used
    path = bf.write_simple_pdf(tmp_path / "columns.pdf", [items])
    assert _paragraphs_of(path) == paras
