# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark: playbooks/drill.yml on the Docker lab, --runs times per case, medians against
the targets of docs/benchmarks.md.

Cases: kill (down-after-milliseconds 2000, the default), kill with 1000, stop (the container),
safe and force (manual failovers). down-after is changed at runtime by deploy.yml
(-e sentinel_down_after_milliseconds=...) and put back afterwards. Needs a running lab
(`make lab`). Prints one JSON line per run and a summary; reports stay in drill-reports/.

    .venv/bin/python benchmarks/drill_lab.py --runs 5          (from the repository root)
    .venv/bin/python benchmarks/drill_lab.py --runs 1 --cases safe --duration 30
"""

from __future__ import absolute_import, division, print_function

import argparse
import datetime
import json
import os
import statistics
import subprocess

from lab_env import BIN, ENV, ROOT
CASES = {'kill': ('kill', 2000), 'kill-1000': ('kill', 1000), 'stop': ('stop', 2000),
         'safe': ('safe', 2000), 'force': ('force', 2000)}


def playbook(name, *extra):
    command = [os.path.join(BIN, 'ansible-playbook'), '-i', 'inventories/lab', 'playbooks/%s' % name] + list(extra)
    proc = subprocess.run(command, cwd=ROOT, env=ENV, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit('%s failed:\n%s' % (' '.join(command), proc.stdout[-4000:]))
    return proc.stdout


def set_down_after(milliseconds):
    playbook('deploy.yml', '-e', 'sentinel_down_after_milliseconds=%d' % milliseconds)


def measure(report):
    client, ops, data, sentinel = report['client'], report['operations'], report['data'], report['sentinel']
    return dict(first_write_s=client['first_write_after_failure_s'], switch_master_s=sentinel['switch_master_after_failure_s'],
                all_clients_s=client['all_clients_writing_again_s'], longest_gap_s=client['longest_write_gap_s'],
                leader=sentinel['leader'], gap_by_first_sentinel=client['longest_write_gap_s_by_first_sentinel'],
                ops_per_s=ops['ops_per_s'], error_rate_pct=ops['error_rate_pct'], failed=ops['failed'],
                p99_outside_ms=ops['p99_outside_window_ms'], p99_ms=ops['p99_ms'], writes_acked=data['writes_acked'],
                acked_writes_lost=data['acked_writes_lost'], sessions_lost=data['sessions_lost'],
                verdict=report['verdict'])


def median(rows, key):
    values = [row[key] for row in rows if row.get(key) is not None]
    return statistics.median(values) if values else None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n', 1)[0])
    parser.add_argument('--runs', type=int, default=5)
    parser.add_argument('--duration', type=int, default=60)
    parser.add_argument('--cases', default=','.join(CASES))
    args = parser.parse_args()
    started = datetime.datetime.now(datetime.timezone.utc)
    results = {}
    current_down_after = 2000
    for case in args.cases.split(','):
        failure, down_after = CASES[case]
        if down_after != current_down_after:
            set_down_after(down_after)
            current_down_after = down_after
        rows = []
        for index in range(args.runs):
            directory = os.path.join(ROOT, 'drill-reports', 'bench-%s-%s-%d' % (started.strftime('%Y%m%dT%H%M%SZ'), case, index))
            playbook('drill.yml', '-e', 'drill_failure=%s' % failure, '-e', 'drill_duration=%d' % args.duration,
                     '-e', 'drill_report_dir=%s' % directory)
            with open(os.path.join(directory, 'report.json')) as handle:
                row = measure(json.load(handle))
            with open(os.path.join(directory, 'failure.json')) as handle:
                row['write_pause_ms'] = json.load(handle).get('write_pause_ms')
            row.update(case=case, run=index, report=os.path.relpath(directory, ROOT))
            rows.append(row)
            print(json.dumps(row), flush=True)
        results[case] = rows
    if current_down_after != 2000:
        set_down_after(2000)
    summary = {}
    for case, rows in results.items():
        summary[case] = dict((key, median(rows, key)) for key in (
            'first_write_s', 'switch_master_s', 'all_clients_s', 'longest_gap_s', 'ops_per_s', 'error_rate_pct',
            'p99_outside_ms', 'acked_writes_lost', 'sessions_lost', 'write_pause_ms'))
        summary[case]['runs'] = len(rows)
        summary[case]['worst_longest_gap_s'] = max(row['longest_gap_s'] for row in rows)
        summary[case]['lost_total'] = sum(row['acked_writes_lost'] or 0 for row in rows)
        summary[case]['writes_acked_total'] = sum(row['writes_acked'] for row in rows)
    print(json.dumps(dict(date=started.isoformat(timespec='seconds'), runs=args.runs, duration_s=args.duration,
                          medians=summary), indent=1))


if __name__ == '__main__':
    main()
