"""The corpus glossaries: the glossaries of all successful pairs merged, one per language pair.

Each pair's ``glossary.json`` (the lossless JSON glossary of
:mod:`toolkit.export.glossary_json`) is what is merged.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from collections.abc import Sequence

from toolkit.batch.common import FAILED
from toolkit.batch.manifest import Pair
from toolkit.batch.records import PairRecord
from toolkit.batch.summary import _signature
from toolkit.export.glossary_json import glossary_from_dict
from toolkit.model import Glossary


def corpus_glossary_name(src_lang: str, tgt_lang: str) -> str:
    return f"corpus-glossary.{src_lang}-{tgt_lang}.tsv"


def read_pair_glossary(outdir: str | os.PathLike, pair: Pair) -> Glossary:
    path = Path(outdir) / pair.name / "glossary.json"
    return glossary_from_dict(json.loads(path.read_text(encoding="utf-8")))


def write_corpus_glossaries(pairs: Sequence[Pair], records: Sequence[PairRecord], outdir: str | os.PathLike,
                            *, model: str | None = None, level: str = "paragraph",
                            lang_codes: dict[str, str] | None = None, bom: bool = False,
                            comment_header: bool = False) -> list[Path]:
    """Merge the glossaries of all successful pairs, one file per language pair
    (``lang_codes``, ``bom``, ``comment_header``: as :func:`toolkit.export.write_glossary` takes them)."""
    from toolkit.export import write_glossary
    from toolkit.glossary import merge_glossaries

    groups: dict[tuple[str, str], list[Glossary]] = {}
    for pair, rec in zip(pairs, records):
        if rec.status == FAILED:
            continue
        try:
            g = read_pair_glossary(outdir, pair)
        except (OSError, ValueError, KeyError, TypeError):
            continue
        groups.setdefault((g.src_lang, g.tgt_lang), []).append(g)
    paths = []
    for (s, t), glossaries in sorted(groups.items()):
        merged = merge_glossaries(glossaries)
        merged.signature = _signature(model, level, pairs=len(glossaries)) if merged.signature is None else merged.signature
        merged.signature.src_lang, merged.signature.tgt_lang = s, t
        merged.signature.params = {**merged.signature.params, "pairs": len(glossaries)}
        path = Path(outdir) / corpus_glossary_name(s, t)
        write_glossary(merged, path, force=True, lang_codes=lang_codes, bom=bom, comment_header=comment_header)
        # TBX for CAT tools; JSON keeps what the table cannot (documents, evidence).
        write_glossary(merged, path.with_suffix(".tbx"), force=True, lang_codes=lang_codes)
        write_glossary(merged, path.with_suffix(".json"), force=True)
        paths.append(path)
    return paths
