# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The drill report's arithmetic, on a made-up run whose right answers are known."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.redisops.ha.plugins.module_utils.drill_report import (
    build_report, render_graph, summary_lines)
from ansible_collections.redisops.ha.plugins.module_utils.stats import percentile

T0 = 1000000.0  # failure time
OLD, NEW = '10.0.0.1:6379', '10.0.0.2:6379'
S1, S2 = '10.0.0.21:26379', '10.0.0.22:26379'


def make_raw(outage=3.0, failed_ops=0, lost=0, slow_ms=2):
    """Two groups of one worker each; 100 ops/s per worker for 10 s before and 10 s after a
    crash at T0; every third op a write. Group 0 (asks S1 first) is back at T0 + outage,
    group 1 half a second later."""
    workers = []
    for group in (0, 1):
        ops, errors = [], []
        back = T0 + outage + 0.5 * group
        i = 0
        t = T0 - 10
        while t < T0 + 10:
            if T0 <= t < back:
                errors.append((t, 'ConnectionError'))
                t += 0.1
                continue
            kind = 'w' if i % 3 == 0 else 'r'
            ops.append((t, t + slow_ms / 1000.0, kind, True, 1, OLD if t < T0 else NEW))
            i += 1
            t += 0.01
        for n in range(failed_ops):
            ops.append((T0 + 0.1 * n, T0 + 0.1 * n + 10, 'w', False, 20, None))
        workers.append(dict(group=group, ops=ops, errors=errors, sessions_created=50, sessions_ended=5,
                            session_misses=[], stale_reads=0, uncertain=failed_ops))
    events = [(T0 + 2.1, S1, '+sdown', 'master mymaster 10.0.0.1 6379'),
              (T0 + 2.2, S2, '+odown', 'master mymaster 10.0.0.1 6379 #quorum 2/2'),
              (T0 + 2.3, S1, '+elected-leader', 'master mymaster 10.0.0.1 6379'),
              (T0 + 2.9, S1, '+switch-master', 'mymaster 10.0.0.1 6379 10.0.0.2 6379'),
              (T0 + 2.95, S2, '+switch-master', 'mymaster 10.0.0.1 6379 10.0.0.2 6379')]
    return dict(started=T0 - 10, ended=T0 + 10, initial_primary=OLD, final_primary=NEW,
                sentinel_names={S1: NEW, S2: NEW}, marker=dict(kind='kill', at=T0 - 0.3),
                primary_down_at=T0, primary_last_ok=T0, events=events,
                sentinels_subscribed={S1: True, S2: True}, groups=[[S1, S2], [S2, S1]], workers=workers,
                checks=dict(keys_checked=90, acked_writes_lost=lost, sessions_lost=lost, stale_values=0,
                            deleted_but_present=0, sessions_expected=90))


def target(report, name):
    return [t for t in report['targets'] if t['name'].startswith(name)][0]


def test_percentile_nearest_rank():
    assert percentile([], 99) is None
    assert percentile([5], 50) == 5
    assert percentile(list(range(1, 101)), 99) == 99
    assert percentile(list(range(1, 101)), 50) == 50


def test_crash_recovery_times_come_from_the_probe_and_the_events():
    report = build_report(make_raw(), 'kill', 200, 20, down_after_ms=2000)
    assert report['failure']['source'].startswith('probe')
    assert report['failure']['marker_s'] == -0.3
    # A write is every third operation, 10 ms apart: the first lands within 30 ms of the return.
    assert 3.0 <= report['client']['first_write_after_failure_s'] < 3.04
    assert 3.5 <= report['client']['all_clients_writing_again_s'] < 3.54
    assert report['sentinel']['switch_master_after_failure_s'] == 2.9
    assert report['sentinel']['leader'] == S1
    assert report['client']['longest_write_gap_s_by_first_sentinel'][S2] > \
        report['client']['longest_write_gap_s_by_first_sentinel'][S1]
    assert target(report, 'first write')['met'] is True


def test_counts_are_consistent():
    report = build_report(make_raw(failed_ops=3), 'kill', 200, 20, down_after_ms=2000)
    ops = report['operations']
    assert ops['ok'] + ops['failed'] == ops['total'] == ops['reads'] + ops['writes']
    assert ops['failed'] == 6
    assert sum(row['ok'] for row in report['per_second']) <= ops['ok']
    assert sum(row['errors'] for row in report['per_second']) == ops['attempt_errors']
    assert ops['errors_by_class'] == {'ConnectionError': ops['attempt_errors']}
    assert report['per_second'][0]['t'] == -10 and report['per_second'][-1]['t'] == 9


def test_missed_targets_say_by_how_much_and_why():
    report = build_report(make_raw(outage=4.2, lost=7, failed_ops=40, slow_ms=900), 'kill', 1000, 20,
                          down_after_ms=2000)
    first = target(report, 'first write')
    # Back at 4.2 s, each operation takes 0.9 s: the first write is acknowledged after 5.1 s.
    assert first['met'] is False and 1.6 <= first['missed_by'] < 1.64
    assert first['missed_by'] == round(first['value'] - 3.5, 3)
    assert 'Sentinel switched at 2.9 s' in first['why']
    assert target(report, 'sessions lost')['missed_by'] == 7
    assert target(report, 'error rate')['met'] is False
    assert target(report, 'p99 latency')['met'] is False
    assert target(report, 'operations per second')['met'] is False
    assert report['verdict'].startswith('5 of 6 targets missed')
    assert any(line.startswith('[MISSED] sessions lost: 7') for line in summary_lines(report))


def test_safe_failover_targets_use_the_marker():
    raw = make_raw(outage=0.8)
    raw['primary_down_at'] = None
    report = build_report(raw, 'safe', 200, 20, down_after_ms=2000)
    assert report['failure']['source'].startswith('marker')
    assert target(report, 'acknowledged writes lost')['met'] is True
    gap = target(report, 'longest client write gap')
    assert gap['met'] is True and gap['value'] < 2.0
    assert target(report, 'operations per second')['met'] is None  # below the 1000 ops/s the target asks
    assert not [t for t in report['targets'] if t['name'].startswith('first write')]


def test_safe_failover_gap_blames_the_leader():
    report = build_report(make_raw(outage=2.4), 'safe', 200, 20, down_after_ms=2000)
    gap = target(report, 'longest client write gap')
    assert gap['met'] is False and S2 in gap['why']


def test_graph_is_written(tmp_path):
    report = build_report(make_raw(), 'kill', 200, 20, down_after_ms=2000)
    path = tmp_path / 'graph.png'
    assert render_graph(report, str(path)) is True
    assert path.read_bytes()[:8] == b'\x89PNG\r\n\x1a\n'


def with_writers(raw, ruby_back=None, perl_back=3.4):
    """Add a ruby and a perl writer at 100 writes/s; each fails from T0 until its 'back' time
    (None: never again - stranded on a demoted primary)."""
    writers = {}
    for client, back in (('ruby', ruby_back), ('perl', perl_back)):
        acks, errors = [], []
        t, n = T0 - 10, 0
        while t < T0 + 10:
            if t >= T0 and (back is None or t < T0 + back):
                errors.append((t, 'READONLY'))
            else:
                acks.append((n, t))
                n += 1
            t += 0.01
        writers[client] = dict(acks=acks, errors=errors, kept=[True] * len(acks), ended=T0 + 10)
    raw['writers'] = writers
    return raw


def test_each_client_library_is_reported_separately():
    report = build_report(with_writers(make_raw(), ruby_back=3.1), 'kill', 300, 20, down_after_ms=2000)
    clients = report['clients']
    assert sorted(clients) == ['perl', 'python', 'ruby']
    # +switch-master at 2.9 s: ruby back at 3.1 s, perl at 3.4 s, python (group 0) at 3.0 s.
    assert abs(clients['ruby']['first_write_after_switch_s'] - 0.2) < 0.011
    assert abs(clients['perl']['first_write_after_failure_s'] - 3.4) < 0.011
    assert 3.0 <= clients['python']['first_write_after_failure_s'] < 3.035  # every third op writes
    assert clients['python']['lost'] == 0 and clients['ruby']['lost'] == 0
    assert target(report, 'every client library')['met'] is True
    # The writers count towards the throughput, per second and per client.
    row = [r for r in report['per_second'] if r['t'] == -5][0]
    assert abs(row['writes_by_client']['ruby'] - 100) <= 1 and abs(row['writes_by_client']['perl'] - 100) <= 1
    assert 66 <= row['writes_by_client']['python'] <= 68  # two workers, 100 ops/s each, a third writes
    assert report['operations']['all_clients_ops_per_s'] > report['operations']['ops_per_s']
    lines = summary_lines(report)
    assert any(line.startswith('Client ruby (ruby-redis') for line in lines)


def test_a_stranded_client_misses_the_recovery_target():
    report = build_report(with_writers(make_raw(), ruby_back=None), 'safe', 300, 20, down_after_ms=2000)
    missed = target(report, 'every client library')
    assert missed['met'] is False and missed['value'] is None
    assert missed['why'].startswith('ruby wrote nothing after +switch-master')
    # Its gap runs to the end of the run.
    assert report['clients']['ruby']['longest_gap_s'] >= 9.9


def test_graph_with_clients_is_written(tmp_path):
    report = build_report(with_writers(make_raw()), 'kill', 300, 20, down_after_ms=2000)
    path = tmp_path / 'graph.png'
    assert render_graph(report, str(path)) is True
    assert path.read_bytes()[:8] == b'\x89PNG\r\n\x1a\n'


def test_a_sentinel_setback_is_named_as_the_cause_of_a_late_switch():
    """An attempt aborted for want of a leader delays the switch by 2 x failover-timeout: the report
    says so instead of blaming the clients."""
    raw = make_raw(outage=42.0)
    raw['ended'] = T0 + 45
    raw['events'] = [(T0 + 2.1, S1, '+sdown', 'master mymaster 10.0.0.1 6379'),
                     (T0 + 2.5, S1, '+try-failover', 'master mymaster 10.0.0.1 6379'),
                     (T0 + 12.5, S1, '-failover-abort-not-elected', 'master mymaster 10.0.0.1 6379'),
                     (T0 + 41.5, S2, '+elected-leader', 'master mymaster 10.0.0.1 6379'),
                     (T0 + 41.9, S2, '+switch-master', 'mymaster 10.0.0.1 6379 10.0.0.2 6379'),
                     (T0 + 50.0, S2, '+tilt', '#tilt mode entered')]
    report = build_report(raw, 'kill', 200, 20, down_after_ms=2000)
    assert report['sentinel']['setbacks'] == [dict(t_s=12.5, sentinel=S1, event='-failover-abort-not-elected')]
    first = target(report, 'first write')
    assert first['met'] is False
    assert '-failover-abort-not-elected at 12.5 s' in first['why'] and '+switch-master at 41.9 s' in first['why']
    assert 'Sentinel setbacks before the switch: -failover-abort-not-elected at 12.5 s (%s)' % S1 \
        in summary_lines(report)


def test_no_setback_in_an_ordinary_failover():
    report = build_report(make_raw(), 'kill', 200, 20, down_after_ms=2000)
    assert report['sentinel']['setbacks'] == []
    assert not [line for line in summary_lines(report) if 'setbacks' in line]
