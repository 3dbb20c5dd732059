"""Errors a user can cause.  The CLI prints their one-line message and exits non-zero.

Anything that is not a ``ToolkitError`` is a bug in the toolkit.
"""
from __future__ import annotations


class ToolkitError(Exception):
    """Base class of every error caused by input, options or environment."""

    exit_code = 2


class InputError(ToolkitError):
    """A file that is missing, unreadable, empty or in an unexpected format."""


class EncodingError(InputError):
    """A text whose encoding could not be detected or decoded."""


class ModelNotAvailable(ToolkitError):
    """A model (encoder, spaCy pipeline) that cannot be loaded offline."""


class OutputExists(ToolkitError):
    """An output file that already exists and ``--force`` was not given."""


class NetworkError(ToolkitError):
    """A remote service that cannot be reached or answered with an error."""


class AlignmentError(ToolkitError):
    """Inputs that cannot be aligned (empty side, too many segments...)."""


class OutputError(ToolkitError):
    """An output path that cannot be used: one of the inputs, or in a folder that cannot be written."""


class Terminated(KeyboardInterrupt):
    """The process received SIGTERM (see :func:`toolkit.fileio.terminate_on_sigterm`).

    A ``KeyboardInterrupt`` so that every cleanup written for Ctrl-C (``finally``
    blocks, ``except KeyboardInterrupt: cancel; raise``) runs for SIGTERM too.
    """

    #: 128 + SIGTERM (15): the status a shell reports for a process killed by SIGTERM
    exit_code = 143
