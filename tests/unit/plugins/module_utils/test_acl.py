# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.redisops.ha.plugins.module_utils.acl import (
    canonical_commands, is_enabled, permissions, PasswordRuleError, reply_to_dict, split_rules)


def test_rules_are_split_on_white_space():
    assert split_rules('  +psync\t+replconf  +ping ') == ['+psync', '+replconf', '+ping']


@pytest.mark.parametrize('rules', ['+@all >s3cret-value', '<old-value', '#' + 'a' * 64, '!' + 'a' * 64,
                                   'nopass', 'RESETPASS', 'reset +@all'])
def test_rules_that_touch_passwords_are_refused_without_the_value(rules):
    with pytest.raises(ValueError) as error:
        split_rules(rules)
    assert 'must not set, clear or reset passwords' in str(error.value)
    assert 's3cret' not in str(error.value) and 'old-value' not in str(error.value) and 'aaaa' not in str(error.value)


def test_the_refusal_carries_every_password_rule_to_mask():
    with pytest.raises(PasswordRuleError) as error:
        split_rules('+@all >first-secret ~app:* <old-secret nopass')
    assert error.value.secrets == ['first-secret', 'old-secret']


@pytest.mark.parametrize('rules', ['on +@all', '+@all OFF'])
def test_on_and_off_belong_to_the_enabled_option(rules):
    with pytest.raises(ValueError, match='enabled option'):
        split_rules(rules)


def test_getuser_reply_and_permissions_ignore_flags_and_passwords():
    reply = ['flags', ['on', 'sanitize-payload'], 'passwords', ['5e88...'], 'commands', '-@all  +ping',
             'keys', '', 'channels', '', 'selectors', []]
    user = reply_to_dict(reply)
    assert is_enabled(user)
    assert permissions(user) == {'commands': '-@all +ping', 'keys': '', 'channels': '', 'selectors': []}
    assert 'passwords' not in permissions(user)
    assert reply_to_dict(None) is None
    assert not is_enabled(reply_to_dict(['flags', ['off']]))


def test_permissions_compare_equal_whatever_order_the_engine_reports():
    # Valkey 8 keeps the order the rules were given in; Redis 7.0 reorders them itself.
    valkey_a = {'commands': '-@all +@read +@write', 'keys': '~b:* ~a:*', 'channels': '', 'selectors': []}
    valkey_b = {'commands': '-@all +@write +@read', 'keys': '~a:* ~b:*', 'channels': '', 'selectors': []}
    assert permissions(valkey_a) == permissions(valkey_b)
    # Order across signs matters, and stays.
    narrow = {'commands': '+@all -@dangerous', 'keys': '~*', 'channels': '', 'selectors': []}
    wide = {'commands': '-@dangerous +@all', 'keys': '~*', 'channels': '', 'selectors': []}
    assert permissions(narrow) != permissions(wide)
    assert canonical_commands('-@all +set +get -@admin -debug +info') == '-@all +get +set -@admin -debug +info'
