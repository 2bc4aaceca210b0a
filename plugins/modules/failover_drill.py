#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, redisops.ha contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: failover_drill
short_description: Run a session-like client workload through Sentinel and measure a failover
version_added: 0.1.0
description:
  - Runs, for O(duration) seconds, a Sentinel-aware redis-py workload that behaves like an
    application keeping sessions in Redis - C(SET) with a TTL to open or renew a session, C(GET)
    to read one, C(DEL) to end one - at O(rate) operations per second, retrying a failed
    operation with capped exponential backoff as a careful application does.
  - Meanwhile it records every Sentinel's events about the master (C(+sdown), C(+odown),
    C(+try-failover), C(+elected-leader), C(+promoted-slave), C(+switch-master),
    C(+failover-end), ...) and PINGs the primary every 10 ms.
  - It does not cause the failure. The caller (playbooks/drill.yml) starts it with C(async),
    injects the failure, and writes O(failure_marker) just before. For O(failure=kill) and
    O(failure=stop) the failure time is the primary's last reply before it stopped answering;
    otherwise it is the marker's time.
  - After the run it waits until the Sentinels agree on a primary, reads back every key whose
    last acknowledged operation is known, deletes its keys, and writes into O(report_dir) the
    report (C(report.json)), the summary (C(summary.txt)) and the graph (C(graph.png)).
  - Each group of workers asks the Sentinels in a different order, so that some clients ask
    first the Sentinel that leads the failover.
  - It writes to the cluster. Keys are under O(key_prefix) and expire after O(session_ttl)
    even when the drill is interrupted.
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
      - The Sentinels, as C(host:port), in the order the applications list them.
        O(login_user) and O(login_password) authenticate to them.
    type: list
    elements: str
    required: true
  clients:
    description:
      - The client libraries the workload goes through, each with an equal share of O(rate).
      - C(python) is the session workload above (redis-py); it is always run.
      - C(ruby) (Debian's C(ruby-redis), redis-rb 4.8) and C(perl) (Debian's C(libredis-perl),
        Redis.pm 2.000) each run as a separate program on the host that runs the drill, writing
        unique keys (C(SET) with the session TTL) through the Sentinels and retrying any error
        after 10 ms, as an application would. Their recovery, errors and losses are reported
        per library, beside redis-py's, and drawn separately in the graph.
      - C(ruby) and C(perl) need C(ruby-redis) / C(libredis-perl) installed there, and no O(tls)
        (the drill's writers in those languages connect in plain text).
    type: list
    elements: str
    choices: [python, ruby, perl]
    default: [python]
  duration:
    description:
      - Seconds the workload runs.
    type: float
    default: 60
  rate:
    description:
      - Operations per second, all workers together (70 % reads, 30 % writes). The default
        leaves a margin above the 1000 operations per second the targets ask for.
    type: int
    default: 1100
  workers:
    description:
      - Client threads. Each keeps its own sessions; they share one connection pool per
        Sentinel order.
    type: int
    default: 9
  failure:
    description:
      - The failure the caller injects, which decides how the failure time is found and which
        targets apply. V(none) runs the workload without a failure (a baseline).
    type: str
    choices: [kill, stop, safe, force, none]
    default: none
  failure_marker:
    description:
      - "File the caller writes, as JSON C({\"kind\": ..., \"at\": <epoch seconds>}), when it
        injects the failure (for a manual failover: when writes were paused or the failover was
        asked for)."
      - When O(failure) is not V(none) and the file is still missing after O(duration), the
        workload goes on until it appears (at most O(settle_timeout) seconds), then 10 s more,
        so that a late failure is still measured.
    type: path
  until_file:
    description:
      - End the workload as soon as this file exists, before O(duration) has passed - a workload
        that covers a maintenance of unknown length (for example C(playbooks/restart.yml)), ended
        by the caller writing the file when the maintenance is over. O(duration) stays the limit.
      - The report's C(drill.duration_s) is then the time the workload ran.
    type: path
  report_dir:
    description:
      - Directory for C(report.json), C(summary.txt) and C(graph.png); created when missing.
    type: path
    required: true
  key_prefix:
    description:
      - Prefix of every key the drill writes.
    type: str
    default: redisops-drill
  session_ttl:
    description:
      - TTL in seconds of the session keys.
    type: int
    default: 3600
  op_timeout:
    description:
      - Seconds an operation is retried before it counts as failed.
    type: float
    default: 10
  retry_backoff_max:
    description:
      - Longest pause between two attempts of one operation, in seconds. The first pause is
        10 ms, doubled each time, with jitter.
    type: float
    default: 0.1
  client_timeout:
    description:
      - Socket timeout of the workload's connections, in seconds.
    type: float
    default: 0.5
  settle_timeout:
    description:
      - Seconds to wait after the run for the Sentinels to agree on a primary before the keys
        are checked.
    type: float
    default: 60
  keep_keys:
    description:
      - Leave the drill's keys in place (they still expire).
    type: bool
    default: false
  down_after_milliseconds:
    description:
      - The Sentinels' C(down-after-milliseconds), for the first-write target. Read from the
        first Sentinel when omitted.
    type: int
attributes:
  check_mode:
    support: full
    description: Checks that the Sentinels name a primary that answers, and writes nothing.
notes:
  - The targets are those of the project (docs/benchmarks.md) - after a kill or a stop, the first
    write within down-after plus 1.5 s; a safe failover loses nothing and stalls no client more
    than 2 s; error rate below 1 %, p99 below 500 ms outside the failover window, no session lost.
requirements:
  - matplotlib on the host that runs the module, for the graph (without it the graph is skipped
    with a warning)
author:
  - redisops.ha maintainers (@redisops)
'''

EXAMPLES = r'''
- name: Start the workload (the failure is injected while it runs)
  redisops.ha.failover_drill:
    sentinels: [10.0.0.21:26379, 10.0.0.22:26379, 10.0.0.23:26379]
    login_password: "{{ sentinel_password }}"
    redis_password: "{{ redis_password }}"
    duration: 60
    failure: kill
    failure_marker: /tmp/drill/failure.json
    report_dir: /tmp/drill
  async: 300
  poll: 0
  register: drill_job
'''

RETURN = r'''
report_path:
  description: The JSON report.
  returned: unless in check mode
  type: str
graph_path:
  description: The PNG graph, when matplotlib is available.
  returned: unless in check mode
  type: str
summary:
  description: The human summary, a line each, ending with the verdict.
  returned: unless in check mode
  type: list
  elements: str
verdict:
  description: C(all N targets met), or which targets were missed.
  returned: unless in check mode
  type: str
targets_met:
  description: Whether every applicable target was met.
  returned: unless in check mode
  type: bool
servers:
  description: The C(engine) (C(redis) or C(valkey)) and C(version) of the Sentinels and the primary
    the drill started on, by address.
  returned: unless in check mode
  type: dict
  sample: {"10.0.0.21:26379": {engine: redis, version: 7.0.15}}
primary:
  description: The primary when the drill started.
  returned: always
  type: str
report:
  description: The report without its per-second rows and timeline (those are in the file).
  returned: unless in check mode
  type: dict
'''

import json
import os

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.redisops.ha.plugins.module_utils.connection import (
    data_node_argument_spec, KIND_REDIS, check_redis_library, connect, connection_argument_spec, ConnectionOptions,
    failures_reported, format_endpoint, parse_endpoint, Secrets)
from ansible_collections.redisops.ha.plugins.module_utils.drill import Drill
from ansible_collections.redisops.ha.plugins.module_utils.drill_report import (
    build_report, render_graph, summary_lines)
from ansible_collections.redisops.ha.plugins.module_utils.sentinel import read_view


def _read_sentinels(endpoints, options, master_name, secrets):
    """down-after-milliseconds as the first Sentinel that answers has it, and every Sentinel's
    engine and version."""
    down_after, servers = None, {}
    for host, port in endpoints:
        view = read_view(host, port, options, master_name, secrets, with_ckquorum=False)
        if view.reachable:
            servers[view.address] = view.node.server
            if down_after is None and view.master.get('down-after-milliseconds'):
                down_after = int(view.master['down-after-milliseconds'])
    return down_after, servers


def main():
    argument_spec = connection_argument_spec()
    argument_spec.update(data_node_argument_spec())
    argument_spec.update(
        master_name=dict(type='str', default='mymaster'),
        sentinels=dict(type='list', elements='str', required=True),
        clients=dict(type='list', elements='str', choices=['python', 'ruby', 'perl'], default=['python']),
        duration=dict(type='float', default=60.0),
        rate=dict(type='int', default=1100),
        workers=dict(type='int', default=9),
        failure=dict(type='str', choices=['kill', 'stop', 'safe', 'force', 'none'], default='none'),
        failure_marker=dict(type='path'),
        until_file=dict(type='path'),
        report_dir=dict(type='path', required=True),
        key_prefix=dict(type='str', default='redisops-drill', no_log=False),
        session_ttl=dict(type='int', default=3600),
        op_timeout=dict(type='float', default=10.0),
        retry_backoff_max=dict(type='float', default=0.1),
        client_timeout=dict(type='float', default=0.5),
        settle_timeout=dict(type='float', default=60.0),
        keep_keys=dict(type='bool', default=False, no_log=False),
        down_after_milliseconds=dict(type='int'),
    )
    module = AnsibleModule(argument_spec=argument_spec, supports_check_mode=True)
    check_redis_library(module)
    params = module.params
    for name in ('duration', 'rate', 'workers', 'session_ttl', 'op_timeout', 'retry_backoff_max'):
        if params[name] <= 0:
            module.fail_json(msg='%s must be greater than 0 (got %s)' % (name, params[name]))
    if params['session_ttl'] < params['duration'] + params['settle_timeout']:
        module.fail_json(msg='session_ttl (%s s) must outlast the run and the settling (%s s), or '
                             'sessions expire during the drill and count as lost'
                         % (params['session_ttl'], params['duration'] + params['settle_timeout']))
    others = [client for client in dict.fromkeys(params['clients']) if client != 'python']
    if others and params['tls']:
        module.fail_json(msg='clients %s cannot be used with tls: the drill runs them in plain text; '
                             'use clients=[python] on a TLS cluster' % ', '.join(others))
    share = params['rate'] / float(1 + len(others))
    secrets = Secrets(params['login_password'], params['redis_password'])
    sentinel_options = ConnectionOptions.from_params(params)
    data_options = ConnectionOptions.from_params(params, 'redis_user', 'redis_password')
    with failures_reported(module, secrets):
        endpoints = [parse_endpoint(item, 26379) for item in params['sentinels']]
        config = dict(duration=params['duration'], rate=max(1, int(share)), workers=params['workers'],
                      writer_clients=others, writer_rate=share,
                      key_prefix='%s:%d' % (params['key_prefix'], os.getpid()),
                      session_ttl=params['session_ttl'], op_timeout=params['op_timeout'],
                      retry_backoff_base=0.01, retry_backoff_max=params['retry_backoff_max'],
                      backlog_limit=5.0, client_timeout=params['client_timeout'],
                      settle_timeout=params['settle_timeout'], keep_keys=params['keep_keys'],
                      failure_marker=params['failure_marker'], late_failure_tail=10.0,
                      until_file=params['until_file'],
                      expect_marker=bool(params['failure_marker']) and params['failure'] != 'none')
        drill = Drill(endpoints, sentinel_options, data_options, params['master_name'], config)
        host, port = drill.preflight()
        primary = format_endpoint(host, port)
        if module.check_mode:
            module.exit_json(changed=False, primary=primary,
                             msg='would run %s ops/s for %s s against %s' % (params['rate'], params['duration'], primary))
        down_after, servers = _read_sentinels(endpoints, sentinel_options, params['master_name'], secrets)
        down_after = params['down_after_milliseconds'] or down_after
        primary_node = connect(host, port, KIND_REDIS, data_options, secrets)
        servers[primary_node.address] = primary_node.server
        primary_node.close()
        raw = drill.run()

    ran = round(min(params['duration'], raw['workload_ended'] - raw['started']), 1)
    report = build_report(raw, params['failure'], params['rate'], ran, down_after)
    lines = summary_lines(report)
    report_dir = params['report_dir']
    if not os.path.isdir(report_dir):
        os.makedirs(report_dir, 0o750)
    report_path = os.path.join(report_dir, 'report.json')
    with open(report_path, 'w') as handle:
        json.dump(report, handle, indent=1, sort_keys=True)
    with open(os.path.join(report_dir, 'summary.txt'), 'w') as handle:
        handle.write('\n'.join(lines) + '\n')
    graph_path = os.path.join(report_dir, 'graph.png')
    warnings = []
    if not render_graph(report, graph_path):
        graph_path = None
        warnings.append('graph not written: matplotlib is not installed where the drill runs')
    brief = dict((key, value) for key, value in report.items() if key != 'per_second')
    brief['sentinel'] = dict((key, value) for key, value in report['sentinel'].items() if key != 'timeline')
    module.exit_json(changed=True, primary=primary, servers=servers, report_path=report_path, graph_path=graph_path,
                     summary=lines, verdict=report['verdict'],
                     targets_met=all(t['met'] is not False for t in report['targets']),
                     report=brief, warnings=warnings)


if __name__ == '__main__':
    main()
