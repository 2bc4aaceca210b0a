# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The loopback lab: 1 primary, 2 replicas and 3 Sentinels as real processes on 127.0.0.1,
and its health as the collection's modules report it (run through Ansible).

    python tools/loopback_lab.py up       start it (if not running) and print its health
    python tools/loopback_lab.py health   print its health
    python tools/loopback_lab.py down     stop it and remove its files

Data nodes listen on 127.0.0.1:16379-16381, Sentinels on 127.0.0.1:36379-36381; the lab's
passwords are those of tests/support/loopback_cluster.py (lab only).
"""

from __future__ import absolute_import, division, print_function

import os
import shutil
import signal
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..'))
sys.path.insert(0, os.path.join(ROOT, 'tests', 'support'))

from loopback_cluster import (  # noqa: E402 pylint: disable=wrong-import-position
    DATA_PASSWORD, SENTINEL_PASSWORD, LoopbackCluster)
from module_runner import run_module  # noqa: E402 pylint: disable=wrong-import-position

WORKDIR = os.path.join(ROOT, '.lab')
NODE_PORTS = [16379, 16380, 16381]
SENTINEL_PORTS = [36379, 36380, 36381]


def lab():
    return LoopbackCluster(workdir=WORKDIR, node_ports=NODE_PORTS, sentinel_ports=SENTINEL_PORTS)


def running(proc):
    try:
        with open(os.path.join(proc.dir, 'pid')) as handle:
            os.kill(int(handle.read()), 0)
        return True
    except (OSError, ValueError):
        return False


def up():
    cluster = lab()
    if all(running(p) for p in cluster.nodes + cluster.sentinels):
        print('loopback lab already running in %s' % WORKDIR)
    else:
        down(quiet=True)
        cluster = lab()
        print('starting the loopback lab in %s ...' % WORKDIR)
        cluster.start(detach=True)
    return health()


def health():
    sentinels = ['127.0.0.1:%d' % port for port in SENTINEL_PORTS]
    quorum = run_module('sentinel_quorum', {'sentinels': sentinels, 'login_password': SENTINEL_PASSWORD,
                                            'fail_on_noquorum': False, 'require_agreement': False})
    if quorum.failed:
        print('UNHEALTHY: %s' % quorum.msg)
        return 1
    print('Sentinels: %s; quorum %s; agree: %s; primary: %s'
          % (quorum['message'], quorum['quorum'], quorum['agree'], quorum['primary']))
    healthy = quorum['ok'] and quorum['agree']
    for port in NODE_PORTS:
        info = run_module('redis_replication_info', {'login_host': '127.0.0.1', 'login_port': port,
                                                     'login_password': DATA_PASSWORD})
        if info.failed:
            print('  127.0.0.1:%d  UNREACHABLE: %s' % (port, info.msg))
            healthy = False
        elif info['role'] == 'primary':
            replicas = ', '.join('%s:%s %s lag %s B/%s s'
                                 % (r['host'], r['port'], r['state'], r['lag_bytes'], r['lag_seconds'])
                                 for r in info['replicas'])
            print('  127.0.0.1:%d  primary, %d replicas: %s' % (port, info['connected_replicas'], replicas))
        else:
            link = (info['master_host'], info['master_port'], info['master_link_status'])
            print('  127.0.0.1:%d  replica of %s:%s, link %s' % ((port,) + link))
            healthy = healthy and info['master_link_status'] == 'up'
    print('HEALTHY' if healthy else 'DEGRADED')
    return 0 if healthy else 1


def down(quiet=False):
    cluster = lab()
    for proc in cluster.sentinels + cluster.nodes:
        try:
            with open(os.path.join(proc.dir, 'pid')) as handle:
                os.kill(int(handle.read()), signal.SIGTERM)
        except (OSError, ValueError):
            pass
    shutil.rmtree(WORKDIR, ignore_errors=True)
    if not quiet:
        print('loopback lab removed')
    return 0


def main():
    command = sys.argv[1] if len(sys.argv) > 1 else 'up'
    actions = {'up': up, 'health': health, 'down': down}
    if command not in actions:
        sys.exit(__doc__)
    sys.exit(actions[command]())


if __name__ == '__main__':
    main()
