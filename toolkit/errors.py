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
