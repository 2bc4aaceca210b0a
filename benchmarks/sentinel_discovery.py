# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark: how long redis-py's Sentinel discovery (Sentinel.discover_master, what master_for
runs on every new connection) takes when the Sentinels listed first are gone, with redis-py's
default connection retry and with the retry docs/client-integration.md recommends for the
Sentinel connections (Retry(NoBackoff(), 0)).

A retired Sentinel's address refuses connections (its host stopped the service, as
remove_node.yml does): a free loopback port stands for it, in front of a live loopback cluster's
three Sentinels. Prints one JSON line per case (median, min, max of --runs) and the redis-py
version.

    .venv/bin/python benchmarks/sentinel_discovery.py --runs 5
"""

from __future__ import absolute_import, division, print_function

import argparse
import datetime
import json
import os
import statistics
import sys
import time

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry
from redis.sentinel import Sentinel

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'tests', 'support'))

from loopback_cluster import (  # noqa: E402 pylint: disable=wrong-import-position
    MASTER_NAME, SENTINEL_PASSWORD, LoopbackCluster, free_port)

CONFIGS = {
    'redis-py default': {},
    'sentinel_kwargs retry=Retry(NoBackoff(), 0)': {'retry': Retry(NoBackoff(), 0)},
}


def discovery_seconds(endpoints, extra):
    sentinel = Sentinel(endpoints, socket_timeout=0.5, socket_connect_timeout=0.5,
                        sentinel_kwargs=dict(password=SENTINEL_PASSWORD, socket_timeout=0.5,
                                             socket_connect_timeout=0.5, **extra))
    started = time.perf_counter()
    sentinel.discover_master(MASTER_NAME)
    return time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n', 1)[0])
    parser.add_argument('--runs', type=int, default=5)
    args = parser.parse_args()
    started = datetime.datetime.now(datetime.timezone.utc)
    cluster = LoopbackCluster().start()
    try:
        live = [('127.0.0.1', sentinel.port) for sentinel in cluster.sentinels]
        for retired in (0, 1, 3):
            endpoints = [('127.0.0.1', free_port()) for _i in range(retired)] + live
            for label, extra in CONFIGS.items():
                times = [discovery_seconds(list(endpoints), extra) for _run in range(args.runs)]
                print(json.dumps(dict(retired_sentinels_first=retired, config=label, runs=args.runs,
                                      median_s=round(statistics.median(times), 3),
                                      min_s=round(min(times), 3), max_s=round(max(times), 3))), flush=True)
    finally:
        cluster.destroy()
    print(json.dumps(dict(started=started.isoformat(timespec='seconds'), redis_py=redis.__version__,
                          ended=datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds'))))


if __name__ == '__main__':
    main()
