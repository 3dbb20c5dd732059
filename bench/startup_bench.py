"""Start-up time of the command line (issue 17.1): wall time of short commands in fresh processes.

    python bench/startup_bench.py [--runs 3] [--json out.json]

Measures, each in a new subprocess (``python -m toolkit ...``), 3 runs each by default:

* ``toolkit --help``
* ``toolkit segment`` of a small file (two sentences)
* ``toolkit align`` of two sentences each side (files in a temporary directory)
* ``toolkit glossary`` of corpora/udhr/{fr,en}.txt

and ``python -c pass`` in the same run.  Timings on a shared machine are noisy, so the report
gives the median, the ratio of each median to ``python -c pass``'s, and the load average at the
start and at the end.  The embedding cache is a fresh temporary directory (cold: what a first
run costs), the Hugging Face Hub is off.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FR = "Décide de rester saisie de la question.\nPrie le Secrétaire général de lui faire rapport.\n"
EN = "Decides to remain seized of the matter.\nRequests the Secretary-General to report to it.\n"


def _load() -> tuple[float, float, float]:
    try:
        return os.getloadavg()
    except OSError:       # pragma: no cover - not on this platform
        return (float("nan"),) * 3


def _wall(argv: list[str], env: dict[str, str], cwd: Path) -> float:
    t0 = time.perf_counter()
    out = subprocess.run(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                         check=False)
    seconds = time.perf_counter() - t0
    if out.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({out.returncode}): {out.stderr.strip()[-500:]}")
    return seconds


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--json", help="also write the results here")
    args = ap.parse_args(argv)

    py = sys.executable
    udhr = ROOT / "corpora" / "udhr"
    with tempfile.TemporaryDirectory(prefix="startup-bench-") as tmp:
        tmp = Path(tmp)
        (tmp / "fr.txt").write_text(FR, encoding="utf-8")
        (tmp / "en.txt").write_text(EN, encoding="utf-8")
        env = {**os.environ, "TOOLKIT_CACHE_DIR": str(tmp / "cache"), "HF_HUB_OFFLINE": "1",
               "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
        commands = {
            "python -c pass": [py, "-c", "pass"],
            "toolkit --help": [py, "-m", "toolkit", "--help"],
            "toolkit segment": [py, "-m", "toolkit", "segment", str(tmp / "fr.txt")],
            "toolkit align": [py, "-m", "toolkit", "align", str(tmp / "fr.txt"), str(tmp / "en.txt")],
            "toolkit glossary": [py, "-m", "toolkit", "glossary", str(udhr / "fr.txt"), str(udhr / "en.txt")],
        }
        load_start = _load()
        times: dict[str, list[float]] = {name: [] for name in commands}
        for run in range(args.runs):         # interleaved, so that a burst of load hits every command
            cold = {**env, "TOOLKIT_CACHE_DIR": str(tmp / f"cache{run}")}     # a first run's cost each time
            for name, cmd in commands.items():
                times[name].append(_wall(cmd, cold, tmp))
        load_end = _load()

    base = statistics.median(times["python -c pass"])
    rows = {name: {"runs": [round(t, 3) for t in ts], "median": round(statistics.median(ts), 3),
                   "ratio_to_python": round(statistics.median(ts) / base, 1) if base else None}
            for name, ts in times.items()}
    print(f"load average at start {load_start[0]:.2f} {load_start[1]:.2f} {load_start[2]:.2f}, "
          f"at end {load_end[0]:.2f} {load_end[1]:.2f} {load_end[2]:.2f}  ({os.cpu_count()} cores, "
          f"{args.runs} runs each, cold embedding cache)")
    print(f"{'command':<20}{'median s':>10}{'x python':>10}   runs")
    for name, row in rows.items():
        print(f"{name:<20}{row['median']:>10.2f}{row['ratio_to_python']:>10.1f}   "
              + " ".join(f"{t:.2f}" for t in row["runs"]))
    if args.json:
        Path(args.json).write_text(json.dumps({"load_start": load_start, "load_end": load_end,
                                               "cores": os.cpu_count(), "runs": args.runs, "commands": rows},
                                              indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
