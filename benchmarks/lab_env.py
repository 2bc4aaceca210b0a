# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the lab benchmarks share: the checkout's paths, the environment ansible-playbook and
molecule need (as the Makefile sets it), and the lab's own passwords."""

from __future__ import absolute_import, division, print_function

import os
import re
import subprocess
import sys
import tempfile

import yaml

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..'))
BIN = os.path.join(ROOT, '.venv', 'bin')
ENV = dict(os.environ, ANSIBLE_CONFIG=os.path.join(ROOT, 'ansible.cfg'),
           ANSIBLE_COLLECTIONS_PATH=os.path.join(ROOT, '.collections'),
           PATH=BIN + os.pathsep + os.environ['PATH'])


def lab_passwords():
    """(data password, Sentinel password) of inventories/lab: lab-only values, in clear."""
    with open(os.path.join(ROOT, 'inventories', 'lab', 'group_vars', 'all', 'cluster.yml')) as handle:
        lab = yaml.safe_load(handle)
    return lab['redisops_lab_data_password'], lab['redisops_lab_sentinel_password']


def matrix_figures(case, output):
    """One run's figures from client_matrix.py's report and the playbook's output (its
    "writes paused N ms" line): longest gap, pause, acknowledged writes, lost, errors, per client."""
    pause = re.search(r'writes paused (\d+) ms', output)
    rows = case['clients'].values()
    return dict(longest_gap_s=max(row['longest_gap_s'] for row in rows),
                write_pause_ms=int(pause.group(1)) if pause else None,
                acked=sum(row['acked'] for row in rows),
                lost=sum(row['lost'] for row in rows),
                errors=sum(row['errors'] for row in rows),
                clients={name: dict(longest_gap_s=row['longest_gap_s'], lost=row['lost'], errors=row['errors'],
                                    longest_gap=row.get('longest_gap'))
                         for name, row in case['clients'].items()})


def playbook_under_writers(sentinels, playbook_argv, env):
    """Run ansible-playbook (playbook_argv, after the program) under tests/support/client_matrix.py's
    writers in every client library; returns (the finished process, the playbook's output)."""
    data_password, sentinel_password = lab_passwords()
    with tempfile.NamedTemporaryFile('r', suffix='.log') as log:
        command = ' '.join([os.path.join(BIN, 'ansible-playbook')] + playbook_argv + ['|', 'tee', log.name])
        proc = subprocess.run([sys.executable, os.path.join(ROOT, 'tests', 'support', 'client_matrix.py')]
                              + sentinels + ['--', 'bash', '-o', 'pipefail', '-c', command],
                              input='%s\n%s\n' % (data_password, sentinel_password), cwd=ROOT,
                              env=env, capture_output=True, text=True, check=False)
        return proc, log.read()
