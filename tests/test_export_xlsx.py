"""Excel glossaries (CAT-tool layout, run sheet, formula safety, edits read back) and side-by-side alignments."""
from __future__ import annotations

import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from export_fixtures import LONG, SIG, expected_after_roundtrip, hostile_alignment, hostile_glossary, un_alignment, un_glossary
from toolkit.errors import InputError, OutputExists
from toolkit.export import read_alignment, read_glossary, write_alignment, write_glossary
from toolkit.export.common import clean_text
from toolkit.model import DEPRECATED, PREFERRED


def test_glossary_sheet_has_cat_tool_headers_frozen_filtered_and_wrapped(tmp_path):
    path = write_glossary(un_glossary(), tmp_path / "g.xlsx")
    wb = load_workbook(path)
    ws = wb["glossary"]
    header = [c.value for c in ws[1]]
    assert header[:2] == ["fr-FR", "en-US"]
    assert header[2:10] == ["Part of speech", "Status", "Confidence", "Frequency FR", "Frequency EN",
                            "Context FR", "Context EN", "Source"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref.startswith("A1:") and ws.auto_filter.ref.endswith(str(ws.max_row))
    assert ws.column_dimensions["H"].width >= 40
    assert ws["H2"].alignment.wrap_text and ws["I2"].alignment.wrap_text
    assert ws.max_row == 1 + len(un_glossary().entries)
    assert [ws.cell(r, 1).value for r in range(2, ws.max_row + 1)] == [e.src_term for e in un_glossary().entries]
    assert ws["E2"].value == pytest.approx(0.93) and ws["F2"].value == 7   # numbers stay numbers


def test_language_codes_in_the_header_are_configurable(tmp_path):
    path = write_glossary(un_glossary(), tmp_path / "g.xlsx", lang_codes={"fr": "fr-CA", "en": "en-GB"})
    ws = load_workbook(path)["glossary"]
    assert [ws["A1"].value, ws["B1"].value] == ["fr-CA", "en-GB"]
    back = read_glossary(path)
    assert (back.src_lang, back.tgt_lang) == ("fr", "en")


def test_run_sheet_records_the_signature(tmp_path):
    path = write_glossary(un_glossary(), tmp_path / "g.xlsx")
    ws = load_workbook(path)["run"]
    values = {r[0]: r[1] for r in ws.iter_rows(min_row=2, values_only=True)}
    assert values["signature"] == str(SIG)
    assert values["model"] == "usem3" and values["input.fr"] == SIG.inputs["fr"]


def test_formula_like_cells_are_stored_as_quoted_text_never_formulas(tmp_path):
    path = write_glossary(hostile_glossary(), tmp_path / "h.xlsx")
    with zipfile.ZipFile(path) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/")]
        for name in sheets:
            assert b"<f>" not in z.read(name) and b"<f " not in z.read(name)
    ws = load_workbook(path)["glossary"]
    cell = ws["A4"]
    assert cell.value == '=HYPERLINK("http://evil.example","x")'
    assert cell.data_type == "s" and cell.quotePrefix
    assert ws["B4"].value == "+SUM(A1:A9)" and ws["B4"].quotePrefix
    assert not ws["A2"].quotePrefix      # ordinary text is left alone


def test_control_characters_are_removed_and_long_cells_kept(tmp_path):
    path = write_glossary(hostile_glossary(), tmp_path / "h.xlsx")
    ws = load_workbook(path)["glossary"]
    assert ws["A5"].value == "terme texteavecdescaractèresdecontrôle"
    assert len(ws["H5"].value) == len("[op4] ") + len(LONG)


@pytest.mark.parametrize("make", [un_glossary, hostile_glossary])
def test_roundtrip(tmp_path, make):
    g = make()
    back = read_glossary(write_glossary(g, tmp_path / "g.xlsx"))
    assert str(back.signature) == str(SIG)
    assert back.entries == [expected_after_roundtrip(e) for e in g.entries]


def test_rows_edited_in_a_spreadsheet_are_read_as_manual(tmp_path):
    path = write_glossary(un_glossary(), tmp_path / "g.xlsx")
    wb = load_workbook(path)
    ws = wb["glossary"]
    ws["D3"] = "rejected"                         # Assemblée générale: a reviewer's verdict
    ws["B4"] = "human trafficking"                # corrected target term
    ws.move_range("A2:P2", rows=4)                # the reviewer also sorted rows around
    ws.delete_rows(2)
    ws.append(["organisation non gouvernementale", "non-governmental organization", "noun", "preferred"])
    wb.save(path)
    g = read_glossary(path)
    by_src = {e.src_term: e for e in g.entries}
    assert by_src["Assemblée générale"].status == DEPRECATED and by_src["Assemblée générale"].manual
    assert by_src["traite des personnes"].tgt_term == "human trafficking" and by_src["traite des personnes"].manual
    assert by_src["organisation non gouvernementale"].manual and by_src["organisation non gouvernementale"].status == PREFERRED
    assert by_src["développement durable"].manual is False      # moved, not edited
    assert by_src["États Membres"].manual is False


def test_workbook_from_another_tool_is_read(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["en-US", "fr-FR", "Notes", "Definition"])
    ws.append(["Member States", "États Membres", "UNTERM", "States that are members of the UN"])
    ws.append([None, None, None, None])
    ws.append(["Secretary-General", "Secrétaire général", None, None])
    wb.save(tmp_path / "other.xlsx")
    g = read_glossary(tmp_path / "other.xlsx", src_lang="fr")
    assert (g.src_lang, g.tgt_lang) == ("fr", "en")
    assert [(e.src_term, e.tgt_term) for e in g.entries] == [("États Membres", "Member States"),
                                                          ("Secrétaire général", "Secretary-General")]
    assert "UNTERM" in g.entries[0].note and "Definition: States" in g.entries[0].note
    assert all(e.manual for e in g.entries)


def test_not_a_workbook_is_a_user_error(tmp_path):
    p = tmp_path / "fake.xlsx"
    p.write_text("not a zip")
    with pytest.raises(InputError, match="xlsx"):
        read_glossary(p)


def test_existing_workbook_is_not_overwritten_without_force(tmp_path):
    p = write_glossary(un_glossary(), tmp_path / "g.xlsx")
    before = p.read_bytes()
    with pytest.raises(OutputExists):
        write_glossary(hostile_glossary(), p)
    assert p.read_bytes() == before


# --- alignments --------------------------------------------------------------------------------

def test_alignment_side_by_side_highlights_low_confidence_rows(tmp_path):
    al = un_alignment()
    path = write_alignment(al, tmp_path / "a.xlsx")
    wb = load_workbook(path)
    ws = wb["alignment"]
    assert [c.value for c in ws[1]][:5] == ["Bead", "FR ids", "EN ids", "fr-FR", "en-US"]
    assert ws.max_row == 1 + len(al.beads)
    assert ws.freeze_panes == "A2"
    for r, bead in enumerate(al.beads, start=2):
        highlighted = ws.cell(r, 4).fill.fgColor.rgb not in (None, "00000000")
        assert highlighted == (bead.confidence < 0.5 or bead.flagged), r
    assert ws["B6"].value == "op3 op4" and ws["D6"].value == al.src_text(al.beads[4])
    values = {r[0]: r[1] for r in wb["run"].iter_rows(min_row=2, values_only=True)}
    assert values["signature"] == str(SIG) and values["level"] == "paragraph"


def test_alignment_workbook_with_hostile_text(tmp_path):
    al = hostile_alignment()
    ws = load_workbook(write_alignment(al, tmp_path / "h.xlsx"))["alignment"]
    assert ws["D2"].value.startswith("=1+1") and ws["D2"].data_type == "s" and ws["D2"].quotePrefix
    assert "\x1b" not in ws["D3"].value
    assert len(ws["D4"].value) == len(LONG)


# --- formula cells, skipped rows, files without a signature -----------------------------------

def _formula_workbook(path):
    """15 entries as a person makes them in a spreadsheet, 5 of them formulas (no cached values:
    openpyxl, like LibreOffice in some setups, saves none)."""
    wb = Workbook()
    ws = wb.active
    ws.append(["fr-FR", "en-US", "Notes"])
    for k in range(15):
        if k % 3 == 0:
            ws.append([f'=C{k + 2}&" durable"', f"=UPPER(C{k + 2})", "=1+1"])
        else:
            ws.append([f"terme {k}", f"term {k}", None])
    wb.save(path)
    return path


def test_formula_cells_are_read_as_their_formula_text_and_no_row_is_lost(tmp_path):
    from toolkit.export.common import ReaderWarning

    path = _formula_workbook(tmp_path / "formulas.xlsx")
    with pytest.warns(ReaderWarning) as caught:
        g = read_glossary(path, src_lang="fr")
    assert len(g.entries) == 15                                   # was 10: formula rows came back empty
    assert (g.entries[0].src_term, g.entries[0].tgt_term) == ('=C2&" durable"', "=UPPER(C2)")
    assert g.entries[0].note == "=1+1"                              # kept literally, never evaluated
    messages = [str(w.message) for w in caught]
    assert len(messages) == 1 and "\n" not in messages[0]
    assert "15 formula cells" in messages[0] and "A2" in messages[0]


def test_formula_cells_of_an_alignment_workbook_are_read_as_text(tmp_path):
    from toolkit.export.common import ReaderWarning

    path = write_alignment(un_alignment(), tmp_path / "a.xlsx")
    wb = load_workbook(path)
    wb["alignment"]["E2"] = "=D2&D3"                               # a reviewer typed a formula
    wb.save(path)
    with pytest.warns(ReaderWarning, match=r"1 formula cell read as formula text.*alignment!E2"):
        rows = read_alignment(path)
    assert len(rows) == len(un_alignment().beads)
    assert rows[0].tgt_text == "=D2&D3"


def test_rows_the_reader_skips_are_reported_with_their_row_numbers(tmp_path):
    from toolkit.export.common import ReaderWarning

    wb = Workbook()
    ws = wb.active
    ws.append(["fr", "en", "Notes"])
    ws.append(["terme", "term", None])
    ws.append([None, None, "a note left without its terms"])
    ws.append([None, None, None])                                   # blank: nothing to lose
    ws.append(["autre", "other", None])
    ws.append([None, " ", "another orphan note"])
    wb.save(tmp_path / "gaps.xlsx")
    with pytest.warns(ReaderWarning, match=r"skipped 2 rows \(no source or target term\): rows 3, 6$"):
        g = read_glossary(tmp_path / "gaps.xlsx")
    assert [e.src_term for e in g.entries] == ["terme", "autre"]


def test_workbook_without_a_signature_keeps_each_entry_s_edit_flag(tmp_path):
    g = un_glossary()
    g.signature = None
    g.entries[1].manual = True
    back = read_glossary(write_glossary(g, tmp_path / "g.xlsx"))
    assert [e.manual for e in back.entries] == [False, True, False, False]     # was: all manual


def test_alignment_workbook_reads_back_with_a_reviewer_s_status_column(tmp_path):
    al = hostile_alignment()
    path = write_alignment(al, tmp_path / "a.xlsx")
    wb = load_workbook(path)
    ws = wb["alignment"]
    ws.cell(1, 10, "Status")
    ws.cell(3, 10, "rejected")
    wb.save(path)
    rows = read_alignment(path)
    assert [r.src_ids for r in rows] == [al.src_ids(b) for b in al.beads]
    assert rows[0].src_text == "=1+1 & <b>gras</b> \"cité\" 😀"
    assert rows[1].status == "wrong" and rows[0].status is None
    assert rows[3].src_text == clean_text(al.src_text(al.beads[3]))
