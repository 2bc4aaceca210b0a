# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Rotate the data password, then the Sentinel password, with playbooks/rotate_password.yml while
a Sentinel-aware client writes (switching to the new password when the old one is refused, as an
application re-reading its secret does) and every Sentinel's events are recorded.

Usage: rotate_under_writes.py INVENTORY SENTINEL...   (host:port)
stdin: four lines - old data, new data, old Sentinel, new Sentinel password. Prints one JSON object."""

from __future__ import absolute_import, division, print_function

import json
import os
import subprocess
import sys
import tempfile
import threading
import time

import redis
from redis.sentinel import Sentinel

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..'))
MASTER = 'mymaster'


class RotatingWriter(threading.Thread):
    def __init__(self, sentinels, data_passwords, sentinel_passwords):
        super(RotatingWriter, self).__init__(daemon=True)
        self.sentinels, self.data_passwords, self.sentinel_passwords = sentinels, data_passwords, sentinel_passwords
        self.acked, self.errors, self.auth_switches = [], 0, 0
        self.stop_event = threading.Event()
        self.data_index = self.sentinel_index = 0
        self.master = self._connect()

    def _connect(self):
        sentinel = Sentinel(self.sentinels, socket_timeout=0.5,
                            sentinel_kwargs={'password': self.sentinel_passwords[self.sentinel_index],
                                             'socket_timeout': 0.5})
        return sentinel.master_for(MASTER, password=self.data_passwords[self.data_index], socket_timeout=0.5,
                                   decode_responses=True)

    def run(self):
        i = 0
        while not self.stop_event.is_set():
            key = 'rotation:%d' % i
            try:
                self.master.set(key, i)
                self.acked.append(key)
                i += 1
            except redis.exceptions.AuthenticationError:
                self.errors += 1
                self.data_index = min(self.data_index + 1, len(self.data_passwords) - 1)
                self.auth_switches += 1
                self.master = self._connect()
            except redis.exceptions.MasterNotFoundError:
                # Sentinels refuse the old Sentinel password: switch to the new one.
                self.errors += 1
                self.sentinel_index = min(self.sentinel_index + 1, len(self.sentinel_passwords) - 1)
                self.auth_switches += 1
                self.master = self._connect()
            except (redis.RedisError, OSError):
                self.errors += 1
                time.sleep(0.01)


class EventMonitor(threading.Thread):
    """Sentinel events, from connections opened before the rotation (they stay authenticated)."""

    def __init__(self, sentinels, password):
        super(EventMonitor, self).__init__(daemon=True)
        self.events = []
        self.stop_event = threading.Event()
        self.pubsubs = []
        for host, port in sentinels:
            client = redis.Redis(host=host, port=port, password=password, decode_responses=True)
            pubsub = client.pubsub(ignore_subscribe_messages=True)
            pubsub.psubscribe('*')
            self.pubsubs.append(('%s:%s' % (host, port), pubsub))

    def run(self):
        while not self.stop_event.is_set():
            for address, pubsub in self.pubsubs:
                message = pubsub.get_message(timeout=0.01)
                if message and message['channel'] != '__sentinel__:hello':
                    self.events.append((round(time.time(), 3), address, message['channel'], message['data']))


def playbook(inventory, extra_vars):
    with tempfile.NamedTemporaryFile('w', suffix='.json', delete=False) as handle:
        json.dump(extra_vars, handle)
    os.chmod(handle.name, 0o600)
    try:
        started = time.time()
        proc = subprocess.run([os.path.join(os.path.dirname(sys.executable), 'ansible-playbook'), '-i', inventory,
                               os.path.join(ROOT, 'playbooks', 'rotate_password.yml'), '-e', '@' + handle.name],
                              capture_output=True, text=True, check=False, cwd=ROOT)
        return proc, round(time.time() - started, 2)
    finally:
        os.unlink(handle.name)


def main():
    old_data, new_data, old_sentinel, new_sentinel = [sys.stdin.readline().rstrip('\n') for _i in range(4)]
    inventory = sys.argv[1]
    sentinels = [(a.rsplit(':', 1)[0], int(a.rsplit(':', 1)[1])) for a in sys.argv[2:]]
    monitor = EventMonitor(sentinels, old_sentinel)
    monitor.start()
    writer = RotatingWriter(sentinels, [old_data, new_data], [old_sentinel, new_sentinel])
    writer.start()
    time.sleep(2)
    data, data_s = playbook(inventory, {'rotate': 'data', 'redis_node_password_new': new_data})
    time.sleep(2)
    sentinel, sentinel_s = playbook(inventory, {'rotate': 'sentinel', 'redis_node_password': new_data,
                                                'sentinel_password_new': new_sentinel})
    time.sleep(2)
    writer.stop_event.set()
    monitor.stop_event.set()
    writer.join(5)
    monitor.join(5)
    bad = [e for e in monitor.events if e[2] in ('+sdown', '+odown', '+switch-master', '+try-failover')]
    report = dict(data_rc=data.returncode, data_s=data_s, sentinel_rc=sentinel.returncode, sentinel_s=sentinel_s,
                  acked=len(writer.acked), client_errors=writer.errors, auth_switches=writer.auth_switches,
                  events=len(monitor.events), down_or_failover_events=bad)
    for name, proc in (('data', data), ('sentinel', sentinel)):
        if proc.returncode != 0:
            report[name + '_output'] = proc.stdout[-3000:]
    print(json.dumps(report))
    return 0 if data.returncode == 0 and sentinel.returncode == 0 and not bad else 1


if __name__ == '__main__':
    sys.exit(main())
