"""Term consistency check of a translation against a termbase (as Xbench or Verifika do).

The two texts are aligned; in every linked segment pair, each termbase
source term found in the source segment (longest match first, no overlap,
inflection folded as in :mod:`toolkit.suggest`) must be rendered by one of
its known target equivalents - the target terms and variants of every
termbase entry with that source term.  A segment pair where none occurs is
flagged.

Only source terms whose evidence is strong enough to accuse a translator are
checked (:class:`CheckIndex`); a term a person made or edited (``manual``)
is always checked.  A known target also counts when written as the acronym
of its words ("GDP" for "gross domestic product").
"""
from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Sequence

from toolkit import __version__
from toolkit.errors import InputError
from toolkit.model import Alignment, Glossary, Signature
from toolkit.suggest import fold_word, tokens

# Machine evidence a source term needs to be checked (bench/termbase_bench.py, SDG pair: with
# weaker evidence most flags on the official text are free but correct variations, "monde entier"
# rendered "everywhere", "zones rurales" "(urban/rural)"): an entry seen in this many documents
# at this confidence, and this share of the term's aligned occurrences rendered by a known target.
CHECK_MIN_DOCUMENTS = 5
CHECK_MIN_CONFIDENCE = 0.9
CHECK_MIN_CONSISTENCY = 0.8
# Source terms with fewer content words are not checked (single words such as "pays" have
# many correct renderings a termbase cannot list).
CHECK_MIN_WORDS = 2
# A known target also counts when its content words occur within this many extra words of each
# other, in any order (coordination, possessives, inserted adjectives).
MAX_GAP = 4
# The columns of the report, header in row 1.
COLUMNS = ("segment", "src_ids", "tgt_ids", "source_term", "expected_target", "termbase_documents",
           "termbase_confidence", "source_text", "target_text", "link_confidence")
REPORT_FORMATS = (".tsv", ".xlsx")


@dataclass
class Flag:
    """A linked segment pair where a termbase source term occurs and none of its targets does."""

    segment: int                   # bead number in the alignment (0-based)
    src_ids: list[str]
    tgt_ids: list[str]
    source_term: str               # the termbase's source term found in the segment
    expected: list[str]            # its known target equivalents
    documents: int                 # termbase evidence of the best entry
    confidence: float
    source_text: str
    target_text: str
    link_confidence: float

    def row(self) -> list:
        return [self.segment, " ".join(self.src_ids), " ".join(self.tgt_ids), self.source_term,
                " | ".join(self.expected), self.documents, round(self.confidence, 4), self.source_text,
                self.target_text, round(self.link_confidence, 4)]


@dataclass
class _Known:
    source_term: str
    targets: dict[tuple[str, ...], str] = field(default_factory=dict)   # folded key -> display form
    documents: int = 0         # of the best entry with this source term
    confidence: float = 0.0
    cooc: float = 0.0          # aligned pairs where the source term came with one of the targets (summed)
    pairs: float = 0.0         # aligned pairs where the source term occurred (summed)
    manual: bool = False       # a person made or edited an entry with this source term

    @property
    def consistency(self) -> float:
        """Share of the source term's aligned occurrences that came with a known target."""
        return self.cooc / self.pairs if self.pairs else 0.0


def _fold_seq(text: str) -> list[str]:
    """Folded tokens; hyphens count as spaces ("food-security", "capacity building")."""
    return [f for f in (fold_word(w) for w in tokens(re.sub(r"[-‐‑]", " ", text or ""))) if f]


def _general_heads(lang: str) -> set[str]:
    """Heads that make a phrase a free combination ("niveau national", "nombre total"), folded."""
    from toolkit.terms import GENERAL_HEADS

    return {fold_word(w) for w in GENERAL_HEADS.get(lang, ())}


class CheckIndex:
    """Checked source terms (folded) with the union of their known targets.

    A source term is checked when a person made or edited one of its entries,
    or when the machine evidence is strong: an entry seen in at least
    :data:`CHECK_MIN_DOCUMENTS` documents with confidence
    :data:`CHECK_MIN_CONFIDENCE`, a :data:`CHECK_MIN_CONSISTENCY` share of the
    term's aligned occurrences rendered by a known target, at least
    :data:`CHECK_MIN_WORDS` content words and no general head
    (:data:`toolkit.terms.GENERAL_HEADS`).
    """

    def __init__(self, termbase: Glossary, *, min_confidence: float = CHECK_MIN_CONFIDENCE,
                 min_documents: int = CHECK_MIN_DOCUMENTS, min_consistency: float = CHECK_MIN_CONSISTENCY,
                 min_words: int = CHECK_MIN_WORDS):
        from toolkit.suggest import content_count

        self.src_lang, self.tgt_lang = termbase.src_lang, termbase.tgt_lang
        self.known: dict[tuple[str, ...], _Known] = {}
        for e in termbase.entries:
            if not e.src_term.strip() or not e.tgt_term.strip() or (e.status == "deprecated" and not e.manual):
                continue
            for form in dict.fromkeys([e.src_term, *e.src_variants]):
                key = tuple(_fold_seq(form))
                if not key:
                    continue
                k = self.known.setdefault(key, _Known(e.src_term))
                if form == e.src_term:
                    k.cooc += float(e.evidence.get("cooc", 0) or 0)
                    k.pairs += float(e.evidence.get("pairs_src", 0) or 0)
                for t in dict.fromkeys([e.tgt_term, *e.tgt_variants]):
                    tk = tuple(_fold_seq(t))
                    if tk:
                        k.targets.setdefault(tk, t)
                k.manual = k.manual or e.manual
                if (e.manual, e.documents, e.confidence) > (False, k.documents, k.confidence):
                    k.documents, k.confidence, k.source_term = e.documents, e.confidence, e.src_term
        general = _general_heads(self.src_lang)
        fw = {"de", "à"}
        self.checked: dict[tuple[str, ...], _Known] = {}
        for key, k in self.known.items():
            head = next((w for w in key if w not in fw), "")
            strong = (k.documents >= min_documents and k.confidence >= min_confidence
                      and k.consistency >= min_consistency and content_count(key, self.src_lang) >= min_words
                      and head not in general)
            if k.manual or strong:
                self.checked[key] = k
        # Every known target of a checked term counts, reliable or not: a flag says that *no*
        # rendering the termbase has ever seen is there.
        self._all_first: dict[str, list[tuple[str, ...]]] = {}
        for key in self.known:
            self._all_first.setdefault(key[0], []).append(key)

    def __len__(self) -> int:
        return len(self.checked)

    def find(self, text: str) -> list[tuple[str, ...]]:
        """Checked source terms in ``text``: longest known terms first (checked or not), no overlap,
        so "Conseil des droits de l'homme" is checked as a whole and not also as "droits de l'homme"."""
        toks = _fold_seq(text)
        spans = []
        for i, w in enumerate(toks):
            for key in self._all_first.get(w, ()):
                n = len(key)
                if tuple(toks[i:i + n]) == key:
                    spans.append((i, i + n, key))
        spans.sort(key=lambda s: (-(s[1] - s[0]), s[0]))
        used: set[int] = set()
        out = []
        for a, b, key in spans:
            if used.isdisjoint(range(a, b)):
                used.update(range(a, b))
                if key in self.checked:
                    out.append((a, key))
        return [key for _, key in sorted(out)]

    def rendered(self, key: tuple[str, ...], target_text: str) -> bool:
        """Whether one of the known targets of ``key`` is in ``target_text``: as a whole, or its
        content words within a window of :data:`MAX_GAP` more words, in any order
        ("pregnant and lactating women" renders "pregnant women", "women's empowerment"
        "empowerment of women")."""
        toks = _fold_seq(target_text)
        known = self.known[key].targets
        if any(_window_match(tk, toks, self.tgt_lang) for tk in known):
            return True
        acronyms = {_acronym(form, self.tgt_lang) for form in known.values()} - {""}
        return bool(acronyms) and any(w.rstrip("s") in acronyms for w in re.findall(r"\b[A-Z]{2,}s?\b", target_text))


def _acronym(term: str, lang: str) -> str:
    """Initials of a term's content words in capitals ("gross domestic product" -> "GDP"); ''
    for a term of fewer than two content words."""
    from toolkit.suggest import _FUNCTION

    words = [w for w in tokens(term) if w not in _FUNCTION.get(lang, set())]
    return "".join(w[0] for w in words).upper() if len(words) >= 2 else ""


def _window_match(target: tuple[str, ...], toks: list[str], lang: str) -> bool:
    from toolkit.suggest import _FUNCTION

    n = len(target)
    if any(tuple(toks[i:i + n]) == target for i in range(len(toks) - n + 1)):
        return True
    fw = _FUNCTION.get(lang, set())
    content = [w for w in target if w not in fw] or list(target)
    need = Counter(content)
    width = len(content) + MAX_GAP
    for i, w in enumerate(toks):
        if w in need:
            window = Counter(toks[i:i + width])
            if all(window[c] >= k for c, k in need.items()):
                return True
    return False


def check_alignment(alignment: Alignment, termbase: Glossary, *, index: CheckIndex | None = None) -> list[Flag]:
    """Flags of every linked segment pair (see the module doc)."""
    if index is None:
        index = CheckIndex(termbase)
    flags = []
    for k, bead in enumerate(alignment.beads):
        if bead.is_null:
            continue
        src, tgt = alignment.src_text(bead), alignment.tgt_text(bead)
        seen = set()
        for key in index.find(src):
            if key in seen:
                continue
            seen.add(key)
            if not index.rendered(key, tgt):
                known = index.known[key]
                flags.append(Flag(k, alignment.src_ids(bead), alignment.tgt_ids(bead), known.source_term,
                                  list(known.targets.values()), known.documents, known.confidence, src, tgt,
                                  bead.confidence))
    return flags


def check_signature(alignment: Alignment, *, termbase_label: str, termbase_checksum: str, flags: int) -> Signature:
    sig = alignment.signature
    return Signature(toolkit_version=__version__, model=sig.model if sig else None,
                     src_lang=alignment.source.language, tgt_lang=alignment.target.language,
                     params={"kind": "term-check", "termbase": termbase_label, "flags": flags,
                             "min_documents": CHECK_MIN_DOCUMENTS, "min_confidence": CHECK_MIN_CONFIDENCE,
                             "min_consistency": CHECK_MIN_CONSISTENCY, "min_words": CHECK_MIN_WORDS},
                     inputs={**(dict(sig.inputs) if sig else {}), "termbase": termbase_checksum})


def report_format(path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in REPORT_FORMATS:
        raise InputError(f"{path}: a check report is .tsv or .xlsx")
    return suffix


def write_report(flags: Sequence[Flag], path, *, signature: Signature | None = None, force: bool = False) -> Path:
    """The flags as TSV or XLSX: header in row 1, one row per flag.

    The TSV ends with a ``# signature: ...`` line (after the rows, so that
    row 1 stays the header); the XLSX keeps it in its ``run`` sheet.
    """
    fmt = report_format(path)
    if fmt == ".xlsx":
        return _write_xlsx(flags, path, signature, force)
    from toolkit.fileio import write_text

    return write_text(path, report_tsv(flags, signature), force=force)


def report_tsv(flags: Sequence[Flag], signature: Signature | None = None) -> str:
    """The TSV text of :func:`write_report`."""
    from toolkit.export.tabular import neutralise

    buf = io.StringIO()
    w = csv.writer(buf, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(COLUMNS)
    for f in flags:
        w.writerow([neutralise(v) if isinstance(v, str) else v for v in f.row()])
    if signature is not None:
        buf.write(f"# signature: {signature}\n")
    return buf.getvalue()


def _write_xlsx(flags: Sequence[Flag], path, signature: Signature | None, force: bool) -> Path:
    from toolkit.export.xlsx import _run_sheet, _set, _style_header
    from toolkit.fileio import write_with

    def build(tmp: Path) -> None:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment as Align

        wb = Workbook()
        ws = wb.active
        ws.title = "check"
        for c, h in enumerate(COLUMNS, start=1):
            _set(ws, 1, c, h)
        wrap = Align(wrap_text=True, vertical="top")
        for r, f in enumerate(flags, start=2):
            for c, v in enumerate(f.row(), start=1):
                cell = _set(ws, r, c, v)
                if c in (8, 9):
                    cell.alignment = wrap
        _style_header(ws, len(COLUMNS), [9, 12, 12, 30, 36, 11, 11, 60, 60, 11])
        _run_sheet(wb, signature, [("flags", len(flags))])
        wb.save(tmp)

    return write_with(path, build, force=force)


@dataclass
class CheckResult:
    alignment: Alignment
    flags: list[Flag]
    checked_terms: int
    signature: Signature
    warnings: list[str] = field(default_factory=list)

    @property
    def segments(self) -> int:
        return sum(1 for b in self.alignment.beads if not b.is_null)


def check_documents(src, tgt, termbase: Glossary, *, model=None, termbase_label: str = "the termbase",
                    termbase_checksum: str = "", alignment: Alignment | None = None) -> CheckResult:
    """Align ``src`` and ``tgt`` (unless ``alignment`` is given) and check them against ``termbase``."""
    from toolkit.langid import check_language_labels

    warnings = check_language_labels(src, tgt)
    if alignment is None:
        from toolkit.align import align_documents

        alignment = align_documents(src, tgt, model=model)
    index = CheckIndex(termbase)
    flags = check_alignment(alignment, termbase, index=index)
    sig = check_signature(alignment, termbase_label=termbase_label, termbase_checksum=termbase_checksum,
                          flags=len(flags))
    return CheckResult(alignment, flags, len(index), sig, warnings)


def check_files(src_path, tgt_path, termbase_paths: Sequence, *, src_lang: str | None = None,
                tgt_lang: str | None = None, model=None, input_format: str = "auto") -> CheckResult:
    """Read, align and check two files (``toolkit check``)."""
    from toolkit.segment import read_document
    from toolkit.termbase import read_termbases, termbase_checksum, termbase_label

    termbase = read_termbases(termbase_paths, src_lang=src_lang, tgt_lang=tgt_lang)
    src = read_document(src_path, src_lang or termbase.src_lang, input_format=input_format)
    tgt = read_document(tgt_path, tgt_lang or termbase.tgt_lang, input_format=input_format)
    result = check_documents(src, tgt, termbase, model=model, termbase_label=termbase_label(termbase_paths),
                             termbase_checksum=termbase_checksum(termbase_paths))
    result.warnings = [*(f"{src_path}: {w}" for w in src.warnings), *(f"{tgt_path}: {w}" for w in tgt.warnings),
                       *result.warnings]
    return result


__all__ = ["Flag", "CheckIndex", "check_alignment", "check_documents", "check_files", "write_report",
           "CHECK_MIN_CONFIDENCE", "CHECK_MIN_WORDS", "COLUMNS"]
