# -*- coding: utf-8 -*-
# Copyright: (c) 2026, redisops.ha contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pure parsing of INFO replies into the replication facts the modules return."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


def _number(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        try:
            return float(value)
        except (TypeError, ValueError):
            return value


def parse_info(text):
    """Parse an INFO reply into a dict of raw string values (section headers dropped)."""
    if isinstance(text, bytes):
        text = text.decode('utf-8', 'replace')
    result = {}
    for line in str(text).splitlines():
        line = line.strip()
        if not line or line.startswith('#') or ':' not in line:
            continue
        key, value = line.split(':', 1)
        result[key] = value
    return result


def parse_replica_line(value):
    """Parse 'ip=10.0.0.2,port=6379,state=online,offset=123,lag=0' into a dict."""
    fields = {}
    for item in value.split(','):
        if '=' in item:
            key, val = item.split('=', 1)
            fields[key] = val
    return fields


def replication_facts(info):
    """The module's view of INFO replication: names are role-neutral and values typed."""
    redis_role = info.get('role', 'unknown')
    master_offset = _number(info.get('master_repl_offset', 0))
    facts = dict(
        role={'master': 'primary', 'slave': 'replica'}.get(redis_role, redis_role),
        redis_role=redis_role,
        master_repl_offset=master_offset,
        master_failover_state=info.get('master_failover_state', 'no-failover'),
        master_replid=info.get('master_replid'),
        master_replid2=info.get('master_replid2'),
        second_repl_offset=_number(info.get('second_repl_offset', -1)),
    )
    if redis_role == 'master':
        replicas = []
        index = 0
        while 'slave%d' % index in info:
            fields = parse_replica_line(info['slave%d' % index])
            offset = _number(fields.get('offset', 0))
            replicas.append(dict(
                host=fields.get('ip'),
                port=_number(fields.get('port')),
                state=fields.get('state'),
                offset=offset,
                lag_seconds=_number(fields.get('lag')),
                lag_bytes=max(0, master_offset - offset) if isinstance(offset, int) else None,
            ))
            index += 1
        facts.update(connected_replicas=_number(info.get('connected_slaves', len(replicas))),
                     replicas=replicas)
    elif redis_role == 'slave':
        facts.update(
            master_host=info.get('master_host'),
            master_port=_number(info.get('master_port')),
            master_link_status=info.get('master_link_status'),
            master_last_io_seconds_ago=_number(info.get('master_last_io_seconds_ago', -1)),
            master_sync_in_progress=info.get('master_sync_in_progress') == '1',
            replica_repl_offset=_number(info.get('slave_repl_offset', 0)),
            read_only=info.get('slave_read_only') == '1',
            replica_priority=_number(info.get('slave_priority', 100)),
        )
    return facts
