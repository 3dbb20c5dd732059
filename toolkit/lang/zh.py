"""Chinese (Simplified, as in UN documents).

No spaces between words and no letter case.  Sentences end with "。", "！",
"？" (full-width); "，" "；" "：" "、" end clauses (a line ending with them is
not finished, like "," in French).  Digits may be full-width ("１．"), and so
may brackets ("（a）"); the segmenter folds them for matching and keeps the text
as printed.  Articles are numbered in Chinese numerals ("第三十条"), dates
written "2013年12月18日".  Preambular paragraphs open with a verb ("回顾",
"重申", "欢迎", "注意到" ...), the opening is "大会，".
"""
from __future__ import annotations

from types import MappingProxyType

from toolkit.lang import LanguageProfile
from toolkit.lang._common import SP

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}


def chinese_number(text: str) -> int | None:
    """``"三十"`` -> 30, ``"十二"`` -> 12, ``"一百零五"`` -> 105, ``"12"`` -> 12; None if not a number."""
    if text.isdigit():
        return int(text)
    total, digit = 0, None
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _UNITS:
            total += (1 if digit is None else digit) * _UNITS[ch]
            digit = None
        else:
            return None
    return total + (digit or 0) if text else None


_ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"]

PROFILE = LanguageProfile(
    code="zh",
    name="Chinese",
    aliases=("zho", "chi", "cmn", "zh-Hans", "zh-CN", "zh-SG", "cmn-Hans", "zh-Hant", "zh-TW", "zh-HK"),
    script="Hans",
    spaced=False,
    cased=False,
    function_words=frozenset("的 了 和 与 及 在 对 为 是 并 或 其 以 于 等 各 中 这 该 之 将 被 把 从 向 由 也 都 而".split()),
    abbreviations=frozenset(),
    # no space after a full stop; closing quotes and brackets stay with the sentence
    sentence_boundary=r"""([。！？!?]+|…{2,})([”’」』）》)\]]*)(\s*)(?=\S)""",
    sentence_joiner="",
    months=MappingProxyType({f"{n}月": n for n in range(1, 13)}
                            | {m: k for k, m in enumerate("一二三四五六七八九十", 1) for m in [f"{m}月"]}
                            | {"十一月": 11, "十二月": 12}),
    date_patterns=(r"(?P<year>(?:19|20)\d\d)\s*年\s*(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*日",),
    terminal_punctuation=".,;:!?。，；：！？、",
    opening_patterns=(
        rf"^(?:大会|安全理事会|经济及社会理事会|人权理事会){SP}*[,，:：]?\s*$",
        r"^[\u4e00-\u9fff]{1,20}(?:会议|委员会|理事会)[,，:：]\s*$",
    ),
    opening_formulas=("大会", "安全理事会", "经济及社会理事会", "人权理事会"),
    fused_opening=(r"^(?:因此现在|因此|现在)?\s*[,，]?\s*(?:大会|安全理事会)\s*[,，]\s*\S",),
    preamble_prefixes=tuple("""回顾 又回顾 还回顾 重申 又重申 还重申 欢迎 又欢迎 注意到 又注意到 还注意到 关切地注意到
        满意地注意到 赞赏地注意到 认识到 又认识到 确认 又确认 深信 深为关切 关切 严重关切 强调 又强调 铭记 考虑到
        鉴于 表示 赞赏 意识到 决心 申明 念及 震惊 遗憾 承认 认为 希望 深感 感谢 忆及 深切关注 关注 重视 致力于
        坚信 相信""".split()),
    heading_words=("序言", "附件", "附录"),
    preamble_heading="序言",
    annex_heading="附件",
    article_patterns=(r"^第\s*([一二三四五六七八九十百零〇两\d]+)\s*条\s*$",),
    number_parser=chinese_number,
    goal_words=(f"目标{SP}*",),
    subitem_labels=MappingProxyType({ch: _ROMAN[k] for k, ch in enumerate("一二三四五六七八九十")}),
    front_patterns=(r"^\s*原文\s*[:：].*$", r"^\s*第\S+届会议\s*$", r"^\s*议程项目\s*\d+.*$"),
    adoption_line=(r"^\s*大会\s*\d{4}\s*年.*通过的决议\s*$", r"^\s*安全理事会\s*\d{4}\s*年.*通过\s*$"),
    adoption_patterns=(r"大会(?=\s*\d{4}\s*年)", r"安全理事会(?=\s*\d{4}\s*年)"),
    front_fragments=(r"议程项目\s*\d+\S*", r"原文\s*[:：]\s*\w+"),
    un_names=("联合国",),
    organs=("大会", "安全理事会", "经济及社会理事会", "人权理事会"),
    session_words=("届会议",),
    agenda_patterns=(r"议程项目\s*\d+\S*",),
    hint_words=("联合国", "大会", "届会议", "议程项目", "通过的决议"),
    general_assembly=("大会",),
)
