# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Data-path checks of the sprint tickets, from the controller with redis-py: PING answers
PONG; SET/GET on the primary; every replica holds the write shortly after; a write to a replica
fails with READONLY. Usage: data_checks.py PRIMARY REPLICA... (host:port), password on stdin."""

from __future__ import absolute_import, division, print_function

import json
import sys
import time
import uuid

import redis


def client(endpoint, password):
    host, port = endpoint.rsplit(':', 1)
    return redis.Redis(host=host, port=int(port), password=password, socket_timeout=3, decode_responses=True)


def main():
    password = sys.stdin.readline().rstrip('\n')
    primary, replicas = sys.argv[1], sys.argv[2:]
    report = {'primary': primary, 'replicas': {}}
    node = client(primary, password)
    report['ping'] = node.ping()
    key, value = 'redisops:verify:%s' % uuid.uuid4().hex, uuid.uuid4().hex
    node.set(key, value, ex=300)
    report['get_on_primary'] = node.get(key) == value
    for endpoint in replicas:
        replica = client(endpoint, password)
        deadline = time.time() + 2
        seen = None
        while time.time() < deadline:
            if replica.get(key) == value:
                seen = round(2 - (deadline - time.time()), 3)
                break
            time.sleep(0.01)
        try:
            replica.set(key, 'from-a-replica')
            readonly = False
        except redis.exceptions.ReadOnlyError:
            readonly = True
        report['replicas'][endpoint] = {'replicated_after_s': seen, 'write_refused_readonly': readonly}
    ok = (report['ping'] and report['get_on_primary']
          and all(r['replicated_after_s'] is not None and r['write_refused_readonly'] for r in report['replicas'].values()))
    report['ok'] = bool(ok)
    print(json.dumps(report))
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
