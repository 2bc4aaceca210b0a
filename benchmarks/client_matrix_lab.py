# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark: each client library through each kind of failover on the Docker lab.

Writers in redis-py, ruby-redis and libredis-perl (plugins/module_utils/client_writers.py,
200 writes/s each) run through the Sentinels while tests/support/client_matrix.py injects the
failure: failover.yml (safe, the default), failover.yml -e failover_mode=force, or SIGKILL of
the primary's redis-server (restarted afterwards, and the cluster left whole). Per client and
kind, the medians over --runs: time from the first +switch-master to the client's first
acknowledged write, time from the failure to it, the longest gap between acknowledged writes,
acknowledged writes lost, and errors. Needs a running lab (`make lab`).

    .venv/bin/python benchmarks/client_matrix_lab.py --runs 5        (from the repository root)
"""

from __future__ import absolute_import, division, print_function

import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys
import time

from lab_env import BIN, ENV, ROOT, lab_passwords

sys.path.insert(0, os.path.join(ROOT, '.collections'))

import redis  # noqa: E402 pylint: disable=wrong-import-position

NODES = ['redis-primary', 'redis-replica-1', 'redis-replica-2']
SENTINELS = ['sentinel-1', 'sentinel-2', 'sentinel-3']
FAILOVER = [os.path.join(BIN, 'ansible-playbook'), '-i', 'inventories/lab', 'playbooks/failover.yml']
FIGURES = ('first_write_after_switch_s', 'first_write_after_failure_s', 'longest_gap_s', 'lost', 'errors')


def address(container):
    return subprocess.run(['docker', 'inspect', '-f', '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}',
                           container], capture_output=True, text=True, check=True).stdout.strip()


def wait_whole(sentinels, password, timeout=120):
    """Every Sentinel agrees, no failover runs, and each knows two replicas that report
    themselves replicas with their link up. A killed primary that was restarted is listed as a
    replica at once but runs as a master until Sentinel converts it, 8-18 s later: a failover
    started before that measures Sentinel reconfiguring it, not the failover."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            clients = [redis.Redis(host=h, port=p, password=password, socket_timeout=1, decode_responses=True)
                       for h, p in sentinels]
            views = [client.sentinel_master('mymaster') for client in clients]
            named = set('%s:%s' % (v['ip'], v['port']) for v in views)
            replicas = [r for client in clients for r in client.sentinel_slaves('mymaster')]
            if len(named) == 1 and all(v['num-slaves'] == 2 and 'failover_in_progress' not in v['flags']
                                       for v in views) \
                    and all(r['role-reported'] == 'slave' and r['master-link-status'] == 'ok'
                            and not (r['is_sdown'] or r['is_disconnected']) for r in replicas):
                return named.pop()
        except (redis.RedisError, OSError, KeyError):
            pass
        time.sleep(1)
    raise SystemExit('the lab did not become whole within %d s' % timeout)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n', 1)[0])
    parser.add_argument('--runs', type=int, default=5)
    parser.add_argument('--kinds', default='safe,force,kill')
    args = parser.parse_args()
    data_password, sentinel_password = lab_passwords()
    passwords = '%s\n%s\n' % (data_password, sentinel_password)
    sentinels = [(address(name), 26379) for name in SENTINELS]
    containers = dict((address(name), name) for name in NODES)
    matrix = [os.path.join(BIN, 'python'), 'tests/support/client_matrix.py'] + ['%s:%d' % s for s in sentinels] + ['--']
    runs = []
    for index in range(args.runs):
        for kind in args.kinds.split(','):
            primary = wait_whole(sentinels, sentinel_password)
            victim = containers[primary.rsplit(':', 1)[0]]
            action = {'safe': FAILOVER, 'force': FAILOVER + ['-e', 'failover_mode=force'],
                      'kill': ['docker', 'exec', victim, 'pkill', '-9', '-x', 'redis-server']}[kind]
            proc = subprocess.run(matrix + action, input=passwords, cwd=ROOT, env=ENV, capture_output=True,
                                  text=True, check=False)
            if kind == 'kill':
                subprocess.run(['docker', 'exec', victim, '/etc/init.d/redis-server', 'start'],
                               capture_output=True, check=True)
            if proc.returncode != 0:
                raise SystemExit('%s run %d failed:\n%s' % (kind, index, (proc.stdout + proc.stderr)[-4000:]))
            row = json.loads(proc.stdout.strip().splitlines()[-1])
            row.update(kind=kind, run=index)
            runs.append(row)
            print(json.dumps(row), flush=True)
    summary = {}
    for kind in args.kinds.split(','):
        rows = [r for r in runs if r['kind'] == kind]
        summary[kind] = dict(switch_after_failure_s=statistics.median(r['switch_after_failure_s'] for r in rows))
        for client in rows[0]['clients']:
            values = dict((figure, [r['clients'][client][figure] for r in rows]) for figure in FIGURES)
            summary[kind][client] = dict(
                (figure, None if None in items else statistics.median(items)) for figure, items in values.items())
            summary[kind][client]['worst_first_write_after_switch_s'] = (
                None if None in values['first_write_after_switch_s'] else max(values['first_write_after_switch_s']))
            summary[kind][client]['lost_total'] = sum(values['lost'])
    print(json.dumps(dict(date=datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds'),
                          runs=args.runs, summary=summary), indent=2))


if __name__ == '__main__':
    main()
