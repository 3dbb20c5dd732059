"""Real tools read what the toolkit writes: translate-toolkit, LibreOffice Calc, OmegaT 3.6, vecalign's scorer.

Each tool's tests are skipped with the Debian/pip package to install when the
tool is absent, so the suite says clearly what it did not check.  One row per
tool and format:

* translate-toolkit: TMX (every unit), TBX v2 (every entry);
* LibreOffice Calc: XLSX glossary and alignment (every cell, as CSV), CSV
  glossary (row 1 is the header), XLSX printed to PDF (landscape, one page
  wide, both text columns on page 1, no row cut off, glossary page count);
* OmegaT 3.6: TMX from the paragraphs ``toolkit segment --format txt`` writes
  (100% matches for every paragraph, with OmegaT's default text filter and with
  paragraphs on line breaks), TBX v2 and OmegaT glossaries;
* vecalign's scorer: the beads file (``shared_data``).
"""
from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from export_fixtures import SIG, hostile_alignment, hostile_glossary, un_alignment, un_glossary
from omegat_project import project_xml
from toolkit.export import write_alignment, write_glossary
from toolkit.export.common import clean_text
from toolkit.model import Alignment, Bead, Glossary, Segment

ROOT = Path(__file__).resolve().parent.parent
OMEGAT_JAR = Path("/usr/share/omegat/OmegaT.jar")
VECALIGN = ROOT.parent / "shared" / "tools" / "vecalign"     # see ../shared/tools/README.md


# --- translate-toolkit ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def ttk():
    return pytest.importorskip("translate.storage.tmx", reason="translate-toolkit not installed (pip install translate-toolkit)")


@pytest.mark.parametrize("make", [un_alignment, hostile_alignment])
def test_translate_toolkit_reads_every_tmx_unit(tmp_path, ttk, make):
    al = make()
    path = write_alignment(al, tmp_path / "a.tmx")
    store = ttk.tmxfile.parsefile(str(path))
    linked = [b for b in al.beads if not b.is_null]
    assert len(store.units) == len(linked)
    for unit, bead in zip(store.units, linked):
        assert unit.source == clean_text(al.src_text(bead))
        assert unit.target == clean_text(al.tgt_text(bead))


@pytest.mark.parametrize("make", [un_glossary, hostile_glossary])
def test_translate_toolkit_reads_every_tbx_v2_entry(tmp_path, ttk, make):
    from translate.storage import tbx

    g = make()
    path = write_glossary(g, tmp_path / "g.tbx", tbx_version=2)
    store = tbx.tbxfile.parsefile(str(path))
    assert len(store.units) == len(g.entries)
    for unit, e in zip(store.units, g.entries):
        assert unit.source == clean_text(e.src_term).strip()
        assert unit.target == clean_text(e.tgt_term).strip()


# --- LibreOffice ---------------------------------------------------------------------------------

def _soffice() -> str:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    calc = list(Path("/usr/lib/libreoffice/program").glob("libsclo.so")) if exe else []
    if not exe or not calc:
        pytest.skip("LibreOffice Calc not installed (Debian package: libreoffice-calc)")
    return exe


def _lo_csv(tmp_path: Path, xlsx: Path) -> dict[str, list[list[str]]]:
    """Every sheet of ``xlsx`` as LibreOffice sees it (headless CSV export, UTF-8)."""
    out = tmp_path / "lo"
    profile = (tmp_path / "lo-profile").as_uri()
    # 44,34,76,1: comma, double quote, UTF-8, from line 1; the trailing -1 exports every sheet
    filt = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    proc = subprocess.run([_soffice(), "--headless", "--norestore", f"-env:UserInstallation={profile}",
                           "--convert-to", filt, "--outdir", str(out), str(xlsx)],
                          capture_output=True, text=True, timeout=120)
    sheets = {}
    for f in sorted(out.glob(f"{xlsx.stem}-*.csv")):
        with open(f, encoding="utf-8", newline="") as fh:
            sheets[f.stem[len(xlsx.stem) + 1:]] = list(csv.reader(fh))
    assert sheets, f"LibreOffice wrote nothing: {proc.stdout} {proc.stderr}"
    return sheets


def _same(lo: str, ours) -> bool:
    if ours is None:
        return lo == ""
    if isinstance(ours, (int, float)):
        return float(lo) == pytest.approx(float(ours))
    return lo == ours


def _assert_same_rows(lo_rows: list[list[str]], xlsx: Path, sheet: str) -> None:
    ours = [list(r) for r in load_workbook(xlsx)[sheet].iter_rows(values_only=True)]
    assert len(lo_rows) == len(ours)
    for r, (lo_row, our_row) in enumerate(zip(lo_rows, ours), start=1):
        for c, ours_cell in enumerate(our_row):
            lo_cell = lo_row[c] if c < len(lo_row) else ""
            assert _same(lo_cell, ours_cell), (sheet, r, c + 1, lo_cell[:80], str(ours_cell)[:80])


@pytest.mark.libreoffice
def test_libreoffice_shows_the_same_glossary_rows_and_no_formula_runs(tmp_path):
    path = write_glossary(hostile_glossary(), tmp_path / "g.xlsx")
    sheets = _lo_csv(tmp_path, path)
    assert set(sheets) == {"glossary", "run"}
    _assert_same_rows(sheets["glossary"], path, "glossary")
    assert sheets["glossary"][3][0] == '=HYPERLINK("http://evil.example","x")'   # text, not evaluated
    assert sheets["glossary"][3][1] == "+SUM(A1:A9)"
    run = {row[0]: row[1] for row in sheets["run"][1:]}
    assert run["signature"] == str(SIG)


@pytest.mark.libreoffice
def test_libreoffice_shows_the_same_alignment_rows(tmp_path):
    path = write_alignment(un_alignment(), tmp_path / "a.xlsx")
    sheets = _lo_csv(tmp_path, path)
    _assert_same_rows(sheets["alignment"], path, "alignment")
    assert len(sheets["alignment"]) == 1 + len(un_alignment().beads)


def _lo_convert(tmp_path: Path, path: Path, target: str, *extra: str) -> Path:
    """``path`` converted by LibreOffice headless (``target``: an extension or a filter spec)."""
    out = tmp_path / "lo"
    profile = (tmp_path / "lo-profile").as_uri()
    proc = subprocess.run([_soffice(), "--headless", "--norestore", f"-env:UserInstallation={profile}", *extra,
                           "--convert-to", target, "--outdir", str(out), str(path)],
                          capture_output=True, text=True, timeout=300)
    result = out / f"{path.stem}.{target.split(':')[0]}"
    assert result.is_file(), f"LibreOffice wrote nothing: {proc.stdout} {proc.stderr}"
    return result


def _pdf_pages(pdf: Path) -> list[tuple[float, float, str]]:
    """(width, height, text) of every page but those of the ``run`` sheet, which prints last (from its
    first page, which shows ``toolkit_version``, to the end: a long signature takes several pages)."""
    pdfplumber = pytest.importorskip("pdfplumber", reason="pdfplumber not installed (pip install pdfplumber)")
    with pdfplumber.open(str(pdf)) as doc:
        pages = [(p.width, p.height, p.extract_text() or "") for p in doc.pages]
    run = next((k for k, p in enumerate(pages) if any(key in p[2] for key in ("toolkit_version", "row_fingerprints"))),
               len(pages))
    return pages[:run]


@pytest.mark.libreoffice
def test_libreoffice_takes_row_1_of_our_csv_glossary_as_its_header(tmp_path):
    g = un_glossary()
    path = write_glossary(g, tmp_path / "g.csv")
    # 44,34,76,1: comma, double quote, UTF-8, from line 1 -- a plain CSV import, as a person does it
    book = _lo_convert(tmp_path, path, "xlsx", "--infilter=CSV:44,34,76,1")
    rows = list(load_workbook(book).worksheets[0].iter_rows(values_only=True))
    assert rows[0][:3] == ("fr", "en", "pos")                # was the "# signature: ..." line
    assert [r[0] for r in rows[1:]] == [e.src_term for e in g.entries]


@pytest.mark.libreoffice
def test_the_alignment_workbook_prints_landscape_with_both_texts_on_page_1_and_no_row_cut_off(tmp_path):
    al = _udhr_alignment()
    pages = _pdf_pages(_lo_convert(tmp_path, write_alignment(al, tmp_path / "udhr.xlsx"), "pdf"))
    assert len(pages) >= 2
    width, height, first = pages[0]
    assert width > height                                            # landscape
    flat = " ".join(first.split())
    long_beads = [b for b in al.beads if len(al.src_text(b)) > 150]
    src_words, tgt_words = (" ".join(t.split()[:4]) for t in (al.src_text(long_beads[0]), al.tgt_text(long_beads[0])))
    assert src_words in flat and tgt_words in flat, flat[:400]      # was: page 1 held the id columns only
    for _, _, text in pages:
        assert "fr-FR" in text and "en-US" in text                  # the header row on every page
    # a row too short for its wrapped text is cut at its bottom edge: its last words never print
    printed = " ".join(text for _, _, text in pages)
    cut = [al.src_ids(b) for b in al.beads if al.src_ids(b) != ["x1"]
           and not all(t.split()[-1] in printed for t in (al.src_text(b), al.tgt_text(b)))]
    assert not cut, f"{len(cut)} rows cut off, e.g. {cut[:3]}"


#: most pages the 358 entries of glossaries/udhr.fr-en.xlsx may take: at least 8 entries a page,
#: since every entry's contexts are one sentence a side (under 10 lines at the printed widths);
#: the sheet without print setup took 85 pages, split across the columns and with rows cut off
GLOSSARY_ENTRIES_PER_PAGE_MIN = 8
#: more than 40 entries a page would mean the text was shrunk to fit the page height
GLOSSARY_ENTRIES_PER_PAGE_MAX = 40


@pytest.mark.libreoffice
def test_the_shipped_glossary_prints_one_page_wide_on_a_reasonable_number_of_pages(tmp_path):
    from toolkit.export import read_glossary

    g = read_glossary(ROOT / "glossaries" / "udhr.fr-en.xlsx")
    assert len(g.entries) >= 100
    pages = _pdf_pages(_lo_convert(tmp_path, write_glossary(g, tmp_path / "udhr.xlsx"), "pdf"))
    glossary_pages = pages
    n = len(g.entries)
    assert n / GLOSSARY_ENTRIES_PER_PAGE_MAX <= len(glossary_pages) <= n / GLOSSARY_ENTRIES_PER_PAGE_MIN, (
        f"{len(glossary_pages)} pages for {n} entries")
    for width, height, text in glossary_pages:
        assert width > height and "Context FR" in text and "Context EN" in text   # one page wide, header repeated
    first = " ".join(glossary_pages[0][2].split())
    assert g.entries[0].src_term in first and g.entries[0].tgt_term in first


# --- OmegaT ----------------------------------------------------------------------------------------

OMEGAT_PROJECT = project_xml(sentence_segments=True)

# Console-translate never loads glossaries, so this script (run by OmegaT after
# compiling the project) parses every glossary file with OmegaT's own readers
# and writes what they found as JSON.
GLOSSARY_SCRIPT = """
import groovy.json.JsonOutput
import org.omegat.core.Core
import org.omegat.gui.glossary.GlossaryReaderTBX
import org.omegat.gui.glossary.GlossaryReaderTSV
if (binding.hasVariable("eventType") && eventType.toString() != "COMPILE") return
def dir = new File(Core.getProject().getProjectProperties().getGlossaryRoot())
def found = []
// the extensions OmegaT's GlossaryManager loads; anything else (a .signature.json beside) it ignores
dir.listFiles().sort().findAll { f -> [".tbx", ".txt", ".utf8", ".tab"].any { f.name.endsWith(it) } }.each { f ->
  def entries = f.name.endsWith(".tbx") ? GlossaryReaderTBX.read(f, false) : GlossaryReaderTSV.read(f, false)
  entries.each { e -> found << [file: f.name, src: e.getSrcText(), tgt: e.getLocText(), comment: e.getCommentText()] }
}
new File(System.getProperty("toolkit.glossary.out")).setText(JsonOutput.toJson(found), "UTF-8")
"""


def _omegat() -> list[str]:
    java = shutil.which("java")
    if not OMEGAT_JAR.is_file() or not java:
        pytest.skip("OmegaT not installed (Debian package: omegat)")
    return [java]


def _udhr_alignment() -> Alignment:
    """UDHR articles of the shipped corpus, paired by their stable ids, plus a hostile paragraph."""
    from toolkit.segment import read_document

    fr = read_document(ROOT / "corpora" / "udhr" / "fr.txt", "fr")
    en = read_document(ROOT / "corpora" / "udhr" / "en.txt", "en")
    fr.segments.append(Segment("x1", "paragraph", 'Texte & <b>gras</b> "cité" 😀 التنمية المستدامة'))
    en.segments.append(Segment("x1", "paragraph", 'Text & <b>bold</b> "quoted" 😀'))
    en_index = {s.id: i for i, s in enumerate(en.segments)}
    beads = [Bead((i,), (en_index[s.id],), 0.9, 0.9) for i, s in enumerate(fr.segments)
             if (".p" in s.id or s.id == "x1") and s.id in en_index]
    return Alignment(source=fr, target=en, beads=beads, signature=SIG)


@pytest.mark.omegat
def test_omegat_translates_from_our_tmx_and_loads_our_glossaries(tmp_path):
    java = _omegat()
    al = _udhr_alignment()
    assert len(al.beads) >= 40
    proj = tmp_path / "project with spaces"
    for d in ("source", "target", "tm/auto", "glossary", "dictionary", "omegat"):
        (proj / d).mkdir(parents=True)
    (proj / "omegat.project").write_text(OMEGAT_PROJECT, encoding="utf-8")
    # the French document: one paragraph per aligned bead, as a translator would receive it
    (proj / "source" / "udhr.txt").write_text("\n\n".join(al.src_text(b) for b in al.beads) + "\n", encoding="utf-8")
    write_alignment(al, proj / "tm" / "auto" / "udhr.tmx")
    glossary = Glossary("fr", "en", un_glossary().entries + hostile_glossary().entries, SIG)
    write_glossary(glossary, proj / "glossary" / "toolkit.tbx", tbx_version=2)
    write_glossary(un_glossary(), proj / "glossary" / "toolkit.txt")
    script = tmp_path / "glossary.groovy"
    script.write_text(GLOSSARY_SCRIPT, encoding="utf-8")
    report = tmp_path / "glossary.json"

    proc = subprocess.run(
        ["timeout", "150", *java, f"-Dtoolkit.glossary.out={report}", "-jar", str(OMEGAT_JAR),
         "--mode=console-translate", f"--config-dir={tmp_path / 'config'}", "--disable-project-locking",
         "--no-team", f"--script={script}", str(proj)],
        capture_output=True, text=True, timeout=180)
    log = proc.stdout[-3000:] + proc.stderr[-3000:]
    # OmegaT exits 0 even when a TMX fails to load: judge by what it produced
    target = proj / "target" / "udhr.txt"
    assert target.is_file(), log
    translated = target.read_text(encoding="utf-8")
    missing = [al.tgt_text(b)[:60] for b in al.beads if al.tgt_text(b) not in translated]
    assert not missing, f"{len(missing)} paragraphs not translated from the TMX, e.g. {missing[:2]}\n{log}"
    stats = (proj / "omegat" / "project_stats.txt").read_text(encoding="utf-8")
    remaining = next(line for line in stats.splitlines() if line.startswith("Remaining:"))
    assert remaining.split()[1] == "0", stats[:600]

    assert report.is_file(), f"the glossary script did not run\n{log}"
    found = json.loads(report.read_text(encoding="utf-8"))
    tbx_pairs = {(f["src"], f["tgt"]) for f in found if f["file"] == "toolkit.tbx"}
    for e in glossary.entries:
        assert (clean_text(e.src_term).strip(), clean_text(e.tgt_term).strip()) in tbx_pairs, e.src_term
    txt_pairs = {(f["src"], f["tgt"]) for f in found if f["file"] == "toolkit.txt"}
    assert txt_pairs == {(e.src_term, e.tgt_term) for e in un_glossary().entries}


# OmegaT's text filter (org.omegat.filters2.text.TextFilter) ends a paragraph at an empty line by
# default, which `toolkit segment --format txt` writes between paragraphs; "segmentOn=BREAKS" makes every
# line a paragraph, which the same file suits too.  A project setting (Project > File Filters > Text
# files > Paragraph segmentation on line breaks).
OMEGAT_TEXT_FILTER_ON_LINE_BREAKS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<filters removeTags="false" removeSpacesNonseg="false" preserveSpaces="false" ignoreFileContext="false">
  <filter className="org.omegat.filters2.text.TextFilter" enabled="true">
    <files sourceFilenameMask="*.txt" targetFilenamePattern="${filename}" sourceEncoding="UTF-8" targetEncoding="UTF-8"/>
    <option name="segmentOn" value="BREAKS"/>
  </filter>
</filters>
"""


def _omegat_translate(java, proj: Path, config: Path) -> tuple[str, str]:
    """Run console-translate on ``proj``; (log, the "Remaining:" line of the project statistics)."""
    proc = subprocess.run(
        ["timeout", "150", *java, "-jar", str(OMEGAT_JAR), "--mode=console-translate", f"--config-dir={config}",
         "--disable-project-locking", "--no-team", str(proj)], capture_output=True, text=True, timeout=180)
    log = proc.stdout[-3000:] + proc.stderr[-3000:]
    stats = proj / "omegat" / "project_stats.txt"
    assert stats.is_file(), log
    remaining = next(line for line in stats.read_text(encoding="utf-8").splitlines() if line.startswith("Remaining:"))
    return log, remaining


@pytest.fixture(scope="module")
def udhr_clean_text(tmp_path_factory):
    """``toolkit segment --format txt`` of the French UDHR and ``toolkit align``'s TMX of the pair."""
    from click.testing import CliRunner

    from toolkit.cli import cli

    d = tmp_path_factory.mktemp("udhr-clean")
    fr, en = ROOT / "corpora" / "udhr" / "fr.txt", ROOT / "corpora" / "udhr" / "en.txt"
    runner = CliRunner()
    res = runner.invoke(cli, ["segment", str(fr), "--format", "txt", "-o", str(d / "udhr-fr.txt")])
    assert res.exit_code == 0, res.output
    res = runner.invoke(cli, ["align", str(fr), str(en), "-o", str(d / "udhr.tmx")])
    assert res.exit_code == 0, res.output
    return d / "udhr-fr.txt", d / "udhr.tmx"


def test_the_tmx_holds_exactly_the_paragraphs_segment_writes_as_clean_text(udhr_clean_text, encoder):
    from toolkit.export.tmx import read_tmx

    text, tmx = udhr_clean_text
    lines = [line for line in text.read_text(encoding="utf-8").splitlines() if line]    # blank: between paragraphs
    sources = {u["segs"][0] for u in read_tmx(tmx)[1]}
    assert len(lines) > 80
    assert [line for line in lines if line not in sources] == []


@pytest.mark.omegat
@pytest.mark.parametrize("sentences", [False, True], ids=["paragraph-segments", "sentence-segments"])
def test_omegat_translates_every_clean_text_paragraph_from_our_tmx(tmp_path, udhr_clean_text, encoder, sentences):
    from toolkit.export.tmx import read_tmx

    java = _omegat()
    text, tmx = udhr_clean_text
    proj = tmp_path / "project"
    for d in ("source", "target", "tm/auto", "glossary", "dictionary", "omegat"):
        (proj / d).mkdir(parents=True)
    (proj / "omegat.project").write_text(
        project_xml(sentence_segments=sentences), encoding="utf-8")
    (proj / "omegat" / "filters.xml").write_text(OMEGAT_TEXT_FILTER_ON_LINE_BREAKS, encoding="utf-8")
    shutil.copy(text, proj / "source" / "udhr-fr.txt")
    shutil.copy(tmx, proj / "tm" / "auto" / "udhr.tmx")
    log, remaining = _omegat_translate(java, proj, tmp_path / "config")
    assert remaining.split()[1] == "0", remaining         # every segment filled from the TMX (tm/auto: 100% only)
    translation = {u["segs"][0]: u["segs"][1] for u in read_tmx(tmx)[1]}
    source = text.read_text(encoding="utf-8").splitlines()
    target = (proj / "target" / "udhr-fr.txt").read_text(encoding="utf-8").splitlines()
    assert len(target) == len(source), log
    assert [t for s, t in zip(source, target) if not s] == [""] * source.count("")    # the blank lines stay
    wrong = [s[:50] for s, t in zip(source, target) if s and t != translation[s]]
    assert not wrong, f"{len(wrong)} paragraphs not translated as the TMX says, e.g. {wrong[:2]}"


@pytest.mark.omegat
def test_omegat_with_its_default_text_filter_translates_every_clean_text_paragraph(tmp_path, udhr_clean_text,
                                                                                  encoder):
    # OmegaT's default text filter ends a paragraph at an empty line: the blank line `segment --format
    # txt` writes between paragraphs keeps a title or a clause ending in a comma out of the next one
    from toolkit.export.tmx import read_tmx

    java = _omegat()
    text, tmx = udhr_clean_text
    proj = tmp_path / "project"
    for d in ("source", "target", "tm/auto", "glossary", "dictionary", "omegat"):
        (proj / d).mkdir(parents=True)
    (proj / "omegat.project").write_text(OMEGAT_PROJECT, encoding="utf-8")
    shutil.copy(text, proj / "source" / "udhr-fr.txt")
    shutil.copy(tmx, proj / "tm" / "auto" / "udhr.tmx")
    log, remaining = _omegat_translate(java, proj, tmp_path / "config")
    assert remaining.split()[1] == "0", remaining
    translation = {u["segs"][0]: u["segs"][1] for u in read_tmx(tmx)[1]}
    source = text.read_text(encoding="utf-8").splitlines()
    target = (proj / "target" / "udhr-fr.txt").read_text(encoding="utf-8").splitlines()
    assert len(target) == len(source), log
    wrong = [s[:50] for s, t in zip(source, target) if s and t != translation[s]]
    assert not wrong, f"{len(wrong)} paragraphs not translated as the TMX says, e.g. {wrong[:2]}"


# --- vecalign's scorer ---------------------------------------------------------------------------

# vecalign/dp_utils.py imports the compiled DP core (Cython) at import time; the scorer uses only its
# pure-Python reader and counts, so where vecalign is not installed a stub stands in for that core.
VECALIGN_SCORE = """
import runpy, sys, types
sys.path.insert(0, sys.argv.pop(1))
try:
    import vecalign.dp_core
except ImportError:
    core = types.ModuleType("vecalign.dp_core")
    for name in ("make_dense_costs", "score_path", "sparse_dp", "make_sparse_costs", "dense_dp"):
        setattr(core, name, None)
    sys.modules["vecalign.dp_core"] = core
sys.argv[0] = "score.py"
runpy.run_module("vecalign.score", run_name="__main__")
"""
#: one row of vecalign's score table: "| Precision   |   0.829 |   0.971 |"
_SCORE_ROW = re.compile(r"^\|\s*(Precision|Recall|F1)\s*\|\s*([0-9.]+)\s*\|\s*([0-9.]+)\s*\|", re.M)


def _vecalign_score(test: Path, gold: Path) -> subprocess.CompletedProcess:
    if not (VECALIGN / "vecalign" / "score.py").is_file():
        pytest.skip(f"vecalign's source not found at {VECALIGN}")
    return subprocess.run([sys.executable, "-c", VECALIGN_SCORE, str(VECALIGN), "-t", str(test), "-g", str(gold)],
                          capture_output=True, text=True, timeout=120)


@pytest.mark.shared_data
def test_vecalign_s_scorer_reads_our_beads_file_and_agrees_with_toolkit_evaluate(tmp_path, shared_data, encoder):
    from toolkit.align import align_documents
    from toolkit.evaluate import read_beads, score, write_beads
    from toolkit.segment import read_document

    data = shared_data / "text-berg-de-fr"
    de = read_document(data / "test4.de", "de", input_format="lines")
    fr = read_document(data / "test4.fr", "fr", input_format="lines")
    alignment = align_documents(de, fr, model=encoder)
    beads = write_beads(alignment, tmp_path / "test4.beads")
    gold = data / "test4.defr"
    proc = _vecalign_score(beads, gold)
    assert proc.returncode == 0, proc.stderr[-2000:]             # was: 'Failed to parse line "# signature: ..."'
    theirs = {m.group(1): (float(m.group(2)), float(m.group(3))) for m in _SCORE_ROW.finditer(proc.stderr)}
    ours = score(read_beads(gold), read_beads(beads))
    for row, key in (("Precision", "precision"), ("Recall", "recall"), ("F1", "f1")):
        assert theirs[row] == pytest.approx((ours["strict"][key], ours["lax"][key]), abs=5e-4), row
    # the opt-in comment header is for the toolkit's own readers: vecalign's refuses it
    commented = write_beads(alignment, tmp_path / "commented.beads", comment_header=True)
    assert _vecalign_score(commented, gold).returncode != 0
    assert score(read_beads(gold), read_beads(commented)) == ours


def test_vecalign_s_scorer_reads_the_beads_toolkit_align_prints(tmp_path, encoder):
    # `toolkit align --format beads > udhr.beads` is a file vecalign's scorer takes as it is
    from click.testing import CliRunner

    from toolkit.cli import cli

    fr, en = ROOT / "corpora" / "udhr" / "fr.txt", ROOT / "corpora" / "udhr" / "en.txt"
    res = CliRunner().invoke(cli, ["align", str(fr), str(en), "--format", "beads"])
    assert res.exit_code == 0, res.output
    beads = tmp_path / "udhr.beads"
    beads.write_text(res.stdout, encoding="utf-8")
    proc = _vecalign_score(beads, beads)
    assert proc.returncode == 0, proc.stderr[-2000:]
    theirs = {m.group(1): (float(m.group(2)), float(m.group(3))) for m in _SCORE_ROW.finditer(proc.stderr)}
    assert theirs["F1"] == (1.0, 1.0)
