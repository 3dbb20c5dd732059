"""Command line: a thin layer over the library API.

Each command group lives in its own module of this package and registers
itself on :data:`cli`.  Errors a user can cause (:class:`ToolkitError`) are
printed as one line on stderr with a non-zero exit; anything else is reported
as an internal error (set ``TOOLKIT_DEBUG=1`` for the traceback).
"""
from __future__ import annotations

import os
import sys

import click

from toolkit import __version__
from toolkit.errors import ToolkitError


class ToolkitGroup(click.Group):
    """A click group that turns user errors into one clear line."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ToolkitError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            ctx.exit(130)
        except BrokenPipeError:
            ctx.exit(0)
        except OSError as exc:  # permission denied, disk full...
            click.echo(f"error: {exc.filename or ''}: {exc.strerror or exc}".replace(": : ", ": "), err=True)
            ctx.exit(2)
        except Exception as exc:  # a bug: say so in one line unless debugging
            if os.environ.get("TOOLKIT_DEBUG"):
                raise
            click.echo(f"internal error: {type(exc).__name__}: {exc} (set TOOLKIT_DEBUG=1 for details)", err=True)
            ctx.exit(70)


@click.group(cls=ToolkitGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="toolkit")
def cli() -> None:
    """Align UN resolutions (French/English and more) and build CAT-ready terminology."""


def warn(message: str) -> None:
    """Print a one-line warning on stderr."""
    click.echo(f"warning: {message}", err=True)


# Command modules register themselves on `cli` when imported.
from toolkit.cli import segment as _segment  # noqa: E402,F401
from toolkit.cli import align as _align  # noqa: E402,F401
from toolkit.cli import terms as _terms  # noqa: E402,F401
from toolkit.cli import export as _export  # noqa: E402,F401
from toolkit.cli import batch as _batch  # noqa: E402,F401
from toolkit.cli import fetch as _fetch  # noqa: E402,F401
from toolkit.cli import review as _review  # noqa: E402,F401
from toolkit.cli import run as _run  # noqa: E402,F401


def main() -> None:
    cli(prog_name="toolkit")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
