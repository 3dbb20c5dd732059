"""Static analysis of the code: ruff over toolkit, tests and bench, mypy over the toolkit, both with
the settings of pyproject.toml.  Skipped when the tool is not installed (the ``test`` extra brings both)."""
from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 900       # a cold mypy run over the toolkit (and its third-party imports) takes a few minutes


def _command(tool: str) -> list[str]:
    """How to run ``tool``: as a module of this interpreter, else the executable next to it or on PATH."""
    if importlib.util.find_spec(tool) is not None:
        return [sys.executable, "-m", tool]
    beside = Path(sys.executable).parent / tool
    found = str(beside) if beside.is_file() else shutil.which(tool)
    if found is None:
        pytest.skip(f"{tool} is not installed (pip install '.[test]' brings it)")
    return [found]


def _run(args: list[str]) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1", "TERM": "dumb"}
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=TIMEOUT)


def test_ruff_finds_nothing():
    res = _run([*_command("ruff"), "check", "--no-cache", "--output-format", "concise", "toolkit", "tests", "bench"])
    findings = (res.stdout + res.stderr).strip()
    assert res.returncode == 0, f"ruff check toolkit tests bench:\n{findings}"


def test_mypy_finds_nothing():
    res = _run([*_command("mypy"), "toolkit"])
    findings = (res.stdout + res.stderr).strip()
    assert res.returncode == 0, f"mypy toolkit:\n{findings}"
