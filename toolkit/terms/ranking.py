"""Termhood: C-value over the lemma keys, fragments of longer candidates, general heads.

C-value rewards recurring multi-word units and penalises strings that mostly
occur nested inside longer terms; general words of resolutions ("mesure",
"effort", "measure") are discounted, and with the reference corpus a phrase
other UN documents use too weighs more (:mod:`toolkit.terms.reference`).
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable

from toolkit.lang import LanguageProfile
from toolkit.model import Occurrence, PartOfSpeech, Term, TermKind
from toolkit.terms.candidates import _Cand
from toolkit.terms.general import _commonness_factor, specificity, specificity_factor
from toolkit.terms.grammar import Grammar, term_language
from toolkit.terms.languages import base_lang, profile_of
from toolkit.terms.patterns import MAX_TERM_TOKENS
from toolkit.terms.reference import reference_factor

__all__ = ["COMPOUND_BONUS", "FRAGMENT_SHARE", "is_general"]

COMPOUND_BONUS = 1.15

# Share of a candidate's occurrences inside its most frequent longer candidate
# above which it is a fragment (single words / multi-word strings).
FRAGMENT_SHARE = {True: 0.6, False: 0.75}


def _head(p: LanguageProfile, grammar: Grammar, key: tuple[str, ...]) -> str:
    return grammar.head(p, key)


def _general_head(p: LanguageProfile, grammar: Grammar, key: tuple[str, ...]) -> bool:
    head = grammar.head(p, key)
    if not head:
        return True
    return head in p.general_heads or head in p.general_words


def _absorbs(p: LanguageProfile, parent: _Cand, child: _Cand, pkey: tuple[str, ...], a: int) -> bool:
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
        if child.name and (pkey[k] in p.term_title_refs
                           or (pkey[k] == "à" and k > 0 and pkey[k - 1] in p.term_title_refs)):
            return False    # the instrument a title refers to: "... se rapportant à la |Convention relative ..."
        return not (pkey[k] in p.term_field_preps and child.cap_n == 0)
    if parent.freq >= 2 or parent.name:
        return True
    # A phrase seen once absorbs a prefix only where it goes on with a modifier of the same
    # noun ("autorité des pouvoirs | publics"), not with a complement of its own
    # ("assistance technique | apportée aux pays", "traite des esclaves | et des institutions").
    nxt = pkey[len(child.key)] if len(child.key) < len(pkey) else ""
    # (a participle, keyed by its infinitive, opens a clause of its own: "apportée aux pays")
    # (nor does a list of complements: "violence à l'encontre des femmes | , des jeunes et ...")
    return bool(nxt) and nxt not in p.term_function_keys and nxt != "," and not nxt.endswith(("er", "ir"))


def _run_on(p: LanguageProfile, key: tuple[str, ...], c: _Cand, cands: dict) -> bool:
    """A name run on into the topic of the noun that governs it (French).

    In "résolutions du Conseil sur la traite", "rapport du Secrétaire général sur
    l'exécution ..." the "sur" complement is the resolution's or the report's topic:
    when the name before "sur"/"relatif" is also used without it, and the name stands
    as the complement of a common noun, the longer string is not a name.
    """
    if not c.name or not c.genitive:
        return False
    for k, w in enumerate(key):
        if k and w in p.term_name_prepositions:
            short = cands.get(key[:k])
            return short is not None and short.freq > c.freq
        if k and w in p.term_purpose_preps:
            # "objectifs du Millénaire pour le développement": the purpose is the objectives'
            # when the name before it is complete on its own ("Sommet du Millénaire").
            # Only a one-word name, and only where the phrase is always such a complement.
            short = cands.get(key[:k])
            return (k == 1 and short is not None and short.alone > 0 and short.freq > c.freq
                    and c.genitive == c.freq)
    return False


def _cuts_a_term(p: LanguageProfile, key: tuple[str, ...], longer: dict, cands: dict) -> bool:
    """A phrase seen once that ends inside a recurring term: its one occurrence goes on to
    complete that term ("approche fondée sur les droits | de l'homme", "crime de traite |
    des personnes"), so the phrase is a cut, not a unit."""
    n = len(key)
    for parent in longer.get(key, ()):
        for a in range(max(0, n - 4), n):
            for b in range(n + 1, min(len(parent), a + MAX_TERM_TOKENS) + 1):
                t = cands.get(parent[a:b])
                if t is not None and t.freq >= 3 and b - a >= 2 and parent[a] not in p.term_function_keys:
                    return True
    return False


def is_general(term: Term) -> bool:
    """True for a candidate made of general words or headed by one ("mesure", "proportion de ...")."""
    p = profile_of(base_lang(term.language))
    if p is None or not p.term_grammar:
        return False        # no term grammar: nothing is known to be general
    p, grammar = term_language(p.code)
    key = tuple(term.lemma.split(" "))
    content = [w for w in key if w not in p.term_function_keys]
    general = p.general_words
    return bool(content) and (all(w in general for w in content) or _general_head(p, grammar, key))


def _rank(p: LanguageProfile, grammar: Grammar, cands: dict[tuple[str, ...], _Cand], doc_words: int = 0,
          ref_docs: Callable[[_Cand], int] | None = None) -> tuple[list[Term], list[Term]]:
    """C-value with a general-word discount.

    Returns the ranked terms and the *extras*: fragments (strings that nearly
    always occur inside one longer candidate) and phrases with a trailing
    participle seen once.  Extras are not terms to list, but the glossary
    still pairs them, because a nested string may be the real term when its
    parent is not ("esclavage moderne" in "fin à l'esclavage moderne").
    """
    lang = p.code
    general = p.general_words
    nested = grammar.nested_names
    # Longer candidates that contain each candidate (as a contiguous key
    # sub-sequence).  A parent headed by a general word ("fin à ...",
    # "mise en œuvre de ...") is not a term and does not make a fragment.
    parents: dict[tuple[str, ...], list[int]] = defaultdict(list)
    absorbing: dict[tuple[str, ...], list[int]] = defaultdict(list)     # see _absorbs
    for key, c in cands.items():
        L = len(key)
        if L < 2 or (_general_head(p, grammar, key) and not c.name):
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
                    if not nested or _absorbs(p, c, cands[sub], key, a):
                        absorbing[sub].append(c.freq)
    longer: dict[tuple[str, ...], list[tuple[str, ...]]] = defaultdict(list)    # prefix -> longer keys
    for key in cands:
        for L in range(1, len(key)):
            longer[key[:L]].append(key)
    terms: list[Term] = []
    extras: list[Term] = []
    for key, c in cands.items():
        extra = False
        if nested and _run_on(p, key, c, cands):
            continue
        if c.freq == 1 and not c.name and len(key) > 1 and _cuts_a_term(p, key, longer, cands):
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
        complete_name = (nested and c.name and len(key) > 1 and (c.alone > 0 or c.boundary)
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
            elif nested and c.name and len(key) > 1 and c.alone == 0:
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
        n_items = c.n_content - sum(1 for w in key if w in p.term_coordinators or w == ",") - sum(
            1 for k, w in enumerate(key[:-1])
            if key[k + 1] == p.term_linking_preposition and w in p.term_linking_lemmas)
        if c.freq == 1 and not c.name and n_items > 2:
            score /= 1 + 0.15 * (n_items - 2)
        if (grammar.compound is not None and c.freq == 1 and not c.name and n_items == 2
                and grammar.compound(p, key, _best_form(c.forms))):
            # Among phrases seen once, the French patterns of classifying compounds weigh more:
            # a relational adjective ("violence sexuelle", "migrations internationales": derived
            # from a noun, it names a kind) or a "de" complement without article ("acte de naissance").
            score *= COMPOUND_BONUS
        if c.freq == 1 and not c.name and not c.acronym and len(key) > 1 and c.last_cap:
            # A phrase seen once that ends on a capitalised word ends on a name, mostly cut
            # short ("travaux du Groupe", "procédures de l'Organisation"): a reference to a
            # body, not a term of its own.
            score *= 0.6
        content = [w for w in key if w not in p.term_function_keys]
        if c.name and len(key) > 1 and not c.acronym:
            pass    # names of bodies, instruments, funds, reports: never discounted for their head
        elif content and all(w in general for w in content):
            score *= 0.1 if len(content) == 1 else 0.3
        elif _general_head(p, grammar, key) and not (
                nested and c.name_compl and _head(p, grammar, key) not in p.general_heads):
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



def _best_form(forms: Counter) -> str:
    """Most frequent surface form; a lower-case start wins a tie (sentence-initial capitals)."""
    ranked = sorted(forms.items(), key=lambda kv: (-kv[1], not kv[0][:1].islower(), kv[0]))
    best, n = ranked[0]
    if best[:1].isupper() and not best.isupper():
        low = best[:1].lower() + best[1:]
        if forms.get(low, 0) * 2 >= n:
            return low
    return best

