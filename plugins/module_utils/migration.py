# -*- coding: utf-8 -*-
# Copyright: (c) 2026, redisops.ha contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Moving a live cluster to another engine: which RDB each server writes and reads, whether a
plan is possible, and the steps in the order replication permits. Pure logic, no connections.

A replica loads only RDB versions up to its own (docs: "Moving to Valkey or Redis 8"). So every
node that moves must read what the primary writes when it joins, and once a moved node is
primary, every node still on the old engine must move before it can replicate again.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.redisops.ha.plugins.module_utils.connection import ENGINES, RedisOpsError

# (engine, major.minor) -> the RDB version it writes, the newest it reads. Only releases whose
# format is known are listed: an unknown one is refused rather than guessed.
RDB_VERSIONS = {
    ('redis', (6, 0)): 9,
    ('redis', (6, 2)): 9,
    ('redis', (7, 0)): 10,
    ('redis', (7, 2)): 11,
    ('redis', (7, 4)): 12,
    ('redis', (8, 0)): 12,
    ('valkey', (7, 2)): 11,
    ('valkey', (8, 0)): 11,
    ('valkey', (8, 1)): 11,
}

# Where Debian ships each engine (what a refusal can point to instead).
DEBIAN_RELEASES = [
    ('redis', '7.0', 'Debian 12'),
    ('valkey', '8.0', 'Debian 12 (bookworm-backports)'),
    ('redis', '8.0', 'Debian 13'),
    ('valkey', '8.1', 'Debian 13'),
]

MIGRATE_REPLICA = 'migrate replica'
MIGRATE_SENTINEL = 'migrate sentinel'
FAILOVER = 'failover'
MIGRATE_OLD_PRIMARY = 'migrate old primary'


class MigrationRefused(RedisOpsError):
    """The plan cannot be carried out (versions, health): nothing has been changed."""


def parse_version(text):
    """'8.0.1', '5:7.0.15-1~deb12u1' or '8.0.1+dfsg1-1~bpo12+1' -> (8, 0, 1); None when absent."""
    if not text:
        return None
    match = re.match(r'^(?:\d+:)?(\d+)\.(\d+)(?:\.(\d+))?', str(text).strip())
    if not match:
        raise RedisOpsError("cannot read the version '%s': expected major.minor[.patch]" % text)
    return tuple(int(part) for part in match.groups(default='0'))


def version_text(version):
    return '.'.join(str(part) for part in version) if version else 'unknown'


def rdb_version(engine, version):
    """The RDB version a server writes (and the newest it reads); RedisOpsError when unknown."""
    parsed = parse_version(version) if not isinstance(version, tuple) else version
    if parsed is None:
        raise RedisOpsError('the %s version is unknown' % ENGINES.get(engine, engine))
    rdb = RDB_VERSIONS.get((engine, parsed[:2]))
    if rdb is None:
        raise RedisOpsError('%s %s is not in the collection\'s RDB table (%s): its RDB format is unknown, '
                            'so no migration is planned for it'
                            % (ENGINES.get(engine, engine), version_text(parsed), describe_table()))
    return rdb


def describe_table():
    return ', '.join('%s %d.%d RDB %d' % (ENGINES[engine], major, minor, rdb)
                     for (engine, (major, minor)), rdb in sorted(RDB_VERSIONS.items()))


def label(engine, version):
    """'Valkey 8.0.1' from a server's or a package's version ('8.0.1+dfsg1-1~bpo12+1'); 'Valkey 8.0'
    for a release series."""
    if not version:
        return '%s (version unknown)' % ENGINES.get(engine, engine)
    match = re.match(r'^(?:\d+:)?(\d+(?:\.\d+)*)', str(version).strip())
    return '%s %s' % (ENGINES.get(engine, engine), match.group(1) if match else version)


def readers_of(rdb):
    """Debian's engines that read RDB rdb, as text."""
    found = ['%s %s on %s' % (ENGINES[engine], version, release) for engine, version, release in DEBIAN_RELEASES
             if RDB_VERSIONS[(engine, parse_version(version)[:2])] >= rdb]
    return ', '.join(found) or 'none of the engines Debian ships'


class Member:
    """One node or Sentinel as the plan sees it. kind: 'server' or 'sentinel'. engine/version: what
    answers on its port now (None when nothing answers); target_version: the version of the
    target engine its host would install; resuming: an earlier migrate run left it half-done."""

    def __init__(self, name, address, kind, engine=None, version=None, reachable=True, role=None,
                 link_up=None, syncing=False, target_version=None, resuming=False):
        self.name = name
        self.address = address
        self.kind = kind
        self.engine = engine
        self.version = version
        self.reachable = reachable
        self.role = role
        self.link_up = link_up
        self.syncing = syncing
        self.target_version = target_version
        self.resuming = resuming

    def migrated(self, target_engine):
        return self.reachable and self.engine == target_engine and not self.resuming

    def as_dict(self):
        return dict(name=self.name, address=self.address, kind=self.kind, engine=self.engine,
                    version=self.version, reachable=self.reachable, role=self.role, link_up=self.link_up,
                    target_version=self.target_version, resuming=self.resuming)


class Plan:
    def __init__(self, target_engine, primary, steps, failover_target=None):
        self.target_engine = target_engine
        self.primary = primary
        self.steps = steps
        self.failover_target = failover_target

    @property
    def done(self):
        return not self.steps

    def lines(self):
        if self.done:
            return ['every node and Sentinel already runs %s: nothing to do' % ENGINES[self.target_engine]]
        return ['%d. %s' % (number, step['text']) for number, step in enumerate(self.steps, 1)]


def _refuse(problems, what_to_do):
    raise MigrationRefused('Not migrating, nothing was changed: %s. %s' % ('; '.join(problems), what_to_do))


def check_health(target_engine, primary, servers, sentinels, sentinel_problem=None):
    """Refuse a cluster that is not healthy enough to change, except for the members an
    interrupted run left half-done (resuming), which the plan finishes."""
    problems = []
    if sentinel_problem:
        problems.append(sentinel_problem)
    if primary is None:
        problems.append('no primary that the Sentinels agree on answers')
    down = [m for m in servers + sentinels if not m.reachable]
    for member in down:
        if not member.resuming:
            problems.append('%s (%s) does not answer and no earlier migrate run was working on it' % (member.name, member.address))
    if len(down) > 1:
        problems.append('%d members are down at once (%s); a migration moves one at a time'
                        % (len(down), ', '.join(m.name for m in down)))
    if primary is not None:
        primary_rdb = rdb_version(primary.engine, primary.version)
        for replica in servers:
            if replica is primary or not replica.reachable or replica.resuming:
                continue
            # An old-engine replica of a moved primary cannot sync: it is the next step, not a fault.
            expected_out = replica.engine != primary.engine and not _reads(replica.engine, replica.version, primary_rdb)
            if not expected_out and (replica.role != 'replica' or not replica.link_up or replica.syncing):
                problems.append('replica %s (%s) is not in sync with the primary (role %s, link %s%s)'
                                % (replica.name, replica.address, replica.role, 'up' if replica.link_up else 'down',
                                   ', full sync running' if replica.syncing else ''))
    if problems:
        _refuse(problems, 'Run playbooks/health.yml, fix what it reports (or wait for a running failover '
                          'to end), then run migrate.yml again')


def _reads(engine, version, rdb):
    try:
        return rdb_version(engine, version) >= rdb
    except RedisOpsError:
        return False


def check_versions(target_engine, primary, servers):
    """Refuse a plan in which a node would have to load an RDB it cannot read."""
    problems = []
    moving = [m for m in servers if not m.migrated(target_engine)]
    targets = {}
    for member in servers:
        if member.target_version is None and not member.migrated(target_engine):
            problems.append('%s: no %s package version is known for its host' % (member.name, ENGINES[target_engine]))
            continue
        version = member.version if member.migrated(target_engine) else member.target_version
        try:
            targets[member.name] = (version, rdb_version(target_engine, version))
        except RedisOpsError as exc:
            problems.append('%s: %s' % (member.name, exc))
    if problems:
        _refuse(problems, 'Add the target engine\'s package source to every host (redisops_enable_backports '
                          'for Valkey on Debian 12) or pick an engine from the table')
    primary_rdb = rdb_version(primary.engine, primary.version)
    # Whatever a moved node writes as primary, every moved node must read: the highest target RDB.
    newest = max(rdb for _version, rdb in targets.values()) if targets else primary_rdb
    for member in moving:
        version, reads = targets[member.name]
        source = None
        if member is not primary and primary.engine != target_engine and primary_rdb > reads:
            source = 'the primary %s (%s) writes RDB %d' % (primary.name, label(primary.engine, primary.version), primary_rdb)
        elif newest > reads:
            source = 'a moved primary would write RDB %d' % newest
        if source:
            problems.append('%s (%s) would become %s, which reads RDB up to %d, but %s'
                            % (member.name, label(member.engine, member.version) if member.reachable else 'down',
                               label(target_engine, version), reads, source))
    if problems:
        needed = max(primary_rdb, newest)
        readers = [(engine, version, release) for engine, version, release in DEBIAN_RELEASES
                   if engine == target_engine and RDB_VERSIONS[(engine, parse_version(version)[:2])] >= needed]
        if readers:
            instead = ('move by replacing hosts with %s (add_node.yml, failover.yml, remove_node.yml; '
                       'docs/operations-guide.md)' % ' or '.join('%s %s on %s' % (ENGINES[e], v, r) for e, v, r in readers))
        else:
            instead = ('no %s release Debian ships reads RDB %d, so no replication path exists: stay on %s'
                       % (ENGINES[target_engine], needed, label(primary.engine, primary.version)))
        _refuse(problems, 'Replication only moves data to a server that reads the primary\'s RDB (engines that '
                          'read RDB %d: %s). What would work instead: %s' % (needed, readers_of(needed), instead))


def plan_migration(target_engine, primary, servers, sentinels, sentinel_problem=None):
    """The steps that move servers (data nodes) and sentinels to target_engine, in the order
    replication permits: replicas, Sentinels one at a time, a failover onto a moved replica, the
    old primary. primary is one of servers (or None). Raises MigrationRefused."""
    if target_engine not in ENGINES:
        raise MigrationRefused("Not migrating: unknown engine '%s' (redis or valkey)" % target_engine)
    check_health(target_engine, primary, servers, sentinels, sentinel_problem)
    check_versions(target_engine, primary, servers)
    steps = []

    def add(action, member, to_version=None):
        text = '%s %s (%s): %s -> %s' % (action, member.name, member.address,
                                         label(member.engine, member.version) if member.reachable and not member.resuming
                                         else 'interrupted earlier', label(target_engine, to_version or member.target_version))
        steps.append(dict(action=action, host=member.name, address=member.address, text=text,
                          from_engine=member.engine, from_version=member.version,
                          to_engine=target_engine, to_version=to_version or member.target_version))

    # What an interrupted run left down comes first (never two members down at once), then what it
    # left half-done.
    def resumed_first(members):
        return sorted(members, key=lambda member: (member.reachable, not member.resuming))

    for member in resumed_first(servers):
        if member is not primary and not member.migrated(target_engine):
            add(MIGRATE_REPLICA, member)
    for member in resumed_first(sentinels):
        if not member.migrated(target_engine):
            add(MIGRATE_SENTINEL, member, member.target_version or member.version)
    failover_target = None
    if not primary.migrated(target_engine):
        candidates = [m for m in servers if m is not primary]
        if not candidates:
            _refuse(['the primary %s has no replica to fail over to' % primary.name],
                    'Add a replica first (add_node.yml)')
        failover_target = candidates[0]
        promoted = failover_target.version if failover_target.migrated(target_engine) else failover_target.target_version
        steps.append(dict(action=FAILOVER, host=failover_target.name, address=failover_target.address,
                          text='safe failover onto %s (%s), now %s'
                          % (failover_target.name, failover_target.address, label(target_engine, promoted)),
                          from_engine=primary.engine, from_version=primary.version, to_engine=target_engine,
                          to_version=promoted))
        add(MIGRATE_OLD_PRIMARY, primary)
    return Plan(target_engine, primary, steps, failover_target)


def mixed_engines(members):
    """The distinct 'Engine version' labels among the members that answer."""
    return sorted(set(label(m.engine, m.version) for m in members if m.reachable and m.engine))


def check_joining(primary_name, primary_engine, primary_version, replicas):
    """Refuse replicas that could not load the primary's RDB (they would full-sync in a loop and
    never serve). replicas: (name, engine, version) with the version each runs or would install.
    Returns the primary's RDB version."""
    primary_rdb = rdb_version(primary_engine, primary_version)
    problems = []
    for name, engine, version in replicas:
        try:
            reads = rdb_version(engine, version)
        except RedisOpsError as exc:
            problems.append('%s: %s' % (name, exc))
            continue
        if reads < primary_rdb:
            problems.append('%s would run %s, which reads RDB up to %d, but the primary %s (%s) writes RDB %d'
                            % (name, label(engine, version), reads, primary_name, label(primary_engine, primary_version),
                               primary_rdb))
    if problems:
        raise MigrationRefused('Not adding or changing replicas, nothing was changed: %s. A replica must read its '
                               'primary\'s RDB (engines that read RDB %d: %s); give those hosts one of them (their '
                               'Debian release, redisops_engine) or leave them out of the inventory'
                               % ('; '.join(problems), primary_rdb, readers_of(primary_rdb)))
    return primary_rdb
