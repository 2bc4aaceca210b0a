# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What each ACL user may do on the primary: a few commands per user, each answered "ok" or
with the error's first word (NOPERM, ...).

Usage: acl_privileges.py PRIMARY   (host:port; stdin: JSON {user: password}).
Prints one JSON object {user: {command: result}}."""

from __future__ import absolute_import, division, print_function

import json
import sys

import redis

# The commands tried per user: what it needs, then what least privilege must refuse.
TRIES = {
    'replication': ['PING', 'GET', 'SET', 'CONFIG', 'FLUSHALL'],
    'sentinel': ['PING', 'INFO', 'GET', 'SET', 'CONFIG', 'FLUSHALL'],
    'app': ['PING', 'GET', 'SET', 'CONFIG', 'FLUSHALL', 'KEYS'],
    'exporter': ['PING', 'INFO', 'CONFIG', 'GET', 'SET', 'FLUSHALL', 'KEYS'],
}
COMMANDS = {
    'PING': ('PING',), 'INFO': ('INFO', 'replication'), 'GET': ('GET', 'acl-probe'),
    'SET': ('SET', 'acl-probe', '1', 'EX', '60'), 'CONFIG': ('CONFIG', 'GET', 'maxmemory'),
    # Refused before they run; were FLUSHALL allowed, on a lab at the end of its test it does no harm.
    # (DEBUG would prove nothing: Redis 7 refuses it to everyone unless enable-debug-command is set.)
    'FLUSHALL': ('FLUSHALL',), 'KEYS': ('KEYS', 'acl-probe*'),
}


def main():
    passwords = json.loads(sys.stdin.read())
    host, port = sys.argv[1].rsplit(':', 1)
    result = {}
    for user, tries in TRIES.items():
        client = redis.Redis(host=host, port=int(port), username=user, password=passwords[user],
                             decode_responses=True, socket_timeout=2)
        result[user] = {}
        for name in tries:
            try:
                client.execute_command(*COMMANDS[name])
                result[user][name] = 'ok'
            except redis.exceptions.NoPermissionError:
                result[user][name] = 'NOPERM'
            except redis.RedisError as exc:
                result[user][name] = str(exc).split()[0] if str(exc) else type(exc).__name__
    print(json.dumps(result, sort_keys=True))
    return 0


if __name__ == '__main__':
    sys.exit(main())
