# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""cluster_health against a real cluster: it reads every Sentinel and node itself and judges."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import time

from module_runner import run_module
from loopback_cluster import DATA_PASSWORD, ENGINE_NAME, SENTINEL_PASSWORD, engine_version

PROBE_KEY = 'redisops:test:health-probe'


def cluster_health(cluster, check_mode=False, **extra):
    args = {'sentinels': cluster.sentinel_addresses(), 'login_password': SENTINEL_PASSWORD,
            'redis_password': DATA_PASSWORD, 'latency_samples': 5, 'probe_key': PROBE_KEY,
            'nodes': dict(('node-%d' % index, node.address) for index, node in enumerate(cluster.nodes)),
            'sentinel_hosts': dict((address, 'sentinel-%d' % index)
                                   for index, address in enumerate(cluster.sentinel_addresses()))}
    args.update(extra)
    return run_module('cluster_health', args, check_mode=check_mode)


def test_a_settled_cluster_is_healthy_and_every_node_measured(settled):
    primary = settled.primary()
    settled.node_client(primary).delete(PROBE_KEY)
    checked = cluster_health(settled, check_mode=True)
    assert not checked.failed, checked.msg
    # Check mode writes nothing: no SET probe.
    assert settled.node_client(primary).exists(PROBE_KEY) == 0 and 'set' not in checked['report']['latency'][primary.address]
    run = cluster_health(settled)
    assert not run.failed and not run.changed, run.msg
    report = run['report']
    assert run['status'] == 'healthy' and report['reasons'] == [] and report['primary'] == primary.address
    assert report['engines'] == ['%s %s' % (ENGINE_NAME, engine_version())]
    assert report['sentinels']['count'] == 3 and report['sentinels']['agree']
    assert sorted(detail['host'] for detail in report['sentinels']['detail']) == ['sentinel-0', 'sentinel-1', 'sentinel-2']
    assert len(report['replicas']) == 2 and all(replica['link_status'] == 'up' for replica in report['replicas'])
    for node in report['nodes']:
        assert node['reachable'] and 0 < node['latency_ms']['get']['p50'] <= node['latency_ms']['get']['p99']
        assert node['memory']['used_bytes'] > 0
    assert 'set' in report['latency'][primary.address]
    assert settled.node_client(primary).ttl(PROBE_KEY) > 0
    assert run['summary'][0] == 'HEALTHY' and any('sentinel-2' in line for line in run['summary'])
    run.assert_no_secret()


def test_a_stopped_replica_is_degraded_and_named(settled):
    replica = settled.replicas()[0]
    replica.stop()
    try:
        deadline = time.time() + 20
        run = cluster_health(settled)
        # The primary drops a replica from its INFO once the link times out.
        while time.time() < deadline and run['status'] == 'healthy':
            time.sleep(1)
            run = cluster_health(settled)
        assert not run.failed, run.msg
        assert run['status'] == 'degraded', run['reasons']
        assert any('replicas online' in reason for reason in run['reasons'])
        stopped = [node for node in run['report']['nodes'] if node['address'] == replica.address][0]
        assert not stopped['reachable'] and replica.address in stopped['error']
        assert any('unreachable' in line and replica.address in line for line in run['summary'])
        run.assert_no_secret()
    finally:
        replica.start()


def test_no_sentinel_answering_is_critical(settled):
    run = cluster_health(settled, sentinels=['127.0.0.1:1'], configured_sentinels=3)
    assert not run.failed, run.msg
    assert run['status'] == 'critical' and 'no Sentinel answered' in run['reasons']
    run.assert_no_secret()
