"""Merging imported and hand-edited glossaries: a person's edits win, nothing is lost.

``toolkit glossary merge A B … -o OUT`` reads glossaries written by the
toolkit, edited in a spreadsheet or exported by other tools, and folds them
into one:

* the same concept (same normalised source and target term) is one entry;
* a person's correction (``manual=True``: an edited row, a hand-made file) of
  a machine entry with the same source term (or the same target term)
  replaces the machine's term — the machine's suggestion stays in the note;
* status, class, corrected terms, the concept's other terms and notes of
  manual entries win over machine values; between two manual edits of one
  run the later file wins; a machine entry stays ``unreviewed`` (only a
  person gives a status);
* evidence (frequencies, documents) is summed over different runs and not
  double-counted when the same run's output comes twice (same signature, e.g.
  a machine file and a reviewer's edited copy of it); a hand-made file
  brings judgement, not evidence (``documents`` 0);
* variants, sources, notes and contexts are united.

The concept merge across runs is :func:`toolkit.glossary.merge_glossaries`
(owned by the glossary module); this module only prepares its input.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from collections.abc import Iterable, Sequence

from toolkit import __version__
from toolkit.errors import InputError
from toolkit.model import UNREVIEWED, Glossary, GlossaryEntry, Signature


def _norm(term: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", term or "")).strip().casefold()


def reverse(glossary: Glossary) -> Glossary:
    """The same glossary seen from the other language (source ↔ target)."""
    entries = [
        replace(e, src_term=e.tgt_term, tgt_term=e.src_term, src_lang=e.tgt_lang, tgt_lang=e.src_lang,
                freq_src=e.freq_tgt, freq_tgt=e.freq_src, src_variants=list(e.tgt_variants),
                tgt_variants=list(e.src_variants), context_src=e.context_tgt, context_tgt=e.context_src,
                src_terms=list(e.tgt_terms), tgt_terms=list(e.src_terms),
                src_term_type=e.tgt_term_type, tgt_term_type=e.src_term_type)
        for e in glossary.entries
    ]
    return Glossary(src_lang=glossary.tgt_lang, tgt_lang=glossary.src_lang, entries=entries,
                    signature=glossary.signature)


def _oriented(glossaries: Sequence[Glossary]) -> tuple[str, str, list[Glossary]]:
    first = next((g for g in glossaries if g.src_lang and g.tgt_lang), None)
    if first is None:
        raise InputError("nothing to merge: no glossary names its languages")
    s, t = first.src_lang, first.tgt_lang
    out = []
    for g in glossaries:
        if (g.src_lang, g.tgt_lang) == (t, s):
            g = reverse(g)
        elif g.entries and (g.src_lang, g.tgt_lang) != (s, t) and g.src_lang and g.tgt_lang:
            raise InputError(f"cannot merge a {g.src_lang}-{g.tgt_lang} glossary into a {s}-{t} one")
        out.append(g)
    return s, t, out


def _split_sources(source: str | None) -> list[str]:
    return [s.strip() for s in re.split(r"\s*;\s*", source or "") if s.strip()]


def _apply_corrections(glossaries: list[Glossary]) -> list[Glossary]:
    """Re-key machine entries that a person corrected, so that they meet the correction.

    A manual entry whose term pair the machine never proposed, but whose
    source term (else target term) the machine paired with something else, is
    a correction: those machine entries take the corrected pair and keep what
    they said in the note ("machine suggestion: …").
    """
    machine_pairs = {(_norm(e.src_term), _norm(e.tgt_term)) for g in glossaries for e in g.entries if not e.manual}
    by_src: dict[str, tuple[str, str]] = {}
    by_tgt: dict[str, tuple[str, str]] = {}
    for g in glossaries:
        for e in g.entries:
            pair = (_norm(e.src_term), _norm(e.tgt_term))
            if e.manual and pair not in machine_pairs:
                by_src[pair[0]] = (e.src_term, e.tgt_term)   # later files win
                by_tgt[pair[1]] = (e.src_term, e.tgt_term)
    if not by_src:
        return glossaries
    out = []
    for g in glossaries:
        entries = []
        for e in g.entries:
            fix = None
            if not e.manual:
                fix = by_src.get(_norm(e.src_term))
                if fix is None:
                    fix = by_tgt.get(_norm(e.tgt_term))
            if fix is not None:
                notes = [e.note] if e.note else []
                if _norm(fix[1]) != _norm(e.tgt_term):
                    notes.append(f"machine suggestion: {e.tgt_term}")
                if _norm(fix[0]) != _norm(e.src_term):
                    notes.append(f"machine source term: {e.src_term}")
                e = replace(e, src_term=fix[0], tgt_term=fix[1], note="\n".join(notes) or None,
                            src_variants=[v for v in e.src_variants if _norm(v) != _norm(fix[0])],
                            tgt_variants=[v for v in e.tgt_variants if _norm(v) != _norm(fix[1])])
            entries.append(e)
        out.append(replace(g, entries=entries))
    return out


def _collapse_run(glossaries: list[Glossary]) -> Glossary:
    """Copies of one run's output (machine file + a reviewer's edited copy): same evidence, not summed."""
    merged: dict[tuple[str, str], GlossaryEntry] = {}
    notes: dict[tuple[str, str], list[str]] = {}
    ordered = [(e.manual, gi, e) for gi, g in enumerate(glossaries) for e in g.entries]
    ordered.sort(key=lambda x: (x[0], x[1]))      # machine first, then manual edits, later files last
    for _, _, e in ordered:
        key = (_norm(e.src_term), _norm(e.tgt_term))
        cur = merged.get(key)
        if cur is None:
            merged[key] = replace(e)
            notes[key] = [e.note] if e.note else []
            continue
        if e.manual and cur.manual:
            if cur.status != e.status:
                notes[key].append(f"earlier edit status: {cur.status}")
            if cur.entry_class != e.entry_class:
                notes[key].append(f"earlier edit class: {cur.entry_class}")
        win = replace(e) if e.manual else cur
        win.manual = cur.manual or e.manual
        win.freq_src, win.freq_tgt = max(cur.freq_src, e.freq_src), max(cur.freq_tgt, e.freq_tgt)
        win.documents = max(cur.documents, e.documents)
        win.confidence = max(cur.confidence, e.confidence)
        win.context_src = win.context_src or cur.context_src or e.context_src
        win.context_tgt = win.context_tgt or cur.context_tgt or e.context_tgt
        win.src_variants = _union(cur.src_variants, e.src_variants, win.src_term)
        win.tgt_variants = _union(cur.tgt_variants, e.tgt_variants, win.tgt_term)
        win.evidence = {**cur.evidence, **e.evidence}
        win.source = "; ".join(dict.fromkeys(_split_sources(cur.source) + _split_sources(e.source))) or None
        if e.note:
            notes[key].append(e.note)
        merged[key] = win
    entries = []
    for key, e in merged.items():
        lines: list[str] = []
        for note in notes[key]:
            for line in note.splitlines():
                if line.strip() and line not in lines:
                    lines.append(line)
        e.note = "\n".join(lines) or None
        entries.append(e)
    first = glossaries[0]
    return Glossary(src_lang=first.src_lang, tgt_lang=first.tgt_lang, entries=entries, signature=first.signature)


def _union(a: Iterable[str], b: Iterable[str], exclude: str = "") -> list[str]:
    out: list[str] = []
    seen = {_norm(exclude)}
    for v in [*a, *b]:
        if v and _norm(v) not in seen:
            seen.add(_norm(v))
            out.append(v)
    return out


def merge_edited(glossaries: Sequence[Glossary]) -> Glossary:
    """Merge glossaries (machine output, reviewers' edits, other tools' files); see module doc.

    Prepares what :func:`toolkit.glossary.merge_glossaries` cannot know
    (direction, corrections, copies of one run), then lets it merge concepts
    and sum evidence across runs.
    """
    from toolkit.glossary import merge_glossaries

    if not glossaries:
        raise InputError("nothing to merge: no glossaries given")
    s, t, oriented = _oriented(list(glossaries))
    prepared = []
    for g in oriented:
        if g.signature is None:
            # a hand-made file is a person's judgement, not evidence from documents
            g = replace(g, entries=[replace(e, documents=0) for e in g.entries])
        prepared.append(g)
    prepared = _apply_corrections(prepared)
    runs: dict[str, list[Glossary]] = {}
    for k, g in enumerate(prepared):
        key = str(g.signature) if g.signature is not None else f"manual-file-{k}"
        runs.setdefault(key, []).append(g)
    collapsed = [_collapse_run(gs) if len(gs) > 1 else gs[0] for gs in runs.values()]
    merged = merge_glossaries(collapsed)
    # a person's status stays theirs; a machine entry is a suggestion, whatever the merge computed
    entries = [replace(e, src_lang=s, tgt_lang=t, status=e.status if e.manual else UNREVIEWED)
               for e in merged.entries]
    return Glossary(src_lang=s, tgt_lang=t, entries=entries, signature=_merged_signature(oriented, s, t))


def _merged_signature(glossaries: Sequence[Glossary], s: str, t: str) -> Signature:
    sigs = [g.signature for g in glossaries if g.signature is not None]
    inputs: dict[str, str] = {}
    for sig in sigs:
        inputs.update(sig.inputs)
    models = sorted({sig.model for sig in sigs if sig.model})
    return Signature(toolkit_version=__version__, model="+".join(models) or None, src_lang=s, tgt_lang=t,
                     params={"merged": len(glossaries), "manual_files": sum(1 for g in glossaries if g.signature is None)},
                     inputs=inputs)
