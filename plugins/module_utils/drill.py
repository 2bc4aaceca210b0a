# -*- coding: utf-8 -*-
# Copyright: (c) 2026, redisops.ha contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The failover drill's moving parts: a Sentinel-aware client workload that behaves like an
application keeping sessions in Redis, a recorder of the Sentinels' events, and a probe that
notices the moment the primary stops answering. drill_report.py turns what they saw into the
report; this file only measures.

Every time is wall-clock (time.time()) on the host that runs the drill, so the failure marker
written by the playbook and the events line up.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import random
import threading
import time

from ansible_collections.redisops.ha.plugins.module_utils.client_writers import (
    ClientWriter, ClientWriterError, kept_keys)
from ansible_collections.redisops.ha.plugins.module_utils.connection import (
    HAS_REDIS, KIND_REDIS, KIND_SENTINEL, RedisOpsError, connect, format_endpoint, parse_endpoint, redis)

READ, WRITE = 'r', 'w'


def client_kwargs(options, timeout):
    """redis-py keyword arguments from a ConnectionOptions, with the drill's own timeouts and
    no retry inside redis-py: the workload retries itself, and counts every attempt."""
    kwargs = options.client_kwargs()
    kwargs.update(socket_timeout=timeout, socket_connect_timeout=timeout)
    return kwargs


def drill_node(host, port, kind, options, timeout):
    """A node of the connection layer with the drill's own timeout, for its checks, listeners and
    probe (only the workload's clients are plain redis-py: they stand for the applications)."""
    return connect(host, port, kind, options.with_timeout(timeout), verify=False)


class SessionWorker:
    """One application thread: opens sessions (SET with TTL), reads them (GET), renews some
    (SET again) and ends some (DEL), at a fixed pace, retrying failed operations with capped,
    jittered exponential backoff until op_timeout, as a careful application does.

    It remembers the last acknowledged state of every key, so that after the run each key can
    be checked, and which keys an operation that gave up may or may not have changed."""

    def __init__(self, index, group, master, config):
        self.index = index
        self.group = group
        self.master = master
        self.config = config
        self.random = random.Random(index)
        self.ops = []           # (start, end, kind, ok, attempts, address)
        self.errors = []        # (time, exception class name)
        self.expected = {}      # key -> last acknowledged value, None once deleted
        self.uncertain = set()  # keys whose last operation gave up: state unknown
        self.live = []          # keys of sessions believed to exist
        self.sessions_created = 0
        self.sessions_ended = 0
        self.session_misses = []   # (time, key): GET found nothing where a session should be
        self.stale_reads = 0
        self._sequence = 0
        self._keys = 0
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name='drill-worker-%d' % index)
        self.thread.daemon = True

    # -- one operation, with the application's retries ----------------------------------
    def _attempt(self, kind, call):
        start = time.time()
        deadline = start + self.config['op_timeout']
        attempts = 0
        delay = self.config['retry_backoff_base']
        while True:
            attempts += 1
            try:
                value = call()
                end = time.time()
                address = self.master.connection_pool.master_address if kind == WRITE else None
                self.ops.append((start, end, kind, True, attempts, address))
                return True, value
            except (redis.RedisError, OSError) as exc:
                now = time.time()
                self.errors.append((now, type(exc).__name__))
                if now + delay >= deadline or self._stop.is_set() and now - start > 1:
                    self.ops.append((start, now, kind, False, attempts, None))
                    return False, None
                time.sleep(delay * (0.5 + self.random.random() / 2))
                delay = min(delay * 2, self.config['retry_backoff_max'])

    def _value(self):
        self._sequence += 1
        return '%d-%d' % (self.index, self._sequence)

    def _create(self):
        self._keys += 1
        key = '%s:%d:%d' % (self.config['key_prefix'], self.index, self._keys)
        value = self._value()
        ok, _reply = self._attempt(WRITE, lambda: self.master.set(key, value, ex=self.config['session_ttl']))
        if ok:
            self.sessions_created += 1
            self.expected[key] = value
            self.live.append(key)
        else:
            self.uncertain.add(key)

    def _pick(self):
        position = self.random.randrange(len(self.live))
        return position, self.live[position]

    def _renew(self):
        _position, key = self._pick()
        value = self._value()
        ok, _reply = self._attempt(WRITE, lambda: self.master.set(key, value, ex=self.config['session_ttl']))
        if ok:
            self.expected[key] = value
        else:
            self.uncertain.add(key)

    def _end(self):
        position, key = self._pick()
        self.live[position] = self.live[-1]
        self.live.pop()
        ok, _reply = self._attempt(WRITE, lambda: self.master.delete(key))
        if ok:
            self.sessions_ended += 1
            self.expected[key] = None
        else:
            self.uncertain.add(key)

    def _read(self):
        _position, key = self._pick()
        ok, value = self._attempt(READ, lambda: self.master.get(key))
        if ok and key not in self.uncertain:
            if value is None:
                self.session_misses.append((time.time(), key))
            elif value != self.expected.get(key):
                self.stale_reads += 1

    def step(self):
        roll = self.random.random()
        if len(self.live) < 20 or roll < 0.15:
            self._create()
        elif roll < 0.25:
            self._renew()
        elif roll < 0.30:
            self._end()
        else:
            self._read()

    # -- pacing -----------------------------------------------------------------------------
    def _run(self):
        interval = self.config['workers'] / float(self.config['rate'])
        next_at = time.time() + self.random.random() * interval
        while not self._stop.is_set():
            now = time.time()
            if next_at > now:
                time.sleep(next_at - now)
            # Requests that queued up during an outage are served, up to a few seconds' worth.
            next_at = max(next_at + interval, time.time() - self.config['backlog_limit'])
            self.step()

    def start(self):
        self.thread.start()

    def stop(self):
        self._stop.set()

    def join(self, timeout):
        self.thread.join(timeout)


class EventRecorder:
    """Subscribes to every channel of each Sentinel and keeps the events about one master."""

    def __init__(self, endpoints, options, master_name):
        self.endpoints = endpoints
        self.options = options
        self.master_name = master_name
        self.events = []  # (time, sentinel, event, detail)
        self.connected = {}
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self.threads = [threading.Thread(target=self._listen, args=(host, port), name='drill-events')
                        for host, port in endpoints]

    def _concerns_master(self, detail):
        words = detail.split()
        return self.master_name in words

    def _listen(self, host, port):
        address = format_endpoint(host, port)
        while not self._stop.is_set():
            pubsub = None
            try:
                pubsub = drill_node(host, port, KIND_SENTINEL, self.options, 1.0).client.pubsub(
                    ignore_subscribe_messages=True)
                pubsub.psubscribe('*')
                self.connected[address] = True
                while not self._stop.is_set():
                    message = pubsub.get_message(timeout=0.05)
                    if not message:
                        continue
                    channel = _text(message.get('channel'))
                    detail = _text(message.get('data'))
                    if channel.startswith('__sentinel__') or not self._concerns_master(detail):
                        continue
                    with self._lock:
                        self.events.append((time.time(), address, channel, detail))
            except (redis.RedisError, OSError, RedisOpsError):
                self.connected[address] = False
                self._stop.wait(0.5)
            finally:
                if pubsub is not None:
                    try:
                        pubsub.close()
                    except (redis.RedisError, OSError):
                        pass

    def start(self):
        for thread in self.threads:
            thread.daemon = True
            thread.start()
        deadline = time.time() + 3
        while time.time() < deadline and len(self.connected) < len(self.endpoints):
            time.sleep(0.02)

    def stop(self):
        self._stop.set()
        for thread in self.threads:
            thread.join(2)

    def snapshot(self):
        with self._lock:
            return list(self.events)


class PrimaryProbe:
    """PINGs the primary every 10 ms over one connection. The end of its last good reply before
    the first failure is when the primary stopped answering: the failure time for a kill or a
    stop, measured on this host's clock, without trusting the node's."""

    def __init__(self, host, port, options):
        self.node = drill_node(host, port, KIND_REDIS, options, 0.2)
        self.last_ok = None
        self.down_at = None
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name='drill-probe')
        self.thread.daemon = True

    def _run(self):
        while not self._stop.is_set() and self.down_at is None:
            try:
                self.node.call('PING', retry=False)
                self.last_ok = time.time()
            except RedisOpsError:
                if self.last_ok is not None:
                    self.down_at = self.last_ok
            self._stop.wait(0.01)

    def start(self):
        self.thread.start()

    def stop(self):
        self._stop.set()
        self.thread.join(2)
        self.node.close()


def _text(value):
    if isinstance(value, bytes):
        return value.decode('utf-8', 'replace')
    return str(value)


def read_marker(path):
    """The failure marker the playbook writes just before it injects the failure:
    JSON {"kind": ..., "at": epoch seconds}. None until it exists and parses."""
    if not path or not os.path.exists(path):
        return None
    try:
        with open(path) as handle:
            marker = json.load(handle)
        return dict(kind=str(marker.get('kind', '')), at=float(marker['at']))
    except (ValueError, KeyError, TypeError, OSError):
        return None


class Drill:
    """Runs the workload for a while, notes the failure, then checks every key."""

    def __init__(self, sentinel_endpoints, sentinel_options, data_options, master_name, config):
        if not HAS_REDIS:
            raise RedisOpsError('redis-py is not installed')
        self.endpoints = list(sentinel_endpoints)
        self.sentinel_options = sentinel_options
        self.data_options = data_options
        self.master_name = master_name
        self.config = config
        self.workers = []
        self.groups = []
        self.writers = []

    # -- clients ----------------------------------------------------------------------------
    def _sentinel(self, order):
        """A redis-py Sentinel that asks the Sentinels in the given order, as an application
        configured with that list would."""
        from redis.sentinel import Sentinel
        endpoints = [self.endpoints[i] for i in order]
        timeout = self.config['client_timeout']
        sentinel_kwargs = client_kwargs(self.sentinel_options, timeout)
        data_kwargs = client_kwargs(self.data_options, timeout)
        for key in ('host', 'port'):
            data_kwargs.pop(key, None)
        return Sentinel(endpoints, sentinel_kwargs=sentinel_kwargs, **data_kwargs)

    def _address_of_primary(self, sentinel):
        host, port = sentinel.discover_master(self.master_name)
        return host, int(port)

    def preflight(self):
        """Fail before doing anything when the Sentinels or the primary refuse us."""
        sentinel = self._sentinel(list(range(len(self.endpoints))))
        try:
            host, port = self._address_of_primary(sentinel)
        except (redis.RedisError, OSError) as exc:
            raise RedisOpsError('no Sentinel of %s names a usable primary for %r: %s. Check the '
                                'Sentinel addresses, login_password and master_name'
                                % (', '.join(format_endpoint(h, p) for h, p in self.endpoints),
                                   self.master_name, type(exc).__name__))
        try:
            master = sentinel.master_for(self.master_name, socket_timeout=2)
            master.ping()
        except redis.AuthenticationError:
            raise RedisOpsError('the primary %s rejected the data password: check redis_password'
                                % format_endpoint(host, port))
        except (redis.RedisError, OSError) as exc:
            raise RedisOpsError('the primary %s does not answer (%s): the drill needs a healthy cluster'
                                % (format_endpoint(host, port), type(exc).__name__))
        return host, port

    # -- the run ----------------------------------------------------------------------------
    def run(self):
        config = self.config
        primary_host, primary_port = self.preflight()
        recorder = EventRecorder(self.endpoints, self.sentinel_options, self.master_name)
        recorder.start()
        probe = PrimaryProbe(primary_host, primary_port, self.data_options)
        probe.start()
        count = len(self.endpoints)
        # Each group of workers asks the Sentinels in another order: whichever Sentinel leads
        # the failover, some clients ask it first.
        self.groups = [[(first + i) % count for i in range(count)] for first in range(count)]
        masters = [self._sentinel(order).master_for(self.master_name) for order in self.groups]
        self.workers = [SessionWorker(i, i % count, masters[i % count], config)
                        for i in range(config['workers'])]
        self.writers = self._start_writers()
        started = time.time()
        for worker in self.workers:
            worker.start()
        marker = None
        until_file = config.get('until_file')
        while time.time() - started < config['duration'] and not (until_file and os.path.exists(until_file)):
            if marker is None:
                marker = read_marker(config.get('failure_marker'))
            time.sleep(0.05)
        workload_ended = time.time()
        marker = marker or read_marker(config.get('failure_marker'))
        if marker is None and config.get('expect_marker'):
            # The failure is late (a slow host, a failover waiting for Sentinel's INFO poll):
            # keep the load on until it is marked, then long enough to see the recovery.
            deadline = time.time() + config['settle_timeout']
            while marker is None and time.time() < deadline:
                time.sleep(0.05)
                marker = read_marker(config.get('failure_marker'))
            if marker is not None:
                time.sleep(config['late_failure_tail'])
        for worker in self.workers:
            worker.stop()
        for worker in self.workers:
            worker.join(config['op_timeout'] + 5)
        ended = time.time()
        writer_logs = self._stop_writers()
        probe.stop()
        final_primary, sentinel_names = self.settle()
        checks = self.check_keys(final_primary) if final_primary else None
        writers = self.check_writers(final_primary, writer_logs, ended)
        if not config.get('keep_keys'):
            self.delete_keys(final_primary, [key for writer, (acks, _e) in writer_logs for key in writer.keys(acks)])
        recorder.stop()
        return dict(
            started=started, ended=ended, workload_ended=workload_ended, initial_primary=format_endpoint(primary_host, primary_port),
            final_primary=format_endpoint(*final_primary) if final_primary else None,
            sentinel_names=sentinel_names, marker=marker,
            primary_down_at=probe.down_at, primary_last_ok=probe.last_ok,
            events=recorder.snapshot(), sentinels_subscribed=dict(recorder.connected),
            groups=[[format_endpoint(*self.endpoints[i]) for i in order] for order in self.groups],
            workers=[self._worker_summary(worker) for worker in self.workers],
            checks=checks, writers=writers,
        )

    def _start_writers(self):
        """The other client libraries' writers (client_writers.py), each at its share of the rate."""
        writers = []
        options = self.data_options
        try:
            for client in self.config.get('writer_clients', []):
                writers.append(ClientWriter(
                    client, self.endpoints, self.master_name, options.password,
                    self.sentinel_options.password, prefix='%s:%s' % (self.config['key_prefix'], client),
                    rate=self.config['writer_rate'], username=options.user,
                    timeout=self.config['client_timeout'], ttl=self.config['session_ttl']).start())
        except ClientWriterError as exc:
            for writer in writers:
                writer.stop()
            raise RedisOpsError(str(exc))
        return writers

    def _stop_writers(self):
        """Every writer's log; one that died without writing (its library missing, say) fails
        the drill with its own words, once all are stopped."""
        logs, failures = [], []
        for writer in self.writers:
            try:
                logs.append((writer, writer.stop()))
            except ClientWriterError as exc:
                failures.append(str(exc))
        if failures:
            raise RedisOpsError('; '.join(failures))
        return logs

    def check_writers(self, primary, writer_logs, ended):
        """Each writer's log, and which of its acknowledged keys the final primary holds."""
        result = {}
        node = drill_node(primary[0], primary[1], KIND_REDIS, self.data_options, 10.0) if primary else None
        for writer, (acks, errors) in writer_logs:
            kept = kept_keys(node.client, writer.keys(acks)) if node is not None else None
            result[writer.client] = dict(acks=acks, errors=errors, kept=kept, ended=ended)
        if node is not None:
            node.close()
        return result

    @staticmethod
    def _worker_summary(worker):
        return dict(index=worker.index, group=worker.group, ops=worker.ops, errors=worker.errors,
                    sessions_created=worker.sessions_created, sessions_ended=worker.sessions_ended,
                    session_misses=worker.session_misses, stale_reads=worker.stale_reads,
                    uncertain=len(worker.uncertain), alive=worker.thread.is_alive())

    def settle(self):
        """Wait until every Sentinel that answers names the same primary and that node says it
        is a master; returns ((host, port) or None, {sentinel: named primary})."""
        deadline = time.time() + self.config['settle_timeout']
        names = {}
        while True:
            names = {}
            for host, port in self.endpoints:
                try:
                    sentinel = drill_node(host, port, KIND_SENTINEL, self.sentinel_options, 1.0)
                    reply = sentinel.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', self.master_name)
                    sentinel.close()
                    names[format_endpoint(host, port)] = format_endpoint(_text(reply[0]), _text(reply[1]))
                except (RedisOpsError, TypeError, IndexError):
                    continue
            named = set(names.values())
            if len(named) == 1:
                host, port = parse_endpoint(named.pop(), 6379)
                try:
                    node = drill_node(host, port, KIND_REDIS, self.data_options, 1.0)
                    role = node.call('ROLE')
                    node.close()
                    if _text(role[0]) == 'master':
                        return (host, port), names
                except RedisOpsError:
                    pass
            if time.time() > deadline:
                return None, names
            time.sleep(0.2)

    def _expected_state(self):
        expected = {}
        for worker in self.workers:
            for key, value in worker.expected.items():
                if key not in worker.uncertain:
                    expected[key] = value
        return expected

    def check_keys(self, primary):
        """Read back every key whose last acknowledged operation is known, on the primary the
        Sentinels agree on: a missing session or an older value is an acknowledged write lost."""
        node = drill_node(primary[0], primary[1], KIND_REDIS, self.data_options, 10.0)
        expected = self._expected_state()
        keys = list(expected)
        lost = missing_sessions = stale = resurrected = 0
        for start in range(0, len(keys), 1000):
            chunk = keys[start:start + 1000]
            for key, value in zip(chunk, node.call('MGET', *chunk)):
                want = expected[key]
                if want is None:
                    if value is not None:
                        resurrected += 1
                        lost += 1
                elif value is None:
                    missing_sessions += 1
                    lost += 1
                elif value != want:
                    stale += 1
                    lost += 1
        node.close()
        return dict(keys_checked=len(keys), acked_writes_lost=lost, sessions_lost=missing_sessions,
                    stale_values=stale, deleted_but_present=resurrected,
                    sessions_expected=sum(1 for value in expected.values() if value is not None))

    def delete_keys(self, primary, extra=()):
        """The drill leaves nothing behind (its keys also expire after session_ttl)."""
        if not primary:
            return
        keys = set(extra)
        for worker in self.workers:
            keys.update(worker.expected)
            keys.update(worker.uncertain)
        keys = list(keys)
        try:
            node = drill_node(primary[0], primary[1], KIND_REDIS, self.data_options, 10.0)
            for start in range(0, len(keys), 1000):
                if keys[start:start + 1000]:
                    node.call('DEL', *keys[start:start + 1000])
            node.close()
        except RedisOpsError:
            pass
