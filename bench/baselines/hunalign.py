"""hunalign as a benchmark baseline: find or build the binary, run it without a dictionary,
turn its ladder into beads.

The binary is built from ``../shared/tools/hunalign`` by ``bench/baselines/build.sh`` into
``bench/baselines/build/`` (ignored by git).  hunalign's ladder output lists rungs
``src_index<TAB>tgt_index<TAB>score``; consecutive rungs delimit beads, the first rung is
``0 0`` and the last ``n_src n_tgt``.
"""
from __future__ import annotations

import subprocess
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BUILD = HERE / "build"
BINARY = BUILD / "hunalign" / "src" / "hunalign" / "hunalign"
DEFAULT_ARGS = ("-utf",)


def ensure_built() -> tuple[Path | None, str]:
    """(binary, message): builds with ``build.sh`` when the binary is missing; binary None and
    the reason when it cannot be built."""
    if BINARY.is_file():
        return BINARY, f"hunalign binary {BINARY}"
    try:
        r = subprocess.run(["bash", str(HERE / "build.sh")], capture_output=True, text=True, timeout=900)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return None, f"hunalign not built: {exc}"
    if BINARY.is_file():
        return BINARY, f"hunalign built now: {BINARY}"
    why = "\n".join(line for line in (r.stdout + r.stderr).splitlines() if "hunalign" in line) or r.stderr[-500:]
    return None, f"hunalign not built: {why.strip()}"


def parse_ladder(text: str) -> list[tuple[int, int]]:
    """Rungs ``(src_index, tgt_index)`` of a hunalign ladder (score column ignored, blank lines skipped)."""
    rungs = []
    for k, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        parts = line.split("\t") if "\t" in line else line.split()
        if len(parts) < 2:
            raise ValueError(f"ladder line {k}: expected 'src<TAB>tgt<TAB>score', got {line[:60]!r}")
        rungs.append((int(parts[0]), int(parts[1])))
    return rungs


def ladder_to_beads(rungs: list[tuple[int, int]], n_src: int, n_tgt: int) -> list[tuple[list[int], list[int]]]:
    """Beads between consecutive rungs; adds the ``(0, 0)`` and ``(n_src, n_tgt)`` rungs when the ladder
    lacks them, so that every sentence is in exactly one bead (1-0 and 0-1 beads included)."""
    pts = list(rungs)
    if not pts or pts[0] != (0, 0):
        pts.insert(0, (0, 0))
    if pts[-1] != (n_src, n_tgt):
        pts.append((n_src, n_tgt))
    beads = []
    for (s0, t0), (s1, t1) in zip(pts, pts[1:]):
        if s1 < s0 or t1 < t0:
            raise ValueError(f"ladder goes backwards: ({s0}, {t0}) -> ({s1}, {t1})")
        if s1 == s0 and t1 == t0:
            continue
        beads.append((list(range(s0, s1)), list(range(t0, t1))))
    return beads


def run(binary: Path, src: Path, tgt: Path, n_src: int, n_tgt: int, workdir: Path,
        args: tuple[str, ...] = DEFAULT_ARGS) -> tuple[list, float]:
    """Align the sentence-per-line files ``src``/``tgt`` with no dictionary (an empty ``null.dic``);
    (beads, wall seconds of the hunalign process)."""
    null = Path(workdir) / "null.dic"
    null.touch()
    t = time.perf_counter()
    # in workdir: hunalign writes a translate.txt into its working directory
    r = subprocess.run([str(Path(binary).resolve()), *args, str(null.resolve()), str(Path(src).resolve()),
                        str(Path(tgt).resolve())], capture_output=True, text=True,
                       cwd=str(workdir))
    seconds = time.perf_counter() - t
    if r.returncode != 0:
        raise RuntimeError(f"hunalign failed ({r.returncode}) on {src}: {r.stderr[-400:]}")
    return ladder_to_beads(parse_ladder(r.stdout), n_src, n_tgt), seconds
