"""French."""
from __future__ import annotations

from toolkit.lang import LanguageProfile
from toolkit.lang._common import AP, COMMON_ABBREVIATIONS, SP, months, session_line

PROFILE = LanguageProfile(
    code="fr",
    name="French",
    aliases=("fra", "fre", "fr-FR", "fr-CA", "fr-CH", "fr-BE"),
    function_words=frozenset("""le la les l' de du des d' un une et ou à au aux en dans par pour sur avec sans sous
        que qu' qui ce cet cette ces se s' son sa ses leur leurs il elle ils elles y ne n' pas
        est sont a ont été être tout tous toute toutes""".split()),
    stopwords=tuple("le la les de des du et à en que qui pour dans sur par au aux une un est sont ses leur "
                    "avec ne pas l d qu s".split()),
    abbreviations=COMMON_ABBREVIATIONS | {"m", "mm", "mme", "mmes", "mlle", "mlles", "me", "mgr", "s.e", "s.exc",
                                          "ex", "éd", "réf", "suiv", "vol", "chap", "paragr", "al", "av", "j.-c",
                                          "apr", "cf", "v"},
    months=months(["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                   "septembre", "octobre", "novembre", "décembre"], fevrier=2, aout=8, decembre=12),
    opening_articles=(f"L{AP}", "Le", "La", "Les"),
    opening_bodies=("Assemblée générale", "Conseil de sécurité", "Conseil économique et social",
                    f"Conseil des droits de l{AP}homme", "Conférence", "Commission", "Comité", "Conseil",
                    "Assemblée"),
    opening_formulas=(f"L{AP}Assembl[ée]e g[ée]n[ée]rale", "Le Conseil de s[ée]curit[ée]",
                      "Le Conseil [ée]conomique et social", f"Le Conseil des droits de l{AP}homme"),
    preamble_words=frozenset("""
        consciente conscient convaincue convaincu préoccupée préoccupé profondément vivement gravement
        sérieusement alarmée alarmé résolue résolu déterminée déterminé guidée guidé inquiète inquiet
        soucieuse soucieux désireuse désireux persuadée persuadé sensible encouragée encouragé fermement
        vu consternée consterné indignée indigné attristée attristé reconnaissante reconnaissant
        satisfaite satisfait heureuse heureux choquée choqué troublée troublé également
        """.split()),
    preamble_suffixes=("ant",),
    not_preamble=frozenset({"cependant", "pendant", "maintenant", "durant", "avant", "devant", "suivant"}),
    reflexive_prefix=f"Se|S{AP}",
    reflexive_suffix="ant",
    compound_prefixes=frozenset({
        "non", "anti", "post", "pré", "sous", "co", "auto", "ex", "vice", "quasi", "semi", "socio",
        "soixante", "quatre", "vingt", "trente", "quarante", "cinquante", "dix", "sept", "huit", "neuf",
        "demi", "mi", "grand", "arrière", "avant", "contre", "extra", "ultra", "sans", "bien", "multi",
        "inter", "intra", "ouest", "est", "nord", "sud", "haut", "hors", "porte", "chef", "peut",
        "c'est", "c’est"}),
    heading_words=("Préambule", "Annexe", "Appendice"),
    preamble_heading="Préambule",
    annex_heading="Annexe",
    article_words=("Article", "Art\\."),
    article_first=("premier", "1er"),
    goal_words=(f"Objectif{SP}+",),
    furniture_patterns=(r"^\s*(?:Page|page)\s+\d+(?:\s*(?:sur|/)\s*\d+)?\s*$",
                        r"^\s*(?i:Merci de recycler)\W*$"),
    front_patterns=(r"^\s*Original\w*\s*:.*$", session_line("session"), r"^\s*Point\s+\d+.*$"),
    adoption_line=(r"(?i:^\s*Résolution adoptée par\b.*$)",),
    adoption_patterns=(f"R[ée]solution adopt[ée]e par l{AP}Assembl[ée]e g[ée]n[ée]rale le",
                       r"Adopt[ée]e? par le Conseil de s[ée]curit[ée] [àa] sa \S+ s[ée]ance,? le"),
    front_fragments=(
        rf"(?i:\bPoints?\s+\d+[a-z]?(?:\s*\([a-z]\))?(?:\s*(?:et|,)\s*\d+[a-z]?(?:\s*\([a-z]\))?)*\s+de\s+l{AP}ordre\s+du\s+jour(?:\s+provisoire)?\b)",
        r"(?i:\bOriginal\s*:\s*\w+\b)",
        r"(?i:\b(?:Merci de recycler)\b)",
        r"(?i:^\s*R[ée]solution\s+\d{1,5}\s*\(\d{4}\)\s*$)",
    ),
    un_names=("Nations Unies",),
    organs=("Assembl[ée]e g[ée]n[ée]rale", "Conseil de s[ée]curit[ée]", "Conseil [ée]conomique et social",
            f"Conseil des droits de l{AP}homme"),
    distribution_words=("g[ée]n[ée]rale", "limit[ée]e", "restreinte"),
    session_words=("session",),
    agenda_patterns=(rf"Points?\s+\d+\S*(?:.*?)\s+de\s+l{AP}ordre\s+du\s+jour",),
    hint_words=("nations unies", "assemblée", "générale", "session", "ordre du jour", "résolution adoptée"),
    general_assembly=("assemblée générale", "assemblee generale"),
)
