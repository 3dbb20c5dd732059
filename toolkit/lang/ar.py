"""Arabic (Modern Standard Arabic as in UN documents).

Right to left, no letter case.  Punctuation: "،" (comma), "؛" (semicolon),
"؟" (question mark); digits Western (2013) or Arabic-Indic (٢٠١٣).  Preambular
paragraphs open with "إذ" / "وإذ" + verb ("وإذ تشير إلى ...،"), operative
paragraphs with a number and a dash ("1 - تقرر ..." / "٢ - تدعو ..."), sub-items
with the Arabic letters in abjad order ("(أ)", "(ب)", "(ج)" = (a), (b), (c)).
Dates name the month twice: "18 كانون الأول/ديسمبر 2013".
"""
from __future__ import annotations

from types import MappingProxyType

from toolkit.lang import LanguageProfile
from toolkit.lang._common import SP

_MONTHS = {}
for _k, (_levant, _west) in enumerate([
        ("كانون الثاني", "يناير"), ("شباط", "فبراير"), ("آذار", "مارس"), ("نيسان", "أبريل"),
        ("أيار", "مايو"), ("حزيران", "يونيه"), ("تموز", "يوليه"), ("آب", "أغسطس"),
        ("أيلول", "سبتمبر"), ("تشرين الأول", "أكتوبر"), ("تشرين الثاني", "نوفمبر"), ("كانون الأول", "ديسمبر")], 1):
    _MONTHS[f"{_levant}/{_west}"] = _k
    _MONTHS[f"{_levant} / {_west}"] = _k
    _MONTHS[_west] = _k
    _MONTHS[_levant] = _k
_MONTHS.update({"يونيو": 6, "يوليو": 7, "إبريل": 4})

# abjad order, as in UN sub-items (a) ... (z)
_ABJAD = ["أ", "ب", "ج", "د", "هـ", "و", "ز", "ح", "ط", "ي", "ك", "ل", "م", "ن", "س", "ع", "ف", "ص", "ق", "ر",
          "ش", "ت", "ث", "خ", "ذ", "ض"]

PROFILE = LanguageProfile(
    code="ar",
    name="Arabic",
    aliases=("ara", "arb", "ar-SA", "ar-EG", "ar-AE"),
    script="Arab",
    direction="rtl",
    cased=False,
    function_words=frozenset("""في من إلى على عن مع أن إن أو ثم هذا هذه ذلك تلك التي الذي الذين كل بين قد لا
        ما و أي عند""".split()),
    stopwords=tuple("في من إلى على عن مع أن التي الذي".split()),
    abbreviations=frozenset({"د", "م", "ص", "ج", "هـ"}),
    sentence_boundary=r"""([.!?؟…]+)((?:[ \u00a0\u202f]?["'»”’)\]])*)(\s+)(?=[«"“'‘(\[]?\s*\w)""",
    months=MappingProxyType(_MONTHS),
    terminal_punctuation=".,;:!?،؛؟",
    opening_patterns=(
        rf"^(?:ف?إن{SP}+)?(?:الجمعية{SP}+العامة|مجلس{SP}+الأمن|المجلس{SP}+الاقتصادي{SP}+والاجتماعي|"
        rf"مجلس{SP}+حقوق{SP}+الإنسان){SP}*[،,:]?\s*$",
    ),
    opening_formulas=("(?:ف?إن )?الجمعية العامة", "(?:ف?إن )?مجلس الأمن", "(?:ف?إن )?المجلس الاقتصادي والاجتماعي",
                      "(?:ف?إن )?مجلس حقوق الإنسان"),
    preamble_words=frozenset({"إذ", "وإذ", "لما", "ولما", "وحيث", "حيث"}),
    heading_words=("الديباجة", "المرفق", "مرفق", "التذييل"),
    preamble_heading="الديباجة",
    annex_heading="(?:ال)?مرفق",
    article_words=("المادة",),
    goal_words=(f"الهدف{SP}*",),
    subitem_labels=MappingProxyType({label: chr(ord("a") + k) for k, label in enumerate(_ABJAD)}),
    front_patterns=(r"^\s*الأصل\s*:.*$", r"^\s*الدورة\s+\S+(?:\s+\S+){0,2}\s*$",
                    r"^\s*البند\s+\d+.*جدول\s+الأعمال.*$"),
    adoption_line=(r"^\s*قرار\s+اتخذته\b.*$", r"^\s*اتخذه\s+مجلس\s+الأمن\b.*$"),
    adoption_patterns=(r"قرار\s+اتخذته\s+الجمعية\s+العامة\s+في", r"اتخذه\s+مجلس\s+الأمن\s+في\s+جلسته\s+\S+\s+المعقودة\s+في"),
    front_fragments=(r"\bالبنود?\s+\d+\S*(?:\s*(?:و|،)\s*\d+\S*)*\s+من\s+جدول\s+الأعمال(?:\s+المؤقت)?",
                     r"\bالأصل\s*:\s*\w+"),
    un_names=("الأمم المتحدة",),
    organs=("الجمعية العامة", "مجلس الأمن", "المجلس الاقتصادي والاجتماعي", "مجلس حقوق الإنسان"),
    distribution_words=("عام", "محدود"),
    session_words=("الدورة",),
    agenda_patterns=(r"البند\s+\d+\S*\s+من\s+جدول\s+الأعمال",),
    hint_words=("الأمم المتحدة", "الجمعية العامة", "الدورة", "جدول الأعمال", "قرار اتخذته"),
    general_assembly=("الجمعية العامة",),
)
