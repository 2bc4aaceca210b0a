# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark: the failover drills on each lab, one lab after another (they share container names).

For every lab: `make lab LAB=<lab>` (image, deploy, checks), then benchmarks/drill_lab.py with the
kill and safe cases (the automatic failover after SIGKILL of the primary's server, and
playbooks/failover.yml's safe failover; each run a drill under the session-like client load), then
`make lab-destroy`. Prints drill_lab.py's JSON per run and, at the end, one summary per lab.

    .venv/bin/python benchmarks/labs.py --runs 3 --duration 30      (from the repository root)
    .venv/bin/python benchmarks/labs.py --labs debian13-valkey --runs 1
"""

from __future__ import absolute_import, division, print_function

import argparse
import datetime
import json
import os
import subprocess
import sys

from lab_env import ENV, ROOT

LABS = ('debian13-redis', 'debian13-valkey', 'debian12-redis', 'debian12-valkey')


def make(target, lab):
    proc = subprocess.run(['make', '--no-print-directory', target, 'LAB=%s' % lab], cwd=ROOT, env=ENV,
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit('make %s LAB=%s failed:\n%s' % (target, lab, (proc.stdout + proc.stderr)[-4000:]))


def drills(lab, runs, duration):
    """drill_lab.py's runs on the running lab: its JSON lines, and the final summary."""
    env = dict(ENV, REDISOPS_LAB=lab)
    proc = subprocess.run([sys.executable, os.path.join(ROOT, 'benchmarks', 'drill_lab.py'), '--runs', str(runs),
                           '--duration', str(duration), '--cases', 'kill,safe'],
                          cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit('drill_lab.py on %s failed:\n%s' % (lab, (proc.stdout + proc.stderr)[-4000:]))
    lines = proc.stdout.splitlines()
    start = next(index for index, line in enumerate(lines) if line.startswith('{') and not line.endswith('}'))
    return [json.loads(line) for line in lines[:start] if line.startswith('{')], json.loads('\n'.join(lines[start:]))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n', 1)[0])
    parser.add_argument('--labs', default=','.join(LABS))
    parser.add_argument('--runs', type=int, default=3)
    parser.add_argument('--duration', type=int, default=30)
    args = parser.parse_args()
    started = datetime.datetime.now(datetime.timezone.utc)
    summary = {}
    for lab in args.labs.split(','):
        make('lab', lab)
        try:
            rows, result = drills(lab, args.runs, args.duration)
        finally:
            make('lab-destroy', lab)
        for row in rows:
            print(json.dumps(dict(row, lab=lab)), flush=True)
        summary[lab] = result['medians']
        print(json.dumps({lab: result['medians']}), flush=True)
    print(json.dumps(dict(started=started.isoformat(timespec='seconds'),
                          ended=datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds'),
                          runs=args.runs, duration_s=args.duration, medians=summary), indent=1))


if __name__ == '__main__':
    main()
