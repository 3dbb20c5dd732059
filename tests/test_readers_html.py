"""HTML input: a UN resolution published as a web page, and pages that are not one."""
from __future__ import annotations

from collections import Counter

import pytest
from click.testing import CliRunner

from toolkit.cli import cli
from toolkit.errors import InputError
from toolkit.readers import load_text
from toolkit.segment import read_document

RESOLUTION = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="{charset}"><title>A/RES/68/192</title>
<script>var tracking = "Nations Unies";</script><style>p {{ margin: 0 }}</style></head>
<body>
<nav><ul><li><a href="/">Accueil</a></li><li><a href="/docs">Documents</a></li></ul></nav>
<header><p>Système de diffusion électronique des documents</p></header>
<main>
  <table><tr><td>Nations Unies</td><td>A/RES/68/192</td></tr>
         <tr><td>Assemblée générale</td><td>Distr. générale<br>18 décembre 2013</td></tr></table>
  <p>Résolution adoptée par l’Assemblée générale le 18 décembre 2013</p>
  <h1>68/192. Amélioration de la coordination de l’action contre la traite des personnes</h1>
  <p>L’Assemblée générale,</p>
  <p><i>Réaffirmant</i> l’engagement pris au Sommet du Millénaire<sup><a href="#fn1" id="r1">1</a></sup>,
     au Sommet mondial de 2005<sup><a href="#fn2">[2]</a></sup> et à sa réunion plénière de haut niveau,</p>
  <p><i>Réaffirmant</i> que le Plan d’action mondial a vocation à :</p>
  <ol type="a">
    <li>Promouvoir la ratification universelle de la Convention,</li>
    <li>Aider les États Membres à renforcer leurs engagements politiques,</li>
  </ol>
  <ol>
    <li><i>Exhorte</i> les États Membres à ratifier la Convention;</li>
    <li><i>Prie</i> le Secrétaire général de lui présenter un rapport.</li>
  </ol>
</main>
<section class="footnotes"><ol>
  <li id="fn1">Résolution 55/2. <a href="#r1">↩</a></li>
  <li id="fn2">Résolution 60/1.</li>
</ol></section>
<footer><p>© Nations Unies — Conditions d’utilisation</p></footer>
</body></html>
"""


@pytest.fixture
def un_page(tmp_path):
    path = tmp_path / "A_RES_68_192_fr.html"
    path.write_text(RESOLUTION.format(charset="utf-8"), encoding="utf-8")
    return path


def test_un_html_page_segments_into_its_structure(un_page):
    doc = read_document(un_page, "fr")
    assert [s.id for s in doc.segments] == ["title", "opening", "pp1", "pp2", "pp2.a", "pp2.b", "op1", "op2"]
    assert doc.segment("pp1").footnote_refs == [1, 2]
    assert [(f.number, f.text) for f in doc.footnotes] == [(1, "Résolution 55/2."), (2, "Résolution 60/1.")]
    assert doc.segment("op2").text.startswith("2. Prie le Secrétaire général")


def test_html_front_matter_goes_to_metadata(un_page):
    loaded = load_text(un_page)
    assert loaded.format == "html"
    assert loaded.metadata["symbol"] == "A/RES/68/192"
    assert loaded.metadata["date"] == "2013-12-18"
    assert loaded.metadata["title"] == "Amélioration de la coordination de l’action contre la traite des personnes"
    doc = read_document(un_page, "fr")
    assert (doc.symbol, doc.date, doc.title) == ("A/RES/68/192", "2013-12-18", loaded.metadata["title"])


def test_page_chrome_and_scripts_do_not_reach_the_text(un_page):
    text = load_text(un_page).text
    for chrome in ("Accueil", "tracking", "margin", "Système de diffusion", "Conditions d’utilisation", "↩"):
        assert chrome not in text


def test_declared_legacy_encoding_is_honoured(tmp_path):
    path = tmp_path / "legacy.htm"
    path.write_bytes(RESOLUTION.format(charset="windows-1252").encode("cp1252", errors="replace"))
    text = load_text(path).text
    assert "Réaffirmant" in text and "États Membres" in text


@pytest.mark.parametrize("page", [
    "<html><head><title>Chocolate cake</title></head><body><p>Mix flour, eggs and sugar.</p></body></html>",
    "<!DOCTYPE html><html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>",
])
def test_page_that_is_not_a_un_document_is_refused_in_one_line(tmp_path, page):
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    with pytest.raises(InputError, match="does not look like a UN document"):
        load_text(path)
    result = CliRunner().invoke(cli, ["segment", str(path)])
    assert result.exit_code != 0
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "not look like a UN document" in lines[0]


def test_english_un_page_is_read(tmp_path):
    page = ("<html><body><p>United Nations</p><p>A/RES/70/1</p><p>General Assembly</p>"
            "<p>Distr.: General</p><p>21 October 2015</p>"
            "<p>70/1. Transforming our world: the 2030 Agenda for Sustainable Development</p>"
            "<p>The General Assembly,</p><p><i>Adopts</i> the following outcome document;</p></body></html>")
    path = tmp_path / "en.html"
    path.write_text(page, encoding="utf-8")
    loaded = load_text(path)
    assert loaded.metadata["symbol"] == "A/RES/70/1"
    assert loaded.metadata["date"] == "2015-10-21"
    assert loaded.text.lstrip().startswith("Transforming our world")
    assert Counter(s.kind for s in read_document(path, "en").segments)["title"] == 1


@pytest.mark.parametrize("front, expected", [
    (["Nations Unies A/RES/68/192", "Assemblée générale Distr. générale", "18 février 2014",
      "Soixante-huitième session", "Point 106 de l’ordre du jour",
      "Résolution adoptée par l’Assemblée générale le 18 décembre 2013",
      "[sur la base du rapport de la Troisième Commission (A/68/456)]"],
     {"symbol": "A/RES/68/192", "date": "2013-12-18", "distribution_date": "2014-02-18",
      "distribution": "Distr. générale"}),
    (["United Nations", "S/RES/2334 (2016)", "Security Council", "Distr.: General", "23 December 2016",
      "Resolution 2334 (2016)", "Adopted by the Security Council at its 7853rd meeting, on 23 December 2016"],
     {"symbol": "S/RES/2334 (2016)", "date": "2016-12-23", "organ": "Security Council"}),
])
def test_front_matter_is_read_and_removed(front, expected):
    from toolkit.readers.metadata import split_front_matter

    opening = "The Security Council," if "Security Council" in front else "L’Assemblée générale,"
    meta, rest = split_front_matter(front + [opening, "Body paragraph of the resolution,"])
    assert rest == [opening, "Body paragraph of the resolution,"]
    for key, value in expected.items():
        assert meta[key] == value
