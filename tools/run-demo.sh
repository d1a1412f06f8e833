#!/usr/bin/env bash
# Install everything copdesk needs and open it on a freshly written demo community.
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
install_system_packages
make_venv "."
"$VENV/bin/copdesk" demo "$ROOT/demo.copdesk" "$@"
exec "$VENV/bin/copdesk" "$ROOT/demo.copdesk"
