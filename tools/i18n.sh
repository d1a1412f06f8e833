#!/usr/bin/env bash
# Translators' workflow: extract strings from the code, update every catalog, compile them.
#   bash tools/i18n.sh            extract + update + compile
#   bash tools/i18n.sh init LANG  start a new catalog (e.g. fr, pt_BR)
#   bash tools/i18n.sh compile    compile only
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PYBABEL="${PYBABEL:-$(dirname "$(command -v python3)")/pybabel}"
[ -x .venv/bin/pybabel ] && PYBABEL=.venv/bin/pybabel
LOCALES=resources/locale
POT=$LOCALES/copdesk.pot
mkdir -p "$LOCALES"

extract() {
  "$PYBABEL" extract -F babel.cfg -k _ -k N_ -k ngettext:1,2 -k pgettext:1c,2 \
    --add-comments=Translators: --sort-by-file --no-wrap \
    --project=copdesk --copyright-holder="The copdesk developers" \
    --msgid-bugs-address="copdesk developers" -o "$POT" copdesk
}
compile() {
  "$PYBABEL" compile -D copdesk -d "$LOCALES" --statistics
}

case "${1:-all}" in
  init) extract; "$PYBABEL" init -D copdesk -i "$POT" -d "$LOCALES" -l "$2" --no-wrap ;;
  compile) compile ;;
  all) extract; "$PYBABEL" update -D copdesk -i "$POT" -d "$LOCALES" --no-wrap --ignore-obsolete; compile ;;
  *) echo "usage: $0 [all|init LANG|compile]" >&2; exit 2 ;;
esac
