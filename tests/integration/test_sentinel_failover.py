# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""sentinel_failover against a real cluster, with a real Sentinel-aware client writing."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re
import time

import pytest
from module_runner import run_module
from ansible_collections.redisops.ha.plugins.module_utils.client_writers import (
    CLIENTS, ClientWriter, kept_keys, summarize)
from loopback_cluster import DATA_PASSWORD, ENGINE, MASTER_NAME, SENTINEL_PASSWORD, SentinelWriter, engine_version


def failover_args(cluster, **extra):
    # 60 s, not the default 30: make test runs two suites side by side on 2 cores, and once both
    # safe failovers ran at the same moment and one outlasted 30 s (waiting for Sentinel's INFO
    # polls); the checks are about writes and roles, not speed (benchmarks/ measures that).
    args = {'sentinels': cluster.sentinel_addresses(), 'login_password': SENTINEL_PASSWORD,
            'redis_password': DATA_PASSWORD, 'timeout': 60}
    args.update(extra)
    return args


def topology(cluster):
    """Who each Sentinel names, and who each node follows."""
    named = [cluster.primary_address(s) for s in cluster.sentinels]
    roles = {}
    for node in cluster.nodes:
        info = cluster.node_client(node).info('replication')
        roles[node.address] = (info['role'], info.get('master_port'))
    return named, roles


def test_check_mode_changes_nothing(settled):
    before = topology(settled)
    run = run_module('sentinel_failover', failover_args(settled), check_mode=True)
    assert not run.failed, run.msg
    assert run.changed
    assert run['old_primary'] == settled.primary_address()
    assert run['write_pause_ms'] == 0
    assert any('candidate(s)' in step for step in run['steps'])
    assert topology(settled) == before
    run.assert_no_secret()
    # auto asks the primary, which answers: safe.
    run = run_module('sentinel_failover', failover_args(settled, mode='auto'), check_mode=True)
    assert not run.failed, run.msg
    assert run['mode'] == 'safe' and run['requested_mode'] == 'auto' and run['primary_answered']
    assert run['after']['primary'] == settled.primary_address() and run['after']['agree']
    assert topology(settled) == before


def test_auto_mode_forces_when_the_primary_does_not_answer(settled):
    """Check mode only: the switch itself is molecule/failover's (failover.yml, primary stopped)."""
    primary = settled.primary()
    # Keep Sentinel from failing over by itself while the primary is stopped (down-after 2 s).
    for sentinel in settled.sentinels:
        settled.sentinel_client(sentinel).execute_command('SENTINEL', 'SET', MASTER_NAME, 'down-after-milliseconds', '60000')
    primary.stop()
    try:
        run = run_module('sentinel_failover', failover_args(settled, mode='auto', connect_timeout=2), check_mode=True)
        assert not run.failed, run.msg
        assert run.changed and run['mode'] == 'force' and run['primary_answered'] is False
        assert primary.address in run['primary_error']
        assert any(step.endswith('mode force: the primary %s does not answer (%s)' % (primary.address, run['primary_error']))
                   for step in run['steps'])
        refused = run_module('sentinel_failover', failover_args(settled, mode='safe', connect_timeout=2), check_mode=True)
        assert refused.failed and 'a safe failover must pause writes on the primary' in refused.msg
        assert primary.address in refused.msg
        run.assert_no_secret()
    finally:
        primary.start()
        for sentinel in settled.sentinels:
            settled.sentinel_client(sentinel).execute_command('SENTINEL', 'SET', MASTER_NAME, 'down-after-milliseconds', '2000')


@pytest.mark.parametrize('interpreter', ['controller', 'debian'])
def test_safe_failover_loses_no_acknowledged_write(settled, interpreter):
    old = settled.primary_address()
    writer = SentinelWriter(settled, prefix='safe-%s' % interpreter).start()
    time.sleep(1.0)
    run = run_module('sentinel_failover', failover_args(settled), interpreter=interpreter)
    time.sleep(1.0)
    writer.stop()
    assert not run.failed, run.msg
    assert run.changed and run['mode'] == 'safe'
    assert run['old_primary'] == old and run['new_primary'] != old
    new = settled.node_by_address(run['new_primary'])
    # Finished means: every Sentinel names the new primary, and it says role:master.
    assert set(run['sentinels_name'].values()) == {run['new_primary']}
    assert settled.node_client(new).info('replication')['role'] == 'master'
    # The old primary follows the new one.
    assert run['old_primary_role'] == 'slave' and run['old_primary_replicates'] == run['new_primary']
    assert run['primary_answered'] and run['after']['primary'] == run['new_primary']
    # Every server it read, Sentinels and data nodes, with its engine and version.
    assert set(run['servers']) == set(settled.sentinel_addresses() + [n.address for n in settled.nodes])
    assert all(server == {'engine': ENGINE, 'version': engine_version()} for server in run['servers'].values())
    assert 0 < run['write_pause_ms'] < run['elapsed_ms']
    events = [e['event'] for e in run['events']]
    assert '+switch-master' in events or '+promoted-slave' in events
    # When one candidate was aligned with the leader's INFO poll, it is the one promoted: the
    # others had replica-priority 0 for the failover (several aligned together, or none within
    # 11 s: Sentinel chooses among them).
    aligned = [re.match(r'.*leader last polled (\S+) [0-9.]+ s ago: starting now$', step) for step in run['steps']]
    aligned = [match.group(1) for match in aligned if match]
    if aligned:
        assert run['new_primary'] == aligned[0], run['steps']
    # Zero acknowledged writes lost, key by key, and writes went on after the switch.
    assert len(writer.acked) > 100
    assert writer.lost(settled.node_client(new)) == 0
    assert settled.node_client(new).exists(writer.acked[-1])
    run.assert_no_secret()
    settled.wait_settled(60)


def test_target_is_promoted_and_priorities_restored(settled):
    old = settled.primary_address()
    replicas = settled.replicas()
    target, other = replicas[1], replicas[0]
    run = run_module('sentinel_failover', failover_args(settled, target=target.address))
    assert not run.failed, run.msg
    assert run['old_primary'] == old and run['new_primary'] == target.address
    assert settled.node_client(other).config_get('replica-priority')['replica-priority'] == '100'
    with open(other.conf) as handle:
        assert 'replica-priority 0' not in handle.read()
    settled.wait_settled(60)
    assert settled.primary_address() == target.address


def test_target_already_primary_changes_nothing(settled):
    before = topology(settled)
    run = run_module('sentinel_failover', failover_args(settled, target=settled.primary_address()))
    assert not run.failed, run.msg
    assert not run.changed
    assert topology(settled) == before


def test_force_failover(settled):
    old = settled.primary_address()
    run = run_module('sentinel_failover', failover_args(settled, mode='force'))
    assert not run.failed, run.msg
    assert run.changed and run['write_pause_ms'] == 0
    assert run['new_primary'] != old
    assert set(run['sentinels_name'].values()) == {run['new_primary']}
    # Sentinel itself turns the old primary into a replica, some seconds later.
    settled.wait_settled(60)
    info = settled.node_client(settled.node_by_address(old)).info('replication')
    assert info['role'] == 'slave'


def test_missing_data_password_is_named(settled):
    before = topology(settled)
    run = run_module('sentinel_failover', {'sentinels': settled.sentinel_addresses(),
                                           'login_password': SENTINEL_PASSWORD})
    assert run.failed
    assert 'requires a password and none was given: set redis_password' in run.msg
    assert topology(settled) == before


def test_unknown_target(settled):
    before = topology(settled)
    run = run_module('sentinel_failover', failover_args(settled, target='127.0.0.1:1'))
    assert run.failed and 'target 127.0.0.1:1 is not a replica' in run.msg
    assert 'Nothing' in run.msg or topology(settled) == before


def test_unknown_master_name(settled):
    run = run_module('sentinel_failover', failover_args(settled, master_name='nosuch'))
    assert run.failed and "does not monitor a master named 'nosuch'" in run.msg


@pytest.mark.parametrize('mode', ['safe', 'auto'])
def test_wrong_data_password_changes_nothing(settled, mode):
    # auto forces only when the primary does not answer; one that rejects the password answers.
    before = topology(settled)
    run = run_module('sentinel_failover', failover_args(settled, redis_password='wrong', mode=mode), verbosity=3)
    assert run.failed
    assert 'rejected the credentials' in run.msg and settled.primary_address() in run.msg
    assert 'Nothing was changed' in run.msg
    assert topology(settled) == before
    run.assert_no_secret()


def test_redis_port_given_as_a_sentinel(settled):
    node = settled.primary()
    run = run_module('sentinel_failover', {'sentinels': [node.address],
                                           'login_password': SENTINEL_PASSWORD,
                                           'redis_password': DATA_PASSWORD})
    assert run.failed and 'is a data node, but a Sentinel was expected' in run.msg
    run.assert_no_secret()


def test_no_promotable_replica(settled):
    replicas = settled.replicas()
    before = topology(settled)
    try:
        for node in replicas:
            settled.node_client(node).config_set('replica-priority', 0)
        # Sentinel reads priorities from INFO every 10 s; the module asks the last Sentinel.
        deadline = time.time() + 30
        clients = [settled.sentinel_client(sentinel) for sentinel in settled.sentinels]
        while time.time() < deadline:
            views = [client.execute_command('SENTINEL', 'REPLICAS', MASTER_NAME) for client in clients]
            entries = [e if isinstance(e, dict) else dict(zip(e[0::2], e[1::2])) for view in views for e in view]
            if all(e['slave-priority'] == '0' for e in entries):
                break
            time.sleep(0.5)
        run = run_module('sentinel_failover', failover_args(settled))
        assert run.failed
        assert 'no promotable replica' in run.msg and 'replica-priority 0' in run.msg
        assert topology(settled) == before
    finally:
        for node in replicas:
            settled.node_client(node).config_set('replica-priority', 100)


def test_every_client_library_follows_a_safe_failover(settled):
    """redis-py reconnects on READONLY; redis-rb and Redis.pm keep a connection that answers it.
    The safe failover closes the demoted primary's client connections once every Sentinel names
    the new primary, so that each library asks the Sentinels again (Debian's ruby-redis and
    libredis-perl, real processes)."""
    endpoints = [('127.0.0.1', s.port) for s in settled.sentinels]
    writers = [ClientWriter(client, endpoints, MASTER_NAME, DATA_PASSWORD, SENTINEL_PASSWORD,
                            prefix='libs-%s' % client, rate=200).start() for client in CLIENTS]
    time.sleep(1.5)
    run = run_module('sentinel_failover', failover_args(settled))
    switched = time.time()  # every Sentinel names the new primary when the module returns
    time.sleep(3)
    ended = time.time()
    logs = [(writer, writer.stop()) for writer in writers]
    assert not run.failed, run.msg
    primary = settled.node_client(settled.node_by_address(run['new_primary']))
    for writer, (acks, errors) in logs:
        kept = kept_keys(primary, writer.keys(acks))
        row = summarize(writer.client, acks, errors, kept, switch_at=switched, ended_at=ended)
        assert row['lost'] == 0, row
        assert row['first_write_after_switch_s'] is not None and row['first_write_after_switch_s'] < 2, row
        assert row['longest_gap_s'] < 2.5, row
        assert row['last_error_after_switch_s'] is None, row
    # Each library's connection, at least, was closed (Sentinels' links reconnect by themselves).
    assert run['disconnected_clients'] >= len(CLIENTS)
    assert any('closed' in step and 'client connection' in step for step in run['steps'])
