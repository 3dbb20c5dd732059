"""Excel workbooks: glossaries as CAT tools import them, alignments side by side.

Glossary sheet: the header row holds language codes (``fr-FR``, ``en-US`` by
default, configurable) because Phrase and Matecat match them exactly; then
part of speech, class (term, vocabulary, candidate), status (``unreviewed``
for a machine suggestion), confidence, frequencies, the context sentences and,
apart, where each was seen (``Reference FR``: document and segment), the
concept's other terms (``PIB (acronym)``), source, notes, variants (see
:data:`GLOSSARY_SHEET`).  A multilingual glossary (entries with
``other_languages``) adds, after the subject field, one column group per
further language in the order of the codes (:data:`LANGUAGE_SHEET_GROUP`:
``es-ES``, ``Other terms ES``, ``Context ES``, ``Reference ES``,
``Confidence ES``; the header codes as for the source and target); the
terms and contexts of a right-to-left language (Arabic) read right to left
(``readingOrder=2``, aligned right).  A bilingual glossary's sheet has no
such column.  A second
sheet, ``run``, records the signature and the fingerprints of the rows as
written, so that rows a reviewer later edits are recognised as manual edits.

Formula injection: a text cell that starts with ``=``, ``+``, ``-`` or ``@``
is stored as a *string* cell with Excel's "quote prefix" flag — what Excel
does when a person types ``'=x``.  The cell shows and exports its exact text
and is never evaluated, and the value reads back unchanged.

Printing: every sheet prints on A4 landscape, one page wide
(``fitToWidth=1``, ``fitToHeight=0``: as many pages down as the rows need),
with the header row repeated on every page and page numbers in the footer.
Wrapped cells get row heights estimated from their text and column width
(:func:`estimate_lines`), since a spreadsheet shows (and prints) a wrapped
cell in a row of default height as one cut-off line, overlapping the next.

Reading: a real formula cell (a person typed ``=A1&B1``) is read as its
formula text, kept literally and never evaluated -- a file not saved by Excel
has no cached values, so reading values would turn those cells empty and
lose their rows.  A :class:`~toolkit.export.common.ReaderWarning` says which
cells were formulas; rows the reader skips (no term, no ids or text) are
reported with their sheet row numbers.  Blank rows are ignored.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from toolkit.errors import InputError
from toolkit.export.common import clean_text, other_languages, parse_signature, reader_warning, region_code
from toolkit.export.tabular import (AlignmentRow, alignment_rows, glossary_values, language_key, report_skipped,
                                    rows_to_glossary, with_language_groups)
from toolkit.fileio import write_with
from toolkit.model import Alignment, Glossary, Signature

# CAT tools expect a region in the header language codes.
DEFAULT_LANG_CODES = {"fr": "fr-FR", "en": "en-US", "es": "es-ES", "ar": "ar-SA", "ru": "ru-RU",
                      "zh": "zh-CN", "de": "de-DE"}
LOW_CONFIDENCE = 0.5          # alignment rows under this are highlighted
_FORMULA = re.compile(r"^[=+\-@]")
EXCEL_CELL_LIMIT = 32767

# --- printing and row heights ---------------------------------------------------------------
#: one line of Calibri 11 (openpyxl's and Excel's default font) is 15 points high: Excel's default row height
LINE_HEIGHT_PT = 15.0
#: Excel's largest row height (points); taller text is cut at the bottom of the row
MAX_ROW_HEIGHT_PT = 409.0
#: characters of running text per unit of column width (one unit = the width of "0"): measured
#: about 1.2 for French and English in DejaVu Sans 11, the font LibreOffice falls back to without
#: Calibri (Calibri itself is narrower); less on purpose: a row estimated too short cuts text
#: off, one too tall only wastes a little paper
CHARS_PER_WIDTH_UNIT = 1.1
#: characters lost per line to the cell's padding
CELL_PADDING_CHARS = 1
#: openpyxl's (and Excel's) default body font, which LINE_HEIGHT_PT and the column widths assume
FONT_NAME, FONT_SIZE = "Calibri", 11
#: OOXML ST_PaperSize 9: A4, the UN's paper size
PAPER_A4 = 9
#: page margins in inches (narrow: OOXML measures margins in inches)
MARGIN_IN = 0.4
HEADER_MARGIN_IN = 0.25


def _set(ws, row: int, col: int, value: Any):
    """Write one cell safely (control characters removed, formulas neutralised)."""
    if isinstance(value, bool):
        value = "yes" if value else "no"
    if isinstance(value, (int, float)):
        return ws.cell(row=row, column=col, value=value)
    text = clean_text(value)
    if len(text) > EXCEL_CELL_LIMIT:
        text = text[:EXCEL_CELL_LIMIT]
    cell = ws.cell(row=row, column=col)
    cell.value = text
    cell.data_type = "s"             # never a formula, whatever it starts with
    if _FORMULA.match(text):
        cell.quotePrefix = True
    return cell


def _style_header(ws, ncols: int, widths: Sequence[int]) -> None:
    from openpyxl.styles import Alignment as Align
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    bold = Font(name=FONT_NAME, size=FONT_SIZE, bold=True)    # the body's font: no serif fallback
    fill = PatternFill("solid", fgColor="DDEBF7")
    wrap = Align(wrap_text=True, vertical="top")
    for c in range(1, ncols + 1):
        cell = ws.cell(row=1, column=c)
        cell.font = bold
        cell.fill = fill
        cell.alignment = wrap          # "Frequency FR" in a narrow column: two lines, not cut off
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(ncols)}{max(ws.max_row, 1)}"
    for c, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = w


def _char_width(ch: str) -> int:
    """Width of a character in "0" widths, roughly: 2 for CJK and other wide characters, 0 for marks."""
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def estimate_lines(text: str, width: float) -> int:
    """Lines a wrapped cell of ``width`` column units needs for ``text`` (greedy word wrap).

    An estimate: proportional fonts differ, so it counts characters against a
    conservative capacity (:data:`CHARS_PER_WIDTH_UNIT`); a word longer than
    a line is broken, as spreadsheets do.
    """
    capacity = max(1, int(width * CHARS_PER_WIDTH_UNIT) - CELL_PADDING_CHARS)
    lines = 0
    for paragraph in clean_text(text).split("\n"):
        lines += 1
        used = 0                       # characters on the current line
        for word in paragraph.split():
            w = sum(_char_width(ch) for ch in word)
            if used and used + 1 + w <= capacity:
                used += 1 + w
                continue
            if used:                   # the word goes to the next line
                lines += 1
            extra = (w - 1) // capacity if w > capacity else 0     # a word longer than a line is broken
            lines += extra
            used = w - extra * capacity
    return max(1, lines)


def _fit_rows(ws, widths: Sequence[float], wrapped: set[int]) -> None:
    """Set each row's height from the text of its wrapped cells (1-based columns in ``wrapped``;
    every header cell wraps)."""
    for row in ws.iter_rows(min_row=1):
        lines = 1
        for cell in row:
            if (cell.row == 1 or cell.column in wrapped) and isinstance(cell.value, str) and cell.value:
                lines = max(lines, estimate_lines(cell.value, widths[cell.column - 1]))
        ws.row_dimensions[row[0].row].height = min(MAX_ROW_HEIGHT_PT, lines * LINE_HEIGHT_PT)


def _print_setup(ws, title: str, *, columns: int | None = None) -> None:
    """A4 landscape, one page wide, header row on every page, page numbers (see module doc);
    ``columns``: print only the first ones."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.page import PageMargins
    from openpyxl.worksheet.properties import PageSetupProperties

    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = PAPER_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0           # as many pages down as needed
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_title_rows = "1:1"
    ws.print_options.gridLines = True
    ws.page_margins = PageMargins(left=MARGIN_IN, right=MARGIN_IN, top=MARGIN_IN + HEADER_MARGIN_IN,
                                  bottom=MARGIN_IN + HEADER_MARGIN_IN, header=HEADER_MARGIN_IN,
                                  footer=HEADER_MARGIN_IN)
    ws.oddHeader.left.text = clean_text(title).replace("&", "&&")
    ws.oddFooter.right.text = "&P / &N"
    if columns is not None:
        ws.print_area = f"A1:{get_column_letter(columns)}{max(ws.max_row, 1)}"


RUN_WIDTHS = [22, 100]        # the run sheet: key, value


def _run_sheet(wb, signature: Signature | None, extra: list[tuple[str, Any]]) -> Any:
    from openpyxl.styles import Alignment as Align
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet("run")
    _set(ws, 1, 1, "key")
    _set(ws, 1, 2, "value")
    rows: list[tuple[str, Any]] = [("signature", str(signature) if signature is not None else "")]
    if signature is not None:
        rows += [("toolkit_version", signature.toolkit_version), ("model", signature.model or ""),
                 ("src_lang", signature.src_lang or ""), ("tgt_lang", signature.tgt_lang or "")]
        rows += [(f"param.{k}", str(v)) for k, v in sorted(signature.params.items())]
        rows += [(f"input.{k}", v) for k, v in sorted(signature.inputs.items())]
    rows += extra
    wrap = Align(wrap_text=True, vertical="top")
    for r, (k, v) in enumerate(rows, start=2):
        _set(ws, r, 1, k).alignment = wrap
        _set(ws, r, 2, v).alignment = wrap
    for c, w in enumerate(RUN_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(c)].width = w
    _fit_rows(ws, RUN_WIDTHS, {1, 2})
    _print_setup(ws, "run")
    return ws


# The glossary sheet: (column key of :data:`toolkit.export.tabular.GLOSSARY_COLUMNS`, header, width,
# wrapped).  ``{s}``/``{t}``: the language codes in capitals.  What a reviewer reads and edits
# comes first and is printed; the machine's details after it stay on screen.
GLOSSARY_SHEET = [
    ("src_term", "{S}", 22, True), ("tgt_term", "{T}", 22, True), ("pos", "Part of speech", 9, False),
    ("class", "Class", 10, False), ("status", "Status", 10, False), ("confidence", "Confidence", 9, False),
    ("freq_src", "Frequency {s}", 9, False), ("freq_tgt", "Frequency {t}", 9, False),
    ("context_src", "Context {s}", 40, True), ("context_tgt", "Context {t}", 40, True),
    ("ref_src", "Reference {s}", 12, True), ("ref_tgt", "Reference {t}", 12, True),
    ("other_src", "Other terms {s}", 14, True), ("other_tgt", "Other terms {t}", 14, True),
    ("source", "Source", 12, True), ("note", "Notes", 20, True),
    ("src_variants", "Variants {s}", 14, True), ("tgt_variants", "Variants {t}", 14, True),
    ("subject_field", "Subject field", 12, True),
    ("type_src", "Term type {s}", 11, False), ("type_tgt", "Term type {t}", 11, False),
    ("documents", "Documents", 10, False), ("evidence", "Evidence", 30, False),
    ("other_detail", "Other term details", 30, False),
]


# The column group of one further language of a multilingual glossary (see
# :data:`toolkit.export.tabular.LANGUAGE_GROUP`): (kind, header, width, wrapped); ``{L}`` is the
# language's code with its region (``es-ES``), ``{l}`` the code in capitals.
LANGUAGE_SHEET_GROUP = [
    ("term", "{L}", 22, True), ("other", "Other terms {l}", 14, True), ("context", "Context {l}", 40, True),
    ("ref", "Reference {l}", 12, True), ("confidence", "Confidence {l}", 9, False),
]
#: columns of a right-to-left language (its terms and contexts) whose cells read right to left
RTL_KEYS = {"src": ("src_term", "context_src", "other_src", "src_variants"),
            "tgt": ("tgt_term", "context_tgt", "other_tgt", "tgt_variants"),
            "further": ("term", "other", "context")}


def glossary_sheet(glossary: Glossary) -> list[tuple]:
    """The columns of ``glossary``'s sheet: :data:`GLOSSARY_SHEET`, plus one group per further
    language (:data:`LANGUAGE_SHEET_GROUP`, after the subject field; none in a bilingual glossary);
    each (key, header, width, wrapped[, language])."""
    return with_language_groups(GLOSSARY_SHEET, other_languages(glossary), LANGUAGE_SHEET_GROUP)


def glossary_headers(glossary: Glossary, lang_codes: dict[str, str] | None) -> list[str]:
    s, t = glossary.src_lang, glossary.tgt_lang
    codes = {**DEFAULT_LANG_CODES, **(lang_codes or {})}
    names = {"S": region_code(s, codes), "T": region_code(t, codes), "s": s.upper(), "t": t.upper()}
    out = []
    for col in glossary_sheet(glossary):
        extra = {"L": region_code(col[4], codes), "l": col[4].upper()} if len(col) > 4 else {}
        out.append(col[1].format(**names, **extra))
    return out


def right_to_left(lang: str | None) -> bool:
    """Whether ``lang`` is written right to left (its profile in :mod:`toolkit.lang`: Arabic)."""
    from toolkit import lang as _lang

    profile = _lang.find(lang) if lang else None
    return profile is not None and profile.direction == "rtl"


def rtl_columns(glossary: Glossary) -> set[int]:
    """The columns (1-based) of the sheet whose cells read right to left: the terms and contexts of
    a right-to-left language (Arabic), source, target or further."""
    keys: set[str] = set()
    for side, lang in (("src", glossary.src_lang), ("tgt", glossary.tgt_lang)):
        if right_to_left(lang):
            keys.update(RTL_KEYS[side])
    for lang in other_languages(glossary):
        if right_to_left(lang):
            keys.update(language_key(lang, kind) for kind in RTL_KEYS["further"])
    return {c for c, col in enumerate(glossary_sheet(glossary), start=1) if col[0] in keys}


#: column widths of the glossary sheet (see :data:`GLOSSARY_SHEET`)
GLOSSARY_WIDTHS = [w for _, _, w, _ in GLOSSARY_SHEET]
#: glossary columns (1-based) that wrap: the text a person reads; numbers, codes and the
#: machine's evidence stay on one line
GLOSSARY_WRAPPED = {c for c, (_, _, _, wrap) in enumerate(GLOSSARY_SHEET, start=1) if wrap}
#: columns printed (terms to subject field: what a reviewer reads and edits); the term types,
#: the document count, the pairing evidence and the further terms' details are machine details,
#: on screen only -- with them the page is far wider and its text too small to read
GLOSSARY_PRINTED = [k for k, _, _, _ in GLOSSARY_SHEET].index("subject_field") + 1
#: alignment sheet: bead, ids, the two texts, kind, score, confidence, flag
ALIGNMENT_WIDTHS = [6, 11, 11, 60, 60, 6, 7, 11, 8]


def write_glossary_xlsx(glossary: Glossary, path, *, force: bool = False,
                        lang_codes: dict[str, str] | None = None) -> Path:
    """One row per entry (every class: the sheet is where a terminologist sorts and promotes them);
    frozen header, autofilter, widths, wrapped contexts; ``run`` sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment as Align

    wb = Workbook()
    ws = wb.active
    ws.title = "glossary"
    headers = glossary_headers(glossary, lang_codes)
    for c, h in enumerate(headers, start=1):
        _set(ws, 1, c, h)
    sheet = glossary_sheet(glossary)
    langs = other_languages(glossary)
    widths = [col[2] for col in sheet]
    wrapped = {c for c, col in enumerate(sheet, start=1) if col[3]}
    rtl = rtl_columns(glossary)
    wrap = Align(wrap_text=True, vertical="top")
    top = Align(vertical="top")
    # readingOrder 2: right to left (Excel's "Right-to-left" text direction), aligned right
    wrap_rtl = Align(wrap_text=True, vertical="top", horizontal="right", readingOrder=2)
    keys = [col[0] for col in sheet]
    for r, e in enumerate(glossary.entries, start=2):
        values = glossary_values(e, langs)
        for c, key in enumerate(keys, start=1):
            cell = _set(ws, r, c, values[key])
            cell.alignment = wrap_rtl if c in rtl else wrap if c in wrapped else top
    _style_header(ws, len(headers), widths)
    _fit_rows(ws, widths, wrapped)
    _print_setup(ws, f"Glossary {glossary.src_lang}-{glossary.tgt_lang}", columns=GLOSSARY_PRINTED)
    # manual entries stay out of the fingerprints so that they read back as manual
    prints = sorted({glossary_values(e, langs)["check"] for e in glossary.entries if not e.manual})
    _run_sheet(wb, glossary.signature, [
        ("kind", "glossary"), ("entries", len(glossary.entries)),
        ("source_lang", glossary.src_lang), ("target_lang", glossary.tgt_lang),
        ("formula_cells", "text cells starting with = + - @ are stored as quoted text, never formulas"),
        ("row_fingerprints", " ".join(prints)),
        *([("other_languages", " ".join(langs))] if langs else []),
    ])
    return write_with(path, wb.save, force=force)


def _open(path):
    from openpyxl import load_workbook

    p = Path(path)
    try:
        # data_only=False: a formula cell gives its formula text, never a cached (or missing) value
        return load_workbook(p, read_only=True, data_only=False)
    except FileNotFoundError:
        raise InputError(f"{p}: no such file") from None
    except Exception as exc:  # zipfile.BadZipFile, KeyError, InvalidFileException...
        raise InputError(f"{p}: not a readable .xlsx workbook ({type(exc).__name__})") from None


def _formula_text(value: Any) -> str:
    """The text of a formula cell (a plain formula, an array formula...), as typed."""
    if isinstance(value, str):
        return value
    text = getattr(value, "text", None)
    return text if isinstance(text, str) else ""


class _Sheet:
    """Non-blank rows of a sheet with their row numbers; formula cells as their text."""

    def __init__(self, ws):
        self.title = ws.title
        self.rows: list[list[Any]] = []
        self.numbers: list[int] = []
        self.formulas: list[tuple[str, str]] = []     # (cell, formula text)
        from openpyxl.utils import get_column_letter

        number = 0
        for cells in ws.iter_rows(min_row=1):
            number += 1
            row_no = next((c.row for c in cells if getattr(c, "row", None)), None)
            number = row_no or number
            values = []
            for col, cell in enumerate(cells, start=1):
                value = cell.value
                if getattr(cell, "data_type", None) == "f":
                    value = _formula_text(value)
                    column = getattr(cell, "column", None) or col
                    self.formulas.append((f"{get_column_letter(column)}{number}", value))
                values.append(value)
            if any(v is not None and str(v).strip() for v in values):
                self.rows.append(values)
                self.numbers.append(number)


def _sheets(path) -> dict[str, _Sheet]:
    """The first sheet (key ``""``) and the ``run`` sheet when present; warns about formula cells."""
    wb = _open(path)
    try:
        if not wb.sheetnames:
            raise InputError(f"{path}: empty workbook")
        out = {"": _Sheet(wb[wb.sheetnames[0]])}
        if "run" in wb.sheetnames and wb.sheetnames[0] != "run":
            out["run"] = _Sheet(wb["run"])
    except InputError:
        raise
    except Exception as exc:  # a damaged sheet inside a valid zip
        raise InputError(f"{path}: not a readable .xlsx workbook ({type(exc).__name__})") from None
    finally:
        wb.close()
    formulas = [(sheet.title, cell, text) for sheet in out.values() for cell, text in sheet.formulas]
    if formulas:
        title, cell, text = formulas[0]
        shown = " ".join(text.split())[:FORMULA_SHOWN]
        reader_warning(f"{path}: {len(formulas)} formula cell{'s' if len(formulas) > 1 else ''} read as "
                       f"formula text, not evaluated (first: {title}!{cell} {shown})")
    return out


FORMULA_SHOWN = 40       # characters of the first formula quoted in the warning


def _run_info(sheets: dict[str, _Sheet]) -> dict[str, str]:
    run = sheets.get("run")
    if run is None:
        return {}
    info = {}
    for row, number in zip(run.rows, run.numbers):
        if number == 1:
            continue          # the key/value header
        if row and row[0] is not None:
            info[str(row[0])] = "" if len(row) < 2 or row[1] is None else str(row[1])
    return info


def read_glossary_xlsx(path, *, src_lang: str | None = None, tgt_lang: str | None = None) -> Glossary:
    """Read our workbook (edited or not) or another tool's: first sheet, first row is the header."""
    sheets = _sheets(path)
    sheet = sheets[""]
    info = _run_info(sheets)
    if not sheet.rows:
        raise InputError(f"{path}: empty workbook")
    signature = parse_signature(info.get("signature"))
    # our run sheet lists the fingerprints of the machine rows (even without a signature)
    ours = info.get("kind") == "glossary" and "row_fingerprints" in info
    prints = set(info["row_fingerprints"].split()) if ours else None
    s = src_lang or info.get("source_lang") or None
    t = tgt_lang or info.get("target_lang") or None
    # values in our workbook are exact (no apostrophe escape to undo)
    return rows_to_glossary(sheet.rows[0], sheet.rows[1:], path=str(path), signature=signature,
                            fingerprints=prints, src_lang=s, tgt_lang=t, unescape=False,
                            row_numbers=sheet.numbers[1:], unit="row", ours=ours or signature is not None)


def write_alignment_xlsx(alignment: Alignment, path, *, force: bool = False,
                         lang_codes: dict[str, str] | None = None,
                         low_confidence: float = LOW_CONFIDENCE) -> Path:
    """Side by side: id, source, target, confidence, flag; low-confidence rows highlighted."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment as Align
    from openpyxl.styles import PatternFill

    s, t = alignment.source.language, alignment.target.language
    codes = {**DEFAULT_LANG_CODES, **(lang_codes or {})}
    wb = Workbook()
    ws = wb.active
    ws.title = "alignment"
    headers = ["Bead", f"{s.upper()} ids", f"{t.upper()} ids", region_code(s, codes), region_code(t, codes),
               "Kind", "Score", "Confidence", "Flagged"]
    for c, h in enumerate(headers, start=1):
        _set(ws, 1, c, h)
    low = PatternFill("solid", fgColor="FFC7CE")
    wrap = Align(wrap_text=True, vertical="top")
    for r, row in enumerate(alignment_rows(alignment), start=2):
        bead_no, sid, tid, stext, ttext, kind, score, conf, flag = row
        for c, v in enumerate([bead_no, sid, tid, stext, ttext, kind, score, conf, flag], start=1):
            cell = _set(ws, r, c, v)
            cell.alignment = wrap
            if conf < low_confidence or flag == "yes":
                cell.fill = low
    _style_header(ws, len(headers), ALIGNMENT_WIDTHS)
    _fit_rows(ws, ALIGNMENT_WIDTHS, set(range(1, len(headers) + 1)))
    _print_setup(ws, f"Alignment {s}-{t}")
    _run_sheet(wb, alignment.signature, [
        ("kind", "alignment"), ("level", alignment.level), ("beads", len(alignment.beads)),
        ("highlight", f"rows with confidence < {low_confidence} or flagged"),
    ])
    return write_with(path, wb.save, force=force)


_ALIGNMENT_NAMES = {"bead": "bead", "kind": "kind", "score": "score", "confidence": "confidence",
                    "flagged": "flagged", "flag": "flagged", "status": "status", "note": "note",
                    "notes": "note", "comment": "note"}


def read_alignment_xlsx(path) -> tuple[Signature | None, list[AlignmentRow]]:
    """Beads of a side-by-side alignment workbook (ours, or a reviewer's copy with Status/Note columns).

    Columns are found by their headers: ``Bead``, ``XX ids`` (source, then
    target), the two text columns (the language codes), ``Kind``, ``Score``,
    ``Confidence``, ``Flagged`` and a reviewer's ``Status``/``Note``.
    """
    from toolkit.export.tabular import _yes

    sheets = _sheets(path)
    sheet = sheets[""]
    info = _run_info(sheets)
    if not sheet.rows:
        raise InputError(f"{path}: empty workbook")
    header = [clean_text(h).strip() for h in sheet.rows[0]]
    roles: dict[str, int] = {}
    texts: list[int] = []
    role: str | None
    for i, h in enumerate(header):
        key = h.casefold()
        if key.endswith(" ids") or key.endswith("_ids"):
            role = "src_ids" if "src_ids" not in roles else "tgt_ids"
        else:
            role = _ALIGNMENT_NAMES.get(key)
        if role and role not in roles:
            roles[role] = i
        elif h and not role:
            texts.append(i)
    if "src_ids" not in roles or "tgt_ids" not in roles:
        raise InputError(f"{path}: not an alignment workbook (no source and target id columns in "
                         f"header {header!r})")
    if len(texts) >= 2:
        roles["src_text"], roles["tgt_text"] = texts[0], texts[1]
    extras = {header[i]: i for i in texts[2:]}
    out: list[AlignmentRow] = []
    skipped: dict[str, list[int]] = {"no segment ids and no text": []}
    for row, number in zip(sheet.rows[1:], sheet.numbers[1:]):
        def get(role: str, row: list[Any] = row) -> Any:
            i = roles.get(role)
            return row[i] if i is not None and i < len(row) and row[i] is not None else ""

        def num(role: str, conv, default, number: int = number):
            v = get(role)
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                return conv(v)
            v = clean_text(v).strip()
            try:
                return conv(float(v)) if v else default
            except ValueError:
                raise InputError(f"{path}: row {number}: {role} {v!r} is not a number") from None

        src_ids, tgt_ids = clean_text(get("src_ids")).split(), clean_text(get("tgt_ids")).split()
        src_text, tgt_text = clean_text(get("src_text")), clean_text(get("tgt_text"))
        if not (src_ids or tgt_ids or src_text.strip() or tgt_text.strip()):
            skipped["no segment ids and no text"].append(number)
            continue
        status = clean_text(get("status")).strip().casefold() or None
        if status in {"rejected", "bad", "no", "ko", "false"}:
            status = "wrong"
        elif status in {"yes", "good", "correct", "true", "accepted"}:
            status = "ok"
        out.append(AlignmentRow(
            bead=num("bead", int, len(out)), src_ids=src_ids, tgt_ids=tgt_ids, src_text=src_text,
            tgt_text=tgt_text, kind=clean_text(get("kind")).strip(), score=num("score", float, 0.0),
            confidence=num("confidence", float, 0.0), flagged=_yes(get("flagged")), status=status,
            note=clean_text(get("note")).strip() or None,
            extra={h: clean_text(row[i]) for h, i in extras.items() if i < len(row) and row[i] is not None}))
    report_skipped(str(path), "row", skipped)
    return parse_signature(info.get("signature")), out
