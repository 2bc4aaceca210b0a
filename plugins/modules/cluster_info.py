#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, redisops.ha contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: cluster_info
short_description: The whole Sentinel-guarded cluster in one call, matched to the inventory
version_added: 0.1.0
description:
  - Asks every Sentinel in O(sentinels) about O(master_name) (C(SENTINEL MASTER), C(CKQUORUM),
    C(GET-MASTER-ADDR-BY-NAME)), then the primary they agree on and every replica it reports
    (C(INFO replication), engine and version), and matches each node to its inventory host.
  - Returns the agreed primary as C(host:port), as RV(primary_host) and RV(primary_port)
    and as its inventory host; the replicas with their state, link, offsets and lag; every
    Sentinel's view; the inventory's data nodes grouped by their current role; and the problems
    found (Sentinels not answering or disagreeing, a failover under way, no quorum, a primary or
    replica that is not what the Sentinels say).
  - Fails when no Sentinel answers, when they disagree (unless O(require_agreement=false)), and
    with O(require_healthy=true) when any problem was found, listing them.
  - Read-only.
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
  master_name:
    description: The name the Sentinels monitor the primary under.
    type: str
    default: mymaster
  inventory:
    description:
      - The inventory's data nodes, inventory name to C(host:port) (C([v6]:port) for IPv6).
        Nodes are matched by address and port, names resolved.
    type: dict
    default: {}
  require_agreement:
    description: Fail when the Sentinels that answer name different primaries.
    type: bool
    default: true
  joining:
    description:
      - Data nodes about to be configured as replicas of the agreed primary, each with C(name)
        (its inventory host), C(engine) (C(redis) or C(valkey)) and C(version) (the version its
        host runs or would install). The entry of the primary itself (RV(primary_inventory_host))
        is left out.
      - Fails, before anything is changed, when one of them could not load the RDB the primary
        writes (as M(redisops.ha.redis_join_check) does, without a second connection). Nothing is
        checked when the Sentinels name no primary or it does not answer.
    type: list
    elements: dict
    default: []
  require_healthy:
    description:
      - Fail unless no problem was found (every Sentinel answers and agrees, no failover runs,
        quorum can be reached, the primary answers as a primary and is in O(inventory), and every
        replica the Sentinels know is online with its link up).
    type: bool
    default: false
attributes:
  check_mode:
    support: full
    description: Nothing is ever changed.
author:
  - redisops.ha maintainers (@redisops)
'''

EXAMPLES = r'''
- name: Discover the cluster before changing it
  redisops.ha.cluster_info:
    sentinels: [10.0.0.21:26379, 10.0.0.22:26379, 10.0.0.23:26379]
    login_password: "{{ sentinel_password }}"
    redis_password: "{{ redis_password }}"
    inventory: {redis-1: 10.0.0.11:6379, redis-2: 10.0.0.12:6379, redis-3: 10.0.0.13:6379}
    require_healthy: true
  register: cluster

- name: Act on the current primary
  ansible.builtin.debug:
    msg: "{{ cluster.primary_inventory_host }} at {{ cluster.primary_host }} port {{ cluster.primary_port }}"
'''

RETURN = r'''
primary:
  description: The primary the Sentinels agree on, C(host:port); null when they disagree.
  returned: always
  type: str
  sample: 10.0.0.11:6379
primary_host:
  description: Its host.
  returned: always
  type: str
primary_port:
  description: Its port.
  returned: always
  type: int
primary_inventory_host:
  description: The inventory host it is; null when none matches.
  returned: always
  type: str
primary_node:
  description: The primary as it reports itself (C(reachable), C(error), C(role), C(engine), C(version), offsets).
  returned: when the Sentinels agree
  type: dict
replicas:
  description: >-
    Each replica the primary reports: C(address), C(host), C(port), C(inventory_host), its C(state),
    C(offset), C(lag_bytes) and C(lag_seconds) on the primary, and as it reports itself
    C(reachable), C(master_link_status), C(engine), C(version).
  returned: always
  type: list
  elements: dict
groups:
  description: The inventory's data nodes by current role, C(primary), C(replicas), and C(unplaced) (neither).
  returned: always
  type: dict
  sample: {primary: [redis-2], replicas: [redis-1, redis-3], unplaced: []}
primary_rdb:
  description: The RDB version the primary writes, when O(joining) was checked.
  returned: when O(joining) was checked
  type: int
  sample: 12
engines:
  description: Every engine and version among the primary and its replicas.
  returned: always
  type: list
  elements: str
  sample: [Redis 7.0.15]
problems:
  description: What is wrong, one sentence each, naming host:port.
  returned: always
  type: list
  elements: str
healthy:
  description: No problem found.
  returned: always
  type: bool
ok:
  description: Every Sentinel that answered says quorum and failover authorisation can be reached.
  returned: always
  type: bool
message:
  description: The C(CKQUORUM) text (of a failing Sentinel, if any).
  returned: always
  type: str
quorum:
  description: The quorum, as the first Sentinel that answered has it.
  returned: always
  type: int
agree:
  description: Every Sentinel that answered names the same primary.
  returned: always
  type: bool
num_replicas:
  description: Replicas the first Sentinel that answered knows.
  returned: always
  type: int
num_other_sentinels:
  description: Other Sentinels the first Sentinel that answered knows.
  returned: always
  type: int
failover_in_progress:
  description: The Sentinels that report a failover under way.
  returned: always
  type: list
  elements: str
unreachable_sentinels:
  description: Sentinels that did not answer.
  returned: always
  type: list
  elements: str
sentinels:
  description: Each Sentinel's view, as M(redisops.ha.sentinel_quorum) returns it.
  returned: always
  type: list
  elements: dict
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.redisops.ha.plugins.module_utils.connection import (
    data_node_argument_spec, check_redis_library, connection_argument_spec, failures_reported, ConnectionOptions, Secrets)
from ansible_collections.redisops.ha.plugins.module_utils.discovery import discover, parse_inventory
from ansible_collections.redisops.ha.plugins.module_utils.migration import check_joining, MigrationRefused
from ansible_collections.redisops.ha.plugins.module_utils.sentinel import read_views, sentinel_endpoints


def main():
    argument_spec = connection_argument_spec()
    argument_spec.update(data_node_argument_spec())
    argument_spec.update(
        sentinels=dict(type='list', elements='str', required=True),
        master_name=dict(type='str', default='mymaster'),
        inventory=dict(type='dict', default={}),
        require_agreement=dict(type='bool', default=True),
        require_healthy=dict(type='bool', default=False),
        joining=dict(type='list', elements='dict', default=[]),
    )
    module = AnsibleModule(argument_spec=argument_spec, supports_check_mode=True)
    check_redis_library(module)
    params = module.params
    secrets = Secrets(params['login_password'], params['redis_password'])
    sentinel_options = ConnectionOptions.from_params(params)
    data_options = ConnectionOptions.from_params(params, 'redis_user', 'redis_password')
    with failures_reported(module, secrets):
        views = read_views(sentinel_endpoints(params), sentinel_options, params['master_name'], secrets)
        if not any(view.reachable for view in views):
            module.fail_json(msg='no Sentinel answered: %s' % '; '.join('%s: %s' % (v.address, v.error) for v in views),
                             sentinels=[view.as_dict() for view in views], problems=['no Sentinel answered'],
                             healthy=False)
        result = discover(views, data_options, secrets, parse_inventory(params['inventory']), params['master_name'])
        primary = result.get('primary_node') or {}
        if params['joining'] and primary.get('reachable') and primary.get('version'):
            replicas = [(entry.get('name'), entry.get('engine'), entry.get('version')) for entry in params['joining']
                        if entry.get('name') != result['primary_inventory_host']]
            try:
                result['primary_rdb'] = check_joining(result['primary'], primary['engine'], primary['version'], replicas)
            except MigrationRefused as exc:
                # With the cluster's picture: the Sentinels answered (a caller may tolerate none answering).
                module.fail_json(msg=secrets.scrub(str(exc)), **result)
    if params['require_agreement'] and not result['agree']:
        module.fail_json(msg=result['problems'][0] if result['problems'] else 'the Sentinels do not agree', **result)
    if params['require_healthy'] and not result['healthy']:
        module.fail_json(msg='Not changing a cluster that is not healthy: %s. Run playbooks/health.yml and fix '
                             'what it reports first.' % '; '.join(result['problems']), **result)
    module.exit_json(changed=False, **result)


if __name__ == '__main__':
    main()
