#!/usr/bin/env bash
# Slow end-to-end check of the bundle (not part of tools/test.sh):
#
#   bash tools/smoke-bundle.sh            build with tools/build-bundle.sh, then check
#   bash tools/smoke-bundle.sh --no-build check the dist/copdesk already built
#
# Runs the bundled program with an empty environment (env -i, PATH=/usr/bin:/bin, a fresh HOME,
# no PYTHONPATH, no virtual environment) so it can only work if the bundle carries its own Python:
#   copdesk --version; copdesk demo; copdesk agenda --next -o X.pdf (the PDF names the community);
#   copdesk check; the window, offscreen, must start, stay up and print nothing on stderr.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
if [ "${1:-}" != "--no-build" ]; then
  bash tools/build-bundle.sh
fi
BUNDLE="$ROOT/dist/copdesk"
PROGRAM="$BUNDLE/copdesk"
[ -x "$PROGRAM" ] || { echo "smoke: $PROGRAM missing; build it first" >&2; exit 1; }

WORK="$(mktemp -d /tmp/copdesk-smoke.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/home"
fail() { echo "smoke: FAIL: $*" >&2; exit 1; }
# Nothing from this machine's Python: no PATH to it, no PYTHON* variables, a new HOME.
run() {
  env -i HOME="$WORK/home" PATH=/usr/bin:/bin LANG=C.UTF-8 "$@"
}
now_ms() { date +%s%3N; }

echo "smoke: bundle $(du -sh "$BUNDLE" | cut -f1) in $BUNDLE"

# 1. --version (twice: the first run may read the files from disk, the second is what users see)
run "$PROGRAM" --version >/dev/null 2>&1 || true
t0=$(now_ms)
version="$(run "$PROGRAM" --version 2>"$WORK/err")"
t1=$(now_ms)
[ -s "$WORK/err" ] && fail "--version wrote to stderr: $(cat "$WORK/err")"
expected="copdesk $(sed -n 's/^__version__ = "\(.*\)"/\1/p' copdesk/__init__.py)"
[ "$version" = "$expected" ] || fail "--version said '$version', expected '$expected'"
echo "smoke: ok  $version in $((t1 - t0)) ms"

# 2.-4. demo (creates the file through the Alembic migrations shipped as data), agenda --next as
# PDF (compiled catalogs, fonts, Babel data), check; in English and in Spanish.
MSGID="Neighbourhood Practitioners' Circle"  # copdesk/demo.py COMMUNITY_NAME
for locale in en es; do
  file="$WORK/Demo $locale.copdesk"
  pdf="$WORK/agenda-$locale.pdf"
  community="$(python3 -c 'import gettext, sys; print(gettext.translation("copdesk", "resources/locale", [sys.argv[1]], fallback=True).gettext(sys.argv[2]))' "$locale" "$MSGID")"
  run "$PROGRAM" demo "$file" --locale "$locale" >"$WORK/out" 2>"$WORK/err" || fail "demo ($locale): $(cat "$WORK/err")"
  [ -s "$WORK/err" ] && fail "demo ($locale) wrote to stderr: $(cat "$WORK/err")"
  [ -f "$file" ] || fail "demo ($locale) wrote no file"
  echo "smoke: ok  demo --locale $locale: $(cat "$WORK/out")"

  run "$PROGRAM" agenda "$file" --next -o "$pdf" >"$WORK/out" 2>"$WORK/err" || fail "agenda ($locale): $(cat "$WORK/err")"
  [ -s "$WORK/err" ] && fail "agenda ($locale) wrote to stderr: $(cat "$WORK/err")"
  [ -s "$pdf" ] || fail "agenda ($locale) wrote no PDF"
  if command -v pdftotext >/dev/null 2>&1; then
    text="$(pdftotext "$pdf" - 2>/dev/null)"
  else
    text="$(python3 -c 'import sys, pypdf; print("".join(p.extract_text() for p in pypdf.PdfReader(sys.argv[1]).pages))' "$pdf")"
  fi
  text="$(tr -s '\n' ' ' <<<"$text")"
  grep -qF "$community" <<<"$text" || fail "the $locale agenda does not name the community '$community'"
  echo "smoke: ok  agenda --next ($locale): $(stat -c %s "$pdf") bytes, names '$community'"

  run "$PROGRAM" check "$file" >"$WORK/out" 2>"$WORK/err" || fail "check ($locale): $(cat "$WORK/out" "$WORK/err")"
  echo "smoke: ok  check ($locale): $(tail -n1 "$WORK/out")"
done

# 5. the window: it must start, still be running after a few seconds, and print nothing on
# stderr. Offscreen always; on a real X server too when Xvfb is installed (Debian: xvfb).
window() {  # window NAME LOCALE ENV...
  local name="$1" locale="$2"
  shift 2
  env -i HOME="$WORK/home" PATH=/usr/bin:/bin LANG=C.UTF-8 LANGUAGE="$locale" "$@" \
    "$PROGRAM" "$WORK/Demo $locale.copdesk" >"$WORK/win.out" 2>"$WORK/win.err" &
  local pid=$!
  sleep 5
  if ! kill -0 "$pid" 2>/dev/null; then
    wait "$pid" || true
    fail "the window ($name, $locale) exited early: $(cat "$WORK/win.err")"
  fi
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  # Qt's offscreen plugin says this once for every window; it is not an error.
  grep -v "This plugin does not support propagateSizeHints()" "$WORK/win.err" >"$WORK/win.err2" || true
  [ -s "$WORK/win.err2" ] && fail "the window ($name, $locale) wrote to stderr: $(cat "$WORK/win.err2")"
  echo "smoke: ok  window ($name, $locale) ran 5 s with no error output"
}
for locale in en es; do
  window offscreen "$locale" QT_QPA_PLATFORM=offscreen
done
if command -v Xvfb >/dev/null 2>&1; then
  exec 3< <(Xvfb -displayfd 1 -screen 0 1280x800x24 -nolisten tcp 2>/dev/null & echo "pid $!")
  read -r -u 3 xvfb_line; read -r -u 3 display_number
  xvfb_pid="${xvfb_line#pid }"
  window "X11 (Xvfb :$display_number)" es DISPLAY=":$display_number"
  kill "$xvfb_pid" 2>/dev/null || true
else
  echo "smoke: --  no Xvfb here: the window was tried offscreen only"
fi

# 6. nothing from a Python outside the bundle is opened (needs strace)
if command -v strace >/dev/null 2>&1; then
  run strace -f -e trace=openat,open,execve -o "$WORK/trace" "$PROGRAM" agenda "$WORK/Demo en.copdesk" --next -o "$WORK/traced.pdf" >/dev/null 2>&1 \
    || fail "agenda under strace"
  grep -q "$BUNDLE/_internal/libpython3" "$WORK/trace" || fail "strace saw no libpython from the bundle"
  outside="$(grep -v ENOENT "$WORK/trace" | grep -oE '"[^"]*(site-packages|/lib/python3|/bin/python)[^"]*"' | grep -vF "$BUNDLE" | sort -u || true)"
  [ -z "$outside" ] || fail "the bundle opened Python files outside itself: $outside"
  echo "smoke: ok  no Python file outside the bundle was opened (strace)"
fi

# 7. the desktop files beside the program
command -v desktop-file-validate >/dev/null 2>&1 && \
  desktop-file-validate "$BUNDLE/share/applications/io.github.copdesk.Copdesk.desktop"
command -v appstreamcli >/dev/null 2>&1 && \
  appstreamcli validate --no-net "$BUNDLE/share/metainfo/io.github.copdesk.Copdesk.metainfo.xml" >/dev/null
echo "smoke: ok  desktop entry and metainfo in the bundle"
echo "smoke: all checks passed"
