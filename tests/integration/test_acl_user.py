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


# A plain password: JSON escapes neither letters nor digits, so one echoed in the output (e.g. in
# the invocation's arguments) would be found.
RULE_PASSWORD = 'PlainRuleSecret42'


def test_rules_with_passwords_are_refused_and_not_echoed(settled):
    node = settled.replicas()[0]
    run = run_module('redis_acl_user', _args(node, rules='+@all >' + RULE_PASSWORD))
    assert run.failed and 'must not set, clear or reset passwords' in run.msg
    assert '>********' in run.output  # the echoed rules, masked
    assert RULE_PASSWORD not in run.output
    users = run_module('redis_acl_users', {'login_host': '127.0.0.1', 'login_port': node.port, 'login_password': DATA_PASSWORD,
                                           'users': [{'name': 'app-test', 'rules': '~app:* <' + RULE_PASSWORD}]})
    assert users.failed and 'must not set, clear or reset passwords' in users.msg
    assert RULE_PASSWORD not in users.output
    assert settled.node_client(node).acl_getuser('app-test') is None


def test_acl_users_sets_every_user_in_one_call(settled):
    node = settled.primary()
    admin = settled.node_client(node)
    other = 'second-Pässwort#2'
    users = [{'name': 'app-test', 'rules': '~app:* +@read +@write', 'password': USER_PASSWORD},
             {'name': 'app-test-2', 'rules': '+ping', 'password': other, 'enabled': False}]
    args = {'login_host': '127.0.0.1', 'login_port': node.port, 'login_password': DATA_PASSWORD, 'users': users}
    try:
        check = run_module('redis_acl_users', args, check_mode=True)
        assert not check.failed, check.msg
        assert check.changed and [u['operation'] for u in check['users']] == ['created', 'created']
        assert admin.acl_getuser('app-test') is None and admin.acl_getuser('app-test-2') is None

        done = run_module('redis_acl_users', args)
        assert not done.failed, done.msg
        assert [(u['operation'], u['password_added']) for u in done['users']] == [('created', True), ('created', True)]
        _login(node).set('app:1', 'x')
        assert 'off' in admin.acl_getuser('app-test-2')['flags']
        for secret in (USER_PASSWORD, other):
            assert secret not in str(done.result)

        # A second run changes nothing, the disabled user's password included (checked by its hash).
        again = run_module('redis_acl_users', args)
        assert not again.failed and not again.changed, again.result
        assert [(u['operation'], u['password_added']) for u in again['users']] == [('none', False), ('none', False)]

        # Changed rules and a second password: updated, both passwords accepted.
        users[0].update(rules='~app:* +@read', password='third-Pässwort#3')
        changed = run_module('redis_acl_users', args)
        assert not changed.failed and changed.changed
        assert changed['users'][0] == {'name': 'app-test', 'operation': 'updated', 'password_added': True}
        _login(node).get('app:1')
        _login(node, 'third-Pässwort#3').get('app:1')
        try:
            _login(node).set('app:2', 'x')
            raise AssertionError('a write was allowed after +@write was removed')
        except redis.exceptions.NoPermissionError:
            pass

        refused = run_module('redis_acl_users', dict(args, users=[{'name': 'app-test', 'rules': '+@all nopass'}]))
        assert refused.failed and 'must not set, clear or reset passwords (found a nopass rule)' in refused.msg
        assert refused.msg.endswith('(user app-test)')
    finally:
        admin.acl_deluser('app-test', 'app-test-2')
