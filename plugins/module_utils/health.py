# -*- coding: utf-8 -*-
# Copyright: (c) 2026, redisops.ha contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The health verdict of a Sentinel-guarded cluster, from what its Sentinels and nodes said.

Pure: the inputs are the results of sentinel_quorum (the Sentinels' view), and per data node of
redis_replication_info and redis_latency; nothing here connects. assess() returns the report
health.yml writes (its JSON fields are the report's version 1) and summary_lines() the table it
prints.

critical: the cluster cannot take writes or cannot fail over (no Sentinel answers, they do not
agree on a primary, quorum cannot be reached, the primary does not answer as a primary).
degraded: it works with less margin (replicas missing, lagging or with their link down, Sentinels
not answering, more than one engine or version: a migration in progress).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.redisops.ha.plugins.module_utils.connection import ENGINES, format_endpoint

REPORT_VERSION = 1
HEALTHY, DEGRADED, CRITICAL = 'healthy', 'degraded', 'critical'


def engine_label(server):
    """'Valkey 8.0.1', 'Redis 7.0.15'; None when the server did not say."""
    if not server or not server.get('engine'):
        return None
    return '%s %s' % (ENGINES.get(server['engine'], server['engine']), server.get('version'))


def node_record(host, address, replication, latency):
    """One data node's entry of the report, from its redis_replication_info and redis_latency
    results (each may be a failed result, or empty when the node was not asked)."""
    replication = replication or {}
    latency = latency or {}
    server = replication.get('server') or {}
    master = None
    if replication.get('master_host') is not None:
        master = format_endpoint(replication['master_host'], replication.get('master_port'))
    return dict(
        host=host, address=address,
        reachable=bool(replication) and not replication.get('failed', False),
        error=replication.get('msg') if replication.get('failed') else None,
        role=replication.get('role', 'unknown'),
        engine=server.get('engine'), version=server.get('version'),
        master_link_status=replication.get('master_link_status'),
        master=master,
        replica_offset=replication.get('replica_repl_offset'),
        latency_ms=latency.get('latency_ms') or {},
        memory=dict(used_bytes=latency.get('used_memory'), max_bytes=latency.get('maxmemory'),
                    used_pct=latency.get('used_memory_pct')))


def replica_records(primary_replication, nodes):
    """The replicas as the primary sees them, each with the link state the replica itself
    reports (a replica the inventory does not know has link 'unknown')."""
    by_address = dict((node['address'], node) for node in nodes)
    records = []
    for replica in (primary_replication or {}).get('replicas') or []:
        address = format_endpoint(replica['host'], replica['port'])
        node = by_address.get(address, {})
        records.append(dict(address=address, state=replica.get('state'),
                            link_status=node.get('master_link_status') or 'unknown',
                            lag_bytes=replica.get('lag_bytes'), lag_seconds=replica.get('lag_seconds')))
    return records


def engines(nodes, sentinel_details):
    """Every engine and version that answered, data nodes and Sentinels, sorted."""
    servers = [dict(engine=node.get('engine'), version=node.get('version')) for node in nodes]
    servers += [detail.get('server') for detail in sentinel_details]
    return sorted(set(label for label in map(engine_label, servers) if label))


def critical_reasons(sentinels, primary_node):
    reasons = []
    details = sentinels.get('sentinels') or []
    if not [detail for detail in details if detail.get('reachable')]:
        reasons.append('no Sentinel answered')
    if not sentinels.get('agree'):
        reasons.append('the Sentinels do not agree on a primary')
    if not sentinels.get('ok'):
        reasons.append('quorum unreachable: %s' % (sentinels.get('message') or sentinels.get('msg') or ''))
    if (primary_node or {}).get('role') != 'primary':
        reasons.append('primary %s unreachable or not primary' % (sentinels.get('primary') or 'unknown'))
    return reasons


def _lagging(replica, max_lag_bytes, max_lag_seconds):
    lag_bytes, lag_seconds = replica.get('lag_bytes'), replica.get('lag_seconds')
    return ((lag_bytes is not None and lag_bytes > max_lag_bytes)
            or (lag_seconds is not None and lag_seconds > max_lag_seconds)
            or replica.get('link_status') != 'up')


def degraded_reasons(engine_labels, replicas, expected_replicas, sentinels, configured_sentinels,
                     max_lag_bytes, max_lag_seconds):
    reasons = []
    if len(engine_labels) > 1:
        reasons.append('migration in progress: %s (migrate.yml or the replacement finishes it)'
                       % ' + '.join(engine_labels))
    online = len([replica for replica in replicas if replica.get('state') == 'online'])
    if online < expected_replicas:
        reasons.append('%d of %d replicas online' % (online, expected_replicas))
    answering = len([detail for detail in sentinels.get('sentinels') or [] if detail.get('reachable')])
    if answering < configured_sentinels:
        reasons.append('%d of %d Sentinels answer' % (answering, configured_sentinels))
    for replica in replicas:
        if _lagging(replica, max_lag_bytes, max_lag_seconds):
            reasons.append('replica %s lags %s B / %s s, link %s' % (
                replica['address'], replica.get('lag_bytes'), replica.get('lag_seconds'), replica.get('link_status')))
    return reasons


def assess(sentinels, nodes, configured_sentinels, master_name='mymaster', max_lag_bytes=1048576,
           max_lag_seconds=10, primary_replication=None, sentinel_hosts=None):
    """The report: status, reasons and the detail behind them.

    sentinels: sentinel_quorum's result (possibly failed); nodes: node_record() of every data node
    of the inventory; primary_replication: redis_replication_info's result on the node the
    Sentinels name (None when that node is not among nodes or did not answer); sentinel_hosts:
    {address: inventory host} of the Sentinels, to name them in the report."""
    sentinels = sentinels or {}
    details = [dict(detail, host=(sentinel_hosts or {}).get(detail.get('address')))
               for detail in sentinels.get('sentinels') or []]
    primary = sentinels.get('primary')
    primary_node = next((node for node in nodes if primary and node['address'] == primary), {})
    replicas = replica_records(primary_replication, nodes)
    engine_labels = engines(nodes, details)
    critical = critical_reasons(sentinels, primary_node)
    degraded = degraded_reasons(engine_labels, replicas, len(nodes) - 1, sentinels, configured_sentinels,
                                max_lag_bytes, max_lag_seconds)
    status = CRITICAL if critical else DEGRADED if degraded else HEALTHY
    epochs = [detail.get('config_epoch') or 0 for detail in details]
    return dict(
        report_version=REPORT_VERSION,
        status=status,
        reasons=critical + degraded,
        mode='sentinel',
        master_name=master_name,
        primary=primary,
        engines=engine_labels,
        replicas=replicas,
        sentinels=dict(count=len([detail for detail in details if detail.get('reachable')]),
                       configured=configured_sentinels, quorum=sentinels.get('quorum'),
                       agree=bool(sentinels.get('agree')),
                       ckquorum=sentinels.get('message') or sentinels.get('msg') or '',
                       detail=details),
        latency=dict((node['address'], node['latency_ms']) for node in nodes),
        memory=dict((node['address'], node['memory']) for node in nodes),
        failover=dict(config_epoch=max(epochs) if epochs else 0,
                      last_switch='unknown: Sentinel keeps no history; see its log (+switch-master)'),
        nodes=nodes,
    )


def _megabytes(value):
    return '' if value is None else '%.1f MB' % (value / 1048576.0)


def _table(rows):
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ['  '.join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows]


def summary_lines(report):
    """The report as a few readable lines: the verdict, the Sentinels, then one row per node and
    per Sentinel (role, engine/version, link, lag, p99 of GET, memory)."""
    replicas = dict((replica['address'], replica) for replica in report['replicas'])
    rows = [('node', 'address', 'role', 'engine', 'link', 'lag', 'p99 get', 'memory')]
    for node in report['nodes']:
        replica = replicas.get(node['address'])
        lag = '' if replica is None else '%s B / %s s' % (replica.get('lag_bytes'), replica.get('lag_seconds'))
        link = 'n/a' if node['role'] == 'primary' else node.get('master_link_status') or 'unknown'
        p99 = (node['latency_ms'].get('get') or {}).get('p99')
        rows.append((node['host'], node['address'], node['role'] if node['reachable'] else 'unreachable',
                     engine_label(node) or '?', link, lag, '' if p99 is None else '%.2f ms' % p99,
                     _megabytes(node['memory'].get('used_bytes'))))
    for detail in report['sentinels']['detail']:
        view = ('unreachable' if not detail.get('reachable')
                else 'agrees' if detail.get('primary') == report['primary'] else 'names %s' % detail.get('primary'))
        rows.append((detail.get('host') or '', detail.get('address', '?'), 'sentinel', engine_label(detail.get('server')) or '?',
                     view, '', '', ''))
    sentinels = report['sentinels']
    head = ['%s%s' % (report['status'].upper(), (': ' + '; '.join(report['reasons'])) if report['reasons'] else ''),
            'primary %s; Sentinels %s/%s, quorum %s, agree %s' % (
                report['primary'], sentinels['count'], sentinels['configured'], sentinels['quorum'],
                sentinels['agree'])]
    return head + _table([tuple(str(cell) for cell in row) for row in rows])
