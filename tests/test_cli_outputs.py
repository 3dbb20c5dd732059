"""Every command: one-line usage errors, and output paths checked before any work."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from toolkit.cli import cli

_PROC = "/proc"      # a folder in which nobody can create files (Linux)
needs_proc = pytest.mark.skipif(not __import__("os").path.isdir(_PROC), reason="needs Linux /proc")


def _run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def _one_line_error(res, *needles, code=2):
    assert res.exit_code == code, res.output
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), res.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]
    assert "Usage:" not in res.output and "Traceback" not in res.output
    return lines[0]


@pytest.fixture()
def no_work(monkeypatch):
    """Record any call to the slow stages (reading, aligning, the whole pipeline)."""
    import toolkit.cli.run
    import toolkit.export.corrections
    import toolkit.pipeline
    import toolkit.segment

    calls = []

    def record(name):
        def fake(*args, **kwargs):
            calls.append(name)
            raise AssertionError(f"{name} ran before the output was checked")
        return fake

    monkeypatch.setattr(toolkit.segment, "read_document", record("read_document"))
    monkeypatch.setattr(toolkit.pipeline, "run_pair", record("run_pair"))
    monkeypatch.setattr(toolkit.export.corrections, "load_alignment", record("load_alignment"))
    monkeypatch.setattr(toolkit.cli.run, "run_main_job", record("run_main_job"))
    return calls


# --- Click's own errors: one line, exit 2, for every command ------------------------------

def test_a_directory_given_as_an_input_is_one_line(files, tmp_path):
    _one_line_error(_run("align", tmp_path, files[1]), "'SRC'", "is a directory")
    _one_line_error(_run("terms", tmp_path), "is a directory")


def test_output_pointing_to_a_directory_is_one_line(files, tmp_path):
    _one_line_error(_run("align", *files, "-o", tmp_path), "--output", "is a directory")
    _one_line_error(_run("glossary", "merge", files[0], "-o", tmp_path), "is a directory")


def test_missing_manifest_of_batch_is_one_line(tmp_path):
    _one_line_error(_run("batch", tmp_path / "nope.tsv", "-o", tmp_path / "out"), "nope.tsv", "does not exist")


def test_missing_arguments_and_unknown_commands_are_one_line():
    _one_line_error(_run("fetch"), "Missing argument 'SYMBOL'", "fetch --help")
    _one_line_error(_run("glossary", "merge"), "Missing argument")
    _one_line_error(_run("no-such-command"), "No such command")
    _one_line_error(_run("--no-such-option"), "No such option")


def test_help_is_still_help():
    res = _run("align", "--help")
    assert res.exit_code == 0 and "Usage:" in res.stdout


# --- an output is never one of the inputs, --force or not ---------------------------------

@pytest.mark.parametrize("force", [[], ["--force"]])
def test_every_command_refuses_an_output_that_is_an_input(files, tmp_path, no_work, force):
    fr, en = files
    link = tmp_path / "link.tsv"
    link.symlink_to(fr)
    glossary = tmp_path / "g.tsv"
    glossary.write_text("fr\ten\nx\ty\n", encoding="utf-8")
    cases = [
        ("align", fr, en, "-o", fr),
        ("align", fr, en, "-o", link),
        ("terms", fr, "-o", fr),
        ("glossary", fr, en, "-o", link),
        ("glossary", "merge", glossary, "-o", glossary),
        ("review", fr, en, "-o", en),
        ("import-alignment", glossary, "-o", glossary),
    ]
    for args in cases:
        _one_line_error(_run(*args, *force), "is also an input")
    assert fr.read_text(encoding="utf-8").startswith("Décide") and no_work == []


# --- checked before the work, with the user's path ----------------------------------------

def test_existing_output_is_refused_before_reading_anything(files, tmp_path, no_work):
    out = tmp_path / "out.tsv"
    out.write_text("keep", encoding="utf-8")
    for args in (("align", *files), ("terms", files[0]), ("glossary", *files), ("review", *files)):
        _one_line_error(_run(*args, "-o", out), "already exists")
    assert out.read_text(encoding="utf-8") == "keep" and no_work == []


def test_unknown_extension_is_refused_before_reading_anything(files, tmp_path, no_work):
    for args in (("align", *files), ("glossary", *files), ("import-alignment", files[0])):
        _one_line_error(_run(*args, "-o", tmp_path / "out.docx"), "out.docx", "extension")
    assert no_work == []


@needs_proc
def test_unwritable_output_folder_is_refused_before_any_work_naming_the_users_path(files, no_work):
    for args in (("align", *files), ("terms", files[0]), ("glossary", *files), ("review", *files)):
        line = _one_line_error(_run(*args, "-o", f"{_PROC}/x.tsv"), f"{_PROC}/x.tsv", "cannot write")
        assert ".part" not in line and "probe" not in line
    _one_line_error(_run("run", "-o", f"{_PROC}/out", "--only", "udhr"), f"{_PROC}/out", "cannot")
    assert no_work == []


def test_reader_warnings_are_one_warning_line_each(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["fr", "en"])
    sheet.append(["traite des personnes", '="trafficking "&"in persons"'])   # a real formula, no cached value
    book.save(tmp_path / "edited.xlsx")
    res = _run("glossary", "merge", tmp_path / "edited.xlsx", "-o", tmp_path / "out.tsv")
    assert res.exit_code == 0, res.output
    warnings = [line for line in res.stderr.splitlines() if "formula" in line]
    assert len(warnings) == 1 and warnings[0].startswith("warning: "), res.stderr
    assert "UserWarning" not in res.stderr and "warnings.warn" not in res.stderr
    from toolkit.export import read_glossary

    [entry] = read_glossary(tmp_path / "out.tsv").entries
    assert entry.tgt_term == '="trafficking "&"in persons"'     # the formula's text, never its value
