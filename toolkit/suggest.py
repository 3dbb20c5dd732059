"""Termbase suggestions for a document in one language.

For every term candidate of the document (:func:`toolkit.terms.extract_terms`)
the counterparts a termbase holds are looked up, in this order:

1. **exact**: the candidate's form (or one of its variants in the document)
   is a source term or variant of the termbase (case, spacing and
   apostrophes aside);
2. **lemma**: the same after inflection folding (:func:`fold_tokens`:
   articles, plural and feminine endings), which also matches the
   candidate's lemma - "victimes de la traite" finds "victime de traite";
3. **composed**: for a longer candidate, the longest parts the termbase
   knows ("Plan d'action mondial des Nations Unies pour la lutte contre la
   traite des personnes" -> "Global Plan of Action" + "United Nations" +
   "trafficking in persons"), left to right without overlap.  A composed
   suggestion lists its parts' counterparts in source order; it was never
   seen as a whole, so its status says ``suggested-composed``, never
   attested.

Candidates with no known counterpart are listed with status
``no-counterpart``.  Every suggestion carries the termbase's evidence (the
documents it was seen in, counts, confidence) and a status that says it is a
suggestion: nothing here is ``preferred`` - that is a reviewer's call.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Iterable, Sequence
from typing import Final

from toolkit import __version__
from toolkit.errors import InputError
from toolkit.model import Document, Glossary, GlossaryEntry, Signature, SuggestionStatus, Term

# Statuses of suggestion entries (TBX writes them as admittedTerm, with the status in a note).
# Their type is toolkit.model.SuggestionStatus (a GlossaryEntry status).
SUGGESTED: Final = "suggested"
COMPOSED: Final = "suggested-composed"
NO_COUNTERPART: Final = "no-counterpart"
SUGGESTION_STATUSES: tuple[SuggestionStatus, ...] = (SUGGESTED, COMPOSED, NO_COUNTERPART)
EXACT, LEMMA, COMPOSE, NONE = "exact", "lemma", "composed", "none"
# Confidence factor of a match by kind: an inflected match is a little less sure than an exact one.
MATCH_FACTOR = {EXACT: 1.0, LEMMA: 0.9}
# Counterparts below this termbase confidence are not suggested (tuned on the UN devset
# leave-one-out, bench/termbase_bench.py: below it most counterparts are wrong).
MIN_CONFIDENCE = 0.35
# ... nor those whose support (documents x confidence, plus that of longer counterparts
# containing them) is below this one: a counterpart seen in a single document at
# confidence 0.35-0.5 is right about one time in three, at 0.5-0.6 one in two (same source).
MIN_SUPPORT = 0.5
# At most this many counterparts per term, and only those with at least this share of the
# best one's support (documents x confidence): the alternatives a translator should see.
MAX_COUNTERPARTS = 3
ALTERNATIVE_SHARE = 0.5
# A composed suggestion needs known parts covering at least this share of the content words.
MIN_COMPOSED_COVERAGE = 0.6
# Confidence factor of a composed suggestion: never attested as a whole, so at most half as sure as its parts.
COMPOSED_FACTOR = 0.5
# A counterpart inherits the support of longer counterparts containing it only if it has at least
# this many content words (or as many as the source term): "United Nations", never "rights".
MIN_CORE_WORDS = 2
# Parts of a composed suggestion must be at least this sure, and at most this many
# (leave-one-out on the UN devset: weaker or more parts are right less than a third of the time).
COMPOSED_PART_MIN_CONFIDENCE = 0.6
COMPOSED_MAX_PARTS = 3
# Longest termbase term (tokens) the part matcher looks for.
MAX_PART_TOKENS = 16

# Words that carry no term content on their own (for coverage and for parts).
_FUNCTION = {
    "fr": set("""le la les l' de du des d' un une et ou à au aux en dans par pour sur avec sans sous contre
        entre vers chez selon ce cet cette ces son sa ses leur leurs notamment y compris""".split()),
    "en": set("""the a an of and or to in on at by for with without from against between into its their
        his her this these those including""".split()),
}
# Articles dropped and contracted prepositions folded to one form, so that "des", "de la" and
# the extractor's lemma "de le" all meet at "de".
_FOLD_WORDS = {"l'": "", "le": "", "la": "", "les": "", "d'": "de", "du": "de", "des": "de", "au": "à", "aux": "à",
               "the": "", "a": "", "an": ""}
_WORD = re.compile(r"[^\W\d_]+['’]|[^\W_]+(?:[-‐‑][^\W_]+)*", re.UNICODE)


# --------------------------------------------------------------------------- normalising


def surface_key(text: str) -> str:
    """Case, spacing, apostrophes and hyphen variants aside: the form as written."""
    t = unicodedata.normalize("NFC", text or "").replace("’", "'").replace("‐", "-").replace("‑", "-")
    return re.sub(r"\s+", " ", t).strip().casefold()


# English possessives: "women's" -> "women", "countries'" -> "countries" (a French elision
# such as "l'" or "qu'" is never a word ending in -s followed by an apostrophe).
_POSSESSIVE = re.compile(r"(?<=[^\W\d_])'s\b|(?<=[^\W\d_]s)'(?![^\W\d_])")


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens, elided articles with their apostrophe (``l'``), possessives dropped."""
    text = unicodedata.normalize("NFC", text or "").replace("’", "'").replace("‐", "-").replace("‑", "-")
    return _WORD.findall(_POSSESSIVE.sub("", text).lower())


def fold_word(w: str) -> str:
    """Light inflection folding of one lower-cased word, the same for every language.

    Plural ``-s``/``-x``, ``-aux`` -> ``-al``, ``-ies`` -> ``-y`` and then a
    final ``-e`` (French feminine, English silent e) are removed from words
    longer than 3 letters; accents are kept ("traité" is not "traite"), so
    "organisées" and "organisé" meet at "organisé".
    """
    if w in _FOLD_WORDS:
        return _FOLD_WORDS[w]
    if len(w) <= 3 or not w.isalpha():
        return w
    if w.endswith("aux") and len(w) > 4:
        w = w[:-3] + "al"
    elif w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w[-1] in "sx" and w[-2] not in "su":
        w = w[:-1]
    if len(w) > 3 and w[-1] == "e":
        w = w[:-1]
    return w


def fold_tokens(text: str) -> tuple[str, ...]:
    """The matching key of a term: its tokens folded (:func:`fold_word`), empty ones dropped."""
    return tuple(f for f in (fold_word(w) for w in tokens(text)) if f)


def content_count(toks: Sequence[str], lang: str) -> int:
    fw = _FUNCTION.get(lang, set())
    return sum(1 for w in toks if w not in fw and fold_word(w) not in ("", "de", "à"))


# --------------------------------------------------------------------------- the index


@dataclass
class Counterpart:
    """One target term the termbase holds for a source term, with its evidence.

    ``support`` ranks the counterparts: documents x confidence of the entry,
    plus that of the longer counterparts that contain it (``nested`` of them:
    "Secretary-General of the United Nations" and "efforts of the United
    Nations" attest "United Nations" too - a pairing that took a neighbour
    word along is a frequent error of per-document glossaries).
    """

    entry: GlossaryEntry
    support: float = 0.0
    nested: int = 0
    contributors: list[GlossaryEntry] = field(default_factory=list)   # the longer counterparts counted


def _own_support(e: GlossaryEntry) -> float:
    return max(e.documents, 1) * e.confidence


def _contains(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    n = len(shorter)
    return 0 < n < len(longer) and any(longer[i:i + n] == shorter for i in range(len(longer) - n + 1))


class TermbaseIndex:
    """Source terms of a termbase by surface form and by folded key."""

    def __init__(self, termbase: Glossary, *, min_confidence: float = MIN_CONFIDENCE,
                 min_support: float = MIN_SUPPORT):
        self.min_support = min_support
        self.termbase = termbase
        self.src_lang, self.tgt_lang = termbase.src_lang, termbase.tgt_lang
        self.by_surface: dict[str, list[GlossaryEntry]] = {}
        self.by_fold: dict[tuple[str, ...], list[GlossaryEntry]] = {}
        self.by_first: dict[str, set[tuple[str, ...]]] = {}
        for e in termbase.entries:
            if not e.tgt_term.strip() or e.status == "deprecated":
                continue
            if e.confidence < min_confidence and not e.manual:
                continue
            for form in dict.fromkeys([e.src_term, *e.src_variants]):
                if not form.strip():
                    continue
                self.by_surface.setdefault(surface_key(form), []).append(e)
                key = fold_tokens(form)
                if key and len(key) <= MAX_PART_TOKENS:
                    bucket = self.by_fold.setdefault(key, [])
                    if e not in bucket:
                        bucket.append(e)
                    self.by_first.setdefault(key[0], set()).add(key)

    def __len__(self) -> int:
        return len(self.by_fold)

    def useful_entries(self) -> list[GlossaryEntry]:
        """The entries a suggestion can come from (or take support from), in termbase order.

        Every other entry is below the thresholds (:data:`MIN_CONFIDENCE`,
        :data:`MIN_SUPPORT`) or never among the :data:`MAX_COUNTERPARTS` shown.
        """
        keep: set[int] = set()
        for group in (*self.by_surface.values(), *self.by_fold.values()):
            for cp in self.rank(group, group[0].src_term):
                keep.add(id(cp.entry))
                keep.update(id(e) for e in cp.contributors)
        return [e for e in self.termbase.entries if id(e) in keep]

    def rank(self, entries: Iterable[GlossaryEntry], source: str = "") -> list[Counterpart]:
        """Counterparts best first (a person's entry, then support, then confidence), one per
        target term, cut to the alternatives worth showing.

        A counterpart collects the support of the longer ones that contain it
        when it has at least as many content words as the source term (up to
        :data:`MIN_CORE_WORDS`): "United Nations" for "Organisation des Nations
        Unies", but never "rights" for "droits de l'homme".
        """
        best: dict[str, GlossaryEntry] = {}
        for e in entries:
            k = surface_key(e.tgt_term)
            if k not in best or _order(e) < _order(best[k]):
                best[k] = e
        cps = [Counterpart(e, _own_support(e)) for e in best.values()]
        if not cps:
            return []
        need = min(MIN_CORE_WORDS, content_count(fold_tokens(source), self.src_lang)) if source else MIN_CORE_WORDS
        keys = [fold_tokens(c.entry.tgt_term) for c in cps]
        for b, kb in zip(cps, keys):
            if content_count(kb, self.tgt_lang) < need:
                continue
            for a, ka in zip(cps, keys):
                if a is not b and _contains(ka, kb):
                    b.support += _own_support(a.entry)
                    b.nested += 1
                    b.contributors.append(a.entry)
        ranked = sorted(cps, key=lambda c: (not c.entry.manual, -c.support, *_order(c.entry)[1:]))
        ranked = [c for c in ranked if c.entry.manual or c.support >= self.min_support]
        if not ranked:
            return []
        top = ranked[0].support
        keep = [ranked[0]] + [c for c in ranked[1:] if c.entry.manual or c.support >= ALTERNATIVE_SHARE * top]
        return keep[:MAX_COUNTERPARTS]

    def exact(self, forms: Sequence[str]) -> list[Counterpart]:
        found: list[GlossaryEntry] = []
        for f in forms:
            found += self.by_surface.get(surface_key(f), [])
        return self.rank(found, forms[0] if forms else "")

    def folded(self, forms: Sequence[str]) -> list[Counterpart]:
        found: list[GlossaryEntry] = []
        for f in forms:
            found += self.by_fold.get(fold_tokens(f), [])
        return self.rank(found, forms[0] if forms else "")

    def parts(self, text: str) -> list[tuple[int, int, tuple[str, ...]]]:
        """The longest known parts of ``text`` (token spans, folded keys), left to right, no overlap."""
        toks = [fold_word(w) for w in tokens(text)]
        toks = [t for t in toks if t]
        spans = []
        for i, w in enumerate(toks):
            for key in self.by_first.get(w, ()):
                n = len(key)
                if n < len(toks) and tuple(toks[i:i + n]) == key:
                    spans.append((i, i + n, key))
        spans.sort(key=lambda s: (-(s[1] - s[0]), s[0]))
        taken: list[tuple[int, int, tuple[str, ...]]] = []
        used: set[int] = set()
        for a, b, key in spans:
            if used.isdisjoint(range(a, b)):
                taken.append((a, b, key))
                used.update(range(a, b))
        return sorted(taken)


def _order(e: GlossaryEntry):
    return (not e.manual, -(max(e.documents, 1) * e.confidence), -e.confidence, -e.freq_tgt, e.tgt_term.casefold())


# --------------------------------------------------------------------------- suggestions


@dataclass
class Part:
    """A known part of a longer candidate and its best counterpart."""

    text: str                 # the part as the termbase writes its source term
    counterpart: Counterpart


@dataclass
class Suggestion:
    """What the termbase says about one term candidate of the document."""

    term: Term
    match: str                                   # exact, lemma, composed, none
    counterparts: list[Counterpart] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)
    coverage: float = 0.0                        # composed: share of content words the parts cover

    @property
    def suggested(self) -> bool:
        return self.match != NONE

    @property
    def target(self) -> str:
        """The suggested target term ('' when none); a composed one joins its parts with ' … '."""
        if self.match == COMPOSE:
            return " … ".join(p.counterpart.entry.tgt_term for p in self.parts)
        return self.counterparts[0].entry.tgt_term if self.counterparts else ""


def suggest_terms(terms: Sequence[Term], index: TermbaseIndex, *, compose: bool = True) -> list[Suggestion]:
    """A :class:`Suggestion` for every term, in the terms' order."""
    out = []
    for t in terms:
        forms = list(dict.fromkeys([t.text, *t.variants]))
        cps = index.exact(forms)
        if cps:
            out.append(Suggestion(t, EXACT, cps))
            continue
        cps = index.folded([*forms, t.lemma])
        if cps:
            out.append(Suggestion(t, LEMMA, cps))
            continue
        if compose:
            s = _composed(t, index)
            if s is not None:
                out.append(s)
                continue
        out.append(Suggestion(t, NONE))
    return out


def _composed(t: Term, index: TermbaseIndex) -> Suggestion | None:
    toks = [fold_word(w) for w in tokens(t.text)]
    toks = [w for w in toks if w]
    total = content_count(toks, index.src_lang)
    if len(toks) < 2 or total < 2:
        return None
    parts = []
    covered = 0
    for a, b, key in index.parts(t.text):
        n = content_count(toks[a:b], index.src_lang)
        if n == 0:
            continue
        cps = index.rank(index.by_fold[key], " ".join(toks[a:b]))
        if not cps or cps[0].entry.confidence < COMPOSED_PART_MIN_CONFIDENCE:
            continue
        parts.append(Part(cps[0].entry.src_term, cps[0]))
        covered += n
    coverage = covered / total
    if not parts or coverage < MIN_COMPOSED_COVERAGE or len(parts) > COMPOSED_MAX_PARTS:
        return None
    return Suggestion(t, COMPOSE, parts=parts, coverage=round(coverage, 4))


def count_matches(suggestions: Sequence[Suggestion]) -> dict[str, int]:
    """``terms``, ``suggested`` and the number per match kind (exact, lemma, composed, none)."""
    counts = {"terms": len(suggestions), "suggested": sum(1 for s in suggestions if s.suggested)}
    for kind in (EXACT, LEMMA, COMPOSE, NONE):
        counts[kind] = sum(1 for s in suggestions if s.match == kind)
    return counts


# --------------------------------------------------------------------------- as a glossary


def _first_occurrence(t: Term) -> str:
    return f"[{t.occurrences[0].segment_id}]" if t.occurrences and t.occurrences[0].segment_id else ""


def suggestion_entries(s: Suggestion, *, src_lang: str, tgt_lang: str, termbase_label: str) -> list[GlossaryEntry]:
    """The glossary rows of one suggestion: one per counterpart, one for a composed or unknown term."""
    t = s.term
    where = _first_occurrence(t)
    seen = f"{t.freq}× in the document{', first ' + where if where else ''}"
    if s.match == NONE:
        return [GlossaryEntry(src_term=t.text, tgt_term="", src_lang=src_lang, tgt_lang=tgt_lang, pos=t.pos,
                              freq_src=t.freq, confidence=0.0, status=NO_COUNTERPART, src_variants=list(t.variants[:5]),
                              context_src=t.occurrences[0] if t.occurrences else None, documents=0,
                              note=f"no known counterpart in {termbase_label}; {seen}")]
    if s.match == COMPOSE:
        parts = [p.counterpart.entry for p in s.parts]
        docs = sorted({d for e in parts for d in _docs(e)})
        confidence = round(min(e.confidence for e in parts) * s.coverage * COMPOSED_FACTOR, 4)
        lines = "; ".join(f"{p.text} → {p.counterpart.entry.tgt_term} ({p.counterpart.entry.documents} doc., "
                          f"confidence {p.counterpart.entry.confidence:.2f})" for p in s.parts)
        note = (f"composed suggestion, not attested as a whole (not reviewed) from {termbase_label}: "
                f"known parts {lines}; coverage {s.coverage:.0%} of the content words; {seen}")
        evidence = {"parts": len(parts), "coverage": s.coverage, "part_min_confidence": min(e.confidence for e in parts),
                    "part_documents": min(e.documents for e in parts)}
        return [GlossaryEntry(src_term=t.text, tgt_term=s.target, src_lang=src_lang, tgt_lang=tgt_lang, pos=t.pos,
                              freq_src=t.freq, confidence=confidence, status=COMPOSED,
                              src_variants=list(t.variants[:5]),
                              context_src=t.occurrences[0] if t.occurrences else None,
                              source="; ".join(docs) or None, documents=0, note=note, evidence=evidence)]
    out = []
    factor = MATCH_FACTOR[s.match]
    for rank, cp in enumerate(s.counterparts, start=1):
        e = cp.entry
        note = (f"suggestion from {termbase_label} ({s.match} match of termbase term '{e.src_term}'; "
                f"not reviewed); {seen}")
        if e.note:
            note += f"; termbase note: {e.note}"
        evidence = {"rank": rank, "support": round(cp.support, 4), "nested": cp.nested,
                    "termbase_confidence": e.confidence, "termbase_documents": e.documents,
                    "termbase_freq_src": e.freq_src, "termbase_freq_tgt": e.freq_tgt}
        for k in ("cooc",):
            if k in e.evidence:
                evidence[f"termbase_{k}"] = e.evidence[k]
        out.append(GlossaryEntry(
            src_term=t.text, tgt_term=e.tgt_term, src_lang=src_lang, tgt_lang=tgt_lang, pos=t.pos,
            freq_src=t.freq, freq_tgt=e.freq_tgt, confidence=round(e.confidence * factor, 4), status=SUGGESTED,
            src_variants=list(t.variants[:5]), tgt_variants=list(e.tgt_variants[:5]),
            context_src=t.occurrences[0] if t.occurrences else e.context_src, context_tgt=e.context_tgt,
            source=e.source, subject_field=e.subject_field, note=note, evidence=evidence, documents=e.documents))
    return out


def _docs(e: GlossaryEntry) -> list[str]:
    return [d for d in re.split(r"\s*;\s*", e.source or "") if d]


def suggestions_glossary(suggestions: Sequence[Suggestion], *, src_lang: str, tgt_lang: str,
                         termbase_label: str = "the termbase", signature: Signature | None = None) -> Glossary:
    """All suggestions as one glossary, in the terms' (termhood) order; unknown terms last."""
    entries: list[GlossaryEntry] = []
    unknown: list[GlossaryEntry] = []
    for s in suggestions:
        rows = suggestion_entries(s, src_lang=src_lang, tgt_lang=tgt_lang, termbase_label=termbase_label)
        (unknown if s.match == NONE else entries).extend(rows)
    return Glossary(src_lang=src_lang, tgt_lang=tgt_lang, entries=entries + unknown, signature=signature)


def suggestion_signature(doc: Document, *, src_lang: str, tgt_lang: str, termbase_label: str,
                         termbase_checksum: str, counts: dict[str, int]) -> Signature:
    return Signature(toolkit_version=__version__, src_lang=src_lang, tgt_lang=tgt_lang,
                     params={"kind": "suggestions", "status": "suggested (not reviewed)", "termbase": termbase_label,
                             "min_confidence": MIN_CONFIDENCE, "min_support": MIN_SUPPORT,
                             "suggested": counts["suggested"], "terms": counts["terms"]},
                     inputs={"document": doc.checksum or "", "termbase": termbase_checksum})


# --------------------------------------------------------------------------- writing


def write_suggestions(glossary: Glossary, path, *, force: bool = False, tbx_version: int = 3,
                      lang_codes: dict[str, str] | None = None, bom: bool = False,
                      comment_header: bool = False) -> Path:
    """Write suggestions in any glossary format (by extension), CAT-ready.

    TBX: a term with no known counterpart is a concept with only its source
    language section (the TBX writer leaves out an empty target section; an empty
    target term would be an error for a CAT tool), and the figures go to
    ``NAME.tbx.figures.json`` as for every TBX; the OmegaT glossary (``.txt``)
    leaves such terms out, since OmegaT shows only pairs.  Other formats list
    them with an empty target cell.
    """
    from toolkit.export import GLOSSARY_FORMATS, _format, write_glossary

    fmt = _format(path, None, GLOSSARY_FORMATS, "glossary")
    if fmt == "omegat":
        glossary = Glossary(glossary.src_lang, glossary.tgt_lang,
                            [e for e in glossary.entries if e.tgt_term.strip()], glossary.signature)
    return write_glossary(glossary, path, force=force, tbx_version=int(tbx_version), lang_codes=lang_codes,
                          bom=bom, comment_header=comment_header, classes="all")


# --------------------------------------------------------------------------- the whole job


@dataclass
class SuggestResult:
    document: Document
    suggestions: list[Suggestion]
    glossary: Glossary
    counts: dict[str, int]
    warnings: list[str] = field(default_factory=list)


def suggest_document(doc: Document, termbase: Glossary, *, terms: Sequence[Term] | None = None,
                     termbase_label: str = "the termbase", termbase_checksum: str = "",
                     top: int | None = None, nlp=None) -> SuggestResult:
    """Suggestions for ``doc`` from ``termbase`` (already read for the document's language pair).

    Warns (in ``SuggestResult.warnings``) when the text looks like another
    language than the termbase's source.
    """
    from toolkit.langid import label_mismatch
    from toolkit.terms import extract_terms

    if not termbase.entries:
        raise InputError(f"{termbase_label}: the termbase holds no entry")
    if _base(doc.language) != _base(termbase.src_lang):
        raise InputError(f"the document is '{doc.language}' but {termbase_label} is "
                         f"{termbase.src_lang}-{termbase.tgt_lang} (give a termbase in the document's language pair)")
    warnings = []
    detected = label_mismatch(doc)
    if detected:
        warnings.append(f"{doc.source_path or 'document'}: the text looks like '{detected}', not "
                        f"'{termbase.src_lang}', the source language of {termbase_label}; suggestions will be poor")
    if terms is None:
        terms = extract_terms(doc, nlp, top=top)
    index = TermbaseIndex(termbase)
    suggestions = suggest_terms(terms, index)
    counts = count_matches(suggestions)
    sig = suggestion_signature(doc, src_lang=termbase.src_lang, tgt_lang=termbase.tgt_lang,
                               termbase_label=termbase_label, termbase_checksum=termbase_checksum, counts=counts)
    if detected:
        sig.params["detected"] = f"src={detected}"
    glossary = suggestions_glossary(suggestions, src_lang=termbase.src_lang, tgt_lang=termbase.tgt_lang,
                                    termbase_label=termbase_label, signature=sig)
    return SuggestResult(doc, suggestions, glossary, counts, warnings)


def suggest_file(path, termbase_paths: Sequence, *, lang: str | None = None, tgt_lang: str | None = None,
                 input_format: str = "auto", top: int | None = None) -> SuggestResult:
    """Read ``path`` and the termbase(s) and suggest (``toolkit suggest``)."""
    from toolkit.segment import read_document
    from toolkit.termbase import read_termbases, termbase_checksum, termbase_label

    termbase = read_termbases(termbase_paths, src_lang=lang, tgt_lang=tgt_lang)
    doc = read_document(path, lang or termbase.src_lang, input_format=input_format)
    result = suggest_document(doc, termbase, termbase_label=termbase_label(termbase_paths),
                              termbase_checksum=termbase_checksum(termbase_paths), top=top)
    result.warnings = [*(f"{path}: {w}" for w in doc.warnings), *result.warnings]
    return result


def _base(code: str | None) -> str:
    return (code or "").replace("_", "-").split("-")[0].lower()


def describe_counts(counts: dict[str, int]) -> str:
    """``459 terms, 212 with a suggestion (150 exact, 40 lemma, 22 composed), 247 with no known counterpart``."""
    return (f"{counts['terms']} terms, {counts['suggested']} with a suggestion ({counts[EXACT]} exact, "
            f"{counts[LEMMA]} lemma/variant, {counts[COMPOSE]} composed), {counts[NONE]} with no known counterpart")


__all__ = ["SUGGESTED", "COMPOSED", "NO_COUNTERPART", "TermbaseIndex", "Suggestion", "suggest_terms",
           "suggest_document", "suggest_file", "suggestions_glossary", "write_suggestions", "count_matches",
           "describe_counts", "fold_tokens", "surface_key"]
