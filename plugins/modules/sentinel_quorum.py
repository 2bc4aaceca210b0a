#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, redisops.ha contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: sentinel_quorum
short_description: Check that Sentinels can fail over a master, and set their quorum
version_added: 0.1.0
description:
  - Asks one Sentinel, or every Sentinel in O(sentinels), about O(master_name) with
    C(SENTINEL CKQUORUM), C(SENTINEL MASTER) and C(SENTINEL GET-MASTER-ADDR-BY-NAME).
  - Fails with the text of C(CKQUORUM) when quorum or failover authorization cannot be
    reached, unless O(fail_on_noquorum=false).
  - Fails when the Sentinels name different primaries, unless O(require_agreement=false).
  - With O(quorum), makes every listed Sentinel use that quorum (C(SENTINEL SET)).
extends_documentation_fragment:
  - redisops.ha.connection
options:
  master_name:
    description:
      - Name under which the Sentinels monitor the primary.
    type: str
    default: mymaster
  sentinels:
    description:
      - Sentinels to ask, as C(host:port) (port defaults to 26379). When omitted, only the
        Sentinel at O(login_host) and O(login_port) is asked.
      - Every Sentinel is reached with the same login options.
    type: list
    elements: str
  quorum:
    description:
      - Make every listed Sentinel use this quorum. Changed only when one differed.
      - Must be at least 1 and no more than the number of Sentinels monitoring the master.
    type: int
  fail_on_noquorum:
    description:
      - Fail when C(CKQUORUM) says quorum or failover authorization cannot be reached.
    type: bool
    default: true
  require_agreement:
    description:
      - Fail when the reachable Sentinels do not all name the same primary.
    type: bool
    default: true
attributes:
  check_mode:
    support: full
    description: With O(quorum), reports whether it would change and changes nothing.
author:
  - redisops.ha maintainers (@redisops)
'''

EXAMPLES = r'''
- name: Check the Sentinels before changing the cluster
  redisops.ha.sentinel_quorum:
    sentinels:
      - 10.0.0.21:26379
      - 10.0.0.22:26379
      - 10.0.0.23:26379
    login_password: "{{ sentinel_password }}"
    master_name: mymaster
  register: sentinel_state

- name: Use quorum 2 everywhere
  redisops.ha.sentinel_quorum:
    sentinels: "{{ groups['sentinels'] | map('regex_replace', '$', ':26379') | list }}"
    login_password: "{{ sentinel_password }}"
    quorum: 2

- name: Report without failing when quorum is lost
  redisops.ha.sentinel_quorum:
    login_host: 10.0.0.21
    login_password: "{{ sentinel_password }}"
    fail_on_noquorum: false
  register: health
'''

RETURN = r'''
ok:
  description: Every reachable Sentinel says quorum and failover authorization can be reached.
  returned: always
  type: bool
  sample: true
message:
  description: The C(CKQUORUM) reply, from the first Sentinel that failed it, else the first.
  returned: always
  type: str
  sample: OK 3 usable Sentinels. Quorum and failover authorization can be reached
quorum:
  description: The quorum the (first reachable) Sentinel uses.
  returned: always
  type: int
  sample: 2
usable_sentinels:
  description: Usable Sentinels according to C(CKQUORUM).
  returned: always
  type: int
  sample: 3
num_other_sentinels:
  description: Other Sentinels the first reachable Sentinel knows.
  returned: always
  type: int
  sample: 2
num_replicas:
  description: Replicas the first reachable Sentinel knows.
  returned: always
  type: int
  sample: 2
primary:
  description: The primary as host:port, when the reachable Sentinels agree.
  returned: always
  type: str
  sample: 10.0.0.11:6379
agree:
  description: Every reachable Sentinel names the same primary.
  returned: always
  type: bool
failover_in_progress:
  description: The Sentinels that report a failover of the master under way.
  returned: success
  type: list
  elements: str
unreachable_sentinels:
  description: Sentinels that did not answer.
  returned: always
  type: list
  elements: str
quorum_changed_on:
  description: Sentinels whose quorum was (or in check mode would be) changed.
  returned: always
  type: list
  elements: str
sentinels:
  description: What each Sentinel said.
  returned: always
  type: list
  elements: dict
  contains:
    address:
      description: The Sentinel, host:port.
      type: str
    reachable:
      description: Whether it answered.
      type: bool
    error:
      description: Why it did not answer.
      type: str
    primary:
      description: The primary it names.
      type: str
    flags:
      description: Its flags for the master (C(master), C(s_down), C(o_down), C(failover_in_progress)...).
      type: list
      elements: str
    config_epoch:
      description: The master's configuration epoch it knows.
      type: int
    quorum:
      description: Its quorum.
      type: int
    num_other_sentinels:
      description: Other Sentinels it knows.
      type: int
    num_replicas:
      description: Replicas it knows.
      type: int
    ckquorum_ok:
      description: Its C(CKQUORUM) verdict.
      type: bool
    ckquorum_message:
      description: Its C(CKQUORUM) text.
      type: str
    server:
      description: The Sentinel's C(engine) (C(redis) or C(valkey)) and C(version); null when it
        did not answer.
      type: dict
      sample: {engine: valkey, version: 8.0.1}
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.redisops.ha.plugins.module_utils.connection import (
    check_redis_library, connection_argument_spec, ConnectionOptions, failures_reported, Secrets)
from ansible_collections.redisops.ha.plugins.module_utils.discovery import summarize_views
from ansible_collections.redisops.ha.plugins.module_utils.sentinel import (
    disagreement_message, read_views, sentinel_endpoints)


def set_quorum(module, views, wanted):
    unreachable = [v for v in views if not v.reachable]
    if unreachable:
        module.fail_json(msg='cannot set quorum %d: Sentinel(s) %s did not answer; nothing was changed'
                         % (wanted, '; '.join('%s (%s)' % (v.address, v.error) for v in unreachable)))
    total = max(int(v.master.get('num-other-sentinels', 0)) + 1 for v in views)
    if wanted < 1 or wanted > total:
        module.fail_json(msg='quorum %d is impossible with %d Sentinel(s) monitoring %s: use 1 to %d '
                         '(a majority, %d, is the usual choice); nothing was changed'
                         % (wanted, total, module.params['master_name'], total, total // 2 + 1))
    differ = [v for v in views if int(v.master.get('quorum', 0)) != wanted]
    if not module.check_mode:
        for view in differ:
            view.node.call('SENTINEL', 'SET', module.params['master_name'], 'quorum', str(wanted))
    return [v.address for v in differ]


def main():
    argument_spec = connection_argument_spec()
    argument_spec.update(
        master_name=dict(type='str', default='mymaster'),
        sentinels=dict(type='list', elements='str'),
        quorum=dict(type='int'),
        fail_on_noquorum=dict(type='bool', default=True),
        require_agreement=dict(type='bool', default=True),
    )
    module = AnsibleModule(argument_spec=argument_spec, supports_check_mode=True)
    check_redis_library(module)
    params = module.params
    secrets = Secrets(params['login_password'])
    options = ConnectionOptions.from_params(params)
    with failures_reported(module, secrets):
        endpoints = sentinel_endpoints(params)
        views = read_views(endpoints, options, params['master_name'], secrets)
        if not any(v.reachable for v in views):
            module.fail_json(msg='no Sentinel answered: %s' % '; '.join(
                '%s: %s' % (v.address, v.error) for v in views), sentinels=[v.as_dict() for v in views])
        changed_on = []
        if params['quorum'] is not None:
            changed_on = set_quorum(module, views, params['quorum'])
            if changed_on and not module.check_mode:
                views = read_views(endpoints, options, params['master_name'], secrets)
        result = summarize_views(views)
        result.update(changed=bool(changed_on), quorum_changed_on=changed_on)
        if params['quorum'] is not None and module.check_mode:
            result['quorum'] = params['quorum']
    if params['require_agreement'] and not result['agree']:
        result['msg'] = disagreement_message(views, params['master_name'])
        module.fail_json(**result)
    if params['fail_on_noquorum'] and not result['ok']:
        result['msg'] = "Sentinels cannot fail over '%s': %s" % (params['master_name'], result['message'])
        module.fail_json(**result)
    module.exit_json(**result)


if __name__ == '__main__':
    main()
