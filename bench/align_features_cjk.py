"""Tokenisation-dependent alignment features in Chinese and Arabic (issue 13).

Run: ``python bench/align_features_cjk.py``  (a few seconds, no encoder)

What it measures, on what (everything shipped under ``corpora/``):

* **Numbers** on the UN development set (``corpora/un-devset/<folder>/{en,xx}.txt``, one
  sentence per line, lines parallel): for each language xx, *recall* = share of the numbers
  :func:`toolkit.align.features._numbers` finds in an English line that it also finds in the
  parallel xx line (sets per line, pooled over all lines), and *unmatched* = numbers found in an
  xx line that are not in its English line (fragments such as "到2030年" -> "03", but also
  numbers English writes as words: months, "first", ...).  Each is printed for the extractor of
  before issue 13 (a frozen copy of its regular expression, below) and for the toolkit's current one.
* **Latin tokens in Chinese**: tokens of :func:`toolkit.align.features._tokens` of a Chinese line
  that occur among the tokens of its English line (what the identical-token feature can use).
* **Length warnings** on the UN devset: documents whose "much longer side" warning fires, raw
  characters (before issue 13) and now.
* **Length factor** on the SDG six-language files (``corpora/sdg/*.txt``, read as the length check of
  :func:`toolkit.align.align_documents` reads them: segment texts, spaces included): English characters
  per Chinese character once the Chinese file's other characters are counted one for one — the origin of
  :data:`toolkit.align.features.CJK_LENGTH_FACTOR` — and each language's characters against English.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from toolkit.align.features import _CJK_RE, CJK_LENGTH_FACTOR, _latin_length, _numbers, _tokens  # noqa: E402
from toolkit.align.documents import UNEVEN_CHARS, UNEVEN_MIN_SEGMENTS, UNEVEN_SEGMENTS, _checks  # noqa: E402
from toolkit.segment import lines_document, read_document  # noqa: E402

CORPORA = ROOT / "corpora"
LANGS = ("zh", "ar", "fr", "es", "ru")

# The extractor before issue 13, frozen here for the comparison.
_OLD_NUM_RE = re.compile(r"(?<![^\W\d_])\d+(?:[ \u00a0\u202f]\d{3})*(?:[.,/]\d+)*(?![^\W\d_])")
_OLD_TOKEN_RE = re.compile(r"\w+")
_SPACES = re.compile(r"[ \u00a0\u202f]")
_THOUSANDS = re.compile(r"\d{1,3}(?:[.,]\d{3})+")


def _old_numbers(text: str) -> list[str]:
    out = []
    for m in _OLD_NUM_RE.finditer(text):
        tok = _SPACES.sub("", m.group(0))
        if "/" not in tok:
            tok = tok.replace(",", "").replace(".", "") if _THOUSANDS.fullmatch(tok) else tok.replace(",", ".")
        out.append(tok.strip(".,"))
    return [t for t in out if t]


def _old_tokens(text: str) -> list[str]:
    return [t for t in _OLD_TOKEN_RE.findall(text) if not t.isdigit()]


def _pairs(lang: str):
    for folder in sorted(p for p in (CORPORA / "un-devset").iterdir() if p.is_dir()):
        en, xx = folder / "en.txt", folder / f"{lang}.txt"
        if en.exists() and xx.exists():
            a = en.read_text(encoding="utf-8").splitlines()
            b = xx.read_text(encoding="utf-8").splitlines()
            if len(a) == len(b):
                yield from zip(a, b)


def _recall(pairs, extract):
    found = total = unmatched = 0
    for en, xx in pairs:
        e, x = set(extract(en)), set(extract(xx))
        total += len(e)
        found += len(e & x)
        unmatched += len(x - e)
    return found, total, unmatched


def main() -> None:
    docs = sum(1 for p in (CORPORA / "un-devset").iterdir() if p.is_dir())
    print(f"## Numbers on the UN development set ({docs} documents; sets per line, pooled)")
    print("lang  lines   EN numbers  | before: recall  unmatched | now: recall  unmatched")
    for lang in LANGS:
        pairs = list(_pairs(lang))
        f0, t0, u0 = _recall(pairs, _old_numbers)
        f1, t1, u1 = _recall(pairs, _numbers)
        print(f"{lang:4}  {len(pairs):6}  {t0:10}  | {f0 / max(t0, 1):13.1%}  {u0:9} | {f1 / max(t1, 1):11.1%}  {u1:9}")

    print("\n## Latin tokens of Chinese lines also among the tokens of the English line (UN devset)")
    pairs = list(_pairs("zh"))
    for name, tok in (("before", _old_tokens), ("now", _tokens)):
        shared = sum(len(set(tok(zh)) & set(tok(en))) for en, zh in pairs)
        n = sum(len(tok(zh)) for _, zh in pairs)
        longest = max((len(t) for _, zh in pairs for t in tok(zh)), default=0)
        print(f"{name:6}  tokens in the zh lines {n:6}  shared with en (per line) {shared:5}  longest token {longest} chars")

    print("\n## 'much longer' warnings on the UN devset (documents of >= 4 lines, each language vs English)")
    for lang in ("zh", "ar", "fr"):
        before = now = docs = 0
        for folder in sorted(p for p in (CORPORA / "un-devset").iterdir() if p.is_dir()):
            a, b = folder / f"{lang}.txt", folder / "en.txt"
            if not (a.exists() and b.exists()):
                continue
            src = lines_document(a.read_text(encoding="utf-8").splitlines(), lang)
            tgt = lines_document(b.read_text(encoding="utf-8").splitlines(), "en")
            if max(len(src.segments), len(tgt.segments)) < UNEVEN_MIN_SEGMENTS:
                continue
            docs += 1
            cs, ct = (sum(len(s.text) for s in d.segments) for d in (src, tgt))
            before += max(len(src.segments), len(tgt.segments)) > UNEVEN_SEGMENTS * min(len(src.segments), len(tgt.segments)) \
                or max(cs, ct) > UNEVEN_CHARS * max(1, min(cs, ct))     # the raw count of before issue 13
            now += any("much longer" in w for w in _checks(src, tgt))
        print(f"{lang}-en  documents {docs:4}  warned before {before:4}  now {now:4}")

    print("\n## Length factor on the SDG six-language files (corpora/sdg, segments as the length check reads them)")
    chars = {p.stem: sum(len(s.text) for s in read_document(p).segments) for p in sorted((CORPORA / "sdg").glob("*.txt"))}
    zh = "".join(s.text for s in read_document(CORPORA / "sdg" / "zh.txt").segments)
    cjk = len(_CJK_RE.findall(zh))
    print("characters: " + "  ".join(f"{k} {v}" for k, v in chars.items()) + f"; of zh, {cjk} Chinese characters")
    for k, v in chars.items():
        if k != "zh":
            print(f"  {k}: {(v - (len(zh) - cjk)) / cjk:.2f} characters per Chinese character; {v / chars['en']:.2f} x English")
    print(f"zh with CJK_LENGTH_FACTOR = {CJK_LENGTH_FACTOR}: {_latin_length(zh):.0f} characters ="
          f" {_latin_length(zh) / chars['en']:.2f} x English (raw {len(zh) / chars['en']:.2f} x)")

if __name__ == "__main__":
    main()
