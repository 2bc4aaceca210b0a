# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.redisops.ha.plugins.module_utils.settings import differences, normalize


@pytest.mark.parametrize('name, value, expected', [
    ('maxmemory', '384mb', str(384 * 1024 * 1024)),
    ('maxmemory', '1gb', str(1024 ** 3)),
    ('maxmemory', '100m', str(100 * 1000 ** 2)),
    ('maxmemory', 0, '0'),
    ('appendonly', True, 'yes'),
    ('appendonly', 'false', 'no'),
    ('save', '3600  1 300 100', '3600 1 300 100'),
    ('maxmemory-policy', 'volatile-lru', 'volatile-lru'),
    ('replica-priority', 100, '100'),
])
def test_normalize_matches_config_get(name, value, expected):
    assert normalize(name, value) == expected


def test_differences_only_lists_real_changes():
    current = {'maxmemory': str(384 * 1024 * 1024), 'appendonly': 'yes', 'save': '3600 1'}
    wanted = {'maxmemory': '384mb', 'appendonly': True, 'save': '3600 2'}
    assert differences(wanted, current) == ['save']
