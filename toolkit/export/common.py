"""Helpers shared by the exporters: cleaning, status and signature mapping.

Kept in one place so that every format escapes, names and reads back the
same way, which is what makes the round trips (write → edit → read) exact.

What a round trip changes -- these transformations and nothing else (the
property tests in ``tests/test_properties_formats.py`` hold every format to them):

* every text goes through :func:`clean_text`: NFC, the characters XML 1.0
  forbids removed (C0 controls but tab and line feed, lone surrogates,
  U+FFFE/U+FFFF), line ends ``\r\n`` and ``\r`` written as ``\n``;
* glossary values are trimmed (terms, variants, notes, sources, subject
  fields, context sentences); an empty note, source or subject field is None;
* a context with an empty sentence is not written (reads back as None);
  segment ids are tokens (no spaces, no ``]``);
* variants: empty ones and those equal to the main term are dropped
  (:func:`canonical_variants`); a table cell (CSV, TSV, XLSX) separates
  variants with ``;`` or ``|``, so there a variant holding those characters
  comes back as several (:func:`cell_variants`);
* confidence, score and evidence are rounded to 4 decimals (6 in JSONL);
* a format that has no place for a field does not bring it back (OmegaT's
  glossary, TMX's null beads: see their modules);
* statuses: only a person gives one (:func:`written_status`); a machine entry
  (``manual=False``) is written and reads back ``unreviewed``, whatever it held;
* the further terms of a concept (``src_terms``/``tgt_terms``): empty ones are
  dropped; a TBX writes no repeat of a term (nor of the head term); a table
  cell separates them with ``;`` or ``|`` (:func:`format_concept_terms`);
* TBX and OmegaT hold the entries of the classes asked for (default: the
  terms, :data:`DEFAULT_CLASSES`, :func:`select_classes`); tables every entry;
* the further languages of a concept (``other_languages``): TBX, XLSX, CSV and
  TSV hold them (OmegaT's glossary has no place for them); a language
  without a term (or the source or target language itself) is not written,
  its terms as :func:`written_language_terms` gives them.
"""
from __future__ import annotations

import contextlib
import hashlib
import re
import unicodedata
import warnings
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, cast

from toolkit.errors import InputError, OutputExists
from toolkit.model import (
    ADMITTED,
    DEPRECATED,
    ENTRY_CLASSES,
    PREFERRED,
    STATUSES,
    TERM,
    TERM_TYPES,
    UNREVIEWED,
    ConceptTerm,
    EntryClass,
    EntryStatus,
    Glossary,
    GlossaryEntry,
    LanguageTerms,
    Occurrence,
    Signature,
    TermType,
    format_concept_term,
    parse_concept_term,
)

TOOL_NAME = "un-align-toolkit"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# Characters XML 1.0 forbids (and openpyxl refuses): C0 controls except tab,
# newline and carriage return, lone surrogates and the two non-characters.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


# Windows and old Mac line ends, written as "\n" (what every reader gives back anyway).
_LINE_END = re.compile(r"\r\n?")


class ReaderWarning(UserWarning):
    """Something a reader did to a file that the user should know about (one line)."""


def reader_warning(message: str) -> None:
    """Warn once, in one line, about what a reader did (formula cells, skipped rows)."""
    warnings.warn(ReaderWarning(message), stacklevel=3)


@contextlib.contextmanager
def collected_reader_warnings() -> Iterator[list[str]]:
    """Collect the readers' warnings as one-line messages (for ``toolkit.cli.warn``) instead of
    Python's two-line display; other warnings are passed on untouched.  The list fills when
    the block ends::

        with collected_reader_warnings() as messages:
            glossary = read_glossary(path)
        for m in messages:
            warn(m)
    """
    messages: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ReaderWarning)
        yield messages
    for w in caught:
        if issubclass(w.category, ReaderWarning):
            messages.append(str(w.message))
        else:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)


def clean_text(value: Any) -> str:
    """Text safe for XML and spreadsheets: NFC, forbidden control characters removed, ``\n`` line ends.

    Line ends are unified because CSV writers leave a lone ``\r`` unquoted
    (the file then no longer parses) and XML readers turn it into ``\n``.
    """
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    return unicodedata.normalize("NFC", _LINE_END.sub("\n", _XML_ILLEGAL.sub("", text)))


def parse_xml(path):
    """Parse a TBX/TMX file safely (no entities, no network); a broken file is an InputError."""
    from lxml import etree

    p = Path(path)
    try:
        return etree.parse(str(p), etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True))
    except OSError as exc:
        raise InputError(f"{p}: cannot read ({exc})") from None
    except etree.XMLSyntaxError as exc:
        raise InputError(f"{p}: not well-formed XML ({exc})") from None


# --- administrative status -------------------------------------------------

# TBX values of the statuses a person gives.  UNREVIEWED has none: an unreviewed machine
# entry is written without administrativeStatus (see :func:`tbx_status`).
TBX_STATUS = {
    PREFERRED: "preferredTerm-admn-sts",
    ADMITTED: "admittedTerm-admn-sts",
    DEPRECATED: "deprecatedTerm-admn-sts",
}

# Values seen in reviewers' spreadsheets and other tools' exports.
_STATUS_ALIASES: dict[str, EntryStatus] = {
    "": UNREVIEWED, "unreviewed": UNREVIEWED, "notreviewed": UNREVIEWED, "machine": UNREVIEWED,
    "suggestion": UNREVIEWED, "suggested": UNREVIEWED, "machinesuggestion": UNREVIEWED,
    "preferred": PREFERRED, "preferredterm-admn-sts": PREFERRED, "preferredterm": PREFERRED,
    "approved": PREFERRED, "validated": PREFERRED, "ok": PREFERRED, "yes": PREFERRED,
    "admitted": ADMITTED, "admittedterm-admn-sts": ADMITTED, "admittedterm": ADMITTED,
    "proposed": ADMITTED, "candidate": ADMITTED, "new": ADMITTED,
    "deprecated": DEPRECATED, "deprecatedterm-admn-sts": DEPRECATED, "deprecatedterm": DEPRECATED,
    "rejected": DEPRECATED, "wrong": DEPRECATED, "no": DEPRECATED, "notrecommended": DEPRECATED,
    "obsolete": DEPRECATED, "supersededterm-admn-sts": DEPRECATED, "forbidden": DEPRECATED,
}


def parse_status(value: Any) -> EntryStatus | None:
    """Map a status written by a person or a tool to preferred/admitted/deprecated, or to
    ``unreviewed`` (an empty cell, ``unreviewed``: no administrative status).

    Returns None for a value we do not know, so that callers can keep it as a note
    instead of silently dropping it.
    """
    key = re.sub(r"[\s_]+", "", clean_text(value).strip().casefold())
    return _STATUS_ALIASES.get(key)


def written_status(entry: GlossaryEntry) -> EntryStatus:
    """The status a file gives an entry: a person's (``manual``) as it is; for a machine entry its
    own machine status (``unreviewed``, or a termbase suggestion's ``suggested``...), never an
    administrative one (a machine suggestion is never preferred, admitted or deprecated)."""
    return entry.status if entry.manual or (entry.status and entry.status not in STATUSES) else UNREVIEWED


def tbx_status(entry: GlossaryEntry) -> str | None:
    """The TBX administrativeStatus of an entry: only a reviewed entry with a status in
    :data:`~toolkit.model.STATUSES` has one; None for every other entry."""
    return TBX_STATUS.get(entry.status) if entry.reviewed and entry.status in STATUSES else None


# --- entry classes: which entries an export holds --------------------------------------

#: the classes a terminology export (TBX, OmegaT) holds by default: the terms; vocabulary and
#: candidates stay in the tables, where a terminologist sorts and promotes them
DEFAULT_CLASSES: tuple[str, ...] = (TERM,)


def export_classes(classes: Iterable[str] | str | None = DEFAULT_CLASSES) -> tuple[str, ...]:
    """The entry classes to write: ``None`` → :data:`DEFAULT_CLASSES`, ``"all"`` → every class;
    an unknown class name is a user error."""
    if classes is None:
        return DEFAULT_CLASSES
    if isinstance(classes, str):
        classes = ENTRY_CLASSES if classes.strip().casefold() == "all" else [c for c in re.split(r"[\s,]+", classes) if c]
    out = tuple(dict.fromkeys(clean_text(c).strip().casefold() for c in classes))
    unknown = [c for c in out if c not in ENTRY_CLASSES]
    if unknown:
        raise InputError(f"unknown entry class {unknown[0]!r} (use {', '.join(ENTRY_CLASSES)} or all)")
    return out


def select_classes(glossary: Glossary, classes: Iterable[str] | str | None = DEFAULT_CLASSES) -> Glossary:
    """The glossary with only the entries of ``classes`` (see :func:`export_classes`); an entry
    whose class is not one of :data:`~toolkit.model.ENTRY_CLASSES` counts as a term."""
    keep = export_classes(classes)
    if set(keep) >= set(ENTRY_CLASSES):
        return glossary
    entries = [e for e in glossary.entries if (e.entry_class if e.entry_class in ENTRY_CLASSES else TERM) in keep]
    return Glossary(src_lang=glossary.src_lang, tgt_lang=glossary.tgt_lang, entries=entries,
                    signature=glossary.signature)


def parse_class(value: Any) -> EntryClass | None:
    """``term`` / ``vocabulary`` / ``candidate`` from a cell (empty: ``term``); None when unknown."""
    key = clean_text(value).strip().casefold()
    if not key:
        return TERM
    key = {"terms": TERM, "voc": "vocabulary", "vocab": "vocabulary", "candidates": "candidate"}.get(key, key)
    return cast(EntryClass, key) if key in ENTRY_CLASSES else None


# --- further terms of a concept (acronyms, short forms, synonyms) ------------------------


def format_concept_terms(terms: Iterable[ConceptTerm]) -> str:
    """``PIB (acronym); produit national`` : the further terms of one side, in one cell."""
    return "; ".join(format_concept_term(ConceptTerm(clean_text(t.text).strip(), t.term_type))
                     for t in terms if clean_text(t.text).strip())


def parse_concept_terms(value: Any) -> list[ConceptTerm]:
    """Inverse of :func:`format_concept_terms` (``;`` or ``|`` separate the terms)."""
    return [parse_concept_term(v) for v in split_list(value)]


def parse_term_type(value: Any) -> TermType | None:
    """A TBX termType of :data:`~toolkit.model.TERM_TYPES` (any case), else None."""
    key = clean_text(value).strip().casefold().replace(" ", "").replace("_", "")
    return next((t for t in TERM_TYPES if t.casefold() == key), None)


# --- further languages of a concept (GlossaryEntry.other_languages) ------------------------


def written_language_terms(lt: LanguageTerms | None) -> list[ConceptTerm]:
    """The terms of one further language as every format writes them: cleaned and trimmed, without
    empty ones or repeats, the head first (its variants canonical, a term type only from
    :data:`~toolkit.model.TERM_TYPES`); [] when the language has no term to write."""
    out: list[ConceptTerm] = []
    seen: set[str] = set()
    for t in (lt.terms if lt is not None else []):
        text = clean_text(t.text).strip()
        if text and text not in seen:
            seen.add(text)
            out.append(ConceptTerm(text, t.term_type if t.term_type in TERM_TYPES else None,
                                   canonical_variants(text, t.variants), t.freq if isinstance(t.freq, int) else 0))
    return out


def other_languages(glossary: Glossary | Iterable[GlossaryEntry], src_lang: str | None = None,
                    tgt_lang: str | None = None) -> list[str]:
    """The further languages (beyond source and target) that at least one entry has a term in,
    in the order of their codes (``ar, es, ru, zh``): the language sections of a TBX and the
    column groups of a table, in that order.  [] for a bilingual glossary."""
    entries: Iterable[GlossaryEntry]
    if isinstance(glossary, Glossary):
        src_lang, tgt_lang, entries = glossary.src_lang, glossary.tgt_lang, glossary.entries
    else:
        entries = glossary
    own = {language_primary(src_lang or ""), language_primary(tgt_lang or "")}
    langs = {lang for e in entries for lang, lt in e.other_languages.items()
             if language_primary(lang) not in own and written_language_terms(lt)}
    return sorted(langs)


# --- part of speech ----------------------------------------------------------

# TBX v3 TBX-Basic allows only these; v2 also allows properNoun.
TBX3_POS = ("noun", "verb", "adjective", "adverb", "other")
TBX2_POS = TBX3_POS + ("properNoun",)
_POS_ALIASES = {
    "noun": "noun", "n": "noun", "nom": "noun", "propernoun": "properNoun", "propn": "properNoun",
    "proper noun": "properNoun", "verb": "verb", "v": "verb", "verbe": "verb",
    "adjective": "adjective", "adj": "adjective", "adjectif": "adjective",
    "adverb": "adverb", "adv": "adverb", "adverbe": "adverb", "other": "other",
}


def parse_pos(value: Any, default: str = "noun") -> str:
    key = clean_text(value).strip().casefold()
    if not key:
        return default
    return _POS_ALIASES.get(key, _POS_ALIASES.get(key.replace("_", " "), "other"))


def tbx_pos(pos: str, version: int) -> str:
    """The part of speech a TBX dialect accepts (v3 Basic has no properNoun)."""
    allowed = TBX3_POS if version == 3 else TBX2_POS
    if pos in allowed:
        return pos
    if pos == "properNoun":
        return "noun"
    return "other"


# --- contexts -----------------------------------------------------------------

# "[op3] sentence"; "[] sentence" is a context without a segment id whose sentence
# itself starts with a bracket (written so that it is not taken for an id)
_CONTEXT = re.compile(r"^\[([^\]\s]*)\]\s?(.*)$", re.S)


def format_context(occ: Occurrence | None) -> str:
    """``[op3] sentence``; just the sentence when there is no segment id; "" without a sentence."""
    if occ is None:
        return ""
    sentence = clean_text(occ.sentence).strip()
    if not sentence:
        return ""
    seg = clean_text(occ.segment_id).strip()
    if seg or sentence.startswith("["):
        return f"[{seg}] {sentence}"
    return sentence


def parse_context(value: Any) -> Occurrence | None:
    """Inverse of :func:`format_context` (also reads a person's ``[op3]sentence``)."""
    text = clean_text(value).strip()
    if not text:
        return None
    m = _CONTEXT.match(text)
    if m:
        sentence = m.group(2).strip()
        return Occurrence(m.group(1), sentence) if sentence else None
    return Occurrence("", text)


def context_sentence(occ: Occurrence | None) -> str:
    """The context sentence alone, cleaned and trimmed ("" without one): a table's context cell."""
    return clean_text(occ.sentence).strip() if occ is not None else ""


def format_ref(occ: Occurrence | None) -> str:
    """``A/RES/70/1 op12``: where a context was seen, a table's reference cell
    (:func:`toolkit.model.format_reference`); ``A/RES/70/1 []`` for a context without a
    segment id, so that the document is not taken for one; "" without a sentence."""
    if occ is None or not context_sentence(occ):     # context_sentence(None) is "" as well
        return ""
    doc = clean_text(occ.document).strip()
    seg = clean_text(occ.segment_id).strip()
    if doc and not seg:
        return f"{doc} []"
    return " ".join(p for p in (doc, seg) if p)


def parse_ref(value: Any) -> tuple[str | None, str]:
    """Inverse of :func:`format_ref`: (document or None, segment id).  The last word is the
    segment id (``[op3]`` and ``[]`` read too), the words before it the document."""
    text = clean_text(value).strip()
    if not text:
        return None, ""
    doc, _, seg = text.rpartition(" ")
    doc = doc.strip()
    if not doc and "/" in seg:
        return seg, ""           # "A/RES/70/1" alone, as a person writes it: segment ids have no "/"
    if seg.startswith("[") and seg.endswith("]"):
        seg = seg[1:-1]
    return doc or None, seg


def table_context(sentence: Any, ref: Any) -> Occurrence | None:
    """The context of a table with reference columns: the sentence as it is, the reference apart."""
    text = clean_text(sentence).strip()
    if not text:
        return None
    doc, seg = parse_ref(ref)
    return Occurrence(seg, text, doc)


# --- signatures -------------------------------------------------------------------


def parse_signature(text: str | None) -> Signature | None:
    """Rebuild a Signature from either of its text forms (:meth:`toolkit.model.Signature.parse`:
    long or short, a leading ``#`` or ``signature:`` skipped); None for empty text or text
    that is no signature."""
    if not text or not isinstance(text, str):
        return None
    try:
        return Signature.parse(text)
    except ValueError:
        return None


# --- fingerprints: detect rows a person edited ------------------------------------


def fingerprint(entry: GlossaryEntry, status: str | None = None) -> str:
    """Short hash of the fields a reviewer edits (terms, status, pos, note, variants, class,
    the concept's other terms and the head term types).

    Written next to machine output; a row whose fingerprint no longer matches
    was edited by hand, and its edits win when glossaries are merged.  Taken
    over the values as a table cell gives them back (:func:`cell_variants`),
    so that writing and reading an unedited row give the same fingerprint.
    ``status`` replaces the entry's (writers pass :func:`written_status`).
    Class, other terms and term types count only where they differ from the
    defaults, so that files written before they existed keep their fingerprints.
    """
    parts = [
        entry.src_term, entry.tgt_term, entry.status if status is None else status, entry.pos, entry.note or "",
        "|".join(cell_variants(entry.src_term, entry.src_variants)),
        "|".join(cell_variants(entry.tgt_term, entry.tgt_variants)),
    ]
    more = [entry.entry_class if entry.entry_class in ENTRY_CLASSES else TERM,
            format_concept_terms(parse_concept_terms(format_concept_terms(entry.src_terms))),
            format_concept_terms(parse_concept_terms(format_concept_terms(entry.tgt_terms))),
            entry.src_term_type if entry.src_term_type in TERM_TYPES else "",
            entry.tgt_term_type if entry.tgt_term_type in TERM_TYPES else ""]
    if more != [TERM, "", "", "", ""]:
        parts += more
    # the terms of the further languages, where the entry has any (a bilingual entry's print is unchanged)
    for lang in other_languages([entry], entry.src_lang, entry.tgt_lang):
        terms = written_language_terms(entry.other_languages[lang])
        parts += [lang, terms[0].text, format_concept_terms(parse_concept_terms(format_concept_terms(terms[1:])))]
    key = "\x1f".join(clean_text(v).strip() for v in parts)
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]


def split_list(value: Any) -> list[str]:
    """Variants are written ``a; b; c`` in one cell."""
    text = clean_text(value)
    return [v.strip() for v in re.split(r"\s*[;|]\s*", text) if v.strip()]


def join_list(values: Iterable[str]) -> str:
    return "; ".join(clean_text(v) for v in values)


def canonical_variants(main: str, variants: Iterable[str]) -> list[str]:
    """Variants as every format writes them: trimmed, without empty ones or the main term itself."""
    key = clean_text(main).strip()
    out = []
    for v in variants:
        text = clean_text(v).strip()
        if text and text != key:
            out.append(text)
    return out


def cell_variants(main: str, variants: Iterable[str]) -> list[str]:
    """Variants as one table cell gives them back (``;`` and ``|`` separate variants)."""
    return canonical_variants(main, split_list(join_list(canonical_variants(main, variants))))


def format_evidence(evidence: dict[str, float]) -> str:
    """``cooc=0.91; sim=0.88``: the pairing signals, readable in one cell."""
    return "; ".join(f"{k}={round(v, 4)}" for k, v in sorted(evidence.items()) if isinstance(v, (int, float)))


def parse_evidence(value: Any) -> dict[str, float]:
    out: dict[str, float] = {}
    for part in split_list(value):
        key, sep, num = part.partition("=")
        try:
            if sep:
                out[key.strip()] = float(num)
        except ValueError:
            continue
    return out


def language_primary(code: str) -> str:
    """``fr-FR`` / ``fr_FR`` → ``fr`` (the toolkit keeps BCP 47 primary tags)."""
    return clean_text(code).strip().replace("_", "-").split("-")[0].lower()


def region_code(lang: str, lang_codes: dict[str, str] | None) -> str:
    """Header code for ``lang``: ``lang_codes`` override, else the code itself."""
    if lang_codes and lang in lang_codes:
        return lang_codes[lang]
    return lang


# --- signatures of plain tables: the sidecar ------------------------------------------------
#
# CSV, TSV, term lists, OmegaT glossaries and vecalign beads files have no place
# for a signature: a "# signature:" first line pushes the header out of row 1
# (Excel, memoQ, Trados and Phrase take row 1 as the header) and breaks
# vecalign's and bertalign's scorers.  By default the signature goes to a
# sidecar, NAME.signature.json beside NAME; ``comment_header=True`` writes the
# old comment line instead (and no sidecar).  Readers take the comment line
# when there is one, else the sidecar.

#: appended to the whole file name: ``g.tsv`` -> ``g.tsv.signature.json`` (g.tsv and g.csv never share one)
SIDECAR_SUFFIX = ".signature.json"
#: ``kind`` of a sidecar file, so that a reader knows what it opened
SIDECAR_KIND = "un-align-toolkit signature"
#: the machine figures of a TBX (confidence, frequencies, evidence, classes...): ``g.tbx.figures.json``
FIGURES_SUFFIX = ".figures.json"
FIGURES_KIND = "un-align-toolkit TBX figures"


def sidecar_path(path, suffix: str = SIDECAR_SUFFIX) -> Path:
    """Where the signature of the plain table ``path`` is kept: ``NAME.signature.json``
    (``suffix``: another sidecar, e.g. a TBX's ``NAME.figures.json``)."""
    p = Path(path)
    return p.with_name(p.name + suffix)


def comment_line(signature: Signature | str | None) -> str:
    """The opt-in first line of a plain table, ``# signature: ...`` (one line, cleaned)."""
    return "# signature: " + " ".join(clean_text(str(signature)).split()) + "\n"


def check_sidecar(path, *, force: bool = False, inputs: Iterable = (), suffix: str = SIDECAR_SUFFIX) -> Path:
    """Refuse, before any work, a sidecar of ``path`` that exists without ``force`` (or is an input).

    Meant to run next to :func:`toolkit.fileio.check_output` for every output
    that may get one: ``NAME`` and ``NAME.signature.json`` are overwritten
    (or refused) together.  Returns the sidecar's path.  ``suffix`` names another
    sidecar (:data:`FIGURES_SUFFIX`: the figures of a TBX).
    """
    from toolkit.fileio import check_not_input

    side = sidecar_path(path, suffix)
    check_not_input(side, inputs)
    if side.is_dir():
        what = "signature" if suffix == SIDECAR_SUFFIX else "figures"
        raise InputError(f"{side}: is a directory, expected the {what} file of {Path(path).name}")
    if side.exists() and not force:
        raise OutputExists(f"{side}: already exists (use --force to overwrite)")
    return side


def sidecar_json(path, signature: Signature, fmt: str) -> str:
    import json

    from toolkit import __version__

    return json.dumps({"kind": SIDECAR_KIND, "file": Path(path).name, "format": fmt,
                       "signature": str(signature), "signature_fields": signature.to_dict(),
                       "written_by": f"{TOOL_NAME} {__version__}"},
                      ensure_ascii=False, indent=2, default=str) + "\n"


def write_plain_table(path, text: str, *, signature: Signature | None, fmt: str, force: bool = False,
                      comment_header: bool = False, bom: bool = False) -> Path:
    """Write a plain table (CSV, TSV, OmegaT, term list, beads) and its signature, both atomically.

    ``text`` has no comment line.  Without ``comment_header`` the signature
    goes to ``NAME.signature.json``; with it, ``# signature: ...`` becomes
    the first line (after the BOM) and no sidecar is written.  ``NAME`` and
    its sidecar are refused together without ``force`` and replaced together
    with it; a sidecar that the new file no longer has is removed.
    """
    import os

    from toolkit.fileio import check_writable, write_text

    check_writable(path, force=force)
    side = check_sidecar(path, force=force)
    head = "\ufeff" if bom else ""
    if signature is not None and comment_header:
        head += comment_line(signature)
    if signature is None or comment_header:
        out = write_text(path, head + text, force=force)
        if side.exists():
            os.unlink(side)        # a stale signature must not describe the new file
        return out
    return write_with_sidecar(path, lambda: write_text(path, head + text, force=force), side,
                              sidecar_json(path, signature, fmt))


def write_with_sidecar(path, write_main, side: Path, side_text: str) -> Path:
    """Write a file (``write_main()``, itself atomic) and its sidecar ``side``, both atomically:
    both renames happen only once both files are complete, the file first, its sidecar next.
    The caller has checked both paths (:func:`check_sidecar`)."""
    from toolkit.fileio import atomic_path

    with atomic_path(side, force=True) as side_tmp:
        side_tmp.write_text(side_text, encoding="utf-8")
        out = write_main()
    return Path(out)


def read_sidecar(path) -> Signature | None:
    """The signature in ``NAME.signature.json`` beside ``path``, or None when there is none."""
    import json

    side = sidecar_path(path)
    if not side.is_file():
        return None
    try:
        data = json.loads(side.read_bytes().decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise InputError(f"{side}: not a readable signature file ({type(exc).__name__})") from None
    if not isinstance(data, dict) or data.get("kind") != SIDECAR_KIND:
        raise InputError(f"{side}: not a signature file of the toolkit (no kind {SIDECAR_KIND!r})")
    return signature_from_record(data)


def signature_from_record(obj: dict) -> Signature | None:
    """The signature a JSON record keeps (a sidecar, a JSONL header): its exact fields, else its text."""
    fields = obj.get("signature_fields")
    if isinstance(fields, dict):
        try:
            return Signature.from_dict(fields)
        except TypeError:
            pass                   # fields of another version: the text form still says it all
    return parse_signature(obj.get("signature"))
