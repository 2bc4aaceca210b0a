# -*- coding: utf-8 -*-
# Copyright: (c) 2026, redisops.ha contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ACL users on a live server: their permissions and passwords made what was asked, through the
connection layer. Shared by redis_acl_user, redis_acl_users and redis_user_password."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

from ansible_collections.redisops.ha.plugins.module_utils.acl import (
    CLEAR_PERMISSIONS, is_enabled, permissions, reply_to_dict)
from ansible_collections.redisops.ha.plugins.module_utils.connection import (
    connect, ConnectionOptions, CredentialsRejected, KIND_SENTINEL, RedisOpsError)


def probe_permissions(node, rules):
    """The permissions Redis gives a user with these rules, read from a throw-away probe user."""
    probe = 'redisops-probe-%s' % os.urandom(6).hex()
    try:
        node.call('ACL', 'SETUSER', probe, 'reset', 'off', *rules)
        return permissions(reply_to_dict(node.call('ACL', 'GETUSER', probe)))
    finally:
        node.call('ACL', 'DELUSER', probe)


def ensure_permissions(node, name, rules, enabled, check_mode):
    """Give the user exactly these rules' permissions (created with no password when missing).
    Returns (operation, permissions): operation is created, updated or none."""
    current = reply_to_dict(node.call('ACL', 'GETUSER', name))
    wanted = probe_permissions(node, rules)
    switch = 'on' if enabled else 'off'
    if current is None:
        operation, command = 'created', ['reset', switch] + list(rules)
    elif permissions(current) != wanted or is_enabled(current) != enabled:
        operation, command = 'updated', [switch] + list(CLEAR_PERMISSIONS) + list(rules)
    else:
        return 'none', wanted
    if not check_mode:
        node.call('ACL', 'SETUSER', name, *command)
        after = permissions(reply_to_dict(node.call('ACL', 'GETUSER', name)))
        if after != wanted:
            raise RedisOpsError('%s: user %s does not have the permissions its rules give a new user '
                                'after ACL SETUSER (has %s, expected %s); check the rules' % (
                                    node.label(), name, after, wanted))
    return operation, wanted


def accepts(params, kind, user, password, secrets):
    """Does the server at params' login_host/login_port accept user/password? Tried on a
    connection of its own."""
    options = ConnectionOptions.from_params(params).with_credentials(user, password)
    try:
        connect(params['login_host'], params.get('login_port') or (26379 if kind == KIND_SENTINEL else 6379),
                kind, options, secrets, verify=False).call('PING')
        return True
    except CredentialsRejected:
        return False
