# -*- coding: utf-8 -*-
# Copyright: (c) 2026, redisops.ha contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The cluster, discovered once: what the Sentinels say (and whether they agree), the primary
and its replicas as the nodes themselves report, each matched to its inventory host, and every
problem found on the way. The cluster_info module returns it; the playbooks decide from it.

read_* connect; summarize_views(), match_inventory() and assemble() are pure.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.redisops.ha.plugins.module_utils.connection import (
    KIND_REDIS, PermissionDenied, RedisOpsError, connect, format_endpoint, parse_endpoint, same_endpoint)
from ansible_collections.redisops.ha.plugins.module_utils.health import engine_label, node_record
from ansible_collections.redisops.ha.plugins.module_utils.latency import node_latency
from ansible_collections.redisops.ha.plugins.module_utils.replication import replication_facts
from ansible_collections.redisops.ha.plugins.module_utils.sentinel import agreed_primary, disagreement_message


def summarize_views(views):
    """What the Sentinels say together: quorum verdict, agreed primary, counts, each one's view."""
    reachable = [view for view in views if view.reachable]
    first = reachable[0].as_dict() if reachable else {}
    failing = [view for view in reachable if not view.ckquorum['ok']]
    usable = [view.ckquorum['usable_sentinels'] for view in reachable
              if view.ckquorum['usable_sentinels'] is not None]
    primary = agreed_primary(views)
    return dict(
        ok=bool(reachable) and not failing,
        message=(failing or reachable)[0].ckquorum['message'] if reachable else 'no Sentinel answered',
        quorum=first.get('quorum'),
        usable_sentinels=min(usable) if usable else None,
        num_other_sentinels=first.get('num_other_sentinels'),
        num_replicas=first.get('num_replicas'),
        primary=primary,
        agree=primary is not None,
        failover_in_progress=[view.address for view in reachable if view.failover_in_progress],
        # Not 'unreachable': Ansible reads that key of a result as "the host is unreachable".
        unreachable_sentinels=[view.address for view in views if not view.reachable],
        sentinels=[view.as_dict() for view in views],
    )


def min_replicas_to_write(node):
    """The primary's write guard, or None for a user without CONFIG GET (a monitoring login)."""
    try:
        value = node.config_get('min-replicas-to-write')
    except PermissionDenied:
        return None
    return int(value) if value != '' else None


def read_node(host, port, options, secrets, primary=False):
    """One data node as it reports itself: engine, version, role and replication facts (and on
    the primary its min-replicas-to-write); a node that does not answer keeps its error."""
    state = dict(address=format_endpoint(host, port), host=host, port=int(port), reachable=False, error=None)
    node = None
    try:
        node = connect(host, port, KIND_REDIS, options, secrets)
        state.update(replication_facts(node.info('replication')))
        if primary:
            state['min_replicas_to_write'] = min_replicas_to_write(node)
        state.update(reachable=True, engine=node.server['engine'], version=node.server['version'])
    except RedisOpsError as exc:
        state['error'] = str(exc)
    finally:
        if node is not None:
            node.close()
    return state


def match_inventory(endpoint, inventory):
    """The inventory host whose endpoint is (host, port), or None. inventory: {name: (host, port)}."""
    for name, address in inventory.items():
        if same_endpoint(address, endpoint):
            return name
    return None


def parse_inventory(inventory):
    """{name: 'host:port'} as the playbooks pass it, to {name: (host, port)}."""
    return dict((name, parse_endpoint(address, 6379)) for name, address in (inventory or {}).items())


def _problems(sentinels, primary, replicas, master_name, matched):
    problems = ['Sentinel %s did not answer: %s' % (detail['address'], detail['error'])
                for detail in sentinels['sentinels'] if not detail['reachable']]
    if not sentinels['agree'] and any(detail['reachable'] for detail in sentinels['sentinels']):
        problems.append(sentinels['disagreement'])
    if sentinels['failover_in_progress']:
        problems.append('a failover of %s is in progress (%s)' % (master_name, ', '.join(sentinels['failover_in_progress'])))
    if not sentinels['ok']:
        problems.append('quorum: %s' % sentinels['message'])
    if primary is None:
        return problems
    where = 'the primary %s the Sentinels name' % primary['address']
    if not primary['reachable']:
        problems.append('%s does not answer: %s' % (where, primary['error']))
        return problems
    if primary.get('role') != 'primary':
        problems.append('%s answers as %s' % (where, primary.get('role')))
    if matched and primary['inventory_host'] is None:
        problems.append('%s is none of the inventory\'s data nodes: fix the inventory (redisops_address, '
                        'redis_node_port)' % where)
    known = sentinels.get('num_replicas')
    if known is not None and len(replicas) != known:
        problems.append('%s has %d connected replica(s), the Sentinels know %d' % (where, len(replicas), known))
    for replica in replicas:
        if replica.get('state') != 'online':
            problems.append('replica %s is %s on the primary' % (replica['address'], replica.get('state')))
        elif replica.get('reachable') and replica.get('master_link_status') != 'up':
            problems.append('replica %s reports its link %s' % (replica['address'], replica.get('master_link_status')))
    return problems


def assemble(sentinels, primary, replicas, inventory, master_name):
    """The whole picture from the Sentinels' summary (summarize_views plus 'disagreement'), the
    primary's and each replica's read_node() state (None when the Sentinels name no primary) and the
    inventory ({name: (host, port)}; empty: not matched). Pure."""
    if primary is not None:
        primary = dict(primary, inventory_host=match_inventory((primary['host'], primary['port']), inventory))
    replica_states = []
    for replica in replicas:
        replica_states.append(dict(replica, inventory_host=match_inventory((replica['host'], replica['port']), inventory)))
    named = set()
    if primary is not None and primary['inventory_host']:
        named.add(primary['inventory_host'])
    current_replicas = [r['inventory_host'] for r in replica_states if r['inventory_host']]
    named.update(current_replicas)
    problems = _problems(sentinels, primary, replica_states, master_name, bool(inventory))
    result = dict((key, value) for key, value in sentinels.items() if key != 'disagreement')
    result.update(
        primary=primary['address'] if primary else None,
        primary_host=primary['host'] if primary else None,
        primary_port=primary['port'] if primary else None,
        primary_inventory_host=primary['inventory_host'] if primary else None,
        primary_node=primary,
        replicas=replica_states,
        groups=dict(primary=[primary['inventory_host']] if primary and primary['inventory_host'] else [],
                    replicas=current_replicas,
                    unplaced=[name for name in inventory if name not in named]),
        engines=sorted(set(engine_label(node) for node in ([primary] if primary else []) + replica_states
                           if node.get('engine'))),
        problems=problems,
        healthy=not problems,
    )
    return result


def discover(views, data_options, secrets, inventory, master_name):
    """Read the primary the Sentinels agree on and every replica it reports, then assemble()."""
    sentinels = summarize_views(views)
    sentinels['disagreement'] = disagreement_message(views, master_name)
    primary, replicas = None, []
    if sentinels['primary']:
        host, port = parse_endpoint(sentinels['primary'], 6379)
        primary = read_node(host, port, data_options, secrets, primary=True)
        for replica in primary.get('replicas') or []:
            state = read_node(replica['host'], replica['port'], data_options, secrets)
            state.update(state=replica['state'], offset=replica['offset'], lag_bytes=replica['lag_bytes'],
                         lag_seconds=replica['lag_seconds'])
            replicas.append(state)
    return assemble(sentinels, primary, replicas, inventory, master_name)


def probe_node(name, host, port, options, secrets, samples, probe_key, primary):
    """One data node for the health report (health.node_record): its replication facts in
    redis_replication_info's form and its latency and memory in redis_latency's, as the host
    running the module sees them. The SET probe only where `primary` (the Sentinels' primary).
    Returns (record, replication facts or None when the node did not answer)."""
    address = format_endpoint(host, port)
    node = None
    try:
        node = connect(host, port, KIND_REDIS, options, secrets)
        replication = replication_facts(node.info('replication'))
        replication['server'] = node.server
        latency = node_latency(node, samples, probe_key, primary)
    except RedisOpsError as exc:
        return node_record(name, address, dict(failed=True, msg=str(exc)), None), None
    finally:
        if node is not None:
            node.close()
    return node_record(name, address, replication, latency), replication


def read_health(views, nodes, options, secrets, samples, probe_key, write_probe=True):
    """What health.assess() judges: the Sentinels' summary, every data node's record
    (nodes: {inventory name: (host, port)}) and the replication facts of the node the Sentinels
    name as primary (None when it is not among nodes or does not answer)."""
    sentinels = summarize_views(views)
    records, primary_replication = [], None
    for name, (host, port) in nodes.items():
        is_primary = bool(sentinels['primary']) and same_endpoint((host, port), parse_endpoint(sentinels['primary'], 6379))
        record, replication = probe_node(name, host, port, options, secrets, samples, probe_key,
                                         is_primary and write_probe)
        if is_primary:
            primary_replication = replication
            # The report compares addresses as the Sentinels write them.
            record['address'] = sentinels['primary']
        records.append(record)
    return sentinels, records, primary_replication
