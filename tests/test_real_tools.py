"""Real tools read what the toolkit writes: translate-toolkit, LibreOffice Calc, OmegaT 3.6.

Each tool's tests are skipped with the Debian/pip package to install when the
tool is absent, so the suite says clearly what it did not check.
"""
from __future__ import annotations

import csv
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from export_fixtures import SIG, hostile_alignment, hostile_glossary, un_alignment, un_glossary
from toolkit.export import write_alignment, write_glossary
from toolkit.export.common import clean_text
from toolkit.model import Alignment, Bead, Glossary, Segment

ROOT = Path(__file__).resolve().parent.parent
OMEGAT_JAR = Path("/usr/share/omegat/OmegaT.jar")


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


# --- OmegaT ----------------------------------------------------------------------------------------

OMEGAT_PROJECT = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat>
  <project version="1.0">
    <source_dir>__DEFAULT__</source_dir>
    <source_dir_excludes/>
    <target_dir>__DEFAULT__</target_dir>
    <tm_dir>__DEFAULT__</tm_dir>
    <glossary_dir>__DEFAULT__</glossary_dir>
    <glossary_file>__DEFAULT__</glossary_file>
    <dictionary_dir>__DEFAULT__</dictionary_dir>
    <source_lang>fr-FR</source_lang>
    <target_lang>en-US</target_lang>
    <source_tok>org.omegat.tokenizer.LuceneFrenchTokenizer</source_tok>
    <target_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</target_tok>
    <sentence_seg>true</sentence_seg>
    <support_default_translations>true</support_default_translations>
    <remove_tags>false</remove_tags>
  </project>
</omegat>
"""

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
dir.listFiles().sort().each { f ->
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
