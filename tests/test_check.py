"""Term consistency check of a translation against a termbase (toolkit.check, `toolkit check`)."""
from __future__ import annotations

import csv

import pytest
from click.testing import CliRunner

from toolkit.check import COLUMNS, CheckIndex, check_alignment, report_tsv, write_report
from toolkit.model import Alignment, Bead, Document, Glossary, GlossaryEntry, Segment, Signature


def strong(src, tgt, **kw) -> GlossaryEntry:
    """An entry with the evidence the check needs (many documents, consistent)."""
    values = dict(documents=12, confidence=0.99, evidence={"cooc": 20, "pairs_src": 21})
    values.update(kw)
    return GlossaryEntry(src_term=src, tgt_term=tgt, src_lang="fr", tgt_lang="en", **values)


TB = Glossary("fr", "en", [
    strong("développement durable", "sustainable development"),
    strong("sécurité alimentaire", "food security"),
    strong("produit intérieur brut", "gross domestic product"),
    strong("droits de l'homme", "human rights"),
    strong("Conseil des droits de l'homme", "Human Rights Council"),
    strong("femmes enceintes", "pregnant women"),
    strong("changements climatiques", "climate change", documents=1, confidence=0.7),      # weak evidence
    strong("niveau national", "national level"),                                            # general head
    GlossaryEntry("esclavage moderne", "modern slavery", "fr", "en", manual=True, documents=0),  # a person's
], Signature(toolkit_version="0", src_lang="fr", tgt_lang="en"))


def pair(rows: list[tuple[str, str]]) -> Alignment:
    src = Document("fr", [Segment(f"s{k}", "paragraph", fr) for k, (fr, _) in enumerate(rows, 1)])
    tgt = Document("en", [Segment(f"s{k}", "paragraph", en) for k, (_, en) in enumerate(rows, 1)])
    beads = [Bead((k,), (k,), confidence=0.9) for k in range(len(rows))]
    return Alignment(src, tgt, beads, Signature(toolkit_version="0", src_lang="fr", tgt_lang="en"))


def flags_of(rows):
    return [(f.segment, f.source_term) for f in check_alignment(pair(rows), TB)]


def test_a_segment_without_any_known_equivalent_of_its_source_term_is_flagged():
    assert flags_of([("Le développement durable est un objectif.", "Durable growth is a goal."),
                     ("La sécurité alimentaire des ménages", "Household food security")]) == \
        [(0, "développement durable")]


def test_inflected_coordinated_or_abbreviated_renderings_are_not_flagged():
    assert flags_of([("les droits de l'homme", "the human right"),
                     ("les femmes enceintes et allaitantes", "pregnant and lactating women"),
                     ("le produit intérieur brut", "GDP per capita"),
                     ("la sécurité alimentaire", "food-security")]) == []


def test_the_longest_known_term_is_checked_not_the_shorter_one_inside_it():
    flags = flags_of([("Le Conseil des droits de l'homme se réunit.", "The Council meets.")])
    assert flags == [(0, "Conseil des droits de l'homme")]


def test_weak_machine_evidence_and_general_collocations_are_not_checked_but_a_persons_entry_is():
    index = CheckIndex(TB)
    checked = {k.source_term for k in index.checked.values()}
    assert "changements climatiques" not in checked and "niveau national" not in checked
    assert "esclavage moderne" in checked
    assert flags_of([("changements climatiques", "weather variation"), ("au niveau national", "nationally"),
                     ("l'esclavage moderne", "slavery today")]) == [(2, "esclavage moderne")]


def test_the_report_has_its_header_in_row_1_in_tsv_and_xlsx(tmp_path):
    from openpyxl import load_workbook

    flags = check_alignment(pair([("=développement durable", "=durable growth")]), TB)
    sig = Signature(toolkit_version="0", params={"kind": "term-check"})
    tsv = write_report(flags, tmp_path / "r.tsv", signature=sig)
    rows = list(csv.reader(tsv.read_text(encoding="utf-8").splitlines(), delimiter="\t"))
    assert tuple(rows[0]) == COLUMNS
    assert rows[1][3] == "développement durable" and rows[1][7].startswith("'=")    # no formula
    assert rows[-1][0].startswith("# signature:")
    ws = load_workbook(write_report(flags, tmp_path / "r.xlsx", signature=sig)).active
    assert tuple(c.value for c in ws[1]) == COLUMNS and ws.cell(2, 4).value == "développement durable"
    assert report_tsv([]).splitlines() == ["\t".join(COLUMNS)]


def test_a_report_in_another_format_is_refused(tmp_path):
    from toolkit.errors import InputError

    with pytest.raises(InputError, match=r"\.tsv or \.xlsx"):
        write_report([], tmp_path / "r.tbx")


@pytest.mark.slow
def test_check_command_aligns_the_pair_and_writes_the_report(tmp_path):
    import toolkit.cli.suggest  # noqa: F401  (registers the commands until toolkit.cli imports it)
    from toolkit.cli import cli
    from toolkit.export import write_glossary

    fr = tmp_path / "fr.txt"
    en = tmp_path / "en.txt"
    fr.write_text("Le développement durable est notre objectif commun.\n"
                  "La sécurité alimentaire reste fragile dans la région.\n", encoding="utf-8")
    en.write_text("Durable growth is our common goal.\nFood security remains fragile in the region.\n",
                  encoding="utf-8")
    tb = write_glossary(TB, tmp_path / "tb.tbx")
    out = tmp_path / "report.tsv"
    result = CliRunner().invoke(cli, ["check", str(fr), str(en), "--termbase", str(tb), "-o", str(out),
                                      "--input-format", "lines"])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(out.read_text(encoding="utf-8").splitlines(), delimiter="\t"))
    assert tuple(rows[0]) == COLUMNS
    assert [r[3] for r in rows[1:] if not r[0].startswith("#")] == ["développement durable"]
    assert "1 flags" in result.output
