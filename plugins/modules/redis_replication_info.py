#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, redisops.ha contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: redis_replication_info
short_description: Read the replication state of a Redis data node
version_added: 0.1.0
description:
  - Reads C(INFO replication) from one Redis data node and returns it typed and named the
    same way on a primary and on a replica.
  - On a primary it lists the connected replicas with their lag in seconds and in bytes.
  - Read-only; it never changes anything.
extends_documentation_fragment:
  - redisops.ha.connection
attributes:
  check_mode:
    support: full
    description: Nothing is ever changed.
author:
  - redisops.ha maintainers (@redisops)
'''

EXAMPLES = r'''
- name: Read the replication state of a node
  redisops.ha.redis_replication_info:
    login_host: 10.0.0.11
    login_password: "{{ redis_password }}"
  register: replication

- name: Fail unless the replica's link is up
  ansible.builtin.assert:
    that:
      - replication.role == 'replica'
      - replication.master_link_status == 'up'
'''

RETURN = r'''
server:
  description: The server that answered - C(engine) (C(redis) or C(valkey)) and C(version) (Valkey's own
    version, not the C(redis_version) it reports for compatibility).
  returned: always
  type: dict
  sample: {engine: valkey, version: 8.0.1}
role:
  description: C(primary) or C(replica).
  returned: always
  type: str
  sample: primary
redis_role:
  description: The role as Redis names it, C(master) or C(slave).
  returned: always
  type: str
  sample: master
address:
  description: The node asked, as host:port.
  returned: always
  type: str
  sample: 10.0.0.11:6379
master_repl_offset:
  description: The node's replication offset.
  returned: always
  type: int
  sample: 148213
master_failover_state:
  description: State of a Redis C(FAILOVER) command, normally C(no-failover).
  returned: always
  type: str
  sample: no-failover
master_replid:
  description: Current replication id.
  returned: always
  type: str
master_replid2:
  description: Previous replication id, valid up to RV(second_repl_offset).
  returned: always
  type: str
second_repl_offset:
  description: Offset up to which RV(master_replid2) is valid, or -1.
  returned: always
  type: int
min_replicas_to_write:
  description:
    - The node's C(min-replicas-to-write) (a primary with fewer good replicas refuses writes),
      or null when the login user may not run C(CONFIG GET).
  returned: always
  type: int
  sample: 1
connected_replicas:
  description: Number of connected replicas.
  returned: when the node is a primary
  type: int
  sample: 2
replicas:
  description: The connected replicas.
  returned: when the node is a primary
  type: list
  elements: dict
  contains:
    host:
      description: Address the replica connects from (or announces).
      type: str
    port:
      description: Port the replica listens on.
      type: int
    state:
      description: Replication state, C(online) when streaming.
      type: str
    offset:
      description: Offset the replica last acknowledged.
      type: int
    lag_seconds:
      description: Seconds since the replica's last acknowledgement (one-second resolution).
      type: int
    lag_bytes:
      description: RV(master_repl_offset) minus the replica's acknowledged offset.
      type: int
master_host:
  description: The primary this replica follows.
  returned: when the node is a replica
  type: str
master_port:
  description: Port of RV(master_host).
  returned: when the node is a replica
  type: int
master_link_status:
  description: C(up) or C(down).
  returned: when the node is a replica
  type: str
master_last_io_seconds_ago:
  description: Seconds since the last interaction with the primary.
  returned: when the node is a replica
  type: int
master_sync_in_progress:
  description: Whether a full synchronisation is running.
  returned: when the node is a replica
  type: bool
replica_repl_offset:
  description: The replica's own offset in the replication stream.
  returned: when the node is a replica
  type: int
read_only:
  description: Whether the replica refuses writes.
  returned: when the node is a replica
  type: bool
replica_priority:
  description: The replica's C(replica-priority) (0 never promoted).
  returned: when the node is a replica
  type: int
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.redisops.ha.plugins.module_utils.connection import (
    check_redis_library, connect_from_params, connection_argument_spec, failures_reported,
    KIND_REDIS, Secrets)
from ansible_collections.redisops.ha.plugins.module_utils.discovery import min_replicas_to_write
from ansible_collections.redisops.ha.plugins.module_utils.replication import replication_facts


def main():
    module = AnsibleModule(argument_spec=connection_argument_spec(), supports_check_mode=True)
    check_redis_library(module)
    secrets = Secrets(module.params['login_password'])
    with failures_reported(module, secrets):
        node = connect_from_params(module.params, KIND_REDIS, secrets)
        facts = replication_facts(node.info('replication'))
        facts['min_replicas_to_write'] = min_replicas_to_write(node)
    facts['address'] = node.address
    facts['server'] = node.server
    node.close()
    module.exit_json(changed=False, **facts)


if __name__ == '__main__':
    main()
