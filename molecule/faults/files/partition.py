# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Cut the primary's container off the lab network while a client *on the primary's side* (a
writer inside that container, talking to 127.0.0.1) keeps writing; let the Sentinels fail over;
heal the partition; count the writes the isolated primary acknowledged that the cluster lost.

Usage: partition.py NETWORK SECONDS MIN_REPLICAS MAX_LAG SENTINEL... -- ADDRESS=CONTAINER...
(data and Sentinel passwords on stdin, one per line). MIN_REPLICAS/MAX_LAG are applied at
runtime (CONFIG SET) on every node for the run and put back afterwards. Prints one JSON object."""

from __future__ import absolute_import, division, print_function

import json
import subprocess
import sys
import time

import redis
from redis.sentinel import Sentinel

# Runs inside the isolated container with Debian's python3-redis; password on stdin.
WRITER = r'''
import json, sys, time, redis
password = sys.stdin.readline().rstrip("\n")
seconds, prefix = float(sys.argv[1]), sys.argv[2]
client = redis.Redis(host="127.0.0.1", port=6379, password=password, socket_timeout=1)
acked, refused, errors, started, i = [], 0, 0, time.time(), 0
# Times are seconds since "started", which is reported: the container shares the host's clock.
first_refusal = {}
while time.time() - started < seconds:
    key = "%s:%d" % (prefix, i)
    i += 1
    try:
        client.set(key, i)
        acked.append([key, round(time.time() - started, 3)])
    except redis.ResponseError as exc:
        refused += 1
        kind = "READONLY" if "read only" in str(exc).lower() or "readonly" in str(exc).lower() else str(exc).split()[0].upper()
        first_refusal.setdefault(kind, round(time.time() - started, 3))
    except redis.RedisError:
        errors += 1
    time.sleep(0.005)
print(json.dumps(dict(started=started, acked=acked, refused=refused, errors=errors, first_refusal=first_refusal)))
'''


def node(address, password):
    host, port = address.rsplit(':', 1)
    return redis.Redis(host=host, port=int(port), password=password, decode_responses=True, socket_timeout=2)


def main():
    data_password = sys.stdin.readline().rstrip('\n')
    sentinel_password = sys.stdin.readline().rstrip('\n')
    args = sys.argv[1:]
    network, seconds, min_replicas, max_lag = args[0], float(args[1]), int(args[2]), int(args[3])
    sentinels = [tuple(a.rsplit(':', 1)) for a in args[4:args.index('--')]]
    sentinels = [(host, int(port)) for host, port in sentinels]
    containers = dict(item.split('=', 1) for item in args[args.index('--') + 1:])
    sentinel = Sentinel(sentinels, sentinel_kwargs={'password': sentinel_password, 'socket_timeout': 1})
    old = '%s:%s' % sentinel.discover_master('mymaster')
    container = containers[old]
    saved = {}
    for address in containers:
        client = node(address, data_password)
        saved[address] = client.config_get('min-replicas-*')
        client.config_set('min-replicas-max-lag', max_lag)
        client.config_set('min-replicas-to-write', min_replicas)
    prefix = 'partition-%d-%d' % (min_replicas, time.time())
    writer = subprocess.Popen(['docker', 'exec', '-i', container, 'python3', '-c', WRITER, str(seconds + 6), prefix],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    writer.stdin.write(data_password + '\n')
    writer.stdin.flush()
    time.sleep(3)
    cut_at = time.time()
    subprocess.run(['docker', 'network', 'disconnect', network, container], check=True)
    new = None
    while time.time() - cut_at < seconds:
        try:
            named = '%s:%s' % sentinel.discover_master('mymaster')
            if named != old:
                new = new or (named, round(time.time() - cut_at, 2))
        except redis.RedisError:
            pass
        time.sleep(0.2)
    ip = old.rsplit(':', 1)[0]
    subprocess.run(['docker', 'network', 'connect', '--ip', ip, network, container], check=True)
    healed_at = time.time()
    output, errors = writer.communicate(timeout=60)
    written = json.loads(output) if output.strip() else dict(acked=[], error=errors[-500:])
    # Sentinel turns the returning old primary into a replica of the new one.
    role = None
    while time.time() - healed_at < 40:
        try:
            info = node(old, data_password).info('replication')
            role = info.get('role')
            if role == 'slave' and info.get('master_link_status') == 'up':
                break
        except redis.RedisError:
            pass
        time.sleep(0.5)
    demoted_s = round(time.time() - healed_at, 2)
    primary = node('%s:%s' % sentinel.discover_master('mymaster'), data_password)
    keys = [key for key, _at in written['acked']]
    lost = []
    for start in range(0, len(keys), 1000):
        chunk = keys[start:start + 1000]
        lost.extend(key for key, value in zip(chunk, primary.mget(chunk)) if value is None)
    for address, values in saved.items():
        client = node(address, data_password)
        client.config_set('min-replicas-to-write', values['min-replicas-to-write'])
        client.config_set('min-replicas-max-lag', values['min-replicas-max-lag'])
    # The writer's times are relative to its own start (docker exec takes a while to start it):
    # make them relative to the moment of the cut.
    offset = written.get('started', cut_at - 3.0) - cut_at
    acked_at = {key: at + offset for key, at in written['acked']}
    during = [key for key, at in acked_at.items() if at >= 0]
    first_refusal = {kind: round(at + offset, 2) for kind, at in (written.get('first_refusal') or {}).items()}
    print(json.dumps(dict(
        old_primary=old, new_primary=new[0] if new else None, failover_seen_after_s=new[1] if new else None,
        min_replicas_to_write=min_replicas, min_replicas_max_lag=max_lag, partition_s=seconds,
        acked=len(keys), acked_while_cut_off=len(during), lost=len(lost),
        last_lost_write_after_cut_s=round(max(acked_at[k] for k in lost), 2) if lost else None,
        refused=written.get('refused'), first_refusal_after_cut_s=first_refusal,
        old_primary_role_after=role, demoted_after_heal_s=demoted_s)))
    return 0


if __name__ == '__main__':
    sys.exit(main())
