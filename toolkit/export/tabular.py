"""CSV/TSV glossaries, alignments and term lists, and the OmegaT glossary format.

Spreadsheets evaluate cells that start with ``=``, ``+``, ``-`` or ``@``
(formula injection), so text cells that start that way are written with a
leading apostrophe (``'=x``), the form Excel and LibreOffice themselves use
for "text, not a formula"; the readers here remove it again, so the round
trip is exact.  Numbers are never touched.  The OmegaT ``.txt`` glossary is
written raw (OmegaT shows cells verbatim) with tabs and line breaks in cells
turned into spaces, because OmegaT splits on tabs without quoting.

Glossary tables (CSV, TSV; the XLSX sheet has the same cells) hold every
entry, whatever its class, one row each (:data:`GLOSSARY_COLUMNS`): the
terms, ``class`` (term, vocabulary, candidate), ``status`` (``unreviewed``
for a machine suggestion; what a person writes there -- preferred, admitted,
deprecated or an alias -- is theirs), the context sentence alone in
``context_xx`` and where it was seen in ``ref_xx`` (``A/RES/70/1 op3``; the
reader still takes the ``[op3] sentence`` cells of earlier files), the
concept's other terms in ``other_xx`` (``PIB (acronym); ...``), the head
terms' types, the figures a terminologist sorts by (confidence, evidence) and
``other_detail``, the other terms' variants and frequencies for the exact
round trip.  A multilingual glossary (entries with ``other_languages``) adds,
after ``subject_field``, one column group per further language in the order
of the codes (:data:`LANGUAGE_GROUP`): ``es`` (the term; ``lang_codes``
applies), ``other_es``, ``context_es``, ``ref_es``, ``confidence_es``; what
those cells do not hold (the head term's variants, type and frequency, the
evidence, the other terms' details) is in ``other_detail`` under
``languages``.  A bilingual glossary's table has none of these.

OmegaT glossary lines are ``source<TAB>target<TAB>comment<TAB>source document``:
the comment is ``pos; status; note; source document`` (what OmegaT shows; it
ignores the fourth column, which lets the reader tell the note from the
source).  Only the entries of ``classes`` are written (default: the terms);
the comment holds no machine figure.  A source term that starts with ``#``
is written after a space, since OmegaT skips lines that start with ``#``.
The format has no place for contexts, variants, figures or the edit flag:
entries of a file with the toolkit's signature read back as machine entries
(``unreviewed``), unless a status says a person reviewed them; others as a person's.

Row 1 of every file is the header (Excel, memoQ, Trados and Phrase imports
expect it there): the writers put the run's signature in
``NAME.signature.json`` beside the file, or, with ``comment_header=True``, in
a ``# signature:`` first line (see :func:`~toolkit.export.common.write_plain_table`).
The readers take either (the comment line first, else the sidecar).  The
text functions (:func:`glossary_tsv`, :func:`alignment_tsv`, :func:`terms_tsv`)
are for standard output, which has no place beside it: they keep the comment
line unless ``comment_header=False``.

Rows are never dropped silently: a row that the reader skips (no term, a
comment row) is reported with its line (or sheet row) number, as a
:class:`~toolkit.export.common.ReaderWarning`.
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TypeAlias

from toolkit.errors import InputError
from toolkit.export.common import (
    DEFAULT_CLASSES,
    TBX2_POS,
    canonical_variants,
    clean_text,
    comment_line,
    context_sentence,
    fingerprint,
    format_concept_terms,
    format_context,
    format_evidence,
    format_ref,
    join_list,
    language_primary,
    other_languages,
    parse_class,
    parse_concept_terms,
    parse_context,
    parse_evidence,
    parse_pos,
    parse_signature,
    parse_status,
    parse_term_type,
    read_sidecar,
    reader_warning,
    region_code,
    select_classes,
    split_list,
    table_context,
    write_plain_table,
    written_language_terms,
    written_status,
)
from toolkit.model import (
    ENTRY_CLASSES,
    STATUSES,
    TERM,
    TERM_TYPES,
    UNREVIEWED,
    Alignment,
    ConceptTerm,
    Glossary,
    GlossaryEntry,
    LanguageTerms,
    Signature,
    Term,
)

_FORMULA = re.compile(r"^'*[=+\-@]")
_NEUTRALISED = re.compile(r"^'+[=+\-@]")


def neutralise(value: Any) -> str:
    """Text a spreadsheet shows as text: a leading apostrophe before = + - @."""
    text = clean_text(value)
    return "'" + text if _FORMULA.match(text) else text


def unneutralise(value: Any) -> str:
    text = clean_text(value)
    return text[1:] if _NEUTRALISED.match(text) else text


def _yes(value: Any) -> bool:
    return clean_text(value).strip().casefold() in {"yes", "y", "true", "1", "x", "oui", "manual"}


# --------------------------------------------------------------------------- glossary columns


# The glossary columns, in order: (key, header).  Terms and figures first, then what a reviewer
# reads and edits, then the machine's own details; ``{s}``/``{t}`` are the language codes.
GLOSSARY_COLUMNS = [
    ("src_term", "{S}"), ("tgt_term", "{T}"), ("pos", "pos"), ("class", "class"),
    ("freq_src", "freq_{s}"), ("freq_tgt", "freq_{t}"), ("confidence", "confidence"), ("status", "status"),
    ("context_src", "context_{s}"), ("ref_src", "ref_{s}"), ("context_tgt", "context_{t}"), ("ref_tgt", "ref_{t}"),
    ("source", "source"), ("other_src", "other_{s}"), ("other_tgt", "other_{t}"),
    ("type_src", "term_type_{s}"), ("type_tgt", "term_type_{t}"), ("note", "note"),
    ("src_variants", "src_variants"), ("tgt_variants", "tgt_variants"), ("subject_field", "subject_field"),
    ("documents", "documents"), ("evidence", "evidence"), ("other_detail", "other_detail"),
    ("manual", "manual"), ("check", "check"),
]
GLOSSARY_KEYS = [key for key, _ in GLOSSARY_COLUMNS]
#: keys of the cells that hold text (neutralised against formula injection)
TEXT_KEYS = {"src_term", "tgt_term", "context_src", "ref_src", "context_tgt", "ref_tgt", "source", "other_src",
             "other_tgt", "note", "src_variants", "tgt_variants", "subject_field", "other_detail"}


# The column group of one further language (a multilingual glossary: ``GlossaryEntry.other_languages``),
# (kind, header); ``{L}``/``{l}`` are the language's code.  The keys are ``es:term``, ``es:other``...
LANGUAGE_GROUP = [("term", "{L}"), ("other", "other_{l}"), ("context", "context_{l}"), ("ref", "ref_{l}"),
                  ("confidence", "confidence_{l}")]
#: kinds of :data:`LANGUAGE_GROUP` whose cells hold text
LANGUAGE_TEXT_KINDS = {"term", "other", "context", "ref"}
#: the column after which the groups of the further languages come, one per language
LANGUAGE_GROUPS_AFTER = "subject_field"


def language_key(lang: str, kind: str) -> str:
    """Column key of one cell of a further language's group: ``es:term``, ``es:context``..."""
    return f"{lang}:{kind}"


def with_language_groups(columns: Sequence[tuple], langs: Sequence[str], group: Sequence[tuple]) -> list[tuple]:
    """``columns`` (tuples whose first item is the key) with ``group`` repeated for each language of
    ``langs`` after :data:`LANGUAGE_GROUPS_AFTER`; each group tuple's first item (the kind) becomes the
    key (:func:`language_key`), the rest is kept as it is, with the language as a last item."""
    out: list[tuple] = []
    for col in columns:
        out.append(tuple(col))
        if col[0] == LANGUAGE_GROUPS_AFTER:
            for lang in langs:
                out += [(language_key(lang, g[0]), *g[1:], lang) for g in group]
    return out


def glossary_columns(glossary: Glossary) -> list[tuple[str, str]]:
    """(key, header) of every column of ``glossary``'s table: :data:`GLOSSARY_COLUMNS`, plus one group
    per further language (:data:`LANGUAGE_GROUP`; none in a bilingual glossary)."""
    return [(c[0], c[1]) for c in with_language_groups(GLOSSARY_COLUMNS, other_languages(glossary), LANGUAGE_GROUP)]


def glossary_header(glossary: Glossary, lang_codes: dict[str, str] | None = None) -> list[str]:
    s, t = glossary.src_lang, glossary.tgt_lang
    names = {"S": region_code(s, lang_codes), "T": region_code(t, lang_codes), "s": s, "t": t}
    out = []
    for col in with_language_groups(GLOSSARY_COLUMNS, other_languages(glossary), LANGUAGE_GROUP):
        extra = {"L": region_code(col[2], lang_codes), "l": col[2]} if len(col) > 2 else {}
        out.append(col[1].format(**names, **extra))
    return out


def other_detail(e: GlossaryEntry, langs: Sequence[str] = ()) -> str:
    """The variants and frequencies of the concept's further terms, which the ``other_xx`` cells
    do not hold: ``{"src": [{"text": "PIB", "variants": [...], "freq": 3}], "tgt": [...]}``, or ""
    when they have none (a machine column, for the exact round trip).  For the further languages
    ``langs`` the entry has a term in, ``"languages": {"es": {"head", "type", "variants", "freq",
    "evidence", "terms"}}``: what their column groups do not hold."""
    import json

    out: dict[str, Any] = {}
    languages = {}
    for lang in langs:
        terms = written_language_terms(e.other_languages.get(lang))
        if not terms:
            continue
        head, lt = terms[0], e.other_languages[lang]
        languages[lang] = {
            "head": head.text, "type": head.term_type, "variants": head.variants, "freq": head.freq,
            "evidence": {k: round(v, 4) for k, v in sorted(lt.evidence.items()) if isinstance(v, (int, float))},
            "terms": [{"text": c.text, "variants": c.variants, "freq": c.freq} for c in terms[1:]],
        }
    if languages:
        out["languages"] = languages
    for side, terms in (("src", e.src_terms), ("tgt", e.tgt_terms)):
        items = []
        for c in terms:
            text = clean_text(c.text).strip()
            if text:
                items.append({"text": text, "variants": canonical_variants(text, c.variants), "freq": c.freq})
        if any(x["variants"] or x["freq"] for x in items):
            out[side] = items        # every term of the side, so that repeated texts match in order
    # ASCII escapes: a cell is normalised to NFC, which would join a "\n" escape to a combining mark
    return json.dumps(out, ensure_ascii=True, sort_keys=True) if out else ""


def _detail(detail: Any) -> dict:
    import json

    text = clean_text(detail).strip()
    if not text:
        return {}
    try:
        data = json.loads(text)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _apply_detail(terms: list[ConceptTerm], detail: Any, side: str) -> list[ConceptTerm]:
    data = detail if isinstance(detail, dict) else _detail(detail)
    stored = [x for x in (data.get(side) or []) if isinstance(x, dict)]
    for c in terms:
        match = next((x for x in stored if x.get("text") == c.text), None)
        if match is None:
            continue
        stored.remove(match)
        if isinstance(match.get("variants"), list):
            c.variants = [clean_text(v) for v in match["variants"] if isinstance(v, str)]
        if isinstance(match.get("freq"), int):
            c.freq = match["freq"]
    return terms


def glossary_values(e: GlossaryEntry, langs: Sequence[str] = ()) -> dict[str, Any]:
    """Cells of one entry by column key (:data:`GLOSSARY_COLUMNS`; raw, not neutralised), and those
    of the groups of the further languages ``langs`` (:data:`LANGUAGE_GROUP`; empty where the entry
    has no term in one).

    A machine entry's status is ``unreviewed`` whatever it holds; the context cell holds the
    sentence alone, the reference cell where it was seen (``A/RES/70/1 op3``).
    """
    status = written_status(e)
    values = _base_values(e, status, langs)
    for lang in langs:
        lt = e.other_languages.get(lang)
        terms = written_language_terms(lt)
        ctx = lt.context if terms and lt is not None else None     # terms: lt is not None
        values.update({
            language_key(lang, "term"): terms[0].text if terms else "",
            language_key(lang, "other"): format_concept_terms(terms[1:]),
            language_key(lang, "context"): context_sentence(ctx), language_key(lang, "ref"): format_ref(ctx),
            language_key(lang, "confidence"): round(lt.confidence, 4) if terms and lt is not None else "",
        })
    return values


def _base_values(e: GlossaryEntry, status: str, langs: Sequence[str]) -> dict[str, Any]:
    return {
        "src_term": e.src_term, "tgt_term": e.tgt_term,
        "class": e.entry_class if e.entry_class in ENTRY_CLASSES else TERM, "pos": e.pos,
        "freq_src": e.freq_src, "freq_tgt": e.freq_tgt, "confidence": round(e.confidence, 4), "status": status,
        "context_src": context_sentence(e.context_src), "ref_src": format_ref(e.context_src),
        "context_tgt": context_sentence(e.context_tgt), "ref_tgt": format_ref(e.context_tgt),
        "source": e.source or "",
        "other_src": format_concept_terms(e.src_terms), "other_tgt": format_concept_terms(e.tgt_terms),
        "type_src": e.src_term_type if e.src_term_type in TERM_TYPES else "",
        "type_tgt": e.tgt_term_type if e.tgt_term_type in TERM_TYPES else "",
        "note": e.note or "", "src_variants": join_list(canonical_variants(e.src_term, e.src_variants)),
        "tgt_variants": join_list(canonical_variants(e.tgt_term, e.tgt_variants)),
        "subject_field": e.subject_field or "", "documents": e.documents, "evidence": format_evidence(e.evidence),
        "other_detail": other_detail(e, langs), "manual": "yes" if e.manual else "",
        "check": fingerprint(e, status),
    }


def glossary_row(e: GlossaryEntry, langs: Sequence[str] = ()) -> list[Any]:
    """Cells of one entry in the order of :func:`glossary_header` (raw, not neutralised); ``langs``:
    the further languages of the glossary (:func:`~toolkit.export.common.other_languages`)."""
    values = glossary_values(e, langs)
    return [values[k[0]] for k in with_language_groups(GLOSSARY_COLUMNS, langs, LANGUAGE_GROUP)]


TEXT_COLUMNS = {i for i, k in enumerate(GLOSSARY_KEYS) if k in TEXT_KEYS}


def is_text_key(key: str) -> bool:
    """Whether the cells of column ``key`` hold text (neutralised against formula injection)."""
    lang, sep, kind = key.partition(":")
    return kind in LANGUAGE_TEXT_KINDS if sep else key in TEXT_KEYS


def _delimited(rows: Iterable[Sequence[Any]], delimiter: str, comment: str | None) -> str:
    buf = io.StringIO()
    if comment:
        buf.write(comment_line(comment))
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    for row in rows:
        writer.writerow(row)
    return buf.getvalue()


def _glossary_cells(glossary: Glossary, lang_codes: dict[str, str] | None) -> list[list[Any]]:
    """Header and rows of a table: every entry, whatever its class (a table is where a
    terminologist sorts the candidates and vocabulary and promotes them)."""
    rows: list[list[Any]] = [glossary_header(glossary, lang_codes)]
    langs = other_languages(glossary)
    text = {i for i, (key, _) in enumerate(glossary_columns(glossary)) if is_text_key(key)}
    for e in glossary.entries:
        row = glossary_row(e, langs)
        rows.append([neutralise(v) if i in text else v for i, v in enumerate(row)])
    return rows


def _comment(signature: Signature | None, comment_header: bool) -> str | None:
    return str(signature) if comment_header and signature is not None else None


def glossary_tsv(glossary: Glossary, lang_codes: dict[str, str] | None = None, *,
                 comment_header: bool = True) -> str:
    """The glossary as TSV text: header, one row per entry; a ``# signature:`` line first
    unless ``comment_header=False`` (text for a stream, which has no other place for it;
    :func:`write_glossary_table` writes files with the header in row 1)."""
    return _delimited(_glossary_cells(glossary, lang_codes), "\t", _comment(glossary.signature, comment_header))


def glossary_csv(glossary: Glossary, lang_codes: dict[str, str] | None = None, *,
                 comment_header: bool = True) -> str:
    """The glossary as CSV text (see :func:`glossary_tsv`)."""
    return _delimited(_glossary_cells(glossary, lang_codes), ",", _comment(glossary.signature, comment_header))


# The first line OmegaT itself writes in a new glossary file.
OMEGAT_COMMENT = "# Glossary in tab-separated format -*- coding: utf-8 -*-"


def omegat_cell(value: Any) -> str:
    """A value as the OmegaT glossary holds it: one line, tabs and line breaks as spaces, trimmed."""
    return re.sub(r"[\t\n]+", " ", clean_text(value)).strip()


def omegat_glossary(glossary: Glossary, *, comment_header: bool = True,
                    classes: Iterable[str] | str | None = DEFAULT_CLASSES) -> str:
    """OmegaT's tab-separated glossary: source, target, comment, source document (see module doc).

    The first line is OmegaT's own comment line (the reader then knows there
    is no header row); ``comment_header`` adds a ``# signature:`` line after it.
    Only the entries of ``classes`` are written (default the terms:
    :func:`~toolkit.export.common.select_classes`); the comment a translator
    reads holds no machine figure (no confidence), only ``unreviewed`` for a
    machine suggestion.
    """
    lines = [OMEGAT_COMMENT]
    if comment_header and glossary.signature is not None:
        lines.append(f"# signature: {omegat_cell(str(glossary.signature))}")
    for e in select_classes(glossary, classes).entries:
        source = omegat_cell(e.source or "")
        comment = "; ".join(p for p in [parse_pos(e.pos), omegat_cell(written_status(e)), omegat_cell(e.note or ""),
                                        source] if p)
        src = omegat_cell(e.src_term)
        if src.startswith("#"):
            src = " " + src            # OmegaT (and our reader) skip lines starting with '#'
        cells = [src, omegat_cell(e.tgt_term), comment] + ([source] if source else [])
        lines.append("\t".join(cells))
    return "\n".join(lines) + "\n"


def write_glossary_table(glossary: Glossary, path, *, delimiter: str = "\t", force: bool = False,
                         lang_codes: dict[str, str] | None = None, bom: bool = False,
                         comment_header: bool = False) -> Path:
    """CSV/TSV glossary, header in row 1; the signature in ``NAME.signature.json``
    (``comment_header=True``: a ``# signature:`` first line instead)."""
    tsv = delimiter == "\t"
    text = (glossary_tsv if tsv else glossary_csv)(glossary, lang_codes, comment_header=False)
    return write_plain_table(path, text, signature=glossary.signature, fmt="tsv" if tsv else "csv", force=force,
                             comment_header=comment_header, bom=bom)


def write_omegat_glossary(glossary: Glossary, path, *, force: bool = False, bom: bool = False,
                          comment_header: bool = False,
                          classes: Iterable[str] | str | None = DEFAULT_CLASSES) -> Path:
    """OmegaT glossary (the entries of ``classes``, default the terms); the signature in
    ``NAME.signature.json`` unless ``comment_header``."""
    if comment_header and glossary.signature is not None:
        text = omegat_glossary(glossary, comment_header=True, classes=classes)   # after OmegaT's own first line
        return write_plain_table(path, text, signature=None, fmt="omegat", force=force, bom=bom)
    return write_plain_table(path, omegat_glossary(glossary, comment_header=False, classes=classes),
                             signature=glossary.signature, fmt="omegat", force=force, bom=bom)


# --------------------------------------------------------------------------- reading glossaries

# Header names other tools and people use, normalised (lower case, no spaces/_/-).
_LANG_NAMES = {
    "french": "fr", "francais": "fr", "français": "fr", "english": "en", "anglais": "en",
    "spanish": "es", "espanol": "es", "español": "es", "arabic": "ar", "russian": "ru",
    "chinese": "zh", "german": "de", "deutsch": "de",
}
_KNOWN = {
    "pos": "pos", "partofspeech": "pos", "wordclass": "pos",
    "confidence": "confidence", "score": "confidence",
    "status": "status", "administrativestatus": "status", "termstatus": "status",
    "source": "source", "document": "source", "symbol": "source",
    "note": "note", "notes": "note", "comment": "note", "comments": "note", "remark": "note",
    "remarks": "note", "description": "note",
    "srcvariants": "src_variants", "tgtvariants": "tgt_variants",
    "manual": "manual", "edited": "manual", "check": "check", "documents": "documents",
    "evidence": "evidence", "class": "class", "entryclass": "class",
    "otherdetail": "other_detail", "othertermdetails": "other_detail",
    "subjectfield": "subject_field", "domain": "subject_field", "subject": "subject_field",
    "id": "id", "conceptid": "id",
    "sourceterm": "src_term", "src": "src_term", "term": "src_term", "termsource": "src_term",
    "targetterm": "tgt_term", "tgt": "tgt_term", "target": "tgt_term", "translation": "tgt_term",
    "termtarget": "tgt_term",
    "frequency": "freq_src", "freq": "freq_src", "context": "context_src", "example": "context_src",
}
_LANG_CODE = re.compile(r"^([a-z]{2,3})(?:[-_][a-z0-9]{2,8})*$", re.I)
# ISO 639-1 codes, so that a header such as "src_ids" or "no" in a tool's export
# is not taken for a language (plus the few ISO 639-3 codes UN documents use).
_ISO639 = set("""aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy
da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii
ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr
ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl
sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh
zu fil haw yue cmn""".split())


def _norm(header: str) -> str:
    return re.sub(r"[\s_\-()]+", "", clean_text(header).casefold())


def _header_lang(header: str) -> str | None:
    h = clean_text(header).strip()
    if _norm(h) in _KNOWN:
        return None
    m = _LANG_CODE.match(h)
    if m and m.group(1).lower() in _ISO639:
        return language_primary(h)
    # "French", "French (France)", "Français - FR"
    name = re.split(r"[\s(\-–]+", h.casefold(), maxsplit=1)[0]
    return _LANG_NAMES.get(h.casefold()) or _LANG_NAMES.get(name)


@dataclass
class _Columns:
    roles: dict[int, str] = field(default_factory=dict)   # column index -> role
    extras: dict[int, str] = field(default_factory=dict)  # unknown columns, kept in notes
    src_lang: str | None = None
    tgt_lang: str | None = None
    further: list[str] = field(default_factory=list)      # further languages (their term columns), in order


def map_columns(header: Sequence[Any], src_lang: str | None = None, tgt_lang: str | None = None) -> _Columns:
    """Work out which column holds what, for our files and other tools' (see module doc)."""
    cols = _Columns()
    header = [clean_text(h).strip() for h in header]
    found = [(i, _header_lang(h)) for i, h in enumerate(header)]
    langs = [(i, lang) for i, lang in found if lang]
    if langs:
        codes = [lang for _, lang in langs]
        s = src_lang if src_lang in codes else codes[0]
        others = [c for c in codes if c != s]
        t = tgt_lang if tgt_lang in others else (others[0] if others else None)
        if t is None and codes.count(s) >= 2:
            t = s        # a glossary within one language: its second column holds the target terms
        cols.src_lang, cols.tgt_lang = s, t
        for i, lang in langs:
            if lang == s and "src_term" not in cols.roles.values():
                cols.roles[i] = "src_term"
            elif lang == t and "tgt_term" not in cols.roles.values():
                cols.roles[i] = "tgt_term"
            elif lang not in (s, t) and lang not in cols.further:
                cols.roles[i] = language_key(lang, "term")       # a further language's term
                cols.further.append(lang)
    else:
        cols.src_lang, cols.tgt_lang = src_lang, tgt_lang
    has_terms = "src_term" in cols.roles.values()
    for i, h in enumerate(header):
        if i in cols.roles or not h:
            if not h and i not in cols.roles:
                cols.extras[i] = f"column {i + 1}"
            continue
        n = _norm(h)
        role = None
        m = _PER_LANGUAGE.match(clean_text(h).strip())
        if m:
            kind, lang = re.sub(r"[\s_]+", " ", m.group(1).casefold()), language_primary(m.group(2))
            kind = _PER_LANGUAGE_KINDS.get(kind, kind)
            side = "src" if lang == cols.src_lang else "tgt" if lang == cols.tgt_lang else None

            def side_role(sd: str, kind: str = kind) -> str:
                return f"{sd}_variants" if kind == "variants" else f"{kind}_{sd}"

            if side == "src" and cols.src_lang == cols.tgt_lang and side_role("src") in cols.roles.values():
                side = "tgt"     # one language on both sides: the second such column is the target's
            if side and kind != "confidence":
                role = side_role(side)
            elif not side and lang in cols.further and kind in {k for k, _ in LANGUAGE_GROUP}:
                role = language_key(lang, kind)                  # a further language's other cells
        elif n in _KNOWN:
            role = _KNOWN[n]
            if role == "source" and not has_terms and "src_term" not in cols.roles.values():
                role = "src_term"  # "Source"/"Target" from CAT tools: the terms themselves
            if role in ("src_term", "tgt_term") and role in cols.roles.values():
                role = None
        if role and role not in cols.roles.values():
            cols.roles[i] = role
        elif role == "note":
            cols.extras[i] = h  # a second notes column: kept, joined to the note
        else:
            cols.extras[i] = h
    return cols


# Columns of one language: "context_fr", "Context FR", "ref_en", "Reference EN", "other_fr",
# "Other terms FR", "term_type_fr", "Term type FR", "freq (fr)"...
_PER_LANGUAGE = re.compile(r"^(freq|frequency|context|contexte|variants|ref|reference|other[\s_]+terms|other|"
                           r"term[\s_]+type|type|confidence)[\s_:-]*\(?([a-z]{2,3}(?:[-_][a-z0-9]+)*)\)?$", re.I)
_PER_LANGUAGE_KINDS = {"frequency": "freq", "contexte": "context", "reference": "ref", "other terms": "other",
                       "term type": "type"}


def report_skipped(path: str, unit: str, skipped: dict[str, list[int]]) -> None:
    """One warning line per reason: which rows a reader skipped, by number."""
    for why, numbers in skipped.items():
        if numbers:
            shown = ", ".join(map(str, numbers[:MAX_ROWS_LISTED]))
            more = f" and {len(numbers) - MAX_ROWS_LISTED} more" if len(numbers) > MAX_ROWS_LISTED else ""
            plural = "s" if len(numbers) > 1 else ""
            reader_warning(f"{path}: skipped {len(numbers)} {unit}{plural} ({why}): {unit}{plural} {shown}{more}")


MAX_ROWS_LISTED = 20      # row numbers listed in one warning line before "and N more"


def rows_to_glossary(header: Sequence[Any], rows: Iterable[Sequence[Any]], *, path: str = "",
                     signature: Signature | None = None, fingerprints: set[str] | None = None,
                     src_lang: str | None = None, tgt_lang: str | None = None,
                     unescape: bool = True, row_numbers: Sequence[int] | None = None,
                     unit: str = "row", ours: bool | None = None) -> Glossary:
    """Build a Glossary from a table's header and rows (CSV, TSV, XLSX).

    An entry counts as a person's edit (``manual=True``) when the file says so
    (``manual`` column), when its row no longer matches the fingerprint the
    toolkit wrote (``check`` column or the XLSX run sheet), or when the file
    is not the toolkit's (``ours``; by default: it carries no toolkit signature).
    ``row_numbers`` are the rows' numbers in the file (for the warning that
    names skipped rows); ``unit`` says what they count ("line", "row").
    """
    if signature is not None:
        src_lang = src_lang or signature.src_lang
        tgt_lang = tgt_lang or signature.tgt_lang
    cols = map_columns(header, src_lang, tgt_lang)
    roles = {role: i for i, role in cols.roles.items()}
    if "src_term" not in roles or "tgt_term" not in roles:
        if {"src_ids", "tgt_ids"} <= {clean_text(h).strip() for h in header}:
            raise InputError(f"{path}: this is an alignment TSV, not a glossary")
        raise InputError(f"{path}: cannot find the source and target term columns in header {list(header)!r}")
    header = [clean_text(h).strip() for h in header]
    s = cols.src_lang or src_lang or ""
    t = cols.tgt_lang or tgt_lang or ""
    entries: list[GlossaryEntry] = []
    fix = unneutralise if unescape else clean_text
    if ours is None:
        ours = signature is not None
    skipped: dict[str, list[int]] = {"no source or target term": [], "a comment row": []}

    for k, row in enumerate(rows):
        row = list(row)
        number = row_numbers[k] if row_numbers is not None else k + 2

        def get(role: str, row: list[Any] = row) -> Any:
            i = roles.get(role)
            return row[i] if i is not None and i < len(row) and row[i] is not None else ""

        src, tgt = fix(get("src_term")).strip(), fix(get("tgt_term")).strip()
        if not src and not tgt:
            skipped["no source or target term"].append(number)
            continue
        if src.startswith("#") and not tgt and roles["src_term"] == 0:
            skipped["a comment row"].append(number)
            continue
        e = GlossaryEntry(src_term=src, tgt_term=tgt, src_lang=s, tgt_lang=t)
        e.pos = parse_pos(get("pos"))
        notes: list[str] = []
        raw_status = clean_text(get("status")).strip()
        status = parse_status(raw_status)
        e.status = status or UNREVIEWED
        if status is None:
            notes.append(f"status: {raw_status}")
        raw_class = clean_text(get("class")).strip()
        entry_class = parse_class(raw_class)
        e.entry_class = entry_class or TERM
        if entry_class is None:
            notes.append(f"class: {raw_class}")
        for attr, role, conv in (("freq_src", "freq_src", int), ("freq_tgt", "freq_tgt", int),
                                 ("confidence", "confidence", float), ("documents", "documents", int)):
            v = get(role)
            if not isinstance(v, (int, float)):
                v = clean_text(v).strip().replace(",", ".")
            if v == "":
                continue
            try:
                setattr(e, attr, conv(float(v)))
            except ValueError:
                notes.append(f"{header[roles[role]]}: {v}")
        if "ref_src" in roles or "ref_tgt" in roles:
            # the sentence alone, its reference apart
            e.context_src = table_context(fix(get("context_src")), fix(get("ref_src")))
            e.context_tgt = table_context(fix(get("context_tgt")), fix(get("ref_tgt")))
        else:
            # files of earlier versions and people's: "[op3] sentence"
            e.context_src = parse_context(fix(get("context_src")))
            e.context_tgt = parse_context(fix(get("context_tgt")))
        e.src_terms = _apply_detail(parse_concept_terms(fix(get("other_src"))), get("other_detail"), "src")
        e.tgt_terms = _apply_detail(parse_concept_terms(fix(get("other_tgt"))), get("other_detail"), "tgt")
        e.src_term_type = parse_term_type(get("type_src"))
        e.tgt_term_type = parse_term_type(get("type_tgt"))
        e.source = fix(get("source")).strip() or None
        e.subject_field = fix(get("subject_field")).strip() or None
        e.src_variants = canonical_variants(src, split_list(fix(get("src_variants"))))
        e.tgt_variants = canonical_variants(tgt, split_list(fix(get("tgt_variants"))))
        e.evidence = parse_evidence(get("evidence"))
        detail = _detail(get("other_detail")) if cols.further else {}
        for lang in cols.further:
            lt = _language_terms(lang, get, fix, detail, notes, header, roles)
            if lt is not None:
                e.other_languages[lang] = lt
        note = fix(get("note")).strip()
        if note:
            notes.insert(0, note)
        for i, name in cols.extras.items():
            if i < len(row) and row[i] is not None and clean_text(row[i]).strip():
                notes.append(f"{name}: {fix(row[i]).strip()}")
        e.note = "\n".join(notes) or None
        check = clean_text(get("check")).strip()
        if "manual" in roles and _yes(get("manual")):
            e.manual = True
        elif "check" in roles:
            e.manual = not check or check != fingerprint(e)
        elif fingerprints is not None:
            e.manual = fingerprint(e) not in fingerprints
        else:
            e.manual = not ours
        if not e.manual:
            e.status = UNREVIEWED     # a machine row: earlier versions wrote a status by confidence
        entries.append(e)
    report_skipped(path, unit, skipped)
    return Glossary(src_lang=s, tgt_lang=t, entries=entries, signature=signature)


def _language_terms(lang: str, get, fix, detail: dict, notes: list[str], header: list[str],
                    roles: dict[str, int]) -> LanguageTerms | None:
    """The terms of a further language from its column group (and the ``other_detail`` cell's
    ``languages``); None when its term cells are empty."""
    head = fix(get(language_key(lang, "term"))).strip()
    terms = parse_concept_terms(fix(get(language_key(lang, "other"))))
    if not head and not terms:
        return None
    languages = detail.get("languages")
    stored = (languages or {}) if isinstance(languages, dict) else {}
    stored_info = stored.get(lang)
    info = stored_info if isinstance(stored_info, dict) else {}
    terms = _apply_detail(terms, {"terms": info.get("terms") or []}, "terms")
    if head:
        first = ConceptTerm(head)
        if info.get("head") == head:            # the figures of the head term as written
            first.term_type = parse_term_type(info.get("type"))
            if isinstance(info.get("variants"), list):
                first.variants = canonical_variants(head, [clean_text(v) for v in info["variants"]
                                                           if isinstance(v, str)])
            if isinstance(info.get("freq"), int):
                first.freq = info["freq"]
        terms.insert(0, first)
    lt = LanguageTerms(terms, context=table_context(fix(get(language_key(lang, "context"))),
                                                    fix(get(language_key(lang, "ref")))))
    raw = get(language_key(lang, "confidence"))
    if not isinstance(raw, (int, float)):
        raw = clean_text(raw).strip().replace(",", ".")
    if raw != "":
        try:
            lt.confidence = float(raw)
        except ValueError:
            notes.append(f"{header[roles[language_key(lang, 'confidence')]]}: {raw}")
    if isinstance(info.get("evidence"), dict):
        lt.evidence = {k: float(v) for k, v in info["evidence"].items() if isinstance(v, (int, float))}
    return lt


#: the ``quoting`` values csv.reader takes (csv.QUOTE_MINIMAL, QUOTE_ALL, QUOTE_NONNUMERIC, QUOTE_NONE)
_CsvQuoting: TypeAlias = Literal[0, 1, 2, 3]


def _csv_rows(text: str, delimiter: str, path, *, first_line: int = 1,
              quoting: _CsvQuoting = csv.QUOTE_MINIMAL) -> tuple[list[list[str]], list[int]]:
    """All rows of a delimited text and the line each starts on; very long cells
    allowed, broken quoting is a user error."""
    csv.field_size_limit(max(csv.field_size_limit(), CSV_CELL_LIMIT))
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, quoting=quoting)
    rows: list[list[str]] = []
    numbers: list[int] = []
    try:
        start = 0
        for row in reader:
            rows.append(row)
            numbers.append(first_line + start)
            start = reader.line_num
    except csv.Error as exc:
        raise InputError(f"{path}: line {first_line + reader.line_num - 1}: malformed "
                         f"{'TSV' if delimiter == chr(9) else 'CSV'} ({exc})") from None
    return rows, numbers


CSV_CELL_LIMIT = 1 << 26      # 64 MiB: cells far beyond the csv module's 128 KiB default


def _read_lines(path) -> str:
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"{p}: cannot read ({exc.strerror or exc})") from None
    for enc in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise InputError(f"{p}: not UTF-8 text")


def split_comments(text: str) -> tuple[Signature | None, list[str]]:
    """The signature of the leading ``#`` lines, and the lines after them."""
    signature, body, _ = _split_comments(text)
    return signature, body


def _split_comments(text: str) -> tuple[Signature | None, list[str], int]:
    """Signature, the lines after the leading ``#`` lines, and how many of those there were.

    Lines end at ``\n`` only (what the writers and the csv module use), so a
    cell holding U+2028 or a form feed cannot shift the line count.
    """
    signature = None
    lines = text.split("\n")
    lines = [line + "\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])
    for k, line in enumerate(lines):
        if not line.startswith("#"):
            return signature, lines[k:], k
        signature = signature or parse_signature(line.lstrip("#").strip())
    return signature, [], len(lines)


def _sniff_delimiter(sample: str, default: str) -> str:
    first = sample.split("\n")[0] if sample else ""
    if "\t" in first:
        return "\t"
    counts = {d: first.count(d) for d in (",", ";")}
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else default


@dataclass
class _Table:
    signature: Signature | None
    delimiter: str
    rows: list[list[str]]           # non-blank rows
    numbers: list[int]              # the line each row starts on
    comments: int                   # leading comment lines


def _read_table(p: Path, default_delimiter: str, *, quoting: _CsvQuoting = csv.QUOTE_MINIMAL) -> _Table:
    """Signature, delimiter and non-blank rows of a delimited file (ours or a spreadsheet's).

    ``quoting=csv.QUOTE_NONE`` for formats without quoting (OmegaT's glossary).
    """
    signature, body, comments = _split_comments(_read_lines(p))
    if signature is None:
        signature = read_sidecar(p)
    delim = _sniff_delimiter("".join(body[:1]), default_delimiter)
    text = "".join(body)
    rows, numbers = _csv_rows(text, delim, p, first_line=comments + 1, quoting=quoting)
    keep = [k for k, r in enumerate(rows) if any(c.strip() for c in r)]
    return _Table(signature, delim, [rows[k] for k in keep], [numbers[k] for k in keep], comments)


def read_glossary_table(path, *, src_lang: str | None = None, tgt_lang: str | None = None) -> Glossary:
    """Read a CSV/TSV glossary: ours, a reviewer's edit of it, or another tool's export."""
    p = Path(path)
    if p.suffix.lower() in (".txt", ".tab", ".utf8"):
        # OmegaT splits on tabs and knows no quoting: a cell may start with '"'
        raw = _read_table(p, "\t", quoting=csv.QUOTE_NONE)
        first = raw.rows[0] if raw.rows else []
        if raw.delimiter == "\t" and first and (
                len(first) <= OMEGAT_COLUMNS if raw.comments else
                (_header_lang(first[0]) is None and _norm(first[0]) not in _KNOWN)):
            # headerless (OmegaT glossary, a comment line first): source, target, comment
            return read_omegat_rows(raw.rows, raw.signature, src_lang, tgt_lang, path=str(p),
                                    row_numbers=raw.numbers)
    table = _read_table(p, "\t" if p.suffix.lower() in (".tsv", ".txt", ".tab") else ",")
    signature, rows, numbers = table.signature, table.rows, table.numbers
    # a spreadsheet that re-saved our file may have quoted the comment line into a row
    while rows and rows[0] and rows[0][0].lstrip().startswith("#") and not any(c.strip() for c in rows[0][1:]):
        signature = signature or parse_signature(rows[0][0].lstrip().lstrip("#").strip())
        rows, numbers = rows[1:], numbers[1:]
    if not rows:
        raise InputError(f"{p}: empty glossary file")
    header = rows[0]
    return rows_to_glossary(header, rows[1:], path=str(p), signature=signature,
                            src_lang=src_lang, tgt_lang=tgt_lang, row_numbers=numbers[1:], unit="line")


OMEGAT_COLUMNS = 4       # source, target, comment, source document (OmegaT reads the first three)


def read_omegat_rows(rows, signature, src_lang, tgt_lang, *, path: str = "",
                     row_numbers: Sequence[int] | None = None) -> Glossary:
    """Entries of an OmegaT glossary: ours (see module doc) or one a person or OmegaT wrote."""
    s = src_lang or (signature.src_lang if signature else None) or ""
    t = tgt_lang or (signature.tgt_lang if signature else None) or ""
    entries = []
    skipped: dict[str, list[int]] = {"comment lines": [], "no target column": []}
    for k, r in enumerate(rows):
        number = row_numbers[k] if row_numbers is not None else k + 1
        if not r or r[0].startswith("#"):
            skipped["comment lines"].append(number)
            continue
        if len(r) < 2:
            skipped["no target column"].append(number)
            continue
        e = GlossaryEntry(src_term=clean_text(r[0]).strip(), tgt_term=clean_text(r[1]).strip(), src_lang=s, tgt_lang=t)
        comment = clean_text(r[2]).strip() if len(r) > 2 else ""
        source = clean_text(r[3]).strip() if len(r) > 3 else ""
        # our comment is "pos; status; note; source": take back what parses, keep the rest as it is
        head, sep, rest = comment.partition(";")
        if head.strip() in TBX2_POS:
            e.pos, comment = head.strip(), rest.strip() if sep else ""
        head, sep, rest = comment.partition(";")
        if head.strip() and (parsed_status := parse_status(head)):
            e.status, comment = parsed_status, rest.strip() if sep else ""
        if source:
            e.source = source
            if comment == source:
                comment = ""
            elif comment.endswith("; " + source):
                comment = comment[: -len(source) - 2].strip()
        e.note = comment or None
        # our files give only a person's entries a status (preferred, admitted, deprecated)
        e.manual = signature is None or e.status in STATUSES
        entries.append(e)
    report_skipped(path, "line", skipped)
    return Glossary(src_lang=s, tgt_lang=t, entries=entries, signature=signature)


# --------------------------------------------------------------------------- alignments

ALIGNMENT_HEADER = ["bead", "src_ids", "tgt_ids", "src_text", "tgt_text", "kind", "score", "confidence", "flagged"]


def alignment_rows(alignment: Alignment) -> list[list[Any]]:
    rows = []
    for k, b in enumerate(alignment.beads):
        rows.append([k, " ".join(alignment.src_ids(b)), " ".join(alignment.tgt_ids(b)),
                     alignment.src_text(b), alignment.tgt_text(b), b.kind,
                     round(b.score, 4), round(b.confidence, 4), "yes" if b.flagged else "no"])
    return rows


def alignment_tsv(alignment: Alignment, *, comment_header: bool = True) -> str:
    """The alignment as TSV text, per the team's interchange format (a ``# signature:``
    line first unless ``comment_header=False``; files: :func:`write_alignment_table`)."""
    rows = [ALIGNMENT_HEADER]
    for row in alignment_rows(alignment):
        rows.append([neutralise(v) if i in (3, 4) else v for i, v in enumerate(row)])
    return _delimited(rows, "\t", _comment(alignment.signature, comment_header))


def write_alignment_table(alignment: Alignment, path, *, force: bool = False, bom: bool = False,
                          comment_header: bool = False) -> Path:
    """Alignment TSV, header in row 1; the signature in ``NAME.signature.json``
    (``comment_header=True``: a ``# signature:`` first line instead)."""
    return write_plain_table(path, alignment_tsv(alignment, comment_header=False), signature=alignment.signature,
                             fmt="tsv", force=force, comment_header=comment_header, bom=bom)


@dataclass
class AlignmentRow:
    """One bead as read back from an alignment TSV, with a reviewer's verdict if any."""

    bead: int
    src_ids: list[str]
    tgt_ids: list[str]
    src_text: str = ""
    tgt_text: str = ""
    kind: str = ""
    score: float = 0.0
    confidence: float = 0.0
    flagged: bool = False
    status: str | None = None     # "ok" / "wrong" from a reviewer, None when not reviewed
    note: str | None = None
    extra: dict[str, str] = field(default_factory=dict)


def read_alignment_table(path) -> tuple[Signature | None, list[AlignmentRow]]:
    p = Path(path)
    table = _read_table(p, "\t")
    signature, rows = table.signature, table.rows
    if not rows:
        raise InputError(f"{p}: empty alignment file")
    header = [h.strip().casefold() for h in rows[0]]
    missing = [h for h in ("src_ids", "tgt_ids") if h not in header]
    if missing:
        raise InputError(f"{p}: not an alignment TSV (missing column {missing[0]})")
    idx = {h: i for i, h in enumerate(header)}
    out: list[AlignmentRow] = []
    for n, r in enumerate(rows[1:]):
        def get(name: str, r: list[str] = r) -> str:
            i = idx.get(name)
            return r[i] if i is not None and i < len(r) else ""

        def num(name: str, conv, default, n: int = n):
            v = get(name).strip()
            try:
                return conv(float(v)) if v else default
            except ValueError:
                raise InputError(f"{p}: line {table.numbers[n + 1]}: {name} {v!r} is not a number") from None

        status = get("status").strip().casefold() or None
        if status in {"rejected", "bad", "no", "ko", "false"}:
            status = "wrong"
        elif status in {"yes", "good", "correct", "true", "accepted"}:
            status = "ok"
        out.append(AlignmentRow(
            bead=num("bead", int, n), src_ids=get("src_ids").split(), tgt_ids=get("tgt_ids").split(),
            src_text=unneutralise(get("src_text")), tgt_text=unneutralise(get("tgt_text")),
            kind=get("kind").strip(), score=num("score", float, 0.0), confidence=num("confidence", float, 0.0),
            flagged=_yes(get("flagged")), status=status, note=unneutralise(get("note")).strip() or None,
            extra={h: r[i] for h, i in idx.items() if h not in ALIGNMENT_HEADER + ["status", "note"] and i < len(r)},
        ))
    return signature, out


# --------------------------------------------------------------------------- term lists

TERMS_HEADER = ["term", "lemma", "pos", "freq", "score", "kind", "variants", "context"]


def terms_tsv(terms: Sequence[Term], signature: Signature | None = None, *, comment_header: bool = True) -> str:
    """Ranked term list as TSV text (a ``# signature:`` line first unless ``comment_header=False``)."""
    rows: list[list[Any]] = [TERMS_HEADER]
    for t in terms:
        ctx = format_context(t.occurrences[0]) if t.occurrences else ""
        rows.append([neutralise(t.text), neutralise(t.lemma), t.pos, t.freq, round(t.score, 4), t.kind,
                     neutralise(join_list(t.variants)), neutralise(ctx)])
    return _delimited(rows, "\t", _comment(signature, comment_header))


def write_terms_table(terms: Sequence[Term], path, *, force: bool = False, signature: Signature | None = None,
                      comment_header: bool = False) -> Path:
    """Ranked term list TSV: term, lemma, pos, freq, score (then kind, variants, context).

    Header in row 1; the signature (by default: the toolkit and the terms' language) in
    ``NAME.signature.json`` (``comment_header=True``: a ``# signature:`` first line instead).
    """
    if signature is None:
        from toolkit import __version__

        lang = terms[0].language if terms else None
        signature = Signature(toolkit_version=__version__, src_lang=lang, params={"kind": "terms"})
    return write_plain_table(path, terms_tsv(terms, signature, comment_header=False), signature=signature,
                             fmt="terms", force=force, comment_header=comment_header)


def read_terms_table(path) -> tuple[Signature | None, list[dict]]:
    """Signature and rows (dicts by column) of a term list TSV."""
    # bytes decoded as they are: a universal-newline read would turn a "\r" in a cell into "\n"
    sig, lines = split_comments(_read_lines(path))
    sig = sig or read_sidecar(path)     # no comment line: the signature is in NAME.signature.json
    rows = list(csv.DictReader(io.StringIO("".join(lines)), delimiter="\t"))
    for r in rows:
        for k in ("term", "lemma", "variants", "context"):
            if k in r and r[k] is not None:
                r[k] = unneutralise(r[k])
    return sig, rows
