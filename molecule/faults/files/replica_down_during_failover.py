# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Kill the primary's server process; the moment Sentinel has promoted a replica (while it is still
reconfiguring the others), kill another replica too. Prints JSON: the old primary, the promoted
replica, the replica killed during the failover, and the Sentinel events seen.

Usage: replica_down_during_failover.py SENTINEL... -- ADDRESS=CONTAINER...
(Sentinels and addresses as host:port; data and Sentinel passwords on stdin, one per line.)"""

from __future__ import absolute_import, division, print_function

import json
import os
import subprocess
import sys
import time

import redis

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', 'tests', 'support'))
from lab_node import LabNode  # noqa: E402  pylint: disable=wrong-import-position


def main():
    data_password = sys.stdin.readline().rstrip('\n')
    sentinel_password = sys.stdin.readline().rstrip('\n')
    args = sys.argv[1:]
    sentinels = [a.rsplit(':', 1) for a in args[:args.index('--')]]
    containers = dict(item.split('=', 1) for item in args[args.index('--') + 1:])
    first = redis.Redis(host=sentinels[0][0], port=int(sentinels[0][1]), password=sentinel_password,
                        decode_responses=True, socket_timeout=2)
    old = '%s:%s' % tuple(first.sentinel_get_master_addr_by_name('mymaster'))
    replicas = [address for address in containers if address != old]
    # Sentinel may finish reconfiguring the other replica within a second of the promotion, and
    # starting a `docker exec` takes a noticeable part of that: start one killer per replica now,
    # each waiting for a line on stdin, so the victim dies the moment it is named.
    # Under systemd each must stay down once killed (a runtime drop-in; lab_node.py start lifts it).
    nodes = {address: LabNode(containers[address]) for address in containers}
    for address in replicas:
        nodes[address].keep_down_when_killed('server')
    killers = {address: subprocess.Popen(
        ['docker', 'exec', '-i', containers[address], 'sh', '-c',
         'read order && [ "$order" = kill ] && pkill --signal KILL --exact "$1"', 'sh', nodes[address].service('server')],
        stdin=subprocess.PIPE, text=True) for address in replicas}
    time.sleep(1)
    nodes[old].kill('server')
    killed_at = time.time()
    promoted = victim = None
    while time.time() - killed_at < 30 and promoted is None:
        for address in replicas:
            host, port = address.rsplit(':', 1)
            try:
                role = redis.Redis(host=host, port=int(port), password=data_password, decode_responses=True,
                                   socket_timeout=0.5).execute_command('ROLE')[0]
            except redis.RedisError:
                continue
            if role == 'master':
                promoted = address
                break
        time.sleep(0.01)
    if promoted is None:
        for killer in killers.values():
            killer.communicate('spare\n', timeout=30)
        print(json.dumps(dict(error='no replica was promoted within 30 s', old_primary=old)))
        return 1
    victim = [address for address in replicas if address != promoted][0]
    for address, killer in killers.items():
        killer.communicate('kill\n' if address == victim else 'spare\n', timeout=30)
    victim_killed_s = round(time.time() - killed_at, 3)
    if killers[victim].returncode != 0:
        print(json.dumps(dict(error='could not kill the server on %s' % victim, old_primary=old)))
        return 1
    # Only the Sentinel leading the failover flags it in progress: ask them all.
    in_progress = False
    for host, port in sentinels:
        try:
            flags = redis.Redis(host=host, port=int(port), password=sentinel_password, decode_responses=True,
                                socket_timeout=1).execute_command('SENTINEL', 'MASTER', 'mymaster')
            in_progress = in_progress or 'failover_in_progress' in str(flags)
        except redis.RedisError:
            continue
    print(json.dumps(dict(old_primary=old, promoted=promoted, killed_during_failover=victim,
                          killed_at_s=victim_killed_s, failover_still_in_progress=in_progress,
                          victim_container=containers[victim], old_container=containers[old])))
    return 0


if __name__ == '__main__':
    sys.exit(main())
