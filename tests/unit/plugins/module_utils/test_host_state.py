# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.redisops.ha.plugins.module_utils.host_state import parse_dpkg_query, parse_systemctl_show

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


# As systemd 257 prints it (Debian 13): a running unit, a stopped and disabled one, an unknown one.
SYSTEMCTL = '''Id=redis-server.service
LoadState=loaded
ActiveState=active
UnitFileState=enabled

Id=redis-sentinel.service
LoadState=loaded
ActiveState=inactive
UnitFileState=disabled

Id=nope.service
LoadState=not-found
ActiveState=inactive
UnitFileState=
'''


def test_each_unit_in_the_order_asked():
    states = parse_systemctl_show(SYSTEMCTL, ['redis-server', 'redis-sentinel', 'nope'])
    assert states == {
        'redis-server': dict(present=True, enabled=True, active=True),
        'redis-sentinel': dict(present=True, enabled=False, active=False),
        'nope': dict(present=False, enabled=False, active=False),
    }


def test_a_unit_starting_or_enabled_only_for_this_boot_is_not_reported_running_and_enabled():
    output = 'Id=a.service\nLoadState=loaded\nActiveState=activating\nUnitFileState=enabled-runtime\n'
    assert parse_systemctl_show(output, ['a']) == {'a': dict(present=True, enabled=True, active=False)}


def test_a_reply_that_does_not_match_the_request_says_nothing():
    # Callers then ask the service manager, as they would without systemd.
    assert parse_systemctl_show(SYSTEMCTL, ['redis-server', 'redis-sentinel']) == {}
    assert parse_systemctl_show('', ['redis-server']) == {}
    assert parse_systemctl_show('', []) == {}
