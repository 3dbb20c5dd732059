"""The installed package: its typing marker and its `toolkit` console script."""
from __future__ import annotations

import importlib.metadata
import importlib.resources
import tomllib

DIST = "un-align-toolkit"


def test_the_installed_package_has_the_py_typed_marker_that_pyproject_ships(root):
    declared = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    assert "py.typed" in declared["tool"]["setuptools"]["package-data"]["toolkit"]
    marker = importlib.resources.files("toolkit") / "py.typed"
    assert marker.is_file(), "toolkit/py.typed is listed in package-data but missing (PEP 561)"


def test_the_toolkit_console_script_is_the_cli_entry_point():
    scripts = {e.name: e.value for e in importlib.metadata.entry_points(group="console_scripts")
               if e.dist is not None and e.dist.name == DIST}
    assert scripts == {"toolkit": "toolkit.cli:main"}
