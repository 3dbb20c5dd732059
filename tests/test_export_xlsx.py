"""Excel glossaries (CAT-tool layout, run sheet, formula safety, edits read back) and side-by-side alignments."""
from __future__ import annotations

import zipfile
from dataclasses import replace

import pytest
from export_fixtures import (
    LONG,
    SIG,
    expected_after_roundtrip,
    hostile_alignment,
    hostile_glossary,
    un_alignment,
    un_glossary,
)
from openpyxl import Workbook, load_workbook

from toolkit.errors import InputError, OutputExists
from toolkit.export import (
    read_alignment,
    read_glossary,
    write_alignment,
    write_glossary,
)
from toolkit.export.common import clean_text
from toolkit.model import (
    ACRONYM,
    CANDIDATE,
    DEPRECATED,
    FULL_FORM,
    PREFERRED,
    UNREVIEWED,
    VOCABULARY,
    ConceptTerm,
    Glossary,
    GlossaryEntry,
    Occurrence,
)


def expected(entry: GlossaryEntry) -> GlossaryEntry:
    """:func:`expected_after_roundtrip` under the review rule: a machine entry reads back unreviewed."""
    e = expected_after_roundtrip(entry)
    return e if e.manual else replace(e, status=UNREVIEWED)


def column(ws, header: str) -> str:
    """The letter of the glossary sheet's column named ``header``."""
    from openpyxl.utils import get_column_letter

    return get_column_letter([c.value for c in ws[1]].index(header) + 1)


def test_glossary_sheet_has_cat_tool_headers_frozen_filtered_and_wrapped(tmp_path):
    path = write_glossary(un_glossary(), tmp_path / "g.xlsx")
    wb = load_workbook(path)
    ws = wb["glossary"]
    header = [c.value for c in ws[1]]
    assert header[:2] == ["fr-FR", "en-US"]
    assert header[2:19] == ["Part of speech", "Class", "Status", "Confidence", "Frequency FR", "Frequency EN",
                            "Context FR", "Context EN", "Reference FR", "Reference EN", "Other terms FR",
                            "Other terms EN", "Source", "Notes", "Variants FR", "Variants EN", "Subject field"]
    assert header[19:] == ["Term type FR", "Term type EN", "Documents", "Evidence", "Other term details"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref.startswith("A1:") and ws.auto_filter.ref.endswith(str(ws.max_row))
    assert ws.column_dimensions["I"].width >= 40
    assert ws["I2"].alignment.wrap_text and ws["J2"].alignment.wrap_text
    assert ws.max_row == 1 + len(un_glossary().entries)
    assert [ws.cell(r, 1).value for r in range(2, ws.max_row + 1)] == [e.src_term for e in un_glossary().entries]
    assert ws["F2"].value == pytest.approx(0.93) and ws["G2"].value == 7   # numbers stay numbers
    assert [ws.cell(r, 5).value for r in range(2, 6)] == ["unreviewed"] * 4     # machine entries: no status
    assert [ws.cell(r, 4).value for r in range(2, 6)] == ["term"] * 4
    assert (ws["I2"].value, ws["K2"].value) == ("Réaffirme son attachement au développement durable.", "op3")


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
    assert len(ws["I5"].value) == len(LONG) and ws["K5"].value == "op4"      # the sentence alone


@pytest.mark.parametrize("make", [un_glossary, hostile_glossary])
def test_roundtrip(tmp_path, make):
    g = make()
    back = read_glossary(write_glossary(g, tmp_path / "g.xlsx"))
    assert str(back.signature) == str(SIG)
    assert back.entries == [expected(e) for e in g.entries]


def test_rows_edited_in_a_spreadsheet_are_read_as_manual(tmp_path):
    path = write_glossary(un_glossary(), tmp_path / "g.xlsx")
    wb = load_workbook(path)
    ws = wb["glossary"]
    ws[column(ws, "Status") + "3"] = "rejected"   # Assemblée générale: a reviewer's verdict
    ws["B4"] = "human trafficking"                # corrected target term
    ws[column(ws, "Class") + "5"] = "candidate"   # États Membres: demoted
    ws.move_range("A2:X2", rows=4)                # the reviewer also sorted rows around
    ws.delete_rows(2)
    ws.append(["organisation non gouvernementale", "non-governmental organization", "noun", "term", "preferred"])
    wb.save(path)
    g = read_glossary(path)
    by_src = {e.src_term: e for e in g.entries}
    assert by_src["Assemblée générale"].status == DEPRECATED and by_src["Assemblée générale"].manual
    assert by_src["traite des personnes"].tgt_term == "human trafficking" and by_src["traite des personnes"].manual
    assert by_src["organisation non gouvernementale"].manual and by_src["organisation non gouvernementale"].status == PREFERRED
    assert by_src["développement durable"].manual is False      # moved, not edited
    assert by_src["développement durable"].status == UNREVIEWED
    assert by_src["États Membres"].manual and by_src["États Membres"].entry_class == CANDIDATE


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


# --- printing: row heights from the text, A4 landscape one page wide, header on every page ------

def test_estimated_lines_follow_words_line_breaks_and_wide_characters():
    from toolkit.export.xlsx import (
        CELL_PADDING_CHARS,
        CHARS_PER_WIDTH_UNIT,
        estimate_lines,
    )

    width = 20
    capacity = int(width * CHARS_PER_WIDTH_UNIT) - CELL_PADDING_CHARS
    assert estimate_lines("", width) == 1 and estimate_lines("court", width) == 1
    assert estimate_lines("x" * capacity, width) == 1 and estimate_lines("x" * (capacity + 1), width) == 2
    assert estimate_lines("a\nb\n\nc", width) == 4                          # explicit line breaks count
    words = " ".join(["mot"] * 30)                                           # 119 characters
    assert estimate_lines(words, width) >= len(words) // capacity + 1
    assert estimate_lines("中" * capacity, width) == 2                        # CJK is twice as wide


def test_rows_of_the_alignment_sheet_are_as_tall_as_their_wrapped_text(tmp_path):
    from toolkit.export.xlsx import LINE_HEIGHT_PT, MAX_ROW_HEIGHT_PT

    al = hostile_alignment()
    ws = load_workbook(write_alignment(al, tmp_path / "a.xlsx"))["alignment"]
    heights = [ws.row_dimensions[r].height for r in range(2, ws.max_row + 1)]
    assert all(h is not None for h in heights)                       # was: no height, text overlapping
    by_length = sorted(zip((len(al.src_text(b)) for b in al.beads), heights))
    assert by_length[0][1] <= 2 * LINE_HEIGHT_PT                       # a short row stays short
    # the 10,000-character paragraph in a 60-wide column: far more than 409 points, cut at Excel's maximum
    assert by_length[-1][1] == MAX_ROW_HEIGHT_PT
    un = load_workbook(write_alignment(un_alignment(), tmp_path / "u.xlsx"))["alignment"]
    text = un["D2"].value
    # a 60-wide column holds well under 100 characters a line: at least len/100 lines
    assert un.row_dimensions[2].height >= LINE_HEIGHT_PT * (len(text) // 100 + 1)


def test_glossary_rows_are_as_tall_as_their_contexts(tmp_path):
    from toolkit.export.xlsx import LINE_HEIGHT_PT

    g = un_glossary()
    g.entries[0].context_src = Occurrence("op3", "Réaffirme son attachement au développement durable. " * 6)
    ws = load_workbook(write_glossary(g, tmp_path / "g.xlsx"))["glossary"]
    assert ws.row_dimensions[2].height >= LINE_HEIGHT_PT * (len(ws["I2"].value) // 100 + 1)
    assert ws.row_dimensions[2].height > ws.row_dimensions[3].height
    assert all(ws.cell(2, c).alignment.wrap_text for c in (1, 2, 9, 10, 16))    # terms wrap too: not cut off


@pytest.mark.parametrize("kind", ["glossary", "alignment"])
def test_every_sheet_prints_on_a4_landscape_one_page_wide_with_the_header_row_repeated(tmp_path, kind):
    path = (write_glossary(un_glossary(), tmp_path / "g.xlsx") if kind == "glossary"
            else write_alignment(un_alignment(), tmp_path / "a.xlsx"))
    wb = load_workbook(path)
    for ws in wb.worksheets:
        setup = ws.page_setup
        assert (setup.orientation, int(setup.paperSize)) == ("landscape", 9), ws.title
        assert (int(setup.fitToWidth), int(setup.fitToHeight)) == (1, 0), ws.title    # as many pages down as needed
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert ws.print_title_rows.replace("$", "") == "1:1", ws.title
    if kind == "glossary":
        # terms to subject field are printed; term types, the document count and evidence stay on screen
        ws = wb["glossary"]
        assert str(ws.print_area).endswith(f"$A$1:${column(ws, 'Subject field')}${ws.max_row}")


def test_the_sheet_holds_every_class_the_concept_s_other_terms_and_reads_them_back(tmp_path):
    e = GlossaryEntry(
        "produit intérieur brut", "gross domestic product", "fr", "en", confidence=0.91,
        src_term_type=FULL_FORM, tgt_term_type=FULL_FORM, src_terms=[ConceptTerm("PIB", ACRONYM, ["P.I.B."], 4)],
        tgt_terms=[ConceptTerm("GDP", ACRONYM)],
        context_src=Occurrence("op4", "Le PIB a augmenté.", "A/RES/70/1"),
        context_tgt=Occurrence("op4", "GDP rose.", "A/RES/70/1/Add.1"))
    g = Glossary("fr", "en", [e, GlossaryEntry("proportion", "proportion", "fr", "en", entry_class=VOCABULARY)], SIG)
    path = write_glossary(g, tmp_path / "g.xlsx")
    ws = load_workbook(path)["glossary"]
    assert ws[column(ws, "Other terms FR") + "2"].value == "PIB (acronym)"
    assert ws[column(ws, "Reference EN") + "2"].value == "A/RES/70/1/Add.1 op4"
    assert ws[column(ws, "Class") + "3"].value == "vocabulary"
    back = read_glossary(path)
    assert back.entries == g.entries          # nothing lost: variants and frequencies of PIB too
