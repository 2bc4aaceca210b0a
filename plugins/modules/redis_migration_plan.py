#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, redisops.ha contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: redis_migration_plan
short_description: Plan moving a live Sentinel cluster to another engine, or refuse
version_added: 0.1.0
description:
  - Asks every Sentinel for the agreed primary, and every data node and Sentinel which engine and
    version answer on its port, then returns the steps that move the cluster to O(target_engine)
    in the order replication permits - replicas, Sentinels one at a time, a safe failover onto a
    moved replica, the old primary.
  - Refuses (fails) before anything changes when a node would have to load an RDB version it
    cannot read (for example Redis 8.0, RDB 12, to Valkey 8.1, which reads up to 11), when a
    version is not in its RDB table, or when the cluster is not healthy - Sentinels disagree, no
    quorum, a failover running, a replica out of sync, a member down that no earlier run was
    moving. The message names the nodes, the versions and what would work instead.
  - Read-only; it never changes anything. An empty RV(steps) means the cluster already runs
    O(target_engine) everywhere.
extends_documentation_fragment:
  - redisops.ha.connection
  - redisops.ha.connection.data_nodes
options:
  target_engine:
    description: The engine to move to.
    type: str
    required: true
    choices: [redis, valkey]
  master_name:
    description: Name under which the Sentinels monitor the primary.
    type: str
    default: mymaster
  sentinels:
    description:
      - The Sentinels, each with its inventory name, C(host:port) address and C(resuming) (an
        earlier run stopped while moving it). O(login_user) and O(login_password) log in to them.
    type: list
    elements: dict
    required: true
  nodes:
    description:
      - The data nodes, each with C(name), C(address) (C(host:port)), C(target_version) (the
        version of O(target_engine) its host would install) and C(resuming).
    type: list
    elements: dict
    required: true
attributes:
  check_mode:
    support: full
    description: Nothing is ever changed.
author:
  - redisops.ha maintainers (@redisops)
'''

EXAMPLES = r'''
- name: Plan the move to Valkey
  redisops.ha.redis_migration_plan:
    target_engine: valkey
    sentinels:
      - {name: sentinel-1, address: "10.0.0.21:26379", resuming: false}
    nodes:
      - {name: redis-1, address: "10.0.0.11:6379", target_version: 8.0.1, resuming: false}
      - {name: redis-2, address: "10.0.0.12:6379", target_version: 8.0.1, resuming: false}
    login_password: "{{ sentinel_password }}"
    redis_password: "{{ redis_node_password }}"
  register: plan
'''

RETURN = r'''
steps:
  description: The steps in order; empty when nothing is left to do.
  returned: success
  type: list
  elements: dict
  contains:
    action:
      description: C(migrate replica), C(migrate sentinel), C(failover) or C(migrate old primary).
      type: str
    host:
      description: Inventory name of the member (for C(failover), the replica promoted).
      type: str
    text:
      description: The step in words, with the versions.
      type: str
  sample: [{action: migrate replica, host: redis-2, text: "migrate replica redis-2 (10.0.0.12:6379): Redis 7.0.15 -> Valkey 8.0.1"}]
plan:
  description: The steps as numbered lines, for people.
  returned: success
  type: list
  elements: str
done:
  description: Whether every member already runs O(target_engine).
  returned: success
  type: bool
primary:
  description: The agreed primary - inventory C(name), C(address), C(host), C(port), C(engine) and C(version).
  returned: success
  type: dict
failover_target:
  description: The replica the failover step promotes (the same keys as RV(primary)), or null.
  returned: success
  type: dict
members:
  description: Every data node and Sentinel as found (engine, version, reachable, role, link).
  returned: success
  type: list
  elements: dict
engines:
  description: The distinct engine versions answering now; more than one means a migration is in progress.
  returned: success
  type: list
  elements: str
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.redisops.ha.plugins.module_utils.connection import (
    data_node_argument_spec, check_redis_library, connect, connection_argument_spec, ConnectionOptions, failures_reported,
    KIND_REDIS, parse_endpoint, RedisOpsError, same_endpoint, Secrets)
from ansible_collections.redisops.ha.plugins.module_utils.migration import (
    Member, mixed_engines, plan_migration)
from ansible_collections.redisops.ha.plugins.module_utils.replication import replication_facts
from ansible_collections.redisops.ha.plugins.module_utils.sentinel import (
    agreed_primary, disagreement_message, read_views)


def sentinel_problem(views, master_name):
    reachable = [v for v in views if v.reachable]
    if not reachable:
        return 'no Sentinel answered (%s)' % '; '.join('%s: %s' % (v.address, v.error) for v in views)
    if agreed_primary(views) is None:
        return disagreement_message(views, master_name)
    running = [v.address for v in reachable if v.failover_in_progress]
    if running:
        return 'a failover is running (%s say so)' % ', '.join(running)
    noquorum = [v for v in reachable if not v.ckquorum['ok']]
    if noquorum:
        return 'Sentinel %s: %s' % (noquorum[0].address, noquorum[0].ckquorum['message'])
    return None


def read_server(entry, options, secrets):
    host, port = parse_endpoint(entry['address'], 6379)
    member = Member(entry['name'], entry['address'], 'server', target_version=entry.get('target_version'),
                    resuming=bool(entry.get('resuming')))
    try:
        node = connect(host, port, KIND_REDIS, options, secrets)
    except RedisOpsError as exc:
        member.reachable = False
        member.error = str(exc)
        return member
    member.engine, member.version = node.server['engine'], node.server['version']
    facts = replication_facts(node.info('replication'))
    node.close()
    member.role = facts['role']
    member.link_up = facts.get('master_link_status') == 'up' if facts['role'] == 'replica' else None
    member.syncing = bool(facts.get('master_sync_in_progress'))
    return member


def sentinel_member(entry, views):
    host, port = parse_endpoint(entry['address'], 26379)
    member = Member(entry['name'], entry['address'], 'sentinel', target_version=entry.get('target_version'),
                    resuming=bool(entry.get('resuming')))
    view = next((v for v in views if same_endpoint((v.host, v.port), (host, port))), None)
    if view is None or not view.reachable:
        member.reachable = False
        return member
    member.engine, member.version = view.node.server['engine'], view.node.server['version']
    return member


def endpoint_dict(member):
    host, port = parse_endpoint(member.address, 6379)
    return dict(name=member.name, address=member.address, host=host, port=port, engine=member.engine,
                version=member.version)


def main():
    argument_spec = connection_argument_spec()
    argument_spec.update(data_node_argument_spec())
    argument_spec.update(
        target_engine=dict(type='str', required=True, choices=['redis', 'valkey']),
        master_name=dict(type='str', default='mymaster'),
        sentinels=dict(type='list', elements='dict', required=True),
        nodes=dict(type='list', elements='dict', required=True),
    )
    module = AnsibleModule(argument_spec=argument_spec, supports_check_mode=True)
    check_redis_library(module)
    params = module.params
    secrets = Secrets(params['login_password'], params['redis_password'])
    sentinel_options = ConnectionOptions.from_params(params)
    node_options = ConnectionOptions.from_params(params, 'redis_user', 'redis_password')
    with failures_reported(module, secrets):
        endpoints = [parse_endpoint(entry['address'], 26379) for entry in params['sentinels']]
        views = read_views(endpoints, sentinel_options, params['master_name'], secrets)
        sentinels = [sentinel_member(entry, views) for entry in params['sentinels']]
        servers = [read_server(entry, node_options, secrets) for entry in params['nodes']]
        agreed = agreed_primary(views)
        primary = None
        if agreed:
            agreed_host, agreed_port = parse_endpoint(agreed, 6379)
            primary = next((m for m in servers if same_endpoint(parse_endpoint(m.address, 6379), (agreed_host, agreed_port))), None)
            if primary is None:
                raise RedisOpsError('the Sentinels name %s as primary, which is none of the inventory\'s data nodes '
                                    '(%s): fix the inventory, nothing was changed'
                                    % (agreed, ', '.join(m.address for m in servers)))
        plan = plan_migration(params['target_engine'], primary, servers, sentinels,
                              sentinel_problem(views, params['master_name']))
        result = dict(
            changed=False, steps=plan.steps, plan=plan.lines(), done=plan.done,
            primary=endpoint_dict(primary),
            failover_target=endpoint_dict(plan.failover_target) if plan.failover_target else None,
            members=[m.as_dict() for m in servers + sentinels],
            engines=mixed_engines(servers + sentinels))
        for view in views:
            if view.node is not None:
                view.node.close()
    module.exit_json(**result)


if __name__ == '__main__':
    main()
