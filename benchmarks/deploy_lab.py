# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Benchmark: deploy the six-container lab from scratch, then re-run the deployment.

For each run: molecule destroy; molecule create (containers from the local image); time
`molecule converge` (playbooks/deploy.yml on bare containers: the fresh deploy) and time it again
(the idempotent re-run). Targets (issue 3): fresh deploy <= 120 s, re-run <= 30 s.

    .venv/bin/python benchmarks/deploy_lab.py --runs 3      (from the repository root)
"""

from __future__ import absolute_import, division, print_function

import argparse
import datetime
import json
import os
import statistics
import subprocess
import time

from lab_env import BIN, ENV, ROOT


def molecule(*args):
    started = time.time()
    proc = subprocess.run([os.path.join(BIN, 'molecule')] + list(args), cwd=ROOT, env=ENV,
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit('molecule %s failed:\n%s' % (' '.join(args), proc.stdout[-3000:] + proc.stderr[-3000:]))
    return time.time() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n', 1)[0])
    parser.add_argument('--runs', type=int, default=3)
    args = parser.parse_args()
    subprocess.run(['bash', os.path.join(ROOT, 'tools', 'build_lab_image.sh')], check=True, capture_output=True)
    rows = []
    for index in range(args.runs):
        molecule('destroy')
        create = molecule('create')
        fresh = molecule('converge')
        rerun = molecule('converge')
        row = dict(run=index, create_s=round(create, 1), fresh_deploy_s=round(fresh, 1), rerun_s=round(rerun, 1))
        rows.append(row)
        print(json.dumps(row), flush=True)
    molecule('destroy')
    summary = dict(fresh_deploy_median_s=statistics.median(r['fresh_deploy_s'] for r in rows),
                   rerun_median_s=statistics.median(r['rerun_s'] for r in rows),
                   create_median_s=statistics.median(r['create_s'] for r in rows))
    print(json.dumps(dict(date=datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds'),
                          runs=rows, summary=summary), indent=2))


if __name__ == '__main__':
    main()
