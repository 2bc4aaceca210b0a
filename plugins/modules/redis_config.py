#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, redisops.ha contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: redis_config
short_description: Apply configuration to a running Redis node, and persist it
version_added: 0.1.0
description:
  - Compares each setting with C(CONFIG GET), changes only those that differ with C(CONFIG SET),
    then saves them with C(CONFIG REWRITE) so that a restart keeps them.
  - This is how the roles own settings without re-templating files that Redis and Sentinel
    rewrite themselves.
  - Settings Redis cannot change at runtime are not changed; they are listed in
    RV(restart_required).
extends_documentation_fragment:
  - redisops.ha.connection
options:
  settings:
    description:
      - Settings and their values, by Redis's names (C(maxmemory), C(save), ...). Booleans
        become C(yes)/C(no); memory sizes may use units (C(384mb)).
    type: dict
    default: {}
  secret_settings:
    description:
      - Like O(settings), for values that must never be shown (C(masterauth), C(requirepass)).
    type: dict
    default: {}
  persist:
    description:
      - Run C(CONFIG REWRITE) after a change.
    type: bool
    default: true
attributes:
  check_mode:
    support: full
    description: Reports which settings differ; changes nothing.
author:
  - redisops.ha maintainers (@redisops)
'''

EXAMPLES = r'''
- name: Size the node and its persistence
  redisops.ha.redis_config:
    login_password: "{{ redis_password }}"
    settings:
      maxmemory: 384mb
      maxmemory-policy: volatile-lru
      appendonly: true
'''

RETURN = r'''
server:
  description: The server that answered - C(engine) (C(redis) or C(valkey)) and C(version) (Valkey's own
    version, not the C(redis_version) it reports for compatibility).
  returned: always
  type: dict
  sample: {engine: valkey, version: 8.0.1}
changed_settings:
  description: Names of the settings that were (or in check mode would be) changed.
  returned: always
  type: list
  elements: str
restart_required:
  description: Settings that differ but cannot be changed at runtime.
  returned: always
  type: list
  elements: str
persisted:
  description: Whether C(CONFIG REWRITE) saved the changes.
  returned: always
  type: bool
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.redisops.ha.plugins.module_utils.connection import (
    check_redis_library, connect_from_params, connection_argument_spec, failures_reported,
    ImmutableSetting, KIND_REDIS, Secrets)
from ansible_collections.redisops.ha.plugins.module_utils.settings import differences, normalize


def main():
    argument_spec = connection_argument_spec()
    argument_spec.update(
        settings=dict(type='dict', default={}),
        secret_settings=dict(type='dict', default={}, no_log=True),
        persist=dict(type='bool', default=True),
    )
    module = AnsibleModule(argument_spec=argument_spec, supports_check_mode=True)
    check_redis_library(module)
    params = module.params
    secrets = Secrets(params['login_password'], *[str(v) for v in params['secret_settings'].values()])
    wanted = dict(params['settings'])
    wanted.update(params['secret_settings'])
    result = dict(changed=False, changed_settings=[], restart_required=[], persisted=False)
    with failures_reported(module, secrets):
        node = connect_from_params(params, KIND_REDIS, secrets)
        current = dict((name, node.config_get(name)) for name in wanted)
        differ = differences(wanted, current)
        if not module.check_mode:
            for name in differ:
                try:
                    node.call('CONFIG', 'SET', name, normalize(name, wanted[name]))
                except ImmutableSetting:
                    result['restart_required'].append(name)
                    continue
                if node.config_get(name) != current[name]:
                    result['changed_settings'].append(name)
            if result['changed_settings'] and params['persist']:
                node.call('CONFIG', 'REWRITE')
                result['persisted'] = True
        else:
            result['changed_settings'] = differ
        result['changed'] = bool(result['changed_settings'])
    result['server'] = node.server
    module.exit_json(**result)


if __name__ == '__main__':
    main()
