# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run one of the collection's modules through ansible-playbook, as a user does, and return
its result and everything Ansible printed (to search for leaked secrets)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import subprocess
import sys
import tempfile

from loopback_cluster import DATA_PASSWORD, SENTINEL_PASSWORD

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
# The ansible-core under test is the one beside the Python running the tests: .venv's, or one
# of the matrix's venvs (make integration, tools/integration_matrix.sh).
VENV_BIN = os.path.dirname(sys.executable)
VENV_PYTHON = os.path.join(VENV_BIN, 'python')
# Nodes run Debian's python3 with python3-redis 4.3; the controller runs current redis-py.
INTERPRETERS = {'controller': VENV_PYTHON, 'debian': '/usr/bin/python3'}
SECRETS = (DATA_PASSWORD, SENTINEL_PASSWORD)


class ModuleRun:
    def __init__(self, result, output):
        self.result = result
        self.output = output

    @property
    def failed(self):
        return bool(self.result.get('failed'))

    @property
    def changed(self):
        return bool(self.result.get('changed'))

    @property
    def msg(self):
        return self.result.get('msg', '')

    def __getitem__(self, key):
        return self.result[key]

    def get(self, key, default=None):
        return self.result.get(key, default)

    def assert_no_secret(self):
        for secret in SECRETS:
            assert secret not in self.output, 'a secret leaked into the output'


def run_module(name, args, check_mode=False, interpreter='controller', verbosity=0):
    """Run redisops.ha.<name> with args on localhost through ansible-playbook."""
    playbook = [{
        'hosts': 'localhost', 'gather_facts': False,
        'vars': {'ansible_python_interpreter': INTERPRETERS[interpreter]},
        'tasks': [{'name': 'run the module', 'redisops.ha.%s' % name: args,
                   'register': 'module_result', 'ignore_errors': True}],
    }]
    env = dict(os.environ, ANSIBLE_CONFIG=os.path.join(ROOT, 'ansible.cfg'),
               ANSIBLE_COLLECTIONS_PATH=os.path.join(ROOT, '.collections'),
               ANSIBLE_STDOUT_CALLBACK='ansible.posix.json', ANSIBLE_LOCALHOST_WARNING='false',
               ANSIBLE_INVENTORY_UNPARSED_WARNING='false', ANSIBLE_NOCOLOR='1')
    with tempfile.NamedTemporaryFile('w', suffix='.yml', delete=False) as handle:
        json.dump(playbook, handle)  # JSON is YAML
    try:
        command = [os.path.join(VENV_BIN, 'ansible-playbook'), '-i', 'localhost,',
                   '-c', 'local', handle.name]
        if check_mode:
            command.append('--check')
        if verbosity:
            command.append('-' + 'v' * verbosity)
        proc = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True,
                              timeout=300, check=False)
    finally:
        os.unlink(handle.name)
    output = proc.stdout + proc.stderr
    start = proc.stdout.find('{')
    assert start >= 0, 'ansible-playbook printed no JSON:\n%s' % output
    report = json.loads(proc.stdout[start:])
    result = report['plays'][0]['tasks'][0]['hosts']['localhost']
    return ModuleRun(result, output)
