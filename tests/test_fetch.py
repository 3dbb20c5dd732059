"""Fetching a UN document by symbol, against a local stand-in of documents.un.org.

No test here touches the internet: the service address is pointed at an
http.server on 127.0.0.1 that answers the same URL scheme, with redirects.
"""
from __future__ import annotations

import hashlib
import json
import socket
import sys
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures"))
import build_fixtures as bf  # noqa: E402
from un_server import UNDocServer  # noqa: E402

from toolkit.cli import cli  # noqa: E402
from toolkit.errors import InputError, NetworkError, OutputExists  # noqa: E402
from toolkit.readers import load_text  # noqa: E402
from toolkit.readers.fetch import BASE_URL_ENV, document_url, fetch_document, normalise_symbol  # noqa: E402
from toolkit.segment import read_document  # noqa: E402

SEED = "A-RES-68-192"


@pytest.fixture(scope="module")
def built(tmp_path_factory, corpora):
    seed = corpora / SEED / "fr.txt"
    if not seed.exists():
        pytest.skip(f"shipped seed {seed} not found")
    files = bf.session_fixtures(tmp_path_factory.getbasetemp(), seed)
    files["english_pdf"] = bf.english_pdf(tmp_path_factory.mktemp("en") / "en.pdf")
    return files


@pytest.fixture(scope="module")
def server(built):
    fr = built.get("pdf", built["furniture_pdf"])   # the LibreOffice PDF when soffice is there
    files = {("A/RES/68/192", "fr"): fr, ("A/RES/68/192", "en"): built["english_pdf"],
             ("A/RES/DOCX/1", "fr"): built["docx"]}
    with UNDocServer(files) as srv:
        yield srv


def run_cli(*args):
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output, result.stderr if hasattr(result, "stderr") else ""


def test_fetch_saves_original_text_and_provenance_for_each_language(server, built, tmp_path):
    out = tmp_path / "A-RES-68-192"
    code, stdout, _ = run_cli("fetch", "A/RES/68/192", "--lang", "fr,en", "-o", str(out), "--base-url", server.url)
    assert code == 0, stdout
    for lang in ("fr", "en"):
        original = out / f"{lang}.pdf"
        prov = json.loads((out / f"{lang}.provenance.json").read_text(encoding="utf-8"))
        data = original.read_bytes()
        assert prov["sha256"] == hashlib.sha256(data).hexdigest()
        assert prov["bytes"] == len(data)
        assert prov["url"] == document_url("A/RES/68/192", lang, base=server.url)
        assert prov["final_url"].startswith(f"{server.url}/doc/undoc/gen/{lang}/")
        assert prov["redirects"] == [prov["final_url"]]
        assert prov["content_type"] == "application/pdf"
        assert prov["retrieved"][:4].isdigit() and prov["retrieved"].endswith("+00:00")
        text = (out / f"{lang}.txt").read_text(encoding="utf-8")
        assert text == load_text(original).text
        assert prov["text_sha256"] == hashlib.sha256(text.encode("utf-8")).hexdigest()
        assert prov["metadata"]["symbol"] == "A/RES/68/192"
    en = json.loads((out / "en.provenance.json").read_text(encoding="utf-8"))
    assert en["metadata"]["date"] == "2013-12-18"          # adoption date wins over Distr. date
    assert en["metadata"]["title"].startswith("Improving the coordination")
    assert "13-44981" not in (out / "en.txt").read_text(encoding="utf-8")
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"{lang}.{ext}" for lang in ("fr", "en") for ext in ("pdf", "txt", "provenance.json"))


@pytest.mark.libreoffice
def test_fetched_french_pdf_segments_like_the_seed(server, built, tmp_path):
    if "pdf" not in built:
        pytest.skip(bf.why_no_pdf(built))
    result = fetch_document("A/RES/68/192", "fr", tmp_path, base=server.url, timeout=10)
    doc = read_document(result.text_path, "fr")
    kinds = Counter(s.kind for s in doc.segments)
    assert (kinds["preamble"], kinds["subitem"], kinds["operative"], len(doc.footnotes)) == (30, 6, 18, 14)


def test_base_url_comes_from_the_environment(server, tmp_path, monkeypatch):
    monkeypatch.setenv(BASE_URL_ENV, server.url)
    result = fetch_document("a/res/68/192", "en-GB", tmp_path, timeout=10)
    assert result.provenance["url"].startswith(server.url + "/api/symbol/access?s=A%2FRES%2F68%2F192&l=en&t=pdf")
    assert result.original_path == tmp_path / "en.pdf"


def _assert_one_line_error(code, output, *needles):
    assert code != 0
    lines = [l for l in output.strip().splitlines() if l.strip()]
    assert len(lines) == 1, output
    assert lines[0].startswith("error: ")
    for needle in needles:
        assert needle in lines[0], lines[0]


@pytest.mark.parametrize("symbol, needle", [
    ("A/RES/99/999", "no such document"),
    ("A/RES/LOOP/1", "redirect loop"),
    ("A/RES/CUT/1", "cut off"),
    ("A/RES/HTML/1", "web page, not the document"),
])
def test_failed_fetch_says_why_in_one_line_and_leaves_nothing(server, tmp_path, symbol, needle):
    out = tmp_path / "out"
    code, output, _ = run_cli("fetch", symbol, "--lang", "fr", "-o", str(out), "--base-url", server.url,
                              "--timeout", "10")
    _assert_one_line_error(code, output, needle)
    assert not out.exists() or not any(out.iterdir())


def test_unreachable_service_is_named(tmp_path):
    with socket.socket() as s:       # a port on loopback that nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    code, output, _ = run_cli("fetch", "A/RES/68/192", "--lang", "en", "-o", str(tmp_path),
                              "--base-url", f"http://127.0.0.1:{port}", "--timeout", "5")
    _assert_one_line_error(code, output, f"the UN document service (127.0.0.1:{port}) is unreachable")
    assert not any(tmp_path.iterdir())


def test_silent_service_times_out(server, tmp_path):
    with pytest.raises(NetworkError, match="unreachable: no answer within 0.5 s"):
        fetch_document("A/RES/SLOW/1", "en", tmp_path, base=server.url, timeout=0.5)


def test_existing_files_are_kept_without_force(server, tmp_path):
    fetch_document("A/RES/68/192", "en", tmp_path, base=server.url, timeout=10)
    before = (tmp_path / "en.txt").read_bytes()
    (tmp_path / "en.txt").write_text("edited by hand", encoding="utf-8")
    with pytest.raises(OutputExists):
        fetch_document("A/RES/68/192", "en", tmp_path, base=server.url, timeout=10)
    assert (tmp_path / "en.txt").read_text(encoding="utf-8") == "edited by hand"
    fetch_document("A/RES/68/192", "en", tmp_path, base=server.url, timeout=10, force=True)
    assert (tmp_path / "en.txt").read_bytes() == before


def test_symbol_is_checked_before_any_request():
    assert normalise_symbol(" e/2002/68/add.1 ") == "E/2002/68/Add.1"
    with pytest.raises(InputError, match="not a UN document symbol"):
        normalise_symbol("trafficking in persons")


def test_server_saw_a_bounded_number_of_requests(server):
    # every test above made a handful of requests; a client that looped would show here
    assert len(server.requests) < 60


def test_viewer_page_is_followed_to_the_file(server, tmp_path):
    result = fetch_document("A/RES/VIEWER/1", "en", tmp_path, base=server.url, timeout=10)
    prov = result.provenance
    assert prov["via_page"].startswith(server.url + "/api/symbol/access")
    assert prov["final_url"] == f"{server.url}/doc/undoc/gen/en/A_RES_68_192.pdf"
    assert prov["content_type"] == "application/pdf"
    assert result.original_path.name == "en.pdf"


def test_languages_already_fetched_are_kept_when_a_later_one_fails(server, tmp_path):
    # "es" is not served: the French files stay, the error names the failing language
    code, output, _ = run_cli("fetch", "A/RES/68/192", "--lang", "en,es", "-o", str(tmp_path),
                              "--base-url", server.url, "--timeout", "10")
    assert code != 0
    assert output.splitlines()[0].startswith("en: ")
    assert output.strip().splitlines()[-1].startswith("error: A/RES/68/192 (es): no such document")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["en.pdf", "en.provenance.json", "en.txt"]


def test_word_version_is_saved_as_docx_and_read(server, tmp_path):
    result = fetch_document("A/RES/DOCX/1", "fr", tmp_path, base=server.url, file_type="docx", timeout=10)
    assert "&t=doc" in result.provenance["url"]
    assert result.original_path.name == "fr.docx"
    assert result.provenance["format"] == "docx"
    assert result.text_path.read_text(encoding="utf-8").startswith(" Amélioration de la coordination")
