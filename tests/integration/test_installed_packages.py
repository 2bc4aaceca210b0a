# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""redisops.ha.installed_packages on this Debian machine, against what python3-apt (the source
ansible.builtin.package_facts reads on Debian) says is installed."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
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
    run = run_module('installed_packages', {}, interpreter=interpreter)
    assert not run.failed and not run.changed, run.msg
    packages = run['ansible_facts']['packages']
    ours = sorted((entry['name'], entry['version'], entry['arch'])
                  for entries in packages.values() for entry in entries)
    # apt names a foreign-architecture package name:arch; dpkg-query names it plainly.
    assert ours == sorted((name.split(':')[0], version, arch) for name, version, arch in apt_installed())
    assert packages['dpkg'][0]['source'] == 'apt'
