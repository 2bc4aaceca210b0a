# -*- coding: utf-8 -*-
# Copyright: (c) 2026, redisops.ha contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one connection layer every module of redisops.ha uses.

It turns module options into redis-py clients, checks that the far end is the kind of
server the caller expects (a Redis data node or a Sentinel), and turns every failure into
a message that names host:port and says what to do, with every secret scrubbed out.
Works with redis-py 4.3 (Debian 12's python3-redis) and current redis-py.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import socket
import traceback
from contextlib import contextmanager

REDIS_IMPORT_ERROR = None
try:
    import redis
    from redis import exceptions as redis_exceptions
    HAS_REDIS = True
except ImportError:
    redis = None
    redis_exceptions = None
    HAS_REDIS = False
    REDIS_IMPORT_ERROR = traceback.format_exc()

KIND_REDIS = 'redis'
KIND_SENTINEL = 'sentinel'
DEFAULT_PORTS = {KIND_REDIS: 6379, KIND_SENTINEL: 26379}
ENGINES = {'redis': 'Redis', 'valkey': 'Valkey'}
MASK = '********'


class RedisOpsError(Exception):
    """An error whose message is safe to show: it names the endpoint and holds no secret."""


class Unreachable(RedisOpsError):
    """Nothing answered at the address: refused, timed out, no route, name not resolved."""


class WrongKindError(RedisOpsError):
    """The server at an address is a data node where a Sentinel was expected, or the reverse."""


class CredentialsRejected(RedisOpsError):
    """The server refused the user and password, or wanted a password and got none."""


class PermissionDenied(RedisOpsError):
    """The user may not run the command (ACL NOPERM)."""


class ServerError(RedisOpsError):
    """The server answered the command with an error reply; .reply is the server's own text
    (its protocol, e.g. 'ERR No such master with that name'), the message says where and what."""

    def __init__(self, message, reply=''):
        super(ServerError, self).__init__(message)
        self.reply = reply


class NoSuchMaster(ServerError):
    """A Sentinel monitors no master of the name given."""


class UnknownCommand(ServerError):
    """The server does not know the command (an older version, or a renamed command)."""


class ImmutableSetting(ServerError):
    """CONFIG SET refused the setting: it only changes with a restart."""


class FailoverInProgress(ServerError):
    """SENTINEL FAILOVER refused: a failover of that master is already running (-INPROG)."""


class NoGoodReplica(ServerError):
    """SENTINEL FAILOVER refused: no replica can be promoted (-NOGOODSLAVE)."""


class NoQuorum(ServerError):
    """SENTINEL CKQUORUM: too few usable Sentinels for quorum or failover authorisation."""


# The server's own error replies, the one place they are read: (class, words in the reply).
_SERVER_ERRORS = (
    (NoSuchMaster, ('no such master',)),
    (FailoverInProgress, ('inprog',)),
    (NoGoodReplica, ('nogoodslave',)),
    (NoQuorum, ('noquorum',)),
    (ImmutableSetting, ('immutable', "can't set")),
    (UnknownCommand, ('unknown command', 'unknown subcommand')),
)


def server_error_class(reply):
    """The ServerError subclass for a server's error reply (ServerError when none fits)."""
    low = str(reply).lower()
    for error_class, words in _SERVER_ERRORS:
        if any(word in low for word in words):
            return error_class
    return ServerError


def parse_server(info):
    """Which server answered, from its INFO server section: engine (redis or valkey), version
    and mode. Valkey says server_name:valkey, valkey_version and server_mode; it also reports
    redis_version 7.2.4 for compatibility, which is not its version."""
    engine = 'valkey' if info.get('server_name') == 'valkey' or 'valkey_version' in info else 'redis'
    version = info.get('valkey_version') if engine == 'valkey' else info.get('redis_version')
    mode = info.get('server_mode') or info.get('redis_mode') or 'standalone'
    return dict(engine=engine, version=str(version) if version is not None else None,
                kind=KIND_SENTINEL if mode == 'sentinel' else KIND_REDIS)


def server_name(kind, engine=None):
    """'a Valkey Sentinel', 'a Redis data node', or without the engine when it is not known."""
    what = 'Sentinel' if kind == KIND_SENTINEL else 'data node'
    return 'a %s %s' % (ENGINES[engine], what) if engine in ENGINES else 'a %s' % what


def connection_argument_spec():
    """Options shared by every module; documented in the doc fragment redisops.ha.connection."""
    return dict(
        login_host=dict(type='str', default='localhost'),
        login_port=dict(type='int'),
        login_user=dict(type='str'),
        login_password=dict(type='str', no_log=True),
        tls=dict(type='bool', default=False),
        ca_cert=dict(type='path'),
        client_cert=dict(type='path'),
        client_key=dict(type='path'),
        validate_certs=dict(type='bool', default=True),
        connect_timeout=dict(type='float', default=5.0),
    )


def data_node_argument_spec():
    """The data nodes' credentials of modules that log in to Sentinels with login_*; documented
    in the doc fragment redisops.ha.connection.data_nodes."""
    return dict(redis_user=dict(type='str'), redis_password=dict(type='str', no_log=True))


def check_redis_library(module):
    """Fail the module the standard way when redis-py is missing."""
    if not HAS_REDIS:
        from ansible.module_utils.basic import missing_required_lib
        module.fail_json(msg=missing_required_lib('redis (redis-py)'), exception=REDIS_IMPORT_ERROR)


def format_endpoint(host, port):
    if ':' in str(host):
        return '[%s]:%s' % (host, port)
    return '%s:%s' % (host, port)


def parse_endpoint(text, default_port):
    """Parse 'host:port', '[v6]:port' or 'host' into (host, port)."""
    text = str(text).strip()
    if not text:
        raise RedisOpsError('empty address: expected host:port')
    if text.startswith('['):
        host, _sep, rest = text[1:].partition(']')
        port = rest[1:] if rest.startswith(':') else ''
    elif text.count(':') == 1:
        host, port = text.split(':')
    else:
        host, port = text, ''
    if not port:
        return host, int(default_port)
    try:
        port = int(port)
    except ValueError:
        raise RedisOpsError("invalid address '%s': the port must be a number" % text)
    if not 0 < port < 65536:
        raise RedisOpsError("invalid address '%s': port out of range 1-65535" % text)
    return host, port


def _resolve(host):
    try:
        return set(info[4][0] for info in socket.getaddrinfo(host, None))
    except (socket.gaierror, UnicodeError):
        return set([host])


def same_endpoint(first, second):
    """True when two (host, port) pairs name the same server, resolving names if needed."""
    if int(first[1]) != int(second[1]):
        return False
    if first[0] == second[0]:
        return True
    return bool(_resolve(first[0]) & _resolve(second[0]))


class Secrets:
    """Every secret a module was given, to scrub from any text it returns."""

    def __init__(self, *values):
        self._values = sorted(set(v for v in values if v), key=len, reverse=True)

    def add(self, value):
        if value and value not in self._values:
            self._values.append(value)
            self._values.sort(key=len, reverse=True)

    def scrub(self, text):
        text = str(text)
        for value in self._values:
            text = text.replace(value, MASK)
        return text


class ConnectionOptions:
    """How to reach servers: credentials, TLS and timeout, without the address."""

    def __init__(self, user=None, password=None, tls=False, ca_cert=None, client_cert=None,
                 client_key=None, validate_certs=True, connect_timeout=5.0,
                 user_option='login_user', password_option='login_password'):
        self.user_option = user_option
        self.password_option = password_option
        self.user = user
        self.password = password
        self.tls = tls
        self.ca_cert = ca_cert
        self.client_cert = client_cert
        self.client_key = client_key
        self.validate_certs = validate_certs
        self.connect_timeout = connect_timeout

    @classmethod
    def from_params(cls, params, user_key='login_user', password_key='login_password'):
        return cls(user=params.get(user_key), password=params.get(password_key),
                   # An empty path (a playbook default) means none: the system's CAs, no client cert.
                   tls=params.get('tls', False), ca_cert=params.get('ca_cert') or None,
                   client_cert=params.get('client_cert') or None, client_key=params.get('client_key') or None,
                   validate_certs=params.get('validate_certs', True),
                   connect_timeout=params.get('connect_timeout', 5.0),
                   user_option=user_key, password_option=password_key)

    def with_credentials(self, user, password):
        return ConnectionOptions(user, password, self.tls, self.ca_cert, self.client_cert,
                                 self.client_key, self.validate_certs, self.connect_timeout,
                                 self.user_option, self.password_option)

    def with_timeout(self, timeout):
        """The same options with another connect and reply timeout (seconds)."""
        options = self.with_credentials(self.user, self.password)
        options.connect_timeout = timeout
        return options

    def client_kwargs(self):
        kwargs = dict(username=self.user or None, password=self.password or None,
                      socket_connect_timeout=self.connect_timeout,
                      socket_timeout=self.connect_timeout, decode_responses=True)
        if HAS_REDIS:
            # One attempt only: the modules decide themselves when to try again.
            from redis.backoff import NoBackoff
            from redis.retry import Retry
            kwargs.update(retry=Retry(NoBackoff(), 0), retry_on_timeout=False)
        if self.tls:
            kwargs.update(ssl=True, ssl_ca_certs=self.ca_cert, ssl_certfile=self.client_cert,
                          ssl_keyfile=self.client_key,
                          ssl_cert_reqs='required' if self.validate_certs else 'none',
                          ssl_check_hostname=bool(self.validate_certs))
        return kwargs


class Node:
    """A connected Redis data node or Sentinel. Replies come back unparsed (strings and lists),
    so results do not depend on the redis-py version."""

    def __init__(self, host, port, kind, options, secrets=None):
        self.host = host
        self.port = int(port)
        self.kind = kind
        self.options = options
        self.secrets = secrets or Secrets(options.password)
        self.secrets.add(options.password)
        self.client = redis.Redis(host=host, port=self.port, **options.client_kwargs())
        # Raw replies only: our own parsers read them the same way on every redis-py version.
        self.client.response_callbacks = {}
        self.address = format_endpoint(host, port)
        self.server = None  # {engine, version}, once verify_kind() has read it

    def label(self):
        """'Valkey Sentinel 10.0.0.1:26379', 'Redis node 10.0.0.1:6379'; 'Sentinel ...' or
        'data node ...' before the server has said which engine it runs."""
        engine = ENGINES.get((self.server or {}).get('engine'))
        if self.kind == KIND_SENTINEL:
            what = '%s Sentinel' % engine if engine else 'Sentinel'
        else:
            what = '%s node' % engine if engine else 'data node'
        return '%s %s' % (what, self.address)

    def call(self, *args, **kwargs):
        """Run one command. A connection the server closed (Sentinel's promotion runs CLIENT
        KILL TYPE normal on the nodes it reconfigures) is reopened and the command sent once
        more, unless retry=False (for commands that must not run twice)."""
        attempts = 2 if kwargs.get('retry', True) else 1
        for attempt in range(attempts):
            try:
                return self.client.execute_command(*args)
            except Exception as exc:  # pylint: disable=broad-except
                reset = (HAS_REDIS and isinstance(exc, redis_exceptions.ConnectionError)
                         and not isinstance(exc, redis_exceptions.TimeoutError)
                         and not isinstance(exc, redis_exceptions.AuthenticationError)
                         and ('reset' in str(exc).lower() or 'closed' in str(exc).lower()))
                if reset and attempt + 1 < attempts:
                    continue
                error_class, message = describe_error(exc, self, ' '.join(str(a) for a in args[:2]))
                if error_class is ServerError:
                    reply = self.secrets.scrub(str(exc))
                    raise server_error_class(reply)(message, reply)
                raise error_class(message)

    def config_get(self, name):
        """One setting's value as a string ('' if unknown); RESP2 replies a list, RESP3 a dict."""
        reply = self.call('CONFIG', 'GET', name)
        if isinstance(reply, dict):
            return reply.get(name, '')
        return reply[1] if len(reply) > 1 else ''

    def info(self, section):
        from ansible_collections.redisops.ha.plugins.module_utils.replication import parse_info
        return parse_info(self.call('INFO', section))

    def verify_kind(self):
        """Connect, authenticate, learn the engine and version, and make sure the server is the
        kind (data node or Sentinel) the caller expects."""
        server = parse_server(self.info('server'))
        if server['kind'] != self.kind:
            raise WrongKindError(kind_mismatch_message(self.address, self.kind, server['kind'], server['engine']))
        self.server = dict(engine=server['engine'], version=server['version'])
        return self

    def close(self):
        try:
            self.client.close()
        except Exception:  # pylint: disable=broad-except
            pass


def kind_mismatch_message(address, expected, actual, engine=None):
    hint = ('the Sentinel port is usually 26379' if expected == KIND_SENTINEL
            else 'data nodes usually listen on 6379, Sentinels on 26379')
    return ('%s is %s, but %s was expected: check the host and port (%s).'
            % (address, server_name(actual, engine), server_name(expected), hint))


def probe_kind(host, port, options):
    """Tell a Sentinel from a Redis node without authenticating.

    Redis checks that a command exists before it checks authentication, so SENTINEL MYID
    answers 'unknown command' on a password-protected data node and NOAUTH (or an id) on a
    Sentinel. A raw socket keeps redis-py's own handshake (HELLO, CLIENT SETINFO) out of it.
    """
    import ssl
    sock = None
    try:
        sock = socket.create_connection((host, int(port)), timeout=options.connect_timeout)
        if options.tls:
            context = ssl.create_default_context(cafile=options.ca_cert)
            if options.client_cert:
                context.load_cert_chain(options.client_cert, options.client_key)
            if not options.validate_certs:
                context.check_hostname = False
                context.verify_mode = ssl.CERT_NONE
            sock = context.wrap_socket(sock, server_hostname=host)
        sock.sendall(b'*2\r\n$8\r\nSENTINEL\r\n$4\r\nMYID\r\n')
        reply = sock.recv(256).decode('utf-8', 'replace').lower()
    except (OSError, ValueError):
        return None
    finally:
        if sock is not None:
            sock.close()
    if 'unknown command' in reply:
        return KIND_REDIS
    if reply.startswith('$') or 'noauth' in reply:
        return KIND_SENTINEL
    return None


def describe_error(exc, node, doing):
    """(error class, message): what went wrong at which endpoint and what to try, never echoing
    a secret."""
    error_class = RedisOpsError
    where = node.label()
    text = str(exc)
    low = text.lower()
    timeout = node.options.connect_timeout
    if HAS_REDIS and isinstance(exc, redis_exceptions.TimeoutError) or 'timed out' in low or 'timeout' in low:
        error_class = Unreachable
        msg = ('%s did not answer within %ss (%s): check that the host and port are right and '
               'reachable from where the module runs, or raise connect_timeout' % (where, timeout, doing))
    elif 'wrongpass' in low or 'invalid username-password' in low or 'invalid password' in low:
        user = node.options.user or 'default'
        kind = probe_kind(node.host, node.port, node.options)
        if kind and kind != node.kind:
            error_class = WrongKindError
            msg = kind_mismatch_message(node.address, node.kind, kind)
        else:
            error_class = CredentialsRejected
            msg = ('%s rejected the credentials of user %r: wrong password, unknown user or user '
                   'disabled. Check %s and %s'
                   % (where, user, node.options.user_option, node.options.password_option))
    elif 'noauth' in low or 'authentication required' in low or 'already authenticated' in low:
        error_class = CredentialsRejected
        msg = '%s requires a password and none was given: set %s' % (where, node.options.password_option)
    elif 'without any password configured' in low:
        msg = ('%s has no password configured for this user, but one was given: check that this '
               'is the right server' % where)
    elif 'ssl' in low or 'certificate' in low or 'tls' in low:
        msg = ('TLS with %s failed (%s): check tls, ca_cert, client_cert, client_key and '
               'validate_certs, and that the port is a TLS port' % (where, text))
    elif 'refused' in low or 'error 111' in low:
        error_class = Unreachable
        msg = ('connection refused by %s: is the server running and listening on that address '
               'and port?' % where)
    elif 'name or service not known' in low or 'nodename nor servname' in low or 'resolution' in low:
        error_class = Unreachable
        msg = 'cannot resolve the host of %s: check the address' % where
    elif 'unknown command' in low and 'sentinel' in doing.lower() and node.kind == KIND_SENTINEL:
        error_class = WrongKindError
        msg = kind_mismatch_message(node.address, KIND_SENTINEL, KIND_REDIS)
    elif 'unknown command' in low and node.kind == KIND_REDIS:
        error_class = WrongKindError
        msg = kind_mismatch_message(node.address, KIND_REDIS, KIND_SENTINEL)
    elif 'noperm' in low or 'no permissions' in low:
        error_class = PermissionDenied
        msg = ('%s refused %s: the user %r lacks the permission (ACL). Grant it or use another user'
               % (where, doing, node.options.user or 'default'))
    elif HAS_REDIS and isinstance(exc, redis_exceptions.ResponseError):
        error_class = ServerError
        msg = '%s answered %s with an error: %s' % (where, doing, text)
    else:
        if HAS_REDIS and isinstance(exc, redis_exceptions.ConnectionError):
            error_class = Unreachable  # no route to host, reset, closed
        msg = '%s: %s failed: %s' % (where, doing, text or exc.__class__.__name__)
    return error_class, node.secrets.scrub(msg)


def connect(host, port, kind, options, secrets=None, verify=True):
    """Return a connected, authenticated Node of the expected kind, or raise RedisOpsError."""
    node = Node(host, port, kind, options, secrets)
    if verify:
        node.verify_kind()
    return node


def connect_from_params(params, kind, secrets=None):
    port = params.get('login_port') or DEFAULT_PORTS[kind]
    return connect(params['login_host'], port, kind, ConnectionOptions.from_params(params), secrets)


def fail_unexpected(module, exc, secrets):
    """Fail on a bug or an unforeseen library error without a traceback that could hold data."""
    module.fail_json(msg=secrets.scrub('unexpected %s: %s (please report this)'
                                       % (exc.__class__.__name__, exc)))


@contextmanager
def failures_reported(module, secrets):
    """Run a module's work: a RedisOpsError (already explained, host:port named) fails the task
    with its message, anything else with fail_unexpected; no traceback, no secret either way.
    fail_json and exit_json inside raise SystemExit, which passes through."""
    try:
        yield
    except RedisOpsError as exc:
        # A FailoverError carries the cluster state it left, returned beside the message.
        module.fail_json(msg=secrets.scrub(str(exc)), **getattr(exc, 'state', {}))
    except Exception as exc:  # pylint: disable=broad-except
        fail_unexpected(module, exc, secrets)
