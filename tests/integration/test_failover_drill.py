# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""redisops.ha.failover_drill against the real loopback cluster: the primary's redis-server is
killed mid-run, and the drill's own report must add up."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import threading
import time

from loopback_cluster import DATA_PASSWORD, SENTINEL_PASSWORD
from module_runner import run_module

DURATION = 14
RATE = 400


def drill_args(cluster, report_dir, **extra):
    args = dict(sentinels=cluster.sentinel_addresses(), login_password=SENTINEL_PASSWORD,
                redis_password=DATA_PASSWORD, duration=DURATION, rate=RATE, workers=6,
                failure_marker=str(report_dir / 'failure.json'), report_dir=str(report_dir),
                settle_timeout=30)
    args.update(extra)
    return args


def kill_primary_later(cluster, marker, delay, key_prefix):
    """Kill the primary's server `delay` seconds after the drill's first write. Counted from the
    drill's start, not from now: under load ansible-playbook and the drill took over 5 s to start,
    the kill came first, and the drill's initial primary was already the promoted one."""
    victim = cluster.primary()

    def kill():
        client = victim.client(password=DATA_PASSWORD)
        deadline = time.time() + 60
        while time.time() < deadline and next(client.scan_iter(match=key_prefix + ':*', count=1000), None) is None:
            time.sleep(0.1)
        time.sleep(delay)
        with open(marker, 'w') as handle:
            json.dump({'kind': 'kill', 'at': time.time()}, handle)
        victim.stop(sig_kill=True)

    thread = threading.Thread(target=kill)
    thread.start()
    return victim, thread


def test_drill_measures_a_killed_primary(settled, tmp_path):
    cluster = settled
    old_primary = cluster.primary_address()
    key_prefix = 'drill-killed-%d' % os.getpid()
    victim, killer = kill_primary_later(cluster, str(tmp_path / 'failure.json'), 4, key_prefix)
    run = run_module('failover_drill', drill_args(cluster, tmp_path, failure='kill', key_prefix=key_prefix))
    killer.join()
    assert not run.failed, run.msg
    run.assert_no_secret()
    report = json.loads((tmp_path / 'report.json').read_text())

    # Complete: every section, every target evaluated, the graph and the summary written.
    assert set(report) >= {'drill', 'failure', 'client', 'sentinel', 'operations', 'data', 'per_second',
                           'targets', 'verdict'}
    assert (tmp_path / 'graph.png').read_bytes()[:4] == b'\x89PNG'
    summary = (tmp_path / 'summary.txt').read_text().splitlines()
    assert summary[-1] == 'Verdict: %s' % report['verdict'] == 'Verdict: %s' % run['verdict']
    assert all(target['met'] is not None or target['name'].startswith('operations per second')
               for target in report['targets'])

    # What happened: the probe saw the kill, Sentinel switched, the clients followed.
    assert report['drill']['initial_primary'] == old_primary
    assert report['drill']['final_primary'] != old_primary
    assert report['failure']['source'].startswith('probe')
    assert -0.5 < report['failure']['marker_s'] <= 0.05
    sentinel = report['sentinel']
    for event in ('+sdown', '+odown', '+try-failover', '+elected-leader', '+promoted-slave',
                  '+switch-master', '+failover-end'):
        assert event in sentinel['first_seen_s'], event
    assert sentinel['first_seen_s']['+sdown'] < sentinel['first_seen_s']['+odown'] \
        < sentinel['first_seen_s']['+promoted-slave'] <= sentinel['switch_master_after_failure_s']
    client = report['client']
    assert 2.0 < sentinel['switch_master_after_failure_s'] < client['first_write_after_failure_s'] + 0.5
    assert client['first_write_after_failure_s'] <= client['all_clients_writing_again_s']
    assert set(client['writing_again_by_first_sentinel']) == set(cluster.sentinel_addresses())

    # The counts add up.
    ops, data = report['operations'], report['data']
    assert ops['ok'] + ops['failed'] == ops['total'] == ops['reads'] + ops['writes']
    assert ops['total'] > RATE * DURATION * 0.9
    # Errors happen mid-run only, inside the whole seconds the per-second rows cover.
    assert ops['attempt_errors'] == sum(row['errors'] for row in report['per_second'])
    assert ops['attempt_errors'] > 0 and ops['failed'] == 0
    assert data['checked'] and data['keys_checked'] > 0
    assert data['acked_writes_lost'] == 0 and data['sessions_lost'] == 0
    assert data['keys_of_failed_operations'] == 0
    assert data['sessions_expected'] == data['sessions_created'] - data['sessions_ended']
    assert sum(row['ok'] for row in report['per_second']) <= ops['ok']
    # The drill cleaned up after itself.
    primary = cluster.node_client(cluster.primary())
    assert not list(primary.scan_iter(match=key_prefix + ':*', count=1000))
    victim.start()


def test_wrong_sentinel_password_fails_before_writing(settled, tmp_path):
    run = run_module('failover_drill', drill_args(settled, tmp_path, login_password='wrong-password'))
    assert run.failed
    assert 'no Sentinel' in run.msg and 'login_password' in run.msg
    assert not os.path.exists(str(tmp_path / 'report.json'))
    assert 'wrong-password' not in run.output


def test_check_mode_writes_nothing(settled, tmp_path):
    run = run_module('failover_drill', drill_args(settled, tmp_path), check_mode=True)
    assert not run.failed and not run.changed
    assert run['primary'] == settled.primary_address()
    assert not os.path.exists(str(tmp_path / 'report.json'))


def test_drill_reports_each_client_library_through_a_safe_failover(settled, tmp_path):
    """clients=[python, ruby, perl]: a share of the load through Debian's ruby-redis and
    libredis-perl, each library's recovery reported and drawn; 0 lost on a safe failover."""
    cluster = settled
    marker = str(tmp_path / 'failure.json')

    def fail_over():
        time.sleep(5)
        switch = run_module('sentinel_failover', dict(sentinels=cluster.sentinel_addresses(),
                                                      login_password=SENTINEL_PASSWORD,
                                                      redis_password=DATA_PASSWORD))
        with open(marker, 'w') as handle:
            json.dump({'kind': 'safe', 'at': switch['writes_paused_at']}, handle)

    thread = threading.Thread(target=fail_over)
    thread.start()
    run = run_module('failover_drill', drill_args(cluster, tmp_path, failure='safe',
                                                  clients=['python', 'ruby', 'perl']))
    thread.join()
    assert not run.failed, run.msg
    run.assert_no_secret()
    report = json.loads((tmp_path / 'report.json').read_text())
    clients = report['clients']
    assert sorted(clients) == ['perl', 'python', 'ruby']
    for name, row in clients.items():
        assert row['acked'] > DURATION * RATE / 3 * 0.2, (name, row)
        assert row['lost'] == 0, (name, row)
        assert row['first_write_after_failure_s'] is not None and row['first_write_after_failure_s'] < 2.5, (name, row)
        assert row['first_write_after_switch_s'] is not None and row['first_write_after_switch_s'] < 2, (name, row)
    recovery = [t for t in report['targets'] if t['name'].startswith('every client library')][0]
    assert recovery['met'] is True, recovery
    assert sum(row['writes_by_client']['ruby'] for row in report['per_second']) > 0
    summary = (tmp_path / 'summary.txt').read_text()
    assert 'Client perl (libredis-perl' in summary and 'Client ruby (ruby-redis' in summary
    # The writers' keys are gone too.
    primary = cluster.node_client(cluster.primary())
    assert not list(primary.scan_iter(match='redisops-drill:*', count=1000))
