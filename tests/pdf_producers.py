"""The seed resolution as PDFs from several producers, in two font sets.

The PDF reader must not depend on how a PDF was made nor on the font it was
set in (the font decides where lines wrap).  These builders make the same
text into PDFs that differ in producer and layout:

* ``writer-docx`` -- the Word fixture (tests/fixtures/build_fixtures.py)
  converted by LibreOffice Writer: first-line indents, 6 pt after each
  paragraph, footnotes at the page foot under a drawn rule, page furniture;
* ``writer-text`` -- the plain-text seed converted directly
  (``soffice --convert-to pdf fr.txt``): one Writer paragraph per source line,
  blank lines for paragraph ends, the footnote blocks as text in the flow;
* ``reportlab`` -- set line by line with ReportLab: justified, first-line
  indents and no space between paragraphs, superscript marks, footnotes in
  smaller type at the page foot under a rule, page furniture;
* ``two-column`` -- ReportLab again, ragged right in two columns, the front
  matter and the footnotes across the page.

Each producer is built with font set ``liberation`` (Liberation Serif, the
font the Word fixture names; Debian fonts-liberation) and ``dejavu`` (DejaVu
Sans; Debian fonts-dejavu-core).  A missing tool or font raises
:class:`Unavailable`, which the tests turn into a skip naming the package.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures"))
import build_fixtures as bf  # noqa: E402

# Font sets: family name as LibreOffice and fontconfig know it, and the
# Debian package that installs it.
FONT_SETS = {
    "liberation": ("Liberation Serif", "fonts-liberation"),
    "dejavu": ("DejaVu Sans", "fonts-dejavu-core"),
}
LIBREOFFICE_PRODUCERS = ("writer-docx", "writer-text")
REPORTLAB_PRODUCERS = ("reportlab", "two-column")
PRODUCERS = LIBREOFFICE_PRODUCERS + REPORTLAB_PRODUCERS

# ------------------------------------------------ hand-placed Helvetica ---

def helvetica_width(text: str, size: float) -> float:
    """Width of ``text`` in the standard Helvetica (what a PDF reader measures for bf.write_simple_pdf)."""
    from pdfminer.fontmetrics import FONT_METRICS

    widths = FONT_METRICS["Helvetica"][1]
    return sum(widths.get(ch, 556) for ch in text) * size / 1000


# A4 in points, as UN documents are printed.
PAGE_W, PAGE_H = 595.28, 841.89
JOB = bf.JOB_NUMBER
SYMBOL = "A/RES/68/192"


class Unavailable(Exception):
    """A tool or font needed for a producer is missing (the message says which package)."""


# ------------------------------------------------------------ fonts ------

def font_file(family: str, package: str) -> str:
    """The regular TTF of ``family`` found by fontconfig (not a substitute)."""
    fc = shutil.which("fc-match")
    if fc is None:
        raise Unavailable("fontconfig (fc-match) is not installed: apt-get install fontconfig")
    out = subprocess.run([fc, "-f", "%{family}\n%{file}", f"{family}:style=Regular"],
                         capture_output=True, text=True, timeout=30).stdout.split("\n")
    if len(out) < 2 or family not in out[0].split(",") or not out[1].endswith(".ttf"):
        raise Unavailable(f"font {family} is not installed: apt-get install {package}")
    return out[1]


def require_font(font_set: str) -> str:
    family, package = FONT_SETS[font_set]
    font_file(family, package)
    return family


# ------------------------------------------------------------ LibreOffice -

def _soffice(args: list[str], outdir: Path, timeout: int = 180) -> None:
    exe = bf.soffice_path()
    if exe is None:
        raise Unavailable("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer")
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        subprocess.run([exe, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                        *args, "--outdir", str(outdir)],
                       check=True, timeout=timeout, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def writer_docx_pdfs(resolution: bf.Resolution, outdir: Path, font_sets: list[str]) -> dict[str, Path]:
    """The Word fixture set in each font set, converted in one LibreOffice run."""
    import docx

    sources = []
    for name in font_sets:
        family = require_font(name)
        path = bf.build_docx(resolution, outdir / f"writer-docx-{name}.docx", page_break_paragraph=None)
        document = docx.Document(str(path))
        document.styles["Normal"].font.name = family
        document.save(str(path))
        sources.append(path)
    _soffice(["--convert-to", "pdf", *map(str, sources)], outdir)
    return {name: _made(outdir / f"writer-docx-{name}.pdf") for name in font_sets}


def writer_text_pdf(text_path: Path, outdir: Path, font_set: str | None) -> Path:
    """``soffice --convert-to pdf fr.txt``; with a font set, through the text filter's font option."""
    stem = f"writer-text-{font_set or DEFAULT_FONT}"
    src = outdir / f"{stem}.txt"
    outdir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(text_path, src)
    args = []
    if font_set:
        # Text (encoded) filter options: charset, line ends, font, language.
        args.append(f"--infilter=Text (encoded):UTF8,LF,{require_font(font_set)},fr")
    _soffice([*args, "--convert-to", "pdf", str(src)], outdir)
    return _made(outdir / f"{stem}.pdf")


def _made(path: Path) -> Path:
    if not path.exists():
        raise RuntimeError(f"LibreOffice did not write {path}")
    return path


# ------------------------------------------------------------ ReportLab ---

@dataclass
class _Style:
    size: float          # body type size
    leading: float       # baseline to baseline
    indent: float        # first-line indent
    space: float         # extra space between paragraphs
    justify: bool
    columns: int
    gutter: float = 0.0


SINGLE = _Style(size=11, leading=14, indent=36, space=0, justify=True, columns=1)
TWO_COLUMN = _Style(size=9.5, leading=11.5, indent=14, space=4, justify=False, columns=2, gutter=20)
NOTE_SIZE, NOTE_LEADING = 8.5, 10      # footnotes: smaller type
MARK_SIZE, MARK_RISE = 6.5, 3.5        # superscript footnote marks
MARGIN_L = MARGIN_R = 62.0
MARGIN_T, MARGIN_B = 72.0, 64.0


def reportlab_pdf(resolution: bf.Resolution, path: Path, font_set: str, columns: int = 1) -> Path:
    """Set the resolution with ReportLab (see the module docstring)."""
    try:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont
        from reportlab.pdfgen import canvas
    except ImportError:
        raise Unavailable("reportlab is not installed: pip install reportlab") from None
    family, package = FONT_SETS[font_set]
    regular = font_file(family, package)
    bold_path = regular.replace("-Regular", "-Bold").replace("Sans.ttf", "Sans-Bold.ttf")
    face = family.replace(" ", "")
    pdfmetrics.registerFont(TTFont(face, regular))
    bold = face
    if Path(bold_path).exists() and bold_path != regular:
        bold = face + "-Bold"
        pdfmetrics.registerFont(TTFont(bold, bold_path))
    style = SINGLE if columns == 1 else TWO_COLUMN
    width = lambda text, size, f=face: pdfmetrics.stringWidth(text, f, size)  # noqa: E731

    # paragraphs as words; a word is a list of (text, superscript?) pieces
    seen: set[int] = set()
    paragraphs = []
    for para in resolution.paragraphs:
        words: list[list[tuple[str, bool]]] = []
        notes: list[list[int]] = []      # first references carried by each word
        for text, number, first in bf.split_markers(para, resolution.footnotes, seen):
            pieces = text.split(" ")
            for k, piece in enumerate(pieces):
                if k == 0 and words and piece:
                    words[-1].append((piece, False))        # glued to the mark before
                elif piece:
                    words.append([(piece, False)])
                    notes.append([])
            if number is not None:
                if not words:
                    words.append([])
                    notes.append([])
                words[-1].append((str(number), True))
                if first:
                    notes[-1].append(number)
        paragraphs.append((words, notes))

    def word_width(word, size):
        return sum(width(t, MARK_SIZE if sup else size) for t, sup in word)

    total = _render(None, resolution, paragraphs, style, face, bold, width, word_width, 0)
    c = canvas.Canvas(str(path), pagesize=(PAGE_W, PAGE_H))
    c.setTitle(resolution.title)
    _render(c, resolution, paragraphs, style, face, bold, width, word_width, total)
    c.save()
    return path


class _Null:
    """A canvas that draws nothing: the first pass only counts pages."""

    def __getattr__(self, name):
        return lambda *args, **kwargs: None


def _text_width(text: str, font: str, size: float) -> float:
    from reportlab.pdfbase import pdfmetrics

    return pdfmetrics.stringWidth(text, font, size)


def _render(c, resolution, paragraphs, style, face, bold, width, word_width, total) -> int:
    c = c or _Null()
    front = bf.FRONT_MATTER["fr"]
    title = resolution.title
    state = {"page": 1, "notes": []}
    col_w = (PAGE_W - MARGIN_L - MARGIN_R - style.gutter * (style.columns - 1)) / style.columns

    def note_lines(number: int) -> list[str]:
        text_w = PAGE_W - MARGIN_L - MARGIN_R - 16
        out, line = [], ""
        for w in resolution.footnotes[number].split():
            trial = f"{line} {w}".strip()
            if line and width(trial, NOTE_SIZE) > text_w:
                out.append(line)
                line = w
            else:
                line = trial
        return out + [line]

    def notes_height(numbers) -> float:
        n = sum(len(note_lines(k)) for k in numbers)
        return 0 if not n else 14 + n * NOTE_LEADING

    def furniture(page: int) -> None:
        if page == 1:
            c.setFont(face, 10)
            c.drawString(MARGIN_L, PAGE_H - 40, front["header"][0][0])
            c.drawString(MARGIN_L, PAGE_H - 56, front["header"][1][0])
            c.setFont(face, 12)
            c.drawRightString(PAGE_W - MARGIN_R, PAGE_H - 40, front["header"][0][1])
            c.setFont(face, 10)
            c.drawRightString(PAGE_W - MARGIN_R, PAGE_H - 56, front["header"][1][1])
            c.drawRightString(PAGE_W - MARGIN_R, PAGE_H - 68, front["header"][2][1])
            c.drawString(MARGIN_L, PAGE_H - 84, front["session"])
            c.setFont(face, 8)
            c.drawString(MARGIN_L, 36, f"{JOB} (F)")
            c.setFont(face, 10)
            c.drawString(MARGIN_L, 24, f"*{JOB.replace('-', '')}*")
        else:
            c.setFont(face, 8.5)
            c.drawString(MARGIN_L, PAGE_H - 40, SYMBOL)
            c.drawRightString(PAGE_W - MARGIN_R, PAGE_H - 40, title)
            c.drawString(MARGIN_L, 36, f"{page}/{total}")
            c.drawRightString(PAGE_W - MARGIN_R, 36, JOB)

    def finish_page(last: bool = False) -> None:
        y = MARGIN_B + notes_height(state["notes"]) - 14
        if state["notes"]:
            c.setLineWidth(0.5)
            c.line(MARGIN_L, y + 10, MARGIN_L + 120, y + 10)
        for number in state["notes"]:
            for k, line in enumerate(note_lines(number)):
                y -= NOTE_LEADING
                c.setFont(face, NOTE_SIZE)
                if k == 0:
                    c.drawString(MARGIN_L, y + NOTE_LEADING, str(number))
                c.drawString(MARGIN_L + 16, y + NOTE_LEADING, line)
        c.showPage()
        if not last:
            state["page"] += 1
            state["notes"] = []
            furniture(state["page"])

    furniture(1)
    # front matter and title across the page
    y = PAGE_H - 118
    c.setFont(face, 11)
    c.drawString(MARGIN_L, y, front["adopted"])
    y -= 28
    c.setFont(bold, 12)
    head, words = "", f"{front['number']} {title}".split()
    for w in words:     # the title, wrapped to the text width
        trial = f"{head} {w}".strip()
        if head and _text_width(trial, bold, 12) > PAGE_W - MARGIN_L - MARGIN_R:
            c.drawString(MARGIN_L, y, head)
            y -= 15
            head = w
        else:
            head = trial
    c.drawString(MARGIN_L, y, head)
    y -= 12
    top = y                         # where the columns start on page 1

    # every line of every paragraph, set to the column width: (words, first marks, first?, last?)
    flat = []
    for words, notes in paragraphs:
        lines: list[tuple[list, list[int]]] = []
        line, line_notes, avail = [], [], col_w - style.indent
        for word, refs in zip(words, notes):
            need = word_width(word, style.size) + (width(" ", style.size) if line else 0)
            if line and need > avail:
                lines.append((line, line_notes))
                line, line_notes, avail = [], [], col_w
                need = word_width(word, style.size)
            line.append(word)
            line_notes.extend(refs)
            avail -= need
        lines.append((line, line_notes))
        flat += [(line, refs, k == 0, k == len(lines) - 1) for k, (line, refs) in enumerate(lines)]

    def fill(start: int, top: float, reserve: float):
        """Lines from ``start`` on one page, ``reserve`` points kept for its notes."""
        placed, refs, col, y, i = [], [], 0, top, start
        while i < len(flat):
            if y - style.leading < MARGIN_B + reserve:
                if col + 1 < style.columns:
                    col, y = col + 1, top
                    continue
                break
            y -= style.leading
            placed.append((i, col, y))
            refs += flat[i][1]
            if flat[i][3]:
                y -= style.space
            i += 1
        return placed, i, refs

    i = 0
    while i < len(flat):
        reserve = 0.0
        while True:     # keep room for the notes the page's lines call, as a typesetter does
            placed, after, refs = fill(i, top, reserve)
            if notes_height(refs) <= reserve:
                break
            reserve = notes_height(refs)
        state["notes"] = refs
        for k, col, y in placed:
            line, _, first, last = flat[k]
            x = MARGIN_L + col * (col_w + style.gutter) + (style.indent if first else 0)
            room = MARGIN_L + col * (col_w + style.gutter) + col_w - x
            natural = sum(word_width(w, style.size) for w in line)
            gap = width(" ", style.size)
            if style.justify and not last and len(line) > 1:
                gap = (room - natural) / (len(line) - 1)
            for word in line:
                for text, sup in word:
                    size = MARK_SIZE if sup else style.size
                    c.setFont(face, size)
                    c.drawString(x, y + (MARK_RISE if sup else 0), text)
                    x += width(text, size)
                x += gap
        i = after
        if i < len(flat):
            finish_page()
            top = PAGE_H - MARGIN_T
    finish_page(last=True)
    return state["page"]


# ------------------------------------------------------------ all --------

DEFAULT_FONT = "default"     # writer-text only: whatever font LibreOffice's text import picks


def build(producer: str, font_set: str, seed: Path, outdir: Path) -> Path:
    """One producer's PDF of the seed (raises Unavailable when a tool or font is missing)."""
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    resolution = bf.parse_plain(Path(seed).read_text(encoding="utf-8"))
    if producer == "writer-docx":
        return writer_docx_pdfs(resolution, outdir, [font_set])[font_set]
    if producer == "writer-text":
        return writer_text_pdf(Path(seed), outdir, None if font_set == DEFAULT_FONT else font_set)
    if producer in REPORTLAB_PRODUCERS:
        path = outdir / f"{producer}-{font_set}.pdf"
        return reportlab_pdf(resolution, path, font_set, columns=2 if producer == "two-column" else 1)
    raise ValueError(f"unknown producer {producer}")


def build_all(seed: Path, outdir: Path) -> dict[tuple[str, str], Path | Exception]:
    """Every producer in every font set (and writer-text in LibreOffice's default font).

    The Word files of both font sets go through one LibreOffice run.  A PDF
    that cannot be made is given as the exception that says why.
    """
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    resolution = bf.parse_plain(Path(seed).read_text(encoding="utf-8"))
    built: dict[tuple[str, str], Path | Exception] = {}
    fonts_here = []
    for name in FONT_SETS:
        try:
            require_font(name)
            fonts_here.append(name)
        except Unavailable as exc:
            for producer in PRODUCERS:
                built[(producer, name)] = exc
    def run(producer: str, font_set: str | None) -> None:
        wanted = fonts_here if producer == "writer-docx" else [font_set]
        try:
            if producer == "writer-docx":
                built.update({(producer, f): path for f, path in
                              writer_docx_pdfs(resolution, outdir, fonts_here).items()})
            else:
                built[(producer, font_set)] = build(producer, font_set, seed, outdir)
        except (Unavailable, subprocess.SubprocessError, RuntimeError, OSError) as exc:
            built.update({(producer, f): exc for f in wanted})

    # the LibreOffice runs (each with its own profile) side by side; ReportLab meanwhile
    office = ([("writer-docx", None)] if fonts_here else []) + [
        ("writer-text", f) for f in fonts_here + [DEFAULT_FONT]]
    with ThreadPoolExecutor(max_workers=max(1, min(len(office), (os.cpu_count() or 1)))) as pool:
        running = [pool.submit(run, producer, font_set) for producer, font_set in office]
        for producer in REPORTLAB_PRODUCERS:
            for font_set in fonts_here:
                run(producer, font_set)
        for job in running:
            job.result()
    return built


def main(argv: list[str] | None = None) -> int:
    import argparse

    root = Path(__file__).resolve().parents[1]
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-o", "--outdir", required=True)
    parser.add_argument("--seed", default=str(root / "corpora" / "A-RES-68-192" / "fr.txt"))
    parser.add_argument("--producer", action="append", choices=PRODUCERS)
    parser.add_argument("--font-set", action="append", choices=sorted(FONT_SETS))
    args = parser.parse_args(argv)
    for producer in args.producer or PRODUCERS:
        for font_set in args.font_set or sorted(FONT_SETS):
            try:
                print(f"{producer} {font_set}: {build(producer, font_set, Path(args.seed), Path(args.outdir))}")
            except Unavailable as exc:
                print(f"{producer} {font_set}: skipped ({exc})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
