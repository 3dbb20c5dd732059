"""A self-contained HTML review report of an alignment and its glossary.

A translator does not trust an alignment or a glossary before looking at it,
so every run can end with one HTML file that opens anywhere, offline, with no
server: the two documents side by side (one row per bead), the glossary terms
highlighted in both columns, and tools to correct links and statuses.  The
corrections are downloaded as the toolkit's own Alignment TSV / Glossary TSV
interchange formats, so they flow back into the TMX/TBX exports.

Why the page is built the way it is:

* everything is inline (CSS, JS, data) and a Content-Security-Policy with
  ``default-src 'none'`` forbids every network request, so the report can be
  mailed around and opened from a USB stick without leaking anything;
* the data travels as JSON in a ``<script type="application/json">`` block in
  which ``<``, ``>`` and ``&`` are written as ``\\u003c`` etc., so a segment
  containing ``</script>`` cannot end the block; the script puts text into the
  page with text nodes only, never ``innerHTML``;
* the inline script and style are allowed by their SHA-256 hashes, so even if
  something slipped through the escaping, an injected script would not run.

What the page downloads never claims a review nobody did: each alignment row
carries its own ``status`` (``unreviewed``, ``ok`` when a person confirmed
it, ``wrong`` when a person marked it wrong) and ``edit`` (``merged``,
``split`` or empty), and unreviewed rows keep the machine's confidence and
flag; a glossary entry is ``manual`` (a person's edit) only when the reviewer
accepted or rejected it, and otherwise stays ``unreviewed`` -- the machine
never gives a status.  The glossary view shows each entry's class (term,
vocabulary, candidate) and whether a person reviewed it; the terms of class
``term`` are highlighted by default, all of them with "All terms".
"""
from __future__ import annotations

import base64
import hashlib
import html
import json
import math
from importlib import resources
from pathlib import Path
from typing import Any

from toolkit.export.common import format_ref
from toolkit.fileio import write_text
from toolkit.glossary import TERM_AT
from toolkit.model import ENTRY_CLASSES, TERM, Alignment, Glossary, Occurrence, format_concept_term

#: Confidence bands used for colours and labels (also in review.js).
HIGH_CONFIDENCE = 0.8
MEDIUM_CONFIDENCE = 0.5

DATA_ELEMENT_ID = "review-data"


def _resource(name: str) -> str:
    return resources.files("toolkit").joinpath("resources", name).read_text(encoding="utf-8")


def _num(value: Any, digits: int = 4) -> float | None:
    """A JSON-safe number: NaN/inf (which JSON.parse rejects) become null."""
    if value is None:
        return None
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    return round(f, digits) if math.isfinite(f) else None


def term_threshold(glossary: Glossary | None) -> float:
    """Confidence from which an entry is a term (class ``term``, exported to TBX; below it a
    ``candidate``): the threshold the glossary was built with (its ``term_at`` signature
    parameter; ``preferred_at`` in glossaries of earlier versions), else the toolkit's
    :data:`toolkit.glossary.TERM_AT`.  The page shows it; it highlights the entries of
    class ``term`` by default."""
    params = glossary.signature.params if glossary is not None and glossary.signature is not None else {}
    value = _num(params.get("term_at"))
    if value is None:
        value = _num(params.get("preferred_at"))
    return TERM_AT if value is None else value


def _context(occ: Occurrence | None) -> list[str] | None:
    return [occ.segment_id, occ.sentence] if occ is not None else None


def _document_data(doc) -> dict[str, Any]:
    return {
        "lang": doc.language,
        "symbol": doc.symbol,
        "title": doc.title,
        "segments": [
            {"id": s.id, "kind": s.kind, "text": s.text, "fn": list(s.footnote_refs)}
            for s in doc.segments
        ],
        "footnotes": {str(f.number): f.text for f in doc.footnotes},
    }


def report_data(alignment: Alignment, glossary: Glossary | None) -> dict[str, Any]:
    """Everything the page needs, as plain JSON-able data (also handy for tests)."""
    sig = alignment.signature
    src_lang = alignment.source.language
    tgt_lang = alignment.target.language
    entries = []
    if glossary is not None:
        for e in glossary.entries:
            entries.append(
                {
                    "id": e.id,
                    "src": e.src_term,
                    "tgt": e.tgt_term,
                    "src_var": list(e.src_variants),
                    "tgt_var": list(e.tgt_variants),
                    "pos": e.pos,
                    "freq_src": e.freq_src,
                    "freq_tgt": e.freq_tgt,
                    "conf": _num(e.confidence),
                    "status": e.status if e.manual else "unreviewed",
                    "class": e.entry_class if e.entry_class in ENTRY_CLASSES else TERM,
                    "reviewed": bool(e.reviewed),
                    "src_other": [format_concept_term(c) for c in e.src_terms],
                    "tgt_other": [format_concept_term(c) for c in e.tgt_terms],
                    "src_forms": [f for c in e.src_terms for f in (c.text, *c.variants)],
                    "tgt_forms": [f for c in e.tgt_terms for f in (c.text, *c.variants)],
                    "ctx_src": _context(e.context_src),
                    "ctx_tgt": _context(e.context_tgt),
                    "ref_src": format_ref(e.context_src),
                    "ref_tgt": format_ref(e.context_tgt),
                    "source": e.source or "",
                    "note": e.note or "",
                    "subject_field": e.subject_field or "",
                    "manual": bool(e.manual),
                }
            )
    return {
        "version": 1,
        "signature": str(sig),
        "meta": {
            "src_lang": src_lang,
            "tgt_lang": tgt_lang,
            "model": sig.model,
            "level": alignment.level,
            "toolkit_version": sig.toolkit_version,
            "symbol": alignment.source.symbol or alignment.target.symbol,
            "bands": {"high": HIGH_CONFIDENCE, "medium": MEDIUM_CONFIDENCE},
            "term_threshold": term_threshold(glossary),
        },
        "src": _document_data(alignment.source),
        "tgt": _document_data(alignment.target),
        "beads": [
            {
                "s": list(b.src),
                "t": list(b.tgt),
                "score": _num(b.score),
                "conf": _num(b.confidence),
                "flag": bool(b.flagged),
            }
            for b in alignment.beads
        ],
        "glossary": {
            "src_lang": glossary.src_lang if glossary is not None else src_lang,
            "tgt_lang": glossary.tgt_lang if glossary is not None else tgt_lang,
            "signature": str(glossary.signature) if glossary is not None and glossary.signature else str(sig),
            "entries": entries,
        },
    }


def _json_for_script(data: Any) -> str:
    """JSON that is safe inside a ``<script>`` element (no ``</``, no ``<!--``)."""
    text = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _csp_hash(content: str) -> str:
    digest = hashlib.sha256(content.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _summary_html(alignment: Alignment, glossary: Glossary | None) -> str:
    s = alignment.summary()
    src, tgt = alignment.source, alignment.target
    sig = alignment.signature
    e = html.escape
    symbol = src.symbol or tgt.symbol
    title = src.title or tgt.title
    many = s["many"]
    rows = [
        ("Languages", f'<span lang="{e(src.language)}">{e(src.language)}</span> → '
                      f'<span lang="{e(tgt.language)}">{e(tgt.language)}</span>'),
        ("Symbol", e(symbol) if symbol else "<i>unknown</i>"),
    ]
    if title:
        rows.append(("Title", f'<span dir="auto">{e(title)}</span>'))
    rows += [
        ("Model", e(sig.model or "unknown")),
        ("Level", e(alignment.level)),
        ("Segments", f"{len(src)} {e(src.language)} · {len(tgt)} {e(tgt.language)}"),
        ("Links", f'<span data-count="beads">{s["beads"]}</span> beads: '
                  f'<span data-count="one_to_one">{s["one_to_one"]}</span> 1-1, '
                  f'<span data-count="many">{many}</span> m-n, '
                  f'<span data-count="unaligned">{s["unaligned_source"] + s["unaligned_target"]}</span> unaligned '
                  f'({s["unaligned_source"]} {e(src.language)} only, {s["unaligned_target"]} {e(tgt.language)} only)'),
        ("Mean confidence", f'<span data-count="mean_confidence">{_fmt(s["mean_confidence"])}</span> '
                            f'(over linked beads)'),
        ("Flagged", f'<span data-count="flagged">{s["flagged"]}</span> links to check'),
        ("Glossary", f'<span data-count="glossary">{len(glossary) if glossary is not None else 0}</span> entries'),
        ("Signature", f'<code class="sig">{e(str(sig))}</code>'),
    ]
    items = "\n".join(f"<div><dt>{k}</dt><dd>{v}</dd></div>" for k, v in rows)
    warnings = list(getattr(alignment, "warnings", None) or []) + list(src.warnings) + list(tgt.warnings)
    warnings = list(dict.fromkeys(warnings))
    shown = warnings[:8] + ([f"and {len(warnings) - 8} more warnings"] if len(warnings) > 8 else [])
    notes = "".join(f'<p class="notice" role="note">warning: {e(w)}</p>' for w in shown)
    return f'<dl class="summary" id="summary">\n{items}\n</dl>{notes}'


def render_report(alignment: Alignment, glossary: Glossary | None) -> str:
    """The report as one HTML string (inline CSS, JS and data; no external resource)."""
    css = "\n" + _resource("review.css") + "\n"
    js = "\n" + _resource("review.js") + "\n"
    data = _json_for_script(report_data(alignment, glossary))
    sig = str(alignment.signature)
    src, tgt = alignment.source, alignment.target
    name = src.symbol or tgt.symbol or src.title or tgt.title or "alignment"
    page_title = f"Review: {name} ({src.language}→{tgt.language})"
    csp = (
        "default-src 'none'; "
        f"script-src {_csp_hash(js)}; "
        f"style-src {_csp_hash(css)}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    e = html.escape
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{e(csp)}">
<meta name="generator" content="un-align-toolkit {e(alignment.signature.toolkit_version)}">
<meta name="toolkit-signature" content="{e(sig)}">
<link rel="icon" href="data:,">
<title>{e(page_title)}</title>
<style>{css}</style>
</head>
<body>
<!-- signature: {e(sig).replace("--", "- -")} -->
<header class="page-head">
<h1>{e(page_title)}</h1>
{_summary_html(alignment, glossary)}
</header>
<noscript><p class="notice">This report needs JavaScript to show the rows; the data is embedded in the page source.</p></noscript>
<main id="app"></main>
<div id="term-tip" class="term-tip" role="tooltip" hidden></div>
<script type="application/json" id="{DATA_ELEMENT_ID}">{data}</script>
<script>{js}</script>
</body>
</html>
"""


def write_report(alignment: Alignment, glossary: Glossary | None, path, *, force: bool = False) -> Path:
    """Write the review report atomically; refuse to overwrite unless ``force``."""
    return write_text(path, render_report(alignment, glossary), force=force)
