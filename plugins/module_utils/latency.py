# -*- coding: utf-8 -*-
# Copyright: (c) 2026, redisops.ha contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Round-trip latency and memory of one data node, as the host running the module sees them.
Shared by redis_latency (one node) and cluster_health (every node, from one host)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import time

from ansible_collections.redisops.ha.plugins.module_utils.replication import parse_info
from ansible_collections.redisops.ha.plugins.module_utils.stats import percentile


def sample_latency(node, samples, *command):
    """p50 and p99 (milliseconds) of `samples` round trips of one command."""
    timings = []
    for _dummy in range(max(1, samples)):
        started = time.perf_counter()
        node.call(*command)
        timings.append((time.perf_counter() - started) * 1000.0)
    return dict(p50=round(percentile(timings, 50), 3), p99=round(percentile(timings, 99), 3))


def node_latency(node, samples, probe_key, write_probe):
    """PING and GET (and, with write_probe, SET of probe_key with a 60 s TTL) latency, memory use
    and role, in redis_latency's result form."""
    latency = dict(ping=sample_latency(node, samples, 'PING'))
    if write_probe:
        latency['set'] = sample_latency(node, samples, 'SET', probe_key, 'probe', 'EX', '60')
    latency['get'] = sample_latency(node, samples, 'GET', probe_key)
    memory = parse_info(node.call('INFO', 'memory'))
    role = parse_info(node.call('INFO', 'replication')).get('role')
    used = int(memory.get('used_memory', 0))
    limit = int(memory.get('maxmemory', 0))
    return dict(latency_ms=latency, used_memory=used, maxmemory=limit,
                used_memory_pct=round(100.0 * used / limit, 1) if limit else None,
                role={'master': 'primary', 'slave': 'replica'}.get(role, role))
