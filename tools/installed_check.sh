#!/usr/bin/env bash
# The collection as users get it: build the tarball with ansible-galaxy, install it into an empty
# collections path, then use only that copy - ansible-doc for every module and role, a syntax
# check of every playbook by its FQCN and, given a lab inventory, playbooks/health.yml run against
# the lab. A file that build_ignore drops but a module, role or playbook needs fails here.
#   tools/installed_check.sh [INVENTORY]   (make installed-check; molecule/operations passes the lab's)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${REDISOPS_BIN:-$ROOT/.venv/bin}
INVENTORY=${1:+$(realpath "$1")}  # absolute: the checks run from their own directory
WORK=$ROOT/tests/output/installed
rm -rf "$WORK" && mkdir -p "$WORK/build"
# Only the installed copy: not the checkout's ansible.cfg, nor its .collections link to itself.
printf '[defaults]\ncollections_path = %s/collections\nforks = 12\n[connection]\npipelining = True\n' "$WORK" > "$WORK/ansible.cfg"
export ANSIBLE_CONFIG=$WORK/ansible.cfg ANSIBLE_COLLECTIONS_PATH=$WORK/collections ANSIBLE_NOCOLOR=1
# Groups that only exist once the Sentinels are asked (redisops_current_primary, ...).
export ANSIBLE_HOST_PATTERN_MISMATCH=ignore

"$BIN/ansible-galaxy" collection build --output-path "$WORK/build" "$ROOT" >/dev/null
tarball=$(ls "$WORK"/build/redisops-ha-*.tar.gz)
"$BIN/ansible-galaxy" collection install --offline -p "$WORK/collections" "$tarball" >/dev/null
installed=$WORK/collections/ansible_collections/redisops/ha
# The lab's connection plugin and profile callbacks are not this collection's: link them in.
for dependency in community/docker ansible/posix; do
    mkdir -p "$WORK/collections/ansible_collections/${dependency%/*}"
    ln -s "$ROOT/.collections/ansible_collections/$dependency" "$WORK/collections/ansible_collections/$dependency"
done

cd "$WORK"
found=$("$BIN/ansible-galaxy" collection list redisops.ha 2>/dev/null | grep -c '^redisops\.ha ' || true)
[ "$found" = 1 ] || { echo "redisops.ha found $found times in $ANSIBLE_COLLECTIONS_PATH, expected once" >&2; exit 1; }

checkout_modules=("$ROOT"/plugins/modules/*.py)
modules=()
for file in "$installed"/plugins/modules/*.py; do modules+=("redisops.ha.$(basename "$file" .py)"); done
[ "${#modules[@]}" -eq "${#checkout_modules[@]}" ] \
    || { echo "the tarball holds ${#modules[@]} modules, the checkout ${#checkout_modules[@]}" >&2; exit 1; }
"$BIN/ansible-doc" -t module "${modules[@]}" > module-docs.txt
roles=()
for dir in "$ROOT"/roles/*/; do roles+=("redisops.ha.$(basename "$dir")"); done
"$BIN/ansible-doc" -t role "${roles[@]}" > role-docs.txt
playbooks=("$ROOT"/playbooks/*.yml)
for playbook in "${playbooks[@]}"; do
    name=$(basename "$playbook" .yml)
    "$BIN/ansible-playbook" -i "$installed/inventories/production.example" --syntax-check "redisops.ha.$name" >/dev/null \
        || { echo "playbook redisops.ha.$name fails its syntax check from the installed copy" >&2; exit 1; }
done
echo "installed $(basename "$tarball"): ${#modules[@]} modules and ${#roles[@]} roles documented, ${#playbooks[@]} playbooks parsed"

if [ -n "$INVENTORY" ]; then
    "$BIN/ansible-playbook" -i "$INVENTORY" redisops.ha.health -e "health_report_path=$WORK/health.json" > health.log \
        || { tail -30 health.log >&2; exit 1; }
    "$BIN/python" - "$WORK/health.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
assert report['status'] == 'healthy', report['status']
print('redisops.ha.health from the installed copy: %s, primary %s' % (report['status'], report['primary']))
PY
fi
