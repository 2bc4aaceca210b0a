# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""cluster_info against a real cluster: the picture, the inventory match, the refusals."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import time

from module_runner import run_module
from loopback_cluster import DATA_PASSWORD, ENGINE, ENGINE_NAME, SENTINEL_PASSWORD, engine_version


def cluster_info(cluster, **extra):
    args = {'sentinels': cluster.sentinel_addresses(), 'login_password': SENTINEL_PASSWORD,
            'redis_password': DATA_PASSWORD,
            'inventory': dict(('node-%d' % index, node.address) for index, node in enumerate(cluster.nodes))}
    args.update(extra)
    return run_module('cluster_info', args)


def test_the_whole_picture_matched_to_the_inventory(settled):
    run = cluster_info(settled, require_healthy=True)
    assert not run.failed, run.msg
    primary = settled.primary_address()
    primary_index = [node.address for node in settled.nodes].index(primary)
    assert run['primary'] == primary and run['healthy'] and run['problems'] == []
    assert run['primary_host'] == '127.0.0.1' and '%s:%d' % (run['primary_host'], run['primary_port']) == primary
    assert run['primary_inventory_host'] == 'node-%d' % primary_index
    assert run['groups']['primary'] == ['node-%d' % primary_index] and run['groups']['unplaced'] == []
    assert sorted(run['groups']['replicas']) == sorted('node-%d' % i for i in range(3) if i != primary_index)
    assert run['engines'] == ['%s %s' % (ENGINE_NAME, engine_version())]
    assert run['quorum'] == 2 and run['agree'] and run['ok'] and run['num_replicas'] == 2
    for replica in run['replicas']:
        assert replica['state'] == 'online' and replica['master_link_status'] == 'up' and replica['reachable']
        assert replica['lag_bytes'] >= 0 and replica['inventory_host'].startswith('node-')
    assert not run.changed
    run.assert_no_secret()


def test_a_primary_outside_the_inventory_is_a_problem(settled):
    run = cluster_info(settled, inventory={'elsewhere': '192.0.2.1:6379'}, require_healthy=True)
    assert run.failed and 'none of the inventory' in run.msg and settled.primary_address() in run.msg
    assert run['groups'] == dict(primary=[], replicas=[], unplaced=['elsewhere']) and run['primary_inventory_host'] is None
    run.assert_no_secret()


def test_a_stopped_replica_and_a_stopped_sentinel_are_named(settled):
    replica = settled.replicas()[0]
    sentinel = settled.sentinels[2]
    replica.stop()
    sentinel.stop()
    try:
        deadline = time.time() + 20
        run = cluster_info(settled)
        # The primary drops a replica from its INFO once the link times out; the Sentinel at once.
        while time.time() < deadline and not any(replica.address in p for p in run['problems']):
            time.sleep(1)
            run = cluster_info(settled)
        assert not run.failed, run.msg
        assert not run['healthy']
        assert any(sentinel.address in problem and 'did not answer' in problem for problem in run['problems'])
        assert any(replica.address in problem for problem in run['problems']) or any(
            'connected replica' in problem for problem in run['problems']), run['problems']
        refused = cluster_info(settled, require_healthy=True)
        assert refused.failed and 'not healthy' in refused.msg and sentinel.address in refused.msg
    finally:
        replica.start()
        sentinel.start()


def test_no_sentinel_answers(settled):
    run = run_module('cluster_info', {'sentinels': ['127.0.0.1:1'], 'login_password': SENTINEL_PASSWORD,
                                      'redis_password': DATA_PASSWORD})
    assert run.failed and run.msg.startswith('no Sentinel answered') and '127.0.0.1:1' in run.msg


def test_joining_replicas_checked_against_the_primarys_rdb(settled):
    primary_index = [node.address for node in settled.nodes].index(settled.primary_address())
    # The primary's own entry is left out: an unknown engine there would fail the check.
    joining = [{'name': 'node-%d' % primary_index, 'engine': 'nonsense', 'version': '0'},
               {'name': 'new-host', 'engine': 'valkey', 'version': '8.1.1'}]
    run = cluster_info(settled, joining=joining)
    assert not run.failed, run.msg
    assert run['primary_rdb'] == {'redis': 10, 'valkey': 11}[ENGINE]

    run = cluster_info(settled, joining=joining + [{'name': 'old-host', 'engine': 'redis', 'version': '6.2.14'}])
    assert run.failed
    assert 'old-host would run Redis 6.2.14, which reads RDB up to 9' in run.msg and 'new-host' not in run.msg
    # The picture comes back with the refusal: deploy.yml tells it from no Sentinel answering.
    assert run['primary'] == settled.primary_address() and [s for s in run['sentinels'] if s['reachable']]
    run.assert_no_secret()
