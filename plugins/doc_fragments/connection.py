# -*- coding: utf-8 -*-
# Copyright: (c) 2026, redisops.ha contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    # Options of plugins/module_utils/connection.py, shared by every module.
    DOCUMENTATION = r'''
options:
  login_host:
    description:
      - Host name or address of the server to connect to.
    type: str
    default: localhost
  login_port:
    description:
      - Port of the server.
      - Defaults to V(6379) for modules that talk to a Redis data node and to V(26379) for
        modules that talk to a Sentinel.
    type: int
  login_user:
    description:
      - ACL user to authenticate as. Omit it to authenticate as the C(default) user
        (C(requirepass)).
    type: str
  login_password:
    description:
      - Password of O(login_user), or of the default user.
      - Never logged, never part of a result or an error message.
    type: str
  tls:
    description:
      - Connect with TLS.
    type: bool
    default: false
  ca_cert:
    description:
      - CA certificate file used to verify the server's certificate when O(tls=true).
    type: path
  client_cert:
    description:
      - Client certificate file, for servers that require one (C(tls-auth-clients)).
    type: path
  client_key:
    description:
      - Private key of O(client_cert).
    type: path
  validate_certs:
    description:
      - Verify the server's certificate and host name when O(tls=true).
    type: bool
    default: true
  connect_timeout:
    description:
      - Seconds to wait for a connection and for each reply.
    type: float
    default: 5.0
requirements:
  - redis (redis-py) 4.3 or later on the host that runs the module
notes:
  - The login options can be set once for every module of this collection with
    C(module_defaults) and the action group C(group/redisops.ha.all).
  - Errors name the host and port concerned and never contain a password.
'''

    # Modules that ask the Sentinels (login_*) and then the data nodes they name.
    DATA_NODES = r'''
options:
  redis_user:
    description:
      - ACL user for the data nodes the Sentinels name. Omit it for the C(default) user.
      - The TLS options apply to the data nodes as well.
    type: str
  redis_password:
    description:
      - Password for the data nodes. Never logged, never part of a result or an error message.
    type: str
'''
