#!/usr/bin/env bash
# Build the benchmark baselines into bench/baselines/build/ (ignored by git: the `build/` line of .gitignore).
#   hunalign: C++ source in ../shared/tools/hunalign, built with its own Makefile (g++, make).
#   vecalign: ../shared/tools/vecalign installed with pip --target (no dependencies: the venv's numpy is used);
#             pip builds its Cython extension dp_core (needs Cython, which pip fetches, a C compiler and Python.h).
# Idempotent: an existing build is kept (delete bench/baselines/build to rebuild).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
tools="${TOOLKIT_SHARED_TOOLS:-$root/../shared/tools}"
build="$here/build"
py="${PYTHON:-$root/.venv/bin/python}"
mkdir -p "$build"
status=0

if [ -x "$build/hunalign/src/hunalign/hunalign" ]; then
  echo "hunalign: already built at $build/hunalign/src/hunalign/hunalign"
elif [ ! -d "$tools/hunalign/src/hunalign" ]; then
  echo "hunalign: source not found under $tools/hunalign" >&2; status=1
else
  rm -rf "$build/hunalign"
  cp -r "$tools/hunalign" "$build/hunalign"
  chmod -R u+w "$build/hunalign"
  if nice -n 10 make -C "$build/hunalign/src/hunalign" >"$build/hunalign-make.log" 2>&1; then
    echo "hunalign: built $build/hunalign/src/hunalign/hunalign"
  else
    echo "hunalign: make failed, see $build/hunalign-make.log" >&2; tail -20 "$build/hunalign-make.log" >&2; status=1
  fi
fi

if ls "$build"/vecalign-py/vecalign/dp_core*.so >/dev/null 2>&1; then
  echo "vecalign: already installed at $build/vecalign-py"
elif [ ! -f "$tools/vecalign/setup.py" ]; then
  echo "vecalign: source not found under $tools/vecalign" >&2; status=1
else
  rm -rf "$build/vecalign-py" "$build/vecalign-src"
  cp -r "$tools/vecalign" "$build/vecalign-src"      # pip writes build files next to the source
  chmod -R u+w "$build/vecalign-src"
  if nice -n 10 "$py" -m pip install --no-deps --target "$build/vecalign-py" "$build/vecalign-src" \
      >"$build/vecalign-pip.log" 2>&1; then
    echo "vecalign: installed into $build/vecalign-py"
  else
    echo "vecalign: pip install failed, see $build/vecalign-pip.log" >&2; tail -20 "$build/vecalign-pip.log" >&2; status=1
  fi
fi
exit $status
