#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, redisops.ha contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: sentinel_config
short_description: Apply a monitored master's settings on a running Sentinel
version_added: 0.1.0
description:
  - Compares settings of O(master_name) with C(SENTINEL MASTER) on one Sentinel and changes only
    those that differ with C(SENTINEL SET), which Sentinel saves to its own file.
  - C(SENTINEL SET) acts on the one Sentinel it is sent to; run it for each Sentinel.
extends_documentation_fragment:
  - redisops.ha.connection
options:
  master_name:
    description:
      - Name under which the Sentinel monitors the primary.
    type: str
    default: mymaster
  settings:
    description:
      - Settings by Sentinel's names, for example C(down-after-milliseconds), C(failover-timeout),
        C(parallel-syncs), C(quorum).
    type: dict
    default: {}
  secret_settings:
    description:
      - Master settings whose value Sentinel never shows (C(auth-pass)). They cannot be compared,
        so they are always applied and reported as changed.
    type: dict
    default: {}
  global_settings:
    description:
      - Sentinel-wide settings (C(SENTINEL CONFIG GET/SET)), for example C(resolve-hostnames),
        C(announce-ip), C(sentinel-user).
    type: dict
    default: {}
  secret_global_settings:
    description:
      - Like O(global_settings), for values that must never be shown (C(sentinel-pass)).
    type: dict
    default: {}
  reset:
    description:
      - Run C(SENTINEL RESET) for O(master_name) after the settings, so that the Sentinel forgets
        replicas and Sentinels that are gone and rediscovers the others (within about 10 s).
        Reset Sentinels one at a time; always reported as changed.
    type: bool
    default: false
attributes:
  check_mode:
    support: full
    description: Reports which settings differ; changes nothing.
author:
  - redisops.ha maintainers (@redisops)
'''

EXAMPLES = r'''
- name: Detect a dead primary after 2 s
  redisops.ha.sentinel_config:
    login_host: 127.0.0.1
    login_password: "{{ sentinel_password }}"
    settings:
      down-after-milliseconds: 2000
      failover-timeout: 60000
      parallel-syncs: 1
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
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.redisops.ha.plugins.module_utils.connection import (
    check_redis_library, connect_from_params, connection_argument_spec, failures_reported,
    KIND_SENTINEL, NoSuchMaster, Secrets)
from ansible_collections.redisops.ha.plugins.module_utils.sentinel import (
    NoSuchMasterError, no_such_master_message, pairs_to_dict)
from ansible_collections.redisops.ha.plugins.module_utils.settings import differences, normalize


def main():
    argument_spec = connection_argument_spec()
    argument_spec.update(
        master_name=dict(type='str', default='mymaster'),
        settings=dict(type='dict', default={}),
        secret_settings=dict(type='dict', default={}, no_log=True),
        global_settings=dict(type='dict', default={}),
        secret_global_settings=dict(type='dict', default={}, no_log=True),
        reset=dict(type='bool', default=False),
    )
    module = AnsibleModule(argument_spec=argument_spec, supports_check_mode=True)
    check_redis_library(module)
    params = module.params
    secret_values = list(params['secret_settings'].values()) + list(params['secret_global_settings'].values())
    secrets = Secrets(params['login_password'], *[str(v) for v in secret_values])
    name = params['master_name']
    with failures_reported(module, secrets):
        node = connect_from_params(params, KIND_SENTINEL, secrets)
        try:
            current = pairs_to_dict(node.call('SENTINEL', 'MASTER', name))
        except NoSuchMaster:
            raise NoSuchMasterError(no_such_master_message(node, name))
        differ = differences(params['settings'], current) + sorted(params['secret_settings'])
        wanted_global = dict(params['global_settings'])
        wanted_global.update(params['secret_global_settings'])
        current_global = {}
        for key in wanted_global:
            reply = node.call('SENTINEL', 'CONFIG', 'GET', key)
            reply = pairs_to_dict(reply) if isinstance(reply, list) else reply
            current_global[key] = (reply or {}).get(key, '')
        differ_global = differences(wanted_global, current_global)
        if not module.check_mode:
            for key in differ:
                value = params['secret_settings'].get(key, params['settings'].get(key))
                node.call('SENTINEL', 'SET', name, key, normalize(key, value))
            # One parameter per call: Sentinel 7.0's SENTINEL CONFIG SET takes no more.
            for key in differ_global:
                node.call('SENTINEL', 'CONFIG', 'SET', key, normalize(key, wanted_global[key]))
        differ = differ + ['global:' + key for key in differ_global]
        if params['reset']:
            if not module.check_mode:
                node.call('SENTINEL', 'RESET', name)
            differ.append('reset')
    module.exit_json(changed=bool(differ), changed_settings=differ, server=node.server)


if __name__ == '__main__':
    main()
