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

import contextlib
import os
import re
import sys
import warnings
from collections.abc import Iterable, Iterator

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

    exc.show = show   # type: ignore[method-assign]  # click's main() calls exc.show(); the class and exit code stay Click's
    return exc


def _terminated() -> click.exceptions.Exit:
    click.echo("terminated", err=True)
    return click.exceptions.Exit(Terminated.exit_code)


@contextlib.contextmanager
def _reader_warnings_as_lines() -> Iterator[None]:
    """Show the readers' warnings (a formula cell read as text, a skipped row) as
    one ``warning:`` line each, as they happen, instead of Python's two-line
    display; other warnings keep Python's handling."""
    from toolkit.export.common import ReaderWarning

    with warnings.catch_warnings():
        previous = warnings.showwarning

        def show(message, category, filename, lineno, file=None, line=None):
            if issubclass(category, ReaderWarning):
                warn(str(message))
            else:
                previous(message, category, filename, lineno, file, line)

        warnings.simplefilter("always", ReaderWarning)
        warnings.showwarning = show
        yield


class ToolkitGroup(click.Group):
    """A click group that turns user errors into one clear line."""

    def make_context(self, info_name, args, parent=None, **extra):
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except click.ClickException as exc:   # bad options of the group itself
            _one_line(exc)                    # patches exc in place
            raise
        except Terminated:
            raise _terminated() from None

    def invoke(self, ctx: click.Context):
        try:
            with _reader_warnings_as_lines():
                return super().invoke(ctx)
        except ToolkitError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except (click.exceptions.Exit, click.exceptions.Abort):
            raise
        except click.ClickException as exc:   # usage errors of every subcommand, nested groups included
            _one_line(exc)                    # patches exc in place
            raise
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


#: LANG of --lang-code: a primary language subtag as the toolkit keeps it (fr, en, zh...)
_LANG_RE = re.compile(r"^[a-z]{2,3}$")
#: CODE of --lang-code: a BCP 47 tag, primary subtag then subtags such as a region (fr-CA, en-GB, zh-Hans-CN)
_CODE_RE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")
#: a UTF-8 byte-order mark (--bom), which Excel needs to read a CSV/TSV file as UTF-8
BOM = "\ufeff"
#: what --bom applies to: the glossary and alignment formats that are plain delimited text
BOM_FORMATS = ("csv", "tsv", "omegat")

LANG_CODE_HELP = (
    "Language code to write for LANG (repeatable): in spreadsheet headers, TBX, TMX and XLIFF xml:lang. "
    "UN English is British: en=en-GB; Canadian French: fr=fr-CA. Default: XLSX headers "
    "fr-FR, en-US, es-ES, ar-SA, ru-RU, zh-CN, de-DE; TBX, TMX, CSV and TSV the bare code (fr, en).")
BOM_HELP = "Start CSV/TSV outputs (and OmegaT .txt glossaries) with a UTF-8 BOM, so that Excel reads them as UTF-8."
#: what --comment-header applies to: the plain tables (beads and term lists too), whose signature
#: otherwise goes to NAME.signature.json
COMMENT_HEADER_FORMATS = ("csv", "tsv", "omegat", "beads", "terms")
COMMENT_HEADER_HELP = ("Write the signature as a '# signature:' first line instead of NAME.signature.json "
                       "(plain tables only).")


def parse_lang_codes(values: Iterable[str]) -> dict[str, str] | None:
    """``("fr=fr-CA", "en=en-GB")`` -> ``{"fr": "fr-CA", "en": "en-GB"}`` (None when empty).

    Raises :class:`click.BadParameter` (one line, exit 2) for anything that is
    not LANG=CODE with CODE a BCP 47 tag of the same language.
    """
    codes: dict[str, str] = {}
    for value in values:
        lang, sep, code = (x.strip() for x in value.partition("="))
        if not sep or not lang or not code:
            raise click.BadParameter(f"{value!r}: expected LANG=CODE, e.g. en=en-GB", param_hint="'--lang-code'")
        lang = lang.lower()
        if not _LANG_RE.match(lang):
            raise click.BadParameter(f"{value!r}: LANG must be a language code such as fr or en",
                                     param_hint="'--lang-code'")
        if not _CODE_RE.match(code):
            hint = f" (use a hyphen: {code.replace('_', '-')})" if "_" in code else ""
            raise click.BadParameter(f"{value!r}: {code!r} is not a language tag such as {lang}-XX{hint}",
                                     param_hint="'--lang-code'")
        if code.split("-")[0].lower() != lang:
            raise click.BadParameter(f"{value!r}: a code for {lang} starts with {lang}- "
                                     f"(e.g. fr=fr-CA, en=en-GB)", param_hint="'--lang-code'")
        codes[lang] = code
    return codes or None


OFFLINE_HELP = ("Never contact the Hugging Face Hub: a --model name must already be in the local Hugging Face "
                "cache (same as HF_HUB_OFFLINE=1).")


def _go_offline(ctx, param, value):
    if value:
        # read by toolkit.embed when it loads the model, and inherited by batch worker processes
        os.environ["HF_HUB_OFFLINE"] = "1"
    return value


def offline_option(command):
    """``--offline``, next to every ``--model``: sets ``HF_HUB_OFFLINE=1`` for this run (the command
    function does not receive it), so that a Hub model name loads from the local cache or fails at once."""
    return click.option("--offline", is_flag=True, expose_value=False, callback=_go_offline,
                        help=OFFLINE_HELP)(command)


def comment_header_option(command):
    """``--comment-header`` alone (commands that write plain tables but no glossary or alignment)."""
    return click.option("--comment-header", "comment_header", is_flag=True, help=COMMENT_HEADER_HELP)(command)


def output_options(command):
    """``--lang-code LANG=CODE`` (repeatable), ``--bom`` and ``--comment-header``, shared by every
    command that writes glossaries or alignments.  The command receives ``lang_codes`` (a dict or
    None), ``bom`` and ``comment_header``."""
    command = comment_header_option(command)
    command = click.option("--bom", is_flag=True, help=BOM_HELP)(command)
    return click.option("--lang-code", "lang_codes", multiple=True, metavar="LANG=CODE", help=LANG_CODE_HELP,
                        callback=lambda ctx, param, values: parse_lang_codes(values))(command)


SUBJECT_HELP = 'Subject field of every glossary entry, e.g. "crime prevention and criminal justice".'
VOCABULARY_HELP = ("Also write single general words that translate word for word (class 'vocabulary') to the TBX "
                   "and CAT glossaries; tables always list them.")
ALL_ENTRIES_HELP = ("Write every entry to the TBX and CAT glossaries: vocabulary and the low-confidence "
                    "candidates too.")


def glossary_options(command):
    """``--subject``, ``--with-vocabulary`` and ``--all-entries``, shared by every command that builds
    glossaries.  The command receives ``subject`` and ``classes`` (the entry classes its TBX and CAT
    glossaries hold: :func:`classes_from_flags`)."""
    import functools

    @functools.wraps(command)
    def wrapper(*args, with_vocabulary: bool = False, all_entries: bool = False, **kwargs):
        return command(*args, classes=classes_from_flags(with_vocabulary, all_entries), **kwargs)

    wrapper = click.option("--all-entries", "all_entries", is_flag=True, help=ALL_ENTRIES_HELP)(wrapper)
    wrapper = click.option("--with-vocabulary", "with_vocabulary", is_flag=True, help=VOCABULARY_HELP)(wrapper)
    return click.option("--subject", metavar="TEXT", help=SUBJECT_HELP)(wrapper)


def classes_from_flags(with_vocabulary: bool = False, all_entries: bool = False) -> tuple[str, ...]:
    """The entry classes a TBX or CAT glossary holds: terms, plus what the flags add."""
    from toolkit.model import CANDIDATE, TERM, VOCABULARY

    if all_entries:
        return (TERM, VOCABULARY, CANDIDATE)
    return (TERM, VOCABULARY) if with_vocabulary else (TERM,)


def glossary_summary(glossary) -> str:
    """``344 entries: 126 terms, 145 vocabulary, 73 candidates; none reviewed``."""
    from toolkit.model import CANDIDATE, TERM, VOCABULARY

    n = {c: len(glossary.of_class(c)) for c in (TERM, VOCABULARY, CANDIDATE)}
    reviewed = sum(1 for e in glossary.entries if e.reviewed)
    return (f"{len(glossary)} entries: {n[TERM]} terms, {n[VOCABULARY]} vocabulary, {n[CANDIDATE]} candidates; "
            f"{reviewed or 'none'} reviewed")


def warn_unused_bom(bom: bool, path, fmt: str | None) -> None:
    """Warn that --bom does nothing for ``path`` (a format that is not CSV/TSV, or stdout)."""
    if bom and fmt not in BOM_FORMATS:
        where = f"{path} ({fmt})" if path else "standard output"
        warn(f"--bom applies to CSV/TSV files only; ignored for {where}")


def warn_unused_comment_header(comment_header: bool, path, fmt: str | None) -> None:
    """Warn that --comment-header does nothing for ``path`` (TBX, TMX, XLSX, XLIFF, JSONL keep the
    signature in their own header)."""
    if comment_header and fmt not in COMMENT_HEADER_FORMATS:
        where = f"{path} ({fmt})" if path else "standard output"
        warn(f"--comment-header applies to plain tables (CSV/TSV, OmegaT .txt, beads, term lists) only; "
             f"ignored for {where}")


def warn(message: str) -> None:
    """Print a one-line warning on stderr (above the progress bar while one is drawn)."""
    # sys.stderr as it is now: a progress bar swaps in a proxy that keeps the bar below the
    # text, which click.echo(err=True) would bypass (it writes to the stream's buffer)
    click.echo(f"warning: {message}", file=sys.stderr)


def check_output(path, *, force: bool, inputs: Iterable = ()) -> None:
    """Refuse an output before any work (call it after the format check, before reading):
    one of ``inputs`` (even with --force), existing without --force, a folder that cannot be written;
    the same for its signature sidecar ``NAME.signature.json``, which a plain table may get."""
    from toolkit.export.common import FIGURES_SUFFIX, check_sidecar
    from toolkit.fileio import check_output as _check

    inputs = tuple(inputs)
    _check(path, force=force, inputs=inputs)
    check_sidecar(path, force=force, inputs=inputs)
    if str(path).lower().endswith(".tbx"):       # a TBX keeps its machine figures beside it
        check_sidecar(path, force=force, inputs=inputs, suffix=FIGURES_SUFFIX)


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
from toolkit.cli import suggest as _suggest  # noqa: E402,F401


def main() -> None:
    from toolkit.fileio import terminate_on_sigterm

    with terminate_on_sigterm():
        cli(prog_name="toolkit")


if __name__ == "__main__":  # pragma: no cover
    main()
