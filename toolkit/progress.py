"""Progress of long work: a tiny callback interface, and the command line's rich bars.

The library stays silent: :func:`toolkit.pipeline.run_pair` and
:func:`~toolkit.pipeline.run_documents` take ``progress=``, a callable
``progress(stage, detail)`` called as each stage starts (``stage`` is one of
:data:`PAIR_STAGES`, ``detail`` a short note such as ``"170 segments"`` or
``""``).  Nothing is reported when it is None (the default).

The command line passes a :class:`StageBar` (``toolkit glossary``, ``toolkit
review``) or a :class:`ItemBar` (``toolkit run``: one bar across documents),
drawn with rich on stderr only when stderr is a terminal; see
:func:`progress_enabled`.
"""
from __future__ import annotations

import contextlib
import os
import sys
from typing import Protocol
from collections.abc import Callable, Sequence

READING = "reading"
ENCODING = "encoding"
ALIGNING = "aligning"
EXTRACTING = "extracting terms"
PAIRING = "pairing"
SENTENCES = "aligning sentences"
WRITING = "writing"
#: the stages of one pair, in the order the pipeline reports them (SENTENCES only at sentence level)
PAIR_STAGES = (READING, ENCODING, ALIGNING, EXTRACTING, PAIRING, SENTENCES)

#: environment variable: "1" draws the bars even when stderr is not a terminal, "0" never draws them
PROGRESS_ENV = "TOOLKIT_PROGRESS"
#: terminals rich cannot redraw in place (its own list, rich.console.Console.is_dumb_terminal)
_DUMB_TERMS = ("dumb", "unknown")


class ProgressCallback(Protocol):
    """What the pipeline calls as each stage starts."""

    def __call__(self, stage: str, detail: str = "") -> None: ...


def report(progress: Callable[[str, str], None] | None, stage: str, detail: str = "") -> None:
    """Call ``progress(stage, detail)`` when there is a callback."""
    if progress is not None:
        progress(stage, detail)


def progress_enabled() -> bool:
    """Whether the command line draws bars: stderr is a terminal (not a dumb one),
    unless ``$TOOLKIT_PROGRESS`` says 1 (always) or 0 (never)."""
    forced = os.environ.get(PROGRESS_ENV, "").strip()
    if forced in ("0", "1"):
        return forced == "1"
    isatty = getattr(sys.stderr, "isatty", None)
    try:
        tty = bool(isatty and isatty())
    except (OSError, ValueError):   # a closed or odd stream
        tty = False
    return tty and os.environ.get("TERM", "").strip().lower() not in _DUMB_TERMS


def _console():
    from rich.console import Console

    # stderr resolved at each write (Click's test runner swaps it); terminal already decided above
    return Console(stderr=True, force_terminal=True)


class _Bar:
    """A rich progress bar on stderr; redraws at once on every change, so each stage shows."""

    def __init__(self, total: int, label: str, console=None) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self.progress: Progress | None = Progress(SpinnerColumn(), TextColumn(label), BarColumn(), MofNCompleteColumn(),
                                 TextColumn("{task.description}"), TimeElapsedColumn(),
                                 console=console or _console(), transient=False,
                                 redirect_stdout=False)   # a command's stdout output stays on stdout
        self.task = self.progress.add_task("", total=max(total, 1))
        self.progress.start()

    def _show(self, completed: int, description: str) -> None:
        if self.progress is None:       # closed: a late report has nothing left to draw on
            return
        task = self.progress.tasks[0]
        total = max(task.total or 0, completed)
        self.progress.update(self.task, completed=completed, total=total, description=description)
        self.progress.refresh()

    def close(self) -> None:
        if self.progress is not None:
            task = self.progress.tasks[0]
            self.progress.update(self.task, completed=task.total)
            self.progress.stop()
            self.progress = None

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class StageBar(_Bar):
    """One bar for one job: a step per stage (``stages``), the current stage as its text."""

    def __init__(self, stages: Sequence[str], console=None) -> None:
        self.seen: list[str] = []
        super().__init__(len(stages), "", console)

    def __call__(self, stage: str, detail: str = "") -> None:
        self.seen.append(stage)
        self._show(len(self.seen) - 1, f"{stage} {detail}".strip())


class ItemBar(_Bar):
    """One bar across documents (``toolkit run``): call it with each item as it starts;
    ``stage`` shows the stage of the current item when the job reports it."""

    def __init__(self, total: int, label: str = "documents", console=None) -> None:
        self.started = 0
        self.item = ""
        super().__init__(total, label, console)

    def __call__(self, item: str) -> None:
        self.started += 1
        self.item = item
        self._show(self.started - 1, item)

    def stage(self, stage: str, detail: str = "") -> None:
        self._show(max(self.started - 1, 0), f"{self.item}: {stage} {detail}".strip())


def stage_bar(stages: Sequence[str] = PAIR_STAGES):
    """A :class:`StageBar` when bars are enabled, else None (a silent pipeline)."""
    return StageBar(stages) if progress_enabled() else None


def maybe(bar):
    """``with maybe(stage_bar(...)) as progress:`` — the bar (closed at the end) or None."""
    return bar if bar is not None else contextlib.nullcontext()


__all__ = ["PAIR_STAGES", "READING", "ENCODING", "ALIGNING", "EXTRACTING", "PAIRING", "SENTENCES", "WRITING",
           "PROGRESS_ENV", "ProgressCallback", "report", "progress_enabled", "StageBar", "ItemBar",
           "stage_bar", "maybe"]
