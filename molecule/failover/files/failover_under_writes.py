# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run playbooks/failover.yml against the lab while a Sentinel-aware client writes, then count,
key by key on the new primary, the acknowledged writes that were lost.

Usage: failover_under_writes.py INVENTORY SENTINEL... [-- EXTRA ansible-playbook ARGS]
(Sentinels as host:port; the data and Sentinel passwords on stdin, one per line.)
Prints one JSON object."""

from __future__ import absolute_import, division, print_function

import json
import os
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..'))
sys.path.insert(0, os.path.join(ROOT, 'tests', 'support'))

import redis  # noqa: E402 pylint: disable=wrong-import-position
from loopback_cluster import MASTER_NAME, SentinelWriter  # noqa: E402 pylint: disable=wrong-import-position


def main():
    data_password = sys.stdin.readline().rstrip('\n')
    sentinel_password = sys.stdin.readline().rstrip('\n')
    args = sys.argv[1:]
    extra = args[args.index('--') + 1:] if '--' in args else []
    args = args[:args.index('--')] if '--' in args else args
    inventory, sentinels = args[0], [tuple(a.rsplit(':', 1)) for a in args[1:]]
    sentinels = [(host, int(port)) for host, port in sentinels]
    writer = SentinelWriter(endpoints=sentinels, data_password=data_password,
                            sentinel_password=sentinel_password, prefix='molecule-%d' % time.time()).start()
    time.sleep(2)
    started = time.time()
    proc = subprocess.run([os.path.join(os.path.dirname(sys.executable), 'ansible-playbook'), '-i', inventory,
                           os.path.join(ROOT, 'playbooks', 'failover.yml')] + extra,
                          capture_output=True, text=True, check=False, cwd=ROOT)
    playbook_s = time.time() - started
    time.sleep(2)
    writer.stop()
    sentinel = redis.sentinel.Sentinel(sentinels, sentinel_kwargs={'password': sentinel_password})
    primary = sentinel.master_for(MASTER_NAME, password=data_password, decode_responses=True)
    report = dict(playbook_rc=proc.returncode, playbook_s=round(playbook_s, 2), acked=len(writer.acked),
                  lost=writer.lost(primary), client_errors=writer.errors,
                  longest_gap_ms=int(writer.longest_gap() * 1000),
                  primary='%s:%s' % sentinel.discover_master(MASTER_NAME))
    if proc.returncode != 0:
        report['playbook_output'] = proc.stdout[-4000:]
    print(json.dumps(report))
    return 0 if proc.returncode == 0 else 1


if __name__ == '__main__':
    sys.exit(main())
