"""Term lists as tables (pandas) and their reproducibility signature."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from toolkit.model import Document, Term
from toolkit.terms import reference as _reference
from toolkit.terms.reference import reference_label
from toolkit.terms.spacy_pipeline import pipeline_label

__all__ = ["terms_dataframe", "terms_signature"]


def terms_dataframe(terms: Iterable[Term]):
    """Ranked terms as a pandas table (term, lemma, pos, freq, score, kind, variants)."""
    import pandas as pd

    rows = [
        {
            "term": t.text,
            "lemma": t.lemma,
            "pos": t.pos,
            "freq": t.freq,
            "score": t.score,
            "kind": t.kind,
            "variants": "; ".join(t.variants),
            "expansion": t.expansion or "",
        }
        for t in terms
    ]
    return pd.DataFrame(rows, columns=["term", "lemma", "pos", "freq", "score", "kind", "variants", "expansion"])



def terms_signature(doc: Document, *, top: int | None = None, reference: bool | None = None):
    """Reproducibility signature of a term list (pipeline, language, input checksum, and the
    reference corpus of other UN documents consulted for termhood: ``un-devset:732`` or "off")."""
    from toolkit import __version__
    from toolkit.model import Signature

    params: dict[str, Any] = {"kind": "terms", "ranking": "c-value", "spacy": pipeline_label(None, doc.language)}
    use_ref = _reference.USE_REFERENCE if reference is None else bool(reference)
    params["reference"] = (reference_label(doc.language) or "off") if use_ref else "off"
    if top:
        params["top"] = top
    inputs = {"doc": doc.checksum} if doc.checksum else {}
    return Signature(toolkit_version=__version__, src_lang=doc.language, params=params, inputs=inputs)

