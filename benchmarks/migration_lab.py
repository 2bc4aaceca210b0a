# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark: playbooks/migrate.yml in place on the debian12-redis lab (Redis 7.0.15 -> Valkey
8.0.1), --runs times, each on a freshly deployed lab, under writers in every client library
(tests/support/client_matrix.py): the whole migration's time, the longest gap between a
client's acknowledged writes, the safe failover's write pause, and the acknowledged writes lost.
Prints one JSON line per run and the medians.

    .venv/bin/python benchmarks/migration_lab.py --runs 3          (from the repository root)
"""

from __future__ import absolute_import, division, print_function

import argparse
import datetime
import json
import statistics
import subprocess

from lab_env import ENV, ROOT, matrix_figures, playbook_under_writers

LAB = 'debian12-redis'


def make(target):
    proc = subprocess.run(['make', '--no-print-directory', target, 'LAB=%s' % LAB], cwd=ROOT, env=ENV,
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit('make %s LAB=%s failed:\n%s' % (target, LAB, (proc.stdout + proc.stderr)[-4000:]))


def sentinel_addresses():
    """The lab's Sentinels as host:port (the containers' addresses on the lab network)."""
    found = []
    for name in ('sentinel-1', 'sentinel-2', 'sentinel-3'):
        address = subprocess.run(['docker', 'inspect', '-f', '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}', name],
                                 capture_output=True, text=True, check=True).stdout.strip()
        found.append('%s:26379' % address)
    return found


def one_run(number):
    make('lab')
    proc, output = playbook_under_writers(
        sentinel_addresses(), ['-i', 'inventories/lab', 'playbooks/migrate.yml', '-e', 'migrate_engine=valkey',
                               '-e', 'redisops_enable_backports=true'], dict(ENV, REDISOPS_LAB=LAB))
    make('lab-destroy')
    if proc.returncode != 0:
        raise SystemExit('run %d failed:\n%s\n%s' % (number, proc.stdout[-3000:], output[-3000:]))
    case = json.loads(proc.stdout)
    return dict(run=number, migration_s=case['action_s'], **matrix_figures(case, output))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n', 1)[0])
    parser.add_argument('--runs', type=int, default=3)
    args = parser.parse_args()
    started = datetime.datetime.now(datetime.timezone.utc)
    rows = []
    for number in range(1, args.runs + 1):
        rows.append(one_run(number))
        print(json.dumps(rows[-1]), flush=True)
    medians = {key: statistics.median(row[key] for row in rows if row[key] is not None)
               for key in ('migration_s', 'longest_gap_s', 'write_pause_ms', 'lost', 'errors')}
    print(json.dumps(dict(started=started.isoformat(timespec='seconds'),
                          ended=datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds'),
                          lab=LAB, runs=args.runs, medians=medians, lost_total=sum(row['lost'] for row in rows)), indent=1))


if __name__ == '__main__':
    main()
