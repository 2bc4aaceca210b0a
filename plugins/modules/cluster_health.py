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
  - Reads the cluster from where the module runs, in one call - every Sentinel's view of the
    primary and of the quorum (as M(redisops.ha.sentinel_quorum)), and every data node's
    replication, engine, memory and C(PING)/C(GET) round trips (as
    M(redisops.ha.redis_replication_info) and M(redisops.ha.redis_latency)) - then judges it.
  - C(critical) when no Sentinel answers, they do not agree on a primary, quorum cannot be
    reached, or the primary they name does not answer as a primary. C(degraded) when replicas
    are missing, lag or have their link down, Sentinels do not answer, or more than one engine or
    version answers (a migration in progress).
  - Returns the report C(playbooks/health.yml) writes and a short table to print. A node or a
    Sentinel that does not answer is part of the verdict, not a failure of the module.
  - The only write is one C(SET) probe key with a 60 s TTL on the primary (O(probe_key)),
    skipped in check mode.
extends_documentation_fragment:
  - redisops.ha.connection
  - redisops.ha.connection.data_nodes
options:
  sentinels:
    description:
      - The Sentinels to ask, as C(host:port) (port defaults to 26379). O(login_user) and
        O(login_password) log in to them.
    type: list
    elements: str
    required: true
  nodes:
    description:
      - Every data node of the inventory, inventory name to C(host:port) (C([v6]:port) for IPv6).
        O(redis_user) and O(redis_password) log in to them. A node that does not answer is
        reported as unreachable.
    type: dict
    required: true
  configured_sentinels:
    description: How many Sentinels there should be; fewer answering is degraded. Defaults to the length of O(sentinels).
    type: int
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
  latency_samples:
    description: Round trips per command and node for the latency figures.
    type: int
    default: 50
  probe_key:
    description: The key of the C(SET) and C(GET) probes.
    type: str
    default: redisops:health:probe
attributes:
  check_mode:
    support: full
    description: In check mode the C(SET) probe is skipped; nothing else is ever written.
author:
  - redisops.ha maintainers (@redisops)
'''

EXAMPLES = r'''
- name: Judge the cluster
  redisops.ha.cluster_health:
    sentinels: [10.0.0.21:26379, 10.0.0.22:26379, 10.0.0.23:26379]
    login_password: "{{ sentinel_password }}"
    redis_password: "{{ redis_password }}"
    nodes: {redis-1: 10.0.0.11:6379, redis-2: 10.0.0.12:6379, redis-3: 10.0.0.13:6379}
  register: health

- name: Print the verdict and the table
  ansible.builtin.debug:
    msg: "{{ health.summary }}"
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

from ansible_collections.redisops.ha.plugins.module_utils.connection import (
    check_redis_library, connection_argument_spec, ConnectionOptions, data_node_argument_spec,
    failures_reported, Secrets)
from ansible_collections.redisops.ha.plugins.module_utils.discovery import parse_inventory, read_health
from ansible_collections.redisops.ha.plugins.module_utils.health import assess, summary_lines
from ansible_collections.redisops.ha.plugins.module_utils.sentinel import read_views, sentinel_endpoints


def main():
    argument_spec = connection_argument_spec()
    argument_spec.update(data_node_argument_spec())
    argument_spec.update(
        sentinels=dict(type='list', elements='str', required=True),
        nodes=dict(type='dict', required=True),
        configured_sentinels=dict(type='int'),
        sentinel_hosts=dict(type='dict', default={}),
        master_name=dict(type='str', default='mymaster'),
        max_lag_bytes=dict(type='int', default=1048576),
        max_lag_seconds=dict(type='int', default=10),
        latency_samples=dict(type='int', default=50),
        probe_key=dict(type='str', default='redisops:health:probe', no_log=False),
    )
    module = AnsibleModule(argument_spec=argument_spec, supports_check_mode=True)
    check_redis_library(module)
    params = module.params
    secrets = Secrets(params['login_password'], params['redis_password'])
    with failures_reported(module, secrets):
        nodes = parse_inventory(params['nodes'])
        endpoints = sentinel_endpoints(params)
        views = read_views(endpoints, ConnectionOptions.from_params(params), params['master_name'], secrets)
        sentinels, records, primary_replication = read_health(
            views, nodes, ConnectionOptions.from_params(params, 'redis_user', 'redis_password'), secrets,
            params['latency_samples'], params['probe_key'], write_probe=not module.check_mode)
    configured = params['configured_sentinels']
    report = assess(sentinels, records, len(endpoints) if configured is None else configured, params['master_name'],
                    params['max_lag_bytes'], params['max_lag_seconds'], primary_replication, params['sentinel_hosts'])
    module.exit_json(changed=False, report=report, status=report['status'], reasons=report['reasons'],
                     summary=summary_lines(report))


if __name__ == '__main__':
    main()
