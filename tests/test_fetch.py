"""Fetching a UN document by symbol, against a local stand-in of documents.un.org.

No test here touches the internet: the service address is pointed at an
http.server on 127.0.0.1 that answers the same URL scheme, with redirects
(``fixtures/un_server.py``, or ``fetch_server.RouteServer`` for one-off
answers).  The tests of a "public" service replace the fetcher's name lookup
and connect seams, so that no name is looked up and nothing but the loopback
server is connected to.
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
import socket
import sys
import urllib.parse
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures"))
import build_fixtures as bf  # noqa: E402
from fetch_server import RouteServer, body, by_language, redirect, trickle  # noqa: E402
from un_server import UNDocServer  # noqa: E402

import toolkit.readers.fetch as fetch_module  # noqa: E402
from toolkit.cli import cli  # noqa: E402
from toolkit.errors import InputError, NetworkError, OutputExists, ToolkitError  # noqa: E402
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
    lines = [line for line in output.strip().splitlines() if line.strip()]
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


# ---------------------------------------------------------------- what is followed, and where
ACCESS = "/api/symbol/access"
# global addresses standing for documents.un.org and a file host; never contacted (_connect is replaced)
PUBLIC_IP, OTHER_PUBLIC_IP = "93.184.216.34", "93.184.216.35"


def _nothing_saved(out: Path) -> bool:
    return not out.exists() or not any(out.iterdir())


@pytest.fixture
def english(built) -> bytes:
    return built["english_pdf"].read_bytes()


@pytest.mark.parametrize("target", ["secret", "local-pdf", "data"])
def test_redirect_to_another_scheme_is_refused_and_nothing_is_saved(built, english, tmp_path, target):
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0 TOP-SECRET", encoding="utf-8")
    location = {"secret": secret.as_uri(), "local-pdf": built["english_pdf"].resolve().as_uri(),
                "data": "data:application/pdf;base64," + base64.b64encode(english).decode()}[target]
    out = tmp_path / "out"
    with RouteServer({ACCESS: redirect(location)}) as srv:
        code, output, _ = run_cli("fetch", "A/RES/68/192", "--lang", "en", "-o", str(out),
                                  "--base-url", srv.url, "--timeout", "10")
    _assert_one_line_error(code, output, "A/RES/68/192 (en): refusing to follow the redirect from",
                           location[:40], "only http and https URLs are fetched")
    assert _nothing_saved(out)


def test_viewer_page_linking_a_local_file_is_refused(built, tmp_path):
    link = built["english_pdf"].resolve().as_uri()
    page = f'<!DOCTYPE html><html><body><iframe src="{link}"></iframe></body></html>'.encode()
    out = tmp_path / "out"
    with RouteServer({ACCESS: body(page, "text/html")}) as srv:
        with pytest.raises(NetworkError, match="refusing to follow the link in the viewer page") as err:
            fetch_document("A/RES/68/192", "en", out, base=srv.url, timeout=10)
    assert link in str(err.value) and "only http and https" in str(err.value)
    assert _nothing_saved(out)


@pytest.mark.parametrize("base", ["file:///etc", "data:,A/RES/68/192", "ftp://127.0.0.1/"])
def test_base_url_other_than_http_is_refused_in_one_line(tmp_path, base):
    code, output, _ = run_cli("fetch", "A/RES/68/192", "--lang", "en", "-o", str(tmp_path), "--base-url", base)
    _assert_one_line_error(code, output, base, "not an http(s) URL")
    assert not any(tmp_path.iterdir())


@pytest.fixture
def public_service(monkeypatch):
    """A RouteServer reached as http://documents.un.example:<port>, a name that 'resolves' to a public IP.

    Name lookups and connections go through the fetcher's two seams: no DNS is
    asked, and any connection to an address other than the two public ones
    fails the test before a packet leaves (the public ones go to the loopback
    server)."""
    names = {"documents.un.example": [PUBLIC_IP], "files.un.example": [OTHER_PUBLIC_IP],
             "localhost": ["127.0.0.1", "::1"]}
    with RouteServer({}) as srv:
        connected = []

        def resolve(host, port):
            if host not in names:
                raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
            return names[host]

        def connect(address, timeout, source_address=None):
            connected.append(tuple(address))
            if address[0] not in (PUBLIC_IP, OTHER_PUBLIC_IP) or address[1] != srv.port:
                raise AssertionError(f"the fetcher tried to connect to {address}")
            return socket.create_connection(("127.0.0.1", srv.port), timeout)

        monkeypatch.setattr(fetch_module, "_resolve", resolve)
        monkeypatch.setattr(fetch_module, "_connect", connect)
        srv.base = f"http://documents.un.example:{srv.port}"
        srv.connected = connected
        yield srv


@pytest.mark.parametrize("how", ["redirect", "viewer link"])
@pytest.mark.parametrize("target, address", [
    ("http://127.0.0.1:{port}/doc/en.pdf", "127.0.0.1"),
    ("http://localhost:{port}/doc/en.pdf", "127.0.0.1"),
    ("http://[::1]:{port}/doc/en.pdf", "::1"),
    ("http://10.1.2.3/doc/en.pdf", "10.1.2.3"),
    ("http://169.254.169.254/latest/meta-data/en.pdf", "169.254.169.254"),
])
def test_public_service_pointing_to_a_private_address_is_refused_before_connecting(
        public_service, english, tmp_path, how, target, address):
    srv = public_service
    target = target.format(port=srv.port)
    srv.routes["/doc/en.pdf"] = body(english)
    srv.routes[ACCESS] = redirect(target) if how == "redirect" else body(
        f'<html><body><iframe src="{target}"></iframe></body></html>'.encode(), "text/html")
    with pytest.raises(NetworkError, match="private or loopback address") as err:
        fetch_document("A/RES/68/192", "en", tmp_path, base=srv.base, timeout=10)
    assert target in str(err.value) and f"({address})" in str(err.value)
    assert srv.connected == [(PUBLIC_IP, srv.port)]          # only the service itself was contacted
    assert [r.split("?")[0] for r in srv.requests] == [ACCESS]
    assert not any(tmp_path.iterdir())


def test_public_service_may_redirect_to_another_public_host(public_service, english, tmp_path):
    srv = public_service
    srv.routes[ACCESS] = redirect(f"http://files.un.example:{srv.port}/doc/en.pdf")
    srv.routes["/doc/en.pdf"] = body(english)
    result = fetch_document("A/RES/68/192", "en", tmp_path, base=srv.base, timeout=10)
    assert result.provenance["final_url"] == f"http://files.un.example:{srv.port}/doc/en.pdf"
    assert result.original_path.read_bytes() == english
    assert srv.connected == [(PUBLIC_IP, srv.port), (OTHER_PUBLIC_IP, srv.port)]


# ---------------------------------------------------------------- bodies that are not the document
@pytest.mark.parametrize("data, content_type, said", [
    (b"lorem ipsum dolor sit amet\n" * 120_000, "text/plain; charset=utf-8", "plain text / text/plain"),
    (bytes(range(256)) * 64, "application/octet-stream", "binary data / application/octet-stream"),
    (b"just words", None, "plain text / no content type"),
])
def test_body_that_is_no_document_is_named_and_nothing_is_left(tmp_path, data, content_type, said):
    out = tmp_path / "out"
    with RouteServer({ACCESS: redirect("/doc/en.pdf"), "/doc/en.pdf": body(data, content_type)}) as srv:
        code, output, _ = run_cli("fetch", "A/RES/68/192", "--lang", "en", "-o", str(out),
                                  "--base-url", srv.url, "--timeout", "10")
    _assert_one_line_error(code, output, "A/RES/68/192 (en): the server sent",
                           f"{said} ({len(data)} bytes), not a PDF, DOCX or HTML document")
    assert "already exists" not in output
    assert _nothing_saved(out)


def test_file_that_cannot_be_moved_into_place_takes_the_others_back(server, tmp_path, monkeypatch):
    import toolkit.fileio

    real_replace = os.replace

    def replace(src, dst):
        if str(dst).endswith(".provenance.json"):
            raise OSError(28, "No space left on device", str(dst))
        return real_replace(src, dst)

    monkeypatch.setattr(toolkit.fileio.os, "replace", replace)
    out = tmp_path / "out"
    with pytest.raises((OSError, ToolkitError), match="No space left"):   # fileio may name the file
        fetch_document("A/RES/68/192", "en", out, base=server.url, timeout=10)
    assert _nothing_saved(out)


def test_file_that_cannot_be_written_leaves_none_of_the_others(server, tmp_path):
    (tmp_path / "en.provenance.json").mkdir()      # in the way even with --force
    with pytest.raises(InputError, match="is a directory"):
        fetch_document("A/RES/68/192", "en", tmp_path, base=server.url, timeout=10, force=True)
    assert [p.name for p in tmp_path.iterdir()] == ["en.provenance.json"]


# ---------------------------------------------------------------- deadline and size cap
def test_trickling_server_is_stopped_by_the_deadline(tmp_path):
    out = tmp_path / "out"
    with RouteServer({}) as srv:
        srv.routes[ACCESS] = redirect("/doc/en.pdf")
        srv.routes["/doc/en.pdf"] = trickle(srv, announced=1000, every=0.2, at_most=60)
        code, output, _ = run_cli("fetch", "A/RES/68/192", "--lang", "en", "-o", str(out), "--base-url", srv.url,
                                  "--timeout", "5", "--deadline", "1")
    _assert_one_line_error(code, output, "A/RES/68/192 (en): the download of", "/doc/en.pdf",
                           "did not finish within the 1 s deadline")
    assert _nothing_saved(out)


def test_deadline_also_bounds_waiting_for_the_answer(server, tmp_path):
    with pytest.raises(NetworkError, match="did not finish within the 0.5 s deadline"):
        fetch_document("A/RES/SLOW/1", "en", tmp_path, base=server.url, timeout=10, deadline=0.5)
    assert not any(tmp_path.iterdir())


def test_body_over_the_size_cap_is_refused(server, built, tmp_path):
    cap = built["english_pdf"].stat().st_size - 1
    with pytest.raises(NetworkError, match=f"more than the {cap} allowed"):
        fetch_document("A/RES/68/192", "en", tmp_path, base=server.url, timeout=10, max_bytes=cap)
    assert not any(tmp_path.iterdir())


# ---------------------------------------------------------------- empty answers, l=en or l=E
def test_empty_answer_is_reported_as_not_found(tmp_path):
    with RouteServer({ACCESS: body(b"", "application/pdf")}) as srv:
        code, output, _ = run_cli("fetch", "A/RES/80/999", "--lang", "en", "-o", str(tmp_path),
                                  "--base-url", srv.url, "--timeout", "10")
    _assert_one_line_error(code, output, "A/RES/80/999 (en): no such document", "not found",
                           "HTTP 200 with an empty body for l=en", "for l=E")
    assert "the file is empty" not in output
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize("answers, param, tried", [
    ({"en": "file"}, "en", []),
    ({"en": "empty", "E": "file"}, "E", ["HTTP 200 with an empty body for l=en"]),
    ({"E": "file"}, "E", ["HTTP 404 for l=en"]),
])
def test_language_letter_is_tried_when_the_code_gets_nothing(english, tmp_path, answers, param, tried):
    kinds = {"file": redirect("/doc/en.pdf"), "empty": body(b"")}
    routes = {ACCESS: by_language({k: kinds[v] for k, v in answers.items()}), "/doc/en.pdf": body(english)}
    with RouteServer(routes) as srv:
        result = fetch_document("A/RES/68/192", "en", tmp_path, base=srv.url, timeout=10)
        asked = [dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(r).query)).get("l")
                 for r in srv.requests if r.startswith(ACCESS)]
    prov = json.loads(result.provenance_path.read_text(encoding="utf-8"))
    assert prov["language_parameter"] == param
    assert prov["tried"] == tried
    assert prov["url"] == document_url("A/RES/68/192", "en", base=srv.url, lang_param=param)
    assert asked == ["en", "E"][: len(tried) + 1]
    assert result.original_path.read_bytes() == english
