# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The migration gates and the order of the steps (plugins/module_utils/migration.py)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.redisops.ha.plugins.module_utils.connection import RedisOpsError
from ansible_collections.redisops.ha.plugins.module_utils.migration import (
    FAILOVER, MIGRATE_OLD_PRIMARY, MIGRATE_REPLICA, MIGRATE_SENTINEL, Member, MigrationRefused,
    check_joining, mixed_engines, parse_version, plan_migration, rdb_version)


def servers(engine='redis', version='7.0.15', target='8.0.1', primary_engine=None, primary_version=None):
    nodes = [Member('redis-primary', '10.0.0.11:6379', 'server', primary_engine or engine, primary_version or version,
                    role='primary', target_version=target)]
    for number in (1, 2):
        nodes.append(Member('redis-replica-%d' % number, '10.0.0.1%d:6379' % (number + 1), 'server', engine, version,
                            role='replica', link_up=True, target_version=target))
    return nodes


def sentinels(engine='redis', version='7.0.15'):
    return [Member('sentinel-%d' % n, '10.0.0.2%d:26379' % n, 'sentinel', engine, version, target_version='8.0.1')
            for n in (1, 2, 3)]


def test_versions_are_read_from_servers_and_packages():
    assert parse_version('8.0.1') == (8, 0, 1)
    assert parse_version('5:7.0.15-1~deb12u1') == (7, 0, 15)
    assert parse_version('8.0.1+dfsg1-1~bpo12+1') == (8, 0, 1)
    assert parse_version('8.1') == (8, 1, 0)
    assert parse_version(None) is None
    with pytest.raises(RedisOpsError):
        parse_version('unstable')


def test_rdb_table():
    assert rdb_version('redis', '7.0.15') == 10
    assert rdb_version('redis', '8.0.2') == 12
    assert rdb_version('valkey', '8.0.1') == 11
    assert rdb_version('valkey', '8.1.1') == 11
    with pytest.raises(RedisOpsError, match='not in the collection'):
        rdb_version('valkey', '9.0.0')


def test_redis_70_to_valkey_80_in_replication_order():
    nodes = servers()
    plan = plan_migration('valkey', nodes[0], nodes, sentinels())
    assert [(step['action'], step['host']) for step in plan.steps] == [
        (MIGRATE_REPLICA, 'redis-replica-1'), (MIGRATE_REPLICA, 'redis-replica-2'),
        (MIGRATE_SENTINEL, 'sentinel-1'), (MIGRATE_SENTINEL, 'sentinel-2'), (MIGRATE_SENTINEL, 'sentinel-3'),
        (FAILOVER, 'redis-replica-1'), (MIGRATE_OLD_PRIMARY, 'redis-primary')]
    assert plan.failover_target.name == 'redis-replica-1'
    assert 'Redis 7.0.15 -> Valkey 8.0.1' in plan.steps[0]['text']
    assert not plan.done


def test_a_migrated_cluster_has_nothing_to_do():
    nodes = servers('valkey', '8.0.1')
    plan = plan_migration('valkey', nodes[0], nodes, sentinels('valkey', '8.0.1'))
    assert plan.done and plan.steps == []
    assert 'nothing to do' in plan.lines()[0]


def test_resume_after_the_failover_moves_the_old_primary_as_a_replica():
    # The new primary runs Valkey; the old one is a Redis replica that cannot read RDB 11: it
    # is not in sync, which is expected, and it is the only step left.
    nodes = servers('valkey', '8.0.1')
    nodes[2].engine, nodes[2].version, nodes[2].link_up = 'redis', '7.0.15', False
    plan = plan_migration('valkey', nodes[0], nodes, sentinels('valkey', '8.0.1'))
    assert [(step['action'], step['host']) for step in plan.steps] == [(MIGRATE_REPLICA, 'redis-replica-2')]


def test_resume_with_a_member_left_down_by_the_interrupted_run():
    nodes = servers()
    nodes[1].engine, nodes[1].version = 'valkey', '8.0.1'
    sents = sentinels()
    sents[0].reachable, sents[0].engine, sents[0].resuming = False, None, True
    plan = plan_migration('valkey', nodes[0], nodes, sents)
    assert [(step['action'], step['host']) for step in plan.steps][:3] == [
        (MIGRATE_REPLICA, 'redis-replica-2'), (MIGRATE_SENTINEL, 'sentinel-1'), (MIGRATE_SENTINEL, 'sentinel-2')]
    assert 'interrupted earlier' in plan.steps[1]['text']


def test_the_member_an_interrupted_run_left_down_is_moved_first():
    nodes = servers()
    sents = sentinels()
    sents[2].reachable, sents[2].engine, sents[2].resuming = False, None, True
    plan = plan_migration('valkey', nodes[0], nodes, sents)
    assert [step['host'] for step in plan.steps if step['action'] == MIGRATE_SENTINEL] == ['sentinel-3', 'sentinel-1', 'sentinel-2']


def test_redis_80_to_valkey_81_is_refused_with_what_works_instead():
    nodes = servers('redis', '8.0.2', target='8.1.1')
    with pytest.raises(MigrationRefused) as refused:
        plan_migration('valkey', nodes[0], nodes, sentinels('redis', '8.0.2'))
    message = str(refused.value)
    assert 'nothing was changed' in message
    assert 'redis-replica-1 (Redis 8.0.2) would become Valkey 8.1.1, which reads RDB up to 11' in message
    assert 'the primary redis-primary (Redis 8.0.2) writes RDB 12' in message
    assert 'Redis 8.0 on Debian 13' in message
    assert 'no Valkey release Debian ships reads RDB 12, so no replication path exists: stay on Redis 8.0.2' in message
    assert 'redis-primary (Redis 8.0.2) would become' not in message


def test_valkey_80_back_to_redis_70_is_refused():
    nodes = servers('valkey', '8.0.1', target='7.0.15')
    with pytest.raises(MigrationRefused, match='reads RDB up to 10') as refused:
        plan_migration('redis', nodes[0], nodes, sentinels('valkey', '8.0.1'))
    assert 'move by replacing hosts with Redis 8.0 on Debian 13' in str(refused.value)


def test_valkey_81_to_redis_80_is_possible():
    nodes = servers('valkey', '8.1.1', target='8.0.2')
    plan = plan_migration('redis', nodes[0], nodes, sentinels('valkey', '8.1.1'))
    assert len(plan.steps) == 7


def test_a_target_that_would_write_what_another_target_cannot_read_is_refused():
    # One host would install Redis 8.0 (RDB 12), another Redis 7.2 (RDB 11): once the 8.0 node
    # is primary, the 7.2 node could not follow.
    nodes = servers('valkey', '8.0.1', target='8.0.2')
    nodes[2].target_version = '7.2.4'
    with pytest.raises(MigrationRefused, match='a moved primary would write RDB 12'):
        plan_migration('redis', nodes[0], nodes, sentinels('valkey', '8.0.1'))


def test_an_unknown_target_version_is_refused():
    nodes = servers(target='9.0.0')
    with pytest.raises(MigrationRefused, match='Valkey 9.0.0 is not in the collection'):
        plan_migration('valkey', nodes[0], nodes, sentinels())


def test_unhealthy_clusters_are_refused():
    nodes = servers()
    nodes[2].link_up = False
    with pytest.raises(MigrationRefused, match='redis-replica-2 .* is not in sync'):
        plan_migration('valkey', nodes[0], nodes, sentinels())
    nodes = servers()
    with pytest.raises(MigrationRefused, match='a failover is running'):
        plan_migration('valkey', nodes[0], nodes, sentinels(), 'a failover is running (x say so)')
    sents = sentinels()
    sents[1].reachable = False
    with pytest.raises(MigrationRefused, match='sentinel-2 .* does not answer and no earlier migrate run'):
        plan_migration('valkey', nodes[0], nodes, sents)
    nodes[1].reachable, nodes[1].resuming = False, True
    sents[1].resuming = True
    with pytest.raises(MigrationRefused, match='2 members are down at once'):
        plan_migration('valkey', nodes[0], nodes, sents)
    with pytest.raises(MigrationRefused, match='no primary'):
        plan_migration('valkey', None, servers(), sentinels(), None)


def test_mixed_engines_are_named():
    nodes = servers()
    nodes[1].engine, nodes[1].version = 'valkey', '8.0.1'
    assert mixed_engines(nodes) == ['Redis 7.0.15', 'Valkey 8.0.1']


def test_joining_replica_of_a_newer_rdb_is_refused_with_the_engines_that_would_work():
    with pytest.raises(MigrationRefused) as refused:
        check_joining('10.0.0.1:6379', 'redis', '8.0.2', [
            ('redis-new-2', 'redis', '8.0.2'), ('redis-old-1', 'redis', '5:7.0.15-1~deb12u1')])
    text = str(refused.value)
    assert 'redis-old-1 would run Redis 7.0.15, which reads RDB up to 10' in text
    assert 'the primary 10.0.0.1:6379 (Redis 8.0.2) writes RDB 12' in text
    assert 'Redis 8.0 on Debian 13' in text and 'redis-new-2' not in text


def test_joining_replicas_that_read_the_primary_rdb_pass():
    assert check_joining('p', 'redis', '7.0.15', [
        ('a', 'redis', '8.0.2'), ('b', 'valkey', '8.0.1'), ('c', 'redis', '7.0.15')]) == 10


def test_joining_replica_of_unknown_version_is_refused_not_guessed():
    with pytest.raises(MigrationRefused, match='c: Redis 9.0.0 is not in'):
        check_joining('p', 'redis', '8.0.2', [('c', 'redis', '9.0.0')])
