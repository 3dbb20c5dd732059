"""Align UN resolutions across languages and turn them into terminology.

The public API lives in the stage modules (``toolkit.segment``,
``toolkit.embed``, ``toolkit.align``, ``toolkit.terms``, ``toolkit.glossary``,
``toolkit.export``) and is re-exported here lazily, so that ``import toolkit``
stays cheap and loads no model.
"""
from __future__ import annotations

__version__ = "0.2.0"

from toolkit.errors import ToolkitError  # noqa: E402
from toolkit.model import (  # noqa: E402
    Alignment,
    Bead,
    Document,
    Footnote,
    Glossary,
    GlossaryEntry,
    Occurrence,
    Segment,
    Signature,
    Term,
)

__all__ = [
    "__version__",
    "ToolkitError",
    "Alignment",
    "Bead",
    "Document",
    "Footnote",
    "Glossary",
    "GlossaryEntry",
    "Occurrence",
    "Segment",
    "Signature",
    "Term",
]
