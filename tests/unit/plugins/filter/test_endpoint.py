# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.redisops.ha.plugins.filter.endpoint import FilterModule

FILTERS = FilterModule().filters()


@pytest.mark.parametrize('endpoint, host, port', [
    ('10.0.0.11:6379', '10.0.0.11', 6379),
    ('[fd00::11]:26379', 'fd00::11', 26379),
    ('redis-primary:6380', 'redis-primary', 6380),
    ('10.0.0.11', '10.0.0.11', 6379),
])
def test_host_and_port(endpoint, host, port):
    assert FILTERS['endpoint_host'](endpoint) == host
    assert FILTERS['endpoint_port'](endpoint) == port


def test_default_port_for_an_address_without_one():
    assert FILTERS['endpoint_port']('sentinel-1', default_port=26379) == 26379
    assert FILTERS['endpoint_port']('sentinel-1:26380', default_port=26379) == 26380


@pytest.mark.parametrize('endpoint', ['10.0.0.11:redis', '10.0.0.11:70000', ''])
def test_a_bad_address_fails_naming_it(endpoint):
    with pytest.raises(AnsibleFilterError, match='address'):
        FILTERS['endpoint_port'](endpoint)
