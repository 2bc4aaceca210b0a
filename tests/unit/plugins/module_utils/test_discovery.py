# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""cluster_info's picture, from the Sentinels' summary and the nodes' states: each problem."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.redisops.ha.plugins.module_utils.discovery import assemble, parse_inventory

INVENTORY = parse_inventory({'redis-1': '10.0.0.1:6379', 'redis-2': '10.0.0.2:6379', 'redis-3': '10.0.0.3:6379'})


def sentinels(**changes):
    summary = dict(ok=True, message='OK 3 usable Sentinels', quorum=2, num_replicas=2, num_other_sentinels=2,
                   primary='10.0.0.2:6379', agree=True, failover_in_progress=[], unreachable_sentinels=[],
                   disagreement='the Sentinels do not agree: ...',
                   sentinels=[dict(address='10.0.0.%d:26379' % n, reachable=True, error=None) for n in (4, 5, 6)])
    summary.update(changes)
    return summary


def node(n, role, **changes):
    state = dict(address='10.0.0.%d:6379' % n, host='10.0.0.%d' % n, port=6379, reachable=True, error=None,
                 role=role, engine='redis', version='7.0.15')
    if role == 'replica':
        state.update(master_link_status='up', state='online', offset=10, lag_bytes=0, lag_seconds=0)
    state.update(changes)
    return state


def picture(summary=None, primary=None, replicas=None, inventory=None):
    return assemble(summary or sentinels(), primary or node(2, 'primary'),
                    replicas if replicas is not None else [node(1, 'replica'), node(3, 'replica')],
                    INVENTORY if inventory is None else inventory, 'mymaster')


def test_a_healthy_cluster_grouped_by_current_role():
    result = picture()
    assert result['healthy'] and result['problems'] == []
    assert (result['primary'], result['primary_host'], result['primary_port']) == ('10.0.0.2:6379', '10.0.0.2', 6379)
    assert result['primary_inventory_host'] == 'redis-2'
    assert result['groups'] == dict(primary=['redis-2'], replicas=['redis-1', 'redis-3'], unplaced=[])
    assert result['engines'] == ['Redis 7.0.15'] and 'disagreement' not in result
    assert [r['inventory_host'] for r in result['replicas']] == ['redis-1', 'redis-3']


@pytest.mark.parametrize('summary, primary, replicas, inventory, problem', [
    (sentinels(sentinels=[dict(address='10.0.0.4:26379', reachable=False, error='refused')]), None, None, None,
     'Sentinel 10.0.0.4:26379 did not answer: refused'),
    (sentinels(failover_in_progress=['10.0.0.5:26379']), None, None, None,
     'a failover of mymaster is in progress (10.0.0.5:26379)'),
    (sentinels(ok=False, message='NOQUORUM 1 usable Sentinels'), None, None, None, 'quorum: NOQUORUM 1 usable Sentinels'),
    (None, node(2, 'primary', reachable=False, error='connection refused'), [], None,
     'the primary 10.0.0.2:6379 the Sentinels name does not answer: connection refused'),
    (None, node(2, 'replica'), None, None, 'the primary 10.0.0.2:6379 the Sentinels name answers as replica'),
    (None, None, None, parse_inventory({'redis-1': '10.0.0.1:6379'}),
     "the primary 10.0.0.2:6379 the Sentinels name is none of the inventory's data nodes"),
    (None, None, [node(1, 'replica')], None, 'has 1 connected replica(s), the Sentinels know 2'),
    (None, None, [node(1, 'replica', state='wait_bgsave'), node(3, 'replica')], None,
     'replica 10.0.0.1:6379 is wait_bgsave on the primary'),
    (None, None, [node(1, 'replica', master_link_status='down'), node(3, 'replica')], None,
     'replica 10.0.0.1:6379 reports its link down'),
])
def test_each_problem(summary, primary, replicas, inventory, problem):
    result = picture(summary, primary, replicas, inventory)
    assert not result['healthy']
    assert any(problem in text for text in result['problems']), result['problems']


def test_disagreeing_sentinels_name_no_primary():
    result = assemble(sentinels(agree=False, primary=None), None, [], INVENTORY, 'mymaster')
    assert result['primary'] is None and result['primary_inventory_host'] is None
    assert result['problems'] == ['the Sentinels do not agree: ...']
    assert result['groups'] == dict(primary=[], replicas=[], unplaced=['redis-1', 'redis-2', 'redis-3'])


def test_a_new_inventory_host_is_unplaced():
    inventory = dict(INVENTORY, **parse_inventory({'redis-4': '10.0.0.9:6379'}))
    assert picture(inventory=inventory)['groups']['unplaced'] == ['redis-4']


def test_ipv6_inventory_entries():
    assert parse_inventory({'r': '[fd00::1]:6380'}) == {'r': ('fd00::1', 6380)}
