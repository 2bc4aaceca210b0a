# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""How an application talks to a redisops.ha cluster: through Sentinel, with retries.

Configuration comes from the environment, never from the command line:

    REDIS_SENTINEL_HOSTS     host:port,host:port,host:port   (every Sentinel)
    REDIS_MASTER_NAME        mymaster
    REDIS_PASSWORD           the data password (Redis nodes)
    REDIS_SENTINEL_PASSWORD  the Sentinel password

Run as a script it stores a session, reads it back from the primary and from a replica, and
prints what it did as JSON (docs/client-integration.md; the lab's Molecule verify runs it).
Needs redis-py 4.3 or later (Debian 12's python3-redis works).
"""

from __future__ import absolute_import, division, print_function

import json
import os
import random
import sys
import time
import uuid

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry
from redis.sentinel import Sentinel

# Errors a failover causes, all worth retrying: the primary is gone (ConnectionError,
# MasterNotFoundError), writes are paused (TimeoutError), or the node was demoted
# (ReadOnlyError, which redis-py's Sentinel pool turns into a ConnectionError and a reconnect).
RETRYABLE = (redis.ConnectionError, redis.TimeoutError, redis.ReadOnlyError, redis.BusyLoadingError)


def sentinel_from_environment():
    hosts = []
    for item in os.environ['REDIS_SENTINEL_HOSTS'].split(','):
        host, _sep, port = item.strip().rpartition(':')
        hosts.append((host.strip('[]'), int(port)))
    return Sentinel(
        hosts,
        # Short timeouts: a dead node should cost half a second, not the OS default of minutes.
        socket_timeout=0.5, socket_connect_timeout=0.5,
        # No retry on a Sentinel's connection: the next Sentinel is the retry. redis-py 6+
        # otherwise retries each one ten times with backoff, and a Sentinel that is gone costs
        # about 4 s per discovery (docs/client-integration.md).
        sentinel_kwargs={'password': os.environ.get('REDIS_SENTINEL_PASSWORD') or None,
                         'socket_timeout': 0.5, 'socket_connect_timeout': 0.5,
                         'retry': Retry(NoBackoff(), 0)},
        password=os.environ.get('REDIS_PASSWORD') or None)


def with_retries(operation, budget=10.0, first_pause=0.01, longest_pause=0.1):
    """Run operation(), retrying what a failover causes with capped, jittered exponential
    backoff for up to budget seconds (an automatic failover takes about
    down-after-milliseconds + 1.5 s; a planned one under 2 s)."""
    deadline = time.monotonic() + budget
    pause = first_pause
    while True:
        try:
            return operation()
        except RETRYABLE:
            if time.monotonic() + pause > deadline:
                raise
            time.sleep(pause * random.uniform(0.5, 1.0))
            pause = min(pause * 2, longest_pause)


def main():
    sentinel = sentinel_from_environment()
    name = os.environ.get('REDIS_MASTER_NAME', 'mymaster')
    # master_for asks the Sentinels for the primary on every new connection; keep the object
    # for the life of the process (it holds the connection pool).
    primary = sentinel.master_for(name, decode_responses=True)
    replica = sentinel.slave_for(name, decode_responses=True)

    session = 'session:%s' % uuid.uuid4()
    with_retries(lambda: primary.set(session, json.dumps({'user': 42}), ex=1800))
    from_primary = with_retries(lambda: primary.get(session))
    # Replicas lag by a few milliseconds: a read right after a write may miss it there. Read
    # your own writes from the primary; send reads that tolerate staleness to replicas.
    from_replica = None
    for _attempt in range(50):
        from_replica = with_retries(lambda: replica.get(session))
        if from_replica is not None:
            break
        time.sleep(0.02)
    with_retries(lambda: primary.delete(session))
    result = dict(primary='%s:%s' % sentinel.discover_master(name),
                  replicas=['%s:%s' % address for address in sentinel.discover_slaves(name)],
                  wrote=session, read_from_primary=from_primary is not None,
                  read_from_replica=from_replica is not None)
    print(json.dumps(result))
    return 0 if result['read_from_primary'] and result['read_from_replica'] else 1


if __name__ == '__main__':
    sys.exit(main())
