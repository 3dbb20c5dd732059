"""The candidate grammar: which token spans are well-formed candidate terms.

One function per grammar (:mod:`toolkit.terms.grammar` registers them by name;
a language profile names its grammar in ``term_grammar``): the romance noun
phrase of French ``NOUN ADJ* ((de|du|des|d'|pour|contre|à|en...) DET? NOUN ADJ*)*``
with the names of bodies and titles of instruments, and the English noun phrase
``(ADJ|NOUN)* NOUN (of (the)? (ADJ|NOUN)* NOUN)*``.  The word lists come from
the language profile; the head of a lemma key and the compounds the ranking
rewards are grammar too.
"""
from __future__ import annotations

import re

from toolkit.lang import LanguageProfile
from toolkit.terms.tokens import ADVQ, CONJ, DET, GER, N, OTHER, PREP, A, _Tok

MAX_TERM_TOKENS = 16    # long enough for "Plan d'action mondial des Nations Unies pour la lutte ..."
MAX_TITLE_TOKENS = 32   # a French title runs longer: "Protocole ... visant à prévenir, ..., en particulier ..."


def _fr_list_item(p: LanguageProfile, toks, j, limit, de: bool):
    """Index after one item of a coordinated list ("de transit", "la science"), else None."""
    if de:
        if j >= limit or toks[j].lower not in p.term_genitive_preps:
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


def _fr_list_end(p: LanguageProfile, toks, k, limit, de: bool):
    """toks[k] is the comma after a complement: the last token of an "A, B et C" list of
    complements of the same head ("pays d'origine, de transit et de destination",
    "... pour l'éducation, la science et la culture"), else None.  Without the closing
    "et" a comma is an enumeration of separate phrases."""
    j = k
    while j < limit and toks[j].text == ",":
        j = _fr_list_item(p, toks, j + 1, limit, de)
        if j is None:
            return None
    if j < limit and toks[j].cls == CONJ:
        e = _fr_list_item(p, toks, j + 1, limit, de)
        return None if e is None else e - 1
    return None


def _fr_title_tail(p: LanguageProfile, toks, k, limit):
    """toks[k] is the comma of ", en particulier des femmes et des enfants", the restriction a
    title carries as part of itself: the index of its last noun, else None."""
    if not (k + 3 < limit and toks[k].text == "," and toks[k + 1].lower == "en"
            and toks[k + 2].lower == "particulier"):
        return None
    end = _fr_list_item(p, toks, k + 3, limit, True)
    if end is None:
        return None
    while end < limit and toks[end].cls == CONJ:
        nxt = _fr_list_item(p, toks, end + 1, limit, True)
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


def _ends_romance(p: LanguageProfile, toks: list[_Tok], i: int) -> list[int]:
    """All j such that toks[i..j] is a well-formed candidate term (French noun phrases, names, titles)."""
    n = len(toks)
    ends: list[int] = []
    t0 = toks[i]
    name = t0.cap
    k = i
    if t0.cls == A and t0.lower in p.term_pre_adjectives and k + 1 < n and toks[k + 1].cls == N:
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
                end = _fr_title_tail(p, toks, k, title_limit)
                if end is not None:
                    ends.append(end)
                    break       # the restriction closes the title
            if not coordinated and last_prep in p.term_genitive_preps:
                end = _fr_list_end(p, toks, k, title_limit if name else limit, True)
            elif not coordinated and name:
                end = _fr_list_end(p, toks, k, title_limit, False)
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
        if name and t.lower in p.term_title_links and not coordinated:
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
                and not toks[k + 1].cap and toks[k + 2].lower in p.term_title_links):
            k += 2          # "Principes et directives concernant ..."
            continue
        if (t.lower in p.term_linking_participles and not coordinated and k + 2 < limit
                and toks[k + 1].lower == p.term_linking_preposition):
            # "discrimination fondée sur le sexe"
            j = k + 2
            if toks[j].cls == DET:
                j += 1
            if j < limit and toks[j].cls == N:
                ends.append(j)
                last_prep = p.term_linking_preposition
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
        if t.cls == PREP and (t.lower not in p.term_name_prepositions or name):
            if coordinated and t.lower not in p.term_genitive_preps:
                break
            if t.lower == "pour" and "pour" in used_preps:
                break   # a second purpose is another noun's: "Fonds ... pour l'enfance | pour la protection"
            prep = t.lower
            last_prep = prep
            used_preps.add(prep)
            k += 1
            # "relative à", "relatif aux"
            if prep in p.term_name_prepositions and prep != "sur" and k < limit and toks[k].lower in ("à", "au", "aux"):
                prep = toks[k].lower
                k += 1
            # "en faveur de"
            if prep == "en" and k + 1 < limit and toks[k].lower == "faveur" and toks[k + 1].lower in p.term_genitive_preps:
                k += 2
                prep = toks[k - 1].lower
            # "à l'encontre de" (against): one preposition ("violence à l'encontre des femmes")
            if (prep == "à" and k + 2 < limit and toks[k].lower == "l'" and toks[k + 1].lower == "encontre"
                    and toks[k + 2].lower in p.term_genitive_preps):
                k += 3
                prep = toks[k - 1].lower
            if k < limit and toks[k].cls == DET and prep not in p.term_contracted_articles and prep not in ("en", "sans"):
                k += 1
            if k < limit and toks[k].cls == A and toks[k].lower in p.term_pre_adjectives:
                k += 1
            if k < limit and toks[k].cls == N and not (coordinated and toks[k].cap):
                ends.append(k)
                k += 1
                continue
            break
        if (t.cls == CONJ and not coordinated and (last_prep is None or last_prep in p.term_genitive_preps) and k + 2 < limit
                and toks[k + 1].lower in p.term_genitive_preps):
            # "liberté d'opinion et d'expression", "consommation et de production durables"
            j = k + 2
            if toks[j].cls == DET and toks[k + 1].lower not in p.term_contracted_articles:
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
                    and not toks[k + 2].cap and used_preps & (p.term_field_preps | p.term_title_links)):
                # (only inside the name's field, "contre la drogue et le crime": after the
                # name itself "et la création" coordinates another phrase, "Plan d'action mondial | et la ...")
                ends.append(k + 2)
                coordinated = True
                k += 3
                continue
            break
        break
    return ends



def _ends_english(p: LanguageProfile, toks: list[_Tok], i: int) -> list[int]:
    """All j such that toks[i..j] is a well-formed candidate term (English noun phrases and names)."""
    n = len(toks)
    ends: list[int] = []
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


# ------------------------------------------------------- heads and compounds


def _head_romance(p: LanguageProfile, key: tuple[str, ...]) -> str:
    """Head of a French lemma key: its first content word."""
    content = [w for w in key if w not in p.term_function_keys]
    return content[0] if content else ""


def _en_head(key: tuple[str, ...]) -> str:
    """Head noun of an English candidate: the word before the first "of"/"in"."""
    for k, w in enumerate(key):
        if w in ("of", "in") and k > 0:
            return key[k - 1]
    return key[-1]


def _head_english(p: LanguageProfile, key: tuple[str, ...]) -> str:
    """Head of an English lemma key (empty for a key of function words only)."""
    if not any(w not in p.term_function_keys for w in key):
        return ""
    return _en_head(key)


_FR_BARE_DE = re.compile(r"^\S+ (?:de |d['’])\S+$")


def _compound_romance(p: LanguageProfile, key: tuple[str, ...], surface: str) -> bool:
    """``key`` (French lemma key of two content words, written ``surface``) is N + relational
    adjective or N de N without an article ("acte de naissance", not "droits des victimes")."""
    if len(key) == 3 and key[1] == "de":
        return bool(_FR_BARE_DE.match(surface))

    def relational(adj: str) -> bool:
        return ((adj.endswith(p.relational_suffixes) and adj not in p.not_relational)
                or adj in p.term_lexicalised_lemmas or adj in p.term_lexicalised_participles)
    if len(key) == 2:
        return relational(key[1])
    if len(key) == 4 and key[2] in p.term_coordinators:
        return relational(key[1]) and relational(key[3])     # "origine nationale ou sociale"
    if len(key) == 4 and key[1] in p.term_coordinators:
        return relational(key[3])                            # "libertés et droits fondamentaux"
    return False
