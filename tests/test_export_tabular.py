"""CSV/TSV glossaries (with a reviewer's edits and other tools' columns), OmegaT glossary, alignment TSV, term lists."""
from __future__ import annotations

import csv
import io
from dataclasses import replace

import pytest
from export_fixtures import (
    SIG,
    expected_after_roundtrip,
    hostile_alignment,
    hostile_glossary,
    stale_glossary,
    un_alignment,
    un_glossary,
)

from toolkit.errors import InputError, OutputExists
from toolkit.export import (
    alignment_tsv,
    glossary_tsv,
    read_alignment,
    read_glossary,
    read_terms,
    write_alignment,
    write_glossary,
    write_terms,
)
from toolkit.export.tabular import OMEGAT_COMMENT
from toolkit.model import (
    ACRONYM,
    ADMITTED,
    CANDIDATE,
    DEPRECATED,
    FULL_FORM,
    PREFERRED,
    SHORT_FORM,
    UNREVIEWED,
    VOCABULARY,
    ConceptTerm,
    Glossary,
    GlossaryEntry,
    Occurrence,
    Term,
)


def expected(entry: GlossaryEntry) -> GlossaryEntry:
    """:func:`expected_after_roundtrip` under the review rule: a machine entry reads back unreviewed;
    the contexts keep their documents."""
    e = expected_after_roundtrip(entry)
    for side in ("context_src", "context_tgt"):
        occ, given = getattr(e, side), getattr(entry, side)
        if occ is not None and given.document:
            setattr(e, side, replace(occ, document=given.document.strip()))
    return e if e.manual else replace(e, status=UNREVIEWED)


def _rows(text: str, delimiter: str = "\t") -> list[list[str]]:
    lines = [line for line in text.splitlines(keepends=True) if not line.startswith("#")]
    return list(csv.reader(io.StringIO("".join(lines)), delimiter=delimiter))


def test_glossary_tsv_follows_the_interchange_format():
    text = glossary_tsv(stale_glossary())    # machine entries still holding statuses by confidence
    assert text.splitlines()[0] == f"# signature: {SIG}"
    rows = _rows(text)
    assert rows[0][:17] == ["fr", "en", "pos", "class", "freq_fr", "freq_en", "confidence", "status",
                            "context_fr", "ref_fr", "context_en", "ref_en", "source", "other_fr", "other_en",
                            "term_type_fr", "term_type_en"]
    assert {"confidence", "evidence", "documents"} <= set(rows[0])       # what a terminologist sorts by
    assert rows[1][:2] == ["développement durable", "sustainable development"]
    assert rows[1][8:10] == ["Réaffirme son attachement au développement durable.", "op3"]   # no "[op3]" prefix
    assert [r[7] for r in rows[1:]] == ["unreviewed"] * 4         # machine entries: never preferred
    assert [r[3] for r in rows[1:]] == ["term"] * 4
    assert len(rows) == 1 + len(un_glossary().entries)


@pytest.mark.parametrize("ext", ["tsv", "csv"])
def test_roundtrip_keeps_every_entry(tmp_path, ext):
    g = un_glossary()
    back = read_glossary(write_glossary(g, tmp_path / f"g.{ext}"))
    assert str(back.signature) == str(SIG)
    assert back.entries == [expected(e) for e in g.entries]


@pytest.mark.parametrize("ext", ["tsv", "csv"])
def test_roundtrip_of_hostile_content(tmp_path, ext):
    g = hostile_glossary()
    back = read_glossary(write_glossary(g, tmp_path / f"h.{ext}"))
    assert back.entries == [expected(e) for e in g.entries]


def test_formula_cells_are_neutralised_with_an_apostrophe_and_numbers_untouched():
    rows = _rows(glossary_tsv(hostile_glossary()), "\t")
    header = rows[0]
    row = rows[3]   # the formula entry
    assert row[0].startswith("'=HYPERLINK(")
    assert row[1] == "'+SUM(A1:A9)"
    assert row[header.index("note")] == "'-2+3"
    assert row[header.index("source")] == "'@cmd"
    assert row[header.index("src_variants")] == "'-minus"
    assert row[header.index("tgt_variants")] == "''=already quoted"
    for r in rows[1:]:
        for cell in r:
            assert cell[:1] not in ("=", "+", "-", "@"), cell
    assert float(rows[1][header.index("confidence")]) == 0.5


def test_bom_option_writes_utf8_bom_for_excel(tmp_path):
    with_bom = write_glossary(un_glossary(), tmp_path / "b.csv", bom=True).read_bytes()
    without = write_glossary(un_glossary(), tmp_path / "n.csv").read_bytes()
    assert with_bom.startswith(b"\xef\xbb\xbf") and not without.startswith(b"\xef\xbb\xbf")
    assert read_glossary(tmp_path / "b.csv").entries == read_glossary(tmp_path / "n.csv").entries


def test_omegat_glossary_is_three_tab_separated_columns_plus_the_source_document(tmp_path):
    path = write_glossary(hostile_glossary(), tmp_path / "glossary.txt")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == OMEGAT_COMMENT                       # OmegaT's own first line; the signature is beside
    body = lines[1:]
    assert len(body) == len(hostile_glossary().entries)
    for line, entry in zip(body, hostile_glossary().entries):
        cells = line.split("\t")                    # tabs inside cells were turned into spaces
        # OmegaT reads source, target, comment and ignores the fourth column (the source document)
        assert cells[3:] == ([entry.source] if entry.source else [])
        if entry.source:
            assert cells[2].endswith("; " + entry.source)      # shown in OmegaT's comment too
    assert body[3].split("\t")[1] == "term with tab"
    back = read_glossary(path)
    assert [e.src_term for e in back.entries][:2] == ['R&D <"pilote"> & \'co\'', "التنمية المستدامة"]


def test_existing_output_is_kept_without_force(tmp_path):
    p = tmp_path / "g.tsv"
    p.write_text("mine")
    with pytest.raises(OutputExists):
        write_glossary(un_glossary(), p)
    assert p.read_text() == "mine"


def test_unknown_extension_is_a_user_error(tmp_path):
    with pytest.raises(InputError, match="extension"):
        write_glossary(un_glossary(), tmp_path / "g.docx")
    with pytest.raises(InputError, match="extension"):
        write_alignment(un_alignment(), tmp_path / "a.pdf")


# --- hand-edited files and other tools' exports -------------------------------------------

def test_reviewer_edits_in_our_tsv_are_read_as_manual(tmp_path):
    path = write_glossary(un_glossary(), tmp_path / "g.tsv")
    rows = _rows(path.read_text(encoding="utf-8"))
    header = rows[0]
    rows[3][header.index("status")] = "rejected"           # reviewer's verdict
    rows[4][1] = "Member States (UN)"                        # corrected target term
    rows[2][header.index("note")] = "official UN usage"      # a note
    buf = io.StringIO()
    buf.write(f"# signature: {SIG}\n")
    csv.writer(buf, delimiter="\t", lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
    g = read_glossary(path)
    by_src = {e.src_term: e for e in g.entries}
    assert by_src["traite des personnes"].status == DEPRECATED and by_src["traite des personnes"].manual
    assert by_src["États Membres"].tgt_term == "Member States (UN)" and by_src["États Membres"].manual
    assert by_src["Assemblée générale"].note == "official UN usage" and by_src["Assemblée générale"].manual
    assert by_src["développement durable"].manual is False


def test_other_tools_columns_are_mapped_and_extras_kept(tmp_path):
    p = tmp_path / "phrase.csv"
    p.write_text(
        "fr-FR,en-US,Notes,Status,Domain,Reviewer\n"
        "droits de l'homme,human rights,UN standard,Approved,Human rights,Ana\n"
        "=cmd,\"quoted, with comma\",,,,\n",
        encoding="utf-8")
    g = read_glossary(p)
    assert (g.src_lang, g.tgt_lang) == ("fr", "en")
    first = g.entries[0]
    assert (first.src_term, first.tgt_term, first.status) == ("droits de l'homme", "human rights", PREFERRED)
    assert first.subject_field == "Human rights"
    assert "UN standard" in first.note and "Reviewer: Ana" in first.note   # unknown column kept
    assert first.manual is True            # no toolkit signature: someone's own glossary
    assert g.entries[1].tgt_term == "quoted, with comma"


def test_source_and_target_headers_from_cat_tools(tmp_path):
    p = tmp_path / "memoq.tsv"
    p.write_text("Source\tTarget\tComment\nAssemblée générale\tGeneral Assembly\tUN organ\n", encoding="utf-8")
    g = read_glossary(p, src_lang="fr", tgt_lang="en")
    e = g.entries[0]
    assert (e.src_term, e.tgt_term, e.note, e.src_lang, e.tgt_lang) == (
        "Assemblée générale", "General Assembly", "UN organ", "fr", "en")


def test_language_columns_in_the_other_order_follow_the_requested_source(tmp_path):
    p = tmp_path / "rev.csv"
    p.write_text("English,French,status\nMember States,États Membres,preferred\n", encoding="utf-8")
    g = read_glossary(p, src_lang="fr")
    assert (g.src_lang, g.entries[0].src_term, g.entries[0].tgt_term) == ("fr", "États Membres", "Member States")


def test_unknown_status_is_kept_in_the_note(tmp_path):
    p = tmp_path / "s.csv"
    p.write_text("fr,en,status\nterme,term,maybe later\n", encoding="utf-8")
    e = read_glossary(p).entries[0]
    assert e.status == UNREVIEWED and "status: maybe later" in e.note


def test_file_without_term_columns_is_a_user_error(tmp_path):
    p = tmp_path / "x.csv"
    p.write_text("foo,bar\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match="term columns"):
        read_glossary(p)


def test_cp1252_file_from_excel_is_read(tmp_path):
    p = tmp_path / "excel.csv"
    p.write_bytes("fr;en;status\ndéveloppement;development;admitted\n".encode("cp1252"))
    e = read_glossary(p).entries[0]
    assert (e.src_term, e.tgt_term) == ("développement", "development")


# --- alignment TSV ----------------------------------------------------------------------------

def test_alignment_tsv_follows_the_interchange_format():
    text = alignment_tsv(un_alignment())
    lines = text.splitlines()
    assert lines[0] == f"# signature: {SIG}"
    rows = _rows(text)
    assert rows[0] == ["bead", "src_ids", "tgt_ids", "src_text", "tgt_text", "kind", "score", "confidence", "flagged"]
    assert len(rows) == 1 + len(un_alignment().beads)
    assert rows[5][1:3] == ["op3 op4", "op3"] and rows[5][5] == "2-1" and rows[5][8] == "yes"
    assert rows[7][2] == "" and rows[7][5] == "1-0"


def test_alignment_tsv_roundtrip_with_reviewer_status_and_note(tmp_path):
    path = write_alignment(un_alignment(), tmp_path / "a.tsv")
    rows = _rows(path.read_text(encoding="utf-8"))
    rows[0] += ["status", "note"]
    for r in rows[1:]:
        r += ["ok", ""]
    rows[5][-2:] = ["wrong", "op4 belongs with op4"]
    buf = io.StringIO()
    csv.writer(buf, delimiter="\t", lineterminator="\n").writerows(rows)
    path.write_text(f"# signature: {SIG}\n" + buf.getvalue(), encoding="utf-8")
    back = read_alignment(path)
    assert len(back) == len(un_alignment().beads)
    assert back[4].src_ids == ["op3", "op4"] and back[4].status == "wrong" and back[4].note == "op4 belongs with op4"
    assert back[4].flagged is True and back[4].confidence == pytest.approx(0.35)
    assert back[0].status == "ok" and back[0].src_text.startswith("Rappelant")


def test_alignment_tsv_roundtrip_of_hostile_text(tmp_path):
    al = hostile_alignment()
    back = read_alignment(write_alignment(al, tmp_path / "h.tsv"))
    from toolkit.export.common import clean_text
    for row, bead in zip(back, al.beads):
        assert row.src_text == clean_text(al.src_text(bead))
        assert row.tgt_text == clean_text(al.tgt_text(bead))
    assert back[0].src_text.startswith("=1+1")


def test_alignment_jsonl_roundtrip(tmp_path):
    al = un_alignment()
    back = read_alignment(write_alignment(al, tmp_path / "a.jsonl"))
    assert [r.src_ids for r in back] == [al.src_ids(b) for b in al.beads]
    assert [r.flagged for r in back] == [b.flagged for b in al.beads]


def test_alignment_file_without_id_columns_is_a_user_error(tmp_path):
    p = tmp_path / "x.tsv"
    p.write_text("a\tb\n1\t2\n")
    with pytest.raises(InputError, match="not an alignment"):
        read_alignment(p)


# --- term lists --------------------------------------------------------------------------------

def test_ranked_term_list_tsv(tmp_path):
    terms = [
        Term("traite des personnes", "traite de personne", "fr", "noun", 12, 31.5,
             occurrences=[Occurrence("op1", "Condamne la traite des personnes.")]),
        Term("-minus", "-minus", "fr", "noun", 1, 0.5),
    ]
    path = write_terms(terms, tmp_path / "terms.tsv")
    sig, rows = read_terms(path)
    assert sig is not None and sig.src_lang == "fr"
    assert [r["term"] for r in rows] == ["traite des personnes", "-minus"]
    assert list(rows[0])[:5] == ["term", "lemma", "pos", "freq", "score"]
    assert (rows[0]["freq"], rows[0]["score"]) == ("12", "31.5")
    assert "'-minus" in path.read_text(encoding="utf-8")


def test_language_names_with_regions_in_headers(tmp_path):
    p = tmp_path / "names.tsv"
    p.write_text("French (France)\tEnglish (United States)\tComments\nAssemblée générale\tGeneral Assembly\torgan\n",
                 encoding="utf-8")
    g = read_glossary(p)
    assert (g.src_lang, g.tgt_lang, g.entries[0].tgt_term, g.entries[0].note) == ("fr", "en", "General Assembly", "organ")


def test_cells_longer_than_the_csv_module_default_are_read(tmp_path):
    g = un_glossary()
    g.entries[0].note = "x" * 300_000
    back = read_glossary(write_glossary(g, tmp_path / "big.tsv"))
    assert len(back.entries[0].note) == 300_000



def test_our_csv_resaved_by_a_french_excel_is_read(tmp_path):
    """Semicolons, cp1252, the comment line quoted into a cell: still our glossary, with its signature."""
    rows = _rows(glossary_tsv(un_glossary()))
    lines = [f'"# signature: {SIG}";;;'] + [";".join(f'"{c}"' if ";" in c else c for c in r) for r in rows]
    p = tmp_path / "excel.csv"
    p.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252", errors="replace"))
    g = read_glossary(p)
    assert str(g.signature) == str(SIG)
    assert [e.src_term for e in g.entries] == [e.src_term for e in un_glossary().entries]
    assert not any(e.manual for e in g.entries)


def test_an_alignment_tsv_is_not_taken_for_a_glossary(tmp_path):
    path = write_alignment(un_alignment(), tmp_path / "a.tsv")
    with pytest.raises(InputError, match="alignment TSV, not a glossary"):
        read_glossary(path)


# --- exact round trips: the asymmetries found by tests/test_properties_formats.py ---------------

def test_a_context_without_segment_id_reads_back_without_a_bracket_prefix(tmp_path):
    g = un_glossary()
    g.entries[0].context_src = Occurrence("", "Réaffirme son attachement.")
    g.entries[0].context_tgt = Occurrence("", "[sic] quoted as printed")
    path = write_glossary(g, tmp_path / "g.tsv")
    rows = _rows(path.read_text(encoding="utf-8"))
    assert rows[1][8:12] == ["Réaffirme son attachement.", "", "[sic] quoted as printed", ""]   # sentence alone
    back = read_glossary(path).entries[0]
    assert back.context_src == Occurrence("", "Réaffirme son attachement.")       # was "[] Réaffirme..."
    assert back.context_tgt == Occurrence("", "[sic] quoted as printed")          # not segment "sic"


def test_a_carriage_return_in_a_cell_no_longer_breaks_the_file(tmp_path):
    g = un_glossary()
    g.entries[0].note = "first line\rsecond line"      # csv leaves a lone \r unquoted
    back = read_glossary(write_glossary(g, tmp_path / "g.tsv"))
    assert back.entries[0].note == "first line\nsecond line"


def test_a_variant_holding_a_separator_keeps_the_entry_a_machine_entry(tmp_path):
    g = un_glossary()
    g.entries[0].src_variants = ["développement soutenable; viable", "développement durable", " "]
    back = read_glossary(write_glossary(g, tmp_path / "g.tsv")).entries[0]
    assert back.src_variants == ["développement soutenable", "viable"]
    assert back.manual is False          # the fingerprint is taken over what the cell gives back


def test_omegat_glossary_reads_back_quotes_hashes_and_the_source_document(tmp_path):
    g = un_glossary()
    g.entries[0].src_term = '"durable" développement'
    g.entries[1].src_term = "#hashtag"
    g.entries[2].note = "check; usage"
    back = read_glossary(write_glossary(g, tmp_path / "g.txt"))
    assert [e.src_term for e in back.entries] == ['"durable" développement', "#hashtag", "traite des personnes",
                                                 "États Membres"]
    assert [e.source for e in back.entries] == [e.source for e in g.entries]     # was folded into the note
    assert [e.note for e in back.entries] == [None, None, "check; usage", "check capitalisation"]
    assert [(e.pos, e.status) for e in back.entries] == [(e.pos, UNREVIEWED) for e in g.entries]  # machine entries


def test_omegat_glossary_without_signature_whose_first_term_looks_like_a_header(tmp_path):
    g = Glossary("fr", "en", [GlossaryEntry("en", "in", "fr", "en", pos="other"),
                              GlossaryEntry("terme", "term", "fr", "en")])
    back = read_glossary(write_glossary(g, tmp_path / "g.txt"), src_lang="fr", tgt_lang="en")
    assert [(e.src_term, e.tgt_term) for e in back.entries] == [("en", "in"), ("terme", "term")]


def test_rows_without_terms_are_reported_with_their_line_numbers(tmp_path):
    from toolkit.export.common import ReaderWarning

    p = tmp_path / "g.csv"
    p.write_text("fr,en,note\nterme,term,\n,,orphan note\n\n# comment,,\n\"multi\nline\",two,\n,,x\n",
                 encoding="utf-8")
    with pytest.warns(ReaderWarning) as caught:
        g = read_glossary(p)
    assert [e.src_term for e in g.entries] == ["terme", "multi\nline"]
    assert sorted(str(w.message) for w in caught) == [
        f"{p}: skipped 1 line (a comment row): line 5",
        f"{p}: skipped 2 lines (no source or target term): lines 3, 8",
    ]


def test_alignment_jsonl_with_a_line_separator_in_a_text_reads_back(tmp_path):
    al = un_alignment()
    al.source.segments[0].text = "Rappelant\u2028sa résolution"       # JSON leaves U+2028 unescaped
    back = read_alignment(write_alignment(al, tmp_path / "a.jsonl"))
    assert back[0].src_text == "Rappelant\u2028sa résolution"


def test_reader_warnings_can_be_collected_as_one_line_messages_for_the_command_line(tmp_path):
    import warnings

    from toolkit.export.common import collected_reader_warnings

    p = tmp_path / "g.csv"
    p.write_text("fr,en,note\nterme,term,\n,,orphan\n", encoding="utf-8")
    with pytest.warns(DeprecationWarning, match="unrelated"):         # passed on, not collected
        with collected_reader_warnings() as messages:
            warnings.warn("unrelated", DeprecationWarning, stacklevel=2)
            read_glossary(p)
            read_glossary(p)                                  # every file read says it again
    assert messages == [f"{p}: skipped 1 line (no source or target term): line 3"] * 2


@pytest.mark.parametrize("ext", ["tsv", "csv", "xlsx", "tbx", "txt"])
def test_a_glossary_within_one_language_reads_back(tmp_path, ext):
    g = Glossary("fr", "fr", [GlossaryEntry("traite", "trafic", "fr", "fr", freq_src=3, freq_tgt=5,
                                            src_variants=["traite des êtres humains"],
                                            context_src=Occurrence("op1", "La traite."),
                                            context_tgt=Occurrence("op1", "Le trafic."))])
    back = read_glossary(write_glossary(g, tmp_path / f"g.{ext}"), src_lang="fr", tgt_lang="fr")
    assert (back.src_lang, back.tgt_lang) == ("fr", "fr")          # was: "cannot find ... term columns"
    e = back.entries[0]
    assert (e.src_term, e.tgt_term) == ("traite", "trafic")
    if ext != "txt":                                                 # OmegaT has no place for these
        assert (e.freq_src, e.freq_tgt, e.src_variants) == (3, 5, ["traite des êtres humains"])
        assert (e.context_src.sentence, e.context_tgt.sentence) == ("La traite.", "Le trafic.")


# --- row 1 is the header: the signature beside the file, or an opt-in comment line -------------

def _sidecar(path):
    from toolkit.export.common import sidecar_path

    return sidecar_path(path)


@pytest.mark.parametrize("name, first", [("g.tsv", "fr\ten\tpos"), ("g.csv", "fr,en,pos"), ("g.txt", OMEGAT_COMMENT)])
def test_glossary_tables_start_with_their_header_and_keep_the_signature_beside(tmp_path, name, first):
    path = write_glossary(un_glossary(), tmp_path / name)
    text = path.read_text(encoding="utf-8")
    assert text.startswith(first) and "# signature" not in text          # was: "# signature: ..." in row 1
    side = _sidecar(path)
    assert side.name == name + ".signature.json"
    import json

    assert json.loads(side.read_text(encoding="utf-8"))["signature"] == str(SIG)
    back = read_glossary(path)
    assert str(back.signature) == str(SIG)
    assert not any(e.manual for e in back.entries)      # still the machine's entries, not a person's


def test_alignment_tsv_and_term_list_files_start_with_their_header(tmp_path):
    from toolkit.export import read_alignment_signature

    a = write_alignment(un_alignment(), tmp_path / "a.tsv")
    assert a.read_text(encoding="utf-8").startswith("bead\tsrc_ids\ttgt_ids")
    assert str(read_alignment_signature(a)) == str(SIG)
    t = write_terms([Term("traite", "traite", "fr", "noun", 3, 1.5)], tmp_path / "t.tsv", signature=SIG)
    assert t.read_text(encoding="utf-8").startswith("term\tlemma\tpos")
    assert str(read_terms(t)[0]) == str(SIG)


def test_bom_comes_before_the_header_of_an_alignment_tsv(tmp_path):
    path = write_alignment(un_alignment(), tmp_path / "a.tsv", bom=True)
    assert path.read_bytes().startswith("\ufeffbead\tsrc_ids".encode("utf-8"))
    assert len(read_alignment(path)) == len(un_alignment().beads)


@pytest.mark.parametrize("write, name", [
    (lambda p, **k: write_glossary(un_glossary(), p, **k), "g.tsv"),
    (lambda p, **k: write_glossary(un_glossary(), p, **k), "g.csv"),
    (lambda p, **k: write_glossary(un_glossary(), p, **k), "g.txt"),
    (lambda p, **k: write_alignment(un_alignment(), p, **k), "a.tsv"),
    (lambda p, **k: write_terms([Term("traite", "traite", "fr", "noun", 3, 1.5)], p, signature=SIG, **k), "t.tsv"),
])
def test_comment_header_writes_the_signature_line_instead_of_the_sidecar(tmp_path, write, name):
    from toolkit.export.common import read_sidecar
    from toolkit.export.tabular import _read_table

    path = write(tmp_path / name, comment_header=True)
    lines = path.read_text(encoding="utf-8").splitlines()
    comment = lines[1] if name == "g.txt" else lines[0]        # OmegaT's own comment line stays first
    assert comment == f"# signature: {SIG}"
    assert not _sidecar(path).exists() and read_sidecar(path) is None
    assert str(_read_table(path, "\t").signature) == str(SIG)


def test_readers_take_the_comment_line_the_sidecar_or_neither(tmp_path):
    old = tmp_path / "old.tsv"                     # written before the sidecar: comment line, no sidecar
    old.write_text(glossary_tsv(un_glossary()), encoding="utf-8")
    new = write_glossary(un_glossary(), tmp_path / "new.tsv")
    bare = tmp_path / "bare.tsv"                   # the table alone, e.g. copied without its sidecar
    bare.write_text(new.read_text(encoding="utf-8"), encoding="utf-8")
    assert str(read_glossary(old).signature) == str(read_glossary(new).signature) == str(SIG)
    assert read_glossary(bare).signature is None
    assert [e.src_term for e in read_glossary(bare).entries] == [e.src_term for e in un_glossary().entries]


def test_an_existing_sidecar_is_refused_without_force_and_nothing_is_written(tmp_path):
    from toolkit.export.common import check_sidecar

    path = tmp_path / "g.tsv"
    _sidecar(path).write_text("{}", encoding="utf-8")          # left behind: NAME itself is gone
    with pytest.raises(OutputExists, match=r"g\.tsv\.signature\.json: already exists"):
        check_sidecar(path)                                     # the check a command runs before any work
    with pytest.raises(OutputExists, match=r"g\.tsv\.signature\.json: already exists"):
        write_glossary(un_glossary(), path)
    assert not path.exists() and _sidecar(path).read_text(encoding="utf-8") == "{}"
    assert not list(tmp_path.glob("*.part"))


def test_force_replaces_both_files_and_a_comment_header_removes_the_old_sidecar(tmp_path):
    path = write_glossary(un_glossary(), tmp_path / "g.tsv")
    with pytest.raises(OutputExists):
        write_glossary(un_glossary(), path)
    g = un_glossary()
    g.signature = replace(SIG, model="other")
    write_glossary(g, path, force=True)
    assert str(read_glossary(path).signature) == str(g.signature)       # the sidecar was replaced too
    write_glossary(un_glossary(), path, force=True, comment_header=True)
    assert not _sidecar(path).exists()                                  # no stale signature left beside
    assert str(read_glossary(path).signature) == str(SIG)
    unsigned = un_glossary()
    unsigned.signature = None
    write_glossary(g, path, force=True)
    write_glossary(unsigned, path, force=True)
    assert not _sidecar(path).exists() and read_glossary(path).signature is None


def test_a_damaged_sidecar_is_a_one_line_user_error(tmp_path):
    path = write_glossary(un_glossary(), tmp_path / "g.tsv")
    _sidecar(path).write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match=r"g\.tsv\.signature\.json: not a readable signature file"):
        read_glossary(path)


def test_a_monolingual_signature_reads_langs_fr_and_parses_back():
    from toolkit.export.common import parse_signature
    from toolkit.model import Signature

    sig = Signature(toolkit_version="0.1.0", src_lang="fr")
    assert "langs:fr|" in str(sig) + "|" and "fr-?" not in str(sig)
    back = parse_signature(str(sig))
    assert (back.src_lang, back.tgt_lang) == ("fr", None)
    both = parse_signature(str(Signature(toolkit_version="0.1.0", src_lang="fr", tgt_lang="en")))
    assert (both.src_lang, both.tgt_lang) == ("fr", "en")


# --- the termbase columns of issue 12: class, status, reference, the concept's other terms ------

def _gdp() -> Glossary:
    e = GlossaryEntry(
        src_term="produit intérieur brut", tgt_term="gross domestic product", src_lang="fr", tgt_lang="en",
        freq_src=5, freq_tgt=6, confidence=0.91, src_term_type=FULL_FORM, tgt_term_type=FULL_FORM,
        src_terms=[ConceptTerm("PIB", ACRONYM, freq=4), ConceptTerm("produit brut")],
        tgt_terms=[ConceptTerm("GDP", ACRONYM, ["GDPs"], 3)],
        context_src=Occurrence("op4", "Le produit intérieur brut (PIB) a augmenté.", "A/RES/70/1"),
        context_tgt=Occurrence("op4", "Gross domestic product (GDP) rose.", "sdg/en.txt"),
        source="A/RES/70/1", evidence={"cooc": 0.8}, documents=2)
    voc = GlossaryEntry("proportion", "proportion", "fr", "en", confidence=0.6, entry_class=VOCABULARY)
    cand = GlossaryEntry("mise en œuvre", "implementation", "fr", "en", confidence=0.3, entry_class=CANDIDATE)
    return Glossary("fr", "en", [e, voc, cand], SIG)


def test_table_columns_hold_class_status_sentence_reference_other_terms_and_term_types():
    rows = _rows(glossary_tsv(_gdp()))
    header = rows[0]
    cell = dict(zip(header, rows[1]))
    assert (cell["class"], cell["status"]) == ("term", "unreviewed")
    assert (cell["context_fr"], cell["ref_fr"]) == ("Le produit intérieur brut (PIB) a augmenté.", "A/RES/70/1 op4")
    assert (cell["context_en"], cell["ref_en"]) == ("Gross domestic product (GDP) rose.", "sdg/en.txt op4")
    assert (cell["other_fr"], cell["other_en"]) == ("PIB (acronym); produit brut", "GDP (acronym)")
    assert (cell["term_type_fr"], cell["term_type_en"]) == ("fullForm", "fullForm")
    assert cell["confidence"] == "0.91" and cell["evidence"] == "cooc=0.8"
    assert [r[header.index("class")] for r in rows[1:]] == ["term", "vocabulary", "candidate"]  # every class


@pytest.mark.parametrize("ext", ["tsv", "csv", "xlsx"])
def test_termbase_fields_read_back_exactly(tmp_path, ext):
    g = _gdp()
    g.entries[1].manual, g.entries[1].status = True, ADMITTED
    g.entries[2].context_src = Occurrence("", "[sic] une mise en œuvre.", "A/RES/70/1")   # no segment id
    back = read_glossary(write_glossary(g, tmp_path / f"g.{ext}"))
    assert back.entries == [expected(e) for e in g.entries]
    assert back.entries[0].tgt_terms == [ConceptTerm("GDP", ACRONYM, ["GDPs"], 3)]
    assert back.entries[2].context_src == Occurrence("", "[sic] une mise en œuvre.", "A/RES/70/1")


def test_old_context_cells_with_a_segment_prefix_still_read(tmp_path):
    p = tmp_path / "old.tsv"
    p.write_text("fr\ten\tstatus\tcontext_fr\tcontext_en\n"
                 "terme\tterm\tpreferred\t[op3] Le terme.\t[] [sic] The term.\n", encoding="utf-8")
    e = read_glossary(p).entries[0]
    assert e.context_src == Occurrence("op3", "Le terme.") and e.context_tgt == Occurrence("", "[sic] The term.")
    assert (e.status, e.manual) == (PREFERRED, True)       # a person's file: their status


def _edit(path, row: int, column: str, value: str) -> None:
    rows = _rows(path.read_text(encoding="utf-8"))
    rows[row][rows[0].index(column)] = value
    buf = io.StringIO()
    csv.writer(buf, delimiter="\t", lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


@pytest.mark.parametrize("column, value, field, expect", [
    ("class", "vocabulary", "entry_class", VOCABULARY),
    ("other_fr", "PIB (acronym)", "src_terms", [ConceptTerm("PIB", ACRONYM, [], 4)]),
    ("other_en", "GDP (shortForm)", "tgt_terms", [ConceptTerm("GDP", SHORT_FORM, ["GDPs"], 3)]),
    ("status", "approved", "status", PREFERRED),
    ("status", "rejected", "status", DEPRECATED),
])
def test_an_edit_of_class_other_terms_or_status_marks_the_row_manual(tmp_path, column, value, field, expect):
    path = write_glossary(_gdp(), tmp_path / "g.tsv")
    _edit(path, 1, column, value)
    g = read_glossary(path)
    assert getattr(g.entries[0], field) == expect and g.entries[0].manual
    assert not g.entries[1].manual and not g.entries[2].manual


@pytest.mark.parametrize("value", ["unreviewed", ""])
def test_an_unreviewed_or_empty_status_cell_is_a_machine_suggestion(tmp_path, value):
    path = write_glossary(_gdp(), tmp_path / "g.tsv")
    _edit(path, 1, "status", value)           # emptied: the same as unreviewed, no edit
    e = read_glossary(path).entries[0]
    assert e.status == UNREVIEWED and e.manual is False


def test_machine_rows_of_earlier_files_read_as_unreviewed(tmp_path):
    """Earlier versions wrote preferred/admitted by confidence: a machine's, not a person's."""
    from toolkit.export.common import fingerprint

    e = GlossaryEntry("terme", "term", "fr", "en", status=PREFERRED)
    p = tmp_path / "old.tsv"
    p.write_text(f"# signature: {SIG}\nfr\ten\tstatus\tcontext_fr\tcheck\n"
                 f"terme\tterm\tpreferred\t[op1] Le terme.\t{fingerprint(e)}\n", encoding="utf-8")
    back = read_glossary(p).entries[0]
    assert (back.status, back.manual, back.context_src) == (UNREVIEWED, False, Occurrence("op1", "Le terme."))


def test_omegat_glossary_holds_the_terms_only_and_no_figures_by_default(tmp_path):
    from toolkit.export.tabular import omegat_glossary

    g = _gdp()
    text = omegat_glossary(g, comment_header=False)
    lines = text.splitlines()[1:]
    assert [line.split("\t")[0] for line in lines] == ["produit intérieur brut"]    # no vocabulary, no candidate
    assert "0.91" not in text and "confidence" not in text
    assert lines[0].split("\t")[2] == "noun; unreviewed; A/RES/70/1"
    every = omegat_glossary(g, comment_header=False, classes="all")
    assert len(every.splitlines()) == 4
    g.entries[0].manual, g.entries[0].status = True, PREFERRED
    back = read_glossary(write_glossary(g, tmp_path / "g.txt")).entries
    assert [(e.src_term, e.status, e.manual) for e in back] == [("produit intérieur brut", PREFERRED, True)]
