# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark: sentinel_failover (safe and force) on a loopback cluster under a steady,
Sentinel-aware redis-py writer.

For each run and mode: the writer's longest gap between two acknowledged writes, the module's
write_pause_ms and elapsed_ms, and the acknowledged writes lost (checked key by key on the new
primary once the cluster has settled). The writer's Sentinel list is rotated every run so that
each Sentinel is asked first in turn; 'leader first' marks the runs where the writer asked the
failover's leader (the Sentinel whose +try-failover the module recorded; it sends SENTINEL
FAILOVER to the last Sentinel that answers) first.

    .venv/bin/python benchmarks/failover_under_load.py --runs 6
"""

from __future__ import absolute_import, division, print_function

import argparse
import datetime
import json
import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'tests', 'support'))

from loopback_cluster import (  # noqa: E402 pylint: disable=wrong-import-position
    DATA_PASSWORD, SENTINEL_PASSWORD, LoopbackCluster, SentinelWriter)
from module_runner import run_module  # noqa: E402 pylint: disable=wrong-import-position


def one_run(cluster, mode, order, index):
    cluster.wait_settled(90)
    old = cluster.primary_address()
    writer = SentinelWriter(cluster, sentinel_order=order, prefix='bench-%s-%d' % (mode, index)).start()
    time.sleep(1.5)
    run = run_module('sentinel_failover', {
        'sentinels': cluster.sentinel_addresses(), 'login_password': SENTINEL_PASSWORD,
        'redis_password': DATA_PASSWORD, 'mode': mode})
    time.sleep(3.0)
    writer.stop()
    if run.failed:
        raise SystemExit('run %d (%s) failed: %s' % (index, mode, run.msg))
    # Force mode: the old primary keeps taking writes until Sentinel demotes it; count after that.
    cluster.wait_settled(90)
    new = cluster.node_by_address(run['new_primary'])
    addresses = cluster.sentinel_addresses()
    leader = next((e['sentinel'] for e in run.get('events') or [] if e.get('event') == '+try-failover'), None)
    leader_index = addresses.index(leader) if leader in addresses else len(addresses) - 1
    return dict(mode=mode, run=index, writer_first_sentinel=order[0], leader_first=order[0] == leader_index,
                old_primary=old, new_primary=run['new_primary'],
                acked=len(writer.acked), lost=writer.lost(cluster.node_client(new)),
                client_errors=writer.errors, longest_gap_ms=int(writer.longest_gap() * 1000),
                write_pause_ms=run['write_pause_ms'], elapsed_ms=run['elapsed_ms'])


def summary(rows, mode):
    rows = [r for r in rows if r['mode'] == mode]
    if not rows:
        return {}

    def med(key, subset=None):
        values = [r[key] for r in (subset if subset is not None else rows)]
        return statistics.median(values) if values else None
    leader = [r for r in rows if r['leader_first']]
    other = [r for r in rows if not r['leader_first']]
    return dict(mode=mode, runs=len(rows), lost_total=sum(r['lost'] for r in rows),
                acked_total=sum(r['acked'] for r in rows),
                gap_median_ms=med('longest_gap_ms'), gap_max_ms=max(r['longest_gap_ms'] for r in rows),
                gap_median_leader_first_ms=med('longest_gap_ms', leader),
                gap_median_other_first_ms=med('longest_gap_ms', other),
                pause_median_ms=med('write_pause_ms'), pause_max_ms=max(r['write_pause_ms'] for r in rows),
                elapsed_median_ms=med('elapsed_ms'))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n', 1)[0])
    parser.add_argument('--runs', type=int, default=6, help='runs per mode (default 6)')
    parser.add_argument('--modes', default='safe,force')
    parser.add_argument('--output', default=os.path.join(HERE, 'results'))
    args = parser.parse_args()
    cluster = LoopbackCluster().start()
    rows = []
    try:
        for mode in args.modes.split(','):
            for index in range(args.runs):
                order = [(index + k) % 3 for k in range(3)]
                row = one_run(cluster, mode, order, index)
                rows.append(row)
                print(json.dumps(row), flush=True)
    finally:
        cluster.destroy()
    result = dict(date=datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds'),
                  command='.venv/bin/python benchmarks/failover_under_load.py --runs %d' % args.runs,
                  runs=rows, summary=[summary(rows, m) for m in args.modes.split(',')])
    os.makedirs(args.output, exist_ok=True)
    path = os.path.join(args.output, 'failover_under_load-%s.json' % time.strftime('%Y%m%dT%H%M%S'))
    with open(path, 'w') as handle:
        json.dump(result, handle, indent=2)
    print(json.dumps(result['summary'], indent=2))
    print('written: %s' % path)


if __name__ == '__main__':
    main()
