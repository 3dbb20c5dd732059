"""Command line: a thin layer over the library API.

Each command group lives in its own module of this package and registers
itself on :data:`cli`.  Errors a user can cause (:class:`ToolkitError`) are
printed as one line on stderr with a non-zero exit; so are Click's own usage
errors (a missing argument, a directory where a file is expected...), for
every command, exit status 2.  Anything else is reported as an internal
error (set ``TOOLKIT_DEBUG=1`` for the traceback).  SIGTERM cleans up like
Ctrl-C (temporary files removed), prints ``terminated`` and exits 143.
"""
from __future__ import annotations

import os
import sys
from typing import Iterable

import click

from toolkit import __version__
from toolkit.errors import Terminated, ToolkitError

#: exit status after Ctrl-C: 128 + SIGINT (2), as a shell reports it
INTERRUPTED_EXIT = 130
#: Click's own exception that prints the help when a group gets no arguments (click >= 8.2)
_HELP_ERRORS = tuple(getattr(click.exceptions, n) for n in ("NoArgsIsHelpError",) if hasattr(click.exceptions, n))


def _one_line(exc: click.ClickException) -> click.ClickException:
    """Make ``exc`` print ``error: <message>`` on one line instead of Click's usage block."""
    if isinstance(exc, _HELP_ERRORS):
        return exc

    def show(file=None) -> None:
        message = " ".join(exc.format_message().split())
        ctx = getattr(exc, "ctx", None)
        hint = f" (see '{ctx.command_path} --help')" if isinstance(exc, click.UsageError) and ctx else ""
        click.echo(f"error: {message}{hint}", file=file, err=file is None)

    exc.show = show   # click's main() calls exc.show(); the class and exit code stay Click's
    return exc


def _terminated() -> click.exceptions.Exit:
    click.echo("terminated", err=True)
    return click.exceptions.Exit(Terminated.exit_code)


class ToolkitGroup(click.Group):
    """A click group that turns user errors into one clear line."""

    def make_context(self, info_name, args, parent=None, **extra):
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except click.ClickException as exc:   # bad options of the group itself
            raise _one_line(exc)
        except Terminated:
            raise _terminated() from None

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ToolkitError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except (click.exceptions.Exit, click.exceptions.Abort):
            raise
        except click.ClickException as exc:   # usage errors of every subcommand, nested groups included
            raise _one_line(exc)
        except Terminated:
            raise _terminated() from None
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            ctx.exit(INTERRUPTED_EXIT)
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


def check_output(path, *, force: bool, inputs: Iterable = ()) -> None:
    """Refuse an output before any work (call it after the format check, before reading):
    one of ``inputs`` (even with --force), existing without --force, a folder that cannot be written."""
    from toolkit.fileio import check_output as _check

    _check(path, force=force, inputs=inputs)


def language_warnings(*docs, names=None) -> list[str]:
    """Check every document's language label against its text (toolkit.langid) and warn on stderr."""
    from toolkit.langid import check_language_labels

    messages = check_language_labels(*docs, names=names)
    for message in messages:
        warn(message)
    return messages


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
    from toolkit.fileio import terminate_on_sigterm

    with terminate_on_sigterm():
        cli(prog_name="toolkit")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
