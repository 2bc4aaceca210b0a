#!/usr/bin/env bash
# The integration suite in two lanes side by side, each a list of "ENGINE VENV_BIN" suites run one
# after another: tools/integration_matrix.sh "redis .venv/bin" ... -- "valkey .venvs/x/bin" ...
# The first lane prints as it goes; the second's output is printed at the end (and kept in
# tests/output/integration-lane2.log). Exits non-zero when any suite failed.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
# Each suite runs on INTEGRATION_WORKERS pytest-xdist workers (default 2), a test file at a time each,
# every worker with its own loopback cluster: the tests wait on Sentinel's timers far more than they
# compute. The second lane takes the files in the reverse order, so that the two lanes are not in
# the same kind of test at the same moment (two safe failovers at once starved each other's INFO polls).
lane() {  # lane forward|reverse "ENGINE BIN"...
    local order=$1 suite engine bin rc=0
    shift
    local files=(tests/integration/test_*.py) args=() i
    for ((i = 0; i < ${#files[@]}; i++)); do
        if [ "$order" = reverse ]; then args+=("${files[${#files[@]} - 1 - i]}"); else args+=("${files[$i]}"); fi
    done
    for suite in "$@"; do
        read -r engine bin <<< "$suite"
        echo "==> integration on $engine, ansible-core $("$bin/python" -c "from ansible.release import __version__ as v; print(v)")"
        REDISOPS_TEST_ENGINE=$engine "$bin/python" -m pytest -q -p no:cacheprovider \
            -n "${INTEGRATION_WORKERS:-2}" --dist loadfile "${args[@]}" || rc=1
    done
    return $rc
}
first=() second=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do first+=("$1"); shift; done
[ $# -gt 0 ] && shift
second=("$@")
mkdir -p tests/output
lane reverse "${second[@]}" > tests/output/integration-lane2.log 2>&1 &
lane2=$!
lane forward "${first[@]}"; rc1=$?
wait $lane2; rc2=$?
echo "==> the second lane (tests/output/integration-lane2.log): exit $rc2"
grep -E '^==>|passed|failed|error' tests/output/integration-lane2.log | tail -20
[ $rc2 = 0 ] || tail -60 tests/output/integration-lane2.log
[ $rc1 = 0 ] && [ $rc2 = 0 ]
