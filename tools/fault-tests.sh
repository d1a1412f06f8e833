#!/usr/bin/env bash
# Fault-injection tests for the community file ("Nothing lost").
#
#   bash tools/fault-tests.sh           # the CI run: ~20 kill -9s and every other scenario (<1 min)
#   bash tools/fault-tests.sh --long    # hundreds of kill -9s (default 300) and every migration step
#
# Options / environment:
#   --kills N             number of kill -9 rounds (COPDESK_FAULT_KILLS; --long defaults to 300)
#   --seed S              random seed to replay a failure (COPDESK_FAULT_SEED; printed in the header)
#   PYTHON=/path/python   interpreter (default: .venv, then /tmp/venv0, then python3)
# Extra arguments after -- go to pytest, e.g.  bash tools/fault-tests.sh --long -- -x -k kill
set -euo pipefail

cd "$(dirname "$0")/.."

kills=""
seed="${COPDESK_FAULT_SEED:-}"
pytest_args=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --long) kills="${kills:-300}"; shift ;;
        --kills) kills="$2"; shift 2 ;;
        --seed) seed="$2"; shift 2 ;;
        --) shift; pytest_args+=("$@"); break ;;
        -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
        *) pytest_args+=("$1"); shift ;;
    esac
done

if [[ -z "${PYTHON:-}" ]]; then
    for candidate in .venv/bin/python /tmp/venv0/bin/python python3; do
        if command -v "$candidate" >/dev/null 2>&1; then PYTHON="$candidate"; break; fi
    done
fi

export COPDESK_FAULT_KILLS="${kills:-${COPDESK_FAULT_KILLS:-20}}"
[[ -n "$seed" ]] && export COPDESK_FAULT_SEED="$seed"
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"

echo "fault tests: $COPDESK_FAULT_KILLS kills${seed:+, seed $seed}"
start=$(date +%s)
"$PYTHON" -m pytest -q -p no:cacheprovider -rs tests/faults "${pytest_args[@]}"
echo "fault tests passed in $(( $(date +%s) - start ))s"
