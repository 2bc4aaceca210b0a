# -*- coding: utf-8 -*-
# Copyright: (c) 2026, redisops.ha contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What deploy.yml reads of a host in one module run: its installed Debian packages (as
ansible.builtin.package_facts returns them, from dpkg-query) and the state of systemd units."""

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


# What a unit's state is read from: one `systemctl show` for every unit asked about.
SYSTEMCTL_PROPERTIES = 'Id,LoadState,ActiveState,UnitFileState'

# Unit file states in which `systemctl enable` has nothing to do.
ENABLED_STATES = ('enabled', 'enabled-runtime')


def parse_systemctl_show(output, names):
    """{name: {present, enabled, active}} from `systemctl show -p SYSTEMCTL_PROPERTIES names...`.

    systemctl prints one block of properties per unit, in the order asked, separated by an empty
    line; a unit it does not know has LoadState=not-found. A reply that does not match the request
    (another count of blocks) says nothing: an empty dict, so that callers ask the service manager.
    """
    blocks = [block for block in output.strip().split('\n\n') if block.strip()] if output.strip() else []
    if len(blocks) != len(names):
        return {}
    states = {}
    for name, block in zip(names, blocks):
        properties = dict(line.split('=', 1) for line in block.splitlines() if '=' in line)
        present = properties.get('LoadState') == 'loaded'
        states[name] = dict(
            present=present,
            enabled=present and properties.get('UnitFileState') in ENABLED_STATES,
            active=present and properties.get('ActiveState') == 'active',
        )
    return states
