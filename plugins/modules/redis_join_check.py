#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, redisops.ha contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: redis_join_check
short_description: Refuse replicas that cannot load their primary's RDB
version_added: 0.1.0
description:
  - Reads the engine and version of the primary it logs in to and checks that every replica
    given (its engine and the version its host runs or would install) reads the RDB version the
    primary writes.
  - A replica that cannot (Redis 7.0 under a Redis 8.0 or a Valkey 8 primary, for example) would
    fail every full synchronisation and never serve; the module fails, naming the replicas, the
    versions and the engines that would work, before anything is installed.
  - Read-only; it never changes anything.
extends_documentation_fragment:
  - redisops.ha.connection
options:
  replicas:
    description:
      - The replicas to check, each with C(name), C(engine) (C(redis) or C(valkey)) and C(version).
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
- name: Check that the new replicas read the primary's RDB
  redisops.ha.redis_join_check:
    login_host: 10.0.0.11
    login_password: "{{ redis_password }}"
    replicas:
      - {name: redis-new-1, engine: redis, version: 8.0.2}
'''

RETURN = r'''
primary:
  description: The primary's C(engine), C(version) and the C(rdb) version it writes.
  returned: success
  type: dict
  sample: {engine: redis, version: 7.0.15, rdb: 10}
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.redisops.ha.plugins.module_utils.connection import (
    check_redis_library, connect_from_params, connection_argument_spec, failures_reported,
    KIND_REDIS, Secrets)
from ansible_collections.redisops.ha.plugins.module_utils.migration import check_joining


def main():
    argument_spec = connection_argument_spec()
    argument_spec.update(replicas=dict(type='list', elements='dict', required=True))
    module = AnsibleModule(argument_spec=argument_spec, supports_check_mode=True)
    check_redis_library(module)
    secrets = Secrets(module.params['login_password'])
    with failures_reported(module, secrets):
        node = connect_from_params(module.params, KIND_REDIS, secrets)
        server = dict(node.server)
        node.close()
        replicas = [(entry.get('name'), entry.get('engine'), entry.get('version')) for entry in module.params['replicas']]
        server['rdb'] = check_joining(node.address, server['engine'], server['version'], replicas)
    module.exit_json(changed=False, primary=server)


if __name__ == '__main__':
    main()
