#!/usr/bin/env bash
# Set up everything Marquee needs on a fresh Debian machine: the system libraries Qt loads
# (when we may install them), a virtual environment in .venv and the Python packages.
# Safe to run again: each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}

QT_LIBS="libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 fonts-dejavu-core
 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-shape0
 libxcb-xinerama0 libxcb-randr0 libxcb-xkb1"
# Real photographs the tests import as posters and stills (tests/library.py; they skip without them).
TEST_DATA="mate-backgrounds"
# PostgreSQL's server programs: the shared-catalogue tests start a real server of their own
# (initdb + pg_ctl in a temporary folder); they skip, saying why, without it.
SERVER="postgresql"
missing=""
if command -v dpkg-query >/dev/null; then
  for p in $QT_LIBS $TEST_DATA $SERVER; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
  done
  "$PY" -c "import venv, ensurepip" 2>/dev/null || missing="$missing python3-venv"
  # Real photos for the near-duplicate tests and benchmark (read in place from /usr/share; the
  # tests that need them skip when they are absent).
  for p in mate-backgrounds sway-backgrounds plasma-workspace-wallpapers; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
  done
fi
if [ -n "$missing" ]; then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo -n"
  echo "Installing system libraries:$missing"
  # Not fatal: the tests run offscreen without the X11 ones; the window needs them on a desktop.
  if ! { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >/dev/null; }
  then
    echo "Could not install them; please install these Debian packages:$missing" >&2
  fi
fi

stamp=.venv/.installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ tools/bootstrap.sh -nt "$stamp" ]; then
  [ -x .venv/bin/python ] || "$PY" -m venv .venv
  # An editable install in "compat" mode: a .pth naming this folder. The default mode's import
  # hook cost every start of Python in .venv 25 ms (a window, each command, each test process).
  .venv/bin/python -m pip install -q --disable-pip-version-check -e ".[test]" --config-settings editable_mode=compat
  touch "$stamp"
fi
