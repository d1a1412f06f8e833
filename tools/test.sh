#!/usr/bin/env bash
# Install everything copdesk and its tests need, then lint and run the whole test suite.
# Any failure fails the run, including pytest's exit code 5 ("no tests were collected").
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
install_system_packages "${TEST_PACKAGES[@]}"
make_venv ".[test]"
"$VENV/bin/ruff" check .
export QT_QPA_PLATFORM=offscreen
exec "$VENV/bin/python" -m pytest "$@"
