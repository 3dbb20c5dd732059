#!/usr/bin/env python3
"""Build the shipped corpora from the public sources in ``../shared``.

Why a script: the shipped ``.txt`` files are derived data; anyone can check or
redo the conversion.  Every document is written in the plain-text layout of a
PDF-extracted UN resolution (the seed ``A-RES-68-192/fr.txt``): a title line,
blank lines, then one paragraph per block, the first line of each paragraph
indented by one space, soft-wrapped at about 84 columns, blocks separated by a
blank line.  That way the same segmenter handles the seed, these files and
the users' own PDF extractions.

Usage::

    python corpora/build_corpora.py [--shared ../shared] [--check]

``--check`` rebuilds in memory and exits 1 if a shipped file differs (or, in
``un-devset/``, a document folder exists that the build does not make).

Outputs (relative to this folder):

- ``A-RES-68-192/fr.txt``: copy of ``seed/000_468a052283718da7.txt`` (bytes as is).
- ``udhr/{en,fr,es,ru,ar,zh}.txt``: UDHR (GA res. 217 A (III)) from
  ``data/udhr/udhr_{eng,fra,spa,rus,arb,cmn_hans}.xml``.  Chinese paragraphs
  are not wrapped (a line break inside Chinese text is not a space).
- ``sdg/{en,fr,es,ru,ar,zh}.txt``: SDG goals and targets (annex of A/RES/70/1) with the
  global indicators (annex of A/RES/71/313), from ``data/sdg/{en,fr,es,ru,ar,zh-Hans}/*.yml``.
  Each goal line is followed by its targets, each target by its indicators
  (the order of the A/RES/71/313 annex table).  Items are kept only when both
  English and French have them, and every other language must have all of
  them, so all files list the same items in the same order.
- ``un-devset/``: the United Nations Parallel Corpus v1.0 development set
  (``data/un-parallel-corpus-v1.0/devset``, 4,000 sentences, 6-way parallel)
  regrouped by document: one folder per document symbol
  (``un-devset/<symbol as a folder name>/<lang>.txt``, one sentence per line,
  lines parallel across the six languages, in the order of the English
  paragraph:sentence numbers), ``manifest.fr-en.tsv`` for ``toolkit batch``
  (format ``lines``), ``ids.tsv`` (each line's corpus id and per-language
  paragraph:sentence numbers), and the UN's ``DISCLAIMER`` and ``README``
  copied as they are.  See :func:`devset_symbol` for the symbol rule.

The PROVENANCE.md files next to the outputs are written by hand; this script
does not touch them.
"""
from __future__ import annotations

import argparse
import re
import sys
import textwrap
import unicodedata
from pathlib import Path
from xml.etree import ElementTree as ET

import yaml

HERE = Path(__file__).resolve().parent
DEFAULT_SHARED = HERE.parent.parent / "shared"
SEED_NAME = "000_468a052283718da7.txt"
WIDTH = 84
UDHR_NS = "{http://efele.net/udhr}"

SDG_TITLES = {
    "en": "Sustainable Development Goals, targets and indicators",
    "fr": "Objectifs de développement durable, cibles et indicateurs",
    "es": "Objetivos de Desarrollo Sostenible, metas e indicadores",
    "ru": "Цели в области устойчивого развития, задачи и показатели",
    "ar": "أهداف التنمية المستدامة وغاياتها ومؤشراتها",
    "zh": "可持续发展目标、具体目标和指标",
}
# How a goal line starts, as in the annex of A/RES/70/1 in each language.
GOAL_LABEL = {"en": "Goal {n}. ", "fr": "Objectif {n}. ", "es": "Objetivo {n}. ", "ru": "Цель {n}. ",
              "ar": "الهدف {n} - ", "zh": "目标{n}. "}
# Shipped language code -> file name part of the UDHR XML / folder of the SDG YAML in ../shared/data.
UDHR_FILES = {"en": "eng", "fr": "fra", "es": "spa", "ru": "rus", "ar": "arb", "zh": "cmn_hans"}
SDG_FOLDERS = {"en": "en", "fr": "fr", "es": "es", "ru": "ru", "ar": "ar", "zh": "zh-Hans"}
#: languages written without spaces: paragraphs are not soft-wrapped
UNWRAPPED = {"zh"}


def clean(text: str) -> str:
    """NFC, one space between words (sources wrap values over YAML/XML lines)."""
    text = unicodedata.normalize("NFC", text)
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


def paragraph(text: str, indent: str = " ", wrap: bool = True) -> str:
    """One paragraph in the seed layout: indented first line, soft-wrapped.

    ``break_on_hyphens=False`` so that wrapping never creates a line-final
    hyphen that a reader could not tell from a hyphenated word break.
    ``wrap=False``: one line (Chinese).
    """
    if not wrap:
        return indent + clean(text)
    return textwrap.fill(
        clean(text),
        width=WIDTH,
        initial_indent=indent,
        subsequent_indent="",
        break_long_words=False,
        break_on_hyphens=False,
    )


def layout(title: str, blocks: list[str], wrap: bool = True) -> str:
    """Title, two blank lines, then blank-line separated blocks."""
    parts = [paragraph(title, indent="   ", wrap=wrap), "", ""]
    for block in blocks:
        parts.append(block)
        parts.append("")
    return "\n".join(parts)


# --------------------------------------------------------------------- UDHR
def _text(elem) -> str:
    return clean("".join(elem.itertext()))


def _list_blocks(olist, depth: int, wrap: bool = True) -> list[str]:
    """Top-level list items are numbered paragraphs ``1.``; nested ones ``(a)``."""
    out = []
    for k, item in enumerate(olist.findall(f"{UDHR_NS}listitem")):
        label = f"{k + 1}." if depth == 0 else f"({chr(ord('a') + k)})"
        first = True
        for child in item:
            if child.tag == f"{UDHR_NS}para":
                text = _text(child)
                out.append(paragraph(f"{label} {text}" if first else text, wrap=wrap))
                first = False
            elif child.tag == f"{UDHR_NS}orderedlist":
                out.extend(_list_blocks(child, depth + 1, wrap))
    return out


def udhr_text(xml_path: Path, wrap: bool = True) -> str:
    root = ET.parse(xml_path).getroot()
    title = _text(root.find(f"{UDHR_NS}title"))
    blocks: list[str] = []
    preamble = root.find(f"{UDHR_NS}preamble")
    ptitle = preamble.find(f"{UDHR_NS}title")
    if ptitle is not None:
        blocks.append(paragraph(_text(ptitle), wrap=wrap))
    for para in preamble.findall(f"{UDHR_NS}para"):
        blocks.append(paragraph(_text(para), wrap=wrap))
    for article in root.findall(f"{UDHR_NS}article"):
        blocks.append(paragraph(_text(article.find(f"{UDHR_NS}title")), wrap=wrap))
        for child in article:
            if child.tag == f"{UDHR_NS}para":
                blocks.append(paragraph(_text(child), wrap=wrap))
            elif child.tag == f"{UDHR_NS}orderedlist":
                blocks.extend(_list_blocks(child, 0, wrap))
    return layout(title, blocks, wrap=wrap)


# ---------------------------------------------------------------------- SDG
_KEY = re.compile(r"^\s*(\d+)(?:[-._]([0-9a-z]+))?(?:[-._](\d+))?[-._]title\s*$", re.I)


def _sort_part(part: str):
    return (0, int(part), "") if part.isdigit() else (1, 0, part.lower())


def sdg_items(folder: Path) -> dict[tuple, str]:
    """Map (goal,), (goal, target), (goal, target, indicator) -> text."""
    items: dict[tuple, str] = {}
    for name in ("global_goals.yml", "global_targets.yml", "global_indicators.yml"):
        data = yaml.safe_load((folder / name).read_text(encoding="utf-8")) or {}
        for key, value in data.items():
            m = _KEY.match(str(key))
            if not m or not isinstance(value, str) or not value.strip():
                continue   # "N-short" goal labels and anything that is not an annex item
            parts = tuple(p.lower() for p in m.groups() if p)
            if name == "global_goals.yml" and len(parts) != 1:
                continue
            items[parts] = clean(value)
    return items


def sdg_texts(en_dir: Path, fr_dir: Path, others: dict[str, Path] | None = None
              ) -> tuple[dict[str, str], dict[str, int]]:
    """The SDG files: English and French, plus ``others`` ({lang: folder}), which must
    hold every item kept for English and French."""
    by_lang = {"en": sdg_items(en_dir), "fr": sdg_items(fr_dir)}
    common = set(by_lang["en"]) & set(by_lang["fr"])
    # keep an item only when its goal (and target) are kept too
    keep = {k for k in common if k[:1] in common and (len(k) < 3 or k[:2] in common)}
    order = sorted(keep, key=lambda k: [_sort_part(p) for p in k])
    stats = {
        "goals": sum(1 for k in keep if len(k) == 1),
        "targets": sum(1 for k in keep if len(k) == 2),
        "indicators": sum(1 for k in keep if len(k) == 3),
        "dropped_en": len(set(by_lang["en"]) - keep),
        "dropped_fr": len(set(by_lang["fr"]) - keep),
    }
    for lang, folder in (others or {}).items():
        items = sdg_items(folder)
        missing = keep - set(items)
        if missing:
            raise ValueError(f"{folder}: SDG items missing in {lang}: {', '.join('.'.join(k) for k in sorted(missing)[:5])}")
        by_lang[lang] = items
    texts = {}
    for lang, items in by_lang.items():
        wrap = lang not in UNWRAPPED
        blocks = []
        for key in order:
            number = ".".join(key)
            if len(key) == 1:
                blocks.append(paragraph(GOAL_LABEL[lang].format(n=number) + items[key], wrap=wrap))
            else:
                blocks.append(paragraph(f"{number} {items[key]}", wrap=wrap))
        texts[lang] = layout(SDG_TITLES[lang], blocks, wrap=wrap)
    return texts, stats


GOAL_WORD = {"en": "Goal", "fr": "Objectif", "es": "Objetivo", "ru": "Цель", "ar": "الهدف", "zh": "目标"}


def goal_blocks(text: str, lang: str) -> dict[int, list[str]]:
    """Split a shipped SDG text into {goal number: [goal paragraph, its targets and indicators]}.

    Benchmarks and tests use it to make one small document pair per goal.
    """
    word = GOAL_WORD[lang]
    goals: dict[int, list[str]] = {}
    current = None
    for block in re.split(r"\n\s*\n", text):
        if not block.strip():
            continue
        m = re.match(rf"\s*{word} ?(\d+)(?:\.| -)", block)
        if m:
            current = int(m.group(1))
            goals[current] = []
        if current is not None:
            goals[current].append(block.strip("\n"))
    return goals


# ---------------------------------------------------------- UN devset
DEVSET = "un-devset"
DEVSET_SRC = Path("data") / "un-parallel-corpus-v1.0"
# The six official languages, as the corpus names its files (UNv1.0.devset.<lang>).
DEVSET_LANGS = ("ar", "en", "es", "fr", "ru", "zh")
# Symbol words the UN writes in title case ("Add.1", "Corr.2", "Rev.1"); every other part is upper case.
_TITLE_WORDS = {"add": "Add", "corr": "Corr", "rev": "Rev", "amend": "Amend", "part": "Part", "agenda": "Agenda"}
# Shown in check mode for the devset's thousands of files before a one-line count.
SHOW_DIFFERING = 5
DEVSET_MANIFEST = "manifest.fr-en.tsv"
DEVSET_IDS = "ids.tsv"


def _symbol_part(part: str) -> str:
    # "2196__2015_" -> "2196 (2015)", "308__part_ii_" -> "308 (Part II)"
    m = re.fullmatch(r"(.+?)__(.+)_", part)
    if m:
        inner = " ".join(_TITLE_WORDS.get(w, w.upper()) for w in m.group(2).split("_") if w)
        return f"{_symbol_part(m.group(1))} ({inner})"
    # "cric_13_" -> "CRIC(13)", "pc_iii_" -> "PC(III)", "unep_dtie_" -> "UNEP(DTIE)"
    m = re.fullmatch(r"([a-z0-9]+)_([a-z0-9]+)_", part)
    if m:
        return f"{m.group(1).upper()}({m.group(2).upper()})"
    # "8_9" -> "8-9" (combined periodic reports: CEDAW/C/ECU/CO/8-9); "es_10" -> "ES-10"
    # (emergency special session: A/ES-10/671)
    if re.fullmatch(r"\d+_\d+|es_\d+", part):
        return part.replace("_", "-").upper()
    # "add_1" -> "Add.1", "ac_182" -> "AC.182", "ser_e" -> "SER.E"
    return ".".join(_TITLE_WORDS.get(w, w.upper()) for w in part.split("_"))


def devset_symbol(corpus_id: str) -> str:
    """UN document symbol of a corpus id: ``2015/a/ac_182/l_139`` -> ``A/AC.182/L.139``.

    The corpus writes symbols in lower case, ``.`` as ``_`` and ``(x)`` as
    ``_x_``, under the year; the rule undoes that.  Mixed-case parts
    (``UNEP/OzL.Pro.WG.1``) come out upper case (``UNEP/OZL.PRO.WG.1``); the
    corpus id itself is kept in ``ids.tsv`` and the manifest.
    """
    parts = corpus_id.strip().split("/")
    if parts and re.fullmatch(r"\d{4}", parts[0]):
        parts = parts[1:]
    return "/".join(_symbol_part(p) for p in parts if p)


def folder_name(symbol: str) -> str:
    """The folder of a document: the symbol made safe for a file system (as ``toolkit batch`` names outputs)."""
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", symbol.strip()).strip("-")
    return name.lstrip(".") or "_"


def _position(value: str) -> tuple[int, int]:
    """``en:12:3`` -> (12, 3): paragraph and sentence number in that language's document."""
    _, para, sent = value.split(":")
    return int(para), int(sent)


def devset_documents(devset_dir: Path) -> list[dict]:
    """The development set grouped by document, sorted by symbol.

    Each document: ``symbol``, ``corpus_id``, ``folder`` and ``lines``: one
    dict per sentence with its text per language and its ``ids`` per language
    (``paragraph:sentence``), in the order of the English numbers.
    """
    texts = {}
    for lang in DEVSET_LANGS:
        raw = (devset_dir / f"UNv1.0.devset.{lang}").read_text(encoding="utf-8")
        texts[lang] = [clean(line) for line in raw.rstrip("\n").split("\n")]
    id_lines = (devset_dir / "UNv1.0.devset.ids").read_text(encoding="utf-8").rstrip("\n").split("\n")
    if any(len(t) != len(id_lines) for t in texts.values()):
        raise ValueError(f"{devset_dir}: the language files and the .ids file have different line counts")
    docs: dict[str, dict] = {}
    for k, line in enumerate(id_lines):
        corpus_id, *positions = line.split()
        by_lang = {p.split(":", 1)[0]: p.split(":", 1)[1] for p in positions}
        doc = docs.setdefault(corpus_id, {"corpus_id": corpus_id, "symbol": devset_symbol(corpus_id), "lines": []})
        doc["lines"].append({"ids": by_lang, "text": {lang: texts[lang][k] for lang in DEVSET_LANGS},
                             "order": _position("en:" + by_lang["en"]), "line": k + 1})
    out = sorted(docs.values(), key=lambda d: d["symbol"])
    folders: dict[str, str] = {}
    for doc in out:
        doc["lines"].sort(key=lambda x: (x["order"], x["line"]))
        doc["folder"] = folder_name(doc["symbol"])
        if doc["folder"] in folders:
            raise ValueError(f"two documents map to folder {doc['folder']}: {folders[doc['folder']]}, {doc['corpus_id']}")
        folders[doc["folder"]] = doc["corpus_id"]
    return out


def _tsv_cell(value: str) -> str:
    return re.sub(r"[\t\r\n]+", " ", value)


def devset_files(source: Path) -> dict[Path, bytes]:
    """Every file of ``un-devset/`` (documents, manifest, ids, the UN's terms of use)."""
    base = HERE / DEVSET
    docs = devset_documents(source / "devset")
    out: dict[Path, bytes] = {}
    for name in ("DISCLAIMER", "README"):
        out[base / name] = (source / name).read_bytes()
    manifest = ["id\tsource\ttarget\tsource_lang\ttarget_lang\tformat\tcorpus_id"]
    ids = ["folder\tline\tsymbol\tcorpus_id\t" + "\t".join(DEVSET_LANGS)]
    for doc in docs:
        for lang in DEVSET_LANGS:
            text = "".join(line["text"][lang] + "\n" for line in doc["lines"])
            out[base / doc["folder"] / f"{lang}.txt"] = text.encode("utf-8")
        manifest.append("\t".join([doc["symbol"], f"{doc['folder']}/fr.txt", f"{doc['folder']}/en.txt",
                                   "fr", "en", "lines", doc["corpus_id"]]))
        for n, line in enumerate(doc["lines"], start=1):
            ids.append("\t".join([doc["folder"], str(n), _tsv_cell(doc["symbol"]), doc["corpus_id"],
                                  *(line["ids"].get(lang, "") for lang in DEVSET_LANGS)]))
    out[base / DEVSET_MANIFEST] = ("\n".join(manifest) + "\n").encode("utf-8")
    out[base / DEVSET_IDS] = ("\n".join(ids) + "\n").encode("utf-8")
    return out


def devset_stray(outputs: dict[Path, bytes]) -> list[Path]:
    """Document folders and files in ``un-devset/`` that the build does not make (left by an older build)."""
    base = HERE / DEVSET
    if not base.is_dir():
        return []
    keep = set(outputs) | {base / "PROVENANCE.md"}
    return sorted(p for p in base.rglob("*") if p.is_file() and p not in keep)


# --------------------------------------------------------------------- main
def build(shared: Path) -> tuple[dict[Path, bytes], dict[str, int]]:
    data = shared / "data"
    out: dict[Path, bytes] = {}
    out[HERE / "A-RES-68-192" / "fr.txt"] = (shared / "seed" / SEED_NAME).read_bytes()
    for lang, name in UDHR_FILES.items():
        out[HERE / "udhr" / f"{lang}.txt"] = udhr_text(data / "udhr" / f"udhr_{name}.xml",
                                                      wrap=lang not in UNWRAPPED).encode("utf-8")
    sdg, stats = sdg_texts(data / "sdg" / "en", data / "sdg" / "fr",
                           {lang: data / "sdg" / folder for lang, folder in SDG_FOLDERS.items()
                            if lang not in ("en", "fr")})
    for lang, text in sdg.items():
        out[HERE / "sdg" / f"{lang}.txt"] = text.encode("utf-8")
    devset = devset_files(shared / DEVSET_SRC)
    stats["devset_documents"] = sum(1 for p in devset if p.name == "fr.txt")
    out.update(devset)
    return out, stats


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="path to the shared folder")
    ap.add_argument("--check", action="store_true", help="only compare with the shipped files")
    args = ap.parse_args(argv)
    if not (args.shared / "data").is_dir():
        print(f"error: {args.shared}/data not found (pass --shared)", file=sys.stderr)
        return 2
    outputs, stats = build(args.shared)
    print("sdg: {goals} goals, {targets} targets, {indicators} indicators "
          "(dropped: en {dropped_en}, fr {dropped_fr}); un-devset: {devset_documents} documents".format(**stats))
    status = 0
    many = sum(1 for p in outputs if p.parent.parent == HERE / DEVSET)
    differ = 0
    for path, data in outputs.items():
        rel = path.relative_to(HERE)
        quiet = path.parent.parent == HERE / DEVSET     # one line for the devset's thousands of files
        if args.check:
            same = path.exists() and path.read_bytes() == data
            if not quiet or (not same and differ < SHOW_DIFFERING):
                print(f"{'ok' if same else 'DIFFERS'}  {rel}")
            differ += 0 if same or not quiet else 1
            status |= 0 if same else 1
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(path.suffix + ".part")
        tmp.write_bytes(data)
        tmp.replace(path)
        if not quiet:
            print(f"wrote {rel} ({len(data)} bytes)")
    stray = devset_stray(outputs)
    if args.check:
        print(f"{'ok' if not differ else 'DIFFERS'}  {DEVSET}/*/*.txt ({many} files, {differ} differ)")
        for path in stray:
            print(f"EXTRA  {path.relative_to(HERE)}")
        status |= 1 if stray else 0
    else:
        print(f"wrote {DEVSET}/*/*.txt ({many} files)")
        for path in stray:
            path.unlink()
            print(f"removed {path.relative_to(HERE)} (not in the build)")
        for folder in sorted({p.parent for p in stray}, reverse=True):
            if folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
    return status


if __name__ == "__main__":
    sys.exit(main())
