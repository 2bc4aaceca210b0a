# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark: playbooks/health.yml and playbooks/failover.yml end to end on the Docker lab.

Deploys the lab (molecule create + converge), then times health.yml --runs times, and runs
failover.yml --runs times under a Sentinel-aware redis-py writer (tests/support/client_matrix.py
--clients python: longest client gap, acknowledged writes lost). Targets (issue 4):
health <= 10 s; failover <= 15 s end to end, longest client gap <= 2.0 s, 0 lost.

    .venv/bin/python benchmarks/lab_playbooks.py --runs 5      (from the repository root)
"""

from __future__ import absolute_import, division, print_function

import argparse
import datetime
import glob
import json
import os
import statistics
import subprocess
import time

from lab_env import BIN, ENV, ROOT, lab_passwords


def run(command, **kwargs):
    proc = subprocess.run(command, cwd=ROOT, env=ENV, capture_output=True, text=True, check=False, **kwargs)
    if proc.returncode != 0:
        raise SystemExit('%s failed:\n%s' % (' '.join(command), (proc.stdout + proc.stderr)[-3000:]))
    return proc


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n', 1)[0])
    parser.add_argument('--runs', type=int, default=5)
    args = parser.parse_args()
    run(['bash', 'tools/build_lab_image.sh'])
    run([os.path.join(BIN, 'molecule'), 'create'])
    run([os.path.join(BIN, 'molecule'), 'converge'])
    # Molecule's scenario directory of this checkout: the one converge just wrote (other checkouts,
    # a clean clone's make test for one, leave theirs beside it).
    inventory = max(glob.glob(os.path.expanduser('~/.ansible/tmp/molecule.*.default/inventory/ansible_inventory.yml')),
                    key=os.path.getmtime).rsplit('/', 1)[0]
    passwords = '%s\n%s\n' % lab_passwords()
    health = []
    for _index in range(args.runs):
        started = time.time()
        run([os.path.join(BIN, 'ansible-playbook'), '-i', inventory, 'playbooks/health.yml',
             '-e', 'health_report_path=/tmp/redisops-bench-health.json'])
        health.append(round(time.time() - started, 2))
    sentinels = json.load(open('/tmp/redisops-bench-health.json'))['sentinels']['detail']
    endpoints = [s['address'] for s in sentinels]
    failovers = []
    for index in range(args.runs):
        # Rotate which Sentinel the writer asks first; sentinel_failover leads with the last
        # Sentinel that answers (sentinel-3), so one run in three asks the leader first.
        order = endpoints[index % 3:] + endpoints[:index % 3]
        proc = run([os.path.join(BIN, 'python'), 'tests/support/client_matrix.py', '--clients', 'python'] + order
                   + ['--', os.path.join(BIN, 'ansible-playbook'), '-i', inventory, 'playbooks/failover.yml'],
                   input=passwords)
        matrix = json.loads(proc.stdout.strip().splitlines()[-1])
        writer = matrix['clients']['python']
        row = dict(playbook_s=matrix['action_s'], longest_gap_ms=int(writer['longest_gap_s'] * 1000),
                   lost=writer['lost'], acked=writer['acked'], client_errors=writer['errors'],
                   primary=matrix['primary'])
        row['writer_asks_first'] = order[0]
        row['leader_first'] = order[0] == endpoints[-1]
        failovers.append(row)
        print(json.dumps(row), flush=True)
        time.sleep(5)
    run([os.path.join(BIN, 'molecule'), 'destroy'])
    result = dict(date=datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds'),
                  health_s=health, health_median_s=statistics.median(health), failovers=failovers,
                  failover_median_s=statistics.median(r['playbook_s'] for r in failovers),
                  gap_median_ms=statistics.median(r['longest_gap_ms'] for r in failovers),
                  lost_total=sum(r['lost'] for r in failovers))
    print(json.dumps(result, indent=2))


if __name__ == '__main__':
    main()
