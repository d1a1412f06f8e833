#!/usr/bin/env bash
# Build copdesk's one-folder bundle with PyInstaller (packaging/copdesk.spec):
#
#   bash tools/build-bundle.sh
#
# makes dist/copdesk/ (run dist/copdesk/copdesk; dist/copdesk/install-desktop.sh adds it to the
# desktop menu) and dist/copdesk-VERSION-linux-ARCH.tar.gz, the download for users. Installs what
# is missing first, like tools/test.sh: the system libraries Qt needs, a virtual environment
# (.venv, or $COPDESK_VENV) with copdesk and PyInstaller. See packaging/README.md.
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
install_system_packages
make_venv "."
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "pyinstaller>=6,<7"

rm -rf dist/copdesk build/pyinstaller
start=$(date +%s)
"$VENV/bin/python" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/copdesk.spec
echo "copdesk: built dist/copdesk in $(( $(date +%s) - start )) s, $(du -sh dist/copdesk | cut -f1)"

if [ "$(uname -s)" = "Linux" ]; then
  version="$("$VENV/bin/python" -c 'import copdesk; print(copdesk.__version__)')"
  archive="dist/copdesk-$version-linux-$(uname -m).tar.gz"
  tar -C dist -czf "$archive" copdesk
  echo "copdesk: $archive, $(du -h "$archive" | cut -f1)"
fi
