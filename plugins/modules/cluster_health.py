#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, redisops.ha contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: cluster_health
short_description: Decide whether a Sentinel-guarded cluster is healthy, degraded or critical
version_added: 0.1.0
description:
  - Judges the cluster from what was read before, by M(redisops.ha.sentinel_quorum) (the
    Sentinels' view) and, on each data node, M(redisops.ha.redis_replication_info) and
    M(redisops.ha.redis_latency); it connects to nothing.
  - C(critical) when no Sentinel answers, they do not agree on a primary, quorum cannot be
    reached, or the primary they name does not answer as a primary. C(degraded) when replicas
    are missing, lag or have their link down, Sentinels do not answer, or more than one engine or
    version answers (a migration in progress).
  - Returns the report C(playbooks/health.yml) writes and a short table to print.
options:
  sentinels:
    description:
      - The result of M(redisops.ha.sentinel_quorum) (run with C(require_agreement=false) and
        C(fail_on_noquorum=false)); a failed result counts as no Sentinel answering.
    type: dict
    required: true
  nodes:
    description:
      - Every data node of the inventory, by inventory name, each with C(address) (host:port),
        C(replication) (the result of M(redisops.ha.redis_replication_info) there) and C(latency)
        (the result of M(redisops.ha.redis_latency)). A node that could not be asked has an
        empty entry and counts as unreachable.
    type: dict
    required: true
  configured_sentinels:
    description: How many Sentinels the inventory has; fewer answering is degraded.
    type: int
    required: true
  sentinel_hosts:
    description: The Sentinels' inventory names by C(host:port), to name them in the report and the table.
    type: dict
    default: {}
  master_name:
    description: The name the Sentinels monitor the primary under.
    type: str
    default: mymaster
  max_lag_bytes:
    description: A replica further behind than this (bytes of replication stream) is degraded.
    type: int
    default: 1048576
  max_lag_seconds:
    description: A replica whose last acknowledgement is older than this is degraded.
    type: int
    default: 10
attributes:
  check_mode:
    support: full
    description: Nothing is ever changed.
author:
  - redisops.ha maintainers (@redisops)
'''

EXAMPLES = r'''
- name: Judge the cluster
  redisops.ha.cluster_health:
    sentinels: "{{ sentinel_view }}"
    configured_sentinels: "{{ groups['redis_sentinels'] | length }}"
    nodes:
      redis-1:
        address: 10.0.0.11:6379
        replication: "{{ hostvars['redis-1']['replication'] }}"
        latency: "{{ hostvars['redis-1']['latency'] }}"
  register: health
'''

RETURN = r'''
report:
  description: >-
    The health report (report_version 1): status, reasons, primary, engines, replicas, Sentinels,
    latency, memory, failover, nodes; the fields playbooks/health.yml writes as JSON.
  returned: always
  type: dict
status:
  description: C(healthy), C(degraded) or C(critical).
  returned: always
  type: str
  sample: degraded
reasons:
  description: Why the status is not healthy, most serious first.
  returned: always
  type: list
  elements: str
  sample: ['1 of 2 replicas online']
summary:
  description: The verdict and a table, node by node and Sentinel by Sentinel, one line each.
  returned: always
  type: list
  elements: str
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.redisops.ha.plugins.module_utils.health import assess, node_record, summary_lines


def main():
    module = AnsibleModule(
        argument_spec=dict(
            sentinels=dict(type='dict', required=True),
            nodes=dict(type='dict', required=True),
            configured_sentinels=dict(type='int', required=True),
            sentinel_hosts=dict(type='dict', default={}),
            master_name=dict(type='str', default='mymaster'),
            max_lag_bytes=dict(type='int', default=1048576),
            max_lag_seconds=dict(type='int', default=10),
        ),
        supports_check_mode=True)
    params = module.params
    sentinels = params['sentinels']
    records, primary_replication = [], None
    for host, entry in params['nodes'].items():
        entry = entry or {}
        record = node_record(host, entry.get('address'), entry.get('replication'), entry.get('latency'))
        records.append(record)
        if record['reachable'] and record['address'] == sentinels.get('primary'):
            primary_replication = entry.get('replication')
    report = assess(sentinels, records, params['configured_sentinels'], params['master_name'],
                    params['max_lag_bytes'], params['max_lag_seconds'], primary_replication, params['sentinel_hosts'])
    module.exit_json(changed=False, report=report, status=report['status'], reasons=report['reasons'],
                     summary=summary_lines(report))


if __name__ == '__main__':
    main()
