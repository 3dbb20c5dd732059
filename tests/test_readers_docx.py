"""Word input: the seed resolution as a .docx with automatic numbering and real footnotes."""
from __future__ import annotations

import io
import sys
import zipfile
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
def seed_doc(seed_path):
    return read_document(seed_path, "fr")


@pytest.fixture(scope="module")
def docx_doc(built):
    return read_document(built["docx"], "fr")


def test_docx_seed_keeps_the_un_structure(docx_doc):
    kinds = Counter(s.kind for s in docx_doc.segments)
    assert (kinds["preamble"], kinds["subitem"], kinds["operative"], len(docx_doc.footnotes)) == (30, 6, 18, 14)


def test_docx_segments_are_those_of_the_plain_text_seed(docx_doc, seed_doc):
    assert [(s.id, s.text, s.footnote_refs) for s in docx_doc.segments] == \
        [(s.id, s.text, s.footnote_refs) for s in seed_doc.segments]
    assert [(f.number, f.text) for f in docx_doc.footnotes] == [(f.number, f.text) for f in seed_doc.footnotes]


def test_front_matter_becomes_metadata_not_text(built, docx_doc):
    loaded = load_text(built["docx"])
    assert loaded.metadata["symbol"] == "A/RES/68/192"
    assert loaded.metadata["date"] == "2013-12-18"
    assert loaded.metadata["distribution"] == "Distr. générale"
    assert loaded.metadata["resolution_number"] == "68/192"
    assert (docx_doc.symbol, docx_doc.date) == ("A/RES/68/192", "2013-12-18")
    assert docx_doc.title == "Amélioration de la coordination de l’action contre la traite des personnes"
    assert "Résolution adoptée" not in loaded.text and "68/192." not in loaded.text


def test_word_automatic_numbering_is_written_out(built):
    import docx

    raw = [p.text for p in docx.Document(str(built["docx"])).paragraphs]
    assert not any(t.startswith(("1.", "a)")) for t in raw)        # Word holds no label in the text
    text = load_text(built["docx"]).text
    assert "\n 1. Exhorte les États Membres" in text
    assert "\n a) Promouvoir la ratification" in text
    assert "\n f) Favoriser la coopération" in text
    assert "\n 18. Prie le Secrétaire général" in text


def test_footnotes_are_numbered_in_reference_order_not_by_xml_id(built, docx_doc):
    xml = zipfile.ZipFile(built["docx"]).read("word/footnotes.xml").decode("utf-8")
    assert 'w:id="101"' in xml and 'w:id="1"' not in xml
    assert docx_doc.footnote(1).text == "Résolution 55/2."
    assert docx_doc.footnote(14).text == "Voir CTOC/COP/2012/15, sect. I.A."
    assert docx_doc.segment("pp4").footnote_refs == [1, 2, 3]


def test_page_break_inside_a_paragraph_does_not_split_it(built, docx_doc):
    xml = zipfile.ZipFile(built["docx"]).read("word/document.xml").decode("utf-8")
    assert 'w:type="page"' in xml
    item = docx_doc.segment("pp7.b")
    assert item.text.startswith("b) Aider les États Membres")
    assert item.text.endswith("combattre la traite des personnes,")


def test_running_heads_and_job_number_stay_out_of_the_text(built):
    text = load_text(built["docx"]).text
    for furniture in ("13-44981", "*1344981*", "Soixante-huitième session", "Distr."):
        assert furniture not in text


def test_numbering_formats_and_restarts(tmp_path):
    import docx
    from docx.oxml import parse_xml

    w = bf.W_NS
    doc = docx.Document()
    numbering = doc.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum xmlns:w="{w}" w:abstractNumId="70">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerRoman"/><w:lvlText w:val="(%2)"/></w:lvl>'
        '</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num xmlns:w="{w}" w:numId="70"><w:abstractNumId w:val="70"/></w:num>'))
    for level, text in [(0, "First"), (1, "sub one"), (1, "sub two"), (0, "Second"), (1, "sub again")]:
        p = doc.add_paragraph(text)
        p._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr xmlns:w="{w}"><w:ilvl w:val="{level}"/><w:numId w:val="70"/></w:numPr>'))
    path = tmp_path / "numbers.docx"
    doc.save(str(path))
    lines = [line.strip() for line in load_text(path).text.split("\n") if line.strip()]
    assert lines == ["1. First", "(i) sub one", "(ii) sub two", "2. Second", "(i) sub again"]


def test_corrupt_docx_is_refused_in_one_line(built, tmp_path):
    data = built["docx"].read_bytes()
    broken = tmp_path / "broken.docx"
    broken.write_bytes(data[: len(data) // 2])          # a download cut in the middle
    with pytest.raises(InputError, match="not a readable Word document"):
        load_text(broken)
    result = CliRunner().invoke(cli, ["segment", str(broken)])
    assert result.exit_code != 0
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "Word document" in lines[0]


def test_zip_that_is_not_word_is_refused(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("word/document.xml", "<not-really/>")
    path = tmp_path / "fake.docx"
    path.write_bytes(buf.getvalue())
    with pytest.raises(InputError):
        load_text(path)
