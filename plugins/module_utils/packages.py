# -*- coding: utf-8 -*-
# Copyright: (c) 2026, redisops.ha contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The installed Debian packages as ansible.builtin.package_facts returns them, from dpkg-query."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

# One line per package dpkg knows: name, version, architecture and the status abbreviation
# (desired, current, error: "ii ", "rc ", "iU ").
DPKG_QUERY = ['dpkg-query', '--show', '--showformat', '${Package}\\t${Version}\\t${Architecture}\\t${db:Status-Abbrev}\\n']

# Current states that mean no version is installed: not installed, configuration files only.
NOT_INSTALLED = ('n', 'c')


def parse_dpkg_query(output):
    """{name: [{name, version, arch, source}]} of the installed packages, as package_facts (apt) says."""
    packages = {}
    for line in output.splitlines():
        fields = line.split('\t')
        if len(fields) != 4 or len(fields[3]) < 2 or fields[3][1] in NOT_INSTALLED:
            continue
        name, version, arch = fields[:3]
        packages.setdefault(name, []).append(dict(name=name, version=version, arch=arch, source='apt'))
    return packages
