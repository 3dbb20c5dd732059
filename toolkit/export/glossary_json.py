"""Lossless JSON glossaries: every field of every entry (evidence, contexts, variants).

What ``toolkit batch`` writes beside each pair's glossary (``glossary.json``)
and beside every corpus glossary, and merges on ``--resume``: the tables and
TBX have no place for the evidence that merging sums.
"""
from __future__ import annotations

import dataclasses
import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from toolkit.errors import InputError
from toolkit.fileio import write_text
from toolkit.model import Glossary, GlossaryEntry, Occurrence, Signature


def jsonable(value: Any) -> Any:
    """``value`` with numpy scalars as Python numbers, tuples as lists and NaN as None."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        try:
            return value.item()
        except Exception:
            pass
    if isinstance(value, float) and value != value:
        return None
    return value


def glossary_to_dict(glossary: Glossary) -> dict[str, Any]:
    """Lossless JSON form of a glossary (evidence included), for merging on --resume."""
    return {"src_lang": glossary.src_lang, "tgt_lang": glossary.tgt_lang,
            "signature": glossary.signature.to_dict() if glossary.signature else None,
            "entries": [jsonable(asdict(e)) for e in glossary.entries]}


def glossary_from_dict(data: dict[str, Any]) -> Glossary:
    """The glossary back from :func:`glossary_to_dict`'s form (fields it does not know are dropped)."""
    entries = [_dataclass_from_dict(GlossaryEntry, raw) for raw in data.get("entries", [])]
    sig = data.get("signature")
    return Glossary(data["src_lang"], data["tgt_lang"], entries,
                    Signature.from_dict(sig) if isinstance(sig, dict) else None)


def _dataclass_from_dict(cls, raw: dict[str, Any]):
    """``cls(**raw)`` with the dataclasses nested in its fields (an :class:`Occurrence`, a list of
    further terms, a dict of language sections...) rebuilt from their dicts, as their type hints say."""
    hints = _field_hints(cls)
    known = {f.name for f in dataclasses.fields(cls)}
    values = {}
    for k, v in raw.items():
        if k not in known:
            continue
        shape, inner = hints.get(k, (None, None))
        if shape == "one" and isinstance(v, dict):
            v = _dataclass_from_dict(inner, v)
        elif shape == "list" and isinstance(v, list):
            v = [_dataclass_from_dict(inner, x) if isinstance(x, dict) else x for x in v]
        elif shape == "dict" and isinstance(v, dict):
            v = {key: _dataclass_from_dict(inner, x) if isinstance(x, dict) else x for key, x in v.items()}
        values[k] = v
    return cls(**values)


def _field_hints(cls) -> dict[str, tuple[str, Any]]:
    """Field name -> (shape, dataclass) of a field holding dataclasses: ``X`` or ``X | None``
    ("one"), ``list[X]`` ("list"), ``dict[str, X]`` ("dict")."""
    import typing

    try:
        hints = typing.get_type_hints(cls)
    except Exception:  # an annotation that cannot be resolved: the contexts at least
        return ({"context_src": ("one", Occurrence), "context_tgt": ("one", Occurrence)}
                if cls is GlossaryEntry else {})
    out = {}
    for name, hint in hints.items():
        origin, args = typing.get_origin(hint), typing.get_args(hint)
        if dataclasses.is_dataclass(hint):
            out[name] = ("one", hint)
        elif origin is list and args and dataclasses.is_dataclass(args[0]):
            out[name] = ("list", args[0])
        elif origin is dict and len(args) == 2 and dataclasses.is_dataclass(args[1]):
            out[name] = ("dict", args[1])
        else:
            inner = next((a for a in args if dataclasses.is_dataclass(a)), None)
            if inner is not None:
                out[name] = ("one", inner)
    return out


def glossary_json(glossary: Glossary) -> str:
    """The JSON text: one line, then a newline."""
    return json.dumps(glossary_to_dict(glossary), ensure_ascii=False) + "\n"


def write_glossary_json(glossary: Glossary, path, *, force: bool = False) -> Path:
    return write_text(path, glossary_json(glossary), force=force)


def read_glossary_json(path) -> Glossary:
    p = Path(path)
    try:
        data = json.loads(p.read_bytes().decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise InputError(f"{p}: not a JSON glossary ({type(exc).__name__})") from None
    if not isinstance(data, dict) or "src_lang" not in data or "tgt_lang" not in data:
        raise InputError(f"{p}: not a JSON glossary of the toolkit (no src_lang/tgt_lang)")
    try:
        return glossary_from_dict(data)
    except (TypeError, KeyError, AttributeError) as exc:
        raise InputError(f"{p}: not a JSON glossary of the toolkit ({exc})") from None
