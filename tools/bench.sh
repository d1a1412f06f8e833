#!/usr/bin/env bash
# Install everything the benchmarks need, then run them all and print one table.
#
#   bash tools/bench.sh                     # every benchmark (about 3 minutes on 2 cores)
#   bash tools/bench.sh --quick             # fewer runs, 20,000 members (a smoke run)
#   bash tools/bench.sh --only startup printouts
#   COPDESK_BENCH_PEER=1 bash tools/bench.sh
#                                           # also install LibreOffice (about 300 MB) for the
#                                           # agenda's peer figure; skipped without it
#
# Besides copdesk's own environment (.venv, as tools/test.sh makes it) this installs the sqlite3
# shell, whose .import is the floor of the CSV import benchmark.
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
extra=(sqlite3)
[ -n "${COPDESK_BENCH_PEER:-}" ] && extra+=(libreoffice-writer-nogui)
install_system_packages "${extra[@]}"
make_venv ".[test]"
exec "$VENV/bin/python" benchmarks/run_all.py "$@"
