# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The health verdict, case by case: each reason for critical and for degraded."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy

import pytest

from ansible_collections.redisops.ha.plugins.module_utils.health import (
    assess, engines, node_record, summary_lines)

REDIS = dict(engine='redis', version='7.0.15')
VALKEY = dict(engine='valkey', version='8.0.1')


def sentinel(address, primary='10.0.0.1:6379', reachable=True):
    return dict(address=address, reachable=reachable, primary=primary if reachable else None,
                server=dict(REDIS) if reachable else None, config_epoch=2, error=None if reachable else 'refused')


def healthy_cluster():
    """A primary, two replicas in sync, three Sentinels that agree: the inputs of assess()."""
    sentinels = dict(ok=True, agree=True, primary='10.0.0.1:6379', quorum=2,
                     message='OK 3 usable Sentinels. Quorum and failover authorization can be reached',
                     sentinels=[sentinel('10.0.0.%d:26379' % n) for n in (4, 5, 6)])
    primary = dict(role='primary', server=REDIS,
                   replicas=[dict(host='10.0.0.%d' % n, port=6379, state='online', lag_bytes=0, lag_seconds=0)
                             for n in (2, 3)])
    replica = dict(role='replica', server=REDIS, master_host='10.0.0.1', master_port=6379,
                   master_link_status='up', replica_repl_offset=100)
    latency = dict(latency_ms=dict(get=dict(p50=0.1, p99=0.4)), used_memory=2097152, maxmemory=0)
    nodes = {'redis-1': ('10.0.0.1:6379', primary), 'redis-2': ('10.0.0.2:6379', replica),
             'redis-3': ('10.0.0.3:6379', copy.deepcopy(replica))}
    return sentinels, nodes, latency


def judge(sentinels, nodes, latency, configured_sentinels=3, **thresholds):
    records = [node_record(host, address, replication, latency) for host, (address, replication) in sorted(nodes.items())]
    primary = next((replication for address, replication in nodes.values() if address == sentinels.get('primary')), None)
    names = dict(('10.0.0.%d:26379' % n, 'sentinel-%d' % (n - 3)) for n in (4, 5, 6))
    return assess(sentinels, records, configured_sentinels, primary_replication=primary, sentinel_hosts=names, **thresholds)


def test_a_healthy_cluster():
    report = judge(*healthy_cluster())
    assert report['status'] == 'healthy' and report['reasons'] == []
    assert report['engines'] == ['Redis 7.0.15'] and report['report_version'] == 1
    assert [r['address'] for r in report['replicas']] == ['10.0.0.2:6379', '10.0.0.3:6379']
    assert report['sentinels']['count'] == 3 and report['failover']['config_epoch'] == 2


def _no_sentinel(sentinels, nodes):
    for detail in sentinels['sentinels']:
        detail.update(reachable=False, primary=None, server=None)


def _disagree(sentinels, nodes):
    sentinels.update(agree=False, primary=None)


def _noquorum(sentinels, nodes):
    sentinels.update(ok=False, message='NOQUORUM 1 usable Sentinels')


def _primary_down(sentinels, nodes):
    nodes['redis-1'] = ('10.0.0.1:6379', dict(failed=True, msg='connection refused by Redis node 10.0.0.1:6379'))


def _primary_is_replica(sentinels, nodes):
    nodes['redis-1'][1].update(role='replica')


@pytest.mark.parametrize('break_it, reason', [
    (_no_sentinel, 'no Sentinel answered'),
    (_disagree, 'the Sentinels do not agree on a primary'),
    (_noquorum, 'quorum unreachable: NOQUORUM 1 usable Sentinels'),
    (_primary_down, 'unreachable or not primary'),
    (_primary_is_replica, 'primary 10.0.0.1:6379 unreachable or not primary'),
])
def test_each_reason_for_critical(break_it, reason):
    sentinels, nodes, latency = healthy_cluster()
    break_it(sentinels, nodes)
    report = judge(sentinels, nodes, latency)
    assert report['status'] == 'critical'
    assert any(reason in text for text in report['reasons']), report['reasons']


def _replica_gone(sentinels, nodes):
    nodes['redis-1'][1]['replicas'].pop()


def _lags_bytes(sentinels, nodes):
    nodes['redis-1'][1]['replicas'][0]['lag_bytes'] = 2 * 1048576


def _lags_seconds(sentinels, nodes):
    nodes['redis-1'][1]['replicas'][0]['lag_seconds'] = 11


def _link_down(sentinels, nodes):
    nodes['redis-2'][1]['master_link_status'] = 'down'


def _sentinel_silent(sentinels, nodes):
    sentinels['sentinels'][2].update(reachable=False, primary=None, server=None)


def _mixed_engines(sentinels, nodes):
    nodes['redis-3'][1]['server'] = VALKEY


@pytest.mark.parametrize('break_it, reason', [
    (_replica_gone, '1 of 2 replicas online'),
    (_lags_bytes, 'replica 10.0.0.2:6379 lags 2097152 B / 0 s, link up'),
    (_lags_seconds, 'replica 10.0.0.2:6379 lags 0 B / 11 s, link up'),
    (_link_down, 'replica 10.0.0.2:6379 lags 0 B / 0 s, link down'),
    (_sentinel_silent, '2 of 3 Sentinels answer'),
    (_mixed_engines, 'migration in progress: Redis 7.0.15 + Valkey 8.0.1'),
])
def test_each_reason_for_degraded(break_it, reason):
    sentinels, nodes, latency = healthy_cluster()
    break_it(sentinels, nodes)
    report = judge(sentinels, nodes, latency)
    assert report['status'] == 'degraded'
    assert any(reason in text for text in report['reasons']), report['reasons']


def test_critical_reasons_come_before_degraded_ones():
    sentinels, nodes, latency = healthy_cluster()
    _noquorum(sentinels, nodes)
    _replica_gone(sentinels, nodes)
    reasons = judge(sentinels, nodes, latency)['reasons']
    assert reasons[0].startswith('quorum unreachable') and reasons[1] == '1 of 2 replicas online'


def test_thresholds_are_the_callers():
    sentinels, nodes, latency = healthy_cluster()
    _lags_seconds(sentinels, nodes)
    assert judge(sentinels, nodes, latency, max_lag_seconds=20)['status'] == 'healthy'


def test_a_failed_sentinel_read_is_critical_not_an_error():
    _sentinels, nodes, latency = healthy_cluster()
    report = judge(dict(failed=True, msg='no Sentinel answered'), nodes, latency)
    assert report['status'] == 'critical' and 'no Sentinel answered' in report['reasons']


def test_engines_count_sentinels_too():
    assert engines([dict(engine='redis', version='7.0.15')], [dict(server=VALKEY), dict(server=None)]) == [
        'Redis 7.0.15', 'Valkey 8.0.1']


def test_ipv6_addresses_in_brackets():
    record = node_record('r', '[fd00::2]:6379', dict(role='replica', master_host='fd00::1', master_port=6379), {})
    assert record['master'] == '[fd00::1]:6379'


def test_summary_is_a_table_of_nodes_and_sentinels():
    sentinels, nodes, latency = healthy_cluster()
    _link_down(sentinels, nodes)
    lines = summary_lines(judge(sentinels, nodes, latency))
    assert lines[0].startswith('DEGRADED: replica 10.0.0.2:6379')
    assert lines[1] == 'primary 10.0.0.1:6379; Sentinels 3/3, quorum 2, agree True'
    assert lines[2].split() == ['node', 'address', 'role', 'engine', 'link', 'lag', 'p99', 'get', 'memory']
    assert lines[3].split()[:5] == ['redis-1', '10.0.0.1:6379', 'primary', 'Redis', '7.0.15']
    assert lines[3].split()[5:] == ['n/a', '0.40', 'ms', '2.0', 'MB']
    assert lines[4].split()[5:8] == ['down', '0', 'B']
    assert [line.split()[:2] for line in lines[6:]] == [['sentinel-1', '10.0.0.4:26379'], ['sentinel-2', '10.0.0.5:26379'],
                                                        ['sentinel-3', '10.0.0.6:26379']]
    assert lines[6].split()[2:] == ['sentinel', 'Redis', '7.0.15', 'agrees']
