# -*- coding: utf-8 -*-
# Copyright: (c) 2026, redisops.ha contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Turns what the drill measured (drill.py) into the report: the failure and recovery times,
per-second throughput, errors and latency, the Sentinel timeline, the data check, and each
target met or missed, by how much and why. Pure functions, so unit tests can feed them."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import math
import traceback
from collections import namedtuple

from ansible_collections.redisops.ha.plugins.module_utils.client_writers import summarize
from ansible_collections.redisops.ha.plugins.module_utils.connection import format_endpoint
from ansible_collections.redisops.ha.plugins.module_utils.stats import percentile

MATPLOTLIB_IMPORT_ERROR = None
try:
    import matplotlib
    matplotlib.use('Agg')
    from matplotlib import pyplot
    HAS_MATPLOTLIB = True
except ImportError:
    pyplot = None
    HAS_MATPLOTLIB = False
    MATPLOTLIB_IMPORT_ERROR = traceback.format_exc()

FAILURE_KINDS = ('kill', 'stop', 'safe', 'force', 'none')
# Kinds whose failure time is when the primary stopped answering (seen by the probe).
_CRASH_KINDS = ('kill', 'stop')
RATE_TARGET = 1000
ERROR_RATE_TARGET_PCT = 1.0
P99_TARGET_MS = 500
SAFE_GAP_TARGET_S = 2.0
# First client write after a crash: down-after-milliseconds plus 1.5 s (3.5 s at 2000 ms,
# 2.5 s at 1000 ms); Sentinel alone needs about down-after + 1.3 s.
FIRST_WRITE_MARGIN_S = 1.5
# Every client library writes again within this many seconds of +switch-master.
CLIENT_RECOVERY_TARGET_S = 5.0


def _ms(seconds):
    return None if seconds is None else round(seconds * 1000, 1)


def _round(value, digits=3):
    return None if value is None else round(value, digits)


def _address(value):
    if value is None:
        return None
    if isinstance(value, (tuple, list)):
        return format_endpoint(value[0], value[1])
    return str(value)


def _iso(epoch):
    if epoch is None:
        return None
    return datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc).isoformat(timespec='milliseconds')


def failure_time(raw, kind):
    """(epoch, source): the probe's 'primary stopped answering' for a kill or a stop, else
    the playbook's marker (written just before the failover was asked for)."""
    marker = raw.get('marker')
    if kind in _CRASH_KINDS and raw.get('primary_down_at'):
        return raw['primary_down_at'], 'probe: last reply of the primary before it stopped answering'
    if marker:
        return marker['at'], {'safe': 'marker: writes paused on the old primary (sentinel_failover)',
                              'force': 'marker: SENTINEL FAILOVER sent (sentinel_failover)'}.get(
                                  kind, 'marker: the playbook, just before it injected the failure')
    return None, 'none'


def client_rows(raw, switch_at, failure_at):
    """Each client library's figures (client_writers.summarize), python from the session
    workload (its writes to the final primary count as kept; its loss is the key check's),
    the others from their writers' logs."""
    final_primary = raw.get('final_primary')
    acks, kept, errors = [], [], []
    for worker in raw['workers']:
        for _start, end, op_kind, ok, _attempts, address in worker['ops']:
            if op_kind == 'w' and ok:
                acks.append((len(acks), end))
                kept.append(final_primary is None or _address(address) == final_primary)
        errors.extend(worker['errors'])
    order = sorted(range(len(acks)), key=lambda i: acks[i][1])
    python = summarize('python', [acks[i] for i in order], sorted(errors), [kept[i] for i in order],
                       switch_at, failure_at, raw['ended'])
    python['lost'] = (raw.get('checks') or {}).get('acked_writes_lost')
    rows = dict(python=python)
    for client, log in sorted((raw.get('writers') or {}).items()):
        present = log['kept'] if log['kept'] is not None else [True] * len(log['acks'])
        rows[client] = summarize(client, log['acks'], log['errors'], present, switch_at, failure_at, log['ended'])
        if log['kept'] is None:
            rows[client]['lost'] = None
    return rows


def _writes_per_second(raw, zero):
    """{second: {client: acknowledged writes}} on the report's time axis."""
    counts = {}
    for worker in raw['workers']:
        for _start, end, op_kind, ok, _attempts, _address_ in worker['ops']:
            if op_kind == 'w' and ok:
                bucket = counts.setdefault(int(math.floor(end - zero)), {})
                bucket['python'] = bucket.get('python', 0) + 1
    for client, log in (raw.get('writers') or {}).items():
        for _n, when in log['acks']:
            bucket = counts.setdefault(int(math.floor(when - zero)), {})
            bucket[client] = bucket.get(client, 0) + 1
    return counts


# One operation of the workload, times in seconds from the failure (or from the start).
Op = namedtuple('Op', 'start end kind ok attempts address group')


def _operations(raw, zero):
    """Every operation as an Op and every failed attempt as (time, error class), times from zero."""
    ops, errors = [], []
    for worker in raw['workers']:
        for start, end, op_kind, ok, attempts, address in worker['ops']:
            ops.append(Op(start - zero, end - zero, op_kind, ok, attempts, _address(address), worker['group']))
        errors.extend((when - zero, name) for when, name in worker['errors'])
    ops.sort(key=lambda op: op.end)
    return ops, errors


def _recovery(ops, groups, failure_at, final_primary, end_s):
    """When each group (by the Sentinel it asks first) wrote again on the final primary, the
    failover window, and each group's longest gap between acknowledged writes."""
    first_sentinel = [order[0] for order in groups]
    recovered, writes_by_group = {}, {}
    for op in ops:
        if op.kind != 'w' or not op.ok:
            continue
        writes_by_group.setdefault(op.group, []).append(op.end)
        if failure_at is not None and op.end > 0 and op.group not in recovered \
                and (final_primary is None or op.address == final_primary):
            recovered[op.group] = op.end
    all_recovered = max(recovered.values()) if len(recovered) == len(groups) else None
    window_end = all_recovered if all_recovered is not None else (end_s if failure_at is not None else None)
    gaps = dict((first_sentinel[group], _round(max((b - a for a, b in zip(times, times[1:])), default=0.0)))
                for group, times in writes_by_group.items())
    return dict(first_sentinel=first_sentinel, recovered=recovered,
                first_write=min(recovered.values()) if recovered else None,
                all_recovered=all_recovered, window_end=window_end, gaps=gaps,
                longest_gap=max(gaps.values()) if gaps else None)


def _is_setback(event):
    """A Sentinel event that delays the failover by Sentinel's own timers: an aborted attempt
    (tried again only after 2 x failover-timeout) or TILT (no action for 30 s)."""
    return event.startswith('-failover-abort') or event == '+tilt'


def _sentinel_view(events, zero, failure_at):
    """Sentinel's timeline from the failure, the first time each event was seen, the leader, and
    the setbacks (aborted attempts, TILT) seen between the failure and the switch."""
    timeline, first_seen, leader, setbacks = [], {}, None, []
    for when, sentinel, event, detail in sorted(events):
        relative = when - zero
        timeline.append(dict(t_s=_round(relative), sentinel=sentinel, event=event, detail=detail))
        after_failure = relative >= -0.5 or failure_at is None
        if after_failure:
            first_seen.setdefault(event, _round(relative))
        if event == '+elected-leader' and leader is None:
            leader = sentinel
        if after_failure and _is_setback(event) and '+switch-master' not in first_seen:
            setbacks.append(dict(t_s=_round(relative), sentinel=sentinel, event=event))
    return dict(switch_master_after_failure_s=first_seen.get('+switch-master'), leader=leader,
                first_seen_s=first_seen, setbacks=setbacks, timeline=timeline)


def _setbacks_text(setbacks):
    return ', '.join('%s at %s s (%s)' % (item['event'], item['t_s'], item['sentinel']) for item in setbacks)


def _per_second(ops, errors, start_s, end_s, by_client, clients):
    """Throughput, errors and latency in each whole second (a partial first or last second
    would look like a drop in throughput)."""
    seconds = {}
    for op in ops:
        bucket = seconds.setdefault(int(math.floor(op.end)), dict(ok=0, failed=0, latencies=[]))
        if op.ok:
            bucket['ok'] += 1
            bucket['latencies'].append(op.end - op.start)
        else:
            bucket['failed'] += 1
    for when, _name in errors:
        bucket = seconds.setdefault(int(math.floor(when)), dict(ok=0, failed=0, latencies=[]))
        bucket['errors'] = bucket.get('errors', 0) + 1
    rows = []
    for second in range(int(math.ceil(start_s)), int(math.floor(end_s))):
        bucket = seconds.get(second, dict(ok=0, failed=0, latencies=[]))
        rows.append(dict(t=second, ok=bucket['ok'], failed=bucket['failed'], errors=bucket.get('errors', 0),
                         p50_ms=_ms(percentile(bucket['latencies'], 50)),
                         p99_ms=_ms(percentile(bucket['latencies'], 99)),
                         max_ms=_ms(max(bucket['latencies']) if bucket['latencies'] else None),
                         writes_by_client=dict((client, by_client.get(second, {}).get(client, 0))
                                               for client in clients)))
    return rows


def _operation_figures(raw, ops, errors, failure_at, window_end, start_s, end_s):
    def outside(op):
        return failure_at is None or op.end < 0 or op.start > window_end

    latencies = [op.end - op.start for op in ops if op.ok]
    latencies_outside = [op.end - op.start for op in ops if op.ok and outside(op)]
    failed = sum(1 for op in ops if not op.ok)
    span = end_s - start_s
    outside_seconds = span - ((window_end or 0) if failure_at is not None else 0)
    ops_outside = sum(1 for op in ops if outside(op))
    by_class = {}
    for _when, name in errors:
        by_class[name] = by_class.get(name, 0) + 1
    writer_ops = sum(len(log['acks']) + len(log['errors']) for log in (raw.get('writers') or {}).values())
    return dict(total=len(ops), ok=len(ops) - failed, failed=failed,
                reads=sum(1 for op in ops if op.kind == 'r'),
                writes=sum(1 for op in ops if op.kind == 'w'),
                attempt_errors=len(errors), errors_by_class=by_class,
                error_rate_pct=_round(100.0 * failed / len(ops), 4) if ops else None,
                ops_per_s=_round(len(ops) / span, 1) if span > 0 else None,
                all_clients_ops_per_s=_round((len(ops) + writer_ops) / span, 1) if span > 0 else None,
                ops_per_s_outside_window=_round(ops_outside / outside_seconds, 1) if outside_seconds > 0 else None,
                p50_ms=_ms(percentile(latencies, 50)), p99_ms=_ms(percentile(latencies, 99)),
                max_ms=_ms(max(latencies) if latencies else None),
                p99_outside_window_ms=_ms(percentile(latencies_outside, 99)))


def _data_figures(raw, ops):
    checks = raw.get('checks') or {}
    workers = raw['workers']
    return dict(writes_acked=sum(1 for op in ops if op.kind == 'w' and op.ok),
                sessions_created=sum(w['sessions_created'] for w in workers),
                sessions_ended=sum(w['sessions_ended'] for w in workers),
                session_misses_during_run=sum(len(w['session_misses']) for w in workers),
                stale_reads_during_run=sum(w['stale_reads'] for w in workers),
                keys_of_failed_operations=sum(w['uncertain'] for w in workers),
                checked=bool(checks), **checks)


def _verdict(targets):
    missed = [t for t in targets if t['met'] is False]
    if not missed:
        return 'all %d targets met' % len([t for t in targets if t['met']])
    judged = len([t for t in targets if t['met'] is not None])
    return '%d of %d targets missed: %s' % (len(missed), judged, ', '.join(t['name'] for t in missed))


def build_report(raw, kind, rate, duration, down_after_ms=None):
    """The drill report as a JSON-ready dict: the client's view, Sentinel's, per second, the data
    checks, then the targets and the verdict."""
    failure_at, failure_source = failure_time(raw, kind)
    zero = failure_at if failure_at is not None else raw['started']
    final_primary = raw.get('final_primary')
    ops, errors = _operations(raw, zero)
    start_s, end_s = raw['started'] - zero, raw['ended'] - zero
    recovery = _recovery(ops, raw['groups'], failure_at, final_primary, end_s)
    sentinel = _sentinel_view(raw['events'], zero, failure_at)
    switch_s = sentinel['switch_master_after_failure_s']
    clients = client_rows(raw, zero + switch_s if switch_s is not None else None, failure_at)
    first_sentinel = recovery['first_sentinel']
    report = dict(
        drill=dict(failure=kind, duration_s=duration, rate_requested=rate, workers=len(raw['workers']),
                   started=_iso(raw['started']), ended=_iso(raw['ended']),
                   initial_primary=raw.get('initial_primary'), final_primary=final_primary,
                   sentinels_asked_first=first_sentinel, sentinel_names=raw.get('sentinel_names'),
                   down_after_milliseconds=down_after_ms,
                   sentinels_subscribed=raw.get('sentinels_subscribed')),
        failure=dict(kind=kind, at=_iso(failure_at), source=failure_source,
                     marker_s=_round(raw['marker']['at'] - zero) if raw.get('marker') else None,
                     primary_stopped_answering_s=_round(raw['primary_down_at'] - zero)
                     if raw.get('primary_down_at') else None),
        client=dict(first_write_after_failure_s=_round(recovery['first_write']),
                    all_clients_writing_again_s=_round(recovery['all_recovered']),
                    writing_again_by_first_sentinel=dict((first_sentinel[group], _round(when))
                                                         for group, when in recovery['recovered'].items()),
                    failover_window_s=[0, _round(recovery['window_end'])] if failure_at is not None else None,
                    longest_write_gap_s=recovery['longest_gap'],
                    longest_write_gap_s_by_first_sentinel=recovery['gaps']),
        sentinel=sentinel,
        clients=clients,
        operations=_operation_figures(raw, ops, errors, failure_at, recovery['window_end'], start_s, end_s),
        data=_data_figures(raw, ops),
        per_second=_per_second(ops, errors, start_s, end_s, _writes_per_second(raw, zero), clients),
    )
    report['targets'] = evaluate_targets(report, kind, rate, down_after_ms)
    report['verdict'] = _verdict(report['targets'])
    return report


def _target(name, target, value, met, by=None, why=None, unit=''):
    return dict(name=name, target=target, value=value, unit=unit, met=met,
                missed_by=by if met is False else None, why=why if met is False else None)


def evaluate_targets(report, kind, rate, down_after_ms):
    client, sentinel, ops, data = report['client'], report['sentinel'], report['operations'], report['data']
    targets = []
    if kind in _CRASH_KINDS:
        limit = (down_after_ms or 2000) / 1000.0 + FIRST_WRITE_MARGIN_S
        value = client['first_write_after_failure_s']
        switch = sentinel['switch_master_after_failure_s']
        setbacks = sentinel['setbacks']
        if setbacks:
            why = ('Sentinel set its own failover back: %s; an aborted attempt is tried again only '
                   'after 2 x failover-timeout, a Sentinel in TILT does nothing for 30 s (a stalled '
                   'or overloaded Sentinel host, or Sentinels that could not agree on a leader)%s'
                   % (_setbacks_text(setbacks), '' if switch is None else '; +switch-master at %s s' % switch))
        elif value is None:
            why = ('no client write reached a new primary%s' % (
                '' if switch is not None else ': Sentinel never switched (no +switch-master); was the '
                'primary restarted by a service manager before down-after-milliseconds, or are fewer '
                'than quorum Sentinels up?'))
        elif switch is not None and switch > limit:
            why = ('Sentinel itself switched only at %.2f s: down-after-milliseconds %s ms, then '
                   '%.2f s for the vote and the promotion' % (switch, down_after_ms, switch - (down_after_ms or 0) / 1000.0))
        else:
            why = ('Sentinel switched at %s s but the first write came %.2f s later: clients find the '
                   'new primary only when a Sentinel they ask reports it, and retry with backoff'
                   % (switch, value - (switch or 0)))
        targets.append(_target('first write after the failure', '<= %.1f s (down-after %s ms + %.1f s)'
                               % (limit, down_after_ms, FIRST_WRITE_MARGIN_S), value,
                               value is not None and value <= limit,
                               by=None if value is None else _round(value - limit), why=why, unit='s'))
    if kind == 'safe':
        lost = data.get('acked_writes_lost')
        targets.append(_target('acknowledged writes lost (safe failover)', '0', lost,
                               None if lost is None else lost == 0, by=lost,
                               why='%s acknowledged writes were missing or older on the new primary' % lost))
        gap = client['longest_write_gap_s']
        worst = max(client['longest_write_gap_s_by_first_sentinel'].items(), key=lambda item: item[1],
                    default=(None, None))
        why = 'longest gap %s s for clients that ask %s first' % (worst[1], worst[0])
        if worst[0] and worst[0] == sentinel['leader']:
            why += (', the Sentinel that led the failover: it keeps naming the old primary in '
                    'SENTINEL MASTERS (what redis-py asks) until +failover-end')
        targets.append(_target('longest client write gap (safe failover)', '<= %.1f s' % SAFE_GAP_TARGET_S,
                               gap, None if gap is None else gap <= SAFE_GAP_TARGET_S,
                               by=None if gap is None else _round(gap - SAFE_GAP_TARGET_S), why=why, unit='s'))
    clients = report['clients']
    if sentinel['switch_master_after_failure_s'] is not None:
        late = dict((name, row['first_write_after_switch_s']) for name, row in clients.items())
        stranded = sorted(name for name, value in late.items() if value is None)
        worst = max((value for value in late.values() if value is not None), default=None)
        value = None if stranded else worst
        why = ('%s wrote nothing after +switch-master: a library that keeps a connection answering '
               'READONLY was not disconnected from the demoted primary' % ', '.join(stranded)
               if stranded else 'slowest: %s' % ', '.join(
                   '%s %s s' % (name, v) for name, v in sorted(late.items()) if v == worst))
        targets.append(_target('every client library writing within %.0f s of +switch-master (%s)'
                               % (CLIENT_RECOVERY_TARGET_S, ', '.join(sorted(clients))),
                               '<= %.1f s' % CLIENT_RECOVERY_TARGET_S, value,
                               value is not None and value <= CLIENT_RECOVERY_TARGET_S,
                               by=None if value is None else _round(value - CLIENT_RECOVERY_TARGET_S),
                               why=why, unit='s'))
    rate_value = ops['all_clients_ops_per_s']
    targets.append(_target('operations per second over the run (all clients)', '>= %d' % RATE_TARGET,
                           rate_value, None if rate < RATE_TARGET or rate_value is None
                           else rate_value >= RATE_TARGET,
                           by=None if rate_value is None else _round(rate_value - RATE_TARGET, 1),
                           why='the client could not keep the pace: the host running the drill is '
                               'busy or the round trips are slow; raise workers',
                           unit='ops/s'))
    error_rate = ops['error_rate_pct']
    targets.append(_target('error rate (operations that failed after retries)', '< %.0f %%' % ERROR_RATE_TARGET_PCT,
                           error_rate, None if error_rate is None else error_rate < ERROR_RATE_TARGET_PCT,
                           by=None if error_rate is None else _round(error_rate - ERROR_RATE_TARGET_PCT, 4),
                           why='%s operations gave up after their retry budget' % ops['failed'], unit='%'))
    p99 = ops['p99_outside_window_ms']
    targets.append(_target('p99 latency outside the failover window', '< %d ms' % P99_TARGET_MS, p99,
                           None if p99 is None else p99 < P99_TARGET_MS,
                           by=None if p99 is None else _round(p99 - P99_TARGET_MS, 1),
                           why='slow replies outside the failover: an overloaded host or node', unit='ms'))
    lost_sessions = data.get('sessions_lost')
    why = '%s sessions acknowledged as created were gone after the run' % lost_sessions
    if kind == 'force':
        why += ('; expected with a forced failover: the old primary kept taking writes that never '
                'reached the promoted replica')
    targets.append(_target('sessions lost', '0', lost_sessions,
                           None if lost_sessions is None else lost_sessions == 0, by=lost_sessions, why=why))
    return targets


def summary_lines(report):
    """The human summary: what happened, then each target."""
    drill, failure, client, sentinel = report['drill'], report['failure'], report['client'], report['sentinel']
    ops, data = report['operations'], report['data']
    lines = [
        'Failover drill: %s, %s s at %s ops/s requested, %s workers; primary %s -> %s'
        % (failure['kind'], drill['duration_s'], drill['rate_requested'], drill['workers'],
           drill['initial_primary'], drill['final_primary']),
        'Failure at %s (%s)' % (failure['at'], failure['source']),
        'Sentinel: +switch-master at %s s (leader %s); client: first write %s s, all clients %s s, '
        'longest write gap %s s' % (sentinel['switch_master_after_failure_s'], sentinel['leader'],
                                    client['first_write_after_failure_s'], client['all_clients_writing_again_s'],
                                    client['longest_write_gap_s']),
        'Operations: %s (%s ops/s, %s outside the window), %s failed (%s %%), %s errors retried; p50 %s ms, '
        'p99 %s ms, p99 outside the window %s ms' % (ops['total'], ops['ops_per_s'], ops['ops_per_s_outside_window'],
                                                     ops['failed'], ops['error_rate_pct'], ops['attempt_errors'],
                                                     ops['p50_ms'], ops['p99_ms'], ops['p99_outside_window_ms']),
        'Data: %s acknowledged writes, %s keys checked, %s lost; %s sessions expected, %s lost'
        % (data['writes_acked'], data.get('keys_checked'), data.get('acked_writes_lost'),
           data.get('sessions_expected'), data.get('sessions_lost')),
    ]
    if sentinel['setbacks']:
        lines.insert(3, 'Sentinel setbacks before the switch: %s' % _setbacks_text(sentinel['setbacks']))
    for name, row in sorted(report['clients'].items()):
        lines.append('Client %s (%s): first write %s s after the failure, %s s after +switch-master; longest '
                     'gap %s s; %s errors retried; %s acknowledged writes, %s lost'
                     % (name, row['library'], row.get('first_write_after_failure_s'),
                        row.get('first_write_after_switch_s'), row['longest_gap_s'], row['errors'],
                        row['acked'], row['lost']))
    for target in report['targets']:
        state = {True: 'MET', False: 'MISSED', None: 'n/a'}[target['met']]
        line = '[%s] %s: %s%s (target %s)' % (state, target['name'], target['value'],
                                              (' ' + target['unit']) if target['unit'] else '', target['target'])
        if target['met'] is False:
            line += ', missed by %s: %s' % (target['missed_by'], target['why'])
        lines.append(line)
    lines.append('Verdict: %s' % report['verdict'])
    return lines


def render_graph(report, path):
    """Throughput, errors and latency per second, the failure and the switch marked."""
    if not HAS_MATPLOTLIB:
        return False
    rows = report['per_second']
    seconds = [row['t'] + 0.5 for row in rows]
    figure, (top, by_client, middle, bottom) = pyplot.subplots(
        4, 1, sharex=True, figsize=(11, 10), gridspec_kw=dict(height_ratios=[1, 1, 0.8, 1]))
    top.plot(seconds, [row['ok'] for row in rows], color='tab:blue', label='redis-py session operations ok/s')
    top.set_ylabel('ops/s')
    colours = dict(python='tab:blue', ruby='tab:red', perl='tab:green')
    styles = dict(python='-', ruby='--', perl='-.')  # the libraries often write at the same pace
    for name, client in sorted(report['clients'].items()):
        colour = colours.get(name)
        by_client.plot(seconds, [row.get('writes_by_client', {}).get(name, 0) for row in rows],
                       color=colour, linestyle=styles.get(name, '-'), label='%s writes ok/s' % name)
        first = client.get('first_write_after_failure_s')
        if first is not None and report['failure']['at']:
            by_client.axvline(first, color=colour, linestyle=':', linewidth=1.2,
                              label='%s writing again (%.2f s)' % (name, first))
    by_client.set_ylabel('writes/s by client')
    middle.bar(seconds, [row['errors'] for row in rows], width=0.9, color='tab:red', label='redis-py errors (retried)/s')
    middle.bar(seconds, [row['failed'] for row in rows], width=0.5, color='black', label='redis-py failed operations/s')
    middle.set_ylabel('errors/s')
    bottom.plot(seconds, [row['max_ms'] for row in rows], color='tab:pink', linewidth=0.8, label='max')
    bottom.plot(seconds, [row['p99_ms'] for row in rows], color='tab:purple', label='p99')
    bottom.plot(seconds, [row['p50_ms'] for row in rows], color='tab:gray', label='p50')
    bottom.set_yscale('log')
    bottom.set_ylabel('latency ms')
    bottom.set_xlabel('seconds from the failure')
    window = report['client']['failover_window_s']
    marks = [(0, 'failure (%s)' % report['failure']['kind'], 'red'),
             (report['sentinel']['switch_master_after_failure_s'], '+switch-master', 'orange'),
             (report['client']['first_write_after_failure_s'], 'first client write', 'green')]
    for axis in (top, by_client, middle, bottom):
        if window and window[1] is not None:
            axis.axvspan(window[0], window[1], color='gold', alpha=0.2)
        for when, label, colour in marks:
            if when is not None and report['failure']['at']:
                axis.axvline(when, color=colour, linestyle='--', linewidth=1, label=label if axis is top else None)
        axis.grid(True, alpha=0.3)
    top.legend(loc='lower left', fontsize=8)
    by_client.legend(loc='lower left', fontsize=7, ncol=2)
    middle.legend(loc='upper right', fontsize=8)
    bottom.legend(loc='upper right', fontsize=8)
    top.set_title('Failover drill (%s): %s' % (report['failure']['kind'], report['verdict']), fontsize=10)
    figure.tight_layout()
    figure.savefig(path, dpi=90)
    pyplot.close(figure)
    return True
