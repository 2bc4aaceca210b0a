# -*- coding: utf-8 -*-
# Copyright: (c) 2026, redisops.ha contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Filters endpoint_host and endpoint_port: the parts of an address the modules return
("host:port", "[v6]:port"), read as the modules read them (module_utils.connection.parse_endpoint),
so that no playbook splits one on its last colon."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.errors import AnsibleFilterError

from ansible_collections.redisops.ha.plugins.module_utils.connection import RedisOpsError, parse_endpoint


def _parsed(endpoint, default_port):
    try:
        return parse_endpoint(endpoint, default_port)
    except RedisOpsError as exc:
        raise AnsibleFilterError(str(exc))


def endpoint_host(endpoint):
    """The host of "host:port" or "[v6]:port" (an IPv6 address without its brackets)."""
    return _parsed(endpoint, 6379)[0]


def endpoint_port(endpoint, default_port=6379):
    """The port of "host:port" or "[v6]:port"; default_port when the address has none."""
    return _parsed(endpoint, default_port)[1]


class FilterModule(object):
    def filters(self):
        return dict(endpoint_host=endpoint_host, endpoint_port=endpoint_port)
