"""Multiway alignment: one document in several languages, each aligned to a pivot, cross-checked.

Why: a UN document exists in six official languages, and a translator or a
corpus builder wants every pair, not only X–English.  Aligning each language
to one pivot (English by default) costs n-1 alignments instead of n(n-1)/2,
and the links between two non-pivot languages A and B follow by composing
A→pivot→B.  Composition is only as good as both legs, so for the pairs asked
(``pairs=[("fr", "es")]``) the direct A↔B alignment is computed too and the
two are compared: every segment of A whose composed counterparts differ from
its direct ones is listed as a :class:`Disagreement` (segment ids on all
sides), which is where a reviewer should look first.

A missing side (None, a document without segments, a file that cannot be
read) or a document whose text is confidently in another language than its
label (:func:`toolkit.langid.check_language_labels`) does not stop the other
languages: it is left out and said in :attr:`MultiAlignment.warnings`.  An
unsupported language code raises the registry's
:class:`toolkit.lang.UnsupportedLanguage` before anything is aligned.

Usage::

    from toolkit.multiway import align_multiway
    docs = {l: read_document(f"corpora/sdg/{l}.txt", l) for l in ("en", "fr", "es")}
    multi = align_multiway(docs, pivot="en", pairs=[("fr", "es")])
    multi.alignments["fr"]          # Alignment fr -> en
    multi.direct[("fr", "es")]      # Alignment fr -> es (direct)
    multi.composed_ids("fr", "es")  # fr id -> es ids through the pivot
    multi.disagreements             # where the two differ
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from toolkit import lang as _lang
from toolkit.errors import ToolkitError
from toolkit.langid import base_lang, check_language_labels
from toolkit.model import Alignment, Document

__all__ = [
    "Disagreement",
    "MultiAlignment",
    "align_files",
    "align_multiway",
    "compare_pair",
    "compose_links",
    "direct_links",
    "read_documents",
]

Pair = tuple[str, str]


@dataclass(frozen=True)
class Disagreement:
    """One segment of language ``pair[0]`` linked differently through the pivot and directly.

    ``source_id``: the segment of ``pair[0]``; ``pivot_ids``: the pivot segments
    it is linked to; ``via_pivot``: the ``pair[1]`` segments those pivot segments
    are linked to (composition); ``direct``: the ``pair[1]`` segments the direct
    alignment links it to.  An empty tuple means "not linked".
    """

    pair: Pair
    source_id: str
    pivot_ids: tuple[str, ...]
    via_pivot: tuple[str, ...]
    direct: tuple[str, ...]

    def __str__(self) -> str:
        a, b = self.pair
        def show(ids: tuple[str, ...]) -> str:
            return " ".join(ids) or "(none)"

        return (f"{a}-{b} {self.source_id}: via pivot [{show(self.pivot_ids)}] -> {show(self.via_pivot)}, "
                f"direct -> {show(self.direct)}")


@dataclass
class MultiAlignment:
    """Every language aligned to ``pivot``, the direct alignments asked for, and where they disagree.

    ``alignments``: language -> Alignment of that language (source) to the pivot
    (target); ``direct``: (A, B) -> Alignment A (source) -> B (target);
    ``disagreements``: for each pair of ``direct``, the A segments whose composed
    and direct links differ; ``compared``: (A, B) -> number of A segments
    compared; ``warnings``: sides left out and why, and the alignments' own warnings.
    """

    pivot: str
    documents: dict[str, Document]
    alignments: dict[str, Alignment] = field(default_factory=dict)
    direct: dict[Pair, Alignment] = field(default_factory=dict)
    disagreements: list[Disagreement] = field(default_factory=list)
    compared: dict[Pair, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def languages(self) -> list[str]:
        """The languages that were aligned (the pivot first)."""
        return [self.pivot, *self.alignments] if self.pivot in self.documents else list(self.alignments)

    def composed_ids(self, a: str, b: str) -> dict[str, tuple[str, ...]]:
        """Segment id of ``a`` -> segment ids of ``b`` linked through the pivot."""
        if a == self.pivot:
            return _ids_map(self.alignments[b], invert=True)
        if b == self.pivot:
            return _ids_map(self.alignments[a])
        al_a, al_b = self.alignments[a], self.alignments[b]
        links = compose_links(al_a, al_b)
        return {al_a.source.segments[i].id: tuple(al_b.source.segments[j].id for j in sorted(js))
                for i, js in links.items()}

    def disagreements_for(self, a: str, b: str) -> list[Disagreement]:
        return [d for d in self.disagreements if d.pair == (a, b)]

    def agreement(self, a: str, b: str) -> float:
        """Share of the compared ``a`` segments whose composed and direct links are the same."""
        n = self.compared.get((a, b), 0)
        return 1.0 - len(self.disagreements_for(a, b)) / n if n else 0.0


# ------------------------------------------------------------------ links
def _links(al: Alignment, invert: bool = False) -> dict[int, set[int]]:
    """Source index -> target indices (``invert``: target -> source); every index present."""
    n = len(al.target.segments if invert else al.source.segments)
    out: dict[int, set[int]] = {i: set() for i in range(n)}
    for b in al.beads:
        src, tgt = (b.tgt, b.src) if invert else (b.src, b.tgt)
        for i in src:
            out[i].update(tgt)
    return out


def _ids_map(al: Alignment, invert: bool = False) -> dict[str, tuple[str, ...]]:
    frm, to = (al.target, al.source) if invert else (al.source, al.target)
    return {frm.segments[i].id: tuple(to.segments[j].id for j in sorted(js))
            for i, js in _links(al, invert).items()}


def compose_links(a_to_pivot: Alignment, b_to_pivot: Alignment) -> dict[int, set[int]]:
    """A index -> B indices through the pivot: A→pivot composed with (B→pivot)⁻¹."""
    a2p = _links(a_to_pivot)
    p2b = _links(b_to_pivot, invert=True)
    return {i: set().union(*(p2b.get(p, set()) for p in ps)) for i, ps in a2p.items()}


def direct_links(a_to_b: Alignment) -> dict[int, set[int]]:
    """A index -> B indices of a direct alignment."""
    return _links(a_to_b)


def compare_pair(pair: Pair, a_to_pivot: Alignment, b_to_pivot: Alignment,
                 a_to_b: Alignment) -> list[Disagreement]:
    """The A segments whose links to B differ between composition through the pivot and ``a_to_b``.

    Comparing every A segment's set of B segments is complete: when all are
    equal, the two alignments link exactly the same (A, B) segment pairs.
    """
    comp = compose_links(a_to_pivot, b_to_pivot)
    dire = direct_links(a_to_b)
    a2p = _links(a_to_pivot)
    A, P, B = a_to_pivot.source, a_to_pivot.target, b_to_pivot.source
    out = []
    for i in range(len(A.segments)):
        c, d = comp.get(i, set()), dire.get(i, set())
        if c != d:
            out.append(Disagreement(
                pair=pair, source_id=A.segments[i].id,
                pivot_ids=tuple(P.segments[p].id for p in sorted(a2p.get(i, ()))),
                via_pivot=tuple(B.segments[j].id for j in sorted(c)),
                direct=tuple(B.segments[j].id for j in sorted(d))))
    return out


# ------------------------------------------------------------------ input
def _pair(p) -> Pair:
    if isinstance(p, str):
        parts = p.split(">") if ">" in p else p.split("-")
        if len(parts) != 2:
            raise ToolkitError(f"not a language pair: {p!r} (expected like 'fr-es')")
        return parts[0], parts[1]
    a, b = p
    return str(a), str(b)


def read_documents(paths: Mapping[str, str | Path], **read_options) -> tuple[dict[str, Document | None], list[str]]:
    """Read one file per language (``read_document(path, lang)``); a file that cannot be read is
    None in the result and said in the warnings, so that the others are still aligned."""
    from toolkit.segment import read_document

    docs: dict[str, Document | None] = {}
    warnings: list[str] = []
    for code, path in paths.items():
        _lang.get(code)
        try:
            docs[code] = read_document(path, code, **read_options)
        except ToolkitError as exc:
            docs[code] = None
            warnings.append(f"{code}: {path}: cannot be read ({exc}); left out")
    return docs, warnings


def _usable(code: str, doc: Document | None, skip_mislabelled: bool) -> tuple[bool, list[str]]:
    """Whether ``doc`` can take part, and the warnings about it."""
    if doc is None:
        return False, [f"{code}: missing; left out"]
    if not doc.segments or not any(s.text.strip() for s in doc.segments):
        return False, [f"{code}: {doc.source_path or 'document'} has no text; left out"]
    msgs = []
    label = base_lang(doc.language)
    if label and label != base_lang(code):
        msgs.append(f"{code}: {doc.source_path or 'document'} is labelled '{doc.language}', not '{code}'")
    msgs += [f"{code}: {m}" for m in check_language_labels(doc, names=(doc.source_path or "document",))]
    if msgs and skip_mislabelled:
        return False, [m + "; left out" for m in msgs]
    return True, msgs


def align_multiway(documents: Mapping[str, Document | None], *, pivot: str = "en",
                   pairs: Iterable[Pair | str] | None = None, model=None, skip_mislabelled: bool = True,
                   warnings: Iterable[str] = (), **params) -> MultiAlignment:
    """Align every document of ``documents`` (language -> Document) to the ``pivot``'s and
    compare, for each pair of ``pairs`` (default: every pair of non-pivot languages),
    the links composed through the pivot with a direct alignment.

    ``model`` and ``params`` go to :func:`toolkit.align.align_documents` (loaded
    once: the encoder is shared by all alignments).  ``skip_mislabelled=False``
    aligns a document whose label looks wrong anyway (the warning stays).
    ``warnings``: earlier warnings to carry (e.g. from :func:`read_documents`).
    """
    from toolkit.align import align_documents
    from toolkit.embed import get_embedder

    for code in [pivot, *documents]:
        _lang.get(code)                       # UnsupportedLanguage for an unknown code
    if pairs is None:
        others = [c for c in documents if c != pivot]
        pairs = [(a, b) for k, a in enumerate(others) for b in others[k + 1:]]
    wanted = [_pair(p) for p in pairs]
    for a, b in wanted:
        _lang.get(a)
        _lang.get(b)

    out = MultiAlignment(pivot=pivot, documents={}, warnings=list(warnings))
    for code, doc in documents.items():
        ok, msgs = _usable(code, doc, skip_mislabelled)
        out.warnings += msgs
        if ok and doc is not None:
            out.documents[code] = doc
    if pivot not in documents:
        out.warnings.append(f"{pivot}: missing; left out")

    embedder = get_embedder(model) if out.documents else None

    def align(a: str, b: str) -> Alignment | None:
        try:
            al = align_documents(out.documents[a], out.documents[b], model=embedder, **params)
        except ToolkitError as exc:
            out.warnings.append(f"{a}-{b}: cannot be aligned ({exc}); left out")
            return None
        out.warnings += [f"{a}-{b}: {w}" for w in al.warnings]
        return al

    if pivot in out.documents:
        for code in out.documents:
            if code != pivot:
                al = align(code, pivot)
                if al is not None:
                    out.alignments[code] = al
    else:
        out.warnings.append(f"no pivot document ({pivot}): nothing composed, direct pairs not compared")
    for a, b in wanted:
        if a == b or pivot in (a, b):
            out.warnings.append(f"{a}-{b}: a pair to compare needs two different non-pivot languages; skipped")
            continue
        missing = [c for c in (a, b) if c not in out.documents]
        if missing:
            out.warnings.append(f"{a}-{b}: not compared ({', '.join(missing)} left out)")
            continue
        al = align(a, b)
        if al is None:
            continue
        out.direct[(a, b)] = al
        if a in out.alignments and b in out.alignments:
            out.disagreements += compare_pair((a, b), out.alignments[a], out.alignments[b], al)
            out.compared[(a, b)] = len(al.source.segments)
    return out


def align_files(paths: Mapping[str, str | Path], **options) -> MultiAlignment:
    """:func:`read_documents` then :func:`align_multiway` (``options`` go to the latter)."""
    for code in paths:
        _lang.get(code)
    docs, warnings = read_documents(paths)
    return align_multiway(docs, warnings=[*warnings, *options.pop("warnings", ())], **options)
