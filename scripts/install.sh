#!/usr/bin/env bash
# Install the toolkit and everything its tests use, on a fresh Debian/Ubuntu
# machine, offline except for the package registries (apt, PyPI).
#
#   bash scripts/install.sh            # venv in .venv, apt tools if root/sudo
#   TOOLKIT_NO_APT=1 bash scripts/install.sh   # skip the Debian packages
#
# Debian packages are only needed by the real-tool tests and the PDF reader
# fixtures (LibreOffice, OmegaT, Chromium); without them those tests are
# skipped with a message naming the package.
set -euo pipefail
cd "$(dirname "$0")/.."

# The fonts the PDF fixtures are set in (Liberation Serif, DejaVu Sans):
# LibreOffice substitutes whatever it finds for a missing font, which moves
# every line break of the fixture PDFs.
APT_PACKAGES=(chromium libreoffice-writer libreoffice-calc omegat fonts-liberation fonts-dejavu-core)

if [ -z "${TOOLKIT_NO_APT:-}" ]; then
  SUDO=""
  if [ "$(id -u)" != "0" ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo"; else SUDO="none"; fi
  fi
  if [ "$SUDO" = "none" ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "install: no root/apt here; skipping Debian packages (${APT_PACKAGES[*]}): their tests will be skipped" >&2
  else
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends "${APT_PACKAGES[@]}" >/dev/null
  fi
fi

PYTHON="${PYTHON:-python3.11}"
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3
[ -d .venv ] || "$PYTHON" -m venv .venv
. .venv/bin/activate
python -m pip install -q --upgrade pip
# torch first and pinned: 2.13.0 is the CPU build; a plain `torch` would pull
# several GB of CUDA wheels.
python -m pip install -q "torch==2.13.0"
python -m pip install -q -e ".[test]"
python -m ipykernel install --sys-prefix --name python3 >/dev/null
echo "install: done ($(python -c 'import toolkit; print("toolkit", toolkit.__version__)'))"
