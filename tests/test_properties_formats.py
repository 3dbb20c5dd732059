"""Property-based round trips: read(write(x)) == normalise(x) for every format the toolkit reads back.

``normalise`` is exactly the transformations the writers document
(:mod:`toolkit.export.common`: cleaning, trimming, variants in one cell,
rounding; :mod:`toolkit.export.tabular`: what OmegaT's glossary holds;
:mod:`toolkit.export.tmx`: no null beads) and nothing more.  The strings are
hostile on purpose: formula triggers, XML specials, bidi and combining marks,
control characters the writers strip, tabs and line breaks, brackets that
look like segment ids.
"""
from __future__ import annotations

import re
import tempfile
import unicodedata
import warnings
from dataclasses import replace
from pathlib import Path

import pytest
from export_fixtures import SIG
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.evaluate import format_beads, parse_beads
from toolkit.export import (
    read_alignment,
    read_glossary,
    read_terms,
    write_alignment,
    write_glossary,
    write_terms,
)
from toolkit.export.tabular import AlignmentRow
from toolkit.model import (
    ENTRY_CLASSES,
    STATUSES,
    TERM,
    TERM_TYPES,
    UNREVIEWED,
    Alignment,
    Bead,
    ConceptTerm,
    Document,
    Glossary,
    GlossaryEntry,
    Occurrence,
    Segment,
    Term,
)

settings.register_profile("formats", max_examples=40, deadline=None, derandomize=True, database=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
PROFILE = settings.get_profile("formats")

TBX2_POS = ("noun", "verb", "adjective", "adverb", "other", "properNoun")

# --------------------------------------------------------------------------- strategies

HOSTILE = [
    *"abcXYZ019 ;|[]<>&\"'=+-@#\t\n\r",
    "é", "e\u0301", "\u0301", "ا", "ש", "\u200f", "\u202e", "😀", "ß", "ﬁ", "\xa0", "\u3000",
    "\x00", "\x07", "\x0b", "\x0c", "\x1b", "\x1f", "\x85", "\u2028", "\ud800", "\ufffe", "\uffff",
]
PREFIXES = ["", "", "=", "+", "-", "@", "'=", "''+", " =", "#", "[x] ", "[] ", "\t@"]
SEGMENT_IDS = ["", "op1", "pp7.a", "annex.op3", "art12.p1", "fn2", "op3+op4", "t1.a", "s10"]

text = st.tuples(st.sampled_from(PREFIXES), st.lists(st.sampled_from(HOSTILE), max_size=10).map("".join)).map(
    "".join) | st.text(max_size=8)
term = text.filter(lambda s: clean_text(s).strip() != "")
occurrence = st.builds(Occurrence, st.sampled_from(SEGMENT_IDS), text)
# a context of a glossary entry also names its document (a symbol, a file label, hostile text)
documents = st.none() | text | st.sampled_from(["A/RES/70/1", "sdg/en.txt", "A/RES/1 [x]", "my file.txt"])
entry_occurrence = st.builds(Occurrence, st.sampled_from(SEGMENT_IDS), text, documents)
# further terms of a concept: hostile, but no cell separator (; |) and no "(type)" look-alike ending
concept_text = term.filter(lambda s: not re.search(r"[;|]", s) and not clean_text(s).strip().endswith(")"))
concept_terms = st.lists(st.builds(ConceptTerm, concept_text, st.sampled_from((*TERM_TYPES, None)),
                                   st.lists(text, max_size=2), st.integers(0, 1000)), max_size=2)
notes = st.none() | text | st.sampled_from(["confidence: 2", "note: kept", "variant", "frequency: 12",
                                            "documents: 3", "evidence.sim: 0.5", "a; b"])
sources = st.none() | text | st.sampled_from(["A/RES/68/192", "A/RES/1 [x]", "A/RES/1; A/RES/2"])
numbers = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)
LANG_PAIRS = [("fr", "en"), ("en", "fr"), ("ar", "zh"), ("es", "ru")]


@st.composite
def entries(draw, s: str, t: str) -> GlossaryEntry:
    return GlossaryEntry(
        src_term=draw(term), tgt_term=draw(term), src_lang=s, tgt_lang=t,
        pos=draw(st.sampled_from(TBX2_POS)), status=draw(st.sampled_from((*STATUSES, UNREVIEWED))),
        freq_src=draw(st.integers(0, 10**6)), freq_tgt=draw(st.integers(0, 10**6)),
        confidence=draw(st.floats(0, 1)), documents=draw(st.integers(0, 1000)),
        src_variants=draw(st.lists(text, max_size=3)), tgt_variants=draw(st.lists(text, max_size=3)),
        context_src=draw(st.none() | entry_occurrence), context_tgt=draw(st.none() | entry_occurrence),
        source=draw(sources), subject_field=draw(st.none() | text), note=draw(notes),
        manual=draw(st.booleans()),
        evidence=draw(st.dictionaries(st.from_regex(r"[a-z][a-z_]{0,6}", fullmatch=True), numbers, max_size=3)),
        entry_class=draw(st.sampled_from(ENTRY_CLASSES)),
        src_terms=draw(concept_terms), tgt_terms=draw(concept_terms),
        src_term_type=draw(st.none() | st.sampled_from(TERM_TYPES)),
        tgt_term_type=draw(st.none() | st.sampled_from(TERM_TYPES)))


def _pair_key(e: GlossaryEntry) -> tuple[str, str]:
    return clean_text(e.src_term).strip(), clean_text(e.tgt_term).strip()


@st.composite
def glossaries(draw) -> Glossary:
    s, t = draw(st.sampled_from(LANG_PAIRS + [("fr", "fr")]))     # a glossary within one language too
    # one entry per term pair, as build_glossary and merge produce
    items = draw(st.lists(entries(s, t), min_size=1, max_size=5, unique_by=_pair_key))
    items[0].entry_class = TERM        # a TBX (terms only, by default) has one concept at least
    signature = draw(st.sampled_from([SIG, None])) if (s, t) == ("fr", "en") else None
    return Glossary(src_lang=s, tgt_lang=t, entries=items, signature=signature)


@st.composite
def alignments(draw) -> Alignment:
    n_beads = draw(st.integers(1, 6))
    src: list[Segment] = []
    tgt: list[Segment] = []
    beads = []
    for _ in range(n_beads):
        ns, nt = draw(st.sampled_from([(1, 1), (1, 0), (0, 1), (2, 1), (1, 2)]))
        bs = tuple(range(len(src), len(src) + ns))
        bt = tuple(range(len(tgt), len(tgt) + nt))
        for side, count in ((src, ns), (tgt, nt)):
            for _ in range(count):
                side.append(Segment(f"{draw(st.sampled_from(SEGMENT_IDS[1:]))}-{len(side)}", "paragraph", draw(text)))
        beads.append(Bead(bs, bt, draw(numbers), draw(st.floats(0, 1)), draw(st.booleans())))
    s, t = draw(st.sampled_from(LANG_PAIRS + [("fr", "fr")]))
    return Alignment(Document(s, src, symbol="A/RES/1 & <2>"), Document(t, tgt), beads, SIG)


terms_lists = st.lists(st.builds(
    Term, text, text, st.sampled_from(["fr", "en"]), st.sampled_from(TBX2_POS), st.integers(0, 10**6), numbers,
    st.lists(text, max_size=3), st.lists(occurrence, max_size=2),
    st.sampled_from(["phrase", "name", "acronym"])), max_size=5)


# --------------------------------------------------------------------------- the documented normalisation
# Written out here, independently of the writers' own helpers.

_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean_text(value) -> str:
    """NFC, characters XML 1.0 forbids removed, line ends as \\n."""
    text = "" if value is None else str(value)
    return unicodedata.normalize("NFC", _FORBIDDEN.sub("", text).replace("\r\n", "\n").replace("\r", "\n"))


def _c(value) -> str:
    return clean_text(value).strip()


def canonical_variants(main: str, variants: list[str]) -> list[str]:
    """Trimmed, without empty ones and without the main term."""
    return [_c(v) for v in variants if _c(v) and _c(v) != _c(main)]


def cell_variants(main: str, variants: list[str]) -> list[str]:
    """What one table cell gives back: variants separated by ';' or '|'."""
    pieces = [piece for v in canonical_variants(main, variants) for piece in re.split(r"[;|]", v)]
    return canonical_variants(main, pieces)


def omegat_cell(value) -> str:
    """One line: tabs and line breaks as spaces, trimmed."""
    return re.sub(r"[\t\n]+", " ", clean_text(value)).strip()


def format_context(occ: Occurrence) -> str:
    sentence = _c(occ.sentence)
    if not sentence:
        return ""
    return f"[{occ.segment_id}] {sentence}" if occ.segment_id or sentence.startswith("[") else sentence


def _context(occ: Occurrence | None) -> Occurrence | None:
    if occ is None or not _c(occ.sentence):
        return None
    return Occurrence(_c(occ.segment_id), _c(occ.sentence), _c(occ.document) or None)


def written_status(e: GlossaryEntry) -> str:
    """Only a person gives a status: a machine entry is written (and reads back) unreviewed."""
    return e.status if e.manual else UNREVIEWED


def _concept_terms(head: str, terms: list[ConceptTerm], fmt: str) -> list[ConceptTerm]:
    """A TBX has one term section per term (none for an empty one, the head term again or a
    repeat); a table cell keeps every non-empty term, in order."""
    out, seen = [], {_c(head)}
    for t in terms:
        text = _c(t.text)
        if not text or (fmt in ("tbx3", "tbx2") and text in seen):
            continue
        seen.add(text)
        out.append(ConceptTerm(text, t.term_type, canonical_variants(text, t.variants), t.freq))
    return out


def expected_entries(glossary: Glossary, fmt: str) -> list[GlossaryEntry]:
    """TBX and OmegaT hold the terms only (the default classes); tables every entry."""
    keep = [e for e in glossary.entries if fmt not in ("tbx3", "tbx2", "omegat") or e.entry_class == TERM]
    return [expected_entry(e, fmt, glossary) for e in keep]


def expected_entry(e: GlossaryEntry, fmt: str, glossary: Glossary) -> GlossaryEntry:
    if fmt == "omegat":
        o = omegat_cell
        status = written_status(e)
        return GlossaryEntry(src_term=o(e.src_term), tgt_term=o(e.tgt_term), src_lang=e.src_lang,
                             tgt_lang=e.tgt_lang, pos=e.pos, status=status,
                             note=o(e.note or "") or None, source=o(e.source or "") or None,
                             manual=glossary.signature is None or status in STATUSES)
    variants = canonical_variants if fmt in ("tbx3", "tbx2") else cell_variants
    return replace(
        e, src_term=_c(e.src_term), tgt_term=_c(e.tgt_term), status=written_status(e),
        confidence=round(e.confidence, 4),
        src_variants=variants(e.src_term, e.src_variants), tgt_variants=variants(e.tgt_term, e.tgt_variants),
        context_src=_context(e.context_src), context_tgt=_context(e.context_tgt),
        source=_c(e.source) or None, subject_field=_c(e.subject_field) or None, note=_c(e.note) or None,
        evidence={k: round(v, 4) for k, v in e.evidence.items()},
        src_terms=_concept_terms(e.src_term, e.src_terms, fmt), tgt_terms=_concept_terms(e.tgt_term, e.tgt_terms, fmt))


GLOSSARY_FORMATS = {"tbx3": ("g.tbx", {"tbx_version": 3}), "tbx2": ("g.tbx", {"tbx_version": 2}),
                    "xlsx": ("g.xlsx", {}), "csv": ("g.csv", {}), "tsv": ("g.tsv", {}),
                    "omegat": ("g.txt", {})}


def _roundtrip_glossary(g: Glossary, fmt: str) -> Glossary:
    name, options = GLOSSARY_FORMATS[fmt]
    with tempfile.TemporaryDirectory() as tmp:
        path = write_glossary(g, Path(tmp) / name, **options)
        with warnings.catch_warnings():
            warnings.simplefilter("error")          # our own files: nothing skipped, no formula
            return read_glossary(path, src_lang=g.src_lang, tgt_lang=g.tgt_lang)


@pytest.mark.parametrize("fmt", list(GLOSSARY_FORMATS))
def test_every_glossary_format_reads_back_exactly_what_was_written(fmt):
    @PROFILE
    @given(glossaries())
    def check(g):
        back = _roundtrip_glossary(g, fmt)
        assert (back.src_lang, back.tgt_lang) == (g.src_lang, g.tgt_lang)
        assert str(back.signature) == str(g.signature)
        assert back.entries == expected_entries(g, fmt)

    check()


@pytest.mark.parametrize("fmt", ["tsv", "xlsx", "tbx3"])
def test_a_second_round_trip_changes_nothing(fmt):
    """The normalisation is a fixed point: reading, writing and reading again gives the same glossary
    (contexts without segment ids no longer gain a "[] " prefix on every merge)."""
    @settings(PROFILE, max_examples=10)
    @given(glossaries())
    def check(g):
        once = _roundtrip_glossary(g, fmt)
        twice = _roundtrip_glossary(once, fmt)
        assert twice.entries == once.entries

    check()


# --------------------------------------------------------------------------- alignments

def expected_rows(al: Alignment, fmt: str) -> list[AlignmentRow]:
    digits = 6 if fmt == "jsonl" else 4
    rows = []
    for k, b in enumerate(al.beads):
        if fmt == "tmx" and b.is_null:
            continue          # a translation memory holds links only
        rows.append(AlignmentRow(
            bead=k, src_ids=al.src_ids(b), tgt_ids=al.tgt_ids(b), src_text=clean_text(al.src_text(b)),
            tgt_text=clean_text(al.tgt_text(b)), kind=b.kind, score=round(b.score, digits),
            confidence=round(b.confidence, digits), flagged=b.flagged))
    return rows


@pytest.mark.parametrize("ext", ["tsv", "jsonl", "tmx", "xlsx", "xlf"])
def test_every_alignment_format_reads_back_exactly_what_was_written(ext):
    @PROFILE
    @given(alignments())
    def check(al):
        with tempfile.TemporaryDirectory() as tmp:
            path = write_alignment(al, Path(tmp) / f"a.{ext}")
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                back = read_alignment(path)
        assert back == expected_rows(al, ext)

    check()


def test_beads_files_read_back_exactly():
    @PROFILE
    @given(alignments())
    def check(al):
        assert parse_beads(format_beads(al, signature=True)) == [(list(b.src), list(b.tgt)) for b in al.beads]

    check()


# --------------------------------------------------------------------------- term lists

def test_term_lists_read_back_exactly():
    @PROFILE
    @given(terms_lists)
    def check(terms):
        with tempfile.TemporaryDirectory() as tmp:
            sig, rows = read_terms(write_terms(terms, Path(tmp) / "t.tsv"))
        assert rows == [
            {"term": clean_text(t.text), "lemma": clean_text(t.lemma), "pos": t.pos, "freq": str(t.freq),
             "score": str(round(t.score, 4)), "kind": t.kind,
             "variants": "; ".join(clean_text(v) for v in t.variants),
             "context": format_context(t.occurrences[0]) if t.occurrences else ""}
            for t in terms]

    check()
