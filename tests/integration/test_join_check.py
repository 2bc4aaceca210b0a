# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""redis_join_check against the loopback cluster's real primary: the primary's engine, version and
RDB read from the server; replicas that read that RDB pass, one that cannot is refused with its name,
the versions and the engines that would work; no secret in the output."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from module_runner import run_module
from loopback_cluster import DATA_PASSWORD, ENGINE, engine_version

# The RDB version each engine of the loopback cluster writes (Redis 7.0: 10; Valkey 8.0: 11).
PRIMARY_RDB = {'redis': 10, 'valkey': 11}[ENGINE]


def _run(settled, replicas, check_mode=False):
    primary = settled.primary()
    return run_module('redis_join_check', {'login_host': '127.0.0.1', 'login_port': primary.port,
                                           'login_password': DATA_PASSWORD, 'replicas': replicas},
                      check_mode=check_mode)


def test_replicas_that_read_the_primarys_rdb_pass(settled):
    run = _run(settled, [{'name': 'same', 'engine': ENGINE, 'version': engine_version()},
                         {'name': 'newer', 'engine': 'valkey', 'version': '8.1.1'}])
    assert not run.failed, run.msg
    assert not run.changed
    assert run['primary'] == {'engine': ENGINE, 'version': engine_version(), 'rdb': PRIMARY_RDB}


def test_a_replica_that_cannot_read_the_rdb_is_refused_by_name(settled):
    # Redis 6.2 reads RDB up to 9: older than either engine's primary writes.
    run = _run(settled, [{'name': 'fine', 'engine': 'valkey', 'version': '8.1.1'},
                         {'name': 'old-host', 'engine': 'redis', 'version': '6.2.14'}], check_mode=True)
    assert run.failed
    assert 'old-host would run Redis 6.2.14, which reads RDB up to 9' in run.msg
    assert 'writes RDB %d' % PRIMARY_RDB in run.msg and 'fine' not in run.msg.split('engines that read')[0]
    assert 'engines that read RDB %d:' % PRIMARY_RDB in run.msg and 'Valkey 8.1' in run.msg
    run.assert_no_secret()
