# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""redis_acl_user on a real redis-server: created, compared as Redis normalises rules, updated
without losing passwords, persisted, deleted; check mode honest; password rules refused."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import redis

from module_runner import run_module
from loopback_cluster import DATA_PASSWORD

USER_PASSWORD = 'app-Pässwort#$1\\x'


def _args(node, **extra):
    args = {'login_host': '127.0.0.1', 'login_port': node.port, 'login_password': DATA_PASSWORD, 'name': 'app-test'}
    args.update(extra)
    return args


def _login(node, password=USER_PASSWORD):
    return redis.Redis(host='127.0.0.1', port=node.port, username='app-test', password=password,
                       decode_responses=True, socket_timeout=2)


def test_acl_user_lifecycle(settled):
    node = settled.primary()
    admin = settled.node_client(node)
    try:
        check = run_module('redis_acl_user', _args(node, rules='~app:* +@read +@write'), check_mode=True)
        assert not check.failed, check.msg
        assert check.changed and check['operation'] == 'created'
        assert admin.acl_getuser('app-test') is None

        created = run_module('redis_acl_user', _args(node, rules='~app:* +@read +@write'))
        assert not created.failed and created['operation'] == 'created'
        with open(node.conf) as handle:
            assert 'user app-test' in handle.read()
        # No password yet: nobody can log in as the new user.
        added = run_module('redis_user_password', {'login_host': '127.0.0.1', 'login_port': node.port,
                                                   'login_password': DATA_PASSWORD, 'user': 'app-test',
                                                   'add': [USER_PASSWORD]})
        assert not added.failed and added['added'] == 1
        app = _login(node)
        app.set('app:1', 'x')
        try:
            app.set('other:1', 'x')
            raise AssertionError('a key outside ~app:* was writable')
        except redis.exceptions.NoPermissionError:
            pass
        try:
            app.config_get('maxmemory')
            raise AssertionError('CONFIG was allowed')
        except redis.exceptions.NoPermissionError:
            pass

        # The same permissions spelled differently: nothing to do.
        same = run_module('redis_acl_user', _args(node, rules='+@write   ~app:*  +@read'))
        assert not same.failed and not same.changed, same.result

        # Different permissions: updated, and the password still works.
        updated = run_module('redis_acl_user', _args(node, rules='~* +@all -@dangerous'))
        assert not updated.failed and updated['operation'] == 'updated'
        assert _login(node).set('other:1', 'x')
        again = run_module('redis_acl_user', _args(node, rules='~* +@all -@dangerous'))
        assert not again.changed
        again.assert_no_secret()

        disabled = run_module('redis_acl_user', _args(node, rules='~* +@all -@dangerous', enabled=False))
        assert disabled.changed
        try:
            _login(node).ping()
            raise AssertionError('a disabled user logged in')
        except redis.exceptions.AuthenticationError:
            pass

        deleted = run_module('redis_acl_user', _args(node, state='absent'))
        assert not deleted.failed and deleted['operation'] == 'deleted'
        assert admin.acl_getuser('app-test') is None
        assert not run_module('redis_acl_user', _args(node, state='absent')).changed
        assert not [user for user in admin.acl_users() if user.startswith('redisops-probe-')]
    finally:
        admin.delete('app:1', 'other:1')
        admin.acl_deluser('app-test')
        admin.config_rewrite()


def test_rules_with_passwords_are_refused_and_not_echoed(settled):
    node = settled.replicas()[0]
    run = run_module('redis_acl_user', _args(node, rules='+@all >' + USER_PASSWORD))
    assert run.failed and 'must not set, clear or reset passwords' in run.msg
    assert USER_PASSWORD not in run.output
    assert settled.node_client(node).acl_getuser('app-test') is None
