"""`toolkit fetch` commands (to be filled in)."""
from toolkit.cli import cli  # noqa: F401
