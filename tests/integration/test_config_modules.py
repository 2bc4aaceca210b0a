# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""redis_config and sentinel_config: runtime changes, persisted, idempotent, check-mode honest."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from module_runner import run_module
from loopback_cluster import DATA_PASSWORD, MASTER_NAME, SENTINEL_PASSWORD


def test_redis_config_changes_persists_and_is_idempotent(settled):
    node = settled.replicas()[0]
    client = settled.node_client(node)
    original = client.config_get('maxmemory')['maxmemory']
    args = {'login_host': '127.0.0.1', 'login_port': node.port, 'login_password': DATA_PASSWORD,
            'settings': {'maxmemory': '200mb', 'appendonly': False},
            'secret_settings': {'masterauth': DATA_PASSWORD}}
    try:
        check = run_module('redis_config', args, check_mode=True)
        assert not check.failed, check.msg
        assert check.changed and check['changed_settings'] == ['maxmemory']
        assert client.config_get('maxmemory')['maxmemory'] == original

        first = run_module('redis_config', args)
        assert not first.failed and first.changed and first['persisted']
        assert client.config_get('maxmemory')['maxmemory'] == str(200 * 1024 * 1024)
        with open(node.conf) as handle:
            assert 'maxmemory 200mb' in handle.read()

        second = run_module('redis_config', args)
        assert not second.failed and not second.changed
        second.assert_no_secret()
    finally:
        client.config_set('maxmemory', original)
        client.config_rewrite()


def test_redis_config_reports_settings_that_need_a_restart(settled):
    node = settled.replicas()[0]
    run = run_module('redis_config', {'login_host': '127.0.0.1', 'login_port': node.port,
                                      'login_password': DATA_PASSWORD, 'settings': {'databases': 32}})
    assert not run.failed, run.msg
    assert run['restart_required'] == ['databases'] and not run.changed


def test_sentinel_config_is_idempotent(settled):
    sentinel = settled.sentinels[0]
    args = {'login_host': '127.0.0.1', 'login_port': sentinel.port, 'login_password': SENTINEL_PASSWORD,
            'settings': {'down-after-milliseconds': 3000, 'parallel-syncs': 1}}
    client = settled.sentinel_client(sentinel)
    try:
        first = run_module('sentinel_config', args)
        assert not first.failed, first.msg
        assert first.changed and first['changed_settings'] == ['down-after-milliseconds']
        master = client.execute_command('SENTINEL', 'MASTER', MASTER_NAME)
        fields = master if isinstance(master, dict) else dict(zip(master[0::2], master[1::2]))
        assert fields['down-after-milliseconds'] == '3000'
        second = run_module('sentinel_config', args)
        assert not second.failed and not second.changed
    finally:
        client.execute_command('SENTINEL', 'SET', MASTER_NAME, 'down-after-milliseconds', '2000')


def test_sentinel_config_unknown_master(settled):
    sentinel = settled.sentinels[0]
    run = run_module('sentinel_config', {'login_host': '127.0.0.1', 'login_port': sentinel.port,
                                         'login_password': SENTINEL_PASSWORD, 'master_name': 'nosuch',
                                         'settings': {'quorum': 2}})
    assert run.failed and "does not monitor a master named 'nosuch'" in run.msg


def test_redis_latency_samples_and_reads_memory(settled):
    primary = settled.primary()
    run = run_module('redis_latency', {'login_host': '127.0.0.1', 'login_port': primary.port,
                                       'login_password': DATA_PASSWORD, 'samples': 20, 'write_probe': True})
    assert not run.failed, run.msg
    assert not run.changed and run['role'] == 'primary'
    for command in ('ping', 'set', 'get'):
        assert 0 < run['latency_ms'][command]['p50'] <= run['latency_ms'][command]['p99']
    assert run['used_memory'] > 0 and run['maxmemory'] == 0 and run['used_memory_pct'] is None
    assert settled.node_client(primary).ttl('redisops:health:probe') > 0


def test_redis_latency_check_mode_does_not_write(settled):
    replica = settled.replicas()[0]
    run = run_module('redis_latency', {'login_host': '127.0.0.1', 'login_port': replica.port,
                                       'login_password': DATA_PASSWORD, 'samples': 5, 'write_probe': True},
                     check_mode=True)
    assert not run.failed, run.msg
    assert 'set' not in run['latency_ms'] and run['role'] == 'replica'


def test_redis_user_password_adds_and_removes_idempotently(settled):
    node = settled.replicas()[0]
    extra = 'extra#pass-for-test'
    base = {'login_host': '127.0.0.1', 'login_port': node.port, 'login_password': DATA_PASSWORD, 'persist': False}
    try:
        added = run_module('redis_user_password', dict(base, add=[extra]))
        assert not added.failed, added.msg
        assert added.changed and added['added'] == 1
        assert node.client(extra).ping()
        assert node.client(DATA_PASSWORD).ping()
        again = run_module('redis_user_password', dict(base, add=[extra]))
        assert not again.changed
        check = run_module('redis_user_password', dict(base, remove=[extra]), check_mode=True)
        assert check.changed and check['removed'] == 1 and node.client(extra).ping()
        removed = run_module('redis_user_password', dict(base, remove=[extra]))
        assert removed.changed and removed['removed'] == 1
        removed.assert_no_secret()
        assert extra not in removed.output
    finally:
        # Only if the test failed half-way: the password may already be gone.
        run_module('redis_user_password', dict(base, remove=[extra]))
    import redis
    try:
        node.client(extra).ping()
        raise AssertionError('the removed password still works')
    except redis.exceptions.AuthenticationError:
        pass


def test_sentinel_user_password_on_a_sentinel(settled):
    sentinel = settled.sentinels[2]
    extra = 'extra sentinel pass'
    base = {'server': 'sentinel', 'login_host': '127.0.0.1', 'login_port': sentinel.port,
            'login_password': SENTINEL_PASSWORD, 'persist': False}
    try:
        added = run_module('redis_user_password', dict(base, add=[extra]))
        assert not added.failed, added.msg
        assert added.changed and sentinel.client(extra).ping()
    finally:
        run_module('redis_user_password', dict(base, remove=[extra]))
    again = run_module('redis_user_password', dict(base, remove=[extra]))
    assert not again.failed and not again.changed
