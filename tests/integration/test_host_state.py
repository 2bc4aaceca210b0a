# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""redisops.ha.host_state on this Debian machine: its packages against what python3-apt (the source
ansible.builtin.package_facts reads on Debian) says is installed, and its paths; the service states need systemd as PID 1, which only the lab
containers have (Molecule's deploy re-runs use them)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import subprocess

import pytest

from module_runner import run_module

APT_INSTALLED = '''
import apt, json
print(json.dumps(sorted((p.name, p.installed.version, p.installed.architecture)
                        for p in apt.Cache() if p.is_installed)))
'''


def apt_installed():
    proc = subprocess.run(['/usr/bin/python3', '-c', APT_INSTALLED], capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        pytest.skip('python3-apt is not installed on this machine: %s' % proc.stderr.strip()[-200:])
    return [tuple(entry) for entry in json.loads(proc.stdout)]


@pytest.mark.parametrize('interpreter', ['controller', 'debian'])
def test_the_same_packages_and_versions_as_apt(interpreter):
    run = run_module('host_state', {}, interpreter=interpreter)
    assert not run.failed and not run.changed, run.msg
    packages = run['ansible_facts']['packages']
    ours = sorted((entry['name'], entry['version'], entry['arch'])
                  for entries in packages.values() for entry in entries)
    # apt names a foreign-architecture package name:arch; dpkg-query names it plainly.
    assert ours == sorted((name.split(':')[0], version, arch) for name, version, arch in apt_installed())
    assert packages['dpkg'][0]['source'] == 'apt'


def test_paths_and_no_service_state_without_systemd(tmp_path):
    marker = tmp_path / '.redisops-ha-configured'
    marker.write_text('')
    run = run_module('host_state', dict(paths=[str(marker), str(tmp_path / 'absent')], services=['redis-server']))
    assert not run.failed and not run.changed, run.msg
    assert run['ansible_facts']['redisops_paths'] == {str(marker): True, str(tmp_path / 'absent'): False}
    if os.path.isdir('/run/systemd/system'):
        pytest.skip('systemd runs this machine: the lab scenarios check the service states')
    # Without systemd as PID 1 the module says nothing, and the roles ask the service manager.
    assert run['ansible_facts']['redisops_services'] == {}
