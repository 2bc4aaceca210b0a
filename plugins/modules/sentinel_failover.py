#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, redisops.ha contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: sentinel_failover
short_description: Switch the primary of a Sentinel-monitored master, without losing writes
version_added: 0.1.0
description:
  - Switches the primary of O(master_name) through Sentinel and returns only when every
    reachable Sentinel names the new primary and that node reports C(role:master).
  - "O(mode=safe) (the default) loses no acknowledged write: it pauses writes on the current
    primary (C(CLIENT PAUSE WRITE)), waits until every replica Sentinel may promote holds the
    primary's whole replication stream, runs C(SENTINEL FAILOVER), makes the old primary a
    replica of the new one while it is still paused, and only then lets writes flow again.
    Clients whose writes were held get C(READONLY)."
  - "What it does to client connections (safe mode): once every reachable Sentinel names the new
    primary, it closes the old primary's client connections (C(CLIENT KILL TYPE normal) and
    C(CLIENT KILL TYPE pubsub)), exactly as Sentinel does on every node it reconfigures. Every
    Sentinel-aware library reconnects on a closed connection and asks the Sentinels again; many
    (redis-rb, Redis.pm and others) do not on C(READONLY), and would otherwise keep writing to the
    demoted node until restarted. Replication links and the module's own connection stay open.
    Read-only clients of the old primary (now a replica) reconnect too. Waiting for the Sentinels
    first means a client that reconnects is told the new address; until then (about 0.2-1 s)
    clients of the old primary get C(READONLY) and should retry. With O(redis_user), that user
    needs C(+client|kill) as well as C(+client|pause), C(+client|unpause), C(+replicaof),
    C(+info), C(+config)."
  - O(mode=auto) is what an operator wants at 3 a.m. - safe when the primary answers, force when it
    is down.
  - O(mode=force) is a plain C(SENTINEL FAILOVER). The old primary keeps accepting writes until
    Sentinel demotes it, and those writes are lost. Use it only when the primary is unreachable.
  - Before acting it asks every Sentinel (those listed, plus the peers they know) and requires
    that they agree on the primary and that no failover is running.
  - On any error or timeout it lets writes flow again, never leaves two primaries, restores
    replica priorities, fails, and reports the state the cluster is in.
extends_documentation_fragment:
  - redisops.ha.connection
  - redisops.ha.connection.data_nodes
options:
  master_name:
    description:
      - Name under which the Sentinels monitor the primary.
    type: str
    default: mymaster
  sentinels:
    description:
      - Sentinels to ask, as C(host:port) (port defaults to 26379). The peers they know are
        asked too. When omitted, the Sentinel at O(login_host) and O(login_port) and its
        peers are used.
      - C(SENTINEL FAILOVER) is sent to the last one that answers (it changes its own answer last, and
        applications usually ask the first of the same list).
    type: list
    elements: str
  mode:
    description:
      - V(safe) loses no acknowledged write; V(force) is a bare C(SENTINEL FAILOVER).
      - V(auto) asks the primary the Sentinels name first - safe when it answers as a primary,
        force when it does not answer (there is nothing to pause then); refused when it answers
        in another role (Sentinel is settling). C(steps) says which mode it chose and why.
      - V(safe) refuses when the primary does not answer.
    type: str
    choices: [auto, safe, force]
    default: safe
  target:
    description:
      - The replica to promote, as C(host:port) as the Sentinels know it.
      - Sentinel still makes the choice; the other replicas get C(replica-priority 0) until the
        failover is done, then their priority is restored (and saved with C(CONFIG REWRITE)).
        Sentinel notices the change at its next C(INFO) poll, so this adds up to about 10 s
        before writes are paused.
      - When the target already is the primary nothing happens and C(changed) is false.
    type: str
  timeout:
    description:
      - Seconds the whole operation may take.
    type: float
    default: 30
  catchup_timeout:
    description:
      - In safe mode, seconds writes may stay paused while the replicas catch up. When they do
        not, writes resume and no failover is started.
    type: float
    default: 5
  align_with_sentinel:
    description:
      - In safe mode, start when the leading Sentinel's next C(INFO) poll of one candidate
        will come just after the promotion, and the other candidates were polled over a second
        ago. Sentinel notices a promotion only at that poll (once a second during a failover);
        started at a random moment the switch, and so the clients' wait, takes about 0.7 s
        longer.
      - The other candidates get replica-priority 0 until the failover ends (Sentinel polls them
        again as it starts, before it chooses), so that Sentinel promotes the aligned one.
      - Waits before writes are paused, up to one 10 s C(INFO) period; then starts anyway.
    type: bool
    default: true
attributes:
  check_mode:
    support: full
    description: Reports the current primary and what it would do; changes nothing.
author:
  - redisops.ha maintainers (@redisops)
'''

EXAMPLES = r'''
- name: Planned failover, no acknowledged write lost
  redisops.ha.sentinel_failover:
    sentinels:
      - 10.0.0.21:26379
      - 10.0.0.22:26379
      - 10.0.0.23:26379
    login_password: "{{ sentinel_password }}"
    redis_password: "{{ redis_password }}"
  register: switch

- name: Promote one replica in particular
  redisops.ha.sentinel_failover:
    login_host: 10.0.0.21
    login_password: "{{ sentinel_password }}"
    redis_password: "{{ redis_password }}"
    target: 10.0.0.12:6379

- name: Set the login options once for every module
  module_defaults:
    group/redisops.ha.all:
      login_password: "{{ sentinel_password }}"
  block:
    - name: Switch anyway, the primary is down for good
      redisops.ha.sentinel_failover:
        login_host: 10.0.0.21
        mode: force
'''

RETURN = r'''
old_primary:
  description: The primary before the failover, host:port.
  returned: always
  type: str
  sample: 10.0.0.11:6379
new_primary:
  description: The primary afterwards (in check mode the target, when given).
  returned: always
  type: str
  sample: 10.0.0.12:6379
target:
  description: The requested target.
  returned: always
  type: str
mode:
  description: The mode used, C(safe) or C(force) (with O(mode=auto), the one chosen).
  returned: always
  type: str
requested_mode:
  description: The O(mode) asked for.
  returned: always
  type: str
primary_answered:
  description: Whether the primary the Sentinels named answered before the failover; null in force
    mode, which does not ask it.
  returned: always
  type: bool
primary_error:
  description: Why the primary did not answer (host:port and the error), or null.
  returned: always
  type: str
after:
  description: What the Sentinels say at the end, as M(redisops.ha.sentinel_quorum) returns it
    (C(primary), C(agree), C(ok), C(message), C(num_replicas), C(sentinels)...); in check mode, what
    they say now.
  returned: always
  type: dict
elapsed_ms:
  description: Time the module took, in milliseconds.
  returned: always
  type: int
servers:
  description: The C(engine) (C(redis) or C(valkey)) and C(version) of every Sentinel and data node
    the module read, by address.
  returned: always
  type: dict
  sample: {"10.0.0.21:26379": {engine: valkey, version: 8.0.1}, "10.0.0.11:6379": {engine: valkey, version: 8.0.1}}
disconnected_clients:
  description: How many client connections of the old primary were closed so that the clients
    ask the Sentinels again (safe mode; null in force mode, where Sentinel does it itself).
  returned: always
  type: int
write_pause_ms:
  description: How long writes were paused on the old primary (0 in force mode).
  returned: always
  type: int
writes_paused_at:
  description: When writes were paused on the old primary (safe mode), in seconds since the epoch
    on the host that ran the module; null when they were not.
  returned: always
  type: float
failover_requested_at:
  description: When C(SENTINEL FAILOVER) was sent, in seconds since the epoch on the host that ran
    the module; null when it was not.
  returned: always
  type: float
events:
  description: Sentinel events about the master seen during the run.
  returned: always
  type: list
  elements: dict
  contains:
    t_ms:
      description: Milliseconds since the module started.
      type: int
    sentinel:
      description: The Sentinel that published it.
      type: str
    event:
      description: The event, e.g. C(+switch-master).
      type: str
    detail:
      description: The event's text.
      type: str
steps:
  description: What was done, with times, in order.
  returned: always
  type: list
  elements: str
sentinels_name:
  description: The primary each reachable Sentinel names at the end.
  returned: always
  type: dict
old_primary_role:
  description: Role the old primary reports at the end (safe mode).
  returned: when the old primary was reached
  type: str
old_primary_replicates:
  description: The primary the old primary replicates from at the end.
  returned: when the old primary was reached
  type: str
'''

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.redisops.ha.plugins.module_utils.connection import (
    data_node_argument_spec, check_redis_library, connection_argument_spec, ConnectionOptions, failures_reported, Secrets)
from ansible_collections.redisops.ha.plugins.module_utils.failover import Failover, FailoverRequest
from ansible_collections.redisops.ha.plugins.module_utils.sentinel import sentinel_endpoints


def main():
    argument_spec = connection_argument_spec()
    argument_spec.update(data_node_argument_spec())
    argument_spec.update(
        master_name=dict(type='str', default='mymaster'),
        sentinels=dict(type='list', elements='str'),
        mode=dict(type='str', choices=['auto', 'safe', 'force'], default='safe'),
        target=dict(type='str'),
        timeout=dict(type='float', default=30.0),
        catchup_timeout=dict(type='float', default=5.0),
        align_with_sentinel=dict(type='bool', default=True),
    )
    module = AnsibleModule(argument_spec=argument_spec, supports_check_mode=True)
    check_redis_library(module)
    params = module.params
    secrets = Secrets(params['login_password'], params['redis_password'])
    sentinel_options = ConnectionOptions.from_params(params)
    data_options = ConnectionOptions.from_params(params, 'redis_user', 'redis_password')
    with failures_reported(module, secrets):
        request = FailoverRequest(mode=params['mode'], target=params['target'], timeout=params['timeout'],
                                  catchup_timeout=params['catchup_timeout'], check_mode=module.check_mode,
                                  align_polls=params['align_with_sentinel'])
        failover = Failover(sentinel_endpoints(params), sentinel_options, data_options,
                            params['master_name'], secrets, request)
        result = failover.run()
    module.exit_json(**result)


if __name__ == '__main__':
    main()
