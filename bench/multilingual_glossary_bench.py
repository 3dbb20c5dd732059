"""Multilingual glossary of the SDG: the fr–en concepts projected into es, ru, zh, ar (issue 13, 4–5).

Run: ``python bench/multilingual_glossary_bench.py [--top 100] [--langs es,ru,zh,ar] [--no-embeddings]``

What it does, on what:

* reads ``corpora/sdg/{fr,en,es,ru,zh,ar}.txt`` (same 439 segment ids in all six);
* builds the fr–en glossary (:func:`toolkit.pipeline.run_documents`, the default offline encoder)
  and projects it into the other languages through English (:func:`toolkit.projection.project_glossary`);
* scores, for the concepts of the top ``--top`` fr–en terms (``glossary.of_class("term")``) that
  are in the gold, the share whose projected head term is a correct equivalent, per language
  (target ≥ 0.85), and the coverage: the share of the top terms that got an equivalent at all;
* times the whole six-language run (reading, encoder, fr–en glossary, four alignments and projections).

Gold: ``bench/multilingual_gold.tsv`` (fr, en, es, ru, zh, ar, note; ``;`` separates accepted
forms), written from the texts; every form must occur verbatim in its ``corpora/sdg/<lang>.txt``
(segment text as :func:`toolkit.segment.read_document` reads it): the bench stops with the list
of forms that do not.  Country names of ``../shared/data/ocha-countries`` (six-language short names,
UNTERM) that occur in all six texts are added as automatic gold; the bench says how many did
(none in the SDG targets and indicators) and skips them where ../shared is absent.

A projected term is *correct* when it equals an accepted form up to letter case, and:
in Russian, up to inflection (the same pymorphy3 lemma sequence: the projection outputs one case
form of a term the text inflects); in Arabic, up to tatweel, diacritics and a leading separable
clitic (و ف ب ل ك, لل→ال: the projection outputs surface words, which may carry a preposition).
The verbatim share (no such leniency) is printed as well.
"""
from __future__ import annotations

import argparse
import csv
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GOLD = ROOT / "bench" / "multilingual_gold.tsv"
SDG = ROOT / "corpora" / "sdg"
OCHA = Path(os.environ.get("TOOLKIT_SHARED_DATA", ROOT.parent / "shared" / "data")) / "ocha-countries" \
    / "countries_territories_taxonomy.csv"
LANGS = ("fr", "en", "es", "ru", "zh", "ar")
OCHA_COLUMNS = {"en": "English Short", "fr": "French Short", "es": "Spanish Short", "ru": "Russian Short",
                "zh": "Chinese Short", "ar": "Arabic Short"}


def _load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def read_gold(path: Path = GOLD) -> list[dict[str, list[str]]]:
    rows = []
    with open(path, encoding="utf-8") as fh:
        for r in csv.DictReader(fh, delimiter="\t"):
            rows.append({lang: [f.strip() for f in (r.get(lang) or "").split(";") if f.strip()] for lang in LANGS}
                        | {"note": r.get("note") or ""})
    return rows


def check_gold(gold, texts: dict[str, str]) -> None:
    """Stop loudly when a gold form does not occur verbatim in its language's text."""
    bad = [f"{lang}: {f!r} (row {k + 2}, en {row['en'][:1]})" for k, row in enumerate(gold) for lang in LANGS
           for f in row[lang] if f.casefold() not in texts[lang]]
    missing = [f"row {k + 2} has no {lang} form" for k, row in enumerate(gold) for lang in LANGS if not row[lang]]
    if bad or missing:
        raise SystemExit("gold forms that do not occur in corpora/sdg/<lang>.txt:\n  " + "\n  ".join(bad + missing))


def ocha_gold(texts: dict[str, str]) -> tuple[list[dict], str]:
    """Country names (six languages) whose every short name occurs in its SDG text."""
    if not OCHA.is_file():
        return [], f"ocha-countries: not available ({OCHA.parent} absent): skipped"
    rows, seen = [], 0
    with open(OCHA, encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            names = {lang: (r.get(col) or "").strip() for lang, col in OCHA_COLUMNS.items()}
            if not names["en"] or not re.search(rf"(?<!\w){re.escape(names['en'].casefold())}(?!\w)", texts["en"]):
                continue
            seen += 1
            if all(n and n.casefold() in texts[lang] for lang, n in names.items()):
                rows.append({lang: [n] for lang, n in names.items()} | {"note": "ocha-countries"})
    return rows, (f"ocha-countries: {seen} English short names occur in the SDG text, {len(rows)} of them in "
                  f"all six languages (used as gold)")


_AR_PROCLITIC = re.compile(r"^(?:[وف])?(?:لل|[بلك](?=ال))?")


def normal_key(text: str, lang: str) -> tuple[str, ...]:
    from toolkit.projection import normalise_arabic, ru_lemma

    t = text.casefold().replace("’", "'")
    if lang == "ar":
        words = normalise_arabic(t).split()
        if words:
            w = words[0]
            m = _AR_PROCLITIC.match(w)
            head = w[m.end():] if m and m.end() and len(w) - m.end() >= 2 else w
            if m and m.group().endswith("لل"):
                head = "ال" + head
            words[0] = head
        return tuple(words)
    if lang == "ru":
        return tuple(ru_lemma(w) for w in re.findall(r"[\w-]+", t))
    if lang == "zh":
        return (re.sub(r"\s+", "", t),)
    return tuple(re.findall(r"[\w'-]+", t))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--top", type=int, default=100)
    ap.add_argument("--langs", default="es,ru,zh,ar")
    ap.add_argument("--no-embeddings", action="store_true", help="fr–en pairing without the encoder's similarity")
    ap.add_argument("--target", type=float, default=0.85)
    args = ap.parse_args(argv)
    langs = [x for x in args.langs.split(",") if x]

    from toolkit.embed import load_encoder, model_identity
    from toolkit.model import TERM, entry_forms
    from toolkit.pipeline import run_documents
    from toolkit.projection import project_glossary
    from toolkit.segment import read_document

    load_start = _load()
    t_all = time.perf_counter()
    docs = {lang: read_document(SDG / f"{lang}.txt", lang) for lang in LANGS}
    texts = {lang: "\n".join(s.text for s in d).casefold() for lang, d in docs.items()}
    gold = read_gold()
    check_gold(gold, texts)
    extra, ocha_line = ocha_gold(texts)
    gold += extra
    t0 = time.perf_counter()
    encoder = load_encoder()
    t_enc = time.perf_counter() - t0
    t0 = time.perf_counter()
    result = run_documents(docs["fr"], docs["en"], model=encoder, use_embeddings=not args.no_embeddings)
    t_pair = time.perf_counter() - t0
    t0 = time.perf_counter()
    multi = project_glossary(result.glossary, docs["en"], {lang: docs[lang] for lang in langs}, model=encoder)
    t_proj = time.perf_counter() - t0
    total = time.perf_counter() - t_all

    print(f"data: corpora/sdg/{{{','.join(LANGS)}}}.txt ({', '.join(f'{lang} {len(d)}' for lang, d in docs.items())} "
          f"segments); gold {GOLD.relative_to(ROOT)} ({len(gold) - len(extra)} concepts) + {len(extra)} country names")
    print(ocha_line)
    print(f"encoder: {model_identity(encoder)}; cpu count {os.cpu_count()}; load at start {load_start}, "
          f"at end {_load()}")
    print(f"time: whole six-language run {total:.1f} s (encoder {t_enc:.1f}, fr–en glossary {t_pair:.1f}, "
          f"alignment + projection into {len(langs)} languages {t_proj:.1f})")
    print("signature: " + "|".join(f"{k}:{v}" for k, v in sorted(multi.signature.params.items())
                                   if k.startswith("projection.")))
    for w in multi.warnings:
        print(f"warning: {w}")

    top = multi.of_class(TERM)[: args.top]
    by_en: dict[str, dict] = {}
    for row in gold:
        for f in row["en"]:
            by_en.setdefault(f.casefold(), row)
    in_gold = []
    for e in top:
        row = by_en.get(e.tgt_term.casefold())
        if row is None:
            row = next((by_en[f.casefold()] for f in entry_forms(e, "tgt") if f.casefold() in by_en), None)
        if row is not None:
            in_gold.append((e, row))
    print(f"\ntop {len(top)} fr–en terms; {len(in_gold)} of them in the gold\n")
    print("| lang | correct (gold) | share | verbatim share | wrong | missing | coverage of top | target |")
    print("|---|---|---|---|---|---|---|---|")
    details = []
    ok_all = True
    for lang in langs:
        ok = verbatim = 0
        wrong, missing = [], []
        for e, row in in_gold:
            lt = e.other_languages.get(lang)
            if lt is None:
                missing.append(e.tgt_term)
                continue
            keys = {normal_key(f, lang) for f in row[lang]}
            if normal_key(lt.head, lang) in keys:
                ok += 1
                verbatim += lt.head.casefold() in {f.casefold() for f in row[lang]}
            else:
                wrong.append(f"{e.tgt_term} → {lt.head} (gold {' / '.join(row[lang])}; "
                             f"consistency {lt.evidence.get('consistency', 0):.2f})")
        n = len(in_gold)
        cov = sum(1 for e in top if lang in e.other_languages) / len(top) if top else 0.0
        share = ok / n if n else 0.0
        ok_all &= share >= args.target
        print(f"| {lang} | {ok}/{n} | {share:.1%} | {verbatim / n if n else 0:.1%} | {len(wrong)} | {len(missing)} | "
              f"{cov:.1%} | {'ok' if share >= args.target else 'BELOW'} {args.target:.0%} |")
        details.append((lang, wrong, missing))
    for lang, wrong, missing in details:
        print(f"\n{lang}: wrong {len(wrong)}, missing {len(missing)}")
        for w in wrong:
            print(f"  wrong   {w}")
        for m in missing:
            print(f"  missing {m}")
    print("\nprojected acronyms: " + "; ".join(
        f"{e.tgt_term} [{', '.join(c.text for c in e.tgt_terms if c.term_type == 'acronym')}] → "
        + ", ".join(f"{lang}:{t.text}" for lang in langs if lang in e.other_languages
                    for t in e.other_languages[lang].terms if t.term_type == "acronym")
        for e in multi.entries if any(c.term_type == "acronym" for c in e.tgt_terms)
        and any(t.term_type == "acronym" for lang in langs if lang in e.other_languages
                for t in e.other_languages[lang].terms)))
    return 0 if ok_all else 1


if __name__ == "__main__":
    raise SystemExit(main())
