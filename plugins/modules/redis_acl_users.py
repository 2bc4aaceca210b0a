#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, redisops.ha contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: redis_acl_users
short_description: Give every listed ACL user of a Redis node its permissions and password, in one call
version_added: 0.1.0
description:
  - For each user, what M(redisops.ha.redis_acl_user) and M(redisops.ha.redis_user_password) with
    O(redisops.ha.redis_user_password#module:add) do, on one connection and in one module run (the
    role C(redis_node) calls it once per node instead of twice per user).
  - Permissions are compared as Redis normalises them (a probe user, deleted straight away); a
    missing user is created; the password is added when its SHA-256 is not among the hashes
    C(ACL GETUSER) lists (so a disabled user is checked too). Other passwords the user accepts
    stay (a rotation removes them with M(redisops.ha.redis_user_password)). Users not listed are
    not touched.
  - With O(persist), saves a change with C(CONFIG REWRITE).
extends_documentation_fragment:
  - redisops.ha.connection
options:
  users:
    description:
      - The ACL users. Not C(default), whose permissions stay Redis's.
    type: list
    elements: dict
    required: true
    suboptions:
      name:
        description:
          - The user's name.
        type: str
        required: true
      rules:
        description:
          - ACL rules for commands, keys and channels, without passwords (as
            M(redisops.ha.redis_acl_user)'s O(redisops.ha.redis_acl_user#module:rules)).
        type: str
        default: ""
      password:
        description:
          - A password the user must accept; omit it to leave the passwords alone.
        type: str
      enabled:
        description:
          - Whether the user may log in.
        type: bool
        default: true
  persist:
    description:
      - Save a change to the node's configuration file.
    type: bool
    default: true
attributes:
  check_mode:
    support: full
    description: Reports what it would create, change or add; the probe user is still created and deleted.
author:
  - redisops.ha maintainers (@redisops)
'''

EXAMPLES = r'''
- name: Every application and infrastructure user, with its rules and password
  redisops.ha.redis_acl_users:
    login_password: "{{ redis_node_password }}"
    users:
      - name: replication
        rules: "+psync +replconf +ping"
        password: "{{ replication_password }}"
      - name: app
        rules: "~* &* +@all -@dangerous"
        password: "{{ app_password }}"
  no_log: true
'''

RETURN = r'''
server:
  description: The server that answered - C(engine) (C(redis) or C(valkey)) and C(version).
  returned: always
  type: dict
  sample: {engine: valkey, version: 8.0.1}
users:
  description: What was (or in check mode would be) done for each user, in the order given.
  returned: always
  type: list
  elements: dict
  sample: [{name: replication, operation: none, password_added: false}, {name: app, operation: created, password_added: true}]
'''

import hashlib

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.redisops.ha.plugins.module_utils.acl import PasswordRuleError, reply_to_dict, split_rules
from ansible_collections.redisops.ha.plugins.module_utils.acl_users import ensure_permissions
from ansible_collections.redisops.ha.plugins.module_utils.connection import (
    check_redis_library, connect_from_params, connection_argument_spec, failures_reported, KIND_REDIS, Secrets)


def has_password(node, name, password):
    """Is the password among those the user accepts? ACL GETUSER lists their SHA-256 hashes."""
    hashed = hashlib.sha256(password.encode('utf-8')).hexdigest()
    return hashed in ((reply_to_dict(node.call('ACL', 'GETUSER', name)) or {}).get('passwords') or [])


def main():
    argument_spec = connection_argument_spec()
    argument_spec.update(
        users=dict(type='list', elements='dict', required=True, options=dict(
            name=dict(type='str', required=True),
            rules=dict(type='str', default=''),
            password=dict(type='str', no_log=True),
            enabled=dict(type='bool', default=True),
        )),
        persist=dict(type='bool', default=True),
    )
    module = AnsibleModule(argument_spec=argument_spec, supports_check_mode=True)
    check_redis_library(module)
    params = module.params
    users = params['users']
    names = [user['name'] for user in users]
    if 'default' in names or len(set(names)) != len(names):
        module.fail_json(msg="redis_acl_users needs distinct users other than 'default' (got %s)" % ', '.join(names))
    rules = {}
    for user in users:
        try:
            rules[user['name']] = split_rules(user['rules'])
        except PasswordRuleError as exc:
            module.no_log_values.update(exc.secrets)  # masked in the echoed arguments too
            module.fail_json(msg='%s (user %s)' % (exc, user['name']))
        except ValueError as exc:
            module.fail_json(msg='%s (user %s)' % (exc, user['name']))
    secrets = Secrets(params['login_password'], *[user['password'] for user in users if user['password']])
    done = []
    with failures_reported(module, secrets):
        node = connect_from_params(params, KIND_REDIS, secrets)
        for user in users:
            name = user['name']
            operation, _permissions = ensure_permissions(node, name, rules[name], user['enabled'], module.check_mode)
            add = bool(user['password']) and (operation == 'created' or not has_password(node, name, user['password']))
            if add and not module.check_mode:
                node.call('ACL', 'SETUSER', name, '>' + user['password'])
            done.append(dict(name=name, operation=operation, password_added=add))
        changed = any(item['operation'] != 'none' or item['password_added'] for item in done)
        if changed and params['persist'] and not module.check_mode:
            node.call('CONFIG', 'REWRITE')
    module.exit_json(changed=changed, users=done, server=node.server)


if __name__ == '__main__':
    main()
