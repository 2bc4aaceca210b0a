# -*- coding: utf-8 -*-
# Copyright: (c) 2026, redisops.ha contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Switching the primary through Sentinel, with no acknowledged write lost in safe mode.

A bare SENTINEL FAILOVER leaves the old primary accepting writes until Sentinel demotes it,
seconds later, and those writes are then discarded. Safe mode closes that window:

1. ask every Sentinel who the primary is and require that they agree;
2. pause writes on the primary (CLIENT PAUSE WRITE, with a deadline so writes resume even
   if this process dies);
3. wait until every replica Sentinel may promote holds the primary's whole replication stream;
4. SENTINEL FAILOVER, then wait until the promoted node is master and every Sentinel names it;
5. make the paused old primary a replica of the new one, then unpause: writes that were held
   now fail with READONLY (redis-py reconnects on that);
6. once every Sentinel names the new primary, close the old primary's client connections, as
   Sentinel does on each node it reconfigures: every library reconnects on a broken connection
   and asks the Sentinels again, while many keep a connection that answers READONLY.

A target is honoured by letting Sentinel choose it: the other replicas get replica-priority 0
for the duration, restored afterwards.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import time
from collections import namedtuple

from ansible_collections.redisops.ha.plugins.module_utils.connection import (
    FailoverInProgress, KIND_REDIS, NoGoodReplica, RedisOpsError, Unreachable, connect, format_endpoint,
    parse_endpoint, same_endpoint)
from ansible_collections.redisops.ha.plugins.module_utils.discovery import summarize_views
from ansible_collections.redisops.ha.plugins.module_utils.sentinel import (
    disagreement_message, discover_peers, pairs_to_dict, parse_flags, read_view, replicas)

_BAD_REPLICA_FLAGS = ('s_down', 'o_down', 'disconnected')


class FailoverError(RedisOpsError):
    """A failure with the cluster state it left, for fail_json."""

    def __init__(self, message, state=None):
        super(FailoverError, self).__init__(message)
        self.state = state or {}


def replica_problems(entry, require_link=True):
    """Why this replica cannot be promoted (empty when it can). A safe failover needs the link
    to the (running) primary; a forced one, often run because the primary is dead, does not:
    Sentinel itself promotes replicas whose link went down with the primary."""
    problems = []
    flags = parse_flags(entry.get('flags'))
    bad = [flag for flag in flags if flag in _BAD_REPLICA_FLAGS]
    if bad:
        problems.append('flags ' + ','.join(bad))
    if require_link and entry.get('master-link-status', 'ok') != 'ok':
        problems.append('link to primary ' + str(entry.get('master-link-status')))
    if str(entry.get('slave-priority', '100')) == '0':
        problems.append('replica-priority 0')
    return problems


# Seconds since the leader's last INFO reply from the replica to promote at which to start: its
# next poll (1 s after the last one, once a failover runs) then lands just after the promotion,
# which Sentinel sends 0.1-0.2 s after SENTINEL FAILOVER.
ALIGN_WINDOW = (0.65, 0.75)
# A replica last polled longer ago than this when the failover starts is polled again at the
# failover's first step, before the leader chooses whom to promote.
REPOLLED_AFTER = 1.05


def info_age(entry):
    """Seconds since the Sentinel's last INFO reply from a SENTINEL REPLICAS entry."""
    return int(entry.get('info-refresh', 0)) / 1000.0


def aligned_start(entries, window=ALIGN_WINDOW, repolled_after=REPOLLED_AFTER):
    """Whether to start the failover now, from the leader's SENTINEL REPLICAS entries of the
    candidates: (the entries Sentinel may promote, the entries to give replica-priority 0 for the
    failover) or None. Pure.

    Now is when some candidates were last polled within `window` (the next poll of whichever the
    leader promotes then comes just after the promotion) and every other one longer ago than
    `repolled_after`: the leader polls those again as the failover starts and, given
    replica-priority 0 meanwhile, leaves them out. A replica polled in between would keep its old
    priority in the leader's view and, polled after the aligned ones, a higher replication offset:
    the leader would promote it instead. Replicas polled together (as after an earlier failover,
    when Sentinel polled them once a second in step) are all aligned at once."""
    low, high = window
    aligned = [entry for entry in entries if low <= info_age(entry) <= high]
    others = [entry for entry in entries if not low <= info_age(entry) <= high]
    if aligned and all(info_age(entry) > repolled_after for entry in others):
        return aligned, others
    return None


def align_sleep(entries, window=ALIGN_WINDOW):
    """Seconds to sleep before asking again: short when a candidate nears the window. Pure."""
    gaps = [window[0] - info_age(entry) for entry in entries if info_age(entry) < window[0]]
    return max(0.005, min([0.05] + [gap for gap in gaps if gap > 0]))


def entry_endpoint(entry):
    return entry.get('ip'), int(entry.get('port'))


class PlanRefused(RedisOpsError):
    """The failover is refused before anything changes; the message says why and what to do."""


def check_sentinels(views, master_name, disagreement):
    """(agreed primary 'host:port', index of the Sentinel to lead) from the Sentinels' views
    (SentinelView.as_dict() plus 'failover_in_progress'), or PlanRefused. Pure.

    The leading Sentinel changes its own SENTINEL MASTERS answer last (at +failover-end, about
    1 s after the others); applications ask the first Sentinel of their list, usually in the
    inventory's order: lead with the last one that answers (docs/known-issues.md)."""
    reachable = [index for index, view in enumerate(views) if view['reachable']]
    if not reachable:
        raise PlanRefused('no Sentinel answered: %s' % '; '.join(
            '%s: %s' % (view['address'], view['error']) for view in views))
    named = set(views[index]['primary'] for index in reachable)
    if len(named) != 1 or None in named:
        raise PlanRefused(disagreement)
    busy = [views[index]['address'] for index in reachable if 'failover_in_progress' in views[index]['flags']]
    if busy:
        raise PlanRefused("a failover of '%s' is already in progress (seen by Sentinel %s); wait for "
                          "+failover-end, check the result with sentinel_quorum, then run again if "
                          "still needed" % (master_name, ', '.join(busy)))
    return named.pop(), reachable[-1]


def choose_candidates(known, primary, mode, target, leader_address, master_name):
    """(the replicas Sentinel may promote, the other eligible replicas, to be demoted for the
    time of the failover) as (host, port) lists, from the leader's SENTINEL REPLICAS entries;
    or PlanRefused. A target is the only candidate; without one, every eligible replica is. A
    safe failover needs each candidate's link to the primary. Pure."""
    need_link = mode == 'safe'
    eligible = [entry for entry in known if not replica_problems(entry, need_link)]
    if target:
        match = [entry for entry in known if same_endpoint(entry_endpoint(entry), target)]
        if not match:
            raise PlanRefused('target %s is not a replica of %s known to Sentinel %s; known replicas: %s'
                              % (format_endpoint(*target), primary, leader_address,
                                 ', '.join(format_endpoint(*entry_endpoint(e)) for e in known) or 'none'))
        problems = replica_problems(match[0], need_link)
        if problems:
            raise PlanRefused('target %s cannot be promoted (%s): fix it or choose another replica'
                              % (format_endpoint(*target), '; '.join(problems)))
        candidates = [match[0]]
    else:
        candidates = eligible
    if not candidates:
        raise PlanRefused("no promotable replica for '%s' (primary %s): %s. Nothing was changed"
                          % (master_name, primary, '; '.join(
                              '%s: %s' % (format_endpoint(*entry_endpoint(e)), ', '.join(replica_problems(e, need_link)))
                              for e in known) or 'Sentinel knows no replica'))
    candidate_eps = [entry_endpoint(entry) for entry in candidates]
    others = [entry_endpoint(entry) for entry in eligible if entry_endpoint(entry) not in candidate_eps]
    return candidate_eps, others


def choose_mode(requested, primary, role, error):
    """The mode the failover runs in, 'safe' or 'force', from the requested one ('auto', 'safe' or
    'force') and how the primary the Sentinels name answered (role 'master', 'slave', or None with
    the error when it did not answer); or PlanRefused. Pure.

    auto is safe when the primary answers as a primary (pause its writes, nothing lost) and force
    when it does not answer (nothing to pause); a primary that answers in another role is refused
    in auto and safe mode: Sentinel is settling."""
    if requested == 'force':
        return 'force'
    if role == 'master':
        return 'safe'
    if role is None and requested == 'auto':
        return 'force'
    if role is None:
        raise PlanRefused('a safe failover must pause writes on the primary, but %s. Nothing was changed. If '
                          'the primary is down, Sentinel fails over by itself; mode=force or mode=auto skips '
                          'the pause' % error)
    raise PlanRefused('the Sentinels name %s as primary, but it reports role:%s. Nothing was changed; wait '
                      'for Sentinel to settle and run again' % (primary, role))


class EventRecorder:
    """Sentinel events about one master, with times, from every reachable Sentinel."""

    def __init__(self, views, master_name, started):
        self.master_name = master_name
        self.started = started
        self.events = []
        self._subs = []
        for view in views:
            try:
                pubsub = view.node.client.pubsub(ignore_subscribe_messages=True)
                pubsub.psubscribe('*')
                self._subs.append((view.address, pubsub))
            except Exception:  # pylint: disable=broad-except
                continue  # events are a report, never a reason to fail

    def drain(self):
        for address, pubsub in self._subs:
            for _dummy in range(1000):
                try:
                    message = pubsub.get_message(timeout=0)
                except Exception:  # pylint: disable=broad-except
                    break
                if not message:
                    break
                channel = message.get('channel')
                data = str(message.get('data'))
                if channel == '__sentinel__:hello' or self.master_name not in data.split():
                    continue
                self.events.append(dict(t_ms=int((time.time() - self.started) * 1000),
                                        sentinel=address, event=channel, detail=data))

    def seen(self, event):
        return any(item['event'] == event for item in self.events)

    def close(self):
        self.drain()
        for _address, pubsub in self._subs:
            try:
                pubsub.close()
            except Exception:  # pylint: disable=broad-except
                pass


class FailoverRequest(namedtuple('FailoverRequest', 'mode target timeout catchup_timeout check_mode align_polls '
                                                    'discover poll_interval')):
    """What is asked of one failover: mode (auto, safe, force), target ('host:port' or None),
    timeout and catchup_timeout (seconds), check_mode, align_polls (start at the leader's INFO
    poll), discover (ask the peers the Sentinels know too), poll_interval (seconds)."""

    def __new__(cls, mode='safe', target=None, timeout=30.0, catchup_timeout=5.0, check_mode=False,
                align_polls=True, discover=True, poll_interval=0.01):
        return super(FailoverRequest, cls).__new__(cls, mode, target, timeout, catchup_timeout, check_mode,
                                                   align_polls, discover, poll_interval)


class Failover:
    """One failover of master_name; run() returns the result or raises FailoverError."""

    def __init__(self, endpoints, sentinel_options, data_options, master_name, secrets, request):
        self.endpoints = list(endpoints)
        self.sentinel_options = sentinel_options
        self.data_options = data_options
        self.master_name = master_name
        self.secrets = secrets
        self.requested_mode = request.mode
        self.mode = request.mode
        self.old_role = None
        self.old_error = None
        self.target = parse_endpoint(request.target, 6379) if request.target else None
        self.timeout = float(request.timeout)
        self.catchup_timeout = float(request.catchup_timeout)
        self.discover = request.discover
        self.align_polls = request.align_polls
        self.check_mode = request.check_mode
        self.poll_interval = request.poll_interval
        self.started = time.time()
        self.deadline = self.started + self.timeout
        self.views = []
        self.steps = []
        self.recorder = None
        self.old = None
        self.new = None
        self.paused_at = None
        self.unpaused_at = None
        self.requested_at = None
        self.demoted_priorities = []  # (node, original priority)
        self.disconnected_clients = None
        self.servers = {}  # address -> {engine, version} of every data node read

    # -- reading -----------------------------------------------------------------------
    def _gather_views(self):
        views = [read_view(host, port, self.sentinel_options, self.master_name, self.secrets)
                 for host, port in self.endpoints]
        if self.discover:
            known = [(v.host, v.port) for v in views]
            for view in list(views):
                if not view.reachable:
                    continue
                for peer in discover_peers(view, self.master_name):
                    if not any(same_endpoint(peer, k) for k in known):
                        known.append(peer)
                        views.append(read_view(peer[0], peer[1], self.sentinel_options,
                                               self.master_name, self.secrets))
        return views

    def _reachable(self):
        return [view for view in self.views if view.reachable]

    def _addresses_named(self):
        named = {}
        for view in self._reachable():
            try:
                addr = view.node.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', self.master_name)
                named[view.address] = format_endpoint(addr[0], addr[1]) if addr else None
            except RedisOpsError as exc:
                named[view.address] = 'error: %s' % exc
        return named

    def _data_node(self, endpoint):
        node = connect(endpoint[0], endpoint[1], KIND_REDIS, self.data_options, self.secrets)
        self.servers[node.address] = node.server
        return node

    def _servers(self):
        servers = dict((view.address, view.node.server) for view in self.views
                       if view.node is not None and view.node.server)
        servers.update(self.servers)
        return servers

    def _elapsed_ms(self, since=None):
        return int((time.time() - (since or self.started)) * 1000)

    def _step(self, text):
        self.steps.append('%6d ms  %s' % (self._elapsed_ms(), text))

    def _wait(self, predicate, deadline, poll=None):
        while True:
            if self.recorder:
                self.recorder.drain()
            value = predicate()
            if value:
                return value
            if time.time() >= deadline:
                return None
            time.sleep(poll or self.poll_interval)

    def _state(self):
        state = dict(mode=self.mode, old_primary=format_endpoint(*self.old) if self.old else None,
                     new_primary=format_endpoint(*self.new) if self.new else None,
                     steps=list(self.steps), elapsed_ms=self._elapsed_ms(),
                     write_pause_ms=self._pause_ms(),
                     writes_paused_at=self.paused_at, failover_requested_at=self.requested_at,
                     disconnected_clients=self.disconnected_clients, servers=self._servers(),
                     events=list(self.recorder.events) if self.recorder else [])
        try:
            state['sentinels_name'] = self._addresses_named()
        except Exception:  # pylint: disable=broad-except
            pass
        return state

    def _pause_ms(self):
        if self.paused_at is None:
            return 0
        return int(((self.unpaused_at or time.time()) - self.paused_at) * 1000)

    def _fail(self, message):
        raise FailoverError(self.secrets.scrub(message), self._state())

    # -- the procedure: plan (pure functions below), then execute ---------------------------
    def run(self):
        self.views = self._gather_views()
        try:
            return self._plan_and_execute()
        except PlanRefused as exc:
            raise FailoverError(self.secrets.scrub(str(exc)), self._state())

    def _plan_and_execute(self):
        primary, leader_index = check_sentinels(
            [view.as_dict() for view in self.views], self.master_name, disagreement_message(self.views, self.master_name))
        self.old = parse_endpoint(primary, 6379)
        if self.target and same_endpoint(self.target, self.old):
            self._step('target %s already is the primary: nothing to do' % primary)
            return self._result(changed=False)
        old_node = self._probe_old_primary(primary)
        self.mode = choose_mode(self.requested_mode, primary, self.old_role, self.old_error)
        if self.requested_mode == 'auto' and self.mode == 'force':
            self._step('mode force: the primary %s does not answer (%s)' % (primary, self.old_error))
        leader = self.views[leader_index]
        candidate_eps, others = choose_candidates(
            replicas(leader.node, self.master_name), primary, self.mode, self.target, leader.address, self.master_name)
        self._step('Sentinels agree: primary %s; %s failover via Sentinel %s; candidate(s) %s'
                   % (primary, self.mode, leader.address, ', '.join(format_endpoint(*ep) for ep in candidate_eps)))
        if self.check_mode:
            if self.target:
                self.new = self.target
            return self._result(changed=True)
        return self._execute(leader, candidate_eps, others, old_node if self.mode == 'safe' else None)

    def _probe_old_primary(self, primary):
        """Connect to the primary the Sentinels name and read its role (not in force mode: it is
        not needed there). Sets old_role/old_error; returns the connection or None."""
        if self.requested_mode == 'force':
            return None
        try:
            node = self._data_node(self.old)
            self.old_role = node.info('replication').get('role')
            return node
        except Unreachable as exc:
            self.old_error = str(exc)
            return None
        except RedisOpsError as exc:
            # It answers but not as needed (credentials, permissions, TLS): forcing would lose
            # the writes a working primary takes; the operator fixes it or forces knowingly.
            raise PlanRefused('the primary %s answers, but %s. Nothing was changed: fix that and run again '
                              '(mode=force switches without pausing its writes, and loses those taken after '
                              'its last replication)' % (primary, exc))

    def _execute(self, leader, candidate_eps, others, old_node):
        candidate_nodes = [self._data_node(ep) for ep in candidate_eps] if self.mode == 'safe' else []
        self.recorder = EventRecorder(self._reachable(), self.master_name, self.started)
        try:
            self._demote_others(leader, others)
            if self.mode == 'safe':
                if self.align_polls:
                    self._align_with_info_polls(leader, candidate_eps)
                self._pause_and_catch_up(old_node, candidate_nodes)
            self._sentinel_failover(leader)
            if self.mode == 'safe':
                # Resume writes as soon as the new primary exists: Sentinel itself notices the
                # promotion only at its next INFO poll, up to a second later.
                self._wait_for_promotion(candidate_nodes)
                self._demote_old_primary(old_node)
                self._make_safe(old_node)
            self._wait_for_switch(leader)
            if self.mode == 'safe':
                self._disconnect_clients(old_node)
        finally:
            self._make_safe(old_node)
            self._restore_priorities()
        self._wait_for_failover_end()
        return self._result(changed=True, old_node=old_node)

    def _demote_others(self, leader, others):
        """Let Sentinel choose the target: the others get replica-priority 0 for now."""
        if not others:
            return
        for endpoint in others:
            self._set_priority_zero(endpoint)
        self._step('replica-priority 0 on %s so that Sentinel chooses %s'
                   % (', '.join(format_endpoint(*ep) for ep in others), format_endpoint(*self.target)))

        def sentinel_sees_it():
            entries = replicas(leader.node, self.master_name)
            return all(str(e.get('slave-priority')) == '0'
                       for e in entries if entry_endpoint(e) in others)
        # Sentinel reads priorities from INFO, which it polls every 10 s outside a failover.
        if not self._wait(sentinel_sees_it, self.deadline, poll=0.1):
            self._fail('Sentinel %s did not see the changed replica priorities in time; nothing '
                       'was failed over and the priorities are restored' % leader.address)
        self._step('Sentinel %s sees the new priorities' % leader.address)

    def _align_with_info_polls(self, leader, candidate_eps):
        """Sentinel notices a promotion only at its next INFO poll of the promoted replica. Left
        to chance, that poll comes just before the promotion and the switch waits a whole second
        more. Wait (before pausing anything) for a moment aligned_start accepts; give up after
        11 s (one full 10 s INFO period) and start anyway.

        With several candidates, the others get replica-priority 0 for the time of the failover:
        the leader polls them again as it starts (they were last polled over a second ago), so
        it sees that before it chooses, and it chooses the aligned one. Without that it would
        prefer them for their fresher replication offset and notice the promotion a second
        later (measured: docs/benchmarks.md, "The leading Sentinel's last second")."""
        give_up = min(time.time() + 11, self.deadline - 10)
        while time.time() < give_up:
            entries = [e for e in replicas(leader.node, self.master_name) if entry_endpoint(e) in candidate_eps]
            start = aligned_start(entries)
            if start:
                aligned, others = start
                self._step('leader last polled %s %.2f s ago: starting now'
                           % (', '.join(format_endpoint(*entry_endpoint(e)) for e in aligned), info_age(aligned[0])))
                for entry in others:
                    self._set_priority_zero(entry_endpoint(entry))
                if others:
                    self._step('replica-priority 0 on %s for the failover (the leader polls %s again as it '
                               'starts)' % (', '.join(format_endpoint(*entry_endpoint(e)) for e in others),
                                            'it' if len(others) == 1 else 'them'))
                return True
            time.sleep(align_sleep(entries))
        self._step('no aligned moment within 11 s (the candidates are polled about 0.1-0.35 s apart); '
                   'starting without waiting for a poll')
        return False

    def _set_priority_zero(self, endpoint):
        node = self._data_node(endpoint)
        original = node.config_get('replica-priority')
        node.call('CONFIG', 'SET', 'replica-priority', '0')
        self.demoted_priorities.append((node, original))

    def _pause_and_catch_up(self, old_node, candidate_nodes):
        pause_ms = max(1000, int((self.deadline - time.time()) * 1000))
        old_node.call('CLIENT', 'PAUSE', str(pause_ms), 'WRITE')
        self.paused_at = time.time()
        self._step('writes paused on %s (auto-resume after %d ms)' % (format_endpoint(*self.old), pause_ms))
        wanted = int(old_node.info('replication').get('master_repl_offset', 0))
        lagging = {}

        def caught_up():
            lagging.clear()
            for node in candidate_nodes:
                offset = int(node.info('replication').get('slave_repl_offset', -1))
                if offset < wanted:
                    lagging[node.address] = offset
            return not lagging
        if not self._wait(caught_up, min(self.deadline, self.paused_at + self.catchup_timeout), poll=0.002):
            self._fail('replica(s) %s did not catch up with primary offset %d within %ss; no failover '
                       'was started, writes resumed on %s. Check replication lag, then run again'
                       % (', '.join('%s at %d' % item for item in lagging.items()), wanted,
                          self.catchup_timeout, format_endpoint(*self.old)))
        self._step('replica(s) hold primary offset %d' % wanted)

    def _sentinel_failover(self, leader):
        self.requested_at = time.time()
        try:
            leader.node.call('SENTINEL', 'FAILOVER', self.master_name, retry=False)
        except FailoverInProgress:
            self._fail("Sentinel %s: a failover of '%s' is already in progress; nothing was "
                       "changed by this run" % (leader.address, self.master_name))
        except NoGoodReplica:
            self._fail("Sentinel %s found no replica it can promote for '%s' (NOGOODSLAVE); "
                       "nothing was changed. Check the replicas' links and priorities"
                       % (leader.address, self.master_name))
        except RedisOpsError as exc:
            self._fail('SENTINEL FAILOVER failed: %s' % exc)
        self._step('SENTINEL FAILOVER sent to %s' % leader.address)

    def _wait_for_promotion(self, candidate_nodes):
        def promoted():
            for node in candidate_nodes:
                if node.info('replication').get('role') == 'master':
                    return (node.host, node.port)
            return None
        self.new = self._wait(promoted, self.deadline, poll=0.005)
        if not self.new:
            self._fail('Sentinel %s accepted the failover but no candidate became master within %ss'
                       % (self.endpoints[0], self.timeout))
        self._step('%s reports role:master' % format_endpoint(*self.new))

    def _wait_for_switch(self, leader):
        if self.new:
            self._wait_for_sentinels(leader)
            return

        def leader_switched():
            addr = leader.node.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', self.master_name)
            endpoint = (addr[0], int(addr[1])) if addr else None
            if endpoint and not same_endpoint(endpoint, self.old):
                return endpoint
            return None
        self.new = self._wait(leader_switched, self.deadline)
        if not self.new:
            self._fail('Sentinel %s started the failover but named no new primary within %ss'
                       % (leader.address, self.timeout))
        self._wait_for_sentinels(leader)

    def _wait_for_sentinels(self, leader):
        new_node = self._data_node(self.new)
        new_label = format_endpoint(*self.new)

        def settled():
            if new_node.info('replication').get('role') != 'master':
                return False
            return all(name == new_label for name in self._addresses_named().values())
        if not self._wait(settled, self.deadline):
            self._fail('%s was promoted but the Sentinels (led by %s) do not all name it as master, '
                       'with it reporting role:master, within %ss' % (new_label, leader.address, self.timeout))
        self._step('%s is master and every reachable Sentinel names it' % new_label)

    def _demote_old_primary(self, old_node):
        old_node.call('REPLICAOF', self.new[0], str(self.new[1]))
        self._step('old primary %s is now a replica of %s' % (format_endpoint(*self.old), format_endpoint(*self.new)))
        try:
            old_node.call('CONFIG', 'REWRITE')
        except RedisOpsError as exc:
            self._step('CONFIG REWRITE on the old primary failed (%s); Sentinel will rewrite it' % exc)

    def _disconnect_clients(self, old_node):
        """Close the demoted primary's client connections, as Sentinel does on every node it
        reconfigures (CLIENT KILL TYPE normal and pubsub with its SLAVEOF). Only once every
        Sentinel names the new primary: a client that reconnects asks a Sentinel, and must be
        told the new address. Libraries that keep a connection answering READONLY (redis-rb and
        Redis.pm, measured) would otherwise write to a replica until they restart. Replication
        links and this connection (SKIPME) stay."""
        killed = 0
        for kind in ('normal', 'pubsub'):
            try:
                killed += int(old_node.call('CLIENT', 'KILL', 'TYPE', kind) or 0)
            except RedisOpsError as exc:
                self._step('CLIENT KILL TYPE %s on the old primary failed (%s): its clients keep '
                           'getting READONLY until they reconnect' % (kind, exc))
        self.disconnected_clients = killed
        self._step('closed %d client connection(s) of the old primary %s: they reconnect through '
                   'Sentinel' % (killed, format_endpoint(*self.old)))

    def _make_safe(self, old_node):
        """Never leave writes paused; never unpause an old primary that a new one replaced."""
        if old_node is None or self.paused_at is None or self.unpaused_at is not None:
            return
        try:
            if self.new is None:
                addrs = [a for a in self._addresses_named().values() if a and not a.startswith('error')]
                if addrs and not same_endpoint(parse_endpoint(addrs[0], 6379), self.old):
                    self.new = parse_endpoint(addrs[0], 6379)
            if self.new is not None and old_node.info('replication').get('role') == 'master':
                old_node.call('REPLICAOF', self.new[0], str(self.new[1]))
                self._step('old primary made a replica of %s before resuming writes' % format_endpoint(*self.new))
        except RedisOpsError as exc:
            self._step('could not check the old primary before resuming writes: %s' % exc)
        try:
            old_node.call('CLIENT', 'UNPAUSE')
        except RedisOpsError as exc:
            self._step('CLIENT UNPAUSE failed (%s); writes resume when the pause expires' % exc)
        self.unpaused_at = time.time()
        self._step('writes resumed (paused %d ms)' % self._pause_ms())

    def _restore_priorities(self):
        for node, original in self.demoted_priorities:
            try:
                node.call('CONFIG', 'SET', 'replica-priority', str(original))
                # Sentinel's reconfiguration may have saved priority 0 to the file: save it back.
                node.call('CONFIG', 'REWRITE')
                self._step('replica-priority %s restored on %s' % (original, node.address))
            except RedisOpsError as exc:
                self._step('could not restore replica-priority %s on %s: %s' % (original, node.address, exc))
        self.demoted_priorities = []

    def _wait_for_failover_end(self):
        def ended():
            for view in self._reachable():
                try:
                    master = view.node.call('SENTINEL', 'MASTER', self.master_name)
                except RedisOpsError:
                    continue
                fields = pairs_to_dict(master)
                if 'failover_in_progress' in parse_flags(fields.get('flags')):
                    return False
            return True
        if self._wait(ended, self.deadline, poll=0.05):
            self._step('Sentinel failover finished')
        else:
            self._step('Sentinel still reports the failover in progress at the deadline')

    def _result(self, changed, old_node=None):
        if self.recorder:
            self.recorder.close()
        result = self._state()
        result.update(changed=changed, target=format_endpoint(*self.target) if self.target else None,
                      requested_mode=self.requested_mode,
                      primary_answered=None if self.requested_mode == 'force' else self.old_role is not None,
                      primary_error=self.old_error,
                      # What the Sentinels say now (in check mode: before, as nothing changed).
                      after=summarize_views([read_view(view.host, view.port, self.sentinel_options, self.master_name,
                                                       self.secrets) for view in self.views]))
        if old_node is not None:
            try:
                info = old_node.info('replication')
                result['old_primary_role'] = info.get('role')
                result['old_primary_replicates'] = (
                    format_endpoint(info.get('master_host'), info.get('master_port'))
                    if info.get('role') == 'slave' else None)
            except RedisOpsError as exc:
                result['old_primary_role'] = 'unknown: %s' % exc
        return result
