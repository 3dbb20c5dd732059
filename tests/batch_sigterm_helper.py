"""Run `toolkit batch` with pair tasks that stall inside their staging folder
(for the SIGTERM tests of test_batch.py).

    python tests/batch_sigterm_helper.py ENTRY BATCH-ARGS...

ENTRY: ``main`` runs :func:`toolkit.cli.main` (what the installed ``toolkit``
command runs, with whatever SIGTERM handling it has); ``cli`` runs the click
group alone, so that SIGTERM still has its default action when the batch
starts and toolkit.batch's own handler is what acts.

Each task creates its staging folder with the real
:func:`toolkit.batch.staging_folder`, writes a partial output and a ``.part``
file there, writes STALLED_MARKER beside OUTDIR (the test waits for it before
sending SIGTERM) and waits until its staging folder is gone (removed by the
interrupted client) or STALL_LIMIT_SECONDS passed: a task on a shared Dask
worker never holds that worker for long.  No model is loaded.  Defined in
``__main__``, the task travels to Dask workers by value (cloudpickle).
"""
from __future__ import annotations

import sys

STALLED_MARKER = "stalled.marker"
# Upper bound of a stalled task's wait (it normally ends as soon as its staging folder is removed).
STALL_LIMIT_SECONDS = 60.0


def stalled_process_pair(pair, outdir, options):
    import time
    from pathlib import Path

    import toolkit.batch as batch

    record = batch.PairRecord(id=pair.id)
    out = Path(outdir)
    with batch.staging_folder(out, pair.name) as staging:
        (staging / "alignment.tsv").write_text("partial\n", encoding="utf-8")
        (staging / ".glossary.tsv.abcd1234.part").write_text("partial\n", encoding="utf-8")
        (out.parent / STALLED_MARKER).write_text(str(staging), encoding="utf-8")
        deadline = time.monotonic() + STALL_LIMIT_SECONDS
        while staging.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
    record.error = "stalled task released"
    return record


def main(argv: list[str]) -> None:
    import toolkit.batch as batch
    import toolkit.cli as cli_module

    entry, args = argv[0], argv[1:]
    batch.process_pair = stalled_process_pair
    if entry == "main":
        sys.argv = ["toolkit", *args]
        cli_module.main()
    else:
        cli_module.cli(args, prog_name="toolkit")


if __name__ == "__main__":
    main(sys.argv[1:])
