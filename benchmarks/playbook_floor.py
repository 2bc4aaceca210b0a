# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark: the playbooks against Ansible's own floor on the lab (issue: the playbook layer as
thin as the modules).

Deploys the lab (molecule create + converge of the default scenario), then --runs rounds, each
timing, one after another so that every round shares the machine's state:

- the floor: a one-task playbook (ansible.builtin.ping, no facts) on the lab's six hosts;
- deploy.yml re-run (idempotent: it must report changed=0);
- benchmarks/deploy_module_runs.yml: that re-run's remote module runs alone, no controller-side
  task (about the part of the re-run no task trimming can remove; its header says how its
  arguments differ from the roles');
- health.yml;
- failover.yml (safe), with the module's wait for Sentinel's INFO poll (align_with_sentinel)
  read from its steps and reported apart;
- health.yml and failover.yml again with an inventory that gives each host's address
  (redisops_address, as inventories/production.example does): the lab's own inventory makes them
  gather network facts first (playbooks/tasks/addresses.yml).

Prints one JSON line per round, then the medians and each playbook's median as a multiple of the
floor's median.

    .venv/bin/python benchmarks/playbook_floor.py --runs 5      (from the repository root)
"""

from __future__ import absolute_import, division, print_function

import argparse
import datetime
import glob
import json
import os
import re
import shutil
import statistics
import subprocess
import tempfile
import time

import yaml

from lab_env import BIN, ENV, ROOT

FLOOR_PLAYBOOK = '''---
- name: Floor
  hosts: all
  gather_facts: false
  tasks:
    - name: Ping
      ansible.builtin.ping:
'''


def run(command, env=None):
    proc = subprocess.run(command, cwd=ROOT, env=env or ENV, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit('%s failed:\n%s' % (' '.join(command), (proc.stdout + proc.stderr)[-3000:]))
    return proc


def timed(command, env=None):
    started = time.perf_counter()
    proc = run(command, env)
    return round(time.perf_counter() - started, 2), proc


def alignment_wait_s(json_output):
    """The failover module's wait for Sentinel's INFO poll, from its steps ('  1234 ms  text')."""
    for play in json.loads(json_output)['plays']:
        for task in play['tasks']:
            if task['task']['name'] != 'Switch the primary':
                continue
            for result in task['hosts'].values():
                times = {}
                for step in result.get('steps') or []:
                    match = re.match(r'\s*(\d+) ms\s+(.*)', step)
                    if match:
                        text = match.group(2)
                        key = ('agree' if text.startswith('Sentinels agree') else
                               'aligned' if 'polled' in text else None)
                        if key:
                            times.setdefault(key, int(match.group(1)))
                if 'agree' in times and 'aligned' in times:
                    return round((times['aligned'] - times['agree']) / 1000.0, 2)
    return None


def inventory_with_addresses(inventory, directory):
    """A copy of Molecule's inventory directory whose hosts carry redisops_address (their
    container's IP) in host_vars/."""
    shutil.copytree(inventory, directory, symlinks=True)
    os.makedirs(os.path.join(directory, 'host_vars'))
    with open(os.path.join(inventory, 'ansible_inventory.yml')) as handle:
        hosts = yaml.safe_load(handle)['all']['hosts']
    for name in hosts:
        address = run(['docker', 'inspect', '-f', '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}',
                       name]).stdout.strip()
        with open(os.path.join(directory, 'host_vars', name + '.yml'), 'w') as handle:
            yaml.safe_dump(dict(redisops_address=address), handle)
    return directory


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n', 1)[0])
    parser.add_argument('--runs', type=int, default=5)
    args = parser.parse_args()
    started = datetime.datetime.now(datetime.timezone.utc)
    run(['bash', 'tools/build_lab_image.sh'])
    run([os.path.join(BIN, 'molecule'), 'create'])
    run([os.path.join(BIN, 'molecule'), 'converge'])
    # Molecule's scenario directory of this checkout: the one converge just wrote (other checkouts,
    # a clean clone's make test for one, leave theirs beside it).
    inventory = max(glob.glob(os.path.expanduser('~/.ansible/tmp/molecule.*.default/inventory/ansible_inventory.yml')),
                    key=os.path.getmtime).rsplit('/', 1)[0]
    playbook = os.path.join(BIN, 'ansible-playbook')
    json_env = dict(ENV, ANSIBLE_STDOUT_CALLBACK='ansible.posix.json')
    rows = []
    with tempfile.NamedTemporaryFile('w', suffix='.yml') as floor, tempfile.TemporaryDirectory() as scratch:
        floor.write(FLOOR_PLAYBOOK)
        floor.flush()
        addressed = inventory_with_addresses(inventory, os.path.join(scratch, 'inventory'))
        for number in range(1, args.runs + 1):
            row = dict(run=number)
            row['floor_s'], _proc = timed([playbook, '-i', inventory, floor.name])
            row['deploy_s'], proc = timed([playbook, '-i', inventory, 'playbooks/deploy.yml'])
            if re.search(r'changed=[1-9]', proc.stdout):
                raise SystemExit('deploy.yml re-run changed something:\n%s' % proc.stdout[-3000:])
            row['deploy_module_runs_s'], proc = timed([playbook, '-i', inventory, 'benchmarks/deploy_module_runs.yml'])
            if re.search(r'changed=[1-9]', proc.stdout) and number > 1:
                raise SystemExit('deploy_module_runs.yml changed something:\n%s' % proc.stdout[-3000:])
            row['health_s'], _proc = timed([playbook, '-i', inventory, 'playbooks/health.yml',
                                            '-e', 'health_report_path=/tmp/redisops-bench-health.json'])
            row['failover_s'], proc = timed([playbook, '-i', inventory, 'playbooks/failover.yml'], json_env)
            row['failover_poll_wait_s'] = alignment_wait_s(proc.stdout)
            if row['failover_poll_wait_s'] is not None:
                row['failover_without_wait_s'] = round(row['failover_s'] - row['failover_poll_wait_s'], 2)
            time.sleep(5)
            row['health_addressed_s'], _proc = timed([playbook, '-i', addressed, 'playbooks/health.yml',
                                                      '-e', 'health_report_path=/tmp/redisops-bench-health.json'])
            row['failover_addressed_s'], proc = timed([playbook, '-i', addressed, 'playbooks/failover.yml'], json_env)
            wait = alignment_wait_s(proc.stdout)
            if wait is not None:
                row['failover_addressed_without_wait_s'] = round(row['failover_addressed_s'] - wait, 2)
            rows.append(row)
            print(json.dumps(row), flush=True)
            time.sleep(5)  # the old primary's sync and Sentinel's +failover-end settle
    run([os.path.join(BIN, 'molecule'), 'destroy'])
    medians = dict((key, statistics.median(row[key] for row in rows if row.get(key) is not None))
                   for key in ('floor_s', 'deploy_s', 'deploy_module_runs_s', 'health_s', 'failover_s', 'failover_poll_wait_s',
                               'failover_without_wait_s', 'health_addressed_s', 'failover_addressed_s',
                               'failover_addressed_without_wait_s') if any(row.get(key) is not None for row in rows))
    floor_s = medians['floor_s']
    print(json.dumps(dict(started=started.isoformat(timespec='seconds'),
                          ended=datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds'),
                          runs=args.runs, medians=medians,
                          times_floor=dict((key, round(value / floor_s, 2)) for key, value in medians.items()
                                           if key not in ('floor_s', 'failover_poll_wait_s'))), indent=1))


if __name__ == '__main__':
    main()
