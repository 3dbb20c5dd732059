"""One registry of file formats: extension -> writer and reader, per kind of object.

Like translate-toolkit's storage factory: every command, :mod:`toolkit.batch`,
:mod:`toolkit.shipped` and the public functions of :mod:`toolkit.export`
(``write_glossary``, ``read_alignment``...) find the format of a path here,
so the extensions a command accepts, its error message and the writer it
calls can never disagree.

Kinds and what their functions take and return:

``glossary``   writer ``(glossary, path, *, force, ...) -> Path``; reader ``(path, *, src_lang, tgt_lang) -> Glossary``
``alignment``  writer ``(alignment, path, *, force, ...) -> Path``; reader ``(path) -> (Signature | None, [AlignmentRow])``
``terms``      writer ``(terms, path, *, force, signature, ...) -> Path``; reader ``(path) -> (Signature | None, [dict])``
``segments``   writer ``(document, path, *, force, ...) -> Path`` (no reader)

Options (``lang_codes``, ``bom``, ``comment_header``, ``tbx_version``...) go
to a function only when its signature names them: a format ignores the
options that do not apply to it (a BOM in a TMX), as the writers always did.
A format may also have a ``text`` function (``obj -> str``) for standard
output.

Adding a format is one module plus one line here::

    # toolkit/export/po.py
    def write_alignment_po(alignment, path, *, force=False, lang_codes=None) -> Path: ...
    def read_alignment_po(path) -> tuple[Signature | None, list[AlignmentRow]]: ...

    # FORMATS below
    Format("alignment", "po", (".po",), writer="toolkit.export.po:write_alignment_po",
           reader="toolkit.export.po:read_alignment_po"),

(:func:`register` adds one at run time, e.g. from a plugin or a test.)
Functions are named ``"module:function"`` and imported on first use, so that
looking up a format never imports lxml, openpyxl or pandas.
"""
from __future__ import annotations

import importlib
import inspect
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from collections.abc import Callable, Iterator

from toolkit.errors import InputError

KINDS = ("glossary", "alignment", "terms", "segments")


class UnknownFormat(InputError):
    """A path whose extension (or a format name) no registered format of that kind takes."""


@dataclass(frozen=True)
class Format:
    """One file format of one kind of object.

    ``extensions``: what the format writes (and reads); ``read_extensions``:
    more extensions only read with it (a ``.csv`` alignment is read as TSV);
    ``aliases``: other names ``format=`` accepts.  ``writer``, ``reader`` and
    ``text``: ``"module:function"`` (or a callable); ``options``: keyword
    arguments always given to the writer (``delimiter=","``);
    ``text_options``: the same for ``text``.
    """

    kind: str
    name: str
    extensions: tuple[str, ...]
    writer: str | Callable | None = None
    reader: str | Callable | None = None
    text: str | Callable | None = None
    read_extensions: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    options: Mapping[str, Any] = field(default_factory=dict)
    text_options: Mapping[str, Any] = field(default_factory=dict)
    description: str = ""

    @property
    def can_write(self) -> bool:
        return self.writer is not None

    @property
    def can_read(self) -> bool:
        return self.reader is not None

    def write(self, obj, path, *, force: bool = False, **options) -> Path:
        """Write ``obj`` to ``path`` (the options this writer takes; the others are ignored)."""
        if self.writer is None:
            raise UnknownFormat(f"{path}: writing {self.kind}s as {self.name} is not supported")
        fn = _resolve(self.writer)
        return fn(obj, path, **{**_accepted(fn, {**options, "force": force}), **self.options})

    def read(self, path, **options):
        """Read ``path`` (the options this reader takes; the others are ignored)."""
        if self.reader is None:
            raise UnknownFormat(f"{path}: reading {self.kind}s from {self.name} is not supported "
                                f"(read {_listing(extensions(self.kind, 'read'))})")
        fn = _resolve(self.reader)
        return fn(path, **_accepted(fn, options))

    def dumps(self, obj, **options) -> str:
        """The text of ``obj`` in this format, for standard output."""
        if self.text is None:
            raise UnknownFormat(f"{self.kind} format {self.name} needs an output file (-o)")
        fn = _resolve(self.text)
        return fn(obj, **{**_accepted(fn, options), **self.text_options})


def _resolve(target: str | Callable) -> Callable:
    if callable(target):
        return target
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


def _accepted(fn: Callable, options: dict[str, Any]) -> dict[str, Any]:
    """The options ``fn`` names (all of them when it takes ``**kwargs``)."""
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):  # pragma: no cover - a builtin
        return options
    if any(p.kind is p.VAR_KEYWORD for p in params.values()):
        return options
    return {k: v for k, v in options.items() if k in params}


# --------------------------------------------------------------------------- the registry

_EXPORT = "toolkit.export"
FORMATS: list[Format] = [
    # glossaries
    Format("glossary", "tbx", (".tbx",), writer=f"{_EXPORT}.registry:write_glossary_tbx",
           reader=f"{_EXPORT}.registry:read_glossary_tbx", description="TBX v3 TBX-Basic (v2 martif: tbx_version=2)"),
    Format("glossary", "xlsx", (".xlsx",), writer=f"{_EXPORT}.xlsx:write_glossary_xlsx",
           reader=f"{_EXPORT}.xlsx:read_glossary_xlsx", description="Excel workbook"),
    Format("glossary", "csv", (".csv",), writer=f"{_EXPORT}.tabular:write_glossary_table",
           reader=f"{_EXPORT}.tabular:read_glossary_table", options={"delimiter": ","}),
    Format("glossary", "tsv", (".tsv", ".tab"), writer=f"{_EXPORT}.tabular:write_glossary_table",
           reader=f"{_EXPORT}.tabular:read_glossary_table", options={"delimiter": "\t"},
           text=f"{_EXPORT}.tabular:glossary_tsv"),
    Format("glossary", "omegat", (".txt", ".utf8"), aliases=("txt",),
           writer=f"{_EXPORT}.tabular:write_omegat_glossary", reader=f"{_EXPORT}.tabular:read_glossary_table",
           description="OmegaT glossary"),
    Format("glossary", "json", (".json",), writer=f"{_EXPORT}.glossary_json:write_glossary_json",
           reader=f"{_EXPORT}.glossary_json:read_glossary_json", text=f"{_EXPORT}.glossary_json:glossary_json",
           description="lossless (evidence included): what toolkit batch merges"),
    # alignments
    Format("alignment", "tsv", (".tsv",), read_extensions=(".csv", ".txt"),
           writer=f"{_EXPORT}.tabular:write_alignment_table", reader=f"{_EXPORT}.tabular:read_alignment_table",
           text=f"{_EXPORT}.tabular:alignment_tsv", text_options={"comment_header": True}),
    Format("alignment", "jsonl", (".jsonl",), writer=f"{_EXPORT}.jsonl:write_alignment_jsonl",
           reader=f"{_EXPORT}.jsonl:read_alignment_jsonl", text=f"{_EXPORT}.jsonl:alignment_jsonl"),
    Format("alignment", "beads", (".beads", ".align", ".txt"), writer="toolkit.evaluate:write_beads",
           text=f"{_EXPORT}.registry:beads_text", description="vecalign's beads (read: toolkit.evaluate.read_beads)"),
    Format("alignment", "tmx", (".tmx",), writer=f"{_EXPORT}.tmx:write_tmx",
           reader=f"{_EXPORT}.tmx:read_alignment_tmx", description="TMX 1.4b"),
    Format("alignment", "xliff", (".xlf", ".xliff"), writer=f"{_EXPORT}.xliff:write_xliff",
           reader=f"{_EXPORT}.xliff:read_alignment_xliff", description="XLIFF 1.2 bilingual"),
    Format("alignment", "xlsx", (".xlsx",), writer=f"{_EXPORT}.xlsx:write_alignment_xlsx",
           reader=f"{_EXPORT}.xlsx:read_alignment_xlsx", description="side by side"),
    # ranked term lists
    Format("terms", "tsv", (".tsv",), writer=f"{_EXPORT}.tabular:write_terms_table",
           reader=f"{_EXPORT}.tabular:read_terms_table", text=f"{_EXPORT}.tabular:terms_tsv"),
    # segments of one document
    Format("segments", "tsv", (".tsv",), writer=f"{_EXPORT}.segments:write_segments_tsv",
           text=f"{_EXPORT}.segments:segments_tsv", text_options={"comment_header": True}),
    Format("segments", "jsonl", (".jsonl",), writer=f"{_EXPORT}.segments:write_segments_jsonl",
           text=f"{_EXPORT}.segments:segments_jsonl"),
    Format("segments", "txt", (".txt",), writer=f"{_EXPORT}.segments:write_segments_txt",
           text=f"{_EXPORT}.segments:segments_txt", description="one paragraph per line, for CAT tools"),
]


def register(fmt: Format, *, replace: bool = False) -> Format:
    """Add a format (last registered wins an extension only with ``replace``)."""
    if fmt.kind not in KINDS:
        raise ValueError(f"unknown kind {fmt.kind!r} ({', '.join(KINDS)})")
    existing = [f for f in FORMATS if f.kind == fmt.kind and f.name == fmt.name]
    if existing and not replace:
        raise ValueError(f"{fmt.kind} format {fmt.name!r} is already registered")
    for f in existing:
        FORMATS.remove(f)
    FORMATS.append(fmt)
    return fmt


def unregister(kind: str, name: str) -> None:
    FORMATS[:] = [f for f in FORMATS if not (f.kind == kind and f.name == name)]


def formats(kind: str, mode: str | None = None) -> list[Format]:
    """The formats of ``kind`` (``mode="write"``/``"read"``: those that can)."""
    _check_kind(kind)
    return [f for f in FORMATS if f.kind == kind and (mode is None or (f.can_write if mode == "write" else f.can_read))]


def extensions(kind: str, mode: str = "write") -> dict[str, str]:
    """Extension -> format name of ``kind``, for writing (or ``mode="read"``: reading)."""
    table: dict[str, str] = {}
    for f in formats(kind, mode):
        exts = f.extensions + (f.read_extensions if mode == "read" else ())
        for ext in exts:
            table.setdefault(ext, f.name)
    return table


def names(kind: str, mode: str | None = None) -> list[str]:
    return [f.name for f in formats(kind, mode)]


def get(kind: str, path=None, *, format: str | None = None, mode: str = "write") -> Format:
    """The format of ``path`` (its extension) or named ``format`` (which wins).

    Raises :class:`UnknownFormat` (an :class:`~toolkit.errors.InputError`) with a
    one-line message naming what is supported.
    """
    candidates = formats(kind, mode)
    if format:
        wanted = format.lower().lstrip(".")
        for f in candidates:
            if wanted == f.name or wanted in f.aliases:
                return f
        every = [n for f in candidates for n in (f.name, *f.aliases)]
        raise UnknownFormat(f"unknown {kind} format {format!r} (use one of {', '.join(sorted(set(every)))})")
    if path is None:
        raise UnknownFormat(f"no {kind} format: give a path or a format name")
    suffix = Path(path).suffix.lower()
    table = extensions(kind, mode)
    if suffix not in table:
        raise UnknownFormat(f"{path}: cannot tell the {kind} format from the extension "
                            f"(use {_listing(table)})")
    name = table[suffix]
    return next(f for f in candidates if f.name == name)


def write(kind: str, obj, path, *, format: str | None = None, force: bool = False, **options) -> Path:
    """Write ``obj`` (a ``kind``) to ``path`` in the format its extension names."""
    return get(kind, path, format=format).write(obj, path, force=force, **options)


def read(kind: str, path, *, format: str | None = None, **options):
    """Read a ``kind`` from ``path`` in the format its extension names (no such file: InputError)."""
    if not Path(path).is_file():
        raise InputError(f"{path}: no such file")
    return get(kind, path, format=format, mode="read").read(path, **options)


def dumps(kind: str, obj, format: str, **options) -> str:
    """The text of ``obj`` in ``format``, for standard output."""
    return get(kind, format=format).dumps(obj, **options)


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r} ({', '.join(KINDS)})")


def _listing(table: Mapping[str, str]) -> str:
    return ", ".join(sorted(table))


class ExtensionTable(Mapping):
    """A live, read-only ``{extension: format name}`` view of the registry (what
    ``GLOSSARY_FORMATS`` and ``ALIGNMENT_FORMATS`` of :mod:`toolkit.export` are)."""

    def __init__(self, kind: str, mode: str = "write") -> None:
        _check_kind(kind)
        self.kind, self.mode = kind, mode

    def _table(self) -> dict[str, str]:
        return extensions(self.kind, self.mode)

    def __getitem__(self, key: str) -> str:
        return self._table()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._table())

    def __len__(self) -> int:
        return len(self._table())

    def __repr__(self) -> str:
        return f"ExtensionTable({self.kind!r}, {self._table()!r})"


# --------------------------------------------------------------------------- adapters
# For modules whose functions predate the registry's shapes.

def write_glossary_tbx(glossary, path, *, force: bool = False, tbx_version: int = 3,
                       lang_codes: dict[str, str] | None = None, **options) -> Path:
    """TBX v3 (TBX-Basic) or, with ``tbx_version=2``, v2 ``martif`` (``options``: those
    :func:`toolkit.export.tbx.write_tbx` takes)."""
    from toolkit.export.tbx import write_tbx

    if int(tbx_version) not in (2, 3):
        raise InputError(f"unknown TBX version {tbx_version!r} (use 3 or 2)")
    options.pop("version", None)
    return write_tbx(glossary, path, version=int(tbx_version), force=force, lang_codes=lang_codes,
                     **_accepted(write_tbx, options))


def read_glossary_tbx(path, *, src_lang: str | None = None):
    """A TBX glossary, turned around when ``src_lang`` is its target language."""
    from toolkit.export.tbx import read_tbx

    glossary = read_tbx(path)
    if src_lang and glossary.tgt_lang == src_lang and glossary.src_lang != src_lang:
        from toolkit.export.merge import reverse

        glossary = reverse(glossary)
    return glossary


def beads_text(alignment, *, comment_header: bool = False) -> str:
    """vecalign's beads; a ``# signature:`` first line only with ``comment_header``
    (vecalign's scorer does not skip it)."""
    from toolkit.evaluate import format_beads

    return format_beads(alignment, signature=comment_header)


__all__ = ["Format", "FORMATS", "KINDS", "UnknownFormat", "register", "unregister", "formats", "extensions",
           "names", "get", "write", "read", "dumps", "ExtensionTable"]
