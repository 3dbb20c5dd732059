"""The progress bar of a batch: pairs done / failed / skipped / remaining."""
from __future__ import annotations

from toolkit.batch.common import FAILED, SKIPPED
from toolkit.batch.records import PairRecord


class _Progress:
    """A rich progress bar on stderr: pairs done / failed / remaining."""

    def __init__(self, total: int, enabled: bool = True) -> None:
        self.total, self.done, self.failed, self.skipped = total, 0, 0, 0
        self.bar = None
        if enabled:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

            self.bar = Progress(TextColumn("pairs"), BarColumn(), MofNCompleteColumn(),
                                TextColumn("{task.description}"), TimeElapsedColumn(), TextColumn("eta"),
                                TimeRemainingColumn(), console=Console(stderr=True), transient=False)
            self.task = self.bar.add_task(self._text(), total=total)
            self.bar.start()

    def _text(self) -> str:
        remaining = self.total - self.done - self.failed - self.skipped
        extra = f" · skipped {self.skipped}" if self.skipped else ""
        return f"done {self.done} · failed {self.failed}{extra} · remaining {remaining}"

    def update(self, rec: PairRecord) -> None:
        if rec.status == FAILED:
            self.failed += 1
        elif rec.status == SKIPPED:
            self.skipped += 1
        else:
            self.done += 1
        if self.bar is not None:
            self.bar.update(self.task, advance=1, description=self._text())

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None
