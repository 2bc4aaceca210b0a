# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""redis_replication_info against a real primary, replica and Sentinel."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest
from module_runner import run_module
from loopback_cluster import DATA_PASSWORD, ENGINE, ENGINE_NAME, SENTINEL_PASSWORD, engine_version


def node_args(address, password=DATA_PASSWORD):
    host, port = address.rsplit(':', 1)
    return {'login_host': host, 'login_port': int(port), 'login_password': password}


@pytest.mark.parametrize('interpreter', ['controller', 'debian'])
def test_primary_reports_its_replicas(settled, interpreter):
    primary = settled.primary()
    settled.node_client(primary).set('probe', 'x')
    run = run_module('redis_replication_info', node_args(primary.address), interpreter=interpreter)
    assert not run.failed, run.msg
    assert not run.changed
    assert run['role'] == 'primary' and run['redis_role'] == 'master'
    assert run['connected_replicas'] == 2
    ports = sorted(r['port'] for r in run['replicas'])
    assert ports == sorted(n.port for n in settled.replicas())
    for replica in run['replicas']:
        assert replica['state'] == 'online'
        assert replica['lag_bytes'] == run['master_repl_offset'] - replica['offset']
        assert replica['lag_bytes'] >= 0 and replica['lag_seconds'] >= 0
    assert run['master_failover_state'] == 'no-failover'
    assert len(run['master_replid']) == 40
    # Which server answered: the engine and its own version (Valkey also reports
    # redis_version 7.2.4, for compatibility).
    assert run['server'] == {'engine': ENGINE, 'version': engine_version()}
    run.assert_no_secret()


@pytest.mark.parametrize('interpreter', ['controller', 'debian'])
def test_replica_reports_its_link(settled, interpreter):
    primary = settled.primary()
    replica = settled.replicas()[0]
    run = run_module('redis_replication_info', node_args(replica.address), interpreter=interpreter)
    assert not run.failed, run.msg
    assert run['role'] == 'replica'
    assert (run['master_host'], run['master_port']) == ('127.0.0.1', primary.port)
    assert run['master_link_status'] == 'up'
    assert run['read_only'] is True
    assert run['master_sync_in_progress'] is False
    assert run['replica_repl_offset'] > 0
    assert 'replicas' not in run.result


def test_reports_min_replicas_to_write(settled):
    """remove_node.yml refuses to leave a primary with fewer replicas than this."""
    primary = settled.primary()
    client = settled.node_client(primary)
    client.config_set('min-replicas-to-write', 1)
    try:
        run = run_module('redis_replication_info', node_args(primary.address))
    finally:
        client.config_set('min-replicas-to-write', 0)
    assert not run.failed, run.msg
    assert run['min_replicas_to_write'] == 1
    assert run_module('redis_replication_info', node_args(primary.address))['min_replicas_to_write'] == 0


def test_monitoring_user_without_config_get(settled):
    """A login that may not run CONFIG GET still reads replication; the guard is unknown (null)."""
    primary = settled.primary()
    client = settled.node_client(primary)
    client.acl_setuser('monitor-probe', enabled=True, passwords=['+monitor-probe-pass'],
                       commands=['-@all', '+info', '+ping', '+client|setname'])
    try:
        args = node_args(primary.address, 'monitor-probe-pass')
        args['login_user'] = 'monitor-probe'
        run = run_module('redis_replication_info', args)
    finally:
        client.acl_deluser('monitor-probe')
    assert not run.failed, run.msg
    assert run['role'] == 'primary' and run['min_replicas_to_write'] is None


def test_check_mode_reads_too(settled):
    run = run_module('redis_replication_info', node_args(settled.primary().address), check_mode=True)
    assert not run.failed and run['role'] == 'primary'


@pytest.mark.parametrize('interpreter', ['controller', 'debian'])
def test_sentinel_port_given_as_a_node(settled, interpreter):
    run = run_module('redis_replication_info',
                     node_args(settled.sentinels[0].address, SENTINEL_PASSWORD), interpreter=interpreter)
    assert run.failed
    assert settled.sentinels[0].address in run.msg
    assert 'is a %s Sentinel, but a data node was expected' % ENGINE_NAME in run.msg
    run.assert_no_secret()


@pytest.mark.parametrize('interpreter', ['controller', 'debian'])
def test_wrong_password(settled, interpreter):
    address = settled.primary().address
    run = run_module('redis_replication_info', node_args(address, 'not-the-password'),
                     interpreter=interpreter, verbosity=3)
    assert run.failed
    assert address in run.msg and 'rejected the credentials' in run.msg
    assert 'not-the-password' not in run.output
    run.assert_no_secret()


def test_unknown_user(settled):
    args = node_args(settled.primary().address)
    args['login_user'] = 'nobody'
    run = run_module('redis_replication_info', args)
    assert run.failed and "user 'nobody'" in run.msg and 'unknown user' in run.msg
    run.assert_no_secret()


def test_missing_password(settled):
    args = node_args(settled.primary().address)
    del args['login_password']
    run = run_module('redis_replication_info', args)
    assert run.failed and 'requires a password' in run.msg


def test_connection_refused(settled):
    from loopback_cluster import free_port
    port = free_port()
    run = run_module('redis_replication_info', node_args('127.0.0.1:%d' % port))
    assert run.failed
    assert 'connection refused by data node 127.0.0.1:%d' % port in run.msg
    run.assert_no_secret()


def test_plain_client_on_a_port_that_does_not_answer(settled):
    """A listening socket that never answers (like a TLS port or a firewall): a timeout."""
    import socket
    with socket.socket() as silent:
        silent.bind(('127.0.0.1', 0))
        silent.listen(1)
        args = node_args('127.0.0.1:%d' % silent.getsockname()[1])
        args['connect_timeout'] = 1
        run = run_module('redis_replication_info', args)
    assert run.failed and 'did not answer within 1.0s' in run.msg


def test_tls_to_a_plain_port(settled):
    args = node_args(settled.primary().address)
    args.update(tls=True, validate_certs=False, connect_timeout=2)
    run = run_module('redis_replication_info', args)
    assert run.failed
    assert settled.primary().address in run.msg
    assert 'TLS' in run.msg or 'did not answer' in run.msg
    run.assert_no_secret()
