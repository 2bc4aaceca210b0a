# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.redisops.ha.plugins.module_utils.replication import (
    parse_info, parse_replica_line, replication_facts)

PRIMARY_INFO = """# Replication\r
role:master\r
connected_slaves:2\r
slave0:ip=10.0.0.12,port=6379,state=online,offset=1000,lag=0\r
slave1:ip=10.0.0.13,port=6380,state=wait_bgsave,offset=0,lag=3\r
master_failover_state:no-failover\r
master_replid:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r
master_replid2:0000000000000000000000000000000000000000\r
master_repl_offset:1500\r
second_repl_offset:-1\r
"""

REPLICA_INFO = """# Replication
role:slave
master_host:10.0.0.11
master_port:6379
master_link_status:up
master_last_io_seconds_ago:1
master_sync_in_progress:0
slave_read_repl_offset:1500
slave_repl_offset:1490
slave_priority:100
slave_read_only:1
connected_slaves:0
master_failover_state:no-failover
master_repl_offset:1490
"""


def test_parse_info_skips_headers_and_keeps_colons_in_values():
    info = parse_info('# Server\r\nredis_version:7.0.15\r\nexecutable:/usr/bin/redis-server\r\nx:a:b\r\n')
    assert info == {'redis_version': '7.0.15', 'executable': '/usr/bin/redis-server', 'x': 'a:b'}


def test_parse_info_accepts_bytes():
    assert parse_info(b'role:master\n') == {'role': 'master'}


def test_replica_line():
    assert parse_replica_line('ip=::1,port=6379,state=online,offset=5,lag=0') == {
        'ip': '::1', 'port': '6379', 'state': 'online', 'offset': '5', 'lag': '0'}


def test_primary_facts_compute_lag_in_bytes():
    facts = replication_facts(parse_info(PRIMARY_INFO))
    assert facts['role'] == 'primary' and facts['redis_role'] == 'master'
    assert facts['connected_replicas'] == 2
    assert facts['master_repl_offset'] == 1500
    assert facts['replicas'][0] == {'host': '10.0.0.12', 'port': 6379, 'state': 'online',
                                    'offset': 1000, 'lag_seconds': 0, 'lag_bytes': 500}
    assert facts['replicas'][1]['lag_bytes'] == 1500 and facts['replicas'][1]['lag_seconds'] == 3
    assert 'master_host' not in facts


def test_replica_facts():
    facts = replication_facts(parse_info(REPLICA_INFO))
    assert facts['role'] == 'replica'
    assert (facts['master_host'], facts['master_port']) == ('10.0.0.11', 6379)
    assert facts['master_link_status'] == 'up'
    assert facts['master_sync_in_progress'] is False
    assert facts['replica_repl_offset'] == 1490
    assert facts['read_only'] is True and facts['replica_priority'] == 100
    assert 'replicas' not in facts


def test_primary_without_replicas():
    facts = replication_facts({'role': 'master', 'connected_slaves': '0', 'master_repl_offset': '0'})
    assert facts['replicas'] == [] and facts['connected_replicas'] == 0
