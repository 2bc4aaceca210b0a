# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark: the major upgrade by replacing hosts (Debian 12 Redis 7.0.15 -> Debian 13 Redis
8.0.2) on molecule/replacement's twelve containers, --runs times, each on a freshly deployed lab,
under writers in every client library (tests/support/client_matrix.py): the whole replacement's
time (molecule/replacement/files/replace.yml without its refusal checks), the longest gap between
a client's acknowledged writes, the safe failover's write pause, and the acknowledged writes lost.
Prints one JSON line per run and the medians.

    .venv/bin/python benchmarks/replacement_lab.py --runs 3          (from the repository root)
"""

from __future__ import absolute_import, division, print_function

import argparse
import datetime
import glob
import json
import os
import statistics
import subprocess

from lab_env import BIN, ENV, ROOT, matrix_figures, playbook_under_writers

SCENARIO = 'replacement'


def molecule(*args):
    proc = subprocess.run([os.path.join(BIN, 'molecule')] + list(args) + ['-s', SCENARIO], cwd=ROOT, env=ENV,
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit('molecule %s failed:\n%s' % (' '.join(args), (proc.stdout + proc.stderr)[-4000:]))


def address(container):
    return subprocess.run(['docker', 'inspect', '-f', '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}', container],
                          capture_output=True, text=True, check=True).stdout.strip()


def one_run(number):
    subprocess.run(['make', '--no-print-directory', 'replacement-images'], cwd=ROOT, env=ENV, check=True,
                   capture_output=True)
    molecule('destroy')
    molecule('create')
    molecule('converge')
    ephemeral = glob.glob(os.path.expanduser('~/.ansible/tmp/molecule.*.%s' % SCENARIO))[0]
    env = dict(ENV, MOLECULE_EPHEMERAL_DIRECTORY=ephemeral,
               MOLECULE_INVENTORY_FILE=os.path.join(ephemeral, 'inventory', 'ansible_inventory.yml'),
               ANSIBLE_CONFIG=os.path.join(ephemeral, 'ansible.cfg'), ANSIBLE_NOCOLOR='1')
    # The old Sentinels first: the new hosts' stock redis-sentinel answers for mymaster with 127.0.0.1
    # until add_node.yml configures it.
    sentinels = ['%s:26379' % address(name) for name in ('sentinel-1', 'sentinel-2', 'sentinel-3',
                                                         'sentinel-new-1', 'sentinel-new-2', 'sentinel-new-3')]
    proc, output = playbook_under_writers(
        sentinels, ['-i', env['MOLECULE_INVENTORY_FILE'], 'molecule/replacement/files/replace.yml',
                    '-e', 'replacement_refusals=false'], env)
    molecule('destroy')
    if proc.returncode != 0:
        raise SystemExit('run %d failed:\n%s\n%s' % (number, proc.stdout[-3000:], output[-3000:]))
    case = json.loads(proc.stdout)
    return dict(run=number, replacement_s=case['action_s'], **matrix_figures(case, output))


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
               for key in ('replacement_s', 'longest_gap_s', 'write_pause_ms', 'lost', 'errors')
               if any(row[key] is not None for row in rows)}
    print(json.dumps(dict(started=started.isoformat(timespec='seconds'),
                          ended=datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds'),
                          scenario=SCENARIO, runs=args.runs, medians=medians,
                          lost_total=sum(row['lost'] for row in rows)), indent=1))


if __name__ == '__main__':
    main()
