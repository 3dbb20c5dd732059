"""toolkit.lang: the registry, the profiles, and what each language's rules do
(sentence splitting, dates, front matter, a resolution-shaped text per language)."""
from __future__ import annotations

import dataclasses

import pytest

from toolkit import lang
from toolkit.errors import ToolkitError
from toolkit.model import OPENING, OPERATIVE, PREAMBLE, SUBITEM, TITLE
from toolkit.readers.metadata import is_front_matter, parse_date
from toolkit.segment import segment_text
from toolkit.sentences import ABBREVIATIONS, sentence_joiner, split_sentences

LANGS = ("en", "fr", "es", "ru", "ar", "zh")


# ------------------------------------------------------------------ registry
@pytest.mark.parametrize("code, expected", [
    ("fr", "fr"), ("fr-FR", "fr"), ("FR_ca", "fr"), ("en-GB", "en"), ("es-419", "es"), ("ru-RU", "ru"),
    ("ar-EG", "ar"), ("zh", "zh"), ("zh-Hans", "zh"), ("zh-CN", "zh"), ("cmn", "zh"), ("fra", "fr"), ("arb", "ar"),
])
def test_get_bcp47(code, expected):
    assert lang.get(code).code == expected


@pytest.mark.parametrize("code", ["de", "xx", "", None, "klingon"])
def test_unsupported_language_is_a_clear_error(code):
    with pytest.raises(lang.UnsupportedLanguage) as info:
        lang.get(code)
    assert isinstance(info.value, ToolkitError)
    for supported in LANGS:
        assert supported in str(info.value)
    assert lang.find(code) is None


def test_supported_and_profiles():
    assert lang.supported() == tuple(sorted(LANGS))
    assert set(lang.profiles()) == set(LANGS)
    profile = lang.get("fr")
    with pytest.raises(dataclasses.FrozenInstanceError):
        profile.code = "en"                              # type: ignore[misc]
    assert lang.get("ar").direction == "rtl" and not lang.get("ar").cased
    assert not lang.get("zh").spaced and lang.get("zh").sentence_joiner == ""


@pytest.mark.parametrize("code", LANGS)
def test_every_profile_has_the_segmentation_data(code):
    p = lang.get(code)
    assert p.function_words and p.months and p.opening_formulas and p.heading_words
    assert p.preamble_words or p.preamble_prefixes
    assert p.article_words or p.article_patterns
    assert p.goal_words and p.adoption_patterns and p.organs and p.un_names


def test_neutral_unites_all_profiles():
    n = lang.neutral()
    for p in lang.profiles().values():
        assert p.preamble_words <= n.preamble_words
        assert set(p.organs) <= set(n.organs)
        assert set(p.terminal_punctuation) <= set(n.terminal_punctuation)


def test_wordalign_function_words_come_from_the_registry():
    from toolkit.wordalign import FUNCTION_WORDS

    assert set(FUNCTION_WORDS) == set(LANGS)
    for code in LANGS:
        assert FUNCTION_WORDS[code] == lang.get(code).function_words
    assert "l'" in FUNCTION_WORDS["fr"] and "the" in FUNCTION_WORDS["en"]
    assert FUNCTION_WORDS.get("de", set()) == set()


def test_sentence_abbreviations_come_from_the_registry():
    for code in LANGS:
        assert ABBREVIATIONS[code] == set(lang.get(code).abbreviations)
    assert {"mme", "m"} <= ABBREVIATIONS["fr"] and {"mr", "u.s"} <= ABBREVIATIONS["en"]


# ---------------------------------------------------------------- sentences
def test_sentences_chinese():
    text = "大会通过了第70/1号决议。会议何时结束？我们不知道！“这是引语。”秘书长将提交报告。"
    out = split_sentences(text, "zh")
    assert out == ["大会通过了第70/1号决议。", "会议何时结束？", "我们不知道！", "“这是引语。”", "秘书长将提交报告。"]
    assert sentence_joiner("zh") == "" and "".join(out) == text
    # "；" and "，" end clauses, not sentences
    assert len(split_sentences("决定继续审议该问题；请秘书长提交报告，并提出建议。", "zh")) == 1
    assert split_sentences(text, None) == out          # the script says Chinese


def test_sentences_arabic():
    text = "هل انتهى الاجتماع؟ نعم، انتهى. وقد قررت الجمعية العامة ذلك؛ وطلبت تقريرا."
    out = split_sentences(text, "ar")
    assert out == ["هل انتهى الاجتماع؟", "نعم، انتهى.", "وقد قررت الجمعية العامة ذلك؛ وطلبت تقريرا."]
    assert " ".join(out) == text


def test_sentences_russian_abbreviations():
    text = ("Доклад был представлен в 2013 г. Генеральной Ассамблее. Совет, т.е. его члены, согласился "
            "с предложением, см. п. 5 выше. Заседание закрылось.")
    assert split_sentences(text, "ru") == [
        "Доклад был представлен в 2013 г. Генеральной Ассамблее.",
        "Совет, т.е. его члены, согласился с предложением, см. п. 5 выше.",
        "Заседание закрылось.",
    ]
    assert split_sentences("Он сказал: «Хватит». Все ушли.", "ru") == ["Он сказал: «Хватит».", "Все ушли."]


def test_sentences_spanish_inverted_marks():
    text = "La reunión terminó. ¿Qué pasará ahora? ¡Nadie lo sabe! El Sr. Pérez habló, véase el párr. 3."
    assert split_sentences(text, "es") == [
        "La reunión terminó.", "¿Qué pasará ahora?", "¡Nadie lo sabe!", "El Sr. Pérez habló, véase el párr. 3."]


def test_sentences_unsupported_language_uses_neutral_rules():
    # German is not a profile: Latin-script rules of all languages, no error
    assert split_sentences("Der Rat tagte. Er beschloss nichts.", "de") == ["Der Rat tagte.", "Er beschloss nichts."]


# ------------------------------------------------------------ dates, front matter
@pytest.mark.parametrize("text, iso", [
    ("Resolution adopted by the General Assembly on 18 December 2013", "2013-12-18"),
    ("Résolution adoptée par l'Assemblée générale le 18 décembre 2013", "2013-12-18"),
    ("Resolución aprobada por la Asamblea General el 18 de diciembre de 2013", "2013-12-18"),
    ("Резолюция, принятая Генеральной Ассамблеей 18 декабря 2013 года", "2013-12-18"),
    ("قرار اتخذته الجمعية العامة في 18 كانون الأول/ديسمبر 2013", "2013-12-18"),
    ("قرار اتخذته الجمعية العامة في ١٨ كانون الأول/ديسمبر ٢٠١٣", "2013-12-18"),
    ("大会2013年12月18日通过的决议", "2013-12-18"),
])
def test_dates_in_every_language(text, iso):
    assert parse_date(text)[0] == iso
    assert is_front_matter(text)


@pytest.mark.parametrize("line", [
    "Distr.: General", "Original: English", "Sixty-eighth session", "Agenda item 106",
    "Soixante-huitième session", "Point 106 de l'ordre du jour", "Naciones Unidas", "Sexagésimo octavo período de sesiones",
    "Tema 106 del programa", "Подлинный текст: английский", "Шестьдесят восьмая сессия", "Организация Объединенных Наций",
    "الأصل: بالإنكليزية", "الدورة الثامنة والستون", "الأمم المتحدة", "原文：英文", "第六十八届会议", "议程项目106", "联合国",
])
def test_front_matter_in_every_language(line):
    assert is_front_matter(line)


@pytest.mark.parametrize("line", ["Recalling its resolution 1970 (2011),", "ссылаясь на свою резолюцию,",
                                  "回顾其关于利比亚的各项决议，", "إذ تشير إلى قرارها،"])
def test_body_lines_are_not_front_matter(line):
    assert not is_front_matter(line)


# ------------------------------------------- a resolution-shaped text per language
# (wording of A/RES/69/170 and S/RES/2213 (2015) as in the UN Parallel Corpus devset)
MINI = {
    "en": """   69/170. International Albinism Awareness Day


 The General Assembly,

 Recalling its resolution 1970 (2011) and all its subsequent resolutions on Libya,1

 Welcoming the observance by civil society actors of 13 June as International Albinism Awareness Day,

 1. Decides to proclaim 13 June International Albinism Awareness Day, with effect from 2015;

 2. Invites all Member States, organizations of the United Nations system and other international and
regional organizations, as well as civil society:

 (a) To observe International Albinism Awareness Day in an appropriate manner;

 (b) To raise awareness of the human rights of persons with albinism.

__________________

 1  See resolution 1970 (2011).
""",
    "fr": """   69/170. Journée internationale de sensibilisation à l'albinisme


 L'Assemblée générale,

 Rappelant sa résolution 1970 (2011) et toutes ses résolutions ultérieures sur la Libye1,

 Se félicitant que les acteurs de la société civile aient décidé de faire du 13 juin la Journée
internationale de sensibilisation à l'albinisme,

 1. Décide de proclamer le 13 juin Journée internationale de sensibilisation à l'albinisme, à
compter de 2015 ;

 2. Invite tous les États Membres, les organismes des Nations Unies et les organisations
internationales et régionales, ainsi que la société civile :

 a) À célébrer la Journée internationale de sensibilisation à l'albinisme de manière appropriée ;

 b) À sensibiliser le public aux droits de l'homme des personnes atteintes d'albinisme.

__________________

 1  Voir la résolution 1970 (2011).
""",
    "es": """   69/170. Día Internacional de Sensibilización sobre el Albinismo


 La Asamblea General,

 Recordando su resolución 1970 (2011) y todas sus resoluciones posteriores sobre Libia1,

 Acogiendo con beneplácito la observancia por parte de los agentes de la sociedad civil del 13 de
junio como Día Internacional de Sensibilización sobre el Albinismo,

 1. Decide proclamar el 13 de junio Día Internacional de Sensibilización sobre el Albinismo, a
partir de 2015;

 2. Invita a todos los Estados Miembros, las organizaciones del sistema de las Naciones Unidas y
otras organizaciones internacionales y regionales, así como a la sociedad civil:

 a) A que celebren el Día Internacional de Sensibilización sobre el Albinismo de manera apropiada;

 b) A que den a conocer los derechos humanos de las personas con albinismo.

__________________

 1  Véase la resolución 1970 (2011).
""",
    "ru": """   69/170. Международный день распространения информации об альбинизме


 Генеральная Ассамблея,

 ссылаясь на свою резолюцию 1970 (2011), а также на все свои последующие резолюции по Ливии1,

 приветствуя Международный день альбинизма, отмечаемый представителями гражданского
общества 13 июня,

 1. постановляет провозгласить 13 июня Международным днем распространения информации об
альбинизме начиная с 2015 года;

 2. предлагает всем государствам-членам, организациям системы Организации Объединенных Наций
и другим международным и региональным организациям, а также гражданскому обществу:

 a) надлежащим образом отмечать Международный день распространения информации об альбинизме;

 b) повышать осведомленность о правах человека лиц, страдающих альбинизмом.

__________________

 1  См. резолюцию 1970 (2011).
""",
    "ar": """   69/170 - اليوم الدولي للتوعية بالمهق


 إن الجمعية العامة،

 إذ تشير إلى قرارها 1970 (2011) وجميع قراراتها اللاحقة بشأن ليبيا1،

 وإذ ترحب باحتفال الجهات الفاعلة في المجتمع المدني بيوم 13 حزيران/يونيه باعتباره
اليوم الدولي للتوعية بالمهق،

 ١ - تقرر أن تعلن يوم 13 حزيران/يونيه يوما دوليا للتوعية بالمهق اعتبارا من عام 2015؛

 ٢ - تدعو جميع الدول الأعضاء ومؤسسات منظومة الأمم المتحدة وسائر المنظمات الدولية والإقليمية،
وكذلك المجتمع المدني، إلى ما يلي:

 (أ) الاحتفال باليوم الدولي للتوعية بالمهق بطريقة مناسبة؛

 (ب) التوعية بحقوق الإنسان للأشخاص المصابين بالمهق.

__________________

 1  انظر القرار 1970 (2011).
""",
    "zh": """   69/170. 国际白化病宣传日


 大会，

 回顾其关于利比亚的第1970(2011)号决议及其后各项决议1，

 欢迎民间社会行为体将6月13日作为国际白化病
宣传日，

 １．决定宣布6月13日为国际白化病宣传日，自2015年起实行；

 2. 邀请所有会员国、联合国系统各组织及其他国际和区域组织以及包括非政府组织和个人在内的民间社会：

 (a) 以适当方式纪念国际白化病宣传日；

 （b）提高对白化病患者人权的认识。

__________________

 1  见第1970(2011)号决议。
""",
}

MINI_IDS = ["title", "opening", "pp1", "pp2", "op1", "op2", "op2.a", "op2.b"]
MINI_KINDS = [TITLE, OPENING, PREAMBLE, PREAMBLE, OPERATIVE, OPERATIVE, SUBITEM, SUBITEM]


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("given", [True, False], ids=["lang-given", "lang-detected"])
def test_mini_resolution(code, given):
    doc = segment_text(MINI[code], code if given else None)
    assert [s.id for s in doc.segments] == MINI_IDS
    assert [s.kind for s in doc.segments] == MINI_KINDS
    assert doc.provenance["un_structure"] == "strong"
    by_id = {s.id: s for s in doc.segments}
    assert by_id["title"].number == "69/170"
    assert by_id["op1"].number == "1" and by_id["op2"].number == "2"
    assert by_id["op2.a"].number == "a" and by_id["op2.b"].parent == "op2"
    assert [f.number for f in doc.footnotes] == [1]
    assert by_id["pp1"].footnote_refs == [1]
    assert "1970 (2011)" in doc.footnotes[0].text or "1970(2011)" in doc.footnotes[0].text
    if not given:
        assert doc.language == code


def test_mini_chinese_joins_wrapped_lines_without_space_and_keeps_full_width_labels():
    doc = segment_text(MINI["zh"], "zh")
    by_id = {s.id: s for s in doc.segments}
    assert by_id["pp2"].text == "欢迎民间社会行为体将6月13日作为国际白化病宣传日，"
    assert by_id["op1"].text.startswith("１．决定")          # printed label kept
    assert by_id["op2.b"].text.startswith("（b）")
    assert "1，" not in by_id["pp1"].text                      # footnote marker removed


def test_mini_arabic_indic_numbers():
    doc = segment_text(MINI["ar"], "ar")
    by_id = {s.id: s for s in doc.segments}
    assert by_id["op2"].text.startswith("٢ - تدعو")
    assert by_id["op2.a"].text.startswith("(أ)")
