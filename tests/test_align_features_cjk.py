"""Tokenisation-dependent alignment features in Chinese and Arabic (issue 13): numbers, tokens,
lexicon words and the length check."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from toolkit.align.documents import UNEVEN_CHARS, _checks
from toolkit.align.features import CJK_LENGTH_FACTOR, _latin_length, _make_sides, _numbers, _tokens
from toolkit.align.lexicon import _words
from toolkit.segment import read_document

corpora = Path(__file__).resolve().parent.parent / "corpora"


@pytest.mark.parametrize("text, expected", [
    ("到2030年消除极端贫困", ["2030"]),                             # was "03": 到 and 年 counted as letters
    ("每人每日生活费不足1.25美元", ["1.25"]),                        # was "2"
    ("大会第68/192号决议", ["68/192"]),
    ("2015年9月25日", ["2015", "9", "25"]),
    ("将孕产妇死亡率降至每10万例活产低于70例", ["10", "70"]),
    ("增加１０％", ["10"]),                                            # full-width digits
    ("اعتمد القرار ٧٠/١ في عام ٢٠١٥", ["70/1", "2015"]),             # Arabic-Indic digits
    ("بأقل من ١٫٢٥ دولار و١٬٠٠٠ شخص", ["1.25", "1000"]),             # Arabic decimal and thousands signs
    ("خطة عام۲۰۳۰", ["2030"]),                                        # extended digits, glued to a word
    ("بحلول عام 2030", ["2030"]),
])
def test_numbers_in_chinese_and_arabic_sentences(text, expected):
    assert _numbers(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Millénaire1 et A4", []),                       # a Latin letter still glues to the digits
    ("résolution 64/293 du 30 juillet 2010", ["64/293", "30", "2010"]),
    ("1 000 personnes, 3,5 % et 1.000.000", ["1000", "3.5", "1000000"]),
])
def test_latin_numbers_are_unchanged(text, expected):
    assert _numbers(text) == expected


def test_latin_tokens_inside_chinese_are_their_own_tokens():
    zh = "联合国开发计划署(UNDP)与UNICEF和Ban Ki-moon在2030年议程中合作"
    assert _tokens(zh) == ["UNDP", "UNICEF", "Ban", "Ki", "moon"]
    assert _tokens("The UNDP and UNICEF, 2030 Agenda") == ["The", "UNDP", "and", "UNICEF", "Agenda"]
    # ... so the identical-token feature links them to the English sentence.
    zh_side = [zh, "其他句子", "另一个句子"]
    en_side = ["UNDP and UNICEF worked with Ban Ki-moon", "Another sentence", "More text"]
    emb = [[1.0, 0.0]] * 3
    S, T = _make_sides(zh_side, en_side, emb, emb, [None] * 3, [None] * 3)
    assert S.toks[0].sum() >= 2 and (S.toks[0] * T.toks[0]).sum() >= 2


def test_lexicon_words_are_single_chinese_characters_or_letter_runs():
    assert _words("开发署(UNDP)报告 été") == {"开", "发", "署", "undp", "报", "告", "été"}
    assert _words("l'été a 2 ans") == {"été", "ans"}


def _sdg(lang):
    return read_document(corpora / "sdg" / f"{lang}.txt", lang)


def test_length_warning_does_not_fire_on_the_sdg_chinese_pair():
    zh, en = _sdg("zh"), _sdg("en")
    raw_zh, raw_en = sum(len(s.text) for s in zh.segments), sum(len(s.text) for s in en.segments)
    assert raw_en > UNEVEN_CHARS * raw_zh                      # raw characters would have warned
    assert not any("much longer" in w for w in _checks(zh, en))
    assert not any("much longer" in w for w in _checks(en, zh))
    scaled = sum(_latin_length(s.text) for s in zh.segments)
    assert 0.8 < scaled / raw_en < 1.25                         # the factor's origin: SDG zh vs en


def test_length_warning_fires_on_a_truncated_chinese_pair():
    zh, en = _sdg("zh"), _sdg("en")
    # Same segments, each Chinese text cut to a fifth: a real length mismatch.
    cut = replace(zh, segments=[replace(s, text=s.text[: max(1, len(s.text) // 5)]) for s in zh.segments])
    warnings = [w for w in _checks(cut, en) if "much longer" in w]
    assert len(warnings) == 1 and "target side" in warnings[0]
    assert f"counted {CJK_LENGTH_FACTOR:g} each" in warnings[0]
    # Fewer segments: the first third of the Chinese document.
    third = replace(zh, segments=zh.segments[: len(zh.segments) // 3])
    assert any("target side is much longer" in w for w in _checks(third, en))
    # and the Chinese side much longer than a truncated English one.
    short_en = replace(en, segments=[replace(s, text=s.text[: max(1, len(s.text) // 5)]) for s in en.segments])
    assert any("source side is much longer" in w for w in _checks(zh, short_en))


def test_latin_length_warning_is_unchanged():
    fr, en = _sdg("fr"), _sdg("en")
    assert not any("much longer" in w for w in _checks(fr, en))
    short = replace(en, segments=[replace(s, text=s.text[: len(s.text) // 3]) for s in en.segments])
    w = [x for x in _checks(fr, short) if "much longer" in x]
    assert len(w) == 1 and w[0].endswith("characters); parts of it will stay unaligned")
    assert _latin_length("Objectif 1. Éliminer la pauvreté") == len("Objectif 1. Éliminer la pauvreté")
