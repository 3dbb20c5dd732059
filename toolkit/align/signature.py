"""The alignment stage's signature: every effective setting, defaults included.

A signature that listed only the parameters differing from :data:`DEFAULTS` would
change meaning whenever a default changes; this one records them all (each DP
parameter, the bead types, the level, the segmenters of both inputs, and at
sentence level the splitter and the sentence pass's own settings), plus the encoder's
exact identity (:func:`toolkit.embed.model_identity`) and the inputs' checksums.
"""
from __future__ import annotations

from typing import Any

from toolkit.align.params import _params
from toolkit.model import Document, Signature, text_checksum

ALIGNER = "dp"
"""Name of the aligner recorded in signatures (``aligner:dp``)."""
SPLITTER = "rules"
"""The sentence splitter of :mod:`toolkit.sentences` (rule-based, versioned with the toolkit)."""


def bead_types_label(max_bead: int) -> str:
    """The bead types the DP scores, as a signature value (``1-1,1-0,0-1,1-2,...``)."""
    from toolkit.align.scoring import _bead_types

    return ",".join(f"{a}-{b}" for a, b in _bead_types(int(max_bead)))


def _segmenter(src: Document, tgt: Document) -> str | None:
    names = [doc.provenance.get("segmenter") or doc.provenance.get("structure") for doc in (src, tgt)]
    if not any(names):
        return None
    s, t = (n or "?" for n in names)
    return s if s == t else f"{s}/{t}"


def alignment_signature(src: Document, tgt: Document, model: str, params: dict[str, Any] | None = None,
                        level: str = "paragraph", extra: dict[str, Any] | None = None) -> Signature:
    """Signature of aligning ``src`` with ``tgt``: ``model`` is the encoder's identity
    (:func:`toolkit.embed.model_identity`), ``params`` the parameters given (defaults are
    filled in and recorded too), ``extra`` further fields (they win)."""
    from toolkit import __version__

    p = _params(dict(params or {}))
    fields: dict[str, Any] = {"level": level, "aligner": ALIGNER, "beads": bead_types_label(p["max_bead"])}
    fields.update(p)
    segmenter = _segmenter(src, tgt)
    if segmenter:
        fields["segmenter"] = segmenter
    if extra:
        fields.update(extra)
    inputs = {}
    for name, doc in (("src", src), ("tgt", tgt)):
        inputs[name] = doc.checksum or text_checksum("\n".join(doc.texts))
    return Signature(toolkit_version=__version__, model=model, src_lang=src.language,
                     tgt_lang=tgt.language, params=fields, inputs=inputs)


def sentence_signature(paragraph: Signature, sentence_params: dict[str, Any]) -> Signature:
    """The signature of a sentence-level refinement of a paragraph alignment: the paragraph
    alignment's, at level ``sentence``, with the splitter and the sentence pass's settings:
    always its anchor weight (``sentence_w_anchor``: structural anchors are off inside a
    paragraph by default), and ``sentence_<name>`` for any other setting that differs from
    the paragraph alignment's."""
    sig = Signature.from_dict(paragraph.to_dict())
    p = _params(dict(sentence_params))
    fields = {"level": "sentence", "splitter": SPLITTER, "sentence_w_anchor": p["w_anchor"]}
    for key, value in p.items():
        if key != "w_anchor" and sig.params.get(key) != value:
            fields[f"sentence_{key}"] = value
    sig.params = {**sig.params, **fields}
    return sig


signature = alignment_signature
"""The stage's signature function under its generic name."""
