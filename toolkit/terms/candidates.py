"""Candidates: the spans the grammar accepts, counted by lemma key, and acronym expansions."""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from toolkit.lang import LanguageProfile
from toolkit.model import Term
from toolkit.terms.grammar import Grammar
from toolkit.terms.patterns import MAX_TERM_TOKENS
from toolkit.terms.tokens import _APOS, _HAS_LETTER, ADVQ, DET, OTHER, PREP, A, N, _Tok

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


def _governed_by_common_noun(p: LanguageProfile, toks: list[_Tok], i: int) -> bool:
    """toks[i] starts the "de" complement of a lower-case noun ("résolutions du |Conseil")."""
    k = i - 1
    if k >= 0 and toks[k].cls == DET:
        k -= 1
    if k < 1 or toks[k].lower not in p.term_genitive_preps:
        return False
    k -= 1
    while k >= 0 and toks[k].cls == A:
        k -= 1
    return k >= 0 and toks[k].cls == N and not toks[k].cap


def _spells(p: LanguageProfile, acronym: str, words) -> bool:
    """The initials of the content words of ``words`` (tokens or strings) spell ``acronym``."""
    letters = [ch for ch in acronym.split("-")[0].split("‐")[0] if ch.isalpha()]
    if len(letters) < 2:
        return False
    skip = p.term_function_keys | p.term_determiners | p.term_genitive_preps | p.term_contracted_articles
    initials = []
    for w in words:
        text = w.text if isinstance(w, _Tok) else w
        if isinstance(w, _Tok) and w.cls not in (N, A):
            continue
        low = text.lower().translate(_APOS)
        if not isinstance(w, _Tok) and low in skip:
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


def _key(p: LanguageProfile, toks: list[_Tok], lemma_map: dict[str, str]) -> tuple[str, ...]:
    folds = p.term_key_folds
    out = []
    for t in toks:
        if t.cls in (N, A) and not t.acronym:
            out.append(lemma_map.get(t.lower) or _plain(t.lemma))
        elif t.lower in folds:
            out.append(folds[t.lower])
        elif t.acronym:
            out.append(t.text)
        else:
            out.append(t.lower)
    return tuple(out)


def _object_of_verb(toks: list[_Tok], i: int) -> bool:
    """toks[i] follows a verb and a determiner ("exposent les |personnes ...")."""
    return i >= 2 and toks[i - 1].cls == DET and toks[i - 2].tag in ("VERB", "AUX") and toks[i - 2].cls == OTHER


def _collect(p: LanguageProfile, grammar: Grammar, parsed: list, lemma_map: dict[str, str], stops: set[str]
             ) -> tuple[dict[tuple[str, ...], _Cand], dict[tuple[str, ...], Counter]]:
    """Candidates of the parsed segments ``(segment, text, sentences, token sentences)`` by lemma
    key, and the expansions of the acronyms defined in parentheses."""
    ends_from = grammar.ends
    cands: dict[tuple[str, ...], _Cand] = {}
    expansions: dict[tuple[str, ...], Counter] = defaultdict(Counter)
    for seg, doc_text, sentences, sents in parsed:
        for sent_toks, sentence in zip(sents, sentences):
            maximal_end: dict[int, int] = {}
            for i in range(len(sent_toks)):
                ends = ends_from(p, sent_toks, i)
                if not ends:
                    continue
                prev = sent_toks[i - 1] if i > 0 else None
                # Never start inside a name ("Unies", "Nations Unies contre...")
                if prev is not None and prev.cap and prev.cls in (N, A) and sent_toks[i].cap:
                    continue
                if prev is not None and prev.cls == N and prev.cap and prev.acronym:
                    continue
                # "(réunion) de haut niveau": a pre-nominal adjective after "de" is a modifier.
                if (prev is not None and prev.lower in p.term_genitive_preps
                        and sent_toks[i].cls == A and sent_toks[i].lower in p.term_pre_adjectives):
                    continue
                # Who governs the phrase: "résolutions du [Conseil ...]" (a common noun + "de"),
                # "exposent les [personnes à ...]" (a verb + determiner).
                gov_noun = _governed_by_common_noun(p, sent_toks, i)
                # ... and whether it starts inside a longer name ("Office des |Nations Unies ...",
                # "Fonds de contributions volontaires des |Nations Unies ...").
                in_name = _inside_name(sent_toks, i) or any(
                    maximal_end.get(i0, -1) >= i and sent_toks[i0].cap and not sent_toks[i0].acronym
                    for i0 in range(max(0, i - MAX_TERM_TOKENS), i))
                after_verb = bool(p.term_verb_object_preps) and _object_of_verb(sent_toks, i)
                accepted = []
                for j in ends:
                    span = sent_toks[i:j + 1]
                    nxt = sent_toks[j + 1] if j + 1 < len(sent_toks) else None
                    # ... nor end inside one ("Office des Nations").
                    if nxt is not None and nxt.cap and nxt.cls in (N, A) and span[-1].cap:
                        continue
                    # The object of a verb takes no "à" complement of its own: in "exposent
                    # les personnes à la traite" the "à" complement is the verb's.
                    # ("à l'encontre de" is one preposition: "violence à l'encontre des femmes")
                    if (after_verb and len(span) > 1 and span[1].lower in p.term_verb_object_preps
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
                    key = _key(p, span, lemma_map)
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
                    c.part_verbal = c.part_end and span[-1].lemma in p.term_verbal_participles
                    maximal_end[i] = max(maximal_end.get(i, -1), j)
            # Acronym expansions: "Office ... crime (ONUDC)" / "UNODC (United Nations ...)"
            for k in range(1, len(sent_toks) - 2):
                if sent_toks[k].text == "(" and sent_toks[k + 2].text == ")" and sent_toks[k + 1].acronym:
                    acr: tuple[str, ...] = (sent_toks[k + 1].text,)
                    # The expansion is the phrase whose initials spell the acronym ("produit
                    # intérieur brut (PIB)"), else the longest phrase before it ("Entité ...
                    # des femmes (ONU-Femmes)").
                    spans = [i0 for i0 in range(max(0, k - MAX_TERM_TOKENS), k)
                             if k - 1 in ends_from(p, sent_toks, i0)]
                    best = next((i0 for i0 in spans if _spells(p, acr[0], sent_toks[i0:k])),
                                spans[0] if spans else None)
                    if best is not None:
                        expansions[acr][doc_text[sent_toks[best].start:sent_toks[k - 1].end]] += 1

    for c in cands.values():
        # A name is what is mostly written with a capital inside sentences ("changements
        # climatiques" once at the start of a title does not make a name).
        c.name = c.cap_n > 0 and 2 * c.cap_n >= c.freq
    return cands, expansions


def _apply_expansions(p: LanguageProfile, terms: list[Term], extras: list[Term],
                      expansions: dict[tuple[str, ...], Counter]) -> None:
    """Give each acronym the text defines its expansion (``Term.expansion``), and rank it with it."""
    by_key = {tuple(t.lemma.split(" ")): t for t in (*terms, *extras)}
    by_text = {t.text: t for t in terms}
    for acr, forms in expansions.items():
        term = by_key.get(acr)
        if term is not None:
            ranked_forms = sorted(forms.items(), key=lambda kv: (not _spells(p, acr[0], kv[0].split()), -kv[1]))
            term.expansion = ranked_forms[0][0]
            full = by_text.get(term.expansion)
            if full is not None and term in terms:
                # An acronym the text defines is the name it stands for: ranked with it.
                term.score = max(term.score, full.score)
