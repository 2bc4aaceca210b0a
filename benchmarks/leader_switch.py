# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark: when each Sentinel starts naming the new primary after SENTINEL FAILOVER, on the
Docker lab - the leader's "last second" (issue 15.7).

Per run: every Sentinel's events are recorded (PSUBSCRIBE *) and every Sentinel is asked, every
10 ms, both SENTINEL GET-MASTER-ADDR-BY-NAME (what most client libraries ask) and SENTINEL
MASTER (the reply redis-py's discovery reads, like SENTINEL MASTERS). Writes are paused on the
primary (CLIENT PAUSE WRITE, as the safe failover does, so that the other replica resyncs
partially), then SENTINEL FAILOVER goes to the last Sentinel (the leader sentinel_failover
chooses). Two ways of choosing the moment, interleaved run by run:

  now        at once;
  aligned    as sentinel_failover does (module_utils/failover.py, aligned_start): when the
             leader last polled one replica 0.65-0.75 s ago (its next poll then comes just after
             the promotion) and the other over 1.05 s ago (that one gets replica-priority 0
             until the end of the run, which the leader sees as it polls it again at the
             start), or both 0.65-0.75 s ago.

Also recorded: how long ago the leader last polled each replica when the failover started (its
next poll of the other replica, 1 s after the last once a failover runs, is what the leader's
+failover-end waits for).

Reports, in ms after the request: the promotion (+promoted-slave), the leader's
+slave-reconf-sent / +slave-reconf-done for the other replica and +failover-end, when each
Sentinel's two answers changed. Medians per way over --runs each. Needs a running lab
(`make lab`); leaves it whole.

    .venv/bin/python benchmarks/leader_switch.py --runs 5        (from the repository root)
"""

from __future__ import absolute_import, division, print_function

import argparse
import datetime
import json
import os
import statistics
import sys
import threading
import time

from lab_env import ROOT, lab_passwords
from client_matrix_lab import SENTINELS, address, wait_whole

sys.path.insert(0, os.path.join(ROOT, '.collections'))

import redis  # noqa: E402 pylint: disable=wrong-import-position
from ansible_collections.redisops.ha.plugins.module_utils.failover import (  # noqa: E402 pylint: disable=wrong-import-position
    align_sleep, aligned_start, info_age)

MASTER = 'mymaster'
LEADER_EVENTS = ('+promoted-slave', '+slave-reconf-sent', '+slave-reconf-done', '+failover-end')
WAYS = ('now', 'aligned')


class Watch(threading.Thread):
    """One Sentinel: its events and the moments its two answers changed, in ms after t0."""

    def __init__(self, host, port, password, before):
        super(Watch, self).__init__(daemon=True)
        self.client = redis.Redis(host=host, port=port, password=password, socket_timeout=2, decode_responses=True)
        self.pubsub = self.client.pubsub()
        self.pubsub.psubscribe('*')
        self.before = before
        self.events = {}
        self.data = {}
        self.addr_ms = None
        self.master_ms = None
        self.t0 = None
        self.stopping = False

    def _ms(self):
        return int((time.time() - self.t0) * 1000)

    def run(self):
        while not self.stopping:
            message = self.pubsub.get_message(timeout=0.01)
            if message and message['type'] == 'pmessage' and self.t0 is not None:
                self.events.setdefault(message['channel'], self._ms())
                self.data.setdefault(message['channel'], message['data'])
            if self.t0 is None:
                continue
            if self.addr_ms is None:
                host, port = self.client.sentinel_get_master_addr_by_name(MASTER)
                if '%s:%s' % (host, port) != self.before:
                    self.addr_ms = self._ms()
            if self.master_ms is None:
                state = self.client.sentinel_master(MASTER)
                if '%s:%s' % (state['ip'], state['port']) != self.before:
                    self.master_ms = self._ms()

    def stop(self):
        self.stopping = True
        self.join(5)
        self.pubsub.close()


def wait_for_moment(leader, way, give_up_s=30):
    """Wait for the moment `way` asks for: (the aligned entries or None, the other entries)."""
    deadline = time.time() + give_up_s
    while True:
        entries = leader.sentinel_slaves(MASTER)
        start = aligned_start(entries)
        if way == 'now':
            return None, entries
        if start or time.time() > deadline:
            return start or (None, entries)
        time.sleep(align_sleep(entries))


def one_run(sentinels, sentinel_password, data_password, way):
    before = wait_whole(sentinels, sentinel_password)
    primary_host, primary_port = before.rsplit(':', 1)
    primary = redis.Redis(host=primary_host, port=int(primary_port), password=data_password, socket_timeout=2)
    watches = [Watch(host, port, sentinel_password, before) for host, port in sentinels]
    for watch in watches:
        watch.start()
    leader = watches[-1]
    time.sleep(0.5)
    aligned, others = wait_for_moment(leader.client, way)
    demoted = [redis.Redis(host=e['ip'], port=e['port'], password=data_password) for e in others] if aligned else []
    originals = [node.config_get('replica-priority')['replica-priority'] for node in demoted]
    for node in demoted:
        node.config_set('replica-priority', 0)
    primary.execute_command('CLIENT', 'PAUSE', '5000', 'WRITE')
    t0 = time.time()
    for watch in watches:
        watch.t0 = t0
    leader.client.execute_command('SENTINEL', 'FAILOVER', MASTER)
    deadline = time.time() + 30
    while time.time() < deadline and not (all(w.addr_ms is not None and w.master_ms is not None for w in watches)
                                          and '+failover-end' in leader.events):
        time.sleep(0.05)
    for watch in watches:
        watch.stop()
    primary.execute_command('CLIENT', 'UNPAUSE')
    for node, original in zip(demoted, originals):
        node.config_set('replica-priority', original)
    promoted = (leader.data.get('+promoted-slave') or '').split(' ')
    row = dict(way=way, aligned=aligned is not None,
               promoted_an_aligned=bool(aligned) and len(promoted) > 2 and promoted[2] in [e['ip'] for e in aligned],
               ages_at_start_ms=[int(info_age(e) * 1000) for e in (aligned or []) + others])
    row.update(('leader %s' % event, leader.events.get(event)) for event in LEADER_EVENTS)
    row['leader GET-MASTER-ADDR-BY-NAME changed'] = leader.addr_ms
    row['leader SENTINEL MASTER changed'] = leader.master_ms
    others = watches[:-1]
    row['others GET-MASTER-ADDR-BY-NAME changed'] = max(w.addr_ms or 0 for w in others)
    row['others SENTINEL MASTER changed'] = max(w.master_ms or 0 for w in others)
    if row['leader +slave-reconf-sent'] is not None and row['leader +slave-reconf-done'] is not None:
        row['reconf-sent to reconf-done'] = row['leader +slave-reconf-done'] - row['leader +slave-reconf-sent']
    return row


def summarize(rows):
    summary = {}
    for way in WAYS:
        mine = [r for r in rows if r['way'] == way]
        keys = [k for k in mine[0] if isinstance(mine[0][k], int) and not isinstance(mine[0][k], bool)] if mine else []
        summary[way] = dict((key, dict(median=statistics.median(r[key] for r in mine if r.get(key) is not None),
                                       range=[min(r[key] for r in mine if r.get(key) is not None),
                                              max(r[key] for r in mine if r.get(key) is not None)]))
                            for key in keys if any(r.get(key) is not None for r in mine))
    return summary


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n', 1)[0])
    parser.add_argument('--runs', type=int, default=5, help='runs per way')
    args = parser.parse_args()
    started = datetime.datetime.now(datetime.timezone.utc)
    data_password, sentinel_password = lab_passwords()
    sentinels = [(address(name), 26379) for name in SENTINELS]
    rows = []
    for number in range(args.runs):
        for way in WAYS:
            row = one_run(sentinels, sentinel_password, data_password, way)
            rows.append(row)
            print(json.dumps(dict(run=number + 1, **row)), flush=True)
    wait_whole(sentinels, sentinel_password)
    print(json.dumps(dict(started=started.isoformat(timespec='seconds'),
                          ended=datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds'),
                          runs_per_way=args.runs, ms=summarize(rows)), indent=1))


if __name__ == '__main__':
    main()
