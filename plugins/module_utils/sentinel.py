# -*- coding: utf-8 -*-
# Copyright: (c) 2026, redisops.ha contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Asking Sentinels about a master: each Sentinel's view, and whether they agree."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.redisops.ha.plugins.module_utils.connection import (
    KIND_SENTINEL, NoQuorum, NoSuchMaster, RedisOpsError, connect, format_endpoint, parse_endpoint)


def pairs_to_dict(reply):
    """Sentinel answers MASTER/REPLICAS entries as flat [key, value, ...] lists."""
    if isinstance(reply, dict):
        return dict(reply)
    reply = list(reply or [])
    return dict(zip(reply[0::2], reply[1::2]))


def parse_flags(text):
    return [flag for flag in str(text or '').split(',') if flag]


_USABLE = re.compile(r'(\d+)\s+usable Sentinels', re.IGNORECASE)


def parse_ckquorum(reply_or_error):
    """CKQUORUM answers '+OK 3 usable Sentinels. ...' or fails with '-NOQUORUM 1 usable ...'."""
    text = str(reply_or_error)
    match = _USABLE.search(text)
    return dict(ok=text.startswith('OK'), message=text,
                usable_sentinels=int(match.group(1)) if match else None)


def sentinel_endpoints(params):
    """The Sentinels a module was given: 'sentinels' if set, else login_host/login_port."""
    if params.get('sentinels'):
        return [parse_endpoint(item, 26379) for item in params['sentinels']]
    return [(params['login_host'], params.get('login_port') or 26379)]


class NoSuchMasterError(NoSuchMaster):
    """The Sentinel answered but monitors no master of that name: the caller's mistake."""


def no_such_master_message(node, master_name):
    try:
        names = sorted(pairs_to_dict(m).get('name') for m in node.call('SENTINEL', 'MASTERS'))
    except RedisOpsError:
        names = []
    return ("%s does not monitor a master named '%s' (it monitors: %s): check master_name"
            % (node.label(), master_name, ', '.join(names) or 'nothing'))


class SentinelView:
    """What one Sentinel says about one master; unreachable Sentinels keep their error."""

    def __init__(self, host, port):
        self.host = host
        self.port = int(port)
        self.address = format_endpoint(host, port)
        self.node = None
        self.error = None
        self.master = {}
        self.primary = None
        self.ckquorum = None

    @property
    def reachable(self):
        return self.node is not None and self.error is None

    @property
    def flags(self):
        return parse_flags(self.master.get('flags'))

    @property
    def failover_in_progress(self):
        return 'failover_in_progress' in self.flags

    def as_dict(self):
        result = dict(address=self.address, reachable=self.reachable, error=self.error,
                      primary=self.primary, flags=self.flags,
                      server=self.node.server if self.node is not None else None)
        if self.master:
            result.update(
                config_epoch=int(self.master.get('config-epoch', 0)),
                quorum=int(self.master.get('quorum', 0)),
                num_other_sentinels=int(self.master.get('num-other-sentinels', 0)),
                num_replicas=int(self.master.get('num-slaves', 0)),
                down_after_milliseconds=int(self.master.get('down-after-milliseconds', 0)),
                failover_timeout=int(self.master.get('failover-timeout', 0)),
            )
        if self.ckquorum is not None:
            result.update(ckquorum_ok=self.ckquorum['ok'], ckquorum_message=self.ckquorum['message'])
        return result


def read_view(host, port, options, master_name, secrets, with_ckquorum=True, node=None):
    """Ask one Sentinel everything about master_name. Connection errors are kept, not raised,
    except an unknown master name, which is a caller error."""
    view = SentinelView(host, port)
    try:
        view.node = node or connect(host, port, KIND_SENTINEL, options, secrets)
        try:
            view.master = pairs_to_dict(view.node.call('SENTINEL', 'MASTER', master_name))
        except NoSuchMaster:
            raise NoSuchMasterError(no_such_master_message(view.node, master_name))
        addr = view.node.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', master_name)
        if addr:
            view.primary = format_endpoint(addr[0], addr[1])
        if with_ckquorum:
            try:
                view.ckquorum = parse_ckquorum(view.node.call('SENTINEL', 'CKQUORUM', master_name))
            except NoQuorum as exc:
                # -NOQUORUM: the server's own text is the verdict.
                view.ckquorum = parse_ckquorum(exc.reply)
    except NoSuchMasterError:
        raise
    except RedisOpsError as exc:
        view.error = str(exc)
    return view


def read_views(endpoints, options, master_name, secrets, with_ckquorum=True):
    return [read_view(host, port, options, master_name, secrets, with_ckquorum)
            for host, port in endpoints]


def discover_peers(view, master_name):
    """The other Sentinels a Sentinel knows for master_name, as (host, port)."""
    peers = []
    for entry in view.node.call('SENTINEL', 'SENTINELS', master_name) or []:
        fields = pairs_to_dict(entry)
        peers.append((fields.get('ip'), int(fields.get('port'))))
    return peers


def agreed_primary(views):
    """The primary every reachable Sentinel names, or None when they disagree or none answers."""
    named = set(view.primary for view in views if view.reachable)
    if len(named) == 1:
        return named.pop()
    return None


def disagreement_message(views, master_name):
    parts = []
    for view in views:
        if view.reachable:
            parts.append('%s names %s' % (view.address, view.primary or 'no primary'))
        else:
            parts.append('%s unreachable (%s)' % (view.address, view.error))
    return ("the Sentinels do not agree on the primary of '%s': %s. Wait for a running failover "
            "to finish, then check the Sentinels' logs and network" % (master_name, '; '.join(parts)))


def replicas(node, master_name):
    """SENTINEL REPLICAS as dicts."""
    return [pairs_to_dict(entry) for entry in node.call('SENTINEL', 'REPLICAS', master_name) or []]
