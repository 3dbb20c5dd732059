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

``--check`` rebuilds in memory and exits 1 if a shipped file differs.

Outputs (relative to this folder):

- ``A-RES-68-192/fr.txt``: copy of ``seed/000_468a052283718da7.txt`` (bytes as is).
- ``udhr/{en,fr}.txt``: UDHR (GA res. 217 A (III)) from ``data/udhr/udhr_{eng,fra}.xml``.
- ``sdg/{en,fr}.txt``: SDG goals and targets (annex of A/RES/70/1) with the
  global indicators (annex of A/RES/71/313), from ``data/sdg/{en,fr}/*.yml``.
  Each goal line is followed by its targets, each target by its indicators
  (the order of the A/RES/71/313 annex table).  Items are kept only when both
  languages have them, so both files list the same items in the same order.

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
}
GOAL_WORD = {"en": "Goal", "fr": "Objectif"}


def clean(text: str) -> str:
    """NFC, one space between words (sources wrap values over YAML/XML lines)."""
    text = unicodedata.normalize("NFC", text)
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


def paragraph(text: str, indent: str = " ") -> str:
    """One paragraph in the seed layout: indented first line, soft-wrapped.

    ``break_on_hyphens=False`` so that wrapping never creates a line-final
    hyphen that a reader could not tell from a hyphenated word break.
    """
    return textwrap.fill(
        clean(text),
        width=WIDTH,
        initial_indent=indent,
        subsequent_indent="",
        break_long_words=False,
        break_on_hyphens=False,
    )


def layout(title: str, blocks: list[str]) -> str:
    """Title, two blank lines, then blank-line separated blocks."""
    parts = [paragraph(title, indent="   "), "", ""]
    for block in blocks:
        parts.append(block)
        parts.append("")
    return "\n".join(parts)


# --------------------------------------------------------------------- UDHR
def _text(elem) -> str:
    return clean("".join(elem.itertext()))


def _list_blocks(olist, depth: int) -> list[str]:
    """Top-level list items are numbered paragraphs ``1.``; nested ones ``(a)``."""
    out = []
    for k, item in enumerate(olist.findall(f"{UDHR_NS}listitem")):
        label = f"{k + 1}." if depth == 0 else f"({chr(ord('a') + k)})"
        first = True
        for child in item:
            if child.tag == f"{UDHR_NS}para":
                text = _text(child)
                out.append(paragraph(f"{label} {text}" if first else text))
                first = False
            elif child.tag == f"{UDHR_NS}orderedlist":
                out.extend(_list_blocks(child, depth + 1))
    return out


def udhr_text(xml_path: Path) -> str:
    root = ET.parse(xml_path).getroot()
    title = _text(root.find(f"{UDHR_NS}title"))
    blocks: list[str] = []
    preamble = root.find(f"{UDHR_NS}preamble")
    ptitle = preamble.find(f"{UDHR_NS}title")
    if ptitle is not None:
        blocks.append(paragraph(_text(ptitle)))
    for para in preamble.findall(f"{UDHR_NS}para"):
        blocks.append(paragraph(_text(para)))
    for article in root.findall(f"{UDHR_NS}article"):
        blocks.append(paragraph(_text(article.find(f"{UDHR_NS}title"))))
        for child in article:
            if child.tag == f"{UDHR_NS}para":
                blocks.append(paragraph(_text(child)))
            elif child.tag == f"{UDHR_NS}orderedlist":
                blocks.extend(_list_blocks(child, 0))
    return layout(title, blocks)


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


def sdg_texts(en_dir: Path, fr_dir: Path) -> tuple[dict[str, str], dict[str, int]]:
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
    texts = {}
    for lang, items in by_lang.items():
        blocks = []
        for key in order:
            number = ".".join(key)
            if len(key) == 1:
                blocks.append(paragraph(f"{GOAL_WORD[lang]} {number}. {items[key]}"))
            else:
                blocks.append(paragraph(f"{number} {items[key]}"))
        texts[lang] = layout(SDG_TITLES[lang], blocks)
    return texts, stats


GOAL_WORD = {"en": "Goal", "fr": "Objectif"}


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
        m = re.match(rf"\s*{word} (\d+)\.", block)
        if m:
            current = int(m.group(1))
            goals[current] = []
        if current is not None:
            goals[current].append(block.strip("\n"))
    return goals


# --------------------------------------------------------------------- main
def build(shared: Path) -> tuple[dict[Path, bytes], dict[str, int]]:
    data = shared / "data"
    out: dict[Path, bytes] = {}
    out[HERE / "A-RES-68-192" / "fr.txt"] = (shared / "seed" / SEED_NAME).read_bytes()
    out[HERE / "udhr" / "en.txt"] = udhr_text(data / "udhr" / "udhr_eng.xml").encode("utf-8")
    out[HERE / "udhr" / "fr.txt"] = udhr_text(data / "udhr" / "udhr_fra.xml").encode("utf-8")
    sdg, stats = sdg_texts(data / "sdg" / "en", data / "sdg" / "fr")
    for lang, text in sdg.items():
        out[HERE / "sdg" / f"{lang}.txt"] = text.encode("utf-8")
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
          "(dropped: en {dropped_en}, fr {dropped_fr})".format(**stats))
    status = 0
    for path, data in outputs.items():
        rel = path.relative_to(HERE)
        if args.check:
            same = path.exists() and path.read_bytes() == data
            print(f"{'ok' if same else 'DIFFERS'}  {rel}")
            status |= 0 if same else 1
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(path.suffix + ".part")
        tmp.write_bytes(data)
        tmp.replace(path)
        print(f"wrote {rel} ({len(data)} bytes)")
    return status


if __name__ == "__main__":
    sys.exit(main())
