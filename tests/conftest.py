"""Fixtures shared by the test modules.

Tests that read ``../shared/data`` are marked ``shared_data`` and skipped
cleanly when it is absent; everything else uses what the project ships
(``corpora/``) or small fixtures written in the tests themselves.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"
SHARED_DATA = Path(os.environ.get("TOOLKIT_SHARED_DATA", ROOT.parent / "shared" / "data"))


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def corpora() -> Path:
    return CORPORA


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """Path to ../shared/data; skips the test cleanly when it is not there."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"shared data not available at {SHARED_DATA}")
    return SHARED_DATA


@pytest.fixture(scope="session")
def encoder():
    """The default offline encoder, loaded once for the whole session."""
    from toolkit.embed import load_encoder

    return load_encoder()


@pytest.fixture(autouse=True, scope="session")
def _isolated_cache(tmp_path_factory):
    """Keep the embedding cache of a test run out of the user's home."""
    if "TOOLKIT_CACHE_DIR" not in os.environ:
        os.environ["TOOLKIT_CACHE_DIR"] = str(tmp_path_factory.mktemp("toolkit-cache"))
    yield


@pytest.fixture(scope="session")
def seed_path() -> Path:
    """The shipped French seed, A/RES/68/192."""
    path = CORPORA / "A-RES-68-192" / "fr.txt"
    if not path.exists():
        pytest.skip(f"shipped seed {path} not found")
    return path


@pytest.fixture(scope="session")
def built(tmp_path_factory, seed_path):
    """DOCX/PDF fixtures of the seed, built once per session (tests/fixtures/build_fixtures.py)."""
    sys.path.insert(0, str(ROOT / "tests" / "fixtures"))
    import build_fixtures

    return build_fixtures.session_fixtures(tmp_path_factory.getbasetemp(), seed_path)


@pytest.fixture()
def files(tmp_path):
    """A one-sentence French/English pair (fr.txt, en.txt): for command-line checks that stop
    before or after a trivially short piece of work."""
    fr, en = tmp_path / "fr.txt", tmp_path / "en.txt"
    fr.write_text("Décide de rester saisie de la question.\n", encoding="utf-8")
    en.write_text("Decides to remain seized of the matter.\n", encoding="utf-8")
    return fr, en
