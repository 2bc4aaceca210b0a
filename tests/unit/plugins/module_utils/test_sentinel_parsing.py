# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.redisops.ha.plugins.module_utils.connection import (
    MASK, RedisOpsError, Secrets, format_endpoint, kind_mismatch_message, parse_endpoint, parse_server)
from ansible_collections.redisops.ha.plugins.module_utils.failover import replica_problems
from ansible_collections.redisops.ha.plugins.module_utils.sentinel import (
    SentinelView, agreed_primary, pairs_to_dict, parse_ckquorum, parse_flags)


def test_ckquorum_ok():
    parsed = parse_ckquorum('OK 3 usable Sentinels. Quorum and failover authorization can be reached')
    assert parsed['ok'] is True and parsed['usable_sentinels'] == 3


def test_ckquorum_noquorum():
    parsed = parse_ckquorum('NOQUORUM 1 usable Sentinels. Not enough available Sentinels to reach '
                            'the specified quorum for this master')
    assert parsed['ok'] is False and parsed['usable_sentinels'] == 1


def test_pairs_to_dict_from_list_and_dict():
    assert pairs_to_dict(['name', 'mymaster', 'quorum', '2']) == {'name': 'mymaster', 'quorum': '2'}
    assert pairs_to_dict({'a': 1}) == {'a': 1}
    assert pairs_to_dict(None) == {}


def test_flags():
    assert parse_flags('master,s_down,o_down') == ['master', 's_down', 'o_down']
    assert parse_flags('') == []


@pytest.mark.parametrize('text, expected', [
    ('10.0.0.1:26380', ('10.0.0.1', 26380)),
    ('sentinel-1', ('sentinel-1', 26379)),
    ('[::1]:26381', ('::1', 26381)),
    ('[fe80::1]', ('fe80::1', 26379)),
])
def test_parse_endpoint(text, expected):
    assert parse_endpoint(text, 26379) == expected


@pytest.mark.parametrize('text', ['host:abc', 'host:0', 'host:70000', ''])
def test_parse_endpoint_rejects(text):
    with pytest.raises(RedisOpsError):
        parse_endpoint(text, 6379)


def test_format_endpoint_brackets_ipv6():
    assert format_endpoint('::1', 6379) == '[::1]:6379'
    assert format_endpoint('10.0.0.1', 6379) == '10.0.0.1:6379'


def test_secrets_are_scrubbed_longest_first():
    secrets = Secrets('abc', 'abcdef', None)
    assert secrets.scrub('x abcdef y abc') == 'x %s y %s' % (MASK, MASK)


def test_kind_mismatch_names_both_kinds_and_the_engine_when_known():
    msg = kind_mismatch_message('10.0.0.1:6379', 'sentinel', 'redis')
    assert '10.0.0.1:6379 is a data node, but a Sentinel was expected' in msg
    msg = kind_mismatch_message('10.0.0.1:26379', 'redis', 'sentinel', 'valkey')
    assert '10.0.0.1:26379 is a Valkey Sentinel, but a data node was expected' in msg


def test_the_server_says_which_engine_it_runs():
    # What Redis 7.0.15 and Valkey 8.0.1 answer to INFO server (the fields that matter).
    redis_sentinel = dict(redis_version='7.0.15', redis_mode='sentinel')
    valkey_node = dict(redis_version='7.2.4', server_name='valkey', valkey_version='8.0.1',
                       server_mode='standalone')
    valkey_sentinel = dict(redis_version='7.2.4', server_name='valkey', valkey_version='8.1.1',
                           server_mode='sentinel')
    assert parse_server(redis_sentinel) == dict(engine='redis', version='7.0.15', kind='sentinel')
    assert parse_server(valkey_node) == dict(engine='valkey', version='8.0.1', kind='redis')
    assert parse_server(valkey_sentinel) == dict(engine='valkey', version='8.1.1', kind='sentinel')
    assert parse_server(dict(redis_version='8.0.2', redis_mode='standalone'))['engine'] == 'redis'


def _view(address, primary, reachable=True):
    view = SentinelView(*parse_endpoint(address, 26379))
    view.primary = primary
    view.node = object() if reachable else None
    if not reachable:
        view.error = 'down'
    return view


def test_agreement_ignores_unreachable_sentinels():
    views = [_view('a:1', 'p:6379'), _view('b:1', 'p:6379'), _view('c:1', None, reachable=False)]
    assert agreed_primary(views) == 'p:6379'


def test_disagreement():
    assert agreed_primary([_view('a:1', 'p:6379'), _view('b:1', 'q:6379')]) is None
    assert agreed_primary([_view('a:1', None, reachable=False)]) is None


@pytest.mark.parametrize('entry, problem', [
    ({'flags': 'slave', 'master-link-status': 'ok', 'slave-priority': '100'}, None),
    ({'flags': 'slave,s_down', 'master-link-status': 'ok', 'slave-priority': '100'}, 'flags s_down'),
    ({'flags': 'slave', 'master-link-status': 'err', 'slave-priority': '100'}, 'link to primary err'),
    ({'flags': 'slave', 'master-link-status': 'ok', 'slave-priority': '0'}, 'replica-priority 0'),
])
def test_replica_problems(entry, problem):
    assert replica_problems(entry) == ([problem] if problem else [])


def test_forced_failover_accepts_a_replica_whose_link_died_with_the_primary():
    entry = {'flags': 'slave', 'master-link-status': 'err', 'slave-priority': '100'}
    assert replica_problems(entry, require_link=False) == []
    assert replica_problems(dict(entry, flags='slave,s_down'), require_link=False) == ['flags s_down']


def _polled(name, age_ms):
    return {'name': name, 'info-refresh': str(age_ms), 'slave-priority': '100'}


@pytest.mark.parametrize('ages, aligned', [
    ({'a': 700}, 'a'),                         # one candidate in the window
    ({'a': 640}, None),                        # before it: its next poll would come before the promotion
    ({'a': 760}, None),                        # after it: the next poll would come first
    ({'a': 700, 'b': 5400}, 'a'),              # b is polled again as the failover starts
    ({'a': 5400, 'b': 700}, 'b'),
    ({'a': 700, 'b': 900}, None),              # b keeps its old priority and a fresher offset
    ({'a': 700, 'b': 300}, None),
    ({'a': 700, 'b': 1000}, None),             # not surely polled again before the choice
    ({'a': 700, 'b': 700}, 'ab'),              # polled in step: whichever is promoted is aligned
    ({'a': 700, 'b': 690, 'c': 9000}, 'ab'),
    ({'a': 700, 'b': 1100, 'c': 9000}, 'a'),
    ({'a': 700, 'b': 1100, 'c': 800}, None),
])
def test_aligned_start(ages, aligned):
    from ansible_collections.redisops.ha.plugins.module_utils.failover import aligned_start
    entries = [_polled(name, age) for name, age in ages.items()]
    start = aligned_start(entries)
    if aligned is None:
        assert start is None
    else:
        assert ''.join(sorted(e['name'] for e in start[0])) == aligned
        assert sorted(e['name'] for e in start[1]) == sorted(n for n in ages if n not in aligned)


def test_align_sleep_wakes_at_the_window():
    from ansible_collections.redisops.ha.plugins.module_utils.failover import align_sleep
    assert align_sleep([_polled('a', 630)]) == pytest.approx(0.02)
    assert align_sleep([_polled('a', 100)]) == 0.05
    assert align_sleep([_polled('a', 649), _polled('b', 9000)]) == 0.005
    assert align_sleep([_polled('a', 700)]) == 0.05


def test_errors_come_back_typed_and_scrubbed():
    import redis
    from ansible_collections.redisops.ha.plugins.module_utils.connection import (
        ConnectionOptions, CredentialsRejected, Node, PermissionDenied, ServerError, Unreachable, describe_error)
    # Port 1 refuses connections: describe_error's unauthenticated probe finds nothing there.
    node = Node('127.0.0.1', 1, 'redis', ConnectionOptions(password='s3cret-pass', connect_timeout=0.5))
    noperm = redis.exceptions.ResponseError("NOPERM this user has no permissions to run the 'config|get' command")
    kind, msg = describe_error(noperm, node, 'CONFIG GET')
    assert kind is PermissionDenied and 'lacks the permission' in msg
    kind, msg = describe_error(redis.exceptions.AuthenticationError(
        'WRONGPASS invalid username-password pair or user is disabled. s3cret-pass'), node, 'PING')
    assert kind is CredentialsRejected and 's3cret-pass' not in msg
    kind, msg = describe_error(redis.exceptions.ResponseError('ERR No such master with that name'), node, 'SENTINEL MASTER')
    assert kind is ServerError and 'No such master' in msg
    # Nothing answering is its own type: sentinel_failover's mode=auto forces only then.
    for error in (redis.exceptions.ConnectionError('Error 111 connecting to 127.0.0.1:1. Connection refused.'),
                  redis.exceptions.TimeoutError('Timeout connecting to server'),
                  redis.exceptions.ConnectionError('Error 113 connecting to 10.0.0.9:6379. No route to host.')):
        kind, msg = describe_error(error, node, 'PING')
        assert kind is Unreachable and '127.0.0.1:1' in msg
    kind, msg = describe_error(redis.exceptions.ConnectionError('SSL: CERTIFICATE_VERIFY_FAILED'), node, 'PING')
    assert kind is not Unreachable and 'TLS' in msg


@pytest.mark.parametrize('reply, expected', [
    ('ERR No such master with that name', 'NoSuchMaster'),
    ('INPROG Failover already in progress', 'FailoverInProgress'),
    ('NOGOODSLAVE No suitable replica to promote', 'NoGoodReplica'),
    ('NOQUORUM 1 usable Sentinels. Not enough available Sentinels to reach the majority', 'NoQuorum'),
    ("ERR CONFIG SET failed (possibly related to argument 'daemonize') - can't set immutable config", 'ImmutableSetting'),
    ("ERR unknown command 'FAILOVER', with args beginning with: ", 'UnknownCommand'),
    ("ERR unknown subcommand 'FOO'. Try CONFIG HELP.", 'UnknownCommand'),
    ('ERR syntax error', 'ServerError'),
])
def test_server_replies_become_typed_errors(reply, expected):
    from ansible_collections.redisops.ha.plugins.module_utils import connection
    error_class = connection.server_error_class(reply)
    assert error_class.__name__ == expected and issubclass(error_class, connection.ServerError)
