# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.redisops.ha.plugins.module_utils.packages import parse_dpkg_query

OUTPUT = '\n'.join([
    'redis-server\t5:8.0.2-3\tamd64\tii ',
    'redis-tools\t5:8.0.2-3\tamd64\tiU ',      # unpacked, not configured: installed
    'valkey-server\t8.1.1+dfsg1-1\tamd64\trc ',  # removed, configuration files kept
    'valkey-tools\t8.1.1+dfsg1-1\tamd64\tun ',   # known, never installed
    'libc6\t2.41-12\tamd64\tii ',
    'libc6\t2.41-12\ti386\tii ',
    'half written line',
    '',
])


def test_installed_packages_in_package_facts_form():
    packages = parse_dpkg_query(OUTPUT)
    assert sorted(packages) == ['libc6', 'redis-server', 'redis-tools']
    assert packages['redis-server'] == [dict(name='redis-server', version='5:8.0.2-3', arch='amd64', source='apt')]


def test_every_architecture_of_a_package_is_listed():
    assert [entry['arch'] for entry in parse_dpkg_query(OUTPUT)['libc6']] == ['amd64', 'i386']


def test_nothing_installed():
    assert parse_dpkg_query('') == {}
