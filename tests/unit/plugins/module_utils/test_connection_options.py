# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.redisops.ha.plugins.module_utils.connection import ConnectionOptions


def test_empty_tls_paths_mean_none():
    # The playbooks pass ca_cert through module_defaults, empty when the controller has no CA file.
    options = ConnectionOptions.from_params(dict(tls=True, ca_cert='', client_cert='', client_key=''))
    kwargs = options.client_kwargs()
    assert kwargs['ssl'] is True
    assert kwargs['ssl_ca_certs'] is None and kwargs['ssl_certfile'] is None and kwargs['ssl_keyfile'] is None
    assert kwargs['ssl_cert_reqs'] == 'required'


def test_tls_paths_are_passed_and_plain_has_no_ssl():
    options = ConnectionOptions.from_params(dict(tls=True, ca_cert='/etc/redis/tls/ca.crt', validate_certs=False))
    kwargs = options.client_kwargs()
    assert kwargs['ssl_ca_certs'] == '/etc/redis/tls/ca.crt'
    assert kwargs['ssl_cert_reqs'] == 'none' and kwargs['ssl_check_hostname'] is False
    assert 'ssl' not in ConnectionOptions.from_params(dict(ca_cert='/x')).client_kwargs()
