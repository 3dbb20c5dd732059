"""A translation lexicon learned from the pair's own confident links (pass 4, ``w_lex``)."""
from __future__ import annotations

import re
from collections import Counter

from toolkit.align.features import _CJK, _binary_matrix, _Side

LEX_MIN_LINKS = 20
"""Fewest confident links to learn a lexicon from (fewer: no pass 4)."""
LEX_MIN_CONFIDENCE = 0.5
"""Links at least this confident are the training links (a link more likely right than wrong)."""
LEX_MIN_COUNT = 2
"""A word pair must co-occur in at least this many training links."""
LEX_MIN_DICE = 0.4
"""... with a Dice coefficient over links of at least this (hunalign-style; set by hand, pass 4 is off
by default)."""
LEX_MAX_SHARE = 0.3
"""Words in more than this share of the training links (function words) are left out ..."""
LEX_MIN_CAP = 3
"""... but a word may always occur in this many."""

_WORD_RE = re.compile(rf"[{_CJK}]|(?:(?![{_CJK}])[^\W\d_]){{2,}}")
"""Words: letter runs of two or more, or a single Chinese/Japanese character (no spaces between words there)."""


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD_RE.findall(text)}


def _learn_lexicon(path, S: _Side, T: _Side, conf, min_count: int = LEX_MIN_COUNT,
                   min_dice: float = LEX_MIN_DICE) -> bool:
    """Learn a small translation lexicon from the pair's own confident links (hunalign's idea).

    Word pairs that co-occur in linked beads far more than chance (Dice over
    beads) become dictionary entries; each source segment then "predicts" the
    target words its words translate to.  Returns False when there is too little
    to learn from.
    """
    train = [(i0, i1, j0, j1) for (i0, i1, j0, j1), (_, c) in zip(path, conf)
             if i1 > i0 and j1 > j0 and c >= LEX_MIN_CONFIDENCE]
    if len(train) < LEX_MIN_LINKS:
        return False
    sw = [_words(t) for t in S.texts]
    tw = [_words(t) for t in T.texts]
    ce: Counter = Counter()
    cf: Counter = Counter()
    cef: Counter = Counter()
    for i0, i1, j0, j1 in train:
        E = set().union(*sw[i0:i1])
        F = set().union(*tw[j0:j1])
        ce.update(E)
        cf.update(F)
        for e in E:
            for f in F:
                cef[(e, f)] += 1
    cap = max(LEX_MIN_CAP, LEX_MAX_SHARE * len(train))
    lex: dict[str, set[str]] = {}
    for (e, f), c in cef.items():
        if c < min_count or ce[e] > cap or cf[f] > cap:
            continue
        if 2 * c / (ce[e] + cf[f]) >= min_dice:
            lex.setdefault(e, set()).add(f)
    if not lex:
        return False
    vocab = {f: k for k, f in enumerate(sorted({f for fs in lex.values() for f in fs}))}
    S.lex = _binary_matrix([[f for e in ws if e in lex for f in lex[e]] for ws in sw], vocab)
    T.lex = _binary_matrix([[f for f in ws if f in vocab] for ws in tw], vocab)
    return True
