"""Pattern pieces shared by the language modules (not a language)."""
from __future__ import annotations

from types import MappingProxyType

#: spaces, including non-breaking ones
SP = r"[ \t\u00a0\u202f\u2007]"
#: apostrophes, straight and curly
AP = r"['’ʼ]"

#: abbreviations common to the Latin-script languages of UN prose (lower case, no final period)
COMMON_ABBREVIATIONS = frozenset({
    "no", "nos", "vol", "p", "pp", "para", "paras", "art", "arts", "chap", "sect", "ann",
    "fig", "cf", "etc", "ibid", "op", "cit", "ed", "eds", "rev", "corr", "add", "suppl",
    "st", "ste", "dr", "prof", "gen", "jr", "sr", "co", "corp", "inc", "ltd", "dept",
    "jan", "feb", "fév", "févr", "mar", "apr", "avr", "jun", "jul", "juil", "aug", "sep",
    "sept", "oct", "nov", "dec", "déc", "approx", "env", "min", "max", "al", "e.g", "i.e",
    "vs", "viz", "sq", "sqq", "n", "nº",
})


def months(names: list[str], **extra: int):
    """``["janvier", ...]`` -> read-only {name: 1..12} (plus variant spellings)."""
    table = {name: k for k, name in enumerate(names, 1)}
    table.update(extra)
    return MappingProxyType(table)


#: a number written in words, then a session word: "Soixante-huitième session"
def session_line(word: str) -> str:
    return rf"(?i:^\s*\S+(?:\s\S+)?\s+{word}\s*$)"
