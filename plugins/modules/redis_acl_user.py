#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, redisops.ha contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: redis_acl_user
short_description: Make an ACL user on a Redis node have exactly the given permissions
version_added: 0.1.0
description:
  - Creates the ACL user (with no password; M(redisops.ha.redis_user_password) adds them) or
    changes its permissions (commands, keys, channels, selectors) to the given rules, or deletes it.
  - Compares permissions as Redis normalises them. The rules are applied to a disabled probe user
    with no password, deleted straight away, and both users' C(ACL GETUSER) replies are compared, so
    C(+@all -@dangerous) and an equivalent spelling are the same.
  - Never reads, sets or removes a password; rules that would (C(>), C(<), C(#), C(nopass),
    C(resetpass), C(reset)) are refused.
  - With O(persist), saves a change with C(CONFIG REWRITE).
extends_documentation_fragment:
  - redisops.ha.connection
options:
  name:
    description:
      - The ACL user. Not C(default), whose permissions stay Redis's.
    type: str
    required: true
  rules:
    description:
      - ACL rules for commands, keys and channels, for example C(+psync +replconf +ping) or
        C(~* &* +@all -@dangerous). Ignored when O(state=absent).
    type: str
    default: ""
  enabled:
    description:
      - Whether the user may log in (C(on)/C(off)).
    type: bool
    default: true
  state:
    description:
      - C(present) creates or updates the user, C(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  persist:
    description:
      - Save a change to the node's configuration file.
    type: bool
    default: true
attributes:
  check_mode:
    support: full
    description: Reports what it would create, change or delete; the probe user is still created and deleted.
author:
  - redisops.ha maintainers (@redisops)
'''

EXAMPLES = r'''
- name: The user replicas log in with (Redis's documented minimum)
  redisops.ha.redis_acl_user:
    login_password: "{{ redis_node_password }}"
    name: replication
    rules: "+psync +replconf +ping"
'''

RETURN = r'''
server:
  description: The server that answered - C(engine) (C(redis) or C(valkey)) and C(version) (Valkey's own
    version, not the C(redis_version) it reports for compatibility).
  returned: always
  type: dict
  sample: {engine: valkey, version: 8.0.1}
operation:
  description: What was (or in check mode would be) done.
  returned: always
  type: str
  choices: [created, updated, deleted, none]
permissions:
  description: The user's permissions afterwards, as C(ACL GETUSER) reports them (no passwords).
  returned: when O(state=present)
  type: dict
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.redisops.ha.plugins.module_utils.acl import PasswordRuleError, reply_to_dict, split_rules
from ansible_collections.redisops.ha.plugins.module_utils.acl_users import ensure_permissions
from ansible_collections.redisops.ha.plugins.module_utils.connection import (
    check_redis_library, connect_from_params, connection_argument_spec, failures_reported, KIND_REDIS, Secrets)


def main():
    argument_spec = connection_argument_spec()
    argument_spec.update(
        name=dict(type='str', required=True),
        rules=dict(type='str', default=''),
        enabled=dict(type='bool', default=True),
        state=dict(type='str', choices=['present', 'absent'], default='present'),
        persist=dict(type='bool', default=True),
    )
    module = AnsibleModule(argument_spec=argument_spec, supports_check_mode=True)
    check_redis_library(module)
    params = module.params
    name = params['name']
    if name == 'default':
        module.fail_json(msg="redis_acl_user manages users other than 'default' (its password: redis_user_password)")
    try:
        rules = split_rules(params['rules']) if params['state'] == 'present' else []
    except PasswordRuleError as exc:
        module.no_log_values.update(exc.secrets)  # masked in the echoed arguments too
        module.fail_json(msg='%s (user %s)' % (exc, name))
    except ValueError as exc:
        module.fail_json(msg='%s (user %s)' % (exc, name))
    secrets = Secrets(params['login_password'])
    result = dict(changed=False, operation='none')
    with failures_reported(module, secrets):
        node = connect_from_params(params, KIND_REDIS, secrets)
        if params['state'] == 'absent':
            if reply_to_dict(node.call('ACL', 'GETUSER', name)) is not None:
                result.update(changed=True, operation='deleted')
                if not module.check_mode:
                    node.call('ACL', 'DELUSER', name)
        else:
            operation, result['permissions'] = ensure_permissions(
                node, name, rules, params['enabled'], module.check_mode)
            result.update(changed=operation != 'none', operation=operation)
        if result['changed'] and params['persist'] and not module.check_mode:
            node.call('CONFIG', 'REWRITE')
    result['server'] = node.server
    module.exit_json(**result)


if __name__ == '__main__':
    main()
