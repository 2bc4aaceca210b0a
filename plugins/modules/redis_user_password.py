#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, redisops.ha contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: redis_user_password
short_description: Add and remove passwords of an ACL user on a Redis node or Sentinel
version_added: 0.1.0
description:
  - ACL users accept several passwords at once, which is what rotates a password without
    downtime - add the new one, move every client and link to it, remove the old one.
  - Checks each password with C(AUTH) on a separate connection and changes only what differs
    (C(ACL SETUSER user >new), C(ACL SETUSER user <old)).
  - With O(persist), saves a change (C(CONFIG REWRITE) on a Redis node, C(SENTINEL FLUSHCONFIG) on a
    Sentinel).
extends_documentation_fragment:
  - redisops.ha.connection
options:
  server:
    description:
      - What listens at O(login_host) and O(login_port).
    type: str
    choices: [redis, sentinel]
    default: redis
  user:
    description:
      - The ACL user whose passwords change.
    type: str
    default: default
  add:
    description:
      - Passwords the user must accept.
    type: list
    elements: str
    default: []
  remove:
    description:
      - Passwords the user must no longer accept.
    type: list
    elements: str
    default: []
  persist:
    description:
      - Save a change to the server's configuration file.
    type: bool
    default: true
attributes:
  check_mode:
    support: full
    description: Reports what it would add or remove; changes nothing.
author:
  - redisops.ha maintainers (@redisops)
'''

EXAMPLES = r'''
- name: Accept the new data password beside the old one
  redisops.ha.redis_user_password:
    login_password: "{{ old_password }}"
    add: ["{{ new_password }}"]
'''

RETURN = r'''
server:
  description: The server that answered - C(engine) (C(redis) or C(valkey)) and C(version) (Valkey's own
    version, not the C(redis_version) it reports for compatibility).
  returned: always
  type: dict
  sample: {engine: valkey, version: 8.0.1}
added:
  description: How many passwords were (or would be) added.
  returned: always
  type: int
removed:
  description: How many passwords were (or would be) removed.
  returned: always
  type: int
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.redisops.ha.plugins.module_utils.acl_users import accepts
from ansible_collections.redisops.ha.plugins.module_utils.connection import (
    check_redis_library, connect_from_params, connection_argument_spec, failures_reported, KIND_REDIS,
    KIND_SENTINEL, Secrets)


def main():
    argument_spec = connection_argument_spec()
    argument_spec.update(
        server=dict(type='str', choices=['redis', 'sentinel'], default='redis'),
        user=dict(type='str', default='default'),
        add=dict(type='list', elements='str', default=[], no_log=True),
        remove=dict(type='list', elements='str', default=[], no_log=True),
        persist=dict(type='bool', default=True),
    )
    module = AnsibleModule(argument_spec=argument_spec, supports_check_mode=True)
    check_redis_library(module)
    params = module.params
    kind = KIND_SENTINEL if params['server'] == 'sentinel' else KIND_REDIS
    secrets = Secrets(params['login_password'], *(params['add'] + params['remove']))
    user = params['user']
    with failures_reported(module, secrets):
        node = connect_from_params(params, kind, secrets)
        to_add = [p for p in params['add'] if not accepts(params, kind, user, p, secrets)]
        to_remove = [p for p in params['remove'] if p not in params['add'] and accepts(params, kind, user, p, secrets)]
        if not module.check_mode:
            for password in to_add:
                node.call('ACL', 'SETUSER', user, '>' + password)
            for password in to_remove:
                node.call('ACL', 'SETUSER', user, '<' + password)
            if (to_add or to_remove) and params['persist']:
                node.call(*(('SENTINEL', 'FLUSHCONFIG') if kind == KIND_SENTINEL else ('CONFIG', 'REWRITE')))
    module.exit_json(changed=bool(to_add or to_remove), added=len(to_add), removed=len(to_remove), server=node.server)


if __name__ == '__main__':
    main()
