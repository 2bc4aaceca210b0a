# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The lab's health as a small table, from playbooks/health.yml's JSON report, with each node's
and Sentinel's exporter asked directly (redis_up / redis_sentinel_masters in its metrics).

Usage: lab_summary.py REPORT.json LAB
"""

from __future__ import absolute_import, division, print_function

import json
import sys
import urllib.request

DATA_EXPORTER_PORT, SENTINEL_EXPORTER_PORT = 9121, 9355


def exporter_state(host, port, metric):
    """'up' when the exporter answers and reports metric with a non-zero value, else why not."""
    try:
        with urllib.request.urlopen('http://%s:%d/metrics' % (host, port), timeout=2) as response:
            body = response.read().decode('utf-8', 'replace')
    except OSError as exc:
        return 'down (%s)' % getattr(exc, 'reason', exc)
    for line in body.splitlines():
        if line.startswith(metric + ' ') or line.startswith(metric + '{'):
            return 'up' if float(line.rsplit(' ', 1)[1]) > 0 else '%s 0' % metric
    return 'no %s' % metric


def host_of(address):
    host = address.rsplit(':', 1)[0]
    return host[1:-1] if host.startswith('[') else host


def rows(report):
    replicas = {replica['address']: replica for replica in report.get('replicas', [])}
    for node in report.get('nodes', []):
        replica = replicas.get(node['address'], {})
        link = 'n/a' if node['role'] == 'primary' else node.get('master_link_status') or replica.get('link_status', '?')
        lag = '' if node['role'] == 'primary' else '%s B / %s s' % (replica.get('lag_bytes', '?'), replica.get('lag_seconds', '?'))
        engine = '%s %s' % ('Valkey' if node.get('engine') == 'valkey' else 'Redis', node.get('version', '?'))
        yield (node['host'], node['address'], node['role'], engine, link, lag,
               exporter_state(host_of(node['address']), DATA_EXPORTER_PORT, 'redis_up'))
    for sentinel in report.get('sentinels', {}).get('detail', []):
        server = sentinel.get('server') or {}
        engine = '%s %s' % ('Valkey' if server.get('engine') == 'valkey' else 'Redis', server.get('version', '?'))
        address = sentinel.get('address', '?')
        view = ('unreachable' if not sentinel.get('reachable')
                else 'agrees' if sentinel.get('primary') == report.get('primary') else 'DISAGREES')
        yield (sentinel.get('host') or '', address, 'sentinel', engine, view,
               '', exporter_state(host_of(address), SENTINEL_EXPORTER_PORT, 'redis_up'))


def main():
    report_path, lab = sys.argv[1], sys.argv[2]
    with open(report_path) as handle:
        report = json.load(handle)
    header = ('node', 'address', 'role', 'engine', 'link', 'lag', 'exporter')
    table = [header] + list(rows(report))
    widths = [max(len(str(row[i])) for row in table) for i in range(len(header))]
    print('%s: %s%s' % (lab, report['status'].upper(), (' - ' + '; '.join(report['reasons'])) if report['reasons'] else ''))
    sentinels = report['sentinels']
    print('primary %s; Sentinels %s/%s, quorum %s'
          % (report['primary'], sentinels['count'], sentinels['configured'], sentinels['quorum']))
    for row in table:
        print('  ' + '  '.join(str(cell).ljust(width) for cell, width in zip(row, widths)).rstrip())
    return 0 if report['status'] == 'healthy' else 1


if __name__ == '__main__':
    sys.exit(main())
