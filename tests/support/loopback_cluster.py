# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A real Redis (or Valkey) + Sentinel cluster on loopback: 1 primary, 2 replicas, 3 Sentinels
(quorum 2), a data password and a separate Sentinel password. Used by the integration tests and
the benchmarks; needs Debian's redis-server and redis-sentinel (valkey-server and valkey-sentinel
with REDISOPS_TEST_ENGINE=valkey)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time

import redis
from redis.sentinel import Sentinel

MASTER_NAME = 'mymaster'
# The engine whose Debian binaries the cluster runs: redis (redis-server, redis-sentinel) or
# valkey (valkey-server, valkey-sentinel). make integration runs the suite once per engine.
ENGINE = os.environ.get('REDISOPS_TEST_ENGINE', 'redis')
ENGINE_NAME = {'redis': 'Redis', 'valkey': 'Valkey'}[ENGINE]


def engine_version():
    """The installed server's version, as its binary says it ('Redis server v=7.0.15 ...')."""
    out = subprocess.run(['%s-server' % ENGINE, '--version'], capture_output=True, text=True, check=True).stdout
    return out.split('v=', 1)[1].split()[0]


# Awkward on purpose: '#', '$' and a backslash must survive config files. No space or quote:
# Sentinel 7.0.15 rewrites 'sentinel auth-pass' unquoted, and then cannot load its own file
# (seen here; docs/known-issues.md). The Sentinel password has a space: requirepass is quoted.
DATA_PASSWORD = 'd4ta#pass$HOME\\x'
SENTINEL_PASSWORD = 'sentinel-p4ss #2'


def free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def quote(value):
    """A double-quoted string as redis.conf and sentinel.conf read it."""
    return '"%s"' % value.replace('\\', '\\\\').replace('"', '\\"')


class Process:
    def __init__(self, name, kind, port, workdir):
        self.name = name
        self.kind = kind
        self.port = port
        self.dir = os.path.join(workdir, name)
        self.conf = os.path.join(self.dir, '%s.conf' % kind)
        self.proc = None
        os.makedirs(self.dir, exist_ok=True)

    @property
    def address(self):
        return '127.0.0.1:%d' % self.port

    def start(self, detach=False):
        binary = '%s-%s' % (ENGINE, 'sentinel' if self.kind == 'sentinel' else 'server')
        log = open(os.path.join(self.dir, 'stdout.log'), 'ab')
        self.proc = subprocess.Popen([binary, self.conf], cwd=self.dir, stdout=log,
                                     stderr=subprocess.STDOUT, start_new_session=detach)
        log.close()
        with open(os.path.join(self.dir, 'pid'), 'w') as handle:
            handle.write(str(self.proc.pid))

    def stop(self, sig_kill=False):
        if self.proc and self.proc.poll() is None:
            if sig_kill:
                self.proc.kill()
            else:
                self.proc.terminate()
            self.proc.wait(10)
        self.proc = None

    def client(self, password=None, **kwargs):
        return redis.Redis(host='127.0.0.1', port=self.port, password=password,
                           decode_responses=True, socket_timeout=5, **kwargs)


class LoopbackCluster:
    def __init__(self, down_after_ms=2000, failover_timeout_ms=10000, workdir=None,
                 node_ports=None, sentinel_ports=None):
        self.workdir = workdir or tempfile.mkdtemp(prefix='redisops-cluster-')
        os.makedirs(self.workdir, exist_ok=True)
        os.chmod(self.workdir, 0o700)
        self.down_after_ms = down_after_ms
        self.failover_timeout_ms = failover_timeout_ms
        node_ports = node_ports or [free_port() for _i in range(3)]
        sentinel_ports = sentinel_ports or [free_port() for _i in range(3)]
        self.nodes = [Process('redis-%d' % i, 'redis', port, self.workdir)
                      for i, port in enumerate(node_ports)]
        self.sentinels = [Process('sentinel-%d' % i, 'sentinel', port, self.workdir)
                          for i, port in enumerate(sentinel_ports)]

    # -- configuration -------------------------------------------------------------------
    def _write_node_conf(self, node, primary):
        lines = [
            'port %d' % node.port, 'bind 127.0.0.1', 'dir %s' % quote(node.dir),
            'daemonize no', 'save ""', 'appendonly no', 'logfile %s' % quote('redis.log'),
            'requirepass %s' % quote(DATA_PASSWORD), 'masterauth %s' % quote(DATA_PASSWORD),
            'repl-diskless-sync-delay 0',
        ]
        if node is not primary:
            lines.append('replicaof 127.0.0.1 %d' % primary.port)
        with open(node.conf, 'w') as handle:
            handle.write('\n'.join(lines) + '\n')
        os.chmod(node.conf, 0o600)

    def _write_sentinel_conf(self, sentinel, primary):
        lines = [
            'port %d' % sentinel.port, 'bind 127.0.0.1', 'dir %s' % quote(sentinel.dir),
            'daemonize no', 'logfile %s' % quote('sentinel.log'),
            'requirepass %s' % quote(SENTINEL_PASSWORD),
            'sentinel monitor %s 127.0.0.1 %d 2' % (MASTER_NAME, primary.port),
            'sentinel auth-pass %s %s' % (MASTER_NAME, quote(DATA_PASSWORD)),
            'sentinel down-after-milliseconds %s %d' % (MASTER_NAME, self.down_after_ms),
            'sentinel failover-timeout %s %d' % (MASTER_NAME, self.failover_timeout_ms),
            'sentinel parallel-syncs %s 1' % MASTER_NAME,
        ]
        with open(sentinel.conf, 'w') as handle:
            handle.write('\n'.join(lines) + '\n')
        os.chmod(sentinel.conf, 0o600)

    # -- life cycle ----------------------------------------------------------------------
    def start(self, detach=False):
        primary = self.nodes[0]
        for node in self.nodes:
            self._write_node_conf(node, primary)
            node.start(detach)
        for sentinel in self.sentinels:
            self._write_sentinel_conf(sentinel, primary)
            sentinel.start(detach)
        self.wait_settled(60)
        return self

    def destroy(self):
        for proc in self.sentinels + self.nodes:
            try:
                proc.stop()
            except Exception:  # pylint: disable=broad-except
                pass
        shutil.rmtree(self.workdir, ignore_errors=True)

    # -- clients and state ---------------------------------------------------------------
    def node_client(self, node):
        return node.client(DATA_PASSWORD)

    def sentinel_client(self, sentinel):
        return sentinel.client(SENTINEL_PASSWORD)

    def sentinel_addresses(self):
        return [s.address for s in self.sentinels]

    def node_by_address(self, address):
        for node in self.nodes:
            if node.address == address:
                return node
        raise KeyError(address)

    def primary_address(self, sentinel=None):
        sentinel = sentinel or self.sentinels[0]
        host, port = self.sentinel_client(sentinel).sentinel_get_master_addr_by_name(MASTER_NAME)
        return '%s:%s' % (host, port)

    def primary(self):
        return self.node_by_address(self.primary_address())

    def replicas(self):
        primary = self.primary()
        return [n for n in self.nodes if n is not primary]

    def settled(self):
        """Every running Sentinel names the same primary, knows 2 healthy, promotable replicas
        and the other Sentinels, and no failover is running; the primary has 2 online replicas."""
        running = [s for s in self.sentinels if s.proc]
        named = set()
        for sentinel in running:
            try:
                client = self.sentinel_client(sentinel)
                master = client.execute_command('SENTINEL', 'MASTER', MASTER_NAME)
                fields = master if isinstance(master, dict) else dict(zip(master[0::2], master[1::2]))
                flags = str(fields.get('flags'))
                if 'failover_in_progress' in flags or 'down' in flags:
                    return False
                if int(fields['num-slaves']) != 2 or int(fields['num-other-sentinels']) != len(self.sentinels) - 1:
                    return False
                for entry in client.execute_command('SENTINEL', 'REPLICAS', MASTER_NAME):
                    entry = entry if isinstance(entry, dict) else dict(zip(entry[0::2], entry[1::2]))
                    # Promotable too: Sentinel reads replica-priority from INFO every 10 s, so a
                    # test that set it to 0 and back leaves it stale for that long.
                    if 'down' in str(entry.get('flags')) or 'disconnected' in str(entry.get('flags')) \
                            or entry.get('master-link-status') != 'ok' or str(entry.get('slave-priority')) == '0':
                        return False
                named.add(self.primary_address(sentinel))
            except (redis.RedisError, OSError):
                return False
        if len(named) != 1:
            return False
        info = self.node_client(self.node_by_address(named.pop())).info('replication')
        if info.get('role') != 'master' or int(info.get('connected_slaves', 0)) != 2:
            return False
        return all(info.get('slave%d' % i, {}).get('state') == 'online' for i in range(2))

    def wait_settled(self, timeout=60):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.settled():
                return True
            time.sleep(0.2)
        raise AssertionError('cluster did not settle within %ss; see %s' % (timeout, self.workdir))


class SentinelWriter:
    """A Sentinel-aware redis-py client that writes unique keys as fast as it can and remembers
    which writes were acknowledged, retrying on errors as a careful application does."""

    def __init__(self, cluster=None, sentinel_order=None, prefix='w', endpoints=None,
                 data_password=DATA_PASSWORD, sentinel_password=SENTINEL_PASSWORD):
        if endpoints is None:
            order = sentinel_order or list(range(len(cluster.sentinels)))
            endpoints = [('127.0.0.1', cluster.sentinels[i].port) for i in order]
        sentinel_kwargs = {'password': sentinel_password, 'socket_timeout': 0.5}
        self.sentinel = Sentinel(endpoints, socket_timeout=0.5, sentinel_kwargs=sentinel_kwargs)
        self.master = self.sentinel.master_for(MASTER_NAME, password=data_password,
                                               socket_timeout=0.5, decode_responses=True)
        self.prefix = prefix
        self.acked = []
        self.ack_times = []
        self.errors = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        i = 0
        while not self._stop.is_set():
            key = '%s:%d' % (self.prefix, i)
            try:
                self.master.set(key, i)
                self.acked.append(key)
                self.ack_times.append(time.time())
                i += 1
            except (redis.RedisError, OSError):
                self.errors += 1
                time.sleep(0.005)

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self._stop.set()
        self._thread.join(10)

    def longest_gap(self):
        times = self.ack_times
        return max((b - a for a, b in zip(times, times[1:])), default=0.0)

    def lost(self, client):
        """Acknowledged keys missing on the node behind client, counted key by key."""
        missing = 0
        for start in range(0, len(self.acked), 1000):
            chunk = self.acked[start:start + 1000]
            values = client.mget(chunk)
            missing += sum(1 for value in values if value is None)
        return missing
