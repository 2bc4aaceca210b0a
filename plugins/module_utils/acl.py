# -*- coding: utf-8 -*-
# Copyright: (c) 2026, redisops.ha contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ACL users: checking rules and comparing permissions the way Redis reports them (pure logic)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

# Rules that set or clear passwords, or reset the user: passwords are redis_user_password's job
# (never in rules, which are logged), and a reset would drop them.
_PASSWORD_RULES = ('nopass', 'resetpass', 'reset')
_PERMISSION_FIELDS = ('commands', 'keys', 'channels', 'selectors')
# The rules that clear a user's permissions without touching its passwords or on/off state.
CLEAR_PERMISSIONS = ('resetkeys', 'resetchannels', '-@all', 'clearselectors')


class PasswordRuleError(ValueError):
    """A rule would hold or change a password. The message names the rule's kind, never its value;
    secrets: the rule texts that hold a password or its hash, for the caller to mask wherever
    its arguments are echoed (AnsibleModule.no_log_values)."""

    def __init__(self, message, secrets):
        super(PasswordRuleError, self).__init__(message)
        self.secrets = secrets


def split_rules(rules):
    """The rules as a list; PasswordRuleError for a rule that would hold or change a password,
    ValueError for on/off."""
    items = rules.split() if isinstance(rules, str) else [str(rule) for rule in rules]
    for rule in items:
        if rule[:1] in ('>', '<', '#', '!') or rule.lower() in _PASSWORD_RULES:
            secrets = [item[1:] for item in items if item[:1] in ('>', '<', '#', '!') and len(item) > 1]
            kind = rule.lower() if rule.lower() in _PASSWORD_RULES else "'%s...'" % rule[:1]
            raise PasswordRuleError('ACL rules must not set, clear or reset passwords (found a %s rule): give passwords '
                                    'to redisops.ha.redis_user_password instead' % kind, secrets)
        if rule.lower() in ('on', 'off'):
            raise ValueError("ACL rules must not contain 'on' or 'off': use the enabled option")
    return items


def reply_to_dict(reply):
    """ACL GETUSER's flat [name, value, ...] reply as a dict; None stays None (no such user)."""
    if reply is None:
        return None
    if isinstance(reply, dict):
        return reply
    return dict(zip(reply[0::2], reply[1::2]))


def permissions(user):
    """What a user may do, in one canonical form whichever engine reported it: commands, keys,
    channels, selectors. Redis 7.0 reorders command rules itself ('-@all +@write +@read' for
    '+@read +@write'); Valkey 8 keeps them in the order given. Rules of the same sign next to each
    other commute (each adds to, or each removes from, the allowed set), so each such run is
    sorted; '+@all -@dangerous' and '-@dangerous +@all' stay different, as they are. Key and
    channel patterns only ever add: sorted."""
    result = dict((field, _normal(user.get(field))) for field in _PERMISSION_FIELDS)
    result['commands'] = canonical_commands(result['commands'])
    for field in ('keys', 'channels'):
        result[field] = ' '.join(sorted(result[field].split()))
    if isinstance(result['selectors'], list):
        result['selectors'] = [permissions(selector) if isinstance(selector, dict) else selector
                               for selector in result['selectors']]
    return result


def canonical_commands(text):
    """Command rules with each run of same-sign rules sorted."""
    runs = []
    for rule in str(text).split():
        if runs and runs[-1][0][:1] == rule[:1]:
            runs[-1].append(rule)
        else:
            runs.append([rule])
    return ' '.join(' '.join(sorted(run)) for run in runs)


def is_enabled(user):
    return 'on' in (user.get('flags') or [])


def _normal(value):
    if isinstance(value, (list, tuple)):
        return [_normal(item) for item in value]
    if isinstance(value, dict):
        return dict((key, _normal(item)) for key, item in value.items())
    return ' '.join(str(value).split()) if value is not None else ''
