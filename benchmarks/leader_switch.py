# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark: when each Sentinel starts naming the new primary after SENTINEL FAILOVER, on the
Docker lab - the leader's "last second" (issue 15.7).

Per run: every Sentinel's events are recorded (PSUBSCRIBE *) and every Sentinel is asked
SENTINEL GET-MASTER-ADDR-BY-NAME every 20 ms, then SENTINEL FAILOVER goes to the last Sentinel
(the leader sentinel_failover chooses). Reports, in ms after the request: the promotion
(+promoted-slave), the leader's +slave-reconf-sent and +slave-reconf-done for the other replica,
its +failover-end and +switch-master, when each Sentinel's answer changed, and the span from
reconf-sent to reconf-done (Sentinel's INFO poll of a replica being reconfigured runs once a
second). The medians over --runs. Needs a running lab (`make lab`); leaves it whole.

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

MASTER = 'mymaster'
LEADER_EVENTS = ('+promoted-slave', '+slave-reconf-sent', '+slave-reconf-done', '+failover-end', '+switch-master')


class Watch(threading.Thread):
    """One Sentinel: its events and the moment its answer for MASTER changed, in ms after t0."""

    def __init__(self, host, port, password, before):
        super(Watch, self).__init__(daemon=True)
        self.client = redis.Redis(host=host, port=port, password=password, socket_timeout=2, decode_responses=True)
        self.pubsub = self.client.pubsub()
        self.pubsub.psubscribe('*')
        self.before = before
        self.events = {}
        self.switched_ms = None
        self.t0 = None
        self.stopping = False

    def run(self):
        while not self.stopping:
            message = self.pubsub.get_message(timeout=0.02)
            now = time.time()
            if message and message['type'] == 'pmessage' and self.t0 is not None:
                self.events.setdefault(message['channel'], int((now - self.t0) * 1000))
            if self.t0 is not None and self.switched_ms is None:
                host, port = self.client.sentinel_get_master_addr_by_name(MASTER)
                if '%s:%s' % (host, port) != self.before:
                    self.switched_ms = int((time.time() - self.t0) * 1000)

    def stop(self):
        self.stopping = True
        self.join(5)
        self.pubsub.close()


def one_run(sentinels, password):
    before = wait_whole(sentinels, password)
    watches = [Watch(host, port, password, before) for host, port in sentinels]
    for watch in watches:
        watch.start()
    time.sleep(0.5)
    leader = watches[-1]
    t0 = time.time()
    for watch in watches:
        watch.t0 = t0
    leader.client.execute_command('SENTINEL', 'FAILOVER', MASTER)
    deadline = time.time() + 30
    while time.time() < deadline and not (all(w.switched_ms is not None for w in watches)
                                          and '+failover-end' in leader.events):
        time.sleep(0.05)
    for watch in watches:
        watch.stop()
    row = dict(('leader %s' % event, leader.events.get(event)) for event in LEADER_EVENTS)
    row['leader answer changed'] = leader.switched_ms
    row['others answer changed'] = max(w.switched_ms for w in watches[:-1] if w.switched_ms is not None)
    if row['leader +slave-reconf-sent'] is not None and row['leader +slave-reconf-done'] is not None:
        row['reconf-sent to reconf-done'] = row['leader +slave-reconf-done'] - row['leader +slave-reconf-sent']
    return row


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n', 1)[0])
    parser.add_argument('--runs', type=int, default=5)
    args = parser.parse_args()
    started = datetime.datetime.now(datetime.timezone.utc)
    _data_password, sentinel_password = lab_passwords()
    sentinels = [(address(name), 26379) for name in SENTINELS]
    rows = []
    for number in range(1, args.runs + 1):
        row = one_run(sentinels, sentinel_password)
        rows.append(row)
        print(json.dumps(dict(run=number, **row)), flush=True)
    wait_whole(sentinels, sentinel_password)
    medians = dict((key, statistics.median(row[key] for row in rows if row.get(key) is not None))
                   for key in rows[0] if any(row.get(key) is not None for row in rows))
    print(json.dumps(dict(started=started.isoformat(timespec='seconds'),
                          ended=datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds'),
                          runs=args.runs, medians_ms=medians,
                          ranges_ms=dict((key, [min(r[key] for r in rows if r.get(key) is not None),
                                                max(r[key] for r in rows if r.get(key) is not None)])
                                         for key in medians)), indent=1))


if __name__ == '__main__':
    main()
