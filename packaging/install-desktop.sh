#!/usr/bin/env bash
# Put copdesk in this user's desktop menu and make double-clicking a .copdesk file open it.
#
#   ./install-desktop.sh               from the unpacked copdesk folder (it sits beside `copdesk`)
#   ./install-desktop.sh --uninstall   take it all out again
#
# Copies the menu entry, the icons, the application/x-copdesk file type and the AppStream metainfo
# into ${XDG_DATA_HOME:-~/.local/share}, links ~/.local/bin/copdesk to the program, and refreshes
# the desktop's caches with update-desktop-database, update-mime-database, gtk-update-icon-cache
# and xdg-mime where they are installed. Nothing needs root. Run it again after moving the folder.
#
# Options: --bundle DIR (the copdesk folder; default: this script's folder, else ../dist/copdesk
# from a source checkout), --data-dir DIR (default: ${XDG_DATA_HOME:-~/.local/share}),
# --bin-dir DIR (default: ~/.local/bin; "" for no link).
set -euo pipefail

APP_ID=io.github.copdesk.Copdesk
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BUNDLE=""
DATA="${XDG_DATA_HOME:-$HOME/.local/share}"
BIN="$HOME/.local/bin"
UNINSTALL=0

while [ $# -gt 0 ]; do
  case "$1" in
    --uninstall) UNINSTALL=1 ;;
    --bundle) BUNDLE="$2"; shift ;;
    --data-dir) DATA="$2"; shift ;;
    --bin-dir) BIN="$2"; shift ;;
    -h|--help) sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install-desktop.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

if [ -z "$BUNDLE" ]; then
  if [ -d "$HERE/share" ]; then BUNDLE="$HERE"; else BUNDLE="$HERE/../dist/copdesk"; fi
fi

refresh() {
  if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database -q "$DATA/applications" || true
  fi
  if command -v update-mime-database >/dev/null 2>&1; then
    update-mime-database "$DATA/mime" >/dev/null || true
  fi
  if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$DATA/icons/hicolor/index.theme" ]; then
    gtk-update-icon-cache -q -t -f "$DATA/icons/hicolor" || true
  fi
}

installed_files() {
  echo "$DATA/applications/$APP_ID.desktop"
  echo "$DATA/metainfo/$APP_ID.metainfo.xml"
  echo "$DATA/mime/packages/$APP_ID.xml"
  local size
  for size in 16 24 32 48 64 128 256 512; do
    echo "$DATA/icons/hicolor/${size}x${size}/apps/$APP_ID.png"
  done
  echo "$DATA/icons/hicolor/scalable/apps/$APP_ID.svg"
}

if [ "$UNINSTALL" -eq 1 ]; then
  installed_files | while read -r file; do rm -f "$file"; done
  if [ -n "$BIN" ] && [ -L "$BIN/copdesk" ]; then rm -f "$BIN/copdesk"; fi
  refresh
  echo "copdesk: removed from the desktop menu."
  exit 0
fi

BUNDLE="$(cd "$BUNDLE" 2>/dev/null && pwd)" || { echo "install-desktop.sh: no copdesk folder found (use --bundle DIR)" >&2; exit 1; }
PROGRAM="$BUNDLE/copdesk"
SHARE="$BUNDLE/share"
if [ ! -x "$PROGRAM" ] || [ ! -d "$SHARE/applications" ]; then
  echo "install-desktop.sh: $BUNDLE is not a copdesk folder (no copdesk program or share/)." >&2
  exit 1
fi

# Exec= takes a quoted argument: inside double quotes \ " ` $ are backslash-escaped, and the
# string escapes then double every backslash; % is doubled (Desktop Entry Specification).
exec_arg="$PROGRAM"
if [[ ! "$exec_arg" =~ ^[A-Za-z0-9/._+-]+$ ]]; then
  exec_arg="${exec_arg//\\/\\\\\\\\}"
  exec_arg="${exec_arg//\"/\\\\\"}"
  exec_arg="${exec_arg//\`/\\\\\`}"
  exec_arg="${exec_arg//\$/\\\\\$}"
  exec_arg="\"${exec_arg//%/%%}\""
fi
try_exec="${PROGRAM//\\/\\\\}"

mkdir -p "$DATA/applications" "$DATA/metainfo" "$DATA/mime/packages"
desktop="$DATA/applications/$APP_ID.desktop"
while IFS= read -r line || [ -n "$line" ]; do
  case "$line" in
    Exec=*) printf 'Exec=%s %%f\n' "$exec_arg" ;;
    TryExec=*) printf 'TryExec=%s\n' "$try_exec" ;;
    *) printf '%s\n' "$line" ;;
  esac
done <"$SHARE/applications/$APP_ID.desktop" >"$desktop.tmp"
mv "$desktop.tmp" "$desktop"
chmod 0644 "$desktop"
cp "$SHARE/metainfo/$APP_ID.metainfo.xml" "$DATA/metainfo/"
cp "$SHARE/mime/packages/$APP_ID.xml" "$DATA/mime/packages/"
(cd "$SHARE" && find icons -type f) | while read -r icon; do
  mkdir -p "$DATA/$(dirname "$icon")"
  cp "$SHARE/$icon" "$DATA/$icon"
done

if [ -n "$BIN" ]; then
  mkdir -p "$BIN"
  if [ ! -e "$BIN/copdesk" ] || [ -L "$BIN/copdesk" ]; then
    ln -sfn "$PROGRAM" "$BIN/copdesk"
  fi
fi

refresh
if command -v xdg-mime >/dev/null 2>&1; then
  xdg-mime default "$APP_ID.desktop" application/x-copdesk >/dev/null 2>&1 || true
fi
echo "copdesk: added to the desktop menu; .copdesk files now open with $PROGRAM."
