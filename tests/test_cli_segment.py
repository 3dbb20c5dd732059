"""`toolkit segment` on the command line: formats, help, version and bad input."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from toolkit import __version__
from toolkit.cli import cli

RESOLUTION_FR = (
    "   Amélioration de la coordination\n\n"
    " L’Assemblée générale,\n\n"
    " Rappelant sa résolution 64/293 relative à la traite des êtres humains,\n\n"
    " Consciente de l’importance de la coopération entre les États Membres,\n\n"
    " 1. Décide de rester saisie de la question.\n"
)


@pytest.fixture(scope="module")
def runner():
    return CliRunner()


def run(runner, *args):
    return runner.invoke(cli, ["segment", *map(str, args)], catch_exceptions=False)


def assert_one_line_error(result):
    assert result.exit_code != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert "Traceback" not in result.output


def test_segment_tsv_lists_the_seed_segments_with_a_signature(runner, corpora):
    result = run(runner, corpora / "A-RES-68-192" / "fr.txt", "--format", "tsv", "--lang", "fr")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("# signature: toolkit:")
    assert lines[1].split("\t") == ["id", "kind", "number", "parent", "footnote_refs", "text"]
    rows = [line.split("\t") for line in lines[2:]]
    kinds = [r[1] for r in rows]
    assert kinds.count("preamble") == 30 and kinds.count("operative") == 18
    assert kinds.count("subitem") == 6 and kinds.count("footnote") == 14
    assert ["pp4", "preamble", "", "", "1,2,3"] == rows[[r[0] for r in rows].index("pp4")][:5]
    assert result.stderr == ""


def test_segment_jsonl_is_one_json_object_per_segment(runner, corpora):
    result = run(runner, corpora / "udhr" / "en.txt", "--format", "jsonl")
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 92
    assert records[0] == {"id": "title", "kind": "title", "number": "", "parent": "", "footnote_refs": [],
                          "text": "Universal Declaration of Human Rights", "span": records[0]["span"]}
    assert {r["id"] for r in records} >= {"pp8", "opening", "op1", "art30", "art30.p1"}


def test_segment_table_shows_ids_and_a_summary(runner, tmp_path):
    path = tmp_path / "res.txt"
    path.write_text(RESOLUTION_FR, encoding="utf-8")
    result = run(runner, path)
    assert result.exit_code == 0, result.output
    for token in ("title", "opening", "pp1", "pp2", "op1", "2 preamble", "1 operative"):
        assert token in result.stdout


def test_version_and_help(runner):
    result = runner.invoke(cli, ["--version"])
    assert result.exit_code == 0 and __version__ in result.output
    result = runner.invoke(cli, ["segment", "--help"])
    assert result.exit_code == 0
    for option in ("--lang", "--format", "--input-format", "table", "jsonl", "tsv"):
        assert option in result.output


def test_missing_file_is_one_line_error(runner, tmp_path):
    result = run(runner, tmp_path / "nope.txt")
    assert_one_line_error(result)
    assert "no such file" in result.stderr


def test_directory_is_one_line_error(runner, tmp_path):
    result = run(runner, tmp_path)
    assert_one_line_error(result)
    assert "directory" in result.stderr


def test_empty_file_is_one_line_error(runner, tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert_one_line_error(run(runner, path))
    path.write_bytes(b"  \n\n \t\n")
    result = run(runner, path)
    assert_one_line_error(result)
    assert "empty" in result.stderr


def test_binary_data_given_as_text_is_one_line_error(runner, tmp_path):
    path = tmp_path / "data.txt"
    path.write_bytes(bytes(range(256)) * 8)
    result = run(runner, path)
    assert_one_line_error(result)
    assert "binary" in result.stderr
    path.write_bytes(b"\x01\x02\x03\x04abc\x05\x06\x07\x08" * 30)   # control characters, no NUL
    result = run(runner, path)
    assert_one_line_error(result)
    assert "binary" in result.stderr


def test_pdf_given_as_text_is_not_read_as_text(runner, tmp_path):
    path = tmp_path / "resolution.txt"
    path.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    result = run(runner, path)
    assert result.exit_code != 0
    assert "error: " in result.stderr and "Traceback" not in result.output
    assert "%PDF" not in result.stdout


def test_pdf_given_as_text_gives_exactly_one_line_on_stderr(tmp_path):
    # a real process: pytest would capture the library's log records itself
    path = tmp_path / "resolution.txt"
    path.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    proc = subprocess.run([sys.executable, "-m", "toolkit", "segment", str(path)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode != 0
    assert proc.stderr.strip().splitlines() == [proc.stderr.strip()] and proc.stderr.startswith("error: ")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "cp1252", "utf-8-sig"])
def test_legacy_and_unicode_encodings_are_decoded(runner, tmp_path, encoding):
    path = tmp_path / f"res-{encoding}.txt"
    text = RESOLUTION_FR.replace("’", "'") if encoding == "cp1252" else RESOLUTION_FR
    path.write_bytes(text.encode(encoding))
    result = run(runner, path, "--format", "jsonl")
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in records] == ["title", "opening", "pp1", "pp2", "op1"]
    assert records[2]["text"] == "Rappelant sa résolution 64/293 relative à la traite des êtres humains,"
    if encoding in ("cp1252", "utf-16-le"):
        assert "warning:" in result.stderr and "decoded as" in result.stderr


def test_text_without_structure_falls_back_and_says_so(runner, tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("Some ordinary prose that is not a resolution.\nIt wraps.\n\nA second paragraph.\n",
                    encoding="utf-8")
    result = run(runner, path, "--format", "tsv", "--lang", "en")
    assert result.exit_code == 0
    assert "fell back to blank-line paragraphs" in result.stderr
    assert [line.split("\t")[0] for line in result.stdout.splitlines()[2:]] == ["p1", "p2"]


def test_lines_input_format_gives_one_segment_per_line(runner, tmp_path):
    path = tmp_path / "sents.txt"
    path.write_text("First sentence of the text.\n\nThird line here.\n", encoding="utf-8")
    result = run(runner, path, "--format", "tsv", "--input-format", "lines", "--lang", "en")
    assert result.exit_code == 0
    assert [line.split("\t")[0] for line in result.stdout.splitlines()[2:]] == ["s1", "s2", "s3"]


def test_unsure_language_detection_is_a_warning(runner, tmp_path):
    path = tmp_path / "short.txt"
    path.write_text("1. Paris\n", encoding="utf-8")
    result = run(runner, path, "--format", "tsv")
    assert result.exit_code == 0
    assert "language detection unsure" in result.stderr


def test_bad_option_value_is_reported_without_traceback(runner, corpora):
    result = run(runner, corpora / "udhr" / "en.txt", "--format", "xml")
    assert result.exit_code != 0 and "Traceback" not in result.output


def test_python_dash_m_toolkit_runs_segment(corpora):
    proc = subprocess.run([sys.executable, "-m", "toolkit", "segment", str(corpora / "sdg" / "fr.txt"),
                           "--format", "tsv", "--lang", "fr"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert len(proc.stdout.splitlines()) == 2 + 1 + 17 + 169 + 252


def test_text_reader_normalises_to_nfc_and_unix_line_ends(tmp_path):
    import unicodedata

    from toolkit.readers import load_text

    path = tmp_path / "nfd.txt"
    path.write_bytes(b"\xef\xbb\xbf" + unicodedata.normalize("NFD", "D’ici à 2030,\r\néliminer").encode("utf-8"))
    loaded = load_text(path)
    assert loaded.text == "D’ici à 2030,\néliminer"
    assert loaded.encoding == "utf-8-sig" and loaded.format == "text" and loaded.warnings == []


def test_a_language_label_the_text_contradicts_is_a_warning_and_in_the_signature(runner, corpora):
    path = corpora / "udhr" / "fr.txt"
    result = run(runner, path, "--lang", "en", "--format", "tsv")
    assert result.exit_code == 0, result.output
    assert f"warning: {path}: the text looks like 'fr', not 'en' as labelled" in result.stderr
    signature = result.stdout.splitlines()[0]
    assert "lang:en" in signature and "detected:src=fr" in signature


# --- --format txt (one paragraph per line, for CAT tools) and -o ---------------------------

def test_txt_format_is_one_paragraph_per_line_with_blank_lines_between_then_the_footnotes(runner, corpora):
    from toolkit.segment import read_document

    path = corpora / "A-RES-68-192" / "fr.txt"
    result = run(runner, path, "--format", "txt", "--lang", "fr")
    assert result.exit_code == 0, result.output
    doc = read_document(path, "fr")
    body, gap, notes = result.stdout.partition("\n\n\n")       # one more blank line before the footnotes
    assert gap and notes.endswith("\n") and "\n\n\n" not in notes
    body_lines, note_lines = body.split("\n\n"), notes[:-1].split("\n\n")
    assert body_lines[0] == doc.segments[0].text and doc.segments[0].kind == "title"
    assert body_lines == [" ".join(s.text.split()) for s in doc.segments]
    assert note_lines == [" ".join(f.text.split()) for f in doc.footnotes] and len(note_lines) == 14
    assert all(line and "\n" not in line for line in body_lines + note_lines)     # one line per paragraph
    assert not result.stdout.startswith("#")         # no signature line: every line is text to translate


def test_txt_format_joins_a_paragraph_broken_over_lines_and_separates_paragraphs_by_one_blank_line(runner,
                                                                                                 tmp_path):
    path = tmp_path / "res.txt"
    path.write_text(RESOLUTION_FR.replace("relative à la traite", "relative\nà la traite"), encoding="utf-8")
    result = run(runner, path, "--format", "txt", "--lang", "fr")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Amélioration de la coordination"
    assert lines[1::2] == [""] * (len(lines) // 2) and "" not in lines[0::2]   # no footnotes: no wider gap
    assert "Rappelant sa résolution 64/293 relative à la traite des êtres humains," in lines[0::2]
    assert result.stdout.endswith(".\n") and not result.stdout.endswith("\n\n")


def test_output_file_takes_its_format_from_the_extension(runner, tmp_path, corpora):
    path = corpora / "udhr" / "en.txt"
    for name, first in (("s.txt", "Universal Declaration of Human Rights"), ("s.tsv", "id\tkind\tnumber\t"),
                        ("s.jsonl", '{"id": "title"')):
        out = tmp_path / name
        result = run(runner, path, "--lang", "en", "-o", out)
        assert result.exit_code == 0, result.output
        assert out.read_text(encoding="utf-8").startswith(first) and result.stdout == ""
        assert f"wrote {out}" in result.stderr


def test_tsv_file_starts_with_its_header_and_keeps_the_signature_printed_tsv_has_first(runner, tmp_path, corpora):
    from toolkit.export.common import read_sidecar

    path = corpora / "udhr" / "en.txt"
    printed = run(runner, path, "--lang", "en", "--format", "tsv").stdout
    comment, _, table = printed.partition("\n")
    out = tmp_path / "s.tsv"
    assert run(runner, path, "--lang", "en", "-o", out).exit_code == 0
    assert out.read_text(encoding="utf-8") == table
    assert comment == f"# signature: {read_sidecar(out)}"
    again = run(runner, path, "--lang", "en", "-o", out, "--force", "--comment-header")
    assert again.exit_code == 0, again.output
    assert out.read_text(encoding="utf-8") == printed and read_sidecar(out) is None
    assert [p.name for p in tmp_path.iterdir()] == ["s.tsv"]       # the stale sidecar went with it


def test_comment_header_on_txt_or_jsonl_is_a_warning(runner, tmp_path, corpora):
    result = run(runner, corpora / "udhr" / "en.txt", "--lang", "en", "-o", tmp_path / "s.txt", "--comment-header")
    assert result.exit_code == 0, result.output
    assert "warning: --comment-header applies to plain tables" in result.stderr and "s.txt (txt)" in result.stderr
    assert not (tmp_path / "s.txt").read_text(encoding="utf-8").startswith("#")


def test_output_file_is_checked_before_the_document_is_read(runner, tmp_path, corpora, monkeypatch):
    import toolkit.segment

    def forbidden(*args, **kwargs):
        raise AssertionError("read_document ran before the output was checked")

    monkeypatch.setattr(toolkit.segment, "read_document", forbidden)
    src = corpora / "udhr" / "en.txt"
    existing = tmp_path / "keep.txt"
    existing.write_text("keep", encoding="utf-8")
    (tmp_path / "s.tsv.signature.json").write_text("keep", encoding="utf-8")
    for args, needle in (((src, "-o", existing), "already exists"),
                         ((src, "-o", tmp_path / "s.tsv"), "s.tsv.signature.json: already exists"),
                         ((src, "-o", tmp_path / "s.docx"), "cannot tell the output format"),
                         ((src, "-o", tmp_path / "s.txt", "--format", "table"), "--format table is for the terminal"),
                         ((src, "-o", src, "--force"), "is also an input")):
        result = run(runner, *args)
        assert_one_line_error(result)
        assert needle in result.stderr
    assert existing.read_text(encoding="utf-8") == "keep"


def test_output_file_is_replaced_only_with_force(runner, tmp_path, corpora):
    out = tmp_path / "s.txt"
    out.write_text("old", encoding="utf-8")
    result = run(runner, corpora / "udhr" / "en.txt", "--lang", "en", "-o", out, "--force")
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("Universal Declaration of Human Rights")
    assert [p.name for p in tmp_path.iterdir()] == ["s.txt"]     # no temporary file left behind


def test_every_segments_format_of_the_registry_writes_what_it_prints(runner, tmp_path, corpora):
    from toolkit.export import registry

    path = corpora / "udhr" / "en.txt"
    for fmt in registry.formats("segments", "write"):
        printed = run(runner, path, "--lang", "en", "--format", fmt.name).stdout
        out = tmp_path / f"s{fmt.extensions[0]}"
        assert run(runner, path, "--lang", "en", "-o", out, "--comment-header").exit_code == 0
        assert out.read_text(encoding="utf-8") == printed, fmt.name    # stdout TSV: its signature line first

