#!/usr/bin/env bash
# make lab / make lab-health: one short line per phase with its time, Molecule's whole output in a
# log file, and at the end the cluster's health as a table and what to try next. On a failure:
# the failed tasks' messages and the log's path.
#   tools/lab.sh up | health       (LAB, REDISOPS_LAB: the Makefile exports them)
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
ACTION=${1:-up}
LAB=${LAB:-${REDISOPS_LAB:-debian13-redis}}
BIN=.venv/bin
mkdir -p tests/output
LOG=$PWD/tests/output/lab-$LAB.log
REPORT=$PWD/tests/output/lab-$LAB-health.json
[ "$ACTION" = health ] || : > "$LOG"

phase() {  # phase NAME COMMAND...: run it into the log, print one line
    local name=$1 start=$SECONDS
    shift
    printf '%-26s' "$name"
    echo "==> $name: $*" >> "$LOG"
    if "$@" >> "$LOG" 2>&1; then
        printf 'done in %3d s\n' $((SECONDS - start))
    else
        printf 'FAILED after %d s\n\n' $((SECONDS - start))
        sed 's/\x1b\[[0-9;]*m//g' "$LOG" | grep -a -A12 -E '(fatal|failed): \[|\[ERROR\]|ERROR!' | cut -c1-300 | tail -40
        printf '\nThe whole output: %s\n' "$LOG"
        exit 1
    fi
}

echo "The $LAB lab (Molecule's whole output: $LOG)"
if [ "$ACTION" = up ]; then
    phase "image" bash tools/build_lab_image.sh "$LAB"
    phase "containers" "$BIN/molecule" create
    phase "deploy (deploy.yml)" "$BIN/molecule" converge
fi
phase "checks (molecule verify)" "$BIN/molecule" verify
phase "health (health.yml)" "$BIN/ansible-playbook" -i inventories/lab playbooks/health.yml -e "health_report_path=$REPORT"
echo
"$BIN/python" tools/lab_summary.py "$REPORT" "$LAB"
healthy=$?
echo
echo "Next:"
next() { printf '  %-62s # %s\n' "$1" "$2"; }
next "source .venv/bin/activate" "the pinned ansible-core and tools"
next "ansible-playbook -i inventories/lab playbooks/failover.yml" "a planned failover: no write lost"
next "ansible-playbook -i inventories/lab playbooks/deploy.yml" "converge again: changed=0"
next "make drill FAILURES=kill LAB=$LAB" "kill the primary under client load"
next "make lab-health LAB=$LAB" "the checks and this table again"
next "make lab-destroy" "remove the containers"
exit $healthy
