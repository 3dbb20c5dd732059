"""Plain typed data classes that connect the pipeline stages.

Every stage (segment, embed, align, terms, glossary, export) takes and
returns these objects, so that the CLI, the notebooks and the batch runner all
speak the same language.  Nothing here does I/O or loads a model.
"""
from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any, Iterable, Iterator

# Segment kinds, in the order they appear in a UN resolution.
TITLE = "title"
OPENING = "opening"          # "L'Assemblée générale," / "The General Assembly,"
PREAMBLE = "preamble"        # preambular paragraph (pp1 ... ppN)
OPERATIVE = "operative"      # numbered operative paragraph (op1 ... opN)
SUBITEM = "subitem"          # lettered sub-item a) / (a) under a pp or op
HEADING = "heading"          # "Article 12", section headings, annex titles
PARAGRAPH = "paragraph"      # unstructured paragraph (fallback, plain lines)
SENTENCE = "sentence"        # a sentence inside a paragraph (sentence level)
SEGMENT_KINDS = (TITLE, OPENING, PREAMBLE, OPERATIVE, SUBITEM, HEADING, PARAGRAPH, SENTENCE)


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
    kind: str
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


@dataclass
class Signature:
    """Reproducibility signature of a result, in the spirit of sacrebleu.

    Recorded in the header of every file the toolkit writes, so that anyone
    can tell which model, settings and inputs produced it.
    """

    toolkit_version: str
    model: str | None = None
    src_lang: str | None = None
    tgt_lang: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    inputs: dict[str, str] = field(default_factory=dict)   # name -> checksum

    def __str__(self) -> str:
        parts = [f"toolkit:{self.toolkit_version}"]
        if self.model:
            parts.append(f"model:{self.model}")
        if self.src_lang and not self.tgt_lang:      # a monolingual result (a term list)
            parts.append(f"langs:{self.src_lang}")
        elif self.src_lang or self.tgt_lang:
            parts.append(f"langs:{self.src_lang or '?'}-{self.tgt_lang or '?'}")
        for key in sorted(self.params):
            parts.append(f"{key}:{self.params[key]}")
        for key in sorted(self.inputs):
            parts.append(f"in.{key}:{self.inputs[key]}")
        return "|".join(parts)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Signature":
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


@dataclass
class Alignment:
    """An alignment of two documents: beads plus the signature that made them."""

    source: Document
    target: Document
    beads: list[Bead]
    signature: Signature
    level: str = "paragraph"            # "paragraph" or "sentence"
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
    """Where a term was seen: the segment id and the sentence around it."""

    segment_id: str
    sentence: str


@dataclass
class Term:
    """A monolingual term candidate, ranked by termhood."""

    text: str                           # surface form translators use (most frequent form)
    lemma: str                          # lemmatised key used for counting
    language: str
    pos: str = "noun"                   # "noun", "properNoun", "adjective", ... (TBX values)
    freq: int = 0
    score: float = 0.0                  # termhood (C-value or equivalent)
    variants: list[str] = field(default_factory=list)
    occurrences: list[Occurrence] = field(default_factory=list)
    kind: str = "phrase"                # "phrase", "name", "acronym"
    expansion: str | None = None        # for acronyms: the expansion seen in the text


# Administrative statuses a reviewer sees; their TBX values are in export/tbx.py.
PREFERRED = "preferred"
ADMITTED = "admitted"
DEPRECATED = "deprecated"
STATUSES = (PREFERRED, ADMITTED, DEPRECATED)


@dataclass
class GlossaryEntry:
    """One concept of a bilingual glossary: a source term and its target term."""

    src_term: str
    tgt_term: str
    src_lang: str
    tgt_lang: str
    pos: str = "noun"
    freq_src: int = 0
    freq_tgt: int = 0
    confidence: float = 0.0
    status: str = ADMITTED
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

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[GlossaryEntry]:
        return iter(self.entries)

    def lookup(self, term: str) -> list[GlossaryEntry]:
        """Entries whose source or target term (or a variant) matches ``term``."""
        key = term.casefold()
        return [
            e
            for e in self.entries
            if key in {e.src_term.casefold(), e.tgt_term.casefold()}
            or key in {v.casefold() for v in (*e.src_variants, *e.tgt_variants)}
        ]

    def to_dataframe(self):
        """One row per entry; term columns are named by language code."""
        import pandas as pd

        s, t = self.src_lang, self.tgt_lang
        columns = [s, t, "pos", f"freq_{s}", f"freq_{t}", "confidence", "status",
                   f"context_{s}", f"context_{t}", "source"]
        rows = []
        for e in self.entries:
            rows.append(
                {
                    s: e.src_term,
                    t: e.tgt_term,
                    "pos": e.pos,
                    f"freq_{s}": e.freq_src,
                    f"freq_{t}": e.freq_tgt,
                    "confidence": round(e.confidence, 4),
                    "status": e.status,
                    f"context_{s}": _format_context(e.context_src),
                    f"context_{t}": _format_context(e.context_tgt),
                    "source": e.source or "",
                }
            )
        return pd.DataFrame(rows, columns=columns)


def _format_context(occ: Occurrence | None) -> str:
    if occ is None:
        return ""
    return f"[{occ.segment_id}] {occ.sentence}"


def iter_ids(segments: Iterable[Segment]) -> list[str]:
    return [s.id for s in segments]
