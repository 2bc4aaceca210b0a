# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""make lab's health table (tools/lab_summary.py) from a health.yml report; exporters faked."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', '..', 'tools'))

import lab_summary  # noqa: E402 pylint: disable=wrong-import-position

REPORT = {
    'status': 'degraded', 'reasons': ['1 of 2 replicas online'], 'primary': '10.0.0.2:6379',
    'replicas': [{'address': '10.0.0.3:6379', 'link_status': 'up', 'lag_bytes': 0, 'lag_seconds': 1}],
    'nodes': [
        {'host': 'p', 'address': '10.0.0.2:6379', 'role': 'primary', 'engine': 'valkey', 'version': '8.1.1'},
        {'host': 'r1', 'address': '10.0.0.3:6379', 'role': 'replica', 'engine': 'redis', 'version': '7.0.15',
         'master_link_status': 'up'},
        {'host': 'r2', 'address': '[fd00::4]:6379', 'role': 'replica', 'engine': 'redis', 'version': '7.0.15',
         'master_link_status': 'down'},
    ],
    'sentinels': {'count': 2, 'configured': 3, 'quorum': 2, 'detail': [
        {'address': '10.0.0.5:26379', 'host': 's1', 'reachable': True, 'primary': '10.0.0.2:6379',
         'server': {'engine': 'redis', 'version': '7.0.15'}},
        {'address': '10.0.0.6:26379', 'reachable': True, 'primary': '10.0.0.9:6379', 'server': {'engine': 'redis', 'version': '7.0.15'}},
        {'address': '10.0.0.7:26379', 'reachable': False, 'primary': None, 'server': None},
    ]},
}


def test_rows_name_each_node_and_sentinel_with_what_an_operator_checks(monkeypatch):
    asked = []
    monkeypatch.setattr(lab_summary, 'exporter_state', lambda host, port, metric: asked.append((host, port)) or 'up')
    rows = list(lab_summary.rows(REPORT))
    assert rows[0] == ('p', '10.0.0.2:6379', 'primary', 'Valkey 8.1.1', 'n/a', '', 'up')
    assert rows[1] == ('r1', '10.0.0.3:6379', 'replica', 'Redis 7.0.15', 'up', '0 B / 1 s', 'up')
    assert rows[2][4] == 'down' and rows[2][5] == '? B / ? s'  # not in the primary's list
    assert [row[4] for row in rows[3:]] == ['agrees', 'DISAGREES', 'unreachable']
    assert [row[0] for row in rows[3:]] == ['s1', '', '']  # reports from before 2026-12-03 name no Sentinel
    assert ('fd00::4', 9121) in asked and ('10.0.0.5', 9355) in asked
