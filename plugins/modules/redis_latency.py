#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, redisops.ha contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: redis_latency
short_description: Sample command latency and memory use of a Redis node
version_added: 0.1.0
description:
  - Times O(samples) C(PING) and C(GET) round trips (and C(SET), with O(write_probe=true))
    from where the module runs, and reads the node's memory use. Used by playbooks/health.yml.
  - The C(SET) probe writes one key with a 60 s TTL (O(probe_key)); nothing else is written.
extends_documentation_fragment:
  - redisops.ha.connection
options:
  samples:
    description:
      - Round trips per command.
    type: int
    default: 100
  write_probe:
    description:
      - Also time C(SET) (only meaningful on the primary).
    type: bool
    default: false
  probe_key:
    description:
      - Key the C(SET) and C(GET) probes use.
    type: str
    default: redisops:health:probe
attributes:
  check_mode:
    support: full
    description: In check mode the C(SET) probe is skipped.
author:
  - redisops.ha maintainers (@redisops)
'''

EXAMPLES = r'''
- name: Sample latency on the primary
  redisops.ha.redis_latency:
    login_password: "{{ redis_password }}"
    write_probe: true
  register: latency
'''

RETURN = r'''
server:
  description: The server that answered - C(engine) (C(redis) or C(valkey)) and C(version) (Valkey's own
    version, not the C(redis_version) it reports for compatibility).
  returned: always
  type: dict
  sample: {engine: valkey, version: 8.0.1}
latency_ms:
  description: p50 and p99 in milliseconds per command (C(ping), C(get), and C(set) when probed).
  returned: always
  type: dict
  sample: {"ping": {"p50": 0.08, "p99": 0.2}, "get": {"p50": 0.09, "p99": 0.21}}
used_memory:
  description: Bytes used (C(used_memory)).
  returned: always
  type: int
maxmemory:
  description: Configured C(maxmemory) in bytes (0 means no limit).
  returned: always
  type: int
used_memory_pct:
  description: used_memory as a percentage of maxmemory, or null without a limit.
  returned: always
  type: float
role:
  description: C(primary) or C(replica).
  returned: always
  type: str
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.redisops.ha.plugins.module_utils.connection import (
    check_redis_library, connect_from_params, connection_argument_spec, failures_reported,
    KIND_REDIS, Secrets)
from ansible_collections.redisops.ha.plugins.module_utils.latency import node_latency


def main():
    argument_spec = connection_argument_spec()
    argument_spec.update(
        samples=dict(type='int', default=100),
        write_probe=dict(type='bool', default=False),
        probe_key=dict(type='str', default='redisops:health:probe', no_log=False),
    )
    module = AnsibleModule(argument_spec=argument_spec, supports_check_mode=True)
    check_redis_library(module)
    params = module.params
    secrets = Secrets(params['login_password'])
    with failures_reported(module, secrets):
        node = connect_from_params(params, KIND_REDIS, secrets)
        result = node_latency(node, params['samples'], params['probe_key'],
                              params['write_probe'] and not module.check_mode)
    module.exit_json(changed=False, server=node.server, **result)


if __name__ == '__main__':
    main()
