# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""sentinel_quorum against three real Sentinels."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import time

import pytest
from module_runner import run_module
from loopback_cluster import DATA_PASSWORD, ENGINE, ENGINE_NAME, MASTER_NAME, SENTINEL_PASSWORD, engine_version


def all_sentinels(cluster, **extra):
    args = {'sentinels': cluster.sentinel_addresses(), 'login_password': SENTINEL_PASSWORD}
    args.update(extra)
    return args


def sentinel_quorums(cluster):
    result = []
    for sentinel in cluster.sentinels:
        master = cluster.sentinel_client(sentinel).execute_command('SENTINEL', 'MASTER', MASTER_NAME)
        fields = master if isinstance(master, dict) else dict(zip(master[0::2], master[1::2]))
        result.append(int(fields['quorum']))
    return result


def wait_until_peers_down(cluster, sentinel, count, timeout=30):
    """A Sentinel counts a stopped peer out only after down-after-milliseconds."""
    client = cluster.sentinel_client(sentinel)
    deadline = time.time() + timeout
    while time.time() < deadline:
        peers = client.execute_command('SENTINEL', 'SENTINELS', MASTER_NAME)
        peers = [p if isinstance(p, dict) else dict(zip(p[0::2], p[1::2])) for p in peers]
        if sum(1 for p in peers if 's_down' in p['flags']) >= count:
            return
        time.sleep(0.2)
    raise AssertionError('%s did not see %d Sentinels down' % (sentinel.address, count))


@pytest.mark.parametrize('interpreter', ['controller', 'debian'])
def test_every_sentinel_agrees(settled, interpreter):
    run = run_module('sentinel_quorum', all_sentinels(settled), interpreter=interpreter)
    assert not run.failed, run.msg
    assert run['ok'] is True and run['agree'] is True and not run.changed
    assert run['message'].startswith('OK 3 usable Sentinels')
    assert run['quorum'] == 2 and run['usable_sentinels'] == 3
    assert run['num_other_sentinels'] == 2 and run['num_replicas'] == 2
    assert run['primary'] == settled.primary_address()
    assert [s['address'] for s in run['sentinels']] == settled.sentinel_addresses()
    for detail in run['sentinels']:
        assert detail['reachable'] and detail['primary'] == run['primary']
        assert 'master' in detail['flags'] and detail['config_epoch'] >= 0
        assert detail['server'] == {'engine': ENGINE, 'version': engine_version()}
    run.assert_no_secret()


def test_one_sentinel_by_login_host(settled):
    sentinel = settled.sentinels[1]
    run = run_module('sentinel_quorum', {'login_host': '127.0.0.1', 'login_port': sentinel.port,
                                         'login_password': SENTINEL_PASSWORD})
    assert not run.failed, run.msg
    assert [s['address'] for s in run['sentinels']] == [sentinel.address]
    assert run['primary'] == settled.primary_address()


def test_quorum_change_is_idempotent_and_check_mode_honest(settled):
    try:
        check = run_module('sentinel_quorum', all_sentinels(settled, quorum=3), check_mode=True)
        assert not check.failed, check.msg
        assert check.changed and len(check['quorum_changed_on']) == 3
        assert sentinel_quorums(settled) == [2, 2, 2]

        first = run_module('sentinel_quorum', all_sentinels(settled, quorum=3))
        assert not first.failed, first.msg
        assert first.changed and first['quorum'] == 3
        assert sentinel_quorums(settled) == [3, 3, 3]

        second = run_module('sentinel_quorum', all_sentinels(settled, quorum=3))
        assert not second.failed and not second.changed and second['quorum_changed_on'] == []
    finally:
        for sentinel in settled.sentinels:
            settled.sentinel_client(sentinel).execute_command('SENTINEL', 'SET', MASTER_NAME, 'quorum', '2')
    assert sentinel_quorums(settled) == [2, 2, 2]


def test_impossible_quorum_is_refused(settled):
    run = run_module('sentinel_quorum', all_sentinels(settled, quorum=4))
    assert run.failed and 'quorum 4 is impossible with 3 Sentinel(s)' in run.msg
    assert sentinel_quorums(settled) == [2, 2, 2]


def test_quorum_lost_when_two_sentinels_stop(settled):
    settled.sentinels[1].stop()
    settled.sentinels[2].stop()
    try:
        wait_until_peers_down(settled, settled.sentinels[0], 2)
        run = run_module('sentinel_quorum', {'login_host': '127.0.0.1', 'login_port': settled.sentinels[0].port,
                                             'login_password': SENTINEL_PASSWORD})
        assert run.failed
        assert 'NOQUORUM 1 usable Sentinels' in run.msg
        assert run['ok'] is False and run['usable_sentinels'] == 1

        report = run_module('sentinel_quorum', all_sentinels(settled, fail_on_noquorum=False))
        assert not report.failed, report.msg
        assert report['ok'] is False and report['message'].startswith('NOQUORUM')
        assert sorted(report['unreachable_sentinels']) == sorted(s.address for s in settled.sentinels[1:])
        assert 'connection refused' in report['sentinels'][1]['error']
        report.assert_no_secret()
    finally:
        settled.sentinels[1].start()
        settled.sentinels[2].start()


def test_unknown_master_name(settled):
    run = run_module('sentinel_quorum', all_sentinels(settled, master_name='nosuch'))
    assert run.failed
    assert "does not monitor a master named 'nosuch' (it monitors: mymaster)" in run.msg


def test_redis_port_given_as_a_sentinel(settled):
    node = settled.primary()
    run = run_module('sentinel_quorum', {'login_host': '127.0.0.1', 'login_port': node.port,
                                         'login_password': SENTINEL_PASSWORD})
    assert run.failed
    assert node.address in run.msg
    # Its password is refused, so the engine is not known: told apart without logging in.
    assert 'is a data node, but a Sentinel was expected' in run.msg
    run.assert_no_secret()


def test_redis_port_with_its_own_password_given_as_a_sentinel(settled):
    node = settled.primary()
    run = run_module('sentinel_quorum', {'login_host': '127.0.0.1', 'login_port': node.port,
                                         'login_password': DATA_PASSWORD})
    assert run.failed and 'is a %s data node, but a Sentinel was expected' % ENGINE_NAME in run.msg
    run.assert_no_secret()


def test_wrong_sentinel_password(settled):
    run = run_module('sentinel_quorum', {'sentinels': settled.sentinel_addresses(),
                                         'login_password': 'wrong'}, verbosity=3)
    assert run.failed and 'no Sentinel answered' in run.msg
    assert 'rejected the credentials' in run.msg
    run.assert_no_secret()
