"""Similarity matrix of two documents, for plots (not used by the aligner)."""
from __future__ import annotations

import numpy as np

from toolkit.model import Alignment


def similarity_matrix(alignment_or_docs, model=None) -> np.ndarray:
    """Cosine similarities of every source segment with every target segment (for plots).

    Accepts an :class:`Alignment` or a ``(src_doc, tgt_doc)`` pair.  Quadratic:
    meant for one document pair on screen, not for the aligner.
    """
    from toolkit.embed import get_embedder

    if isinstance(alignment_or_docs, Alignment):
        src, tgt = alignment_or_docs.source, alignment_or_docs.target
        if model is None:
            model = alignment_or_docs.signature.model
    else:
        src, tgt = alignment_or_docs
    emb = get_embedder(model)
    return emb.embed(src.texts) @ emb.embed(tgt.texts).T
