# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""One failure under writers in several client libraries (python, ruby, perl), and what each
library lived through: acknowledged writes lost (key by key on the final primary), errors, the
longest gap between acknowledged writes, and the time from the switch (the first +switch-master
any Sentinel publishes) and from the failure to that client's first write that was kept.

Usage: client_matrix.py [--clients python,ruby,perl] [--rate N] [--settle S] [--tls-ca FILE]
                        SENTINEL... -- ACTION ARGV...
SENTINEL is host:port; the data and the Sentinel passwords come on stdin, one per line. ACTION is
the failure: a command run while the clients write (e.g. ansible-playbook failover.yml, or
docker exec <primary> pkill -9 -x redis-server). Prints one JSON object; exits 1 if the action
failed or no switch was seen.
"""

from __future__ import absolute_import, division, print_function

import argparse
import json
import os
import re
import subprocess
import sys
import threading
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
sys.path.insert(0, os.path.join(ROOT, '.collections'))

import redis  # noqa: E402 pylint: disable=wrong-import-position
from redis.sentinel import Sentinel  # noqa: E402 pylint: disable=wrong-import-position

from ansible_collections.redisops.ha.plugins.module_utils.client_writers import (  # noqa: E402 pylint: disable=wrong-import-position
    CLIENTS, ClientWriter, kept_keys, summarize)

MASTER_NAME = 'mymaster'
ANSI_CODES = re.compile(r'\x1b\[[0-9;]*m')


class SwitchWatcher:
    """The first +switch-master any Sentinel publishes, with its time."""

    def __init__(self, sentinels, password):
        self.switch_at = None
        self.detail = None
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._watch, args=(host, port, password), daemon=True)
                         for host, port in sentinels]
        for thread in self._threads:
            thread.start()

    def _watch(self, host, port, password):
        # A Sentinel restarted under way (a migration moves them one at a time) is subscribed again.
        while not self._stop.is_set():
            try:
                pubsub = redis.Redis(host=host, port=port, password=password, socket_timeout=0.5,
                                     decode_responses=True).pubsub(ignore_subscribe_messages=True)
                pubsub.subscribe('+switch-master')
                while not self._stop.is_set():
                    message = pubsub.get_message(timeout=0.2)
                    if message and self.switch_at is None:
                        self.switch_at = time.time()
                        self.detail = '%s:%s %s' % (host, port, message['data'])
            except (redis.RedisError, OSError):
                time.sleep(0.5)  # down for now: the others publish meanwhile

    def wait(self, timeout):
        deadline = time.time() + timeout
        while self.switch_at is None and time.time() < deadline:
            time.sleep(0.05)
        return self.switch_at

    def stop(self):
        self._stop.set()


def run_action(action):
    """Run the failure's action; return (rc, output, steps): steps are the moments its playbook
    began each play and task, as the lines arrive (they explain a client's longest gap)."""
    proc = subprocess.Popen(action, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT)
    lines, steps = [], []
    for line in proc.stdout:
        lines.append(line)
        plain = ANSI_CODES.sub('', line)  # Molecule forces colour on
        if plain.startswith(('TASK [', 'PLAY [', 'RUNNING HANDLER [')):
            steps.append((time.time(), plain.rstrip(' *\n')))
    return proc.wait(), ''.join(lines), steps


def gap_detail(gap):
    if not gap:
        return ''
    return ' (from +%s s, during %s)' % (gap['from_s'], '; '.join(gap['steps']) or 'the first step')


def main():
    args = sys.argv[1:]
    action = args[args.index('--') + 1:] if '--' in args else []
    parser = argparse.ArgumentParser()
    parser.add_argument('--clients', default=','.join(CLIENTS))
    parser.add_argument('--rate', type=float, default=200, help='writes per second per client')
    parser.add_argument('--settle', type=float, default=6, help='seconds of writing after the switch')
    parser.add_argument('sentinels', nargs='+')
    options = parser.parse_args(args[:args.index('--')] if '--' in args else args)
    data_password = sys.stdin.readline().rstrip('\n')
    sentinel_password = sys.stdin.readline().rstrip('\n')
    sentinels = [(host, int(port)) for host, port in (a.rsplit(':', 1) for a in options.sentinels)]

    prefix = 'matrix-%d' % (time.time() * 1000)
    writers = [ClientWriter(client, sentinels, MASTER_NAME, data_password, sentinel_password,
                            prefix='%s:%s' % (prefix, client), rate=options.rate).start()
               for client in options.clients.split(',')]
    watcher = SwitchWatcher(sentinels, sentinel_password)
    time.sleep(2)
    failure_at = time.time()
    action_rc, action_output, steps = run_action(action)
    action_s = time.time() - failure_at
    switch_at = watcher.wait(30)
    time.sleep(options.settle)
    watcher.stop()
    ended_at = time.time()
    logs = [(writer, writer.stop()) for writer in writers]

    sentinel = Sentinel(sentinels, sentinel_kwargs={'password': sentinel_password})
    primary = sentinel.master_for(MASTER_NAME, password=data_password, decode_responses=True)
    clients = {}
    for writer, (acks, errors) in logs:
        kept = kept_keys(primary, writer.keys(acks))
        clients[writer.client] = summarize(writer.client, acks, errors, kept, switch_at, failure_at, ended_at, steps)
    report = dict(action_rc=action_rc, action_s=round(action_s, 2),
                  switch_after_failure_s=round(switch_at - failure_at, 3) if switch_at else None,
                  switch=watcher.detail, primary='%s:%s' % sentinel.discover_master(MASTER_NAME),
                  clients=clients)
    report['table'] = ['%-6s first write %s s after the switch (first kept %s s), longest gap %s s%s, %d errors, '
                       '%s of %d acknowledged writes lost'
                       % (name, row.get('first_write_after_switch_s'), row.get('first_kept_write_after_switch_s'),
                          row['longest_gap_s'], gap_detail(row.get('longest_gap')), row['errors'], row['lost'], row['acked'])
                       for name, row in clients.items()]
    if action_rc != 0:
        report['action_output'] = action_output[-4000:]
    print(json.dumps(report))
    return 0 if action_rc == 0 and switch_at else 1


if __name__ == '__main__':
    sys.exit(main())
