# Shared by tools/run-demo.sh, tools/test.sh and tools/bench.sh: prepare a fresh Linux machine
# and a virtualenv.
# Sourced, not run. Idempotent: a second run installs nothing new.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-python3}"
VENV="${COPDESK_VENV:-$ROOT/.venv}"

# System libraries PySide6's wheels need on a bare Debian/Ubuntu (Qt's xcb and offscreen
# platforms), plus venv support. Installed only when missing, and only where apt-get exists.
SYSTEM_PACKAGES=(
  libgl1 libegl1 libglib2.0-0 libfontconfig1 libdbus-1-3 libxkbcommon0 libxkbcommon-x11-0
  libx11-xcb1 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0
  libxcb-shape0 libxcb-randr0 libxcb-xfixes0 libxcb-xkb1 libxcb-sync1
)
# Validators the tests run on the packaging files (.desktop, AppStream metainfo, MIME type).
TEST_PACKAGES=(desktop-file-utils appstream shared-mime-info)
install_system_packages() {
  command -v apt-get >/dev/null 2>&1 || return 0
  command -v dpkg-query >/dev/null 2>&1 || return 0
  local missing=()
  local pkg
  for pkg in "${SYSTEM_PACKAGES[@]}" "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if ! "$PYTHON" -c "import ensurepip, venv" >/dev/null 2>&1; then
    missing+=("python3-venv")
  fi
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "copdesk: installing system packages: ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

make_venv() {
  # $1: the pip extras spec, e.g. "." or ".[test]"
  if [ ! -x "$VENV/bin/python" ]; then
    "$PYTHON" -m venv "$VENV"
  fi
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e "$1"
}
